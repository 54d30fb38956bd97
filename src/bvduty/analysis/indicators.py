"""Where a council stands on its financial resilience indicators: its thresholds, and the sector.

For each indicator the latest figure is judged twice (docs/format.md 6.14 and 7):
- against the council's own thresholds: the level of the worst threshold the figure reaches,
  and whether that level is below the assessment's target (`indicator-breach`);
- against a sector file: the council's rank (1 = the worst), percentile, quartile and whether
  it is an outlier in the sector, among the authorities of its own type when the file gives
  types (CIPFA publishes no thresholds and compares each council with its neighbours; this
  compares it with the sector file it is given).

The rules, written so that a reader can check them by hand (docs/format.md 6.14):
- quartiles Q1, median, Q3 by the inclusive method (Excel's QUARTILE.INC): with the n values
  sorted, Qk is the value at position (n - 1) * k / 4, counting from 0, interpolated linearly;
- rank: 1 + the number of authorities whose value is worse (higher, when higher is worse);
  equal values share a rank;
- percentile: 100 * (the number of values below + half the number equal, the council's own
  included) / n, rounded half up (the percentile rank);
- quartile: 1 when the value is at or below Q1, 2 at or below the median, 3 at or below Q3,
  else 4;
- outlier: beyond 1.5 times the interquartile range past the quartile on the worse side: above
  Q3 + 1.5 (Q3 - Q1) when higher is worse, below Q1 - 1.5 (Q3 - Q1) when lower is worse.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bvduty import suggest
from bvduty.errors import Problem
from bvduty.indicators import Point, Series, csv_records, year_key
from bvduty.model import AuthorityType, Level, Worse, financial_year, number

if TYPE_CHECKING:
    from bvduty.analysis.gaps import Gap
    from bvduty.assessment import Assessment

MIN_GROUP = 4  # authorities, the council included, below which no comparison is made
FENCE = 1.5  # interquartile ranges past the quartile on the worse side: an outlier
SECTOR_COLUMNS = (
    "authority_code",
    "authority_name",
    "year",
    "indicator",
    "value",
    "authority_type",
)
SECTOR_REQUIRED = SECTOR_COLUMNS[:5]
FINANCE_THEME = "use-of-resources"  # where an indicator that informs no characteristic belongs
TYPE_NAMES = {
    "county": "county councils",
    "district": "district councils",
    "unitary": "unitary authorities",
    "metropolitan-district": "metropolitan districts",
    "london-borough": "London boroughs",
    "combined-authority": "combined authorities",
    "fire-and-rescue": "fire and rescue authorities",
    "police-and-crime": "police and crime commissioners",
    "other": "other authorities",
}


# --- the sector ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectorFigure:
    """One authority's figure for one indicator and year."""

    code: str
    name: str
    type: str | None
    value: float


@dataclass(frozen=True)
class Sector:
    """The figures to compare with: by (indicator, year), every authority's."""

    label: str
    figures: dict[tuple[str, str], tuple[SectorFigure, ...]]
    authorities: int
    typed: bool

    def type_of(self, code: str | None, name: str) -> str | None:
        """The type the sector gives the authority, when it lists it."""
        for found in self.figures.values():
            for figure in found:
                if _same(figure, code, name) and figure.type:
                    return figure.type
        return None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _same(figure: SectorFigure, code: str | None, name: str) -> bool:
    if code and figure.code:
        return figure.code == code
    return _fold(figure.name) == _fold(name)


