"""Reversible normalisation of a decoded transcript.

Every pass only deletes characters or replaces a run by one of the same length, so the
normalised text is the raw text with holes and substitutions, and ``offsets[i]`` (the raw
index of normalised character ``i``) is all that is needed to cite any span in the source.
Passes run in a fixed order; each one counts what it repaired under a readable kind so a
user can see how noisy a source was. Layout-only changes (line ends, indentation, blank
lines) are not counted as repairs.

A query is normalised like a transcript (``kwic.query_key``), so a command that only
searches imports this module for one short line: its patterns are compiled on first use
(``charclass.compiled_on_use``), a pass that needs a character the text lacks returns
before using its pattern, and the speaker parser is imported only for a text of four
lines or more. Compiling every pattern costs ~10 ms; a query of Chinese characters
compiles the few cheap ones.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from tifa.corpus.charclass import CJK, IDEOGRAPH, SENTENCE_END, compiled_on_use

# (start, end, replacement, kind): replacement is "" (delete) or has length end - start.
Edit = tuple[int, int, str, str]
Pass = Callable[[str, "Context"], Iterable[Edit]]

HEADER_KEYS = ("title", "url", "author", "date", "source", "content")
LAYOUT = "layout"


@dataclass
class Context:
    """What passes learn about the document on the way (the header, hints for metadata)."""

    header: dict[str, str] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=dict)

    @property
    def ocr(self) -> bool:
        return self.repairs.get("cjk_spaces", 0) >= 20


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    offsets: array
    header: dict[str, str]
    repairs: dict[str, int]

    @property
    def hints(self) -> frozenset[str]:
        """Style hints for metadata inference: what the repairs say about the source."""
        hints = set()
        if self.repairs.get("markdown_markers"):
            hints.add("markdown")
        if self.repairs.get("continuation_markers"):
            hints.add("continuation")
        if self.repairs.get("cjk_spaces", 0) >= 20:
            hints.add("ocr")
        if self.header:
            hints.add("header")
        return frozenset(hints)


def _apply(text: str, offsets: array, edits: list[Edit]) -> tuple[str, array]:
    """Apply merged edits (``_merge``): a deletion drops characters and their offsets, a
    substitution (as long as what it replaces) keeps the offsets. Slices of the text and
    of the offset array, joined: as fast as numpy was here, and a query's normalisation
    (``kwic.query_key``) does not import numpy (~45 ms)."""
    if not edits:
        return text, offsets
    pieces: list[str] = []
    kept = array(offsets.typecode)
    done = 0
    for start, end, replacement, _ in edits:
        if start < done or start == end:
            continue  # an empty edit inside an earlier one (see ``_merge``)
        if replacement and len(replacement) != end - start:
            raise ValueError(f"substitution changes a length: {replacement!r}")
        pieces += (text[done:start], replacement)
        kept.extend(offsets[done:start])
        if replacement:
            kept.extend(offsets[start:end])
        done = end
    pieces.append(text[done:])
    kept.extend(offsets[done:])
    return "".join(pieces), kept


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    start = 0
    for m in re.finditer("\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


# --- passes -----------------------------------------------------------------------------

_HEADER_LINE = compiled_on_use(rf"^({'|'.join(HEADER_KEYS)})\s*[:：][ \t]*(.*)$", re.IGNORECASE)


def header_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """A ``title:/url:/author:/content:`` block at the top is metadata, not transcript."""
    pos = 0
    for start, end in _lines(text):
        line = text[start:end].strip()
        if not line and not ctx.header:
            continue
        m = _HEADER_LINE().match(line)
        if not m:
            break
        key, value = m.group(1).lower(), m.group(2).strip()
        if key != "content" and value:
            ctx.header[key] = value
        pos = min(end + 1, len(text))
        if key == "content":
            break
    if ctx.header and pos:
        yield 0, pos, "", "header_lines"


_CONTROL = compiled_on_use(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences (colours, cursor moves)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC sequences (titles, hyperlinks)
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2028\u2029\ufeff]"
)


def control_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Terminal escapes and control characters never reach a screen or a match."""
    if text.isprintable():
        return  # all of them (and "\r") are Unicode's "other" or line separators
    for m in _CONTROL().finditer(text):
        yield m.start(), m.end(), "", "control_chars"
    for m in re.finditer("\r\n?", text):
        if m.group() == "\r\n":
            yield m.start(), m.start() + 1, "", LAYOUT
        else:
            yield m.start(), m.end(), "\n", LAYOUT


