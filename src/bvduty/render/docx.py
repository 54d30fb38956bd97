"""The committee paper as an editable Word document (.docx), built with python-docx.

A writer of the `compose` document tree: the same sections, numbers and words as the Markdown
and HTML papers, because all three walk the same tree. Real Word structure: Title and Heading
1-3 styles (the navigation pane and the contents field use them), numbered paragraphs, tables
with header rows that repeat on every page, the heatmap as a table whose cells carry their
colour AND their id and mark in text, page numbers in the footer, and the document's title,
author, subject and language in its properties.

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
from datetime import UTC, date, datetime, time
from html import escape as escape_xml
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bvduty.analysis.heatmap import Cell as HeatCell
from bvduty.analysis.heatmap import Heatmap
from bvduty.analysis.paper import Paper
from bvduty.colours import NEUTRAL, text_on
from bvduty.compose import nodes as n
from bvduty.compose.paper import compose
from bvduty.errors import UsageError
from bvduty.install import hint as install_hint
from bvduty.links import href
from bvduty.textsafe import visible

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

INSTALL_HINT = "pip install 'bvduty[docx]'"
TABLE_STYLES = ("bvduty Table", "Table Grid")
_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
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
_AFTER_TC_NOWRAP = _AFTER_TC_SHD - {"noWrap"}


def text(value: object) -> str:
    """User text as the document shows it: one line, visible, and valid in XML."""
    folded = visible(_WHITESPACE.sub(" ", str(value)))  # edge spaces stay: " " joins runs
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", folded)


# --- inline content: what a paragraph or table cell holds -------------------------------------


@dataclass(frozen=True, slots=True)
class Bold:
    text: str


@dataclass(frozen=True, slots=True)
class Italic:
    text: str


@dataclass(frozen=True, slots=True)
class Quiet:
    """Secondary text (a source line), in grey."""

    text: str


@dataclass(frozen=True, slots=True)
class Link_:  # the document tree has its own Link
    """A hyperlink: `url` outside the document, or `anchor` (a bookmark) inside it."""

    text: str
    url: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """Text on a colour: a level's mark or label, or a status tag (`ink`: its text colour)."""

    text: str
    fill: str
    ink: str | None = None


