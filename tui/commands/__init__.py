"""Each module here defines the commands of one capability; `register` adds them all."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from tui.commands import (
        corpus_cmds,
        diff_cmds,
        dupes_cmds,
        formulation_cmds,
        serve_cmds,
        timeline_cmds,
    )

    for module in (corpus_cmds, timeline_cmds, serve_cmds, diff_cmds, formulation_cmds,
                   dupes_cmds):
        for command in module.COMMANDS:
            group.add_command(command)
