"""Writing files: atomic replacement, and never overwriting a YAML input by mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bvduty.cli import app
from bvduty.errors import UsageError
from bvduty.output import write_atomic
from bvduty.textsafe import one_line, visible
from conftest import Overlay


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
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert not fifo.is_file()
