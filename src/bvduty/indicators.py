"""Financial resilience indicators: the built-in catalogue, a folder's indicators and their values.

An assessment folder may hold files of `kind: indicators` (docs/format.md 2.8): the indicators a
council tracks, each an id of the built-in catalogue or one of its own, with values by financial
year, the characteristics it informs and, optionally, thresholds of the council's own as levels
of the assessment's scale. Values may also come from a CSV file in the folder, so a finance team
can paste its outturn figures. `resolve` checks all of it and builds one `Series` per indicator,
with a ratio computed from its parts (debt ÷ core spending power) where the catalogue has a
formula and the council gave the parts but not the ratio.

The catalogue (`frameworks/indicators.yaml`) holds definitions only: CIPFA publishes no
thresholds and no single score, and no official threshold exists, so none is built in.
"""

from __future__ import annotations

import csv
import io
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from importlib.resources import files
from itertools import pairwise
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from pydantic import Field

from bvduty import suggest
from bvduty.english import join
from bvduty.errors import Problem
from bvduty.model import (
    Indicator,
    IndicatorsFile,
    Model,
    Scale,
    Slug,
    Text,
    ThemeFile,
    Unit,
    Worse,
    financial_year,
    number,
)
from bvduty.store import Store, TooLarge

if TYPE_CHECKING:
    from bvduty.filedoc import FileDoc

Loc = tuple[str | int, ...]
CSV_COLUMNS = ("indicator", "year", "value", "source", "note")
CSV_REQUIRED = ("indicator", "year", "value", "source")
UNIT_WORDS = {
    Unit.RATIO: "ratio",
    Unit.PERCENT: "percent",
    Unit.YEARS: "years",
    Unit.POUNDS: "£",
}


# --- the built-in catalogue -------------------------------------------------------------------


class Formula(Model):
    numerator: Slug = Field(description="Indicator id of the number divided")
    denominator: Slug = Field(description="Indicator id it is divided by")


class CatalogueEntry(Model):
    """One indicator of the built-in catalogue: a definition, never a threshold."""

    id: Slug
    title: Text
    unit: Unit
    worse: Worse
    description: Text | None = None
    formula: Formula | None = None


class Catalogue(Model):
    catalogue: Slug
    title: Text
    source: Text
    indicators: tuple[CatalogueEntry, ...]


@cache
def catalogue() -> Catalogue:
    """The built-in catalogue of financial resilience indicators."""
    from bvduty.yamlload import load_trusted

    path = Path(str(files("bvduty.frameworks"))) / "indicators.yaml"
    return Catalogue.model_validate(load_trusted(path))


@cache
def builtin_indicators() -> dict[str, CatalogueEntry]:
    """The catalogue's indicators by id, in catalogue order."""
    return {entry.id: entry for entry in catalogue().indicators}


# --- what an assessment holds -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Definition:
    """What an indicator is: from the catalogue, or the council's own file."""

    id: str
    title: str
    unit: Unit
    worse: Worse
    description: str | None = None
    builtin: bool = False
    formula: tuple[str, str] | None = None  # (numerator id, denominator id)


@dataclass(frozen=True, slots=True)
class Point:
    """One year's figure; `computed` when bvduty worked it out from the indicator's parts."""

    year: str
    value: float
    source: str
    note: str | None = None
    computed: bool = False


@dataclass(frozen=True, slots=True)
class Series:
    """One indicator of an assessment: its definition, figures by year (oldest first), the
    council's thresholds (level id and value, worst level first) and the characteristics it
    informs."""

    definition: Definition
    points: tuple[Point, ...]
    thresholds: tuple[tuple[str, float], ...] = ()
    informs: tuple[str, ...] = ()
    file: str | None = None
    note: str | None = None  # the note of the file that defines it ("Illustrative figures")

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    def level(self, value: float) -> str | None:
        """The level of the worst threshold `value` reaches; None when it reaches none (or the
        council set no thresholds): docs/format.md 2.8."""
        for level, limit in self.thresholds:  # worst first
            if reaches(value, limit, self.definition.worse):
                return level
        return None


def reaches(value: float, limit: float, worse: Worse) -> bool:
    """Whether `value` is at `limit` or beyond it on the worse side."""
    if worse is Worse.HIGHER:
        return value >= limit
    if worse is Worse.LOWER:
        return value <= limit
    return False


