"""The committee paper, written once: every sentence of every format lives here.

`compose(paper)` turns the `Paper` value (all numbers already decided in analysis/paper.py) into
a `Document` tree in the order English councils write a covering report:

1. purpose and summary; 2. recommendations; 3. background (the duty, the statutory guidance,
how the self-assessment was done); 4. findings at a glance (the heatmap, counts, the main
strengths and areas for improvement); 5. progress on the action plan; 6. options and reasons;
7. implications; 8. background papers. The detail goes to appendices: the theme-by-theme
assessment (each theme as the council's published theme page shows it), the action plan, the
evidence library, the gap analysis and, with `--compare`, every movement.

A council reorders, omits or adds sections in its manifest (`report.sections`); a section with
nothing to say is left out rather than printed as "Not stated".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bvduty.analysis.heatmap import Heatmap, level_marks
from bvduty.analysis.indicators import (
    IndicatorLine,
    IndicatorReport,
    format_value,
    rank_words,
    standing_words,
    worse_words,
)
from bvduty.analysis.paper import (
    ACTION_STATES,
    ActionLine,
    CellLine,
    FindingLine,
    FrontMatter,
    OwnSection,
    Paper,
    ThemeSection,
)
from bvduty.compose.nodes import (
    Block,
    Break,
    Bullets,
    Cell,
    ChartPicture,
    Column,
    Details,
    Document,
    Figure,
    HeatmapPicture,
    Inline,
    Inlines,
    KeyEntry,
    Kind,
    Link,
    Meta,
    Notice,
    Paragraph,
    Run,
    Section,
    Swatch,
    Table,
    Tag,
    Tone,
    runs,
)
from bvduty.compose.words import (
    GAP_LABELS,
    GAP_MEANINGS,
    is_are,
    join,
    label,
    long_date,
    noun,
    plural,
    sentence_case,
    short_date,
    tone,
)
from bvduty.indicators import UNIT_WORDS
from bvduty.links import href
from bvduty.model import PAPER_SECTIONS, Level
from bvduty.textsafe import bounded as visible

MAIN_FINDINGS = 6  # strengths and areas for improvement named in the covering report
WORST_ACTIONS = 3  # overdue actions named in the covering report
SCHEDULE_12A = "of Part 1 of Schedule 12A to the Local Government Act 1972"
MOVEMENT_MARKS = {"▲": "↑", "▼": "↓", "+": "+"}  # the diff's arrows, as heatmap marks
NOT_RATED_MARK = "--"
BELOW_MARK = "▼"
SEE_MARK = "→"
TITLES = {
    "purpose": "Purpose of the report and summary",
    "recommendations": "Recommendations",
    "background": "Background",
    "findings": "Findings at a glance",
    "actions": "Progress on the action plan",
    "options": "Options considered and reasons for the recommendations",
    "implications": "Implications",
    "background_papers": "Background papers",
}


@dataclass
class _Counter:
    """Numbers tables and figures in reading order: Table 1, Table 2 ..."""

    tables: int = 0
    figures: int = 0


@dataclass
class _Context:
    """What every part of the paper needs: the value, its words, the appendix letters."""

    paper: Paper
    letters: dict[str, str] = field(default_factory=dict)
    count: _Counter = field(default_factory=_Counter)

    @property
    def one(self) -> str:
        return self.paper.front.term.one

    @property
    def many(self) -> str:
        return self.paper.front.term.many

    def term(self, count: int) -> str:
        return plural(count, self.one, self.many)

    def appendix(self, key: str) -> str:
        return f"Appendix {self.letters[key]}"

    # How cross-references look. The paper is one document whose readers turn pages, so it
    # names ids in plain words; the website (compose/site.py) overrides these to link them.

    def cell_refs(
        self, ids: Sequence[str], before: str = "", after: str = "", *, emphasis: bool = True
    ) -> tuple[Inline, ...]:
        """Characteristic ids named in running text: "(R001, R002)"."""
        return (Run(f"{before}{', '.join(ids)}{after}", emphasis=emphasis),)

    def see(self, target: str) -> Inlines:
        """A cross-reference cell of the ratings table: "See CI012"."""
        return runs(f"See {target}")

    def cell_anchor(self, cell_id: str) -> str | None:
        """The id of a characteristic's row, where other pages link to it (none in the paper)."""
        return None

    def action_anchor(self, action_id: str) -> str | None:
        """The id of an action's row in the action plan (none in the paper)."""
        return None

    def action_ref(self, action_id: str) -> Inlines:
        """An action's id in the theme's next steps."""
        return runs(action_id)

    def cell_links(self, heatmap: Heatmap) -> dict[str, str]:
        """Where each heatmap cell's detail is (the paper's heatmap is a picture: nowhere)."""
        return {}

    def theme_links(self, heatmap: Heatmap) -> dict[str, str]:
        """Where each theme of a heatmap is shown in full (the paper: nowhere to link)."""
        return {}

    def document_href(self, ref: str | None) -> str | None:
        """An evidence document's reference as a link target, when it may be one."""
        return href(ref)

    def table(
        self,
        key: str,
        caption: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        row_headers: bool = True,
    ) -> Table:
        self.count.tables += 1
        number = self.count.tables
        return Table(
            id=f"table-{number}",
            caption=f"Table {number}: {caption}",
            columns=tuple(columns),
            rows=tuple(tuple(r) for r in rows),
            row_headers=row_headers,
        )


# --- the document ---------------------------------------------------------------------------


def compose(paper: Paper) -> Document:
    """The committee paper as a document tree that every writer walks."""
    context = _Context(paper)
    appendix_builders = _appendices(context)
    for index, (key, _) in enumerate(appendix_builders):
        context.letters[key] = chr(ord("A") + index)
    sections: list[Section] = []
    for choice in _section_order(paper):
        built = _section(context, choice, str(len(sections) + 1))
        if built is not None:
            sections.append(built)
    appendices = tuple(
        replace_number(build(context), context.letters[key]) for key, build in appendix_builders
    )
    f = paper.front
    return Document(
        title=f.title,
        kicker=f.authority,
        header=_header(context),
        sections=tuple(sections),
        appendices=appendices,
        closing=runs(
            f"{f.authority}: {f.title}. Produced with bvduty from the self-assessment as at"
            f" {long_date(f.as_of)}."
        ),
        meta=_meta(paper),
        levels=tuple((lv.id, lv.label, lv.colour) for lv in paper.scale),
    )


def replace_number(section: Section, number: str) -> Section:
    return Section(
        section.id, section.title, section.blocks, number, section.children, section.new_page
    )


def _section_order(paper: Paper) -> tuple[str | OwnSection, ...]:
    chosen = paper.front.sections
    return PAPER_SECTIONS if chosen is None else chosen


