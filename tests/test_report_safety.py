"""User text in the committee paper: shown exactly, never as markup, links or template code.

The hostile assessment (tests/cases/hostile/, over the base case) puts script tags, pipes,
newlines, Jinja syntax, bidi overrides, ANSI escapes, dangerous link schemes, very long words and
right-to-left text into every field the paper shows. The Markdown is parsed with markdown-it-py
(CommonMark plus GitHub's tables) and the HTML with the standard library's parser, and each
document is checked for what a reader's software would actually do with it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import BaseModel

from bvduty.analysis.heatmap import Heatmap
from bvduty.core import paper as build
from bvduty.links import href
from bvduty.render import html, markdown
from bvduty.render.markdown import md_escape, md_link
from conftest import CASES, Overlay

HOSTILE = CASES / "hostile"
HIDDEN = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# What a reader must see, literally, somewhere in the paper (after newlines fold to spaces).
SHOWN = [
    "Evil <script>alert('name')</script> & Co | {{ 7*7 }} Cyngor Sir Ynys Môn",
    "{{ 7*7 }} {% if true %}evaluated{% endif %} {# comment #}",
    "{% raw %}raw{% endraw %}",
    "Committee # Not a heading - not a list | a | b | > not a quote",
    "Officer `code` **bold** _em_ [link](javascript:alert(1))",
    "All wards &amp; &#x202E; &lt;b&gt; <!-- comment -->",
    "Purpose line one ## Heading injection * list injection 1. ordered injection",
    "![image](https://evil.example/x.png) and [a link](https://evil.example/)",
    "Green {{ 7*7 }} $x$ ~~strike~~",
    "Title <script>alert('cell')</script> | pipe",
    "Statement {{ 7*7 }} with newline | and pipe",
    "Improvement with newline - fake list item | fake | row |",
    "Departmental workforce plans </td></tr></table><h1>injected</h1>",
    "</table></section><script>alert('paper')</script>",
    "العربية نص من اليمين إلى اليسار and 中文 and emoji 🏛️",
    "Author \\u202eevil\\u202c \\x1b[31mred\\x1b[0m",  # the controls, shown as escapes
    "R<b>1</b>",
    "R|002",
]
ALLOWED_HREF = re.compile(r"^(https?://|mailto:|#)|^[^:/]*(/|$)", re.IGNORECASE)
SAFE_LINKS = {
    "https://www.example.gov.uk/ags?a=1&b=\"quoted\"'single'<x>(paren)|pipe",
    "evidence/Annual%20governance%20statement.pdf",
    "mailto:audit@example.gov.uk",
}


@pytest.fixture
def hostile(make_assessment: Overlay) -> tuple[str, str]:
    """The hostile assessment's paper as (Markdown, HTML)."""
    paper = build(make_assessment(overlay=HOSTILE), workers=1)
    return markdown.paper(paper), html.paper(paper)


# --- Markdown ---------------------------------------------------------------------------------


def _parse(document: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(document)


def _children(tokens: list[Token]) -> list[Token]:
    found = []
    for token in tokens:
        found.append(token)
        found.extend(_children(token.children or []))
    return found


def _visible_text(tokens: list[Token]) -> str:
    text = " ".join(t.content for t in _children(tokens) if t.type in {"text", "code_inline"})
    return " ".join(text.split())


def test_markdown_tables_keep_every_row_whole(hostile: tuple[str, str]) -> None:
    document = hostile[0]
    tokens = _parse(document)
    tables = 0
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        tables += 1
        end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
        rows: list[int] = []
        for inner in tokens[index:end]:
            if inner.type == "tr_open":
                rows.append(0)
            elif inner.type in {"th_open", "td_open"}:
                rows[-1] += 1
        assert len(set(rows)) == 1, f"table {tables} has rows of {sorted(set(rows))} cells"
        source_rows = token.map[1] - token.map[0] if token.map else 0
        assert source_rows == len(rows) + 1, "a row fell out of its table"  # +1: the |---| line
    assert tables >= 8


def test_markdown_shows_user_text_literally(hostile: tuple[str, str]) -> None:
    tokens = _parse(hostile[0])
    kinds = {t.type for t in _children(tokens)}
    assert not kinds & {"html_inline", "html_block", "image", "code_block", "fence", "s_open"}
    headings = [t for t in tokens if t.type == "heading_open"]
    titles = [tokens[tokens.index(h) + 1].content for h in headings]
    assert sum(1 for h in headings if h.tag == "h1") == 1
    for title in titles:  # only the paper's own headings; no user text became one
        assert re.match(
            r"(Self-assessment|\d+\. |Theme \d|Appendix [A-E]:|Strengths$|Areas for improvement$"
            r"|Next steps in the action plan$|What the statutory guidance expects$)",
            title,
        ), title
    shown = _visible_text(tokens)
    for text in SHOWN:
        assert text in shown, text
    assert "49" not in shown


def test_markdown_links_only_where_allowed(hostile: tuple[str, str]) -> None:
    links = [t for t in _children(_parse(hostile[0])) if t.type == "link_open"]
    targets = {str(t.attrGet("href")) for t in links} - {"#appendix-a", "#appendix-b"}
    targets -= {"#appendix-c", "#appendix-d"}  # the paper's own links to its appendices
    for target in targets:
        assert ALLOWED_HREF.match(target), target
    readable = {unquote(t) for t in targets if not unquote(t).startswith('mailto:"')}
    assert readable == {unquote(t) for t in SAFE_LINKS}


# --- HTML -------------------------------------------------------------------------------------

SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "footer",
    "section", "h1", "h2", "h3", "h4", "p", "ul", "li", "dl", "dt", "dd", "a", "br", "wbr", "span",
    "em",
    "strong", "figure", "figcaption", "div", "table", "caption", "thead", "tbody", "tr", "th",
    "td", "svg", "g", "rect", "text", "tspan", "desc",
}  # fmt: skip