Part = str | Bold | Italic | Quiet | Link_ | Mark
Line = tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its lines (each a paragraph), an optional level fill, bold for headers."""

    lines: tuple[Line, ...]
    fill: str | None = None
    bold: bool = False
    right: bool = False
    dashed: bool = False
    nowrap: bool = False  # ids and dates: never broken inside
    borderless: bool = False  # padding after the last heatmap cell of a theme
    centre: bool = False
    span: int = 1  # grid columns the cell spans (a heading over the heatmap's cells)


def cell(*parts: Part, fill: str | None = None, right: bool = False) -> Cell:
    return Cell((tuple(parts),), fill=fill, right=right)


def head(value: str) -> Cell:
    return Cell(((value,),), bold=True)


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
            "Heading 3",
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
        "Heading 3": 11.5,
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
    for name in ("Heading 1", "Heading 2", "Heading 3"):
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
            if isinstance(part, Link_):
                self.link(paragraph, part)
                continue
            if part == "\n":
                paragraph.add_run().add_break()
                continue
            value = part if isinstance(part, str) else part.text
            run = paragraph.add_run("\t" if value == "\t" else text(value))
            run.bold = isinstance(part, Bold | Mark) or None
            run.italic = isinstance(part, Italic) or None
            colour = ink
            if isinstance(part, Mark):
                colour = part.ink or text_on(part.fill)
            elif isinstance(part, Quiet) and colour is None:
                colour = GREY
            if colour is not None:
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
            if isinstance(part, Mark):
                _shade_run(run, part.fill)

    def link(self, paragraph: Paragraph, part: Link_) -> None:
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
        header: Sequence[Cell] | None,
        rows: Iterable[Sequence[Cell]],
        widths: Sequence[float],
        *,
        description: str | None = None,
        show_caption: bool = True,
    ) -> None:
        """A captioned data table whose header row repeats on every page it runs onto.

        Why XML text rather than python-docx's table API: that API adds each run, property
        and cell one element at a time (a heatmap of 10,000 characteristics took minutes);
        writing each table as one piece of WordprocessingML and parsing it once is linear
        and about ten times faster.
        """
        from docx.oxml import parse_xml

        if show_caption:
            self.caption(caption, keep_with_next=True)
        total = sum(widths)
        twips = [max(1, int(self.width * w / total / 635)) for w in widths]  # EMU -> twips
        grid = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
        style = escape_xml(self.styles.id(self.styles.table or "Table Grid"), quote=True)
        name = escape_xml(text(caption)[:250], quote=True)
        alt = f'<w:tblDescription w:val="{escape_xml(text(description)[:250], quote=True)}"/>'
        parts = [
            f"<w:tbl {_NS}><w:tblPr>",
            f'<w:tblStyle w:val="{style}"/><w:tblW w:w="0" w:type="auto"/>',
            '<w:tblLayout w:type="fixed"/>',
            f'<w:tblCellMar><w:left w:w="{CELL_SIDE_TWIPS}" w:type="dxa"/>'
            f'<w:right w:w="{CELL_SIDE_TWIPS}" w:type="dxa"/></w:tblCellMar>',
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
            ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>',
            f'<w:tblCaption w:val="{name}"/>{alt if description else ""}',
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        ]
        if header is not None:
            parts.append(self._row_xml(header, twips, header=True))
        parts += [self._row_xml(row, twips) for row in rows]
        parts.append("</w:tbl>")
        table = parse_xml("".join(parts))
        body = self.document.element.body
        sect = body.find(_qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(table)
        else:
            body.append(table)
        self.document.add_paragraph()  # Word needs a paragraph between adjacent tables

    def _row_xml(self, cells: Sequence[Cell], twips: Sequence[int], *, header: bool = False) -> str:
        head = "<w:tblHeader/>" if header else ""
        out = [f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>"]
        column = 0
        for content in cells:
            width = sum(twips[column : column + content.span])
            out.append(self._cell_xml(content, width))
            column += content.span
        if column != len(twips):
            raise ValueError(f"a row of {column} columns in a table of {len(twips)}")
        out.append("</w:tr>")
        return "".join(out)

    def _cell_xml(self, content: Cell, width: int) -> str:
        ink = text_on(content.fill) if content.fill else None
        properties = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if content.span > 1:
            properties.append(f'<w:gridSpan w:val="{content.span}"/>')
        if content.dashed or content.borderless:
            kind = "nil" if content.borderless else "dashed"
            extra = "" if kind == "nil" else ' w:sz="6" w:color="0B0C0C"'
            edges = "".join(
                f'<w:{side} w:val="{kind}"{extra}/>' for side in ("top", "left", "bottom", "right")
            )
            properties.append(f"<w:tcBorders>{edges}</w:tcBorders>")
        if content.fill:
            fill = content.fill.lstrip("#").upper()
            properties.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
        if content.nowrap:
            properties.append("<w:noWrap/>")
        style = self.styles.id("Table Text")
        align = ""
        if content.right:
            align = '<w:jc w:val="right"/>'
        elif content.centre:
            align = '<w:jc w:val="center"/>'
        paragraphs = []
        for line in content.lines or ((),):
            parts = [Bold(p) if content.bold and isinstance(p, str) else p for p in line]
            runs = "".join(self._run_xml(part, ink) for part in parts)
            paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr>{runs}</w:p>')
        return f"<w:tc><w:tcPr>{''.join(properties)}</w:tcPr>{''.join(paragraphs)}</w:tc>"

    def _run_xml(self, part: Part, ink: str | None) -> str:
        if part == "\n":
            return "<w:r><w:br/></w:r>"
        if isinstance(part, Link_):
            words = escape_xml(text(part.text))
            style = self.styles.id("Hyperlink")
            run = (
                f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:t xml:space="preserve">{words}</w:t></w:r>'
            )
            if part.url is not None:
                from docx.opc.constants import RELATIONSHIP_TYPE

                rid = self.document.part.relate_to(part.url, RELATIONSHIP_TYPE.HYPERLINK, True)
                return f'<w:hyperlink r:id="{rid}" w:history="1">{run}</w:hyperlink>'
            anchor = escape_xml(part.anchor or "", quote=True)
            return f'<w:hyperlink w:anchor="{anchor}" w:history="1">{run}</w:hyperlink>'
        value = part if isinstance(part, str) else part.text
        properties = ""
        if isinstance(part, Bold | Mark):
            properties += "<w:b/>"
        if isinstance(part, Italic):
            properties += "<w:i/>"
        colour = ink
        if isinstance(part, Mark):
            colour = part.ink or text_on(part.fill)
        elif isinstance(part, Quiet) and colour is None:
            colour = GREY
        if colour is not None:
            properties += f'<w:color w:val="{colour.lstrip("#").upper()}"/>'
        if isinstance(part, Mark):
            fill = part.fill.lstrip("#").upper()
            properties += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape_xml(text(value))}</w:t></w:r>'

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
            self.link(paragraph, Link_(words, anchor=anchor))
            if index == len(entries) - 1:
                self._field_end(paragraph)


def _insert(parent: BaseOxmlElement, child: BaseOxmlElement, after: frozenset[str]) -> None:
    """Put `child` before the first of `parent`'s children that the schema says come after."""
    for existing in parent:
        if existing.tag.rsplit("}", 1)[-1] in after:
            existing.addprevious(child)
            return
    parent.append(child)


