"""The website in a real browser, from file:// as a council officer would first open it.

Every page of the example's site and of a 20-authority sector site: axe-core finds no WCAG 2.2 AA
violation and nothing is fetched from the network (every request is recorded; any that is not a
file of the site is refused and fails the test). A sample reflows to 320 CSS pixels, the first Tab
reaches the skip link, and the action plan's filters and the sector's search work with the
script and leave every row in place without it.

Runs Debian's chromium and axe-core as tests/test_report_a11y.py does (scripts/install-test-deps).
Screenshots go to $BVDUTY_SCREENSHOTS when set (a folder), else to pytest's temporary folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import AXE, BASE, CASES, EXAMPLE, WCAG_TAGS
from test_report_a11y import _readable, _shots
from test_site import MAKE_CORPUS, PAGES, SECTOR_SIZE, build


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("sites")
    corpus = root / "corpus"
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--authorities", str(SECTOR_SIZE), "--out", str(corpus)],
        check=True,
        capture_output=True,
    )
    hostile = root / "hostile"
    shutil.copytree(BASE, hostile)
    shutil.copytree(CASES / "hostile", hostile, dirs_exist_ok=True)
    build(str(EXAMPLE), "--output", str(root / "example"))
    build(str(corpus), "--output", str(root / "sector"))
    build(str(hostile), "--output", str(root / "hostile-site"))
    return {
        "example": root / "example",
        "sector": root / "sector",
        "hostile": root / "hostile-site",
    }


class Visit:
    """A page opened from file://, with every request it makes recorded."""

    def __init__(self, browser: Any, path: Path, *, width: int = 1024, script: bool = True):
        self.requests: list[str] = []
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=script
        )
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
        self.page.goto(path.resolve().as_uri(), wait_until="load")

    def close(self) -> None:
        self.context.close()


def _every_page(sites: dict[str, Path]) -> list[Path]:
    pages = [sites["example"] / name for name in PAGES]
    pages += [sites["hostile"] / name for name in PAGES]  # hostile text, and a theme uncovered
    pages.append(sites["sector"] / "index.html")
    pages += sorted(sites["sector"].glob("*/*.html"))
    return pages


def test_every_page_passes_axe_and_fetches_only_its_own_files(
    browser: Any, sites: dict[str, Path]
) -> None:
    """One tab goes through every page (axe is put into each page as it loads): about four
    minutes for 243 pages, most of it axe reading the sector's long action plans."""
    pages = _every_page(sites)
    assert len(pages) == len(PAGES) * (SECTOR_SIZE + 2) + 1
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    requests: list[str] = []
    tab = context.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    tab.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
    failures, passes = [], []
    for path in pages:
        tab.goto(path.resolve().as_uri(), wait_until="load")
        result = tab.evaluate(f"async () => await axe.run(document, {options})")
        if result["violations"]:
            failures.append(f"{path}:\n{_readable(result['violations'])}")
        passes.append(len(result["passes"]))
    context.close()
    assert failures == [], "\n".join(failures[:5])
    assert [url for url in requests if not url.startswith("file://")] == []
    assert len(requests) >= len(pages) * 3  # each page, its stylesheets: all read from the folder
    assert min(passes) > 15  # axe really looked at every page


def test_the_harness_sees_a_request_to_elsewhere(browser: Any, tmp_path: Path) -> None:
    """A page that asks for a web font is caught, so an empty list above means something."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://fonts.example.com/x.css"></head>'
        "<body><main><p>x</p></main></body></html>",
        encoding="utf-8",
    )
    visit = Visit(browser, page)
    visit.close()
    assert visit.requests[-1] == "https://fonts.example.com/x.css"


@pytest.mark.parametrize(
    "name",
    ["example/index.html", "example/theme-5.html", "example/action-plan.html", "sector/index.html"],
)
def test_pages_reflow_at_320_css_pixels(
    browser: Any, sites: dict[str, Path], name: str, tmp_path: Path
) -> None:
    """WCAG 1.4.10: no sideways scrolling of the page; a wide table scrolls inside its region."""
    site, page = name.split("/")
    shots = _shots(tmp_path)
    for width in (1024, 320):
        visit = Visit(browser, sites[site] / page, width=width)
        scroll = visit.page.evaluate("() => document.documentElement.scrollWidth")
        stem = f"site-{site}-{page.removesuffix('.html')}-{width}"
        visit.page.screenshot(path=str(shots / f"{stem}.png"), full_page=True)
        visit.close()
        assert scroll <= width, (name, width, scroll)


def test_the_first_tab_reaches_the_skip_link(browser: Any, sites: dict[str, Path]) -> None:
    for path in (sites["example"] / "theme-5.html", sites["sector"] / "index.html"):
        visit = Visit(browser, path)
        visit.page.keyboard.press("Tab")
        focused = visit.page.evaluate(
            "() => { const e = document.activeElement; return [e.textContent,"
            " e.getAttribute('href'), getComputedStyle(e).outlineStyle,"
            " e.getBoundingClientRect().height]; }"
        )
        visit.page.keyboard.press("Enter")
        where = visit.page.evaluate("() => location.hash")
        visit.close()
        assert focused[:2] == ["Skip to main content", "#main-content"]
        assert focused[3] > 10  # shown when focused, not left off-screen
        assert where == "#main-content"


def test_a_heatmap_cell_is_reached_by_keyboard_and_shows_its_focus(
    browser: Any, sites: dict[str, Path]
) -> None:
    visit = Visit(browser, sites["example"] / "index.html")
    cell = visit.page.locator("a.heat-cell").first
    cell.focus()
    style = cell.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).boxShadow]")
    cell.press("Enter")
    url = visit.page.url
    visit.close()
    assert style[0] == "solid" and style[1] != "none"
    assert url.endswith("theme-1.html#c-CI001")


def test_the_action_plan_filters_with_the_script_and_lists_all_without(
    browser: Any, sites: dict[str, Path]
) -> None:
    path = sites["example"] / "action-plan.html"
    plain = Visit(browser, path, script=False)
    rows = plain.page.locator("th[id^='action-']:visible").count()
    forms = plain.page.locator("form.filters").count()
    plain.close()
    assert (rows, forms) == (22, 0)

    visit = Visit(browser, path)
    visit.page.select_option("#filter-status", label="Done")
    done = visit.page.locator("th[id^='action-']:visible").count()
    said = visit.page.locator("form.filters [role=status]").text_content()
    visit.page.select_option("#filter-theme", label="Theme 5: Use of Resources")
    both = visit.page.locator("th[id^='action-']:visible").count()
    visit.page.select_option("#filter-status", label="All")
    visit.page.select_option("#filter-theme", label="All")
    again = visit.page.locator("th[id^='action-']:visible").count()
    visit.close()
    assert 0 < done < 22 and said == f"Showing {done} of 22 actions."
    assert both <= done
    assert again == 22


def test_the_sector_search_filters_with_the_script(browser: Any, sites: dict[str, Path]) -> None:
    visit = Visit(browser, sites["sector"] / "index.html")
    everyone = visit.page.locator("#a-to-z ~ section li:visible").count()
    visit.page.fill("#search-authority", "ashford")
    found = visit.page.locator("#a-to-z ~ section li:visible").all_text_contents()
    rows = visit.page.locator("section:has(> #matrix) tbody tr:visible").count()
    visit.close()
    assert everyone == SECTOR_SIZE
    assert found == ["Ashford District Council 2024/25"]
    assert rows == 1
