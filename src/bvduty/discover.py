"""From command-line paths to assessment folders and the YAML files each one holds.

A folder is an assessment when it holds a file of `kind: assessment` (the manifest). Every other
YAML file belongs to the nearest manifest folder above it. A file named on the command line (as
pre-commit does) means the whole assessment that holds it, since references cross files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bvduty.errors import Problem, UsageError

YAML_SUFFIXES = (".yaml", ".yml")
_SCAN_BYTES = 8192
# A top-level `kind:` line in block style; flow-style or odd files fall back to a full parse.
_KIND_LINE = re.compile(
    rb"^kind:[ \t]*[\"']?([A-Za-z0-9_-]+)[\"']?[ \t]*(?:#.*)?\r?$", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class Source:
    """One assessment folder and the YAML files that belong to it, sorted."""

    folder: Path
    files: tuple[Path, ...]

    @property
    def display(self) -> str:
        return display_path(self.folder)


@dataclass(frozen=True, slots=True)
class Discovery:
    """What the paths hold: assessments to load, and files that belong to none."""

    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]

    @property
    def file_count(self) -> int:
        return sum(len(s.files) for s in self.sources) + len({p.file for p in self.problems})


@cache
def _resolved_prefix(cwd: str) -> str:
    return str(Path(cwd).resolve()) + os.sep


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory where possible.

    Called for every file, so it avoids pathlib's slow paths: discovery already hands over
    resolved absolute paths, and the working directory is resolved once per directory.
    """
    text = str(path if path.is_absolute() else path.resolve())
    prefix = _resolved_prefix(str(Path.cwd()))
    if text.startswith(prefix):
        return Path(text[len(prefix) :]).as_posix()
    return path.as_posix()


def is_manifest(path: Path) -> bool:
    """Whether the file is an assessment manifest, read cheaply from its `kind:` line."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SCAN_BYTES)
            match = _KIND_LINE.search(head)
            if match is None and len(head) == _SCAN_BYTES:
                match = _KIND_LINE.search(head + handle.read())
    except OSError:
        return False
    if match is not None:
        return match.group(1) == b"assessment"
    from bvduty.yamlload import parse_file  # rare: flow style or broken; parse to be exact

    data = parse_file(path, str(path)).data
    return isinstance(data, dict) and data.get("kind") == "assessment"


def _yaml_files(folder: Path, skip: frozenset[Path] = frozenset()) -> Iterable[Path]:
    """YAML files under `folder`, sorted, leaving out hidden entries and the `skip` folders."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and Path(dirpath, d) not in skip
        )
        for name in sorted(filenames):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath, name)


def _manifest_folder_above(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        try:
            candidates = [p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()]
        except OSError:
            continue
        if any(is_manifest(p) for p in candidates):
            return folder
    return None


def _has_root(file: Path, roots: set[Path], top: Path) -> bool:
    folder = file.parent
    while True:
        if folder in roots:
            return True
        if folder == top or folder == folder.parent:
            return False
        folder = folder.parent


def discover(paths: Sequence[Path]) -> Discovery:
    """Find every assessment under or above the given paths.

    Raises:
        UsageError: a path does not exist.
    """
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {display_path(missing[0])}")
    roots: set[Path] = set()
    orphans: list[Path] = []
    for given in paths:
        path = given.resolve()
        if path.is_file():
            root = _manifest_folder_above(path.parent)
            if root is None:
                orphans.append(given)
            else:
                roots.add(root)
            continue
        files = list(_yaml_files(path))
        found = {f.parent for f in files if is_manifest(f)}
        roots |= found
        loose = [f for f in files if not _has_root(f, found, path)]
        if loose:
            above = _manifest_folder_above(path.parent)
            if above is None:
                orphans.extend(loose)
            else:
                roots.add(above)
    frozen = frozenset(roots)
    sources = (Source(root, tuple(_yaml_files(root, frozen - {root}))) for root in sorted(roots))
    return Discovery(tuple(sources), tuple(sorted({_orphan_problem(p) for p in orphans})))


def _orphan_problem(path: Path) -> Problem:
    message = (
        "not inside an assessment folder: no file of kind 'assessment' in this folder or above"
    )
    return Problem(display_path(path), 1, 1, "no-manifest", "", message)
