"""Built-in frameworks and scales, kept as YAML data beside this loader.

Why data and not code: councils use different scales (RAG, four colours, 1-5) and frameworks
(the Best Value guide, the CIPFA FM Code), so adding one must never need a code change.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from bvduty.model import Id, Model, Scale, Slug, Text
from bvduty.yamlload import load_trusted

DEFAULT_FRAMEWORK = "best-value-2024"
DEFAULT_SCALE = "rag"


class ThemeDef(Model):
    """A theme of a framework: its id, number, title and (where known) the guide's description."""

    id: Slug = Field(description="Theme id used in theme files, e.g. use-of-resources")
    number: int = Field(ge=1, description="The theme's number in the framework, from 1")
    title: Text = Field(description="The theme's title, e.g. Use of Resources")
    description: tuple[Text, ...] | None = Field(
        None, description="The guide's description of the theme, one paragraph per item"
    )


class Framework(Model):
    """A framework: an ordered list of themes, with its source and licence.

    A local framework file may start with `bvduty: 1` and `kind: framework`; discovery then
    leaves it out of the assessment's own files, so it can sit in the assessment folder.
    """

    bvduty: int | None = Field(None, ge=1, le=1, description="File format version; must be 1")
    kind: Literal["framework"] | None = Field(
        None, description="framework: a local framework file, which may sit in the folder"
    )
    id: Id = Field(description="Framework id, e.g. fm-code")
    title: Text = Field(description="Name of the framework")
    source: Text | None = Field(None, description="Where the framework comes from")
    licence: Text | None = Field(None, description="Licence of the framework's text")
    background: tuple[Text, ...] = Field(
        (), description="Why the framework applies: the paper's background section opens with it"
    )
    themes: tuple[ThemeDef, ...] = Field(description="Themes, in the framework's order")

    @model_validator(mode="after")
    def _unique_themes(self) -> Framework:
        ids = [t.id for t in self.themes]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"theme id {repeated[0]!r} is listed twice")
        if not self.themes:
            raise ValueError("a framework needs at least one theme")
        return self

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
        if path.name in ("scales.yaml", "indicators.yaml"):  # not frameworks
            continue
        framework = Framework.model_validate(load_trusted(path))
        found[framework.id] = framework
    return found


@cache
def builtin_scales() -> dict[str, Scale]:
    """Every scale shipped with bvduty, by id."""
    raw: dict[str, Any] = load_trusted(_data_dir() / "scales.yaml")["scales"]
    return {key: Scale.model_validate({"id": key, **value}) for key, value in raw.items()}
