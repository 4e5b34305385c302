"""Metadata inference on the bundled seeds (without their manifest) and the manifest reader.

The seeds are normalised here by a rough local stand-in for the real normaliser (drop
spaces between CJK characters, fold half-width punctuation, strip markdown bold, split off a
``key: value`` header), so these tests depend only on ``corpus.metadata``/``corpus.manifest``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tifa.corpus.anniversary import anniversary_year
from tifa.corpus.dates import LEAD_CHARS
from tifa.corpus.manifest import load_manifest, parse_manifest
from tifa.corpus.metadata import infer_metadata
from tifa.corpus.model import CorpusError
from tifa.corpus.numerals import cn_number
from tifa.corpus.sessions import lookup
from tifa.corpus.sources import bundled_dir

DATA = Path(__file__).parent.parent / "corpus" / "data"
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_HALF_WIDTH = str.maketrans(",:;!?", "，：；！？")


def approx_normalise(raw: str) -> tuple[str, dict[str, str]]:
    """(text, header) roughly as the normaliser would give them."""
    lines = raw.splitlines()
    header: dict[str, str] = {}
    if lines and lines[0].startswith("title:"):
        for i, line in enumerate(lines):
            key, _, value = line.partition(":")
            if key == "content":
                lines = lines[i + 1 :]
                break
            header[key.strip()] = value.strip()
    text = "\n".join(line.strip() for line in lines if line.strip())
    return _CJK_SPACE.sub("", text).translate(_HALF_WIDTH).replace("**", ""), header


def seed(prefix: str) -> tuple[str, dict[str, str]]:
    (path,) = DATA.glob(f"{prefix}_*.txt")
    return approx_normalise(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("prefix", "year", "year_sources", "date"),
    [
        ("000", 2017, {"session", "dateline"}, "2017-03-08"),
        ("001", 2017, {"session", "dateline"}, "2017-03-08"),
        ("002", 2024, {"anniversary"}, None),
        ("003", 2019, {"dateline"}, "2019-03-08"),
        ("004", 2021, {"session"}, "2021-03-07"),
    ],
)
def test_seed_year_and_date(prefix: str, year: int, year_sources: set[str], date: str | None):
    meta = infer_metadata(*seed(prefix))
    assert meta.year == year
    assert meta.sources["year"] in year_sources
    assert meta.date == date
    assert set(meta.sources) == {
        *("title", "year", "date", "edition", "url", "publisher", "genre", "speaker")
    }
    assert meta.genre == "press_conference"


def test_seed_styles():
    scio = infer_metadata(*seed("001"))
    assert scio.title == "外交部就中国外交政策和对外关系答问"
    assert scio.url
    assert "scio.gov.cn" in scio.url
    assert (scio.edition, scio.publisher) == ("SCIO transcript", "国务院新闻办公室网站")
    assert {scio.sources[k] for k in ("title", "url", "edition", "publisher")} == {"header"}

    xinhua = infer_metadata(*seed("003"))
    assert xinhua.title == "国务委员兼外交部长王毅就中国外交政策和对外关系回答中外记者提问"
    assert (xinhua.edition, xinhua.publisher) == ("Xinhua report", "新华社")
    assert xinhua.sources["title"] == xinhua.sources["edition"] == "style"

    assert infer_metadata(*seed("000")).title is None  # first line is a photo caption sentence


def test_seed_hints_from_the_normaliser():
    ocr = infer_metadata(*seed("004"), frozenset({"ocr"}))
    assert ocr.edition == "newspaper page (OCR)"
    assert infer_metadata(*seed("004")).edition == "newspaper reprint of Xinhua"
    assert infer_metadata(*seed("004")).publisher is None  # the reprinting paper is not named
    print_ = infer_metadata(*seed("002"), frozenset({"continuation", "markdown"}))
    assert (print_.edition, print_.sources["edition"]) == ("newspaper print", "style")


@pytest.mark.parametrize(
    ("phrase", "year"),
    [
        ("十届全国人大一次会议", 2003),
        ("十届全国人大五次会议", 2007),
        ("十一届全国人大三次会议", 2010),
        ("十二届全国人大五次会议", 2017),
        ("十三届全国人大一次会议", 2018),
        ("十三届全国人大四次会议", 2021),
        ("第十四届全国人民代表大会第二次会议", 2024),
        ("全国政协十三届二次会议", 2019),
        ("政协第十四届全国委员会第一次会议", 2023),
    ],
)
def test_session_arithmetic(phrase: str, year: int):
    meta = infer_metadata(f"3月5日上午，{phrase}在人民大会堂开幕。", {})
    assert (meta.year, meta.sources["year"]) == (year, "session")
    assert meta.date == f"{year}-03-05"


def test_session_table_and_standing_committee():
    assert lookup("npc", 13, 6) is None
    third = lookup("npc", 3, 1)  # the 3rd NPC met once, from December 1964 into 1965
    assert third and (third.year, third.first, third.last) == (1964, "1964-12-21", "1965-01-04")
    assert infer_metadata("十三届全国人大常委会第二十次会议在京举行。", {}).year is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("今年是中美建交四十五周年。", 2024),
        ("今年是中国共产党成立一百周年。", 2021),
        ("今年是新中国成立七十周年。", 2019),
        ("今年是中国加入世界贸易组织20周年。", 2021),
        ("去年是中国－东盟建立对话关系25周年，今年又恰逢东盟成立50周年。", 2017),
        ("明年是中法建交60周年。", 2023),
        ("《中俄睦邻友好合作条约》签署２０周年。", 2021),
    ],
)
def test_anniversaries(text: str, year: int):
    meta = infer_metadata(text, {})
    assert (meta.year, meta.sources["year"]) == (year, "anniversary")


def test_anniversary_vote_prefers_this_year():
    text = (
        "新中国成立七十周年时我们举行了庆典。"
        "今年是中美建交45周年。今年是和平共处五项原则发表70周年。"
    )
    found = anniversary_year(text)
    assert found is not None and found[0] == 2024 and found[1].group() == "45周年"
    assert anniversary_year("湖北武汉“解封”一周年。双方在共庆建交45周年中提升合作。") is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("45", 45),
        ("４５", 45),
        ("四十五", 45),
        ("十", 10),
        ("一百", 100),
        ("一百零五", 105),
        ("二〇一九", 2019),
    ],
)
def test_cn_number(numeral: str, value: int):
    assert cn_number(numeral) == value


def test_priority_when_sources_disagree():
    lead = (
        "新华社北京3月8日电 2019年3月8日，十二届全国人大五次会议举行记者会。今年是中美建交45周年。"
    )
    meta = infer_metadata(lead, {})
    assert (meta.year, meta.date, meta.sources["year"]) == (2019, "2019-03-08", "dateline")
    assert meta.date_status == "disputed"
    assert [(c.source, c.year) for c in meta.date_conflicts] == [("session", 2017)]
    meta = infer_metadata("十三届全国人大四次会议举行记者会。今年是中美建交45周年。", {})
    assert (meta.year, meta.sources["year"], meta.date_status) == (2021, "session", "known")


def test_dateline_picks_the_matching_full_date():
    text = (
        "新华社北京3月8日电 十三届全国人大二次会议举行记者会。"
        "王毅：2018年12月18日，我们隆重庆祝改革开放40周年。"
    )
    meta = infer_metadata(text, {})
    assert (meta.year, meta.date, meta.sources["year"], meta.sources["date"]) == (
        2019,
        "2019-03-08",
        "session",
        "dateline",
    )


def test_only_the_lead_is_read_for_sessions():
    late = "大家好。" * (LEAD_CHARS // 4) + "十三届全国人大四次会议举行记者会。"
    assert infer_metadata(late, {}).year is None
    answered = "问：十三届全国人大四次会议举行记者会吗？"
    meta = infer_metadata(answered, {})
    assert (meta.year, meta.date_status, meta.sources["year"]) == (None, "missing", "unknown")


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("王毅就中国外交政策和对外关系答记者问", "王毅就中国外交政策和对外关系答记者问"),
        ("原标题：外交部部长王毅答问", "外交部部长王毅答问"),
        ("这是王毅在回答记者提问。", None),
        ("新华社记者崔新钰摄", None),
        ("新华社北京3月8日电", None),
    ],
)
def test_title_from_first_line(first_line: str, title: str | None):
    assert infer_metadata(f"{first_line}\n王毅：大家好。", {}).title == title


def test_url_host_gives_edition_and_publisher():
    meta = infer_metadata(
        "王毅：大家好。", {"url": "https://www.fmprc.gov.cn/wjbzhd/202403/t1.shtml"}
    )
    assert (meta.edition, meta.publisher, meta.sources["publisher"]) == (
        "MFA transcript",
        "外交部",
        "header",
    )


# ---- manifest ----------------------------------------------------------------------------


def test_bundled_manifest_lists_exactly_the_bundled_transcripts():
    manifest = load_manifest(bundled_dir() / "manifest.toml")  # as package data, installed too
    assert set(manifest) == {p.name for p in DATA.glob("*.txt")}
    assert len(manifest) == 5
    for name, meta in manifest.items():
        assert meta.title, name
        assert meta.year, name
        assert meta.date, name
        assert meta.edition, name
        assert meta.note, name
        assert meta.date.startswith(str(meta.year))
        assert set(meta.sources.values()) == {"manifest"}


def test_bundled_manifest_agrees_with_inference():
    """Where inference finds a year and date, the declared ones say the same."""
    for name, declared in load_manifest(bundled_dir() / "manifest.toml").items():
        inferred = infer_metadata(*approx_normalise((DATA / name).read_text(encoding="utf-8")))
        assert inferred.year == declared.year, name
        assert inferred.date in (None, declared.date), name


def test_manifest_round_trip(tmp_path: Path):
    path = tmp_path / "manifest.toml"
    path.write_text(
        '["a.txt"]\ntitle = "标题"\nyear = 2020\ndate = 2020-05-24\nedition = "x"\n'
        'publisher = "外交部"\nurl = "https://example.org/a"\nnote = "n"\n\n'
        '["b.txt"]\ndate = "2021-03-07"\n\n["c.txt"]\n',
        encoding="utf-8",
    )
    entries = load_manifest(path)
    a = entries["a.txt"]
    assert (a.title, a.year, a.date, a.edition, a.publisher, a.url, a.note) == (
        "标题",
        2020,
        "2020-05-24",
        "x",
        "外交部",
        "https://example.org/a",
        "n",
    )
    assert set(a.sources) == {"title", "year", "date", "edition", "publisher", "url", "note"}
    b = entries["b.txt"]
    assert (b.year, b.date) == (2021, "2021-03-07")
    assert b.sources == {"year": "manifest", "date": "manifest"}
    assert entries["c.txt"].sources == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('["a.txt"]\ntitle = "x"\nyear = \n', r"line 3"),
        ('["a.txt"]\nyaer = 2020\n', r"entry 'a\.txt': unknown key 'yaer'"),
        ('["a.txt"]\ndate = "2020-13-01"\n', r"'date' must be an ISO date"),
        ('["a.txt"]\ndate = "March 7"\n', r"'date' must be an ISO date"),
        ('["a.txt"]\ndate = 2020-03-07T10:00:00\n', r"without a time"),
        ('["a.txt"]\nyear = "2020"\n', r"'year' must be an integer"),
        ('["a.txt"]\nyear = 2020\ndate = 2021-03-07\n', r"not in 'year' 2020"),
        ('["a.txt"]\ntitle = 5\n', r"'title' must be a string"),
        ('title = "x"\n', r"must be a table"),
    ],
)
def test_malformed_manifest(tmp_path: Path, text: str, expected: str):
    path = tmp_path / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=expected) as caught:
        load_manifest(path)
    assert caught.value.path == str(path)


def test_unreadable_manifest(tmp_path: Path):
    (tmp_path / "manifest.toml").write_bytes(b'["a.txt"]\ntitle = "\xff"\n')
    with pytest.raises(CorpusError, match="cannot read"):
        load_manifest(tmp_path / "manifest.toml")
    with pytest.raises(CorpusError, match="cannot read"):
        load_manifest(tmp_path / "missing.toml")


def test_parse_manifest_names_its_source():
    with pytest.raises(CorpusError, match=r"^somewhere: invalid TOML"):
        parse_manifest("[", "somewhere")
