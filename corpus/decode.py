"""Turn a transcript file's bytes into text, and refuse what is not a Chinese text.

Decisions:

* ``Decoded.text`` is exactly the decoded characters (a byte-order mark removed, nothing
  else): line ends, spaces and stray U+FFFD stay, because offsets into it are cited to users.
* ``Decoded.encoding`` is the Python codec name that rebuilds ``text`` from the file:
  ``data.decode(encoding)``, or ``data.decode(encoding, "replace")`` for a file with a few
  invalid bytes (a truncated download), whose U+FFFD then stay visible in ``text``.
* ``Decoded.replaced`` counts the invalid byte sequences shown as U+FFFD (not the U+FFFD
  the file itself holds): the loader records them as the repair ``invalid_bytes`` and warns.
* Order: a byte-order mark (UTF-8, UTF-32, UTF-16) is trusted; then strict UTF-8; then, for
  bytes with NULs, BOM-less UTF-16; then the CJK codecs charset-normalizer proposes, plus
  GB18030 and Big5 always. GB2312 and GBK become GB18030, their superset.
* A NUL is a control byte like the others: a few (at most ``MAX_CONTROL_SHARE``) are damage,
  which the normaliser removes and counts, not a sign of a binary file.
* Guessed codecs must give plausible text. Big5 bytes often decode without error as GB18030
  (into nonsense) and vice versa, so of the guesses that decode, the one with the fewest
  characters outside GB2312 (common Simplified) or Big5 (common Traditional) wins, and
  none is taken whose share of such characters is above ``MAX_RARITY``. Private-use and
  replacement characters are in neither set, so they count against a guess.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tifa.corpus.files import Unreadable, read_regular
from tifa.corpus.model import CorpusError

EMPTY = "empty file"
BINARY = "binary file, not text"
UNDECODABLE = "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text"
NOT_CHINESE = "no Chinese text found"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF16 = ("utf-16-le", "utf-16-be")
_ALWAYS_TRIED = ("gb18030", "big5")
_DETECTOR_CODECS = ["gb18030", "big5", "cp950", "big5hkscs"]
_AS_GB18030 = {"gb2312", "gbk"}  # as codecs.lookup() names them

# C0 control bytes a text file does not contain (tab, line ends, form feed, ^Z are fine).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1a")
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
# UTF-8 lead bytes E4..E9 start exactly the code points U+4000..U+9FFF: CJK ideographs.
_NOT_IDEOGRAPH_LEAD = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)

INVALID_BYTES = "invalid_bytes"  # the repair kind: byte sequences decoded as U+FFFD
MAX_CONTROL_SHARE = 0.01  # of bytes
MAX_REPLACED_SHARE = 0.002  # of characters, when decoding leniently
MAX_RARITY = 0.1  # real texts: 0-1 %; Big5 read as GB18030 ~50 %, UTF-8 as GB18030 ~37 %
MIN_IDEOGRAPHS = 20
MIN_IDEOGRAPH_SHARE = 0.10  # of non-space characters


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the codec that produced it, the SHA-256 of its bytes (hex), and how
    many invalid byte sequences the text shows as U+FFFD."""

    text: str
    encoding: str
    sha256: str
    replaced: int = 0


def damage_warning(path: str, replaced: int, encoding: str) -> str | None:
    """The warning a loader gives for a file with ``replaced`` invalid byte sequences."""
    if not replaced:
        return None
    what = "sequence" if replaced == 1 else "sequences"
    return f"{path}: {replaced} invalid byte {what}, shown as U+FFFD ({encoding})"


def read_file(path: str | Path) -> Decoded:
    """Read and decode one transcript; every failure is a CorpusError naming the file."""
    return decode_bytes(read_bytes(path), str(path))


def read_bytes(path: str | Path) -> bytes:
    """A transcript file's bytes; CorpusError naming the file if they cannot be read. Only
    a regular file of at most ``files.MAX_BYTES`` is read (see ``corpus.files``)."""
    try:
        return read_regular(path)
    except Unreadable as error:
        raise CorpusError(str(path), str(error)) from None


