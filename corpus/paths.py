"""Where tifa keeps its cache and user configuration.

``TIFA_CACHE_DIR`` and ``TIFA_CONFIG_DIR`` override the platform folders, so tests and
sandboxed runs never touch the user's own. A cache folder that cannot be used (it cannot be
created, is a file, or is read-only) slows tifa down but never stops it: the corpus index
works without it (and says so), and jieba, told by ``cache_problem``, loads its dictionary
without caching it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: the daemon's client imports this module (``cache_folder``)
if TYPE_CHECKING:
    from pathlib import Path


def cache_dir() -> Path:
    from pathlib import Path

    return Path(cache_folder())


def cache_folder() -> str:
    """The cache folder's path: ``TIFA_CACHE_DIR``, else platformdirs' user cache folder."""
    folder = os.environ.get("TIFA_CACHE_DIR")
    if folder:
        return folder
    home = _xdg_cache_home()
    if home is not None:
        return os.path.join(home, "tifa")
    import platformdirs  # 5-10 ms with what it imports (tempfile, shutil, lzma, urllib…)

    return platformdirs.user_cache_dir("tifa")


def _xdg_cache_home() -> str | None:
    """platformdirs' base on Linux where its rule (the XDG base directory specification) is
    plain: an absolute ``XDG_CACHE_HOME``, else ``~/.cache`` under an absolute ``HOME``; None
    elsewhere (another system, Android, no usable ``HOME``), where platformdirs decides.
    Every command needs the cache folder before its first line of work, and the daemon's
    client needs it to start at all; a test holds this to platformdirs' own answers."""
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg.startswith("/"):
        return xdg
    if os.environ.get("HOME", "").startswith("/"):
        return os.path.expanduser("~/.cache")
    return None


def config_dir() -> Path:
    from pathlib import Path

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