def _shade_run(run: Any, colour: str) -> None:
    from docx.oxml import OxmlElement

    shading = OxmlElement("w:shd")
    shading.set(_qn("w:val"), "clear")
    shading.set(_qn("w:color"), "auto")
    shading.set(_qn("w:fill"), colour.lstrip("#").upper())
    _insert(run._r.get_or_add_rPr(), shading, _AFTER_R_SHD)


# --- the paper, section by section (the order and wording of paper.html.j2) ---------------------


# --- the document tree, node by node -------------------------------------------------------

TAG_COLOURS = {  # GOV.UK tag colours: (text, background)
    n.Tone.GREY: ("282D30", "E5E6E7"),
    n.Tone.BLUE: ("0C2D4A", "BBD4EA"),
    n.Tone.GREEN: ("005A30", "CCE2D8"),
    n.Tone.RED: ("2A0B06", "F4CDC6"),
    n.Tone.YELLOW: ("594D00", "FFF7BF"),
}
TABLE_POINTS = 9.5  # the "Table Text" style's size
CHAR_CM = 0.19  # average character width at that size (bold Arial: "improvement" is 2.1 cm)
# Each side of a cell: 0.13 cm, narrower than Word's 0.19 cm, so that a wide table's words fit.
CELL_SIDE_TWIPS = 72
CELL_MARGINS_CM = 0.4  # both side margins of a cell, with room for a border


def paper(value: Paper, *, reference: Path | None = None) -> bytes:
    """The paper as .docx bytes; `reference` is a council's Word template to build on.

    Raises:
        UsageError: python-docx is not installed, or `reference` cannot be read as Word.
    """
    return write(compose(value), reference=reference)


def write(doc: n.Document, *, reference: Path | None = None) -> bytes:
    """Any composed document as .docx bytes, byte-identical for the same document."""
    document = _open(reference)
    styles = _Styles(document, house=reference is None)
    writer = _Writer(document, styles)
    writer.paragraph(doc.kicker, style="Subtitle")
    writer.paragraph(doc.title, style="Title")
    for block in doc.header:
        _block(writer, block)
    writer.contents([(s.heading, _bookmark(s.id)) for s in doc.all_sections()])
    for section in doc.all_sections():
        _section(writer, section, 1)
    writer.paragraph(*_parts(doc.closing, quiet=True))
    _footer(writer)
    _properties(document, doc)
    _update_fields_on_open(document)
    output = io.BytesIO()
    document.save(output)
    return _fixed_zip_times(output.getvalue(), doc.meta.dated)


