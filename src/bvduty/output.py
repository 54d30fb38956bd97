"""Writing output files atomically: a reader never sees half a paper, and a crash leaves none.

The rules (docs/format.md, "Where --output writes"): `-` and `/dev/stdout` mean standard
output; a pipe or device is written in place, waiting a little for a reader of a named pipe
but never for ever; a YAML target is refused when it exists or would sit inside an assessment
folder; and a temporary file is removed when the write is stopped by Ctrl-C, SIGTERM or SIGHUP.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from types import FrameType
from typing import TypeAlias

from bvduty.errors import UsageError

INPUT_SUFFIXES = (".yaml", ".yml")
STDOUT_NAMES = ("-", "/dev/stdout")
FIFO_WAIT_SECONDS = 10.0  # how long a named pipe may take to get a reader before we give up
_FIFO_POLL_SECONDS = 0.05
# Signals that end a process by default and that a user or a service manager sends to stop one.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)

# What a command writes: whole text or bytes, or the pieces of one document in order (output
# over many assessments is made piece by piece, so that it is never all in memory at once).
Content: TypeAlias = str | bytes | Iterable[str] | Iterable[bytes]


def _encoded(content: Content) -> Iterator[bytes]:
    """The content as bytes, piece by piece (text as UTF-8)."""
    pieces: Iterable[str | bytes] = [content] if isinstance(content, str | bytes) else content
    for piece in pieces:
        yield piece.encode("utf-8") if isinstance(piece, str) else piece


def write_atomic(path: Path, content: Content) -> None:
    """Write `content` to a temporary file beside `path`, then rename it into place.

    Pieces are written as they come; when making one fails (an invalid file found late), the
    temporary file is removed and the error goes on: nothing half-made is left behind.

    Raises:
        UsageError: the folder does not exist or cannot be written, or `path` is an existing
            YAML file (an --output aimed at an input file by mistake), or a named pipe that no
            program reads.
    """
    if path.suffix.lower() in INPUT_SUFFIXES and path.exists():
        raise UsageError(
            f"refusing to overwrite {path}: bvduty never changes YAML files;"
            " choose another --output"
        )
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder; give a file name")
    if path.exists() and not path.is_file():  # a pipe or a device: nothing to rename over
        _write_in_place(path, content)
        return
    if path.is_symlink():  # write through the link: replace what it points at, keep the link
        try:
            path = path.resolve(strict=False)
        except (OSError, RuntimeError):
            raise UsageError(f"cannot write {path}: the link cannot be followed") from None
        if path.suffix.lower() in INPUT_SUFFIXES and path.exists():
            raise UsageError(f"refusing to overwrite {path}: bvduty never changes YAML files")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    with _stops_raise():
        temporary: Path | None = None
        try:
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            temporary = Path(name)
            with os.fdopen(handle, "wb") as stream:
                for piece in _encoded(content):
                    stream.write(piece)
                stream.flush()
                os.fsync(stream.fileno())
            temporary.chmod(0o644)
            temporary.replace(path)
        except BaseException as exc:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            if isinstance(exc, OSError):
                raise UsageError(f"cannot write {path}: {exc.strerror}") from None
            raise


class _Stopped(BaseException):
    """A stop signal arrived while a temporary file existed (raised by the signal handler)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _stops_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise `_Stopped`, so `finally` and `except` blocks
    remove the temporary file; the process then ends by that same signal, as it would have.

    Only default handlers are replaced (a program that installed its own keeps it), and only
    in the main thread, the one place Python lets a handler be set.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    replaced = [s for s in _STOP_SIGNALS if signal.getsignal(s) is signal.SIG_DFL]
    for signum in replaced:
        signal.signal(signum, _raise_stopped)
    try:
        yield
    except _Stopped as stopped:
        for signum in replaced:
            signal.signal(signum, signal.SIG_DFL)
        replaced = []
        os.kill(os.getpid(), stopped.signum)  # die by the signal, as the sender expects
        raise SystemExit(128 + stopped.signum) from None  # only when the signal is blocked
    finally:
        for signum in replaced:
            signal.signal(signum, signal.SIG_DFL)


