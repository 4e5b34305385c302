"""HTML reports of timelines and changes: well-formed, self-contained, corpus text inert."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus
from tifa.tracking.formulations.changes import period_changes
from tifa.tracking.formulations.families import build_families
from tifa.tracking.formulations.render import render_changes
from tifa.tracking.formulations.topics import load_topics
from tifa.tracking.periods import date_range
from tifa.tracking.phrases.render import render_timeline
from tifa.tracking.phrases.timeline import phrase_timeline
from tifa.tui.cli.main import main

VOID = {"meta", "br", "hr", "img", "input", "link"}
SVG_EMPTY = {"rect", "line", "path", "circle"}


class Checker(HTMLParser):
    """Every element closed in order; no script, no external resource, no handler."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") or name.startswith("on"):
                self.problems.append(f"{tag} {name}={value}")
        if tag == "script":
            self.problems.append("script")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in VOID | SVG_EMPTY:
            self.problems.append(f"self-closed {tag}")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def check_page(page: str) -> Checker:
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert '<meta charset="utf-8">' in page
    # no resource from anywhere: the only URL is the SVG namespace
    assert re.findall(r"https?://[^\s\"'<>]+", page) == ["http://www.w3.org/2000/svg"] * page.count(
        "<svg"
    )
    assert "url(" not in page and "@import" not in page and "@font-face" not in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)  # well-formed XML as well
    return checker


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for date, extra in (("2019-03-08", "<script>alert(1)</script>"), ("2019-06-01", "&amp;")):
        (folder / f"{date}.txt").write_text(
            f"{date[:4]}年{int(date[5:7])}月{int(date[8:])}日，外交部长举行记者会。\n"
            f'王毅：我们坚持一个中国原则，台湾是中国的一部分。{extra}"</svg>多边主义',
            encoding="utf-8",
        )
    return load_corpus([str(folder)], tokens=True)


def test_timeline_report_is_well_formed_and_self_contained(bundled):
    page = render_timeline(phrase_timeline(bundled, ["多边主义", "双轨并进"]), "html")
    checker = check_page(page)
    assert {"svg", "rect", "table", "details"} <= checker.tags
    assert page.count("<svg") == 2 and "多边主义" in page
    # a year without documents is a grey tick, not a bar
    assert 'class="nodocs"' in page


def test_corpus_text_is_escaped_everywhere(hostile):
    page = render_timeline(phrase_timeline(hostile, ["多边主义"], by="month"), "html")
    check_page(page)
    assert "<script>" not in page and "&lt;/script&gt;" in page and "&amp;amp" in page
    assert "&lt;/svg&gt;" in page


def test_changes_report_marks_rewordings(bundled_tokens):
    report = build_families(bundled_tokens, load_topics()["taiwan"])
    page = render_changes(period_changes(report), "html", "taiwan")
    checker = check_page(page)
    assert {"svg", "ins", "h2"} <= checker.tags
    assert "<ins>领土不可分割</ins>" in page
    for period in ("2017", "2019", "2021", "2024"):
        assert f"<h2>{period}:" in page


def test_month_report_of_a_range(hostile):
    tl = phrase_timeline(hostile, ["台湾"], by="month", span=date_range("2019-02", "2019-07"))
    page = render_timeline(tl, "html")
    check_page(page)
    assert [r.period.key for r in tl.periods] == [f"2019-{m:02d}" for m in range(2, 8)]
    assert "2019-02 to 2019-07" in page


def test_cli_writes_html_reports(tmp_path):
    runner = CliRunner()
    out = tmp_path / "t.html"
    result = runner.invoke(main, ["timeline", "台湾", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    check_page(out.read_text(encoding="utf-8"))
    result = runner.invoke(main, ["changes", "peninsula", "--format", "html"])
    assert result.exit_code == 0 and "<svg" in result.stdout
    result = runner.invoke(main, ["families", "peninsula", "--format", "html", "--limit", "3"])
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    check_page(page)
    assert page.count("<h2>") == 3 and page.count('<svg class="chart"') == 3
    assert 'class="s0"' in page  # the most used variant's uses, stacked per period


def test_families_report_charts_variants_and_escapes_text(hostile):
    from tifa.tracking.formulations.render import render_families

    report = build_families(hostile, load_topics()["taiwan"], by="month")
    page = render_families([report], "html", "taiwan", limit=None)
    check_page(page)
    assert "<script>" not in page
    assert page.count("<h2>") == len(report.families)