def _section(context: _Context, choice: str | OwnSection, number: str) -> Section | None:
    if isinstance(choice, OwnSection):
        key = "own-" + "".join(c if c.isalnum() else "-" for c in choice.title.lower())
        texts = [runs(text) for text in choice.paragraphs]
        return _numbered(key, choice.title, number, texts) if texts else None
    builder = _BUILDERS[choice]
    return builder(context, number)


def _numbered(key: str, title: str, number: str, paragraphs: Sequence[Inlines | Block]) -> Section:
    """A covering-report section whose paragraphs are numbered 3.1, 3.2 ... (tables are not)."""
    blocks: list[Block] = []
    count = 0
    for item in paragraphs:
        if isinstance(item, tuple):
            count += 1
            blocks.append(Paragraph(item, number=f"{number}.{count}"))
        else:
            blocks.append(item)
    return Section(key, title, tuple(blocks), number)


def _meta(paper: Paper) -> Meta:
    f = paper.front
    committee = f" to {f.committee}" if f.committee else ""
    meeting = f", {long_date(f.meeting_date)}" if f.meeting_date else ""
    return Meta(
        author=f.author or f.authority,
        subject=f"{f.authority}: report{committee}{meeting} on the {f.title}",
        keywords=("Best Value Duty", "self-assessment", f.authority, f.period),
        dated=f.as_of,
        status=label(_assessment_status(f.status)),
        comments=f"Produced with bvduty from the self-assessment as at {long_date(f.as_of)}.",
    )


def _assessment_status(value: str) -> object:
    from bvduty.model import AssessmentStatus

    return AssessmentStatus(value)


# --- the header block -----------------------------------------------------------------------


def _header(context: _Context) -> tuple[Block, ...]:
    f = context.paper.front
    rows: list[tuple[str, Inlines]] = []

    def add(name: str, *parts: str | Inline) -> None:
        rows.append((name, runs(*parts)))

    if f.committee:
        add("Committee", f.committee)
    if f.meeting_date:
        add("Date of meeting", long_date(f.meeting_date))
    if f.report_of:
        add("Report of", f.report_of)
    if f.portfolio_holder:
        add("Portfolio holder", f.portfolio_holder)
    contact = _contact(f.author, f.email, f.phone)
    if contact:
        add("Author and contact", *contact)
    if f.wards:
        add("Wards affected", f.wards)
    if f.key_decision is not None:
        add("Key decision", "Yes" if f.key_decision else "No")
    if f.classification == "exempt":
        add(
            "Classification",
            f"Exempt: not for publication by virtue of paragraph {f.exempt_paragraph}"
            f" {SCHEDULE_12A}",
        )
    elif f.classification == "public":
        add("Classification", "Public")
    status = _status_words(f)
    add("Self-assessment", f"{f.period}, as at {long_date(f.as_of)}; {status.lower()}")
    letters = context.letters
    appendices: list[str | Inline] = []
    for key, title in _appendix_titles(context).items():
        if appendices:
            appendices.append(Break())
        appendices.append(Link(f"{letters[key]}: {title}", f"#appendix-{letters[key].lower()}"))
    rows.append(("Appendices", tuple(runs(*appendices))))
    blocks: list[Block] = []
    if f.classification == "exempt":
        blocks.append(
            Notice(
                runs(
                    Run("Not for publication", strong=True),
                    f" by virtue of paragraph {f.exempt_paragraph} {SCHEDULE_12A}.",
                )
            )
        )
    blocks.append(Details(tuple(rows)))
    return tuple(blocks)


def _status_words(f: FrontMatter) -> str:
    """The assessment's status in words: "Approved: approved by Cabinet on 3 March 2025"."""
    status = label(_assessment_status(f.status))
    if f.approved_by:
        status += f": approved by {f.approved_by}"
        if f.approved_on:
            status += f" on {long_date(f.approved_on)}"
    return status


def _contact(name: str | None, email: str | None, phone: str | None) -> list[str | Inline]:
    parts: list[str | Inline] = []
    if name:
        parts.append(name)
    target = href(f"mailto:{email}") if email else None
    if email:
        if parts:
            parts.append(Break())
        parts.append(Link(email, target) if target else email)
    if phone:
        if parts:
            parts.append(Break())
        parts.append(phone)
    return parts


# --- 1. purpose and summary -----------------------------------------------------------------


def _purpose(context: _Context, number: str) -> Section:
    p = context.paper
    f, s = p.front, p.summary
    texts: list[Inlines] = []
    if f.purpose:
        texts.append(runs(f.purpose))
    themes = len(p.themes)
    assessed = [t for t in p.themes if t.assessed]
    scope = (
        f"This report presents the {f.title} of {f.authority}, as at {long_date(f.as_of)}."
        f" It rates {context.term(s.cells)} against the {plural(themes, 'theme')} of the"
        " statutory guidance"
    )
    if len(assessed) < themes:
        missing = themes - len(assessed)
        scope += (
            f"; {missing} of the {themes} {noun(themes, 'theme')} {is_are(missing)}"
            " not yet assessed"
        )
    texts.append(runs(scope + "."))
    numbers = (
        f"{s.rated} of the {context.term(s.cells)} {is_are(s.rated)} rated:"
        f" {s.at_or_above} at or above target and {s.below_target} below target"
    )
    if s.unrated:
        numbers += f"; {s.unrated} {is_are(s.unrated)} not yet rated"
    numbers += "."
    if s.actions:
        states = [f"{s.done_actions} completed", f"{s.on_track} on track"]
        if s.slipped:
            states.append(f"{len(s.slipped)} slipped")
        if s.blocked:
            states.append(f"{s.blocked} blocked")
        states.append(f"{len(s.overdue)} overdue")
        if s.cancelled_actions:  # so that the parts add up to the whole
            states.append(f"{s.cancelled_actions} cancelled")
        numbers += f" The action plan holds {plural(s.actions, 'action')}: {join(states)}."
    texts.append(runs(numbers))
    return _numbered("purpose", TITLES["purpose"], number, texts)


# --- 2. recommendations ---------------------------------------------------------------------


def _recommendations(context: _Context, number: str) -> Section | None:
    recommendations = context.paper.front.recommendations
    if not recommendations:
        return None
    return _numbered(
        "recommendations", TITLES["recommendations"], number, [runs(r) for r in recommendations]
    )


# --- 3. background --------------------------------------------------------------------------