class _Audit(HTMLParser):
    """Tags, attributes, ids and the text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag not in {"meta", "br", "wbr", "rect"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"meta", "br", "wbr", "rect"}:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] not in {"style", "title", "desc"}:
            self.text.append(data)


def _audit(document: str) -> _Audit:
    audit = _Audit()
    audit.feed(document)
    audit.close()
    assert audit.stack == [], "unclosed elements"
    return audit


def test_html_user_text_never_becomes_markup(hostile: tuple[str, str]) -> None:
    audit = _audit(hostile[1])
    assert audit.tags <= SAFE_TAGS, audit.tags - SAFE_TAGS
    names = {name for _, name, _ in audit.attributes}
    assert not {n for n in names if n.startswith("on")}
    assert "src" not in names
    assert "<script" not in hostile[1].lower()
    assert hostile[1].count("<h1>") == 1
    shown = " ".join("".join(audit.text).split())
    for text in SHOWN:
        assert text in shown, text
    assert "49" not in shown


def test_html_links_only_where_allowed(hostile: tuple[str, str]) -> None:
    audit = _audit(hostile[1])
    targets = {value for tag, name, value in audit.attributes if name == "href"}
    external = {t for t in targets if not t.startswith("#")}
    assert external - {t for t in external if t.startswith('mailto:"')} == SAFE_LINKS
    for target in targets:
        assert ALLOWED_HREF.match(target), target


def test_html_ids_are_unique(hostile: tuple[str, str]) -> None:
    for document in (hostile[1], html.paper(build(CASES / "base", workers=1))):
        ids = [value for _, name, value in _audit(document).attributes if name == "id"]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("index", [0, 1])
def test_no_control_or_bidi_character_reaches_the_paper(
    hostile: tuple[str, str], index: int
) -> None:
    document = hostile[index]
    hidden = re.findall(HIDDEN, document)
    assert hidden == []
    assert "\\u202e" in document  # shown as an escape instead


# --- the escaping functions, as tables --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("# heading", "\\# heading"),
        ("  > quote", " \\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("= underline", "\\= underline"),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("1.5 million", "1.5 million"),
        ("a | b", "a \\| b"),
        ("line\nbreak\r\nagain", "line break again"),
        ("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>"),
        ("`*_[]~$", "\\`\\*\\_\\[\\]\\~\\$"),
        ("back\\slash", "back\\\\slash"),
        ("{{ 7*7 }}", "{{ 7\\*7 }}"),
        ("\u202eevil", "\\\\u202eevil"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


@pytest.mark.parametrize(
    ("ref", "target"),
    [
        ("https://example.gov.uk/a?b=1&c=2", "https://example.gov.uk/a?b=1&c=2"),
        ("HTTP://EXAMPLE.GOV.UK", "HTTP://EXAMPLE.GOV.UK"),
        ("mailto:a@example.gov.uk", "mailto:a@example.gov.uk"),
        ("evidence/ags 2024.pdf", "evidence/ags%202024.pdf"),
        ("../papers/report.pdf", "../papers/report.pdf"),
        ("/council/constitution", "/council/constitution"),
        ("report.pdf#page=3", "report.pdf#page=3"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("java&#x73;cript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:x", None),
        ("file:///etc/passwd", None),
        ("//evil.example/x", None),
        ("\\\\server\\share", None),
        ("https:", None),
        ("https://example.gov.uk/\u202efdp.exe", None),
        ("c:/windows", None),
        ("", None),
        (None, None),
    ],
)
def test_href(ref: str | None, target: str | None) -> None:
    assert href(ref) == target


def test_md_link_keeps_the_destination_whole() -> None:
    assert md_link("A [b] c", "https://x.gov.uk/a(b)|c d") == (
        "[A \\[b\\] c](https://x.gov.uk/a%28b%29%7Cc%20d)"
    )
    assert md_link("no link", "javascript:alert(1)") == "no link"


def _strings(value: object) -> Iterator[str]:
    """Every string held in a Paper value, field by field (a heatmap picture is left out: the
    SVG writer makes its own text visible)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Heatmap):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def test_paper_strings_are_made_visible_at_the_source(make_assessment: Overlay) -> None:
    """Every string in the Paper value is already safe to show, whatever a template does."""
    paper = build(make_assessment(overlay=HOSTILE), workers=1)
    strings = list(_strings((paper.front, paper.themes, paper.evidence)))
    assert [s for s in strings if re.search(HIDDEN, s)] == []
    # The walk reaches the fields that carry the hostile controls, shown as escapes.
    assert "Reviewer \\u202eweiver" in strings
    assert paper.front.author == "Author \\u202eevil\\u202c \\x1b[31mred\\x1b[0m"


def test_hostile_case_is_a_valid_assessment(make_assessment: Overlay) -> None:
    from bvduty.core import validate

    report = validate([make_assessment(overlay=HOSTILE)], workers=1)
    assert report.valid
    assert {p.code for p in report.problems} <= {"paper-incomplete", "missing-document"}
    # Only the refs that are paths to no file are warned about; no URL is looked at.
    missing = [p.message.split(":")[0] for p in report.problems if p.code == "missing-document"]
    assert missing == ["evidence E004", "evidence E007", "evidence E009", "evidence E011"]
