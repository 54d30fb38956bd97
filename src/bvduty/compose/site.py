"""The self-assessment as the web pages a council publishes: written with the paper's own words.

Why here and not in a template: the website is one more writer of the paper (`compose.paper`).
Each theme page is the paper's theme section (Appendix A of the paper) as the council's
published theme page shows it: the heatmap, the statutory guidance's description, the
strengths and areas for improvement, the next steps in the action plan. The action plan and
the evidence library are the paper's appendices; the methodology is the paper's background.
Only what the paper does not say is written here: the overview's opening, the lists that let
a reader find actions by theme, owner or status, the scale and who assessed each theme, and
the sector's overview of many authorities.

Cross-references become links through `SiteContext`, which the paper's builders ask how to
name a characteristic or an action: every heatmap cell links to its characteristic's row on its
theme page, a cross-reference cell to the characteristic it points at, a finding and an action
to the characteristics they speak to. Every link is relative, so the pages work from a folder
(file://) and from any sub-path of a web server.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from bvduty.analysis.heatmap import Heatmap
from bvduty.analysis.paper import ActionLine, Paper, ThemeSection
from bvduty.compose.nodes import (
    Block,
    Break,
    Bullets,
    Cell,
    Column,
    Details,
    Inline,
    Inlines,
    Kind,
    Link,
    Paragraph,
    Run,
    Section,
    Swatch,
    Table,
    runs,
)
from bvduty.compose.paper import (
    _appendix_actions,
    _appendix_evidence,
    _background,
    _Context,
    _counts_table,
    _heatmap_figure,
    _quoted_from,
    _status,
    _status_words,
    _theme,
)
from bvduty.compose.words import (
    is_are,
    join,
    label,
    long_date,
    plural,
    sentence_case,
    was_were,
)
from bvduty.links import LINK_SCHEMES, href
from bvduty.model import ActionStatus

OVERVIEW = "index.html"
ACTIONS = "action-plan.html"
EVIDENCE = "evidence.html"
METHODOLOGY = "methodology.html"
SECTOR_TITLE = "Best Value Duty self-assessments"
# The order of a theme page: the seed council's published page, then the indicators.
THEME_ORDER = ("heatmap", "guidance", "strengths", "improvements", "next-steps", "indicators")
STATUS_ORDER = tuple(ActionStatus)
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9-]")


def theme_page(number: int) -> str:
    """The file name of a theme's page: theme-5.html."""
    return f"theme-{number}.html"


def anchor(prefix: str, item_id: str) -> str:
    """An HTML id for a user's id: letters, digits and hyphens kept, anything else written as
    `_` and its code point, so that two different ids never share an anchor."""
    return prefix + _UNSAFE_ID.sub(lambda m: f"_{ord(m.group()):x}_", item_id)


@dataclass(frozen=True, slots=True)
class Page:
    """One web page: its file name, its heading, what stands under the heading, its sections."""

    name: str
    title: str
    lead: tuple[Block, ...]
    sections: tuple[Section, ...]
    kind: str  # overview, theme, actions, evidence, methodology, sector


@dataclass(frozen=True, slots=True)
class Site:
    """One authority's pages; in a sector site they sit in a sub-folder of their own."""

    authority: str
    period: str
    title: str
    as_of: date
    pages: tuple[Page, ...]
    nav: tuple[tuple[str, str], ...]  # (file name, link text), in the order of the menu
    closing: Inlines
    levels: tuple[tuple[str, str, str | None], ...]  # (id, label, colour), best first
    sector: bool = False  # part of a sector site: its pages link back to the sector overview


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector site's overview of many authorities (their own pages are each a `Site`)."""

    page: Page
    closing: Inlines


