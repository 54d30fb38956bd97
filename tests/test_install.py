"""A hint that works: the install command for a missing extra matches how bvduty was installed."""

from __future__ import annotations

import json
import sys

import pytest

from bvduty import install
from conftest import ROOT

PDF = ["weasyprint>=67"]


def _from(direct_url: dict[str, object] | None, prefix: str) -> install.Install:
    return install.classify(json.dumps(direct_url) if direct_url else None, prefix)


@pytest.mark.parametrize(
    ("direct_url", "prefix", "windows", "expected"),
    [
        (None, "/usr/local", False, "pip install 'bvduty[pdf]'"),
        (
            {"url": "https://files.example/bvduty-0.1.tar.gz", "archive_info": {}},
            "/usr/local",
            False,
            "pip install 'bvduty[pdf]'",
        ),
        (
            {"url": "https://github.com/council/bvduty.git", "vcs_info": {"vcs": "git"}},
            "/home/o/venv",
            False,
            "pip install 'bvduty[pdf] @ git+https://github.com/council/bvduty.git'",
        ),
        (
            None,
            "/home/o/.local/share/pipx/venvs/bvduty",
            False,
            "pipx inject bvduty 'weasyprint>=67'"
            " (or reinstall with it: pipx install --force 'bvduty[pdf]')",
        ),
        (
            {"url": "file:///home/o/bvduty", "dir_info": {"editable": True}},
            "/home/o/.local/pipx/venvs/bvduty",  # pipx from a clone: inject still works
            False,
            "pipx inject bvduty 'weasyprint>=67'"
            " (or reinstall with it: pipx install --force 'bvduty[pdf]')",
        ),
        (
            None,
            "/home/o/.local/share/uv/tools/bvduty",
            False,
            "uv tool install --force 'bvduty[pdf]'",
        ),
        (
            {"url": "file:///home/o/bvduty", "dir_info": {"editable": True}},
            "/home/o/bvduty/.venv",
            False,
            "in /home/o/bvduty, run: make install (which adds every extra),"
            " or .venv/bin/python -m pip install -e '.[pdf]'",
        ),
        (
            {"url": "file:///home/o/bvduty", "dir_info": {"editable": True}},
            "/home/o/envs/duty",
            False,
            "in /home/o/bvduty, run: /home/o/envs/duty/bin/python -m pip install -e '.[pdf]'",
        ),
        (
            {"url": "file:///home/o/bvduty", "dir_info": {}},
            "/home/o/envs/duty",
            False,
            "in /home/o/bvduty, run: /home/o/envs/duty/bin/python -m pip install '.[pdf]'",
        ),
        (None, "C:/Users/o/venv", True, 'pip install "bvduty[pdf]"'),
    ],
    ids=[
        "pip",
        "pip-archive",
        "git",
        "pipx",
        "pipx-from-clone",
        "uv-tool",
        "clone-make",
        "clone-other-venv",
        "folder",
        "windows-quotes",
    ],
)
def test_the_command_matches_the_install(
    direct_url: dict[str, object] | None, prefix: str, windows: bool, expected: str
) -> None:
    assert install.command("pdf", _from(direct_url, prefix), PDF, windows=windows) == expected


def test_this_checkout_is_an_editable_clone_and_the_hint_says_so() -> None:
    """The test suite runs from `make install`: an editable install of this very clone."""
    found = install.detect()
    assert (found.how, found.source) == ("clone", str(ROOT))
    hint = install.hint("docx")
    assert hint.startswith(f"in {ROOT}, run: ")
    assert "pip install -e '.[docx]'" in hint
    assert ("make install" in hint) == (sys.prefix == str(ROOT / ".venv"))


def test_the_extra_requirements_come_from_the_package_metadata() -> None:
    hint = install.command(
        "pdf", install.Install("pipx"), install.requirements("pdf"), windows=False
    )
    assert hint.startswith("pipx inject bvduty 'weasyprint>=")
    assert install.requirements("no-such-extra") == []


def test_broken_metadata_falls_back_to_pip() -> None:
    assert install.classify("{not json", "/usr").how == "pip"
    assert install.classify('{"url": 3}', "/usr").how == "pip"