def _background(context: _Context, number: str) -> Section:
    p = context.paper
    texts: list[Inlines] = [runs(text) for text in p.framework_background]
    if not p.framework_background:
        texts.append(
            runs(
                f"This self-assessment follows {p.framework_title}, which sets out its"
                f" expectations in {plural(len(p.themes), 'theme')}."
            )
        )
    covered = [t for t in p.themes if t.covered]
    leads = [t for t in covered if t.lead]
    reviewed = [t for t in covered if t.reviewer]
    if leads or reviewed:
        if len(leads) == len(reviewed) == len(covered):
            who = "Every theme has a lead officer and an independent reviewer"
        else:
            who = (
                f"{len(leads)} of the {plural(len(covered), 'theme')} assessed have a lead"
                f" officer and {len(reviewed)} an independent reviewer"
            )
        texts.append(
            runs(
                f"Each theme was assessed against its {context.many}, with the evidence for each"
                f" rating. {who}, named in {context.appendix('themes')}."
            )
        )
    if p.front.method:
        texts.append(runs(p.front.method))
    best_first = [f"{level.label}" for level in p.scale]
    scale = (
        f"Each {context.one} is rated on a scale of {len(p.scale)} levels, from best to worst:"
        f" {join(best_first)}."
    )
    if p.default_target is not None:
        scale += (
            f" Unless a {context.one} sets its own target, its target is {p.default_target.label}."
        )
    texts.append(runs(scale))
    documents = len(p.evidence)
    if documents:
        texts.append(
            runs(
                f"The ratings are supported by an evidence library of"
                f" {plural(documents, 'document')} (see {context.appendix('evidence')});"
                f" {p.evidence_cited} of them {is_are(p.evidence_cited)} cited by at least one"
                f" {context.one}."
            )
        )
    return _numbered("background", TITLES["background"], number, texts)


# --- 4. findings at a glance ----------------------------------------------------------------


def _findings(context: _Context, number: str) -> Section:
    p = context.paper
    items: list[Inlines | Block] = []
    figure = _heatmap_figure(context, p.heatmap, "the whole self-assessment", movement=True)
    moved = (
        " Marks show how each rating moved since " + p.movement.since + "." if p.movement else ""
    )
    items.append(
        runs(
            f"Figure {context.count.figures} shows the rating of every {context.one}, theme by"
            f" theme; its key names every mark.{moved}"
        )
    )
    items.append(figure)
    counts = _counts_table(context)
    items.append(runs(f"{counts.caption.split(':')[0]} counts the ratings in each theme."))
    items.append(counts)
    if p.movement:
        items.append(
            runs(f"{p.movement.summary} {context.appendix('movement')} lists every change.")
        )
    for theme in p.themes:
        if theme.covered and not theme.assessed:
            items.append(
                runs(
                    f"Theme {theme.number} {theme.title} has not been assessed yet: none of its"
                    f" {context.many} is rated."
                )
            )
    resilience = _indicator_findings(context)
    if resilience is not None:
        items.append(resilience)
    strengths, improvements = _main_findings(context)
    if strengths:
        items.append(runs("The main strengths found are:"))
        items.append(Bullets(tuple(strengths)))
    if improvements:
        items.append(runs("The main areas for improvement are:"))
        items.append(Bullets(tuple(improvements)))
    return _numbered("findings", TITLES["findings"], number, items)


def _counts_table(context: _Context) -> Table:
    p = context.paper
    columns = [Column("Theme", 3.0)]
    columns += [
        Column(level.label, 1.3, Kind.NUMBER, fill=level.colour, level=level.id)
        for level in p.scale
    ]
    columns += [Column("Not rated", 1.1, Kind.NUMBER), Column("Below target", 1.1, Kind.NUMBER)]
    rows: list[list[Cell]] = []
    for theme, heat in zip(p.themes, p.heatmap.themes, strict=True):
        by_level = list(reversed(heat.summary.by_level))
        if not theme.covered:
            note = "not covered"
        elif not theme.assessed:
            note = "not assessed"
        else:
            note = ""
        name = runs(
            f"{theme.number} {theme.title}", *((Break(), Run(note, emphasis=True)) if note else ())
        )
        rows.append(
            [Cell(name)]
            + [Cell(runs(str(n))) for n in by_level]
            + [Cell(runs(str(theme.unrated))), Cell(runs(str(theme.below_target)))]
        )
    totals = p.heatmap.totals
    rows.append(
        [Cell(runs(Run("All themes", strong=True)))]
        + [Cell(runs(Run(str(n), strong=True))) for n in reversed(totals.by_level)]
        + [
            Cell(runs(Run(str(totals.unrated), strong=True))),
            Cell(runs(Run(str(totals.below_target), strong=True))),
        ]
    )
    return context.table("findings", f"ratings of the {context.many} by theme", columns, rows)


def _main_findings(context: _Context) -> tuple[list[Inlines], list[Inlines]]:
    """Headline findings when the files flag some; otherwise the characteristics themselves:
    those at the best level, and those furthest below target."""
    p = context.paper
    flagged = [(t, f) for t in p.themes for f in (*t.strengths, *t.improvements) if f.headline]
    if flagged:
        strengths = [_finding(f, t) for t, f in flagged if f in t.strengths]
        improvements = [_finding(f, t) for t, f in flagged if f in t.improvements]
        return strengths, improvements
    best = p.scale[0].id if p.scale else None
    top = [
        (t, c) for t in p.themes for c in t.cells if c.rating is not None and c.rating.id == best
    ]
    low = sorted(
        ((t, c) for t in p.themes for c in t.cells if c.below_target),
        key=lambda pair: -pair[1].levels_below,
    )
    appendix = context.appendix("themes")
    strengths = _capped([_cell_item(c, t, context) for t, c in top], appendix)
    improvements = _capped([_cell_item(c, t, context) for t, c in low], appendix)
    return strengths, improvements


def _finding(item: FindingLine, theme: ThemeSection) -> Inlines:
    return runs(item.text, Run(f" (Theme {theme.number})", emphasis=True))


def _cell_item(cell: CellLine, theme: ThemeSection, context: _Context) -> Inlines:
    rating = cell.rating.label if cell.rating else "not rated"
    words = f"rated {rating}"
    if cell.below_target and cell.target is not None:
        words += f", target {cell.target.label}"
    return runs(
        Run(cell.id, strong=True), f" {cell.name}: {words} (Theme {theme.number} {theme.title})"
    )


def _capped(items: list[Inlines], appendix: str) -> list[Inlines]:
    if len(items) <= MAIN_FINDINGS:
        return items
    more = len(items) - (MAIN_FINDINGS - 1)
    return [*items[: MAIN_FINDINGS - 1], runs(f"and {more} more, listed in {appendix}")]


# --- 5. progress on the action plan ---------------------------------------------------------


