"""The command line: parse options, call one core function, render, write, choose the exit code.

Heavy modules are imported inside the commands so `bvduty --help` starts quickly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from bvduty.errors import BvdutyError, ExitCode, InvalidInput

app = typer.Typer(
    name="bvduty",
    help="Best Value Duty self-assessment as code: validate, heatmap, gaps and committee papers.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEFAULT_PATH = Path("assessments")
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Assessment folders or files (default: assessments).", show_default=False),
]
PathArg = Annotated[
    Path,
    typer.Argument(help="An assessment folder, or a folder of them."),
]
Workers = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Processes to use (default: all cores for big runs)."),
]


class ProblemFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _colour(stream: object) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _fail(error: BvdutyError) -> NoReturn:
    """Print a user error without a traceback and exit with its code."""
    if isinstance(error, InvalidInput):
        from bvduty.core import ValidationReport
        from bvduty.render import problems

        report = ValidationReport(tuple(error.problems), 0, 0)
        sys.stderr.write(problems.text(report, colour=_colour(sys.stderr)))
        sys.stderr.write(f"bvduty: {len(error.problems)} problem(s); nothing was produced\n")
    else:
        sys.stderr.write(f"bvduty: error: {error}\n")
    raise typer.Exit(int(error.exit_code))


class _Bar:
    """A rich progress bar on stderr, shown only for runs over many files."""

    MIN_FILES = 200

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        if total < self.MIN_FILES:
            return
        from rich.console import Console
        from rich.progress import Progress

        # No refresh thread: the pool forks, and forking a threaded process risks deadlocks.
        self._bar = Progress(console=Console(stderr=True), transient=True, auto_refresh=False)
        self._task = self._bar.add_task("Reading assessments", total=total)
        self._bar.start()

    def advance(self, files: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, files)
            self._bar.refresh()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextmanager
def _progress() -> Iterator[_Bar | None]:
    """Progress on stderr when it is a terminal; silent when piped or in CI."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = _Bar()
    try:
        yield bar
    finally:
        bar.stop()


def _version(value: bool) -> None:
    if value:
        from bvduty import __version__

        sys.stdout.write(f"bvduty {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Best Value Duty self-assessment as code.

    Keep the self-assessment as YAML in git; check it with `validate`, see it with `heatmap`
    and `gaps`, and turn it into the committee paper with `report`.
    """


def _write(text: str, output: Path | None = None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from bvduty.output import write_atomic

    write_atomic(output, text)


@app.command()
def validate(
    paths: PathsArg = None,
    output_format: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = ProblemFormat.TEXT,
    jobs: Workers = None,
) -> None:
    """Check every file: report each problem with file, line and column (exit 1 if any)."""
    from bvduty import core
    from bvduty.render import problems

    targets = paths or [DEFAULT_PATH]
    try:
        with _progress() as progress:
            report = core.validate(targets, workers=jobs, progress=progress)
    except BvdutyError as error:
        _fail(error)
    renderers = {
        ProblemFormat.TEXT: lambda r: problems.text(r, colour=_colour(sys.stdout)),
        ProblemFormat.JSON: problems.as_json,
        ProblemFormat.GITHUB: problems.github,
    }
    _write(renderers[output_format](report))
    sys.stderr.write(problems.summary(report) + "\n")
    raise typer.Exit(int(ExitCode.OK if report.valid else ExitCode.FINDINGS))


class HeatmapFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    CSV = "csv"
    SVG = "svg"


class GapsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]


def _width() -> int:
    """The terminal's width when stdout is one; 80 otherwise, so piped output is stable."""
    if sys.stdout.isatty():
        import shutil

        return max(60, shutil.get_terminal_size().columns)
    return 80


@app.command()
def heatmap(
    path: PathArg = DEFAULT_PATH,
    output_format: Annotated[
        HeatmapFormat, typer.Option("--format", "-f", help="terminal, json, csv or svg.")
    ] = HeatmapFormat.TERMINAL,
    theme: Annotated[
        str | None,
        typer.Option("--theme", help="Show one theme, by id.", autocompletion=_complete_theme),
    ] = None,
    output: OutputOpt = None,
    jobs: Workers = None,
) -> None:
    """Show the heatmap: every cell's rating, theme by theme (a matrix for many authorities)."""
    from bvduty import core
    from bvduty.analysis.heatmap import build_heatmap
    from bvduty.render import csv, json, svg, terminal

    try:
        with _progress() as progress:
            maps = core.select_theme(
                core.analyse([path], build_heatmap, workers=jobs, progress=progress), theme
            )
        colour = output is None and _colour(sys.stdout)
        if output_format is HeatmapFormat.TERMINAL:
            show = terminal.heatmap if len(maps) == 1 else terminal.matrix
            text = show(maps, width=_width(), colour=colour)
        else:
            text = {
                HeatmapFormat.JSON: json.heatmap,
                HeatmapFormat.CSV: csv.heatmap,
                HeatmapFormat.SVG: svg.heatmap,
            }[output_format](maps)
        _write(text, output)
    except BvdutyError as error:
        _fail(error)


@app.command()
def gaps(
    path: PathArg = DEFAULT_PATH,
    output_format: Annotated[
        GapsFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = GapsFormat.TABLE,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge overdue actions at this date (YYYY-MM-DD)."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Exit 1 if any gap has one of these codes (comma-separated)."
        ),
    ] = None,
    output: OutputOpt = None,
    jobs: Workers = None,
) -> None:
    """List the gaps: below target, unrated, no evidence, no action, overdue, missing theme."""
    from bvduty import core
    from bvduty.render import csv, json, terminal

    try:
        when, codes = core.parse_date(as_of, "--as-of"), core.parse_codes(fail_on)
        with _progress() as progress:
            if output_format is GapsFormat.TABLE:
                colour = output is None and _colour(sys.stdout)
                table = partial(terminal.gaps, width=_width(), colour=colour)
                parts = core.gaps_rendered([path], when, table, workers=jobs, progress=progress)
                text, found = "\n".join(p.text for p in parts), {c for p in parts for c in p.codes}
            else:
                reports = core.analyse([path], core.gaps_job(when), workers=jobs, progress=progress)
                text = {GapsFormat.JSON: json.gaps, GapsFormat.CSV: csv.gaps}[output_format](
                    reports
                )
                found = {g.code.value for r in reports for g in r.gaps}
        _write(text, output)
    except BvdutyError as error:
        _fail(error)
    failed = any(code.value in found for code in codes)
    raise typer.Exit(int(ExitCode.FINDINGS if failed else ExitCode.OK))


class DiffFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    MD = "md"


@app.command("diff")
def diff_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="OLD NEW assessment folders; with --since, one PATH (default: assessments).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare PATH now with PATH at this git revision."),
    ] = None,
    old_path: Annotated[
        Path | None,
        typer.Option("--old-path", help="With --since: where the folder was at that revision."),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="terminal, json or md.")
    ] = DiffFormat.TERMINAL,
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 if any rating worsened.")
    ] = False,
    output: OutputOpt = None,
) -> None:
    """Show what moved: ratings, actions and gaps, between two folders or since a git revision."""
    from bvduty import baseline
    from bvduty.render import diff as render

    try:
        result = baseline.run(paths or [], revision=since, old_path=old_path)
        if output_format is DiffFormat.TERMINAL:
            colour = output is None and _colour(sys.stdout)
            text = render.terminal(result, width=_width(), colour=colour)
        else:
            renderers = {DiffFormat.JSON: render.as_json, DiffFormat.MD: render.markdown}
            text = renderers[output_format](result)
        _write(text, output)
    except BvdutyError as error:
        _fail(error)
    failed = fail_on_regression and result.regressed
    raise typer.Exit(int(ExitCode.FINDINGS if failed else ExitCode.OK))


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema (draft-07) of every file kind, for editors' hover help and checks."""
    from bvduty.schema import render_schema

    try:
        _write(render_schema(), output)
    except BvdutyError as error:
        _fail(error)


def _complete_framework(incomplete: str) -> list[tuple[str, str]]:
    from bvduty.frameworks import builtin_frameworks

    found = builtin_frameworks().values()
    return [(f.id, f.title) for f in found if f.id.startswith(incomplete)]


def _complete_scale(incomplete: str) -> list[tuple[str, str]]:
    from bvduty.frameworks import builtin_scales

    found = builtin_scales().items()
    return [(key, s.title or key) for key, s in found if key.startswith(incomplete)]


def _complete_theme(incomplete: str) -> list[tuple[str, str]]:
    from bvduty.frameworks import builtin_frameworks

    themes = {t.id: t.title for f in builtin_frameworks().values() for t in f.themes}
    return [(key, title) for key, title in themes.items() if key.startswith(incomplete)]


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder for the new assessment (made if missing).")
    ],
    authority: Annotated[
        str,
        typer.Option("--authority", help='The authority\'s name, e.g. "Example Borough Council".'),
    ],
    period: Annotated[str, typer.Option("--period", help='The period assessed, e.g. "2025/26".')],
    scale: Annotated[
        str, typer.Option("--scale", help="Built-in scale id.", autocompletion=_complete_scale)
    ] = "rag",
    framework: Annotated[
        str,
        typer.Option(
            "--framework", help="Built-in framework id.", autocompletion=_complete_framework
        ),
    ] = "best-value-2024",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Date the assessment speaks for, YYYY-MM-DD (default: today)."
        ),
    ] = None,
) -> None:
    """Start a new assessment: manifest, a file per theme, action plan, evidence, schema.json."""
    from datetime import date

    from bvduty import core, scaffold
    from bvduty.schema import render_schema

    try:
        when = core.parse_date(as_of, "--as-of") or date.today()
        request = scaffold.NewAssessment(authority, period, when, framework, scale)
        written = scaffold.create(folder, scaffold.scaffold(request, render_schema()))
    except BvdutyError as error:
        _fail(error)
    sys.stderr.write(f"Created {len(written)} files in {folder}; next: bvduty validate {folder}\n")