def decode_bytes(data: bytes, path: str) -> Decoded:
    """Decode a transcript file's bytes; ``path`` only names the file in errors."""
    text, encoding = _decode(data, path)
    if not text:
        raise CorpusError(path, EMPTY)
    utf8 = data if encoding == "utf-8" else text.encode("utf-8")
    if _looks_binary(utf8):
        raise CorpusError(path, BINARY)
    if not _is_chinese(text, utf8):
        raise CorpusError(path, NOT_CHINESE)
    return Decoded(
        text, encoding, hashlib.sha256(data).hexdigest(), _replaced(data, text, encoding)
    )


def _replaced(data: bytes, text: str, encoding: str) -> int:
    """Invalid byte sequences in ``text``: its U+FFFD less those that decode from valid bytes
    (which dropping the invalid ones keeps)."""
    if "\ufffd" not in text:
        return 0
    return text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """The text and its codec, in the order the module docstring gives."""
    bom_codec = _bom_codec(data)
    if bom_codec is not None:
        text = _strict(data, bom_codec)
        if text is None:
            text = _lenient(data, bom_codec)
        if text is None:
            raise CorpusError(path, f"cannot decode as {bom_codec} despite its byte-order mark")
        return text, bom_codec
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if b"\0" in data:  # UTF-16 has a NUL in every ASCII character; other text, few or none
        utf16 = _most_plausible(data, _strict, _UTF16)
        if utf16 is not None:
            return utf16
    if _looks_binary(data):
        raise CorpusError(path, BINARY)
    candidates = _legacy_codecs(data)
    return _guess(data, candidates, (*candidates, "utf-8"), path, UNDECODABLE)


def _bom_codec(data: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def _legacy_codecs(data: bytes) -> list[str]:
    """Codecs to try on non-UTF-8 bytes: the detector's CJK picks, then GB18030 and Big5."""
    from charset_normalizer import from_bytes  # 35 ms to import; only legacy files need it

    proposed = (match.encoding for match in from_bytes(data, cp_isolation=_DETECTOR_CODECS))
    return list(dict.fromkeys(_canonical(name) for name in (*proposed, *_ALWAYS_TRIED)))


def _canonical(name: str) -> str:
    """Python's codec name, with GB2312/GBK widened to GB18030."""
    name = codecs.lookup(name).name
    return "gb18030" if name in _AS_GB18030 else name


def _guess(
    data: bytes, strict: Sequence[str], lenient: Sequence[str], path: str, failure: str
) -> tuple[str, str]:
    """The most plausible strict decoding, else the most plausible lenient one.

    Ties go to the earlier codec (the detector's order, then GB18030 before Big5).
    """
    for decode, candidates in ((_strict, strict), (_lenient, lenient)):
        best = _most_plausible(data, decode, candidates)
        if best is not None:
            return best
    raise CorpusError(path, failure)


def _most_plausible(
    data: bytes, decode: Callable[[bytes, str], str | None], candidates: Sequence[str]
) -> tuple[str, str] | None:
    scored = []
    for order, codec in enumerate(candidates):
        text = decode(data, codec)
        if text is not None and (rarity := _rarity(text)) <= MAX_RARITY:
            scored.append((rarity, order, text, codec))
    if not scored:
        return None
    _, _, text, codec = min(scored)
    return text, codec


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, codec: str) -> str | None:
    """The text with invalid bytes replaced, if they are few enough to be damage."""
    text = data.decode(codec, "replace")
    replaced = text.count("\ufffd")
    return text if replaced <= max(2, len(text) * MAX_REPLACED_SHARE) else None


def _rarity(text: str) -> float:
    """Share of characters that the better-fitting of GB2312 and Big5 cannot encode."""
    questions = text.count("?")
    outside_gb = text.encode("gb2312", "replace").count(b"?") - questions
    outside_big5 = text.encode("big5", "replace").count(b"?") - questions
    return min(outside_gb, outside_big5) / max(1, len(text))


def _looks_binary(data: bytes) -> bool:
    """More control bytes (NUL included) than text files have (on ASCII-compatible bytes)."""
    controls = len(data.translate(None, _NOT_CONTROL))
    return controls > len(data) * MAX_CONTROL_SHARE


def _is_chinese(text: str, utf8: bytes) -> bool:
    """Enough CJK ideographs, absolutely and as a share of the non-space characters."""
    ideographs = len(utf8.translate(None, _NOT_IDEOGRAPH_LEAD))
    non_space = len("".join(text.split()))
    return ideographs >= MIN_IDEOGRAPHS and ideographs >= non_space * MIN_IDEOGRAPH_SHARE
