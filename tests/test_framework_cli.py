"""`bvduty framework list/show`: where a user finds theme ids and level ids without the source."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from bvduty.cli import app

# docs/format.md 2.2 and 2.3: the contract's theme ids, in order, and the built-in scales' levels.
BEST_VALUE_THEMES = [
    "continuous-improvement",
    "leadership",
    "governance",
    "culture",
    "use-of-resources",
    "service-delivery",
    "partnerships-and-community-engagement",
]
SCALES = {
    "rag": ["red", "amber", "green"],
    "maturity5": ["initial", "developing", "defined", "managed", "optimising"],
}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["framework", *args], catch_exceptions=False)


def test_list_json_names_every_framework_and_scale_and_the_defaults() -> None:
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    found = json.loads(result.stdout)
    frameworks = {f["id"]: f for f in found["frameworks"]}
    assert [t["id"] for t in frameworks["best-value-2024"]["themes"]] == BEST_VALUE_THEMES
    assert [t["number"] for t in frameworks["best-value-2024"]["themes"]] == list(range(1, 8))
    assert [f["id"] for f in found["frameworks"] if f["default"]] == ["best-value-2024"]
    scales = {s["id"]: [level["id"] for level in s["levels"]] for s in found["scales"]}
    assert scales == SCALES
    assert [s["id"] for s in found["scales"] if s["default"]] == ["rag"]


def test_list_text_shows_the_ids_a_manifest_uses() -> None:
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("  best-value-2024  7 themes (default): ") for line in lines)
    assert "  rag        Red, Amber, Green: red, amber, green (default)" in lines
    assert "  maturity5  Five-level maturity: " + ", ".join(SCALES["maturity5"]) in lines


def test_show_framework_lists_theme_ids_in_order() -> None:
    result = run("show", "best-value-2024")
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("   ")]
    assert [row[1] for row in rows] == BEST_VALUE_THEMES
    assert [row[0] for row in rows] == [str(n) for n in range(1, 8)]


def test_show_framework_json_carries_the_guide_text_where_known() -> None:
    result = run("show", "best-value-2024", "-f", "json")
    themes = {t["id"]: t for t in json.loads(result.stdout)["framework"]["themes"]}
    assert themes["use-of-resources"]["description"][0].startswith("An authority must have")
    assert themes["culture"]["description"] is None


@pytest.mark.parametrize("scale", sorted(SCALES))
def test_show_scale_lists_levels_worst_first(scale: str) -> None:
    result = run("show", scale)
    assert result.exit_code == 0
    rows = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert rows == SCALES[scale]
    shown = json.loads(run("show", scale, "--format", "json").stdout)["scale"]
    assert [level["id"] for level in shown["levels"]] == SCALES[scale]


def test_show_unknown_id_exits_2_naming_what_exists() -> None:
    result = run("show", "best-value")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "bvduty: error: no built-in framework or scale 'best-value';"
        " there are: best-value-2024, maturity5, rag\n"
    )
