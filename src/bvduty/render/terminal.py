"""Heatmaps and gap lists for a terminal: text marks always, colour only when asked for.

Every cell carries its id and a text mark of its level, so the picture reads the same with
NO_COLOR, when piped, and for someone who cannot tell red from green. Cells wrap to the width
and are never cut. Every user string is escaped (`textsafe.one_line`) before it is laid out, and
`to_string` escapes whatever might still have slipped through, so no file can drive a terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache

from rich.console import Console
from rich.text import Span, Text

from bvduty.analysis.gaps import GapReport, Severity
from bvduty.analysis.heatmap import Cell, Heatmap, ThemeRow
from bvduty.colours import NEUTRAL, text_on
from bvduty.english import long_date
from bvduty.textsafe import is_safe, one_line, visible

BELOW = "▼"
SEE = "→"
UNRATED = "--"
NOT_ASSESSED = "unrated"  # matrix cell of a theme with a file but no rated characteristic
INDENT = "    "
GAP_INDENT = 24  # "  SEVERITY code__________ " before each message
_SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}


class Runs:
    """Text built as runs, each with a rich style, and made into rich's Text only for colour.

    Why: `gaps` writes tens of thousands of short runs over a national corpus; without colour,
    appending them to rich's Text cost more than working out the gaps themselves.
    """

    __slots__ = ("_runs",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self._runs: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: str = "") -> None:
        self._runs.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self._runs)

    def rich(self) -> Text:
        made = Text()
        for text, style in self._runs:
            made.append(text, style=style or None)
        return made


def to_string(text: Text | Runs, colour: bool) -> str:
    """Text to a string; lines are already fitted to the width, so rich must not wrap them."""
    if isinstance(text, Runs):
        if not colour:
            plain = text.plain
            plain = plain if is_safe(plain) else "".join(visible(c) for c in plain)
            return "\n".join(line.rstrip() for line in plain.split("\n"))
        text = text.rich()
    text = _escaped(text)
    if not colour:  # rich adds nothing but cost here (measured: 3x on 300 authorities)
        return "\n".join(line.rstrip() for line in text.plain.split("\n"))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=100_000,
        force_terminal=colour,
        no_color=not colour,
        color_system="truecolor" if colour else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(text, soft_wrap=True, end="")
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _escaped(text: Text) -> Text:
    """`text` with anything unsafe escaped, its styles kept on the same characters.

    Why here too: user strings are escaped where they are laid out (so widths are right); this
    is the backstop that makes an output without escapes hold even for a string a later change
    forgets to escape.
    """
    plain = text.plain
    if is_safe(plain):
        return text
    offsets = [0]
    pieces = []
    for character in plain:
        piece = visible(character)
        pieces.append(piece)
        offsets.append(offsets[-1] + len(piece))
    escaped = Text("".join(pieces), style=text.style)
    escaped.spans = [Span(offsets[s.start], offsets[s.end], s.style) for s in text.spans]
    return escaped


def _marks(heatmap: Heatmap) -> dict[str, str]:
    """Each level's text mark, shown safely (a scale's `short` comes from the user's file)."""
    return {level: one_line(mark) for level, mark in heatmap.marks().items()}


def _wrapped(text: Text | Runs, words: str, width: int, indent: int, style: str = "") -> None:
    """Append `words` wrapped to `width`; continuation lines indented by `indent` spaces."""
    lines = _wrap(words, max(20, width - indent))
    text.append(("\n" + " " * indent).join(lines) + "\n", style=style)


def _wrap(words: str, width: int) -> list[str]:
    """Greedy wrap at spaces; a word longer than the width stands alone, never cut.

    Why a regular expression: `gaps` wraps a message per gap (22k on 300 authorities); textwrap's
    generality cost most of the command, and a loop over words still cost a third of the table.
    """
    if len(words) <= width:
        return [words]
    return _wrapper(width).findall(words)


@cache
def _wrapper(width: int) -> re.Pattern[str]:
    """The longest run of at most `width` characters that ends at a space or the end, else a
    whole word (longer than the width)."""
    return re.compile(rf"[^ ].{{0,{width - 1}}}(?= |$)|[^ ]+")


def _cell_text(cell: Cell, marks: dict[str, str]) -> str:
    if cell.see is not None:
        return f"{one_line(cell.id)} {SEE}{one_line(cell.see)}"
    mark = marks[cell.rating] if cell.rating else UNRATED
    return f"{one_line(cell.id)} {mark}{BELOW if cell.below_target else ''}"


def _cell_style(cell: Cell, heatmap: Heatmap) -> str:
    if cell.rating is None:
        return f"{text_on(None)} on {NEUTRAL}"
    background = heatmap.level(cell.rating).colour
    if background is None:
        return "bold"
    return f"{text_on(background)} on {background}"


