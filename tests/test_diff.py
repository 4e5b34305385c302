"""The aligned diff, layer by layer (turns, sentences, words), each edit type on real snippets
of the 2017 pair, the JSON shape and raw offsets, the renderers, and `tifa diff` end to end."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from itertools import accumulate

import opencc
import pytest
from click.testing import CliRunner

from tifa.corpus.parse import parse_text, tokenise_document
from tifa.tracking.versions.diff import EDIT_TYPES, DocumentDiff, diff_documents
from tifa.tracking.versions.edit_types import RAW_TYPES
from tifa.tracking.versions.render import diff_to_json, render_html, render_markdown, render_text
from tifa.tui.cli.main import main

from helpers import SCIO_2017, XINHUA_2017

# Abridged from the bundled 2017 pair: the Xinhua report (A) and the SCIO transcript (B).
REPORT = """外交部长王毅回答中外记者提问
新华社北京3月8日电 3月8日，十二届全国人大五次会议举行记者会，邀请外交部部长王毅回答中外记者提问。
《人民日报》记者：这几年中国外交有声有色，亮点纷呈。你会选择用什么词来总结？
王毅：党的十八大以来，中国外交攻坚克难，开拓进取，取得一系列重大成就。我认为有三个鲜明的特征。
中新社记者：外交部举办的省区市全球推介活动反响热烈。你能否介绍有关情况？
王毅：中国仍是一个发展中国家，为国内发展服务是中国外交的应有之义。
记者会历时2小时，近600名中外记者参加。
"""
TRANSCRIPT = """外交部就中国外交政策和对外关系答问
主持人何绍仁：各位记者朋友，大家上午好。我们首先有请王部长。
人民日报记者：外长您好。这几年中国外交越来越有声有色，亮点纷呈。请您用几个词来总结？谢谢。
王毅：党的十八大以来，中国外交攻坚克难，开拓进取，取得了一系列重大的成就。我认为有三个鲜明的特征。谢谢。
中国新闻社记者：我们看到外交部举办的省区市全球推介活动反响热烈。您能否介绍有关情况？
王毅：这是个很好的问题。中国仍然是一个发展中国家，所以为国内发展服务是中国外交的应有之义。
美国美中时报记者：面对美国新的贸易保护主义措施，中国将有何应对？
王毅：我要告诉你的是，中国政府一贯反对外国政府对中国企业进行单边制裁。
何绍仁：本场记者会到此结束，谢谢王外长，谢谢大家。
"""


def doc(raw: str, name: str = "x"):
    parsed = parse_text(
        raw,
        doc_id=name,
        path=f"{name}.txt",
        encoding="utf-8",
        sha256=hashlib.sha256(raw.encode()).hexdigest(),
    )
    return tokenise_document(parsed)


def answer_pair(a_text: str, b_text: str) -> DocumentDiff:
    return diff_documents(doc(f"王毅：{a_text}\n", "a"), doc(f"王毅：{b_text}\n", "b"))


def edits(diff: DocumentDiff):
    return [e for row in diff.rows for s in row.sentences for e in s.edits]


def loose(text: str) -> str:
    """Text as normalisation sees it: width and quotes folded, whitespace gone."""
    folded = unicodedata.normalize("NFKC", text).translate(str.maketrans("“”‘’", "\"\"''"))
    return re.sub(r"\s", "", folded)


def by_kind(diff: DocumentDiff, kind: str):
    return [row for row in diff.rows if row.kind == kind]


@pytest.fixture(scope="module")
def small() -> DocumentDiff:
    return diff_documents(doc(REPORT, "report"), doc(TRANSCRIPT, "transcript"))


@pytest.fixture(scope="module")
def pair(bundled_tokens) -> DocumentDiff:
    return diff_documents(bundled_tokens.get("000"), bundled_tokens.get("001"))


# --- turns ------------------------------------------------------------------------------


def test_questions_match_across_speaker_label_variants(small):
    matched = {(r.a_speaker, r.b_speaker) for r in by_kind(small, "matched")}
    assert ("《人民日报》记者", "人民日报记者") in matched
    assert ("中新社记者", "中国新闻社记者") in matched
    assert [(r.a_turn, r.b_turn) for r in by_kind(small, "matched") if r.role != "narration"] == [
        (1, 2),
        (2, 3),
        (3, 4),
        (4, 5),
    ]


def test_turns_only_in_one_version(small):
    only_b = [r for r in by_kind(small, "only_b") if r.role != "narration"]
    assert [r.role for r in only_b] == ["host", "question", "answer", "host"]
    assert only_b[1].b_speaker == "美国美中时报记者"
    closing = by_kind(small, "only_a")[-1]
    assert closing.role == "narration"
    assert "记者会历时2小时" in closing.sentences[0].a_text
    counts = small.summary.counts
    assert counts["turn_added"] == len(by_kind(small, "only_b"))
    assert counts["turn_dropped"] == len(by_kind(small, "only_a"))
    types = {e.type for r in only_b for s in r.sentences for e in s.edits}
    assert types == {"turn_added"}


def test_the_same_outlet_asking_something_else_is_not_a_version():
    a = doc(
        "中新社记者：外交部举办的省区市全球推介活动反响热烈。你能否介绍有关情况？\n"
        "王毅：中国仍是一个发展中国家，为国内发展服务是中国外交的应有之义。\n",
        "a",
    )
    b = doc(
        "中新社记者：过去一年，外交部在帮助海外中国公民抗疫方面做了大量工作。"
        "今年有什么新举措？\n"
        "王毅：海外同胞的安危冷暖始终牵动着我们的心，我们将继续全力以赴。\n",
        "b",
    )
    diff = diff_documents(a, b)
    assert not by_kind(diff, "matched")
    assert diff.summary.share("only_a") + diff.summary.share("only_b") == pytest.approx(1)


def test_a_reordered_copy_marks_moved_turns():
    blocks = REPORT.splitlines(keepends=True)
    reordered = "".join([*blocks[:2], *blocks[4:6], *blocks[2:4], *blocks[6:]])  # swap Q&As
    diff = diff_documents(doc(REPORT, "a"), doc(reordered, "b"))
    assert not by_kind(diff, "only_a")
    assert not by_kind(diff, "only_b")
    moved = by_kind(diff, "moved")
    assert len(moved) == 2
    assert diff.summary.counts["turn_moved"] == 2
    assert {r.role for r in moved} == {"question", "answer"}
    assert all(s.kind == "equal" for r in diff.rows for s in r.sentences)
    assert diff.summary.share("identical") == pytest.approx(1)


def test_a_traditional_copy_matches_everything_with_script_edits_only():
    traditional = opencc.OpenCC("s2t").convert(REPORT)
    diff = diff_documents(doc(REPORT, "a"), doc(traditional, "b"))
    assert {r.kind for r in diff.rows} == {"matched"}
    counts = diff.summary.counts
    assert counts["script"] > 10
    assert sum(counts.values()) == counts["script"]
    assert diff.summary.share("identical") == pytest.approx(1)
    shown = {(e.a_text, e.b_text) for e in edits(diff)}
    assert {("中国", "中國"), ("三个鲜明", "三個鮮明")} <= shown  # whole words


# --- sentences --------------------------------------------------------------------------


def test_one_sentence_edited_into_two_is_one_row():
    diff = answer_pair(
        "世界上只有一个中国，台湾是中国的一部分。这不仅是历史事实，也是国际共识，"
        "更是由联合国决议等一系列国际文书所确立的一条准则。",
        "世界上只有一个中国，台湾是中国的一部分，这不仅仅是一个历史事实，也是国际共识，"
        "更是由联合国决议等一系列国际文件所确立的一条准则。",
    )
    (row,) = diff.rows[0].sentences
    assert row.kind == "edited"
    assert len(row.a_sentences) == 2
    assert len(row.b_sentences) == 1
    assert {(e.a_text, e.b_text) for e in row.edits} >= {("。", "，"), ("文书", "文件")}


def test_sentences_added_and_dropped_inside_a_matched_turn():
    diff = answer_pair(
        "中非是休戚与共的命运共同体。中非合作是兄弟间的互帮互助。不管国际风云如何变幻，中国支持非洲的力度都不会减弱。",
        "中非是休戚与共的命运共同体。不管国际风云如何变幻，中国支持非洲的力度都不会减弱。"
        "我也愿意每年在这个场合来谈一谈我们同非洲的合作。",
    )
    kinds = [
        (s.kind, s.pieces[0].type if s.kind.startswith("only") else "")
        for s in diff.rows[0].sentences
    ]
    assert kinds == [
        ("equal", ""),
        ("only_a", "sentence_dropped"),
        ("equal", ""),
        ("only_b", "sentence_added"),
    ]


# --- words and edit types ---------------------------------------------------------------


def test_word_edits_come_as_whole_jieba_words():
    diff = answer_pair("台湾是中国的一部分。", "台湾是中国领土不可分割的一部分。")
    (edit,) = edits(diff)
    assert edit.op == "insert"
    assert edit.type == "wording"
    assert "领土不可分割" in edit.b_text
    assert "[+领土不可分割" in render_text(diff)


@pytest.mark.parametrize(
    ("a_text", "b_text", "expected"),
    [
        (
            "北京，将再次成为全球瞩目的焦点；",
            "北京将再次成为全球瞩目的焦点，",
            {("punctuation", "，", ""), ("punctuation", "；", "，")},
        ),
        (
            "刚果(布)黑角经济特区启动前期规划。",
            "刚果（布）黑角经济特区启动前期规划。",
            {("width", "(", "（"), ("width", ")", "）")},
        ),
        (
            "我们对今年中国－东盟关系有期待。",
            "我们对今年中国-东盟关系有期待。",
            {("width", "－", "-")},
        ),
        (
            '我们推进"一带一路"倡议。',
            "我们推进“一带一路”倡议。",
            {("quotes", '"', "“"), ("quotes", '"', "”")},
        ),
        (
            "台灣是中國的一部分。",
            "台湾是中国的一部分。",
            {("script", "台灣", "台湾"), ("script", "中國", "中国")},
        ),
        (
            "台湾 是中国领土不可分 割的一部分。",
            "台湾是中国领土不可分割的一部分。",
            {("whitespace", "台湾 是", "台湾是"), ("whitespace", "不可分 割", "不可分割")},
        ),
        (
            "外长您好，我们知道今年5月份中国将举办高峰论坛。",
            "我们知道今年5月份中国将举办高峰论坛。",
            {("filler", "外长您好，", "")},
        ),
        (
            "我要告诉各位的是，我们双方正在进行有效沟通。",
            "双方正在进行有效沟通。",
            {("filler", "我要告诉各位的是，", ""), ("wording", "我们", "")},
        ),
        (
            "谢谢。这不仅是历史事实。",
            "这不仅仅是一个历史事实。",
            {("filler", "谢谢。", ""), ("wording", "", "仅"), ("wording", "", "一个")},
        ),
    ],
)
def test_each_edit_type_on_real_snippets(a_text, b_text, expected):
    diff = answer_pair(a_text, b_text)
    assert diff.rows[0].kind == "matched"
    assert {(e.type, e.a_text, e.b_text) for e in edits(diff)} == expected
    counts = diff.summary.counts
    for edit_type in EDIT_TYPES:
        assert counts[edit_type] == sum(1 for t, _, _ in expected if t == edit_type)


def test_summary_shares_add_up_and_counts_match_the_edits(small):
    s = small.summary
    assert sum(s.share(p) for p in ("identical", "edited", "only_a", "only_b")) == pytest.approx(1)
    assert s.a_chars == sum(x.end - x.start for x in small.a.sentences)
    word_level = [e for e in edits(small) if not e.type.startswith("turn")]
    for edit_type in EDIT_TYPES[:9]:
        assert s.counts[edit_type] == sum(1 for e in word_level if e.type == edit_type)
    assert s.counts["filler"] == 4  # 外长您好 / 谢谢 / 谢谢 / 这是个很好的问题
    assert s.turns["matched"] == 4
    assert s.turns["moved"] == 0


def test_a_document_diffed_with_itself_is_all_equal(small):
    diff = diff_documents(small.a, small.a)
    assert diff.identical
    assert all(r.kind == "matched" for r in diff.rows)
    assert all(s.kind == "equal" for r in diff.rows for s in r.sentences)
    assert "identical" in render_text(diff)


def test_pieces_tile_both_sides_of_every_sentence_row(pair):
    """Like opcodes rebuilding their texts: a row's pieces cover its sentences' characters
    once each, in order, and each piece's text is the text of its span."""
    for row in pair.rows:
        for s in row.sentences:
            for side, document, indexes in (
                ("a", pair.a, s.a_sentences),
                ("b", pair.b, s.b_sentences),
            ):
                inside = [
                    p
                    for i in indexes
                    for p in range(document.sentences[i].start, document.sentences[i].end)
                ]
                members = set(inside)
                seen = []
                for piece in s.pieces:
                    start, end = getattr(piece, f"{side}_start"), getattr(piece, f"{side}_end")
                    span = [p for p in range(start, end) if p in members]
                    seen += span
                    if piece.type not in RAW_TYPES:
                        text = "".join(document.text[p] for p in span)
                        assert getattr(piece, f"{side}_text") == text
                assert seen == inside


