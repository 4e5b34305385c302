"""Finding phrases: exact and fuzzy matching, citations, and keyword-in-context lines."""

from __future__ import annotations

import itertools

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from tifa.corpus import Corpus, load_corpus
from tifa.corpus.parse import parse_text
from tifa.corpus.progress import Cancel, Cancelled, Progress
from tifa.tracking.phrases.kwic import QueryError, find_occurrences, make_terms, query_key

from helpers import SCIO_2017


def corpus_of(*texts: str) -> Corpus:
    docs = tuple(
        parse_text(t, doc_id=f"d{i}", path=f"d{i}.txt", encoding="utf-8", sha256=f"{i}")
        for i, t in enumerate(texts)
    )
    return Corpus(docs)


PRESS = """2023年3月7日，外交部长在北京举行记者会。
新华社记者：请问中方如何看待多边主义？王毅：多边主义是正确方向，中方坚持真正的多边主义。
人民日报记者：请问中方对台湾问题的立场？
王毅：一个中国原则是国际共识。各国应当恪守一个中国的原则，坚持一中原则。
"""


def test_query_key_is_normalised_like_the_corpus():
    assert query_key(" 一个 中國 原則 ") == "一个中国原则"
    assert query_key("分階段,同步走") == "分阶段，同步走"
    assert query_key('"一国两制"') == "“一国两制”"
    assert query_key("Ｇ２０") == "G20"


@pytest.mark.parametrize("phrase", ["", "   ", "\n"])
def test_empty_phrase_is_refused(bundled, phrase):
    with pytest.raises(QueryError):
        find_occurrences(bundled, [phrase])
    with pytest.raises(QueryError):
        make_terms(["多边主义"], ["  "])


def test_exact_occurrences_cite_the_raw_file(bundled):
    docs = {d.id: d for d in bundled}
    found = find_occurrences(bundled, ["多边主义", "双轨并进", "分阶段、同步走", "台湾"])
    assert {o.phrase for o in found} == {"多边主义", "双轨并进", "分阶段、同步走", "台湾"}
    for o in found:
        doc = docs[o.doc_id]
        assert doc.key[o.start : o.end] == o.variant
        assert o.match == doc.text[o.start : o.end]
        # the raw span is the same words before normalisation (OCR spaces, half-width ，)
        assert query_key(doc.raw[o.raw_start : o.raw_end]) == o.variant
        assert doc.sentences[o.sentence].start <= o.start < doc.sentences[o.sentence].end
        assert o.sentence_text == doc.sentences[o.sentence].text
        assert (o.year, o.date) == (doc.year, doc.date)
        turn = doc.turns[o.turn]
        assert turn.start <= o.start
        assert o.end <= turn.end
        assert (o.label, o.speaker, o.role, o.outlet) == (
            turn.label,
            turn.speaker,
            turn.role,
            turn.outlet,
        )


def test_double_track_appears_in_2017_and_2024_only(bundled):
    years = {o.year for o in find_occurrences(bundled, ["双轨并进"])}
    assert years == {2017, 2024}


def test_speaker_labels_are_not_occurrences(bundled):
    found = find_occurrences(bundled, ["王毅"])
    in_keys = sum(d.key.count("王毅") for d in bundled)
    assert 0 < len(found) < in_keys  # most 王毅 in the corpus are labels
    for o in found:
        doc = bundled.get(o.doc_id)
        assert not any(t.label_start <= o.start < t.label_end for t in doc.turns)


def test_context_stays_within_the_paragraph_and_turn(bundled):
    corpora = [bundled, corpus_of(PRESS)]
    for corpus in corpora:
        for o in find_occurrences(corpus, ["多边主义", "一个中国原则", "台湾"], context=300):
            turn = corpus.get(o.doc_id).turns[o.turn]
            assert "\n" not in o.left + o.right
            assert o.start - len(o.left) >= turn.start
            assert o.end + len(o.right) <= turn.end
    # the question and the answer run together in one paragraph: the answer's context
    # does not reach back into the question
    first_answer = next(
        o for o in find_occurrences(corpus_of(PRESS), ["多边主义"]) if o.role == "answer"
    )
    assert first_answer.left == ""
    assert first_answer.right.startswith("是正确方向")


