"""The committee paper as one immutable value: front matter, heatmap, gaps, themes, appendices.

Why one value: the Markdown and HTML templates only loop and format. Every count, list, overdue
flag and cross-reference is decided here, once, from `build_heatmap` and `compute_gaps`, so both
formats (and a council's own templates) say the same thing as `bvduty heatmap` and `bvduty gaps`.

Every string that came from a user's file is passed through `textsafe.visible`: control and bidi
characters arrive in templates already shown as escapes, whatever a template does with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from bvduty.analysis.diff import Diff
from bvduty.analysis.gaps import Gap, GapCode, GapReport, Severity, compute_gaps
from bvduty.analysis.heatmap import Cell, Heatmap, ThemeRow, build_heatmap, only_theme
from bvduty.analysis.indicators import IndicatorReport, Sector, build_report, judged
from bvduty.assessment import Assessment, PlacedAction
from bvduty.model import ActionStatus, Criterion, Level, Priority, ReportMeta
from bvduty.textsafe import bounded as visible

# Implication headings in the order councils print them; any other heading the manifest gives
# follows these. A missing one is left out of the paper (`bvduty validate` warns about the four
# every paper needs: see checks.PAPER_IMPLICATIONS).
STANDARD_IMPLICATIONS = (
    "financial",
    "legal",
    "equalities",
    "risk",
    "climate",
    "human_resources",
    "data_protection",
)
_HEADINGS = {
    "hr": "Human resources",
    "human_resources": "Human resources",
    "data_protection": "Data protection",
    "climate": "Climate and environment",
}


Day = date  # for fields declared after one named `date`


def _safe(text: str | None) -> str | None:
    return None if text is None else visible(text)


def _all_safe(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(visible(t) for t in texts)


@dataclass(frozen=True, slots=True)
class Implication:
    """One implications paragraph: its heading (e.g. "Financial") and its text."""

    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class OwnSection:
    """A section of the council's own in the covering report."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Term:
    """The word for what is rated: "characteristic" unless the manifest sets another."""

    one: str = "characteristic"
    many: str = "characteristics"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The paper's header block and the manifest's `report:` fields; None means not stated."""

    title: str
    authority: str
    period: str
    as_of: date
    status: str
    approved_by: str | None
    approved_on: date | None
    committee: str | None
    meeting_date: date | None
    report_of: str | None
    author: str | None
    email: str | None
    phone: str | None
    wards: str | None
    classification: str | None  # "public", "exempt", or None when not stated
    exempt_paragraph: int | None
    purpose: str | None
    recommendations: tuple[str, ...]
    implications: tuple[Implication, ...]
    background_papers: tuple[str, ...]
    portfolio_holder: str | None = None
    key_decision: bool | None = None
    method: str | None = None
    options: tuple[str, ...] = ()
    reasons: str | None = None
    sections: tuple[str | OwnSection, ...] | None = None  # None: the standard order
    term: Term = Term()

    @property
    def exempt(self) -> bool:
        return self.classification == "exempt"


@dataclass(frozen=True, slots=True)
class CellLine:
    """One heatmap cell as the paper shows it, with its levels resolved to the scale's labels."""

    id: str
    name: str
    statement: str | None
    rating: Level | None
    target: Level | None
    see: str | None
    below_target: bool
    levels_below: int
    comment: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LevelCells:
    """The ids of one theme's cells rated at one level."""

    level: Level
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HeatRow:
    """One theme's row of the summary heatmap table: its cells grouped by level, best first."""

    number: int
    title: str
    covered: bool
    levels: tuple[LevelCells, ...]
    unrated: tuple[str, ...]
    below_target: tuple[str, ...]
    see: tuple[tuple[str, str], ...]  # (cell id, the cell it points at)


@dataclass(frozen=True, slots=True)
class FindingLine:
    """A strength or area for improvement, with the cells it speaks to."""

    id: str | None
    text: str
    criteria: tuple[str, ...]
    headline: bool = False


