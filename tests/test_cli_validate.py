"""`bvduty validate` as a user and a CI job see it: exit code, stdout and stderr, together.

Results go to stdout, the summary and errors to stderr (docs/format.md 6.1). Each test
runs the real Typer app and checks all three, so a line printed to the wrong stream fails.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bvduty import core
from bvduty.cli import app, main
from bvduty.errors import UsageError
from conftest import BASE, CASES, EXAMPLE, ROOT, Overlay

# FILE:LINE:COL: error[CODE]: MESSAGE, positions 1-based.
PROBLEM_LINE = re.compile(
    r"(?P<file>[^:\n]+):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*):"
    r" error\[(?P<code>[a-z0-9-]+)\]: (?P<message>\S.*)"
)
BASE_FILE_COUNT = len(list(BASE.rglob("*.yaml")))
EVIDENCE = (BASE / "evidence.yaml").read_text(encoding="utf-8")


def validate(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """Run `bvduty validate ARGS`; bugs propagate instead of becoming exit codes."""
    return CliRunner().invoke(app, ["validate", *args], env=env, catch_exceptions=False)


def problems_in(stdout: str) -> list[tuple[str, int, int, str]]:
    """Every stdout line parsed as a problem line; any other line fails the test."""
    found = []
    for text in stdout.splitlines():
        match = PROBLEM_LINE.fullmatch(text)
        assert match, f"not a problem line: {text!r}"
        found.append((match["file"], int(match["line"]), int(match["column"]), match["code"]))
    return found


def expected_from(case: str, folder: str) -> list[tuple[str, int, int, str]]:
    """A case's expect.txt as problem tuples for files under `folder`, in output order."""
    rows = []
    for entry in (CASES / "invalid" / case / "expect.txt").read_text(encoding="utf-8").splitlines():
        if entry:
            where, code = entry.split(": ", 1)[0].split()
            name, line, column = where.split(":")
            rows.append((f"{folder}/{name}", int(line), int(column), code))
    return sorted(rows)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in the temporary folder, so problems name files the way a user typed them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def evidence_with(extra_keys: str) -> str:
    """The base evidence file with extra top-level keys (each an unknown-field problem)."""
    return EVIDENCE.replace("evidence:\n", extra_keys + "evidence:\n", 1)


# --- a valid assessment --------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["assessments"], ["assessments/"]])
def test_the_shipped_example_is_valid(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    files = len(list(EXAMPLE.rglob("*.yaml")))
    result = validate(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        f"OK: {files} file(s) in 1 assessment(s), no problems\n",
    )


def test_the_shipped_example_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = validate("--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "valid": True,
        "assessments": 1,
        "files": len(list(EXAMPLE.rglob("*.yaml"))),
        "problems": [],
    }
    assert result.stderr.startswith("OK: ")


# --- an invalid assessment ---------------------------------------------------------------------


def test_problems_are_text_lines_on_stdout_and_a_summary_on_stderr(
    make_assessment: Overlay, in_tmp: Path
) -> None:
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    result = validate("assessment")
    assert result.exit_code == 1
    assert problems_in(result.stdout) == expected_from("done-and-date", "assessment")
    assert result.stdout == (
        "assessment/actions.yaml:8:13: error[done-without-date]:"
        " action A01 is done but has no completed_on date;"
        " add a line 'completed_on: YYYY-MM-DD' with the day it was done\n"
        "assessment/actions.yaml:14:5: error[date-without-done]:"
        " action A02 has completed_on but its status is planned;"
        " set status: done, or remove completed_on\n"
    )
    assert result.stderr == f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


@pytest.mark.parametrize(
    "case", ["broken-yaml", "duplicate-key", "python-tag", "unknown-field", "see-cells"]
)
def test_each_problem_is_one_positioned_line(
    case: str, make_assessment: Overlay, in_tmp: Path
) -> None:
    make_assessment(overlay=CASES / "invalid" / case)
    result = validate("assessment")
    assert result.exit_code == 1
    assert problems_in(result.stdout) == expected_from(case, "assessment")
    count = len(expected_from(case, "assessment"))
    assert result.stderr == f"{count} problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


def test_json_has_exactly_the_keys_of_the_contract(make_assessment: Overlay, in_tmp: Path) -> None:
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    result = validate("--format", "json", "assessment")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"valid", "assessments", "files", "problems"}
    assert (document["valid"], document["assessments"], document["files"]) == (
        False,
        1,
        BASE_FILE_COUNT,
    )
    keys = {"file", "line", "column", "severity", "code", "path", "message"}
    assert all(set(problem) == keys for problem in document["problems"])
    assert document["problems"] == [
        {
            "file": "assessment/actions.yaml",
            "line": 8,
            "column": 13,
            "severity": "error",
            "code": "done-without-date",
            "path": "actions.0.status",
            "message": (
                "action A01 is done but has no completed_on date;"
                " add a line 'completed_on: YYYY-MM-DD' with the day it was done"
            ),
        },
        {
            "file": "assessment/actions.yaml",
            "line": 14,
            "column": 5,
            "severity": "error",
            "code": "date-without-done",
            "path": "actions.1.completed_on",
            "message": (
                "action A02 has completed_on but its status is planned;"
                " set status: done, or remove completed_on"
            ),
        },
    ]
    assert result.stderr == f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


