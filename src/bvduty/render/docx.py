"""The committee paper as an editable Word document (.docx), built with python-docx.

The same sections, numbers and wording as the HTML paper, from the same `Paper` value (never
from the HTML). Real Word structure: Title and Heading 1-2 styles (the navigation pane and the
contents field use them), numbered paragraphs, tables with header rows that repeat on every
page, the heatmap as a table whose cells carry their colour AND their id and mark in text, page
numbers in the footer, and the document's title, author, subject and language in its properties.

Why literal paragraph numbers ("3.1" typed into the paragraph, as committee papers and the HTML
paper do) rather than Word's automatic numbering: the text refers to them ("section 11",
"sections 4 to 10"), so they must not move when an officer inserts a paragraph; a council that
wants them indented differently restyles the "Numbered Paragraph" style in its template.

A council's own Word template (`reference`, a .docx or .dotx) becomes the base: its body is
emptied but its styles, page set-up, headers, footers and logo are kept, and any style the paper
needs that the template lacks is taken from python-docx's default template. Tables use the
template's "bvduty Table" style when it has one, else "Table Grid".

Nothing is escaped (a .docx is not markup) but every string is shown as `textsafe.visible` shows
it, and the characters XML cannot hold at all are shown as escapes too, so no user text can
disguise itself or break the file.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bvduty.analysis.heatmap import Cell as HeatCell
from bvduty.analysis.heatmap import Heatmap
from bvduty.analysis.paper import ActionLine, Paper, ThemeSection
from bvduty.colours import NEUTRAL, text_on
from bvduty.errors import UsageError
from bvduty.install import hint as install_hint
from bvduty.model import Level
from bvduty.render.templating import (
    GAP_MEANINGS,
    NOT_STATED,
    Numbering,
    href,
    label,
    long_date,
    plural,
    short_date,
)
from bvduty.textsafe import visible

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table
    from docx.text.paragraph import Paragraph

INSTALL_HINT = "pip install 'bvduty[docx]'"
TABLE_STYLES = ("bvduty Table", "Table Grid")
TOC_FIELD = r'TOC \o "1-1" \h \z \u'
PER_ROW = 6  # heatmap cells per table row, as in the SVG picture
GREY = "505A5F"  # GOV.UK secondary text
_WHITESPACE = re.compile(r"\s+")
_XML_INVALID = re.compile("[\ud800-\udfff\ufffe\uffff]")
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Children of w:settings that must follow w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = frozenset(
    (
        "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
        "listSeparator",
    )
)  # fmt: skip
# Children of w:tcPr that must follow w:tcBorders (ECMA-376 CT_TcPr order).
_AFTER_TC_BORDERS = frozenset(
    ("shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
)
# Children of w:tblPr that must follow w:tblCellMar.
_AFTER_TBL_CELL_MAR = frozenset(("tblLook", "tblCaption", "tblDescription"))
# Children of w:rPr that must follow w:shd (ECMA-376 CT_RPr order).
_AFTER_R_SHD = frozenset(
    ("fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
)
_AFTER_TC_SHD = _AFTER_TC_BORDERS - {"shd"}


def text(value: object) -> str:
    """User text as the document shows it: one line, visible, and valid in XML."""
    folded = visible(_WHITESPACE.sub(" ", str(value)))  # edge spaces stay: " " joins runs
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", folded)


# --- inline content: what a paragraph or table cell holds -------------------------------------


@dataclass(frozen=True, slots=True)
class Bold:
    text: str


@dataclass(frozen=True, slots=True)
class Quiet:
    """Secondary text (cell ids after a finding), in grey."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: `url` outside the document, or `anchor` (a bookmark) inside it."""

    text: str
    url: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """A level's mark on the level's own colour, as in the heatmap (the key uses it)."""

    text: str
    fill: str


Part = str | Bold | Quiet | Link | Mark
Line = tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its lines (each a paragraph), an optional level fill, bold for headers."""

    lines: tuple[Line, ...]
    fill: str | None = None
    bold: bool = False
    right: bool = False
    dashed: bool = False


def cell(*parts: Part, fill: str | None = None, right: bool = False) -> Cell:
    return Cell((tuple(parts),), fill=fill, right=right)


def head(value: str) -> Cell:
    return Cell(((value,),), bold=True)


def not_stated(value: str | None) -> str:
    return NOT_STATED if value is None or value == "" else value


# --- opening the base document ----------------------------------------------------------------


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise UsageError(f"Word output needs python-docx: {install_hint('docx')}") from None
    return docx


def _open(reference: Path | None) -> Document:
    docx = _docx()
    if reference is None:
        return docx.Document()  # type: ignore[no-any-return]
    try:
        data = reference.read_bytes()
    except OSError as exc:
        raise UsageError(f"--reference-docx {reference}: {exc.strerror}") from None
    try:
        document = docx.Document(io.BytesIO(_as_document(data)))
    except Exception as exc:  # python-docx raises many kinds on a file that is not Word
        raise UsageError(
            f"--reference-docx {reference}: not a Word document (.docx or .dotx) that can be"
            f" read ({type(exc).__name__}); save it from Word as a .docx and try again"
        ) from None
    _clear_body(document)
    return document  # type: ignore[no-any-return]


def _as_document(data: bytes) -> bytes:
    """A .dotx template as a .docx (only its content type differs); a .docx unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            types = source.read("[Content_Types].xml")
            if _TEMPLATE_TYPE not in types:
                return data
            output = io.BytesIO()
            with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    content = source.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                    target.writestr(item, content)
            return output.getvalue()
    except (zipfile.BadZipFile, KeyError):
        return data  # python-docx gives the error