@dataclass
class SiteContext(_Context):
    """The paper's context, with every cross-reference a relative link between pages."""

    page_of: dict[str, str] = field(default_factory=dict)  # characteristic id -> theme page

    def appendix(self, key: str) -> str:
        return {
            "themes": "each theme's page",
            "actions": "the action plan",
            "evidence": "the evidence library",
            "movement": "the overview",
            "gaps": "each theme's page",
        }[key]

    def cell_target(self, cell_id: str) -> str | None:
        page = self.page_of.get(cell_id)
        return None if page is None else f"{page}#{anchor('c-', cell_id)}"

    def _cell_link(self, cell_id: str) -> Inline:
        target = self.cell_target(cell_id)
        return Run(cell_id) if target is None else Link(cell_id, target)

    def cell_refs(
        self, ids: Sequence[str], before: str = "", after: str = "", *, emphasis: bool = True
    ) -> tuple[Inline, ...]:
        parts: list[Inline] = [Run(before, emphasis=emphasis)] if before else []
        for index, cell_id in enumerate(ids):
            if index:
                parts.append(Run(", ", emphasis=emphasis))
            parts.append(self._cell_link(cell_id))
        if after:
            parts.append(Run(after, emphasis=emphasis))
        return tuple(parts)

    def see(self, target: str) -> Inlines:
        return runs("See ", self._cell_link(target))

    def cell_anchor(self, cell_id: str) -> str | None:
        return anchor("c-", cell_id)

    def action_anchor(self, action_id: str) -> str | None:
        return anchor("action-", action_id)

    def action_ref(self, action_id: str) -> Inlines:
        return runs(Link(action_id, f"{ACTIONS}#{anchor('action-', action_id)}"))

    def cell_links(self, heatmap: Heatmap) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in heatmap.themes:
            for cell in row.cells:
                target = self.cell_target(cell.see or cell.id)
                if target is not None:
                    found[cell.id] = target
        return found

    def theme_links(self, heatmap: Heatmap) -> dict[str, str]:
        """On the overview, each theme's row names its page; a theme page needs no link to
        itself."""
        if len(heatmap.themes) == 1:
            return {}
        return {row.id: theme_page(row.number) for row in heatmap.themes}

    def document_href(self, ref: str | None) -> str | None:
        """Only web addresses: a path beside the YAML file is not on the website."""
        target = href(ref)
        if target is None or target.split(":", 1)[0].lower() not in LINK_SCHEMES:
            return None
        return target


def _context(paper: Paper) -> SiteContext:
    """A fresh context for each page, so that its tables and figures are numbered from 1."""
    pages = {c.id: theme_page(t.number) for t in paper.themes for c in t.cells}
    # The paper's appendix builders file their sections under a letter; the pages do not show it.
    letters = dict.fromkeys(("themes", "actions", "evidence", "gaps", "movement"), "")
    return SiteContext(paper, letters, page_of=pages)


# --- one authority ----------------------------------------------------------------------------


def compose_site(paper: Paper, *, sector: bool = False) -> Site:
    """One authority's website: overview, a page per theme, action plan, evidence, method."""
    f = paper.front
    pages = [_overview(paper)]
    pages += [_theme_page(paper, t) for t in paper.themes]
    pages += [_actions_page(paper), _evidence_page(paper), _methodology_page(paper)]
    nav = [(OVERVIEW, "Overview")]
    nav += [(theme_page(t.number), f"Theme {t.number}: {t.title}") for t in paper.themes]
    nav += [(ACTIONS, "Action plan"), (EVIDENCE, "Evidence library"), (METHODOLOGY, "Methodology")]
    return Site(
        authority=f.authority,
        period=f.period,
        title=f.title,
        as_of=f.as_of,
        pages=tuple(pages),
        nav=tuple(nav),
        closing=runs(
            f"{f.authority}: {f.title}, as at {long_date(f.as_of)}."
            " Published with bvduty from the Council's self-assessment."
        ),
        levels=tuple((lv.id, lv.label, lv.colour) for lv in paper.scale),
        sector=sector,
    )


