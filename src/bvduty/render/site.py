"""The website: a writer of the composed pages (`compose.site`), one HTML file per page.

The words come from `compose`; this module decides only how they look. Blocks are written as the
HTML paper writes them (`render.html`), except the heatmap: on the web it is a grid of links,
each cell showing its id and its level's mark, with the level's name in words for screen readers
and for a page read without the stylesheet. The page around the content is the Jinja template
`site.html.j2` (sandboxed, like the paper's); the look is `site.css`, the filters `site.js`.

Two ways out: whole pages (skip link, header, menu, breadcrumbs, footer, the stylesheet and the
small script, both as files beside the pages, nothing inline and nothing fetched from
elsewhere), or `fragments`: each page's content alone, clean semantic HTML with no chrome, no
style and no script, to paste into a council's content management system.

The result is a mapping of relative file names to text, the same bytes for the same input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from markupsafe import Markup, escape

from bvduty.analysis.heatmap import Cell, Heatmap
from bvduty.analysis.paper import Paper
from bvduty.colours import NEUTRAL, text_on
from bvduty.compose.nodes import Block, ChartPicture, Figure, HeatmapPicture, Section
from bvduty.compose.site import (
    OVERVIEW,
    SECTOR_TITLE,
    Page,
    Sector,
    Site,
    authority_folders,
    compose_sector,
    compose_site,
    sector_order,
)
from bvduty.render import html
from bvduty.render.svg import MOVED_WORDS
from bvduty.render.templating import builtin_dir, render

TEMPLATE = "site.html.j2"
STYLESHEET = "site.css"
SHARED_STYLES = ("screen.css", STYLESHEET)
SCRIPT = "site.js"
LEVELS = "levels.css"
F = TypeVar("F")  # an authority's file: its text, or text still to be read (a held file)


def authority_files(
    paper: Paper, sector: bool, *, fragments: bool = False, template_dir: Path | None = None
) -> dict[str, str]:
    """One authority's pages (names relative to its own folder); `sector`: part of a sector
    site, its pages linking back up to the overview. Picklable with `functools.partial`, so
    that each worker process writes the pages of the assessments it read.

    Raises:
        UsageError: a template is missing or broken (named with its file and line).
    """
    site = compose_site(paper, sector=sector)
    found = {page.name: _page(page, site, None, fragments, template_dir) for page in site.pages}
    if not fragments:
        found[LEVELS] = level_css(site.levels)
    return found


def website(
    authorities: Sequence[tuple[Paper, Mapping[str, F]]],
    *,
    fragments: bool = False,
    template_dir: Path | None = None,
) -> dict[str, F | str]:
    """The whole website (6.15), by relative POSIX path: one authority's pages as they are, or,
    for several, the sector overview with each authority's pages in its own sub-folder; then the
    stylesheet and the script (not with `fragments`).

    Raises:
        UsageError: a template is missing or broken (named with its file and line).
    """
    found: dict[str, F | str] = {}
    if len(authorities) == 1:
        found.update(authorities[0][1])
    else:
        order = sector_order([paper for paper, _ in authorities])
        papers = [authorities[i][0] for i in order]
        folders = authority_folders(papers)
        for i, folder in zip(order, folders, strict=True):
            found.update({f"{folder}/{name}": text for name, text in authorities[i][1].items()})
        sector = compose_sector(papers, folders)
        found[OVERVIEW] = _page(sector.page, None, sector, fragments, template_dir)
    if not fragments:
        # The paper's screen styles, then the website's own (one file, nothing else to fetch).
        found[STYLESHEET] = "\n".join(
            (builtin_dir() / name).read_text(encoding="utf-8") for name in SHARED_STYLES
        )
        found[SCRIPT] = (builtin_dir() / SCRIPT).read_text(encoding="utf-8")
    return dict(sorted(found.items()))


def level_css(levels: tuple[tuple[str, str, str | None], ...]) -> str:
    """One rule per rating level: its colour, with the text colour that reads best on it."""
    ids = ["--none", *(f"-{level_id}" for level_id, _, _ in levels)]
    fills = [None, *(colour for _, _, colour in levels)]
    rules = [
        # a heatmap cell is a link: its level's colours beat the visited link's
        f".level{i}, a.level{i}:link, a.level{i}:visited"
        f" {{ background: {colour or NEUTRAL}; color: {text_on(colour)}; }}\n"
        for i, colour in zip(ids, fills, strict=True)
    ]
    return "/* The colours of this authority's rating levels (bvduty). */\n" + "".join(rules)


def content(page: Page, *, charts: bool = True) -> Markup:
    """A page's content: its heading, what stands under it, and its sections."""
    parts = [f"<h1>{html.text(page.title)}</h1>"]
    parts += [_block(b, 2, charts) for b in page.lead]
    parts += [_section(s, 2, charts) for s in page.sections]
    return Markup("\n".join(parts) + "\n")


