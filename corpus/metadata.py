"""Infer a transcript's title, dates, genre, speaker, edition and publisher from its text.

Decisions:

* The title is the header's, else the heading's title line (``corpus.heading``).
* Dates come from ranked clues (``corpus.dates``: title, heading, dateline, session of
  delivery, anniversary; the file name and the manifest are added when the document is
  labelled, ``corpus.manifest.relabel``); disagreements are reported, not hidden.
* The genre (``corpus.genre``) and the official speaker (the name the title or heading
  gives) say whose the unlabelled text is (``corpus.segment.Voice``).
* Edition and publisher come from the header, then the URL's host, then what the normaliser
  saw (``hints``: "ocr", "continuation"), then the dateline's agency.
* The text is expected to be normalised (full-width punctuation, no spaces inside Chinese);
  inference works on Simplified wording, so pass the matching key for Traditional sources.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tifa.corpus.dates import LEAD_CHARS, resolve, text_clues
from tifa.corpus.genre import infer_genre
from tifa.corpus.heading import AGENCY_DATELINE, Heading, find_heading
from tifa.corpus.model import Metadata, MetaSource
from tifa.corpus.segment import Boundary, boundaries
from tifa.corpus.speakers import official_speaker

HEAD_CHARS = 1500

_HOSTS = {  # host suffix: (edition, publisher)
    "scio.gov.cn": ("SCIO transcript", "国务院新闻办公室网站"),
    "xinhuanet.com": ("Xinhua report", "新华网"),
    "news.cn": ("Xinhua report", "新华网"),
    "people.com.cn": ("People's Daily Online", "人民网"),
    "fmprc.gov.cn": ("MFA transcript", "外交部"),
    "mfa.gov.cn": ("MFA transcript", "外交部"),
    "npc.gov.cn": ("NPC website", "中国人大网"),
}
_AUTHORS = (  # substring of a header author: edition
    ("国务院新闻办公室", "SCIO transcript"),
    ("国新办", "SCIO transcript"),
    ("新华", "Xinhua report"),
    ("人民日报", "People's Daily"),
    ("人民网", "People's Daily Online"),
    ("外交部", "MFA transcript"),
)
_HINTS = (("ocr", "newspaper page (OCR)"), ("continuation", "newspaper print"))
_AGENCIES = {  # dateline agency: (English name, publisher); 本报 is "this paper"
    "新华社": ("Xinhua", "新华社"),
    "中新社": ("China News Service", "中国新闻社"),
    "本报": ("newspaper", None),
}


def _title(heading: Heading, header: dict[str, str], shown: str) -> tuple[str | None, MetaSource]:
    """The header's title, else the heading's title line as printed (``shown``: a
    Traditional file keeps its Traditional title)."""
    if header.get("title", "").strip():
        return header["title"].strip(), "header"
    if heading.title:
        return shown[slice(*heading.title)].strip(), "style"
    return None, "unknown"


def _from_host(url: str) -> tuple[str, str] | None:
    host = (urlsplit(url).hostname or "").lower()
    for suffix, found in _HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return found
    return None


def _from_author(author: str) -> str | None:
    return next((edition for key, edition in _AUTHORS if key in author), None)


def _style(
    head: str, header: dict[str, str], hints: frozenset[str]
) -> tuple[tuple[str | None, MetaSource], tuple[str | None, MetaSource]]:
    """((edition, source), (publisher, source)), each from the first clue that gives it."""
    author = header.get("author", "").strip()
    host = _from_host(header.get("url", ""))
    agency, publisher = _agency(head)
    editions: list[tuple[str | None, MetaSource]] = [
        (_from_author(author), "header"),
        (host[0] if host else None, "header"),
        *((label, "style") for hint, label in _HINTS if hint in hints),
        (agency, "style"),
    ]
    publishers: list[tuple[str | None, MetaSource]] = [
        (author or None, "header"),
        (host[1] if host else None, "header"),
        (publisher, "style"),
    ]
    return _first(editions), _first(publishers)


def _agency(head: str) -> tuple[str | None, str | None]:
    """(edition, publisher) from a dateline. "据新华社…电" is a newspaper reprinting Xinhua:
    the paper is not named, so there is no publisher."""
    dateline = AGENCY_DATELINE.search(head)
    if not dateline:
        return None, None
    name, publisher = _AGENCIES[dateline["agency"]]
    if dateline["reprint"]:
        return f"newspaper reprint of {name}", None
    return f"{name} report", publisher


def _first(found: list[tuple[str | None, MetaSource]]) -> tuple[str | None, MetaSource]:
    return next(((v, s) for v, s in found if v), (None, "unknown"))


def _voice_of(heading: Heading, title: str | None) -> tuple[str | None, MetaSource]:
    """The official the title names (外交部发言人耿爽… → 耿爽), else a name in the heading."""
    name = official_speaker(title) if title else None
    if name:
        return name, "title"
    if heading.speaker:
        return heading.speaker, "heading"
    return None, "unknown"


def _lead_speaker(text: str, heading: Heading, labelled: list[Boundary]) -> str | None:
    """The official a statement's opening names: its first label ("外交部发言人赵立坚宣布：")
    or its first sentence ("1月31日，外交部发言人华春莹表示，…")."""
    if labelled and labelled[0].label_start < heading.end + LEAD_CHARS:
        first = labelled[0].speaker
        return first.speaker if first.role == "statement" else None
    end = text.find("。", heading.end, heading.end + LEAD_CHARS)
    return official_speaker(text[heading.end : end]) if end > 0 else None


def infer_metadata(
    text: str,
    header: dict[str, str],
    hints: frozenset[str] = frozenset(),
    display: str | None = None,
    *,
    heading: Heading | None = None,
    bounds: list[Boundary] | None = None,
) -> Metadata:
    """Metadata read from a normalised transcript, with where each value came from.

    ``text`` is the matching key (Simplified, folded widths) the patterns are written for;
    ``display`` the same text as printed, where quoted values (the title) are taken from.
    ``header`` is the file's ``key: value`` block (title/url/author) or empty; ``hints`` are
    what the normaliser saw before removing it ("ocr", "continuation", "markdown").
    ``heading`` and ``bounds`` (``find_heading`` and ``segment.boundaries`` of ``text``)
    are computed when not given.
    """
    shown = text if display is None else display
    heading = find_heading(text) if heading is None else heading
    bounds = boundaries(text) if bounds is None else bounds
    labelled = [b for b in bounds if b.label_end > b.label_start]
    lead_end = labelled[0].label_start if labelled else len(text)
    head = text[:HEAD_CHARS]
    title, title_source = _title(heading, header, shown)
    key_title = text[slice(*heading.title)] if heading.title else title
    clues = text_clues(text, heading, lead_end, shown)
    dates = resolve(clues)
    found = infer_genre(
        key_title,
        tuple(text[s:e] for s, e in heading.lines),
        text[heading.end : lead_end][:LEAD_CHARS],
        sum(1 for b in bounds if b.speaker.role == "question"),
        sum(1 for b in bounds if b.speaker.role == "statement"),
    )
    speaker, speaker_source = _voice_of(heading, key_title)
    if speaker is None and found.genre == "statement":
        speaker = _lead_speaker(text, heading, labelled)
        speaker_source = "style" if speaker else "unknown"
    (edition, edition_source), (publisher, publisher_source) = _style(head, header, hints)
    url = header.get("url", "").strip() or None
    sources: dict[str, MetaSource] = {
        "title": title_source,
        "year": dates.year_source,
        "date": dates.date_source,
        "edition": edition_source,
        "url": "header" if url else "unknown",
        "publisher": publisher_source,
        "genre": found.source,
        "speaker": speaker_source,
    }
    return Metadata(
        title=title,
        year=dates.year,
        date=dates.date,
        edition=edition,
        url=url,
        publisher=publisher,
        sources=sources,
        genre=found.genre,
        speaker=speaker,
        date_status=dates.status,
        clues=clues,
        date_conflicts=dates.conflicts,
    )