def _overview(paper: Paper) -> Page:
    context = _context(paper)
    f, s = paper.front, paper.summary
    details = Details(
        (
            ("Authority", runs(f.authority)),
            ("Period", runs(f.period)),
            ("As at", runs(long_date(f.as_of))),
            ("Status", runs(_status_words(paper.front))),
            ("Framework", runs(paper.framework_title)),
        )
    )
    lead: list[Block] = [
        Paragraph(
            runs(
                f"How {f.authority} meets the Best Value Duty: its self-assessment for"
                f" {f.period} against the {plural(len(paper.themes), 'theme')} of the statutory"
                f" guidance, as at {long_date(f.as_of)}."
            )
        ),
        details,
    ]
    numbers = (
        f"{s.rated} of the {context.term(s.cells)} {is_are(s.rated)} rated:"
        f" {s.at_or_above} at or above target and {s.below_target} below target"
    )
    if s.unrated:
        numbers += f"; {s.unrated} {is_are(s.unrated)} not yet rated"
    heat: list[Block] = [
        Paragraph(
            runs(
                f"The heatmap shows the rating of every {context.one}, theme by theme. Each"
                f" cell links to the {context.one} on its theme's page; the key names every"
                f" mark. {numbers}."
            )
        ),
        _heatmap_figure(context, paper.heatmap, "the whole self-assessment", movement=True),
    ]
    if paper.movement is not None:
        heat.append(Paragraph(runs(paper.movement.summary)))
    counts = _counts_table(context)
    themes = Bullets(tuple(_theme_item(context, t) for t in paper.themes))
    more = Bullets(
        (
            runs(
                Link("The action plan", ACTIONS),
                f": {plural(s.actions, 'action')}, by theme, owner and status",
            ),
            runs(
                Link("The evidence library", EVIDENCE),
                f": {plural(len(paper.evidence), 'document')}",
            ),
            runs(Link("How the self-assessment was done", METHODOLOGY)),
        )
    )
    sections = (
        Section("heatmap", "Self-assessment heatmap", tuple(heat)),
        Section("counts", "Ratings by theme", (counts,)),
        Section("themes", "The themes", (themes,)),
        Section("more", "The action plan, evidence and method", (more,)),
    )
    return Page(OVERVIEW, f.title, tuple(lead), sections, "overview")


def _theme_item(context: SiteContext, t: ThemeSection) -> Inlines:
    link = Link(f"Theme {t.number}: {t.title}", theme_page(t.number))
    if not t.covered:
        return runs(link, ": not covered")
    own = _own_cells(t)
    if not t.assessed:
        return runs(link, f": {plural(own, context.one, context.many)}, none rated yet")
    said = f": {plural(own, context.one, context.many)}"
    said += f", {t.below_target} below target" if t.below_target else ", none below target"
    return runs(link, said)


def _own_cells(t: ThemeSection) -> int:
    """The theme's own characteristics: a cross-reference is counted in the theme it points
    to, so that the themes' counts add up to the assessment's."""
    return sum(1 for c in t.cells if c.see is None)


def _theme_page(paper: Paper, t: ThemeSection) -> Page:
    context = _context(paper)
    built = _theme(context, t)
    rank = {key: index for index, key in enumerate(THEME_ORDER)}
    prefix = f"theme-{t.number}-"
    children = sorted(built.children, key=lambda c: rank.get(c.id.removeprefix(prefix), len(rank)))
    children = [_next_steps(c, t) if c.id == f"{prefix}next-steps" else c for c in children]
    blocks, sections = _renumbered(built.blocks, tuple(children))
    return Page(theme_page(t.number), built.title, blocks, sections, "theme")


def _renumbered(
    blocks: tuple[Block, ...], sections: tuple[Section, ...]
) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """Tables numbered in the order the page shows them.

    Why: the page puts the paper's parts in the seed's order (next steps before the
    indicators), so the numbers the paper gave them would read 1, 9, 2, 3...
    """
    count = 0

    def table(block: Block) -> Block:
        nonlocal count
        if not isinstance(block, Table):
            return block
        count += 1
        caption = block.caption.split(": ", 1)[-1]
        return replace(block, id=f"table-{count}", caption=f"Table {count}: {caption}")

    def section(node: Section) -> Section:
        own = tuple(table(b) for b in node.blocks)
        return replace(node, blocks=own, children=tuple(section(c) for c in node.children))

    return tuple(table(b) for b in blocks), tuple(section(c) for c in sections)