def _bookmark(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and underscores, at most 40."""
    return ("_bv" + re.sub(r"[^A-Za-z0-9]", "_", anchor))[:40]


def _section(w: _Writer, node: n.Section, level: int) -> None:
    w.heading(node.heading, min(level, 3), anchor=_bookmark(node.id), new_page=node.new_page)
    for block in node.blocks:
        _block(w, block)
    for child in node.children:
        _section(w, child, level + 1)


def _block(w: _Writer, node: n.Block) -> None:
    if isinstance(node, n.Paragraph):
        parts = _parts(node.content, quiet=node.quiet)
        if node.number is not None:
            w.paragraph(Bold(node.number), "\t", *parts, style="Numbered Paragraph")
        else:
            w.paragraph(*parts)
    elif isinstance(node, n.Bullets):
        w.bullets(tuple(_parts(item)) for item in node.items)
    elif isinstance(node, n.Table):
        _table(w, node)
    elif isinstance(node, n.Figure):
        _figure(w, node)
    elif isinstance(node, n.Details):
        rows = [[head(name), Cell((tuple(_parts(value)),))] for name, value in node.rows]
        w.table("Report details", None, rows, (1.0, 2.2), show_caption=False)
    elif isinstance(node, n.Notice):
        w.paragraph(*_parts(node.content))


def _parts(content: n.Inlines, *, quiet: bool = False) -> list[Part]:
    """Inline nodes as the writer's parts: runs, links, marks on a colour, line breaks."""
    parts: list[Part] = []
    for item in content:
        if isinstance(item, n.Break):
            parts.append("\n")
        elif isinstance(item, n.Link):
            if item.target.startswith("#"):
                parts.append(Link_(item.text, anchor=_bookmark(item.target[1:])))
            else:
                parts.append(Link_(item.text, url=href(item.target)))
        elif isinstance(item, n.Run):
            if item.strong:
                parts.append(Bold(item.text))
            elif quiet or item.emphasis:
                parts.append(Quiet(item.text) if quiet else Italic(item.text))
            else:
                parts.append(item.text)
        elif isinstance(item, n.Tag):
            ink, fill = TAG_COLOURS[item.tone]
            parts.append(Mark(item.text, "#" + fill, ink="#" + ink))
        elif isinstance(item, n.Swatch):
            parts.append(Mark(item.text, item.colour or NEUTRAL))
    return parts


def _widths(node: n.Table) -> list[float]:
    """Column shares, widened so that no word is broken and no id or date wraps.

    Why: Word breaks a word that does not fit its column ("A10/1", "assess/ed"); a column is
    therefore at least as wide as its longest word, or its longest id or date whole.
    """
    wanted = [column.width for column in node.columns]
    minimum = []
    for index, column in enumerate(node.columns):
        texts = [column.title] + [line for row in node.rows for line in _lines(row[index].content)]
        if column.kind in (n.Kind.ID, n.Kind.DATE, n.Kind.NUMBER):
            longest = max((len(t) for t in texts[1:]), default=0)
            longest = max(longest, *(len(word) for word in column.title.split()))
        else:
            longest = max((len(word) for t in texts for word in t.split()), default=0)
        minimum.append(min(longest, 40) * CHAR_CM + CELL_MARGINS_CM)
    return [max(share, low) for share, low in zip(wanted, minimum, strict=True)]


def _lines(content: n.Inlines) -> list[str]:
    """A cell's text line by line (a date with a note under it is measured line by line)."""
    lines = [""]
    for part in content:
        if isinstance(part, n.Break):
            lines.append("")
        else:
            lines[-1] += part.text
    return lines


def _table(w: _Writer, node: n.Table) -> None:
    header = [
        Cell(((Bold(column.title),),), fill=column.fill, right=column.kind is n.Kind.NUMBER)
        for column in node.columns
    ]
    rows = []
    for row in node.rows:
        cells = []
        for index, (content, column) in enumerate(zip(row, node.columns, strict=True)):
            parts = tuple(_parts(content.content))
            if node.row_headers and index == 0:
                parts = tuple(Bold(p) if isinstance(p, str) and p != "\n" else p for p in parts)
            cells.append(
                Cell(
                    (parts,),
                    fill=content.fill,
                    right=column.kind is n.Kind.NUMBER,
                    nowrap=column.kind in (n.Kind.ID, n.Kind.DATE),
                )
            )
        rows.append(cells)
    w.table(node.caption, header, rows, _min_widths(w, node))


def _min_widths(w: _Writer, node: n.Table) -> list[float]:
    """Shares of the page width that honour every column's minimum in centimetres."""
    from docx.shared import Cm

    page_cm = w.width / Cm(1)
    wanted = [column.width for column in node.columns]
    total = sum(wanted)
    minimum = _widths(node)
    shares = [max(share / total * page_cm, low) for share, low in zip(wanted, minimum, strict=True)]
    spare = page_cm - sum(shares)
    if spare < 0:  # take the excess from the columns above their minimum, in proportion
        slack = [s - m for s, m in zip(shares, minimum, strict=True)]
        room = sum(slack) or 1.0
        shares = [s + spare * (sl / room) for s, sl in zip(shares, slack, strict=True)]
    return shares


def _chart(w: _Writer, node: n.Figure, picture: n.ChartPicture) -> None:
    """An indicator's chart as a PNG picture with its text alternative (Word's alt text), or
    that text alone when matplotlib is not installed; its caption follows it."""
    from bvduty.render import charts

    if not charts.available():
        w.paragraph(Quiet(node.alt))
    else:
        from docx.shared import Cm

        paragraph = w.paragraph()
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(charts.png(picture)), width=Cm(16))
        properties = shape._inline.docPr
        properties.set("descr", text(node.alt))
        properties.set("title", text(node.caption))
    w.caption(node.caption)


