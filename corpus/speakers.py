"""Speaker labels: which "xxx：" openings are speakers, and who they canonically are.

A label is accepted when it is a questioner ("<outlet>记者"), a titled person ("外交部部长王毅",
"主持人何绍仁"), a bare name known from ``speakers.toml`` or labelled at least twice in the
document, or a Q/A marker ("问"/"答"). Everything else ending in "：" ("我们希望高峰论坛实现三方面
成果：") is ordinary text. Canonical names let two editions agree: 《人民日报》记者 and 人民日报记者
are one speaker; 中新社记者 and 中国新闻社记者 too, through the outlet aliases.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tifa.corpus.charclass import IDEOGRAPH
from tifa.corpus.model import Role

_TITLES = (
    "部长助理|副部长|部长|外长|国务委员|发言人|新闻发言人|主任|主持人|司长|大使|总理|副总理"
    "|主席|委员长|秘书长|书记"
)
_TITLED = re.compile(rf"^(?P<title>.*(?:{_TITLES}))(?P<name>[{IDEOGRAPH}·]{{2,4}})$")
_BARE_NAME = re.compile(rf"^[{IDEOGRAPH}·]{{2,4}}$")
_QUESTIONER = re.compile(r"^(?P<outlet>.*?)(?:特约|驻华|首席)?记者$")
_NOT_LABEL = re.compile(r"[，。！？；、“”‘’（）()]|\d{3,}")
_NOT_NAME = re.compile(
    r"^(?:第|[一二三四五六七八九十]是|首先|其次|再次|最后|总之|比如|例如|同时|此外|另外|目前|当前"
    r"|因此|所以|我们|我方|中方|双方|各方|他们|这|那|原标题|标题|来源|编者|注)"
)
_QA = {"问": "question", "提问": "question", "答": "answer", "主持人": "host"}
MAX_LABEL = 32


@dataclass(frozen=True, slots=True)
class Speaker:
    speaker: str
    outlet: str | None
    role: Role


@dataclass(frozen=True, slots=True)
class Lexicon:
    answerers: frozenset[str]
    hosts: frozenset[str]
    outlet_aliases: dict[str, str]  # printed outlet -> canonical outlet


@cache
def bundled_lexicon() -> Lexicon:
    source = resources.files("tifa.corpus.resources").joinpath("speakers.toml")
    data = tomllib.loads(source.read_text("utf-8"))
    aliases: dict[str, str] = {}
    for canonical, others in data.get("outlets", {}).items():
        for name in (canonical, *others):
            aliases[name] = canonical
    return Lexicon(frozenset(data.get("answerers", ())), frozenset(data.get("hosts", ())), aliases)


def clean_outlet(outlet: str, lexicon: Lexicon) -> str:
    """《人民日报》 → 人民日报; then the alias table."""
    plain = re.sub(r"[《》〈〉\s]", "", outlet)
    return lexicon.outlet_aliases.get(plain, plain)


class SpeakerBook:
    """Classifies labels for one document, learning its bare names from its titled labels."""

    def __init__(self, candidates: list[str], lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or bundled_lexicon()
        self.hosts = set(self.lexicon.hosts)
        self.answerers = set(self.lexicon.answerers)
        counts = Counter(candidates)
        for label in counts:
            m = _TITLED.match(label)
            if m:
                people = self.hosts if "主持人" in m.group("title") else self.answerers
                people.add(m.group("name"))
        for label, n in counts.items():
            bare = _BARE_NAME.match(label) and not _NOT_NAME.match(label)
            if n >= 2 and bare and label not in self.hosts:
                self.answerers.add(label)

    def classify(self, label: str) -> Speaker | None:
        """The speaker behind ``label``, or None when it is not a speaker label."""
        label = label.strip()
        if not label or len(label) > MAX_LABEL or _NOT_LABEL.search(label.replace("、", "")):
            return None
        if label in _QA:
            return Speaker(label, None, _QA[label])  # type: ignore[arg-type]
        m = _QUESTIONER.match(label)
        if m and m.group("outlet"):
            outlet = clean_outlet(m.group("outlet"), self.lexicon)
            return Speaker(f"{outlet}记者", outlet, "question")
        m = _TITLED.match(label)
        if m:
            role: Role = "host" if "主持人" in m.group("title") else "answer"
            return Speaker(m.group("name"), None, role)
        if label in self.hosts:
            return Speaker(label, None, "host")
        if label in self.answerers:
            return Speaker(label, None, "answer")
        return None

    def is_strong(self, label: str) -> bool:
        """Strong enough to start a turn in mid-paragraph (OCR runs Q and A together)."""
        speaker = self.classify(label)
        return speaker is not None and label not in _QA