def _next_steps(section: Section, t: ThemeSection) -> Section:
    """The theme's next steps, said as the council's page says them, then the paper's table."""
    # An action that also serves another theme is listed in the plan under that theme.
    led = sum(1 for a in t.actions if a.theme_number not in (None, t.number))
    elsewhere = (
        f" ({led} of them listed in the action plan under another theme it also serves)"
        if led
        else ""
    )
    said = Paragraph(
        runs(
            f"Through the self-assessment, {plural(len(t.actions), 'action')}"
            f" {was_were(len(t.actions))} identified to improve this theme{elsewhere}."
            " Each is in ",
            Link("the action plan", f"{ACTIONS}#by-theme-{t.number}"),
            ", with its owner, due date and latest update.",
        )
    )
    return replace(section, blocks=(said, *section.blocks))


def _actions_page(paper: Paper) -> Page:
    context = _context(paper)
    built = _appendix_actions(context)
    if not paper.actions:
        return Page(ACTIONS, "Action plan", built.blocks, (), "actions")
    finding = Paragraph(
        runs(
            "Find actions ",
            Link("by theme", "#by-theme"),
            ", ",
            Link("by owner", "#by-owner"),
            " or ",
            Link("by status", "#by-status"),
            "; each links to its row in the plan.",
        )
    )
    plan = Section("plan", "The action plan, theme by theme", (), children=built.children)
    sections = (
        plan,
        _by_theme(paper),
        _by_owner(paper),
        _by_status(paper),
    )
    return Page(ACTIONS, "Action plan", (*built.blocks, finding), sections, "actions")


def _action_item(a: ActionLine) -> Inlines:
    return runs(Link(a.id, f"#{anchor('action-', a.id)}"), f" {a.title} ({a.owner}): ", *_status(a))


def _group(
    key: str, title: str, intro: str, groups: Sequence[tuple[str, str, list[ActionLine]]]
) -> Section:
    """A list of actions per group, each under its own heading (an anchor to link to)."""
    children = tuple(
        Section(
            group_id,
            name,
            (
                Paragraph(runs(plural(len(actions), "action"))),
                Bullets(tuple(_action_item(a) for a in actions)),
            ),
        )
        for group_id, name, actions in groups
    )
    contents = Bullets(
        tuple(
            runs(Link(name, f"#{group_id}"), f" ({len(actions)})")
            for group_id, name, actions in groups
        )
    )
    return Section(key, title, (Paragraph(runs(intro)), contents), children=children)


def _by_theme(paper: Paper) -> Section:
    groups: dict[str, tuple[str, list[ActionLine]]] = {}
    for a in paper.actions:
        if a.theme_number is None:
            key, name = "by-theme-none", "Actions with no theme"
        else:
            key, name = f"by-theme-{a.theme_number}", f"Theme {a.theme_number}: {a.theme_title}"
        groups.setdefault(key, (name, []))[1].append(a)
    return _group(
        "by-theme",
        "Actions by theme",
        "The actions of each theme, by due date.",
        [(key, name, actions) for key, (name, actions) in groups.items()],
    )


def _by_owner(paper: Paper) -> Section:
    owners: dict[str, list[ActionLine]] = {}
    for a in paper.actions:
        owners.setdefault(a.owner, []).append(a)
    ordered = sorted(owners, key=lambda name: (name.casefold(), name))
    return _group(
        "by-owner",
        "Actions by owner",
        "The officers responsible for actions, in alphabetical order.",
        [(f"by-owner-{n}", name, owners[name]) for n, name in enumerate(ordered, start=1)],
    )


def _by_status(paper: Paper) -> Section:
    groups = []
    for status in STATUS_ORDER:
        found = [a for a in paper.actions if a.status is status]
        if found:
            groups.append((f"by-status-{status.value}", label(status), found))
    overdue = [a for a in paper.actions if a.overdue]
    intro = "The actions by the status their owners give."
    if overdue:
        intro += (
            f" {plural(len(overdue), 'action')} {is_are(len(overdue))} overdue at"
            f" {long_date(paper.as_of)}, shown as overdue under {join(_statuses(overdue))}."
        )
    return _group("by-status", "Actions by status", intro, groups)


def _statuses(actions: Sequence[ActionLine]) -> list[str]:
    found = {a.status for a in actions}
    return [label(s).lower() for s in STATUS_ORDER if s in found]


