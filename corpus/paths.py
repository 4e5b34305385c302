"""Where tifa keeps its cache and user configuration.

``TIFA_CACHE_DIR`` and ``TIFA_CONFIG_DIR`` override the platform folders, so tests and
sandboxed runs never touch the user's own. A cache folder that cannot be used (it cannot be
created, is a file, or is read-only) slows tifa down but never stops it: the corpus index
works without it (and says so), and jieba, told by ``cache_problem``, loads its dictionary
without caching it.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    folder = os.environ.get("TIFA_CACHE_DIR")
    if folder:
        return Path(folder)
    import platformdirs  # ~2 ms: not when the folder is given

    return Path(platformdirs.user_cache_dir("tifa"))


def config_dir() -> Path:
    folder = os.environ.get("TIFA_CONFIG_DIR")
    if folder:
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_config_dir("tifa"))


def cache_problem(folder: Path | None = None) -> str | None:
    """Why the cache folder (created here if missing) cannot hold entries, or None."""
    folder = cache_dir() if folder is None else folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "it is a file, not a folder"
    except OSError as err:
        return f"cannot create it ({err.strerror or err})"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "cannot write in it"
    return None
