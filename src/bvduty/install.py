"""How bvduty was installed, and the command that adds an optional extra to that install.

Why: `pip install 'bvduty[docx]'` is the wrong advice for someone running bvduty from a clone
(there is no such package on their index) or from pipx (pip would install into another
Python). The installer leaves `direct_url.json` in the package metadata (PEP 610) saying
where bvduty came from, and a pipx or `uv tool` install lives in a virtual environment of
its own; together they say which command works.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path, PurePath
from typing import Literal
from urllib.parse import unquote, urlparse

How = Literal["clone", "folder", "vcs", "pipx", "uv-tool", "pip"]


@dataclass(frozen=True, slots=True)
class Install:
    """Where this bvduty came from: `source` is the clone's folder or the repository URL."""

    how: How
    source: str | None = None
    prefix: str = ""  # the environment bvduty runs in (sys.prefix)


def hint(extra: str) -> str:
    """The command that adds `extra` (xlsx, docx, pdf) to this install of bvduty."""
    return command(extra, detect(), requirements(extra), windows=os.name == "nt")


def detect() -> Install:
    """How the running bvduty was installed (pip from an index when nothing says otherwise)."""
    prefix = sys.prefix
    try:
        origin = distribution("bvduty").read_text("direct_url.json")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        origin = None
    return classify(origin, prefix)


def classify(direct_url: str | None, prefix: str) -> Install:
    """An install from its PEP 610 `direct_url.json` text (None: from an index) and prefix."""
    pairs = set(itertools.pairwise(part.lower() for part in PurePath(prefix).parts))
    if ("pipx", "venvs") in pairs:
        return Install("pipx", prefix=prefix)
    if ("uv", "tools") in pairs:
        return Install("uv-tool", prefix=prefix)
    try:
        origin = json.loads(direct_url) if direct_url else {}
    except ValueError:
        origin = {}
    url = origin.get("url") if isinstance(origin, dict) else None
    if not isinstance(url, str):
        return Install("pip", prefix=prefix)
    if "vcs_info" in origin:
        info = origin["vcs_info"]
        vcs = info.get("vcs", "git") if isinstance(info, dict) else "git"
        return Install("vcs", f"{vcs}+{url}", prefix)
    parsed = urlparse(url)
    if parsed.scheme == "file" and isinstance(origin.get("dir_info"), dict):
        folder = unquote(parsed.path)
        if re.match(r"^/[A-Za-z]:/", folder):  # file:///C:/... on Windows
            folder = folder[1:]
        editable = bool(origin["dir_info"].get("editable"))
        return Install("clone" if editable else "folder", folder, prefix)
    return Install("pip", prefix=prefix)


def command(extra: str, install: Install, requirements: list[str], *, windows: bool) -> str:
    """The words and command for `extra`, as an officer types it in their shell."""

    def quoted(text: str) -> str:
        return f'"{text}"' if windows else f"'{text}'"

    if install.how == "pipx":
        packages = " ".join(quoted(r) for r in requirements) or quoted(f"bvduty[{extra}]")
        return (
            f"pipx inject bvduty {packages}"
            f" (or reinstall with it: pipx install --force {quoted(f'bvduty[{extra}]')})"
        )
    if install.how == "uv-tool":
        return f"uv tool install --force {quoted(f'bvduty[{extra}]')}"
    if install.how == "vcs":
        return f"pip install {quoted(f'bvduty[{extra}] @ {install.source}')}"
    if install.how in ("clone", "folder") and install.source is not None:
        folder = Path(install.source)
        editable = "-e " if install.how == "clone" else ""
        scripts = "Scripts" if windows else "bin"
        own_venv = Path(install.prefix) == folder / ".venv"
        python = (
            Path(".venv", scripts, "python")
            if own_venv
            else Path(install.prefix, scripts, "python")
        )
        pip = f"{python} -m pip install {editable}{quoted(f'.[{extra}]')}"
        if own_venv and not windows:
            return f"in {folder}, run: make install (which adds every extra), or {pip}"
        return f"in {folder}, run: {pip}"
    return f"pip install {quoted(f'bvduty[{extra}]')}"


def requirements(extra: str) -> list[str]:
    """The packages `extra` adds, from bvduty's metadata (`weasyprint>=67`)."""
    try:
        requires = distribution("bvduty").requires or []
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return []
    marker = re.compile(rf"""extra\s*==\s*["']{re.escape(extra)}["']""")
    return [r.split(";")[0].strip() for r in requires if ";" in r and marker.search(r)]
