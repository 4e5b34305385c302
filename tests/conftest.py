"""Keep the machine out of the tests: cache and config live in a temporary folder, removed
when the session ends. Shared constants and helpers are in ``helpers.py``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

SANDBOX = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    sandbox = Path(tempfile.mkdtemp(prefix="tifa-tests-"))
    config.stash[SANDBOX] = sandbox
    os.environ["TIFA_CACHE_DIR"] = str(sandbox / "cache")
    os.environ["TIFA_CONFIG_DIR"] = str(sandbox / "config")
    # no command of a test starts a daemon of its own (tests/test_daemon.py starts theirs)
    os.environ["TIFA_NO_DAEMON"] = "1"


def pytest_unconfigure(config: pytest.Config) -> None:
    sandbox = config.stash.get(SANDBOX, None)
    if sandbox is not None:
        shutil.rmtree(sandbox, ignore_errors=True)


@pytest.fixture(scope="session")
def bundled():
    from tifa.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def bundled_tokens(bundled):
    from tifa.corpus import with_tokens

    return with_tokens(bundled)


@pytest.fixture
def seeds(tmp_path) -> Path:
    """The five seeds and their manifest, copied into a folder a test may change."""
    from helpers import DATA, SEEDS

    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in (*SEEDS, DATA / "manifest.toml"):
        shutil.copy(path, folder)
    return folder
