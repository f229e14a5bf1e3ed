"""Cohorts beyond one machine and at scale: the dask example and the benchmark script run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_dask_example_scores_and_summarises_partitions_exactly_as_one_machine() -> None:
    """examples/dask_partitions.py exits 0 only when scores and merged summary are identical."""
    pytest.importorskip("dask.dataframe")
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "dask_partitions.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "20000 responses in 8 partitions: identical" in result.stdout
    assert "summary of 3 wards from merged partitions: identical" in result.stdout


def test_benchmark_script_runs_on_a_small_cohort() -> None:
    """The benchmark runs end to end on 20,000 rows and reports every comparison."""
    pytest.importorskip("pandas")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_cohorts.py"),
            "--rows",
            "20000",
            "--repeats",
            "1",
            "--scalar-sample",
            "200",
            "--resamples",
            "50",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    for label in (
        "score_cohort",
        "a.sum(axis=1)",
        "score_evaluation loop",
        "pandas",
        "summarize",
        "multinomial",
    ):
        assert label in result.stdout
