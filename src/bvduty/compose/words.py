"""The words every output uses for dates, counts, statuses and gap codes, in council English.

Why one module: a status reads "In progress" in the paper, the terminal, the spreadsheet and
the website alike; a date in running text reads "31 January 2025" everywhere.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bvduty.analysis.gaps import GapCode, Severity
from bvduty.compose.nodes import Tone
from bvduty.english import is_are, join, long_date, noun, plural, short_date, was_were
from bvduty.model import ActionStatus, AssessmentStatus, Priority

__all__ = [
    "GAP_LABELS",
    "GAP_MEANINGS",
    "is_are",
    "join",
    "label",
    "long_date",
    "noun",
    "plural",
    "sentence_case",
    "short_date",
    "tone",
    "was_were",
]

GAP_LABELS: dict[str, str] = {
    "missing-theme": "Theme not covered",
    "not-assessed": "Theme not assessed",
    "below-target": "Below target",
    "no-action": "No open action",
    "overdue": "Overdue action",
    "slipped": "Slipped action",
    "stale-update": "No recent update",
    "unrated": "Not rated",
    "no-evidence": "No evidence cited",
    "stale-evidence": "Evidence past review",
    "indicator-breach": "Indicator beyond threshold",
    "indicator-outlier": "Indicator an outlier",
}
GAP_MEANINGS: dict[str, str] = {
    "missing-theme": "A theme of the statutory guidance that no file covers",
    "not-assessed": "A theme with a file but no rated characteristic",
    "below-target": "A characteristic rated worse than its target",
    "no-action": "A characteristic below target that no open action addresses",
    "overdue": "An action neither done nor cancelled whose due date has passed",
    "slipped": "An open action whose due date was moved beyond the date first agreed",
    "stale-update": "An open action with no dated update in the period the assessment sets",
    "unrated": "A characteristic that has not been rated",
    "no-evidence": "A rated characteristic that cites no evidence",
    "stale-evidence": "A document of the evidence library past its review-by date",
    "indicator-breach": "A financial resilience indicator whose latest figure is beyond the"
    " Council's own threshold for a level below target",
    "indicator-outlier": "A financial resilience indicator that is an outlier in the sector",
}
_LABELS: dict[Any, str] = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.BLOCKED: "Blocked",
    ActionStatus.CANCELLED: "Cancelled",
    AssessmentStatus.DRAFT: "Draft",
    AssessmentStatus.IN_REVIEW: "In review",
    AssessmentStatus.APPROVED: "Approved",
    Priority.HIGH: "High",
    Priority.MEDIUM: "Medium",
    Priority.LOW: "Low",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
}
_TONES: dict[Any, Tone] = {
    ActionStatus.PLANNED: Tone.GREY,
    ActionStatus.IN_PROGRESS: Tone.BLUE,
    ActionStatus.DONE: Tone.GREEN,
    ActionStatus.BLOCKED: Tone.RED,
    ActionStatus.CANCELLED: Tone.GREY,
    Severity.HIGH: Tone.RED,
    Severity.MEDIUM: Tone.YELLOW,
    Severity.LOW: Tone.GREY,
}


def label(value: object) -> str:
    """The reader's name of a status, priority, severity or gap code: "In progress"."""
    if isinstance(value, GapCode):
        return GAP_LABELS.get(value.value, value.value)
    found = _LABELS.get(value)
    if found is not None:
        return found
    text = value.value if isinstance(value, StrEnum) else str(value)
    return text.replace("-", " ").capitalize()


def tone(value: object) -> Tone:
    """The tag colour of a status or severity."""
    return _TONES.get(value, Tone.GREY)


def sentence_case(text: str) -> str:
    """The first letter in upper case, the rest as written."""
    return text[:1].upper() + text[1:]
