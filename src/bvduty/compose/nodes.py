"""A format-neutral document: sections, numbered paragraphs, tables, figures and inline runs.

Why a tree: the committee paper is written once, here, as plain values; Markdown, HTML (and so
PDF) and Word each walk the same tree, so a sentence exists in exactly one place and every
format carries the same text. Writers decide only how a node looks, never what it says.

Every string in a node is already safe to show (`textsafe.visible`); each writer still escapes
it for its own format (HTML entities, Markdown punctuation, XML-invalid characters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bvduty.analysis.heatmap import Heatmap

# --- inline content -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """Plain text, optionally strong (bold) or emphasised (italic)."""

    text: str
    strong: bool = False
    emphasis: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A link: `target` is a checked URL (http, https, mailto, relative) or `#anchor` inside."""

    text: str
    target: str


class Tone(StrEnum):
    """The colour of a status tag; the tag's text always says the status itself."""

    GREY = "grey"
    BLUE = "blue"
    GREEN = "green"
    RED = "red"
    YELLOW = "yellow"


@dataclass(frozen=True, slots=True)
class Tag:
    """A status in words on a coloured tag ("In progress", "Overdue by 62 days")."""

    text: str
    tone: Tone = Tone.GREY


@dataclass(frozen=True, slots=True)
class Swatch:
    """A rating level's label on the level's own colour (None: not rated, neutral grey)."""

    text: str
    colour: str | None
    level: str | None = None  # the level's id, for writers that style by class


@dataclass(frozen=True, slots=True)
class Break:
    """A line break inside a paragraph or table cell."""


Inline = Run | Link | Tag | Swatch | Break
Inlines = tuple[Inline, ...]


def runs(*parts: str | Inline) -> Inlines:
    """Inline content from strings (plain runs) and inline nodes; empty strings dropped."""
    return tuple(Run(p) if isinstance(p, str) else p for p in parts if p != "")


def plain(content: Inlines) -> str:
    """The words of inline content, as a reader or a screen reader gets them."""
    words = []
    for part in content:
        if isinstance(part, Break):
            words.append(" ")
        else:
            words.append(part.text)
    return "".join(words)


# --- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph; `number` ("3.2") makes it a numbered paragraph of the covering report."""

    content: Inlines
    number: str | None = None
    quiet: bool = False  # secondary text: notes, a source line


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list; each item is inline content."""

    items: tuple[Inlines, ...]


class Kind(StrEnum):
    """What a table column holds, which decides how writers set it."""

    TEXT = "text"
    ID = "id"  # never broken inside ("A101" stays whole)
    NUMBER = "number"  # right-aligned
    DATE = "date"  # never broken inside
    LEVEL = "level"  # a rating on its colour


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading and its share of the table's width."""

    title: str
    width: float = 1.0
    kind: Kind = Kind.TEXT
    fill: str | None = None  # a heading cell shaded in a level's colour
    level: str | None = None  # that level's id


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; `fill` shades it (a level's colour); its text always says the same."""

    content: Inlines
    fill: str | None = None
    anchor: str | None = None  # an id other pages link to (the website's characteristic rows)


@dataclass(frozen=True, slots=True)
class Table:
    """A data table with a caption and a header row; the first cell of a row heads the row."""

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_headers: bool = True


@dataclass(frozen=True, slots=True)
class HeatmapPicture:
    """The heatmap to draw: its cells with their ids and marks, and any movement marks."""

    heatmap: Heatmap
    movement: Mapping[str, str] = field(default_factory=dict)  # cell id -> "▲", "▼", "+"
    links: Mapping[str, str] = field(default_factory=dict)  # cell id -> where its detail is
    theme_links: Mapping[str, str] = field(default_factory=dict)  # theme id -> its page


@dataclass(frozen=True, slots=True)
class ChartPicture:
    """A line chart of one financial resilience indicator over the years.

    `values` are the council's figures, one per year of `years`, and `labels` the same figures
    as readers see them ("9.8", "£412.0m"); `thresholds` the council's own, worst level first
    (the level's label, the value at which it starts, its colour); `sector` the sector's
    interquartile range and median by year (year, q1, median, q3), when a sector was given.
    """

    unit: str  # ratio, percent, years or pounds
    worse: str  # higher, lower or neither
    years: tuple[str, ...]
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()
    thresholds: tuple[tuple[str, float, str | None], ...] = ()
    threshold_labels: tuple[str, ...] = ()  # each threshold's value as readers see it
    sector: tuple[tuple[str, float, float, float], ...] = ()


Picture = HeatmapPicture | ChartPicture


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One entry of a figure's key: a mark on a colour, and what it means."""

    mark: str
    meaning: str
    colour: str | None = None
    level: str | None = None  # the level's id, for writers that style by class


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture with a caption, a text alternative and a key; the figures repeat as text."""

    id: str
    caption: str
    alt: str
    picture: Picture
    key: tuple[KeyEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Details:
    """A list of labelled values: the paper's header block (a GOV.UK summary list)."""

    rows: tuple[tuple[str, Inlines], ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """A boxed notice, e.g. "Not for publication" on an exempt paper."""

    content: Inlines


Block = Paragraph | Bullets | Table | Figure | Details | Notice


@dataclass(frozen=True, slots=True)
class Section:
    """A section: `number` is "3" in the covering report, "A" for an appendix, or None.

    `children` are its subsections (one heading level down); `new_page` starts it on a new
    page in print and in Word (each appendix does).
    """

    id: str
    title: str
    blocks: tuple[Block, ...]
    number: str | None = None
    children: tuple[Section, ...] = ()
    new_page: bool = False

    @property
    def heading(self) -> str:
        """The heading as shown: "3. Background", "Appendix A: Action plan", or the title."""
        if self.number is None:
            return self.title
        if self.number.isdigit():
            return f"{self.number}. {self.title}"
        return f"Appendix {self.number}: {self.title}"


@dataclass(frozen=True, slots=True)
class Meta:
    """What a document says about itself (Word's File > Info, PDF metadata, HTML head)."""

    author: str
    subject: str
    keywords: tuple[str, ...]
    dated: date  # the assessment's as-at date, so the same input gives the same file
    status: str
    comments: str


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: a title block, sections, appendices and a closing line."""

    title: str
    kicker: str  # the line above the title: the authority's name
    header: tuple[Block, ...]
    sections: tuple[Section, ...]
    appendices: tuple[Section, ...]
    closing: Inlines
    meta: Meta
    levels: tuple[tuple[str, str, str | None], ...] = ()  # (id, label, colour), best first
    lang: str = "en-GB"

    def all_sections(self) -> tuple[Section, ...]:
        """Body sections then appendices, in reading order."""
        return self.sections + self.appendices
