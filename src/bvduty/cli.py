"""The command line: parse options, call one core function, render, write, choose the exit code.

Every user error raised below a command (a `BvdutyError`) is printed once, without a traceback,
by the group's single error boundary (`_Group.invoke`); anything else is a bug and propagates.
Heavy modules are imported inside the commands so that `bvduty --help` starts quickly. Unlike
the other modules this one has no `from __future__ import annotations`: Typer reads every
command's annotations at each start, and evaluating them from strings took 25 ms of it.
"""

import itertools
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from bvduty.cliparams import prime
from bvduty.errors import BvdutyError, InvalidInput
from bvduty.formats import (
    ActionsFormat,
    CatalogFormat,
    Colour,
    DiffFormat,
    ExportFormat,
    GapsFormat,
    HeatmapFormat,
    IndicatorsFormat,
    ProblemFormat,
    ReportFormat,
)

EXIT_CODES = (
    "Exit codes: 0 done (or valid); 1 problems found in the files, or gaps or regressions you"
    " asked to fail on; 2 could not run (no such path, a bad option)."
)


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"
    PWSH = "pwsh"


def _plain_help() -> None:
    """Help that names what to give, not Python types.

    Why: Typer 0.29 prints each argument's Python type beside its name ("PATH <list[str]>")
    and a number's range as "[x>=1]"; an officer reads the name (PATH, DATE, N) and the help.
    """
    from typer.core import TyperArgument, TyperOption

    words = {"<str>": "TEXT", "<path>": "PATH", "<int>": "N", "<int range>": "N"}
    typed = TyperOption.display_type_rich

    def named(self: TyperOption, ctx: Any) -> str | None:
        shown = typed(self, ctx)
        return words.get(shown, shown) if shown is not None else None

    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    TyperOption.display_type_rich = named  # type: ignore[method-assign]
    TyperOption._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]


_plain_help()


