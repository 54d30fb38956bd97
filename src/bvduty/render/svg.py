"""The heatmap as a standalone, accessible SVG picture (the HTML report embeds it).

Every cell shows its id and its level's mark as text, a legend names every level, and the
picture has a <title> and <desc>, so colour never carries meaning alone (WCAG 1.4.1).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape

from bvduty.analysis.heatmap import Cell, Heatmap
from bvduty.colours import NEUTRAL, text_on
from bvduty.textsafe import one_line

CELL_W = 84
CELL_H = 44
GAP = 6
PER_ROW = 6
LABEL_W = 250
LABEL_CHARS = 26  # bold 14px Arial fits about this many characters in LABEL_W
TITLE_CHARS = 70  # bold 18px Arial across the picture
PAD = 16
LEGEND_H = 30
FONT = "Arial, Helvetica, sans-serif"


def _x(text: str) -> str:
    return escape(one_line(text), quote=True)


def _cell(cell: Cell, m: Heatmap, x: int, y: int) -> list[str]:
    marks = m.marks()
    if cell.see is not None:
        fill, mark, name = NEUTRAL, f"→ {cell.see}", f"see {cell.see}"
    elif cell.rating is None:
        fill, mark, name = NEUTRAL, "--", "not rated"
    else:
        level = m.level(cell.rating)
        fill, mark, name = level.colour or NEUTRAL, marks[cell.rating], level.label
        if cell.below_target:
            mark += " ▼"
            name += ", below target"
    ink = text_on(fill)
    dash = ' stroke-dasharray="4 3"' if cell.rating is None else ""
    return [
        f"<g><title>{_x(cell.id)}: {_x(cell.label)}: {_x(name)}</title>",
        f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" rx="3" fill="{fill}"'
        f' stroke="#0b0c0c" stroke-width="1"{dash}/>',
        f'<text x="{x + CELL_W // 2}" y="{y + 18}" fill="{ink}" font-weight="bold"'
        f' text-anchor="middle">{_x(cell.id)}</text>',
        f'<text x="{x + CELL_W // 2}" y="{y + 35}" fill="{ink}" text-anchor="middle">'
        f"{_x(mark)}</text></g>",
    ]


def _label(words: str, y: int) -> str:
    """A theme label wrapped to the label column, one <tspan> a line."""
    lines = textwrap.wrap(one_line(words), LABEL_CHARS) or [""]
    spans = "".join(
        f'<tspan x="{PAD}" dy="{0 if i == 0 else 17}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{PAD}" y="{y + 20}" font-weight="bold">{spans}</text>'


def _block(m: Heatmap, top: int) -> tuple[list[str], int]:
    """The SVG elements of one assessment starting at `top`, and the height used."""
    heading = textwrap.wrap(f"{one_line(m.authority)}: {one_line(m.title)}", TITLE_CHARS) or [""]
    spans = "".join(
        f'<tspan x="{PAD}" dy="{0 if i == 0 else 22}">{escape(line)}</tspan>'
        for i, line in enumerate(heading)
    )
    parts = [f'<text x="{PAD}" y="{top + 20}" font-size="18" font-weight="bold">{spans}</text>']
    y = top + 36 + 22 * (len(heading) - 1)
    for row in m.themes:
        lines = max(1, -(-len(row.cells) // PER_ROW))
        parts.append(_label(f"{row.number} {row.title}", y))
        if not row.cells:
            note = "no file assesses this theme" if not row.covered else "no cells"
            parts.append(
                f'<text x="{PAD + LABEL_W}" y="{y + 26}" font-style="italic">{note}</text>'
            )
        for index, cell in enumerate(row.cells):
            x = PAD + LABEL_W + (index % PER_ROW) * (CELL_W + GAP)
            parts.extend(_cell(cell, m, x, y + (index // PER_ROW) * (CELL_H + GAP)))
        y += lines * (CELL_H + GAP) + GAP
    marks = m.marks()
    x = PAD
    y += 8
    parts.append(f'<text x="{x}" y="{y + 16}" font-weight="bold">Key</text>')
    x += 40
    for level in reversed(m.scale):
        fill = level.colour or NEUTRAL
        parts.append(
            f'<rect x="{x}" y="{y}" width="34" height="24" rx="3" fill="{fill}" stroke="#0b0c0c"/>'
            f'<text x="{x + 17}" y="{y + 17}" fill="{text_on(fill)}" text-anchor="middle"'
            f' font-weight="bold">{_x(marks[level.id])}</text>'
            f'<text x="{x + 40}" y="{y + 17}">{_x(level.label)}</text>'
        )
        x += 40 + 8 * len(one_line(level.label)) + 24
    parts.append(
        f'<text x="{PAD}" y="{y + LEGEND_H + 16}">-- not rated    ▼ below target'
        "    → a cross-reference to another cell</text>"
    )
    return parts, y + LEGEND_H + 28 - top


def heatmap(maps: Sequence[Heatmap], *, id_prefix: str = "bvduty") -> str:
    """One SVG document holding the heatmap of every assessment, one below the other.

    Args:
        maps: the heatmaps to draw.
        id_prefix: starts the ids of the title and description; give each SVG inlined in one
            HTML page its own, since ids must be unique in a page.
    """
    body: list[str] = []
    top = PAD
    for m in maps:
        parts, height = _block(m, top)
        body.extend(parts)
        top += height + PAD
    width = PAD * 2 + LABEL_W + PER_ROW * (CELL_W + GAP)
    names = "; ".join(f"{one_line(m.authority)} {one_line(m.period)}" for m in maps)
    description = _description(maps)
    prefix = escape(id_prefix, quote=True)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{top}"'
            f' viewBox="0 0 {width} {top}" aria-labelledby="{prefix}-title {prefix}-desc"'
            f' font-family="{FONT}" font-size="14" fill="#0b0c0c">',
            f'<title id="{prefix}-title">'
            f"Best Value self-assessment heatmap: {escape(names)}</title>",
            f'<desc id="{prefix}-desc">{escape(description)}</desc>',
            f'<rect width="{width}" height="{top}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _description(maps: Sequence[Heatmap]) -> str:
    sentences = []
    for m in maps:
        t = m.totals
        cells, below, unrated = t.cells, t.below_target, t.unrated
        # One theme's picture names its theme, so that each picture in a paper has its own name.
        where = (
            f"theme {m.themes[0].number} {one_line(m.themes[0].title)}"
            if len(m.themes) == 1
            else _count(len(m.themes), "theme")
        )
        sentences.append(
            f"{one_line(m.authority)}, {one_line(m.period)}: {_count(cells, 'cell')} in"
            f" {where}; {below} below target; {unrated} not rated."
        )
    return " ".join(sentences)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
