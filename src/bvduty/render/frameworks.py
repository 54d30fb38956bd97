"""The built-in frameworks and scales as text or JSON: where users find theme and level ids."""

from __future__ import annotations

import json
from typing import Any

from bvduty.catalog import Catalog
from bvduty.frameworks import Framework
from bvduty.model import Scale
from bvduty.textsafe import one_line


def _default(flag: bool) -> str:
    return " (default)" if flag else ""


def listing_text(found: Catalog) -> str:
    """Every framework and scale, one line each, with the ids a manifest uses."""
    lines = ["Frameworks (manifest field `framework`; theme ids: bvduty framework show ID)"]
    width = max((len(f.id) for f in found.frameworks), default=0)
    for framework in found.frameworks:
        default = _default(framework.id == found.default_framework)
        themes = f"{len(framework.themes)} themes{default}"
        lines.append(f"  {framework.id:<{width}}  {themes}: {one_line(framework.title)}")
    lines += ["", "Scales (manifest field `scale`; levels worst first)"]
    width = max((len(s.id or "") for s in found.scales), default=0)
    for scale in found.scales:
        levels = ", ".join(level.id for level in scale.levels)
        default = _default(scale.id == found.default_scale)
        title = one_line(scale.title or "")
        lines.append(f"  {scale.id or '':<{width}}  {title}: {levels}{default}")
    return "\n".join(lines) + "\n"


def listing_json(found: Catalog) -> str:
    """`{"frameworks": [...], "scales": [...]}`; each item as `show` gives it, plus `default`."""
    document = {
        "frameworks": [
            {**_framework(f), "default": f.id == found.default_framework} for f in found.frameworks
        ],
        "scales": [{**_scale(s), "default": s.id == found.default_scale} for s in found.scales],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def show_text(item: Framework | Scale) -> str:
    """One framework's themes (number, id, title), or one scale's levels (id, label, mark)."""
    if isinstance(item, Scale):
        return _scale_text(item)
    lines = [f"{item.id}: {one_line(item.title)}"]
    if item.source:
        lines.append(f"Source: {one_line(item.source)}")
    if item.licence:
        lines.append(f"Licence: {one_line(item.licence)}")
    lines += ["", "Themes (field `theme` of a theme file):"]
    width = max((len(t.id) for t in item.themes), default=0)
    for theme in item.themes:
        lines.append(f"  {theme.number:>2}  {theme.id:<{width}}  {one_line(theme.title)}")
    lines += [
        "",
        "The guide's description of each theme: --format json, or the files `bvduty init` writes.",
    ]
    return "\n".join(lines) + "\n"


def show_json(item: Framework | Scale) -> str:
    """`{"framework": {...}}` or `{"scale": {...}}`."""
    document = (
        {"scale": _scale(item)} if isinstance(item, Scale) else {"framework": _framework(item)}
    )
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _scale_text(scale: Scale) -> str:
    lines = [
        f"{scale.id}: {one_line(scale.title or '')}",
        "",
        "Levels, worst first (field `rating` and `target`):",
    ]
    width = max(len(level.id) for level in scale.levels)
    label_width = max(len(one_line(level.label)) for level in scale.levels)
    for level in scale.levels:
        extras = "  ".join(x for x in (level.short and f"mark {level.short}", level.colour) if x)
        label = one_line(level.label)
        lines.append(f"  {level.id:<{width}}  {label:<{label_width}}  {extras}".rstrip())
    return "\n".join(lines) + "\n"


def _framework(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "title": framework.title,
        "source": framework.source,
        "licence": framework.licence,
        "themes": [
            {
                "id": t.id,
                "number": t.number,
                "title": t.title,
                "description": list(t.description) if t.description else None,
            }
            for t in framework.themes
        ],
    }


def _scale(scale: Scale) -> dict[str, Any]:
    return {
        "id": scale.id,
        "title": scale.title,
        "levels": [
            {"id": level.id, "label": level.label, "short": level.short, "colour": level.colour}
            for level in scale.levels
        ],
    }