def _actions(context: _Context, number: str) -> Section | None:
    p = context.paper
    s = p.summary
    if not s.actions:
        return None
    texts: list[Inlines | Block] = []
    counts = [
        (s.done_actions, "completed"),
        (s.on_track, "on track"),
        (len(s.slipped), "slipped"),
        (s.blocked, "blocked"),
        (len(s.overdue), "overdue"),
        (s.cancelled_actions, "cancelled"),
    ]
    parts = [
        f"{n} {is_are(n)} {what}"
        for n, what in counts
        if n or what in ("on track", "overdue", "completed")
    ]
    slipped_words = (
        " Slipped means open and not yet overdue, but due later than the date first agreed;"
        " each action is counted once, so one that is overdue and was also moved counts as"
        " overdue."
        if s.slipped
        else ""
    )
    texts.append(
        runs(
            f"The action plan ({context.appendix('actions')}) holds {plural(s.actions, 'action')}."
            f" As at {long_date(p.as_of)}, {join(parts)}.{slipped_words}"
        )
    )
    if s.overdue:
        worst = s.overdue[:WORST_ACTIONS]
        named = [
            f"{a.id} {a.title} ({a.owner}), due {long_date(a.due)}:"
            f" {plural(a.days_overdue or 0, 'day')} overdue"
            for a in worst
        ]
        lead = "The most overdue action is" if len(worst) == 1 else "The most overdue actions are"
        texts.append(runs(f"{lead} {'; '.join(named)}."))
    else:
        texts.append(runs(f"No action is overdue at {long_date(p.as_of)}."))
    if s.slipped:
        a = s.slipped[0]
        assert a.original_due is not None
        why = f" The reason given: {a.reason.rstrip('.')}." if a.reason else ""
        texts.append(
            runs(
                f"The action furthest behind the date first agreed is {a.id} {a.title}"
                f" ({a.owner}), now due {long_date(a.due)},"
                f" {plural(a.days_slipped or 0, 'day')} after {long_date(a.original_due)}.{why}"
            )
        )
    texts.append(_actions_by_theme(context))
    sourced = [c for c in s.by_source if c.source is not None]
    if sourced:
        texts.append(runs(_sources_sentence(context)))
        texts.append(_actions_by_source(context))
    return _numbered("actions", TITLES["actions"], number, texts)


def _sources_sentence(context: _Context) -> str:
    """Where the actions come from, naming the source furthest behind."""
    s = context.paper.summary
    given = [c for c in s.by_source if c.source is not None]
    said = (
        f"{context.count.tables + 1} counts the actions by where they come from:"
        f" {plural(sum(c.total for c in given), 'action')} from"
        f" {plural(len(given), 'source')}"
    )
    unsourced = next((c.total for c in s.by_source if c.source is None), 0)
    if unsourced:
        said += f", and {unsourced} with no source stated"
    worst = max(given, key=lambda c: (c.behind / c.total, c.behind))
    if worst.behind:
        said += (
            f". Furthest behind are the {worst.source} actions:"
            f" {worst.behind} of {worst.total} slipped or overdue"
        )
    return f"Table {said}."


def _actions_by_source(context: _Context) -> Table:
    s = context.paper.summary
    columns = [Column("Source", 3.0), Column("Actions", 1.0, Kind.NUMBER)]
    columns += [Column(sentence_case(state), 1.1, Kind.NUMBER) for state in ACTION_STATES]
    rows = [
        [Cell(runs(c.source or "No source stated")), Cell(runs(str(c.total)))]
        + [Cell(runs(str(n))) for n in c.counts]
        for c in s.by_source
    ]
    return context.table("actions-by-source", "actions by source and state", columns, rows)


def _actions_by_theme(context: _Context) -> Table:
    p = context.paper
    columns = (
        Column("Theme", 3.0),
        Column("Actions", 1.0, Kind.NUMBER),
        Column("Completed", 1.2, Kind.NUMBER),
        Column("On track", 1.1, Kind.NUMBER),
        Column("Slipped", 1.1, Kind.NUMBER),
        Column("Blocked", 1.1, Kind.NUMBER),
        Column("Overdue", 1.1, Kind.NUMBER),
        Column("Cancelled", 1.2, Kind.NUMBER),
    )
    groups: dict[str, list[ActionLine]] = {}
    for action in p.actions:
        key = f"{action.theme_number} {action.theme_title}" if action.theme_number else "No theme"
        groups.setdefault(key, []).append(action)
    rows = []
    for name, actions in groups.items():
        states = [a.state for a in actions]
        counted = (
            len(actions),
            states.count("completed"),
            states.count("on track"),
            states.count("slipped"),
            states.count("blocked"),
            states.count("overdue"),
            states.count("cancelled"),
        )
        rows.append([Cell(runs(name))] + [Cell(runs(str(n))) for n in counted])
    return context.table("actions", "actions by theme and progress", columns, rows)


# --- 6. options and reasons; 7. implications; 8. background papers ------------------------


def _options(context: _Context, number: str) -> Section | None:
    f = context.paper.front
    texts: list[Inlines] = [runs(option) for option in f.options]
    if f.reasons:
        texts.append(runs(f.reasons))
    return _numbered("options", TITLES["options"], number, texts) if texts else None


def _implications(context: _Context, number: str) -> Section | None:
    given = context.paper.front.implications
    if not given:
        return None
    texts = [runs(Run(f"{i.heading}.", strong=True), f" {i.text}") for i in given]
    return _numbered("implications", TITLES["implications"], number, texts)


def _background_papers(context: _Context, number: str) -> Section | None:
    papers = context.paper.front.background_papers
    if not papers:
        return None
    return _numbered(
        "background_papers",
        TITLES["background_papers"],
        number,
        [
            runs("The background papers to this report are:"),
            Bullets(tuple(runs(x) for x in papers)),
        ],
    )


_BUILDERS: dict[str, Callable[[_Context, str], Section | None]] = {
    "purpose": _purpose,
    "recommendations": _recommendations,
    "background": _background,
    "findings": _findings,
    "actions": _actions,
    "options": _options,
    "implications": _implications,
    "background_papers": _background_papers,
}


# --- the heatmap figure ---------------------------------------------------------------------


