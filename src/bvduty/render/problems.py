"""Validation problems as text lines, JSON, or GitHub Actions annotations."""

from __future__ import annotations

from bvduty.errors import Problem, Severity, ValidationReport
from bvduty.textsafe import json_text, one_line, visible

GITHUB_ANNOTATION_LIMIT = 10


def line(problem: Problem, *, colour: bool = False) -> str:
    """`FILE:LINE:COL: error[CODE]: MESSAGE`."""
    severity = problem.severity.value
    if colour:
        tint = "1;31" if problem.severity is Severity.ERROR else "1;33"
        severity = f"\x1b[{tint}m{severity}\x1b[0m"
    where = f"{one_line(problem.file)}:{problem.line}:{problem.column}"
    return f"{where}: {severity}[{problem.code}]: {one_line(problem.message)}"


def text(report: ValidationReport, *, colour: bool = False) -> str:
    """One line per problem; empty when everything is valid."""
    return "".join(line(p, colour=colour) + "\n" for p in report.problems)


def summary(report: ValidationReport) -> str:
    """The one-line summary printed on stderr: errors are problems; warnings are counted apart."""
    where = f"{report.files} file(s) in {report.assessments} assessment(s)"
    warnings = sum(1 for p in report.problems if p.severity is Severity.WARNING)
    errors = len(report.problems) - warnings
    if not report.problems:
        return f"OK: {where}, no problems"
    if report.valid:  # warnings only: they fail with --strict, so never say OK
        return f"{warnings} warning(s) in {where}, no errors"
    also = f", and {warnings} warning(s)" if warnings else ""
    return f"{errors} problem(s) in {where}{also}"


def as_json(report: ValidationReport) -> str:
    """The JSON document of docs/format.md 6.2."""
    document = {
        "valid": report.valid,
        "assessments": report.assessments,
        "files": report.files,
        "problems": [
            {
                "file": visible(p.file),
                "line": p.line,
                "column": p.column,
                "severity": p.severity.value,
                "code": p.code,
                "path": visible(p.path),
                "message": visible(p.message),
            }
            for p in report.problems
        ],
    }
    return json_text(document)


def github(report: ValidationReport) -> str:
    """`::error file=F,line=L,col=C::MESSAGE` lines, escaped as the runner expects.

    GitHub shows only the first ten annotations of a kind per step, so a notice with the total
    follows when there are more.
    """
    lines = []
    for p in report.problems:
        props = f"file={visible(_prop(p.file))},line={p.line},col={p.column}"
        lines.append(f"::{p.severity.value} {props}::{visible(_data(p.message))}")
    if len(report.problems) > GITHUB_ANNOTATION_LIMIT:
        total = (
            f"{len(report.problems)} problems in all; GitHub shows the first"
            f" {GITHUB_ANNOTATION_LIMIT}. Run 'bvduty validate' locally to see every one."
        )
        lines.append(f"::notice::{_data(total)}")
    return "".join(f"{entry}\n" for entry in lines)


def _data(value: str) -> str:
    """The runner's escaping: `%`, carriage return and newline (done before `visible`, which
    would otherwise show a carriage return as `\\x0d`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
