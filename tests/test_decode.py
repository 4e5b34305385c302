"""Decoding transcript files and folding their script: offsets must survive both."""

from __future__ import annotations

import hashlib
import random
from functools import cache
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tifa.corpus import decode, load_file, script
from tifa.corpus.decode import decode_bytes, read_file
from tifa.corpus.model import CorpusError
from tifa.corpus.script import detect_script, fold_width, to_simplified

DATA = Path(__file__).parent.parent / "corpus" / "data"
SEEDS = sorted(DATA.glob("[0-9][0-9][0-9]_*.txt"))
SEED_IDS = [seed.name[:3] for seed in SEEDS]


def seed_text(seed: Path) -> str:
    return seed.read_bytes().decode("utf-8")


@cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def traditional(text: str, config: str = "s2t") -> str:
    return _opencc(config).convert(text)


def write(tmp_path: Path, data: bytes, name: str = "transcript.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_there_are_five_seeds() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
@pytest.mark.parametrize(
    ("codec", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),  # no BOM: told by its NUL bytes
        ("utf-32", "utf-32"),
    ],
)
def test_simplified_seed_round_trips(tmp_path: Path, seed: Path, codec: str, recorded: str) -> None:
    text = seed_text(seed)
    data = text.encode(codec)
    decoded = read_file(write(tmp_path, data))
    assert decoded.text == text
    assert decoded.encoding == recorded
    assert decoded.sha256 == hashlib.sha256(data).hexdigest()
    assert data.decode(decoded.encoding) == decoded.text


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
def test_big5_is_not_mistaken_for_gb18030(tmp_path: Path, seed: Path) -> None:
    data = traditional(seed_text(seed)).encode("big5", errors="ignore")
    expected = data.decode("big5")
    data.decode("gb18030")  # the trap: Big5 bytes are also "valid" GB18030
    decoded = read_file(write(tmp_path, data))
    assert decoded.encoding == "big5"
    assert decoded.text == expected


def test_gbk_file_is_read_as_gb18030() -> None:
    text = seed_text(SEEDS[0])
    assert decode_bytes(text.encode("gbk"), "x.txt").encoding == "gb18030"


def test_line_endings_and_spaces_are_kept() -> None:
    text = "台湾是中国领土不可分割的一部分。\r\n  世界上只有一个中国，\r台湾是中国的一部分。\n" * 3
    assert decode_bytes(text.encode("gb18030"), "x.txt").text == text
    assert decode_bytes(text.encode("utf-8-sig"), "x.txt").text == text


def test_truncated_utf8_keeps_a_visible_replacement() -> None:
    data = seed_text(SEEDS[1]).encode("utf-8")
    data = data[: data.rindex("。".encode()) + 2]  # cut inside the full stop's three bytes
    decoded = decode_bytes(data, "x.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("\ufffd")
    assert data.decode(decoded.encoding, "replace") == decoded.text


def test_valid_utf8_never_calls_the_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def detector(data: bytes) -> list[str]:
        raise AssertionError("charset-normalizer used on valid UTF-8")

    monkeypatch.setattr(decode, "_legacy_codecs", detector)
    assert decode_bytes(SEEDS[0].read_bytes(), "x.txt").encoding == "utf-8"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file, not text"),
        (random.Random(7).randbytes(4096), "binary file, not text"),
        (bytes(random.Random(8).randrange(1, 32) for _ in range(200)), "binary file, not text"),
        (b"The Foreign Minister answered questions.\n" * 50, "no Chinese text found"),
        ("中国 China, the People's Republic of, 1949-\n".encode() * 10, "no Chinese text found"),
        ("中文".encode(), "no Chinese text found"),
    ],
    ids=["empty", "bom-only", "png", "random", "controls", "english", "mostly-latin", "short"],
)
def test_unusable_files_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, data)
    with pytest.raises(CorpusError) as caught:
        read_file(path)
    assert caught.value.reason == reason
    assert str(path) in str(caught.value)


def test_big5_with_a_damaged_byte_is_still_big5() -> None:
    data = traditional(seed_text(SEEDS[0])).encode("big5", errors="ignore")
    decoded = decode_bytes(data[:1000] + b"\xff" + data[1000:], "x.txt")
    assert decoded.encoding == "big5"
    assert decoded.text.count("\ufffd") == 1