class _Group(TyperGroup):
    """bvduty's command group: the one place a user error becomes a message and an exit code.

    It also hands each command's parameters our own coercion (`cliparams`), so that Typer does
    not import Pydantic to read an option.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        prime(self, ctx)
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        prime(command, ctx)
        return name, command, rest

    def make_context(self, *args: Any, **kwargs: Any) -> Any:  # parses the group's own options
        try:
            return super().make_context(*args, **kwargs)
        except typer.BadParameter as error:
            raise _plain(error) from None

    def invoke(self, ctx: Any) -> Any:  # click's Context, which Typer wraps
        try:
            return super().invoke(ctx)
        except BvdutyError as error:
            _fail(error, ctx)
        except typer.BadParameter as error:  # a command's options are parsed in here
            raise _plain(error) from None


def _plain(error: typer.BadParameter) -> typer.BadParameter:
    """The message of a bad option value without Pydantic's wording, which Typer passes on
    ("Value error, ...", "Input should be ...")."""
    errors = getattr(error.__cause__, "errors", None)
    found: list[dict[str, Any]] = errors() if callable(errors) else []
    if found:
        kind, given, limits = found[0]["type"], found[0].get("input"), found[0].get("ctx", {})
        if kind == "int_parsing":
            error.message = f"{given!r} is not a whole number"
        elif kind == "greater_than_equal":
            error.message = f"must be {limits['ge']} or more, not {given}"
    error.message = error.message.removeprefix("Value error, ")
    return error


def _fail(error: BvdutyError, ctx: Any) -> NoReturn:
    """Print a user error on stderr (problems as `validate` prints them) and exit with its code."""
    from bvduty.formats import use_colour
    from bvduty.textsafe import visible

    meta = _meta(ctx.find_root())
    if isinstance(error, InvalidInput):
        from bvduty.core import problems_of
        from bvduty.render import problems

        colour = use_colour(meta.get("colour", Colour.AUTO), sys.stderr)
        sys.stderr.write(problems.text(problems_of(error), colour=colour))
        sys.stderr.write(f"bvduty: {len(error.problems)} problem(s); nothing was produced\n")
    else:
        sys.stderr.write(f"bvduty: error: {visible(str(error))}\n")
    raise typer.Exit(int(error.exit_code))


def _meta(ctx: Any) -> dict[str, Any]:
    """Settings the running command recorded for the error boundary (colour)."""
    found: dict[str, Any] = ctx.meta.setdefault("bvduty", {})
    return found


app = typer.Typer(
    name="bvduty",
    cls=_Group,
    help="Best Value Duty self-assessment as code: validate, heatmap, gaps and committee papers.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEFAULT_PATH = Path("assessments")


def _path(value: str) -> Path:
    """A path argument; an empty one is a usage error, not the current folder."""
    if not value:
        raise typer.BadParameter("an empty path; give a folder or file, e.g. assessments")
    return Path(value)


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Assessment folders or files (default: assessments); - reads one file from stdin.",
        show_default=False,
        metavar="PATH",
    ),
]
PathArg = Annotated[
    str, typer.Argument(help="An assessment folder, or a folder of them.", metavar="PATH")
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Processes to use, 1 or more (default: every idle core for big runs).",
    ),
]
ColourOpt = Annotated[
    Colour,
    typer.Option(
        "--color",
        "--colour",
        help="auto: colour on a terminal (NO_COLOR, FORCE_COLOR and TERM=dumb respected).",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No summary or progress on stderr; only results.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of the screen (a reader never sees half of it).",
    ),
]
SectorOpt = Annotated[
    str | None,
    typer.Option(
        "--sector",
        help="Compare the financial resilience indicators with the sector: a CSV file"
        " (authority_code, authority_name, year, indicator, value[, authority_type]) or a"
        " folder of assessments.",
        metavar="FILE",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="Judge overdue actions at this date (YYYY-MM-DD)."
    ),
]


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


def _complete_catalog(incomplete: str) -> list[tuple[str, str]]:
    return _complete_framework(incomplete) + _complete_scale(incomplete)


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
def _progress(quiet: bool = False) -> Iterator[_Bar | None]:
    """Progress on stderr when it is a terminal; silent when piped, in CI, or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar = _Bar()
    try:
        yield bar
    finally:
        bar.stop()


def _settings(ctx: typer.Context, colour: Colour) -> None:
    """Record the colour choice for the error boundary, which prints problems on stderr."""
    _meta(ctx.find_root())["colour"] = colour


def _say(message: str, quiet: bool) -> None:
    from bvduty.textsafe import visible

    if not quiet:
        sys.stderr.write(visible(message) + "\n")


def _write(content: Any, output: Path | None = None) -> None:
    """Results go to stdout, or to `--output` (a file written atomically, or a folder of them).

    `content` is text, bytes, a mapping of file names to contents, or an iterator of pieces
    rendered while the assessments load.
    """
    from bvduty.output import write_result

    if isinstance(content, Iterator):
        content = _made(content)
    try:
        if output is None and not isinstance(content, bytes | Mapping):
            for piece in [content] if isinstance(content, str) else content:
                sys.stdout.write(piece)
            sys.stdout.flush()
            return
        write_result(output, content)
    finally:  # a write that failed half-way leaves no temporary file open
        for part in content.values() if isinstance(content, Mapping) else [content]:
            if hasattr(part, "close"):
                part.close()


def _made(pieces: Iterator[Any]) -> Iterator[Any]:
    """Every piece made before any is written (a file found invalid late leaves nothing
    behind), kept in a temporary file rather than in memory; then the pieces, read back."""
    from bvduty.spool import read_back, spool

    first = next(pieces, "")
    if isinstance(first, bytes):  # binary output (a workbook) is whole before its first piece
        return _Chained(first, pieces)
    file = spool()
    try:
        file.write(first)
        for piece in pieces:
            file.write(piece)
    except BaseException:
        file.close()
        raise
    return read_back(file)


