"""The action plan as a table: each action with its theme and lateness at the assessment date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bvduty.assessment import Assessment, PlacedAction


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One action. `theme` follows docs/format.md 2.5: its file's, else its first cell's theme."""

    id: str
    theme: str | None
    title: str
    owner: str
    due: date
    status: str
    completed_on: date | None
    priority: str | None
    criteria: tuple[str, ...]
    progress: str | None
    file: str
    days_overdue: int | None


@dataclass(frozen=True, slots=True)
class ActionPlan:
    """Every action of one assessment, by due date then id."""

    authority: str
    period: str
    as_of: date
    actions: tuple[ActionRow, ...]


def build_action_plan(assessment: Assessment, as_of: date | None = None) -> ActionPlan:
    """The action plan of a valid assessment; lateness judged at `as_of` (default: manifest's)."""
    when = as_of or assessment.manifest.as_of
    rows = sorted(
        (_row(placed, assessment.action_theme(placed), when) for placed in assessment.actions),
        key=lambda row: (row.due, row.id),
    )
    manifest = assessment.manifest
    return ActionPlan(manifest.authority.name, manifest.period, when, tuple(rows))


def _row(placed: PlacedAction, theme: str | None, when: date) -> ActionRow:
    action = placed.action
    overdue = placed.days_overdue(when)
    return ActionRow(
        id=action.id,
        theme=theme,
        title=action.title,
        owner=action.owner,
        due=action.due,
        status=action.status.value,
        completed_on=action.completed_on,
        priority=action.priority.value if action.priority else None,
        criteria=action.criteria,
        progress=action.progress,
        file=placed.file,
        days_overdue=overdue,
    )
