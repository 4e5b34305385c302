"""How long `tifa` takes to show its first screen, from process start, in a real terminal.

Each run starts a fresh Python process on a pseudo-terminal (so Textual drives a terminal,
as `tifa` does) and runs the workbench on the bundled corpus, twice over: importing what the
`tifa` console script imports first (``tui.cli``, which registers every subcommand), and
importing the workbench alone. It reports, from just before the process is spawned:

* ``imported``: the modules imported, before the app starts;
* ``first_frame``: Textual's Ready event, the first screen drawn (view tabs, footer and the
  documents table with its loading indicator);
* ``table``: the documents table filled from the corpus (loaded from the cache in a thread
  worker, as on every start after the first).

The first run warms the corpus cache and bytecode and is not counted. Target: first frame
within 0.6 s on the project machine (2 cores).

    python benchmarks/bench_tui_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, os, sys, time
if os.environ.get("TIFA_BENCH_CLI"):
    import tui.cli  # what the `tifa` console script imports before opening the workbench
from tui.app import TifaApp

out = os.environ["TIFA_BENCH_OUT"]
marks = {"imported": time.time()}

class Timed(TifaApp):
    def on_ready(self) -> None:
        marks["first_frame"] = time.time()
        self.set_interval(0.005, self._check)

    def _check(self) -> None:
        table = self.screen.query("#documents")
        if table and table.first().row_count:
            marks["table"] = time.time()
            with open(out, "w") as f:
                json.dump(marks, f)
            self.exit()

Timed().run()
"""


def run_once(env: dict[str, str], cli: bool) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    child_env = {**env, "TIFA_BENCH_OUT": str(out), "TERM": "xterm-256color",
                 "COLUMNS": "160", "LINES": "48", "TIFA_BENCH_CLI": "1" if cli else ""}
    start = time.time()
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdin=slave, stdout=slave,
                            stderr=slave, env=child_env, close_fds=True)
    os.close(slave)
    deadline = start + 30
    screen = b""
    while proc.poll() is None and time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                screen = (screen + os.read(master, 65536))[-4000:]
            except OSError:
                break
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    os.close(master)
    marks = json.loads(out.read_text()) if out.stat().st_size else {}
    out.unlink()
    if not marks:
        sys.exit(f"the workbench did not start:\n{screen.decode(errors='replace')}")
    return {k: v - start for k, v in marks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("TIFA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "tifa-bench-cache"))
    run_once(env, cli=True)  # warm the corpus cache and bytecode
    for cli, title in ((True, "`tifa` (tui.cli, then the workbench)"),
                       (False, "the workbench alone (tui.app)")):
        runs = [run_once(env, cli) for _ in range(args.runs)]
        print(title)
        for key in ("imported", "first_frame", "table"):
            values = sorted(r[key] for r in runs)
            print(f"  {key:12} median {statistics.median(values):.3f} s   "
                  f"min {values[0]:.3f}   max {values[-1]:.3f}   ({len(values)} runs)")


if __name__ == "__main__":
    main()