def _evidence_page(paper: Paper) -> Page:
    built = _appendix_evidence(_context(paper))
    blocks: list[Block] = list(built.blocks)
    if any(e.ref and _context(paper).document_href(e.ref) is None for e in paper.evidence):
        blocks.insert(
            1,
            Paragraph(
                runs(
                    "Documents held by the Council rather than on the web are named with where"
                    " they are kept; ask the Council for a copy."
                ),
                quiet=True,
            ),
        )
    return Page(EVIDENCE, "Evidence library", tuple(blocks), (), "evidence")


def _methodology_page(paper: Paper) -> Page:
    context = _context(paper)
    background = _background(context, "")
    method = tuple(
        replace(b, number=None) if isinstance(b, Paragraph) else b for b in background.blocks
    )
    scale = Bullets(
        tuple(
            runs(Swatch(level.label, level.colour, level.id))
            for level in paper.scale  # best first
        )
    )
    said = (
        f"Each {context.one} is rated on the Council's scale, best first below. Each square of"
        f" the heatmap shows its level's mark and colour; one below its target is marked"
        " ▼, one not yet rated --, and a cross-reference to another"
        f" {context.one} → followed by that {context.one}'s id."
    )
    sections: list[Section] = [
        Section("scale", "The rating scale", (Paragraph(runs(said)), scale)),
        _who(context),
    ]
    status = (
        f"This self-assessment is as at {long_date(paper.front.as_of)}; overdue actions are"
        f" judged at {long_date(paper.as_of)}. Its status: {_status_words(paper.front).lower()}."
    )
    status_blocks: list[Block] = [Paragraph(runs(status))]
    quoted = _quoted_from(paper)
    if quoted is not None:
        status_blocks.append(quoted)
    sections.append(Section("status", "Status and sources", tuple(status_blocks)))
    return Page(METHODOLOGY, "How the self-assessment was done", method, tuple(sections), "method")


def _who(context: SiteContext) -> Section:
    p = context.paper
    columns = (
        Column("Theme", 3.0),
        Column(sentence_case(context.many), 1.2, Kind.NUMBER),
        Column("Lead officer", 2.4),
        Column("Independent reviewer", 2.4),
    )
    rows = [
        [
            Cell(runs(Link(f"Theme {t.number}: {t.title}", theme_page(t.number)))),
            Cell(runs(str(_own_cells(t)))),
            Cell(runs(t.lead or "Not stated")),
            Cell(runs(t.reviewer or "Not stated")),
        ]
        for t in p.themes
    ]
    table = context.table("who", "who assessed each theme", columns, rows)
    return Section("who", "Who assessed each theme", (table,))


# --- many authorities -----------------------------------------------------------------------


def sector_summary(paper: Paper) -> Paper:
    """The paper with only what the sector overview reads of it: the front matter and each
    theme's ratings. Why: a sector site keeps one per authority until the last is read, and a
    whole paper (findings, actions, evidence, pictures) is many times larger."""
    bare = replace(paper.heatmap, themes=())
    themes = tuple(
        replace(
            t,
            summary=None,
            description=(),
            strengths=(),
            improvements=(),
            actions=(),
            heatmap=bare,
        )
        for t in paper.themes
    )
    return replace(
        paper,
        heatmap=bare,
        heat_rows=(),
        themes=themes,
        gaps=(),
        actions=(),
        evidence=(),
        movement=None,
        framework_background=(),
        indicators=None,
    )


def authority_folders(papers: Sequence[Paper]) -> list[str]:
    """A sub-folder name for each authority: its name and period as a slug, made unique."""
    used: set[str] = set()
    found = []
    for paper in papers:
        words = f"{paper.front.authority} {paper.front.period}".lower()
        base = "-".join(re.findall(r"[a-z0-9]+", words)) or "authority"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        found.append(name)
    return found


def sector_order(papers: Sequence[Paper]) -> list[int]:
    """The order authorities are listed in: by name, then period (then as given)."""
    return sorted(
        range(len(papers)),
        key=lambda i: (papers[i].front.authority.casefold(), papers[i].front.period),
    )


