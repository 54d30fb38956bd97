"""The HTML paper in a real browser: axe-core finds no WCAG 2.2 AA violation, nothing is fetched,
the page reflows to 320 CSS pixels, and the print stylesheet starts each appendix on a new page.

Runs Debian's chromium (/usr/bin/chromium) through Playwright's Python package, and axe-core from
npm (scripts/a11y/); `scripts/install-test-deps` installs both and `make test` runs it first.
Nothing is downloaded here. When something is missing the tests skip with the reason, except in
CI (CI=true), where they fail: a browser that was never there must not pass as accessible.
Screenshots go to $BVDUTY_SCREENSHOTS when set (a folder), else to pytest's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from bvduty.core import paper as build
from bvduty.render import html
from conftest import AXE, BASE, CASES, EXAMPLE, WCAG_TAGS


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example's paper, a hostile one, and one with no front matter at all."""
    hostile = tmp_path_factory.mktemp("hostile") / "assessment"
    shutil.copytree(BASE, hostile)
    shutil.copytree(CASES / "hostile", hostile, dirs_exist_ok=True)
    bare = tmp_path_factory.mktemp("bare") / "assessment"
    shutil.copytree(BASE, bare)
    manifest = bare / "assessment.yaml"
    manifest.write_text(manifest.read_text("utf-8").split("report:")[0], "utf-8")
    # The example's indicator charts with a sector's median and interquartile band drawn too.
    from test_indicators import SECTOR

    sector = tmp_path_factory.mktemp("sector") / "sector.csv"
    sector.write_text(SECTOR, encoding="utf-8")
    return {
        "example": html.paper(build(EXAMPLE, workers=1)),
        "hostile": html.paper(build(hostile, workers=1)),
        "bare": html.paper(build(bare, workers=1)),
        # Movement since a very different assessment: every kind of rating and action change.
        "movement": html.paper(build(EXAMPLE, workers=1, compare=str(BASE))),
        "sector": html.paper(build(EXAMPLE, workers=1, sector=str(sector))),
    }


REQUESTS: list[str] = []


def _open(browser: Any, document: str, width: int = 1024) -> Any:
    """A page showing `document`; every network request is recorded in REQUESTS and refused."""
    REQUESTS.clear()
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("request", lambda request: REQUESTS.append(request.url))
    page.route("**/*", lambda route: route.abort())
    page.set_content(document, wait_until="load")
    return page


def _axe(browser: Any, document: str, *, full: bool = False) -> Any:
    """axe-core's results for `document` (only its violations unless `full`)."""
    page = _open(browser, document)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    result = page.evaluate(f"async () => await axe.run(document, {options})")
    page.close()
    return result if full else result["violations"]


def _readable(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["example", "hostile", "bare", "movement", "sector"])
def test_axe_finds_no_wcag_22_aa_violation(browser: Any, papers: dict[str, str], name: str) -> None:
    result = _axe(browser, papers[name], full=True)
    assert result["violations"] == [], _readable(result["violations"])
    assert len(result["passes"]) > 20  # axe really looked: contrast, names, tables, lang ...


def test_axe_does_report_a_violation_when_there_is_one(browser: Any) -> None:
    """The harness can fail: grey-on-white text and an unnamed link are caught."""
    bad = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<p style="color:#bbbbbb">faint</p><a href="#x"></a></main></body></html>'
    )
    assert {v["id"] for v in _axe(browser, bad)} == {"color-contrast", "link-name"}


@pytest.mark.parametrize("name", ["example", "hostile"])
def test_the_paper_fetches_nothing(browser: Any, papers: dict[str, str], name: str) -> None:
    page = _open(browser, papers[name])
    page.evaluate("() => document.fonts.ready")
    page.emulate_media(media="print")
    page.pdf()
    page.close()
    assert REQUESTS == []


@pytest.mark.parametrize("name", ["example", "hostile"])
def test_the_page_reflows_at_320_css_pixels(
    browser: Any, papers: dict[str, str], name: str, tmp_path: Path
) -> None:
    """WCAG 1.4.10: no sideways scrolling of the page; a wide table scrolls inside its region."""
    page = _open(browser, papers[name], width=320)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.screenshot(path=str(_shots(tmp_path) / f"{name}-320.png"), full_page=True)
    page.close()
    assert width <= 320


def test_screenshots_of_the_example_on_screen_and_in_print(
    browser: Any, papers: dict[str, str], tmp_path: Path
) -> None:
    """Screenshots for a person to look at; the print stylesheet breaks before each appendix."""
    folder = _shots(tmp_path)
    page = _open(browser, papers["example"], width=1100)
    page.screenshot(path=str(folder / "example-screen.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(folder / "example-print.png"), full_page=True)
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('.appendix')]"
        ".map(e => getComputedStyle(e).breakBefore)"
    )
    hidden = page.evaluate("() => getComputedStyle(document.querySelector('.contents')).display")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    assert breaks == ["page"] * 4
    assert hidden == "none"
    assert pdf.startswith(b"%PDF")
    assert (folder / "example-screen.png").stat().st_size > 100_000


def test_every_theme_heatmap_has_its_own_accessible_name(
    browser: Any, papers: dict[str, str]
) -> None:
    page = _open(browser, papers["example"])
    names = page.evaluate(
        "() => [...document.querySelectorAll('svg[role=img]')].map(svg =>"
        " svg.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' '))"
    )
    page.close()
    charts = [n for n in names if "Line chart of " in n]  # the indicator charts of Theme 5
    names = [n for n in names if n not in charts]
    assert len(names) == 8  # the whole heatmap, then one per theme
    assert "Figure 1: heatmap of the whole self-assessment" in names[0]
    assert "60 characteristics in 7 themes" in names[0]
    themes = ["Continuous Improvement", "Leadership", "Governance", "Culture"]
    themes += ["Use of Resources", "Service Delivery", "Partnerships and Community Engagement"]
    for number, (name, theme) in enumerate(zip(names[1:], themes, strict=True), start=1):
        assert f"heatmap of Theme {number}: {theme}" in name, name
    assert len(set(names)) == len(names)
    assert len(charts) == 7 and len(set(charts)) == 7  # each indicator's chart, named apart
    assert "Figure 7: Debt relative to core spending power, 2020/21 to 2024/25" in charts[0]


@pytest.mark.parametrize(("width", "media"), [(320, "screen"), (1024, "screen"), (794, "print")])
def test_every_key_entry_is_wholly_visible(
    browser: Any, papers: dict[str, str], width: int, media: str
) -> None:
    """Long level labels once clipped the key drawn inside the picture; the key is text now and
    wraps: every entry lies inside the page, none is cut, at 320 px and in print."""
    page = _open(browser, papers["example"], width=width)
    page.emulate_media(media=media)
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.key li')].map(li => {"
        " const r = li.getBoundingClientRect();"
        " return [li.textContent.trim(), r.left, r.right, r.width, li.scrollWidth, li.clientWidth];"
        "})"
    )
    viewport = page.evaluate("() => document.documentElement.clientWidth")
    page.close()
    assert len(boxes) >= 6 * 8  # six entries in each of the eight keys
    assert any("Significant improvement needed" in b[0] for b in boxes)
    for text, left, right, shown, scroll, client in boxes:
        assert left >= 0 and right <= viewport + 0.5, (text, left, right, viewport)
        assert shown > 0 and scroll <= client + 1, text


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BVDUTY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
