"""`bvduty actions`: the owner's view of the action plan as text, JSON, CSV or a calendar.

Every user string shown in text or CSV is escaped (`textsafe`); JSON keeps values exact; the
calendar (RFC 5545) is written by the icalendar library, which escapes commas, semicolons and
line breaks as the standard asks. Docs: docs/format.md 6.13.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rich.text import Text

from bvduty.analysis.actions import ActionPlan, ActionRow
from bvduty.english import long_date, plural, status_words
from bvduty.errors import UsageError
from bvduty.render.csv import ACTIONS_HEADER, _table, action_cells
from bvduty.render.terminal import to_string
from bvduty.textsafe import json_text, one_line, visible

_INDENT = 7  # the id's column, then the details beneath the title
_STATUS_STYLE = {"done": "green", "blocked": "bold red", "cancelled": "dim"}


# --- text -----------------------------------------------------------------------------------


def text(plans: Sequence[ActionPlan], *, width: int = 80, colour: bool = False) -> str:
    """Each assessment's actions by due date: what, who, when, and how it stands."""
    parts = []
    for plan in plans:
        out = Text(f"{one_line(plan.authority)} {one_line(plan.period)}", style="bold underline")
        out.append(f": {plural(len(plan.actions), 'action')} as at {long_date(plan.as_of)}\n\n")
        if not plan.actions:
            out.append("No action matches.\n")
        themes = {t.id: f"Theme {t.number} {one_line(t.title)}" for t in plan.themes}
        for row in plan.actions:
            _text_row(out, row, plan.as_of, themes, width)
        parts.append(to_string(out, colour))
    return "\n".join(parts)


def _text_row(out: Text, row: ActionRow, as_of: date, themes: dict[str, str], width: int) -> None:
    shown_id = one_line(row.id)
    lead = f"  {shown_id:<{_INDENT - 3}} "
    out.append(lead, style="bold")
    out.append(_wrapped(one_line(row.title), width, len(lead)) + "\n")
    lines = [f"Owner: {one_line(row.owner)}", f"Due {_when(row, as_of)}"]
    status = f"Status: {status_words(row.status)}"
    if row.completed_on is not None:
        status += f", completed {long_date(row.completed_on)}"
    lines.append(status)
    about = [themes.get(row.theme or "", "No theme")]
    if row.source_label:
        about.append(f"source: {one_line(row.source_label)}")
    if row.priority:
        about.append(f"priority {row.priority}")
    lines.append("; ".join(about))
    if row.days_slipped is not None and row.original_due is not None:
        later = plural(row.days_slipped, "day")
        moved = f"First agreed for {long_date(row.original_due)}: {later} later"
        latest = max(reversed(row.revisions), key=lambda r: r.revised_on, default=None)
        if latest is not None and latest.reason:
            moved += f"; reason: {one_line(latest.reason)}"
        lines.append(moved)
    if row.latest_update is not None:
        update = row.latest_update
        lines.append(f"Latest update, {long_date(update.date)}: {one_line(update.text)}")
    elif row.progress:
        lines.append(f"Progress: {one_line(row.progress)}")
    for line in lines:
        style = _STATUS_STYLE.get(row.status, "") if line.startswith("Status") else ""
        if line.startswith("Due") and row.days_overdue is not None:
            style = "bold red"
        out.append(" " * _INDENT + _wrapped(line, width, _INDENT) + "\n", style=style)
    out.append("\n")


def _when(row: ActionRow, as_of: date) -> str:
    days = (row.due - as_of).days
    if row.days_overdue is not None:
        return f"{long_date(row.due)}: {plural(row.days_overdue, 'day')} overdue"
    if not row.is_open:
        return long_date(row.due)
    if days == 0:
        return f"{long_date(row.due)}: due today"
    return f"{long_date(row.due)}: in {plural(days, 'day')}"


def _wrapped(words: str, width: int, indent: int) -> str:
    from bvduty.render.terminal import _wrap

    return ("\n" + " " * indent).join(_wrap(words, max(20, width - indent)))


# --- JSON -----------------------------------------------------------------------------------


def as_json(plans: Sequence[ActionPlan]) -> str:
    """`{"assessments": [{"authority", "period", "as_of", "actions": [...]}]}` (6.13)."""
    return json_text(
        {
            "assessments": [
                {
                    "authority": plan.authority,
                    "period": plan.period,
                    "as_of": plan.as_of.isoformat(),
                    "actions": [_json_row(row) for row in plan.actions],
                }
                for plan in plans
            ]
        }
    )