def test_context_width_is_respected():
    found = find_occurrences(corpus_of(PRESS), ["真正的多边主义"], context=3)
    assert [(o.left, o.match, o.right) for o in found] == [("方坚持", "真正的多边主义", "。")]


def test_aliases_count_together_and_nested_ones_once(bundled):
    one = len(find_occurrences(bundled, ["一个中国原则"]))
    short = len(find_occurrences(bundled, ["一中原则"]))
    both = find_occurrences(bundled, ["一个中国原则"], aliases=["一中原则"])
    assert short > 0
    assert len(both) == one + short
    assert {o.phrase for o in both} == {"一个中国原则"}
    assert {o.variant for o in both} == {"一个中国原则", "一中原则"}
    plain = find_occurrences(bundled, ["多边主义"])
    nested = find_occurrences(bundled, ["多边主义"], aliases=["真正的多边主义"])
    assert len(nested) == len(plain)
    assert any(o.match == "真正的多边主义" for o in nested)


def test_traditional_copy_is_found_by_a_simplified_query(tmp_path, bundled):
    raw = SCIO_2017.read_text("utf-8")
    (tmp_path / "scio_traditional.txt").write_text(opencc.OpenCC("s2t").convert(raw), "utf-8")
    corpus = load_corpus([str(tmp_path)])
    original = [
        o for o in find_occurrences(bundled, ["多边主义", "双轨并进"]) if o.doc_id == SCIO_2017.stem
    ]
    copied = find_occurrences(corpus, ["多边主义", "双轨并进"])
    assert len(copied) == len(original) > 0
    doc = corpus.documents[0]
    assert doc.script == "traditional"
    assert {o.match for o in copied} == {"多邊主義", "雙軌並進"}
    assert all(doc.raw[o.raw_start : o.raw_end] == o.match for o in copied)


def test_fuzzy_finds_the_edited_variant_in_the_transcript(bundled):
    exact = find_occurrences(bundled, ["一个中国原则"])
    fuzzy = find_occurrences(bundled, ["一个中国原则"], fuzzy=85)
    assert {(o.doc_id, o.start) for o in exact} < {(o.doc_id, o.start) for o in fuzzy}
    extra = [o for o in fuzzy if o.score < 100]
    assert extra
    assert all(85 <= o.score < 100 for o in extra)
    assert any(o.match == "一个中国”原则" and o.doc_id == SCIO_2017.stem for o in extra)
    assert all(o.score == 100 for o in fuzzy if o.score >= 100)


def test_fuzzy_finds_damaged_and_edited_variants_with_whole_spans():
    edited = "恪守一个中国的原则，也要恪守一介中国原则"
    corpus = corpus_of(PRESS.replace("恪守一个中国的原则", edited))
    assert len(find_occurrences(corpus, ["一个中国原则"])) == 1
    found = find_occurrences(corpus, ["一个中国原则"], fuzzy=80)
    matches = {o.match: o.score for o in found}
    assert matches["一个中国原则"] == 100
    # an inserted character does not cut the span short
    inserted = fuzz.ratio("一个中国原则", "一个中国的原则")
    assert matches["一个中国的原则"] == pytest.approx(inserted, abs=0.01)
    # an OCR misread, and at 80 even the abbreviation (ratio 80): several variants in one
    # sentence, all found, none overlapping
    assert set(matches) == {"一个中国原则", "一个中国的原则", "一介中国原则", "一中原则"}
    assert matches["一中原则"] == pytest.approx(80)
    spans = sorted((o.doc_id, o.start, o.end) for o in found)
    assert all(a[2] <= b[1] for a, b in itertools.pairwise(spans))
    assert [o.match for o in find_occurrences(corpus, ["一个中国原则"], fuzzy=81)].count(
        "一中原则"
    ) == 0


