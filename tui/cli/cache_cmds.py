"""`tifa cache` and `tifa cache clear`: what the cache folder holds, and removing parts of it.

Not run in the daemon (``daemon_client.FORWARDED``): clearing stops this folder's daemon
first, which holds the index open and a corpus decoded.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tifa.tui.cli.options import InputError, OutputError, emit, output_options

if TYPE_CHECKING:
    from tifa.tracking.formulations.remembered import KeptEntry


def _size(size: int) -> str:
    """Bytes for people: 512 bytes, 4.3 MB, 1.2 GB."""
    if size < 1024:
        return f"{size:,} bytes"
    for unit, shift in (("KB", 10), ("MB", 20)):
        if size < 1 << (shift + 10):
            return f"{size / (1 << shift):,.1f} {unit}"
    return f"{size / (1 << 30):,.1f} GB"


SHOWN = 5  # kept entries listed in the text, the latest used first


def _ago(when: float) -> str:
    """How long ago, for people: 40 s, 12 min, 3 h, 2 days."""
    seconds = max(0.0, time.time() - when)
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit} ago"
    return f"{seconds:.0f} s ago"


def _entry_record(e: KeptEntry) -> dict[str, object]:
    return {
        "about": e.about,
        "bytes": e.size,
        "used": datetime.fromtimestamp(e.used, tz=UTC).isoformat(timespec="seconds"),
        "path": str(e.path),
    }


def _place(path: Path, folder: Path) -> str:
    """A file's name, or its subfolder's (``families/``) when it is in one."""
    inner = path.relative_to(folder).parts
    return inner[0] + "/" if len(inner) > 1 else inner[0]


@click.group("cache", invoke_without_command=True)
@output_options(("text", "json"))
@click.pass_context
def cache_command(ctx: click.Context, fmt: str, output: str | None) -> None:
    """What tifa keeps in its cache folder (TIFA_CACHE_DIR), part by part; everything
    there can be made again from the files. `tifa cache clear PART...` removes parts."""
    if ctx.invoked_subcommand is not None:
        return
    from tifa.corpus.paths import cache_dir, cache_problem
    from tifa.tracking.cachefolder import cache_parts
    from tifa.tracking.exports import plain, to_json

    folder = cache_dir()
    parts = cache_parts(folder)
    if fmt == "json":
        emit(
            to_json(
                {
                    "folder": str(folder),
                    "parts": [
                        {
                            "part": p.name,
                            "bytes": p.size,
                            "holds": p.holds,
                            "paths": [str(path) for path in p.paths],
                            **(
                                {"entries": [_entry_record(e) for e in p.entries]}
                                if p.name == "families"
                                else {}
                            ),
                        }
                        for p in parts
                    ],
                }
            ),
            output,
        )
        return
    problem = cache_problem(folder) if folder.exists() else "not made yet"
    lines = [f"tifa's cache folder: {plain(folder)}" + (f" ({problem})" if problem else "")]
    for p in parts:
        lines.append(f"  {p.name:<11}{_size(p.size):>12}  {plain(p.holds)}")
        # where the files are: their names, or the subfolder that holds them
        places = list(dict.fromkeys(_place(path, folder) for path in p.paths))
        if places:
            more = f" and {len(places) - 3} more" if len(places) > 3 else ""
            lines.append(f"  {'':<11}{'':>12}  {', '.join(map(plain, places[:3]))}{more}")
        for e in p.entries[:SHOWN]:
            about = plain(e.about) or "an earlier tifa's entry"
            lines.append(f"  {'':<11}{_size(e.size):>12}  {about}, used {_ago(e.used)}")
        if len(p.entries) > SHOWN:
            lines.append(f"  {'':<11}{'':>12}  … {len(p.entries) - SHOWN} more (--format json)")
    lines.append(f"  {'total':<11}{_size(sum(p.size for p in parts)):>12}")
    emit("\n".join(lines) + "\n", output)


@cache_command.command("clear")
@click.argument("parts", nargs=-1, metavar="PART...")
@click.option("--all", "everything", is_flag=True, help="Every part.")
def clear_command(parts: tuple[str, ...], everything: bool) -> None:
    """Remove parts of the cache folder: index, families, dictionary, older (or --all).
    The next command makes again what it needs: minutes for the index of a large archive."""
    from tifa.tracking.cachefolder import PARTS, clear_parts
    from tifa.tui.cli.daemon_cmds import stop_running

    named = ", ".join(PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise InputError(f"no such part of the cache: {', '.join(unknown)} (parts: {named})")
    if not parts and not everything:
        raise InputError(f"name the parts to clear ({named}) or give --all")
    stopped = stop_running()
    if stopped is not None:
        click.echo(f"tifa: daemon stopped (pid {stopped}): it held the cache open", err=True)
    try:
        removed = clear_parts(PARTS if everything else parts)
    except OSError as err:
        raise OutputError(
            f"{err.filename or 'the cache folder'}: cannot remove it ({err.strerror})"
        ) from None
    for p in removed:
        said = f"{_size(p.size)} removed" if p.paths else "nothing there"
        click.echo(f"tifa: cleared {p.name}: {said}", err=True)


@cache_command.command("prune")
def prune_command() -> None:
    """Forget the files the index records that are no longer on disk (an archive moved or
    deleted), and the documents only they held. The rest stays: nothing is parsed again.
    The index file keeps its size (SQLite reuses the space); `tifa cache clear index`
    empties it."""
    import sqlite3

    from tifa.corpus.index import Index, IndexDamaged, IndexUnwritable, index_path
    from tifa.corpus.sync import prune

    path = index_path()
    if not path.exists():
        click.echo("tifa: no index yet: nothing to prune", err=True)
        return
    try:
        with Index.open(path) as index:
            pruned = prune(index)
    except (IndexDamaged, IndexUnwritable) as err:
        raise OutputError(f"{err}") from None
    except sqlite3.OperationalError as err:  # another process held it past the timeout
        raise OutputError(f"{path}: {err}") from None
    click.echo(
        f"tifa: forgot {_count(pruned.files, 'file')} no longer on disk"
        + (f" (and {_count(pruned.manifests, 'manifest')})" if pruned.manifests else "")
        + f", and {_count(pruned.documents, 'document')} only they held",
        err=True,
    )


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


COMMANDS = (cache_command,)