def _page(
    page: Page,
    site: Site | None,
    sector: Sector | None,
    fragments: bool,
    template_dir: Path | None,
) -> str:
    if fragments:
        return str(content(page, charts=False))
    up = "../" if site is not None and site.sector else ""
    if site is not None:
        name = f"{page.title}: {site.authority}" if page.name != OVERVIEW else page.title
        crumbs = [(f"{up}{OVERVIEW}", SECTOR_TITLE)] if site.sector else []
        if page.name != OVERVIEW:
            crumbs.append((OVERVIEW, f"{site.authority} {site.period}"))
        nav = [(target, text, target == page.name) for target, text in site.nav]
        service, home = site.authority, OVERVIEW
        closing = html.inline(site.closing)
        levels = LEVELS
    else:
        assert sector is not None
        name, crumbs, nav = page.title, [], []
        service, home = SECTOR_TITLE, OVERVIEW
        closing = html.inline(sector.closing)
        levels = None
    return render(
        TEMPLATE,
        template_dir,
        title=name,
        service=service,
        home=home,
        up=up,
        stylesheet=f"{up}{STYLESHEET}",
        script=f"{up}{SCRIPT}",
        levels=levels,
        crumbs=crumbs,
        nav=nav,
        kind=page.kind,
        content=content(page),
        closing=closing,
    )


def _section(node: Section, depth: int, charts: bool) -> str:
    level = min(depth, 6)
    parts = [
        f'<section aria-labelledby="{escape(node.id)}">',
        f'<h{level} id="{escape(node.id)}">{html.text(node.heading)}</h{level}>',
        *(_block(b, depth, charts) for b in node.blocks),
        *(_section(child, depth + 1, charts) for child in node.children),
        "</section>",
    ]
    return "\n".join(parts)


def _block(node: Block, depth: int, charts: bool) -> str:
    if isinstance(node, Figure):
        if isinstance(node.picture, HeatmapPicture):
            return heatmap(node, node.picture)
        return _chart(node, charts)
    return html.block(node, depth)


def _chart(node: Figure, charts: bool) -> str:
    """An indicator's chart: the SVG on a page (when the charts extra is installed), else its
    text alternative; the figures themselves are in the table that follows it."""
    from bvduty.render import charts as drawing

    picture = node.picture
    assert isinstance(picture, ChartPicture)
    if charts and drawing.available():
        shown = drawing.svg(picture, id_prefix=node.id, title=node.caption, description=node.alt)
    else:
        shown = f"<p>{html.text(node.alt)}</p>\n"
    key = "".join(
        f'<li><span class="swatch">{html.text(e.mark)}</span> {html.text(e.meaning)}</li>\n'
        for e in node.key
    )
    return (
        f'<figure class="chart" id="{escape(node.id)}">\n{shown}\n'
        f"<figcaption>{html.text(node.caption)}</figcaption>\n"
        f'<ul class="key" aria-label="Key to {html.text(node.caption)}">\n{key}</ul>\n</figure>'
    )


def heatmap(node: Figure, picture: HeatmapPicture) -> str:
    """The heatmap as a grid of links: a row per theme, a cell per characteristic."""
    m = picture.heatmap
    rows = []
    for row in m.themes:
        name = html.text(f"{row.number} {row.title}")
        page = picture.theme_links.get(row.id)
        if page is not None:
            name = Markup(f'<a href="{escape(page)}">{name}</a>')
        if row.cells:
            cells = "".join(f"<li>{_heat_cell(c, m, picture)}</li>\n" for c in row.cells)
            listed = f'<ul class="heat-cells">\n{cells}</ul>'
        else:
            note = "No file covers this theme." if not row.covered else "None listed."
            listed = f'<p class="heat-none">{note}</p>'
        rows.append(f'<div class="heat-row">\n<p class="heat-theme">{name}</p>\n{listed}\n</div>')
    key = "".join(
        f'<li><span class="swatch{html._level_class(entry.level)}">{html.text(entry.mark)}</span>'
        f" {html.text(entry.meaning)}</li>\n"
        for entry in node.key
    )
    return (
        f'<figure class="heatmap" id="{escape(node.id)}">\n'
        f"<figcaption>{html.text(node.caption)}</figcaption>\n"
        + "\n".join(rows)
        + f'\n<ul class="key" aria-label="Key to {html.text(node.caption)}">\n{key}</ul>\n'
        "</figure>"
    )


def _heat_cell(cell: Cell, m: Heatmap, picture: HeatmapPicture) -> str:
    """One cell: its id and mark in text, the level's name in words, a link to its detail."""
    marks = m.marks()
    if cell.see is not None:
        cls, mark, words = "level--none", f"→ {cell.see}", f"see {cell.see}"
    elif cell.rating is None:
        cls, mark, words = "level--none heat-unrated", "--", "not rated"
    else:
        level = m.level(cell.rating)
        cls, mark, words = f"level-{cell.rating}", marks[cell.rating], level.label
        if cell.below_target:
            mark += " ▼"
            words += ", below target"
    moved = picture.movement.get(cell.id, "")
    if moved:
        mark += f" {moved}"
        words += f", {MOVED_WORDS.get(moved, moved)}"
    inner = (
        f'<span class="heat-id">{html.text(cell.id)}</span>'
        f' <span class="heat-mark">{html.text(mark)}</span>'
        f'<span class="heat-words">: {html.text(words)}</span>'
    )
    target = picture.links.get(cell.id)
    if target is None:
        return f'<span class="heat-cell {cls}">{inner}</span>'
    return f'<a class="heat-cell {cls}" href="{escape(target)}">{inner}</a>'


def sizes(found: Mapping[str, str]) -> int:
    """The total size of a site's files in bytes (UTF-8)."""
    return sum(len(text.encode("utf-8")) for text in found.values())
