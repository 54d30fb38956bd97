"""Pydantic models of file format v1 (docs/format.md sections 2 and 5): one frozen base.

Rules that need more than one file (levels in the scale, references, unique ids) live in
`checks.py`; these models only say what one file may hold.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
)
from pydantic_core import PydanticCustomError

SUPPORTED_VERSIONS = (1,)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Accept only `YYYY-MM-DD`; an impossible date is an error, not a crash."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "bad_date", "dates are written YYYY-MM-DD, e.g. 2025-03-31; got {got}", {"got": value}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("bad_date", "{got} is not a real date", {"got": value}) from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[^\s,]+$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


def _req(text: str) -> Any:
    """A required field with help text (shown on hover by editors using `bvduty schema`)."""
    return Field(description=text)


def _opt(text: str) -> Any:
    return Field(None, description=text)


def _many(text: str) -> Any:
    return Field((), description=text)


class Model(BaseModel):
    """Base for every model: unknown keys are errors and values never change after loading."""

    # Deferred: the validators are built once, inside DOCUMENT, and not once per model class
    # as well (measured: import and first validation 0.14 s -> 0.11 s of CPU).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


class AuthorityType(StrEnum):
    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    METROPOLITAN_DISTRICT = "metropolitan-district"
    LONDON_BOROUGH = "london-borough"
    COMBINED_AUTHORITY = "combined-authority"
    FIRE_AND_RESCUE = "fire-and-rescue"
    POLICE_AND_CRIME = "police-and-crime"
    OTHER = "other"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    APPROVED = "approved"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """An open action still counts towards closing a gap."""
        return self not in (ActionStatus.DONE, ActionStatus.CANCELLED)


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Level(Model):
    """One level of a rating scale."""

    id: Slug = _req("Level id used in ratings and targets, e.g. dark-green")
    label: Text = _req("Name shown to readers, e.g. Strong")
    colour: Colour | None = _opt("Background colour as #rrggbb; never the only carrier of meaning")
    short: Annotated[str, StringConstraints(min_length=1, max_length=3)] | None = _opt(
        "Optional 1-3 character mark printed in heatmap cells, e.g. DG"
    )


class Scale(Model):
    """A rating scale: levels listed worst first."""

    id: Slug | None = _opt("Scale id (built-in scales have one)")
    title: Text | None = _opt("Name of the scale")
    levels: tuple[Level, ...] = _req("Levels, worst first")


ScaleChoice = Annotated[
    Annotated[Id, Tag("id")] | Annotated[Scale, Tag("inline")],
    Discriminator(lambda value: "inline" if isinstance(value, dict | Scale) else "id"),
]


class Authority(Model):
    name: Text = _req('The authority\'s name, e.g. "Example Borough Council"')
    code: Annotated[str, StringConstraints(pattern=r"^[ENSW]\d{8}$")] | None = _opt(
        "ONS GSS code, e.g. E07000123"
    )
    type: AuthorityType | None = _opt("Kind of authority")


class Author(Model):
    name: Text | None = _opt("Report author")
    email: Text | None = _opt("Contact email")
    phone: Text | None = _opt("Contact telephone")


PAPER_SECTIONS = (
    "purpose",
    "recommendations",
    "background",
    "findings",
    "actions",
    "options",
    "implications",
    "background_papers",
)


class CustomSection(Model):
    """A section of the council's own, e.g. "Community safety implications"."""

    title: Text = _req('Heading, e.g. "Community safety implications"')
    text: Text | None = _opt("The section's text (one paragraph)")
    paragraphs: tuple[Text, ...] = _many("Several paragraphs, each numbered in the paper")


SectionChoice = Annotated[
    Annotated[Slug, Tag("id")] | Annotated[CustomSection, Tag("custom")],
    Discriminator(lambda value: "custom" if isinstance(value, dict | CustomSection) else "id"),
]


class SourceDef(Model):
    """A source of actions of the council's own, beside the built-in ones."""

    id: Slug = _req("Source id used in actions' source, e.g. health-and-safety-review")
    label: Text = _req('Name shown to readers, e.g. "Health and safety review"')


class ActionPlanSettings(Model):
    """How the action plan is kept (docs/format.md 2.1): update period and own sources."""

    update_within_days: Annotated[int, Field(ge=1)] | None = _opt(
        "An open action with no dated update in this many days before as_of is a gap (stale-update)"
    )
    sources: tuple[SourceDef, ...] = _many("Sources of actions of the council's own")


