"""The words a committee reads for a `Diff`: the summary paragraph, movement phrases, marks.

Why here and not in render/: like a gap's message, this is content, not formatting; the
terminal, Markdown, JSON and the committee paper (HTML, Word) all say the same words.
"""

from __future__ import annotations

from bvduty.analysis.diff import (
    ActionChange,
    CellPresence,
    Change,
    ChangeCode,
    Diff,
    RatingChange,
    RatingMove,
    Side,
)
from bvduty.english import join, long_date, plural, was_were
from bvduty.model import Level
from bvduty.textsafe import one_line

ARROWS = {
    RatingChange.IMPROVED: "▲",
    RatingChange.WORSENED: "▼",
    RatingChange.NEW: "+",
    RatingChange.REMOVED: "-",
}
ACTION_MARKS = {
    ActionChange.COMPLETED: "✓",
    ActionChange.REOPENED: "↺",
    ActionChange.SLIPPED: "»",
    ActionChange.BROUGHT_FORWARD: "«",
    ActionChange.ADDED: "+",
    ActionChange.REMOVED: "-",
}
NO_RATING = "not rated"
CHANGE_MARKS = {
    ChangeCode.CHARACTERISTIC_ADDED: "+",
    ChangeCode.CHARACTERISTIC_REMOVED: "-",
    ChangeCode.STATEMENT_REWORDED: "~",
    ChangeCode.TITLE_REWORDED: "~",
    ChangeCode.TARGET_CHANGED: "◎",
    ChangeCode.OWNER_CHANGED: "→",
    ChangeCode.DUE_LATER: "»",
    ChangeCode.DUE_EARLIER: "«",
    ChangeCode.EVIDENCE_ADDED: "+",
    ChangeCode.EVIDENCE_REMOVED: "-",
}
# Each kind of change as a heading, and as the words of one line of a table.
CHANGE_HEADINGS = {
    ChangeCode.CHARACTERISTIC_ADDED: "Added",
    ChangeCode.CHARACTERISTIC_REMOVED: "Removed",
    ChangeCode.STATEMENT_REWORDED: "Statement reworded",
    ChangeCode.TITLE_REWORDED: "Title reworded",
    ChangeCode.TARGET_CHANGED: "Target changed",
    ChangeCode.OWNER_CHANGED: "Owner changed",
    ChangeCode.DUE_LATER: "Due date moved later",
    ChangeCode.DUE_EARLIER: "Due date moved earlier",
    ChangeCode.EVIDENCE_ADDED: "Added to the library",
    ChangeCode.EVIDENCE_REMOVED: "Removed from the library",
}
CHANGE_WORDS = {
    ChangeCode.CHARACTERISTIC_ADDED: "characteristic added",
    ChangeCode.CHARACTERISTIC_REMOVED: "characteristic removed",
    ChangeCode.STATEMENT_REWORDED: "statement reworded",
    ChangeCode.TITLE_REWORDED: "title reworded",
    ChangeCode.TARGET_CHANGED: "target changed",
    ChangeCode.OWNER_CHANGED: "owner changed",
    ChangeCode.DUE_LATER: "due date moved later",
    ChangeCode.DUE_EARLIER: "due date moved earlier",
    ChangeCode.EVIDENCE_ADDED: "evidence added",
    ChangeCode.EVIDENCE_REMOVED: "evidence removed",
}
CELL_CODES = (
    ChangeCode.CHARACTERISTIC_ADDED,
    ChangeCode.CHARACTERISTIC_REMOVED,
    ChangeCode.STATEMENT_REWORDED,
    ChangeCode.TITLE_REWORDED,
    ChangeCode.TARGET_CHANGED,
)
EVIDENCE_CODES = (ChangeCode.EVIDENCE_ADDED, ChangeCode.EVIDENCE_REMOVED)


def was(count: int) -> str:
    return was_were(count)


def since_label(diff: Diff) -> str:
    """The older side as a reader names it: its period, with its date when periods match."""
    before = diff.before
    if before.period == diff.after.period:
        return f"{before.period} as at {long_date(before.as_of)}"
    return before.period


def movement(move: RatingMove) -> str:
    """`improved 1 level`, `worsened 2 levels`, `newly rated`, `no longer rated`, ..."""
    if move.change is RatingChange.NEW:
        return "new characteristic" if move.cell is CellPresence.ADDED else "newly rated"
    if move.change is RatingChange.REMOVED:
        return "characteristic removed" if move.cell is CellPresence.REMOVED else "no longer rated"
    return f"{move.change.value} {plural(move.levels or 0, 'level')}"


def level_label(level: Level | None) -> str:
    return one_line(level.label) if level is not None else NO_RATING


def ratings_sentence(diff: Diff) -> str:
    counts = diff.rating_counts()
    parts: list[tuple[int, str]] = [
        (counts[RatingChange.IMPROVED], "improved"),
        (counts[RatingChange.WORSENED], "worsened"),
        (counts[RatingChange.NEW], "{was} newly rated"),
        (counts[RatingChange.REMOVED], "{was} no longer rated"),
    ]
    shown = [(n, verb) for n, verb in parts if n]
    if not shown:
        return "No rating changed."
    words = []
    for index, (count, verb) in enumerate(shown):
        noun = plural(count, "characteristic") if index == 0 else str(count)
        words.append(f"{noun} {verb.format(was=was(count))}")
    return join(words) + "."