framework_app = typer.Typer(
    help="The built-in frameworks and scales: theme ids and level ids.", no_args_is_help=True
)
app.add_typer(framework_app, name="framework")


class CatalogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


CatalogFormatOpt = Annotated[CatalogFormat, typer.Option("--format", "-f", help="text or json.")]


@framework_app.command("list")
def framework_list(output_format: CatalogFormatOpt = CatalogFormat.TEXT) -> None:
    """List the built-in frameworks and scales, with their ids."""
    from bvduty.catalog import catalog
    from bvduty.render import frameworks as render

    show = render.listing_json if output_format is CatalogFormat.JSON else render.listing_text
    _write(show(catalog()))


def _complete_catalog(incomplete: str) -> list[tuple[str, str]]:
    return _complete_framework(incomplete) + _complete_scale(incomplete)


@framework_app.command("show")
def framework_show(
    item: Annotated[
        str,
        typer.Argument(
            help="A framework id or a scale id.", autocompletion=_complete_catalog, metavar="ID"
        ),
    ],
    output_format: CatalogFormatOpt = CatalogFormat.TEXT,
) -> None:
    """Show one framework's themes (ids, numbers, titles) or one scale's levels."""
    from bvduty.catalog import lookup
    from bvduty.render import frameworks as render

    try:
        found = lookup(item)
    except BvdutyError as error:
        _fail(error)
    show = render.show_json if output_format is CatalogFormat.JSON else render.show_text
    _write(show(found))


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@app.command()
def export(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The .xlsx file; for csv, a folder for actions.csv, heatmap.csv, gaps.csv.",
        ),
    ],
    path: PathArg = DEFAULT_PATH,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="xlsx (one workbook) or csv.")
    ] = ExportFormat.XLSX,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge overdue actions at this date (YYYY-MM-DD)."),
    ] = None,
    jobs: Workers = None,
) -> None:
    """Export the action plan, heatmap and gaps as a spreadsheet (xlsx) or CSV files."""
    from bvduty import core
    from bvduty.analysis.tables import tables_job
    from bvduty.output import write_atomic, write_files
    from bvduty.render import csv, xlsx

    try:
        when = core.parse_date(as_of, "--as-of")
        with _progress() as progress:
            tables = core.analyse([path], tables_job(when), workers=jobs, progress=progress)
        if output_format is ExportFormat.XLSX:
            write_atomic(output, xlsx.workbook(tables))
        else:
            write_files(output, csv.tables(tables))
    except BvdutyError as error:
        _fail(error)
    sys.stderr.write(f"Wrote {output}\n")


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


@app.command()
def report(
    path: PathArg = DEFAULT_PATH,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="md (GitHub Markdown), html (one accessible file), docx (Word) or pdf (PDF/UA).",
        ),
    ] = ReportFormat.MD,
    output: OutputOpt = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir", help="Templates here replace the built-in ones of the same name."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge overdue actions at this date (YYYY-MM-DD)."),
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            help="Add 'Movement since...': an earlier assessment folder, or a git revision.",
        ),
    ] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx",
            help="With --format docx: a Word template (.docx/.dotx) whose styles, header and"
            " footer the paper takes.",
        ),
    ] = None,
    jobs: Workers = None,
) -> None:
    """Render the committee paper on one assessment: Markdown, accessible HTML, Word or PDF."""
    from bvduty import core
    from bvduty.errors import UsageError
    from bvduty.output import write_atomic
    from bvduty.render import docx, html, markdown, pdf

    binary = output_format in (ReportFormat.DOCX, ReportFormat.PDF)
    try:
        if binary and output is None:
            raise UsageError(f"--format {output_format} writes a binary file: give --output FILE")
        if reference_docx is not None and output_format is not ReportFormat.DOCX:
            raise UsageError("--reference-docx is for --format docx")
        if template_dir is not None and output_format is ReportFormat.DOCX:
            raise UsageError("--template-dir is for md, html and pdf; Word takes --reference-docx")
        when = core.parse_date(as_of, "--as-of")
        with _progress() as progress:
            paper = core.paper(path, when, workers=jobs, progress=progress, compare=compare)
        if not binary:
            render = markdown.paper if output_format is ReportFormat.MD else html.paper
            _write(render(paper, template_dir=template_dir), output)
        elif output is not None:  # checked above: a binary paper always has --output
            if output_format is ReportFormat.DOCX:
                write_atomic(output, docx.paper(paper, reference=reference_docx))
            else:
                write_atomic(output, pdf.paper(paper, template_dir=template_dir))
    except BvdutyError as error:
        _fail(error)


def main() -> None:
    """Console-script entry point."""
    app()
