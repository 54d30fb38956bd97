"""Every rejection rule, as a table of example folders: tests/cases/invalid/<case>/.

Each case folder holds files that overlay the valid base assessment (tests/cases/base/) and an
`expect.txt` listing every problem expected, one a line: `FILE:LINE:COL CODE`, or
`FILE:LINE:COL CODE: MESSAGE` when the exact message is part of what is expected (paths of
the case folder are written relative to it). The problems found must equal those expected:
nothing missing, nothing extra.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bvduty.core import validate
from conftest import CASES, Overlay

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def found_problems(folder: Path) -> list[tuple[str, str]]:
    """(`FILE:LINE:COL CODE`, message) of every problem, paths relative to `folder`."""
    report = validate([folder], workers=1)
    root = folder.resolve().as_posix() + "/"
    result = []
    for p in report.problems:
        assert p.message, p
        if p.code == "paper-incomplete":  # overlaid manifests leave out the report: settings
            continue
        name = Path(p.file).resolve().as_posix().removeprefix(root)
        message = p.message.replace(root, "").replace(folder.as_posix() + "/", "")
        result.append((f"{name}:{p.line}:{p.column} {p.code}", message))
    return result


def _found(folder: Path, expected: set[str] | None = None) -> set[str]:
    """The problems as `expect.txt` lines; with the message where `expected` gives one."""
    with_message = {line.split(": ", 1)[0] for line in expected or () if ": " in line}
    return {
        f"{where}: {message}" if where in with_message else where
        for where, message in found_problems(folder)
    }


def expected_lines(case: Path) -> set[str]:
    return set((case / "expect.txt").read_text(encoding="utf-8").split("\n")) - {""}


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_reports_exactly_the_expected_problems(
    case: Path, make_assessment: Overlay
) -> None:
    folder = make_assessment(overlay=case)
    expected = expected_lines(case)
    assert _found(folder, expected) == expected


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_has_no_problems(case: Path, make_assessment: Overlay) -> None:
    folder = make_assessment(overlay=case)
    assert _found(folder) == set()


def test_base_case_is_valid(make_assessment: Overlay) -> None:
    assert _found(make_assessment()) == set()


@pytest.mark.parametrize(
    ("case", "path"),
    [
        ("duplicate-key", "actions.0.owner"),
        ("python-tag", "actions.0.title"),
        ("unknown-field", "criteria.0.ratng"),
        ("unknown-level", "criteria.0.rating"),
    ],
)
def test_problems_carry_their_dotted_path(case: str, path: str, make_assessment: Overlay) -> None:
    report = validate([make_assessment(overlay=CASES / "invalid" / case)], workers=1)
    assert report.problems[0].path == path