def _json_row(row: ActionRow) -> dict[str, Any]:
    latest = row.latest_update
    return {
        "id": row.id,
        "theme": row.theme,
        "title": row.title,
        "owner": row.owner,
        "due": row.due.isoformat(),
        "original_due": (row.original_due or row.due).isoformat(),
        "days_slipped": row.days_slipped,
        "status": row.status,
        "completed_on": row.completed_on.isoformat() if row.completed_on else None,
        "priority": row.priority,
        "source": row.source,
        "criteria": list(row.criteria),
        "progress": row.progress,
        "latest_update": {"date": latest.date.isoformat(), "text": latest.text} if latest else None,
        "revisions": [
            {"revised_on": r.revised_on.isoformat(), "due": r.due.isoformat(), "reason": r.reason}
            for r in row.revisions
        ],
        "updates": [{"date": u.date.isoformat(), "text": u.text} for u in row.updates],
        "days_overdue": row.days_overdue,
        "file": row.file,
    }


# --- CSV ------------------------------------------------------------------------------------

REGISTER_HEADER = (
    *ACTIONS_HEADER,
    "original_due",
    "days_slipped",
    "source",
    "latest_update_on",
    "latest_update",
)


def as_csv(plans: Sequence[ActionPlan]) -> str:
    """The columns of `actions.csv` (export), then the register's: original date, slip, source,
    latest update."""
    rows = []
    for plan in plans:
        for a in plan.actions:
            latest = a.latest_update
            rows.append(
                (
                    *action_cells(plan, a),
                    (a.original_due or a.due).isoformat(),
                    a.days_slipped,
                    a.source,
                    latest.date.isoformat() if latest else "",
                    latest.text if latest else "",
                )
            )
    return _table(REGISTER_HEADER, rows)


# --- iCalendar ------------------------------------------------------------------------------

PRODID = "-//bvduty//Best Value Duty action plan//EN"


def uid(authority: str, action_id: str) -> str:
    """A UID that stays the same for an action whatever else changes (its due date, its title,
    the period), so that importing the calendar again updates the event instead of adding one.

    Actions are matched by id across years (as `diff` does), within one authority.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", authority.casefold()).strip("-") or "authority"
    token = "".join(c if c.isalnum() or c in "-_." else f"%{ord(c):04X}" for c in action_id)
    return f"action-{token}.{slug}@bvduty"


def ics(plans: Sequence[ActionPlan], *, now: datetime | None = None) -> str:
    """An RFC 5545 calendar of due dates: one all-day event per action on its due date.

    SEQUENCE counts the due date's revisions, so a calendar that imports it again sees a newer
    version of the event; a cancelled action's event is marked cancelled.

    Raises:
        UsageError: icalendar is not installed (the message says how to add it).
    """
    try:
        from icalendar import Calendar, Event
    except ImportError:
        from bvduty.install import hint

        raise UsageError(f"Calendar output needs icalendar: {hint('ics')}") from None
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    names = sorted({visible(p.authority) for p in plans})
    calendar.add("x-wr-calname", f"{' and '.join(names) or 'bvduty'}: action plan due dates")
    for plan in plans:
        themes = {t.id: f"Theme {t.number} {t.title}" for t in plan.themes}
        for row in plan.actions:
            event = Event()
            event.add("uid", uid(plan.authority, row.id))
            event.add("dtstamp", stamp)
            event.add("dtstart", row.due)
            event.add("dtend", row.due + timedelta(days=1))
            event.add("summary", visible(_summary(row)))
            event.add("description", visible(_description(plan, row, themes)))
            event.add("sequence", len(row.revisions))
            event.add("transp", "TRANSPARENT")
            event.add("status", "CANCELLED" if row.status == "cancelled" else "CONFIRMED")
            categories = [c for c in ("Action plan", row.source_label) if c]
            event.add("categories", [visible(c) for c in categories])
            calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written.decode("utf-8")


def _summary(row: ActionRow) -> str:
    done = {"done": "Done: ", "cancelled": "Cancelled: "}.get(row.status, "")
    return f"{done}{row.id} due: {' '.join(row.title.split())}"


def _description(plan: ActionPlan, row: ActionRow, themes: dict[str, str]) -> str:
    lines = [
        f"{' '.join(row.title.split())}",
        "",
        f"Owner: {row.owner}",
        f"Status: {status_words(row.status)}",
        f"Due: {long_date(row.due)}",
    ]
    if row.days_slipped is not None and row.original_due is not None:
        lines.append(f"First agreed for: {long_date(row.original_due)}")
        for revision in row.revisions:
            reason = f": {revision.reason}" if revision.reason else ""
            lines.append(
                f"Revised on {long_date(revision.revised_on)} to {long_date(revision.due)}{reason}"
            )
    lines.append(themes.get(row.theme or "", "No theme"))
    if row.source_label:
        lines.append(f"Source: {row.source_label}")
    if row.criteria:
        lines.append(f"Characteristics: {', '.join(row.criteria)}")
    if row.latest_update is not None:
        lines.append(
            f"Latest update, {long_date(row.latest_update.date)}: {row.latest_update.text}"
        )
    elif row.progress:
        lines.append(f"Progress: {row.progress}")
    lines.append(f"{plan.authority}, self-assessment {plan.period} as at {long_date(plan.as_of)}")
    return "\n".join(lines)
