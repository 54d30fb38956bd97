"""Problems found in input files, the error classes, and the process exit codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """Process exit codes shared by every command (docs/format.md 6.1)."""

    OK = 0
    FINDINGS = 1  # invalid input, or gaps/regressions the user asked to fail on
    ERROR = 2  # could not run: no such path, bad option


class Severity(StrEnum):
    """How serious a problem is; `validate` fails on any error."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one place in one file; line and column are 1-based.

    Ordering is (file, line, column, code, ...) so sorting a list of problems gives the
    order people read files in, and the same order on every run.
    """

    file: str
    line: int
    column: int
    code: str
    path: str
    message: str
    severity: Severity = Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem is an error; warnings alone never stop a command."""
    return any(p.severity is Severity.ERROR for p in problems)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every problem in every file under the given paths, sorted by file, line, column."""

    problems: tuple[Problem, ...]
    assessments: int
    files: int

    @property
    def valid(self) -> bool:
        """True when no problem is an error (warnings alone do not fail)."""
        return not has_errors(self.problems)

    def exit_code(self, *, strict: bool = False) -> ExitCode:
        """FINDINGS when any error was found, or with `strict` any warning; else OK."""
        failed = not self.valid or (strict and bool(self.problems))
        return ExitCode.FINDINGS if failed else ExitCode.OK


class BvdutyError(Exception):
    """Base of every error that is the user's to fix; printed without a traceback."""

    exit_code: ExitCode = ExitCode.ERROR


class UsageError(BvdutyError):
    """The command could not run: a missing path, an unusable option (exit 2)."""


class InvalidInput(BvdutyError):
    """Input files failed validation; carries every problem found (exit 1)."""

    exit_code = ExitCode.FINDINGS

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the input")
        self.problems = problems