def _figure(w: _Writer, node: n.Figure) -> None:
    picture = node.picture
    if isinstance(picture, n.ChartPicture):
        _chart(w, node, picture)
    else:
        _heatmap(w, picture, node.caption, node.alt)
    key: list[Part] = [Bold("Key: ")]
    for index, entry in enumerate(node.key):
        end = "." if index == len(node.key) - 1 else "; "
        key += [Mark(f" {entry.mark} ", entry.colour or NEUTRAL), f" {entry.meaning}{end}"]
    w.paragraph(*key, style="Table Text")


def _heat_cell(heatmap: Heatmap, c: HeatCell, moved: str) -> Cell:
    """One heatmap cell: its level's fill AND its id and mark in text (WCAG 1.4.1)."""
    extra = f" {moved}" if moved else ""
    if c.see is not None:
        return Cell(((Bold(c.id),), (f"→ {c.see}",)), fill=NEUTRAL, centre=True)
    if c.rating is None:
        return Cell(((Bold(c.id),), (f"--{extra}",)), fill=NEUTRAL, dashed=True, centre=True)
    level = heatmap.level(c.rating)
    mark = heatmap.marks()[c.rating] + (" ▼" if c.below_target else "") + extra
    return Cell(((Bold(c.id),), (mark,)), fill=level.colour or NEUTRAL, centre=True)


def _heatmap(w: _Writer, picture: n.HeatmapPicture, caption: str, alt: str) -> None:
    """The heatmap as a table: a row of up to six shaded cells per line, the theme beside them.

    No merged cells: Word's vertical merges cost time per merged row (and python-docx recurses
    through them), so a theme with thousands of characteristics would be slow or fail; the
    theme is named on its first line only.
    """
    heatmap = picture.heatmap
    rows: list[list[Cell]] = []
    for row in heatmap.themes:
        name = f"{row.number} {row.title}"
        if not row.cells:
            words = "no file covers this theme" if not row.covered else "none listed"
            rows.append([head(name), cell(words), *[Cell((), borderless=True)] * (PER_ROW - 1)])
            continue
        shown = [_heat_cell(heatmap, c, picture.movement.get(c.id, "")) for c in row.cells]
        for start in range(0, len(shown), PER_ROW):
            line = shown[start : start + PER_ROW]
            padding = [Cell((), borderless=True)] * (PER_ROW - len(line))
            rows.append([head(name if start == 0 else ""), *line, *padding])
    marks = Cell((((Bold("Characteristics, each with its id and rating mark")),),), span=PER_ROW)
    w.table(caption, [head("Theme"), marks], rows, (3.4,) + (1.0,) * PER_ROW, description=alt)


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


def _properties(document: Document, doc: n.Document) -> None:
    """File > Info: title, author, subject, keywords, language; dated the assessment's as_of.

    Why not today's date: the same assessment gives the same document, whenever it is built.
    """
    meta = doc.meta
    properties = document.core_properties
    properties.title = text(doc.title)
    properties.author = text(meta.author)
    properties.last_modified_by = "bvduty"
    properties.subject = text(meta.subject)
    properties.keywords = text("; ".join(meta.keywords))
    properties.category = "Committee report"
    properties.comments = text(meta.comments)
    properties.language = "en-GB"
    stamp = datetime.combine(meta.dated, time(), tzinfo=UTC)
    properties.created = properties.modified = stamp
    properties.revision = 1
    properties.content_status = text(meta.status)
    properties.identifier = ""
    properties.version = ""


def _fixed_zip_times(data: bytes, dated: date) -> bytes:
    """The package again with every entry dated `dated`, so two runs give identical bytes."""
    stamp = (dated.year, dated.month, dated.day, 0, 0, 0)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(item.filename))
    return output.getvalue()


def _update_fields_on_open(document: Document) -> None:
    """Ask Word to update fields on opening, so the contents list gets its page numbers."""
    from docx.oxml import OxmlElement

    settings = document.settings.element
    existing = settings.find(_qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        _insert(settings, existing, _AFTER_UPDATE_FIELDS)
    existing.set(_qn("w:val"), "true")


__all__ = ["INSTALL_HINT", "paper", "text", "write"]
