"""The Python API: the README's example runs as printed, and the front doors export every
name they list, lazily."""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re

import pytest

from helpers import ROOT, run_python

FRONT_DOORS = {"tifa.corpus": ROOT / "corpus", "tifa.tracking": ROOT / "tracking"}


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the Python API section should hold one example"
    return blocks[0]


def test_the_readme_example_runs_as_printed(bundled_tokens):
    out = io.StringIO()
    namespace: dict[str, object] = {"__name__": "readme_example"}
    with contextlib.redirect_stdout(out):
        exec(compile(readme_example(), "README.md", "exec"), namespace)
    printed = out.getvalue().splitlines()
    first = bundled_tokens.documents[0].id
    assert printed, "the example prints its answers"
    assert printed[0].split()[:3] == [first, bundled_tokens.documents[1].id, "versions"]
    assert any(line.startswith(f"{first} ") and "一个中国原则" in line for line in printed)
    assert str(namespace["report"]).startswith("# ")  # a Markdown report
    assert str(namespace["csv_text"]).startswith("phrase,variant,doc_id,")


def _typing_imports(package: str) -> dict[str, tuple[str, ...]]:
    """What the package's ``if TYPE_CHECKING:`` block imports, module by module."""
    tree = ast.parse((FRONT_DOORS[package] / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n)
    )
    return {
        node.module or "": tuple(alias.name for alias in node.names)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
    }


@pytest.mark.parametrize("package", sorted(FRONT_DOORS))
def test_type_checkers_see_the_names_that_run(package):
    exports = importlib.import_module(package).EXPORTS
    seen = _typing_imports(package)
    assert {m: sorted(n) for m, n in seen.items()} == {m: sorted(n) for m, n in exports.items()}


@pytest.mark.parametrize("package", sorted(FRONT_DOORS))
def test_every_exported_name_is_the_object_its_module_defines(package):
    front = importlib.import_module(package)
    for module, names in front.EXPORTS.items():
        for name in names:
            assert getattr(front, name) is getattr(importlib.import_module(module), name), name
    assert sorted(front.__all__) == sorted(n for names in front.EXPORTS.values() for n in names)
    assert set(front.__all__) <= set(dir(front))


def test_an_unknown_name_is_an_attribute_error():
    import tifa.tracking

    with pytest.raises(AttributeError, match="no attribute 'diff'"):
        _ = tifa.tracking.diff  # a submodule's name, not an export


def test_the_front_doors_import_nothing_until_a_name_is_used():
    code = (
        "import sys\n"
        "import tifa.tracking, tifa.corpus\n"
        "before = sorted(m for m in sys.modules if m.startswith('tifa.'))\n"
        "from tifa.tracking import phrase_timeline\n"
        "after = 'tifa.tracking.phrases.timeline' in sys.modules\n"
        "print(before, after, 'tifa.tracking.versions.diff' in sys.modules)\n"
    )
    assert run_python(code).stdout.split() == [
        "['tifa.corpus',",
        "'tifa.corpus.lazy',",
        "'tifa.tracking']",
        "True",
        "False",
    ]


def test_every_function_the_readme_table_lists_is_importable_from_tracking():
    """The README says every name of its table imports from ``tifa.tracking``; each
    function it shows called (``voice_turns(doc, roles=None)``) does."""
    import tifa.tracking

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in section.splitlines() if r.startswith("| ") and r.count("|") >= 4]
    called = {
        name
        for row in rows[1:]
        for name in re.findall(r"`(\w+)\(", row.split("|")[2])
        if not name[0].isupper() and "." not in name
    }
    assert {"voice_turns", "load_corpus", "build_families", "phrase_timeline"} <= called
    assert sorted(n for n in called if not hasattr(tifa.tracking, n)) == []