@dataclass(frozen=True, slots=True)
class ActionLine:
    """One action of the plan, with its theme and, when overdue, by how many days."""

    id: str
    title: str
    owner: str
    due: date
    status: ActionStatus
    completed_on: date | None
    priority: Priority | None
    progress: str | None
    criteria: tuple[str, ...]
    theme_number: int | None
    theme_title: str | None
    days_overdue: int | None  # None: not overdue (taken from the gap report's overdue gaps)
    original_due: date | None = None  # the date first agreed, when the due date moved since
    days_slipped: int | None = None  # days `due` lies beyond `original_due`
    source: str | None = None  # the source's label, e.g. "Internal audit"
    reason: str | None = None  # why the due date last moved
    update_on: date | None = None  # the latest dated update (None: `progress` is the update)
    update: str | None = None

    @property
    def overdue(self) -> bool:
        return self.days_overdue is not None

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def slipped(self) -> bool:
        """Open and due later than first agreed (an action both overdue and slipped is
        counted as overdue, the worse of the two)."""
        return self.is_open and self.days_slipped is not None

    @property
    def state(self) -> str:
        """One of ACTION_STATES: where the action stands at the paper's date."""
        if self.status is ActionStatus.DONE:
            return "completed"
        if self.status is ActionStatus.CANCELLED:
            return "cancelled"
        if self.overdue:
            return "overdue"
        if self.status is ActionStatus.BLOCKED:
            return "blocked"
        return "slipped" if self.days_slipped is not None else "on track"


# How an action stands, in the order the paper counts them (docs/format.md 2.5, 7.1). Each
# action has one: overdue outranks blocked, and blocked outranks slipped.
ACTION_STATES = ("completed", "on track", "slipped", "blocked", "overdue", "cancelled")


@dataclass(frozen=True, slots=True)
class SourceCount:
    """The actions from one source (None: no source given), counted by state."""

    source: str | None
    counts: tuple[int, ...]  # per ACTION_STATES

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def behind(self) -> int:
        """Slipped or overdue."""
        return sum(self.counts[ACTION_STATES.index(state)] for state in ("slipped", "overdue"))


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One document of the evidence library, with the cells that cite it."""

    id: str
    title: str
    ref: str | None
    date: date | None
    owner: str | None
    cited_by: tuple[str, ...]
    review_by: Day | None = None
    stale: bool = False  # review_by is before the paper's date


@dataclass(frozen=True, slots=True)
class GapLine:
    """One gap with its theme's number and title (None when it belongs to no theme)."""

    code: GapCode
    severity: Severity
    theme_number: int | None
    theme_title: str | None
    id: str | None
    message: str
    days_overdue: int | None


@dataclass(frozen=True, slots=True)
class LevelCount:
    level: Level
    count: int


@dataclass(frozen=True, slots=True)
class CodeCount:
    code: GapCode
    count: int


@dataclass(frozen=True, slots=True)
class ThemeSection:
    """Everything one theme's section of the paper shows, mirroring a published theme page."""

    id: str
    number: int
    title: str
    covered: bool
    lead: str | None
    reviewer: str | None
    summary: str | None
    description: tuple[str, ...]
    cells: tuple[CellLine, ...]
    level_counts: tuple[LevelCount, ...]  # best level first; levels with no cells left out
    unrated: int
    below_target: int
    see: int
    strengths: tuple[FindingLine, ...]
    improvements: tuple[FindingLine, ...]
    actions: tuple[ActionLine, ...]
    heatmap: Heatmap  # this theme alone, for a picture of it

    @property
    def assessed(self) -> bool:
        """Whether any of its characteristics is rated (a file alone is not an assessment)."""
        return any(c.rating is not None for c in self.cells)


@dataclass(frozen=True, slots=True)
class Summary:
    """The numbers of the summary section, all taken from the heatmap and the gap report."""

    themes: int
    themes_covered: int
    cells: int
    rated: int
    unrated: int
    see: int
    below_target: int
    at_or_above: int
    level_counts: tuple[LevelCount, ...]  # every level, best first
    gaps: int
    gap_counts: tuple[CodeCount, ...]  # every code, in the gap report's summary order
    high: int
    medium: int
    low: int
    actions: int
    open_actions: int
    done_actions: int
    cancelled_actions: int
    overdue: tuple[ActionLine, ...]  # most overdue first
    slipped: tuple[ActionLine, ...] = ()  # open, not overdue, due later than first agreed
    blocked: int = 0  # open, not overdue, and blocked
    by_source: tuple[SourceCount, ...] = ()  # sources in the manifest's order, none last
    stale_evidence: int = 0

    @property
    def on_track(self) -> int:
        """Open actions that are neither overdue, blocked nor slipped."""
        return self.open_actions - len(self.overdue) - len(self.slipped) - self.blocked