def _heatmap_figure(
    context: _Context, heatmap: Heatmap, what: str, *, movement: bool = False
) -> Figure:
    context.count.figures += 1
    number = context.count.figures
    p = context.paper
    marks = level_marks(heatmap.scale)
    moves: dict[str, str] = {}
    if movement and p.movement is not None:
        moves = {
            r.id: MOVEMENT_MARKS[r.arrow] for r in p.movement.ratings if r.arrow in MOVEMENT_MARKS
        }
    key = [KeyEntry(marks[lv.id], lv.label, lv.colour, lv.id) for lv in reversed(heatmap.scale)]
    key.append(KeyEntry(NOT_RATED_MARK, "not rated"))
    key.append(KeyEntry(BELOW_MARK, "below target"))
    if any(c.see for row in heatmap.themes for c in row.cells):
        key.append(KeyEntry(SEE_MARK, f"a cross-reference: see the {context.one} named"))
    if moves:
        since = p.movement.since if p.movement else ""
        key.append(KeyEntry("↑", f"improved since {since}"))
        key.append(KeyEntry("↓", f"worsened since {since}"))
        key.append(KeyEntry("+", f"newly rated since {since}"))
    totals = heatmap.totals
    alt = (
        f"Heatmap of {what}: {context.term(totals.cells)} in"
        f" {plural(len(heatmap.themes), 'theme')}, each shown with its id and a mark for its"
        f" rating; {totals.below_target} below target and {totals.unrated} not rated."
    )
    return Figure(
        id=f"figure-{number}",
        caption=f"Figure {number}: heatmap of {what}",
        alt=alt,
        picture=HeatmapPicture(
            heatmap, moves, context.cell_links(heatmap), context.theme_links(heatmap)
        ),
        key=tuple(key),
    )


# --- appendices -----------------------------------------------------------------------------


def _appendices(context: _Context) -> list[tuple[str, Callable[[_Context], Section]]]:
    found: list[tuple[str, Callable[[_Context], Section]]] = [
        ("themes", _appendix_themes),
        ("actions", _appendix_actions),
        ("evidence", _appendix_evidence),
        ("gaps", _appendix_gaps),
    ]
    if context.paper.movement is not None:
        found.append(("movement", _appendix_movement))
    return found


def _appendix_titles(context: _Context) -> dict[str, str]:
    titles = {
        "themes": "Theme-by-theme assessment",
        "actions": "Action plan",
        "evidence": "Evidence library",
        "gaps": "Gap analysis",
    }
    if context.paper.movement is not None:
        titles["movement"] = f"Movement since {context.paper.movement.since}"
    return titles


def _appendix(
    context: _Context, key: str, blocks: Sequence[Block], children: Sequence[Section] = ()
) -> Section:
    letter = context.letters[key]
    return Section(
        f"appendix-{letter.lower()}",
        _appendix_titles(context)[key],
        tuple(blocks),
        letter,
        tuple(children),
        new_page=True,
    )


def _appendix_themes(context: _Context) -> Section:
    p = context.paper
    intro: list[Block] = [
        Paragraph(
            runs(
                f"Each theme as the Council's published theme pages show it: the heatmap of its"
                f" {context.many}, the statutory guidance's description of the theme where"
                f" bvduty holds it, the strengths and areas for improvement found, and the next"
                f" steps in the action plan ({context.appendix('actions')})."
            )
        )
    ]
    quoted = _quoted_from(p)
    if quoted is not None:
        intro.append(quoted)
    children = [_theme(context, theme) for theme in p.themes]
    return _appendix(context, "themes", intro, children)


def _quoted_from(p: Paper) -> Paragraph | None:
    """Where the themes' descriptions are quoted from, and under which licence."""
    if not (any(t.description for t in p.themes) and (p.framework_source or p.framework_licence)):
        return None
    source = p.framework_source or p.framework_title
    licence = f" {p.framework_licence}" if p.framework_licence else ""
    return Paragraph(runs(f"The descriptions are quoted from {source}.{licence}"), quiet=True)


def _theme(context: _Context, t: ThemeSection) -> Section:
    anchor = f"theme-{t.number}"
    title = f"Theme {t.number}: {t.title}"
    if not t.covered:
        sentence = "No file covers this theme: it has not been assessed."
        return Section(anchor, title, (Paragraph(runs(sentence)),))
    if not t.cells:
        sentence = f"This theme's file lists no {context.many} yet: it has not been assessed."
        return Section(anchor, title, (*_people(t), Paragraph(runs(sentence))))
    parts: list[Section] = []
    heat_blocks: list[Block] = []
    if not t.assessed:
        heat_blocks.append(
            Paragraph(
                runs(f"None of this theme's {context.many} is rated yet: it has not been assessed.")
            )
        )
    heat_blocks.append(_heatmap_figure(context, t.heatmap, f"Theme {t.number}: {t.title}"))
    heat_blocks.append(_cells_table(context, t))
    parts.append(Section(f"{anchor}-heatmap", "Self-assessment heatmap", tuple(heat_blocks)))
    indicators = _indicators_section(context, t)  # next to the characteristics they inform
    if indicators is not None:
        parts.append(indicators)
    if t.description:
        parts.append(
            Section(
                f"{anchor}-guidance",
                "What the statutory guidance expects",
                (
                    Paragraph(
                        runs(
                            "The statutory guidance describes an authority that delivers best"
                            " value in this theme as follows:"
                        )
                    ),
                    Bullets(tuple(runs(line) for line in t.description)),
                ),
            )
        )
    if t.strengths:
        parts.append(
            Section(f"{anchor}-strengths", "Strengths", (_finding_list(context, t.strengths),))
        )
    if t.improvements:
        parts.append(
            Section(
                f"{anchor}-improvements",
                "Areas for improvement",
                (_finding_list(context, t.improvements),),
            )
        )
    if t.actions:
        parts.append(
            Section(
                f"{anchor}-next-steps",
                "Next steps in the action plan",
                (_theme_actions(context, t),),
            )
        )
    head: list[Block] = list(_people(t))
    if t.summary:
        head.append(Paragraph(runs(t.summary)))
    return Section(anchor, title, tuple(head), children=tuple(parts))


def _people(t: ThemeSection) -> tuple[Block, ...]:
    said = []
    if t.lead:
        said.append(f"Lead officer: {t.lead}.")
    if t.reviewer:
        said.append(f"Independent reviewer: {t.reviewer}.")
    return (Paragraph(runs(" ".join(said))),) if said else ()


def _finding_list(context: _Context, items: Sequence[FindingLine]) -> Bullets:
    return Bullets(
        tuple(
            runs(item.text, *(context.cell_refs(item.criteria, " (", ")") if item.criteria else ()))
            for item in items
        )
    )


def _level_cell(level: Level | None, empty: str) -> Cell:
    if level is None:
        return Cell(runs(Swatch(empty, None)))
    return Cell(runs(Swatch(level.label, level.colour, level.id)))


def _cells_table(context: _Context, t: ThemeSection) -> Table:
    one = sentence_case(context.one)
    columns = (
        Column(one, 1.1, Kind.ID),
        Column("Name", 4.0),
        Column("Rating", 1.9, Kind.LEVEL),
        Column("Target", 1.9, Kind.LEVEL),
        Column("Against target", 1.6),
    )
    rows = []
    for c in t.cells:
        if c.see:
            rating, target, against = Cell(context.see(c.see)), Cell(()), "Cross-reference"
        else:
            rating = _level_cell(c.rating, "Not rated")
            target = _level_cell(c.target, "") if c.target else Cell(())
            if c.rating is None:
                against = "Not rated"
            elif c.below_target:
                against = f"{plural(c.levels_below, 'level')} below"
            else:
                against = "At or above"
        name = runs(c.name, *((Break(), Run(c.comment, emphasis=True)) if c.comment else ()))
        row_head = Cell(runs(c.id), anchor=context.cell_anchor(c.id))
        rows.append([row_head, Cell(name), rating, target, Cell(runs(against))])
    return context.table(
        t.id, f"Theme {t.number} {context.many}, ratings and targets", columns, rows
    )


