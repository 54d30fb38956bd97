"""Writing files: atomic replacement, and never overwriting a YAML input by mistake."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bvduty import output
from bvduty.cli import app
from bvduty.errors import UsageError
from bvduty.output import write_atomic
from bvduty.textsafe import one_line, visible
from conftest import BASE, Overlay


def test_write_atomic_replaces_a_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.md"]


@pytest.mark.parametrize("name", ["actions.yaml", "theme.YML"])
def test_write_atomic_refuses_to_overwrite_yaml(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_text("bvduty: 1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="never changes YAML"):
        write_atomic(target, "overwritten")
    assert target.read_text(encoding="utf-8") == "bvduty: 1\n"


def test_output_aimed_at_an_input_file_is_refused(make_assessment: Overlay) -> None:
    folder = make_assessment()
    victim = folder / "actions.yaml"
    before = victim.read_bytes()
    result = CliRunner().invoke(app, ["gaps", str(folder), "--format", "csv", "-o", str(victim)])
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr
    assert victim.read_bytes() == before


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("evil\u202eexe.txt", "evil\\u202eexe.txt"),
        ("pay\u200bment", "pay\\u200bment"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("caf\u00e9 \u00a3100", "caf\u00e9 \u00a3100"),
    ],
)
def test_visible_escapes_only_disguising_characters(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_one_line_folds_newlines_and_tabs() -> None:
    assert one_line("a\n  b\tc\r\n") == "a b c"


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_symlink_to_a_yaml_file_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "actions.yaml"
    real.write_text("bvduty: 1\n", encoding="utf-8")
    link = tmp_path / "paper.md"
    link.symlink_to(real)
    with pytest.raises(UsageError, match="never changes YAML"):
        write_atomic(link, "overwritten")
    assert real.read_text(encoding="utf-8") == "bvduty: 1\n"


def test_output_to_a_pipe_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert not fifo.is_file()


# --- where --output writes: standard output, named pipes, YAML targets, stop signals ---------

BVDUTY = [sys.executable, "-m", "bvduty"]


def test_output_dev_stdout_works_when_stdout_is_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        [*BVDUTY, "heatmap", str(BASE), "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Test District Council")


def test_output_dash_means_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["heatmap", str(BASE), "-f", "csv", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("authority,period,")
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_output_dash_writes_a_binary_to_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        [*BVDUTY, "export", str(BASE), "-o", "-"],
        capture_output=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.startswith(b"PK")  # an xlsx is a zip archive
    assert list(tmp_path.iterdir()) == []


def test_output_dash_refuses_a_binary_on_a_terminal(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [*BVDUTY, "export", str(BASE), "-o", "-"],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
            cwd=tmp_path,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert b"standard output is a terminal" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_dash_refuses_a_folder_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["export", str(BASE), "-f", "csv", "-o", "-"])
    assert result.exit_code == 2
    assert "folder of files" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_named_pipe_with_no_reader_is_refused_not_waited_on_for_ever(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    script = (
        "import sys; from pathlib import Path; from bvduty import output\n"
        "output.FIFO_WAIT_SECONDS = 0.5\n"
        "try:\n"
        "    output.write_atomic(Path(sys.argv[1]), 'nobody reads this')\n"
        "except output.UsageError as error:\n"
        "    print(error)\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no program is reading from this named pipe" in result.stdout
    assert time.monotonic() - started < 20


def test_a_named_pipe_whose_reader_comes_late_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "FIFO_WAIT_SECONDS", 10.0)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read_later() -> None:
        time.sleep(0.5)
        received.append(fifo.read_bytes())

    reader = threading.Thread(target=read_later)
    reader.start()
    write_atomic(fifo, "after a while")
    reader.join(timeout=10)
    assert received == [b"after a while"]


@pytest.mark.parametrize("name", ["new.yaml", "themes/new.yml", "themes/extra/NEW.YAML"])
def test_a_new_yaml_file_inside_an_assessment_is_refused(
    make_assessment: Overlay, name: str
) -> None:
    folder = make_assessment()
    (folder / "themes" / "extra").mkdir()
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = CliRunner().invoke(
        app, ["heatmap", str(folder), "-f", "csv", "-o", str(folder / name)]
    )
    assert result.exit_code == 2
    assert "inside the assessment folder" in result.stderr
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert CliRunner().invoke(app, ["validate", str(folder)]).exit_code == 0


def test_a_yaml_file_outside_any_assessment_may_be_written(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "heatmap.yaml"
    target.parent.mkdir()
    result = CliRunner().invoke(app, ["heatmap", str(BASE), "-f", "json", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("{")


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    script = (
        "import os, sys, time; from pathlib import Path; from bvduty import output\n"
        "def slow_fsync(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "output.os.fsync = slow_fsync\n"
        "output.write_atomic(Path(sys.argv[1]), 'half a paper')\n"
    )
    target = tmp_path / "paper.md"
    with subprocess.Popen(
        [sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "writing\n"
            assert [p.suffix for p in tmp_path.iterdir()] == [".tmp"]  # the write is under way
            child.send_signal(signal.SIGTERM)
            assert child.wait(timeout=30) == -signal.SIGTERM  # it still dies by the signal
        finally:
            child.kill()
    assert list(tmp_path.iterdir()) == []
