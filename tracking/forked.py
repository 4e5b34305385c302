"""Independent jobs over the cores: the calling process and forked copies of it share them.

``build_all`` builds one report per topic; the topics are independent, each is mostly Python
(one core each), and the corpus they read is in memory. A forked process sees that corpus
without loading or copying it (pages are shared until written), so forks over the topics use
every core for the price of sending each result back (pickled).

Decisions:

* ``cores − 1`` forks, and the caller works too. The jobs wait in one list, largest first
  (``order``), and each process takes the largest left whenever it is free (a shared counter
  under a lock): the jobs left at the end are the smallest, so no core waits long on
  another's last one. (With the caller taking the smallest left instead, the two ends met
  on a middle-sized job, and at 10,000 briefings one core idled 5 s of 33 while the other
  built it.) A job the caller takes costs no pickling. The caller unpickles what the forks
  have sent after each of its own jobs, while they still work: left to the end, all of it
  (a second at 10,000 briefings) would wait for the caller alone.
* Forking is only safe in a single-threaded process (another thread's lock would stay locked
  in the child): with other Python threads running (the workbench), on one core, on a
  platform without ``fork``, or for a single job, the jobs run one after another here.
* Forks are workers as ``corpus.pool``'s are: they ignore Ctrl+C (the caller's, which
  terminates them) and exit when the caller dies, even by SIGKILL.
* A job's error in a fork is raised in the caller; a fork that dies without a word (killed,
  out of memory) is an error too, never a silent hole in the results.
* ``pack`` runs in the fork on a result before it is sent (drop what the caller has already),
  ``unpack`` in the caller on what arrives; together they must give back what ``job`` gives.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

from tifa.corpus.collector import collector_paused
from tifa.corpus.pool import cores, worker_started

T = TypeVar("T")
POLL = 1.0  # seconds between checks that the forks are alive while waiting for a result


def can_fork() -> bool:
    return (
        cores() > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpickled(data: bytes | BinaryIO) -> Any:
    """``pickle.loads`` (or ``pickle.load`` from a stream) without the cyclic collector,
    which would walk the hundreds of thousands of objects a report holds again and again as
    they are made."""
    with collector_paused():
        return pickle.loads(data) if isinstance(data, bytes) else pickle.load(data)


class ForkError(RuntimeError):
    """A job failed in a fork, or a fork died before sending its result."""


def forked_map(
    job: Callable[[int], T],
    count: int,
    order: Sequence[int] | None = None,
    pack: Callable[[T], Any] = lambda x: x,
    unpack: Callable[[Any], T] = lambda x: x,
) -> list[T]:
    """``[job(0), …, job(count − 1)]``, computed over the cores (see the module docstring);
    ``order`` lists the jobs largest first."""
    order = list(range(count)) if order is None else list(order)
    if count < 2 or not can_fork():
        return [job(n) for n in range(count)]
    context = multiprocessing.get_context("fork")
    taken = context.Value("i", 0)  # how many jobs of ``order`` are taken
    sent: multiprocessing.Queue[tuple[int, bool, bytes]] = context.Queue()

    def take() -> int | None:
        with taken.get_lock():
            if taken.value >= count:
                return None
            taken.value += 1
            return order[taken.value - 1]

    parent = os.getpid()

    def work() -> None:  # in a fork
        worker_started(parent)  # Ctrl+C is the caller's; exit if the caller dies
        while (n := take()) is not None:
            try:
                sent.put((n, True, pickled(pack(job(n)))))
            except BaseException as err:  # any error goes back to the caller
                sent.put((n, False, pickled(ForkError(f"job {n}: {err!r}"))))
                return

    forks = [context.Process(target=work, daemon=True) for _ in range(min(cores(), count) - 1)]
    for fork in forks:
        fork.start()
    done: dict[int, T] = {}

    def receive(wait: float | None) -> None:
        """Unpack the results sent so far, or wait ``wait`` seconds for one."""
        while True:
            try:
                n, ok, data = sent.get(timeout=wait) if wait else sent.get_nowait()
            except queue.Empty:
                if wait and not any(f.is_alive() for f in forks):
                    raise ForkError("a fork died before sending its result") from None
                return
            if not ok:
                raise unpickled(data)
            done[n] = unpack(unpickled(data))
            wait = None

    try:
        while (n := take()) is not None:
            done[n] = job(n)
            receive(None)  # while the forks still work, not all at the end
        while len(done) < count:
            receive(POLL)
    finally:
        for fork in forks:
            if fork.is_alive() and len(done) < count:
                fork.terminate()
            fork.join()
    return [done[n] for n in range(count)]
