"""The action plan as a table: each action with its theme and lateness at the assessment date.

Also the register view of `bvduty actions` (docs/format.md 6.13): the date first agreed, each
revision, the source and the latest dated update, and the filters an owner asks with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from bvduty.assessment import Assessment, PlacedAction
from bvduty.frameworks import ThemeDef
from bvduty.model import ActionStatus, Revision, Update


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
    original_due: date | None = None  # the date first agreed (the due date when never revised)
    days_slipped: int | None = None  # days `due` lies beyond `original_due`; None if not later
    source: str | None = None
    source_label: str | None = None
    revisions: tuple[Revision, ...] = ()
    updates: tuple[Update, ...] = ()
    latest_update: Update | None = None

    @property
    def is_open(self) -> bool:
        return ActionStatus(self.status).is_open


@dataclass(frozen=True, slots=True)
class ActionPlan:
    """Every action of one assessment, by due date then id."""

    authority: str
    period: str
    as_of: date
    actions: tuple[ActionRow, ...]
    themes: tuple[ThemeDef, ...] = ()  # the framework's, for naming a theme on the command line
    sources: tuple[tuple[str, str], ...] = ()  # (id, label) of every source an action may name


def build_action_plan(assessment: Assessment, as_of: date | None = None) -> ActionPlan:
    """The action plan of a valid assessment; lateness judged at `as_of` (default: manifest's)."""
    when = as_of or assessment.manifest.as_of
    manifest = assessment.manifest
    labels = manifest.action_sources
    rows = sorted(
        (
            _row(placed, assessment.action_theme(placed), when, labels)
            for placed in assessment.actions
        ),
        key=lambda row: (row.due, row.id),
    )
    return ActionPlan(
        manifest.authority.name,
        manifest.period,
        when,
        tuple(rows),
        assessment.framework.themes,
        tuple(labels.items()),
    )


def plan_job(as_of: date | None) -> Callable[[Assessment], ActionPlan]:
    """A picklable job for `core.analyse` building the action plan at `as_of`."""
    return partial(build_action_plan, as_of=as_of)


def _row(placed: PlacedAction, theme: str | None, when: date, labels: dict[str, str]) -> ActionRow:
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
        original_due=action.first_due,
        days_slipped=action.days_slipped,
        source=action.source,
        source_label=labels.get(action.source) if action.source else None,
        revisions=action.revisions,
        updates=action.updates,
        latest_update=action.latest_update,
    )


@dataclass(frozen=True, slots=True)
class ActionFilter:
    """Which actions an owner asked for; every filter given must hold.

    `due_within` and `overdue` together mean either: what is late, and what falls due soon.
    """

    owner: str | None = None  # the owner, in any case; see `exact_owner`
    exact_owner: bool = False  # True: the owner is written so; False: it contains these words
    statuses: frozenset[str] = frozenset()  # status values; empty: any
    sources: frozenset[str] = frozenset()  # source ids; empty: any
    theme: str | None = None  # a theme id
    due_within: int | None = None  # open and due from as_of to as_of + days
    overdue: bool = False  # open and past due at as_of

    def keep(self, row: ActionRow, as_of: date) -> bool:
        """Whether `row` is one of the actions asked for, judged at `as_of`."""
        if self.owner is not None:
            owner, wanted = fold(row.owner), fold(self.owner)
            if (owner != wanted) if self.exact_owner else (wanted not in owner):
                return False
        if self.statuses and row.status not in self.statuses:
            return False
        if self.sources and row.source not in self.sources:
            return False
        if self.theme is not None and row.theme != self.theme:
            return False
        if self.due_within is None and not self.overdue:
            return True
        soon = (
            self.due_within is not None
            and row.is_open
            and 0 <= (row.due - as_of).days <= self.due_within
        )
        return soon or (self.overdue and row.days_overdue is not None)


def fold(text: str) -> str:
    """Text as owners are compared: any case, runs of spaces as one."""
    return " ".join(text.casefold().split())
