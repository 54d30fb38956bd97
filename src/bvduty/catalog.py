"""What bvduty ships: the built-in frameworks and scales, and finding one by id.

Why a module of its own: `framework list/show`, `init` and shell completion all need the same
lookups and the same "unknown id" message listing what does exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bvduty.errors import UsageError
from bvduty.frameworks import (
    DEFAULT_FRAMEWORK,
    DEFAULT_SCALE,
    Framework,
    builtin_frameworks,
    builtin_scales,
)
from bvduty.model import Scale


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every built-in framework and scale, in id order, and which ones are the defaults."""

    frameworks: tuple[Framework, ...]
    scales: tuple[Scale, ...]
    default_framework: str = DEFAULT_FRAMEWORK
    default_scale: str = DEFAULT_SCALE


def catalog() -> Catalog:
    """The built-in frameworks and scales."""
    frameworks = builtin_frameworks()
    scales = builtin_scales()
    return Catalog(
        tuple(frameworks[key] for key in sorted(frameworks)),
        tuple(scales[key] for key in sorted(scales)),
    )


def framework(framework_id: str) -> Framework:
    """The built-in framework with this id.

    Raises:
        UsageError: no built-in framework has it.
    """
    found = builtin_frameworks().get(framework_id)
    if found is None:
        raise UsageError(_unknown("framework", framework_id, builtin_frameworks()))
    return found


def scale(scale_id: str) -> Scale:
    """The built-in scale with this id.

    Raises:
        UsageError: no built-in scale has it.
    """
    found = builtin_scales().get(scale_id)
    if found is None:
        raise UsageError(_unknown("scale", scale_id, builtin_scales()))
    return found


def lookup(item_id: str) -> Framework | Scale:
    """The built-in framework, or else the built-in scale, with this id.

    Raises:
        UsageError: neither exists.
    """
    if item_id in builtin_frameworks():
        return builtin_frameworks()[item_id]
    if item_id in builtin_scales():
        return builtin_scales()[item_id]
    known = ", ".join([*sorted(builtin_frameworks()), *sorted(builtin_scales())])
    raise UsageError(f"no built-in framework or scale '{item_id}'; there are: {known}")


def _unknown(what: str, item_id: str, known: Iterable[str]) -> str:
    return f"no built-in {what} '{item_id}'; {what}s: {', '.join(sorted(known))}"