@dataclass(frozen=True, slots=True)
class RatingLine:
    """One cell whose rating moved, with arrow and words (never colour alone)."""

    id: str
    theme_number: int
    theme_title: str
    title: str
    before: Level | None
    after: Level | None
    arrow: str
    words: str


@dataclass(frozen=True, slots=True)
class ActionMoveLine:
    """One action-plan change since the earlier assessment."""

    id: str
    title: str
    owner: str
    mark: str
    change: str
    due_before: date | None
    due_after: date | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change of a characteristic, an owner or the evidence library (docs/format.md 6.5)."""

    id: str
    title: str
    theme: str | None  # "5 Use of Resources"
    mark: str
    change: str  # in words: "statement reworded"
    detail: str


@dataclass(frozen=True, slots=True)
class GapMove:
    """Gaps of one code before and after."""

    code: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Movement:
    """The "Movement since <period>" section: what changed since an earlier assessment."""

    since: str
    summary: str
    notes: tuple[str, ...]
    ratings: tuple[RatingLine, ...]
    actions: tuple[ActionMoveLine, ...]
    gaps: tuple[GapMove, ...]
    changes: tuple[ChangeLine, ...] = ()  # due-date moves are in `actions`, with their reason


def build_movement(diff: Diff) -> Movement:
    """The paper's movement section from a `compare` result.

    The wording comes from analysis.diff_words, shared with `bvduty diff`.
    """
    from bvduty.analysis.diff import ChangeCode
    from bvduty.analysis.diff_words import (
        ACTION_MARKS,
        ARROWS,
        CHANGE_MARKS,
        CHANGE_WORDS,
        change_detail,
        movement,
        since_label,
        summary,
    )

    ratings = tuple(
        RatingLine(
            visible(m.id),
            m.theme_number,
            m.theme_title,
            visible(m.title),
            _safe_level(m.before),
            _safe_level(m.after),
            ARROWS[m.change],
            movement(m),
        )
        for m in diff.ratings
    )
    actions = tuple(
        ActionMoveLine(
            visible(a.id),
            visible(a.title),
            visible(a.owner),
            ACTION_MARKS[a.change],
            a.change.value,
            a.due_before,
            a.due_after,
            _safe(a.reason),
        )
        for a in diff.actions
    )
    gaps = tuple(GapMove(g.code.value, g.before, g.after) for g in diff.gaps)
    names = diff.theme_names
    changes = tuple(
        ChangeLine(
            visible(c.id),
            visible(" ".join(c.title.split())),
            f"{names[c.theme][0]} {visible(names[c.theme][1])}" if c.theme in names else None,
            CHANGE_MARKS[c.code],
            CHANGE_WORDS[c.code],
            visible(change_detail(diff, c)),
        )
        for c in diff.changes
        if c.code not in (ChangeCode.DUE_LATER, ChangeCode.DUE_EARLIER)
    )
    return Movement(
        since_label(diff), summary(diff), _all_safe(diff.notes), ratings, actions, gaps, changes
    )


def _safe_level(level: Level | None) -> Level | None:
    if level is None:
        return None
    return level.model_copy(update={"label": visible(level.label)})


@dataclass(frozen=True, slots=True)
class Paper:
    """A committee paper on one assessment: what `render.markdown` and `render.html` show."""

    front: FrontMatter
    as_of: date  # the date gaps and overdue actions are judged at
    scale: tuple[Level, ...]  # best level first, as a key reads
    heatmap: Heatmap
    heat_rows: tuple[HeatRow, ...]
    summary: Summary
    themes: tuple[ThemeSection, ...]
    gaps: tuple[GapLine, ...]  # most severe first
    actions: tuple[ActionLine, ...]  # Appendix A: by theme, then due date
    evidence: tuple[EvidenceLine, ...]  # Appendix B: in id order
    framework_title: str
    framework_source: str | None
    framework_licence: str | None
    movement: Movement | None = None  # set by `report --compare`
    framework_background: tuple[str, ...] = ()
    default_target: Level | None = None
    evidence_cited: int = 0
    indicators: IndicatorReport | None = None  # financial resilience indicators (2.8, 6.14)


def build_paper(
    assessment: Assessment, as_of: date | None = None, sector: Sector | None = None
) -> Paper:
    """The committee paper of one valid assessment, judged at `as_of` (default: its own date);
    its financial resilience indicators are compared with `sector` when one is given."""
    heatmap = _safe_levels(build_heatmap(assessment))
    report = compute_gaps(assessment, as_of, sector)
    overdue_days = {
        g.id: g.days_overdue for g in report.gaps if g.code is GapCode.OVERDUE and g.id is not None
    }
    theme_of = _action_themes(assessment)
    numbers = {
        e.definition.id: (e.definition.number, e.definition.title) for e in assessment.themes
    }
    labels = assessment.manifest.action_sources
    actions = [
        _action_line(placed, theme_of[index], numbers, overdue_days, labels)
        for index, placed in enumerate(assessment.actions)
    ]
    criteria = {c.id: c for _, c in assessment.criteria()}
    sections = tuple(
        _theme_section(assessment, row, heatmap, criteria, actions, theme_of)
        for row in heatmap.themes
    )
    plan = sorted(
        actions,
        key=lambda a: (a.theme_number is None, a.theme_number or 0, a.due, a.id),
    )
    return Paper(
        front=_front_matter(assessment),
        as_of=report.as_of,
        scale=tuple(reversed(heatmap.scale)),
        heatmap=heatmap,
        heat_rows=tuple(_heat_row(row, heatmap) for row in heatmap.themes),
        summary=_summary(heatmap, report, actions, list(labels.values())),
        themes=sections,
        gaps=tuple(_gap_line(g, numbers) for g in report.gaps),
        actions=tuple(plan),
        evidence=_evidence(assessment, report.as_of),
        framework_title=visible(assessment.framework.title),
        framework_source=_safe(assessment.framework.source),
        framework_licence=_safe(assessment.framework.licence),
        framework_background=_all_safe(assessment.framework.background),
        default_target=next(
            (lv for lv in heatmap.scale if lv.id == assessment.default_target), None
        ),
        evidence_cited=len(
            {e for _, c in assessment.criteria() for e in c.evidence}
            & {e.id for e in assessment.evidence}
        ),
        indicators=judged(build_report(assessment), sector) if assessment.indicators else None,
    )


def _safe_levels(heatmap: Heatmap) -> Heatmap:
    """The heatmap with its scale's labels made safe to show, like every other user string."""
    levels = tuple(
        level.model_copy(update={"label": visible(level.label)}) for level in heatmap.scale
    )
    return replace(heatmap, scale=levels)


