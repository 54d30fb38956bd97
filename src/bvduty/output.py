"""Writing output files atomically: a reader never sees half a paper, and a crash leaves none."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from bvduty.errors import UsageError

INPUT_SUFFIXES = (".yaml", ".yml")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` to a temporary file beside `path`, then rename it into place.

    Raises:
        UsageError: the folder does not exist or cannot be written, or `path` is an existing
            YAML file (an --output aimed at an input file by mistake).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.suffix.lower() in INPUT_SUFFIXES and path.exists():
        raise UsageError(
            f"refusing to overwrite {path}: bvduty never changes YAML files;"
            " choose another --output"
        )
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder; give a file name")
    if path.is_symlink():  # write through the link: replace what it points at, keep the link
        try:
            path = path.resolve(strict=False)
        except (OSError, RuntimeError):
            raise UsageError(f"cannot write {path}: the link cannot be followed") from None
        if path.suffix.lower() in INPUT_SUFFIXES and path.exists():
            raise UsageError(f"refusing to overwrite {path}: bvduty never changes YAML files")
    if path.exists() and not path.is_file():  # /dev/stdout, a pipe: nothing to rename over
        try:
            with path.open("wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        return
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def write_files(
    folder: Path, files: Mapping[str, str | bytes], *, overwrite: bool = True
) -> list[Path]:
    """Write several files (relative POSIX paths) under `folder`, creating folders, each atomically.

    With `overwrite=False` nothing at all is written when any target already exists.

    Raises:
        UsageError: a target exists (with `overwrite=False`), or a folder cannot be made or written.
    """
    targets = {name: folder / PurePosixPath(name) for name in files}
    if not overwrite:
        existing = [path for path in targets.values() if path.exists() or path.is_symlink()]
        if existing:
            more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
            raise UsageError(f"{existing[0]} already exists{more}; nothing was written")
    for name, path in targets.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot make folder {path.parent}: {exc.strerror}") from None
        write_atomic(path, files[name])
    return list(targets.values())


def write_result(output: Path | None, content: str | bytes | Mapping[str, str | bytes]) -> None:
    """Write a command's result: a mapping of names is a folder of files; anything else one file.

    Raises:
        UsageError: as `write_atomic`; or binary content with no file to write it to.
    """
    if output is None:
        raise UsageError("this output is a file: give --output FILE")
    if isinstance(content, Mapping):
        write_files(output, content)
    else:
        write_atomic(output, content)