def _theme_lines(row: ThemeRow, heatmap: Heatmap, width: int) -> Text:
    marks = _marks(heatmap)
    text = Text(f"{row.number} {one_line(row.title)}\n", style="bold")
    if not row.covered:
        text.append(f"{INDENT}(no file assesses this theme)\n", style="italic")
        return text
    if not row.cells:
        text.append(f"{INDENT}(not assessed: no characteristics yet)\n", style="italic")
        return text
    labels = [_cell_text(c, marks) for c in row.cells]
    cell_width = max(len(label) for label in labels) + 2
    per_line = max(1, (width - len(INDENT)) // (cell_width + 1))
    for start in range(0, len(labels), per_line):
        text.append(INDENT)
        for offset, label in enumerate(labels[start : start + per_line]):
            cell = row.cells[start + offset]
            text.append(" " if offset else "")
            text.append(f" {label.ljust(cell_width - 1)}", style=_cell_style(cell, heatmap))
        text.append("\n")
    if not row.assessed:
        text.append(f"{INDENT}(not assessed: no characteristic is rated yet)\n", style="italic")
    return text


def _legend(heatmap: Heatmap, width: int) -> Text:
    """The key, one entry per level plus the marks, wrapped between entries."""
    marks = _marks(heatmap)
    entries: list[tuple[str, str, str]] = []  # (mark, mark style, words)
    for level in reversed(heatmap.scale):
        style = f"{text_on(level.colour)} on {level.colour}" if level.colour else "bold"
        entries.append((f" {marks[level.id]} ", style, one_line(level.label)))
    entries += [
        (UNRATED, "", "not rated"),
        (BELOW, "", "below target"),
        (SEE, "", "see another characteristic"),
    ]
    text = Text("Key:")
    used = len("Key:")
    for mark, style, words in entries:
        size = 4 + len(mark) + len(words)
        if used + size > width:
            text.append("\n    ")
            used = 4
        text.append("   ")
        text.append(mark, style=style)
        text.append(f" {words}")
        used += size
    text.append("\n")
    return text


def _totals(heatmap: Heatmap) -> Text:
    t = heatmap.totals
    return Text(
        f"{t.cells} characteristics: {t.below_target} below target, {t.unrated} not rated\n"
    )


def heatmaps(maps: Sequence[Heatmap], *, width: int = 80, colour: bool = False) -> str:
    """One assessment's heatmap in full; several as a matrix, one authority a row."""
    show = heatmap if len(maps) == 1 else matrix
    return show(maps, width=width, colour=colour)


def heatmap(maps: Sequence[Heatmap], *, width: int = 80, colour: bool = False) -> str:
    """Each assessment's heatmap: a header, one block per theme, a key and totals."""
    parts = []
    for m in maps:
        text = Text()
        _wrapped(text, f"{one_line(m.authority)}: {one_line(m.title)}", width, 2, style="bold")
        text.append(f"Period {one_line(m.period)}, as at {long_date(m.as_of)}\n\n")
        for row in m.themes:
            text.append_text(_theme_lines(row, m, width))
        text.append("\n")
        text.append_text(_legend(m, width))
        text.append_text(_totals(m))
        parts.append(to_string(text, colour))
    return "\n".join(parts)


def matrix(maps: Sequence[Heatmap], *, width: int = 80, colour: bool = False) -> str:
    """Many authorities at a glance: per theme, cells on target out of rated, and how many below.

    A cell reads `9/12 ▼3`: 9 of 12 rated cells at or above target, 3 below target.
    """
    if not maps:
        return ""
    numbers = [row.number for row in maps[0].themes]
    name_width = max(12, min(40, width - 8 * len(numbers)))
    text = Text("Authority".ljust(name_width), style="bold")
    for number in numbers:
        text.append(f" {'Theme ' + str(number):>7}", style="bold")
    text.append("\n")
    for m in maps:
        name = one_line(f"{m.authority} {m.period}")
        if len(name) > name_width:
            name = name[: name_width - 1] + "…"
        text.append(name.ljust(name_width))
        for row in m.themes:
            s = row.summary
            if not row.covered:
                text.append(f" {'missing':>7}", style="bold red")
                continue
            if not row.assessed:
                text.append(f" {NOT_ASSESSED:>7}", style="bold red")
                continue
            label = f"{s.at_or_above}/{s.rated}" + (
                f" {BELOW}{s.below_target}" if s.below_target else ""
            )
            style = "bold red" if s.below_target else ""
            text.append(f" {label:>7}", style=style)
        text.append("\n")
    text.append(
        f"\nEach entry: characteristics at or above target / rated, {BELOW}N = N below target.\n"
    )
    if any(row.covered and not row.assessed for m in maps for row in m.themes):
        text.append(f"{NOT_ASSESSED}: the theme has a file but no rated characteristic.\n")
    return to_string(text, colour)


def gaps(reports: Sequence[GapReport], *, width: int = 80, colour: bool = False) -> str:
    """Gaps grouped by theme, most severe first, then a count per code."""
    parts = []
    for report in reports:
        text = Runs(
            f"{one_line(report.authority)} {one_line(report.period)}", style="bold underline"
        )
        text.append(f": gaps as at {long_date(report.as_of)}\n\n")
        titles = {t[0]: f"{t[1]} {one_line(t[2])}" for t in report.themes}
        for theme, found in report.by_theme():
            heading = titles.get(theme or "", "Not linked to a theme")
            text.append(f"{heading}\n", style="bold")
            for gap in found:
                text.append(
                    f"  {gap.severity.value.upper():<6}", style=_SEVERITY_STYLE[gap.severity]
                )
                text.append(f" {gap.code.value:<14} ")
                _wrapped(text, one_line(gap.message), width, GAP_INDENT)
            text.append("\n")
        if not report.gaps:
            text.append("No gaps: every characteristic is rated, evidenced and at target.\n\n")
        counts = report.counts()
        # Only the codes found: a list of a dozen zeros hides the one that matters.
        summary = ", ".join(f"{n} {code.value}" for code, n in counts.items() if n)
        total = f"{len(report.gaps)} gap{'' if len(report.gaps) == 1 else 's'}"
        _wrapped(text, f"{total}: {summary}" if summary else total, width, 2, style="bold")
        parts.append(to_string(text, colour))
    return "\n".join(parts)