def _front_matter(assessment: Assessment) -> FrontMatter:
    manifest = assessment.manifest
    meta = manifest.report or ReportMeta()
    author = meta.author
    given = dict(meta.implications)
    keys = [k for k in STANDARD_IMPLICATIONS if k in given]
    if "hr" in given and "human_resources" not in given:
        keys.insert(keys.index("data_protection") if "data_protection" in keys else len(keys), "hr")
    keys += [k for k in given if k not in keys]
    implications = tuple(Implication(visible(_heading(k)), visible(given[k])) for k in keys)
    sections = None
    if meta.sections is not None:
        sections = tuple(
            choice
            if isinstance(choice, str)
            else OwnSection(
                visible(choice.title),
                _all_safe((choice.text,) if choice.text else ()) + _all_safe(choice.paragraphs),
            )
            for choice in meta.sections
        )
    term = Term()
    if meta.term:
        one = visible(meta.term.strip())
        term = Term(one, visible(meta.term_plural) if meta.term_plural else one + "s")
    return FrontMatter(
        title=visible(manifest.display_title),
        authority=visible(manifest.authority.name),
        period=visible(manifest.period),
        as_of=manifest.as_of,
        status=manifest.status.value,
        approved_by=_safe(manifest.approved_by),
        approved_on=manifest.approved_on,
        committee=_safe(meta.committee),
        meeting_date=meta.meeting_date,
        report_of=_safe(meta.report_of),
        author=_safe(author.name) if author else None,
        email=_safe(author.email) if author else None,
        phone=_safe(author.phone) if author else None,
        wards=_safe(meta.wards),
        classification=meta.classification,
        exempt_paragraph=meta.exempt_paragraph,
        purpose=_safe(meta.purpose),
        recommendations=_all_safe(meta.recommendations),
        implications=implications,
        background_papers=_all_safe(meta.background_papers),
        portfolio_holder=_safe(meta.portfolio_holder),
        key_decision=meta.key_decision,
        method=_safe(meta.method),
        options=_all_safe(meta.options),
        reasons=_safe(meta.reasons),
        sections=sections,
        term=term,
    )