def year_key(year: str) -> int:
    """The sort key of a financial year `2024/25`: its first calendar year."""
    return int(year[:4])


# --- a values CSV inside the folder -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One row of a values file, with where each cell is (line, column; 1-based)."""

    indicator: str
    year: str
    value: float
    source: str
    note: str | None
    line: int
    columns: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ValuesFile:
    """A values file's rows, named by an indicators file (`doc`)."""

    doc: FileDoc
    display: str
    rows: tuple[CsvRow, ...]


def values_path(indicators_file: PurePath, name: str, folder: PurePath) -> PurePath | None:
    """Where `values_file: NAME` of the file at `indicators_file` is, or None when the path
    leaves the assessment folder, is absolute, or is not a `.csv` file."""
    if name.startswith(("/", "\\")) or PurePath(name).is_absolute() or "\\" in name:
        return None
    if not name.lower().endswith(".csv"):
        return None
    joined = posixpath.normpath(posixpath.join(indicators_file.parent.as_posix(), name))
    bound = folder.as_posix().rstrip("/")
    if bound in ("", "."):
        if joined.startswith("../") or joined == "..":
            return None
    elif not joined.startswith(bound + "/"):
        return None
    return type(indicators_file)(joined)


def read_values_file(
    doc: FileDoc, store: Store, folder: PurePath
) -> tuple[ValuesFile | None, list[Problem]]:
    """The rows of the values file that `doc` names, and the problems of the file.

    Every bad row is a problem at its line and column; the good rows are kept.
    """
    body = doc.doc
    assert isinstance(body, IndicatorsFile) and body.values_file is not None
    name = body.values_file
    path = values_path(doc.path, name, folder)
    if path is None:
        message = (
            f"values file '{name}' must be a .csv file in the assessment's folder: move it there"
            " and write its path from this file, e.g. values_file: indicators.csv"
        )
        return None, [doc.at(("values_file",), "bad-value", message)]
    if not store.is_file(path):
        message = f"values file '{name}' not found next to {doc.display}; add it, or fix the name"
        return None, [doc.at(("values_file",), "missing-file", message)]
    if not store.inside(path, folder):
        message = (
            f"values file '{name}' is a link to a file outside the assessment folder; bvduty"
            " does not follow it: copy the file into the folder instead"
        )
        return None, [doc.at(("values_file",), "link-outside", message)]
    display = store.display(path)
    try:
        data = store.read(path)
    except TooLarge as exc:
        return None, [Problem(display, 1, 1, "file-too-large", "", str(exc))]
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        return None, [Problem(display, 1, 1, "unreadable", "", message)]
    rows, problems = parse_values_csv(data, display)
    return ValuesFile(doc, display, tuple(rows)), problems


def _text(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it from the spreadsheet"
            " as 'CSV UTF-8'"
        )
        return None, [Problem(display, line, column, "encoding", "", message)]
    return text, []


def cell_columns(line: str) -> list[int]:
    """The 1-based column where each comma-separated cell of one CSV line starts (quotes kept
    in mind), so that a problem points at its cell."""
    starts, quoted = [1], False
    for index, character in enumerate(line):
        if character == '"':
            quoted = not quoted
        elif character == "," and not quoted:
            starts.append(index + 2)
    return starts


def csv_records(text: str) -> Iterable[tuple[int, list[str], list[int]]]:
    """(first line, cells, cell columns) of each record of a CSV text; blank lines skipped."""
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    last = 0
    for cells in reader:
        first, last = last + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        columns = cell_columns(lines[first - 1]) if first == last and first <= len(lines) else []
        yield first, cells, columns + [1] * (len(cells) - len(columns))


