"""bvduty: Best Value Duty self-assessment as code."""

from __future__ import annotations


def version() -> str:
    """The installed version, from the package metadata (pyproject.toml is its one source)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("bvduty")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "unknown"
