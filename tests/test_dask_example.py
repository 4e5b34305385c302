"""The Dask example (benchmarks/dask_batch.py) runs the batch steps on a cluster: here a
local one inside this process, the same code a real scheduler would run."""

from __future__ import annotations

import importlib.util

import pytest

from helpers import ROOT, SCIO_2017, XINHUA_2017

distributed = pytest.importorskip("distributed")


def example():
    spec = importlib.util.spec_from_file_location("dask_batch", ROOT / "benchmarks/dask_batch.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_words_and_near_duplicate_candidates_on_a_local_cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    cluster = distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=2)
    with cluster, distributed.Client(cluster) as client:
        result = example().run(["bundled"], client)
    assert (result["documents"], result["readable"]) == (5, 5)
    assert result["words_entry_bytes"] > 0
    pairs = [tuple(p.rsplit("/", 1)[1] for p in pair) for pair in result["candidate_pairs"]]
    assert (XINHUA_2017.name, SCIO_2017.name) in pairs  # the 2017 versions