# --- GitHub annotations ------------------------------------------------------------------------


def test_github_annotations_escape_properties_and_messages(
    make_assessment: Overlay, in_tmp: Path
) -> None:
    """`%`, `:` and `,` are escaped in properties; `%` and newlines in the message."""
    folder = make_assessment(files={"evidence.yaml": evidence_with('"a\\nb": 1\n"100%": 2\n')})
    folder.rename(in_tmp / "a,b:c%d")
    result = validate("--format", "github", "a,b:c%d")
    assert result.exit_code == 1
    where = "file=a%2Cb%3Ac%25d/evidence.yaml"
    fields = "remove it, or use one of the fields here: bvduty, kind, evidence"
    assert result.stdout == (
        f"::error {where},line=3,col=1::"
        f"unknown field 'a%0Ab'; {fields}\n"
        f"::error {where},line=4,col=1::"
        f"unknown field '100%25'; {fields}\n"
    )
    assert result.stderr == f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


@pytest.mark.parametrize(("count", "notice"), [(10, False), (11, True)])
def test_github_adds_a_notice_when_it_would_hide_problems(
    count: int, notice: bool, make_assessment: Overlay, in_tmp: Path
) -> None:
    keys = "".join(f"extra{n:02d}: x\n" for n in range(count))
    make_assessment(files={"evidence.yaml": evidence_with(keys)})
    result = validate("--format", "github", "assessment")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error file=assessment/evidence.yaml,")]
    assert len(errors) == count
    if notice:
        assert lines == [
            *errors,
            f"::notice::{count} problems in all; GitHub shows the first 10."
            " Run 'bvduty validate' locally to see every one.",
        ]
    else:
        assert lines == errors
    assert result.stderr == (
        f"{count} problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"
    )


# --- what the paths mean -----------------------------------------------------------------------


def test_a_file_means_its_whole_assessment(make_assessment: Overlay, in_tmp: Path) -> None:
    """pre-commit passes only changed files; a problem in a sibling file is still found."""
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    result = validate("assessment/themes/use-of-resources.yaml")
    assert result.exit_code == 1
    assert problems_in(result.stdout) == expected_from("done-and-date", "assessment")
    assert result.stderr == f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


def test_several_files_of_one_assessment_check_it_once(
    make_assessment: Overlay, in_tmp: Path
) -> None:
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    result = validate("assessment/actions.yaml", "assessment/evidence.yaml", "assessment")
    assert result.exit_code == 1
    assert problems_in(result.stdout) == expected_from("done-and-date", "assessment")
    assert result.stderr == f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


def test_a_folder_of_assessments_checks_every_one(make_assessment: Overlay, in_tmp: Path) -> None:
    broken = make_assessment(overlay=CASES / "invalid" / "done-and-date")
    (in_tmp / "all").mkdir()
    shutil.copytree(BASE, in_tmp / "all" / "fine")
    broken.rename(in_tmp / "all" / "zz-broken")
    result = validate("all")
    assert result.exit_code == 1
    assert problems_in(result.stdout) == expected_from("done-and-date", "all/zz-broken")
    files = 2 * BASE_FILE_COUNT
    assert result.stderr == f"2 problem(s) in {files} file(s) in 2 assessment(s)\n"


@pytest.mark.parametrize("given", ["loose/notes.yaml", "loose"])
def test_a_yaml_file_outside_any_assessment_is_no_manifest(given: str, in_tmp: Path) -> None:
    (in_tmp / "loose").mkdir()
    (in_tmp / "loose" / "notes.yaml").write_text(EVIDENCE, encoding="utf-8")
    result = validate(given)
    assert result.exit_code == 1
    assert problems_in(result.stdout) == [("loose/notes.yaml", 1, 1, "no-manifest")]
    assert "no file of kind 'assessment'" in result.stdout
    assert result.stderr == "1 problem(s) in 1 file(s) in 0 assessment(s)\n"


