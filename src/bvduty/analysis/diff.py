"""What moved between two assessments: ratings per cell, actions, and gap counts.

Cells are matched by criterion id and actions by action id, never by file: theme files may be
renamed or split between years, and the ids are what a council reports against. A rating is
compared by its position in its own scale (0 = worst), so two assessments on different scales
can still be compared; the result says when that happened. Change names are the contract in
docs/format.md 6.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bvduty.analysis.gaps import GapCode, compute_gaps
from bvduty.analysis.heatmap import cell_label
from bvduty.assessment import Assessment, PlacedAction
from bvduty.frameworks import ThemeDef
from bvduty.model import ActionStatus, Criterion, Level


class RatingChange(StrEnum):
    """How a cell's rating moved; an unchanged rating is not a movement."""

    WORSENED = "worsened"
    IMPROVED = "improved"
    NEW = "new"  # rated now, not before: a new cell, or one rated for the first time
    REMOVED = "removed"  # rated before, not now: the cell was dropped, or its rating cleared


class ActionChange(StrEnum):
    """How an action moved; one per action, the first that applies in this order.

    Actions are listed in id order (natural: A2 before A10) whichever file they sit in.
    """

    COMPLETED = "completed"  # done now, not before
    REOPENED = "reopened"  # done before, open again now
    SLIPPED = "slipped"  # due date moved later (and neither of the above)
    ADDED = "added"
    REMOVED = "removed"


class CellPresence(StrEnum):
    """Whether the cell itself exists on both sides (a `new` rating may be a new cell)."""

    KEPT = "kept"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two assessments compared: what a reader needs to name it."""

    authority: str
    title: str
    period: str
    as_of: date
    source: str  # the folder as shown to the user, e.g. `2024-25-final:assessments/eb`
    commit: str | None  # the full commit hash when read from git history
    framework: str
    scale: tuple[Level, ...]


@dataclass(frozen=True, slots=True)
class RatingMove:
    """One cell whose rating moved. `levels` counts positions moved (improved/worsened only)."""

    id: str
    theme: str
    theme_number: int
    theme_title: str
    title: str
    change: RatingChange
    before: Level | None
    after: Level | None
    levels: int | None
    cell: CellPresence


@dataclass(frozen=True, slots=True)
class ActionMove:
    """One action that changed; due dates and statuses from both sides (None where absent)."""

    id: str
    title: str
    owner: str
    change: ActionChange
    due_before: date | None
    due_after: date | None
    status_before: ActionStatus | None
    status_after: ActionStatus | None
    completed_on: date | None

    @property
    def days_slipped(self) -> int | None:
        """Days the due date moved later (negative: brought forward); None if on one side only."""
        if self.due_before is None or self.due_after is None:
            return None
        return (self.due_after - self.due_before).days


@dataclass(frozen=True, slots=True)
class StatusMove:
    """An action on both sides whose status changed other than by completion or reopening
    (e.g. planned to in-progress, or to cancelled); it may also be listed as slipped."""

    id: str
    title: str
    before: ActionStatus
    after: ActionStatus


@dataclass(frozen=True, slots=True)
class GapCount:
    """How many gaps of one code each side has, each judged at its own `as_of`."""

    code: GapCode
    before: int
    after: int

    @property
    def change(self) -> int:
        """After minus before: negative when gaps were closed."""
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything that moved from `before` to `after`; notes say how to read it."""

    before: Side
    after: Side
    same_scale: bool
    ratings: tuple[RatingMove, ...]
    actions: tuple[ActionMove, ...]
    statuses: tuple[StatusMove, ...]
    gaps: tuple[GapCount, ...]
    notes: tuple[str, ...]

    @property
    def regressed(self) -> bool:
        """Whether any rating worsened (what `--fail-on-regression` fails on)."""
        return any(r.change is RatingChange.WORSENED for r in self.ratings)

    def rating_counts(self) -> dict[RatingChange, int]:
        """Cells per kind of movement, every kind present, in `RatingChange` order."""
        return {c: sum(1 for r in self.ratings if r.change is c) for c in RatingChange}

    def action_counts(self) -> dict[ActionChange, int]:
        """Actions per kind of change, every kind present, in `ActionChange` order."""
        return {c: sum(1 for a in self.actions if a.change is c) for c in ActionChange}

    def cancelled(self) -> int:
        """Actions open before and cancelled now."""
        return sum(1 for s in self.statuses if s.after is ActionStatus.CANCELLED)

    def gap_totals(self) -> tuple[int, int]:
        """All gaps before and after."""
        return sum(g.before for g in self.gaps), sum(g.after for g in self.gaps)

    def gap_change(self) -> int:
        """All gaps after minus before."""
        return sum(g.change for g in self.gaps)


def _side(assessment: Assessment) -> Side:
    manifest = assessment.manifest
    return Side(
        authority=manifest.authority.name,
        title=manifest.display_title,
        period=manifest.period,
        as_of=manifest.as_of,
        source=assessment.folder,
        commit=None,
        framework=assessment.framework.id,
        scale=assessment.scale.levels,
    )


@dataclass(frozen=True, slots=True)
class _Cell:
    theme: str
    order: int
    criterion: Criterion
    level: Level | None
    rank: int | None


def _cells(assessment: Assessment) -> dict[str, _Cell]:
    cells = {}
    for order, (theme, criterion) in enumerate(assessment.criteria()):
        rating = None if criterion.see is not None else criterion.rating
        rank = assessment.rank(rating) if rating is not None else None
        level = assessment.scale.levels[rank] if rank is not None else None
        cells[criterion.id] = _Cell(theme, order, criterion, level, rank)
    return cells


