"""The output choices the commands offer: formats, colour and width, and each format's renderer.

The format enums are the Typer option types; the `*_renderer` functions map a format to one pure
renderer (`value -> str | bytes`), importing it only when chosen so that `bvduty validate` never
loads rich, Jinja or python-docx it does not use.

Commands over many assessments stream: their renderers come in two halves (`Parts`), one that
renders a single assessment (in the worker process that built it) and one that writes the parts
in input order as one document, so no command ever holds the whole output or every assessment.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TextIO, TypeVar

from bvduty.errors import UsageError

if TYPE_CHECKING:
    from bvduty.analysis.actions import ActionPlan
    from bvduty.analysis.diff import Diff
    from bvduty.analysis.gaps import GapReport
    from bvduty.analysis.heatmap import Heatmap
    from bvduty.analysis.indicators import IndicatorReport
    from bvduty.analysis.paper import Paper
    from bvduty.analysis.tables import Tables
    from bvduty.errors import ValidationReport


V = TypeVar("V")
P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Parts(Generic[V, P]):
    """A renderer in two halves, so that output streams while assessments load.

    `part` renders one assessment's value; it must be picklable, since it runs in the worker
    that built the value. `join` writes the parts, in input order, as one document: headers,
    separators, the JSON wrapper. Joined parts are the bytes the whole renderer would give.
    """

    part: Callable[[V], P]
    join: Callable[[Iterable[P]], Iterator[str]]
    many: Callable[[V], P] | None = None  # `part` when there are several assessments, if less


def _same(value: Any) -> Any:
    return value


def _summaries(heatmap: Heatmap) -> Heatmap:
    """A heatmap without its cells: all that a row of the matrix of many shows (each theme's
    counts), and less to send back from a worker."""
    from dataclasses import replace

    return replace(heatmap, themes=tuple(replace(row, cells=()) for row in heatmap.themes))


class Colour(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class ProblemFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class HeatmapFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    CSV = "csv"
    SVG = "svg"


class GapsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class DiffFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    MD = "md"


class ActionsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    ICS = "ics"


class CatalogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class IndicatorsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


def use_colour(choice: Colour, stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Whether to colour `stream`: `always` and `never` win; `auto` follows the conventions.

    Auto: no colour when NO_COLOR is set (https://no-color.org); colour when FORCE_COLOR is set
    to anything but 0; no colour when TERM is `dumb`; otherwise colour only on a terminal.
    """
    if choice is Colour.ALWAYS:
        return True
    if choice is Colour.NEVER:
        return False
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def width(stream: TextIO) -> int:
    """The terminal's width when `stream` is one; 80 otherwise, so piped output is stable."""
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        return max(60, shutil.get_terminal_size().columns)
    return 80


def problems_format(
    given: ProblemFormat | None, env: Mapping[str, str] | None = None
) -> ProblemFormat:
    """The format asked for; without one, GitHub annotations inside GitHub Actions (as
    yamllint does), text elsewhere."""
    if given is not None:
        return given
    env = os.environ if env is None else env
    return ProblemFormat.GITHUB if env.get("GITHUB_ACTIONS") == "true" else ProblemFormat.TEXT


def problem_renderer(fmt: ProblemFormat, *, colour: bool) -> Callable[[ValidationReport], str]:
    from bvduty.render import problems

    renderers: dict[ProblemFormat, Callable[[ValidationReport], str]] = {
        ProblemFormat.TEXT: partial(problems.text, colour=colour),
        ProblemFormat.JSON: problems.as_json,
        ProblemFormat.GITHUB: problems.github,
    }
    return renderers[fmt]


def heatmap_renderer(fmt: HeatmapFormat, *, width: int, colour: bool) -> Parts[Heatmap, Any]:
    """JSON and CSV parts are rendered in the workers; the terminal and SVG need every map."""
    if fmt is HeatmapFormat.TERMINAL:
        join = partial(_terminal_heatmaps, width=width, colour=colour)
        return Parts(_same, join, many=_summaries)
    if fmt is HeatmapFormat.SVG:
        from bvduty.render import svg

        return Parts(_same, svg.heatmap_chunks)
    from bvduty.render import csv, json

    if fmt is HeatmapFormat.JSON:
        return Parts(partial(_json_item, json.heatmap), _json_document)
    return Parts(
        partial(_csv_rows, csv.heatmap, csv.HEATMAP_HEADER), partial(_csv, csv.HEATMAP_HEADER)
    )


