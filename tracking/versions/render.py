"""A document diff as JSON, as text for a terminal or pager, as Markdown, and as a standalone
HTML page; ``render_diff`` picks one by name, for ``tifa diff`` and the Compare view alike.

Decisions:

* Inline, not side by side: CJK and punctuation widths differ between terminals, so columns
  drift; one line per sentence with the edits marked in place reads the same everywhere.
  Marks are ``[-deleted-]`` and ``[+inserted+]``; with colour, red and green instead.
* Corpus text is data: in text output it goes through ``plain`` (no escapes, no control
  characters), in Markdown its syntax characters are backslash-escaped, in HTML it is
  ``html.escape``d, attributes included.
* A hidden edit type (``--hide``) drops turns and sentences that are wholly such an edit
  (see ``tracking.versions.diff.visible_rows``) and shows word edits of that type as B's text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection
from typing import Any, Literal

from tifa.corpus.info import info_of
from tifa.corpus.model import Document
from tifa.tracking.exports import DIFF_FORMATS, md_escape, plain, to_json
from tifa.tracking.listing import document_record
from tifa.tracking.versions.diff import DocumentDiff, SentenceRow, TurnRow, visible_rows
from tifa.tracking.versions.edit_types import EDIT_TYPE_HELP, EDIT_TYPES

Part = tuple[Literal["same", "del", "ins"], str, str]  # (mark, text, edit type)

PARTS = (
    ("identical", "identical"),
    ("edited", "edited"),
    ("only_a", "only in A"),
    ("only_b", "only in B"),
)
_KIND_LABEL = {"only_a": "only in A", "only_b": "only in B"}
SENTENCE_MARK = {"equal": "=", "edited": "~", "only_a": "-", "only_b": "+"}
_ANSI = {
    "del": "\x1b[31m",
    "ins": "\x1b[32m",
    "head": "\x1b[1;36m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
    "reset": "\x1b[0m",
}


def render_diff(
    diff: DocumentDiff, fmt: str, hide: Collection[str] = (), colour: bool = False
) -> str:
    """``diff`` in one of ``DIFF_FORMATS``, with the edit types in ``hide`` hidden; ``colour``
    paints the text format with terminal colours."""
    if fmt == "json":
        return to_json(diff_to_json(diff, hide))
    if fmt == "md":
        return render_markdown(diff, hide)
    if fmt == "html":
        return render_html(diff, hide)
    if fmt == "text":
        return render_text(diff, hide, colour=colour)
    raise ValueError(f"{fmt}: not a diff format ({', '.join(DIFF_FORMATS)})")


def inline_parts(row: SentenceRow, hide: Collection[str] = ()) -> list[Part]:
    """A sentence row as a run of same/deleted/inserted texts, in reading order.

    Neighbouring parts with the same mark and type are joined, so a reader sees one
    insertion where the word diff found several.
    """
    parts: list[Part] = []

    def add(mark: Literal["same", "del", "ins"], text: str, edit_type: str) -> None:
        if parts and parts[-1][0] == mark and parts[-1][2] == edit_type:
            parts[-1] = (mark, parts[-1][1] + text, edit_type)
        elif text:
            parts.append((mark, text, edit_type))

    for piece in row.pieces:
        if piece.op == "equal" or piece.type in hide:
            add("same", piece.b_text, "")
            continue
        add("del", piece.a_text, piece.type)
        add("ins", piece.b_text, piece.type)
    return parts


def turn_heading(row: TurnRow) -> str:
    """ "A#2 新华社记者 ↔ B#3 新华社记者 · question · 0.89", plain text."""

    def side(name: str, index: int | None, label: str | None) -> str:
        return f"{name}#{index} {plain(label) or '(no label)'}" if index is not None else ""

    a, b = side("A", row.a_turn, row.a_speaker), side("B", row.b_turn, row.b_speaker)
    if row.kind == "only_a":
        return f"{a} · {row.role} · only in A"
    if row.kind == "only_b":
        return f"{b} · {row.role} · only in B"
    moved = " · moved" if row.kind == "moved" else ""
    return f"{a} ↔ {b} · {row.role} · {row.similarity:.2f}{moved}"


def summary_lines(diff: DocumentDiff, hide: Collection[str] = ()) -> list[str]:
    s = diff.summary
    shares = " · ".join(f"{label} {s.share(part):.1%}" for part, label in PARTS)
    turns = ", ".join(f"{n} {_KIND_LABEL.get(k, k)}" for k, n in s.turns.items())
    sentences = ", ".join(f"{n} {_KIND_LABEL.get(k, k)}" for k, n in s.sentences.items())
    counts = " · ".join(f"{t} {s.counts[t]}" for t in EDIT_TYPES if s.counts[t])
    lines = [shares, f"turns: {turns}", f"sentences: {sentences}", f"edits: {counts or 'none'}"]
    if diff.windows is not None:
        lines.insert(0, window_line(diff))
    if hide:
        lines.append("hidden: " + ", ".join(t for t in EDIT_TYPES if t in hide))
    return lines


def window_line(diff: DocumentDiff) -> str:
    """Which spans were diffed (raw-file offsets), for a diff restricted to windows."""
    assert diff.windows is not None
    spans = [
        f"{name} {start}–{end} of {len(doc.raw)}"
        for name, doc, window in zip("AB", (diff.a, diff.b), diff.windows, strict=True)
        for start, end in (doc.raw_span(*window),)
    ]
    return "compared: " + ", ".join(spans) + " characters (each read as one run of sentences)"


def _doc_line(mark: str, doc: Document) -> str:
    fields = [doc.id, doc.date or doc.year, doc.edition, doc.title]
    return f"{mark} " + "  ".join(plain(f) for f in fields if f)


def render_text(diff: DocumentDiff, hide: Collection[str] = (), colour: bool = False) -> str:
    """The diff for a person at a terminal or in a pager (``less -R`` keeps the colours)."""

    def paint(style: str, text: str) -> str:
        return f"{_ANSI[style]}{text}{_ANSI['reset']}" if colour else text

    lines = [paint("bold", _doc_line("---", diff.a)), paint("bold", _doc_line("+++", diff.b))]
    lines += summary_lines(diff, hide)
    if diff.identical:
        lines.append("the two documents are identical")
    for row in visible_rows(diff, hide):
        lines += ["", paint("head", "@@ " + turn_heading(row))]
        for sentence in row.sentences:
            lines.append(_text_sentence(sentence, hide, paint, colour))
    return "\n".join(lines) + "\n"


def _text_sentence(
    row: SentenceRow, hide: Collection[str], paint: Callable[[str, str], str], colour: bool
) -> str:
    mark = SENTENCE_MARK[row.kind]
    if row.kind in ("only_a", "only_b"):
        piece = row.pieces[0]
        tag = f"  ({piece.type})" if piece.type == "filler" else ""
        text = plain(piece.a_text or piece.b_text)
        return f"  {mark} " + paint("del" if row.kind == "only_a" else "ins", text) + tag
    parts = inline_parts(row, hide)
    if row.kind == "edited" and all(kind == "same" for kind, _, _ in parts):
        mark = "="  # every edit in it is hidden
    out = []
    for kind, text, _ in _merge_marks(parts):
        text = plain(text)
        if kind == "same":
            out.append(paint("dim", text) if mark == "=" else text)
        elif colour:
            out.append(paint(kind, text))
        else:
            out.append(f"[-{text}-]" if kind == "del" else f"[+{text}+]")
    return f"  {mark} " + "".join(out)


def _merge_marks(parts: list[Part]) -> list[Part]:
    """Join neighbours with the same mark whatever their type (text shows no types)."""
    merged: list[Part] = []
    for part in parts:
        if merged and merged[-1][0] == part[0]:
            merged[-1] = (part[0], merged[-1][1] + part[1], "")
        else:
            merged.append(part)
    return merged


def render_markdown(diff: DocumentDiff, hide: Collection[str] = ()) -> str:
    """A shareable report: documents, summary, then every turn with its sentences."""
    a, b = diff.a, diff.b
    out = [f"# Diff: {md_escape(a.id)} → {md_escape(b.id)}", "", "| | A | B |", "|---|---|---|"]
    for label, va, vb in _meta_rows(diff):
        out.append(f"| {label} | {md_escape(va)} | {md_escape(vb)} |")
    out += ["", "## Summary", "", "| text | share | characters |", "|---|---|---|"]
    s = diff.summary
    out += [f"| {label} | {s.share(part):.1%} | {getattr(s, part)} |" for part, label in PARTS]
    out += ["", "| edit type | count | what it is |", "|---|---|---|"]
    out += [f"| {t} | {s.counts[t]} | {md_escape(EDIT_TYPE_HELP[t])} |" for t in EDIT_TYPES]
    if hide:
        out += ["", "Hidden: " + ", ".join(t for t in EDIT_TYPES if t in hide)]
    out += ["", "## Turns", "", "Marks: ~~deleted~~ (only in A), **inserted** (only in B)."]
    for row in visible_rows(diff, hide):
        out += ["", f"### {md_escape(turn_heading(row))}", ""]
        for sentence in row.sentences:
            out.append(f"- `{SENTENCE_MARK[sentence.kind]}` " + _md_sentence(sentence, hide))
    return "\n".join(out) + "\n"


def _md_sentence(row: SentenceRow, hide: Collection[str]) -> str:
    parts = []
    for kind, text, _ in inline_parts(row, hide):
        text = md_escape(text)
        parts.append(text if kind == "same" else f"~~{text}~~" if kind == "del" else f"**{text}**")
    return "".join(parts)


def _meta_rows(diff: DocumentDiff) -> list[tuple[str, object, object]]:
    a, b = diff.a, diff.b
    rows: list[tuple[str, object, object]] = [
        ("id", a.id, b.id),
        ("title", a.title, b.title),
        ("date", a.date or a.year, b.date or b.year),
        ("edition", a.edition, b.edition),
        ("file", a.path, b.path),
        ("turns", len(a.turns), len(b.turns)),
    ]
    if diff.windows is not None:
        (sa, ea), (sb, eb) = (doc.raw_span(*w) for doc, w in zip((a, b), diff.windows, strict=True))
        rows.append(("compared characters", f"{sa}–{ea}", f"{sb}–{eb}"))
    return rows


_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #1f2328; background: #fff; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border: 1px solid #d0d7de; padding: .2rem .6rem; text-align: left; }
h3 { font-size: 1rem; margin: 1.6rem 0 .4rem; color: #0b4f8a; }
section.only_a h3, section.only_b h3, section.moved h3 { color: #9a6700; }
ol { list-style: none; padding-left: 0; margin: 0; }
li { margin: .25rem 0; padding-left: 1.6rem; text-indent: -1.6rem; }
li .mark { display: inline-block; width: 1.6rem; text-indent: 0; color: #57606a; }
li.equal { color: #57606a; }
del { background: #ffebe9; color: #82071e; }
ins { background: #dafbe1; color: #116329; text-decoration: none; }
del.minor, ins.minor { background: #fff8c5; color: #7d4e00; }
li.only_a { background: #fff5f5; } li.only_b { background: #f0fff4; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; } td, th { border-color: #30363d; }
  del { background: #5a1e24; color: #ffdcd7; } ins { background: #1b4721; color: #aff5b4; }
  del.minor, ins.minor { background: #4d3800; color: #f8e3a1; }
  li.only_a { background: #2a1214; } li.only_b { background: #0f2a17; } h3 { color: #79c0ff; }
}
"""
MINOR = frozenset({"punctuation", "width", "quotes", "script", "whitespace", "filler"})


