"""A `Diff` as text: a committee summary, a terminal listing, the JSON contract, Markdown.

Every movement carries an arrow and words (`▲ improved 1 level`), never colour alone. The
Markdown section is written to be dropped into a committee paper: `markdown(diff, level=2)`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from rich.text import Text

from bvduty.analysis.diff import (
    ActionChange,
    ActionMove,
    Change,
    ChangeCode,
    Diff,
    RatingChange,
    Side,
)
from bvduty.analysis.diff_words import (
    ACTION_MARKS,
    ARROWS,
    CELL_CODES,
    CHANGE_HEADINGS,
    CHANGE_MARKS,
    CHANGE_WORDS,
    EVIDENCE_CODES,
    change_detail,
    level_label,
    movement,
    since_label,
    summary,
)
from bvduty.english import long_date, plural
from bvduty.render.terminal import to_string
from bvduty.textsafe import json_text, one_line

_STYLES = {
    RatingChange.IMPROVED: "bold green",
    RatingChange.WORSENED: "bold red",
    ActionChange.COMPLETED: "bold green",
    ActionChange.REOPENED: "bold red",
    ActionChange.SLIPPED: "bold yellow",
    ActionChange.BROUGHT_FORWARD: "bold",
}
_ACTION_HEADINGS = {
    ActionChange.COMPLETED: "Completed",
    ActionChange.SLIPPED: "Slipped (due date moved later)",
    ActionChange.BROUGHT_FORWARD: "Brought forward (due date moved earlier)",
    ActionChange.REOPENED: "Reopened",
    ActionChange.ADDED: "Added",
    ActionChange.REMOVED: "Removed",
}
# Committee order: what is late or undone first, then progress, then housekeeping.
_ACTION_ORDER = (
    ActionChange.SLIPPED,
    ActionChange.BROUGHT_FORWARD,
    ActionChange.REOPENED,
    ActionChange.COMPLETED,
    ActionChange.ADDED,
    ActionChange.REMOVED,
)


# --- words shared by every format ---------------------------------------------------------


# --- terminal ------------------------------------------------------------------------------


def _wrap(words: str, width: int, indent: int, used: int | None = None) -> str:
    """`words` wrapped to `width`, to follow `used` characters already on the line (default
    `indent`); continuation lines start with `indent` spaces."""
    used = indent if used is None else used
    lines = textwrap.wrap(
        words,
        width=max(width, used + 20, indent + 20),
        initial_indent=" " * used,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(lines)[used:]


def _side_line(name: str, side: Side) -> str:
    where = one_line(side.source)
    commit = f", commit {side.commit[:12]}" if side.commit else ""
    return f"{name} {one_line(side.period)}, as at {long_date(side.as_of)} ({where}{commit})"


def terminal(diff: Diff, *, width: int = 80, colour: bool = False) -> str:
    """The movements for a terminal: header, summary, notes, ratings by theme, actions, gaps."""
    text = Text()
    heading = f"{one_line(diff.after.authority)}: movement since {one_line(since_label(diff))}"
    text.append(heading + "\n", style="bold underline")
    text.append(_wrap(_side_line("From", diff.before), width, 5, used=0) + "\n")
    text.append(_wrap(_side_line("To  ", diff.after), width, 5, used=0) + "\n\n")
    text.append(_wrap(summary(diff), width, 0) + "\n\n")
    for note in diff.notes:
        text.append(_wrap("Note: " + one_line(note), width, 6, used=0) + "\n\n", style="italic")
    _terminal_ratings(text, diff, width)
    _terminal_changes(text, diff, "Characteristics", CELL_CODES, width)
    _terminal_actions(text, diff, width)
    _terminal_changes(text, diff, "Evidence", EVIDENCE_CODES, width)
    _terminal_gaps(text, diff)
    return to_string(text, colour)


def _terminal_ratings(text: Text, diff: Diff, width: int) -> None:
    text.append(f"Ratings ({plural(len(diff.ratings), 'movement')})\n", style="bold")
    if not diff.ratings:
        text.append("  No rating changed.\n")
    theme = None
    for move in diff.ratings:
        if move.theme != theme:
            theme = move.theme
            text.append(f"  {move.theme_number} {one_line(move.theme_title)}\n", style="bold")
        arrow = ARROWS[move.change]
        shown_id = one_line(move.id)
        text.append(f"    {arrow} ", style=_STYLES.get(move.change, ""))
        text.append(shown_id, style="bold")
        text.append(" " + _wrap(one_line(move.title), width, 8, used=7 + len(shown_id)) + "\n")
        what = f"{level_label(move.before)} → {level_label(move.after)}: {movement(move)}"
        text.append(" " * 8 + _wrap(what, width, 8) + "\n")
    text.append("\n")


def _theme_name(diff: Diff, change: Change) -> str:
    found = diff.theme_names.get(change.theme or "")
    return f"Theme {found[0]} {one_line(found[1])}" if found else ""


def _terminal_changes(
    text: Text, diff: Diff, name: str, codes: Sequence[ChangeCode], width: int
) -> None:
    """Changes of one kind of item, grouped by code (characteristics, evidence)."""
    found = diff.changes_of(*codes)
    text.append(f"{name} ({plural(len(found), 'change')})\n", style="bold")
    if not found:
        text.append(f"  No {name.lower()} added, removed or changed.\n\n")
        return
    for code in codes:
        group = [c for c in found if c.code is code]
        if group:
            text.append(f"  {CHANGE_HEADINGS[code]} ({len(group)})\n", style="bold")
            for change in group:
                _terminal_change(text, diff, change, width)
    text.append("\n")


def _terminal_change(text: Text, diff: Diff, change: Change, width: int) -> None:
    shown_id = one_line(change.id)
    text.append(f"    {CHANGE_MARKS[change.code]} ")
    text.append(shown_id, style="bold")
    where = _theme_name(diff, change)
    words = one_line(change.title) + (f" ({where})" if where else "")
    text.append(" " + _wrap(words, width, 8, used=7 + len(shown_id)) + "\n")
    detail = change_detail(diff, change)
    if detail:
        text.append(" " * 8 + _wrap(detail, width, 8) + "\n")


def _due(move: ActionMove) -> str:
    if move.change is ActionChange.COMPLETED and move.completed_on is not None:
        if move.due_before is not None and move.due_before != move.due_after:
            return f"completed {move.completed_on}; {_moved(move)}"
        return f"completed {move.completed_on}, due {move.due_after}"
    if move.change is ActionChange.ADDED:
        return f"due {move.due_after}"
    if move.change is ActionChange.REMOVED:
        return f"was due {move.due_before}"
    if (move.days_slipped or 0) != 0:
        return _moved(move)
    return f"due {move.due_after}"


def _moved(move: ActionMove) -> str:
    """`due 2025-03-31 → 2025-09-30 (183 days later); reason: ...`"""
    days = move.days_slipped or 0
    way = f"{plural(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"
    reason = f"; reason: {one_line(move.reason)}" if move.reason else ""
    return f"due {move.due_before} → {move.due_after} ({way}){reason}"


def _terminal_actions(text: Text, diff: Diff, width: int) -> None:
    counted = len(diff.actions)
    text.append(f"Actions ({plural(counted, 'change')})\n", style="bold")
    if not diff.actions and not diff.statuses and not diff.changes_of(ChangeCode.OWNER_CHANGED):
        text.append("  No action changed.\n")
    for change in _ACTION_ORDER:
        moves = [a for a in diff.actions if a.change is change]
        if not moves:
            continue
        text.append(f"  {_ACTION_HEADINGS[change]} ({len(moves)})\n", style="bold")
        for move in moves:
            shown_id = one_line(move.id)
            text.append(f"    {ACTION_MARKS[change]} ", style=_STYLES.get(change, ""))
            text.append(shown_id, style="bold")
            words = f"{one_line(move.title)} ({one_line(move.owner)}); {_due(move)}"
            text.append(" " + _wrap(words, width, 8, used=7 + len(shown_id)) + "\n")
    owners = diff.changes_of(ChangeCode.OWNER_CHANGED)
    if owners:
        text.append(f"  Owner changed ({len(owners)})\n", style="bold")
        for owner in owners:
            _terminal_change(text, diff, owner, width)
    if diff.statuses:
        text.append(f"  Other status changes ({len(diff.statuses)})\n", style="bold")
        for status in diff.statuses:
            shown_id = one_line(status.id)
            words = f"{one_line(status.title)}: {status.before.value} → {status.after.value}"
            text.append(f"    {shown_id} " + _wrap(words, width, 8, used=5 + len(shown_id)))
            text.append("\n")
    text.append("\n")


def _terminal_gaps(text: Text, diff: Diff) -> None:
    text.append("Gaps            before  after  change\n", style="bold")
    rows = [(g.code.value, g.before, g.after, g.change) for g in diff.gaps]
    rows.append(("total", *diff.gap_totals(), diff.gap_change()))
    for name, before, after, change in rows:
        shown = f"{change:+d}" if change else "0"
        style = "bold" if name == "total" else ""
        text.append(f"  {name:<14}{before:>6}{after:>7}{shown:>8}\n", style=style)


# --- JSON (docs/format.md 6.5) --------------------------------------------------------------


def _json_side(side: Side) -> dict[str, Any]:
    return {
        "period": side.period,
        "as_of": side.as_of.isoformat(),
        "authority": side.authority,
        "source": side.source,
        "commit": side.commit,
        "scale": [level.id for level in side.scale],
    }


def as_json(diff: Diff) -> str:
    """The contract keys (`from`, `to`, `ratings`, `actions`) and additions: docs/format.md 6.5."""
    before, after = diff.gap_totals()
    document = {
        "from": _json_side(diff.before),
        "to": _json_side(diff.after),
        "ratings": [
            {
                "id": r.id,
                "theme": r.theme,
                "from": r.before.id if r.before else None,
                "to": r.after.id if r.after else None,
                "change": r.change.value,
                "levels": r.levels,
                "cell": r.cell.value,
                "title": r.title,
            }
            for r in diff.ratings
        ],
        "actions": [
            {
                "id": a.id,
                "change": a.change.value,
                "from_due": a.due_before.isoformat() if a.due_before else None,
                "to_due": a.due_after.isoformat() if a.due_after else None,
                "from_status": a.status_before.value if a.status_before else None,
                "to_status": a.status_after.value if a.status_after else None,
                "completed_on": a.completed_on.isoformat() if a.completed_on else None,
                "title": a.title,
                "reason": a.reason,
            }
            for a in diff.actions
        ],
        "statuses": [
            {"id": s.id, "from": s.before.value, "to": s.after.value} for s in diff.statuses
        ],
        "gaps": [{"code": g.code.value, "from": g.before, "to": g.after} for g in diff.gaps],
        "counts": {
            "ratings": {c.value: n for c, n in diff.rating_counts().items()},
            "actions": {c.value: n for c, n in diff.action_counts().items()},
            "gaps": {"from": before, "to": after},
            "changes": {c.value: n for c, n in diff.change_counts().items()},
        },
        "same_scale": diff.same_scale,
        "notes": list(diff.notes),
        "summary": summary(diff),
        "regressed": diff.regressed,
        "changes": [
            {
                "code": c.code.value,
                "item": c.item.value,
                "id": c.id,
                "theme": c.theme,
                "title": c.title,
                "from": c.before,
                "to": c.after,
                "days": c.days,
                "reason": c.reason,
            }
            for c in diff.changes
        ],
    }
    return json_text(document)


# --- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md_text(value: str) -> str:
    """User text safe in a Markdown table cell or paragraph: one line, specials escaped."""
    return one_line(value).translate(_MD_SPECIAL)


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def markdown(diff: Diff, *, level: int = 1) -> str:
    """A "Movement since <period>" section; `level` is its heading level (2 inside a paper)."""
    h = "#" * level
    sub = "#" * min(level + 1, 6)
    lines = [f"{h} Movement since {md_text(since_label(diff))}", ""]
    lines += [
        f"From: {md_text(diff.before.period)}, as at {long_date(diff.before.as_of)}"
        f" ({md_text(diff.before.source)}).  ",
        f"To: {md_text(diff.after.period)}, as at {long_date(diff.after.as_of)}"
        f" ({md_text(diff.after.source)}).",
        "",
        md_text(summary(diff)),
        "",
    ]
    for note in diff.notes:
        lines += [f"> Note: {md_text(note)}", ""]
    lines += [f"{sub} Ratings", ""]
    if diff.ratings:
        rows: list[tuple[str, ...]] = [
            (
                f"{md_text(r.id)} {md_text(r.title)}",
                f"{r.theme_number} {md_text(r.theme_title)}",
                md_text(level_label(r.before)),
                md_text(level_label(r.after)),
                f"{ARROWS[r.change]} {movement(r)}",
            )
            for r in diff.ratings
        ]
        lines += [*_md_table(("Characteristic", "Theme", "Was", "Now", "Movement"), rows), ""]
    else:
        lines += ["No rating changed.", ""]
    lines += [f"{sub} Characteristics", ""]
    lines += _md_changes(
        diff, CELL_CODES, "Characteristic", "No characteristic was added, removed or changed."
    )
    lines += [f"{sub} Actions", ""]
    ordered = [a for change in _ACTION_ORDER for a in diff.actions if a.change is change]
    if ordered:
        rows = [
            (
                f"{md_text(a.id)} {md_text(a.title)}",
                md_text(a.owner),
                f"{ACTION_MARKS[a.change]} {a.change.value}",
                str(a.due_before or "none"),
                str(a.due_after or "none"),
                md_text(a.reason or ""),
            )
            for a in ordered
        ]
        header = ("Action", "Owner", "Change", "Due before", "Due now", "Reason")
        lines += [*_md_table(header, rows), ""]
    else:
        lines += ["No action was completed, added, removed or rescheduled.", ""]
    if diff.changes_of(ChangeCode.OWNER_CHANGED):
        lines += ["Changes of owner:", ""]
        lines += _md_changes(diff, (ChangeCode.OWNER_CHANGED,), "Action", "")
    if diff.statuses:
        statuses = [
            (f"{md_text(s.id)} {md_text(s.title)}", s.before.value, s.after.value)
            for s in diff.statuses
        ]
        lines += ["Other changes of status:", ""]
        lines += [*_md_table(("Action", "Status before", "Status now"), statuses), ""]
    lines += [f"{sub} Evidence", ""]
    lines += _md_changes(
        diff, EVIDENCE_CODES, "Evidence", "No document was added to or removed from the library."
    )
    lines += [f"{sub} Gaps", ""]
    gap_rows = [(g.code.value, str(g.before), str(g.after)) for g in diff.gaps]
    before, after = diff.gap_totals()
    gap_rows.append(("**Total**", f"**{before}**", f"**{after}**"))
    lines += _md_table(("Gap", "Before", "After"), gap_rows)
    return "\n".join(lines) + "\n"


def _md_changes(diff: Diff, codes: Sequence[ChangeCode], noun: str, none: str) -> list[str]:
    """A table of the changes with these codes: item, theme, change, detail."""
    found = diff.changes_of(*codes)
    if not found:
        return [none, ""] if none else []
    rows = [
        (
            f"{md_text(c.id)} {md_text(c.title)}",
            md_text(_theme_name(diff, c)) or "",
            f"{CHANGE_MARKS[c.code]} {CHANGE_WORDS[c.code]}",
            md_text(change_detail(diff, c)),
        )
        for c in found
    ]
    return [*_md_table((noun, "Theme", "Change", "Detail"), rows), ""]