def parse_values_csv(data: bytes, display: str) -> tuple[list[CsvRow], list[Problem]]:
    """Rows of a values CSV (docs/format.md 2.8): a header naming the columns, then a row per
    figure. Problems point at the cell; a row with a problem is left out, the others kept."""
    text, problems = _text(data, display)
    if text is None:
        return [], problems
    records = iter(csv_records(text))
    header = next(records, None)
    if header is None:
        message = f"the file is empty; its first line names the columns: {', '.join(CSV_COLUMNS)}"
        return [], [Problem(display, 1, 1, "empty-file", "", message)]
    line, names, columns = header
    named: dict[str, int] = {}
    for index, raw in enumerate(names):
        name = raw.strip().lower()
        if name in CSV_COLUMNS and name not in named:
            named[name] = index
            continue
        message = suggest.hinted(
            f"unknown column '{raw}'",
            suggest.near(name, CSV_COLUMNS),
            f"the columns are {', '.join(CSV_COLUMNS)}",
        )
        problems.append(Problem(display, line, columns[index], "unknown-field", "", message))
    missing = [c for c in CSV_REQUIRED if c not in named]
    if missing:
        message = (
            f"the first line names no column {', '.join(missing)}; it names the columns"
            f" {', '.join(CSV_COLUMNS)} (note may be left out)"
        )
        problems.append(Problem(display, line, 1, "missing-field", "", message))
        return [], problems
    rows: list[CsvRow] = []
    for line, cells, columns in records:
        row = _row(display, line, cells, columns, named, problems, len(names))
        if row is not None:
            rows.append(row)
    return rows, problems


def _row(
    display: str,
    line: int,
    cells: list[str],
    columns: list[int],
    named: dict[str, int],
    problems: list[Problem],
    width: int,
) -> CsvRow | None:
    def at(name: str) -> int:
        index = named[name]
        return columns[index] if index < len(columns) else 1

    def cell(name: str) -> str:
        index = named.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    found: list[Problem] = []
    if len(cells) > width:  # fewer is fine: a spreadsheet leaves out empty cells at the end
        message = (
            f"this row has {len(cells)} cells and the first line names {width} columns;"
            " put each figure on a line of its own, and text with commas in quotes"
        )
        problems.append(Problem(display, line, 1, "bad-value", "", message))
        return None
    for name in CSV_REQUIRED:
        if not cell(name):
            message = f"the {name} cell is empty; fill it in, or delete the row"
            found.append(Problem(display, line, at(name), "missing-field", "", message))
    indicator, year, value = cell("indicator"), cell("year"), None
    if indicator and not suggest.SLUG.fullmatch(indicator):
        message = suggest.hinted(
            f"indicator '{indicator}' is not an indicator id (lower-case letters, digits and"
            " hyphens)",
            suggest.normalise(indicator)
            if suggest.SLUG.fullmatch(suggest.normalise(indicator))
            else None,
        )
        found.append(Problem(display, line, at("indicator"), "bad-value", "", message))
    if year:
        try:
            year = financial_year(year)
        except Exception as exc:  # PydanticCustomError: its message says what to write
            found.append(Problem(display, line, at("year"), "bad-value", "", str(exc)))
    if cell("value"):
        try:
            value = number(cell("value"))
        except Exception as exc:
            found.append(Problem(display, line, at("value"), "bad-value", "", str(exc)))
    problems.extend(found)
    if found or value is None:
        return None
    note = cell("note") or None
    spots = {name: at(name) for name in named}
    return CsvRow(indicator, year, value, cell("source"), note, line, spots)


# --- checking and building a folder's indicators -------------------------------------------------


@dataclass(slots=True)
class _Declared:
    doc: FileDoc
    index: int
    indicator: Indicator