def read_sector(data: bytes, display: str) -> tuple[Sector | None, list[Problem]]:
    """A long-format sector CSV (docs/format.md 6.14): a header naming the columns
    authority_code, authority_name, year, indicator, value (and optionally authority_type),
    then one row per figure. Every bad row is a problem at its line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as 'CSV UTF-8'"
        return None, [Problem(display, line, 1, "encoding", "", message)]
    records = iter(csv_records(text))
    header = next(records, None)
    problems: list[Problem] = []
    if header is None:
        message = (
            f"the file is empty; its first line names the columns: {', '.join(SECTOR_COLUMNS)}"
        )
        return None, [Problem(display, 1, 1, "empty-file", "", message)]
    line, names, columns = header
    named: dict[str, int] = {}
    for index, raw in enumerate(names):
        name = raw.strip().lower().replace(" ", "_")
        if name in SECTOR_COLUMNS and name not in named:
            named[name] = index
        else:
            message = suggest.hinted(
                f"unknown column '{raw}'",
                suggest.near(name, SECTOR_COLUMNS),
                f"the columns are {', '.join(SECTOR_COLUMNS)}",
            )
            problems.append(Problem(display, line, columns[index], "unknown-field", "", message))
    missing = [c for c in SECTOR_REQUIRED if c not in named]
    if missing:
        message = (
            f"the first line names no column {', '.join(missing)}; it names the columns"
            f" {', '.join(SECTOR_COLUMNS)} (authority_type may be left out)"
        )
        return None, [*problems, Problem(display, line, 1, "missing-field", "", message)]
    figures: dict[tuple[str, str], dict[str, SectorFigure]] = {}
    where: dict[tuple[str, str, str], int] = {}
    authorities: set[str] = set()
    typed = False
    types = [t.value for t in AuthorityType]
    for line, cells, spots in records:
        if len(cells) != len(names):
            message = (
                f"this row has {len(cells)} cells and the first line names {len(names)} columns;"
                " put text with commas in quotes"
            )
            problems.append(Problem(display, line, 1, "bad-value", "", message))
            continue

        def cell(column: str, row: list[str] = cells) -> str:
            index = named.get(column)
            return row[index].strip() if index is not None else ""

        def at(column: str, spots: list[int] = spots) -> int:
            return spots[named[column]]

        found: list[Problem] = []
        for column in SECTOR_REQUIRED:
            if column != "authority_code" and not cell(column):
                message = f"the {column} cell is empty; fill it in, or delete the row"
                found.append(Problem(display, line, at(column), "missing-field", "", message))
        year = value = None
        if cell("year"):
            try:
                year = financial_year(cell("year"))
            except Exception as exc:  # PydanticCustomError: its message says what to write
                found.append(Problem(display, line, at("year"), "bad-value", "", str(exc)))
        if cell("value"):
            try:
                value = number(cell("value"))
            except Exception as exc:
                found.append(Problem(display, line, at("value"), "bad-value", "", str(exc)))
        kind = cell("authority_type").lower() or None
        if kind is not None and kind not in types:
            message = suggest.hinted(
                f"authority_type '{cell('authority_type')}' is not one of the choices",
                suggest.near(kind, types),
                f"choose one of: {', '.join(types)}",
            )
            found.append(Problem(display, line, at("authority_type"), "bad-value", "", message))
        if found or year is None or value is None:
            problems.extend(found)
            continue
        code, name, indicator = cell("authority_code"), cell("authority_name"), cell("indicator")
        who = code or _fold(name)
        key = (indicator, year, who)
        if key in where:
            message = (
                f"{name} already has a {indicator} figure for {year} on line {where[key]};"
                " give each authority one figure a year"
            )
            problems.append(Problem(display, line, at("value"), "duplicate-year", "", message))
            continue
        where[key] = line
        figures.setdefault((indicator, year), {})[who] = SectorFigure(code, name, kind, value)
        authorities.add(who)
        typed = typed or kind is not None
    if problems:
        return None, problems
    frozen = {key: tuple(found.values()) for key, found in figures.items()}
    return Sector(display, frozen, len(authorities), typed), []


SectorRow = tuple[str, str, str | None, str, str, float]  # code, name, type, id, year, value


def sector_rows(assessment: Assessment) -> tuple[SectorRow, ...]:
    """One assessment's figures as sector rows (a picklable job: only these travel back)."""
    authority = assessment.manifest.authority
    kind = authority.type.value if authority.type else None
    return tuple(
        (authority.code or "", authority.name, kind, series.id, point.year, point.value)
        for series in assessment.indicators
        for point in series.points
    )