class _Chained(Iterator[Any]):
    """A first piece already read, then the rest; closing closes the rest."""

    def __init__(self, first: Any, rest: Iterator[Any]) -> None:
        self._pieces = itertools.chain([first], rest)
        self._rest = rest

    def __next__(self) -> Any:
        return next(self._pieces)

    def close(self) -> None:
        if hasattr(self._rest, "close"):
            self._rest.close()


def _version(value: bool) -> None:
    if value:
        from bvduty import version

        sys.stdout.write(f"bvduty {version()}\n")
        raise typer.Exit()


def _show_completion(value: Shell | None) -> None:
    if value:
        from typer._completion_shared import get_completion_script

        script = get_completion_script(
            prog_name="bvduty", complete_var="_BVDUTY_COMPLETE", shell=value.value
        )
        sys.stdout.write(script + "\n")
        raise typer.Exit()


def _install_completion(value: Shell | None) -> None:
    if value:
        from subprocess import CalledProcessError

        from typer._completion_shared import install

        try:
            shell, path = install(
                shell=value.value, prog_name="bvduty", complete_var="_BVDUTY_COMPLETE"
            )
        except (OSError, CalledProcessError) as error:
            # PowerShell itself is asked where its profile is; other shells' files are written.
            asked = isinstance(error, CalledProcessError) or (
                isinstance(error, FileNotFoundError) and error.filename == value.value
            )
            reason = (
                f"{value} is not installed or could not be run"
                if asked
                else f"{getattr(error, 'strerror', error)}: {getattr(error, 'filename', '')}"
            )
            sys.stderr.write(f"bvduty: error: cannot install {value} completion: {reason}\n")
            raise typer.Exit(2) from None
        sys.stderr.write(f"{shell} completion installed in {path}; restart the terminal\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    show_completion: Annotated[
        Shell | None,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            metavar="SHELL",
            help="Print the completion script for SHELL (bash, zsh, fish, powershell).",
        ),
    ] = None,
    install_completion: Annotated[
        Shell | None,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            metavar="SHELL",
            help="Install completion for SHELL.",
        ),
    ] = None,
) -> None:
    """Best Value Duty self-assessment as code.

    Keep the self-assessment as YAML in git; check it with `validate`, see it with `heatmap`
    and `gaps`, and turn it into the committee paper with `report`.
    """


@app.command(epilog=EXIT_CODES)
def validate(
    ctx: typer.Context,
    paths: PathsArg = None,
    output_format: Annotated[
        ProblemFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json or github annotations (default: github inside GitHub Actions).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit 1), not only errors.")
    ] = False,
    stdin_filename: Annotated[
        Path | None,
        typer.Option(
            "--stdin-filename",
            metavar="FILE",
            help="With -: the file the piped text stands for, checked within its assessment.",
        ),
    ] = None,
    colour: ColourOpt = Colour.AUTO,
    quiet: QuietOpt = False,
    jobs: Workers = None,
) -> None:
    """Check every file: report each problem with file, line and column (exit 1 if any)."""
    from bvduty import core
    from bvduty.formats import problem_renderer, problems_format, use_colour

    _settings(ctx, colour)
    targets = [_path(p) for p in paths or [str(DEFAULT_PATH)]]
    stdin = sys.stdin.buffer.read() if targets == [Path("-")] else None
    with _progress(quiet) as progress:
        report = core.validate(
            targets, stdin=stdin, stdin_name=stdin_filename, workers=jobs, progress=progress
        )
    render = problem_renderer(problems_format(output_format), colour=use_colour(colour, sys.stdout))
    _write(render(report))
    from bvduty.render.problems import summary

    _say(summary(report), quiet)
    raise typer.Exit(int(report.exit_code(strict=strict)))


