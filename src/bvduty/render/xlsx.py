"""The action plan, heatmap and gaps as one Excel workbook (openpyxl, the optional `xlsx` extra).

Each table is a sheet with a frozen, filterable header row. Dates are real dates. The heatmap
sheet colours each rating and target cell with its level's colour and always writes the level's
label in it too, so colour never carries meaning alone (WCAG 1.4.1).

Why every user string is stored explicitly as text: openpyxl turns a string starting with "="
into a formula, so a title such as `=HYPERLINK("http://evil", "Click")` would run when the
sheet opens (CWE-1236). Control and bidi characters are escaped: XML cannot hold most of them,
and the rest could disguise text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from bvduty.analysis.tables import Tables
from bvduty.colours import NEUTRAL, text_on
from bvduty.errors import UsageError
from bvduty.model import Level
from bvduty.textsafe import visible

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

INSTALL_HINT = "pip install 'bvduty[xlsx]'"
EXCEL_CELL_LIMIT = 32_767
DATE_FORMAT = "yyyy-mm-dd"
NOT_RATED = "Not rated"

# (header, column width)
ACTIONS_COLUMNS = (
    ("Authority", 28),
    ("Period", 10),
    ("ID", 8),
    ("Theme", 24),
    ("Title", 60),
    ("Owner", 28),
    ("Due", 12),
    ("Status", 12),
    ("Completed on", 13),
    ("Priority", 10),
    ("Criteria", 18),
    ("Progress", 60),
    ("Days overdue", 13),
    ("File", 30),
)
HEATMAP_COLUMNS = (
    ("Authority", 28),
    ("Period", 10),
    ("Theme no.", 10),
    ("Theme", 30),
    ("Cell", 10),
    ("Title", 50),
    ("Rating", 30),
    ("Target", 30),
    ("Below target", 13),
    ("See", 10),
)
GAPS_COLUMNS = (
    ("Authority", 28),
    ("Period", 10),
    ("As of", 12),
    ("Severity", 10),
    ("Code", 14),
    ("Theme", 24),
    ("ID", 10),
    ("Message", 90),
)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            f"xlsx export needs the openpyxl library: {INSTALL_HINT}"
            " (or use --format csv, which needs nothing more)"
        ) from None
    return openpyxl


def workbook(found: Sequence[Tables]) -> bytes:
    """The .xlsx file's bytes: sheets Actions, Heatmap and Gaps.

    Raises:
        UsageError: openpyxl is not installed.
    """
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    _actions(book.active, found)
    _heatmap(book.create_sheet(), found)
    _gaps(book.create_sheet(), found)
    book.properties.creator = "bvduty"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value: str) -> str:
    shown = visible(value)
    if len(shown) > EXCEL_CELL_LIMIT:
        shown = shown[: EXCEL_CELL_LIMIT - 1] + "…"
    return shown


def _put(sheet: Worksheet, row: int, column: int, value: object) -> Any:
    """Write one cell: text always as text, dates as dates, numbers as numbers, None empty."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    if isinstance(value, bool):
        cell.value = "yes" if value else "no"
        cell.data_type = "s"
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = _text(str(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _sheet(sheet: Worksheet, title: str, columns: tuple[tuple[str, int], ...]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = title
    for index, (header, width) in enumerate(columns, start=1):
        _put(sheet, 1, index, header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _finish(sheet: Worksheet, columns: int, rows: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _rows(sheet: Worksheet, rows: list[tuple[object, ...]]) -> None:
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, number, column, value)


def _actions(sheet: Worksheet, found: Sequence[Tables]) -> None:
    _sheet(sheet, "Actions", ACTIONS_COLUMNS)
    rows: list[tuple[object, ...]] = [
        (
            t.actions.authority,
            t.actions.period,
            a.id,
            _theme_title(t, a.theme),
            a.title,
            a.owner,
            a.due,
            a.status,
            a.completed_on,
            a.priority,
            ", ".join(a.criteria),
            a.progress,
            a.days_overdue,
            a.file,
        )
        for t in found
        for a in t.actions.actions
    ]
    _rows(sheet, rows)
    _finish(sheet, len(ACTIONS_COLUMNS), len(rows))


def _heatmap(sheet: Worksheet, found: Sequence[Tables]) -> None:
    _sheet(sheet, "Heatmap", HEATMAP_COLUMNS)
    rating_column = 7
    count = 0
    for t in found:
        heatmap = t.heatmap
        levels = {level.id: level for level in heatmap.scale}
        for theme in heatmap.themes:
            for cell in theme.cells:
                count += 1
                row = count + 1
                _rows_one(
                    sheet,
                    row,
                    (
                        heatmap.authority,
                        heatmap.period,
                        theme.number,
                        theme.title,
                        cell.id,
                        cell.label,
                    ),
                )
                rating = levels.get(cell.rating or "")
                rating_text = f"See {cell.see}" if cell.see else NOT_RATED
                _level(sheet, row, rating_column, rating, rating_text)
                _level(sheet, row, rating_column + 1, levels.get(cell.target or ""), "")
                below = None if cell.see or cell.rating is None else cell.below_target
                _put(sheet, row, rating_column + 2, below)
                _put(sheet, row, rating_column + 3, cell.see)
    _finish(sheet, len(HEATMAP_COLUMNS), count)


def _rows_one(sheet: Worksheet, row: int, values: tuple[object, ...]) -> None:
    for column, value in enumerate(values, start=1):
        _put(sheet, row, column, value)


def _level(sheet: Worksheet, row: int, column: int, level: Level | None, empty: str) -> None:
    """A cell filled with the level's colour and holding its label (the text is the meaning)."""
    from openpyxl.styles import Font, PatternFill

    text = level.label if level is not None else empty
    if not text:
        return
    fill = (level.colour if level is not None else None) or NEUTRAL
    cell = _put(sheet, row, column, text)
    cell.fill = PatternFill(fill_type="solid", fgColor=fill.lstrip("#").upper())
    cell.font = Font(color=text_on(fill).lstrip("#").upper())


def _gaps(sheet: Worksheet, found: Sequence[Tables]) -> None:
    _sheet(sheet, "Gaps", GAPS_COLUMNS)
    rows: list[tuple[object, ...]] = [
        (
            t.gaps.authority,
            t.gaps.period,
            t.gaps.as_of,
            g.severity.value,
            g.code.value,
            _theme_title(t, g.theme),
            g.id,
            g.message,
        )
        for t in found
        for g in t.gaps.gaps
    ]
    _rows(sheet, rows)
    _finish(sheet, len(GAPS_COLUMNS), len(rows))


def _theme_title(tables: Tables, theme_id: str | None) -> str | None:
    """`5 Use of Resources` for a theme id (readers know themes by number and title)."""
    if theme_id is None:
        return None
    for row in tables.heatmap.themes:
        if row.id == theme_id:
            return f"{row.number} {row.title}"
    return theme_id
