"""The conventions users of other command-line checkers expect, each checked as a user meets it.

Exit code, stdout and stderr are asserted together. Where the answer depends on the process
itself (environment variables, a terminal, standard input, `python -m`), bvduty runs in a real
child process (`conftest.run_process`); elsewhere the in-process runner is enough.
"""

from __future__ import annotations

import io
import re
import tomllib
from collections.abc import Iterator
from importlib import metadata
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import typer

from bvduty import baseline, core, runner
from bvduty.cli import EXIT_CODES, app
from bvduty.errors import Problem, Severity, ValidationReport
from bvduty.formats import Colour, ProblemFormat, problems_format, use_colour
from bvduty.load import load_assessment
from conftest import BASE, CASES, EXAMPLE, ROOT, Overlay, run, run_process

EXAMPLE_FILES = len(list(EXAMPLE.rglob("*.yaml")))
BASE_FILES = len(list(BASE.rglob("*.yaml")))
OK_EXAMPLE = f"OK: {EXAMPLE_FILES} file(s) in 1 assessment(s), no problems\n"
DONE_AND_DATE = (
    "assessment/actions.yaml:8:13: error[done-without-date]:"
    " action A01 is done but has no completed_on date;"
    " add a line 'completed_on: YYYY-MM-DD' with the day it was done\n"
    "assessment/actions.yaml:14:5: error[date-without-done]:"
    " action A02 has completed_on but its status is planned;"
    " set status: done, or remove completed_on\n"
)
TWO_PROBLEMS = f"2 problem(s) in {BASE_FILES} file(s) in 1 assessment(s)\n"
RED_ERROR = "\x1b[1;31merror\x1b[0m"


@pytest.fixture
def broken(make_assessment: Overlay, tmp_path: Path) -> Path:
    """tmp_path holding `assessment/`, the base case with the done-and-date mistakes."""
    make_assessment(overlay=CASES / "invalid" / "done-and-date")
    return tmp_path


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and group of the app, as the words that name it."""
    yield prefix
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


# --- -h, --help, -V, --version, python -m bvduty -------------------------------------------------


def test_every_command_is_found() -> None:
    names = {" ".join(words) for words in COMMANDS}
    assert {"validate", "heatmap", "gaps", "diff", "report", "export", "init", "schema"} <= names
    assert {"framework list", "framework show"} <= names


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "bvduty")
def test_h_is_help_and_every_help_states_the_exit_codes(words: tuple[str, ...]) -> None:
    long = run(*words, "--help")
    short = run(*words, "-h")
    assert short == long
    code, out, err = long
    assert (code, err) == (0, "")
    assert out.startswith(f"Usage: {' '.join(('bvduty', *words))} ")
    if words != ("framework",):  # a group of two commands, each stating them
        assert EXIT_CODES in " ".join(out.split())


def test_version_comes_from_the_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert version("bvduty") == declared["project"]["version"]
    expected = (0, f"bvduty {version('bvduty')}\n", "")
    assert run("--version") == expected
    assert run("-V") == expected
    monkeypatch.setattr(metadata, "version", lambda name: f"9.9.9+{name}")
    assert run("-V") == (0, "bvduty 9.9.9+bvduty\n", "")


def test_python_m_bvduty_is_the_same_command() -> None:
    assert run_process("-V") == (0, f"bvduty {version('bvduty')}\n", "")
    assert run_process("validate", str(EXAMPLE)) == (0, "", OK_EXAMPLE)


# --- exit codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("validate", str(EXAMPLE)), 0),
        (("validate", "{tmp}/assessment"), 1),
        (("validate", "{tmp}/nowhere"), 2),
        (("validate", str(EXAMPLE), "--format", "xml"), 2),
        (("heatmap", "{tmp}/assessment"), 1),
        (("gaps", str(EXAMPLE), "--fail-on", "overdue"), 1),
        (("gaps", str(EXAMPLE), "--fail-on", "late"), 2),
    ],
)
def test_exit_codes_are_0_1_and_2_as_help_says(
    broken: Path, args: tuple[str, ...], expected: int
) -> None:
    code, _, err = run(*(arg.format(tmp=broken) for arg in args))
    assert code == expected, err
    assert "Traceback" not in err


# --- --quiet -------------------------------------------------------------------------------------


def test_quiet_drops_the_summary_but_never_a_result(broken: Path) -> None:
    assert run("validate", str(EXAMPLE), "--quiet") == (0, "", "")
    assert run("validate", str(EXAMPLE), "-q") == (0, "", "")
    problems = run("validate", str(broken / "assessment"), "-q")
    assert problems == (1, DONE_AND_DATE.replace("assessment/", f"{broken}/assessment/"), "")


def test_quiet_drops_what_init_and_export_say(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    args = ("--authority", "Test Council", "--period", "2025/26", "--as-of", "2025-03-31")
    assert run("init", str(folder), *args, "--quiet") == (0, "", "")
    assert (folder / "assessment.yaml").is_file()
    target = tmp_path / "out.xlsx"
    assert run("export", str(EXAMPLE), "-o", str(target), "-q") == (0, "", "")
    assert target.stat().st_size > 0


# --- --color auto|always|never, NO_COLOR, FORCE_COLOR, TERM=dumb ---------------------------------


class _Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize(
    ("choice", "env", "terminal", "expected"),
    [
        (Colour.AUTO, {}, True, True),
        (Colour.AUTO, {}, False, False),
        (Colour.AUTO, {"NO_COLOR": "1"}, True, False),
        (Colour.AUTO, {"NO_COLOR": ""}, True, True),  # no-color.org: set and not empty
        (Colour.AUTO, {"FORCE_COLOR": "1"}, False, True),
        (Colour.AUTO, {"FORCE_COLOR": "0"}, True, True),
        (Colour.AUTO, {"FORCE_COLOR": "0"}, False, False),
        (Colour.AUTO, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        (Colour.AUTO, {"TERM": "dumb"}, True, False),
        (Colour.AUTO, {"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
        (Colour.AUTO, {"TERM": "xterm-256color"}, True, True),
        (Colour.ALWAYS, {"NO_COLOR": "1", "TERM": "dumb"}, False, True),
        (Colour.NEVER, {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_when_to_colour(
    choice: Colour, env: dict[str, str], terminal: bool, expected: bool
) -> None:
    assert use_colour(choice, _Stream(terminal), env) is expected


def test_auto_colours_a_terminal_and_not_a_pipe(broken: Path) -> None:
    code, shown, err = run_process("validate", "assessment", cwd=broken, terminal=True)
    assert (code, err) == (1, TWO_PROBLEMS)
    assert shown == DONE_AND_DATE.replace(": error[", f": {RED_ERROR}[")
    assert run_process("validate", "assessment", cwd=broken) == (1, DONE_AND_DATE, TWO_PROBLEMS)


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [
        (("--color", "never"), {}, False),
        (("--colour", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"TERM": "dumb"}, False),
        ((), {"NO_COLOR": "1"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
    ],
)
def test_colour_on_a_terminal_follows_option_then_environment(
    broken: Path, options: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    code, shown, err = run_process(
        "validate", "assessment", *options, env=env, cwd=broken, terminal=True
    )
    assert (code, err) == (1, TWO_PROBLEMS)
    assert shown == (
        DONE_AND_DATE.replace(": error[", f": {RED_ERROR}[") if coloured else DONE_AND_DATE
    )


@pytest.mark.parametrize(
    ("options", "env"), [(("--color", "always"), {}), ((), {"FORCE_COLOR": "1"})]
)
def test_colour_can_be_forced_into_a_pipe(
    broken: Path, options: tuple[str, ...], env: dict[str, str]
) -> None:
    code, out, err = run_process("validate", "assessment", *options, env=env, cwd=broken)
    assert (code, out, err) == (
        1,
        DONE_AND_DATE.replace(": error[", f": {RED_ERROR}["),
        TWO_PROBLEMS,
    )


def test_problems_that_stop_another_command_are_coloured_on_stderr_too(broken: Path) -> None:
    folder = str(broken / "assessment")
    code, out, err = run("heatmap", folder, "--color", "always")
    assert (code, out) == (1, "")
    assert err.count(RED_ERROR) == 2
    code, out, err = run("heatmap", folder, "--color", "never")
    assert (code, out) == (1, "")
    assert "\x1b" not in err
    assert err.endswith("bvduty: 2 problem(s); nothing was produced\n")


def test_an_unknown_colour_choice_is_a_usage_error() -> None:
    code, out, err = run("validate", str(EXAMPLE), "--color", "sometimes")
    assert (code, out) == (2, "")
    assert "'sometimes' is not one of 'auto', 'always', 'never'" in err


# --- GitHub Actions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, {}, ProblemFormat.TEXT),
        (None, {"GITHUB_ACTIONS": "true"}, ProblemFormat.GITHUB),
        (None, {"GITHUB_ACTIONS": "false"}, ProblemFormat.TEXT),
        (ProblemFormat.TEXT, {"GITHUB_ACTIONS": "true"}, ProblemFormat.TEXT),
        (ProblemFormat.JSON, {"GITHUB_ACTIONS": "true"}, ProblemFormat.JSON),
    ],
)
def test_problems_format_inside_and_outside_github_actions(
    given: ProblemFormat | None, env: dict[str, str], expected: ProblemFormat
) -> None:
    assert problems_format(given, env) is expected


GITHUB = (
    "::error file=assessment/actions.yaml,line=8,col=13::"
    "action A01 is done but has no completed_on date;"
    " add a line 'completed_on: YYYY-MM-DD' with the day it was done\n"
    "::error file=assessment/actions.yaml,line=14,col=5::"
    "action A02 has completed_on but its status is planned; set status: done,"
    " or remove completed_on\n"
)


def test_inside_github_actions_problems_are_annotations_unless_a_format_is_given(
    broken: Path,
) -> None:
    inside = {"GITHUB_ACTIONS": "true"}
    assert run_process("validate", "assessment", env=inside, cwd=broken) == (
        1,
        GITHUB,
        TWO_PROBLEMS,
    )
    assert run_process("validate", "assessment", "-f", "text", env=inside, cwd=broken) == (
        1,
        DONE_AND_DATE,
        TWO_PROBLEMS,
    )


def test_github_writes_a_carriage_return_as_percent_0d(
    make_assessment: Overlay, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    evidence = (BASE / "evidence.yaml").read_text(encoding="utf-8")
    make_assessment(files={"evidence.yaml": evidence + '"a\\rb\\nc": 1\n'})
    monkeypatch.chdir(tmp_path)
    code, out, err = run("validate", "assessment", "--format", "github")
    assert code == 1
    assert out == (
        f"::error file=assessment/evidence.yaml,line={evidence.count(chr(10)) + 1},col=1::"
        "unknown field 'a%0Db%0Ac'; remove it, or use one of the fields here: bvduty, kind,"
        " evidence\n"
    )
    assert "\r" not in out
    assert err == f"1 problem(s) in {BASE_FILES} file(s) in 1 assessment(s)\n"


# --- validate - (standard input) -----------------------------------------------------------------


def test_stdin_alone_is_checked_as_one_file_named_stdin() -> None:
    given = b"bvduty: 1\nkind: evidence\nevidence: [1\n"
    code, out, err = run_process("validate", "-", stdin=given)
    assert code == 1
    assert re.fullmatch(r"<stdin>:3:11: error\[yaml-syntax\]: .+ not closed .+\n", out), out
    assert err == "1 problem(s) in 1 file(s) in 0 assessment(s)\n"
    fine = (BASE / "evidence.yaml").read_bytes()
    assert run_process("validate", "-", stdin=fine) == (
        0,
        "",
        "OK: 1 file(s) in 0 assessment(s), no problems\n",
    )


def test_stdin_filename_checks_the_text_within_its_assessment(broken: Path) -> None:
    """An editor's unsaved buffer: it replaces the file on disk, and cross-file rules apply."""
    name = "assessment/actions.yaml"
    fixed = (BASE / "actions.yaml").read_bytes()
    assert run_process("validate", "-", "--stdin-filename", name, stdin=fixed, cwd=broken) == (
        0,
        "",
        f"OK: {BASE_FILES} file(s) in 1 assessment(s), no problems\n",
    )
    as_on_disk = (broken / name).read_bytes()
    assert run_process("validate", "-", "--stdin-filename", name, stdin=as_on_disk, cwd=broken) == (
        1,
        DONE_AND_DATE,
        TWO_PROBLEMS,
    )
    # Emptying the evidence library breaks references made from another file.
    empty = b"bvduty: 1\nkind: evidence\nevidence: []\n"
    code, out, err = run_process(
        "validate", "-", "--stdin-filename", "assessment/evidence.yaml", stdin=empty, cwd=broken
    )
    assert code == 1
    assert out.count("assessment/themes/use-of-resources.yaml:") == 2
    assert out.count("error[unknown-reference]: E001 is not in the evidence library") == 2
    assert err.startswith("4 problem(s) in ")  # and the two in actions.yaml on disk


# --- validate --strict ---------------------------------------------------------------------------


def test_strict_fails_on_warnings_too(monkeypatch: pytest.MonkeyPatch) -> None:
    warning = Problem("a.yaml", 3, 5, "some-warning", "x", "a warning", Severity.WARNING)
    found = ValidationReport((warning,), 1, 4)
    monkeypatch.setattr(core, "validate", lambda *args, **kwargs: found)
    line = "a.yaml:3:5: warning[some-warning]: a warning\n"
    summary = "1 warning(s) in 4 file(s) in 1 assessment(s), no errors\n"
    assert run("validate", "x") == (0, line, summary)
    assert run("validate", "x", "--strict") == (1, line, summary)
    assert run("validate", "x", "--strict", "-f", "github") == (
        1,
        "::warning file=a.yaml,line=3,col=5::a warning\n",
        summary,
    )


def test_strict_changes_nothing_when_there_are_no_warnings(broken: Path) -> None:
    assert run("validate", str(EXAMPLE), "--strict") == (0, "", OK_EXAMPLE)
    assert run("validate", str(broken / "assessment"), "--strict")[0] == 1


# --- report --compare reads each assessment once --------------------------------------------------


def test_report_compare_loads_each_assessment_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loaded: list[str] = []
    load = load_assessment

    def counting(source: Any) -> Any:
        loaded.append(source.display)
        return load(source)

    monkeypatch.setattr(runner, "load_assessment", counting)  # the current assessment
    monkeypatch.setattr(baseline, "load_assessment", counting)  # the one compared with
    code, out, err = run("report", str(EXAMPLE), "--compare", str(EXAMPLE), "--jobs", "1")
    assert (code, err) == (0, "")
    assert "Movement since" in out
    assert len(loaded) == 2


# --- bad option values, in plain words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("validate", "--format", "xml"),
            "Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', 'github'.",
        ),
        (
            ("validate", "--jobs", "0"),
            "Invalid value for '--jobs' / '-j': must be 1 or more, not 0",
        ),
        (("heatmap", "-j", "x"), "Invalid value for '--jobs' / '-j': 'x' is not a whole number"),
        (
            ("gaps", "--color", "nah"),
            "Invalid value for '--color' / '--colour':"
            " 'nah' is not one of 'auto', 'always', 'never'.",
        ),
        (
            ("framework", "list", "-f", "yaml"),
            "Invalid value for '--format' / '-f': 'yaml' is not one of 'text', 'json'.",
        ),
        (
            ("--show-completion", "tcsh"),
            "Invalid value for '--show-completion':"
            " 'tcsh' is not one of 'bash', 'zsh', 'fish', 'powershell', 'pwsh'.",
        ),
    ],
)
def test_a_bad_option_value_is_exit_2_in_plain_words(args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: {message}"
    assert "Value error" not in err
    assert "Input should be" not in err


@pytest.mark.parametrize(
    "command",
    [
        *([name] for name in ("validate", "heatmap", "gaps", "actions", "diff", "report")),
        *([name] for name in ("export", "init", "schema", "site", "indicators")),
        [],
        ["framework", "show"],
    ],
)
def test_help_names_what_to_give_not_python_types(command: list[str]) -> None:
    """An officer reads PATH, DATE, N and TEXT; never "<list[str]>", "<str>" or "[x>=1]"."""
    code, out, _ = run(*command, "--help")
    assert code == 0
    for word in ("<str>", "<path>", "<int", "list[", "[x>", "stdout", "atomically"):
        assert word not in out, (command, word)