class ReportMeta(Model):
    """Committee-paper front matter (docs/format.md 5); every field optional."""

    committee: Text | None = _opt("Committee the paper goes to")
    meeting_date: IsoDate | None = _opt("Date of the meeting, YYYY-MM-DD")
    report_of: Text | None = _opt("Officer role the report is of")
    portfolio_holder: Text | None = _opt("Cabinet member whose portfolio this is")
    author: Author | None = _opt("Author and contact details")
    wards: Text | None = _opt('Wards affected, e.g. "All wards"')
    key_decision: bool | None = _opt("Whether this is a key decision: yes or no")
    classification: Literal["public", "exempt"] | None = _opt("public, or exempt")
    exempt_paragraph: Annotated[int, Field(ge=1, le=7)] | None = _opt(
        "Paragraph 1-7 of Schedule 12A to the Local Government Act 1972; required when exempt"
    )
    purpose: Text | None = _opt("Purpose of the report: decision, discussion or noting")
    recommendations: tuple[Text, ...] = _many("Recommendations to the committee")
    method: Text | None = _opt(
        "How the self-assessment was done: reviewers, moderation, leadership review"
    )
    options: tuple[Text, ...] = _many("Options considered, one per item")
    reasons: Text | None = _opt("Reasons for the recommendations")
    implications: dict[str, Text] = Field(
        default_factory=dict,
        description="Heading -> text: financial, legal, equalities, risk, climate,"
        " human_resources, data_protection, or a heading of the council's own",
    )
    background_papers: tuple[Text, ...] = _many("Background papers")
    sections: tuple[SectionChoice, ...] | None = _opt(
        "The covering report's sections in order: purpose, recommendations, background,"
        " findings, actions, options, implications, background_papers; leave one out to omit"
        " it, or add {title, text} for a section of the council's own"
    )
    term: Text | None = _opt(
        'The word for what is rated, if not "characteristic" (e.g. "standard")'
    )
    term_plural: Text | None = _opt('Its plural, when not the word plus "s"')


class Evidence(Model):
    id: Id = _req("Evidence id, unique in the assessment, e.g. E001")
    title: Text = _req("What the document is")
    ref: Text | None = _opt("URL, or a path relative to this file (location is preferred)")
    date: IsoDate | None = _opt("Date of the document")
    owner: Text | None = _opt("Who holds it")
    review_by: IsoDate | None = _opt(
        "Date by which the document is to be reviewed; after it, the evidence is stale"
    )
    location: Text | None = _opt(
        "Where the document is: a URL, or a path relative to the assessment folder"
    )


# Where an action comes from (docs/format.md 2.5): id -> the words a reader sees. A council adds
# its own in the manifest (`action_plan.sources`).
ACTION_SOURCES: dict[str, str] = {
    "self-assessment": "Self-assessment",
    "external-audit": "External audit",
    "internal-audit": "Internal audit",
    "peer-challenge": "Peer challenge",
    "best-value-notice": "Best Value Notice",
    "inspection": "Inspection or regulator",
    "scrutiny": "Scrutiny",
    "ombudsman": "Ombudsman",
}


class Revision(Model):
    """One change of an action's due date, kept so that the original date is never lost."""

    revised_on: IsoDate = _req("Date the due date was revised, YYYY-MM-DD")
    due: IsoDate = _req("The new due date, YYYY-MM-DD")
    reason: Text | None = _opt("Why the due date moved")


class Update(Model):
    """One dated progress update on an action."""

    date: IsoDate = _req("Date of the update, YYYY-MM-DD")
    text: Text = _req("What happened")


class Action(Model):
    id: Id = _req("Action id, unique in the assessment, e.g. A05")
    title: Text = _req("What will be done")
    owner: Text = _req("Responsible officer: role or name")
    due: IsoDate = _req("Due date, YYYY-MM-DD; after a revision, the revised date")
    status: ActionStatus = Field(ActionStatus.PLANNED, description="planned, in-progress, ...")
    completed_on: IsoDate | None = _opt("Completion date; required if and only if status is done")
    criteria: tuple[Id, ...] = _many("Criterion ids this action improves")
    priority: Priority | None = _opt("high, medium or low")
    progress: Text | None = _opt("Latest update")
    source: Text | None = _opt(
        "Where the action comes from: self-assessment, external-audit, internal-audit,"
        " peer-challenge, best-value-notice, inspection, scrutiny, ombudsman, or one of the"
        " manifest's action_plan.sources"
    )
    original_due: IsoDate | None = _opt(
        "The due date first agreed, when due has been revised since; required with revisions"
    )
    revisions: tuple[Revision, ...] = _many(
        "Each change of the due date: revised_on, the new due, and the reason"
    )
    updates: tuple[Update, ...] = _many("Dated progress updates: date and text")

    @property
    def first_due(self) -> date:
        """The due date first agreed: `original_due`, else `due` (never revised)."""
        return self.original_due or self.due

    @property
    def days_slipped(self) -> int | None:
        """Days the due date now lies beyond the date first agreed; None when it does not."""
        late = (self.due - self.first_due).days
        return late if late > 0 else None

    @property
    def latest_revision(self) -> Revision | None:
        """The revision made last (by `revised_on`; the later in the list on the same day)."""
        return max(reversed(self.revisions), key=lambda r: r.revised_on, default=None)

    @property
    def latest_update(self) -> Update | None:
        """The most recent dated update (the later in the list on the same day)."""
        return max(reversed(self.updates), key=lambda u: u.date, default=None)


