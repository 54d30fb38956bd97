"""The operations the commands run: paths in, immutable values out; nothing printed here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from bvduty.assessment import Assessment
from bvduty.discover import Discovery, discover
from bvduty.errors import InvalidInput, Problem, Severity, UsageError
from bvduty.runner import Outcome, run

if TYPE_CHECKING:
    from bvduty.analysis.gaps import GapCode, GapReport
    from bvduty.analysis.heatmap import Heatmap
    from bvduty.analysis.paper import Paper

T = TypeVar("T")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Progress(Protocol):
    """Told how many files a run will read, then as each folder's files are done."""

    def start(self, total: int) -> None: ...

    def advance(self, files: int) -> None: ...


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every problem in every file under the given paths, sorted by file, line, column."""

    problems: tuple[Problem, ...]
    assessments: int
    files: int

    @property
    def valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def validate(
    paths: Sequence[Path], *, workers: int | None = None, progress: Progress | None = None
) -> ValidationReport:
    """Validate every assessment under `paths`.

    Raises:
        UsageError: a path does not exist.
    """
    found = discover(paths)
    problems = list(found.problems)
    on_done = None
    if progress is not None:
        progress.start(found.file_count)
        on_done = progress.advance
    if not found.sources and not found.problems:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(f"no YAML files found in {shown}: nothing to validate")
    outcomes: Iterator[Outcome[None]] = run(found.sources, workers=workers, on_done=on_done)
    for outcome in outcomes:
        problems.extend(outcome.problems)
    return ValidationReport(tuple(sorted(problems)), len(found.sources), found.file_count)


def analyse(
    paths: Sequence[Path],
    job: Callable[[Assessment], T],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[T]:
    """Apply `job` (a module-level function) to every assessment under `paths`, in path order.

    Raises:
        UsageError: a path does not exist, or holds no assessment.
        InvalidInput: any file failed validation; carries every problem.
    """
    return _analyse_found(discover(paths), paths, job, workers=workers, progress=progress)


def _analyse_found(
    found: Discovery,
    paths: Sequence[Path],
    job: Callable[[Assessment], T],
    *,
    workers: int | None,
    progress: Progress | None,
) -> list[T]:
    problems = list(found.problems)
    on_done = None
    if progress is not None:
        progress.start(found.file_count)
        on_done = progress.advance
    values: list[T] = []
    for outcome in run(found.sources, job, workers=workers, on_done=on_done):
        problems.extend(outcome.problems)
        if outcome.value is not None:
            values.append(outcome.value)
    if problems:
        raise InvalidInput(sorted(problems))
    if not found.sources:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(f"no assessment found in {shown} (no file of kind 'assessment')")
    return values


def select_theme(maps: list[Heatmap], theme: str | None) -> list[Heatmap]:
    """Narrow heatmaps to one theme id; every other theme is left out.

    Raises:
        UsageError: no assessment's framework has that theme.
    """
    if theme is None:
        return maps
    from bvduty.analysis.heatmap import only_theme

    known = sorted({row.id for m in maps for row in m.themes})
    if theme not in known:
        raise UsageError(f"no theme '{theme}'; themes: {', '.join(known)}")
    return [only_theme(m, theme) for m in maps]


@dataclass(frozen=True, slots=True)
class RenderedGaps:
    """One assessment's gaps already rendered, and which codes it has (for --fail-on)."""

    text: str
    codes: frozenset[str]


def _gaps_rendered(
    assessment: Assessment, as_of: date | None, render: Callable[[list[GapReport]], str]
) -> RenderedGaps:
    from bvduty.analysis.gaps import compute_gaps

    report = compute_gaps(assessment, as_of)
    return RenderedGaps(render([report]), frozenset(g.code.value for g in report.gaps))


def gaps_rendered(
    paths: Sequence[Path],
    as_of: date | None,
    render: Callable[[list[GapReport]], str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[RenderedGaps]:
    """Gaps of every assessment, rendered per assessment inside the worker processes.

    Why: a national run yields tens of thousands of gap lines; rendering them in the workers
    uses every core and sends back text instead of objects. `render` must be picklable.

    Raises:
        UsageError, InvalidInput: as `analyse`.
    """
    job = partial(_gaps_rendered, as_of=as_of, render=render)
    return analyse(paths, job, workers=workers, progress=progress)


def gaps_job(as_of: date | None) -> Callable[[Assessment], GapReport]:
    """A picklable job computing gaps at `as_of` (None: each manifest's own date)."""
    from bvduty.analysis.gaps import compute_gaps

    return partial(compute_gaps, as_of=as_of)


def paper(
    path: Path,
    as_of: date | None = None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    compare: str | None = None,
) -> Paper:
    """The committee paper of the one assessment under `path`, judged at `as_of`.

    Raises:
        UsageError: the path does not exist, holds no assessment, or holds several (a paper is
            about one authority and period; the message lists them).
        InvalidInput: any file failed validation; carries every problem.

    With `compare` (a folder, or a git revision of `path`), the paper gains a section on what
    moved since that earlier assessment.
    """
    from bvduty.analysis.paper import build_paper

    found = discover([path])
    sources = found.sources
    if len(sources) > 1:
        listed = "".join(f"\n  {source.display}" for source in sources)
        raise UsageError(
            f"{path} holds {len(sources)} assessments and a report is about one;"
            f" give one of these folders:{listed}"
        )
    job = partial(build_paper, as_of=as_of)
    value = _analyse_found(found, [path], job, workers=workers, progress=progress)[0]
    if compare is None:
        return value
    from dataclasses import replace

    from bvduty.analysis.paper import build_movement
    from bvduty.baseline import compare_to

    return replace(value, movement=build_movement(compare_to(compare, Path(sources[0].folder))))


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
        raise UsageError(f"{option} takes a date written YYYY-MM-DD, not {value!r}") from None


def parse_codes(value: str | None) -> frozenset[GapCode]:
    """Gap codes from a comma-separated option value.

    Raises:
        UsageError: a code is not one of FORMAT.md's gap codes.
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
