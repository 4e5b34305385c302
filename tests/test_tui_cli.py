"""`tifa` with nothing to do but open the workbench skips click; anything else goes to click.
A command imports what it uses and no more: the timeline's import budget is pinned here."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

import tifa.tui.app
from tifa.tui.cli.main import main, workbench_options

from helpers import SEEDS, run_python

WORKBENCH_LINES = [
    [],
    ["--corpus", "a.txt"],
    ["--corpus=a.txt", "--corpus", "folder", "--no-cache"],
    ["--no-cache", "--corpus", "bundled"],
    ["--corpus", ""],
]
CLICK_LINES = [  # a command line and the exit code click gives it
    (["--help"], 0),
    (["-h"], 0),
    (["--no-cache", "-h"], 0),
    (["--version"], 0),
    (["--corpus"], 2),
    (["--bogus"], 2),
    (["nosuch"], 2),
]
# Lines that open the workbench or run a command, but only click knows how to read them.
CLICK_ONLY = [["corpus"], ["--corpus", "a.txt", "corpus"], ["--corpus", "--no-cache"], ["--"]]


@pytest.fixture
def opened(monkeypatch) -> list[tuple[tuple[str, ...], bool]]:
    """The arguments each workbench start would have received."""
    calls: list[tuple[tuple[str, ...], bool]] = []
    monkeypatch.setattr(
        tifa.tui.app,
        "run_app",
        lambda paths, use_cache=True: calls.append((tuple(paths), use_cache)),
    )
    return calls


@pytest.mark.parametrize("args", WORKBENCH_LINES)
def test_the_workbench_opens_with_what_click_would_have_passed(args, opened):
    assert workbench_options(args) is not None
    main(args)
    main.group.main(args, standalone_mode=False)
    assert len(opened) == 2
    assert opened[0] == opened[1]


@pytest.mark.parametrize(("args", "code"), CLICK_LINES)
def test_help_version_and_mistakes_are_left_to_click(args, code, opened, capsys):
    assert workbench_options(args) is None
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == code
    assert not opened
    out, err = capsys.readouterr()
    assert (out if code == 0 else err).strip()


@pytest.mark.parametrize("args", CLICK_ONLY)
def test_what_only_click_can_read_is_declined(args):
    assert workbench_options(args) is None


def test_shell_completion_is_left_to_click():
    code = "import sys\nsys.argv[0] = 'tifa'\nfrom tifa.tui.cli.main import main\nmain()\n"
    env = {
        **os.environ,
        "_TIFA_COMPLETE": "bash_complete",
        "COMP_WORDS": "tifa ",
        "COMP_CWORD": "1",
    }
    result = run_python(code, env=env, stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert "plain,dupes" in result.stdout.splitlines(), result.stdout + result.stderr


def test_bare_tifa_imports_no_click_engine_or_corpus_before_the_workbench():
    code = (
        "import sys\n"
        "import tifa.tui.app\n"
        "tifa.tui.app.run_app = lambda *a, **k: print(sorted("
        "{'.'.join(m.split('.')[:2]) for m in sys.modules}"
        " & {'click', 'tifa.tracking', 'tifa.corpus', 'numpy', 'rapidfuzz', 'jieba'}))\n"
        "from tifa.tui.cli.main import main\n"
        "sys.argv = ['tifa', '--corpus', 'bundled']\n"
        "main()\n"
    )
    result = run_python(code)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# What a timeline or a search on a warm index never needs: the fuzzy matcher's libraries,
# jieba, the workbench, parsing (the speaker parser, tomllib), the HTML report, the bundled
# corpus's resources, and what only other formats use. Each of these once cost it time.
NOT_FOR_A_TIMELINE = {
    "numpy",
    "rapidfuzz",
    "jieba",
    "rich",
    "textual",
    "tomllib",
    "secrets",
    "importlib.resources",
    "platformdirs",  # the tests give TIFA_CACHE_DIR
    "tifa.corpus.speakers",
    "tifa.corpus.sync",
    "tifa.corpus.parse",
    "tifa.corpus.words",
    "tifa.tracking.report_html",
    "tifa.tracking.phrases.fuzzy",
}
FORMAT_ONLY = {"text": {"json", "csv"}, "json": {"csv"}, "csv": {"json"}}


def settled_copies(folder, seeds) -> None:
    """Copies of ``seeds`` dated a minute ago: a file written within 2 s of being hashed is
    hashed again on the next run (``corpus.index.RACY_NS``), which a warm run never does."""
    for seed in seeds:
        shutil.copy(seed, folder)
        os.utime(folder / seed.name, (time.time() - 60, time.time() - 60))


def modules_of(args: list[str]) -> set[str]:
    """The modules a fresh process has imported when ``tifa ARGS`` ends (exit code 0)."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', *sorted(sys.modules), file=sys.stderr))\n"
        "from tifa.tui.cli.main import main\n"
        f"main({args!r})\n"
    )
    result = run_python(code, check=False)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("MODULES ")]
    return set(line.split()[1:])


@pytest.mark.parametrize("fmt", sorted(FORMAT_ONLY))
def test_a_timeline_on_a_warm_index_imports_only_what_counting_needs(tmp_path, fmt):
    """Pinned by name, not by time (timings vary with the machine): ``python -X importtime``
    names what the rest costs (``benchmarks/bench_timeline.py --imports``)."""
    settled_copies(tmp_path, SEEDS[:2])
    command = ["timeline", "改革开放", "--corpus", str(tmp_path), "--format", fmt]
    modules_of(command)  # builds the index
    imported = modules_of(command)
    assert "tifa.tracking.phrases.timeline" in imported
    assert imported & (NOT_FOR_A_TIMELINE | FORMAT_ONLY[fmt]) == set()


def test_a_search_on_a_warm_index_imports_no_fuzzy_matcher_or_parser(tmp_path):
    settled_copies(tmp_path, SEEDS[:1])
    command = ["search", "改革开放", "--corpus", str(tmp_path)]
    modules_of(command)
    imported = modules_of(command)
    assert "tifa.tracking.phrases.kwic" in imported
    assert imported & (NOT_FOR_A_TIMELINE | FORMAT_ONLY["text"]) == set()
