"""The operations the commands run: arguments in, immutable values out; nothing printed here.

Each command of `cli.py` calls one function here. Domain decisions live here too: which gaps
fail a run (`--fail-on`), what a regression is worth, which date options mean.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from bvduty.assessment import Assessment
from bvduty.discover import Discovery, Source, assessment_above, discover, display_path
from bvduty.errors import (
    ExitCode,
    InvalidInput,
    Problem,
    Severity,
    UsageError,
    ValidationReport,
)
from bvduty.runner import Outcome, run

if TYPE_CHECKING:
    from bvduty.analysis.actions import ActionPlan
    from bvduty.analysis.diff import Diff
    from bvduty.analysis.gaps import GapCode, GapReport
    from bvduty.analysis.heatmap import Heatmap
    from bvduty.analysis.indicators import IndicatorReport, Sector
    from bvduty.analysis.paper import Paper
    from bvduty.analysis.tables import Tables
    from bvduty.formats import Parts
    from bvduty.suggest import ThemeLike

T = TypeVar("T")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STDIN = "<stdin>"


class Progress(Protocol):
    """Told how many files a run will read, then as each folder's files are done."""

    def start(self, total: int) -> None: ...

    def advance(self, files: int) -> None: ...


# --- validate -------------------------------------------------------------------------------


