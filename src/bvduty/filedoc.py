"""One file that passed its own schema check, with what is needed to point into it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import yaml

from bvduty.errors import Problem, Severity
from bvduty.model import ActionsFile, EvidenceFile, Manifest, ThemeFile
from bvduty.yamlload import locate

AnyDocument = Manifest | ThemeFile | ActionsFile | EvidenceFile


@dataclass(frozen=True, slots=True)
class FileDoc:
    """One validated file: its model, where it is, and its node tree for positions."""

    display: str
    path: PurePath
    doc: AnyDocument
    root: yaml.Node | None

    def at(
        self,
        loc: Sequence[str | int],
        code: str,
        message: str,
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem positioned at `loc` (a path of keys and indexes) in this file."""
        line, column = locate(self.root, loc, key=key)
        return Problem(self.display, line, column, code, dotted(loc), message, severity)


def dotted(loc: Sequence[str | int]) -> str:
    """A location as the dotted path problems carry, e.g. `criteria.3.rating`."""
    return ".".join(str(step) for step in loc)