def resolve(
    docs: Sequence[FileDoc],
    values_files: Sequence[ValuesFile],
    scale: Scale | None,
    raw_ids: set[str] | None,
) -> tuple[tuple[Series, ...], list[Problem]]:
    """Every indicator of the folder as a `Series`, and every problem in their definitions,
    thresholds, references and values (docs/format.md 2.8)."""
    from bvduty.checks import _reference

    entries = builtin_indicators()
    problems: list[Problem] = []
    criteria_ids = {c.id for d in docs if isinstance(d.doc, ThemeFile) for c in d.doc.criteria}
    declared: dict[str, _Declared] = {}
    for doc in docs:
        if not isinstance(doc.doc, IndicatorsFile):
            continue
        for index, indicator in enumerate(doc.doc.indicators):
            here: Loc = ("indicators", index)
            if indicator.id in declared:
                first = declared[indicator.id]
                line = first.doc.at(("indicators", first.index, "id"), "", "").line
                message = (
                    f"indicator '{indicator.id}' is already defined at {first.doc.display}:{line};"
                    " give its values there, or give this one an id of its own"
                )
                problems.append(doc.at((*here, "id"), "duplicate-id", message))
                continue
            declared[indicator.id] = _Declared(doc, index, indicator)
            problems.extend(_check_definition(doc, here, indicator, entries))
            for n, ref in enumerate(indicator.informs):
                loc: Loc = (*here, "informs", n)
                problems.extend(_reference(doc, loc, ref, criteria_ids, raw_ids, "criterion"))
            problems.extend(_check_thresholds(doc, here, indicator, entries, scale))
    # id -> year -> (point, where it is): the place is found only when a second value needs it
    # (finding a line composes the file's nodes, which a valid file never needs).
    points: dict[str, dict[str, tuple[Point, Callable[[], str]]]] = {}
    for item in declared.values():
        seen = points.setdefault(item.indicator.id, {})
        for n, value in enumerate(item.indicator.values):
            loc = ("indicators", item.index, "values", n, "year")
            where = partial(_place, item.doc, loc)
            if value.year in seen:
                problems.append(
                    _twice(item.doc.at(loc, "", ""), item.indicator.id, value.year, seen)
                )
                continue
            point = Point(value.year, value.value, value.source, value.note)
            seen[value.year] = (point, where)
    for values_file in values_files:
        for row in values_file.rows:
            if row.indicator not in declared and row.indicator not in entries:
                known = [*declared, *entries]
                message = suggest.hinted(
                    f"indicator '{row.indicator}' is neither in the built-in catalogue nor"
                    " defined in an indicators file of this folder",
                    suggest.near(row.indicator, known),
                    "define it in the indicators file (id, title, unit, worse), or fix the id",
                )
                spot = row.columns.get("indicator", 1)
                problems.append(
                    Problem(values_file.display, row.line, spot, "unknown-reference", "", message)
                )
                continue
            seen = points.setdefault(row.indicator, {})
            placed = Problem(values_file.display, row.line, row.columns.get("year", 1), "", "", "")
            if row.year in seen:
                problems.append(_twice(placed, row.indicator, row.year, seen))
                continue
            point = Point(row.year, row.value, row.source, row.note)
            seen[row.year] = (point, partial(str, f"{values_file.display}:{row.line}"))
    return _build(declared, points, entries, scale), problems


def _place(doc: FileDoc, loc: Loc) -> str:
    return f"{doc.display}:{doc.at(loc, '', '').line}"


def _twice(
    placed: Problem, indicator: str, year: str, seen: dict[str, tuple[Point, Callable[[], str]]]
) -> Problem:
    message = (
        f"{indicator} already has a value for {year} at {seen[year][1]()}; give each year one"
        " value: delete one of them"
    )
    return Problem(placed.file, placed.line, placed.column, "duplicate-year", placed.path, message)


def _check_definition(
    doc: FileDoc, here: Loc, indicator: Indicator, entries: dict[str, CatalogueEntry]
) -> Iterable[Problem]:
    entry = entries.get(indicator.id)
    if entry is None:
        missing = [f for f in ("title", "unit", "worse") if getattr(indicator, f) is None]
        if missing and doc.complete(here):
            near = suggest.near(indicator.id, entries)
            lead = f"indicator '{indicator.id}' is not in the built-in catalogue"
            if near is not None:
                lead += f" (did you mean '{near}'?)"
            message = (
                f"{lead}, so it needs {join(missing)} of its own: add"
                f" {', '.join(f'{m}: …' for m in missing)}"
            )
            yield doc.at((*here, "id"), "missing-field", message)
        return
    for name in ("unit", "worse"):
        given = getattr(indicator, name)
        wanted = getattr(entry, name)
        if given is not None and given != wanted:
            what = "its unit is" if name == "unit" else "worse is"
            message = (
                f"{indicator.id} is a built-in indicator and {what} {wanted.value}; remove the"
                f" {name} line, or give an indicator of your own an id of its own"
            )
            yield doc.at((*here, name), "bad-value", message)


