"""Independent jobs over the cores: the calling process and forked copies of it share them.

``build_all`` builds one report per topic; the topics are independent, each is mostly Python
(one core each), and the corpus they read is in memory. A forked process sees that corpus
without loading or copying it (pages are shared until written), so a pool of forks over the
topics uses every core for the price of sending each result back (pickled).

Decisions:

* ``cores − 1`` forks, and the caller works too: it takes the smallest jobs still waiting
  while the forks take the largest first (``order``), so no core waits on one last big job and
  the caller unpickles least. A job already handed to a fork cannot be taken back; a job
  still queued is (``Future.cancel``).
* Forking is only safe in a single-threaded process (another thread's lock would stay locked
  in the child): with other Python threads running (the workbench), on one core, on a
  platform without ``fork``, or for a single job, the jobs run one after another here.
* ``pack`` runs in the fork on a result before it is sent (drop what the caller has already),
  ``unpack`` in the caller on what arrives; together they must give back what ``job`` gives.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# The job of the pool being run: a fork inherits it (a closure cannot be pickled to it).
_JOB: tuple[Callable[[int], Any], Callable[[Any], Any]] | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return (
        cores() > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpickled(data: bytes) -> Any:
    """``pickle.loads`` without the cyclic collector, which would walk the hundreds of
    thousands of objects a report holds again and again as they are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _run(n: int) -> Any:
    assert _JOB is not None
    job, pack = _JOB
    return pack(job(n))


def forked_map(
    job: Callable[[int], T],
    count: int,
    order: Sequence[int] | None = None,
    pack: Callable[[T], Any] = lambda x: x,
    unpack: Callable[[Any], T] = lambda x: x,
) -> list[T]:
    """``[job(0), …, job(count − 1)]``, computed over the cores (see the module docstring);
    ``order`` lists the jobs largest first."""
    global _JOB
    order = list(range(count)) if order is None else list(order)
    if count < 2 or not can_fork():
        return [job(n) for n in range(count)]
    done: dict[int, T] = {}
    _JOB = (job, pack)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(cores(), count) - 1, mp_context=context) as pool:
            futures: dict[int, Future[Any]] = {n: pool.submit(_run, n) for n in order}
            for n in reversed(order):
                if futures[n].cancel():
                    done[n] = job(n)
            for n in order:
                if n not in done:
                    done[n] = unpack(futures[n].result())
    finally:
        _JOB = None
    return [done[n] for n in range(count)]
