"""Temporary files for output that is made piece by piece but written only once it is whole.

Why: a command over many assessments renders each one as it loads, so it never holds them
all; but nothing may be written if a file found invalid later stops the run. The pieces wait
here, in memory while small and on disk beyond SPOOL_BYTES, until the last one is made.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
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