def _check_thresholds(
    doc: FileDoc,
    here: Loc,
    indicator: Indicator,
    entries: dict[str, CatalogueEntry],
    scale: Scale | None,
) -> Iterable[Problem]:
    if not indicator.thresholds:
        return
    entry = entries.get(indicator.id)
    worse = indicator.worse or (entry.worse if entry else None)
    if worse is Worse.NEITHER:
        message = (
            f"{indicator.id} is neither better nor worse when higher, so it cannot have"
            " thresholds; remove them"
        )
        yield doc.at((*here, "thresholds"), "bad-value", message, key=True)
        return
    if scale is None:
        return
    ranks = {level.id: n for n, level in enumerate(scale.levels)}
    known: list[tuple[int, str, float]] = []
    for level, value in indicator.thresholds.items():
        loc: Loc = (*here, "thresholds", level)
        if level not in ranks:
            message = suggest.level_message("threshold", level, scale.levels)
            yield doc.at(loc, "unknown-level", message, key=True)
        elif ranks[level] == len(scale.levels) - 1:
            message = (
                f"{level} is the best level: a value that reaches no threshold is at it, so it"
                " needs none; remove this line"
            )
            yield doc.at(loc, "bad-value", message, key=True)
        else:
            known.append((ranks[level], level, value))
    if worse is None:
        return
    known.sort()
    for (_, worse_level, worse_value), (_, level, value) in pairwise(known):
        wrong = value >= worse_value if worse is Worse.HIGHER else value <= worse_value
        if wrong:
            side = "below" if worse is Worse.HIGHER else "above"
            message = (
                f"{indicator.id} is worse when {worse.value}, so the threshold for {level}"
                f" ({_shown(value)}) must be {side} the one for the worse level {worse_level}"
                f" ({_shown(worse_value)}); write a value {side} {_shown(worse_value)}, or fix"
                f" the one for {worse_level}"
            )
            yield doc.at((*here, "thresholds", level), "bad-value", message)


def _shown(value: float) -> str:
    return f"{value:g}"


def _build(
    declared: dict[str, _Declared],
    points: dict[str, dict[str, tuple[Point, Callable[[], str]]]],
    entries: dict[str, CatalogueEntry],
    scale: Scale | None,
) -> tuple[Series, ...]:
    ranks = {level.id: n for n, level in enumerate(scale.levels)} if scale else {}
    order = list(declared) + [i for i in entries if i in points and i not in declared]
    values = {key: {y: p for y, (p, _) in found.items()} for key, found in points.items()}
    for entry in entries.values():  # a ratio from its parts, where the council gave them
        if entry.formula is None:
            continue
        top = values.get(entry.formula.numerator, {})
        bottom = values.get(entry.formula.denominator, {})
        made = values.setdefault(entry.id, {})
        for year in sorted(set(top) & set(bottom) - set(made), key=year_key):
            if bottom[year].value == 0:
                continue
            source = (
                f"computed: {entries[entry.formula.numerator].title} ÷"
                f" {entries[entry.formula.denominator].title.lower()}"
            )
            made[year] = Point(year, top[year].value / bottom[year].value, source, computed=True)
        if made and entry.id not in order:
            order.append(entry.id)
    found: list[Series] = []
    for key in order:
        item = declared.get(key)
        definition = _definition(key, item.indicator if item else None, entries.get(key))
        if definition is None:
            continue
        thresholds: tuple[tuple[str, float], ...] = ()
        if item is not None:
            thresholds = tuple(
                sorted(
                    ((lv, v) for lv, v in item.indicator.thresholds.items() if lv in ranks),
                    key=lambda pair: ranks[pair[0]],
                )
            )
        series_points = tuple(sorted(values.get(key, {}).values(), key=lambda p: year_key(p.year)))
        found.append(
            Series(
                definition,
                series_points,
                thresholds,
                item.indicator.informs if item else (),
                item.doc.display if item else None,
                _file_note(item.doc) if item else None,
            )
        )
    return tuple(found)


def _file_note(doc: FileDoc) -> str | None:
    return doc.doc.note if isinstance(doc.doc, IndicatorsFile) else None


def _definition(
    key: str, indicator: Indicator | None, entry: CatalogueEntry | None
) -> Definition | None:
    if entry is not None:
        formula = (entry.formula.numerator, entry.formula.denominator) if entry.formula else None
        title = indicator.title if indicator and indicator.title else entry.title
        description = indicator.description if indicator and indicator.description else None
        return Definition(
            key,
            title,
            entry.unit,
            entry.worse,
            description or entry.description,
            builtin=True,
            formula=formula,
        )
    if indicator is None or not (indicator.title and indicator.unit and indicator.worse):
        return None
    return Definition(key, indicator.title, indicator.unit, indicator.worse, indicator.description)
