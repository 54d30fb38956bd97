"""`bvduty schema`: a draft-07 schema that accepts every valid file and catches typos.

Each file is checked twice: as bvduty reads it (every scalar a string) and as a YAML editor
reads it (numbers, booleans and dates typed by YAML), because the schema serves the editor.
The schema and the CLI must agree: every file of every case in tests/cases that `bvduty
validate` accepts, the schema accepts too, both in the draft-07 reference validator and in
check-jsonschema (a YAML 1.2 reader, as editors and CI use it). The converse need not hold:
references, levels and unique ids are rules across files, which only bvduty checks.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from bvduty.cli import app
from bvduty.core import validate
from bvduty.model import KINDS
from bvduty.schema import DRAFT_07, build_schema, render_schema
from bvduty.yamlload import parse_file
from conftest import BASE, CASES, EXAMPLE

VALID_FILES = sorted(
    [*EXAMPLE.rglob("*.yaml"), *BASE.rglob("*.yaml"), *(CASES / "valid").rglob("*.yaml")]
)


def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        build_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def _as_editor_reads(value: Any) -> Any:
    """PyYAML's typing (YAML 1.1: `on` is true, `0012` a number); dates back to their text."""
    if isinstance(value, dict):
        return {str(k): _as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_reads(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _errors(document: Any) -> list[tuple[list[str | int], str]]:
    return sorted(
        (list(error.absolute_path), error.validator) for error in _validator().iter_errors(document)
    )


def test_the_command_prints_a_draft_07_schema() -> None:
    result = CliRunner().invoke(app, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    schema = json.loads(result.stdout)
    assert schema["$schema"] == DRAFT_07
    jsonschema.Draft7Validator.check_schema(schema)


def test_schema_is_written_atomically_with_output(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == render_schema()


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}/{index}")


def test_only_draft_07_keywords_and_local_references() -> None:
    schema = build_schema()
    for where, node in _walk(schema):
        assert "$defs" not in node, where
        assert "discriminator" not in node, where
        if "$ref" in node:
            assert set(node) == {"$ref"}, f"{where}: draft-07 ignores keywords beside $ref"
            name = node["$ref"].removeprefix("#/definitions/")
            assert name in schema["definitions"], where


def test_every_field_has_a_description_for_hover_help() -> None:
    missing = [
        f"{where}/{name}"
        for where, node in _walk(build_schema())
        if isinstance(node.get("properties"), dict) and not where.endswith("/if")
        for name, field in node["properties"].items()
        if not field.get("description")
    ]
    assert missing == []


def test_kind_discriminates_one_model_per_kind() -> None:
    schema = build_schema()
    branches = {
        rule["if"]["properties"]["kind"]["const"]: rule["then"]["$ref"] for rule in schema["allOf"]
    }
    assert set(branches) == {*KINDS, "framework"}  # a local framework file may sit in a folder
    assert len(set(branches.values())) == len(branches)


@pytest.mark.parametrize(
    "path", VALID_FILES, ids=lambda p: p.relative_to(CASES.parent.parent).as_posix()
)
def test_schema_accepts_every_valid_file(path: Path) -> None:
    as_bvduty_reads = parse_file(path, path.name)
    assert as_bvduty_reads.problems == ()
    assert _errors(as_bvduty_reads.data) == []
    as_editor_reads = _as_editor_reads(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert _errors(as_editor_reads) == []


def test_yaml_typed_scalars_are_accepted_where_bvduty_reads_text() -> None:
    """An editor reads `id: 0012` as a number and `title: 1.10` as a float; bvduty keeps text."""
    document = {
        "bvduty": 1,
        "kind": "theme",
        "theme": "culture",
        "criteria": [{"id": 12, "statement": 1.1, "title": True, "rating": None}],
    }
    assert _errors(document) == []


CRITERION: dict[str, Any] = {"id": "C001", "statement": "Staff speak up", "rating": "green"}
ACTION: dict[str, Any] = {"id": "A1", "title": "Survey", "owner": "Head of HR", "due": "2025-03-31"}


def _theme(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "bvduty": 1,
        "kind": "theme",
        "theme": "culture",
        "criteria": [CRITERION],
        "actions": [ACTION],
    }
    return {**document, **changes}


def _with_criterion(**fields: Any) -> dict[str, Any]:
    return _theme(criteria=[{**CRITERION, **fields}])


def _with_action(**fields: Any) -> dict[str, Any]:
    return _theme(actions=[{**ACTION, **fields}])


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (_with_criterion(statment="typo"), [(["criteria", 0], "additionalProperties")]),
        (_theme(critera=[]), [([], "additionalProperties")]),
        (_theme(kind="themes"), [(["kind"], "enum")]),
        (_theme(bvduty=2), [(["bvduty"], "enum"), (["bvduty"], "enum")]),
        (
            _with_action(due="31/03/2025"),
            [(["actions", 0, "due"], "format"), (["actions", 0, "due"], "pattern")],
        ),
        (_with_action(due="2025-02-30"), [(["actions", 0, "due"], "format")]),
        (_with_action(status="finished"), [(["actions", 0, "status"], "enum")]),
        (_with_action(owner=["a", "b"]), [(["actions", 0, "owner"], "type")]),
        ({"bvduty": 1, "kind": "evidence"}, [([], "required")]),
        ({"bvduty": 1, "theme": "culture", "criteria": []}, [([], "required")]),
    ],
    ids=[
        "criterion-typo",
        "top-level-typo",
        "unknown-kind",
        "version",
        "us-date",
        "impossible-date",
        "status",
        "list-for-text",
        "missing-list",
        "missing-kind",
    ],
)
def test_schema_rejects_typos_at_the_right_place(
    document: dict[str, Any], expected: list[tuple[list[str | int], str]]
) -> None:
    assert _errors(document) == sorted(expected)


def test_manifest_scale_is_an_id_or_an_inline_scale() -> None:
    manifest = {
        "bvduty": 1,
        "kind": "assessment",
        "authority": {"name": "Example Borough Council"},
        "period": "2024/25",
        "as_of": "2025-01-31",
    }
    assert _errors({**manifest, "scale": "rag"}) == []
    inline = {"levels": [{"id": "red", "label": "Red", "colour": "#d4351c"}]}
    assert _errors({**manifest, "scale": inline}) == []
    bad = {"levels": [{"id": "red", "label": "Red", "color": "#d4351c"}]}
    assert _errors({**manifest, "scale": bad}) != []


# --- the schema accepts whatever bvduty accepts ---------------------------------------------------

CASE_FOLDERS = [
    BASE,
    CASES / "hostile",
    *sorted(p for p in (CASES / "valid").iterdir() if p.is_dir()),
    *sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir()),
]


def _case_name(case: Path) -> str:
    return case.relative_to(CASES).as_posix()


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """For each case (the base case plus its overlay), the YAML files bvduty finds no problem in."""
    root = tmp_path_factory.mktemp("cases")
    found: dict[str, list[Path]] = {}
    for case in CASE_FOLDERS:
        folder = root / _case_name(case)
        shutil.copytree(BASE, folder)
        for source in case.rglob("*"):
            if source.is_file() and source.name != "expect.txt":
                target = folder / source.relative_to(case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        report = validate([folder], workers=1)
        refused = {Path(p.file).resolve() for p in report.problems if p.severity == "error"}
        yaml_files = sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".yml"})
        found[_case_name(case)] = [p for p in yaml_files if p.resolve() not in refused]
    return found