def _h(text: object) -> str:
    return html.escape(plain(text), quote=True)


def render_html(diff: DocumentDiff, hide: Collection[str] = ()) -> str:
    """A standalone page (inline CSS, no scripts); every corpus string is escaped."""
    a, b = diff.a, diff.b
    title = f"tifa diff: {a.id} → {b.id}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        "<table>",
        "<tr><th></th><th>A</th><th>B</th></tr>",
    ]
    out += [
        f"<tr><th>{_h(label)}</th><td>{_h(va)}</td><td>{_h(vb)}</td></tr>"
        for label, va, vb in _meta_rows(diff)
    ]
    s = diff.summary
    out += [
        "</table>",
        "<h2>Summary</h2>",
        "<table>",
        "<tr><th>text</th><th>share</th><th>characters</th></tr>",
    ]
    out += [
        f"<tr><td>{label}</td><td>{s.share(part):.1%}</td><td>{getattr(s, part)}</td></tr>"
        for part, label in PARTS
    ]
    out += ["</table>", "<table>", "<tr><th>edit type</th><th>count</th><th>what it is</th></tr>"]
    out += [
        f"<tr><td>{t}</td><td>{s.counts[t]}</td><td>{_h(EDIT_TYPE_HELP[t])}</td></tr>"
        for t in EDIT_TYPES
    ]
    out.append("</table>")
    if hide:
        out.append(f"<p>Hidden: {_h(', '.join(t for t in EDIT_TYPES if t in hide))}</p>")
    out.append("<h2>Turns</h2>")
    for row in visible_rows(diff, hide):
        out += [f'<section class="{row.kind}">', f"<h3>{_h(turn_heading(row))}</h3>", "<ol>"]
        for sentence in row.sentences:
            mark = SENTENCE_MARK[sentence.kind]
            out.append(
                f'<li class="{sentence.kind}"><span class="mark">{mark}</span>'
                f"{_html_sentence(sentence, hide)}</li>"
            )
        out += ["</ol>", "</section>"]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_sentence(row: SentenceRow, hide: Collection[str]) -> str:
    parts = []
    for kind, text, edit_type in inline_parts(row, hide):
        if kind == "same":
            parts.append(_h(text))
            continue
        tag = "del" if kind == "del" else "ins"
        minor = " minor" if edit_type in MINOR else ""
        parts.append(f'<{tag} class="{edit_type}{minor}" title="{edit_type}">{_h(text)}</{tag}>')
    return "".join(parts)


