"""Keep the machine out of the tests: cache and config live in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SANDBOX = Path(tempfile.mkdtemp(prefix="tifa-tests-"))
os.environ["TIFA_CACHE_DIR"] = str(_SANDBOX / "cache")
os.environ["TIFA_CONFIG_DIR"] = str(_SANDBOX / "config")

DATA = Path(__file__).resolve().parent.parent / "corpus" / "data"
SEEDS = sorted(DATA.glob("*.txt"))
XINHUA_2017 = DATA / "000_47b88e4171794380.txt"
SCIO_2017 = DATA / "001_ed59d1e97501d117.txt"
PD_2024 = DATA / "002_7f8c73560a60a189.txt"
XINHUA_2019 = DATA / "003_db33bc463a1b7477.txt"
OCR_2021 = DATA / "004_d9d0ae3ca28eebeb.txt"


@pytest.fixture(scope="session")
def bundled():
    from tifa.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def bundled_tokens(bundled):
    from tifa.corpus import with_tokens

    return with_tokens(bundled)


async def settle(pilot) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return
