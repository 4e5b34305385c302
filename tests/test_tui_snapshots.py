"""A few SVG snapshots at a fixed size: the corpus view, the 2017 pair in Compare, a timeline.

Update after a deliberate change of look (or of the engine's output) with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and check the new SVGs by eye.
"""

from __future__ import annotations

from conftest import SCIO_2017, XINHUA_2017, settle

from tifa.tui.app import TifaApp
from tifa.tui.messages import OpenPair


def test_corpus_view(snap_compare):
    assert snap_compare(TifaApp(), terminal_size=(120, 30), run_before=settle)


def test_compare_2017_pair_side_by_side(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.post_message(OpenPair(XINHUA_2017.stem, SCIO_2017.stem))
        await pilot.pause()
        await settle(pilot)
        await pilot.press("n", "n", "n")

    assert snap_compare(TifaApp(), terminal_size=(140, 40), run_before=run_before)


def test_timeline_of_a_phrase(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"双轨并进", "enter")
        await settle(pilot)
        await pilot.press("escape")

    assert snap_compare(TifaApp(), terminal_size=(120, 36), run_before=run_before)