def _status(a: ActionLine) -> Inlines:
    """`Overdue by 62 days (in progress)`, `Done 12 Jan 2025`, `In progress`: words first."""
    if a.overdue:
        overdue = Tag(f"Overdue by {plural(a.days_overdue or 0, 'day')}", Tone.RED)
        return runs(overdue, f" ({label(a.status).lower()})")
    if a.completed_on:
        return runs(Tag(label(a.status), tone(a.status)), f" {short_date(a.completed_on)}")
    return runs(Tag(label(a.status), tone(a.status)))


def _theme_actions(context: _Context, t: ThemeSection) -> Table:
    columns = (
        Column("Action", 1.0, Kind.ID),
        Column("What will be done", 4.0),
        Column("Owner", 2.0),
        Column("Due", 1.4, Kind.DATE),
        Column("Status", 1.9),
    )
    rows = [
        [
            Cell(context.action_ref(a.id)),
            Cell(runs(a.title)),
            Cell(runs(a.owner)),
            Cell(runs(short_date(a.due))),
            Cell(_status(a)),
        ]
        for a in t.actions
    ]
    return context.table(f"{t.id}-actions", f"Theme {t.number} next steps", columns, rows)


def _appendix_actions(context: _Context) -> Section:
    p = context.paper
    if not p.actions:
        return _appendix(context, "actions", [Paragraph(runs("The assessment has no actions."))])
    columns = (
        Column("Action", 1.0, Kind.ID),
        Column("What will be done", 3.8),
        Column("Owner", 1.9),
        Column("Due", 1.5, Kind.DATE),
        Column("Status", 1.9),
        Column("Latest update", 2.8),
    )
    groups: dict[str, list[ActionLine]] = {}
    for action in p.actions:  # already in theme order, then by due date
        key = (
            f"Theme {action.theme_number}: {action.theme_title}"
            if action.theme_number
            else "Actions with no theme"
        )
        groups.setdefault(key, []).append(action)
    children = []
    for index, (title, actions) in enumerate(groups.items(), start=1):
        rows = []
        for a in actions:
            what: list[str | Inline] = [a.title]
            if a.criteria:
                what += [Break(), *context.cell_refs(a.criteria, "For ")]
            if a.source:
                what += [Break(), Run(f"Source: {a.source}", emphasis=True)]
            if a.original_due is not None and a.reason:
                what += [Break(), Run(f"Due date moved: {a.reason}", emphasis=True)]
            due: list[str | Inline] = [short_date(a.due)]
            if a.original_due is not None:
                due += [Break(), Run(f"was {short_date(a.original_due)}", emphasis=True)]
            update: list[str | Inline] = [a.progress or ""]
            if a.update_on is not None and a.update is not None:
                update = [Run(short_date(a.update_on), strong=True), f": {a.update}"]
            rows.append(
                [
                    Cell(runs(a.id), anchor=context.action_anchor(a.id)),
                    Cell(runs(*what)),
                    Cell(runs(a.owner)),
                    Cell(runs(*due)),
                    Cell(_status(a)),
                    Cell(runs(*update)),
                ]
            )
        table = context.table(f"plan-{index}", f"actions, {title}", columns, rows)
        children.append(Section(f"plan-{index}", title, (table,)))
    intro = Paragraph(
        runs(
            f"Every action in the plan, theme by theme and by due date, with the {context.many}"
            f" each improves, where it comes from and its latest update. Overdue means neither"
            f" done nor cancelled by {long_date(p.as_of)}. Where a due date has moved, the date"
            " first agreed is shown under it (\u201cwas\u201d), with the reason it moved."
        )
    )
    return _appendix(context, "actions", [intro], children)


def _appendix_evidence(context: _Context) -> Section:
    p = context.paper
    if not p.evidence:
        return _appendix(
            context, "evidence", [Paragraph(runs("The assessment has no evidence library."))]
        )
    columns = (
        Column("Evidence", 1.1, Kind.ID),
        Column("Document", 4.2),
        Column("Date", 1.4, Kind.DATE),
        Column("Owner", 2.0),
        Column("Review by", 1.6, Kind.DATE),
        Column("Cited by", 1.8),
    )
    rows = []
    for e in p.evidence:
        review: list[str | Inline] = [short_date(e.review_by) if e.review_by else ""]
        if e.stale:
            review += [Break(), Tag("Past review", Tone.RED)]
        target = context.document_href(e.ref)
        document: list[str | Inline] = [Link(e.title, target) if target else e.title]
        if e.ref and not target:
            document.append(f" ({e.ref})")
        rows.append(
            [
                Cell(runs(e.id)),
                Cell(runs(*document)),
                Cell(runs(short_date(e.date) if e.date else "")),
                Cell(runs(e.owner or "")),
                Cell(runs(*review)),
                Cell(
                    runs(*context.cell_refs(e.cited_by, emphasis=False))
                    if e.cited_by
                    else runs("None")
                ),
            ]
        )
    said = (
        f"Every document in the evidence library, with who holds it, when it is next to be"
        f" reviewed and the {context.many} that cite it."
    )
    stale = [e for e in p.evidence if e.stale]
    if stale:
        named = [f"{e.id} {e.title}" for e in stale]
        said += (
            f" {plural(len(stale), 'document')} {is_are(len(stale))} past"
            f" {noun(len(stale), 'its', 'their')} review-by date at {long_date(p.as_of)}:"
            f" {join(named)}."
        )
    intro = Paragraph(runs(said))
    table = context.table("evidence", "the evidence library", columns, rows)
    return _appendix(context, "evidence", [intro, table])