def _heading(key: str) -> str:
    """An implications key as a heading: `financial` -> `Financial`, `human_resources` too."""
    if key in _HEADINGS:
        return _HEADINGS[key]
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _action_themes(assessment: Assessment) -> list[str | None]:
    """Each action's theme, by the rule of docs/format.md 2.5 (see `Assessment.action_theme`)."""
    return [assessment.action_theme(placed) for placed in assessment.actions]


def _action_line(
    placed: PlacedAction,
    theme: str | None,
    numbers: dict[str, tuple[int, str]],
    overdue_days: dict[str, int | None],
    labels: dict[str, str],
) -> ActionLine:
    action = placed.action
    number, title = numbers.get(theme or "", (None, None))
    latest = action.latest_update
    revision = action.latest_revision
    return ActionLine(
        id=visible(action.id),
        title=visible(action.title),
        owner=visible(action.owner),
        due=action.due,
        status=action.status,
        completed_on=action.completed_on,
        priority=action.priority,
        progress=_safe(action.progress),
        criteria=_all_safe(action.criteria),
        theme_number=number,
        theme_title=_safe(title),
        days_overdue=overdue_days.get(action.id),
        original_due=action.first_due if action.days_slipped is not None else None,
        days_slipped=action.days_slipped,
        source=_safe(labels.get(action.source)) if action.source else None,
        reason=_safe(revision.reason) if revision is not None else None,
        update_on=latest.date if latest is not None else None,
        update=_safe(latest.text) if latest is not None else None,
    )


def _cell_line(cell: Cell, criterion: Criterion, heatmap: Heatmap) -> CellLine:
    return CellLine(
        id=visible(cell.id),
        name=visible(" ".join((criterion.title or criterion.statement or "").split()))
        or f"See {visible(cell.see or '')}",
        statement=_safe(criterion.statement),
        rating=heatmap.level(cell.rating) if cell.rating else None,
        target=heatmap.level(cell.target) if cell.target else None,
        see=_safe(cell.see),
        below_target=cell.below_target,
        levels_below=cell.levels_below,
        comment=_safe(criterion.comment),
        evidence=_all_safe(criterion.evidence),
    )


def _level_counts(row: ThemeRow, heatmap: Heatmap) -> tuple[LevelCount, ...]:
    """A theme's cells per level, best first, leaving out levels no cell has."""
    pairs = zip(heatmap.scale, row.summary.by_level, strict=True)
    return tuple(LevelCount(level, n) for level, n in reversed(list(pairs)) if n)


def _theme_section(
    assessment: Assessment,
    row: ThemeRow,
    heatmap: Heatmap,
    criteria: dict[str, Criterion],
    actions: list[ActionLine],
    theme_of: list[str | None],
) -> ThemeSection:
    entry = next(e for e in assessment.themes if e.definition.id == row.id)
    doc = entry.doc
    cell_ids = {c.id for c in row.cells}
    mine = [
        line
        for line, placed, theme in zip(actions, assessment.actions, theme_of, strict=True)
        if theme == row.id or placed.theme == row.id or cell_ids & set(placed.action.criteria)
    ]
    findings = doc.findings if doc else ()

    def lines(kind: str) -> tuple[FindingLine, ...]:
        return tuple(
            FindingLine(_safe(f.id), visible(f.text), _all_safe(f.criteria), f.headline)
            for f in findings
            if f.type == kind
        )

    return ThemeSection(
        id=row.id,
        number=row.number,
        title=visible(row.title),
        covered=row.covered,
        lead=_safe(doc.lead) if doc else None,
        reviewer=_safe(doc.reviewer) if doc else None,
        summary=_safe(doc.summary) if doc else None,
        description=_all_safe(entry.definition.description or ()),
        cells=tuple(_cell_line(c, criteria[c.id], heatmap) for c in row.cells),
        level_counts=_level_counts(row, heatmap),
        unrated=row.summary.unrated,
        below_target=row.summary.below_target,
        see=sum(1 for c in row.cells if c.see is not None),
        strengths=lines("strength"),
        improvements=lines("improvement"),
        actions=tuple(sorted(mine, key=lambda a: (a.due, a.id))),
        heatmap=only_theme(heatmap, row.id),
    )