class Finding(Model):
    id: Id | None = _opt("Optional id")
    type: Literal["strength", "improvement"] = _req("strength or improvement")
    text: Text = _req("The evidence bullet")
    criteria: tuple[Id, ...] = _many("Criterion ids this finding speaks to")
    headline: bool = Field(
        False, description="true: one of the main findings the covering report names"
    )


class Criterion(Model):
    """One heatmap cell."""

    id: Id = _req("Cell id, e.g. R001")
    statement: Text | None = _opt('What "good" looks like; required unless `see` is given')
    title: Text | None = _opt("Short name")
    rating: Id | None = _opt("Level id; null or absent means not yet rated")
    target: Id | None = _opt("Target level id; defaults to the manifest's default_target")
    evidence: tuple[Id, ...] = _many("Evidence ids")
    comment: Text | None = _opt("Comment")
    see: Id | None = _opt('Cross-reference cell ("See CI012"): no rating of its own')


# --- financial resilience indicators (docs/format.md 2.8) ------------------------------------

_FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2})")
_OTHER_YEAR = re.compile(r"(\d{4})\s*[-\u2013/_ ]\s*(\d{2}|\d{4})")  # \u2013: en dash
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def financial_year(value: Any) -> str:
    """A financial year written `2024/25` (April 2024 to March 2025); other forms are refused
    with the text to write (`2024-25`, `2024/2025` and `2024` read as 2024/25)."""
    text = str(value).strip() if value is not None else ""
    match = _FINANCIAL_YEAR.fullmatch(text)
    if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return text
    other = _OTHER_YEAR.fullmatch(text)
    start = None
    if not match and other and int(other.group(2)[-2:]) == (int(other.group(1)) + 1) % 100:
        start = int(other.group(1))
    elif re.fullmatch(r"\d{4}", text):
        start = int(text)
    if start is not None:
        message = "year '{got}': write it as {fixed} (financial years are written like 2024/25)"
        fixed = f"{start}/{(start + 1) % 100:02d}"
        raise PydanticCustomError("bad_year", message, {"got": text, "fixed": fixed})
    raise PydanticCustomError(
        "bad_year",
        "year '{got}' is not a financial year; write it as 2024/25 (April 2024 to March 2025)",
        {"got": text},
    )


def number(value: Any) -> float:
    """A number written with digits and a decimal point; `£1,234` and `12%` are refused with
    the number to write."""
    if isinstance(value, bool):
        raise PydanticCustomError("bad_number", "value '{got}' is not a number", {"got": value})
    if isinstance(value, int | float):
        text = repr(value)
    else:
        text = str(value).strip() if value is not None else ""
    if _NUMBER.fullmatch(text):
        found = float(text)
        if found == found and abs(found) != float("inf"):
            return found
    cleaned = re.sub(r"[£$%,\s\u00d7x]", "", text)  # \u00d7: multiplication sign
    if cleaned and cleaned != text and _NUMBER.fullmatch(cleaned):
        raise PydanticCustomError(
            "bad_number",
            "value '{got}': write it as {fixed} (digits and a decimal point only, without £, %"
            " or commas: the indicator's unit says what the number is)",
            {"got": text, "fixed": cleaned},
        )
    raise PydanticCustomError(
        "bad_number",
        "value '{got}' is not a number; write digits with a decimal point, e.g. 9.8",
        {"got": text},
    )


FinancialYear = Annotated[str, BeforeValidator(financial_year)]
Number = Annotated[float, BeforeValidator(number)]


class Unit(StrEnum):
    """What an indicator's number is; `£` and `%` are read as pounds and percent."""

    RATIO = "ratio"
    PERCENT = "percent"
    YEARS = "years"
    POUNDS = "pounds"


class Worse(StrEnum):
    """Which way an indicator gets worse (neither: a measure of size, such as spending power)."""

    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"


def _unit(value: Any) -> Any:
    return (
        {"£": "pounds", "%": "percent"}.get(value.strip(), value)
        if isinstance(value, str)
        else value
    )


class IndicatorValue(Model):
    """One year's figure of an indicator."""

    year: FinancialYear = _req("Financial year, written 2024/25")
    value: Number = _req("The figure, digits and a decimal point only, e.g. 9.8")
    source: Text = _req('Where the figure comes from, e.g. "Statement of Accounts 2024/25"')
    note: Text | None = _opt("A note on the figure")


