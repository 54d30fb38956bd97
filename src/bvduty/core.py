"""The operations the commands run: paths in, immutable values out; nothing printed here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from bvduty.discover import discover
from bvduty.errors import InvalidInput, Problem, Severity, UsageError
from bvduty.load import Assessment
from bvduty.runner import Outcome, run

T = TypeVar("T")


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
    found = discover(paths)
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