# --- could not run -----------------------------------------------------------------------------


def test_a_missing_path_is_one_line_and_exit_2(in_tmp: Path) -> None:
    result = validate("nope")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "bvduty: error: no such file or folder: nope\n",
    )


@pytest.mark.parametrize(
    ("args", "option"),
    [(["--format", "xml"], "--format"), (["--jobs", "0"], "--jobs")],
)
def test_a_bad_option_is_a_usage_error_and_exit_2(
    args: list[str], option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = validate(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "Error" in line]
    assert len(errors) == 1, result.stderr
    assert f"Invalid value for '{option}'" in errors[0]


def test_a_user_error_raised_inside_prints_cleanly(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path
) -> None:
    def refuse(paths: object) -> None:
        raise UsageError("cannot read the assessments today")

    monkeypatch.setattr(core, "discover", refuse)
    result = validate(".")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "bvduty: error: cannot read the assessments today\n",
    )


def test_an_internal_error_is_not_swallowed(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> None:
    """A bug must surface as a traceback, not as a tidy message that hides it."""

    def broken(paths: object) -> None:
        raise RuntimeError("a bug in bvduty")

    monkeypatch.setattr(core, "discover", broken)
    with pytest.raises(RuntimeError, match="a bug in bvduty"):
        validate(".")
    monkeypatch.setattr(sys, "argv", ["bvduty", "validate", "."])
    with pytest.raises(RuntimeError, match="a bug in bvduty"):
        main()


# --- text that could fool a terminal -----------------------------------------------------------

HOSTILE_KEYS = '"\\e[31mred": 1\n"\\u202eexe.txt": 2\n'


def test_escapes_in_user_text_are_shown_escaped(make_assessment: Overlay, in_tmp: Path) -> None:
    make_assessment(files={"evidence.yaml": evidence_with(HOSTILE_KEYS)})
    result = validate("assessment")
    assert result.exit_code == 1
    assert result.stdout == (
        "assessment/evidence.yaml:3:1: error[unknown-field]: unknown field '\\x1b[31mred';"
        " remove it, or use one of the fields here: bvduty, kind, evidence\n"
        "assessment/evidence.yaml:4:1: error[unknown-field]: unknown field '\\u202eexe.txt';"
        " remove it, or use one of the fields here: bvduty, kind, evidence\n"
    )
    assert result.stderr == f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"


@pytest.mark.parametrize(
    "output_format",
    ["github", "json"],
)
def test_no_raw_escape_or_override_in_machine_formats(
    output_format: str, make_assessment: Overlay, in_tmp: Path
) -> None:
    make_assessment(files={"evidence.yaml": evidence_with(HOSTILE_KEYS)})
    result = validate("--format", output_format, "assessment")
    assert result.exit_code == 1
    assert result.stdout.count("unknown field") == 2
    for raw in ("\x1b", "\u202e"):
        assert raw not in result.stdout
        assert raw not in result.stderr


def _in_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run bvduty with stdout and stderr on a pseudo-terminal; return its code and output."""
    controller, terminal = pty.openpty()
    command = [sys.executable, "-c", "from bvduty.cli import main; main()", *args]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env, cwd=cwd
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(timeout=60), b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_color_turns_off_escape_codes_on_a_terminal(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    code, coloured = _in_a_terminal(["validate", "assessment"], env, tmp_path)
    assert code == 1
    assert "\x1b[" in coloured  # a terminal gets colour, so the next check means something
    code, plain = _in_a_terminal(["validate", "assessment"], {**env, "NO_COLOR": "1"}, tmp_path)
    assert code == 1
    assert "\x1b" not in plain
    assert plain.replace("\r\n", "\n") == (
        "assessment/actions.yaml:8:13: error[done-without-date]:"
        " action A01 is done but has no completed_on date;"
        " add a line 'completed_on: YYYY-MM-DD' with the day it was done\n"
        "assessment/actions.yaml:14:5: error[date-without-done]:"
        " action A02 has completed_on but its status is planned;"
        " set status: done, or remove completed_on\n"
        f"2 problem(s) in {BASE_FILE_COUNT} file(s) in 1 assessment(s)\n"
    )


def test_piped_output_has_no_escape_codes(make_assessment: Overlay, in_tmp: Path) -> None:
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    result = validate("assessment", env={"NO_COLOR": None})
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert len(problems_in(result.stdout)) == 2