def sector_of(found: Sequence[tuple[SectorRow, ...]], label: str) -> Sector:
    """The sector made of many assessment folders' indicators (`sector_rows` of each)."""
    figures: dict[tuple[str, str], dict[str, SectorFigure]] = {}
    who_all: set[str] = set()
    typed = False
    for rows in found:
        for code, name, kind, indicator, year, value in rows:
            who = code or _fold(name)
            who_all.add(who)
            typed = typed or kind is not None
            figures.setdefault((indicator, year), {})[who] = SectorFigure(code, name, kind, value)
    frozen = {key: tuple(items.values()) for key, items in figures.items()}
    return Sector(label, frozen, len(who_all), typed)


# --- comparing one council with the sector ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    """The sector's median and interquartile range in one year (for the chart)."""

    year: str
    q1: float
    median: float
    q3: float
    count: int


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the council's latest figure stands in its comparison group (module docstring)."""

    year: str
    group: str  # "300 authorities", "181 district councils"
    authority_type: str | None
    count: int  # the group's size, the council included
    rank: int  # 1 = the worst
    percentile: int
    quartile: int  # 1 = the lowest values, 4 = the highest
    q1: float
    median: float
    q3: float
    fence: float | None  # the outlier fence on the worse side; None when neither is worse
    outlier: bool | None  # None when neither direction is worse


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Q1, median, Q3 by the inclusive method (Excel's QUARTILE.INC)."""
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def standing(
    value: float, others: Sequence[float], worse: Worse, year: str, group: str, kind: str | None
) -> Standing | None:
    """The council's rank, percentile, quartile and outlier flag among `others` plus itself;
    None when the group holds fewer than MIN_GROUP authorities."""
    values = sorted([*others, value])
    n = len(values)
    if n < MIN_GROUP:
        return None
    q1, median, q3 = quartiles(values)
    below = sum(1 for v in values if v < value)
    equal = sum(1 for v in values if v == value)
    percentile = math.floor(100 * (below + equal / 2) / n + 0.5)
    above = sum(1 for v in values if v > value)
    rank = 1 + (below if worse is Worse.LOWER else above)
    quartile = 1 if value <= q1 else 2 if value <= median else 3 if value <= q3 else 4
    spread = q3 - q1
    fence: float | None = None
    outlier: bool | None = None
    if worse is Worse.HIGHER:
        fence = q3 + FENCE * spread
        outlier = value > fence
    elif worse is Worse.LOWER:
        fence = q1 - FENCE * spread
        outlier = value < fence
    return Standing(
        year, group, kind, n, rank, percentile, quartile, q1, median, q3, fence, outlier
    )


@dataclass(frozen=True, slots=True)
class Council:
    """The authority being compared: how the sector file names it, and its type."""

    code: str | None
    name: str
    type: str | None


def council_of(assessment: Assessment) -> Council:
    authority = assessment.manifest.authority
    kind = authority.type.value if authority.type else None
    return Council(authority.code, authority.name, kind)


def _group(
    sector: Sector, council: Council, indicator: str, year: str
) -> tuple[list[float], str, str | None]:
    """The others' figures in the council's comparison group, and the group's name."""
    found = [
        f
        for f in sector.figures.get((indicator, year), ())
        if not _same(f, council.code, council.name)
    ]
    if sector.typed and council.type is not None:
        found = [f for f in found if f.type == council.type]
        name = TYPE_NAMES.get(council.type, council.type)
        return [f.value for f in found], name, council.type
    return [f.value for f in found], "authorities", None


def compare(series: Series, council: Council, sector: Sector) -> tuple[Standing | None, str]:
    """The council's standing on `series` in its latest year, or None and why not."""
    latest = series.latest
    if latest is None:
        return None, "no figures"
    others, name, kind = _group(sector, council, series.id, latest.year)
    if not others:
        return None, f"the sector file has no {latest.year} figures for this indicator"
    group = f"{len(others) + 1} {name}"
    found = standing(latest.value, others, series.definition.worse, latest.year, group, kind)
    if found is None:
        return None, (
            f"too few authorities to compare in {latest.year} ({len(others) + 1} with the"
            f" council; at least {MIN_GROUP} are needed)"
        )
    return found, ""


def bands(series: Series, council: Council, sector: Sector) -> tuple[Band, ...]:
    """The sector's median and interquartile range in each year the council has a figure."""
    found = []
    for point in series.points:
        others, _, _ = _group(sector, council, series.id, point.year)
        values = sorted([*others, point.value])
        if len(values) >= MIN_GROUP:
            q1, median, q3 = quartiles(values)
            found.append(Band(point.year, q1, median, q3, len(values)))
    return tuple(found)


# --- one council's indicators, judged -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator as every output shows it: figures, its level, its standing in the sector."""

    series: Series
    title: str
    level: Level | None  # the latest figure's level by the council's thresholds
    levels: tuple[Level | None, ...]  # each year's level, in the order of the points
    levels_below: int  # below the assessment's target (0: at or above, or no threshold reached)
    standing: Standing | None
    why_not: str  # why there is no standing, when a sector was given
    bands: tuple[Band, ...]
    theme: str | None  # the theme it belongs to in the paper

    @property
    def latest(self) -> Point | None:
        return self.series.latest

    @property
    def breach(self) -> bool:
        return self.levels_below > 0

    @property
    def outlier(self) -> bool:
        return bool(self.standing and self.standing.outlier)


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    """One assessment's indicators, judged against its thresholds and, once `judged`, the
    sector."""

    authority: str
    council: Council
    period: str
    target: Level
    lines: tuple[IndicatorLine, ...]
    sector: str | None = None
    sector_authorities: int = 0
    informs: dict[str, str] = field(default_factory=dict)  # characteristic id -> its name
    scale: tuple[Level, ...] = ()  # the assessment's levels, worst first

    def label(self, level_id: str) -> str:
        return next((lv.label for lv in self.scale if lv.id == level_id), level_id)

    @property
    def code(self) -> str | None:
        return self.council.code

    @property
    def authority_type(self) -> str | None:
        return self.council.type


def build_report(assessment: Assessment) -> IndicatorReport:
    """Every indicator of `assessment` judged against its thresholds (a picklable job; the
    sector is compared afterwards, by `judged`, once for all assessments)."""
    from bvduty.analysis.heatmap import cell_label

    scale = assessment.scale
    target_rank = assessment.rank(assessment.default_target)
    ranks = {level.id: n for n, level in enumerate(scale.levels)}
    lines = []
    for series in assessment.indicators:
        levels = tuple(_level(series.level(p.value), scale.levels) for p in series.points)
        latest_level = levels[-1] if levels else None
        below = max(0, target_rank - ranks[latest_level.id]) if latest_level else 0
        lines.append(
            IndicatorLine(
                series,
                series.definition.title,
                latest_level,
                levels,
                below,
                None,
                "",
                (),
                theme_of(series, assessment),
            )
        )
    informs = {
        c.id: f"{c.id} {cell_label(c, 50)}"
        for _, c in assessment.criteria()
        if any(c.id in s.informs for s in assessment.indicators)
    }
    return IndicatorReport(
        assessment.manifest.authority.name,
        council_of(assessment),
        assessment.manifest.period,
        scale.levels[target_rank],
        tuple(lines),
        informs=informs,
        scale=scale.levels,
    )


def judged(report: IndicatorReport, sector: Sector | None) -> IndicatorReport:
    """The report with each indicator's standing in `sector` and the sector's bands by year.

    The council's type is its manifest's, else the one the sector file gives it."""
    if sector is None:
        return report
    council = report.council
    if council.type is None:
        council = replace(council, type=sector.type_of(council.code, council.name))
    lines = []
    for line in report.lines:
        found, why = compare(line.series, council, sector)
        lines.append(
            replace(line, standing=found, why_not=why, bands=bands(line.series, council, sector))
        )
    return replace(
        report,
        council=council,
        lines=tuple(lines),
        sector=sector.label,
        sector_authorities=sector.authorities,
    )


def _level(level_id: str | None, levels: Iterable[Level]) -> Level | None:
    if level_id is None:
        return None
    return next((lv for lv in levels if lv.id == level_id), None)


def theme_of(series: Series, assessment: Assessment) -> str | None:
    """The theme an indicator belongs to: its first informed characteristic's, else Use of
    Resources when the framework has it."""
    themes = assessment.criterion_themes
    for ref in series.informs:
        if ref in themes:
            return themes[ref]
    return FINANCE_THEME if assessment.framework.theme(FINANCE_THEME) else None


# --- gaps ----------------------------------------------------------------------------------------


def indicator_gaps(assessment: Assessment, sector: Sector | None) -> list[Gap]:
    """`indicator-breach` and `indicator-outlier` gaps (docs/format.md 7.1)."""
    from bvduty.analysis.gaps import Gap, GapCode, Severity

    if not assessment.indicators:
        return []
    report = judged(build_report(assessment), sector)
    found: list[Gap] = []
    worst = assessment.scale.levels[0].id
    for line in report.lines:
        latest = line.latest
        if latest is None:
            continue
        figure = f"{line.title} is {format_value(latest.value, line.series)} in {latest.year}"
        if line.breach and line.level is not None:
            high = line.levels_below >= 2 or line.level.id == worst
            words = (
                f"{figure}: beyond the Council's threshold for {line.level.label}; target"
                f" {report.target.label}"
            )
            severity = Severity.HIGH if high else Severity.MEDIUM
            found.append(
                Gap(
                    GapCode.INDICATOR_BREACH,
                    severity,
                    line.theme,
                    line.series.id,
                    words,
                    levels_below=line.levels_below,
                )
            )
        if line.outlier and line.standing is not None:
            found.append(
                Gap(
                    GapCode.INDICATOR_OUTLIER,
                    Severity.HIGH,
                    line.theme,
                    line.series.id,
                    f"{figure}: an outlier in the sector ({standing_words(line)})",
                )
            )
    return found


# --- words and numbers shared by every output ----------------------------------------------------


def format_value(value: float, series: Series | None = None, unit: str | None = None) -> str:
    """A figure as readers see it: `9.8`, `12.5%`, `4.2 years`, `£412.0m`, `£950,000`."""
    kind = unit or (series.definition.unit.value if series else "ratio")
    if kind == "pounds":
        if abs(value) >= 1_000_000:
            return f"£{value / 1_000_000:,.1f}m"
        return f"£{value:,.0f}"
    shown = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:,.0f}"
    if kind == "percent":
        return f"{shown}%"
    if kind == "years":
        return f"{shown} years"
    return shown


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(line: IndicatorLine) -> str:
    """`3rd highest of 181 district councils`."""
    s = line.standing
    assert s is not None
    end = "lowest" if line.series.definition.worse is Worse.LOWER else "highest"
    place = f"{ordinal(s.rank)} {end}" if s.rank > 1 else end
    return f"{place} of {s.group}"


QUARTILE_WORDS = {
    1: "lowest quartile",
    2: "second quartile",
    3: "third quartile",
    4: "highest quartile",
}


def standing_words(line: IndicatorLine) -> str:
    """`3rd highest of 181 district councils, 99th percentile, highest quartile`."""
    s = line.standing
    assert s is not None
    return f"{rank_words(line)}, {ordinal(s.percentile)} percentile, {QUARTILE_WORDS[s.quartile]}"


def worse_words(worse: Worse) -> str:
    return {
        Worse.HIGHER: "higher is worse",
        Worse.LOWER: "lower is worse",
        Worse.NEITHER: "shown for context, not judged higher or lower",
    }[worse]


def years_of(series: Series) -> list[str]:
    return sorted({p.year for p in series.points}, key=year_key)
