"""A window's words: cut from the sentence's words, clipped at the window's edges."""

from __future__ import annotations

from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from tifa.tracking.formulations.clauses import span_tokens


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=12), st.data())
def test_the_words_of_a_span_rebuild_its_text(words, data):
    text = "".join(words)
    offset = data.draw(st.integers(min_value=0, max_value=50))
    bounds = list(accumulate(map(len, words), initial=offset))
    start = data.draw(st.integers(min_value=offset, max_value=offset + len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=offset + len(text)))
    cut = span_tokens(tuple(words), bounds, start, end)
    assert isinstance(cut, tuple)
    assert "".join(cut) == text[start - offset : end - offset]
    assert all(cut)  # a window is never empty, and no word of it is clipped to nothing