def gaps_renderer(fmt: GapsFormat, *, width: int, colour: bool) -> Parts[GapReport, str]:
    """Each assessment's gaps are rendered in the worker that found them."""
    if fmt is GapsFormat.TABLE:
        from bvduty.render import terminal  # rich: only for the table

        return Parts(partial(_one, partial(terminal.gaps, width=width, colour=colour)), _blank_line)
    from bvduty.render import csv, json

    if fmt is GapsFormat.JSON:
        return Parts(partial(_json_item, json.gaps), _json_document)
    return Parts(partial(_csv_rows, csv.gaps, csv.GAPS_HEADER), partial(_csv, csv.GAPS_HEADER))


# --- the halves of streamed renderers ----------------------------------------------------------
#
# Each part is the whole renderer's answer for one assessment with the document's frame taken
# off, so a streamed document is byte for byte the document of all the values at once.

_JSON_HEAD = '{\n  "assessments": [\n'
_JSON_TAIL = "\n  ]\n}\n"
_JSON_EMPTY = '{\n  "assessments": []\n}\n'


def _one(render: Callable[[Sequence[V]], str], value: V) -> str:
    return render([value])


def _json_item(render: Callable[[Sequence[V]], str], value: V) -> str:
    """One assessment's entry of the `{"assessments": [...]}` document, indented in place."""
    whole = render([value])
    assert whole.startswith(_JSON_HEAD) and whole.endswith(_JSON_TAIL)
    return whole[len(_JSON_HEAD) : -len(_JSON_TAIL)]


def _json_document(items: Iterable[str]) -> Iterator[str]:
    first = True
    for item in items:
        yield (_JSON_HEAD if first else ",\n") + item
        first = False
    yield _JSON_EMPTY if first else _JSON_TAIL


def _header_line(header: Sequence[str]) -> str:
    return ",".join(header) + "\r\n"  # plain names: the csv module writes them unquoted


def _csv_rows(render: Callable[[Sequence[V]], str], header: Sequence[str], value: V) -> str:
    """One assessment's CSV rows, without the header line."""
    whole = render([value])
    line = _header_line(header)
    assert whole.startswith(line)
    return whole[len(line) :]


def _csv(header: Sequence[str], parts: Iterable[str]) -> Iterator[str]:
    yield _header_line(header)
    yield from parts


def _blank_line(parts: Iterable[str]) -> Iterator[str]:
    """Parts one after another with a blank line between (the gap tables)."""
    first = True
    for part in parts:
        yield part if first else "\n" + part
        first = False


def _terminal_heatmaps(maps: Iterable[Heatmap], *, width: int, colour: bool) -> Iterator[str]:
    """One assessment's heatmap in full; several as a matrix, written a row at a time.

    Why two maps at a time: `terminal.matrix` lays out its header from the first map, so the
    row of map M, as the whole matrix would show it, is the last row of the matrix of (first,
    M); its lines are the header, one row per map, a blank line and the key.
    """
    from bvduty.render import terminal

    ahead = iter(maps)
    first = next(ahead, None)
    second = next(ahead, None)
    if first is None or second is None:
        yield terminal.heatmaps([] if first is None else [first], width=width, colour=colour)
        return
    lines = terminal.matrix([first, second], width=width, colour=colour).split("\n")
    yield "\n".join(lines[:3]) + "\n"
    for m in ahead:
        yield terminal.matrix([first, m], width=width, colour=colour).split("\n")[2] + "\n"
    yield "\n".join(lines[3:])


def diff_renderer(fmt: DiffFormat, *, width: int, colour: bool) -> Callable[[Diff], str]:
    from bvduty.render import diff

    renderers: dict[DiffFormat, Callable[[Diff], str]] = {
        DiffFormat.TERMINAL: partial(diff.terminal, width=width, colour=colour),
        DiffFormat.JSON: diff.as_json,
        DiffFormat.MD: diff.markdown,
    }
    return renderers[fmt]


