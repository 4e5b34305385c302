"""Redraw docs/screenshot.svg, the README's picture: the 2017 pair in Compare at 160x48.

python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tifa.tui.app import TifaApp
from tifa.tui.messages import OpenPair

HERE = Path(__file__).resolve().parent
PAIR = ("000_47b88e4171794380", "001_ed59d1e97501d117")  # Xinhua report, SCIO transcript


async def settle(pilot) -> None:
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return


async def main() -> None:
    app = TifaApp()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.post_message(OpenPair(*PAIR))
        await pilot.pause()
        await settle(pilot)
        await pilot.press("n", "n", "n", "n")
        await pilot.pause()
        app.save_screenshot(filename="screenshot.svg", path=str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
