"""Temporary files for output that is made piece by piece but written only once it is whole.

Why: a command over many assessments renders each one as it loads, so it never holds them
all; but nothing may be written if a file found invalid later stops the run. The pieces wait
here, in memory while small and on disk beyond SPOOL_BYTES, until the last one is made.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any

SPOOL_BYTES = 8 * 1024 * 1024
PIECE = 1 << 16


def spool(*, binary: bool = False) -> IO[Any]:
    """An empty temporary file for text (UTF-8, line ends kept as written) or for bytes."""
    if binary:
        return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")
    return tempfile.SpooledTemporaryFile(
        max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline=""
    )


class read_back(Iterator[Any]):  # named as the function it stands in for
    """The file's content from its start, in pieces; the file is closed once read, or when
    `close()` is called (as writers do when a write fails half-way)."""

    def __init__(self, file: IO[Any]) -> None:
        self._file = file
        file.seek(0)

    def __next__(self) -> Any:
        piece = self._file.read(PIECE)
        if not piece:
            self.close()
            raise StopIteration
        return piece

    def close(self) -> None:
        self._file.close()


class Held:
    """A text file kept on disk until it is written out: its text, in pieces, when iterated."""

    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[str]:
        with self.path.open(encoding="utf-8", newline="") as file:
            while piece := file.read(PIECE):
                yield piece


def hold(files: Mapping[str, str], folder: Path) -> dict[str, Held]:
    """Keep `files` (relative POSIX names) under `folder` until they are written out.

    Why: a sector website is every authority's pages, and its overview (which names the
    folders) can only be made once every authority is read; meanwhile the pages wait here.
    """
    held = {}
    for name, text in files.items():
        path = folder / PurePosixPath(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        held[name] = Held(path)
    return held
