"""One paper, four writers: every numbered paragraph, heading and table caption says the same
words in Markdown, HTML, Word and PDF.

The words are written once (`compose.paper`); this reads each format back the way its reader
would (a Markdown parser's view, an HTML parser, python-docx, the PDF's extracted text) and
compares them, on the shipped example, on a paper with movement, and on hostile text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bvduty.analysis.paper import Paper
from bvduty.core import paper as build
from bvduty.render import html, markdown
from conftest import BASE, CASES, EXAMPLE
from papertext import docx_parts, fold, html_parts, md_parts, pdf_text

FOLDER = EXAMPLE / "example-borough-2024-25"


def _papers(tmp_path: Path, hostile: Path) -> dict[str, Paper]:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(FOLDER, before)
    shutil.copytree(FOLDER, after)
    theme = after / "themes" / "05-use-of-resources.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(
        re.sub(r"(id: R011\n(?:    .*\n)*?    rating: )amber", r"\1light-green", text), "utf-8"
    )
    return {
        "example": build(EXAMPLE, workers=1),
        "movement": build(after, workers=1, compare=str(before)),
        "hostile": build(hostile, workers=1),
    }


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Paper]:
    root = tmp_path_factory.mktemp("papers")
    hostile = root / "hostile"
    shutil.copytree(BASE, hostile)
    for source in (CASES / "hostile").rglob("*"):
        if source.is_file():
            target = hostile / source.relative_to(CASES / "hostile")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return _papers(root, hostile)


NAMES = ["example", "movement", "hostile"]


@pytest.mark.parametrize("name", NAMES)
def test_markdown_and_html_say_the_same_words(papers: dict[str, Paper], name: str) -> None:
    md = md_parts(markdown.paper(papers[name]))
    page = html_parts(html.paper(papers[name]))
    assert md[0] == [h for h in page[0] if h != "Contents"]  # headings
    assert md[1] == page[1]  # numbered paragraphs, by number
    assert md[2] == page[2]  # table captions
    assert len(md[1]) >= 15


@pytest.mark.parametrize("name", NAMES)
def test_word_says_the_same_words(papers: dict[str, Paper], name: str) -> None:
    pytest.importorskip("docx")
    from bvduty.render import docx

    word = docx_parts(docx.paper(papers[name]))
    md = md_parts(markdown.paper(papers[name]))
    assert word[0][1:] == md[0][1:]  # headings after the title (Word shows the title apart)
    assert word[1] == md[1]
    assert word[2] == md[2]


@pytest.mark.parametrize("name", ["example", "movement"])
def test_the_pdf_says_the_same_words(papers: dict[str, Paper], name: str) -> None:
    pytest.importorskip("weasyprint")
    pytest.importorskip("pypdf")
    from bvduty.render import pdf

    text = pdf_text(pdf.paper(papers[name]))
    _, paragraphs, captions = md_parts(markdown.paper(papers[name]))
    for number, words in paragraphs.items():
        assert fold(words) in text, number
    for caption in captions:
        assert caption in text


def test_a_change_of_words_in_one_place_shows_in_every_format(
    papers: dict[str, Paper], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above cannot pass by accident: change one title in the composer and every
    format follows."""
    from bvduty.compose import paper as composer

    monkeypatch.setitem(composer.TITLES, "background", "How this assessment was made")
    value = papers["example"]
    assert "3. How this assessment was made" in md_parts(markdown.paper(value))[0]
    assert "3. How this assessment was made" in html_parts(html.paper(value))[0]