def _appendix_gaps(context: _Context) -> Section:
    p = context.paper
    s = p.summary
    if not p.gaps:
        sentence = (
            f"There are no gaps at {long_date(p.as_of)}: every {context.one} is rated,"
            " evidenced and at or above target, and no action is overdue."
        )
        return _appendix(context, "gaps", [Paragraph(runs(sentence))])
    counts = context.table(
        "gap-counts",
        "gaps by kind",
        (Column("Gap", 2.0), Column("Count", 0.8, Kind.NUMBER), Column("Meaning", 5.0)),
        (
            [
                Cell(runs(GAP_LABELS.get(c.code.value, c.code.value))),
                Cell(runs(str(c.count))),
                Cell(runs(GAP_MEANINGS.get(c.code.value, ""))),
            ]
            for c in s.gap_counts
        ),
    )
    columns = (
        Column("Severity", 1.2),
        Column("Gap", 1.6),
        Column("Theme", 1.8),
        Column("Item", 1.0, Kind.ID),
        Column("Detail", 5.0),
    )
    rows = [
        [
            Cell(runs(Tag(label(g.severity), tone(g.severity)))),
            Cell(runs(GAP_LABELS.get(g.code.value, g.code.value))),
            Cell(runs(f"{g.theme_number} {g.theme_title}" if g.theme_number else "No theme")),
            # An indicator's id is a file's slug; the detail already names it in words.
            Cell(runs("" if g.code.value.startswith("indicator-") else g.id or "")),
            Cell(runs(g.message)),
        ]
        for g in p.gaps
    ]
    intro = Paragraph(
        runs(
            f"Every gap at {long_date(p.as_of)}, most severe first: {plural(s.gaps, 'gap')},"
            f" {s.high} of high, {s.medium} of medium and {s.low} of low severity."
        )
    )
    table = context.table("gaps", "every gap, most severe first", columns, rows, row_headers=False)
    return _appendix(context, "gaps", [intro, counts, table])


def _appendix_movement(context: _Context) -> Section:
    m = context.paper.movement
    assert m is not None
    blocks: list[Block] = [Paragraph(runs(m.summary))]
    blocks += [Paragraph(runs(note)) for note in m.notes]
    if m.ratings:
        columns = (
            Column(sentence_case(context.one), 1.1, Kind.ID),
            Column("Theme", 1.8),
            Column("Name", 3.0),
            Column("Was", 1.6, Kind.LEVEL),
            Column("Now", 1.6, Kind.LEVEL),
            Column("Movement", 1.8),
        )
        rows = [
            [
                Cell(runs(r.id)),
                Cell(runs(f"{r.theme_number} {r.theme_title}")),
                Cell(runs(r.title)),
                _level_cell(r.before, "Not rated"),
                _level_cell(r.after, "Not rated"),
                Cell(runs(f"{r.arrow} {r.words}")),
            ]
            for r in m.ratings
        ]
        blocks.append(context.table("moved-ratings", "ratings that moved", columns, rows))
    else:
        blocks.append(Paragraph(runs("No rating changed.")))
    if m.changes:
        changed = (
            Column("Item", 1.1, Kind.ID),
            Column("Name", 3.0),
            Column("Theme", 1.8),
            Column("Change", 1.8),
            Column("Detail", 3.2),
        )
        rows = [
            [
                Cell(runs(c.id)),
                Cell(runs(c.title)),
                Cell(runs(c.theme or "")),
                Cell(runs(f"{c.mark} {c.change}")),
                Cell(runs(c.detail)),
            ]
            for c in m.changes
        ]
        caption = f"{context.many}, owners and evidence added, removed or changed"
        blocks.append(context.table("moved-items", caption, changed, rows))
    if m.actions:
        columns = (
            Column("Action", 1.0, Kind.ID),
            Column("What will be done", 3.2),
            Column("Owner", 1.8),
            Column("Change", 1.6),
            Column("Due before", 1.4, Kind.DATE),
            Column("Due now", 1.4, Kind.DATE),
        )
        rows = []
        for a in m.actions:
            what: list[str | Inline] = [a.title]
            if a.reason:
                what += [Break(), Run(f"Due date moved: {a.reason}", emphasis=True)]
            rows.append(
                [
                    Cell(runs(a.id)),
                    Cell(runs(*what)),
                    Cell(runs(a.owner)),
                    Cell(runs(f"{a.mark} {a.change}")),
                    Cell(runs(short_date(a.due_before) if a.due_before else "")),
                    Cell(runs(short_date(a.due_after) if a.due_after else "")),
                ]
            )
        blocks.append(context.table("moved-actions", "changes to the action plan", columns, rows))
    else:
        blocks.append(
            Paragraph(runs("No action was added, removed, completed, reopened or slipped."))
        )
    gaps = context.table(
        "moved-gaps",
        "gaps before and now",
        (Column("Gap", 2.0), Column("Before", 1.0, Kind.NUMBER), Column("Now", 1.0, Kind.NUMBER)),
        (
            [
                Cell(runs(GAP_LABELS.get(g.code, g.code))),
                Cell(runs(str(g.before))),
                Cell(runs(str(g.after))),
            ]
            for g in m.gaps
        ),
    )
    blocks.append(gaps)
    return _appendix(context, "movement", blocks)


# --- financial resilience indicators (docs/format.md 2.8, 6.14) ----------------------------------


def _figure_words(line: IndicatorLine) -> str:
    latest = line.latest
    assert latest is not None
    return (
        f"{visible(line.title).lower()}, {format_value(latest.value, line.series)} in {latest.year}"
    )


def _indicator_findings(context: _Context) -> Inlines | None:
    """One paragraph: the indicators beyond the council's thresholds, and the outliers."""
    report = context.paper.indicators
    if report is None or not report.lines:
        return None
    lines = [line for line in report.lines if line.latest is not None]
    count = len(report.lines)
    where = context.appendix("themes")
    said = (
        f"The Council tracks {plural(count, 'financial resilience indicator')}, charted over"
        f" the years in {where} beside the {context.many} they inform."
    )
    breaches = [line for line in lines if line.breach]
    if breaches:
        named = [
            f"{_figure_words(line)}, at {visible(line.level.label) if line.level else ''}"
            for line in breaches
        ]
        said += (
            f" Of these, {len(breaches)} {is_are(len(breaches))} beyond the Council's own"
            " threshold for a"
            f" level below target: {'; '.join(named)}."
        )
    elif any(line.series.thresholds for line in lines):
        said += " None is beyond the Council's own thresholds."
    if report.sector is not None:
        outliers = [line for line in lines if line.outlier]
        sector = f"the sector file ({report.sector_authorities} authorities)"
        if outliers:
            named = [f"{_figure_words(line)}, {rank_words(line)}" for line in outliers]
            noun_phrase = "is an outlier" if len(outliers) == 1 else "are outliers"
            said += (
                f" Against {sector}, {len(outliers)} {noun_phrase} in the sector:"
                f" {'; '.join(named)}."
            )
        else:
            said += f" Against {sector}, none is an outlier in the sector."
    return runs(said)