def _clear_body(document: Document) -> None:
    """Remove the template's content but keep its last section (page set-up, headers, footers)."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# --- styles -----------------------------------------------------------------------------------


class _Styles:
    """The style names the paper uses, each present in the document (added when missing)."""

    def __init__(self, document: Document, house: bool) -> None:
        self.document = document
        self._default: Document | None = None
        self._ids: dict[str, str] = {}
        for name in (
            "Normal",
            "Title",
            "Subtitle",
            "Heading 1",
            "Heading 2",
            "Caption",
            "List Bullet",
            "TOC Heading",
            "Footer",
        ):
            self.ensure(name)
        self.table = next((n for n in TABLE_STYLES if n in document.styles), None)
        if self.table is None:
            self.ensure("Table Grid")
            self.table = "Table Grid"
        self._add_own_styles()
        if house:
            _house_style(document)

    def id(self, name: str) -> str:
        """The style id of `name` (Word names built-in styles in lower case: "heading 1")."""
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        return self._ids[name]

    def default(self) -> Document:
        if self._default is None:
            self._default = _docx().Document()
        return self._default

    def ensure(self, name: str) -> None:
        """Copy style `name` (and what it is based on) from python-docx's default template."""
        styles = self.document.styles
        if name in styles:
            return
        source = self.default().styles[name].element
        for related in ("w:basedOn", "w:link", "w:next"):
            found = source.find(_qn(related))
            if found is not None:
                other = _style_name_of(self.default(), found.get(_qn("w:val")))
                if other and other != name and other not in styles:
                    self.ensure(other)
        copied = copy.deepcopy(source)
        self._copy_numbering(copied)
        styles.element.append(copied)

    def _copy_numbering(self, style: BaseOxmlElement) -> None:
        """A list style's numbering definition, copied under fresh ids (bullets need it)."""
        num_id = style.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}/{_qn('w:numId')}")
        if num_id is None:
            return
        source = self.default().part.numbering_part.element
        old = num_id.get(_qn("w:val"))
        num = next(n for n in source.findall(_qn("w:num")) if n.get(_qn("w:numId")) == old)
        abstract_id = num.find(_qn("w:abstractNumId")).get(_qn("w:val"))
        abstract = next(
            a
            for a in source.findall(_qn("w:abstractNum"))
            if a.get(_qn("w:abstractNumId")) == abstract_id
        )
        target = self.document.part.numbering_part.element
        new_abstract = copy.deepcopy(abstract)
        new_abstract.set(_qn("w:abstractNumId"), str(_next_id(target, "abstractNum")))
        for unwanted in new_abstract.findall(_qn("w:nsid")):
            new_abstract.remove(unwanted)
        new_num = copy.deepcopy(num)
        new_num.set(_qn("w:numId"), str(_next_id(target, "num", "numId")))
        new_num.find(_qn("w:abstractNumId")).set(
            _qn("w:val"), new_abstract.get(_qn("w:abstractNumId"))
        )
        nums = target.findall(_qn("w:num"))
        if nums:
            nums[0].addprevious(new_abstract)  # every abstractNum comes before every num
        else:
            target.append(new_abstract)
        target.append(new_num)
        num_id.set(_qn("w:val"), new_num.get(_qn("w:numId")))

    def _add_own_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Cm, Pt, RGBColor

        styles = self.document.styles
        if "Numbered Paragraph" not in styles:
            style = styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Cm(1.25)
            style.paragraph_format.first_line_indent = Cm(-1.25)
            style.paragraph_format.tab_stops.add_tab_stop(Cm(1.25), WD_TAB_ALIGNMENT.LEFT)
            style.paragraph_format.space_after = Pt(8)
        if "Table Text" not in styles:
            style = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(9.5)
            style.paragraph_format.space_before = Pt(1)
            style.paragraph_format.space_after = Pt(1)
        if "Hyperlink" not in styles:
            style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            style.font.color.rgb = RGBColor.from_string("1D70B8")
            style.font.underline = True
        if "TOC 1" not in styles:
            style = styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.space_after = Pt(3)
        bullet = styles["List Bullet"].paragraph_format
        if bullet.left_indent is None:
            bullet.left_indent = Cm(1.9)
            bullet.first_line_indent = Cm(-0.6)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _style_name_of(document: Document, style_id: str | None) -> str | None:
    for style in document.styles:
        if style.style_id == style_id:
            return str(style.name)
    return None


def _next_id(parent: BaseOxmlElement, tag: str, attribute: str | None = None) -> int:
    key = _qn(f"w:{attribute or tag + 'Id'}")
    used = [int(e.get(key) or 0) for e in parent.findall(_qn(f"w:{tag}"))]
    return max(used, default=0) + 1


def _house_style(document: Document) -> None:
    """bvduty's own look when no template is given: A4, Arial, black headings (as the HTML)."""
    from docx.shared import Cm, Pt, RGBColor

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1)
    black = RGBColor.from_string("0B0C0C")
    sizes = {
        "Normal": 11,
        "Subtitle": 14,
        "Title": 24,
        "Heading 1": 16,
        "Heading 2": 13,
        "TOC Heading": 14,
        "Caption": 9.5,
    }
    for name, size in sizes.items():
        style = document.styles[name]
        font = style.font
        font.name = "Arial"
        font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(_qn("w:rFonts"))
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts is not None and fonts.get(_qn(attribute)) is not None:
                del fonts.attrib[_qn(attribute)]
        if name != "Normal":
            font.color.rgb = RGBColor.from_string(GREY) if name == "Subtitle" else black
            font.bold = name != "Subtitle"
            font.italic = False
    title = document.styles["Title"].element.get_or_add_pPr()
    for border in title.findall(_qn("w:pBdr")):
        title.remove(border)
    document.styles["Title"].paragraph_format.space_after = Pt(12)
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
        document.styles[name].paragraph_format.space_after = Pt(6)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    lang = document.styles.element.find(
        f"{_qn('w:docDefaults')}/{_qn('w:rPrDefault')}/{_qn('w:rPr')}/{_qn('w:lang')}"
    )
    if lang is not None:
        lang.set(_qn("w:val"), "en-GB")


# --- the writer -------------------------------------------------------------------------------


