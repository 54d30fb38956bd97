"""The output choices the commands offer: formats, colour and width, and each format's renderer.

The format enums are the Typer option types; the `*_renderer` functions map a format to one pure
renderer (`value -> str | bytes`), importing it only when chosen so that `bvduty validate` never
loads rich, Jinja or python-docx it does not use.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

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


def heatmap_renderer(
    fmt: HeatmapFormat, *, width: int, colour: bool
) -> Callable[[Sequence[Heatmap]], str]:
    if fmt is HeatmapFormat.TERMINAL:
        from bvduty.render import terminal

        return partial(terminal.heatmaps, width=width, colour=colour)
    from bvduty.render import csv, json, svg

    renderers: dict[HeatmapFormat, Callable[[Sequence[Heatmap]], str]] = {
        HeatmapFormat.JSON: json.heatmap,
        HeatmapFormat.CSV: csv.heatmap,
        HeatmapFormat.SVG: svg.heatmap,
    }
    return renderers[fmt]


def gaps_renderer(
    fmt: GapsFormat, *, width: int, colour: bool
) -> Callable[[Sequence[GapReport]], str]:
    """Picklable, so that a national run can render each assessment in a worker process."""
    if fmt is GapsFormat.TABLE:
        from bvduty.render import terminal

        return partial(terminal.gaps, width=width, colour=colour)
    from bvduty.render import csv, json

    renderers: dict[GapsFormat, Callable[[Sequence[GapReport]], str]] = {
        GapsFormat.JSON: json.gaps,
        GapsFormat.CSV: csv.gaps,
    }
    return renderers[fmt]


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


def export_renderer(fmt: ExportFormat) -> Callable[[Sequence[Tables]], bytes | dict[str, str]]:
    """xlsx gives one workbook's bytes; csv gives a file per table, by name."""
    if fmt is ExportFormat.XLSX:
        from bvduty.render import xlsx

        return xlsx.workbook
    from bvduty.render import csv

    return csv.tables


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