def compose_sector(papers: Sequence[Paper], folders: Sequence[str]) -> Sector:
    """The sector overview: every authority theme by theme, and a list to find one by name.

    `papers` in `sector_order`, each authority's pages in the sub-folder `folders` names.
    """
    page = _sector_page(papers, folders)
    dates = sorted({p.front.as_of for p in papers})
    when = long_date(dates[0])
    if len(dates) > 1:
        when = f"dates from {long_date(dates[0])} to {long_date(dates[-1])}"
    closing = runs(
        f"{plural(len(papers), 'authority', 'authorities')}, as at {when}."
        " Published with bvduty from each authority's self-assessment."
    )
    return Sector(page, closing)


def _sector_page(papers: Sequence[Paper], folders: Sequence[str]) -> Page:
    first = papers[0]
    numbers = [t.number for t in first.themes]
    titles = {t.number: t.title for t in first.themes}
    columns = [Column("Authority", 3.0)]
    columns += [Column(f"Theme {n}", 1.0, Kind.NUMBER) for n in numbers]
    rows: list[list[Cell]] = []
    for paper, folder in zip(papers, folders, strict=True):
        name = f"{paper.front.authority} {paper.front.period}"
        row = [Cell(runs(Link(name, f"{folder}/{OVERVIEW}")))]
        by_number = {t.number: t for t in paper.themes}
        for number in numbers:
            t = by_number.get(number)
            row.append(Cell(_matrix_cell(t, folder)))
        rows.append(row)
    context = _Context(first)
    matrix = context.table("sector", "authorities by theme", columns, rows)
    key = Bullets(tuple(runs(f"Theme {n}: {titles[n]}") for n in numbers))
    explain = Paragraph(
        runs(
            "Each entry reads “9 of 12”: 9 of the 12 rated characteristics of the theme are at"
            " or above target; the line below counts those below target. Each entry links to"
            " that theme's page of the authority; each name to the authority's overview."
        )
    )
    lead = Paragraph(
        runs(
            "The Best Value Duty self-assessments of"
            f" {plural(len(papers), 'authority', 'authorities')}, theme by theme. Find an"
            " authority by name below, or read across the table."
        )
    )
    letters = _letters(papers, folders)
    index = Paragraph(
        runs("By first letter: ", *_joined([Link(c.title, f"#{c.id}") for c in letters]))
    )
    find = Section("find", "Find an authority", (index,))
    return Page(
        OVERVIEW,
        SECTOR_TITLE,
        (lead,),
        (
            find,
            Section("matrix", "Every authority, theme by theme", (explain, key, matrix)),
            Section("a-to-z", "Authorities A to Z", (), children=letters),
        ),
        "sector",
    )


def _matrix_cell(t: ThemeSection | None, folder: str) -> Inlines:
    if t is None or not t.covered:
        return runs("Not covered")
    target = f"{folder}/{theme_page(t.number)}"
    if not t.assessed:
        return runs(Link("Not assessed", target))
    rated = sum(1 for c in t.cells if c.rating is not None)
    at_or_above = rated - t.below_target
    below = f"{t.below_target} below" if t.below_target else "none below"
    return runs(Link(f"{at_or_above} of {rated}", target), Break(), below)


def _letters(papers: Sequence[Paper], folders: Sequence[str]) -> tuple[Section, ...]:
    """The authorities by first letter, each letter a section to link to."""
    letters: dict[str, list[tuple[str, str]]] = {}
    for paper, folder in zip(papers, folders, strict=True):
        name = f"{paper.front.authority} {paper.front.period}"
        first = name[:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        letters.setdefault(letter, []).append((name, folder))
    return tuple(
        Section(
            f"letter-{'other' if letter == '#' else letter.lower()}",
            letter if letter != "#" else "Other",
            (Bullets(tuple(runs(Link(name, f"{folder}/{OVERVIEW}")) for name, folder in found)),),
        )
        for letter, found in letters.items()
    )


def _joined(links: Sequence[Inline]) -> list[Inline]:
    parts: list[Inline] = []
    for index, link in enumerate(links):
        if index:
            parts.append(Run(" "))
        parts.append(link)
    return parts