# --- the 2017 pair end to end ----------------------------------------------------------


def test_2017_pair_matches_all_twenty_common_questions_in_order(pair):
    questions = [r for r in pair.rows if r.role == "question" and r.kind == "matched"]
    assert len(questions) == 20
    a_order = [r.a_turn for r in questions]
    b_order = [r.b_turn for r in questions]
    assert a_order == sorted(a_order)
    assert b_order == sorted(b_order)
    assert {r.a_turn for r in questions} == {t.index for t in pair.a.turns if t.role == "question"}
    assert not by_kind(pair, "moved")


def test_2017_pair_marks_what_only_one_version_has(pair):
    b = pair.b
    zte = next(t for t in b.turns if "中兴" in b.text[t.start : t.end])
    only_b = {r.b_turn for r in by_kind(pair, "only_b")}
    assert {zte.index, zte.index - 1} <= only_b
    assert b.turns[zte.index - 1].role == "question"
    assert {t.index for t in b.turns if t.role == "host"} <= only_b
    (closing,) = by_kind(pair, "only_a")
    assert "记者会历时2小时" in closing.sentences[0].a_text


def test_2017_pair_word_edits_fall_on_word_boundaries(pair):
    def bounds(document):
        return {
            p
            for s in document.sentences
            for p in accumulate((len(t) for t in s.tokens), initial=s.start)
        }

    a_bounds, b_bounds = bounds(pair.a), bounds(pair.b)
    wording = [e for e in edits(pair) if e.type == "wording"]
    whole = [
        e for e in wording if {e.a_start, e.a_end} <= a_bounds and {e.b_start, e.b_end} <= b_bounds
    ]
    # The rest are worddiff's refinements inside a word (愿[+意+], 这[-一-][+个+]).
    assert len(wording) > 300
    assert len(whole) / len(wording) > 0.7
    assert max(len(e.a_text) + len(e.b_text) for e in wording) < 200


