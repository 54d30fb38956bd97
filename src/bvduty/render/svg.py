"""The heatmap as a standalone, accessible SVG picture (the HTML report embeds it).

Every cell shows its id and its level's mark as text, a legend names every level, and the
picture has a <title> and <desc>, so colour never carries meaning alone (WCAG 1.4.1).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from html import escape
from typing import Any

from bvduty.analysis.heatmap import Cell, Heatmap
from bvduty.colours import NEUTRAL, text_on
from bvduty.spool import read_back, spool
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
CHAR_W = 8  # an average character of 14px Arial, for laying out the key
MOVED_WORDS = {"↑": "improved", "↓": "worsened", "+": "newly rated"}


def _x(text: str) -> str:
    return escape(one_line(text), quote=True)


def _cell(cell: Cell, m: Heatmap, x: int, y: int, moved: str = "") -> list[str]:
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
    if moved:
        mark += f" {moved}"
        name += f", {MOVED_WORDS.get(moved, moved)}"
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


def _block(
    m: Heatmap,
    top: int,
    *,
    legend: bool = True,
    heading: bool = True,
    movement: Mapping[str, str] | None = None,
) -> tuple[list[str], int]:
    """The SVG elements of one assessment starting at `top`, and the height used."""
    parts: list[str] = []
    y = top
    if heading:
        title = textwrap.wrap(f"{one_line(m.authority)}: {one_line(m.title)}", TITLE_CHARS) or [""]
        spans = "".join(
            f'<tspan x="{PAD}" dy="{0 if i == 0 else 22}">{escape(line)}</tspan>'
            for i, line in enumerate(title)
        )
        parts.append(
            f'<text x="{PAD}" y="{top + 20}" font-size="18" font-weight="bold">{spans}</text>'
        )
        y = top + 36 + 22 * (len(title) - 1)
    for row in m.themes:
        lines = max(1, -(-len(row.cells) // PER_ROW))
        parts.append(_label(f"{row.number} {row.title}", y))
        if not row.cells:
            note = "no file covers this theme" if not row.covered else "none listed"
            parts.append(
                f'<text x="{PAD + LABEL_W}" y="{y + 26}" font-style="italic">{note}</text>'
            )
        for index, cell in enumerate(row.cells):
            x = PAD + LABEL_W + (index % PER_ROW) * (CELL_W + GAP)
            moved = (movement or {}).get(cell.id, "")
            parts.extend(_cell(cell, m, x, y + (index // PER_ROW) * (CELL_H + GAP), moved))
        y += lines * (CELL_H + GAP) + GAP
    if not legend:
        return parts, y - top
    key, height = _legend(m, y + 8)
    parts.extend(key)
    return parts, y + 8 + height - top


def _legend(m: Heatmap, top: int) -> tuple[list[str], int]:
    """The key, wrapped onto as many lines as the picture's width needs (never clipped)."""
    marks = m.marks()
    width = PAD * 2 + LABEL_W + PER_ROW * (CELL_W + GAP)
    parts = [f'<text x="{PAD}" y="{top + 16}" font-weight="bold">Key</text>']
    x, y = PAD + 40, top
    for level in reversed(m.scale):
        label = one_line(level.label)
        size = 40 + CHAR_W * len(label) + 24
        if x > PAD + 40 and x + size > width - PAD:
            x, y = PAD + 40, y + LEGEND_H
        fill = level.colour or NEUTRAL
        parts.append(
            f'<rect x="{x}" y="{y}" width="34" height="24" rx="3" fill="{fill}" stroke="#0b0c0c"/>'
            f'<text x="{x + 17}" y="{y + 17}" fill="{text_on(fill)}" text-anchor="middle"'
            f' font-weight="bold">{_x(marks[level.id])}</text>'
        )
        for number, line in enumerate(textwrap.wrap(label, (width - PAD - x - 40) // CHAR_W)):
            parts.append(f'<text x="{x + 40}" y="{y + 17 + 17 * number}">{escape(line)}</text>')
            if number:
                y += 17
        x += size
    y += LEGEND_H
    parts.append(
        f'<text x="{PAD}" y="{y + 16}">-- not rated    ▼ below target'
        "    → a cross-reference to another characteristic</text>"
    )
    return parts, y + 28 - top


def heatmap(maps: Sequence[Heatmap], **options: Any) -> str:
    """One SVG document holding the heatmap of every assessment, one below the other (the
    options are `heatmap_chunks`')."""
    return "".join(heatmap_chunks(maps, **options))


def heatmap_chunks(
    maps: Iterable[Heatmap],
    *,
    id_prefix: str = "bvduty",
    legend: bool = True,
    heading: bool = True,
    movement: Mapping[str, str] | None = None,
    title: str | None = None,
    description: str | None = None,
) -> Iterator[str]:
    """The heatmaps as one SVG document, in pieces, holding one map at a time (for `bvduty
    heatmap` over many).

    Args:
        maps: the heatmaps to draw.
        id_prefix: starts the ids of the title and description; give each SVG inlined in one
            HTML page its own, since ids must be unique in a page.
        legend: draw the key inside the picture (a page that shows the key as text need not).
        heading: draw the authority and title above the cells (a figure with a caption need not).
        movement: a mark per cell id ("↑", "↓", "+") for how its rating moved.
        title, description: the picture's accessible name and description (default: made
            from the heatmaps).

    Why a temporary file: the opening tag needs the total height, and the title and description
    every name, so the drawing of each map waits in a spool (on disk when large) until the last
    map is drawn; the names and counts it keeps are a line per map.
    """
    body = spool()
    names: list[str] = []
    sentences: list[str] = []
    top = PAD
    try:
        for m in maps:
            parts, height = _block(m, top, legend=legend, heading=heading, movement=movement)
            body.write("".join(part + "\n" for part in parts))
            top += height + PAD
            names.append(f"{one_line(m.authority)} {one_line(m.period)}")
            sentences.append(_sentence(m))
    except BaseException:
        body.close()
        raise
    width = PAD * 2 + LABEL_W + PER_ROW * (CELL_W + GAP)
    name = title or f"Best Value self-assessment heatmap: {'; '.join(names)}"
    described = description or " ".join(sentences)
    prefix = escape(id_prefix, quote=True)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{top}"'
        f' viewBox="0 0 {width} {top}" aria-labelledby="{prefix}-title {prefix}-desc"'
        f' font-family="{FONT}" font-size="14" fill="#0b0c0c">',
        f'<title id="{prefix}-title">{escape(one_line(name))}</title>',
        f'<desc id="{prefix}-desc">{escape(one_line(described))}</desc>',
        f'<rect width="{width}" height="{top}" fill="#ffffff"/>',
    ]
    yield "".join(line + "\n" for line in head)
    yield from read_back(body)
    yield "</svg>\n"


def _sentence(m: Heatmap) -> str:
    t = m.totals
    cells, below, unrated = t.cells, t.below_target, t.unrated
    # One theme's picture names its theme, so that each picture in a paper has its own name.
    where = (
        f"theme {m.themes[0].number} {one_line(m.themes[0].title)}"
        if len(m.themes) == 1
        else _count(len(m.themes), "theme")
    )
    return (
        f"{one_line(m.authority)}, {one_line(m.period)}: {_count(cells, 'characteristic')} in"
        f" {where}; {below} below target; {unrated} not rated."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
