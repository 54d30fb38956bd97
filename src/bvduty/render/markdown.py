"""The committee paper as GitHub-flavoured Markdown: a writer of the `compose` document tree.

Every user string is escaped so that it shows literally: it cannot start a heading, a list or
HTML, and cannot break a table row. Links only for http, https, mailto and relative refs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bvduty.analysis.heatmap import level_marks
from bvduty.analysis.paper import Paper
from bvduty.compose.nodes import (
    Block,
    Break,
    Bullets,
    ChartPicture,
    Details,
    Document,
    Figure,
    HeatmapPicture,
    Inlines,
    Link,
    Notice,
    Paragraph,
    Run,
    Section,
    Swatch,
    Table,
    Tag,
)
from bvduty.compose.paper import BELOW_MARK, NOT_RATED_MARK, SEE_MARK, compose
from bvduty.links import href
from bvduty.textsafe import visible


class MdSafe(str):
    """Text that is already Markdown (escaped user text, or a link built from it)."""

    __slots__ = ()


# Characters that start Markdown syntax anywhere in a line (GitHub-flavoured: `~` strikes through,
# `$` starts maths, `|` splits a table cell, `&` starts an entity such as &#x202E;).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
# Characters that start a block only at the beginning of a line: headings, quotes, lists.
_MD_LEADING = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)](?:\s|$)))")
_MD_URL_UNSAFE = re.compile(r"[()<>\[\]|\"'`*_~$]")
_WHITESPACE = re.compile(r"\s+")


def md_escape(value: object) -> MdSafe:
    """One line of user text that Markdown shows literally and that cannot break a table row."""
    if isinstance(value, MdSafe):
        return value
    text = _MD_INLINE.sub(r"\\\1", visible(_WHITESPACE.sub(" ", str(value))))
    match = _MD_LEADING.match(text)
    if match:
        space, marker = match.group(1), match.group(2)
        rest = text[match.end() :]
        # "1. x" -> "1\. x" (a list's marker is the dot); "# x" -> "\# x"
        digits = marker[0].isdigit()
        text = f"{space}{marker}\\{rest}" if digits else f"{space}\\{marker}{rest}"
    return MdSafe(text)


def md_link(text: object, ref: str | None) -> MdSafe:
    """A Markdown link to `ref` when `links.href` allows it; otherwise the text alone."""
    label = md_escape(text)
    target = href(ref) if ref is not None and not ref.startswith("#") else ref
    if target is None:
        return label
    encoded = _MD_URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", target).replace("&", "\\&")
    return MdSafe(f"[{label}]({encoded})")


def paper(value: Paper) -> str:
    """The committee paper in Markdown."""
    return document(compose(value))


def document(doc: Document) -> str:
    """Any composed document in Markdown."""
    lines = [f"# {_heading(doc.title)}", "", f"**{md_escape(doc.kicker)}**", ""]
    for block in doc.header:
        lines += [*_block(block), ""]
    for section in doc.all_sections():
        lines += _section(section, 2)
    lines += ["---", "", f"*{_inline(doc.closing)}*", ""]
    return "\n".join(lines)


def _heading(text: str) -> str:
    """Heading text: inline syntax escaped; after the `#` marks nothing starts a block."""
    return _MD_INLINE.sub(r"\\\1", visible(_WHITESPACE.sub(" ", text)))


def _section(section: Section, depth: int) -> list[str]:
    lines = [f"{'#' * min(depth, 6)} {_heading(section.heading)}", ""]
    for block in section.blocks:
        lines += [*_block(block), ""]
    for child in section.children:
        lines += _section(child, depth + 1)
    return lines


def _block(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph):
        text = _inline(block.content)
        if block.number:
            yield f"**{block.number}** {text}"
        elif block.quiet:
            yield f"*{text}*"
        else:
            yield text
    elif isinstance(block, Bullets):
        for item in block.items:
            yield f"- {_inline(item)}"
    elif isinstance(block, Table):
        yield f"**{md_escape(block.caption)}**"
        yield ""
        yield from _table_lines(
            [md_escape(c.title) for c in block.columns],
            [[_inline(cell.content) for cell in row] for row in block.rows],
            ["---:" if c.kind == "number" else "---" for c in block.columns],
        )
    elif isinstance(block, Figure):
        yield f"**{md_escape(block.caption)}.** *{md_escape(block.alt)}*"
        yield ""
        yield from _picture(block)
    elif isinstance(block, Details):
        yield from _table_lines(
            ["Report details", ""],
            [[md_escape(name), _inline(value)] for name, value in block.rows],
            ["---", "---"],
        )
    elif isinstance(block, Notice):
        yield f"> {_inline(block.content)}"


def _table_lines(head: list[str], rows: list[list[str]], align: list[str]) -> Iterator[str]:
    yield "| " + " | ".join(head) + " |"
    yield "|" + "|".join(align) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"


def _picture(figure: Figure) -> Iterator[str]:
    """A heatmap in words: each theme's characteristics with their marks, then the key."""
    picture = figure.picture
    if isinstance(picture, ChartPicture):  # its figures are in the table that follows
        key = "; ".join(entry.meaning for entry in figure.key)
        yield f"Key: {md_escape(key)}"
        return
    assert isinstance(picture, HeatmapPicture)
    heatmap = picture.heatmap
    marks = level_marks(heatmap.scale)
    for row in heatmap.themes:
        shown = []
        for cell in row.cells:
            if cell.see is not None:
                mark = f"{SEE_MARK} {cell.see}"
            elif cell.rating is None:
                mark = NOT_RATED_MARK
            else:
                mark = marks[cell.rating] + (BELOW_MARK if cell.below_target else "")
            mark += picture.movement.get(cell.id, "")
            shown.append(f"{cell.id} {mark}")
        words = ", ".join(shown) if shown else "no characteristics"
        yield f"- **{md_escape(f'{row.number} {row.title}')}**: {md_escape(words)}"
    key = "; ".join(f"{entry.mark} {entry.meaning}" for entry in figure.key)
    yield ""
    yield f"Key: {md_escape(key)}"


def _inline(content: Inlines) -> str:
    out: list[str] = []
    for part in content:
        if isinstance(part, Break):  # Markdown tables cannot break a line without raw HTML
            out.append("; ")
        elif isinstance(part, Link):
            out.append(md_link(part.text, part.target))
        elif isinstance(part, Run):
            text: str = md_escape(part.text)
            stripped = text.strip()
            if part.strong and stripped:
                text = text.replace(stripped, f"**{stripped}**", 1)
            elif part.emphasis and stripped:
                text = text.replace(stripped, f"*{stripped}*", 1)
            out.append(text)
        elif isinstance(part, Tag | Swatch):
            out.append(md_escape(part.text))
    return "".join(out)