def test_json_shape_and_raw_offsets(pair):
    data = json.loads(json.dumps(diff_to_json(pair), ensure_ascii=False))
    assert set(data) == {"a", "b", "summary", "rows"}
    assert data["a"]["id"] == "000_47b88e4171794380"
    assert data["b"]["year"] == 2017
    assert {"identical", "edited", "only_a", "only_b", "counts", "chars"} <= set(data["summary"])
    raws = XINHUA_2017.read_text(encoding="utf-8"), SCIO_2017.read_text(encoding="utf-8")
    row = data["rows"][2]
    assert {"kind", "a_turn", "b_turn", "a_speaker", "b_speaker", "similarity", "sentences"} <= set(
        row
    )
    checked = 0
    for row in data["rows"]:
        for s in row["sentences"]:
            for side, raw in zip("ab", raws, strict=True):
                span, text = s[f"{side}_span"], s[f"{side}_text"]
                if span:
                    assert loose(raw[span[0] : span[1]]) == loose(text)
            for e in s["edits"]:
                assert set(e) == {"op", "type", "a_span", "b_span", "a_text", "b_text"}
                for side, raw in zip("ab", raws, strict=True):
                    start, end = e[f"{side}_span"]
                    if e["type"] in RAW_TYPES:
                        assert raw[start:end] == e[f"{side}_text"]
                    else:
                        assert loose(raw[start:end]) == loose(e[f"{side}_text"])
                checked += 1
    assert checked > 500


