"""`bvduty init`: from nothing to an assessment that validates, without ever overwriting a file."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bvduty.cli import app
from bvduty.frameworks import builtin_frameworks, builtin_scales
from bvduty.schema import render_schema

SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(?P<target>\S+)")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def init(folder: Path, *extra: str, authority: str = "Test Council") -> Result:
    return run("init", str(folder), "--authority", authority, "--period", "2025/26", *extra)


@pytest.mark.parametrize("scale", sorted(builtin_scales()))
@pytest.mark.parametrize("framework", sorted(builtin_frameworks()))
def test_init_then_validate(tmp_path: Path, framework: str, scale: str) -> None:
    folder = tmp_path / "new"
    result = init(folder, "--framework", framework, "--scale", scale, "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    themes = builtin_frameworks()[framework].themes
    assert result.stderr == (
        f"Created {len(themes) + 4} files in {folder}; next: bvduty validate {folder}\n"
    )
    checked = run("validate", str(folder))
    assert checked.exit_code == 0, checked.stdout
    heatmap = json.loads(run("heatmap", str(folder), "--format", "json").stdout)
    (only,) = heatmap["assessments"]
    assert only["authority"] == "Test Council"
    assert only["period"] == "2025/26"
    assert [level["id"] for level in only["scale"]] == [
        level.id for level in builtin_scales()[scale].levels
    ]
    assert [t["id"] for t in only["themes"]] == [t.id for t in themes]
    gaps = json.loads(run("gaps", str(folder), "--format", "json").stdout)
    found = gaps["assessments"][0]["gaps"]  # every theme has its file, none rated yet
    assert [(g["code"], g["severity"], g["theme"]) for g in found] == [
        ("not-assessed", "high", t.id) for t in themes
    ]
    assert [t["assessed"] for t in only["themes"]] == [False] * len(themes)


def test_every_yaml_file_points_an_editor_at_the_schema_written_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert init(folder, "--as-of", "2025-03-31").exit_code == 0
    yaml_files = sorted(folder.rglob("*.yaml"))
    assert len(yaml_files) == 3 + len(builtin_frameworks()["best-value-2024"].themes)
    for path in yaml_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.fullmatch(first)
        assert match, f"{path}: {first!r}"
        assert (path.parent / match["target"]).resolve() == (folder / "schema.json").resolve()
    assert (folder / "schema.json").read_text(encoding="utf-8") == render_schema()


def test_theme_files_carry_the_theme_title_and_the_guide_text(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert init(folder, "--as-of", "2025-03-31").exit_code == 0
    themes = sorted((folder / "themes").iterdir())
    assert [p.name for p in themes] == [
        "01-continuous-improvement.yaml",
        "02-leadership.yaml",
        "03-governance.yaml",
        "04-culture.yaml",
        "05-use-of-resources.yaml",
        "06-service-delivery.yaml",
        "07-partnerships-and-community-engagement.yaml",
    ]
    resources = (folder / "themes" / "05-use-of-resources.yaml").read_text(encoding="utf-8")
    assert "# Theme 5: Use of Resources\n" in resources
    assert "#   An authority must have in place and properly deploy an effective" in resources
    assert "\ntheme: use-of-resources\n" in resources
    assert all(len(line) <= 100 for line in resources.splitlines())


@pytest.mark.parametrize(
    "name",
    ['Ynys Môn "County": Council # 1', "NO", "0012", "'quoted' & <b>", "Council\\path"],
)
def test_any_printable_authority_name_round_trips(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "new"
    assert init(folder, "--as-of", "2025-03-31", authority=name).exit_code == 0
    heatmap = json.loads(run("heatmap", str(folder), "--format", "json").stdout)
    assert heatmap["assessments"][0]["authority"] == name


def test_as_of_defaults_to_today(tmp_path: Path) -> None:
    before = date.today()
    assert init(tmp_path / "new").exit_code == 0
    after = date.today()
    gaps = json.loads(run("gaps", str(tmp_path / "new"), "--format", "json").stdout)
    assert gaps["assessments"][0]["as_of"] in {before.isoformat(), after.isoformat()}


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    (folder / "themes").mkdir(parents=True)
    mine = folder / "themes" / "03-governance.yaml"
    mine.write_text("my own work\n", encoding="utf-8")
    result = init(folder, "--as-of", "2025-03-31")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"bvduty: error: {mine} already exists")
    assert result.stderr.endswith("(nothing was written)\n")
    assert mine.read_text(encoding="utf-8") == "my own work\n"
    assert sorted(folder.rglob("*")) == [folder / "themes", mine]


def test_refuses_a_folder_holding_other_yaml(tmp_path: Path) -> None:
    """Its files would join the new assessment, which would then not validate."""
    folder = tmp_path / "new"
    folder.mkdir()
    other = folder / "notes.yml"
    other.write_text("a: 1\n", encoding="utf-8")
    result = init(folder, "--as-of", "2025-03-31")
    assert result.exit_code == 2
    assert f"{other} already exists" in result.stderr
    assert sorted(folder.rglob("*")) == [other]


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    assert init(tmp_path, "--as-of", "2025-03-31").exit_code == 0
    assert run("validate", str(tmp_path)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--authority", "  "], "bvduty: error: --authority must not be empty\n"),
        (
            ["--authority", "Evil\x1b[31m"],
            "bvduty: error: --authority contains a control character: 'Evil\\\\x1b[31m'\n",
        ),
        (["--period", "2025/\n26"], "bvduty: error: --period contains a control character"),
        (["--scale", "four"], "bvduty: error: no built-in scale 'four'; scales: maturity5, rag\n"),
        (["--framework", "fm-code"], "bvduty: error: no built-in framework 'fm-code'"),
        (
            ["--as-of", "31/03/2025"],
            "bvduty: error: --as-of '31/03/2025' is not written YYYY-MM-DD; write it as 2025-03-31",
        ),
    ],
    ids=["blank", "escape", "newline", "scale", "framework", "date"],
)
def test_bad_options_exit_2_and_create_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    folder = tmp_path / "new"
    options = {"--authority": "Test Council", "--period": "2025/26"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [part for pair in options.items() for part in pair]
    result = run("init", str(folder), *flat)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert not folder.exists()


def test_a_file_in_the_way_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = init(target)
    assert result.exit_code == 2
    assert (
        result.stderr == f"bvduty: error: {target} is a file, not a folder; nothing was written\n"
    )


def _uncomment(text: str, after: str) -> str:
    """The example an officer is shown below `after`, with its leading `# ` removed."""
    head, rest = text.split(after, 1)
    example, blank, tail = rest.partition("\n\n")  # the example ends at the first blank line
    shown = "\n".join(line[2:] for line in example.splitlines()) + "\n"
    return head + after + shown + (("\n" + tail) if blank else "")


def test_the_commented_register_fields_are_valid_once_filled_in(tmp_path: Path) -> None:
    """init shows the action-plan and evidence-library fields (docs/format.md 2.1, 2.5, 2.6)
    as comments; an officer who removes the `# ` gets a valid assessment that uses them."""
    folder = tmp_path / "new"
    run("init", str(folder), "--authority", "X Council", "--period", "2025/26", "--as-of",
        "2025-02-01")  # fmt: skip
    manifest = folder / "assessment.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "#   update_within_days: 92" in text
    manifest.write_text(
        _uncomment(text, "# How the action plan is kept (docs/format.md 2.1), e.g.:\n")
    )
    plan = folder / "actions.yaml"
    text = plan.read_text(encoding="utf-8").replace("actions: []\n", "")
    text = _uncomment(text, "kind: actions\n").replace("# original_due", "original_due")
    text = text.replace("# revisions", "revisions").replace("#   - {revised", "  - {revised")
    plan.write_text(text)
    library = folder / "evidence.yaml"
    text = library.read_text(encoding="utf-8").replace("evidence: []\n", "")
    library.write_text(_uncomment(text, "kind: evidence\n"))
    checked = run("validate", str(folder), "--format", "json")
    assert checked.exit_code == 0, checked.stdout
    assert {p["code"] for p in json.loads(checked.stdout)["problems"]} == {"paper-incomplete"}
    listed = run("actions", str(folder), "--format", "json")
    [action] = json.loads(listed.stdout)["assessments"][0]["actions"]
    assert (action["source"], action["original_due"], len(action["revisions"])) == (
        "self-assessment",
        "2025-02-01",
        1,
    )
    assert action["latest_update"] == {"date": "2025-02-01", "text": "What happened"}