def validate(
    paths: Sequence[Path],
    *,
    stdin: bytes | None = None,
    stdin_name: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate every assessment under `paths`, or one file read from standard input.

    With `stdin`, the bytes are checked as one file. With `stdin_name` too, they stand in for
    that file inside its assessment (an editor's unsaved buffer), so references across files
    are checked as well.

    Raises:
        UsageError: a path does not exist, or no YAML file was found.
    """
    if stdin is not None:
        return _validate_stdin(stdin, stdin_name)
    found = discover(paths)
    problems = list(found.problems)
    on_done = _start(progress, found)
    if not found.sources and not found.problems:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(f"no YAML files found in {shown}: nothing to validate")
    outcomes: Iterator[Outcome[None]] = run(found.sources, workers=workers, on_done=on_done)
    for outcome in outcomes:
        problems.extend(outcome.problems)
    return ValidationReport(tuple(sorted(problems)), len(found.sources), found.file_count)


def _validate_stdin(data: bytes, name: Path | None) -> ValidationReport:
    from bvduty.load import check_file, load_assessment
    from bvduty.store import OverlayStore

    root = assessment_above(name) if name is not None else None
    if name is None or root is None:
        display = display_path(name) if name is not None else STDIN
        return ValidationReport(tuple(sorted(check_file(data, display))), 0, 1)
    folder = root.resolve()
    # Where the name itself is: a link is not followed to a target that may lie elsewhere.
    path = folder / Path(os.path.abspath(name)).relative_to(root)  # noqa: PTH100
    source = next((s for s in discover([folder]).sources if s.folder == folder), None)
    if source is None:
        return ValidationReport(tuple(sorted(check_file(data, display_path(name)))), 0, 1)
    files = source.files if path in source.files else tuple(sorted((*source.files, path)))
    overlay = Source(folder, files, OverlayStore(path, data))
    result = load_assessment(overlay)
    return ValidationReport(result.problems, 1, result.files)


# --- analyses of valid assessments ----------------------------------------------------------


def _start(progress: Progress | None, found: Discovery) -> Callable[[int], None] | None:
    if progress is None:
        return None
    progress.start(found.file_count)
    return progress.advance


def analyse(
    paths: Sequence[Path],
    job: Callable[[Assessment], T],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[T]:
    """Apply `job` (a picklable function) to every assessment under `paths`, in path order.

    The paths are found at once; the assessments load as the values are read, each value
    coming as soon as its assessment (and every one before it) is done. After the first
    problem no more values come, but every file is still checked so that all problems show.

    Raises:
        UsageError: a path does not exist (at once), or holds no assessment (when read).
        InvalidInput: any file failed validation (when read); carries every problem.
    """
    return _values(discover(paths), paths, job, workers=workers, progress=progress)


def _values(
    found: Discovery,
    paths: Sequence[Path],
    job: Callable[[Assessment], T],
    *,
    workers: int | None,
    progress: Progress | None,
) -> Iterator[T]:
    problems = list(found.problems)
    on_done = _start(progress, found)
    for outcome in run(found.sources, job, workers=workers, on_done=on_done):
        problems.extend(p for p in outcome.problems if p.severity is Severity.ERROR)
        if outcome.value is not None and not problems:
            yield outcome.value
    if problems:
        raise InvalidInput(sorted(problems))
    if not found.sources:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(f"no assessment found in {shown} (no file of kind 'assessment')")


@dataclass(frozen=True, slots=True)
class Part(Generic[T]):
    """One assessment's rendered part, and the words the command decides on (gap codes found,
    or the theme ids the heatmap has)."""

    value: T
    keys: frozenset[str]
    themes: tuple[ThemeName, ...] = ()  # with --theme: the framework's themes, to list


@dataclass(frozen=True, slots=True)
class ThemeName:
    """What names a theme on the command line (a small value to send back from a worker)."""

    id: str
    number: int
    title: str


def _heatmap_part(
    assessment: Assessment, part: Callable[[Heatmap], T], theme: str | None
) -> Part[T]:
    """One assessment's heatmap, rendered; with `theme` (a number, id or title), only that
    theme, and the theme's id as the key when this assessment's framework has it."""
    from bvduty.analysis.heatmap import build_heatmap, only_theme

    heatmap = build_heatmap(assessment)
    if theme is None:
        return Part(part(heatmap), frozenset())
    from bvduty.suggest import match_theme

    row = match_theme(heatmap.themes, theme)
    names = tuple(ThemeName(t.id, t.number, t.title) for t in heatmap.themes)
    if row is None:
        return Part(part(only_theme(heatmap, theme)), frozenset(), names)
    return Part(part(only_theme(heatmap, row.id)), frozenset({row.id}), names)


def heatmaps(
    paths: Sequence[Path],
    render: Parts[Heatmap, T],
    *,
    theme: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[str]:
    """The heatmap of every assessment under `paths`, narrowed to one theme when asked,
    rendered as the assessments load (`render.part` in the workers, `render.join` here).

    Raises:
        UsageError, InvalidInput: as `analyse` (when read); or no framework has that theme.
    """
    found = discover(paths)
    part = render.part if render.many is None or len(found.sources) < 2 else render.many
    job = partial(_heatmap_part, part=part, theme=theme)
    values = _values(found, paths, job, workers=workers, progress=progress)
    return render.join(_known_theme(values, theme))


def _known_theme(parts: Iterator[Part[T]], theme: str | None) -> Iterator[T]:
    """The parts' values; at the end, a usage error when no heatmap had the theme asked for
    (the message lists the themes of the first). Maps without the theme stay in, shown empty.
    """
    known: set[str] = set()
    themes: tuple[ThemeName, ...] = ()
    for part in parts:
        known |= part.keys
        themes = themes or part.themes
        yield part.value
    if theme is not None and not known:
        resolve_theme(themes, theme, option="--theme")  # raises, listing the themes


def resolve_theme(themes: Sequence[ThemeLike], text: str, *, option: str = "theme") -> str:
    """The id of the theme `text` names: its number (`5`), id or title (`Use of Resources`).

    For any option that names a theme on the command line.

    Raises:
        UsageError: it names none; the message suggests a near one and lists every theme.
    """
    from bvduty.suggest import match_theme, near_theme, theme_listing

    found = match_theme(themes, text)
    if found is not None:
        return found.id
    close = near_theme(themes, text)
    message = f"{option} '{text}' names no theme"
    listed = f"theme by number, id or title: {theme_listing(themes)}"
    if close is not None:
        message += f"; did you mean '{close.id}' ({close.number} {close.title})? Give a {listed}"
    else:
        message += f"; give a {listed}"
    raise UsageError(message)


def _gaps_part(
    assessment: Assessment,
    as_of: date | None,
    part: Callable[[GapReport], T],
    sector: Sector | None = None,
) -> Part[T]:
    from bvduty.analysis.gaps import compute_gaps

    report = compute_gaps(assessment, as_of, sector)
    return Part(part(report), frozenset(g.code.value for g in report.gaps))


class Streamed:
    """Output rendered while it is read, and the exit code it earns: final once it has all
    been read (a gap found in the last assessment can fail the run)."""

    def __init__(
        self,
        parts: Iterator[Part[T]],
        join: Callable[[Iterable[T]], Iterator[str]],
        fail_on: frozenset[GapCode],
    ) -> None:
        self._fail_on = {code.value for code in fail_on}
        self._found: set[str] = set()
        self.chunks = join(self._seen(parts))

    def _seen(self, parts: Iterator[Part[T]]) -> Iterator[T]:
        for part in parts:
            self._found |= part.keys
            yield part.value

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if self._fail_on & self._found else ExitCode.OK


def gaps(
    paths: Sequence[Path],
    render: Parts[GapReport, T],
    *,
    as_of: str | None = None,
    fail_on: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    sector: str | None = None,
) -> Streamed:
    """The gaps of every assessment under `paths`, rendered as the assessments load (each
    assessment's part inside its worker), and whether `fail_on` fails the run.

    With `sector` (a CSV file or a folder of assessments, docs/format.md 6.14), each
    assessment's financial resilience indicators are compared with it (`indicator-outlier`).

    Raises:
        UsageError: a bad date or gap code (at once), or as `analyse`.
        InvalidInput: as `analyse` (when read).
    """
    when, codes = parse_date(as_of, "--as-of"), parse_codes(fail_on)
    others = load_sector(sector, workers=workers)
    job = partial(_gaps_part, as_of=when, part=render.part, sector=others)
    return Streamed(analyse(paths, job, workers=workers, progress=progress), render.join, codes)


def gaps_job(as_of: date | None, sector: Sector | None = None) -> Callable[[Assessment], GapReport]:
    """A picklable job computing gaps at `as_of` (None: each manifest's own date)."""
    from bvduty.analysis.gaps import compute_gaps

    return partial(compute_gaps, as_of=as_of, sector=sector)


def tables(
    paths: Sequence[Path],
    *,
    as_of: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Tables]:
    """The action plan, heatmap and gaps tables of every assessment, for `export`, as they load.

    Raises:
        UsageError: a bad date (at once); or as `analyse`.
        InvalidInput: as `analyse` (when read).
    """
    from bvduty.analysis.tables import tables_job

    when = parse_date(as_of, "--as-of")
    return analyse(paths, tables_job(when), workers=workers, progress=progress)


# --- actions: the owner's view of the action plan ------------------------------------------

ACTION_STATUSES = ("planned", "in-progress", "done", "blocked", "cancelled")
OPEN_STATUSES = ("planned", "in-progress", "blocked")


def actions(
    paths: Sequence[Path],
    *,
    owner: str | None = None,
    status: str | None = None,
    source: str | None = None,
    theme: str | None = None,
    due_within: int | None = None,
    overdue: bool = False,
    as_of: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[ActionPlan]:
    """The action plan of every assessment under `paths`, narrowed to the actions asked for.

    An owner matches when written the same (any case, spaces folded); when no action has
    exactly that owner, every owner containing the words does ("Head of HR" finds "Head of HR
    and Organisational Development", while "Chief Executive" does not find "Assistant Chief
    Executive" when someone is the Chief Executive). Statuses and sources are comma-separated;
    `open` stands for every open status. The theme is named by number, id or title
    (`resolve_theme`). Dates are judged at `as_of` (default: each manifest's own).

    Raises:
        UsageError: a bad date, status, source or theme, or as `analyse`.
        InvalidInput: as `analyse`.
    """
    from bvduty.analysis.actions import ActionFilter, fold, plan_job

    when = parse_date(as_of, "--as-of")
    statuses = _statuses(status)
    plans = list(analyse(paths, plan_job(when), workers=workers, progress=progress))
    known = {key: label for plan in plans for key, label in plan.sources}
    sources = _sources(source, known)
    owners = {fold(row.owner) for plan in plans for row in plan.actions}
    exact = owner is not None and fold(owner) in owners
    chosen = []
    for plan in plans:
        theme_id = None
        if theme is not None:
            theme_id = resolve_theme(plan.themes, theme, option="--theme")
        keep = ActionFilter(owner, exact, statuses, sources, theme_id, due_within, overdue)
        rows = tuple(row for row in plan.actions if keep.keep(row, plan.as_of))
        chosen.append(replace(plan, actions=rows))
    return chosen


def _statuses(value: str | None) -> frozenset[str]:
    """Statuses from `--status` (comma-separated; `open`: planned, in-progress, blocked).

    Raises:
        UsageError: one is not a status; the message suggests the one meant.
    """
    from bvduty import suggest

    found: set[str] = set()
    for part in (value or "").split(","):
        word = "-".join(part.strip().lower().replace("_", " ").split())
        if not word:
            continue
        if word == "open":
            found.update(OPEN_STATUSES)
        elif word in ACTION_STATUSES:
            found.add(word)
        else:
            choices = ", ".join((*ACTION_STATUSES, "open"))
            raise UsageError(
                suggest.hinted(
                    f"--status '{part.strip()}' is not a status",
                    suggest.near(part.strip(), ACTION_STATUSES),
                    f"statuses: {choices}",
                )
            )
    return frozenset(found)


def _sources(value: str | None, known: dict[str, str]) -> frozenset[str]:
    """Source ids from `--source` (comma-separated; an id, or its label in any case).

    Raises:
        UsageError: one names no source of any assessment given.
    """
    from bvduty import suggest

    labels = {suggest.normalise(label): key for key, label in known.items()}
    found: set[str] = set()
    for part in (value or "").split(","):
        text = part.strip()
        if not text:
            continue
        key = text if text in known else labels.get(suggest.normalise(text))
        if key is None:
            raise UsageError(
                suggest.hinted(
                    f"--source '{text}' names no source of actions",
                    suggest.near(text, known, labels),
                    f"sources: {', '.join(known)}",
                )
            )
        found.add(key)
    return frozenset(found)


# --- diff and the committee paper -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffResult:
    """What moved, and the exit code (1 when asked to fail on a regression and one happened)."""

    diff: Diff
    exit_code: ExitCode


def diff(
    paths: Sequence[Path],
    *,
    since: str | None = None,
    old_path: Path | None = None,
    fail_on_regression: bool = False,
) -> DiffResult:
    """`OLD NEW` folders, or `--since REV [PATH]`, compared.

    Raises:
        UsageError, InvalidInput: see `baseline.run`.
    """
    from bvduty import baseline

    result = baseline.run(paths, revision=since, old_path=old_path)
    failed = fail_on_regression and result.regressed
    return DiffResult(result, ExitCode.FINDINGS if failed else ExitCode.OK)


def paper(
    path: Path,
    *,
    as_of: str | None = None,
    compare: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    sector: str | None = None,
) -> Paper:
    """The committee paper of the one assessment under `path`, judged at `as_of`.

    With `compare` (a folder, or a git revision of `path`), the paper gains a section on what
    moved since that earlier assessment; the current assessment is loaded once for both. With
    `sector`, its financial resilience indicators are compared with the sector (6.14).

    Raises:
        UsageError: a bad date; the path does not exist, holds no assessment, or holds several
            (a paper is about one authority and period; the message lists them).
        InvalidInput: any file failed validation; carries every problem.
    """
    from bvduty.analysis.paper import build_movement, build_paper

    when = parse_date(as_of, "--as-of")
    others = load_sector(sector, workers=workers)
    found = discover([path])
    sources = found.sources
    if len(sources) > 1:
        listed = "".join(f"\n  {source.display}" for source in sources)
        raise UsageError(
            f"{path} holds {len(sources)} assessments and a report is about one;"
            f" give one of these folders:{listed}"
        )
    (assessment,) = _values(found, [path], _same, workers=workers, progress=progress)
    value = build_paper(assessment, when, others)
    if compare is None:
        return value
    from bvduty.baseline import compare_with

    moved = compare_with(compare, assessment, Path(sources[0].folder), option="--compare")
    return replace(value, movement=build_movement(moved))


def _same(assessment: Assessment) -> Assessment:
    return assessment


def site(
    paths: Sequence[Path],
    render: Callable[[Paper, bool], T],
    *,
    as_of: str | None = None,
    compare: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    sector: str | None = None,
) -> Iterator[tuple[Paper, T]]:
    """Every assessment under `paths`, as it is read: what the sector overview needs of its
    paper (`sector_summary`) and its pages (docs/format.md 6.15).

    `render(paper, in_sector)` writes one authority's pages; it runs in the worker process that
    read the assessment (it must be picklable), and `in_sector` says whether several
    assessments were given (a sector site). With `compare` (a folder, or a git revision), the
    one assessment's overview shows how each rating moved since then.

    Raises:
        UsageError: a bad date; `compare` with several assessments; or as `analyse`.
        InvalidInput: any file failed validation; carries every problem.
    """
    from bvduty.analysis.paper import build_movement, build_paper

    when = parse_date(as_of, "--as-of")
    others = load_sector(sector, workers=workers)
    found = discover(paths)
    several = len(found.sources) > 1
    if compare is None:
        job = partial(_site_job, as_of=when, sector=others, render=render, several=several)
        return _values(found, paths, job, workers=workers, progress=progress)
    if several:
        raise UsageError(
            f"--compare shows what moved in one assessment, and {len(found.sources)} were"
            " given; give one assessment folder, or leave out --compare"
        )
    (assessment,) = _values(found, paths, _same, workers=workers, progress=progress)
    from bvduty.baseline import compare_with

    moved = compare_with(compare, assessment, Path(found.sources[0].folder), option="--compare")
    value = replace(build_paper(assessment, when, others), movement=build_movement(moved))
    return iter([(value, render(value, False))])


def _site_job(
    assessment: Assessment,
    *,
    as_of: date | None,
    sector: Sector | None,
    render: Callable[[Paper, bool], T],
    several: bool,
) -> tuple[Paper, T]:
    from bvduty.analysis.paper import build_paper
    from bvduty.compose.site import sector_summary

    value = build_paper(assessment, as_of, sector)
    return sector_summary(value), render(value, several)


# --- financial resilience indicators ---------------------------------------------------------

SECTOR_MAX_BYTES = 64 * 1024 * 1024  # a national file of every council's figures fits easily


def load_sector(value: str | None, *, workers: int | None = None) -> Sector | None:
    """The sector to compare with (docs/format.md 6.14): a long-format CSV file, or a folder
    of assessments whose indicators make the sector; None when not given.

    Raises:
        UsageError: the path does not exist or cannot be read.
        InvalidInput: a row of the CSV is bad (every such row, with line and column), or an
            assessment in the folder fails validation.
    """
    if value is None:
        return None
    from bvduty.analysis.indicators import read_sector, sector_of, sector_rows
    from bvduty.store import TooLarge, read_capped

    if not value:
        raise UsageError("--sector is empty; give a CSV file or a folder of assessments")
    path = Path(value)
    if not path.exists():
        raise UsageError(f"--sector {value}: no such file or folder")
    if path.is_dir():
        rows = list(analyse([path], sector_rows, workers=workers))
        return sector_of(rows, display_path(path))
    try:
        data = read_capped(path, SECTOR_MAX_BYTES)
    except TooLarge as exc:
        raise UsageError(f"--sector {value}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"--sector {value}: {exc.strerror or exc}") from None
    sector, problems = read_sector(data, display_path(path))
    if sector is None:
        raise InvalidInput(sorted(problems))
    return sector


def indicators(
    paths: Sequence[Path],
    *,
    sector: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[IndicatorReport]:
    """Every assessment's financial resilience indicators under `paths`, judged against its own
    thresholds and, with `sector`, ranked against the sector (docs/format.md 6.14).

    The sector is compared here, once, not in each worker: only the small reports travel.

    Raises:
        UsageError, InvalidInput: as `analyse` and `load_sector`.
    """
    from bvduty.analysis.indicators import build_report, judged

    others = load_sector(sector, workers=workers)
    reports = analyse(paths, build_report, workers=workers, progress=progress)
    return [judged(report, others) for report in reports]


# --- init -----------------------------------------------------------------------------------


def init(
    folder: Path,
    *,
    authority: str,
    period: str,
    scale: str,
    framework: str,
    as_of: str | None,
) -> list[Path]:
    """Write a new assessment into `folder` (made if missing); nothing is overwritten.

    Raises:
        UsageError: a bad option, or the folder already holds YAML files.
    """
    from bvduty import scaffold
    from bvduty.schema import render_schema

    when = parse_date(as_of, "--as-of") or date.today()
    request = scaffold.NewAssessment(authority, period, when, framework, scale)
    return scaffold.create(folder, scaffold.scaffold(request, render_schema()))


# --- option values --------------------------------------------------------------------------


def parse_date(value: str | None, option: str) -> date | None:
    """An ISO date from an option value.

    Raises:
        UsageError: the value is not a real YYYY-MM-DD date.
    """
    if value is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        from bvduty.suggest import date_message

        raise UsageError(date_message(option, value)) from None


def parse_codes(value: str | None) -> frozenset[GapCode]:
    """Gap codes from a comma-separated option value.

    Raises:
        UsageError: a code is not one of the gap codes of docs/format.md 7.1.
    """
    from bvduty.analysis.gaps import GapCode

    if not value:
        return frozenset()
    names = [part.strip() for part in value.split(",") if part.strip()]
    known = {code.value: code for code in GapCode}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown gap code '{unknown[0]}'; codes: {', '.join(known)}")
    return frozenset(known[n] for n in names)


def problems_of(error: InvalidInput) -> ValidationReport:
    """The problems of a failed run, as `validate` would report them."""
    problems: list[Problem] = list(error.problems)
    return ValidationReport(tuple(problems), 0, 0)
