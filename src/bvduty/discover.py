"""From command-line paths to assessment folders and the YAML files each one holds.

A folder is an assessment when it holds a file of `kind: assessment` (the manifest). Every other
YAML file belongs to the nearest manifest folder above it. A file named on the command line (as
pre-commit does) means the whole assessment that holds it, since references cross files.

A symbolic link to a YAML file outside the assessment folder is never followed: it is reported
(`link-outside`) at the link, and nothing of its target is read or shown. A link that stays
inside the folder is read as the file it points at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath, PurePosixPath

from bvduty.errors import Problem, UsageError
from bvduty.store import DISK, MAX_FILE_BYTES, MemoryStore, Store

YAML_SUFFIXES = (".yaml", ".yml")
FRAMEWORK_KIND = "framework"
_SCAN_BYTES = 8192
# A top-level `kind:` line in block style; flow-style or odd files fall back to a full parse.
_KIND_LINE = re.compile(
    rb"^kind:[ \t]*[\"']?([A-Za-z0-9_-]+)[\"']?[ \t]*(?:#.*)?\r?$", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class Source:
    """One assessment folder, the YAML files that belong to it (sorted), and where they are read.

    Files on disk are `Path`s read from the `DISK` store; an old version from git is a
    `MemoryStore` of repository-relative `PurePosixPath`s.
    """

    folder: PurePath
    files: tuple[PurePath, ...]
    store: Store = DISK

    @property
    def display(self) -> str:
        return self.store.display(self.folder)


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
    text = os.path.abspath(path)  # noqa: PTH100 - resolve() raises on a symlink loop
    prefix = _resolved_prefix(str(Path.cwd()))
    if text.startswith(prefix):
        return Path(text[len(prefix) :]).as_posix()
    return path.as_posix()


def scan_kind(path: Path) -> str | None:
    """The file's `kind:`, read cheaply from its top-level line (a full parse only when the
    file is in flow style or broken); None when it has none, cannot be read, or is too large.

    At most the size limit plus one byte is ever read, so a huge file costs nothing here.
    """
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
                return None
            head = handle.read(_SCAN_BYTES)
            match = _KIND_LINE.search(head)
            if match is not None:
                return match.group(1).decode("ascii")
            if len(head) == _SCAN_BYTES:
                head += handle.read(MAX_FILE_BYTES + 1 - _SCAN_BYTES)
    except OSError:
        return None
    return kind_of(head)


def kind_of(data: bytes) -> str | None:
    """The `kind:` of a whole file's bytes; None when it has none or is too large."""
    if len(data) > MAX_FILE_BYTES:
        return None
    match = _KIND_LINE.search(data)
    if match is not None:
        return match.group(1).decode("ascii")
    from bvduty.yamlload import parse_bytes

    parsed = parse_bytes(data, "")
    kind = parsed.data.get("kind") if isinstance(parsed.data, dict) else None
    return kind if isinstance(kind, str) else None


def is_manifest(path: Path) -> bool:
    """Whether the file is an assessment manifest (`kind: assessment`)."""
    return scan_kind(path) == "assessment"


class _Kinds(dict[Path, str | None]):
    """Each file's kind, scanned once per discovery run (files are walked more than once)."""

    def __missing__(self, path: Path) -> str | None:
        kind = self[path] = scan_kind(path)
        return kind


def _leaves(path: Path, folder: str) -> bool:
    """Whether `path` is a symbolic link whose target lies outside `folder` (a real path)."""
    if not path.is_symlink():
        return False
    target = os.path.realpath(path)
    return target != folder and not target.startswith(folder.rstrip(os.sep) + os.sep)


def _yaml_files(
    folder: Path,
    kinds: _Kinds,
    skip: frozenset[Path] = frozenset(),
    outside: list[Path] | None = None,
) -> Iterable[Path]:
    """YAML files under `folder`, sorted, leaving out hidden entries and the `skip` folders.

    Links to files outside `folder` are left out too (never read), and added to `outside`.
    Links to folders are not followed (os.walk's default).
    """
    real = os.path.realpath(folder)
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and Path(dirpath, d) not in skip
        )
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            path = Path(dirpath, name)
            if _leaves(path, real):
                if outside is not None:
                    outside.append(path)
                continue
            # Only regular files (a FIFO would block the read); local framework files
            # (`kind: framework`) are read through the manifest that names them.
            if path.is_file() and kinds[path] != FRAMEWORK_KIND:
                yield path


