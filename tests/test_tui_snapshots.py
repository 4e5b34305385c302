"""SVG snapshots at a fixed size, one per view: corpus, compare, families, timeline, search,
the reader and the export dialog, and Compare in the light theme.

Update after a deliberate change of look (or of the engine's output) with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and check the new SVGs by eye.
"""

from __future__ import annotations

import pytest

from tifa.tui.app import TifaApp
from tifa.tui.messages import OpenPair

from helpers import SCIO_2017, XINHUA_2017, settle

SIZE = (120, 36)


async def open_2017_pair(pilot) -> None:
    await settle(pilot)
    pilot.app.post_message(OpenPair(XINHUA_2017.stem, SCIO_2017.stem))
    await pilot.pause()
    await settle(pilot)
    await pilot.press("n", "n", "n")


def test_corpus_view(snap_compare):
    assert snap_compare(TifaApp(), terminal_size=(120, 30), run_before=settle)


def test_compare_2017_pair_side_by_side(snap_compare):
    assert snap_compare(TifaApp(), terminal_size=(140, 40), run_before=open_2017_pair)


def test_compare_in_the_light_theme(snap_compare):
    async def run_before(pilot) -> None:
        await open_2017_pair(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(TifaApp(), terminal_size=(140, 40), run_before=run_before)


def test_families_of_a_topic(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pilot.app.screen.query_one("#families-topic").value = "peninsula"
        await settle(pilot)

    assert snap_compare(TifaApp(), terminal_size=SIZE, run_before=run_before)


def test_timeline_of_a_phrase(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"双轨并进", "enter")
        await settle(pilot)
        await pilot.press("escape")

    assert snap_compare(TifaApp(), terminal_size=SIZE, run_before=run_before)


def test_search_as_you_type(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"多边主义")
        await pilot.pause(0.5)  # the pause after typing that starts a search
        await settle(pilot)
        await pilot.press("escape")

    assert snap_compare(TifaApp(), terminal_size=SIZE, run_before=run_before)


def test_reader_of_a_document(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(TifaApp(), terminal_size=SIZE, run_before=run_before)


def test_export_dialog(snap_compare, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir("/")  # the dialog offers a file in the working folder

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(TifaApp(), terminal_size=SIZE, run_before=run_before)
