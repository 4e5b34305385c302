"""Jobs over forked processes (``tracking.forked``) and ``build_all`` over them: the same
results as one after another, errors raised in the caller."""

from __future__ import annotations

import os
import time

import pytest

from tifa.tracking.forked import ForkError, can_fork, forked_map, pickled, unpickled
from tifa.tracking.formulations.families import build_all, build_families
from tifa.tracking.formulations.topics import load_topics
from tifa.tracking.versions.events import corpus_events


def _slow(n: int) -> tuple[int, int]:
    time.sleep(0.2)
    return n * n, os.getpid()


def test_jobs_come_back_in_order_and_a_fork_takes_some():
    out = forked_map(_slow, 4, order=[3, 2, 1, 0])
    assert [x for x, _ in out] == [0, 1, 4, 9]
    if can_fork():
        assert {pid for _, pid in out} - {os.getpid()}  # a fork took some


def _failing(n: int) -> int:
    time.sleep(0.2)
    if n == 0:
        raise ValueError("bad job")
    return n


def test_an_error_in_a_job_is_raised_in_the_caller():
    with pytest.raises((ForkError, ValueError), match="bad job"):
        forked_map(_failing, 4, order=[0, 1, 2, 3])


def _shape(report) -> list[tuple]:
    return [
        (f.id, f.label, f.periods, tuple((m.doc, m.start, m.end, m.variant) for m in f.members))
        for f in report.families
    ]


def test_build_all_equals_the_topics_one_by_one(bundled_tokens):
    topics = list(load_topics().values())
    events = corpus_events(bundled_tokens)
    together = build_all(bundled_tokens, topics, events=events)
    assert [r.topic.id for r in together] == [t.id for t in topics]
    for report, topic in zip(together, topics, strict=True):
        alone = build_families(bundled_tokens, topic, events=events)
        assert _shape(report) == _shape(alone) and report.events == alone.events


def test_a_report_comes_back_from_a_fork_whole(bundled_tokens):
    """What a fork sends (``Compact`` pickling: the init fields, caches made again) is the
    report it built: equal, down to each family's per-period counts and canonical wording."""
    topic = load_topics()["taiwan"]
    report = build_families(bundled_tokens, topic, events=corpus_events(bundled_tokens))
    back = unpickled(pickled(report))
    assert back == report and back.families
    for before, after in zip(report.families, back.families, strict=True):
        assert after.variants == before.variants and after.changes == before.changes
        for p in before.periods:
            assert after.count(p) == before.count(p)
            assert after.canonical(p) == before.canonical(p)
            assert after.wording(p) == before.wording(p)
            assert [v.count(p) for v in after.variants] == [v.count(p) for v in before.variants]
