"""`bvduty heatmap` and `bvduty gaps` on the shipped example: golden files and the CLI contract.

Golden files live in tests/golden/; rewrite them with `pytest --regenerate-golden` after a
deliberate change, and read the diff before committing.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bvduty.analysis.heatmap import Heatmap, build_heatmap
from bvduty.core import analyse
from bvduty.render import terminal
from conftest import EXAMPLE, GOLDEN, Overlay, check_golden, run, run_process

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("heatmap", str(EXAMPLE)), "heatmap.txt"),
        (("heatmap", str(EXAMPLE), "--format", "csv"), "heatmap.csv"),
        (("heatmap", str(EXAMPLE), "--format", "svg"), "heatmap.svg"),
        (("gaps", str(EXAMPLE)), "gaps.txt"),
        (("gaps", str(EXAMPLE), "--format", "csv"), "gaps.csv"),
    ],
)
def test_golden_output_of_the_example(args: tuple[str, ...], golden: str, regenerate: bool) -> None:
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    check_golden(golden, out, regenerate)


def example() -> Heatmap:
    [heatmap] = analyse([EXAMPLE], build_heatmap, workers=1)
    return heatmap


def test_no_colour_output_carries_every_level_as_text() -> None:
    plain = terminal.heatmap([example()], colour=False)
    assert "\x1b" not in plain
    for mark, label in [
        ("DG", "Strong"),
        ("LG", "Good"),
        ("Y", "Some improvement needed"),
        ("A", "Significant improvement needed"),
    ]:
        assert re.search(rf"\b{mark}\s+{label}\b", " ".join(plain.split())), label
    # Every rated cell shows its id next to its mark, and below-target cells are marked.
    assert "R010 A▼" in plain
    assert "R001 LG" in plain
    assert "G007 →CI012" in plain
    assert "SD006 --" in plain


def test_colour_output_differs_only_by_escape_codes() -> None:
    coloured = terminal.heatmap([example()], colour=True)
    assert "\x1b[" in coloured
    # Coloured cells keep their padding at a line end (it is painted); text is otherwise equal.
    stripped = "\n".join(line.rstrip() for line in ANSI.sub("", coloured).split("\n"))
    assert stripped == terminal.heatmap([example()], colour=False)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_terminal_heatmap_fits_the_width_and_never_cuts_an_id(width: int) -> None:
    heatmap = example()
    text = terminal.heatmap([heatmap], width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    shown = set(re.findall(r"\b[A-Z]{1,3}\d{3}\b", text))
    assert {cell.id for row in heatmap.themes for cell in row.cells} <= shown


def test_no_color_env_is_respected_on_a_terminal() -> None:
    """On a real terminal the heatmap is coloured, unless NO_COLOR is set: then it is the plain
    text a pipe gets (80 columns either way)."""
    code, coloured, err = run_process("heatmap", str(EXAMPLE), env={"COLUMNS": "80"}, terminal=True)
    assert (code, err) == (0, "")
    assert "\x1b[" in coloured  # a terminal gets colour, so the next check means something
    code, plain, err = run_process(
        "heatmap", str(EXAMPLE), env={"COLUMNS": "80", "NO_COLOR": "1"}, terminal=True
    )
    assert (code, err) == (0, "")
    assert plain == (GOLDEN / "heatmap.txt").read_text(encoding="utf-8")


def test_json_heatmap_follows_the_contract() -> None:
    code, out, _ = run("heatmap", str(EXAMPLE), "--format", "json")
    assert code == 0
    document = json.loads(out)
    [assessment] = document["assessments"]
    assert set(assessment) == {"authority", "period", "scale", "themes"}
    assert [level["id"] for level in assessment["scale"]] == [
        "amber",
        "yellow",
        "light-green",
        "dark-green",
    ]
    themes = assessment["themes"]
    assert [t["number"] for t in themes] == [1, 2, 3, 4, 5, 6, 7]
    assert set(themes[0]) == {"id", "number", "title", "assessed", "cells"}
    assert all(t["assessed"] for t in themes)  # every theme of the example rates something
    resources = themes[4]
    assert resources["id"] == "use-of-resources"
    assert [c["id"] for c in resources["cells"]] == [f"R{n:03}" for n in range(1, 13)]
    see = next(c for c in themes[2]["cells"] if c["see"])
    assert see == {"id": "G007", "rating": None, "target": None, "see": "CI012"}
    # The default target is applied to cells that set none.
    assert resources["cells"][0]["target"] == "light-green"


def test_theme_without_file_appears_with_no_cells(make_assessment: Overlay) -> None:
    code, out, _ = run("heatmap", str(make_assessment()), "--format", "json")
    assert code == 0
    themes = json.loads(out)["assessments"][0]["themes"]
    assert len(themes) == 7
    assert [t["cells"] for t in themes if t["id"] != "use-of-resources"] == [[]] * 6


@pytest.mark.parametrize("name", ["culture", "4", "Culture", "Theme 4", "4. Culture"])
def test_theme_option_takes_a_number_id_or_title(name: str) -> None:
    code, out, _ = run("heatmap", str(EXAMPLE), "--theme", name)
    assert code == 0
    assert "4 Culture" in out
    assert "Leadership" not in out


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("cultur", "; did you mean 'culture' (4 Culture)? Give a theme"),
        ("8", "; give a theme"),
        ("finance", "; give a theme"),
    ],
)
def test_theme_option_rejects_what_names_no_theme_and_lists_them(name: str, hint: str) -> None:
    code, out, err = run("heatmap", str(EXAMPLE), "--theme", name)
    assert code == 2
    assert out == ""
    listed = (
        "1 continuous-improvement, 2 leadership, 3 governance, 4 culture, 5 use-of-resources,"
        " 6 service-delivery, 7 partnerships-and-community-engagement"
    )
    assert err == (
        f"bvduty: error: --theme '{name}' names no theme{hint} by number, id or title: {listed}\n"
    )


def test_svg_is_well_formed_and_accessible() -> None:
    code, out, _ = run("heatmap", str(EXAMPLE), "--format", "svg")
    assert code == 0
    root = ET.fromstring(out)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title") is not None
    texts = {t.text for t in root.iter(f"{ns}text")}
    assert {"R001", "R012", "Strong", "Significant improvement needed"} <= texts


def test_many_authorities_show_a_matrix(tmp_path: Path) -> None:
    for name in ("north", "south"):
        shutil.copytree(EXAMPLE / "example-borough-2024-25", tmp_path / name)
    code, out, _ = run("heatmap", str(tmp_path))
    assert code == 0
    assert out.count("Example Borough") == 2
    assert "7/12 ▼5" in out
    code, out, _ = run("heatmap", str(tmp_path), "--format", "json")
    assert len(json.loads(out)["assessments"]) == 2


def test_gaps_json_follows_the_contract() -> None:
    code, out, _ = run("gaps", str(EXAMPLE), "--format", "json")
    assert code == 0
    [assessment] = json.loads(out)["assessments"]
    assert set(assessment) == {"authority", "period", "as_of", "gaps"}
    assert assessment["as_of"] == "2025-01-31"
    assert len(assessment["gaps"]) == 38  # counted by hand in tests/test_gaps.py
    assert all(set(g) == {"code", "severity", "theme", "id", "message"} for g in assessment["gaps"])
    severities = [g["severity"] for g in assessment["gaps"]]
    rank = {"high": 0, "medium": 1, "low": 2}
    assert severities == sorted(severities, key=rank.__getitem__)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 0),
        (("--fail-on", "overdue"), 1),
        (("--fail-on", "missing-theme"), 0),
        (("--fail-on", "missing-theme,no-action"), 1),
        (("--fail-on", "late"), 2),
        (("--as-of", "2025-02-30"), 2),
        (("--as-of", "2024-01-01", "--fail-on", "overdue"), 0),
    ],
)
def test_gaps_exit_codes(args: tuple[str, ...], code: int) -> None:
    assert run("gaps", str(EXAMPLE), *args)[0] == code


def test_invalid_input_prints_problems_and_exits_1(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"evidence.yaml": "bvduty: 1\nkind: evidence\nevidence: [1\n"})
    for command in ("heatmap", "gaps"):
        code, out, err = run(command, str(folder))
        assert code == 1
        assert out == ""
        assert re.search(r"evidence\.yaml:\d+:\d+: error\[yaml-syntax\]", err)
        assert "Traceback" not in err