def diff_to_json(diff: DocumentDiff, hide: Collection[str] = ()) -> dict[str, Any]:
    """The stable JSON shape documented in the README; spans are raw-file offsets."""
    s = diff.summary
    summary: dict[str, Any] = {
        part: round(s.share(part), 4) for part in ("identical", "edited", "only_a", "only_b")
    }
    summary |= {
        "chars": {
            "a": s.a_chars,
            "b": s.b_chars,
            "identical": s.identical,
            "edited": s.edited,
            "only_a": s.only_a,
            "only_b": s.only_b,
        },
        "counts": dict(s.counts),
        "turns": dict(s.turns),
        "sentences": dict(s.sentences),
        "hidden": [t for t in EDIT_TYPES if t in hide],
    }
    out: dict[str, Any] = {
        "a": document_record(info_of(diff.a)),
        "b": document_record(info_of(diff.b)),
    }
    if diff.windows is not None:
        out["windows"] = {
            side: list(doc.raw_span(*window))
            for side, doc, window in zip("ab", (diff.a, diff.b), diff.windows, strict=True)
        }
    return out | {
        "summary": summary,
        "rows": [_row_json(diff, row, hide) for row in visible_rows(diff, hide)],
    }


def _span(doc: Document, start: int, end: int, present: bool) -> list[int] | None:
    return list(doc.raw_span(start, end)) if present else None