def _heat_row(row: ThemeRow, heatmap: Heatmap) -> HeatRow:
    grouped: dict[str, list[str]] = {level.id: [] for level in heatmap.scale}
    for cell in row.cells:
        if cell.rating is not None:
            grouped[cell.rating].append(visible(cell.id))
    return HeatRow(
        number=row.number,
        title=visible(row.title),
        covered=row.covered,
        levels=tuple(
            LevelCells(level, tuple(grouped[level.id])) for level in reversed(heatmap.scale)
        ),
        unrated=tuple(visible(c.id) for c in row.cells if c.unrated),
        below_target=tuple(visible(c.id) for c in row.cells if c.below_target),
        see=tuple((visible(c.id), visible(c.see)) for c in row.cells if c.see is not None),
    )


def _summary(
    heatmap: Heatmap, report: GapReport, actions: list[ActionLine], sources: list[str]
) -> Summary:
    rows = heatmap.themes
    totals = [sum(r.summary.by_level[i] for r in rows) for i in range(len(heatmap.scale))]
    severities = [g.severity for g in report.gaps]
    overdue = sorted(
        (a for a in actions if a.overdue), key=lambda a: (-(a.days_overdue or 0), a.id)
    )
    slipped = sorted(
        (a for a in actions if a.state == "slipped"), key=lambda a: (-(a.days_slipped or 0), a.id)
    )
    by_source: dict[str | None, list[int]] = {}
    for source in [*(visible(s) for s in sources), None]:
        by_source[source] = [0] * len(ACTION_STATES)
    for action in actions:
        by_source.setdefault(action.source, [0] * len(ACTION_STATES))
        by_source[action.source][ACTION_STATES.index(action.state)] += 1
    return Summary(
        themes=len(rows),
        themes_covered=sum(1 for r in rows if r.covered),
        cells=sum(r.summary.cells for r in rows),
        rated=sum(r.summary.rated for r in rows),
        unrated=sum(r.summary.unrated for r in rows),
        see=sum(1 for r in rows for c in r.cells if c.see is not None),
        below_target=sum(r.summary.below_target for r in rows),
        at_or_above=sum(r.summary.at_or_above for r in rows),
        level_counts=tuple(
            LevelCount(level, n)
            for level, n in reversed(list(zip(heatmap.scale, totals, strict=True)))
        ),
        gaps=len(report.gaps),
        gap_counts=tuple(CodeCount(code, n) for code, n in report.counts().items()),
        high=severities.count(Severity.HIGH),
        medium=severities.count(Severity.MEDIUM),
        low=severities.count(Severity.LOW),
        actions=len(actions),
        open_actions=sum(1 for a in actions if a.is_open),
        done_actions=sum(1 for a in actions if a.status is ActionStatus.DONE),
        cancelled_actions=sum(1 for a in actions if a.status is ActionStatus.CANCELLED),
        overdue=tuple(overdue),
        slipped=tuple(slipped),
        blocked=sum(1 for a in actions if a.state == "blocked"),
        by_source=tuple(
            SourceCount(source, tuple(counts))
            for source, counts in by_source.items()
            if any(counts)
        ),
        stale_evidence=sum(1 for g in report.gaps if g.code is GapCode.STALE_EVIDENCE),
    )


def _gap_line(gap: Gap, numbers: dict[str, tuple[int, str]]) -> GapLine:
    number, title = numbers.get(gap.theme or "", (None, None))
    return GapLine(
        code=gap.code,
        severity=gap.severity,
        theme_number=number,
        theme_title=_safe(title),
        id=_safe(gap.id),
        message=visible(gap.message),
        days_overdue=gap.days_overdue,
    )


def _evidence(assessment: Assessment, when: date) -> tuple[EvidenceLine, ...]:
    cited: dict[str, list[str]] = {}
    for _, criterion in assessment.criteria():
        for evidence_id in criterion.evidence:
            cited.setdefault(evidence_id, []).append(visible(criterion.id))
    return tuple(
        EvidenceLine(
            id=visible(e.id),
            title=visible(e.title),
            ref=_safe(e.location or e.ref),
            date=e.date,
            owner=_safe(e.owner),
            cited_by=tuple(cited.get(e.id, ())),
            review_by=e.review_by,
            stale=e.review_by is not None and e.review_by < when,
        )
        for e in sorted(assessment.evidence, key=lambda e: _natural(e.id))
    )


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts E2 before E10 (ids are not always zero-padded)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )
