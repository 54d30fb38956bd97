"""Start-up: each command imports only what it uses, so that pre-commit and --help are quick.

Speed itself is measured by benchmarks/run.py; these tests pin what a process imports, which
is what start-up time is made of and what a slower machine cannot hide.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, run

# Runs the CLI in a fresh interpreter, then prints the modules it imported (as JSON on stderr).
_PROBE = """
import json, sys
sys.argv = ["bvduty", *sys.argv[1:]]
from bvduty.cli import main
try:
    main()
except SystemExit:
    pass
finally:
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""
HEAVY = ("rich", "jinja2", "docx", "openpyxl", "xlsxwriter", "weasyprint", "multiprocessing")


def _imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    # Not measured by coverage (make test measures child processes): its own imports, such
    # as multiprocessing, are not bvduty's.
    clean = dict(os.environ if env is None else env)
    for name in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START"):
        clean.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean,
        check=False,
    )
    line = proc.stderr.rsplit("MODULES ", 1)[1]
    return {name.split(".")[0] for name in json.loads(line)} | set(json.loads(line))


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["heatmap", "-h"]])
def test_help_imports_neither_pydantic_nor_rich(args: list[str]) -> None:
    modules = _imported(*args)
    assert "typer" in modules  # the probe ran the CLI
    assert not modules & {"pydantic", "pydantic_core", "yaml", *HEAVY}, sorted(modules)


def test_validating_one_folder_imports_only_what_it_needs() -> None:
    """The pre-commit path: no pool, no rich (colour is off when piped), no paper writers, and
    no Pydantic TypeAdapter per option (Typer's own coercion)."""
    folder = str(EXAMPLE / "example-borough-2024-25")
    modules = _imported("validate", folder)
    assert {"pydantic", "yaml", "bvduty.load"} <= modules  # it did validate
    assert not modules & {*HEAVY, "concurrent", "typer._adapters"}, sorted(modules & {*HEAVY})


def test_a_bad_option_value_is_worded_for_people() -> None:
    """Option values are coerced by bvduty, so errors carry no Pydantic wording."""
    cases = {
        ("validate", "--jobs", "0"): "must be 1 or more, not 0",
        ("validate", "--jobs", "two"): "'two' is not a whole number",
        ("validate", "--format", "xml"): "'xml' is not one of 'text', 'json', 'github'.",
        ("heatmap", "--color", "pink"): "'pink' is not one of 'auto', 'always', 'never'.",
    }
    for args, expected in cases.items():
        code, _, stderr = run(*args)
        assert code == 2, stderr
        assert expected in stderr, stderr
        assert "Input should" not in stderr and "Value error" not in stderr


def test_options_still_take_their_types(tmp_path: Path) -> None:
    """Paths, choices, numbers and lists arrive typed as the commands expect."""
    out = tmp_path / "h.json"
    folder = str(EXAMPLE)
    code, _, stderr = run("heatmap", folder, "-f", "json", "-o", str(out), "--jobs", "1")
    assert code == 0, stderr
    assert json.loads(out.read_text("utf-8"))["assessments"]
    code, stdout, _ = run("validate", folder, folder, "-f", "json", "-q", "--color", "never")
    assert code == 0
    # The folder given twice is read once.
    assert json.loads(stdout)["files"] == len(list(EXAMPLE.rglob("*.yaml")))
