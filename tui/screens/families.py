"""The families view: how one line on a topic was worded, period by period, and by whom.

Pick a built-in or user topic, ``all`` (the whole official voice: the lines it repeats), or
type keywords for an ad-hoc topic; the scope bar picks the turns read (the official voice by
default), years, quarters or months, and a date range (``--roles``, ``--by``, ``--since``,
``--until``). The families are ``tracking.formulations.families.build_families`` (what
``tifa families`` prints), built in a thread worker on the jieba-tokenised corpus (or kept
from an earlier run over the same corpus: ``formulations.remembered``), most used first.
Selecting a family draws its variants per period as stacked bars (``VariantChart``), lists
its variants (the wording, uses, the periods said), and its uses period by period, each
period's canonical wording with the word-level change from the previous one highlighted;
picking a variant narrows the uses to it, and Enter on a use opens it in the reader. A
filter (Ctrl+L) lists only the families with a wording that holds a text: the whole voice
of 1,000 briefings has 24,000 families, listed a thousand at a time. The
changes per period (``tifa changes``: new, dropped, returning, reworded, overtook) are
beneath; both export as ``tifa`` writes them, HTML included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tifa.tui import safe
from tifa.tui.messages import (
    Failed,
    FamiliesReady,
    OpenDocument,
    Progress,
    TopicsReady,
    progress_callback,
)
from tifa.tui.screens.base import ViewScreen
from tifa.tui.widgets.filterinput import FilterInput
from tifa.tui.widgets.ink import ink, on_theme
from tifa.tui.widgets.periodstrip import period_strip
from tifa.tui.widgets.scope import Scope, ScopeBar
from tifa.tui.widgets.variantchart import VariantChart

if TYPE_CHECKING:
    from tifa.tracking.formulations.changes import ChangeReport, PeriodChange
    from tifa.tracking.formulations.families import Family, FamilyChange, FamilyMember
    from tifa.tui.screens.export import Report

TASK = "families"
CUSTOM = "(typed)"
# uses in a report from which the worker that built or read it holds it out of the
# collector's scans (``collector.hold_for_good``), as the app holds the corpus with its
# words: the whole voice of 1,000 briefings has 200,000
HELD = 50_000
LISTED = 8  # changes of one kind named per period (the export holds all)
PAGE = 1000  # families added to the list at a time
_MORE = "more"  # the id of the list's last entry while families are left to list
SHORT = 56  # terminal cells of a variant's wording in the variants list


class FamilyList(OptionList):
    """Families with their period strips; styles for the strip and the change highlights."""

    COMPONENT_CLASSES = {
        "family--on",
        "family--off",
        "family--period",
        "family--meta",
        "family--insert",
        "family--delete",
        "family--replace",
        "family--variant",
        "family--context",
    }
    DEFAULT_CSS = """
    FamilyList > .family--on { color: $text-success; text-style: bold; }
    FamilyList > .family--off { color: $text-muted; }
    FamilyList > .family--period { color: $text-primary; text-style: bold; }
    FamilyList > .family--meta { color: $text-muted; }
    FamilyList > .family--insert { background: $success 35%; }
    FamilyList > .family--delete { background: $error 35%; text-style: strike; }
    FamilyList > .family--replace { background: $warning 35%; }
    FamilyList > .family--variant { color: $text-muted; text-style: italic; }
    FamilyList > .family--context { color: $text-muted; text-style: dim; }
    FamilyList > .option-list--option { padding: 0 1; }
    """

    def style(self, name: str) -> Any:
        return ink(self, f"family--{name}")


class FamiliesScreen(ViewScreen):
    CSS_PATH = "families.tcss"
    VIEW = "families"
    BINDINGS = [
        Binding(
            "t",
            "timeline",
            "Timeline of wording",
            tooltip="Open the selected family's wording in the Timeline view.",
        ),
        Binding(
            "ctrl+l",
            "focus_filter",
            "Filter",
            tooltip="List only the families with a wording that holds a text.",
        ),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topics: dict[str, Any] = {}
        self.topic: Any = None
        self.result: Any = None
        self.changes: ChangeReport | None = None
        self.family: Family | None = None
        self.shown: list[Family] = []  # the report's families, most used first
        self._said: list[str] = []  # per family of ``shown``: its uses' wordings' keys
        self._listed: list[int] = []  # the families of ``shown`` the filter keeps
        self._uses_shown: tuple[Family, int | None] | None = None  # in the detail list
        self._summary: Content | None = None  # the summary line of the report shown

    def compose_view(self) -> ComposeResult:
        with Horizontal(id="families-pick"):
            yield Select[str]([], prompt="topic", id="families-topic")
            yield Input(placeholder="or type keywords: 一国两制, 台独", id="families-keywords")
            yield ScopeBar(id="families-scope")
        yield Label(Content("Choose a topic."), id="families-summary", classes="summary")
        with Horizontal(id="families-body"):
            with Vertical(id="families-left"):
                yield FilterInput(placeholder="filter: a wording", id="families-filter")
                yield FamilyList(id="families-list")
            with Vertical(id="families-right", classes="-empty"):
                with VerticalScroll(id="families-chart-box"):
                    yield VariantChart(id="families-chart")
                yield FamilyList(id="families-variants")
                yield FamilyList(id="families-detail")
        with VerticalScroll(id="families-years"):
            yield Static(id="families-changes")

    def on_mount(self) -> None:
        on_theme(self, self._restyle)

    def _restyle(self) -> None:
        if self.result is not None:
            families = self.query_one("#families-list", FamilyList)
            highlighted = families.highlighted
            self._show_report(self.result, self.changes, self.shown, self._said)
            families.highlighted = highlighted

    def corpus_changed(self, corpus: Any) -> None:
        if not self.topics:
            self.load_topics()
        elif self.topic is not None:
            self._build(self.topic)

    def on_scope_bar_changed(self) -> None:
        if self.topic is not None:
            self._build(self.topic)
        else:  # a bad bound is said now, not when a topic is picked
            self.query_one(ScopeBar).scope()

    @work(thread=True, exclusive=True, group="topics", name="topics", exit_on_error=False)
    def load_topics(self) -> None:
        from tifa.tracking.formulations.topics import TopicsError, load_topics

        try:
            self.post_message(TopicsReady(load_topics()))
        except TopicsError as err:
            self.post_message(Failed("topics", str(err)))

    def on_topics_ready(self, message: TopicsReady) -> None:
        from tifa.tracking.formulations.topics import WHOLE_VOICE

        self.topics = {**message.topics, WHOLE_VOICE.id: WHOLE_VOICE}
        self.query_one("#families-topic", Select).set_options(
            (Text(safe.line(f"{t.id} — {t.name}")), t.id) for t in self.topics.values()
        )

    @on(Select.Changed, "#families-topic")
    def _topic_picked(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value in self.topics:
            self.query_one("#families-keywords", Input).value = ""
            self._build(self.topics[event.value])

    @on(Input.Submitted, "#families-keywords")
    def _keywords_typed(self, event: Input.Submitted) -> None:
        from tifa.tracking.formulations.topics import Topic
        from tifa.tracking.phrases.kwic import query_key

        words = [w for w in (query_key(k) for k in event.value.replace("，", ",").split(",")) if w]
        if words:
            # the select shows no topic now: it named the one built before, and picking that
            # again changed nothing, so the view stayed on the keywords
            self.query_one("#families-topic", Select).clear()
            self._build(
                Topic(CUSTOM, event.value.strip(), tuple(dict.fromkeys(words)), source="typed")
            )

    def _build(self, topic: Any) -> None:
        """Build ``topic``'s families in the scope bar's periods; when a bound cannot be
        read, the bar says so and the summary that the report shown is still the previous
        scope's."""
        self.topic = topic
        scope = self.query_one(ScopeBar).scope()
        self._say(self._summary)
        if scope is not None:
            self.build(topic, scope)

    @work(thread=True, exclusive=True, group=TASK, name=TASK, exit_on_error=False)
    def build(self, topic: Any, scope: Scope) -> None:
        """The report kept from an earlier run over the same corpus (no words loaded), else
        built on the tokenised corpus and kept (``formulations.remembered``)."""
        from tifa.tracking.formulations.changes import period_changes
        from tifa.tracking.formulations.families import build_families, kept_families
        from tifa.tracking.formulations.keys import match_key
        from tifa.tracking.formulations.outside import checked_outside
        from tifa.tracking.formulations.remembered import ReportStore
        from tifa.tracking.formulations.summary import top

        asked: dict[str, Any] = {"by": scope.unit, "span": scope.span, "roles": scope.roles}
        store = ReportStore() if self.app.use_cache else None
        catalogue = self.app.catalogue
        progress = progress_callback(self, TASK)
        report = (
            kept_families(catalogue.rows, topic, store, progress=progress, **asked)
            if store is not None and catalogue is not None
            else None
        )
        # where the changes' new and dropped lines are searched for outside a range: the
        # index, or the corpus in memory when there is none
        archive: Any = catalogue
        if report is None:
            corpus = self.app.tokenised_corpus(self)
            if get_current_worker().is_cancelled:
                return
            self.post_message(Progress(TASK, 0, 0, f"grouping formulations on {topic.name}"))
            report = build_families(corpus, topic, store=store, progress=progress, **asked)
            archive = catalogue if catalogue is not None else corpus
        if get_current_worker().is_cancelled:
            return
        changes = checked_outside(period_changes(report), archive)
        shown = top(report.families, None)
        # what the filter searches, made here rather than on the UI thread at its first use:
        # every use's wording (a slot's every filler), 4.5 million of them in the whole voice
        # of 10,000 briefings
        said = ["\x00".join(match_key(w) for w in {m.wording for m in f.members}) for f in shown]
        if sum(len(f.members) for f in report.families) >= HELD:
            from tifa.corpus.collector import hold_for_good

            hold_for_good()  # once now, while the report is awaited, not at every scan
        self.post_message(FamiliesReady(topic.id, report, changes, shown, said))

    def on_families_ready(self, message: FamiliesReady) -> None:
        self._show_report(message.report, message.changes, message.shown, message.said)
        families = self.query_one("#families-list", FamilyList)
        if families.option_count:
            families.focus()

    def _show_report(
        self, report: Any, changes: ChangeReport | None, shown: list[Family], said: list[str]
    ) -> None:
        self.result = report
        self.shown = shown
        self._said = said
        self._fill_list()
        self.changes = changes
        self.query_one("#families-changes", Static).update(
            self._period_changes(changes) if changes is not None else Content()
        )

    def _fill_list(self) -> None:
        """The families list: the report's families, most used first; with a filter, those
        with a wording that holds its text, punctuation aside (双轨并进思路 finds “双轨并进”
        思路): any use's, so a slot's every filler is found (干涉美国内政 finds 干涉〈中国｜别国｜
        …〉内政, whose label is 干涉中国内政). The first listed is shown."""
        from tifa.tracking.formulations.keys import match_key

        report = self.result
        wanted = match_key(self.query_one("#families-filter", Input).value)
        if not wanted:
            self._listed = list(range(len(self.shown)))
        else:
            self._listed = [n for n, said in enumerate(self._said) if wanted in said]
        families = self.query_one("#families-list", FamilyList)
        families.clear_options()
        self._list_more(families)
        self._uses_shown = None
        self.family = None
        recurring = len(report.recurring)
        span = report.binning.range.describe()
        filtered = f" · {len(self._listed)} with “{wanted}”" if wanted else ""
        self._say(
            safe.label(
                f"{report.topic.name}: {len(report.families)} families, most used first "
                "(uses× variants v), "
                f"{recurring} recurring across {report.unit}s"
                + (f" ({span})" if span else "")
                + f", from {report.candidates} candidate wordings"
                + _left_out(report)
                + filtered
            )
        )
        self.query_one("#families-variants", FamilyList).clear_options()
        self.query_one("#families-detail", FamilyList).clear_options()
        self.query_one("#families-chart", VariantChart).update(Content())
        self.query_one("#families-right").add_class("-empty")
        if self._listed:
            families.highlighted = 0

    def _say(self, summary: Content | None) -> None:
        """The summary line of the report shown (None: no report yet), marked as the
        previous scope's while the scope bar's bounds cannot be read."""
        self._summary = summary
        self.query_one(ScopeBar).tell(self.query_one("#families-summary", Label), summary)

    def _list_more(self, families: FamilyList) -> None:
        """The next ``PAGE`` families of ``_listed`` at the end of the list, then an entry
        that lists the next page when chosen: Textual lays out every entry of a list when
        entries are added, and the whole voice of 10,000 briefings has 40,000 families. Each
        is named as the summaries name it (``records.named``: with the slots it varies in)."""
        from tifa.tracking.formulations.records import named

        report = self.result
        start = families.option_count
        if start and families.get_option_at_index(start - 1).id == _MORE:
            start -= 1
            families.remove_option_at_index(start)
        on, off, meta = families.style("on"), families.style("off"), families.style("meta")
        options = []
        for n in self._listed[start : start + PAGE]:
            fam = self.shown[n]
            strip = period_strip(report.periods, fam.periods, on=on, off=off)
            count = f"  {fam.uses}× {len(fam.variants)}v"
            options.append(
                Option(
                    Content.assemble(
                        safe.label(named(fam)),
                        "\n",
                        strip,
                        Content.styled(count, meta),
                    ),
                    id=str(n),
                )
            )
        left = len(self._listed) - start - len(options)
        if left:
            more = f"… {left:,} more families: Enter lists the next {min(left, PAGE):,}"
            options.append(Option(Content.styled(more, meta), id=_MORE))
        # at once: the list lays its lines out again after each addition
        families.add_options(options)

    @on(OptionList.OptionSelected, "#families-list")
    def _more_picked(self, event: OptionList.OptionSelected) -> None:
        if event.option_id == _MORE:
            families = self.query_one("#families-list", FamilyList)
            at = families.highlighted
            self._list_more(families)
            families.highlighted = at

    @on(FilterInput.Applied, "#families-filter")
    def _filtered(self, event: FilterInput.Applied) -> None:
        if self.result is not None:
            self._fill_list()
        if event.submitted:
            self.query_one("#families-list", FamilyList).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#families-filter", Input).focus()

    @on(OptionList.OptionHighlighted, "#families-list")
    def _family_picked(self, event: OptionList.OptionHighlighted) -> None:
        if self.result is None or event.option_id in (None, _MORE):
            return
        self.family = self.shown[int(event.option_id)]
        self._show_family(self.family)

    def _show_family(self, family: Family) -> None:
        from tifa.tracking.formulations.records import count_uses

        self.query_one("#families-right").remove_class("-empty")
        self.query_one("#families-chart", VariantChart).show(family, self.result.periods)
        variants = self.query_one("#families-variants", FamilyList)
        variants.clear_options()
        meta = variants.style("meta")
        options = [
            Option(
                Content.styled(
                    f"all {len(family.variants)} variants: {count_uses(family.uses)}", meta
                ),
                id="all",
            )
        ]
        for v in family.variants:
            span = (
                v.first.period
                if v.first.period == v.last.period
                else (f"{v.first.period}–{v.last.period}")
            )
            options.append(
                Option(
                    Content.assemble(
                        Content.styled(f"v{v.index}  {count_uses(v.uses):>8}  {span}  ", meta),
                        safe.label(_short(v.template)),
                    ),
                    id=str(v.index),
                )
            )
        variants.add_options(options)
        variants.highlighted = 0
        self._show_uses(family, None)

    @on(OptionList.OptionHighlighted, "#families-variants")
    def _variant_picked(self, event: OptionList.OptionHighlighted) -> None:
        if self.family is None or event.option_id is None:
            return
        self._show_uses(self.family, None if event.option_id == "all" else int(event.option_id))

    def _show_uses(self, family: Family, variant: int | None) -> None:
        """The family's uses period by period (only ``variant``'s when given), each period's
        by date, as a reader goes through them (the family holds them counted first; the
        uses another counts stay marked); not again when they are shown already (picking a
        family highlights its first variant, which asks for the same uses)."""
        from tifa.tracking.formulations.families import when
        from tifa.tracking.formulations.records import count_uses

        shown = self._uses_shown
        if shown is not None and shown[0] is family and shown[1] == variant:
            return
        self._uses_shown = (family, variant)
        detail = self.query_one("#families-detail", FamilyList)
        detail.clear_options()
        styles = {name: detail.style(name) for name in _MEMBER_STYLES}
        options = []
        changes = {c.to_period: c for c in family.changes}
        for period in family.periods:
            mine = sorted(
                (m for m in family.in_period(period) if variant in (None, m.variant)), key=when
            )
            if not mine:
                continue
            counted = family.wording(period)
            change = changes.get(period)
            uses = count_uses(family.count(period))
            if variant is not None:  # the variant's uses of the family's, not the family's alone
                uses = f"v{variant}: {family.variants[variant].count(period)} of {uses}"
            head = f"{period}  {uses}, canonical v{counted.variant}" + (
                f"  ← {change.from_period}, similarity {change.similarity:.2f}"
                if change
                else "  first seen"
            )
            options.append(Option(Content.styled(head, styles["period"]), disabled=True))
            options += [
                Option(
                    _member(styles, member, change, counted),
                    id=f"{member.doc}\x00{member.turn}\x00{member.start}\x00{member.end}",
                )
                for member in mine
            ]
        detail.add_options(options)

    def _period_changes(self, report: ChangeReport) -> Content:
        """Per period: formulations new, dropped after it, returning, reworded, overtaken."""
        from tifa.tracking.formulations.summary import ranked

        families = self.query_one("#families-list", FamilyList)
        lines: list[Content] = []
        checked = report.outside.line() if report.outside is not None else ""
        if checked:  # what the range's new and dropped lines were searched for in
            lines.append(Content.styled(checked, families.style("meta")))
        for summary in report:
            head = f"{summary.period}: {summary.present} present"
            if summary.baseline:
                head += f" (first {report.unit}: the baseline)"
            lines.append(Content.styled(head, families.style("period")))
            for kind, changes in (
                ("new", summary.new),
                ("dropped", summary.dropped),
                ("returning", summary.returning),
                ("reworded", summary.reworded),
                ("overtook", summary.overtook),
            ):
                # as ``tifa changes`` counts and lists them (the whole voice's nested
                # phrases folded into the most used)
                items = ranked(changes)
                if items:
                    labels = "; ".join(_said(c) for c in items[:LISTED])
                    more = f" … and {len(items) - LISTED} more" if len(items) > LISTED else ""
                    lines.append(
                        Content.assemble(
                            # counted as ``tifa changes`` heads them: "dropped (211)"
                            Content.styled(f"  {kind} ({len(items)}): ", families.style("meta")),
                            safe.label(labels + more),
                        )
                    )
        return Content("\n").join(lines)

    @on(OptionList.OptionSelected, "#families-detail")
    def _member_picked(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            doc, turn, start, end = event.option_id.split("\x00")
            self.post_message(OpenDocument(doc, int(turn), int(start), int(end)))

    async def action_timeline(self) -> None:
        if self.family is None:
            return
        label = self.family.label
        await self.app.action_view("timeline")
        self.app.get_screen("timeline").show_query(label)  # type: ignore[attr-defined]

    def reports(self) -> tuple[Report, ...]:
        """The families (as ``tifa families``) and the changes per period (as ``tifa
        changes``); both also have an HTML page."""
        from tifa.tracking.formulations.render import render_changes, render_families
        from tifa.tracking.formulations.said import Context
        from tifa.tui.screens.export import REPORT_EXPORTS, Report

        result, changes = self.result, self.changes
        catalogue = self.app.catalogue
        if result is None or changes is None or catalogue is None:
            return ()
        topic = result.topic.id

        # each use in its sentence, read from the index as the CLI reads it
        def families(fmt: str) -> str:
            return render_families([result], fmt, topic, context=Context(catalogue.open))

        def period_changes(fmt: str) -> str:
            return render_changes(changes, fmt, topic, context=Context(catalogue.open))

        members = sum(len(f.members) for f in result.families)
        found = sum(len(s.changes()) for s in changes)
        return (
            Report(f"families-{topic}", members, families, REPORT_EXPORTS, label="families"),
            Report(
                f"changes-{topic}",
                found,
                period_changes,
                REPORT_EXPORTS,
                label=f"changes per {changes.unit}",
            ),
        )

    def action_cursor(self, direction: str) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            (focused.action_cursor_down if direction == "down" else focused.action_cursor_up)()


def _short(text: str) -> str:
    """At most ``SHORT`` terminal cells of a wording, for one line of the variants list (the
    uses below show each wording whole); an ideograph is two cells."""
    from rich.cells import cell_len

    if cell_len(text) <= SHORT:
        return text
    while cell_len(text) > SHORT - 1:
        text = text[:-1]
    return text + "…"


def _said(c: PeriodChange) -> str:
    """A change in a few words: what its cited use says (as ``tifa changes`` heads it: the
    family's label is its most used wording, which may be said only later, or be another
    line of the family), and what is notable about it."""
    from tifa.tracking.formulations.records import established, new_wording, reworded_uses

    if c.kind == "overtook" and c.variant is not None and c.overtaken is not None:
        return f"{c.variant.wording} (over {c.overtaken.wording})"
    if c.gap:
        return f"{c.member.wording} (absent {', '.join(c.gap)})"
    if c.kind == "new" and c.variant is not None:
        return f"{c.member.wording} ({new_wording(c)})"
    if c.kind == "reworded" and c.change is not None:
        return f"{c.change.before.wording} → {c.change.after.wording} ({reworded_uses(c)})"
    if c.kind == "dropped":
        return f"{c.member.wording} ({established(c)})"
    return c.member.wording


def _left_out(report: Any) -> str:
    from tifa.tracking.periods import left_out_line

    line = left_out_line(report.left_out)
    return f" · {line}" if line else ""


# the detail list's styles a member's entry uses, read once per listing (``FamilyList.style``
# resolves CSS: 31,000 reads for twenty families of the whole voice took over a second)
_MEMBER_STYLES = ("period", "variant", "context", "meta", "insert", "delete", "replace")


def _member(
    styles: dict[str, Any],
    member: FamilyMember,
    change: FamilyChange | None,
    counted: FamilyMember,
) -> Content:
    if change is not None and member is counted and change.changed:
        text = _changed_text(styles, change)
    elif member.counted:
        text = safe.label(member.wording)
    else:
        text = safe.label(member.wording, styles["variant"])
    # the clauses beside the wording its variant is grouped on, dimmed
    context = styles["context"]
    before = member.text[: member.wording_start - member.start]
    after = member.text[member.wording_end - member.start :]
    text = Content.assemble(safe.label(before, context), text, safe.label(after, context))
    note = f"  (edition of {member.variant_of})" if member.variant_of else ""
    linked = f"  (key phrase {member.linked_by})" if member.linked_by else ""
    meta = Content.styled(
        safe.line(
            f"v{member.variant} · {member.doc} · turn {member.turn} · {member.speaker} · raw "
            f"{member.raw_start}–{member.raw_end}{note}{linked}"
        ),
        styles["meta"],
    )
    return Content.assemble(text, "\n", meta)


def _changed_text(styles: dict[str, Any], change: FamilyChange) -> Content:
    """The later wording with what changed from the earlier period marked: insertions and
    replacements highlighted, deletions shown struck through where they were."""
    parts: list[Content] = []
    for edit in change.edits:
        if edit.op == "equal":
            parts.append(safe.label(edit.b_text))
            continue
        if edit.op in ("delete", "replace") and edit.a_text:
            parts.append(safe.label(edit.a_text, styles["delete"]))
        if edit.op in ("insert", "replace") and edit.b_text:
            style = "insert" if edit.op == "insert" else "replace"
            parts.append(safe.label(edit.b_text, styles[style]))
    return Content.assemble(*parts)


SCREEN = FamiliesScreen
