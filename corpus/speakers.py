"""Speaker labels: which "xxx：" openings are speakers, and who they canonically are.

A label is accepted when it is a questioner ("<outlet>记者", a bare "记者", "会后有记者问及"), a
titled person ("外交部部长王毅", "主持人何绍仁"), a bare name known from ``speakers.toml`` or
labelled at least twice in the document, or a Q/A marker ("问", "追问", "答"). Everything else
ending in "：" ("我们希望高峰论坛实现三方面成果：") is ordinary text. A person's label ending in
a verb of saying ("外交部发言人耿爽宣布：") opens that person's statement, not an answer.
Canonical names let two editions agree: 《人民日报》记者 and 人民日报记者 are one speaker;
中新社记者 and 中国新闻社记者 too, through the outlet aliases.

The official voice of a document is often named only in its title: "外交部发言人耿爽主持例行
记者会" (the ``答`` turns are 耿爽's), "外交部发言人陆慷就…发表谈话" (the text is 陆慷's).
``official_speaker`` reads that name.
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
_QUESTIONER = re.compile(
    r"^(?P<outlet>.*?)(?:特约|驻华|首席)?记者(?:提问|追问|问|解释|澄清|补充)?$"
)
_NOT_LABEL = re.compile(r"[，。！？；、“”‘’（）()]|\d{3,}")
_NOT_NAME = re.compile(
    r"^(?:第|[一二三四五六七八九十]是|首先|其次|再次|最后|总之|比如|例如|同时|此外|另外|目前|当前"
    r"|因此|所以|我们|我方|中方|双方|各方|他们|这|那|原标题|标题|来源|编者|注)"
)
# What a titled label's "name" is when the label introduces a quotation, not a speaker:
# "毛主席多次指出：", "正如毛主席指出的：", "主席提出：".
_NOT_PERSON = re.compile(
    r"[的说道过]$|^(?:的|并且|并|多次|曾经|曾|早就|最近|近来|一再|反复|又|也|还|都|就|已|分别|均|亦"
    r"|将|正在|再|提出|指出|强调"
    r"|认为|号召|预言"
    r"|教导|告诉|讲)"
)
_QA = {"问": "question", "提问": "question", "追问": "question", "答": "answer", "主持人": "host"}
ANSWER_MARKER = "答"
_ASKED = re.compile(r"^(?:会后|会上)?有?(?:外国)?记者(?:追问|问及|问到|提问|问|解释|澄清|补充)?$")
_SAYS = re.compile(r"(?:宣布|表示|指出|介绍|说)$")
_OFFICIAL_TITLES = "发言人|部长|外长|国务委员|总理|主席|委员长|大使|司长|主任|秘书长|书记"
_AFTER_NAME = "就|主持|答|回答|发表|表明|宣布|表示|介绍|谈|在|会见|出席|致|应约"
_OFFICIAL = re.compile(
    rf"(?:{_OFFICIAL_TITLES})(?!{_AFTER_NAME})(?P<name>[{IDEOGRAPH}·]{{2,4}}?)"
    rf"(?={_AFTER_NAME}|[0-9０-９]|$)"
)
_LEADING_NAME = re.compile(
    rf"^(?P<name>[{IDEOGRAPH}·]{{2,4}}?)(?:：|在[^，。]{{2,40}}上的(?:讲话|报告|致辞|演讲|发言))"
)
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


def official_speaker(title: str) -> str | None:
    """The official a title names as the voice of the document, or None.

    "外交部发言人耿爽主持例行记者会" → 耿爽; "外交部发言人陆慷就…答记者问" → 陆慷;
    "耿爽：中国政府决定…" → 耿爽; "陈独秀在中国共产党第三次全国代表大会上的报告" → 陈独秀;
    "外交部发言人答记者问" (no name) → None.
    """
    m = _OFFICIAL.search(title) or _LEADING_NAME.match(title)
    if not m or _NOT_NAME.match(m["name"]) or _NOT_PERSON.search(m["name"]):
        return None
    return m["name"]


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
        if _ASKED.match(label):
            return Speaker("记者", None, "question")
        m = _QUESTIONER.match(label)
        if m and m.group("outlet"):
            outlet = clean_outlet(m.group("outlet"), self.lexicon)
            return Speaker(f"{outlet}记者", outlet, "question")
        says = _SAYS.search(label)
        person = label[: says.start()] if says else label
        m = _TITLED.match(person)
        if m and not _NOT_PERSON.search(m.group("name")):
            role: Role = "host" if "主持人" in m.group("title") else "answer"
            return Speaker(m.group("name"), None, "statement" if says else role)
        if person in self.hosts:
            return Speaker(person, None, "host")
        if person in self.answerers:
            return Speaker(person, None, "statement" if says else "answer")
        return None

    def is_strong(self, label: str) -> bool:
        """Strong enough to start a turn in mid-paragraph (OCR runs Q and A together)."""
        speaker = self.classify(label)
        return speaker is not None and label not in _QA