_MARKDOWN = compiled_on_use(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def markdown_pass(text: str, ctx: Context) -> Iterator[Edit]:
    for m in _MARKDOWN().finditer(text):
        width = len(m.group(1))
        yield m.start(), m.start() + width, "", "markdown_markers"
        yield m.end() - width, m.end(), "", "markdown_markers"


_CONTINUATION = compiled_on_use(
    r"[（(]\s*(?:上接|下转|紧接|接|转)第?\s*[一二三四五六七八九十\d]+\s*版\s*[）)]"
)


def continuation_pass(text: str, ctx: Context) -> Iterator[Edit]:
    if "（" not in text and "(" not in text:
        return
    for m in _CONTINUATION().finditer(text):
        yield m.start(), m.end(), "", "continuation_markers"


_NAME = rf"[{IDEOGRAPH}·A-Za-z]{{2,14}}"
_CREDIT = compiled_on_use(
    rf"(?:[（(][^（）()\n]{{2,30}}?[ \t\u3000]+[摄攝][）)]"
    rf"|{_NAME}(?:[ \t\u3000]+{_NAME}){{1,3}}[ \t\u3000]+[摄攝])[ \t\u3000]*$"
)


def caption_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Photo captions: a credit ("新华社记者 崔新钰 摄", "（中国人大网 罗荣 摄）") and the
    short description line or sentence that goes with it."""
    if "摄" not in text and "攝" not in text:
        return  # every credit ends in one of them
    lines = list(_lines(text))
    for i, (start, end) in enumerate(lines):
        m = _CREDIT().search(text, start, end)
        if not m:
            continue
        before = text[start : m.start()].strip()
        if len(before) <= 40:
            yield start, min(end + 1, len(text)), "", "captions"
        else:
            yield m.start(), m.end(), "", "captions"
            continue
        if before or i == 0:
            continue
        prev_start, prev_end = lines[i - 1]
        prev = text[prev_start:prev_end].strip()
        lead_blank = i < 2 or not text[lines[i - 2][0] : lines[i - 2][1]].strip()
        if prev and len(prev) <= 40 and lead_blank:
            yield prev_start, prev_end + 1, "", "captions"


_SPACES = "[ \t\u3000\u00a0]+"
_CJK_CHAR = compiled_on_use(f"[{CJK}]")


def space_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Drop spaces next to CJK (OCR column breaks: "台湾 是中国领土"), keep them between
    Latin words, and strip line ends."""
    for start, end in _lines(text):
        line = text[start:end]
        lead = len(line) - len(line.lstrip(" \t\u3000\u00a0"))
        if lead == len(line):
            if line:
                yield start, end, "", LAYOUT
            continue
        if lead:
            yield start, start + lead, "", LAYOUT
        trail = len(line) - len(line.rstrip(" \t\u3000\u00a0"))
        if trail:
            yield end - trail, end, "", LAYOUT
        for m in re.finditer(_SPACES, line[lead : len(line) - trail]):
            s, e = m.start() + lead, m.end() + lead
            left, right = line[s - 1], line[e]
            if _CJK_CHAR().match(left) or _CJK_CHAR().match(right):
                yield start + s, start + e, "", "cjk_spaces"


def blank_line_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Paragraphs are separated by exactly one newline; none at either end."""
    for m in re.finditer(r"\n{2,}", text):
        yield m.start(), m.end() - 1, "", LAYOUT
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        yield 0, lead, "", LAYOUT
    trail = len(text) - len(text.rstrip("\n"))
    if trail and trail < len(text):
        yield len(text) - trail, len(text), "", LAYOUT


_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_HALF_PUNCT = compiled_on_use(
    r"[,:;!?()](?:[ \t]*[,:;!?()])*|(?<=[" + IDEOGRAPH + r"])\.(?=$|\n|[" + IDEOGRAPH + "])"
)


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character from ``i`` in direction ``step`` that is not a space: spaces
    beside full-width punctuation go later, and must not change the verdict then."""
    while 0 <= i < len(text) and text[i] in " \t":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def punctuation_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Half-width punctuation beside CJK becomes full-width, a run of it ("?!") as a whole;
    "1,000" and "12:30" stay."""
    if not any(ch in text for ch in ",:;!?()."):
        return  # every match holds one of them
    for m in _HALF_PUNCT().finditer(text):
        i, j = m.start(), m.end()
        left = _neighbour(text, i - 1, -1)
        right = _neighbour(text, j, 1)
        if left.isdigit() and right.isdigit() and j - i == 1:
            continue
        if m.group() == "." or _CJK_CHAR().match(left or " ") or _CJK_CHAR().match(right or " "):
            full = "".join(_FULL_WIDTH.get(ch, ch if ch in " \t" else "。") for ch in m.group())
            yield i, j, full, "half_width_punctuation"


def quote_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Straight quotes in CJK paragraphs become curly, opening and closing in turn."""
    if '"' not in text and "'" not in text:
        return
    for start, end in _lines(text):
        if not _CJK_CHAR().search(text, start, end):
            continue
        open_double = open_single = True
        for m in re.finditer("[\"']", text[start:end]):
            i = start + m.start()
            if m.group() == '"':
                yield i, i + 1, "“" if open_double else "”", "straight_quotes"
                open_double = not open_double
            else:
                left = text[i - 1] if i > start else ""
                right = text[i + 1] if i + 1 < end else ""
                if left.isascii() and left.isalpha() and right.isascii() and right.isalpha():
                    continue
                yield i, i + 1, "‘" if open_single else "’", "straight_quotes"
                open_single = not open_single


_OCR_YI = compiled_on_use(rf"(?:^|(?<=[\n{SENTENCE_END}]))[-－](?=[{IDEOGRAPH}])")


def ocr_character_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """OCR reads 一 as a hyphen at the start of a sentence ("-年来" → "一年来")."""
    if "-" not in text and "－" not in text:
        return
    for m in _OCR_YI().finditer(text):
        yield m.start(), m.end(), "一", "ocr_characters"


_PAGE_NUMBER = compiled_on_use(r"^(?:第\s*\d+\s*版|[-—]\s*\d+\s*[-—]|\d{1,3}|第\d+页)$")
_HEAD_CHARS = 400


def _echoes(line: str, head: str, pieces: int = 2, shortest: int = 4) -> bool:
    """True when ``line`` is made of at most ``pieces`` runs copied from ``head`` (a running
    head often drops a middle phrase of the title: "国务委员兼外交部长王毅回答中外记者提问")."""
    if len(line) < 6:
        return False
    i = 0
    for _ in range(pieces):
        n = shortest
        if line[i : i + n] not in head:
            return False
        while i + n < len(line) and line[i : i + n + 1] in head:
            n += 1
        i += n
        if i == len(line):
            return True
    return False


_OPENERS = "《“‘「『（(【〔"
_CLOSERS = "》”’」』）)】〕"
_REPEAT_MIN = 4


def page_header_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """Running heads a newspaper repeats at a page top, and page numbers.

    A running head is a short unpunctuated line past the lead that repeats, or, on an OCR
    page, that echoes the title or lead printed before it (the 2021 page). Lines that only
    look like one are kept: the heading and section titles of a long text, which often echo
    its title or table of contents (the echo rule is for OCR pages only); a repeated word a
    web page put on a line of its own because it was a link ("…《\n修养\n》…", "工贼\n刘少奇
    \n为首的"), shorter than ``_REPEAT_MIN`` or inside brackets or quotes.
    """
    lines = [(s, e) for s, e in _lines(text) if e > s]
    if len(lines) < 4:
        return
    body_start = lines[2][1]
    counts: dict[str, int] = {}
    for s, e in lines:
        counts[text[s:e]] = counts.get(text[s:e], 0) + 1
    for i, (s, e) in enumerate(lines):
        if s < body_start:
            continue
        line = text[s:e]
        if _PAGE_NUMBER().match(line):
            yield s, min(e + 1, len(text)), "", "page_headers"
            continue
        if len(line) > 40 or re.search(r"[，。！？；：,.!?;:]", line):
            continue
        before = text[lines[i - 1][1] - 1]
        after = text[lines[i + 1][0]] if i + 1 < len(lines) else ""
        quoted = before in _OPENERS or (after and after in _CLOSERS)
        repeated = counts[line] >= 2 and len(line) >= _REPEAT_MIN and not quoted
        head = text[: min(_HEAD_CHARS, s)] + ctx.header.get("title", "")
        if repeated or (ctx.ocr and _echoes(line, head)):
            yield s, min(e + 1, len(text)), "", "page_headers"


@cache
def _label() -> re.Pattern[str]:
    """A speaker label opening a line (as long as ``speakers.MAX_LABEL`` allows)."""
    from tifa.corpus.speakers import MAX_LABEL

    return re.compile(rf"^(?P<label>[^：:\n]{{1,{MAX_LABEL}}})[：:]", re.MULTILINE)


# A sentence end as the text has it now or will after punctuation_pass (which runs later):
# half-width "!?" and a "." between ideographs count already, so the verdicts of
# paragraph_join_pass do not change when the text is normalised again.
_SENTENCE_END_CHAR = compiled_on_use(
    rf"[{SENTENCE_END}!?]|(?<=[{IDEOGRAPH}])\.(?=$|\n|[{IDEOGRAPH}])", re.MULTILINE
)
_OPEN_END = compiled_on_use(rf"[{IDEOGRAPH}A-Za-z0-9、，,]$")


def paragraph_join_pass(text: str, ctx: Context) -> Iterator[Edit]:
    """A paragraph that stops mid-sentence continues in the next one (a print line break),
    unless the next one opens with a speaker label. On OCR pages such a stop is usually a
    truncation (the rest of the line was lost), so there it is only counted. Headings are
    never joined: lines before the first sentence end (title, subtitle, dateline, author:
    "习近平" above "同志们："), and a short unpunctuated line that follows a finished
    sentence (a section title, "关于九大路线"); a short line that follows an unfinished one
    is a fragment a web page split off (a link: "工贼\n刘少奇\n为首的") and is joined."""
    lines = list(_lines(text))
    if len(lines) < 4:
        return  # no two lines after the first two: nothing to join
    from tifa.corpus.speakers import SpeakerBook

    book = SpeakerBook([m.group("label") for m in _label().finditer(text)])
    first_end = _SENTENCE_END_CHAR().search(text)
    body = first_end.start() if first_end else len(text)
    for i, ((start, end), (next_start, next_end)) in enumerate(itertools.pairwise(lines[2:]), 2):
        if end < body or not _OPEN_END().search(text, start, end) or next_start == next_end:
            continue
        if _section_title(text, start, end) and _finished(text, lines[i - 1]):
            continue
        label = _label().match(text, next_start, next_end)
        if label and book.classify(label.group("label")):
            continue
        if ctx.ocr:
            yield end, end, "", "unterminated_paragraphs"
        else:
            yield end, end + 1, "", "joined_paragraphs"


_SECTION_TITLE_MAX = 30
_ANY_PUNCTUATION = compiled_on_use(r"[，。！？；：,.!?;:]")


def _section_title(text: str, start: int, end: int) -> bool:
    """Short, unpunctuated ("、" only after an ordinal: "一、历史性的转变和新的伟大任务")."""
    return (
        end - start <= _SECTION_TITLE_MAX
        and not _ANY_PUNCTUATION().search(text, start, end)
        and "、" not in text[start + 3 : end]
    )


def _finished(text: str, line: tuple[int, int]) -> bool:
    """True when ``line`` is empty or ends a sentence (so the line after it starts afresh)."""
    start, end = line
    stripped = text[start:end].rstrip()
    if not stripped or stripped[-1] in "”’」』）)":
        return True
    last = start + len(stripped) - 1
    return _SENTENCE_END_CHAR().match(text, last) is not None


PASSES: tuple[Pass, ...] = (
    control_pass,
    header_pass,
    markdown_pass,
    continuation_pass,
    caption_pass,
    space_pass,
    blank_line_pass,
    page_header_pass,
    blank_line_pass,
    paragraph_join_pass,
    quote_pass,
    punctuation_pass,
    space_pass,
    ocr_character_pass,
)


def _merge(edits: Iterable[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlap an earlier one (first pass wins)."""
    merged: list[Edit] = []
    last_end = -1
    for edit in sorted(edits, key=lambda e: (e[0], e[1])):
        if edit[0] >= last_end or edit[0] == edit[1]:
            merged.append(edit)
            last_end = max(last_end, edit[1])
    return merged


def normalise(raw: str) -> Normalised:
    """Run every pass over ``raw``; see the module docstring for the guarantees."""
    ctx = Context()
    text = raw
    offsets = array("I", range(len(raw)))
    repairs = ctx.repairs
    for run in PASSES:
        edits = _merge(run(text, ctx))
        for _, _, _, kind in edits:
            if kind != LAYOUT:
                repairs[kind] = repairs.get(kind, 0) + 1
        text, offsets = _apply(text, offsets, edits)
    return Normalised(text, offsets, dict(ctx.header), repairs)
