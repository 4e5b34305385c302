"""The `tifa` command. With no subcommand it opens the workbench; the subcommands are for
scripts and pipelines and never import Textual.

``main`` is what the console script calls. A command line that only opens the workbench
(nothing, or only ``--corpus PATH`` and ``--no-cache``) goes straight to it, without
importing click and the command registry first: they cost about 50 ms of a start-up that
should stay under 0.6 s. Anything else (a subcommand, ``--help``, ``--version``, a
mistake, shell completion) goes to the click group, which parses it as it always has;
``main`` hands every attribute to that group too, so it can be invoked, listed and tested
like one.

A subcommand run as the process (the console script, ``args`` None) is handed to the tifa
daemon when one runs (``daemon_client``), which answers without this process's imports.

A command run as the process (the console script, ``args`` None) freezes the cyclic
garbage collector's objects as the process exits (``atexit``): Python's finalization
otherwise scans every object left, once per collection it runs while tearing modules down,
about 15 ms of a 0.15 s ``tifa timeline``. The system takes the memory back at the end
anyway; the index has been closed by then (the command's context closes it), and the
handlers of the libraries registered later (a worker pool's) run first.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

# tifa never does linear algebra; OpenBLAS starting a thread per core costs start-up time.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# typing.TYPE_CHECKING without importing typing, which imports re, collections and functools:
# milliseconds of a command handed to the daemon, whose whole client is this module and
# ``daemon_client`` (type checkers read any ``TYPE_CHECKING`` as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, NoReturn

    import click


def workbench_options(args: Sequence[str]) -> tuple[tuple[str, ...], bool] | None:
    """``(corpus_paths, use_cache)`` when ``args`` only open the workbench, else None.

    Accepts exactly what the group's own options accept (``--corpus PATH``,
    ``--corpus=PATH``, ``--no-cache``) and declines anything else, so that click reports
    it. A ``--corpus`` value that looks like an option is declined too: click decides.
    """
    paths: list[str] = []
    use_cache = True
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--no-cache":
            use_cache = False
        elif arg.startswith("--corpus="):
            paths.append(arg.removeprefix("--corpus="))
        elif arg == "--corpus" and rest and not rest[0].startswith("-"):
            paths.append(rest.pop(0))
        else:
            return None
    return tuple(paths), use_cache


def _exit_now(code: int) -> NoReturn:
    """End with ``code`` at once, after a command the daemon ran: nothing here needs
    cleaning up, and Python's own finalization would add ~4 ms to the command."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            continue
    os._exit(code)


def _completing() -> bool:
    """Whether a shell is asking click to complete a command line (``_TIFA_COMPLETE``)."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


class Command:
    """The `tifa` entry point: the workbench directly when that is all that is asked,
    otherwise the click group ``group``."""

    def __call__(self, args: Sequence[str] | None = None, **extra: Any) -> Any:
        """Ctrl+C before a command runs (while Python imports it) ends tifa as it does
        inside one (see ``registry.LazyGroup.invoke``): one line, exit code 130."""
        try:
            return self._run(args, **extra)
        except KeyboardInterrupt:
            if sys.stderr is not None:
                sys.stderr.write("tifa: interrupted\n")
            raise SystemExit(130) from None

    def _run(self, args: Sequence[str] | None, **extra: Any) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        plain_platform = os.name != "nt" or not argv  # click expands wildcards on Windows
        options = workbench_options(argv) if plain_platform and not extra else None
        if options is None or _completing():
            if args is None and not extra and not _completing():
                from tifa.tui.cli.daemon_client import forward

                code = forward(argv)
                if code is not None:
                    _exit_now(code)
            if args is None:
                atexit.register(gc.freeze)
            return self.group(args, **extra)
        from tifa.tui.app import run_app

        run_app(options[0], use_cache=options[1])
        return None

    _group: click.Group | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.group, name)

    @property
    def group(self) -> click.Group:
        if self._group is None:
            self._group = _build_group()
        return self._group


def _build_group() -> click.Group:
    import click

    from tifa.tui.cli.options import corpus_options
    from tifa.tui.cli.registry import LazyGroup

    @click.group(
        cls=LazyGroup,
        invoke_without_command=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @corpus_options
    @click.version_option(package_name="tifa")
    @click.pass_context
    def tifa(ctx: click.Context, corpus_paths: tuple[str, ...], use_cache: bool) -> None:
        """tifa (提法): track how formulations in Chinese official discourse change.

        With no command, open the workbench on the bundled corpus (or on --corpus PATH).
        """
        if ctx.invoked_subcommand is None:
            from tifa.tui.app import run_app

            run_app(corpus_paths, use_cache=use_cache)

    return tifa


main = Command()
