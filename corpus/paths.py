"""Where tifa keeps its cache and user configuration.

``TIFA_CACHE_DIR`` and ``TIFA_CONFIG_DIR`` override the platform folders, so tests and
sandboxed runs never touch the user's own.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def cache_dir() -> Path:
    return Path(os.environ.get("TIFA_CACHE_DIR") or platformdirs.user_cache_dir("tifa"))


def config_dir() -> Path:
    return Path(os.environ.get("TIFA_CONFIG_DIR") or platformdirs.user_config_dir("tifa"))