def _rating_moves(before: Assessment, after: Assessment) -> list[RatingMove]:
    old, new = _cells(before), _cells(after)
    themes: dict[str, ThemeDef] = {}
    for entry in (*after.themes, *before.themes):  # the current framework's titles win
        themes.setdefault(entry.definition.id, entry.definition)
    theme_rank = {theme_id: index for index, theme_id in enumerate(themes)}
    moves: list[tuple[tuple[int, int, int], RatingMove]] = []
    for cell_id in old.keys() | new.keys():
        was, now = old.get(cell_id), new.get(cell_id)
        change, levels = _rating_change(was, now)
        if change is None:
            continue
        shown = now if now is not None else was
        assert shown is not None
        presence = (
            CellPresence.ADDED
            if was is None
            else CellPresence.REMOVED
            if now is None
            else CellPresence.KEPT
        )
        definition = themes[shown.theme]
        move = RatingMove(
            id=cell_id,
            theme=shown.theme,
            theme_number=definition.number,
            theme_title=definition.title,
            title=cell_label(shown.criterion),
            change=change,
            before=was.level if was else None,
            after=now.level if now else None,
            levels=levels,
            cell=presence,
        )
        # By theme; in a theme, current cells in file order, then dropped cells in their old order.
        moves.append(((theme_rank[shown.theme], 0 if now else 1, shown.order), move))
    return [move for _, move in sorted(moves, key=lambda pair: pair[0])]


def _rating_change(was: _Cell | None, now: _Cell | None) -> tuple[RatingChange | None, int | None]:
    old_rank = was.rank if was else None
    new_rank = now.rank if now else None
    if old_rank is None and new_rank is None:
        return None, None
    if old_rank is None:
        return RatingChange.NEW, None
    if new_rank is None:
        return RatingChange.REMOVED, None
    if new_rank > old_rank:
        return RatingChange.IMPROVED, new_rank - old_rank
    if new_rank < old_rank:
        return RatingChange.WORSENED, old_rank - new_rank
    return None, None


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key reading digit runs as numbers, so A2 comes before A10 (and R009 before R010)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p)


def _action_moves(
    before: Assessment, after: Assessment
) -> tuple[list[ActionMove], list[StatusMove]]:
    old = {p.action.id: p for p in before.actions}
    new = {p.action.id: p for p in after.actions}
    moves: list[ActionMove] = []
    statuses: list[StatusMove] = []
    ordered = sorted(old.keys() | new.keys(), key=natural)
    for action_id in ordered:
        was, now = old.get(action_id), new.get(action_id)
        change = _action_change(was, now)
        told = change in (ActionChange.COMPLETED, ActionChange.REOPENED)
        if was and now and was.action.status is not now.action.status and not told:
            statuses.append(
                StatusMove(action_id, now.action.title, was.action.status, now.action.status)
            )
        if change is None:
            continue
        shown = now or was
        assert shown is not None
        moves.append(
            ActionMove(
                id=action_id,
                title=shown.action.title,
                owner=shown.action.owner,
                change=change,
                due_before=was.action.due if was else None,
                due_after=now.action.due if now else None,
                status_before=was.action.status if was else None,
                status_after=now.action.status if now else None,
                completed_on=now.action.completed_on if now else None,
            )
        )
    return moves, statuses


def _action_change(was: PlacedAction | None, now: PlacedAction | None) -> ActionChange | None:
    if was is None:
        return ActionChange.ADDED
    if now is None:
        return ActionChange.REMOVED
    done_before = was.action.status is ActionStatus.DONE
    done_after = now.action.status is ActionStatus.DONE
    if done_after and not done_before:
        return ActionChange.COMPLETED
    if done_before and now.action.status.is_open:
        return ActionChange.REOPENED
    if now.action.due > was.action.due:
        return ActionChange.SLIPPED
    return None


def _notes(before: Assessment, after: Assessment, same_scale: bool) -> list[str]:
    notes = []
    if not same_scale:
        old = ", ".join(level.label for level in before.scale.levels)
        new = ", ".join(level.label for level in after.scale.levels)
        notes.append(
            "The two assessments use different rating scales, so ratings are compared by their"
            f" position in each scale (worst first): before {old}; after {new}."
        )
    if before.manifest.authority.name != after.manifest.authority.name:
        notes.append(
            f"The assessments are of different authorities: {before.manifest.authority.name}"
            f" before, {after.manifest.authority.name} after."
        )
    if before.framework.id != after.framework.id:
        notes.append(
            f"The frameworks differ ({before.framework.id} before, {after.framework.id} after);"
            " cells are matched by id."
        )
    return notes


def compare(before: Assessment, after: Assessment) -> Diff:
    """What moved from `before` (the older assessment) to `after`.

    Gap counts are computed for each side at its own `as_of` date.
    """
    same_scale = [lv.id for lv in before.scale.levels] == [lv.id for lv in after.scale.levels]
    actions, statuses = _action_moves(before, after)
    old_gaps, new_gaps = compute_gaps(before).counts(), compute_gaps(after).counts()
    return Diff(
        before=_side(before),
        after=_side(after),
        same_scale=same_scale,
        ratings=tuple(_rating_moves(before, after)),
        actions=tuple(actions),
        statuses=tuple(statuses),
        gaps=tuple(GapCount(code, old_gaps[code], new_gaps[code]) for code in GapCode),
        notes=tuple(_notes(before, after, same_scale)),
    )