def _row_json(diff: DocumentDiff, row: TurnRow, hide: Collection[str]) -> dict[str, Any]:
    a, b = diff.a, diff.b
    ta = a.turns[row.a_turn] if row.a_turn is not None else None
    tb = b.turns[row.b_turn] if row.b_turn is not None else None
    return {
        "kind": row.kind,
        "a_turn": row.a_turn,
        "b_turn": row.b_turn,
        "a_speaker": row.a_speaker,
        "b_speaker": row.b_speaker,
        "role": row.role,
        "similarity": row.similarity,
        "a_span": ta and list(a.raw_span(ta.start, ta.end)),
        "b_span": tb and list(b.raw_span(tb.start, tb.end)),
        "sentences": [
            {
                "kind": sr.kind,
                "a_sentences": list(sr.a_sentences),
                "b_sentences": list(sr.b_sentences),
                "a_span": _span(a, sr.a_start, sr.a_end, bool(sr.a_sentences)),
                "b_span": _span(b, sr.b_start, sr.b_end, bool(sr.b_sentences)),
                "a_text": sr.a_text,
                "b_text": sr.b_text,
                "similarity": sr.similarity,
                "edits": [
                    {
                        "op": e.op,
                        "type": e.type,
                        "a_span": list(a.raw_span(e.a_start, e.a_end)),
                        "b_span": list(b.raw_span(e.b_start, e.b_end)),
                        "a_text": e.a_text,
                        "b_text": e.b_text,
                    }
                    for e in sr.pieces
                    if e.op != "equal" and e.type not in hide
                ],
            }
            for sr in row.sentences
        ],
    }
