"""Each normalisation rule on real snippets of the seeds, and the offset map's promises."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tifa.corpus.normalise import normalise

from helpers import OCR_2021, PD_2024, SCIO_2017, SEEDS, XINHUA_2017

SUBSTITUTIONS = {
    ",": "，",
    ":": "：",
    ";": "；",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    ".": "。",
    '"': "“”",
    "'": "‘’",
    "-": "一",
    "\r": "\n",
}


def read(path) -> str:
    return path.read_text(encoding="utf-8")


def assert_offsets_valid(raw: str, text: str, offsets) -> None:
    assert len(offsets) == len(text)
    assert all(a < b for a, b in itertools.pairwise(offsets))
    for ch, pos in zip(text, offsets, strict=True):
        source = raw[pos]
        assert ch == source or ch in SUBSTITUTIONS.get(source, ""), (ch, source, pos)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_offset_map_round_trips_on_every_seed(path):
    raw = read(path)
    norm = normalise(raw)
    assert_offsets_valid(raw, norm.text, norm.offsets)


def test_ocr_spaces_between_cjk_are_removed():
    text = normalise(read(OCR_2021)).text
    assert "台湾是中国领土不可分割的一部分" in text
    assert "人类命运共同体" in text
    assert "十三届全国人大四次会议" in text
    assert " " not in text.replace("\n", "")


def test_half_width_punctuation_becomes_full_width_in_cjk_context():
    norm = normalise(read(OCR_2021))
    assert "王毅：各位记者朋友，大家好！" in norm.text
    assert norm.repairs["half_width_punctuation"] > 500
    # Numbers keep their own punctuation.
    assert normalise("中国的关税由15.3%降至7.5%，共1,000项，12:30开始。").text == (
        "中国的关税由15.3%降至7.5%，共1,000项，12:30开始。"
    )


def test_straight_quotes_become_curly_in_pairs():
    norm = normalise(read(OCR_2021))
    assert "以“云外交”的创新方式" in norm.text
    assert '"' not in norm.text


def test_markdown_emphasis_and_continuation_marker_are_dropped():
    norm = normalise(read(PD_2024))
    assert norm.text.startswith("今年是中美建交45周年")
    assert "新华社记者：国际上很多领导人" in norm.text
    assert "**" not in norm.text
    assert "上接" not in norm.text
    assert norm.repairs["continuation_markers"] == 1
    assert {"markdown", "continuation"} <= norm.hints


def test_photo_captions_are_dropped_with_their_description():
    xinhua = normalise(read(XINHUA_2017))
    assert "摄" not in xinhua.text.split("\n")[0]
    assert "这是王毅在回答记者提问" not in xinhua.text
    assert xinhua.text.startswith("新华社北京3月8日电")
    scio = normalise(read(SCIO_2017))
    assert "罗荣" not in scio.text
    assert "记者会现场" not in scio.text


def test_page_headers_repeated_mid_text_are_dropped():
    norm = normalise(read(OCR_2021))
    assert norm.repairs["page_headers"] == 2
    assert "\n就中国外交政策和对外关系\n" not in norm.text
    assert "国务委员兼外交部长王毅回答中外记者提问" not in norm.text
    # The lead paragraph that the running head echoes stays.
    assert "国务委员兼外交部长王毅就中国外交政策和对外关系回答中外记者提问。" in norm.text


def test_header_block_is_metadata():
    norm = normalise(read(SCIO_2017))
    assert norm.header["title"] == "外交部就中国外交政策和对外关系答问"
    assert norm.header["url"].startswith("http://www.scio.gov.cn/")
    assert norm.header["author"] == "国务院新闻办公室网站"
    assert not norm.text.startswith("title")


def test_ocr_hyphen_read_as_yi():
    norm = normalise(read(OCR_2021))
    assert "\n一年来，投入精力最大的是抗疫外交" in norm.text
    assert "\n一些西方政客宁愿相信" in norm.text
    assert "中国-东盟" in norm.text  # a real hyphen stays


def test_print_line_breaks_inside_a_sentence_are_joined():
    text = normalise(read(PD_2024)).text
    assert "去年是中欧建立全面战略伙伴关系20周年" in text


def test_ocr_truncations_are_counted_not_joined():
    norm = normalise(read(OCR_2021))
    assert norm.repairs["unterminated_paragraphs"] >= 10
    assert "落到实\n一年来" in norm.text


def test_control_characters_and_escapes_are_removed():
    norm = normalise("王毅：\x1b[31m中国\x1b[0m立场\x07坚定。\r\n第二段。")
    assert norm.text == "王毅：中国立场坚定。\n第二段。"


def test_noise_free_text_has_no_repairs():
    assert normalise("王毅：世界上只有一个中国。\n记者：谢谢。").repairs == {}


ALPHABET = st.sampled_from(
    list("中国台湾是的一部分 \t\n\r,:;!?()\"'-.。，：“”**abc12（上接第二版）摄记者王毅")
)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=120))
def test_normalisation_is_idempotent_and_offsets_map_back(raw):
    norm = normalise(raw)
    assert_offsets_valid(raw, norm.text, norm.offsets)
    assert normalise(norm.text).text == norm.text


def test_traditional_photo_credit_is_a_caption_too():
    norm = normalise("\n這是王毅在回答記者提問。\n新華社記者 崔新鈺 攝\n\n王毅：大家好。")
    assert norm.text == "王毅：大家好。"
    assert norm.repairs["captions"] == 2
