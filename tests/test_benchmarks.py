"""The data path's benchmark script runs end to end on small files, with or without duckdb."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_the_data_path_benchmark_runs_every_part_on_small_files(tmp_path: Path) -> None:
    """Every part prints its table; duckdb is checked equal to the command, or skipped."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_data_path.py"),
            "--rows",
            "2000",
            "--repeat",
            "1",
            "--memory-rows",
            "1000,2000",
            "--big-id-mb",
            "0.001",
            "--big-id-rows",
            "100",
            "--big-field-mb",
            "0.002",
            "--profile",
            "--profile-top",
            "3",
            "--tmp",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    assert "coproduction score / csv.reader:" in out
    if importlib.util.find_spec("duckdb") is None:
        assert "duckdb is not installed; skipped" in out
    else:
        assert "duckdb's query agrees with coproduction score on 3,000 rows" in out
        assert "coproduction score / duckdb (faster of 1 and default threads):" in out
    for command in ("`score`", "`validate`", "`summary --by ward`"):
        assert f"| {command} |" in out
    assert "| 0.001 MB id, 100 rows | `validate` |" in out
    assert "| 0.002 MB answer cell, 1,000 rows | `score` |" in out
    assert "_cli.py" in out  # the profile lists the command's functions
    assert [] == list(tmp_path.iterdir())  # every synthetic file is deleted


def test_the_import_benchmark_prints_both_commands_the_ratio_and_the_offenders() -> None:
    """One run of each: a table of both commands, their ratio, and the slowest modules."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_import.py"),
            "--runs",
            "1",
            "--importtime",
            "--top",
            "3",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    assert "| `import numpy, attrs, cattrs` |" in out
    assert "| `import coproduction` |" in out
    assert "import coproduction / import numpy, attrs, cattrs: " in out
    offenders = out.split("| module | own (ms) | with children (ms) |\n|---|---|---|\n")[1]
    assert 3 == len(offenders.strip().splitlines())


def test_the_disclosure_benchmark_compares_the_audit_with_the_protection_without_it() -> None:
    """Both kinds of answers, each with and without the audit; near the extremes it withholds.

    ``--check`` runs too: scipy's milp is asked about each count the search kept.
    """
    pytest.importorskip("scipy.optimize")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_disclosure.py"),
            "--wards",
            "10",
            "--check",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    rows = [line.split("|")[1:-1] for line in lines[2:] if line.startswith("|")]
    assert [r[0].strip() for r in rows] == ["typical", "near the extremes"]
    typical, extreme = ([int(x.split()[0]) for x in r[-1].split(",")[:2]] for r in rows)
    assert typical[0] == typical[1]  # typical answers: the audit finds every second solution
    assert extreme[1] > extreme[0]  # near the extremes: whole numbers pin, means are withheld
    checked = [re.findall(r"\d+", line) for line in lines if "milp" in line]
    assert len(checked) == 2
    assert all(0 <= int(pinned) <= int(flagged) for _, flagged, pinned in checked)
    assert int(checked[1][1]) > 0  # near the extremes, some counts could not be cleared