def _manifest_folder_above(start: Path, kinds: _Kinds) -> Path | None:
    for folder in (start, *start.parents):
        real = os.path.realpath(folder)
        try:
            candidates = [
                p
                for p in folder.iterdir()
                if p.suffix in YAML_SUFFIXES and not _leaves(p, real) and p.is_file()
            ]
        except OSError:
            continue
        if any(kinds[p] == "assessment" for p in candidates):
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
    links: list[Path] = []
    kinds = _Kinds()
    for given in paths:
        path = given.resolve()
        if path.exists() and not path.is_dir() and not path.is_file():
            raise UsageError(f"not a file or folder: {display_path(given)}")
        if path.is_file():
            # A file given through a link belongs where the link is, not where its target is.
            here = Path(os.path.abspath(given)).parent.resolve()  # noqa: PTH100
            root = _manifest_folder_above(here, kinds)
            if root is None:
                orphans.append(given)
            else:
                roots.add(root)
            continue
        outside: list[Path] = []
        files = list(_yaml_files(path, kinds, outside=outside))
        found = {f.parent for f in files if kinds[f] == "assessment"}
        roots |= found
        loose = [f for f in files if not _has_root(f, found, path)]
        stray = [f for f in outside if not _has_root(f, found, path)]
        if loose or stray:
            above = _manifest_folder_above(path.parent, kinds)
            if above is None:
                orphans.extend(loose)
                links.extend(stray)
            else:
                roots.add(above)
    frozen = frozenset(roots)
    sources = tuple(
        Source(root, tuple(_yaml_files(root, kinds, frozen - {root}, links)))
        for root in sorted(roots)
    )
    problems = {_orphan_problem(p) for p in orphans} | {_link_problem(p) for p in links}
    return Discovery(sources, tuple(sorted(problems)))


def assessment_above(path: Path) -> Path | None:
    """The nearest folder at or above `path`'s folder holding a manifest (`path` need not exist)."""
    return _manifest_folder_above(Path(os.path.abspath(path)).parent, _Kinds())  # noqa: PTH100


_ORPHAN = "not inside an assessment folder: no file of kind 'assessment' in this folder or above"


def _orphan_problem(path: Path) -> Problem:
    return Problem(display_path(path), 1, 1, "no-manifest", "", _ORPHAN)


_LINK_OUTSIDE = (
    "a link to a file outside the assessment folder; bvduty does not follow it:"
    " copy the file into the folder, or remove the link"
)


def _link_problem(path: Path) -> Problem:
    return Problem(display_path(path), 1, 1, "link-outside", "", _LINK_OUTSIDE)


def discover_memory(store: MemoryStore, folder: PurePosixPath) -> Discovery:
    """The assessments in `folder` of a store held in memory (an old version from git).

    The rules are those of `discover` on a folder: hidden entries below `folder` are left out,
    local framework files too, and each file belongs to the nearest manifest folder above it.
    """
    files: list[PurePosixPath] = []
    kinds: dict[PurePosixPath, str | None] = {}
    for path in sorted(store.files):
        try:
            inside = path.relative_to(folder) if folder != PurePosixPath(".") else path
        except ValueError:
            continue
        if any(part.startswith(".") for part in inside.parts) or path.suffix not in YAML_SUFFIXES:
            continue
        kind = kinds[path] = kind_of(store.files[path])
        if kind != FRAMEWORK_KIND:
            files.append(path)
    roots = sorted({p.parent for p in files if kinds[p] == "assessment"})
    owned: dict[PurePosixPath, list[PurePath]] = {root: [] for root in roots}
    orphans = []
    for path in files:
        owner = next((f for f in (path.parent, *path.parent.parents) if f in owned), None)
        if owner is None:
            orphans.append(path)
        else:
            owned[owner].append(path)
    sources = tuple(Source(root, tuple(owned[root]), store) for root in roots)
    problems = tuple(Problem(store.display(p), 1, 1, "no-manifest", "", _ORPHAN) for p in orphans)
    return Discovery(sources, problems)
