"""Symbolic links: one that leaves the assessment folder is refused at the link, never followed.

The targets outside hold a field named like a secret: had bvduty read the target, the
`unknown-field` message would show that name. Nothing of it may appear in any output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bvduty.cli import app
from bvduty.core import validate
from conftest import BASE, Overlay, run

SECRET = "SECRET_FIELD_FROM_OUTSIDE"
OUTSIDE_EVIDENCE = f"""bvduty: 1
kind: evidence
evidence:
  - id: E900
    title: Outside
    {SECRET}: 1
"""
LOCAL_FRAMEWORK = """bvduty: 1
kind: framework
id: local
title: Local framework
themes:
  - {id: use-of-resources, number: 1, title: Resources}
"""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "evidence.yaml").write_text(OUTSIDE_EVIDENCE, encoding="utf-8")
    return folder


def _codes(folder: Path) -> list[tuple[str, str]]:
    report = validate([folder], workers=1)
    return [(Path(p.file).name, p.code) for p in report.problems]


def test_a_link_to_a_file_outside_is_refused_at_the_link(
    make_assessment: Overlay, outside: Path
) -> None:
    folder = make_assessment()
    (folder / "themes" / "more.yaml").symlink_to(outside / "evidence.yaml")
    code, out, err = run("validate", str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"{folder.relative_to(Path.cwd()) if folder.is_relative_to(Path.cwd()) else folder}"
        "/themes/more.yaml:1:1: error[link-outside]: a link to a file outside the assessment"
        " folder; bvduty does not follow it: copy the file into the folder, or remove the link"
    ]
    assert SECRET not in out + err


def test_a_link_into_another_assessment_is_refused(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    folder = make_assessment()
    other = tmp_path / "other"
    shutil.copytree(BASE, other)
    (folder / "borrowed.yaml").symlink_to(other / "evidence.yaml")
    assert _codes(folder) == [("borrowed.yaml", "link-outside")]
    assert _codes(tmp_path) == [("borrowed.yaml", "link-outside")]  # from above, too


def test_a_dangling_link_out_is_refused_too(make_assessment: Overlay, tmp_path: Path) -> None:
    folder = make_assessment()
    (folder / "gone.yaml").symlink_to(tmp_path / "no-such-file.yaml")
    assert _codes(folder) == [("gone.yaml", "link-outside")]


def test_a_link_that_stays_inside_the_folder_is_read(make_assessment: Overlay) -> None:
    folder = make_assessment()
    hidden = folder / ".shared"
    hidden.mkdir()
    (folder / "evidence.yaml").rename(hidden / "evidence.yaml")
    (folder / "evidence.yaml").symlink_to(Path(".shared") / "evidence.yaml")
    assert _codes(folder) == []
    (hidden / "evidence.yaml").write_text(OUTSIDE_EVIDENCE, encoding="utf-8")
    assert ("evidence.yaml", "unknown-field") in _codes(folder)  # it really is read


def test_a_loose_link_out_with_no_assessment_is_reported(tmp_path: Path, outside: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "stray.yaml").symlink_to(outside / "evidence.yaml")
    code, out, err = run("validate", str(loose))
    assert code == 1
    assert "[link-outside]" in out
    assert SECRET not in out + err


def test_a_file_argument_that_is_a_link_belongs_where_the_link_is(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    assessment = make_assessment()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "actions.yaml"
    link.symlink_to(assessment / "actions.yaml")
    code, out, _ = run("validate", str(link))
    assert code == 1  # not the assessment the target is in: no manifest where the link is
    assert "[no-manifest]" in out


def test_a_link_named_on_the_command_line_inside_its_assessment_is_checked_there(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    folder = make_assessment()
    other = tmp_path / "other"
    shutil.copytree(BASE, other)
    link = folder / "themes" / "borrowed.yaml"
    link.symlink_to(other / "themes" / "use-of-resources.yaml")
    report = validate([link], workers=1)
    assert report.assessments == 1
    assert [(Path(p.file).name, p.code) for p in report.problems] == [
        ("borrowed.yaml", "link-outside")
    ]


def test_a_local_framework_file_that_links_outside_is_refused(
    make_assessment: Overlay, tmp_path_factory: pytest.TempPathFactory
) -> None:
    far = tmp_path_factory.mktemp("far")
    (far / "framework.yaml").write_text(LOCAL_FRAMEWORK, encoding="utf-8")
    folder = make_assessment()
    shared = folder.parent / "frameworks"  # the folder holding the assessment: allowed by name
    shared.mkdir()
    (shared / "fw.yaml").symlink_to(far / "framework.yaml")
    manifest = folder / "assessment.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text + "framework: ../frameworks/fw.yaml\n", encoding="utf-8")
    line = text.count("\n") + 1
    code, out, err = run("validate", str(folder))
    assert code == 1
    assert out.count("error[") == 1
    assert (
        f"assessment.yaml:{line}:12: error[link-outside]: framework file '../frameworks/fw.yaml'"
        in out
    )
    assert "Local framework" not in out + err


def test_a_local_framework_file_that_links_within_bounds_is_read(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    folder = make_assessment()
    shared = folder.parent / "frameworks"
    shared.mkdir()
    (shared / "local-2024.yaml").write_text(LOCAL_FRAMEWORK, encoding="utf-8")
    (shared / "current.yaml").symlink_to("local-2024.yaml")
    manifest = folder / "assessment.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "framework: ../frameworks/current.yaml\n",
        encoding="utf-8",
    )
    code, out, err = run("validate", str(folder))
    assert (code, out) == (0, ""), err


def test_stdin_named_as_a_link_out_is_checked_where_the_link_is(
    make_assessment: Overlay, outside: Path
) -> None:
    folder = make_assessment()
    link = folder / "more-evidence.yaml"
    link.symlink_to(outside / "evidence.yaml")
    buffer = "bvduty: 1\nkind: evidence\nevidence:\n  - id: E002\n    title: Unsaved\n"
    result = CliRunner().invoke(app, ["validate", "-", "--stdin-filename", str(link)], input=buffer)
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        app, ["validate", "-", "--stdin-filename", str(link)], input=buffer.replace("E002", "E001")
    )
    assert result.exit_code == 1
    assert "more-evidence.yaml:4:9: error[duplicate-id]" in result.stdout
