"""Shell completion: the script for the shell the user names, exercised in a real bash.

The script `bvduty --show-completion bash` prints is sourced, and its completion function is
called as bash would call it on TAB; COMPREPLY is what the user would be offered. An empty
COMPREPLY makes bash fall back to file names (the script registers with `-o default`).

Every process here runs as CI runs it: no terminal, no standard input, a session of its own, and
SHELL naming bash, so nothing can guess the shell; the name given on the command line must win.
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
# What only each shell's script holds (PowerShell and pwsh share one).
MARKS = {
    "bash": "complete -o default -F _bvduty_completion bvduty",
    "zsh": "#compdef bvduty",
    "fish": "complete --command bvduty",
    "powershell": "Register-ArgumentCompleter -Native -CommandName bvduty",
}
pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or not (BIN / "bvduty").exists(),
    reason="needs bash and the installed bvduty script",
)


def detached(
    command: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `command` with no terminal and no standard input, as CI does."""
    merged = {**os.environ, "SHELL": "/bin/bash", **(env or {})}
    return subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=merged,
        start_new_session=True,
        check=False,
        timeout=60,
    )


def offered(*words: str) -> list[str]:
    """What TAB offers after `words` (the last one is the word being completed)."""
    shown = detached([str(BIN / "bvduty"), "--show-completion", "bash"])
    assert (shown.returncode, shown.stderr) == (0, ""), shown.stderr
    script = shown.stdout
    assert MARKS["bash"] in script
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        '_bvduty_completion bvduty; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = detached(["bash", "--norc", "--noprofile", "-c", program], env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell", "pwsh"])
def test_show_completion_prints_the_named_shells_script_even_from_bash(shell: str) -> None:
    """Run from bash, `--show-completion zsh` must print zsh's script, not bash's."""
    command = f"'{BIN / 'bvduty'}' --show-completion {shell}"
    result = detached(["bash", "--norc", "--noprofile", "-c", command])
    assert (result.returncode, result.stderr) == (0, "")
    family = "powershell" if shell == "pwsh" else shell
    assert MARKS[family] in result.stdout
    assert [mark for name, mark in MARKS.items() if name != family and mark in result.stdout] == []


@pytest.mark.parametrize(
    ("shell", "installed"),
    [
        ("bash", ".bash_completions/bvduty.sh"),
        ("zsh", ".zfunc/_bvduty"),
        ("fish", ".config/fish/completions/bvduty.fish"),
    ],
)
def test_install_completion_installs_the_named_shells_script(
    shell: str, installed: str, tmp_path: Path
) -> None:
    result = detached([str(BIN / "bvduty"), "--install-completion", shell], {"HOME": str(tmp_path)})
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        f"{shell} completion installed in {tmp_path / installed}; restart the terminal\n",
    )
    assert MARKS[shell] in (tmp_path / installed).read_text(encoding="utf-8")


def test_install_completion_for_a_missing_powershell_is_a_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    """Installing for PowerShell asks PowerShell where its profile is; without it, say so."""
    empty = tmp_path / "bin"
    empty.mkdir()
    result = detached(
        [str(BIN / "bvduty"), "--install-completion", "pwsh"],
        {"HOME": str(tmp_path), "PATH": str(empty)},
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "bvduty: error: cannot install pwsh completion: pwsh is not installed or could not be run\n"
    )


def test_an_unknown_shell_is_a_usage_error_naming_the_shells() -> None:
    result = detached([str(BIN / "bvduty"), "--show-completion", "tcsh"])
    assert (result.returncode, result.stdout) == (2, "")
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish', 'powershell', 'pwsh'" in result.stderr
    assert "Traceback" not in result.stderr


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
