"""Word-level edits: they rebuild both texts, respect word boundaries, and read naturally."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tifa.corpus.tokens import tokenise
from tifa.tracking.worddiff import render_inline, word_edits


def edits(a: str, b: str):
    return word_edits(a, b, tokenise(a), tokenise(b))


def test_inserted_qualifiers_are_whole_words():
    assert render_inline(edits("坚持多边主义", "坚持真正的多边主义")) == "坚持[+真正的+]多边主义"
    inline = render_inline(edits("台湾是中国的一部分", "台湾是中国领土不可分割的一部分"))
    assert "[+领土不可分割" in inline
    assert "[-" not in inline


def test_a_changed_term_is_one_replacement():
    result = edits("我们支持双轨并进思路", "我们坚持分阶段、同步走原则")
    changed = [e for e in result if e.op != "equal"]
    assert len(changed) == 1
    assert changed[0].op == "replace"
    assert changed[0].a_text == "支持双轨并进思路"


@settings(max_examples=200, deadline=None)
@given(
    st.text("中国台湾是的一部分领土真正多边主义，。", max_size=30),
    st.text("中国台湾是的一部分领土真正多边主义，。", max_size=30),
)
def test_edits_rebuild_both_texts(a, b):
    result = edits(a, b)
    assert "".join(e.a_text for e in result) == a
    assert "".join(e.b_text for e in result) == b
    for e in result:
        assert a[e.a_start : e.a_end] == e.a_text
        assert b[e.b_start : e.b_end] == e.b_text
