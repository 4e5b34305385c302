"""Turns, speakers, sentences and clauses on all five seeds and on the hard cases."""

from __future__ import annotations

import pytest

from tifa.corpus import load_file
from tifa.corpus.normalise import normalise
from tifa.corpus.segment import MAX_SENTENCE, Voice, back_matter, segment

from helpers import OCR_2021, PD_2024, SCIO_2017, XINHUA_2017, XINHUA_2019

REPORT = Voice("习近平", 3)  # the text after the heading "报告" and its line break is his

QUESTIONS = {XINHUA_2017: 20, SCIO_2017: 21, PD_2024: 17, XINHUA_2019: 21, OCR_2021: 18}


@pytest.mark.parametrize("path", list(QUESTIONS), ids=lambda p: p.name[:3])
def test_question_and_answer_turns_on_every_seed(path):
    doc = load_file(path)
    assert doc.questions == QUESTIONS[path]
    unanswered = {
        turn.label
        for turn, after in zip(doc.turns, doc.turns[1:], strict=False)
        if turn.role == "question" and (after.role, after.speaker) != ("answer", "王毅")
    }
    # Xinhua 2019 prints one answer with no "王毅：" label, straight after the question.
    assert unanswered == ({"新加坡《联合早报》记者"} if path == XINHUA_2019 else set())


def test_canonical_speakers_agree_across_editions():
    xinhua, scio = load_file(XINHUA_2017), load_file(SCIO_2017)
    x = [t.speaker for t in xinhua.turns if t.role == "question"]
    s = [t.speaker for t in scio.turns if t.role == "question"]
    assert "人民日报记者" in x
    assert "人民日报记者" in s
    assert "中新社记者" in x
    assert "中新社记者" in s
    labels = {t.label for t in xinhua.turns}
    assert "《人民日报》记者" in labels  # the label stays as printed


def test_host_and_titled_labels_alone_on_their_line():
    scio = load_file(SCIO_2017)
    hosts = [t for t in scio.turns if t.role == "host"]
    assert [t.speaker for t in hosts] == ["何绍仁", "何绍仁"]
    assert hosts[0].label.endswith("主持人何绍仁")
    assert hosts[-1].label == "何绍仁"
    assert scio.text[hosts[-1].start :].startswith("本场记者会到此结束")
    minister = scio.turns[2]
    assert (minister.label, minister.speaker, minister.role) == ("外交部部长王毅", "王毅", "answer")
    assert scio.text[minister.start :].startswith("各位记者朋友")


def test_lists_ending_in_a_colon_are_not_speakers():
    scio = load_file(SCIO_2017)
    assert all("三方面" not in t.label and "看点" not in t.label for t in scio.turns)


def test_labels_in_mid_paragraph_start_a_new_turn():
    doc = load_file(OCR_2021)
    tass = next(t for t in doc.turns if t.speaker == "塔斯社记者")
    answer = doc.turns[tass.index + 1]
    assert doc.text[tass.start : tass.end].endswith("疫情如何影响了俄中关系？")
    assert answer.speaker == "王毅"
    assert doc.text[answer.start :].startswith("面对世纪疫情")
    people = next(t for t in doc.turns if t.label == "《人民日报》记者")
    assert doc.text[people.start :].startswith("您曾经强调")


def test_narration_at_start_and_closing_line():
    doc = load_file(XINHUA_2017)
    assert doc.turns[0].role == "narration"
    assert doc.text[doc.turns[0].start :].startswith("新华社北京3月8日电")
    assert doc.turns[-1].role == "narration"
    closing = doc.turns[-1]
    assert doc.text[closing.start : closing.end] == "记者会历时2小时，近600名中外记者参加。"


def test_sentences_and_clauses_tile_their_turns():
    doc = load_file(XINHUA_2017)
    for turn in doc.turns:
        for s in doc.sentences_of(turn):
            assert turn.start <= s.start < s.end <= turn.end
            assert s.text == doc.text[s.start : s.end]
            for c in doc.clauses_of(s):
                assert s.start <= c.start < c.end <= s.end
                assert c.text == doc.text[c.start : c.end]
                assert not set(c.text) & set("，；：")
    taiwan = next(s for s in doc.sentences if s.text.startswith("世界上只有一个中国"))
    clauses = [c.text for c in doc.clauses_of(taiwan)]
    assert clauses[:2] == ["世界上只有一个中国", "台湾是中国的一部分"]
    assert taiwan.text.endswith("。")


def test_sentence_ends_keep_closing_quotes():
    _, sentences, _ = segment(normalise("王毅：他说：“我们支持。”然后走了。").text)
    assert [s.text for s in sentences] == ["他说：“我们支持。”", "然后走了。"]


