"""Built-in frameworks and scales, kept as YAML data beside this loader.

Why data and not code: councils use different scales (RAG, four colours, 1-5) and frameworks
(the Best Value guide, the CIPFA FM Code), so adding one must never need a code change.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import Field

from bvduty.model import Id, Model, Scale, Slug, Text
from bvduty.yamlload import load_trusted

DEFAULT_FRAMEWORK = "best-value-2024"
DEFAULT_SCALE = "rag"


class ThemeDef(Model):
    """A theme of a framework: its id, number, title and (where known) the guide's description."""

    id: Slug
    number: int = Field(ge=1)
    title: Text
    description: tuple[Text, ...] | None = None


class Framework(Model):
    """A framework: an ordered list of themes, with its source and licence."""

    id: Id
    title: Text
    source: Text | None = None
    licence: Text | None = None
    themes: tuple[ThemeDef, ...]

    def theme(self, theme_id: str) -> ThemeDef | None:
        """The theme with this id, or None."""
        return next((t for t in self.themes if t.id == theme_id), None)


def _data_dir() -> Path:
    return Path(str(files("bvduty.frameworks")))


@cache
def builtin_frameworks() -> dict[str, Framework]:
    """Every framework shipped with bvduty, by id."""
    found: dict[str, Framework] = {}
    for path in sorted(_data_dir().glob("*.yaml")):
        if path.name == "scales.yaml":
            continue
        framework = Framework.model_validate(load_trusted(path))
        found[framework.id] = framework
    return found


@cache
def builtin_scales() -> dict[str, Scale]:
    """Every scale shipped with bvduty, by id."""
    raw: dict[str, Any] = load_trusted(_data_dir() / "scales.yaml")["scales"]
    return {key: Scale.model_validate({"id": key, **value}) for key, value in raw.items()}
