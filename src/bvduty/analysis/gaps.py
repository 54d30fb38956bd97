"""Gaps: what is below target, unrated, unevidenced, without an action, overdue, missing or not
assessed at all, and financial resilience indicators beyond the council's threshold or outliers
in the sector.

The codes and their meaning are the contract in docs/format.md 7. Overdue is judged against
the assessment's `as_of` date (or `--as-of`), never against today.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from bvduty.analysis.heatmap import cell_label
from bvduty.assessment import Assessment, PlacedAction
from bvduty.english import long_date, status_words
from bvduty.frameworks import ThemeDef
from bvduty.model import Criterion, Priority, ThemeFile

if TYPE_CHECKING:
    from bvduty.analysis.indicators import Sector


class GapCode(StrEnum):
    """Gap codes, in the order a summary lists them."""

    MISSING_THEME = "missing-theme"
    NOT_ASSESSED = "not-assessed"
    BELOW_TARGET = "below-target"
    NO_ACTION = "no-action"
    OVERDUE = "overdue"
    SLIPPED = "slipped"
    STALE_UPDATE = "stale-update"
    UNRATED = "unrated"
    NO_EVIDENCE = "no-evidence"
    STALE_EVIDENCE = "stale-evidence"
    INDICATOR_BREACH = "indicator-breach"
    INDICATOR_OUTLIER = "indicator-outlier"


class Severity(StrEnum):
    """How soon a gap needs attention; sorted high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
_CODE_ORDER = {code: index for index, code in enumerate(GapCode)}
OVERDUE_HIGH_DAYS = 90
SLIPPED_HIGH_DAYS = 90


@dataclass(frozen=True, slots=True)
class Gap:
    """One gap. `theme`: the cell's (an action's: docs/format.md 2.5); `id` None for a theme.

    `message` names a cell by its short name (cut at 50 characters); `in_full` is the same
    message with the name in full, for exports that hold every word.
    """

    code: GapCode
    severity: Severity
    theme: str | None
    id: str | None
    message: str
    days_overdue: int | None = None
    levels_below: int | None = None
    full_message: str | None = None
    days_slipped: int | None = None  # slipped: days beyond the date first agreed

    @property
    def in_full(self) -> str:
        """The message with the cell's name uncut."""
        return self.full_message or self.message


@dataclass(frozen=True, slots=True)
class GapReport:
    """Every gap of one assessment, most severe first, with counts per code."""

    authority: str
    period: str
    as_of: date
    themes: tuple[tuple[str, int, str], ...]  # (id, number, title) in framework order
    gaps: tuple[Gap, ...]

    def counts(self) -> dict[GapCode, int]:
        """Number of gaps per code, every code present, in summary order."""
        found = Counter(g.code for g in self.gaps)
        return {code: found.get(code, 0) for code in GapCode}

    def by_theme(self) -> list[tuple[str | None, list[Gap]]]:
        """Gaps grouped by theme in framework order (gaps with no theme last)."""
        order = [t[0] for t in self.themes]
        groups: dict[str | None, list[Gap]] = {}
        for gap in self.gaps:
            groups.setdefault(gap.theme, []).append(gap)
        keys = [t for t in order if t in groups] + ([None] if None in groups else [])
        return [(key, groups[key]) for key in keys]


def compute_gaps(
    assessment: Assessment, as_of: date | None = None, sector: Sector | None = None
) -> GapReport:
    """All gaps of a valid assessment, judged at `as_of` (default: the manifest's date); with a
    `sector`, its financial resilience indicators are compared with it (`indicator-outlier`)."""
    when = as_of or assessment.manifest.as_of
    open_actions: dict[str, list[PlacedAction]] = {}
    for placed in assessment.actions:
        if placed.action.status.is_open:
            for criterion_id in placed.action.criteria:
                open_actions.setdefault(criterion_id, []).append(placed)
    gaps: list[Gap] = []
    for entry in assessment.themes:
        definition = entry.definition
        if entry.doc is None:
            message = f"Theme {definition.number} {definition.title} has no file in this assessment"
            gaps.append(Gap(GapCode.MISSING_THEME, Severity.HIGH, definition.id, None, message))
        elif not any(c.rating is not None and c.see is None for c in entry.doc.criteria):
            gaps.append(_not_assessed(definition, entry.doc))
    for theme, criterion in assessment.criteria():
        gaps.extend(
            _cell_gaps(assessment, theme, criterion, open_actions.get(criterion.id, []), when)
        )
    every = _update_period(assessment)
    for placed in assessment.actions:
        action_theme = assessment.action_theme(placed)
        for found in (
            _overdue(placed, action_theme, when),
            _slipped(placed, action_theme),
            _stale_update(placed, action_theme, when, every),
        ):
            if found is not None:
                gaps.append(found)
    gaps.extend(_stale_evidence(assessment, when))
    if assessment.indicators:
        from bvduty.analysis.indicators import indicator_gaps

        gaps.extend(indicator_gaps(assessment, sector))
    theme_order = {entry.definition.id: index for index, entry in enumerate(assessment.themes)}
    gaps.sort(
        key=lambda g: (
            _SEVERITY_ORDER[g.severity],
            theme_order.get(g.theme or "", len(theme_order)),
            _CODE_ORDER[g.code],
            -(g.levels_below or 0),
            -(g.days_overdue or 0),
            -(g.days_slipped or 0),
        )
    )
    manifest = assessment.manifest
    themes = tuple(
        (e.definition.id, e.definition.number, e.definition.title) for e in assessment.themes
    )
    return GapReport(manifest.authority.name, manifest.period, when, themes, tuple(gaps))


