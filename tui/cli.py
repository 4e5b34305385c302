"""The `tifa` command. With no subcommand it opens the workbench; the subcommands are for
scripts and pipelines and never import Textual."""

from __future__ import annotations

import os

# tifa never does linear algebra; OpenBLAS starting a thread per core costs start-up time.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click

from tui.commands import LazyGroup
from tui.options import corpus_options


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@corpus_options
@click.version_option(package_name="tifa")
@click.pass_context
def main(ctx: click.Context, corpus_paths: tuple[str, ...], use_cache: bool) -> None:
    """tifa (提法): track how formulations in Chinese official discourse change.

    With no command, open the workbench on the bundled corpus (or on --corpus PATH).
    """
    if ctx.invoked_subcommand is None:
        from tui.app import run_app

        run_app(corpus_paths, use_cache=use_cache)

