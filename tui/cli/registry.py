"""Each module here defines the commands of one capability.

The `tifa` group imports a command's module only when that command runs (or help lists it),
so `tifa` alone and each command start without paying for the others' imports.
"""

from __future__ import annotations

import importlib

import click

MODULES: dict[str, str] = {
    "corpus": "corpus_cmds",
    "show": "corpus_cmds",
    "dupes": "dupes_cmds",
    "diff": "diff_cmds",
    "topics": "formulation_cmds",
    "families": "formulation_cmds",
    "changes": "formulation_cmds",
    "prepare": "formulation_cmds",
    "timeline": "timeline_cmds",
    "search": "timeline_cmds",
    "serve": "serve_cmds",
    "daemon": "daemon_cmds",
    "cache": "cache_cmds",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are found in ``MODULES`` and imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *MODULES})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in MODULES:
            return super().get_command(ctx, name)
        module = importlib.import_module(f"tifa.tui.cli.{MODULES[name]}")
        return next(c for c in module.COMMANDS if c.name == name)

    def invoke(self, ctx: click.Context) -> object:
        """Ctrl+C ends a command with one line and exit code 130, not click's "Aborted!"
        and 1."""
        from tifa.tui.cli.options import Interrupted

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted from None
