"""What the tests share besides fixtures: the seed files by name, the repository root, a
Python subprocess, the wait for a pilot's workers and the Families view opened on a topic
(fixtures live in ``conftest.py``)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "corpus" / "data"
SEEDS = sorted(DATA.glob("*.txt"))
XINHUA_2017 = DATA / "000_47b88e4171794380.txt"
SCIO_2017 = DATA / "001_ed59d1e97501d117.txt"
PD_2024 = DATA / "002_7f8c73560a60a189.txt"
XINHUA_2019 = DATA / "003_db33bc463a1b7477.txt"
OCR_2021 = DATA / "004_d9d0ae3ca28eebeb.txt"


def run_python(code: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter at the repository root (a clean ``sys.modules``);
    its exit status must be 0 unless ``check=False`` is given."""
    settings: dict[str, Any] = {"capture_output": True, "text": True, "cwd": ROOT, "check": True}
    return subprocess.run([sys.executable, "-c", code], **(settings | options))


async def settle(pilot: Any) -> None:
    """Wait until no worker runs and the messages they posted are handled: idle twice in a
    row, since a message handled in one pause can start the next worker (the catalogue's
    rows, then the relations), and under load one idle look came between the two. A worker
    cancelled while waited for (an exclusive one, replaced by the next selection's) is no
    failure: the wait goes on with its successor."""
    from textual.worker import WorkerCancelled

    idle = 0
    for _ in range(40):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        idle = idle + 1 if not any(w.is_running for w in pilot.app.workers) else 0
        if idle == 2:
            return


async def open_families(pilot: Any, topic: str) -> Any:
    """The Families view, ``topic``'s report shown; the screen."""
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    pilot.app.screen.query_one("#families-topic").value = topic
    await settle(pilot)
    return pilot.app.screen


def relation_archive(tmp_path: Path, dates: dict[str, str | None]) -> Any:
    """The named fixtures (stem: ISO date or None) in a folder with a manifest of dates."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    manifest = []
    for stem, date in dates.items():
        shutil.copy(
            ROOT / "tests" / "fixtures" / "relations" / f"{stem}.txt", tmp_path / f"{stem}.txt"
        )
        if date:
            manifest.append(f'["{stem}.txt"]\ndate = {date}\nyear = {date[:4]}\n')
    (tmp_path / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    from tifa.corpus import load_corpus

    return load_corpus([str(tmp_path)], use_cache=False)


REWORDED_LINES = {
    2017: "我们坚决反对任何形式的“台独”分裂活动",
    2018: "国际社会广泛理解和支持中国人民反对“台独”分裂活动、争取完成国家统一的正义事业",
    2019: "我们坚决反对任何形式的“台独”分裂行径",
    2020: "我们坚决反对任何形式的“台独”分裂图谋",
}


def reworded_lines(folder: Path, lines: dict[int, str] = REWORDED_LINES) -> None:
    """Four briefings a year in ``folder``, each saying its year's Taiwan line of ``lines``
    after a filler sentence; ``REWORDED_LINES``, 2017–2020, make one family with two changes
    of line and one rewording (行径 → 图谋 in 2020)."""
    filler = ("我们注意到有关报道。", "中方愿同各方加强沟通协调。", "我没有可以提供的信息。")
    for year, line in lines.items():
        for n, month in enumerate((2, 5, 8, 11)):
            text = (
                f"{year}年{month}月{n + 3}日外交部发言人华春莹主持例行记者会\n\n"
                f"问：请问中方对此有何评论？\n\n答：{filler[n % 3]}{line}。\n"
            )
            (folder / f"{year}-{month:02d}-{n + 3:02d}_r.txt").write_text(text, "utf-8")
