"""Word-level edits: they rebuild both texts, respect word boundaries, and read naturally."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tifa.corpus.tokens import tokenise
from tifa.tracking.worddiff import _slid, render_inline, word_edits


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


def test_an_edit_slides_over_a_word_said_again_so_that_edits_join():
    """Two alignments of 在…基础上 cost the same; the one shown matches the 在 next to the
    rest, so that the longer line reads as widened at its ends, in both directions."""
    short = "在一个中国原则基础上"
    long = "美国早在40多年前就在一个中国原则基础上同中国建交"
    grown = render_inline(edits(short, long))
    assert grown == "[+美国早在40多年前就+]在一个中国原则基础上[+同中国建交+]"
    assert render_inline(edits(long, short)) == grown.replace("+", "-")
    # slid to the right, when it begins with the equal run after it: that run joins the one
    # before it (an alignment that matched 坚持 late)
    a, b = ["我们", "坚持"], ["我们", "坚持", "和平", "坚持"]
    late = [("equal", 0, 1, 0, 1), ("insert", 1, 1, 1, 3), ("equal", 1, 2, 3, 4)]
    assert _slid(late, a, b) == [("equal", 0, 2, 0, 2), ("insert", 2, 2, 2, 4)]
    swapped = {"equal": "equal", "insert": "delete"}
    assert _slid([(swapped[t], j0, j1, i0, i1) for t, i0, i1, j0, j1 in late], b, a) == [
        ("equal", 0, 2, 0, 2),
        ("delete", 2, 4, 2, 2),
    ]


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
