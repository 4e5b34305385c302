"""`tifa serve`: the same workbench in a web browser, through textual-serve, on this machine.

For colleagues who will not open a terminal. textual-serve starts one ``tifa`` process per
browser tab (through the shell, so the command line is quoted here) and relays it over a
websocket; it binds to localhost unless told otherwise.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from tifa.tui.cli.options import InputError, corpus_options

LAUNCH = "from tifa.tui.cli.main import main; main()"


def app_command(corpus_paths: tuple[str, ...], use_cache: bool) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this tifa."""
    args = [sys.executable, "-c", LAUNCH]
    for path in corpus_paths:
        args += ["--corpus", path if path == "bundled" else str(Path(path).expanduser().resolve())]
    if not use_cache:
        args.append("--no-cache")
    return shlex.join(args)


@click.command("serve")
@corpus_options
@click.option(
    "--host",
    default="localhost",
    show_default=True,
    help="Interface to listen on; keep localhost unless you mean to share it.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
def serve_command(corpus_paths: tuple[str, ...], use_cache: bool, host: str, port: int) -> None:
    """Open the workbench in a web browser (http://HOST:PORT) via textual-serve."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise InputError("textual-serve is not installed: pip install 'tifa[serve]'") from None
    for path in corpus_paths:
        if path != "bundled" and not Path(path).expanduser().exists():
            raise InputError(f"{path}: no such file or folder")
    click.echo(f"tifa: serving the workbench on http://{host}:{port} (Ctrl+C stops)", err=True)
    Server(app_command(corpus_paths, use_cache), host=host, port=port, title="tifa 提法").serve()


COMMANDS = (serve_command,)
