"""The committee paper as one self-contained, accessible HTML file: a writer of the document tree.

The words come from `compose`; this module decides only how they look. The page around them
(head, styles, masthead, footer) is the Jinja template `paper.html.j2`, which a council may
replace or extend (`--template-dir`) to change the look, never the wording.

Inline CSS (screen and A4 print), heatmaps as inline SVG with their key as text, no scripts and
nothing fetched from elsewhere; the accessibility test holds it to WCAG 2.2 AA. Every user string
is escaped (markupsafe); very long words get break opportunities so that neither a narrow screen
nor the PDF printer has to lay out a 100,000-character line.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

from bvduty.analysis.paper import Paper
from bvduty.colours import NEUTRAL, text_on
from bvduty.compose.nodes import (
    Block,
    Break,
    Bullets,
    Cell,
    ChartPicture,
    Column,
    Details,
    Document,
    Figure,
    Inlines,
    Kind,
    Link,
    Notice,
    Paragraph,
    Run,
    Section,
    Swatch,
    Table,
    Tag,
)
from bvduty.compose.paper import compose
from bvduty.links import href
from bvduty.render.templating import render
from bvduty.textsafe import visible

TEMPLATE = "paper.html.j2"
_WHITESPACE = re.compile(r"\s+")
LONG_WORD = 24  # a word this long may break; shorter words never do
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD},}}")
_BREAK_EVERY = 12


def paper(value: Paper, *, template_dir: Path | None = None) -> str:
    """The paper in HTML; a `paper.html.j2` in `template_dir` replaces the built-in page.

    Raises:
        UsageError: a template is missing or broken (named with its file and line).
    """
    return page(compose(value), template_dir=template_dir)


def page(doc: Document, *, template_dir: Path | None = None, template: str = TEMPLATE) -> str:
    """A composed document as a whole HTML page, through the page template."""
    return render(
        template,
        template_dir,
        document=doc,
        header=header(doc),
        contents=contents(doc),
        body=body(doc),
        closing=inline(doc.closing),
        level_css=Markup(level_css(doc)),
    )


def level_css(doc: Document) -> str:
    """One rule per rating level: its colour, with the text colour that reads best on it."""
    return "".join(
        f".level-{level_id} {{ background: {colour or NEUTRAL}; color: {text_on(colour)}; }}\n"
        for level_id, _, colour in doc.levels
    )


def header(doc: Document) -> Markup:
    """The title block: the authority, the title, any notice and the details list."""
    parts = [
        f'<p class="caption">{text(doc.kicker)}</p>',
        f"<h1>{text(doc.title)}</h1>",
        *(block(b, 2) for b in doc.header),
    ]
    return Markup("\n".join(parts))


def contents(doc: Document) -> Markup:
    """A contents list linking every section and appendix."""
    items = "".join(
        f'<li><a href="#{section.id}">{text(section.heading)}</a></li>\n'
        for section in doc.all_sections()
    )
    return Markup(
        '<nav class="contents" aria-labelledby="contents-title">\n'
        '<h2 id="contents-title">Contents</h2>\n'
        f"<ul>\n{items}</ul>\n</nav>"
    )


def body(doc: Document) -> Markup:
    """Every section and appendix, in reading order."""
    return Markup("\n".join(section(s, 2) for s in doc.all_sections()))


def section(node: Section, depth: int) -> str:
    level = min(depth, 6)
    classes = ' class="appendix"' if node.new_page else ""
    parts = [
        f'<section{classes} aria-labelledby="{node.id}">',
        f'<h{level} id="{node.id}">{text(node.heading)}</h{level}>',
        *(block(b, depth) for b in node.blocks),
        *(section(child, depth + 1) for child in node.children),
        "</section>",
    ]
    return "\n".join(parts)


def block(node: Block, depth: int) -> str:
    if isinstance(node, Paragraph):
        if node.number:
            return (
                f'<p class="para"><span class="para-no">{node.number}</span>'
                f"{inline(node.content)}</p>"
            )
        cls = ' class="secondary"' if node.quiet else ""
        return f"<p{cls}>{inline(node.content)}</p>"
    if isinstance(node, Bullets):
        items = "".join(f"<li>{inline(item)}</li>\n" for item in node.items)
        return f'<ul class="list">\n{items}</ul>'
    if isinstance(node, Table):
        return table(node)
    if isinstance(node, Figure):
        return figure(node)
    if isinstance(node, Details):
        rows = "".join(
            f"<dt>{text(name)}</dt><dd>{inline(value)}</dd>\n" for name, value in node.rows
        )
        return f'<dl class="summary-list">\n{rows}</dl>'
    assert isinstance(node, Notice)
    return f'<p class="notice">{inline(node.content)}</p>'


_KIND_CLASS = {Kind.ID: "nowrap", Kind.DATE: "nowrap", Kind.NUMBER: "number"}


def _head_cell(column: Column) -> str:
    classes = [c for c in (_KIND_CLASS.get(column.kind, ""),) if c]
    title = text(column.title)
    if column.level is not None:
        title = Markup(f'<span class="level level-{column.level}">{title}</span>')
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f'<th scope="col"{cls}>{title}</th>'


def table(node: Table) -> str:
    """A data table in a region that scrolls sideways on a narrow screen (the page never does,
    WCAG 1.4.10); the region is focusable so keyboard users can scroll it."""
    head = "".join(_head_cell(c) for c in node.columns)
    rows = []
    for row in node.rows:
        cells = []
        for index, (cell, column) in enumerate(zip(row, node.columns, strict=True)):
            cells.append(_cell(cell, column, header=node.row_headers and index == 0))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption_id = f"{node.id}-caption"
    return (
        f'<div class="table-wrap" role="region" aria-labelledby="{caption_id}" tabindex="0">\n'
        f'<table id="{node.id}">\n<caption id="{caption_id}">{text(node.caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>"
    )


def _cell(cell: Cell, column: Column, *, header: bool) -> str:
    cls = _KIND_CLASS.get(column.kind, "")
    attributes = f' class="{cls}"' if cls else ""
    if cell.anchor is not None:
        attributes = f' id="{escape(cell.anchor)}"{attributes}'
    content = inline(cell.content)
    if header:
        return f'<th scope="row"{attributes}>{content}</th>'
    return f"<td{attributes}>{content}</td>"


def chart_figure(node: Figure) -> str:
    """An indicator's chart: inline SVG (role img, title, description) when matplotlib is
    installed, else its text alternative; the figures are in the table that follows."""
    from bvduty.render import charts

    picture = node.picture
    assert isinstance(picture, ChartPicture)
    if charts.available():
        drawing = charts.svg(picture, id_prefix=node.id, title=node.caption, description=node.alt)
    else:
        drawing = f'<p class="secondary">{text(node.alt)}</p>\n'
    key = "".join(
        f'<li><span class="swatch swatch--chart"{_fill(entry.colour)}>{text(entry.mark)}</span>'
        f" {text(entry.meaning)}</li>\n"
        for entry in node.key
    )
    return (
        f'<figure class="chart" id="{node.id}">\n{drawing}\n'
        f"<figcaption>{text(node.caption)}</figcaption>\n"
        f'<ul class="key" aria-label="Key to {text(node.caption)}">\n{key}</ul>\n</figure>'
    )


def _fill(colour: str | None) -> str:
    if colour is None:
        return ""
    return f' style="background: {escape(colour)}; color: {text_on(colour)}"'


def figure(node: Figure) -> str:
    from bvduty.render import svg

    picture = node.picture
    if isinstance(picture, ChartPicture):
        return chart_figure(node)
    drawing = svg.heatmap(
        [picture.heatmap],
        id_prefix=node.id,
        legend=False,
        heading=False,
        movement=picture.movement,
        title=node.caption,
        description=node.alt,
    )
    key = "".join(
        f'<li><span class="swatch{_level_class(entry.level)}">{text(entry.mark)}</span>'
        f" {text(entry.meaning)}</li>\n"
        for entry in node.key
    )
    return (
        f'<figure class="heatmap" id="{node.id}">\n{drawing}'
        f"<figcaption>{text(node.caption)}</figcaption>\n"
        f'<ul class="key" aria-label="Key to {text(node.caption)}">\n{key}</ul>\n</figure>'
    )


def _level_class(level: str | None) -> str:
    if level is not None:
        return f" level-{level}"
    return " level--none"


def inline(content: Inlines) -> Markup:
    """Inline content as escaped HTML."""
    out: list[str] = []
    for part in content:
        if isinstance(part, Break):
            out.append("<br>")
        elif isinstance(part, Link):
            target = part.target if part.target.startswith("#") else href(part.target)
            linked = text(part.text)
            out.append(f'<a href="{escape(target)}">{linked}</a>' if target else str(linked))
        elif isinstance(part, Run):
            shown = str(text(part.text))
            if part.strong:
                shown = f"<strong>{shown}</strong>"
            if part.emphasis:
                shown = f"<em>{shown}</em>"
            out.append(shown)
        elif isinstance(part, Tag):
            out.append(f'<strong class="tag tag--{part.tone.value}">{text(part.text)}</strong>')
        elif isinstance(part, Swatch):
            cls = _level_class(part.level)
            out.append(f'<span class="level{cls}">{text(part.text)}</span>')
    return Markup("".join(out))


def text(value: str) -> Markup:
    """User text, escaped, with control and bidi characters shown, and very long words given
    break opportunities (`<wbr>`) so they neither widen the page nor slow the PDF printer."""
    shown = visible(_WHITESPACE.sub(" ", value))
    parts: list[str] = []
    last = 0
    for match in _LONG_WORD.finditer(shown):
        parts.append(str(escape(shown[last : match.start()])))
        word = match.group()
        pieces = (escape(word[i : i + _BREAK_EVERY]) for i in range(0, len(word), _BREAK_EVERY))
        parts.append("<wbr>".join(str(p) for p in pieces))
        last = match.end()
    parts.append(str(escape(shown[last:])))
    return Markup("".join(parts))
