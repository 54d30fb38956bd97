"""Heatmap cells, gaps and actions as CSV (one row each), safe to open in a spreadsheet.

Every text is written in full (a statement is not cut to a short name) and shown safely: no
control or invisible character reaches a terminal that shows the file (`textsafe.visible`),
and no cell runs as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bvduty.analysis.actions import ActionPlan, ActionRow
from bvduty.analysis.gaps import GapReport
from bvduty.analysis.heatmap import Heatmap
from bvduty.analysis.tables import Tables
from bvduty.textsafe import visible

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula (CWE-1236), and
    that holds no character that could drive or disguise a terminal."""
    text = "" if value is None else visible(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe(v) for v in row] for row in rows)
    return buffer.getvalue()


HEATMAP_HEADER = (
    "authority",
    "period",
    "theme_number",
    "theme",
    "cell",
    "title",
    "statement",
    "rating",
    "rating_label",
    "target",
    "target_label",
    "below_target",
    "see",
)


def heatmap(maps: Sequence[Heatmap]) -> str:
    """One row per cell, themes in framework order, cells in file order; title and statement
    in full."""
    rows = []
    for m in maps:
        labels = {level.id: level.label for level in m.scale}
        for row in m.themes:
            for c in row.cells:
                rows.append(
                    (
                        m.authority,
                        m.period,
                        row.number,
                        row.title,
                        c.id,
                        c.title or "",
                        c.statement or "",
                        c.rating or "",
                        labels.get(c.rating or "", ""),
                        c.target or "",
                        labels.get(c.target or "", ""),
                        "yes" if c.below_target else "no",
                        c.see or "",
                    )
                )
    return _table(HEATMAP_HEADER, rows)


GAPS_HEADER = ("authority", "period", "as_of", "severity", "code", "theme", "id", "message")


def gaps(reports: Sequence[GapReport]) -> str:
    """One row per gap, most severe first; the message names its cell in full."""
    rows = [
        (r.authority, r.period, r.as_of.isoformat(), g.severity, g.code, g.theme, g.id, g.in_full)
        for r in reports
        for g in r.gaps
    ]
    return _table(GAPS_HEADER, rows)


ACTIONS_HEADER = (
    "authority",
    "period",
    "id",
    "theme",
    "title",
    "owner",
    "due",
    "status",
    "completed_on",
    "priority",
    "criteria",
    "progress",
    "days_overdue",
    "file",
)


def action_cells(plan: ActionPlan, a: ActionRow) -> tuple[object, ...]:
    """One action's cells under ACTIONS_HEADER (`bvduty actions --format csv` adds more)."""
    return (
        plan.authority,
        plan.period,
        a.id,
        a.theme,
        a.title,
        a.owner,
        a.due.isoformat(),
        a.status,
        a.completed_on.isoformat() if a.completed_on else "",
        a.priority,
        " ".join(a.criteria),
        a.progress,
        a.days_overdue,
        a.file,
    )


def actions(plans: Sequence[ActionPlan]) -> str:
    """One row per action, by due date; `days_overdue` is empty unless open and late."""
    rows = [action_cells(p, a) for p in plans for a in p.actions]
    return _table(ACTIONS_HEADER, rows)


def tables(found: Sequence[Tables]) -> dict[str, str]:
    """`bvduty export --format csv`: {file name: CSV text} for the actions, heatmap and gaps."""
    return {
        "actions.csv": actions([t.actions for t in found]),
        "heatmap.csv": heatmap([t.heatmap for t in found]),
        "gaps.csv": gaps([t.gaps for t in found]),
    }