class _Writer:
    """Adds paragraphs, headings and tables to the document in reading order."""

    def __init__(self, document: Document, styles: _Styles) -> None:
        from docx.shared import Cm, Emu

        self.document = document
        self.styles = styles
        self.num = Numbering()
        self._bookmarks = 0
        section = document.sections[-1]
        width = (section.page_width or Cm(21)) - (section.left_margin or Cm(2.5))
        self.width = Emu(width - (section.right_margin or Cm(2.5)))
        if self.width < Cm(8):
            self.width = Emu(Cm(16))

    # paragraphs

    def style(self, paragraph: Paragraph, name: str) -> None:
        """Set a paragraph style by id (python-docx's lookup by name is slow in a long paper)."""
        paragraph._p.get_or_add_pPr().style = self.styles.id(name)

    def paragraph(self, *parts: Part, style: str | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph()
        if style is not None:
            self.style(paragraph, style)
        self.runs(paragraph, parts)
        return paragraph

    def numbered(self, key: str, *parts: Part) -> Paragraph:
        """A numbered paragraph: "3.1", a tab, the text (the number is bold, as in the HTML)."""
        return self.paragraph(Bold(self.num.para(key)), "\t", *parts, style="Numbered Paragraph")

    def heading(
        self, title: str, level: int, *, anchor: str | None = None, new_page: bool = False
    ) -> Paragraph:
        paragraph: Paragraph = self.document.add_heading(level=level)
        paragraph.add_run(text(title))
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        if anchor:
            self.bookmark(paragraph, anchor)
        return paragraph

    def bullets(self, items: Iterable[Line]) -> None:
        for line in items:
            self.paragraph(*line, style="List Bullet")

    def caption(self, words: str, *, keep_with_next: bool = False) -> None:
        paragraph = self.paragraph(words, style="Caption")
        paragraph.paragraph_format.keep_with_next = keep_with_next

    def runs(self, paragraph: Paragraph, parts: Iterable[Part], *, ink: str | None = None) -> None:
        """Add `parts` as runs; `ink` is the text colour on a shaded cell (None: the style's)."""
        from docx.shared import RGBColor

        for part in parts:
            if isinstance(part, Link):
                self.link(paragraph, part)
                continue
            value = part if isinstance(part, str) else part.text
            run = paragraph.add_run("\t" if value == "\t" else text(value))
            run.bold = isinstance(part, Bold | Mark) or None
            colour = text_on(part.fill) if isinstance(part, Mark) else ink
            if isinstance(part, Quiet) and colour is None:
                colour = GREY
            if colour is not None:
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
            if isinstance(part, Mark):
                _shade_run(run, part.fill)

    def link(self, paragraph: Paragraph, part: Link) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement

        run = paragraph.add_run(text(part.text))
        run._r.get_or_add_rPr().style = self.styles.id("Hyperlink")
        element = OxmlElement("w:hyperlink")
        if part.url is not None:
            rid = self.document.part.relate_to(part.url, RELATIONSHIP_TYPE.HYPERLINK, True)
            element.set(_qn("r:id"), rid)
        else:
            element.set(_qn("w:anchor"), part.anchor or "")
        element.set(_qn("w:history"), "1")
        run._r.addprevious(element)
        element.append(run._r)

    def bookmark(self, paragraph: Paragraph, name: str) -> None:
        from docx.oxml import OxmlElement

        self._bookmarks += 1
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(_qn("w:id"), str(self._bookmarks))
        start.set(_qn("w:name"), name)
        end.set(_qn("w:id"), str(self._bookmarks))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    # tables

    def table(
        self,
        caption: str,
        header: Sequence[Cell],
        rows: Iterable[Sequence[Cell]],
        widths: Sequence[float],
        *,
        row_headers: bool = True,
    ) -> Table:
        """A captioned data table whose header row repeats on every page it runs onto."""
        self.caption(caption, keep_with_next=True)
        body = [list(r) for r in rows]
        table = self._grid(len(body) + 1, len(widths), widths, caption)
        self._fill(table, 0, header, header=True)
        for index, row in enumerate(body, start=1):
            if row_headers:
                row = [replace_bold(row[0]), *row[1:]]
            self._fill(table, index, row)
        self.document.add_paragraph()  # Word needs a paragraph between adjacent tables
        return table

    def _grid(self, rows: int, columns: int, widths: Sequence[float], caption: str) -> Table:
        from docx.oxml import OxmlElement
        from docx.shared import Emu

        table: Table = self.document.add_table(rows=rows, cols=columns)
        table.style = self.document.styles[self.styles.table or "Table Grid"]
        table.autofit = False
        total = sum(widths)
        sizes = [Emu(int(self.width * w / total)) for w in widths]
        for column, size in zip(table.columns, sizes, strict=True):
            column.width = size
        for row in table.rows:
            for table_cell, size in zip(row.cells, sizes, strict=True):
                table_cell.width = size
            row_pr = row._tr.get_or_add_trPr()
            row_pr.append(OxmlElement("w:cantSplit"))
        properties = table._tbl.tblPr  # autofit False made it w:tblLayout fixed
        alt = OxmlElement("w:tblCaption")  # the table's title for screen readers (Alt Text)
        alt.set(_qn("w:val"), text(caption)[:250])
        properties.append(alt)
        return table

    def _fill(self, table: Table, index: int, cells: Sequence[Cell], header: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement

        row = table.rows[index]
        if header:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for target, content in zip(row.cells, cells, strict=True):
            ink = text_on(content.fill) if content.fill else None
            for number, line in enumerate(content.lines):
                paragraph = target.paragraphs[0] if number == 0 else target.add_paragraph()
                self.style(paragraph, "Table Text")
                if content.right:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                parts = [Bold(p) if content.bold and isinstance(p, str) else p for p in line]
                self.runs(paragraph, parts, ink=ink)
            if content.dashed:
                _borders(target, "dashed")
            if content.fill:
                _shade(target, content.fill)

    # fields

    def field(self, paragraph: Paragraph, instruction: str, shown: str) -> None:
        """A Word field (PAGE, NUMPAGES ...) showing `shown` until Word updates it."""
        self._field_start(paragraph, instruction)
        paragraph.add_run(shown)
        self._field_end(paragraph)

    def _field_start(self, paragraph: Paragraph, instruction: str) -> None:
        from docx.oxml import OxmlElement

        for kind, instr in (("begin", None), (None, instruction), ("separate", None)):
            run = paragraph.add_run()
            if kind is not None:
                char = OxmlElement("w:fldChar")
                char.set(_qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                code = OxmlElement("w:instrText")
                code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                code.text = f" {instr} "
                run._r.append(code)

    def _field_end(self, paragraph: Paragraph) -> None:
        from docx.oxml import OxmlElement

        char = OxmlElement("w:fldChar")
        char.set(_qn("w:fldCharType"), "end")
        paragraph.add_run()._r.append(char)

    def contents(self, entries: Sequence[tuple[str, str]]) -> None:
        """A TOC field that Word fills on opening, already holding the headings it will list.

        Why filled in: Word Online, previews and e-mail viewers never update fields, and an
        empty contents list is the classic broken Word export; Word's update adds page numbers.
        """
        self.paragraph("Contents", style="TOC Heading")
        for index, (words, anchor) in enumerate(entries):
            paragraph = self.paragraph(style="TOC 1")
            if index == 0:
                self._field_start(paragraph, TOC_FIELD)
            self.link(paragraph, Link(words, anchor=anchor))
            if index == len(entries) - 1:
                self._field_end(paragraph)


def replace_bold(content: Cell) -> Cell:
    return Cell(content.lines, content.fill, True, content.right, content.dashed)


def _insert(parent: BaseOxmlElement, child: BaseOxmlElement, after: frozenset[str]) -> None:
    """Put `child` before the first of `parent`'s children that the schema says come after."""
    for existing in parent:
        if existing.tag.rsplit("}", 1)[-1] in after:
            existing.addprevious(child)
            return
    parent.append(child)


def _shade(target: Any, colour: str) -> None:
    from docx.oxml import OxmlElement

    shading = OxmlElement("w:shd")
    shading.set(_qn("w:val"), "clear")
    shading.set(_qn("w:color"), "auto")
    shading.set(_qn("w:fill"), colour.lstrip("#").upper())
    _insert(target._tc.get_or_add_tcPr(), shading, _AFTER_TC_SHD)


def _tight(table: Table) -> None:
    """Cell margins of 1 mm and 9pt text, so eight columns of whole words fit on A4."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    for row in table.rows:
        for run in (r for c in row.cells for p in c.paragraphs for r in p.runs):
            run.font.size = Pt(9)

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(_qn("w:w"), "57")
        edge.set(_qn("w:type"), "dxa")
        margins.append(edge)
    _insert(table._tbl.tblPr, margins, _AFTER_TBL_CELL_MAR)


def _shade_run(run: Any, colour: str) -> None:
    from docx.oxml import OxmlElement

    shading = OxmlElement("w:shd")
    shading.set(_qn("w:val"), "clear")
    shading.set(_qn("w:color"), "auto")
    shading.set(_qn("w:fill"), colour.lstrip("#").upper())
    _insert(run._r.get_or_add_rPr(), shading, _AFTER_R_SHD)


def _borders(target: Any, kind: str) -> None:
    """Every border of a cell drawn `kind` ("dashed"), or `nil` for none."""
    from docx.oxml import OxmlElement

    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(_qn("w:val"), kind)
        if kind != "nil":
            edge.set(_qn("w:sz"), "6")
            edge.set(_qn("w:color"), "0B0C0C")
        borders.append(edge)
    _insert(target._tc.get_or_add_tcPr(), borders, _AFTER_TC_BORDERS)


# --- the paper, section by section (the order and wording of paper.html.j2) ---------------------


SECTION_TITLES = {
    "purpose": "Purpose of the report",
    "recommendations": "Recommendations",
    "summary": "Summary of the self-assessment",
    "gaps": "Gap analysis",
    "implications": "Implications",
    "background": "Background papers",
}
APPENDIX_A = "_bvAppendixA"
APPENDIX_B = "_bvAppendixB"


def paper(value: Paper, *, reference: Path | None = None) -> bytes:
    """The paper as .docx bytes; `reference` is a council's Word template to build on.

    Raises:
        UsageError: python-docx is not installed, or `reference` cannot be read as Word.
    """
    document = _open(reference)
    styles = _Styles(document, house=reference is None)
    writer = _Writer(document, styles)
    keys = ["purpose", "recommendations", "summary"]
    keys += ["movement"] if value.movement else []
    keys += [t.id for t in value.themes]
    for key in [*keys, "gaps", "implications", "background"]:
        writer.num.section(key)
    _front(writer, value)
    _purpose(writer, value)
    _recommendations(writer, value)
    _summary(writer, value)
    _movement(writer, value)
    for figure, theme in enumerate(value.themes, start=2):
        _theme(writer, value, theme, figure)
    _gaps(writer, value)
    _implications(writer, value)
    _background(writer, value)
    _appendix_a(writer, value)
    _appendix_b(writer, value)
    front = value.front
    writer.paragraph(
        Quiet(
            f"{front.authority}: {front.title}. Produced with bvduty from the self-assessment"
            f" as at {long_date(front.as_of)}."
        )
    )
    _footer(writer)
    _properties(document, value)
    _update_fields_on_open(document)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _section_heading(w: _Writer, key: str, title: str) -> None:
    w.heading(f"{w.num.section(key)}. {title}", 1, anchor=f"_bvSection{w.num.section(key)}")


def _front(w: _Writer, value: Paper) -> None:
    f = value.front
    w.paragraph(f.authority, style="Subtitle")
    w.paragraph(f.title, style="Title")
    schedule = "of Part 1 of Schedule 12A to the Local Government Act 1972"
    if f.exempt:
        w.paragraph(
            Bold("Not for publication"), f" by virtue of paragraph {f.exempt_paragraph} {schedule}."
        )
    contact: list[Line] = []
    if f.email:
        contact.append((Link(f.email, url=href(f"mailto:{f.email}")),))
    if f.phone:
        contact.append((f.phone,))
    if f.classification == "exempt":
        classification = f"Exempt: not for publication by virtue of paragraph {f.exempt_paragraph} "
        classification += schedule
    elif f.classification == "public":
        classification = "Public"
    else:
        classification = NOT_STATED
    status = label(_status_enum(f.status))
    if f.approved_by:
        status += f": approved by {f.approved_by}"
        if f.approved_on:
            status += f" on {long_date(f.approved_on)}"
    rows = [
        ("Committee", cell(not_stated(f.committee))),
        ("Date of meeting", cell(not_stated(long_date(f.meeting_date)))),
        ("Report of", cell(not_stated(f.report_of))),
        ("Author", cell(not_stated(f.author))),
        ("Contact", Cell(tuple(contact)) if contact else cell(NOT_STATED)),
        ("Wards affected", cell(not_stated(f.wards))),
        ("Classification", cell(classification)),
        ("Period", cell(f"{f.period}, as at {long_date(f.as_of)}")),
        ("Status", cell(status)),
        (
            "Appendices",
            cell(
                Link("A: Action plan", anchor=APPENDIX_A),
                "; ",
                Link("B: Evidence library", anchor=APPENDIX_B),
            ),
        ),
    ]
    table = w._grid(len(rows), 2, (1, 2.2), "Report details")
    for index, (name, content) in enumerate(rows):
        w._fill(table, index, [head(name), content])
    w.document.add_paragraph()
    entries = [
        (f"{w.num.section(k)}. {SECTION_TITLES[k]}", f"_bvSection{w.num.section(k)}")
        for k in ("purpose", "recommendations", "summary")
    ]
    if value.movement:
        since = value.movement.since
        number = w.num.section("movement")
        entries.append((f"{number}. Movement since {since}", f"_bvSection{number}"))
    entries += [
        (f"{w.num.section(t.id)}. Theme {t.number}: {t.title}", f"_bvSection{w.num.section(t.id)}")
        for t in value.themes
    ]
    entries += [
        (f"{w.num.section(k)}. {SECTION_TITLES[k]}", f"_bvSection{w.num.section(k)}")
        for k in ("gaps", "implications", "background")
    ]
    entries += [
        ("Appendix A: Action plan", APPENDIX_A),
        ("Appendix B: Evidence library", APPENDIX_B),
    ]
    w.contents(entries)


def _status_enum(status: str) -> object:
    from bvduty.model import AssessmentStatus

    return AssessmentStatus(status)


def _purpose(w: _Writer, value: Paper) -> None:
    f, s = value.front, value.summary
    _section_heading(w, "purpose", SECTION_TITLES["purpose"])
    w.numbered("purpose", not_stated(f.purpose))
    w.numbered(
        "purpose",
        f"This report presents the {f.title} of {f.authority} for {f.period}, as at"
        f" {long_date(f.as_of)}. It covers {s.themes_covered} of the"
        f" {plural(s.themes, 'theme')} of {value.framework_title}.",
    )


def _recommendations(w: _Writer, value: Paper) -> None:
    _section_heading(w, "recommendations", SECTION_TITLES["recommendations"])
    for recommendation in value.front.recommendations or (NOT_STATED,):
        w.numbered("recommendations", recommendation)


def _is(count: int) -> str:
    return "is" if count == 1 else "are"


def _summary(w: _Writer, value: Paper) -> None:
    s, when = value.summary, long_date(value.as_of)
    _section_heading(w, "summary", SECTION_TITLES["summary"])
    see = f", and {plural(s.see, 'cross-reference')} to cells in other themes" if s.see else ""
    w.numbered(
        "summary",
        f"The heatmap has {plural(s.cells, 'cell')} in {plural(s.themes_covered, 'theme')}{see}."
        f" As at {when}, {s.rated} {_is(s.rated)} rated: {s.at_or_above} at or above target and"
        f" {s.below_target} below target; {s.unrated} {_is(s.unrated)} not yet rated.",
    )
    counts = ", ".join(f"{c.count} {c.level.label}" for c in s.level_counts)
    w.numbered("summary", f"Ratings of the rated cells: {counts}.")
    first, last = w.num.section(value.themes[0].id), w.num.section(value.themes[-1].id)
    w.numbered(
        "summary",
        "Figure 1 shows the heatmap; the table after it gives the same information."
        f" Sections {first} to {last} show each theme's cells with their names and targets.",
    )
    _heatmap(w, value.heatmap, f"Heatmap of the {value.front.title}")
    w.caption(
        f"Figure 1: heatmap of the {value.front.title}. Each cell shows its id and a mark for its"
        f" rating: {_key_words(value.heatmap)}"
    )
    _heat_table(w, value)
    w.numbered(
        "summary",
        f"The gap analysis (section {w.num.section('gaps')}) finds {plural(s.gaps, 'gap')}:"
        f" {s.high} of high, {s.medium} of medium and {s.low} of low severity.",
    )
    w.table(
        "Gaps by type",
        [head("Gap"), Cell((("Count",),), bold=True, right=True), head("Meaning")],
        (
            [cell(label(c.code)), cell(str(c.count), right=True), cell(GAP_MEANINGS[c.code])]
            for c in s.gap_counts
        ),
        (2, 1, 5),
    )
    overdue = (
        f"{plural(len(s.overdue), 'action')} {_is(len(s.overdue))} overdue at {when}."
        if s.overdue
        else f"No action is overdue at {when}."
    )
    w.numbered(
        "summary",
        f"The action plan at Appendix A holds {plural(s.actions, 'action')}: {s.open_actions}"
        f" open, {s.done_actions} done and {s.cancelled_actions} cancelled. {overdue}",
    )
    if s.overdue:
        w.table(
            f"Overdue actions at {when}",
            [
                head("Action"),
                head("Owner"),
                head("Due"),
                Cell((("Days overdue",),), bold=True, right=True),
                head("Status"),
            ],
            (
                [
                    cell(Bold(a.id), " ", a.title),
                    cell(a.owner),
                    cell(short_date(a.due) or ""),
                    cell(str(a.days_overdue), right=True),
                    cell(label(a.status)),
                ]
                for a in s.overdue
            ),
            (5, 3, 1.8, 1.4, 1.8),
            row_headers=False,
        )


def _level(level: Level | None) -> Cell:
    """A rating in words on its level's colour; "Not rated" on grey with a dashed border."""
    if level is None:
        return Cell((("Not rated",),), fill=NEUTRAL, dashed=True)
    return Cell(((Bold(level.label),),), fill=level.colour or NEUTRAL)


def _movement(w: _Writer, value: Paper) -> None:
    m = value.movement
    if m is None:
        return
    _section_heading(w, "movement", f"Movement since {m.since}")
    w.numbered("movement", m.summary)
    for note in m.notes:
        w.numbered("movement", note)
    if m.ratings:
        w.table(
            f"Ratings that moved since {m.since}",
            [head(h) for h in ("Cell", "Theme", "Was", "Now", "Movement")],
            (
                [
                    cell(f"{r.id} {r.title}"),
                    cell(f"{r.theme_number} {r.theme_title}"),
                    _level(r.before),
                    _level(r.after),
                    cell(f"{r.arrow} {r.words}"),
                ]
                for r in m.ratings
            ),
            (3.4, 2.6, 2.2, 2.2, 3),
        )
    else:
        w.numbered("movement", "No rating changed.")
    if m.actions:
        w.table(
            f"Action plan changes since {m.since}",
            [head(h) for h in ("Action", "Owner", "Change", "Due before", "Due now")],
            (
                [
                    cell(f"{a.id} {a.title}"),
                    cell(a.owner),
                    cell(f"{a.mark} {label(a.change)}"),
                    cell(short_date(a.due_before) or ""),
                    cell(short_date(a.due_after) or ""),
                ]
                for a in m.actions
            ),
            (5, 3, 2, 1.8, 1.8),
        )
    else:
        w.numbered("movement", "No action was added, removed, completed, reopened or slipped.")
    w.table(
        "Gaps before and now",
        [
            head("Gap"),
            Cell((("Before",),), bold=True, right=True),
            Cell((("Now",),), bold=True, right=True),
        ],
        (
            [cell(label(g.code)), cell(str(g.before), right=True), cell(str(g.after), right=True)]
            for g in m.gaps
        ),
        (4, 1.2, 1.2),
    )


def _key_words(heatmap: Heatmap) -> str:
    marks = heatmap.marks()
    levels = "; ".join(f"{marks[lv.id]} {lv.label}" for lv in reversed(heatmap.scale))
    return f"{levels}; -- not rated; ▼ below target; → a cross-reference."


def _heat_cell(heatmap: Heatmap, c: HeatCell) -> Cell:
    """One heatmap cell: its level's fill AND its id and mark in text (WCAG 1.4.1)."""
    if c.see is not None:
        return Cell(((Bold(c.id),), (f"→ {c.see}",)), fill=NEUTRAL)
    if c.rating is None:
        return Cell(((Bold(c.id),), ("--",)), fill=NEUTRAL, dashed=True)
    level = heatmap.level(c.rating)
    mark = heatmap.marks()[c.rating] + (" ▼" if c.below_target else "")
    return Cell(((Bold(c.id),), (mark,)), fill=level.colour or NEUTRAL)


def _heatmap(w: _Writer, heatmap: Heatmap, title: str) -> None:
    """The heatmap as a table: a row of up to six shaded cells per line, the theme beside them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines: list[tuple[str, list[Cell] | str]] = []
    for row in heatmap.themes:
        name = f"{row.number} {row.title}"
        if not row.cells:
            lines.append((name, "no file assesses this theme" if not row.covered else "no cells"))
            continue
        shown = [_heat_cell(heatmap, c) for c in row.cells]
        for start in range(0, len(shown), PER_ROW):
            lines.append((name if start == 0 else "", shown[start : start + PER_ROW]))
    table = w._grid(len(lines) + 1, PER_ROW + 1, (3.4,) + (1.0,) * PER_ROW, title)
    w._fill(table, 0, [head("Theme"), head("Cells: id and rating mark"), *[cell()] * 5], True)
    header = table.rows[0].cells
    header[1].merge(header[PER_ROW])
    span_start = 1
    for index, (name, cells) in enumerate(lines, start=1):
        row_cells = table.rows[index].cells
        if isinstance(cells, str):
            w._fill(table, index, [head(name), cell(cells), *[cell()] * (PER_ROW - 1)])
            row_cells[1].merge(row_cells[PER_ROW])
            span_start = index + 1
            continue
        padding = [cell()] * (PER_ROW - len(cells))
        w._fill(table, index, [head(name), *cells, *padding])
        for empty in row_cells[1 + len(cells) :]:
            _borders(empty, "nil")
        for target in row_cells[1 : 1 + len(cells)]:
            for paragraph in target.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ends_theme = index == len(lines) or lines[index][0] != ""
        if ends_theme:
            if index > span_start:
                table.cell(span_start, 0).merge(table.cell(index, 0))
            span_start = index + 1
    w.paragraph(*_key(heatmap), style="Table Text")


def _key(heatmap: Heatmap) -> list[Part]:
    marks = heatmap.marks()
    parts: list[Part] = [Bold("Key: ")]
    for level in reversed(heatmap.scale):
        parts += [Mark(f" {marks[level.id]} ", level.colour or NEUTRAL), f" {level.label}; "]
    parts.append("-- not rated; ▼ below target; → a cross-reference to another cell.")
    return parts


def _level_head(level: Level) -> Cell:
    return Cell(((level.label,),), fill=level.colour or NEUTRAL, bold=True)


def _heat_table(w: _Writer, value: Paper) -> None:
    see = bool(value.summary.see)
    header = [head("Theme"), *(_level_head(lv) for lv in value.scale), head("Not rated")]
    header.append(head("Below target"))
    if see:
        header.append(head("Cross-references"))
    rows = []
    for row in value.heat_rows:
        cells = [cell(f"{row.number} {row.title}")]
        cells += [cell(", ".join(group.cells)) for group in row.levels]
        cells.append(cell(", ".join(row.unrated) if row.covered else "Theme not assessed"))
        cells.append(cell(", ".join(row.below_target)))
        if see:
            cells.append(cell(", ".join(f"{i} → {to}" for i, to in row.see)))
        rows.append(cells)
    # Columns wide enough for "Improvement" and "references" in bold 9pt on A4; ids wrap.
    widths = (2.25, *(2.25 for _ in value.scale), 1.4, 1.65) + ((2.0,) if see else ())
    table = w.table("Heatmap: cells by theme and rating", header, rows, widths)
    _tight(table)


def _rating(c: Any) -> Cell:
    return cell(f"See {c.see}") if c.see else _level(c.rating)


def _against(c: Any) -> Cell:
    if c.see:
        return cell("Cross-reference")
    if not c.rating:
        return cell("Not rated")
    if c.below_target:
        return cell(Bold(f"{plural(c.levels_below, 'level')} below"))
    return cell("At or above")


def _action_status(a: ActionLine) -> Cell:
    lines: list[Line] = []
    if a.overdue:
        lines.append((Bold(f"Overdue by {plural(a.days_overdue or 0, 'day')}"),))
    lines.append((label(a.status),))
    if a.completed_on:
        lines.append((Quiet(short_date(a.completed_on) or ""),))
    return Cell(tuple(lines))


def _findings(w: _Writer, items: Sequence[Any]) -> None:
    w.bullets(
        (item.text, *((" ", Quiet(f"({', '.join(item.criteria)})")) if item.criteria else ()))
        for item in items
    )


def _theme(w: _Writer, value: Paper, t: ThemeSection, figure: int) -> None:
    key = t.id
    _section_heading(w, key, f"Theme {t.number}: {t.title}")
    if not t.covered:
        w.numbered(key, "No file in this assessment covers this theme: it has not been assessed.")
    else:
        w.numbered(
            key,
            f"Lead officer: {not_stated(t.lead)}. Independent reviewer: {not_stated(t.reviewer)}.",
        )
        if t.summary:
            w.numbered(key, t.summary)
    w.heading(f"Theme {t.number} heatmap", 2)
    if t.cells:
        counts = ", ".join(f"{c.count} {c.level.label}" for c in t.level_counts)
        words = f"This theme has {plural(len(t.cells), 'cell')}" + (f": {counts}" if counts else "")
        if t.unrated:
            words += f"; {t.unrated} not rated"
        if t.see:
            words += f"; {plural(t.see, 'cross-reference')} to another theme"
        w.numbered(key, f"{words}. {t.below_target} {_is(t.below_target)} below target.")
        _heatmap(w, t.heatmap, f"Heatmap of theme {t.number}, {t.title}")
        w.caption(
            f"Figure {figure}: heatmap of theme {t.number}, {t.title}; the table below gives"
            " each cell's rating in words."
        )
        w.table(
            f"Theme {t.number} cells: rating against target",
            [head(h) for h in ("Cell", "Name", "Rating", "Target", "Against target", "Comment")],
            (
                [
                    cell(c.id),
                    cell(c.name),
                    _rating(c),
                    cell(c.target.label if c.target else ""),
                    _against(c),
                    cell(c.comment or ""),
                ]
                for c in t.cells
            ),
            (1.3, 3, 2.2, 1.6, 1.7, 4),
        )
    else:
        w.numbered(key, "This theme has no cells.")
    if t.description:
        w.heading(f"Theme {t.number}: description from the framework", 2)
        w.numbered(
            key,
            "The framework describes an authority that delivers best value in this theme as"
            " follows.",
        )
        w.bullets((line,) for line in t.description)
    if not t.covered:
        return
    w.heading(f"Theme {t.number} strengths", 2)
    if t.strengths:
        w.numbered(key, f"The self-assessment found {plural(len(t.strengths), 'strength')}:")
        _findings(w, t.strengths)
    else:
        w.numbered(key, "No strengths are recorded for this theme.")
    w.heading(f"Theme {t.number} areas for improvement", 2)
    if t.improvements:
        areas = plural(len(t.improvements), "area")
        w.numbered(key, f"The self-assessment found {areas} for improvement:")
        _findings(w, t.improvements)
    else:
        w.numbered(key, "No areas for improvement are recorded for this theme.")
    w.heading(f"Theme {t.number} next steps", 2)
    if t.actions:
        w.numbered(
            key,
            "The action plan (",
            Link("Appendix A", anchor=APPENDIX_A),
            f") has {plural(len(t.actions), 'action')} for this theme.",
        )
        w.table(
            f"Theme {t.number} actions",
            [head("Action"), head("Owner"), head("Due"), head("Status")],
            (
                [
                    cell(Bold(a.id), " ", a.title),
                    cell(a.owner),
                    cell(short_date(a.due) or ""),
                    _action_status(a),
                ]
                for a in t.actions
            ),
            (6, 3.2, 1.8, 2.4),
            row_headers=False,
        )
    else:
        w.numbered(key, "The action plan has no action for this theme.")


def _theme_name(number: int | None, title: str | None) -> str:
    return f"{number} {title}" if number else "None"


def _gaps(w: _Writer, value: Paper) -> None:
    when = long_date(value.as_of)
    _section_heading(w, "gaps", SECTION_TITLES["gaps"])
    if not value.gaps:
        w.numbered(
            "gaps",
            f"There are no gaps at {when}: every cell is rated, evidenced and at or above target,"
            " and no action is overdue.",
        )
        return
    w.numbered(
        "gaps",
        f"The table lists every gap at {when}, most severe first: cells below target, not rated"
        " or without evidence, cells below target that no open action addresses, overdue"
        " actions, and themes no file assesses.",
    )
    w.table(
        f"Gaps at {when}, most severe first",
        [head(h) for h in ("Severity", "Gap", "Theme", "Cell or action", "Detail")],
        (
            [
                cell(label(g.severity)),
                cell(label(g.code)),
                cell(_theme_name(g.theme_number, g.theme_title)),
                cell(g.id or ""),
                cell(g.message),
            ]
            for g in value.gaps
        ),
        (1.5, 2, 2.6, 1.6, 5),
        row_headers=False,
    )


def _implications(w: _Writer, value: Paper) -> None:
    _section_heading(w, "implications", SECTION_TITLES["implications"])
    for item in value.front.implications:
        w.numbered("implications", Bold(f"{item.heading}."), " ", not_stated(item.text))


def _background(w: _Writer, value: Paper) -> None:
    _section_heading(w, "background", SECTION_TITLES["background"])
    papers = value.front.background_papers
    if papers:
        w.numbered("background", "The background papers to this report are:")
        w.bullets((item,) for item in papers)
    else:
        w.numbered("background", NOT_STATED)
    if any(t.description for t in value.themes):
        source = value.framework_source or value.framework_title
        w.numbered(
            "background",
            f"Theme descriptions are quoted from {source}. {value.framework_licence or ''}",
        )


def _appendix_a(w: _Writer, value: Paper) -> None:
    when = long_date(value.as_of)
    w.heading("Appendix A: Action plan", 1, anchor=APPENDIX_A, new_page=True)
    if not value.actions:
        w.paragraph("The assessment has no actions.")
        return
    w.paragraph(
        "Every action in the plan, by theme and due date. Overdue means neither done nor"
        f" cancelled by {when}."
    )

    def action(a: ActionLine) -> Cell:
        lines: list[Line] = [(a.title,)]
        if a.progress:
            lines.append((Quiet(a.progress),))
        if a.criteria:
            lines.append((f"Cells: {', '.join(a.criteria)}",))
        return Cell(tuple(lines))

    w.table(
        f"Action plan at {when}",
        [head(h) for h in ("Id", "Action", "Theme", "Owner", "Due", "Priority", "Status")],
        (
            [
                cell(a.id),
                action(a),
                cell(_theme_name(a.theme_number, a.theme_title)),
                cell(a.owner),
                cell(short_date(a.due) or ""),
                cell(label(a.priority) if a.priority else ""),
                _action_status(a),
            ]
            for a in value.actions
        ),
        (1.1, 4.4, 2.6, 2.7, 1.7, 1.7, 2),
    )


def _appendix_b(w: _Writer, value: Paper) -> None:
    w.heading("Appendix B: Evidence library", 1, anchor=APPENDIX_B, new_page=True)
    if not value.evidence:
        w.paragraph("The assessment has no evidence library.")
        return
    w.paragraph("Every document in the evidence library, with the cells that cite it.")

    def document(title: str, ref: str | None) -> Cell:
        url = href(ref)
        if url is not None:
            return cell(Link(title, url=url))
        if ref:
            return Cell(((title,), (Quiet(f"Reference (not a link): {ref}"),)))
        return cell(title)

    w.table(
        "Evidence library",
        [head(h) for h in ("Id", "Document", "Date", "Owner", "Cited by")],
        (
            [
                cell(e.id),
                document(e.title, e.ref),
                cell(short_date(e.date) or ""),
                cell(e.owner or ""),
                cell(", ".join(e.cited_by) if e.cited_by else "None"),
            ]
            for e in value.evidence
        ),
        (1.1, 6, 1.8, 2.6, 2.4),
    )


# --- the page, the properties and the settings -------------------------------------------------


def _footer(w: _Writer) -> None:
    """ "Page N of M" on the right of every footer that has no page number of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in w.document.sections:
        footer = section.footer
        if "PAGE" in "".join(footer._element.itertext()) or any(
            "PAGE" in (e.get(_qn("w:instr")) or "")
            for e in footer._element.iter(_qn("w:fldSimple"))
        ):
            continue
        paragraph = footer.add_paragraph()
        w.style(paragraph, "Footer")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run("Page ")
        w.field(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        w.field(paragraph, "NUMPAGES", "1")


def _properties(document: Document, value: Paper) -> None:
    """File > Info: title, author, subject, keywords, language; dated the assessment's as_of.

    Why not today's date: the same assessment gives the same document, whenever it is built.
    """
    f = value.front
    properties = document.core_properties
    properties.title = text(f.title)
    properties.author = text(f.author or f.authority)
    properties.last_modified_by = "bvduty"
    committee = f" to {f.committee}" if f.committee else ""
    meeting = f", {long_date(f.meeting_date)}" if f.meeting_date else ""
    properties.subject = text(f"{f.authority}: report{committee}{meeting}")
    properties.keywords = text(
        f"Best Value Duty; self-assessment; {f.authority}; {f.period}; committee report"
    )
    properties.category = "Committee report"
    properties.comments = text(f"Produced with bvduty from the self-assessment as at {f.as_of}.")
    properties.language = "en-GB"
    stamp = datetime.combine(f.as_of, time(), tzinfo=UTC)
    properties.created = properties.modified = stamp
    properties.revision = 1
    properties.content_status = label(_status_enum(f.status))
    properties.identifier = ""
    properties.version = ""


def _update_fields_on_open(document: Document) -> None:
    """Ask Word to update fields on opening, so the contents list gets its page numbers."""
    from docx.oxml import OxmlElement

    settings = document.settings.element
    existing = settings.find(_qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        _insert(settings, existing, _AFTER_UPDATE_FIELDS)
    existing.set(_qn("w:val"), "true")


__all__ = ["INSTALL_HINT", "paper", "text"]