def _indicators_section(context: _Context, t: ThemeSection) -> Section | None:
    """The theme's indicators: for each, a sentence, its chart and its figures by year."""
    report = context.paper.indicators
    if report is None:
        return None
    mine = [line for line in report.lines if line.theme == t.id]
    if not mine:
        return None
    anchor = f"theme-{t.number}-indicators"
    blocks: list[Block] = [
        Paragraph(
            runs(
                "The financial resilience indicators the Council tracks for this theme, each"
                " with its figures over the years, the Council's own thresholds where it has set"
                " them and, where a sector file was given, the sector's median and interquartile"
                " range. CIPFA publishes no thresholds and no single score; no official"
                " threshold exists, so any threshold shown is the Council's own."
            )
        )
    ]
    notes = sorted({visible(line.series.note) for line in mine if line.series.note})
    blocks += [Paragraph(runs(note), quiet=True) for note in notes]
    if report.sector is not None:
        blocks.append(
            Paragraph(
                runs(
                    f"Sector: {visible(report.sector)}, {report.sector_authorities} authorities;"
                    " an outlier lies beyond 1.5 times the interquartile range past the quartile"
                    " on the worse side."
                ),
                quiet=True,
            )
        )
    for line in mine:
        blocks += _indicator_blocks(context, report, line, t)
    return Section(anchor, "Financial resilience indicators", tuple(blocks))


def _indicator_blocks(
    context: _Context, report: IndicatorReport, line: IndicatorLine, t: ThemeSection
) -> list[Block]:
    series = line.series
    definition = series.definition
    title = visible(line.title)
    unit = UNIT_WORDS[definition.unit]
    said = f"{title} ({unit}; {worse_words(definition.worse)})."
    cells = {c.id: c for c in t.cells}
    if series.informs:
        named = []
        for ref in series.informs:
            cell = cells.get(visible(ref))
            if cell is not None:
                rating = cell.rating.label if cell.rating else "not rated"
                named.append(f"{cell.id} {cell.name} (rated {rating})")
            else:
                named.append(visible(report.informs.get(ref, ref)))
        said += f" It informs {join(named)}."
    latest = line.latest
    if latest is None:
        return [Paragraph(runs(said + " It has no figures yet."))]
    said += f" Latest figure: {format_value(latest.value, series)} in {latest.year}."
    if line.level is not None:
        verdict = "below the target" if line.breach else "not below the target"
        said += (
            f" It reaches the Council's threshold for {visible(line.level.label)}, {verdict}"
            f" {visible(report.target.label)}."
        )
    elif series.thresholds:
        said += " It reaches none of the Council's thresholds."
    if line.standing is not None:
        s = line.standing
        said += (
            f" In the sector it is {standing_words(line)}; the median is"
            f" {format_value(s.median, series)}"
        )
        said += ": an outlier in the sector." if s.outlier else "."
    elif line.why_not:
        said += f" Sector: {line.why_not}."
    blocks: list[Block] = [Paragraph(runs(said))]
    blocks.append(_chart_figure(context, report, line))
    blocks.append(_figures_table(context, report, line))
    return blocks


def _chart_figure(context: _Context, report: IndicatorReport, line: IndicatorLine) -> Figure:
    context.count.figures += 1
    number = context.count.figures
    series = line.series
    points = series.points
    labels = tuple(format_value(p.value, series) for p in points)
    levels = {lv.id: lv for lv in report.scale}
    kept = [(lv, value) for lv, value in series.thresholds if lv in levels]
    thresholds = tuple((visible(levels[lv].label), value, levels[lv].colour) for lv, value in kept)
    bands = tuple((b.year, b.q1, b.median, b.q3) for b in line.bands)
    picture = ChartPicture(
        series.definition.unit.value,
        series.definition.worse.value,
        tuple(p.year for p in points),
        tuple(p.value for p in points),
        labels,
        thresholds,
        tuple(format_value(value, series) for _, value in kept),
        bands,
    )
    title = visible(line.title)
    first, last = points[0], points[-1]
    alt = (
        f"Line chart of {title.lower()} from {first.year} to {last.year}: "
        + ", ".join(f"{label} in {p.year}" for label, p in zip(labels, points, strict=True))
        + "."
    )
    if thresholds:
        alt += (
            " Shaded bands mark the Council's thresholds: "
            + "; ".join(
                f"{name} from {shown}"
                for (name, _, _), shown in zip(thresholds, picture.threshold_labels, strict=True)
            )
            + "."
        )
    if bands:
        b = line.bands[-1]
        alt += (
            f" The sector's median in {b.year} is {format_value(b.median, series)}, its"
            f" interquartile range {format_value(b.q1, series)} to {format_value(b.q3, series)}."
        )
    key = [KeyEntry("—●—", "the Council's figures")]
    if bands:
        key.append(KeyEntry("- ■ -", "the sector median"))
        key.append(KeyEntry("▒", "the sector interquartile range", "#b1b4b6"))
    for (name, _, colour), shown in zip(thresholds, picture.threshold_labels, strict=True):
        edge = "or below" if series.definition.worse.value == "lower" else "or above"
        key.append(KeyEntry("▒", f"{name}: {shown} {edge}", colour))
    span = first.year if first.year == last.year else f"{first.year} to {last.year}"
    return Figure(
        id=f"figure-{number}",
        caption=f"Figure {number}: {title}, {span}",
        alt=alt,
        picture=picture,
        key=tuple(key),
    )


def _figures_table(context: _Context, report: IndicatorReport, line: IndicatorLine) -> Table:
    series = line.series
    columns = [Column("Year", 1.0, Kind.ID), Column("Figure", 1.2, Kind.NUMBER)]
    if series.thresholds:
        columns.append(Column("Council threshold", 2.0, Kind.LEVEL))
    bands = {b.year: b for b in line.bands}
    if bands:
        columns += [
            Column("Sector median", 1.2, Kind.NUMBER),
            Column("Sector quartiles", 1.8, Kind.NUMBER),
        ]
    columns.append(Column("Source", 3.2))
    rows = []
    for point, level in zip(series.points, line.levels, strict=True):
        row = [Cell(runs(point.year)), Cell(runs(format_value(point.value, series)))]
        if series.thresholds:
            row.append(
                _level_cell(level, "Within thresholds")
                if level
                else Cell(runs("Within thresholds"))
            )
        if bands:
            band = bands.get(point.year)
            if band is None:
                row += [Cell(runs("")), Cell(runs(""))]
            else:
                row += [
                    Cell(runs(format_value(band.median, series))),
                    Cell(
                        runs(f"{format_value(band.q1, series)} to {format_value(band.q3, series)}")
                    ),
                ]
        source: list[str | Inline] = [visible(point.source)]
        if point.note:
            source += [Break(), Run(visible(point.note), emphasis=True)]
        row.append(Cell(runs(*source)))
        rows.append(row)
    return context.table(
        f"indicator-{series.id}",
        f"{visible(line.title)}, figures by year",
        columns,
        rows,
    )
