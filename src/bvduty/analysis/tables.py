"""The three tables `bvduty export` writes for one assessment: actions, heatmap and gaps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from bvduty.analysis.actions import ActionPlan, build_action_plan
from bvduty.analysis.gaps import GapReport, compute_gaps
from bvduty.analysis.heatmap import Heatmap, build_heatmap
from bvduty.assessment import Assessment


@dataclass(frozen=True, slots=True)
class Tables:
    """One assessment's action plan, heatmap and gaps, judged at the same date."""

    actions: ActionPlan
    heatmap: Heatmap
    gaps: GapReport


def build_tables(assessment: Assessment, as_of: date | None = None) -> Tables:
    """Every table of a valid assessment at `as_of` (default: the manifest's date)."""
    return Tables(
        build_action_plan(assessment, as_of),
        build_heatmap(assessment),
        compute_gaps(assessment, as_of),
    )


def tables_job(as_of: date | None) -> Callable[[Assessment], Tables]:
    """A picklable job for `core.analyse` (worker processes) building the tables at `as_of`."""
    return partial(build_tables, as_of=as_of)