@app.command(epilog=EXIT_CODES)
def heatmap(
    ctx: typer.Context,
    path: PathArg = str(DEFAULT_PATH),
    output_format: Annotated[
        HeatmapFormat, typer.Option("--format", "-f", help="terminal, json, csv or svg.")
    ] = HeatmapFormat.TERMINAL,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme",
            help="Show one theme, by number, id or title.",
            autocompletion=_complete_theme,
        ),
    ] = None,
    output: OutputOpt = None,
    colour: ColourOpt = Colour.AUTO,
    quiet: QuietOpt = False,
    jobs: Workers = None,
) -> None:
    """Show the heatmap: every cell's rating, theme by theme (a matrix for many authorities)."""
    from bvduty import core
    from bvduty.formats import heatmap_renderer, use_colour, width

    _settings(ctx, colour)
    render = heatmap_renderer(
        output_format,
        width=width(sys.stdout),
        colour=output is None and use_colour(colour, sys.stdout),
    )
    with _progress(quiet) as progress:
        _write(
            core.heatmaps([_path(path)], render, theme=theme, workers=jobs, progress=progress),
            output,
        )


@app.command(epilog=EXIT_CODES)
def gaps(
    ctx: typer.Context,
    path: PathArg = str(DEFAULT_PATH),
    output_format: Annotated[
        GapsFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = GapsFormat.TABLE,
    as_of: AsOfOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="CODES",
            help="Exit 1 if any gap has one of these codes, comma-separated, e.g."
            " overdue,missing-theme (every code: docs/format.md 7.1).",
        ),
    ] = None,
    output: OutputOpt = None,
    colour: ColourOpt = Colour.AUTO,
    quiet: QuietOpt = False,
    jobs: Workers = None,
    sector: SectorOpt = None,
) -> None:
    """List the gaps: below target, unrated, no evidence, no action, overdue, missing theme."""
    from bvduty import core
    from bvduty.formats import gaps_renderer, use_colour, width

    _settings(ctx, colour)
    render = gaps_renderer(
        output_format,
        width=width(sys.stdout),
        colour=output is None and use_colour(colour, sys.stdout),
    )
    with _progress(quiet) as progress:
        result = core.gaps(
            [_path(path)],
            render,
            as_of=as_of,
            fail_on=fail_on,
            workers=jobs,
            progress=progress,
            sector=sector,
        )
        _write(result.chunks, output)
    raise typer.Exit(int(result.exit_code))


@app.command(epilog=EXIT_CODES)
def actions(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Assessment folders or files (default: assessments).",
            show_default=False,
            metavar="[PATH...]",
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner", help='Actions whose owner contains these words, e.g. "Head of HR".'
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="planned, in-progress, done, blocked, cancelled or open (a,b for both).",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Where actions come from, e.g. internal-audit (a,b for both)."
        ),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme", help="One theme, by number, id or title.", autocompletion=_complete_theme
        ),
    ] = None,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within",
            min=0,
            metavar="DAYS",
            help="Open actions due within DAYS days of the as-at date.",
        ),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Open actions past their due date.")
    ] = False,
    output_format: Annotated[
        ActionsFormat,
        typer.Option("--format", "-f", help="text, json, csv or ics (a calendar of due dates)."),
    ] = ActionsFormat.TEXT,
    as_of: AsOfOpt = None,
    output: OutputOpt = None,
    colour: ColourOpt = Colour.AUTO,
    quiet: QuietOpt = False,
    jobs: Workers = None,
) -> None:
    """List actions: what an owner has, what is due soon, what is late; or a calendar of them."""
    from bvduty import core
    from bvduty.formats import actions_renderer, use_colour, width

    _settings(ctx, colour)
    render = actions_renderer(
        output_format,
        width=width(sys.stdout),
        colour=output is None and use_colour(colour, sys.stdout),
    )
    with _progress(quiet) as progress:
        plans = core.actions(
            [_path(p) for p in paths or [str(DEFAULT_PATH)]],
            owner=owner,
            status=status,
            source=source,
            theme=theme,
            due_within=due_within,
            overdue=overdue,
            as_of=as_of,
            workers=jobs,
            progress=progress,
        )
    _write(render(plans), output)


