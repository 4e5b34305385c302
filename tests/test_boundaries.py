"""Architecture rules that a refactor must not break quietly."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import click

from tifa.tui.cli.main import main

from helpers import ROOT, run_python

UI_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:textual|rich)\b", re.MULTILINE)


def test_engine_packages_never_import_textual_or_rich():
    for package in ("corpus", "tracking"):
        for path in (ROOT / package).rglob("*.py"):
            assert not UI_IMPORT.search(path.read_text(encoding="utf-8")), path


def test_non_interactive_commands_do_not_import_textual_or_jieba():
    code = (
        "import sys\n"
        "from tifa.tui.cli.main import main\n"
        "try:\n    main(['corpus', '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "bad = [m for m in ('textual', 'jieba') if m in sys.modules]\n"
        "sys.stderr.write(repr(bad))\n"
    )
    result = run_python(code)
    assert result.stderr.endswith("[]"), result.stderr


def test_a_warm_diff_imports_neither_jieba_nor_numpy_nor_the_ui(tmp_path):
    """What makes `tifa diff` quicker than a bare difflib script: words from the cache, and
    no numpy (about 100 ms of imports) for matrices of a few thousand scores."""
    code = (
        "import sys\n"
        "from tifa.tui.cli.main import main\n"
        f"main(['diff', '000', '001', '-o', {str(tmp_path / 'diff.txt')!r}],"
        " standalone_mode=False)\n"
        "print([m for m in ('jieba', 'numpy', 'textual', 'rich') if m in sys.modules])\n"
    )
    run_python(code)  # fills the cache
    warm = run_python(code)
    assert warm.stdout.strip() == "[]", warm.stdout


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = main.list_commands(click.Context(main))
    assert len(names) >= 10
    for name in names:
        assert f"tifa {name}" in readme, f"README does not document `tifa {name}`"


def test_every_lazily_registered_command_resolves():
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.name == name


BARE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:corpus|tracking|tui)\b", re.MULTILINE)


def test_code_imports_the_packages_by_their_installed_name():
    """`corpus`, `tracking` and `tui` install as `tifa.corpus` and so on; a bare `import
    corpus` works in a checkout (pytest's pythonpath) but not in an installed tifa."""
    for folder in ("corpus", "tracking", "tui", "tests", "benchmarks", "docs"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not BARE_IMPORT.search(path.read_text(encoding="utf-8")), path


def test_every_package_folder_is_installed():
    """pyproject lists the packages one by one (the tifa.* mapping rules out automatic
    discovery): a new subpackage missing there would be absent from a wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    for folder in ("corpus", "tracking", "tui"):
        for init in (ROOT / folder).rglob("__init__.py"):
            package = init.parent.relative_to(ROOT).as_posix().replace("/", ".")
            assert f"tifa.{package}" in listed, package


def _runtime_imports(path: Path) -> set[str]:
    """The tifa modules ``path`` imports when it runs (at the top or inside functions), not
    those imported only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tifa."):
            module = node.module or ""
            submodules = {f"{module}.{alias.name}" for alias in node.names}
            found |= submodules if submodules <= MODULES.keys() else {module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tifa.")}
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(("tifa", *(parts[:-1] if parts[-1] == "__init__" else parts)))


MODULES = {
    _module_name(path): path
    for folder in ("corpus", "tracking", "tui")
    for path in (ROOT / folder).rglob("*.py")
}


def test_modules_import_one_another_without_a_circle():
    """A circle (app ↔ a screen's base ↔ a screen, once) makes the import order matter and
    each module unusable alone; type-checking imports do not count."""
    graph = {name: _runtime_imports(path) & MODULES.keys() for name, path in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " → ".join((*trail[trail.index(name) :], name))
        if name in done:
            return
        for imported in sorted(graph[name] - {name}):
            visit(imported, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_every_command_that_reads_transcripts_takes_corpus():
    """As the README says: all but `tifa topics`, which reads no corpus and so refuses
    --corpus (exit 2) rather than ignore it, `tifa cache`, which lists the cache folder, and
    `tifa daemon`, which runs the others."""
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        options = {p.name for p in main.get_command(ctx, name).params}
        reads_corpus = name not in {"topics", "cache", "daemon"}
        assert ("corpus_paths" in options) == reads_corpus, name
        assert ("no_cache" in options) == reads_corpus, name
