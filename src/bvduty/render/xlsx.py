"""The action plan, heatmap and gaps as one Excel workbook (XlsxWriter, the optional `xlsx` extra).

Each table is a sheet with a frozen, filterable header row, set up to print: A4 landscape, one
page wide, the header row on every page, the title and page number in the margins. Dates are
real dates shown the UK way (31/01/2025). The heatmap sheet colours each rating and target
cell with its level's colour and always writes the level's label in it too, so colour never
carries meaning alone (WCAG 1.4.1). Text is written in full (Excel holds at most 32,767
characters in a cell; only text longer than that is cut).

Why XlsxWriter in constant-memory mode: it writes each row to a temporary file as soon as the
next row starts, so a national export holds one assessment at a time, and its cell formats
are made once and shared (openpyxl built a font and a fill for every cell: 17 s and 278 MB for
317 authorities).

Why every user string is written with `write_string`: a plain write turns a string starting
with "=" into a formula, so a title such as `=HYPERLINK("http://evil", "Click")` would run when
the sheet opens (CWE-1236). Control and bidi characters are escaped: XML cannot hold most of
them, and the rest could disguise text.

The file is the same bytes on every run for the same input: its creation time is the latest
`as_of` date of the assessments exported, not the clock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import Any

from bvduty.analysis.tables import Tables
from bvduty.colours import NEUTRAL, text_on
from bvduty.errors import UsageError
from bvduty.model import Level
from bvduty.spool import read_back, spool
from bvduty.textsafe import visible

EXCEL_CELL_LIMIT = 32_767
DATE_FORMAT = "dd/mm/yyyy"
NOT_RATED = "Not rated"
TITLE = "Best Value Duty self-assessment: action plan, heatmap and gaps"
A4 = 9  # Excel's paper size code

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
    ("Theme number", 10),
    ("Theme", 42),
    ("Characteristic", 14),
    ("Title", 50),
    ("Rating", 30),
    ("Target", 30),
    ("Below target", 13),
    ("See", 10),
)
GAPS_COLUMNS = (
    ("Authority", 28),
    ("Period", 10),
    ("As at", 12),
    ("Severity", 10),
    ("Code", 14),
    ("Theme", 24),
    ("ID", 10),
    ("Message", 90),
)
_RATING = 6  # the Rating column of the heatmap sheet (0-based); Target follows it


def _xlsxwriter() -> Any:
    try:
        import xlsxwriter
    except ImportError:
        from bvduty.install import hint

        raise UsageError(
            f"xlsx export needs the XlsxWriter library: {hint('xlsx')}"
            " (or use --format csv, which needs nothing more)"
        ) from None
    return xlsxwriter


def workbook(found: Iterable[Tables]) -> Iterator[bytes]:
    """The .xlsx file's bytes, in pieces: sheets Actions, Heatmap and Gaps.

    The tables are read as they come (one assessment at a time); the workbook is whole before
    this returns, in a temporary file that the pieces are read back from.

    Raises:
        UsageError: XlsxWriter is not installed.
    """
    xlsxwriter = _xlsxwriter()
    file = spool(binary=True)
    book = xlsxwriter.Workbook(
        file,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    try:
        writer = _Writer(book)
        latest: date | None = None
        for tables in found:
            writer.add(tables)
            as_of = tables.heatmap.as_of
            latest = as_of if latest is None or as_of > latest else latest
        writer.finish()
        created = datetime.combine(latest or date(2000, 1, 1), time())
        book.set_properties({"title": TITLE, "author": "bvduty", "created": created})
    except BaseException:  # an invalid file found late: close the half-made book's files
        with contextlib.suppress(Exception):
            book.close()
        file.close()
        raise
    book.close()
    return read_back(file)


class _Writer:
    """The three sheets, filled a row at a time (constant-memory mode writes rows in order)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.levels: dict[str, Any] = {}  # one format per fill colour, made on first use
        self.actions = self._sheet("Actions", ACTIONS_COLUMNS)
        self.heatmap = self._sheet("Heatmap", HEATMAP_COLUMNS)
        self.gaps = self._sheet("Gaps", GAPS_COLUMNS)
        self.rows = {"Actions": 0, "Heatmap": 0, "Gaps": 0}

    def _sheet(self, name: str, columns: tuple[tuple[str, int], ...]) -> Any:
        sheet = self.book.add_worksheet(name)
        for index, (header, width) in enumerate(columns):
            sheet.set_column(index, index, width)
            sheet.write_string(0, index, header, self.header)
        sheet.freeze_panes(1, 0)
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
        sheet.repeat_rows(0)
        sheet.set_header(f"&L&B{_margin(TITLE)}&R{name}")
        sheet.set_footer("&CPage &P of &N")
        return sheet

    def _next_row(self, name: str) -> int:
        self.rows[name] += 1
        return self.rows[name]

    def add(self, t: Tables) -> None:
        for a in t.actions.actions:
            row = self._next_row("Actions")
            values: tuple[object, ...] = (
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
            self._put_row(self.actions, row, values)
        heatmap = t.heatmap
        levels = {level.id: level for level in heatmap.scale}
        for theme in heatmap.themes:
            for cell in theme.cells:
                row = self._next_row("Heatmap")
                first = (
                    heatmap.authority,
                    heatmap.period,
                    theme.number,
                    theme.title,
                    cell.id,
                    cell.text or cell.label,
                )
                self._put_row(self.heatmap, row, first)
                rating = levels.get(cell.rating or "")
                rating_text = f"See {cell.see}" if cell.see else NOT_RATED
                self._level(row, _RATING, rating, rating_text)
                self._level(row, _RATING + 1, levels.get(cell.target or ""), "")
                below = None if cell.see or cell.rating is None else cell.below_target
                self._put(self.heatmap, row, _RATING + 2, below)
                self._put(self.heatmap, row, _RATING + 3, cell.see)
        for g in t.gaps.gaps:
            row = self._next_row("Gaps")
            values = (
                t.gaps.authority,
                t.gaps.period,
                t.gaps.as_of,
                g.severity.value,
                g.code.value,
                _theme_title(t, g.theme),
                g.id,
                g.message,
            )
            self._put_row(self.gaps, row, values)

    def _put_row(self, sheet: Any, row: int, values: tuple[object, ...]) -> None:
        write_string = sheet.write_string
        for column, value in enumerate(values):
            if type(value) is str:  # most cells: the shortest way (this loop is the export's cost)
                if value:
                    write_string(row, column, _text(value))
            else:
                self._put(sheet, row, column, value)

    def _put(self, sheet: Any, row: int, column: int, value: object, style: Any = None) -> None:
        """One cell: text always as text, dates as dates, numbers as numbers, None empty."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            sheet.write_string(row, column, "yes" if value else "no", style)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, style)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, datetime.combine(value, time()), self.date)
        else:
            sheet.write_string(row, column, _text(str(value)), style)  # never a formula

    def _level(self, row: int, column: int, level: Level | None, empty: str) -> None:
        """A cell filled with the level's colour and holding its label (the text is the meaning)."""
        text = level.label if level is not None else empty
        if not text:
            return
        fill = (level.colour if level is not None else None) or NEUTRAL
        style = self.levels.get(fill)
        if style is None:
            style = self.book.add_format(
                {"bg_color": fill.upper(), "pattern": 1, "font_color": text_on(fill).upper()}
            )
            self.levels[fill] = style
        self._put(self.heatmap, row, column, text, style)

    def finish(self) -> None:
        for sheet, name, columns in (
            (self.actions, "Actions", ACTIONS_COLUMNS),
            (self.heatmap, "Heatmap", HEATMAP_COLUMNS),
            (self.gaps, "Gaps", GAPS_COLUMNS),
        ):
            sheet.autofilter(0, 0, self.rows[name], len(columns) - 1)


def _text(value: str) -> str:
    shown = visible(value) if not value.isalnum() else value
    if len(shown) > EXCEL_CELL_LIMIT:
        shown = shown[: EXCEL_CELL_LIMIT - 1] + "…"
    return shown


def _margin(text: str) -> str:
    """Text for a print header: '&' starts a control code there, so it is doubled."""
    return text.replace("&", "&&")


def _theme_title(tables: Tables, theme_id: str | None) -> str | None:
    """`5 Use of Resources` for a theme id (readers know themes by number and title)."""
    if theme_id is None:
        return None
    for row in tables.heatmap.themes:
        if row.id == theme_id:
            return f"{row.number} {row.title}"
    return theme_id
