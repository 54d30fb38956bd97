"""Shared fixtures: example folders, and building an assessment from the base case plus overlays."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bvduty.cli import app

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
BASE = CASES / "base"
ROOT = TESTS.parent
EXAMPLE = ROOT / "assessments"
GOLDEN = TESTS / "golden"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr); an unexpected exception propagates."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# Variables that change how bvduty prints; a process test starts without them unless it sets them.
OUTPUT_ENV = ("NO_COLOR", "FORCE_COLOR", "TERM", "GITHUB_ACTIONS", "COLUMNS")


def run_process(
    *args: str,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
    stdin: bytes = b"",
    terminal: bool = False,
    timeout: float = 120,
) -> tuple[int, str, str]:
    """Run `python -m bvduty ARGS` as a user's shell would: (exit code, stdout, stderr).

    For what an in-process runner cannot show: environment variables read at start-up, real
    standard input, and (`terminal=True`) stdout on a pseudo-terminal, whose line ends are
    given back as plain newlines. The environment is this one less `OUTPUT_ENV`, plus `env`
    (a value of None removes a variable).
    """
    merged = {k: v for k, v in os.environ.items() if k not in OUTPUT_ENV}
    for key, value in (env or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    command = [sys.executable, "-m", "bvduty", *args]
    with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as errors:
        given.write(stdin)
        given.seek(0)
        if not terminal:
            done = subprocess.run(
                command, stdin=given, capture_output=True, env=merged, cwd=cwd, timeout=timeout
            )
            return done.returncode, done.stdout.decode(), done.stderr.decode()
        controller, screen = pty.openpty()
        process = subprocess.Popen(
            command, stdin=given, stdout=screen, stderr=errors, env=merged, cwd=cwd
        )
        os.close(screen)
        chunks = []
        deadline = time.monotonic() + timeout
        while select.select([controller], [], [], max(0.0, deadline - time.monotonic()))[0]:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(controller)
        try:
            code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        errors.seek(0)
        shown = b"".join(chunks).decode().replace("\r\n", "\n")
        return code, shown, errors.read().decode()


def check_golden(name: str, actual: str, regenerate: bool) -> None:
    """Compare with tests/golden/NAME, or rewrite it under `pytest --regenerate-golden`."""
    path = GOLDEN / name
    if regenerate:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.exists(), f"no golden file {name}: run pytest --regenerate-golden"
    assert actual == path.read_text(encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden output files from the current code instead of comparing.",
    )


@pytest.fixture
def regenerate(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regenerate-golden"))


Overlay = Callable[..., Path]


@pytest.fixture
def make_assessment(tmp_path: Path) -> Overlay:
    """Copy the base assessment to a temporary folder, then add or replace files.

    Call with `overlay=<folder>` to copy a case folder over it, and/or keyword-free
    `files={"relative/path.yaml": "text"}`; a value of None deletes the file.
    """

    def build(
        overlay: Path | None = None,
        files: dict[str, str | None] | None = None,
        name: str = "assessment",
    ) -> Path:
        target = tmp_path / name
        shutil.copytree(BASE, target)
        if overlay is not None:
            for source in overlay.rglob("*"):
                if source.is_file() and source.name != "expect.txt":
                    destination = target / source.relative_to(overlay)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, destination)
        for name, text in (files or {}).items():
            path = target / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        return target

    return build


# --- git repositories ------------------------------------------------------------------------


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A git that ignores the machine's configuration, for the tests and for bvduty alike."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return result.stdout


Repo = Callable[[], Path]


@pytest.fixture
def make_repo(tmp_path: Path, git_env: None, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """An empty repository at tmp_path/repo, made the working directory."""

    def build() -> Path:
        repo = tmp_path / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.name", "Policy Officer")
        git(repo, "config", "user.email", "policy@example.gov.uk")
        git(repo, "config", "commit.gpgsign", "false")
        git(repo, "config", "tag.gpgsign", "false")
        monkeypatch.chdir(repo)
        return repo

    return build


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


# --- a real browser, for the accessibility tests of the paper and the website ----------------

CHROMIUM = Path(os.environ.get("BVDUTY_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "scripts" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI must run the accessibility test; see scripts/install-test-deps)")
    pytest.skip(f"{reason}; run scripts/install-test-deps")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"no chromium at {CHROMIUM}")
    if not AXE.exists():
        _missing(f"no axe-core at {AXE}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()