def test_hidden_types_leave_the_json_and_reports(small):
    data = diff_to_json(small, hide={"filler", "turn_added"})
    types = {e["type"] for r in data["rows"] for s in r["sentences"] for e in s["edits"]}
    assert "filler" not in types
    assert "turn_added" not in types
    assert all(r["kind"] != "only_b" for r in data["rows"])
    assert data["summary"]["counts"]["filler"] == 4
    assert data["summary"]["hidden"] == [
        "filler",
        "turn_added",
    ]
    text = render_text(small, hide={"filler"})
    assert "外长您好" not in text
    assert "(filler)" not in text
    assert "外长您好" in render_text(small)


# --- renderers and the command ----------------------------------------------------------

MARKUP = "王毅：台湾是中国的一部分<b>粗体</b>，这是[/b]历史事实*强调*。\n"
MARKUP_B = "王毅：台湾是中国领土不可分割的一部分<b>粗体</b>，这是[/b]历史事实*强调*。\n"


def test_html_and_markdown_escape_corpus_text():
    diff = diff_documents(doc(MARKUP, "a<x>"), doc(MARKUP_B, "b"))
    page = render_html(diff)
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert "<b>" not in page
    assert "a&lt;x&gt;" in page
    assert '<ins class="wording" title="wording">领土不可分割' in page
    md = render_markdown(diff)
    assert "\\<b\\>粗体" in md
    assert "\\*强调\\*" in md
    assert "**领土不可分割" in md


