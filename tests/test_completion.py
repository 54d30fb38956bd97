"""Shell completion through Typer's own mechanism, exercised in a real bash.

The script `bvduty --show-completion bash` prints is sourced, and its completion function is
called as bash would call it on TAB; COMPREPLY is what the user would be offered. An empty
COMPREPLY makes bash fall back to file names (the script registers with `-o default`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bvduty.frameworks import builtin_frameworks

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or not (BIN / "bvduty").exists(),
    reason="needs bash and the installed bvduty script",
)


def offered(*words: str) -> list[str]:
    """What TAB offers after `words` (the last one is the word being completed)."""
    script = subprocess.run(
        [str(BIN / "bvduty"), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "complete -o default -F _bvduty_completion bvduty" in script
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        '_bvduty_completion bvduty; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line]


def test_commands_complete() -> None:
    assert offered("bvduty", "ex") == ["export"]
    assert offered("bvduty", "framework", "") == ["list", "show"]


def test_theme_ids_complete_from_the_built_in_framework() -> None:
    themes = [t.id for t in builtin_frameworks()["best-value-2024"].themes]
    assert offered("bvduty", "heatmap", "--theme", "") == themes
    assert offered("bvduty", "heatmap", "--theme", "cu") == ["culture"]


def test_formats_and_ids_complete() -> None:
    assert offered("bvduty", "export", "--format", "") == ["xlsx", "csv"]
    assert offered("bvduty", "validate", "--format", "g") == ["github"]
    assert offered("bvduty", "init", "x", "--scale", "") == ["rag", "maturity5"]
    assert offered("bvduty", "framework", "show", "ma") == ["maturity5"]


@pytest.mark.parametrize(
    "words",
    [
        ("bvduty", "validate", "assess"),
        ("bvduty", "heatmap", "assess"),
        ("bvduty", "export", "--output", "out"),
        ("bvduty", "init", "new"),
    ],
)
def test_paths_fall_back_to_file_names(words: tuple[str, ...]) -> None:
    assert offered(*words) == []
