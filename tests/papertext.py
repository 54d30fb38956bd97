"""Read a committee paper back from each format as a reader meets it: headings, numbered
paragraphs and table captions, so that tests can compare the formats word for word."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any


def fold(text: str) -> str:
    return " ".join(text.split())


_VOID = frozenset({"br", "wbr", "img", "hr", "meta", "link", "input", "col"})


class _Html(HTMLParser):
    """Headings, numbered paragraphs and captions of an HTML paper, in reading order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.paragraphs: dict[str, str] = {}
        self.captions: list[str] = []
        self._kind: str | None = None
        self._depth = 0
        self._buffer: list[str] = []
        self._number: str | None = None
        self._in_number = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in _VOID:
            return
        if self._kind is not None:
            self._depth += 1
            if tag == "span" and "para-no" in classes:
                self._in_number = True
            return
        if tag in ("h1", "h2", "h3", "h4"):
            self._kind, self._depth, self._buffer = "heading", 1, []
        elif tag == "p" and "para" in classes:
            self._kind, self._depth, self._buffer, self._number = "para", 1, [], None
        elif tag == "caption":
            self._kind, self._depth, self._buffer = "caption", 1, []

    def handle_endtag(self, tag: str) -> None:
        if self._kind is None or tag in _VOID:
            return
        if self._in_number and tag == "span":
            self._in_number = False
        self._depth -= 1
        if self._depth:
            return
        words = fold("".join(self._buffer))
        if self._kind == "heading":
            self.headings.append(words)
        elif self._kind == "para" and self._number:
            self.paragraphs[self._number] = words
        elif self._kind == "caption":
            self.captions.append(words)
        self._kind = None

    def handle_data(self, data: str) -> None:
        if self._kind is None:
            return
        if self._in_number:
            self._number = data.strip()
        else:
            self._buffer.append(data)


def html_parts(page: str) -> tuple[list[str], dict[str, str], list[str]]:
    """(headings, {number: paragraph}, captions) of an HTML paper."""
    parser = _Html()
    parser.feed(page)
    parser.close()
    return parser.headings, parser.paragraphs, parser.captions


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_LINK = re.compile(r"(?<!\\)\[(.*?)(?<!\\)\]\([^)\s]*\)")


def md_text(text: str) -> str:
    """Markdown inline text as words: links to their text, emphasis and escapes removed."""
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"(?<!\\)\*+", "", text)
    return fold(_MD_ESCAPE.sub(r"\1", text).replace("<br>", " "))


def md_parts(document: str) -> tuple[list[str], dict[str, str], list[str]]:
    """(headings, {number: paragraph}, captions) of a Markdown paper."""
    headings = [md_text(m) for m in re.findall(r"^#{1,6} (.*)$", document, re.M)]
    paragraphs = {
        m[0]: md_text(m[1]) for m in re.findall(r"^\*\*(\d+\.\d+)\*\* (.*)$", document, re.M)
    }
    captions = [md_text(m) for m in re.findall(r"^\*\*(Table \d+:.*)\*\*$", document, re.M)]
    return headings, paragraphs, captions


def docx_parts(data: bytes) -> tuple[list[str], dict[str, str], list[str]]:
    """(headings, {number: paragraph}, captions) of a Word paper, read with python-docx."""
    import docx

    document: Any = docx.Document(io.BytesIO(data))
    headings, paragraphs, captions = [], {}, []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        words = fold(paragraph.text)
        if style == "Title" or style.startswith("Heading"):
            headings.append(words)
        elif style == "Numbered Paragraph":
            number, _, rest = paragraph.text.partition("\t")
            paragraphs[number.strip()] = fold(rest)
        elif style == "Caption" and words.startswith("Table "):
            captions.append(words)
    return headings, paragraphs, captions


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, whitespace folded."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return fold(" ".join(page.extract_text() for page in reader.pages))