def cli(*args: str):
    return CliRunner().invoke(main, ["diff", *args])


def test_cli_diff_of_the_2017_pair(tmp_path):
    result = cli("000", "001", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert sum(1 for r in data["rows"] if r["kind"] == "matched" and r["role"] == "question") == 20
    text = cli("000", "001")
    assert text.exit_code == 0
    assert "\x1b" not in text.stdout
    assert "@@ A#6 《人民日报》记者 ↔ B#7 人民日报记者" in text.stdout
    out = tmp_path / "diff.html"
    written = cli("000", "001", "--format", "html", "-o", str(out), "--hide", "punctuation")
    assert written.exit_code == 0
    assert written.stdout == ""
    assert "wrote" in written.stderr
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_cli_files_outside_the_corpus_and_bad_input(tmp_path):
    a, b, empty = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "empty.txt"
    a.write_text(REPORT, encoding="utf-8")
    b.write_text(TRANSCRIPT, encoding="utf-8")
    empty.write_bytes(b"")
    result = cli(str(a), str(b), "--format", "md")
    assert result.exit_code == 0
    assert "中国新闻社记者" in result.stdout
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    assert cli(str(a), str(b), "--corpus", str(nothing)).exit_code == 0  # files need no corpus
    assert cli("000", str(b), "--corpus", str(nothing)).exit_code == 2
    same = cli(str(a), str(a))
    assert same.exit_code == 0
    assert "same content" in same.stderr
    for bad in (str(empty), str(tmp_path / "missing.txt"), str(tmp_path)):
        result = cli(str(a), bad)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    unrelated = cli(str(a), "003")
    assert unrelated.exit_code == 0
    assert "little in common" in unrelated.stderr