@pytest.mark.parametrize("case", [_case_name(c) for c in CASE_FOLDERS])
def test_the_schema_accepts_every_file_bvduty_accepts(
    case: str, accepted: dict[str, list[Path]]
) -> None:
    if case == "invalid/officer-first-hour":  # a mistake in every file, by design
        assert accepted[case] == []
        return
    assert accepted[case], "the case should leave some files valid"
    for path in accepted[case]:
        as_bvduty_reads = parse_file(path, path.name)
        assert as_bvduty_reads.problems == (), path
        assert _errors(as_bvduty_reads.data) == [], path
        as_editor_reads = _as_editor_reads(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert _errors(as_editor_reads) == [], path


def test_check_jsonschema_agrees_on_every_file_bvduty_accepts(
    accepted: dict[str, list[Path]], tmp_path: Path
) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(render_schema(), encoding="utf-8")
    files = [str(path) for paths in accepted.values() for path in paths]
    assert len(files) > 2.5 * len(CASE_FOLDERS)
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_a_local_framework_file_is_checked_by_the_schema_too() -> None:
    theme = {"id": "use-of-resources", "number": 1, "title": "Resources"}
    framework = {
        "bvduty": 1,
        "kind": "framework",
        "id": "local",
        "title": "Local framework",
        "themes": [theme],
    }
    assert _errors(framework) == []
    as_text = {**framework, "bvduty": "1", "themes": [{**theme, "number": "1"}]}
    assert _errors(as_text) == []
    typo = {**framework, "themes": [{"id": "use-of-resources", "numbr": 1, "title": "R"}]}
    assert _errors(typo) == [(["themes", 0], "additionalProperties"), (["themes", 0], "required")]
    assert _errors({**framework, "title": ""}) == [(["title"], "minLength")]
