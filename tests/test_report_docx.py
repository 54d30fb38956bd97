"""`bvduty report --format docx`: the Word paper, read back with python-docx.

The HTML paper is the reference: the Word paper must carry the same headings, numbered
paragraphs and table captions (compared with what an HTML parser finds in `html.paper` of the same
`Paper`), every heatmap cell with its colour AND its id and mark, and real Word structure
(heading styles, repeating header rows, a contents field, page-number fields, properties).
A council template built here (its own font, heading colour, header, page size and table style)
must survive as the base of the document.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bvduty import install
from bvduty.analysis.paper import Paper
from bvduty.cli import app
from bvduty.colours import NEUTRAL, text_on
from bvduty.core import paper as build
from bvduty.errors import UsageError
from bvduty.render import docx as render
from bvduty.render import html
from conftest import CASES, EXAMPLE, Overlay

docx = pytest.importorskip("docx", reason="python-docx is in the dev extra")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt, RGBColor  # noqa: E402

FOLDER = EXAMPLE / "example-borough-2024-25"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def fold(text: str) -> str:
    return " ".join(text.split())


def read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def example() -> Paper:
    return build(EXAMPLE, workers=1)


@pytest.fixture(scope="module")
def document(example: Paper) -> Any:
    return read(render.paper(example))


def styled(document: Any, *names: str) -> list[str]:
    return [fold(p.text) for p in document.paragraphs if p.style.name in names]


class _Html(HTMLParser):
    """What the HTML paper shows: h2/h3 headings, numbered paragraphs and table captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {"h2": [], "h3": [], "para": [], "caption": []}
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "para" if tag == "p" and ("class", "para") in attrs else tag
        if kind in self.found:
            self._open.append((kind, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":  # the paragraph number, which Word separates by a tab
            self.handle_data(" ")
        if self._open and (
            self._open[-1][0] == tag or (tag == "p" and self._open[-1][0] == "para")
        ):
            kind, parts = self._open.pop()
            self.found[kind].append(fold("".join(parts)))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    @classmethod
    def of(cls, document: str) -> dict[str, list[str]]:
        parser = cls()
        parser.feed(document)
        return parser.found


# --- the same paper as the HTML ---------------------------------------------------------------


def test_headings_match_the_html_paper_and_use_word_heading_styles(
    example: Paper, document: Any
) -> None:
    shown = _Html.of(html.paper(example))
    assert styled(document, "Heading 1") == [h for h in shown["h2"] if h != "Contents"]
    assert styled(document, "Heading 2") == shown["h3"]
    assert styled(document, "Title") == ["Best Value Duty self-assessment 2024/25"]
    assert styled(document, "Heading 1")[-2:] == [
        "Appendix A: Action plan",
        "Appendix B: Evidence library",
    ]


def test_numbered_paragraphs_match_the_html_paper_word_for_word(
    example: Paper, document: Any
) -> None:
    shown = _Html.of(html.paper(example))["para"]
    numbered = styled(document, "Numbered Paragraph")
    assert numbered == shown
    assert numbered[0].startswith("1.1 To present the Council's Best Value Duty")
    assert len(numbered) >= 60


def test_every_table_caption_of_the_html_paper_is_a_word_table(
    example: Paper, document: Any
) -> None:
    captions = _Html.of(html.paper(example))["caption"]
    titles = [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in document.tables]
    assert [t for t in titles if not t.startswith(("Heatmap of", "Report details"))] == captions
    visible_captions = [
        p for p in styled(document, "Caption") if not p.startswith(("Figure", "Key:"))
    ]
    assert visible_captions == captions


def test_the_paper_with_movement_has_its_section_too(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(FOLDER, before)
    shutil.copytree(FOLDER, after)
    theme = after / "themes" / "05-use-of-resources.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(
        re.sub(r"(id: R010\n(?:    .*\n)*?    rating: )amber", r"\1yellow", text),
        encoding="utf-8",
    )
    value = build(after, workers=1, compare=str(before))
    assert value.movement is not None and value.movement.ratings
    document = read(render.paper(value))
    shown = _Html.of(html.paper(value))
    assert styled(document, "Heading 1") == [h for h in shown["h2"] if h != "Contents"]
    assert styled(document, "Numbered Paragraph") == shown["para"]
    assert "4. Movement since" in styled(document, "Heading 1")[3]


# --- the heatmap: colour and text in every cell -----------------------------------------------


def _cells(table: Any) -> Iterator[Any]:
    """Each cell once (a merged cell appears in every row and column it spans)."""
    seen: list[Any] = []  # the elements themselves: ids of lxml proxies can be reused
    for row in table.rows:
        for cell in row.cells:
            if not any(cell._tc is other for other in seen):
                seen.append(cell._tc)
                yield cell


def _fill(cell: Any) -> str | None:
    shading = cell._tc.find(f"{W}tcPr/{W}shd")
    return None if shading is None else str(shading.get(qn("w:fill")))


def test_every_heatmap_cell_has_its_colour_and_its_id_and_mark_in_text(
    example: Paper, document: Any
) -> None:
    heatmap = example.heatmap
    marks = heatmap.marks()
    figure = document.tables[1]  # after the report details
    shown = {c.paragraphs[0].text: c for c in _cells(figure) if _fill(c)}
    cells = [c for row in heatmap.themes for c in row.cells]
    assert len(cells) == 61
    assert set(shown) == {c.id for c in cells}
    for c in cells:
        target = shown[c.id]
        if c.see is not None:
            fill, mark = NEUTRAL, f"→ {c.see}"
        elif c.rating is None:
            fill, mark = NEUTRAL, "--"
        else:
            fill = heatmap.level(c.rating).colour or NEUTRAL
            mark = marks[c.rating] + (" ▼" if c.below_target else "")
        assert _fill(target) == fill.lstrip("#").upper(), c.id
        assert target.paragraphs[1].text == mark, c.id
        ink = {run.font.color.rgb for p in target.paragraphs for run in p.runs}
        assert ink == {RGBColor.from_string(text_on(fill).lstrip("#"))}, c.id


def test_each_theme_has_its_own_heatmap_and_every_cell_id_appears_in_its_table(
    example: Paper, document: Any
) -> None:
    titles = [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in document.tables]
    for theme in example.themes:
        figure = document.tables[titles.index(f"Heatmap of theme {theme.number}, {theme.title}")]
        ids = {c.paragraphs[0].text for c in _cells(figure) if _fill(c)}
        assert ids == {c.id for c in theme.cells}
        listing = document.tables[
            titles.index(f"Theme {theme.number} cells: rating against target")
        ]
        assert [r.cells[0].text for r in listing.rows[1:]] == [c.id for c in theme.cells]


def test_ratings_in_the_cell_tables_are_words_on_the_level_colour(document: Any) -> None:
    titles = [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in document.tables]
    table = document.tables[titles.index("Theme 1 cells: rating against target")]
    row = next(r for r in table.rows if r.cells[0].text == "CI009")
    assert row.cells[2].text == "Significant improvement needed"
    assert _fill(row.cells[2]) == "F47738"
    assert row.cells[4].text == "2 levels below"


# --- Word structure -----------------------------------------------------------------------------


def test_header_rows_repeat_on_every_page_and_rows_do_not_split(document: Any) -> None:
    for table in document.tables[1:]:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    front = document.tables[0]._tbl.findall(f"{W}tr")
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in front)  # no header row


def test_front_matter_table(document: Any) -> None:
    rows = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert rows["Committee"] == "Standards and Audit Committee"
    assert rows["Date of meeting"] == "19 February 2025"
    assert rows["Report of"] == "Chief Executive"
    assert rows["Author"] == "Priya Lawson"
    assert rows["Contact"] == "priya.lawson@example.gov.uk\n01632 960 123"
    assert rows["Classification"] == "Public"
    assert rows["Period"] == "2024/25, as at 31 January 2025"
    assert rows["Appendices"] == "A: Action plan; B: Evidence library"
    assert styled(document, "Subtitle") == ["Example Borough Council"]


def test_links_point_where_the_html_paper_points(document: Any) -> None:
    urls = {link.url for p in _all_paragraphs(document) for link in p.hyperlinks if link.url}
    assert "mailto:priya.lawson@example.gov.uk" in urls
    assert "https://www.example.gov.uk/council/corporate-business-plan" in urls
    anchors = {
        link.fragment for p in _all_paragraphs(document) for link in p.hyperlinks if link.fragment
    }
    names = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors <= names  # every internal link has its bookmark
    assert {"_bvAppendixA", "_bvAppendixB"} <= anchors


def _all_paragraphs(document: Any) -> Iterator[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for cell in _cells(table):
            yield from cell.paragraphs


def test_contents_field_page_numbers_and_update_on_open(document: Any) -> None:
    codes = [fold(t.text) for t in document.element.body.iter(qn("w:instrText"))]
    assert codes[0] == r'TOC \o "1-1" \h \z \u'
    contents = styled(document, "TOC 1")
    assert contents == styled(document, "Heading 1")  # filled in before Word updates it
    footer = document.sections[0].footer._element
    assert [fold(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert "Page" in "".join(footer.itertext())
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_appendices_start_on_a_new_page(document: Any) -> None:
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    breaks = [p.text for p in headings if p.paragraph_format.page_break_before]
    assert breaks == ["Appendix A: Action plan", "Appendix B: Evidence library"]


def test_page_is_a4_and_properties_describe_the_paper(document: Any) -> None:
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    properties = document.core_properties
    assert properties.title == "Best Value Duty self-assessment 2024/25"
    assert properties.author == "Priya Lawson"
    assert properties.subject == (
        "Example Borough Council: report to Standards and Audit Committee, 19 February 2025"
    )
    assert "Best Value Duty" in properties.keywords and "2024/25" in properties.keywords
    assert properties.language == "en-GB"
    assert properties.created.date().isoformat() == "2025-01-31"  # as_of, not today


def test_bullets_are_a_real_list(document: Any) -> None:
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) > 20
    style = document.styles["List Bullet"].element
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    assert num_id in {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}


# --- a council's own template -------------------------------------------------------------------

HOUSE_FONT = "Georgia"
HOUSE_RED = "8B1A1A"
HOUSE_HEADER = "Testshire Borough Council: OFFICIAL"


def _template(tmp_path: Path, *, table_style: bool = False, dotx: bool = False) -> Path:
    """A council template: its own font, heading colour, header, footer, A5 page, body text;
    and no Heading 2 or List Bullet style, as templates saved by Word often lack."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm

    template = docx.Document()
    template.styles["Normal"].font.name = HOUSE_FONT
    template.styles["Normal"].font.size = Pt(12)
    template.styles["Heading 1"].font.color.rgb = RGBColor.from_string(HOUSE_RED)
    for name in ("Heading 2", "List Bullet"):
        template.styles.element.remove(template.styles[name].element)
    if table_style:
        style = template.styles.add_style("bvduty Table", WD_STYLE_TYPE.TABLE)
        style.base_style = template.styles["Table Grid"]
    section = template.sections[0]
    section.page_width, section.page_height = Cm(14.8), Cm(21)
    section.header.paragraphs[0].text = HOUSE_HEADER
    section.footer.paragraphs[0].text = "Testshire footer"
    template.add_paragraph("TEMPLATE BODY TEXT that the paper replaces")
    template.add_table(rows=1, cols=1).cell(0, 0).text = "TEMPLATE TABLE"
    output = io.BytesIO()
    template.save(output)
    data = output.getvalue()
    path = tmp_path / ("house.dotx" if dotx else "house.docx")
    if dotx:
        data = _as_template(data)
    path.write_bytes(data)
    return path


def _as_template(data: bytes) -> bytes:
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, content)
    return output.getvalue()


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_a_council_template_is_the_base(example: Paper, tmp_path: Path, dotx: bool) -> None:
    reference = _template(tmp_path, dotx=dotx)
    before = reference.read_bytes()
    document = read(render.paper(example, reference=reference))
    assert reference.read_bytes() == before  # the template is only read
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == (HOUSE_FONT, Pt(12))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor.from_string(HOUSE_RED)
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 14.8  # the council's page, not ours
    assert section.header.paragraphs[0].text == HOUSE_HEADER
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0] == "Testshire footer" and footer[-1].startswith("Page ")
    text = "\n".join(p.text for p in _all_paragraphs(document))
    assert "TEMPLATE BODY TEXT" not in text and "TEMPLATE TABLE" not in text
    assert styled(document, "Heading 1")[0] == "1. Purpose of the report"
    assert styled(document, "Heading 2") == styled(read(render.paper(example)), "Heading 2")
    assert len(styled(document, "List Bullet")) > 20
    style = document.styles["List Bullet"].element
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    assert num_id in {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}
    assert {t.style.name for t in document.tables} == {"Table Grid"}


def test_a_council_table_style_is_used_for_every_table(example: Paper, tmp_path: Path) -> None:
    document = read(render.paper(example, reference=_template(tmp_path, table_style=True)))
    assert {t.style.name for t in document.tables} == {"bvduty Table"}


def test_a_template_footer_with_its_own_page_number_is_left_alone(
    example: Paper, tmp_path: Path
) -> None:
    first = read(render.paper(example))
    output = io.BytesIO()
    first.save(output)
    reference = tmp_path / "numbered.docx"
    reference.write_bytes(output.getvalue())
    again = read(render.paper(example, reference=reference))
    footer = again.sections[0].footer._element
    assert [fold(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]


# --- hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain words", "plain words"),
        ("line\nbreak\r\n  again", "line break again"),
        ("\x1b[31mred\x00", "\\x1b[31mred\\x00"),
        ("\u202eevil", "\\u202eevil"),
        ("not xml \ufffe \uffff", "not xml \\ufffe \\uffff"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        (" edge ", " edge "),
    ],
)
def test_text_is_visible_and_valid_in_xml(value: str, shown: str) -> None:
    assert render.text(value) == shown
    document = docx.Document()
    document.add_paragraph(render.text(value))  # python-docx refuses XML-invalid text


def test_hostile_text_is_shown_literally_and_the_file_still_opens(
    make_assessment: Overlay,
) -> None:
    folder = make_assessment(overlay=CASES / "hostile")
    extra = folder / "themes" / "use-of-resources.yaml"
    text = extra.read_text(encoding="utf-8").replace(
        'reviewer: "Reviewer', 'reviewer: "Not XML \\uFFFE \\uFFFF: Reviewer'
    )
    extra.write_text(text, encoding="utf-8")
    value = build(folder, workers=1)
    document = read(render.paper(value))
    shown = "\n".join(p.text for p in _all_paragraphs(document))
    assert "Evil <script>alert('name')</script> & Co | {{ 7*7 }} Cyngor Sir Ynys Môn" in shown
    assert "Author \\u202eevil\\u202c \\x1b[31mred\\x1b[0m" in shown
    assert "Independent reviewer: Not XML \\ufffe \\uffff: Reviewer \\u202eweiver." in shown
    assert "العربية نص من اليمين إلى اليسار and 中文 and emoji 🏛️" in shown
    assert re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown) == []
    urls = {link.url for p in _all_paragraphs(document) for link in p.hyperlinks if link.url}
    assert not any(u.lower().startswith(("javascript", "data")) for u in urls)


# --- the command ---------------------------------------------------------------------------------


def test_report_writes_a_docx_with_output_and_nothing_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "paper.docx"
    code, out, err = run("report", str(EXAMPLE), "--format", "docx", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    assert styled(read(target.read_bytes()), "Heading 1")[0] == "1. Purpose of the report"


def test_report_with_a_reference_docx(tmp_path: Path) -> None:
    target = tmp_path / "paper.docx"
    reference = _template(tmp_path)
    code, _, err = run(
        "report", str(EXAMPLE), "-f", "docx", "-o", str(target), "--reference-docx", str(reference)
    )
    assert (code, err) == (0, "")
    assert read(target.read_bytes()).sections[0].header.paragraphs[0].text == HOUSE_HEADER


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "docx"), "--format docx writes a binary file: give --output FILE"),
        (("-f", "md", "--reference-docx", "x.docx"), "--reference-docx is for --format docx"),
        (("-f", "docx", "-o", "{tmp}/p.docx", "--template-dir", "{tmp}"), "--template-dir is for"),
        (("-f", "docx", "-o", "{tmp}/p.docx", "--reference-docx", "{tmp}/none.docx"), "none.docx"),
        (
            ("-f", "docx", "-o", "{tmp}/p.docx", "--reference-docx", "{tmp}/bad.docx"),
            "not a Word document (.docx or .dotx)",
        ),
    ],
)
def test_unusable_docx_options_exit_2_with_a_message(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    (tmp_path / "bad.docx").write_text("not a zip", encoding="utf-8")
    code, out, err = run("report", str(EXAMPLE), *(a.format(tmp=tmp_path) for a in args))
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "p.docx").exists()


def test_invalid_input_exits_1_with_positioned_problems(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    folder = make_assessment(files={"evidence.yaml": "bvduty: 1\nkind: evidence\nevidence: 3\n"})
    target = tmp_path / "paper.docx"
    code, out, err = run("report", str(folder), "-f", "docx", "-o", str(target))
    assert (code, out) == (1, "")
    assert "evidence.yaml:3:11: error[wrong-type]" in err
    assert not target.exists()


def test_without_python_docx_the_message_names_the_extra(
    example: Paper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setattr(install, "detect", lambda: install.Install("pip"))  # as from PyPI
    with pytest.raises(UsageError, match=re.escape("pip install 'bvduty[docx]'")):
        render.paper(example)