class Indicator(Model):
    """A financial resilience indicator: its definition, thresholds and values by year."""

    id: Slug = _req("Indicator id: one of the built-in catalogue, or one of the council's own")
    title: Text | None = _opt("Name shown to readers; required for an indicator of your own")
    unit: Annotated[Unit, BeforeValidator(_unit)] | None = _opt(
        "ratio, percent, years or pounds (£); required for an indicator of your own"
    )
    worse: Worse | None = _opt(
        "Which way is worse: higher, lower or neither; required for an indicator of your own"
    )
    description: Text | None = _opt("What the indicator measures")
    informs: tuple[Id, ...] = _many("Characteristic ids this indicator informs, e.g. [R005]")
    thresholds: dict[str, Number] = Field(
        default_factory=dict,
        description="The council's own thresholds: level id -> the value at which the indicator"
        " is at that level or worse; none are official",
    )
    values: tuple[IndicatorValue, ...] = _many("The figures, one per financial year")


class _Document(Model):
    bvduty: Literal[1] = _req("File format version; must be 1")


class Manifest(_Document):
    """kind: assessment — exactly one per assessment folder."""

    kind: Literal["assessment"] = _req("File kind: this file is the assessment's manifest")
    authority: Authority = _req("The authority being assessed")
    title: Text | None = _opt('Defaults to "Best Value self-assessment <period>"')
    period: Text = _req('e.g. "2024/25"')
    as_of: IsoDate = _req("The date the assessment is as at; overdue is judged against it")
    framework: Text = Field("best-value-2024", description="Built-in framework id or a file path")
    scale: ScaleChoice = Field("rag", description="Built-in scale id or an inline scale")
    default_target: Id | None = _opt("Target for criteria that set none; default: best level")
    status: AssessmentStatus = Field(
        AssessmentStatus.DRAFT, description="draft, in-review, approved"
    )
    approved_by: Text | None = _opt('e.g. "Standards and Audit Committee"')
    approved_on: IsoDate | None = _opt("Date of approval")
    report: ReportMeta | None = _opt("Committee-paper front matter")
    action_plan: ActionPlanSettings | None = _opt(
        "How the action plan is kept: update_within_days, and sources of the council's own"
    )

    @property
    def action_sources(self) -> dict[str, str]:
        """Every source an action may name: the built-in ones, then the manifest's own."""
        own = self.action_plan.sources if self.action_plan else ()
        return {**ACTION_SOURCES, **{s.id: s.label for s in own}}

    @property
    def display_title(self) -> str:
        return self.title or f"Best Value self-assessment {self.period}"


class ThemeFile(_Document):
    """kind: theme — one theme's cells, findings, actions and evidence."""

    kind: Literal["theme"] = _req("File kind: one theme's heatmap cells, findings and actions")
    theme: Slug = _req("Theme id of the framework, e.g. use-of-resources")
    lead: Text | None = _opt("Officer role leading the theme")
    reviewer: Text | None = _opt("Independent reviewer")
    summary: Text | None = _opt("Narrative")
    criteria: tuple[Criterion, ...] = Field(description="Heatmap cells, in display order")
    findings: tuple[Finding, ...] = _many("Strengths and areas for improvement")
    actions: tuple[Action, ...] = _many("Actions")
    evidence: tuple[Evidence, ...] = _many("Evidence")


class ActionsFile(_Document):
    """kind: actions — an action plan."""

    kind: Literal["actions"] = _req("File kind: an action plan")
    actions: tuple[Action, ...] = Field(description="Actions")


class EvidenceFile(_Document):
    """kind: evidence — an evidence library."""

    kind: Literal["evidence"] = _req("File kind: an evidence library")
    evidence: tuple[Evidence, ...] = Field(description="Evidence")


class IndicatorsFile(_Document):
    """kind: indicators — financial resilience indicators and their values by year."""

    kind: Literal["indicators"] = _req("File kind: financial resilience indicators")
    note: Text | None = _opt('Shown with the indicators in the paper, e.g. "Illustrative figures"')
    values_file: Text | None = _opt(
        "A CSV file beside this one with more values: indicator, year, value, source, note"
    )
    indicators: tuple[Indicator, ...] = _many("The indicators")


KINDS = ("assessment", "theme", "actions", "evidence", "indicators")


def _kind_of(value: Any) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if isinstance(kind, str) else None


Document = Annotated[
    Annotated[Manifest, Tag("assessment")]
    | Annotated[ThemeFile, Tag("theme")]
    | Annotated[ActionsFile, Tag("actions")]
    | Annotated[EvidenceFile, Tag("evidence")]
    | Annotated[IndicatorsFile, Tag("indicators")],
    Discriminator(
        _kind_of,
        custom_error_type="bad_kind",
        custom_error_message=(
            "kind must be one of: assessment, theme, actions, evidence, indicators"
        ),
    ),
]
DOCUMENT: TypeAdapter[Document] = TypeAdapter(Document)