def actions_renderer(
    fmt: ActionsFormat, *, width: int, colour: bool
) -> Callable[[Sequence[ActionPlan]], str]:
    from bvduty.render import actions

    renderers: dict[ActionsFormat, Callable[[Sequence[ActionPlan]], str]] = {
        ActionsFormat.TEXT: partial(actions.text, width=width, colour=colour),
        ActionsFormat.JSON: actions.as_json,
        ActionsFormat.CSV: actions.as_csv,
        ActionsFormat.ICS: actions.ics,
    }
    return renderers[fmt]


def catalog_renderer(fmt: CatalogFormat, *, item: bool) -> Callable[[Any], str]:
    from bvduty.render import frameworks

    if item:
        return frameworks.show_json if fmt is CatalogFormat.JSON else frameworks.show_text
    return frameworks.listing_json if fmt is CatalogFormat.JSON else frameworks.listing_text


def export_renderer(
    fmt: ExportFormat,
) -> Callable[[Iterable[Tables]], Iterator[bytes] | dict[str, Iterable[str]]]:
    """xlsx gives one workbook's bytes, in pieces; csv gives a file per table, by name.

    Both read the tables as they come and keep what they write in temporary files, so an
    export holds one assessment at a time.
    """
    if fmt is ExportFormat.XLSX:
        from bvduty.render import xlsx

        return xlsx.workbook
    return _csv_files


def _csv_files(found: Iterable[Tables]) -> dict[str, Iterable[str]]:
    """`bvduty export --format csv`: actions.csv, heatmap.csv and gaps.csv, filled together."""
    from bvduty.render import csv

    tables: dict[str, tuple[Callable[[Tables], Any], Callable[[Sequence[Any]], str], Sequence[str]]]
    tables = {
        "actions.csv": (lambda t: t.actions, csv.actions, csv.ACTIONS_HEADER),
        "heatmap.csv": (lambda t: t.heatmap, csv.heatmap, csv.HEATMAP_HEADER),
        "gaps.csv": (lambda t: t.gaps, csv.gaps, csv.GAPS_HEADER),
    }
    from bvduty.spool import read_back, spool

    spools = {name: spool() for name in tables}
    try:
        for name, (_, _, header) in tables.items():
            spools[name].write(_header_line(header))
        for found_tables in found:
            for name, (pick, render, header) in tables.items():
                spools[name].write(_csv_rows(render, header, pick(found_tables)))
    except BaseException:
        for file in spools.values():
            file.close()
        raise
    return {name: read_back(file) for name, file in spools.items()}


def indicators_renderer(
    fmt: IndicatorsFormat, *, width: int
) -> Callable[[Sequence[IndicatorReport]], str]:
    """The indicators command's writer: text (a sparkline and the figures), json or csv."""
    from bvduty.render import indicators

    renderers: dict[IndicatorsFormat, Callable[[Sequence[IndicatorReport]], str]] = {
        IndicatorsFormat.TEXT: partial(indicators.text, width=width),
        IndicatorsFormat.JSON: indicators.as_json,
        IndicatorsFormat.CSV: indicators.as_csv,
    }
    return renderers[fmt]


def report_renderer(
    fmt: ReportFormat,
    *,
    output: Path | None,
    template_dir: Path | None,
    reference_docx: Path | None,
) -> Callable[[Paper], str | bytes]:
    """The paper's writer for `fmt`, after checking that the options given fit it.

    Raises:
        UsageError: a binary format without --output, or an option meant for another format.
    """
    if fmt in (ReportFormat.DOCX, ReportFormat.PDF) and output is None:
        raise UsageError(f"--format {fmt} writes a binary file: give --output FILE")
    if reference_docx is not None and fmt is not ReportFormat.DOCX:
        raise UsageError("--reference-docx is for --format docx")
    if template_dir is not None and fmt not in (ReportFormat.HTML, ReportFormat.PDF):
        raise UsageError(
            "--template-dir changes the page of the html and pdf papers; Word takes"
            " --reference-docx, and Markdown has no page to change"
        )
    if fmt is ReportFormat.DOCX:
        from bvduty.render import docx

        return partial(docx.paper, reference=reference_docx)
    if fmt is ReportFormat.MD:
        from bvduty.render import markdown

        return markdown.paper
    from bvduty.render import html, pdf

    renderers: dict[ReportFormat, Callable[..., str | bytes]] = {
        ReportFormat.HTML: html.paper,
        ReportFormat.PDF: pdf.paper,
    }
    return partial(renderers[fmt], template_dir=template_dir)
