"""What moved between two assessments: ratings per cell, actions, and gap counts.

Cells are matched by criterion id and actions by action id, never by file: theme files may be
renamed or split between years, and the ids are what a council reports against. A rating is
compared by its position in its own scale (0 = worst), so two assessments on different scales
can still be compared; the result says when that happened. Change names are the contract in
docs/format.md 6.5.

Beside the ratings and the one change per action, `changes` lists every change of a field that
a scrutiny committee asks about, each its own kind: characteristics added or removed (rated or
not), a statement or title reworded, a target changed, an action's owner changed or its due
date moved (with the reason, where the register has one), evidence added or removed.
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
    BROUGHT_FORWARD = "brought-forward"  # due date moved earlier (and none of the above)
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
    reason: str | None = None  # why the due date moved, from the register's latest revision

    @property
    def days_slipped(self) -> int | None:
        """Days the due date moved later (negative: brought forward); None if on one side only."""
        if self.due_before is None or self.due_after is None:
            return None
        return (self.due_after - self.due_before).days


class ChangeCode(StrEnum):
    """A change of one field of one item (docs/format.md 6.5), in the order they are listed."""

    CHARACTERISTIC_ADDED = "characteristic-added"
    CHARACTERISTIC_REMOVED = "characteristic-removed"
    STATEMENT_REWORDED = "statement-reworded"
    TITLE_REWORDED = "title-reworded"
    TARGET_CHANGED = "target-changed"
    OWNER_CHANGED = "owner-changed"
    DUE_LATER = "due-later"
    DUE_EARLIER = "due-earlier"
    EVIDENCE_ADDED = "evidence-added"
    EVIDENCE_REMOVED = "evidence-removed"


class Item(StrEnum):
    CHARACTERISTIC = "characteristic"
    ACTION = "action"
    EVIDENCE = "evidence"


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one item changed. `before` and `after` are as written: text, a level id
    (a target: the effective one), or an ISO date; None where the item is on one side only.

    `days` is how far a due date moved (negative: earlier); `reason` why, when the register
    says (the reason of the action's latest revision, when that revision set the new date).
    """

    code: ChangeCode
    item: Item
    id: str
    theme: str | None
    title: str
    before: str | None
    after: str | None
    reason: str | None = None
    days: int | None = None


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
    changes: tuple[Change, ...] = ()
    themes: tuple[tuple[str, int, str], ...] = ()  # (id, number, title), the current first

    @property
    def theme_names(self) -> dict[str, tuple[int, str]]:
        """Theme id -> (number, title)."""
        return {theme_id: (number, title) for theme_id, number, title in self.themes}

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

    def change_counts(self) -> dict[ChangeCode, int]:
        """Changes per code, every code present, in `ChangeCode` order."""
        return {c: sum(1 for x in self.changes if x.code is c) for c in ChangeCode}

    def changes_of(self, *codes: ChangeCode) -> list[Change]:
        return [x for x in self.changes if x.code in codes]

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
                reason=_reason(was, now),
            )
        )
    return moves, statuses


def _reason(was: PlacedAction | None, now: PlacedAction | None) -> str | None:
    """Why the due date moved: the reason of the latest revision, when it set today's date."""
    if was is None or now is None or was.action.due == now.action.due:
        return None
    latest = now.action.latest_revision
    return latest.reason if latest is not None and latest.due == now.action.due else None


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
    if now.action.due < was.action.due:
        return ActionChange.BROUGHT_FORWARD
    return None


def _words(text: str | None) -> str | None:
    """Text as compared: a line reflowed in the file is not a rewording."""
    return " ".join(text.split()) if text is not None else None