@app.command("diff", epilog=EXIT_CODES)
def diff_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="OLD NEW assessment folders; with --since, one PATH (default: assessments).",
            show_default=False,
            metavar="[OLD NEW | PATH]",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="REVISION", help="Compare PATH now with PATH at this git revision."
        ),
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
    colour: ColourOpt = Colour.AUTO,
) -> None:
    """Show what moved: ratings, actions and gaps, between two folders or since a git revision."""
    from bvduty import core
    from bvduty.formats import diff_renderer, use_colour, width

    _settings(ctx, colour)
    render = diff_renderer(
        output_format,
        width=width(sys.stdout),
        colour=output is None and use_colour(colour, sys.stdout),
    )
    result = core.diff(
        [_path(p) for p in paths or []],
        since=since,
        old_path=old_path,
        fail_on_regression=fail_on_regression,
    )
    _write(render(result.diff), output)
    raise typer.Exit(int(result.exit_code))


@app.command(epilog=EXIT_CODES)
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema (draft-07) of every file kind, for editors' hover help and checks."""
    from bvduty.schema import render_schema

    _write(render_schema(), output)


@app.command(epilog=EXIT_CODES)
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
            "--as-of", help="The date the assessment is as at, YYYY-MM-DD (default: today)."
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Start a new assessment: manifest, a file per theme, action plan, evidence, schema.json."""
    from bvduty import core

    written = core.init(
        folder, authority=authority, period=period, scale=scale, framework=framework, as_of=as_of
    )
    _say(f"Created {len(written)} files in {folder}; next: bvduty validate {folder}", quiet)


framework_app = typer.Typer(
    cls=_Group,
    help="The built-in frameworks and scales: theme ids and level ids.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(framework_app, name="framework")
CatalogFormatOpt = Annotated[CatalogFormat, typer.Option("--format", "-f", help="text or json.")]


@framework_app.command("list", epilog=EXIT_CODES)
def framework_list(output_format: CatalogFormatOpt = CatalogFormat.TEXT) -> None:
    """List the built-in frameworks and scales, with their ids."""
    from bvduty.catalog import catalog
    from bvduty.formats import catalog_renderer

    _write(catalog_renderer(output_format, item=False)(catalog()))


@framework_app.command("show", epilog=EXIT_CODES)
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
    from bvduty.formats import catalog_renderer

    _write(catalog_renderer(output_format, item=True)(lookup(item)))


@app.command(epilog=EXIT_CODES)
def export(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|FOLDER",
            help="The .xlsx file; for csv, a folder for actions.csv, heatmap.csv, gaps.csv.",
        ),
    ],
    path: PathArg = str(DEFAULT_PATH),
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="xlsx (one workbook) or csv.")
    ] = ExportFormat.XLSX,
    as_of: AsOfOpt = None,
    quiet: QuietOpt = False,
    jobs: Workers = None,
) -> None:
    """Export the action plan, heatmap and gaps as a spreadsheet (xlsx) or CSV files."""
    from bvduty import core
    from bvduty.formats import export_renderer

    render = export_renderer(output_format)
    with _progress(quiet) as progress:
        found = core.tables([_path(path)], as_of=as_of, workers=jobs, progress=progress)
        _write(render(found), output)
    from bvduty.output import is_stdout

    _say(f"Wrote {output}", quiet or is_stdout(output))


@app.command(epilog=EXIT_CODES)
def report(
    path: PathArg = str(DEFAULT_PATH),
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
            "--template-dir",
            metavar="FOLDER",
            help="Templates here replace the built-in ones of the same name.",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            metavar="FOLDER|REVISION",
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
    quiet: QuietOpt = False,
    jobs: Workers = None,
    sector: SectorOpt = None,
) -> None:
    """Render the committee paper on one assessment: Markdown, accessible HTML, Word or PDF."""
    from bvduty import core
    from bvduty.formats import report_renderer

    render = report_renderer(
        output_format, output=output, template_dir=template_dir, reference_docx=reference_docx
    )
    with _progress(quiet) as progress:
        paper = core.paper(
            _path(path),
            as_of=as_of,
            compare=compare,
            workers=jobs,
            progress=progress,
            sector=sector,
        )
    _write(render(paper), output)
    from bvduty.render.charts import missing_note

    note = missing_note(paper, output_format.value)
    if note:
        _say(note, quiet)


SitePathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Assessment folders, or folders of them (default: assessments); several"
        " assessments make a sector site.",
        show_default=False,
        metavar="PATH",
    ),
]


@app.command(epilog=EXIT_CODES)
def site(
    paths: SitePathsArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FOLDER",
            help="The folder to write the website into (made if missing; pages replaced).",
        ),
    ] = Path("site"),
    fragments: Annotated[
        bool,
        typer.Option(
            "--fragments",
            help="Write each page's content alone, with no header, styles or scripts, to paste"
            " into a content management system.",
        ),
    ] = False,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            metavar="FOLDER|REVISION",
            help="Show on the overview how each rating moved since an earlier assessment"
            " folder, or a git revision.",
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="FOLDER",
            help="A site.html.j2 here replaces the built-in page.",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    quiet: QuietOpt = False,
    jobs: Workers = None,
    sector: SectorOpt = None,
) -> None:
    """Publish the self-assessment as web pages: an overview, a page per theme, the action
    plan, the evidence library and the method; several assessments make a sector site."""
    import tempfile
    from functools import partial

    from bvduty import core
    from bvduty.output import write_site
    from bvduty.render.site import authority_files, website
    from bvduty.spool import hold

    folders = [_path(p) for p in paths or [str(DEFAULT_PATH)]]
    render = partial(authority_files, fragments=fragments, template_dir=template_dir)
    with tempfile.TemporaryDirectory(prefix="bvduty-site-") as scratch:
        with _progress(quiet) as progress:
            parts = core.site(
                folders,
                render,
                as_of=as_of,
                compare=compare,
                workers=jobs,
                progress=progress,
                sector=sector,
            )
            # Each authority's pages wait on disk as it is read: memory stays flat.
            papers = [(p, hold(files, Path(scratch, str(n)))) for n, (p, files) in enumerate(parts)]
        found = website(papers, fragments=fragments, template_dir=template_dir)
        write_site(output, found)
    from bvduty.english import plural

    pages = plural(sum(1 for name in found if name.endswith(".html")), "page")
    _say(f"Wrote {pages} for {plural(len(papers), 'assessment')} to {output}", quiet)


@app.command(epilog=EXIT_CODES)
def indicators(
    ctx: typer.Context,
    path: PathArg = str(DEFAULT_PATH),
    sector: SectorOpt = None,
    output_format: Annotated[
        IndicatorsFormat, typer.Option("--format", "-f", help="text, json or csv.")
    ] = IndicatorsFormat.TEXT,
    output: OutputOpt = None,
    colour: ColourOpt = Colour.AUTO,
    quiet: QuietOpt = False,
    jobs: Workers = None,
) -> None:
    """Show the financial resilience indicators over the years, ranked against the sector."""
    from bvduty import core
    from bvduty.formats import indicators_renderer, width

    _settings(ctx, colour)
    render = indicators_renderer(output_format, width=width(sys.stdout))
    with _progress(quiet) as progress:
        found = core.indicators([_path(path)], sector=sector, workers=jobs, progress=progress)
    _write(render(found), output)


def main() -> None:
    """Console-script entry point."""
    if "_BVDUTY_COMPLETE" in os.environ:  # a shell asking for completions: Typer's own classes
        from typer._completion_classes import completion_init

        completion_init()
    app()
