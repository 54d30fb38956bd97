"""One file that passed its own schema check, or the parts of it that did, with what is needed to
point into it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import yaml

from bvduty.errors import Problem, Severity
from bvduty.model import ActionsFile, EvidenceFile, IndicatorsFile, Manifest, ThemeFile
from bvduty.yamlload import Tree, locate

AnyDocument = Manifest | ThemeFile | ActionsFile | EvidenceFile | IndicatorsFile
# Stands in for an id in a list (`evidence: [E001, "E 2"]`) that could not be read, so that the
# others keep their places and are still checked; checks never judge it.
UNREAD = "\x00unread"


@dataclass(frozen=True, slots=True)
class FileDoc:
    """One file's model, where it is, and its node tree for positions.

    A file with problems of its own still takes part in the cross-file checks with what could
    be read: `kept` maps a top-level list (`criteria`) to the positions in the file of the items
    that were kept, `broken` names the top-level fields that could not be read (they hold
    stand-in values that no check may judge), and `trimmed` holds the places in the file
    (`("actions", 3)`, `("report",)`) that lost a field, so that no check judges them by what
    is now absent.
    """

    display: str
    path: PurePath
    doc: AnyDocument
    tree: Tree  # composed only when a problem is first placed in this file
    kept: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    broken: frozenset[str] = frozenset()
    trimmed: frozenset[tuple[str | int, ...]] = frozenset()

    @property
    def root(self) -> yaml.Node | None:
        return self.tree.root

    def complete(self, loc: Sequence[str | int]) -> bool:
        """Whether the item or mapping at `loc` was read whole (no field of it was dropped)."""
        return self.in_file(loc) not in self.trimmed

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
        where = self.in_file(loc)
        line, column = locate(self.root, where, key=key)
        return Problem(self.display, line, column, code, dotted(where), message, severity)

    def at_character(
        self, loc: Sequence[str | int], index: int, code: str, message: str
    ) -> Problem:
        """A problem at character `index` of the text value at `loc` (an odd character)."""
        where = self.in_file(loc)
        line, column = character_position(self.root, where, index)
        return Problem(self.display, line, column, code, dotted(where), message)

    def in_file(self, loc: Sequence[str | int]) -> tuple[str | int, ...]:
        """`loc` with a kept item's index turned back into its index in the file."""
        steps = tuple(loc)
        if len(steps) > 1 and isinstance(steps[0], str) and isinstance(steps[1], int):
            kept = self.kept.get(steps[0])
            if kept is not None and 0 <= steps[1] < len(kept):
                return (steps[0], kept[steps[1]], *steps[2:])
        return steps


def dotted(loc: Sequence[str | int]) -> str:
    """A location as the dotted path problems carry, e.g. `criteria.3.rating`."""
    return ".".join(str(step) for step in loc)


def node_at(root: yaml.Node | None, loc: Sequence[str | int], *, key: bool = False) -> yaml.Node:
    """The node at `loc` (its key node with `key=True`), or the nearest one that exists."""
    if root is None:
        raise LookupError("no node tree")
    node = root
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                    node = key_node if (last and key) else value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                break
            node = node.value[step]
        else:
            break
    return node


def character_position(
    root: yaml.Node | None, loc: Sequence[str | int], index: int, *, key: bool = False
) -> tuple[int, int]:
    """The 1-based (line, column) of character `index` of the text at `loc`.

    Exact for a value on one line (plain, or quoted without escapes); a value over several
    lines is pointed at where it starts.
    """
    if root is None:
        return 1, 1
    node = node_at(root, loc, key=key)
    line, column = int(node.start_mark.line) + 1, int(node.start_mark.column) + 1
    if not isinstance(node, yaml.ScalarNode) or node.end_mark.line != node.start_mark.line:
        return line, column
    quoted = 1 if node.style in ("'", '"') else 0
    return line, column + quoted + index
