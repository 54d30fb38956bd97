"""Odd things in the file system and on the command line: never a traceback, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BASE, Overlay, run, run_process

LOCAL_FRAMEWORK = """bvduty: 1
kind: framework
id: local
title: Local framework
themes:
  - {id: use-of-resources, number: 1, title: Resources}
"""


def test_a_fifo_named_yaml_is_skipped_not_read(make_assessment: Overlay) -> None:
    """Reading a pipe nobody writes to would wait for ever: run in a process that times out."""
    folder = make_assessment()
    os.mkfifo(folder / "pipe.yaml")
    code, out, err = run_process("validate", str(folder), timeout=30)
    assert (code, out) == (0, ""), err
    assert err.startswith("OK: ")


def test_a_symlink_loop_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    loop = tmp_path / "loopy.yaml"
    loop.symlink_to(loop)
    code, out, err = run("validate", str(loop))
    assert (code, out) == (2, "")
    assert "no such file or folder" in err


@pytest.mark.parametrize("make", ["empty-folder", "folder-named-yaml"])
def test_validate_with_nothing_to_check_exits_2(tmp_path: Path, make: str) -> None:
    target = tmp_path / ("x.yaml" if make == "folder-named-yaml" else "empty")
    target.mkdir()
    code, out, err = run("validate", str(target))
    assert (code, out) == (2, "")
    assert "nothing to validate" in err


def test_a_local_framework_may_sit_in_the_assessment_folder(make_assessment: Overlay) -> None:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    folder = make_assessment(
        files={
            "framework.yaml": LOCAL_FRAMEWORK,
            "assessment.yaml": manifest + "framework: framework.yaml\n",
        }
    )
    code, _, err = run("validate", str(folder))
    assert code == 0, err
    code, out, _ = run("heatmap", str(folder), "--format", "json")
    assert code == 0
    assert '"id": "use-of-resources"' in out
    assert '"title": "Resources"' in out


def test_a_local_framework_listing_a_theme_twice_is_refused(make_assessment: Overlay) -> None:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    twice = LOCAL_FRAMEWORK + "  - {id: use-of-resources, number: 2, title: Again}\n"
    folder = make_assessment(
        files={"framework.yaml": twice, "assessment.yaml": manifest + "framework: framework.yaml\n"}
    )
    code, out, _ = run("validate", str(folder))
    assert code == 1
    assert "framework.yaml:1:1: error[bad-value]" in out
    assert "listed twice" in out


def test_as_of_takes_only_calendar_dates(make_assessment: Overlay) -> None:
    code, _, err = run("gaps", str(make_assessment()), "--as-of", "2025-W01-1")
    assert code == 2
    assert "YYYY-MM-DD" in err