def test_a_run_without_sentence_ends_is_cut_after_a_clause_mark():
    clause = "中方坚持一个中国原则，"  # 11 characters, a clause mark at the end
    run = clause * 500  # 5,500 characters, no sentence end
    _, sentences, _ = segment("答：" + run + "\n答：好的。")
    pieces = [s for s in sentences if s.turn == 0]
    assert "".join(s.text for s in pieces) == run  # the pieces tile the run
    assert all(len(s.text) <= MAX_SENTENCE for s in pieces)
    assert all(s.text.endswith("，") for s in pieces[:-1])  # cut after the mark
    assert len(pieces) == 3


def test_a_run_with_no_mark_at_all_is_cut_at_the_limit():
    _, sentences, _ = segment("答：" + "中" * (2 * MAX_SENTENCE + 7))
    assert [len(s.text) for s in sentences] == [MAX_SENTENCE, MAX_SENTENCE, 7]


# The back matter of a Wikisource page, as tifa's normalisation leaves it (links broken
# over lines), cut from a congress report of the real sample.
WIKISOURCE_TAIL = (
    "本作品来自1949年10月1日（含）之后的中国共产党文件。根据《刑事审判参考》指导案例第680号[\n"
    "CPC 1]\n，中国共产党的中央组织制定的公文，可视为《\n"
    "中华人民共和国著作权法》第五条规定之“具有立法、司法、行政性质的文件”，所以属于公有领域。\n"
    "↑\n《刑事审判参考》2011年第1集。\n"
    "中国共产党的领导人讲话是否属于以上范围存在争议。对于其他文件，应使用版权失效模板。"
)


def test_a_licence_notice_and_footnotes_at_the_end_are_narration():
    body = "同志们！让我们团结起来，为实现中华民族伟大复兴而奋斗！"
    turns, _, _ = segment("报告\n" + body + "\n" + WIKISOURCE_TAIL, voice=REPORT)
    assert [(t.role, t.speaker) for t in turns] == [
        ("narration", ""),
        ("statement", "习近平"),
        ("narration", ""),
    ]
    assert turns[1].end - turns[1].start == len(body)  # the report's words, all of them
    assert back_matter(body + "\n↑\n原文無貨幣單位。\n↑\n音譯。") == len(body) + 1


def test_a_text_that_ends_in_its_own_words_has_no_back_matter():
    assert back_matter("答：我们依法保护版权，这是一贯立场。") is None
    assert back_matter("答：这部作品讲述了中美两国人民的友谊。") is None


def test_qa_markers_and_unlabelled_text():
    turns, _, _ = segment("问：中方如何看待？\n答：我们支持。")
    assert [(t.role, t.label) for t in turns] == [("question", "问"), ("answer", "答")]
    turns, _, _ = segment("这是一段没有说话人的文字。")
    assert [t.role for t in turns] == ["narration"]


def test_traditional_labels_are_recognised(tmp_path):
    import opencc

    text = XINHUA_2017.read_text(encoding="utf-8")
    path = tmp_path / "trad.txt"
    path.write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    doc = load_file(path)
    assert doc.script == "traditional"
    assert doc.questions == 20
    assert "人民日报记者" in {t.speaker for t in doc.turns}
    assert "《人民日報》記者" in {t.label for t in doc.turns}


def test_a_headline_in_the_form_name_colon_is_the_title_not_a_turn(tmp_path):
    # Cut from a real MFA page (2020-03-12): the headline names the spokesperson.
    path = tmp_path / "2020-03-12_statement.txt"
    path.write_text(
        "耿爽：中国政府决定向意大利派遣抗疫医疗专家组\n\n"
        "　　外交部发言人耿爽宣布：\n"
        "　　为帮助意大利应对新冠肺炎疫情，中国政府决定向意大利派遣抗疫医疗专家组。\n",
        encoding="utf-8",
    )
    doc = load_file(path)
    assert [(t.role, t.speaker) for t in doc.turns] == [
        ("narration", ""),
        ("statement", "耿爽"),
    ]
    assert doc.text[doc.turns[0].start : doc.turns[0].end].startswith("耿爽：中国政府")
    assert doc.metadata.speaker == "耿爽"


def test_a_first_line_that_is_a_spoken_sentence_still_opens_a_turn(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "主持人：各位记者朋友，上午好。今天我们邀请外交部长王毅回答中外记者提问。\n"
        "王毅：大家好。很高兴和大家见面，我愿意回答大家关心的问题。\n",
        encoding="utf-8",
    )
    assert [t.speaker for t in load_file(path).turns][:2] == ["主持人", "王毅"]
