"""The repository stands alone: docs/format.md is the specification, and every reference to it
names a section that exists. Nothing refers to documents users do not have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

SPEC = ROOT / "docs" / "format.md"
SKIP = {".git", ".venv", "node_modules", "build", "dist", "out", "bench-corpus", "__pycache__"}
SKIP |= {".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}
TEXT = {".py", ".md", ".yaml", ".yml", ".toml", ".j2", ".txt", ".cfg", ".in", ".css", ".json"}
# Built from parts, so that this file does not match itself.
FOREIGN = ["FORMAT" + ".md", "STYLE" + ".md", "DOMAIN" + ".md", "../" + "shared"]
REFERENCE = re.compile(
    r"docs/format\.md(?: sections?)? (\d+(?:\.\d+)?(?:(?:, | and )\d+(?:\.\d+)?)*)"
)


def _files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if any(p in SKIP or p.endswith(".egg-info") for p in parts) or not path.is_file():
            continue
        if path.suffix in TEXT or path.name in {"Makefile", "LICENSE"}:
            yield path


def _sections() -> set[str]:
    headings = re.findall(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", SPEC.read_text(encoding="utf-8"), re.M)
    return set(headings)


def test_the_specification_is_numbered() -> None:
    sections = _sections()
    assert {str(n) for n in range(1, 8)} <= sections
    assert {"1.3", "2.1", "2.7", "4.2", "6.1", "6.2", "7.1", "7.2"} <= sections


@pytest.mark.parametrize("name", FOREIGN)
def test_nothing_refers_to_documents_outside_the_repository(name: str) -> None:
    found = [
        str(path.relative_to(ROOT))
        for path in _files()
        if name in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert found == []


def test_every_reference_to_the_specification_names_a_section_it_has() -> None:
    sections = _sections()
    references = 0
    missing = []
    for path in _files():
        for match in REFERENCE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            for number in re.split(r", | and ", match[1]):
                references += 1
                if number not in sections:
                    missing.append(f"{path.relative_to(ROOT)}: {number}")
    assert missing == []
    assert references >= 20