def actions_sentence(diff: Diff) -> str:
    counts = diff.action_counts()
    parts: list[tuple[int, str]] = [
        (counts[ActionChange.COMPLETED], "{was} completed"),
        (counts[ActionChange.SLIPPED], "slipped"),
        (counts[ActionChange.BROUGHT_FORWARD], "{was} brought forward"),
        (counts[ActionChange.REOPENED], "{was} reopened"),
        (diff.cancelled(), "{was} cancelled"),
        (counts[ActionChange.ADDED], "{was} added"),
        (counts[ActionChange.REMOVED], "{was} removed"),
    ]
    shown = [(n, verb) for n, verb in parts if n]
    if not shown:
        return "No action was completed, added, removed or rescheduled."
    words = []
    for index, (count, verb) in enumerate(shown):
        noun = plural(count, "action") if index == 0 else str(count)
        words.append(f"{noun} {verb.format(was=was(count))}")
    return join(words) + "."


def gaps_sentence(diff: Diff) -> str:
    before, after = diff.gap_totals()
    if before == after:
        return f"The number of gaps stayed at {before}."
    direction = "fell" if after < before else "rose"
    return f"Gaps {direction} from {before} to {after}."


def summary(diff: Diff) -> str:
    """One plain-English paragraph for a committee (user text made safe with `one_line`)."""
    opening = f"Compared with the {one_line(diff.before.period)} assessment"
    if diff.before.period == diff.after.period:
        opening += f" as at {long_date(diff.before.as_of)}"
    first = ratings_sentence(diff)
    text = f"{opening}, {first[0].lower()}{first[1:]}"
    if not diff.same_scale:
        text += " Ratings are compared by position in each scale, as the scales differ."
    more = "".join(
        f" {sentence}"
        for sentence in (cells_sentence(diff), owners_sentence(diff), evidence_sentence(diff))
        if sentence
    )
    return f"{text} {actions_sentence(diff)}{more} {gaps_sentence(diff)}"


def cells_sentence(diff: Diff) -> str:
    """`2 characteristics were added and 1 was removed; 1 statement was reworded.` or ``."""
    counts = diff.change_counts()
    presence = [
        (counts[ChangeCode.CHARACTERISTIC_ADDED], "{was} added"),
        (counts[ChangeCode.CHARACTERISTIC_REMOVED], "{was} removed"),
    ]
    wording = [
        (counts[ChangeCode.STATEMENT_REWORDED], "statement", "{was} reworded"),
        (counts[ChangeCode.TITLE_REWORDED], "title", "{was} reworded"),
        (counts[ChangeCode.TARGET_CHANGED], "target", "{was} changed"),
    ]
    parts = []
    shown = [(n, verb) for n, verb in presence if n]
    if shown:
        words = [
            f"{plural(n, 'characteristic') if i == 0 else n} {verb.format(was=was(n))}"
            for i, (n, verb) in enumerate(shown)
        ]
        parts.append(join(words))
    for count, noun, verb in wording:
        if count:
            parts.append(f"{plural(count, noun)} {verb.format(was=was(count))}")
    if not parts:
        return ""
    return "; ".join(parts)[0].upper() + "; ".join(parts)[1:] + "."


def owners_sentence(diff: Diff) -> str:
    count = diff.change_counts()[ChangeCode.OWNER_CHANGED]
    if not count:
        return ""
    return f"{plural(count, 'action')} changed owner."


def evidence_sentence(diff: Diff) -> str:
    counts = diff.change_counts()
    added, removed = counts[ChangeCode.EVIDENCE_ADDED], counts[ChangeCode.EVIDENCE_REMOVED]
    if not added and not removed:
        return ""
    words = []
    if added:
        words.append(f"{plural(added, 'document')} {was(added)} added to the evidence library")
    if removed:
        noun = plural(removed, "document") if not added else str(removed)
        words.append(f"{noun} {was(removed)} removed")
    return join(words) + "."


def level_of(side: Side, level_id: str | None) -> str:
    """A level id as its label on `side`'s scale (the id itself when the scale lacks it)."""
    if level_id is None:
        return NO_RATING
    found = next((lv for lv in side.scale if lv.id == level_id), None)
    return one_line(found.label) if found is not None else one_line(level_id)


def change_detail(diff: Diff, change: Change) -> str:
    """What changed, in words, e.g. `Good → Strong` or `31 March 2025 → 30 June 2025 (91 days
    later): reason`; user text made safe with `one_line`."""
    from datetime import date

    code = change.code
    if code is ChangeCode.TARGET_CHANGED:
        return (
            f"target {level_of(diff.before, change.before)} → {level_of(diff.after, change.after)}"
        )
    if code in (ChangeCode.CHARACTERISTIC_ADDED, ChangeCode.CHARACTERISTIC_REMOVED):
        side, level = (
            (diff.after, change.after)
            if code is ChangeCode.CHARACTERISTIC_ADDED
            else (diff.before, change.before)
        )
        return f"rated {level_of(side, level)}" if level else NO_RATING
    if code in (ChangeCode.DUE_LATER, ChangeCode.DUE_EARLIER):
        assert change.before is not None and change.after is not None
        days = change.days or 0
        way = "later" if days > 0 else "earlier"
        words = (
            f"due {long_date(date.fromisoformat(change.before))} →"
            f" {long_date(date.fromisoformat(change.after))} ({plural(abs(days), 'day')} {way})"
        )
        return words + (f": {one_line(change.reason)}" if change.reason else "")
    if code in EVIDENCE_CODES:
        place = change.after if code is ChangeCode.EVIDENCE_ADDED else change.before
        return one_line(place) if place else ""
    before = one_line(change.before) if change.before else "none"
    after = one_line(change.after) if change.after else "none"
    if code is ChangeCode.OWNER_CHANGED:
        return f"{before} → {after}"
    return f"“{before}” → “{after}”"