def _not_assessed(definition: ThemeDef, doc: ThemeFile) -> Gap:
    """A theme with a file but no rated characteristic: it has not been assessed yet."""
    cells = sum(1 for c in doc.criteria if c.see is None)
    if cells:
        what = f"none of its {cells} characteristic{'s' if cells != 1 else ''} is rated"
    else:
        what = "its file lists no characteristics"
    message = f"Theme {definition.number} {definition.title} has not been assessed: {what}"
    return Gap(GapCode.NOT_ASSESSED, Severity.HIGH, definition.id, None, message)


def _cell_gaps(
    assessment: Assessment,
    theme: str,
    criterion: Criterion,
    actions: list[PlacedAction],
    when: date,
) -> list[Gap]:
    if criterion.see is not None:
        return []
    name = f"{criterion.id} {cell_label(criterion, 50)}"
    full = f"{criterion.id} {cell_label(criterion, None)}"

    def gap(code: GapCode, severity: Severity, words: str, below: int | None = None) -> Gap:
        """A gap whose message is the cell's name followed by `words`."""
        in_full = full + words if full != name else None
        return Gap(
            code, severity, theme, criterion.id, name + words, None, below, full_message=in_full
        )

    if criterion.rating is None:
        return [gap(GapCode.UNRATED, Severity.MEDIUM, " has not been rated")]
    found: list[Gap] = []
    rating = assessment.rank(criterion.rating)
    target_id = assessment.target_of(criterion)
    assert target_id is not None
    target = assessment.rank(target_id)
    levels = assessment.scale.levels
    if rating < target:
        below = target - rating
        severity = Severity.HIGH if below >= 2 or rating == 0 else Severity.MEDIUM
        words = (
            f" is rated {levels[rating].label}; target {levels[target].label}"
            f" ({below} level{'s' if below > 1 else ''} below)"
        )
        words += _action_note(actions, when)
        found.append(gap(GapCode.BELOW_TARGET, severity, words, below))
        if not actions:
            words = " is below target and no open action addresses it"
            found.append(gap(GapCode.NO_ACTION, Severity.HIGH, words))
    if not criterion.evidence:
        words = f" is rated {levels[rating].label} but cites no evidence"
        found.append(gap(GapCode.NO_EVIDENCE, Severity.LOW, words))
    return found


def _action_note(actions: list[PlacedAction], when: date) -> str:
    notes = []
    for placed in actions:
        action = placed.action
        late = placed.days_overdue(when)
        if late is not None:
            notes.append(f"action {action.id} is {_days(late)} overdue")
        else:
            notes.append(f"action {action.id} due {long_date(action.due)}")
    return "; " + ", ".join(notes) if notes else ""


def _overdue(placed: PlacedAction, theme: str | None, when: date) -> Gap | None:
    action = placed.action
    late = placed.days_overdue(when)
    if late is None:
        return None
    high = late > OVERDUE_HIGH_DAYS or action.priority is Priority.HIGH
    message = (
        f"Action {action.id} {action.title} ({action.owner}) was due {long_date(action.due)}:"
        f" {_days(late)} overdue, status {status_words(action.status.value)}"
    )
    severity = Severity.HIGH if high else Severity.MEDIUM
    return Gap(GapCode.OVERDUE, severity, theme, action.id, message, days_overdue=late)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _slipped(placed: PlacedAction, theme: str | None) -> Gap | None:
    """An open action whose due date now lies beyond the date first agreed (docs/format.md 7.1)."""
    action = placed.action
    days = action.days_slipped
    if days is None or not action.status.is_open:
        return None
    revision = action.latest_revision
    reason = f"; reason: {revision.reason}" if revision and revision.reason else ""
    message = (
        f"Action {action.id} {action.title} ({action.owner}) has slipped {_days(days)}: due"
        f" {long_date(action.due)}, first agreed for {long_date(action.first_due)}{reason}"
    )
    severity = Severity.HIGH if days > SLIPPED_HIGH_DAYS else Severity.MEDIUM
    return Gap(GapCode.SLIPPED, severity, theme, action.id, message, days_slipped=days)


def _update_period(assessment: Assessment) -> int | None:
    settings = assessment.manifest.action_plan
    return settings.update_within_days if settings else None


def _stale_update(
    placed: PlacedAction, theme: str | None, when: date, every: int | None
) -> Gap | None:
    """An open action with no dated update in the period the manifest sets (none: no gap)."""
    action = placed.action
    if every is None or not action.status.is_open:
        return None
    latest = action.latest_update
    if latest is not None and (when - latest.date).days <= every:
        return None
    said = (
        f"its latest update is dated {long_date(latest.date)}"
        if latest is not None
        else "it has no dated update"
    )
    message = (
        f"Action {action.id} {action.title} ({action.owner}) has had no update in the"
        f" {_days(every)} before {long_date(when)}: {said}"
    )
    return Gap(GapCode.STALE_UPDATE, Severity.LOW, theme, action.id, message)


def _stale_evidence(assessment: Assessment, when: date) -> list[Gap]:
    """Evidence whose review-by date is before `when`: medium when a characteristic cites it."""
    cited: dict[str, str] = {}
    for theme, criterion in assessment.criteria():
        for evidence_id in criterion.evidence:
            cited.setdefault(evidence_id, theme)
    found = []
    for evidence in assessment.evidence:
        if evidence.review_by is None or evidence.review_by >= when:
            continue
        cited_in = cited.get(evidence.id)
        owner = f" ({evidence.owner})" if evidence.owner else ""
        message = (
            f"Evidence {evidence.id} {evidence.title}{owner} was due for review by"
            f" {long_date(evidence.review_by)}"
        )
        message += "" if cited_in is not None else "; no characteristic cites it"
        severity = Severity.MEDIUM if cited_in is not None else Severity.LOW
        found.append(Gap(GapCode.STALE_EVIDENCE, severity, cited_in, evidence.id, message))
    return found
