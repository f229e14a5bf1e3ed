"""The how-to page's code runs as written, on the synthetic cohort, and saves its figure."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
HOWTO = ROOT / "docs" / "howto.md"


def test_the_csv_to_figure_recipe_runs_and_saves_a_png(tmp_path: Path) -> None:
    """Run the page's Python block in a fresh process: it prints the summary, writes the PNG."""
    pytest.importorskip("matplotlib")
    blocks = re.findall(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.DOTALL)
    assert 1 == len(blocks)
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "synthetic-evaluation-cohort.csv", tmp_path / "examples")
    result = subprocess.run(
        [sys.executable, "-c", blocks[0]], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert 3 * 6 == len(lines)  # three wards, five domains and overall
    assert "('ward-a',) Support 20 " in lines[0]
    assert (tmp_path / "ward-a-profile.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_redcap_recipe_runs_on_an_export_and_writes_the_report(tmp_path: Path) -> None:
    """The REDCap recipe's Python block reads an export with a ward field and writes the page."""
    import coproduction as cp

    page = (ROOT / "docs" / "howto-redcap.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.DOTALL)
    assert 1 == len(blocks)
    fields = cp.io.redcap.field_names()
    head = ["record_id", "redcap_event_name", "ward", *fields.values()]
    rows = [
        [str(i), "baseline_arm_1", "Oak" if i % 2 else "Elm", *(["2"] * 23 + ["yes"] * 21)]
        for i in range(1, 21)
    ]
    (tmp_path / "records.csv").write_text(
        "\n".join(",".join(r) for r in [head, *rows]) + "\n", encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-c", blocks[0]], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    html = (tmp_path / "coproduction-report.html").read_text(encoding="utf-8")
    assert "Coproduction audit" in html
    assert "/baseline_arm_1" not in html  # no record id ("17/baseline_arm_1") is published
