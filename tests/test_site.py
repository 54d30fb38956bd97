"""`bvduty site`: the example's website and a 20-authority sector site, crawled link by link.

Every href of every page is parsed: a relative one must name a file of the site and, with a
#fragment, an id on that page; nothing links outside but the council's own web addresses. The
Theme 5 page follows the seed page's order; user text is escaped; a `javascript:` reference
never becomes a link; two runs write the same bytes; fragments carry no chrome, style or script.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import BASE, CASES, EXAMPLE, ROOT, run

MAKE_CORPUS = ROOT / "benchmarks" / "make_corpus.py"
SECTOR_SIZE = 20
PAGES = [
    "action-plan.html",
    "evidence.html",
    "index.html",
    "methodology.html",
    *(f"theme-{n}.html" for n in range(1, 8)),
]


class _Page(HTMLParser):
    """The links, ids and tags of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    @property
    def text(self) -> str:
        """What a reader sees (tags gone, entities decoded, long words joined again)."""
        return "".join(self.words)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in {"href", "src"} and value is not None:
                self.links.append(value)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def crawl(root: Path) -> tuple[int, list[str], list[str]]:
    """(links checked, broken links, links leaving the site) of every page under `root`."""
    pages = {p: parse(p) for p in sorted(root.rglob("*.html"))}
    broken, outside, checked = [], [], 0
    for path, page in pages.items():
        for link in page.links:
            checked += 1
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                if parts.scheme not in {"http", "https", "mailto"}:
                    broken.append(f"{path.relative_to(root)}: {link} (scheme)")
                outside.append(link)
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file() or root.resolve() not in target.parents:
                broken.append(f"{path.relative_to(root)}: {link} (no such file)")
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(root)}: {link} (no such anchor)")
    return checked, broken, outside


def build(*args: str) -> None:
    code, _, err = run("site", "--quiet", *args)
    assert code == 0, err


def contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "example"
    build(str(EXAMPLE), "--output", str(out))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--authorities", str(SECTOR_SIZE), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def sector(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sector") / "site"
    build(str(corpus), "--output", str(out))
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("hostile") / "assessment"
    shutil.copytree(BASE, folder)
    shutil.copytree(CASES / "hostile", folder, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    build(str(folder), "--output", str(out))
    yield out


# --- what is written --------------------------------------------------------------------------


def test_the_example_has_every_page_and_its_files(example: Path) -> None:
    assert sorted(contents(example)) == sorted([*PAGES, "levels.css", "site.css", "site.js"])


def test_every_link_of_the_example_site_leads_somewhere(example: Path) -> None:
    checked, broken, outside = crawl(example)
    assert broken == []
    assert checked > 500
    assert all(link.startswith(("https://", "mailto:")) for link in outside), outside


def test_every_link_of_a_sector_site_leads_somewhere(sector: Path) -> None:
    folders = sorted(p.name for p in sector.iterdir() if p.is_dir())
    assert len(folders) == SECTOR_SIZE
    for folder in folders:
        assert sorted(p.name for p in (sector / folder).glob("*.html")) == PAGES
    checked, broken, outside = crawl(sector)
    assert broken == []
    assert checked > 10_000
    assert all(link.startswith("https://") for link in outside)  # the councils' own documents


def test_the_sector_matrix_links_each_authority_and_theme(sector: Path) -> None:
    page = parse(sector / "index.html")
    folders = sorted(p.name for p in sector.iterdir() if p.is_dir())
    for folder in folders:
        assert f"{folder}/index.html" in page.links
        for number in range(1, 8):
            assert f"{folder}/theme-{number}.html" in page.links
    assert "Find an authority" in (sector / "index.html").read_text("utf-8")
    # each authority's pages lead back up to the sector overview
    assert "../index.html" in parse(sector / folders[0] / "theme-5.html").links


def test_every_heatmap_cell_links_to_its_characteristic(example: Path) -> None:
    text = (example / "index.html").read_text("utf-8")
    cells = re.findall(r'<a class="heat-cell [^"]*" href="([^"]+)">', text)
    assert len(cells) == 61  # every cell of the example (60 rated and one cross-reference)
    assert "theme-5.html#c-R001" in cells
    # a cross-reference cell links to the characteristic it points at: G007 -> CI012
    assert re.search(r'href="theme-1.html#c-CI012"><span class="heat-id">G007</span>', text)
    theme1 = parse(example / "theme-1.html")
    assert "c-CI012" in theme1.ids
    # and each theme's row of the overview's heatmap leads to the theme's page
    assert '<p class="heat-theme"><a href="theme-5.html">5 Use of Resources</a></p>' in text


def test_theme_5_follows_the_seed_page_order(example: Path) -> None:
    """The seed page: heatmap, statutory description, findings, next steps in the action plan."""
    text = (example / "theme-5.html").read_text("utf-8")
    main = text[text.index("<main") :]
    marks = [
        "<h1>Theme 5: Use of Resources</h1>",
        '<h2 id="theme-5-heatmap">Self-assessment heatmap</h2>',
        '<a class="heat-cell',
        '<h2 id="theme-5-guidance">What the statutory guidance expects</h2>',
        "An authority must have in place and properly deploy an effective internal control",
        '<h2 id="theme-5-strengths">Strengths</h2>',
        "Robust systems were demonstrated to identify, report, address and regularly review",
        '<h2 id="theme-5-improvements">Areas for improvement</h2>',
        '<h2 id="theme-5-next-steps">Next steps in the action plan</h2>',
        # A19 serves L005 and R010: listed under Leadership in the plan, and said so here.
        "Through the self-assessment, 8 actions were identified to improve this theme (1 of"
        " them listed in the action plan under another theme it also serves).",
        'href="action-plan.html#action-A03"',
    ]
    places = [main.index(mark) for mark in marks]
    assert places == sorted(places)
    # findings link to the characteristics they speak to
    assert "Robust systems" in main and '<a href="theme-5.html#c-R006">R006</a>' in main


def test_the_words_are_the_papers(example: Path) -> None:
    """One more writer of the paper: a theme page says what the paper's Appendix A says."""
    from bvduty.core import paper
    from bvduty.render import html

    written = html.paper(paper(EXAMPLE, workers=1))
    page = (example / "theme-5.html").read_text("utf-8")
    for sentence in (
        "The statutory guidance describes an authority that delivers best value in this theme",
        "Lead officer: Section 151 Officer. Independent reviewer: Head of Internal Audit.",
    ):
        assert sentence in written and sentence in page


def test_the_action_plan_lists_by_theme_owner_and_status_without_script(example: Path) -> None:
    text = (example / "action-plan.html").read_text("utf-8")
    page = parse(example / "action-plan.html")
    assert {"plan", "by-theme", "by-owner", "by-status"} <= page.ids
    assert "by-status-in-progress" in page.ids and "by-theme-5" in page.ids
    rows = [i for i in page.ids if i.startswith("action-")]
    assert len(rows) == 22  # every action has a row to link to
    assert text.count('href="#action-A03"') == 3  # listed under its theme, owner and status
    assert '<script src="site.js" defer></script>' in text


def test_site_js_is_a_file_and_no_page_has_inline_script_or_style(example: Path) -> None:
    for name in PAGES:
        text = (example / name).read_text("utf-8")
        # (the indicator charts are SVG drawings, which carry their own drawing styles)
        outside_svg = re.sub(r"<svg.*?</svg>", "", text, flags=re.DOTALL)
        assert "<style" not in outside_svg and " style=" not in outside_svg, name
        assert re.findall(r"<script(?![^>]*\bsrc=)", text) == [], name
        assert "onclick" not in text and "javascript:" not in text, name


def test_the_methodology_comes_from_the_manifest(example: Path) -> None:
    text = parse(example / "methodology.html").text
    assert "Each theme's lead officer gathered the evidence and proposed ratings" in text
    assert "Who assessed each theme" in text and "Head of Internal Audit" in text
    assert "This self-assessment is as at 31 January 2025" in text


def test_two_runs_write_the_same_bytes(example: Path, tmp_path: Path) -> None:
    build(str(EXAMPLE), "--output", str(tmp_path / "again"))
    assert contents(tmp_path / "again") == contents(example)


def test_two_sector_runs_write_the_same_bytes(corpus: Path, sector: Path, tmp_path: Path) -> None:
    build(str(corpus), "--output", str(tmp_path / "again"), "--jobs", "2")
    assert contents(tmp_path / "again") == contents(sector)


# --- fragments --------------------------------------------------------------------------------


def test_fragments_are_content_alone(tmp_path: Path) -> None:
    build(str(EXAMPLE), "--output", str(tmp_path), "--fragments")
    assert sorted(contents(tmp_path)) == PAGES
    for name in PAGES:
        text = (tmp_path / name).read_text("utf-8")
        for banned in ("<style", "style=", "<script", "<html", "<head", "<body", "<nav"):
            assert banned not in text, (name, banned)
        assert text.startswith("<h1>")
    heat = (tmp_path / "theme-5.html").read_text("utf-8")
    # readable without the stylesheet: every cell says its level in words
    assert '<span class="heat-words">: Some improvement needed, below target</span>' in heat
    checked, broken, _ = crawl(tmp_path)
    assert broken == [] and checked > 400


# --- safety -----------------------------------------------------------------------------------


def test_hostile_text_is_shown_not_run(hostile: Path) -> None:
    for path in sorted(hostile.rglob("*.html")):
        text = path.read_text("utf-8")
        scripts = re.findall(r"<script[^>]*>", text)
        assert scripts in ([], ['<script src="site.js" defer>']), path.name
        assert "<h1>injected</h1>" not in text
        assert "javascript:" not in re.sub(r"&[^;]+;", "", "".join(parse(path).links))
    assert "Evil <script>alert('name')</script> & Co" in parse(hostile / "index.html").text
    plan = parse(hostile / "action-plan.html")
    assert "Departmental workforce plans </td></tr></table><h1>injected</h1>" in plan.text
    assert plan.tags.count("h1") == 1


def test_a_javascript_reference_is_named_not_linked(hostile: Path) -> None:
    page = parse(hostile / "evidence.html")
    assert not any("javascript" in link.lower() for link in page.links)
    assert "javascript:alert(document.cookie)" in page.text  # named, so that it can be seen


def test_an_owner_with_quotes_and_tags_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    shutil.copytree(BASE, folder)
    actions = folder / "actions.yaml"
    actions.write_text(
        actions.read_text("utf-8").replace(
            "owner: Head of HR", "owner: 'Head \"of\" <script>alert(1)</script> HR <u>x</u>'", 1
        ),
        encoding="utf-8",
    )
    build(str(folder), "--output", str(tmp_path / "site"))
    plan = (tmp_path / "site" / "action-plan.html").read_text("utf-8")
    assert "<script>alert(1)" not in plan
    page = parse(tmp_path / "site" / "action-plan.html")
    assert 'Head "of" <script>alert(1)</script> HR <u>x</u>' in page.text
    assert "u" not in page.tags
    assert "Head &#34;of&#34; &lt;script" in plan


def test_documents_beside_the_files_are_named_not_linked(tmp_path: Path) -> None:
    """A reference to a file beside the YAML is not on the website: named, never a dead link."""
    folder = tmp_path / "a"
    shutil.copytree(BASE, folder)
    shutil.copytree(CASES / "valid" / "action-register", folder, dirs_exist_ok=True)
    build(str(folder), "--output", str(tmp_path / "site"))
    checked, broken, _ = crawl(tmp_path / "site")
    assert broken == [] and checked > 100
    page = parse(tmp_path / "site" / "evidence.html")
    assert "(documents/annual governance statement.pdf)" in page.text
    assert "ask the Council for a copy" in page.text


# --- the command --------------------------------------------------------------------------------


def test_bad_input_is_reported_like_validate(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    shutil.copytree(BASE, folder)
    (folder / "actions.yaml").write_text(
        "bvduty: 1\nkind: actions\nactions:\n  - id: A01\n    titel: x\n", encoding="utf-8"
    )
    code, out, err = run("site", str(folder), "--output", str(tmp_path / "site"))
    assert code == 1
    assert re.search(r"actions\.yaml:5:5: error\[unknown-field\]", err), err
    assert "Traceback" not in err and out == ""
    assert not (tmp_path / "site").exists()


def test_the_site_is_never_written_inside_an_assessment(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    shutil.copytree(BASE, folder)
    before = contents(folder)
    code, _, err = run("site", str(folder), "--output", str(folder / "web"))
    assert code == 2
    assert "inside the assessment folder" in err and "Traceback" not in err
    assert contents(folder) == before


def test_compare_needs_one_assessment(corpus: Path, tmp_path: Path) -> None:
    code, _, err = run("site", str(corpus), "--compare", "HEAD", "--output", str(tmp_path))
    assert code == 2
    assert "--compare shows what moved in one assessment, and 20 were given" in err


def test_compare_marks_movement_on_the_overview(tmp_path: Path) -> None:
    build(str(EXAMPLE), "--compare", str(BASE), "--output", str(tmp_path))
    overview = (tmp_path / "index.html").read_text("utf-8")
    assert "improved since" in overview or "worsened since" in overview
    assert re.search(
        r'<span class="heat-words">: [^<]*, (improved|worsened|newly rated)<', overview
    )


def test_a_council_template_changes_the_page_not_the_words(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "site.html.j2").write_text(
        '{% extends "builtin/site.html.j2" %}'
        "{% block footer %}<p>Contact the Policy Team.</p>{% endblock %}",
        encoding="utf-8",
    )
    build(str(EXAMPLE), "--output", str(tmp_path / "site"), "--template-dir", str(templates))
    page = parse(tmp_path / "site" / "theme-5.html").text
    assert "Contact the Policy Team." in page
    assert "Published with bvduty" not in page
    assert "What the statutory guidance expects" in page


def test_a_broken_template_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "site.html.j2").write_text("<p>\n{{ content | nosuchfilter }}</p>", "utf-8")
    code, _, err = run("site", "--output", str(tmp_path / "out"), "--template-dir", str(tmp_path))
    assert code == 2
    assert "site.html.j2:2" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site.html"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("site", "--output", str(target))
    assert code == 2
    assert "it is a file; give a folder" in err
    assert target.read_text(encoding="utf-8") == "mine"


def test_standard_output_is_refused(tmp_path: Path) -> None:
    code, out, err = run("site", "--output", "-")
    assert (code, out) == (2, "")
    assert "a website is a folder of files: give --output FOLDER, not -" in err


def test_a_sector_of_unlike_assessments(tmp_path: Path) -> None:
    """Themes not covered, and assessments at different dates, read as such in the overview."""
    other = tmp_path / "other"
    shutil.copytree(BASE, other)
    manifest = other / "assessment.yaml"
    manifest.write_text(
        manifest.read_text("utf-8").replace("as_of: 2025-01-31", "as_of: 2025-03-31"), "utf-8"
    )
    build(str(EXAMPLE), str(other), "--output", str(tmp_path / "site"))
    page = parse(tmp_path / "site" / "index.html").text
    assert "2 authorities, as at dates from 31 January 2025 to 31 March 2025." in page
    assert "Not covered" in page
    checked, broken, _ = crawl(tmp_path / "site")
    assert broken == [] and checked > 500


def test_a_sector_keeps_little_of_each_authority_while_it_reads_the_rest(tmp_path: Path) -> None:
    """Flat memory: each authority comes back as the little its sector row needs, with its pages
    held on disk until the overview is made; the site written from them is the same bytes."""
    from functools import partial

    from bvduty.core import site
    from bvduty.render.site import authority_files, website
    from bvduty.spool import Held, hold

    corpus = tmp_path / "corpus"
    command = [sys.executable, str(MAKE_CORPUS), "--authorities", "3", "--out", str(corpus)]
    subprocess.run(command, check=True, capture_output=True)
    parts = list(site([corpus], partial(authority_files), workers=1))
    assert len(parts) == 3
    for paper, _ in parts:
        assert (paper.actions, paper.evidence, paper.gaps, paper.heat_rows) == ((), (), (), ())
        assert all(not (t.strengths or t.improvements or t.actions) for t in paper.themes)
        assert any(c.rating for t in paper.themes for c in t.cells)  # what the matrix counts
    held = [(p, hold(files, tmp_path / "held" / str(n))) for n, (p, files) in enumerate(parts)]
    assert all(isinstance(f, Held) for _, files in held for f in files.values())
    whole = website(parts)
    from_disk = website(held)
    assert list(whole) == list(from_disk)
    for name, text in whole.items():
        piece = from_disk[name]
        assert (piece if isinstance(piece, str) else "".join(piece)) == text, name


def test_every_page_numbers_its_tables_in_the_order_it_shows_them(example: Path) -> None:
    """A theme page puts the next steps before the indicators (the seed's order), so the paper's
    numbers would read 1, 9, 2, 3...; each page counts 1, 2, 3 as a reader meets them."""
    for page in sorted(example.glob("*.html")):
        numbers = [int(n) for n in re.findall(r"Table (\d+):", page.read_text("utf-8"))]
        assert numbers == list(range(1, len(numbers) + 1)), page.name