def test_fuzzy_never_scores_a_fragment_of_the_phrase_as_a_match():
    corpus = corpus_of("新华社记者：中国。原则。\n王毅：一个中国原则。")
    found = find_occurrences(corpus, ["一个中国原则"], fuzzy=70)
    assert [o.match for o in found] == ["一个中国原则"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="甲乙丙丁戊己，", min_size=1, max_size=25), min_size=1, max_size=4),
    st.text(alphabet="甲乙丙丁", min_size=2, max_size=6),
    st.sampled_from([60.0, 75.0, 90.0]),
)
def test_fuzzy_finds_every_sentence_a_brute_force_scan_accepts(sentences, phrase, threshold):
    """Reference: every sentence longer than the phrase whose partial_ratio with it reaches
    the threshold holds an occurrence, and every occurrence reaches it. (For a sentence as
    long as the phrase, rapidfuzz's partial_ratio also scores the phrase's parts against
    the sentence: 丁丁丁丁丁丁 against 丁丁丙丙丁。 scores 67, but no span of the sentence
    reaches 60.)"""
    text = "王毅：" + "。".join(sentences) + "。"
    corpus = corpus_of(text)
    doc = corpus.documents[0]
    found = find_occurrences(corpus, [phrase], fuzzy=threshold)
    hit_sentences = {o.sentence for o in found}
    for s in doc.sentences:
        key = doc.key[s.start : s.end]
        if len(key) > len(phrase) and fuzz.partial_ratio(phrase, key) >= threshold:
            assert s.index in hit_sentences
    for o in found:
        assert o.score >= threshold
        assert o.score == pytest.approx(fuzz.ratio(phrase, doc.key[o.start : o.end]), abs=0.01)


def test_fuzzy_finds_every_exact_occurrence_even_across_a_sentence_end(bundled):
    """A fuzzy search also finds what an exact one does: "--fuzzy 85 also finds variants".
    Approximate spans stay inside a sentence, but a phrase that spans two sentences is still
    found where it occurs word for word."""
    doc = bundled.get("000")
    sentence = doc.sentences[10]
    phrase = doc.key[sentence.end - 6 : sentence.end + 6]  # the end of one, the next's start
    exact = find_occurrences(bundled, [phrase])
    assert exact
    fuzzy = find_occurrences(bundled, [phrase], fuzzy=85)
    assert {(o.doc_id, o.start, o.end, o.score) for o in exact} <= {
        (o.doc_id, o.start, o.end, o.score) for o in fuzzy
    }


def _single_line(copies: int) -> tuple[str, str]:
    """A transcript without sentence ends (a text extracted without its 。), lightly
    damaged copies of one passage, and a 400-character phrase from that passage."""
    passage = SCIO_2017.read_text(encoding="utf-8").split("content:", 1)[1]
    passage = "".join(passage.split()).replace("。", "，").replace("？", "，")[:2000]
    damaged = []
    for n in range(copies):
        chars = list(passage)
        for k in range(10):
            chars[(n * 211 + k * 197) % len(chars)] = "的"
        damaged.append("".join(chars))
    return "王毅：" + "".join(damaged), passage[600:1000]


def test_a_long_phrase_in_a_sentence_of_many_thousand_characters_is_found_in_every_copy():
    text, phrase = _single_line(40)
    corpus = corpus_of(text)
    # one run of 80,000 characters without a sentence end, cut after clause marks
    assert len(corpus.documents[0].sentences) == 41
    found = find_occurrences(corpus, [phrase], fuzzy=90)
    assert len(found) == 40
    starts = [o.start for o in found]
    assert starts == sorted(starts) and all(b - a >= 1600 for a, b in itertools.pairwise(starts))
    for o in found:
        assert 90 <= o.score == pytest.approx(fuzz.ratio(phrase, o.match), abs=0.01)


def test_progress_reports_the_search_and_cancel_stops_it():
    text, phrase = _single_line(12)  # one sentence of ~24,000 characters: several chunks
    corpus = corpus_of(text)
    seen: list[Progress] = []
    find_occurrences(corpus, [phrase], fuzzy=90, progress=seen.append)
    assert len(seen) > 1 and {p.stage for p in seen} == {"searching"}
    assert seen[-1].done == seen[-1].total > 0
    assert all(a.done < b.done for a, b in itertools.pairwise(seen))
    cancel = Cancel()

    def cancel_at_first(event: Progress) -> None:
        cancel.cancel()

    with pytest.raises(Cancelled):
        find_occurrences(corpus, [phrase], fuzzy=90, progress=cancel_at_first, cancel=cancel)