def _cell_changes(before: Assessment, after: Assessment, same_scale: bool) -> list[Change]:
    """Characteristics added or removed (rated or not), reworded, or given another target."""
    old, new = _cells(before), _cells(after)
    found: list[Change] = []

    def change(code: ChangeCode, cell: _Cell, was: str | None, now: str | None) -> Change:
        return Change(
            code,
            Item.CHARACTERISTIC,
            cell.criterion.id,
            cell.theme,
            cell_label(cell.criterion),
            was,
            now,
        )

    for cell_id, cell in new.items():
        if cell_id not in old:
            found.append(change(ChangeCode.CHARACTERISTIC_ADDED, cell, None, cell.criterion.rating))
            continue
        was = old[cell_id]
        for code, name in (
            (ChangeCode.STATEMENT_REWORDED, "statement"),
            (ChangeCode.TITLE_REWORDED, "title"),
        ):
            then, now = getattr(was.criterion, name), getattr(cell.criterion, name)
            if _words(then) != _words(now):
                found.append(change(code, cell, then, now))
        target_then, target_now = before.target_of(was.criterion), after.target_of(cell.criterion)
        if target_then is not None and target_now is not None:
            moved = (
                target_then != target_now
                if same_scale
                else before.rank(target_then) != after.rank(target_now)
            )
            if moved:
                found.append(change(ChangeCode.TARGET_CHANGED, cell, target_then, target_now))
    for cell_id, cell in old.items():
        if cell_id not in new:
            found.append(
                change(ChangeCode.CHARACTERISTIC_REMOVED, cell, cell.criterion.rating, None)
            )
    return found


def _action_changes(before: Assessment, after: Assessment) -> list[Change]:
    """Actions on both sides whose owner changed or whose due date moved (either way)."""
    old = {p.action.id: p for p in before.actions}
    found: list[Change] = []
    for now in sorted(after.actions, key=lambda p: natural(p.action.id)):
        was = old.get(now.action.id)
        if was is None:
            continue
        theme = after.action_theme(now)
        action = now.action
        if _words(was.action.owner) != _words(action.owner):
            found.append(
                Change(
                    ChangeCode.OWNER_CHANGED,
                    Item.ACTION,
                    action.id,
                    theme,
                    action.title,
                    was.action.owner,
                    action.owner,
                )
            )
        if was.action.due != action.due:
            days = (action.due - was.action.due).days
            code = ChangeCode.DUE_LATER if days > 0 else ChangeCode.DUE_EARLIER
            found.append(
                Change(
                    code,
                    Item.ACTION,
                    action.id,
                    theme,
                    action.title,
                    was.action.due.isoformat(),
                    action.due.isoformat(),
                    _reason(was, now),
                    days,
                )
            )
    return found


def _evidence_changes(before: Assessment, after: Assessment) -> list[Change]:
    """Documents added to or removed from the evidence library."""
    old = {e.id: e for e in before.evidence}
    new = {e.id: e for e in after.evidence}
    found = []
    for evidence_id in sorted(old.keys() | new.keys(), key=natural):
        if evidence_id in old and evidence_id in new:
            continue
        code = ChangeCode.EVIDENCE_ADDED if evidence_id in new else ChangeCode.EVIDENCE_REMOVED
        shown = new.get(evidence_id) or old[evidence_id]
        place = shown.location or shown.ref
        was, now = (None, place) if evidence_id in new else (place, None)
        found.append(Change(code, Item.EVIDENCE, evidence_id, None, shown.title, was, now))
    return found


def _changes(before: Assessment, after: Assessment, same_scale: bool) -> tuple[Change, ...]:
    """Every change of a field: characteristics (by theme and file order), then actions and
    evidence (by id), each kind in `ChangeCode` order."""
    cells = _cell_changes(before, after, same_scale)
    themes: dict[str, int] = {}
    for entry in (*after.themes, *before.themes):  # the current framework's order first
        themes.setdefault(entry.definition.id, len(themes))
    order = {code: index for index, code in enumerate(ChangeCode)}
    cells.sort(key=lambda c: (order[c.code], themes.get(c.theme or "", len(themes))))
    actions = sorted(_action_changes(before, after), key=lambda c: order[c.code])
    return (*cells, *actions, *_evidence_changes(before, after))


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
        changes=_changes(before, after, same_scale),
        themes=_themes(before, after),
    )


def _themes(before: Assessment, after: Assessment) -> tuple[tuple[str, int, str], ...]:
    found: dict[str, tuple[str, int, str]] = {}
    for entry in (*after.themes, *before.themes):  # the current framework's titles win
        d = entry.definition
        found.setdefault(d.id, (d.id, d.number, d.title))
    return tuple(found.values())
