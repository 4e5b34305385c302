"""How long `tifa` takes to show its first screen, from process start, in a real terminal.

Each run starts a fresh Python process on a pseudo-terminal (160x48, so Textual drives a
terminal, as `tifa` does) and opens the workbench on the bundled corpus (or on ``--corpus``
folders or files, as `tifa --corpus` takes them), two ways: through the console script's entry
point (``tui.cli.main.main``, exactly what typing `tifa` runs), and through the workbench
alone (``tui.app``). It reports, from just before the process is spawned:

* ``imported``: the modules the child imports before it starts anything (for `tifa`,
  ``tui.cli.main`` and ``tui.app``);
* ``ready``: Textual's Ready event, which the app receives once the first screen is laid
  out; that frame need not be whole (Textual's Tabs and Footer drew their labels and keys
  a frame or more later, which is why tifa draws its own);
* ``first_frame``: the whole first screen has reached the terminal: the view tabs, the
  documents and pairs tables (the documents one with its loading indicator) and the keys
  in the footer, as read from the pseudo-terminal by this process;
* ``table``: the documents table, filled from the corpus's catalogue (read from the index in
  a thread worker, as on every start after the first), has reached the terminal: the id of
  the corpus's first document is on screen.

Start-up is CPU-bound (the child's CPU time at ``ready`` is within a few ms of the wall
clock), so other work on the machine stretches every figure: compare versions in
alternating runs, not across a busy and a quiet minute.

The first run of each kind warms the corpus cache and Python's bytecode cache and is not
counted. Bytecode is cached in a temporary folder even when ``PYTHONDONTWRITEBYTECODE`` is
set, since an installed `tifa` runs from bytecode after its first start; ``--no-bytecode``
measures what a process that compiles tifa's modules every time sees instead. Targets on the
project machine (2 cores): ``first_frame`` within 0.6 s, ``table`` within 1 s (issue #11,
for the real sample and for 10,000 synthetic transcripts: ``python benchmarks/synth.py --n
10000 --out DIR``, or with titles, dates and genres ``python -m benchmarks.synth_statements
--n 10000 --out DIR``). The first run over a new folder builds its index (minutes for 10,000).

    python benchmarks/bench_tui_startup.py [--runs 9] [--no-bytecode] [--corpus DIR ...]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

COLUMNS, LINES = 160, 48
# Text that only a complete first corpus screen shows: a tab, both table titles, a footer key;
# and the id of the first bundled document, shown once the table has filled.
FIRST_SCREEN = (b"1 Corpus", b"Documents", b"Related pairs", b"Quit")

CHILD = r"""
import json, os, sys, time
if os.environ.get("TIFA_BENCH_CLI"):
    from tifa.tui.cli.main import main  # what the `tifa` console script imports
import tifa.tui.app

out = os.environ["TIFA_BENCH_OUT"]
corpus = json.loads(os.environ["TIFA_BENCH_CORPUS"])
marks = {"imported": time.time()}

class Timed(tifa.tui.app.TifaApp):
    def on_ready(self) -> None:
        marks["ready"] = time.time()
        super().on_ready()
        self.set_interval(0.005, self._check)

    def _check(self) -> None:
        table = self.screen.query("#documents")
        if table and table.first().row_count and "filled" not in marks:
            marks["filled"] = time.time()
            with open(out, "w") as f:
                json.dump(marks, f)
            self.set_timer(0.3, self.exit)  # time for the frames to reach the terminal

if os.environ.get("TIFA_BENCH_CLI"):
    tifa.tui.app.TifaApp = Timed  # run_app, called by main, opens the workbench by this name
    sys.argv = ["tifa", *(arg for path in corpus for arg in ("--corpus", path))]
    main()
else:
    Timed(tuple(corpus)).run()
"""


def first_id(corpus: list[str]) -> bytes:
    """The id of the corpus's first document, listed first in the table (reading the
    corpus here builds its index if it is cold)."""
    from tifa.corpus import open_catalogue

    catalogue = open_catalogue(corpus)
    try:
        return catalogue.rows[0].id.encode()
    finally:
        catalogue.close()


def run_once(env: dict[str, str], cli: bool, table: tuple[bytes, ...]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    os.set_blocking(master, False)
    child_env = {
        **env,
        "TIFA_BENCH_OUT": str(out),
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
        "TIFA_BENCH_CLI": "1" if cli else "",
    }
    start = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=child_env,
        close_fds=True,
    )
    os.close(slave)
    deadline = start + 30
    screen, drawn = b"", {}
    while time.time() < deadline:
        exited = proc.poll() is not None
        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            if exited:
                break
            continue
        try:
            chunk = os.read(master, 1 << 20)
        except OSError:  # the child has closed the terminal
            break
        screen += chunk
        for key, texts in (("first_frame", FIRST_SCREEN), ("table", table)):
            if key not in drawn and all(text in screen for text in texts):
                drawn[key] = time.time()
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    os.close(master)
    marks = json.loads(out.read_text()) if out.stat().st_size else {}
    out.unlink()
    if not marks or len(drawn) < 2:
        missing = [t.decode() for t in FIRST_SCREEN + table if t not in screen]
        sys.exit(
            f"the workbench did not start (marks {sorted(marks)}, not shown {missing}):\n"
            f"{screen[-4000:].decode(errors='replace')}"
        )
    marks.update(drawn)
    return {k: v - start for k, v in marks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="Compile tifa's modules in every run (PYTHONDONTWRITEBYTECODE).",
    )
    parser.add_argument(
        "--corpus",
        action="append",
        default=[],
        help="Open the workbench on this folder or file (repeatable; default: bundled).",
    )
    args = parser.parse_args()
    corpus = [str(Path(p).resolve()) for p in args.corpus]
    env = dict(os.environ)
    env["TIFA_BENCH_CORPUS"] = json.dumps(corpus)
    env.setdefault("TIFA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "tifa-bench-cache"))
    os.environ["TIFA_CACHE_DIR"] = env["TIFA_CACHE_DIR"]
    table = (first_id(corpus),)
    if args.no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tifa-bench-pycache")
    print("bytecode:", "compiled in every run" if args.no_bytecode else "cached")
    print("corpus:", ", ".join(corpus) or "bundled")
    for cli, title in (
        (True, "`tifa` (the console script's tui.cli.main, then the workbench)"),
        (False, "the workbench alone (tui.app)"),
    ):
        run_once(env, cli, table)  # warm the corpus index and bytecode
        runs = [run_once(env, cli, table) for _ in range(args.runs)]
        print(title)
        for key in ("imported", "ready", "first_frame", "table"):
            values = sorted(r[key] for r in runs)
            print(
                f"  {key:12} median {statistics.median(values):.3f} s   "
                f"min {values[0]:.3f}   max {values[-1]:.3f}   ({len(values)} runs)"
            )


if __name__ == "__main__":
    main()
