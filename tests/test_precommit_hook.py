"""The pre-commit hook, run the way a council's repository runs it: `pre-commit try-repo`.

pre-commit installs this checkout (with its uncommitted changes) into a virtualenv of its own,
which needs the build requirements and bvduty's dependencies from PyPI; nothing else is
fetched: the hook repository is this local folder, and PRE_COMMIT_HOME is a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
EXAMPLE_NAME = "example-borough-2024-25"


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "bvduty-validate"
    assert hook["entry"] == "bvduty validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def runs_on(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert runs_on("assessments/x/themes/01-culture.yaml")
    assert runs_on("assessment.yml")
    assert not runs_on("assessments/x/schema.json")
    # discover() skips hidden files and folders, so the hook must not hand them over either
    assert not runs_on(".pre-commit-config.yaml")
    assert not runs_on(".github/workflows/ci.yml")
    assert not runs_on("assessments/.drafts/x.yaml")


@pytest.fixture
def council_repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the example and some hidden YAML of other tools."""
    if shutil.which("git") is None:  # pragma: no cover - git is part of the dev set-up
        pytest.skip("git is not installed")
    repo = tmp_path / "council"
    shutil.copytree(EXAMPLE, repo / "assessments")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    return repo


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    command = [*PRE_COMMIT, "try-repo", str(ROOT), "bvduty-validate", "--all-files"]
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_try_repo_passes_on_the_example_and_fails_on_a_mistake(
    council_repo: Path, tmp_path: Path
) -> None:
    home = tmp_path / "pre-commit-home"
    passed = try_repo(council_repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^bvduty validate\.+Passed$", passed.stdout, re.MULTILINE)

    theme = council_repo / "assessments" / EXAMPLE_NAME / "themes" / "04-culture.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text.replace("\ncriteria:\n", "\ncriteria:\n  - id: C999\n    statment: x\n"))
    git(council_repo, "add", "--all")
    failed = try_repo(council_repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^bvduty validate\.+Failed$", failed.stdout, re.MULTILINE)
    line = text.split("\ncriteria:\n")[0].count("\n") + 4
    assert (
        f"assessments/{EXAMPLE_NAME}/themes/04-culture.yaml:{line}:5:"
        " error[unknown-field]: unknown field"
        " 'statment'"
    ) in failed.stdout
