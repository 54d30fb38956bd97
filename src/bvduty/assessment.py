"""The domain values every analysis works from: a whole, valid assessment and its parts.

They are built by `load.load_assessment` and never change afterwards; analysis and rendering
modules import this module, never the loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from bvduty.frameworks import Framework, ThemeDef
from bvduty.indicators import Series
from bvduty.model import Action, Criterion, Evidence, Manifest, Scale, ThemeFile


@dataclass(frozen=True, slots=True)
class PlacedAction:
    """An action with the theme of the file it sits in (None for an action-plan file)."""

    action: Action
    theme: str | None
    file: str

    def days_overdue(self, when: date) -> int | None:
        """Days past due at `when` for an open action; None when not overdue (due on `when`
        is not overdue; done and cancelled actions never are)."""
        late = (when - self.action.due).days
        return late if self.action.status.is_open and late > 0 else None


@dataclass(frozen=True, slots=True)
class ThemeEntry:
    """A framework theme and the file that assesses it (None when no file covers it)."""

    definition: ThemeDef
    doc: ThemeFile | None
    file: str | None


@dataclass(frozen=True)
class Assessment:
    """A whole, valid assessment: what every analysis and renderer works from."""

    folder: str
    manifest: Manifest
    framework: Framework
    scale: Scale
    themes: tuple[ThemeEntry, ...]
    actions: tuple[PlacedAction, ...]
    evidence: tuple[Evidence, ...]
    files: int
    indicators: tuple[Series, ...] = ()  # financial resilience indicators (docs/format.md 2.8)

    @property
    def default_target(self) -> str:
        return self.manifest.default_target or self.scale.levels[-1].id

    def rank(self, level_id: str) -> int:
        """Position of a level in the scale, 0 = worst."""
        return self._ranks[level_id]

    @cached_property
    def _ranks(self) -> dict[str, int]:
        return {level.id: index for index, level in enumerate(self.scale.levels)}

    def target_of(self, criterion: Criterion) -> str | None:
        """The effective target of a cell; None for a cross-reference cell."""
        if criterion.see is not None:
            return None
        return criterion.target or self.default_target

    @cached_property
    def criterion_themes(self) -> dict[str, str]:
        """Cell id -> theme id."""
        return {c.id: theme for theme, c in self.criteria()}

    def action_theme(self, placed: PlacedAction) -> str | None:
        """An action's theme (docs/format.md 2.5): its file's, else its first cell's, else None."""
        if placed.theme is not None:
            return placed.theme
        first = placed.action.criteria[0] if placed.action.criteria else None
        return self.criterion_themes.get(first) if first else None

    def criteria(self) -> Iterator[tuple[str, Criterion]]:
        """Every cell with its theme id, in framework order then file order."""
        for entry in self.themes:
            if entry.doc is not None:
                for criterion in entry.doc.criteria:
                    yield entry.definition.id, criterion