def test_garbled_gb18030_reading_is_refused() -> None:
    """Big5 spiked with GB-only bytes: only GB18030 decodes it, into nonsense."""
    text = traditional(seed_text(SEEDS[0]))[:2000]
    spike = b"\x81\x40"  # GB18030 for U+4E02; no Big5 variant has a 0x81 lead byte
    data = b"".join(
        char.encode("big5", errors="ignore") + (spike if i % 20 == 0 else b"")
        for i, char in enumerate(text)
    )
    data.decode("gb18030")
    with pytest.raises(CorpusError) as caught:
        decode_bytes(data, "x.txt")
    assert caught.value.reason == decode.UNDECODABLE


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(CorpusError) as caught:
        read_file(path)
    assert caught.value.reason == "cannot read: No such file or directory"
    assert str(path) in str(caught.value)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read") as caught:
        read_file(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_to_simplified_example() -> None:
    assert to_simplified("臺灣是中國領土不可分割的一部分") == "台湾是中国领土不可分割的一部分"


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
@pytest.mark.parametrize("config", ["s2t", "s2tw"])
def test_to_simplified_keeps_length_on_traditional_seeds(seed: Path, config: str) -> None:
    text = traditional(seed_text(seed), config)
    assert len(to_simplified(text)) == len(text)


class _LengthChangingConverter:
    """A stand-in for OpenCC whose phrase rule turns two characters into three."""

    def convert(self, text: str) -> str:
        return text.replace("臺灣", "台湾省").replace("國", "国")


def test_to_simplified_falls_back_when_a_phrase_changes_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(script, "_converter", lambda config: _LengthChangingConverter())
    text = "中國\n臺灣是中國的\n"
    assert to_simplified(text) == "中国\n臺灣是中国的\n"


def test_to_simplified_passes_lone_surrogates_through() -> None:
    assert to_simplified("臺\udc80灣") == "台\udc80湾"


@given(st.text())
def test_to_simplified_always_keeps_length(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
def test_detect_script_on_seeds(seed: Path) -> None:
    text = seed_text(seed)
    half = len(text) // 2
    assert detect_script(text) == "simplified"
    assert detect_script(traditional(text)) == "traditional"
    assert detect_script(traditional(text, "s2tw")) == "traditional"
    assert detect_script(text[:half] + traditional(text[half:])) == "mixed"


def test_detect_script_without_convertible_characters() -> None:
    assert detect_script("") == "simplified"
    assert detect_script("中文 abc") == "simplified"


def test_fold_width() -> None:
    assert fold_width("ＧＤＰ增长５．２％，ｅｔｃ") == "GDP增长5．2％，etc"


@given(st.text())
def test_fold_width_keeps_length(text: str) -> None:
    assert len(fold_width(text)) == len(text)


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_a_traditional_file_keeps_its_title_as_printed(tmp_path: Path, encoding: str) -> None:
    """Metadata is matched on the Simplified key; the title a reader sees is the file's own."""
    text = traditional(seed_text(DATA / "003_db33bc463a1b7477.txt"))
    path = write(tmp_path, text.encode(encoding, errors="ignore"))
    doc = load_file(path, use_cache=False)
    assert doc.metadata.sources["title"] == "style"
    assert doc.title == "國務委員兼外交部長王毅就中國外交政策和對外關係回答中外記者提問"
    assert doc.title in doc.raw


def test_one_nul_byte_is_damage_to_repair_not_a_binary_file(tmp_path: Path) -> None:
    """A NUL in a 37 KB transcript (a bad copy, a zero-filled block) is removed and counted
    like any other control character; a file of controls is still binary."""
    from tifa.corpus import load_corpus

    text = seed_text(SEEDS[1])
    middle = text.index("。", len(text) // 2) + 1
    damaged = (text[:middle] + "\0" + text[middle:]).encode("utf-8")
    decoded = decode_bytes(damaged, "x.txt")
    assert (decoded.text, decoded.encoding) == (text[:middle] + "\0" + text[middle:], "utf-8")
    gb = decode_bytes((text[:middle] + "\0" + text[middle:]).encode("gb18030"), "x.txt")
    assert gb.encoding == "gb18030"
    clean = load_corpus([str(write(tmp_path, text.encode("utf-8"), "clean.txt"))]).documents[0]
    doc = load_corpus([str(write(tmp_path, damaged))]).documents[0]
    assert doc.text == clean.text
    assert doc.repairs["control_chars"] == clean.repairs.get("control_chars", 0) + 1
    with pytest.raises(CorpusError, match="binary file"):
        decode_bytes(text.encode("utf-8").replace("。".encode(), b"\0\0\0"), "x.txt")


def test_invalid_utf8_in_the_middle_is_counted_and_reported(tmp_path: Path) -> None:
    """Invalid bytes become U+FFFD (offsets stay those of data.decode(codec, "replace")); the
    document counts them as a repair, and loading warns, naming the file."""
    from tifa.corpus import load_corpus

    text = seed_text(SEEDS[0])
    middle = len(text.encode("utf-8")) // 2
    data = text.encode("utf-8")
    cut = data.index("。".encode(), middle) + 3  # after a 。: between characters
    later = data.index("。".encode(), cut) + 3
    damaged = data[:cut] + b"\xff" + data[cut:later] + b"\xfe" + data[later:]
    decoded = decode_bytes(damaged, "x.txt")
    assert decoded.encoding == "utf-8" and decoded.replaced == 2
    assert damaged.decode("utf-8", "replace") == decoded.text
    honest = (text + "（原文如此：\ufffd）").encode("utf-8")  # a U+FFFD the file really holds
    assert decode_bytes(honest, "x.txt").replaced == 0
    corpus = load_corpus([str(write(tmp_path, damaged))])
    assert corpus.documents[0].repairs["invalid_bytes"] == 2
    assert corpus.warnings == (
        f"{tmp_path / 'transcript.txt'}: 2 invalid byte sequences, shown as U+FFFD (utf-8)",
    )
