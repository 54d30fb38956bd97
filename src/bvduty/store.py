"""Where an assessment's bytes come from: files on disk, or a git revision held in memory.

Why a store: `diff --since REV` and `report --compare REV` read an old version of the files from
git. Reading those bytes from memory, through the same loader as files on disk, means nothing
from a repository's history is ever written anywhere, whatever paths its trees hold.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from typing import Protocol

MAX_FILE_BYTES = 4 * 1024 * 1024


class TooLarge(OSError):
    """A file is over the size limit; raised before its bytes are read."""

    def __init__(self, size: int) -> None:
        super().__init__(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        self.size = size


class Store(Protocol):
    """Reads the files of one assessment; paths are those discovery handed out."""

    def read(self, path: PurePath) -> bytes:
        """The file's bytes.

        Raises:
            TooLarge: the file is over `MAX_FILE_BYTES` (checked before reading).
            OSError: the file cannot be read.
        """
        ...

    def is_file(self, path: PurePath) -> bool: ...

    def inside(self, path: PurePath, folder: PurePath) -> bool:
        """Whether `path`, with every symbolic link followed, lies within `folder`."""
        ...

    def display(self, path: PurePath) -> str:
        """The path as messages show it."""
        ...


def inside_on_disk(path: PurePath, folder: PurePath) -> bool:
    """Whether the file at `path`, links followed, lies within `folder` (links followed too).

    Why: a path that is confined by its text (`frameworks/fm.yaml`) can still be a link to a
    file anywhere; what is read must be what the text promises.
    """
    target = os.path.realpath(path)
    bound = os.path.realpath(folder)
    return target == bound or target.startswith(bound.rstrip(os.sep) + os.sep)


def read_capped(path: PurePath, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a file from disk, refusing one over `limit` bytes before reading it.

    Why both checks: the size from `fstat` catches an ordinary big file (or a link to one) at
    no cost; reading at most `limit + 1` bytes also stops a file that grows while it is read,
    or a device that reports no size.

    Raises:
        TooLarge: the file holds more than `limit` bytes.
        OSError: the file cannot be read.
    """
    with open(path, "rb") as handle:  # noqa: PTH123 - a PurePath has no open()
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise TooLarge(size)
        # size + 1, not limit + 1: reading asks for a buffer of that size, and 4 MiB for each
        # file cost a fifth of the time of reading a corpus. A byte past `size` means the file
        # grew (or its size is unknown): then read on, to the limit.
        data = handle.read(size + 1)
        if len(data) > size:
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


class DiskStore:
    """Files on disk, shown relative to the working directory."""

    def read(self, path: PurePath) -> bytes:
        return read_capped(path)

    def is_file(self, path: PurePath) -> bool:
        return Path(path).is_file()

    def inside(self, path: PurePath, folder: PurePath) -> bool:
        return inside_on_disk(path, folder)

    def display(self, path: PurePath) -> str:
        from bvduty.discover import display_path

        return display_path(Path(path))


DISK = DiskStore()


@dataclass(frozen=True)
class MemoryStore:
    """Files held in memory by repository-relative POSIX path, shown as `LABEL:path`.

    `label` is what the user typed for the revision, so a problem in an old version reads
    `2024-25-final:assessments/eb/actions.yaml:12:5`, the way `git show` names it.
    """

    label: str
    files: Mapping[PurePosixPath, bytes] = field(default_factory=dict)

    def read(self, path: PurePath) -> bytes:
        try:
            data = self.files[PurePosixPath(path)]
        except KeyError:
            raise FileNotFoundError(f"no such file at {self.label}") from None
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge(len(data))
        return data

    def is_file(self, path: PurePath) -> bool:
        return PurePosixPath(path) in self.files

    def inside(self, path: PurePath, folder: PurePath) -> bool:
        """Paths in memory are plain names (git's links are not read): the text decides."""
        return PurePosixPath(path).is_relative_to(PurePosixPath(folder))

    def display(self, path: PurePath) -> str:
        return f"{self.label}:{PurePosixPath(path).as_posix()}"


@dataclass(frozen=True)
class OverlayStore:
    """Files on disk, except one whose bytes came from elsewhere (an editor's unsaved buffer
    piped to `bvduty validate - --stdin-filename FILE`)."""

    path: Path
    data: bytes

    def read(self, path: PurePath) -> bytes:
        if Path(path) == self.path:
            if len(self.data) > MAX_FILE_BYTES:
                raise TooLarge(len(self.data))
            return self.data
        return read_capped(path)

    def is_file(self, path: PurePath) -> bool:
        return Path(path) == self.path or Path(path).is_file()

    def inside(self, path: PurePath, folder: PurePath) -> bool:
        return Path(path) == self.path or inside_on_disk(path, folder)

    def display(self, path: PurePath) -> str:
        return DISK.display(path)
