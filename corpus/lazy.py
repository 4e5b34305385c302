"""Lazy public names for a package's ``__init__`` (PEP 562), shared by ``tifa.corpus`` and
``tifa.tracking``.

Why: a notebook wants one front door (``from tifa.tracking import diff_documents``), but the
command line and the workbench import single modules of these packages and must not pay for
all of them (numpy, rapidfuzz, jieba's dictionary) at start-up. A name is imported from its
module the first time it is asked for, then kept in the package like any other attribute.
"""

from __future__ import annotations

import sys
from importlib import import_module

TYPE_CHECKING = False  # not typing's: see ``tifa.corpus``
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, tuple[str, ...]]
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` for ``package``, whose public names are
    ``exports`` (module → names defined there)."""
    home = {name: module for module, names in exports.items() for name in names}
    namespace = sys.modules[package].__dict__

    def getattr_(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *home})

    return sorted(home), getattr_, dir_
