"""A synthetic archive of daily press briefings with planted formulations and known truth.

Built from the bundled seeds (loaded once), deterministically from a seed, for
``bench_density.py``. Each briefing is dated (about 250 a year, weekdays), titled as the
Foreign Ministry titles them ("2019年3月8日外交部发言人耿爽主持例行记者会") and made of 5–9
question and answer turns (``问：`` / ``答：``), about 2,400 characters like the real ones
(``../shared/real/mfa_fmprc_2020scrape``). Answers are:

* **filler**: sentences made of two or three clauses drawn from the seeds' answers, with
  ``MUTATION`` of their ideographs replaced by ideographs drawn at the seeds' frequencies,
  so that briefings share words, topic keywords and set phrases as real ones do but not whole
  sentences (most of an archive is lines said once); and ``VERBATIM`` seed sentences kept whole
  (the boilerplate every briefing repeats);
* **planted formulations** (``PLANTED``), each on a built-in topic, said in a briefing with
  probability ``rate``:
  - *switches*: two variants of one line, the first said in ``before`` of its uses until the
    switch date and in ``after`` of them from then on, with a slot filled by occasion (the
    addressee) and, now and then, an adverb inserted (``切实``), as real briefings vary a line;
  - *emergent*: a line first said on its onset date, then at its rate;
  - *dropped*: a line said at its rate until its last date, then never.

``BriefingArchive.uses`` records every planted use (document, formulation, variant): the
truth ``bench_density.py`` checks families and changes against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MUTATION = 0.15
VERBATIM = 0.15
PER_YEAR = 250
SPEAKERS = ("耿爽", "华春莹", "陆慷", "赵立坚", "汪文斌")
ADDRESSEES = ("美方", "美国政府", "有关方面", "美国有关方面")


@dataclass(frozen=True)
class Planted:
    id: str
    topic: str
    kind: str  # "switch", "emergent" or "dropped"
    variants: tuple[str, ...]  # with {who} where the addressee slot is
    rate: float  # chance that a briefing says it (while it is said)
    when: dt.date  # the switch, the onset, or the last day
    before: float = 1.0  # switch: share of the first variant before ``when``
    after: float = 0.0  # …and from ``when`` on


PLANTED = (
    Planted(
        "one-china-communiques",
        "taiwan",
        "switch",
        (
            "我们敦促{who}恪守一个中国政策和中美三个联合公报原则",
            "我们敦促{who}恪守一个中国原则和中美三个联合公报规定",
        ),
        0.25,
        dt.date(2006, 1, 1),
        0.85,
        0.1,
    ),
    Planted(
        "true-multilateralism",
        "multilateralism",
        "switch",
        (
            "中方愿同各方一道坚定维护多边主义，反对单边主义和保护主义",
            "中方愿同各方一道坚定践行真正的多边主义，反对单边主义和保护主义",
        ),
        0.2,
        dt.date(2014, 1, 1),
        0.9,
        0.15,
    ),
    Planted(
        "peninsula-dialogue",
        "peninsula",
        "switch",
        (
            "我们希望有关各方按照“双暂停”倡议推动半岛问题对话解决",
            "我们希望有关各方按照“双轨并进”思路推动半岛问题政治解决",
        ),
        0.15,
        dt.date(2001, 7, 1),
        0.8,
        0.1,
    ),
    Planted(
        "health-community",
        "community",
        "emergent",
        ("各国应携手构建人类卫生健康共同体",),
        0.2,
        dt.date(2010, 4, 1),
    ),
    Planted(
        "bri-quality",
        "bri",
        "emergent",
        ("推动共建“一带一路”高质量发展",),
        0.15,
        dt.date(2012, 1, 1),
    ),
    Planted(
        "scs-islands",
        "south_china_sea",
        "dropped",
        ("中方在南沙群岛的建设完全是中国主权范围内的事情",),
        0.15,
        dt.date(2005, 6, 30),
    ),
)


@dataclass(frozen=True)
class BriefingArchive:
    texts: tuple[str, ...]
    dates: tuple[dt.date, ...]
    uses: tuple[tuple[int, str, int], ...]  # (document, planted id, variant)

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)


def briefings(n: int, seed: int = 0, start: dt.date = dt.date(1990, 1, 1)) -> BriefingArchive:
    """``n`` briefings from ``start``, about ``PER_YEAR`` a year, the same for one seed."""
    rng = np.random.default_rng(seed)
    pool = _Pool.from_seeds()
    dates = tuple(start + dt.timedelta(days=round(k * 365.25 / PER_YEAR)) for k in range(n))
    texts: list[str] = []
    uses: list[tuple[int, str, int]] = []
    for k, day in enumerate(dates):
        said: list[str] = []
        for p in PLANTED:
            variant = _variant(p, day, rng)
            if variant is not None:
                said.append(_fill(p.variants[variant], rng))
                uses.append((k, p.id, variant))
        texts.append(_briefing(day, pool, said, rng))
    return BriefingArchive(tuple(texts), dates, tuple(uses))


def _variant(p: Planted, day: dt.date, rng: np.random.Generator) -> int | None:
    """Which variant ``p`` is said in on ``day``, or None."""
    live = (
        p.kind == "switch"
        or (p.kind == "emergent" and day >= p.when)
        or (p.kind == "dropped" and day <= p.when)
    )
    if not live or rng.random() >= p.rate:
        return None
    if p.kind != "switch":
        return 0
    first = p.before if day < p.when else p.after
    return 0 if rng.random() < first else 1


def _fill(template: str, rng: np.random.Generator) -> str:
    text = template.format(who=ADDRESSEES[int(rng.integers(len(ADDRESSEES)))])
    if "恪守" in text and rng.random() < 0.15:
        text = text.replace("恪守", "切实恪守", 1)
    return text + "。"


@dataclass(frozen=True)
class _Pool:
    sentences: tuple[str, ...]  # the seeds' answer sentences
    clauses: tuple[str, ...]  # their clauses
    questions: tuple[str, ...]
    chars: np.ndarray  # ideographs at the seeds' frequencies

    @classmethod
    def from_seeds(cls) -> _Pool:
        from tifa.corpus import load_corpus

        sentences, clauses, questions, text = [], [], [], []
        for doc in load_corpus().documents:
            for s in doc.sentences:
                said = doc.text[s.start : s.end].strip()
                if len(said) < 6:
                    continue
                role = doc.turns[s.turn].role
                if role == "question":
                    questions.append(said.rstrip("。？?") + "？")
                elif role == "answer":
                    sentences.append(said.rstrip("。！") + "。")
                    clauses += [
                        c for c in said.replace("；", "，").split("，") if 4 <= len(c) <= 30
                    ]
                text.append(said)
        cp = np.frombuffer("".join(text).encode("utf-32-le"), dtype=np.uint32)
        return cls(tuple(sentences), tuple(clauses), tuple(questions), cp[cp >= 0x4E00])

    def novel(self, rng: np.random.Generator) -> str:
        """A sentence said once: clauses of the seeds, some ideographs replaced."""
        parts = [
            self.clauses[int(i)] for i in rng.integers(len(self.clauses), size=rng.integers(2, 4))
        ]
        cp = np.frombuffer("，".join(parts).encode("utf-32-le"), dtype=np.uint32).copy()
        ideographs = np.flatnonzero(cp >= 0x4E00)
        hit = ideographs[rng.random(len(ideographs)) < MUTATION]
        cp[hit] = self.chars[rng.integers(len(self.chars), size=len(hit))]
        return cp.tobytes().decode("utf-32-le").rstrip("。") + "。"


def _briefing(day: dt.date, pool: _Pool, planted: list[str], rng: np.random.Generator) -> str:
    speaker = SPEAKERS[(day.year - 1990) // 3 % len(SPEAKERS)]
    lines = [f"{day.year}年{day.month}月{day.day}日外交部发言人{speaker}主持例行记者会", ""]
    turns = int(rng.integers(5, 10))
    answers: list[list[str]] = [[] for _ in range(turns)]
    for n in range(turns):
        for _ in range(int(rng.integers(6, 13))):
            if rng.random() < VERBATIM:
                answers[n].append(pool.sentences[int(rng.integers(len(pool.sentences)))])
            else:
                answers[n].append(pool.novel(rng))
    for text in planted:
        n = int(rng.integers(turns))
        answers[n].insert(int(rng.integers(len(answers[n]) + 1)), text)
    for n in range(turns):
        lines += [f"问：{pool.questions[int(rng.integers(len(pool.questions)))]}", ""]
        lines += ["答：" + "".join(answers[n]), ""]
    return "\n".join(lines)


def write_folder(archive: BriefingArchive, folder: str | Path) -> list[Path]:
    """Write ``YYYY-MM-DD_synth-NNNNN.txt`` files (the file name dates each briefing)."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, (text, day) in enumerate(zip(archive.texts, archive.dates, strict=True)):
        path = root / f"{day.isoformat()}_synth-{k:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
