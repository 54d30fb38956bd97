"""The words a committee reads for a `Diff`: the summary paragraph, movement phrases, marks.

Why here and not in render/: like a gap's message, this is content, not formatting; the
terminal, Markdown, JSON and the committee paper (HTML, Word) all say the same words.
"""

from __future__ import annotations

from bvduty.analysis.diff import ActionChange, CellPresence, Diff, RatingChange, RatingMove
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
    ActionChange.ADDED: "+",
    ActionChange.REMOVED: "-",
}
NO_RATING = "not rated"


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
    return f"{text} {actions_sentence(diff)} {gaps_sentence(diff)}"