def _write_in_place(path: Path, content: Content) -> None:
    """Write to a pipe or device that already exists (no temporary file, nothing to rename).

    A named pipe (FIFO) with no reader would block `open` for ever: it is opened without
    blocking, retried for up to `FIFO_WAIT_SECONDS` until a reader appears, then refused.

    Raises:
        UsageError: no reader came, or the write failed (the reader went away).
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    deadline = time.monotonic() + FIFO_WAIT_SECONDS
    while True:
        try:
            handle = os.open(path, os.O_WRONLY | nonblocking)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: a named pipe that nobody is reading
                raise UsageError(f"cannot write {path}: {exc.strerror}") from None
            if time.monotonic() >= deadline:
                raise UsageError(
                    f"cannot write {path}: no program is reading from this named pipe"
                    f" (waited {FIFO_WAIT_SECONDS:g} seconds); start the reader first"
                ) from None
            time.sleep(_FIFO_POLL_SECONDS)
    try:
        if nonblocking:
            os.set_blocking(handle, True)  # the reader is there: wait for it, as a pipe does
        with os.fdopen(handle, "wb") as stream:
            for piece in _encoded(content):
                stream.write(piece)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def is_stdout(path: Path) -> bool:
    """Whether `--output` names standard output: `-` or `/dev/stdout`."""
    return str(path) in STDOUT_NAMES


def _write_stdout(content: Content) -> None:
    """Write to the standard output this process was given (a pipe, a file, a terminal).

    Raises:
        UsageError: binary content (a PDF, a Word file) and standard output is a terminal.
    """
    pieces = iter([content] if isinstance(content, str | bytes) else content)
    first = next(pieces, "")
    if isinstance(first, str):
        sys.stdout.write(first)
        for piece in pieces:
            sys.stdout.write(piece)  # type: ignore[arg-type]
        sys.stdout.flush()
        return
    if sys.stdout.isatty():
        raise UsageError(
            "this output is a binary file and standard output is a terminal;"
            " redirect it (> paper.pdf) or give --output FILE"
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(first)
    for piece in pieces:
        sys.stdout.buffer.write(piece)  # type: ignore[arg-type]
    sys.stdout.buffer.flush()


def refuse_input_target(path: Path) -> None:
    """Refuse an `--output` that is, or would become, a YAML file of an assessment.

    Why also new files: any `.yaml`/`.yml` file inside an assessment folder is read as part of
    the assessment, so writing one there would make the next `bvduty validate` fail.

    Raises:
        UsageError: `path` (or what a link there points at) is an existing YAML file, or a YAML
            file inside an assessment folder.
    """
    from bvduty.discover import assessment_above

    target = path
    if path.is_symlink():
        with contextlib.suppress(OSError, RuntimeError):
            target = path.resolve(strict=False)
    if target.suffix.lower() not in INPUT_SUFFIXES:
        return
    if target.exists():
        raise UsageError(
            f"refusing to overwrite {path}: bvduty never changes YAML files;"
            " choose another --output"
        )
    root = assessment_above(target)
    if root is not None:
        raise UsageError(
            f"refusing to write {path}: a YAML file inside the assessment folder {root}"
            " would be read as part of the assessment; choose another name or folder"
        )


def write_files(
    folder: Path, files: Mapping[str, Content], *, overwrite: bool = True
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


def write_site(output: Path, files: Mapping[str, Content]) -> None:
    """Write a website (relative POSIX names) under the folder `output`, each file atomically.

    Why the extra guard: a website is many files in many folders; none may land inside an
    assessment folder, where `validate` would meet them and a council would find its source
    folder full of web pages. It is checked before anything is written.

    Raises:
        UsageError: `output` is standard output or an existing file, or a page would be
            written inside an assessment folder; or as `write_files`.
    """
    from bvduty.discover import assessment_above

    if is_stdout(output):
        raise UsageError("a website is a folder of files: give --output FOLDER, not -")
    if output.exists() and not output.is_dir():
        raise UsageError(f"cannot write the website into {output}: it is a file; give a folder")
    folders = sorted({(output / PurePosixPath(name)).parent for name in files})
    for folder in folders:
        root = assessment_above(folder / "index.html")
        if root is not None:
            raise UsageError(
                f"refusing to write the website into {folder}: it is inside the assessment"
                f" folder {root}, whose files must stay the Council's own; choose an --output"
                " folder outside it"
            )
    for name in files:
        refuse_input_target(output / PurePosixPath(name))
    write_files(output, files)


def write_result(output: Path | None, content: Content | Mapping[str, Content]) -> None:
    """Write a command's result: a mapping of names is a folder of files; anything else one file.

    Raises:
        UsageError: as `write_atomic` and `refuse_input_target`; binary content with no file to
            write it to; or a folder of files asked for on standard output.
    """
    if output is None:
        raise UsageError("this output is a file: give --output FILE")
    if is_stdout(output):
        if isinstance(content, Mapping):
            raise UsageError("this output is a folder of files: give --output FOLDER, not -")
        _write_stdout(content)
        return
    if isinstance(content, Mapping):
        for name in content:
            refuse_input_target(output / PurePosixPath(name))
        write_files(output, content)
    else:
        refuse_input_target(output)
        write_atomic(output, content)
