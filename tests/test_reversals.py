"""A line said the other way round parts from the family of the line (``reversals``)."""

from __future__ import annotations

from pathlib import Path

from tifa.corpus import load_corpus
from tifa.tracking.formulations.families import FamilyReport, build_families
from tifa.tracking.formulations.topics import load_topics
from tifa.tracking.versions.events import group_events

ABIDE = "美方恪守一个中国原则和中美三个联合公报规定"
VIOLATE = "严重违反一个中国原则和中美三个联合公报规定"


def families(folder: Path, said: list[str]) -> FamilyReport:
    """The Taiwan topic's families of briefings that each say one of ``said``, a year apart
    in turn."""
    manifest = []
    for n, line in enumerate(said):
        (folder / f"d{n}.txt").write_text(
            f"外交部发言人答记者问\n\n记者：请问中方有何评论？\n\n华春莹：{line}。\n",
            encoding="utf-8",
        )
        day = f"{2016 + n % 4}-03-{10 + n:02d}"
        manifest.append(f'["d{n}.txt"]\nyear = {2016 + n % 4}\ndate = {day}\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    corpus = load_corpus([str(folder)], tokens=True)
    return build_families(corpus, load_topics()["taiwan"], events=group_events(corpus))


def held(report: FamilyReport) -> list[set[str]]:
    """Each family's members' texts."""
    return [{m.text for m in f.members} for f in report.families]


def test_a_line_said_broken_is_a_family_apart_from_the_line(tmp_path):
    """The US urged to abide by the one-China principle and the communiqués, and a bill that
    seriously violates them: two wordings alike but for their verb (0.81), which the MFA
    pages held in one family (taiwan-1: 233 members, 29 of them protests). The protest, said
    in three briefings, is a family of its own."""
    report = families(tmp_path, [ABIDE] * 8 + [VIOLATE] * 3)
    assert {ABIDE} in held(report) and {VIOLATE} in held(report)


def test_a_lone_protest_stays_and_a_line_about_the_harm_parts_nothing(tmp_path):
    """A reversal said once stays a variant of the line it invokes; and a family whose line
    itself says the harm (以免损害…, lest it harm relations) parts nothing, though fewer than
    half its uses say 损害 (the others 影响, 干扰)."""
    harm = "以免损害中美关系和台海和平稳定"
    others = ["以免影响中美关系和台海和平稳定"] * 3 + ["以免干扰中美关系和台海和平稳定"] * 3
    report = families(tmp_path, [ABIDE] * 8 + [VIOLATE] + [harm] * 4 + others)
    assert {ABIDE, VIOLATE} in held(report)
    assert {harm, *others} in held(report)
