"""CITATION.cff says what the package and the booklet module say, so it cannot drift."""

from __future__ import annotations

import tomllib
from pathlib import Path

from coproduction import _booklet

ROOT = Path(__file__).parent.parent
CFF = (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def _top_level(key: str) -> str:
    """The value of a top-level ``key: value`` line of CITATION.cff."""
    lines = [line for line in CFF.splitlines() if line.startswith(f"{key}: ")]
    assert 1 == len(lines), f"{key} appears {len(lines)} times at the top level"
    return lines[0].removeprefix(f"{key}: ").strip('"')


def test_the_library_entry_has_the_project_version_and_licence() -> None:
    """Version and licence are those of pyproject.toml (bump them together)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "1.2.0" == _top_level("cff-version")
    assert project["version"] == _top_level("version")
    assert project["license"] == _top_level("license")


def test_the_booklet_reference_quotes_the_library_s_citation() -> None:
    """The reference's title, version, citation and licence are the booklet module's."""
    references = CFF.split("\nreferences:\n", 1)[1]
    # The citation reads: author, (year), title, publisher.
    title = _booklet.CITATION.split(". ")[2]
    assert f'title: "{title}"' in references
    assert f'notes: "{_booklet.CITATION}"' in references
    assert f"version: {_booklet.VERSION}" in references
    assert "year: 2022" in references
    assert "family-names: Quinn" in references
    assert "name: Restraint Reduction Network" in references
    # The SPDX identifier of the licence the booklet module names.
    assert "CC BY-NC-ND 4.0" == _booklet.LICENCE
    assert "license: CC-BY-NC-ND-4.0" in references
