"""The heatmap: every cell's rating against its target, theme by theme in framework order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bvduty.assessment import Assessment
from bvduty.model import Criterion, Level


@dataclass(frozen=True, slots=True)
class Cell:
    """One heatmap cell; `rating` and `target` are level ids, None when unrated or `see`.

    `label` is the short name shown in a picture; `title` and `statement` are the criterion's own
    text in full (None when it has none), for exports that hold every word.
    """

    id: str
    label: str
    rating: str | None
    target: str | None
    see: str | None
    rank: int | None
    target_rank: int | None
    evidence: int
    title: str | None = None
    statement: str | None = None

    @property
    def text(self) -> str:
        """The name of the cell in full (its title, else its statement), for exports."""
        return " ".join((self.title or self.statement or f"See {self.see}").split())

    @property
    def below_target(self) -> bool:
        return (
            self.rank is not None and self.target_rank is not None and self.rank < self.target_rank
        )

    @property
    def levels_below(self) -> int:
        if self.rank is None or self.target_rank is None:
            return 0
        return max(0, self.target_rank - self.rank)

    @property
    def unrated(self) -> bool:
        return self.see is None and self.rating is None


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """Counts for one theme: what a many-authority matrix shows in one cell."""

    cells: int
    rated: int
    unrated: int
    below_target: int
    at_or_above: int
    by_level: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """One theme: its number, title and cells in file order (empty when no file covers it)."""

    id: str
    number: int
    title: str
    covered: bool
    cells: tuple[Cell, ...]
    summary: ThemeSummary

    @property
    def assessed(self) -> bool:
        """Whether any characteristic of the theme is rated (gap code `not-assessed` if not)."""
        return self.summary.rated > 0


@dataclass(frozen=True, slots=True)
class Heatmap:
    """The whole heatmap of one assessment."""

    authority: str
    period: str
    as_of: date
    title: str
    scale: tuple[Level, ...]
    themes: tuple[ThemeRow, ...]

    @property
    def totals(self) -> ThemeSummary:
        """The theme summaries added up over the whole heatmap (by_level included)."""
        rows = [row.summary for row in self.themes]
        return ThemeSummary(
            cells=sum(r.cells for r in rows),
            rated=sum(r.rated for r in rows),
            unrated=sum(r.unrated for r in rows),
            below_target=sum(r.below_target for r in rows),
            at_or_above=sum(r.at_or_above for r in rows),
            by_level=tuple(sum(r.by_level[i] for r in rows) for i in range(len(self.scale))),
        )

    def level(self, level_id: str) -> Level:
        return next(level for level in self.scale if level.id == level_id)

    def marks(self) -> dict[str, str]:
        """A short text mark per level (the scale's `short`, else derived), unique per scale."""
        return level_marks(self.scale)


def level_marks(scale: tuple[Level, ...]) -> dict[str, str]:
    """Short marks for cells: the level's own `short`, else initials of its id, made unique."""
    marks: dict[str, str] = {}
    for index, level in enumerate(scale):
        mark = level.short or "".join(part[0] for part in level.id.split("-")).upper()[:3]
        if mark in marks.values():
            mark = str(index + 1)
        marks[level.id] = mark
    return marks


def cell_label(criterion: Criterion, limit: int | None = 60) -> str:
    """The short name of a cell: its title, else the start of its statement (no cut with None)."""
    text = criterion.title or criterion.statement or f"See {criterion.see}"
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cell_text(criterion: Criterion) -> str:
    """The name of a cell in full: its title, else its statement, on one line."""
    return " ".join((criterion.title or criterion.statement or f"See {criterion.see}").split())


def build_heatmap(assessment: Assessment) -> Heatmap:
    """The heatmap of one valid assessment."""
    rows = []
    for entry in assessment.themes:
        criteria = entry.doc.criteria if entry.doc else ()
        cells = tuple(_cell(assessment, c) for c in criteria)
        definition = entry.definition
        rows.append(
            ThemeRow(
                definition.id,
                definition.number,
                definition.title,
                entry.doc is not None,
                cells,
                _summary(cells, len(assessment.scale.levels)),
            )
        )
    manifest = assessment.manifest
    return Heatmap(
        authority=manifest.authority.name,
        period=manifest.period,
        as_of=manifest.as_of,
        title=manifest.display_title,
        scale=assessment.scale.levels,
        themes=tuple(rows),
    )


def _cell(assessment: Assessment, criterion: Criterion) -> Cell:
    target = assessment.target_of(criterion)
    rating = None if criterion.see else criterion.rating
    return Cell(
        id=criterion.id,
        label=cell_label(criterion),
        rating=rating,
        target=target,
        see=criterion.see,
        rank=assessment.rank(rating) if rating else None,
        target_rank=assessment.rank(target) if target else None,
        evidence=len(criterion.evidence),
        title=criterion.title,
        statement=criterion.statement,
    )


def _summary(cells: tuple[Cell, ...], levels: int) -> ThemeSummary:
    rated = [c for c in cells if c.rank is not None]
    by_level = [0] * levels
    for cell in rated:
        assert cell.rank is not None
        by_level[cell.rank] += 1
    below = sum(1 for c in rated if c.below_target)
    return ThemeSummary(
        cells=sum(1 for c in cells if c.see is None),
        rated=len(rated),
        unrated=sum(1 for c in cells if c.unrated),
        below_target=below,
        at_or_above=len(rated) - below,
        by_level=tuple(by_level),
    )


def only_theme(heatmap: Heatmap, theme_id: str) -> Heatmap:
    """The same heatmap narrowed to one theme (the caller checks the id exists)."""
    return replace(heatmap, themes=tuple(row for row in heatmap.themes if row.id == theme_id))
