"""`tifa serve`: the command line textual-serve runs per browser tab, and the CLI surface."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from tifa.tui.cli.main import main
from tifa.tui.cli.serve_cmds import LAUNCH, app_command


def test_app_command_runs_this_python_with_quoted_absolute_paths(tmp_path: Path):
    odd = tmp_path / "my corpus [2024]; rm -rf"
    odd.mkdir()
    args = shlex.split(app_command((str(odd), "bundled"), use_cache=False))
    assert args[:3] == [sys.executable, "-c", LAUNCH]
    assert args[3:] == ["--corpus", str(odd.resolve()), "--corpus", "bundled", "--no-cache"]


def test_serve_help_and_a_missing_corpus_exit_cleanly(tmp_path: Path):
    runner = CliRunner()
    shown = runner.invoke(main, ["serve", "--help"])
    assert shown.exit_code == 0
    assert "--port" in shown.output
    assert "localhost" in shown.output
    missing = runner.invoke(main, ["serve", "--corpus", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output
