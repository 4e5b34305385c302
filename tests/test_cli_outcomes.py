"""The command line's outcomes for bad values: one line on stderr, the right exit code, no
traceback and no silently wrong answer."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tifa.tui.cli.main import main
from tifa.tui.cli.options import InputError

from helpers import PD_2024, SCIO_2017, XINHUA_2017

LONG = "a" * 300  # longer than any file name a file system allows (255 bytes)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line(result) -> bool:
    return result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("search", "中国", "--fuzzy", "nan"),
        ("timeline", "中国", "--fuzzy", "NaN"),
        ("families", "taiwan", "--min-similarity", "nan"),
        ("changes", "taiwan", "--min-similarity", "nan"),
        ("dupes", "--min-shared", "nan"),
    ],
)
def test_nan_is_a_usage_error(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert "not a number" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("show", LONG), "no such document"),  # no id, and no file can have such a name
        (("diff", "000", LONG), "no such document"),
        (("corpus", "--corpus", LONG), "File name too long"),
        (("search", "中国", "--corpus", LONG), "File name too long"),
        (("corpus", "-o", LONG + ".csv"), "File name too long"),
    ],
)
def test_a_name_too_long_is_one_line_and_exit_2(args: tuple[str, ...], why: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result) and why in result.stderr


def test_show_says_unknown_rather_than_none(tmp_path: Path) -> None:
    """A document without a known date (or year, edition, title) says so in words."""
    text = "外交部发言人答记者问。我们一贯主张通过对话协商解决分歧，这是中方的一贯立场和原则。\n"
    (tmp_path / "nodate.txt").write_text(text, encoding="utf-8")
    shutil.copy(PD_2024, tmp_path / "pd.txt")
    undated = run("show", str(tmp_path / "pd.txt")).stdout.splitlines()[1]
    assert "date unknown" in undated and "year 2024" in undated
    bare = run("show", str(tmp_path / "nodate.txt")).stdout
    assert "None" not in bare and "year unknown" in bare and "edition unknown" in bare


def test_an_ambiguous_id_does_not_count_a_file_skipped_as_unreadable(tmp_path: Path) -> None:
    """`tifa corpus` skips ab_bin.txt, so `ab` names one document: `tifa show ab` agrees."""
    shutil.copy(SCIO_2017, tmp_path / "ab_good.txt")
    (tmp_path / "ab_bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    listed = run("corpus", "--corpus", str(tmp_path), "--format", "csv").stdout
    assert "ab_good" in listed and "ab_bin" not in listed
    shown = run("show", "ab", "--corpus", str(tmp_path))
    assert shown.exit_code == 0 and shown.stdout.startswith("ab_good")
    shutil.copy(XINHUA_2017, tmp_path / "ab_other.txt")
    ambiguous = run("show", "ab", "--corpus", str(tmp_path))
    assert ambiguous.exit_code == 2 and one_line(ambiguous)
    assert "ab_good" in ambiguous.stderr and "ab_other" in ambiguous.stderr
    assert "ab_bin" not in ambiguous.stderr


def test_input_error_writes_to_the_file_it_is_given() -> None:
    out = io.StringIO()
    InputError("x.txt: empty file").show(out)
    assert out.getvalue() == "tifa: x.txt: empty file\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_an_error_not_a_usage_error() -> None:
    """Exit 2 is for usage and unreadable input; a write that fails is exit 1."""
    result = run("search", "中国", "-o", "/dev/full")
    assert result.exit_code == 1 and one_line(result) and "No space left" in result.stderr
