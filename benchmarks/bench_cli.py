"""Benchmark: ``coproduction score`` on a 1,000,000-row wide CSV, end to end.

Measured in the same run, on the same SYNTHETIC file (seeded random answers, 5%
unanswered, a respondent id and a ward column):

1. a bare ``csv.reader`` pass over the file (read every row, touch nothing): the
   floor for anything that reads CSV in Python;
2. ``coproduction score FILE --group ward --format csv --output OUT`` as a
   subprocess: start-up, strict reading and checking, scoring, warnings, and
   writing the result file;
3. a hand-written pandas pipeline (read, map the codes to points, score with the
   half-answered rule, write the result), what a researcher might write instead.

Run from the repository root (pandas is needed for 3 only)::

    python benchmarks/bench_cli.py            # 1,000,000 rows, best of 3 runs each
    python benchmarks/bench_cli.py --rows 100000 --repeat 1
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import coproduction as cp

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids


def make_file(path: Path, rows: int, seed: int = 1) -> None:
    """Write a synthetic wide CSV: ids, a ward, 23 codes with 5% left empty."""
    rng = np.random.default_rng(seed)
    chunk = 100_000
    with path.open("wb") as out:
        out.write(("respondent,ward," + ",".join(ITEMS) + "\n").encode())
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            codes = rng.choice(3, size=(n, 23), p=[0.2, 0.45, 0.35])
            missing = rng.random((n, 23)) < 0.05
            cells = np.where(missing, "", codes.astype(str))
            wards = rng.integers(0, 20, size=n)
            lines = [
                f"SYN-{start + k:07d},ward-{wards[k]:02d}," + ",".join(cells[k]) for k in range(n)
            ]
            out.write(("\n".join(lines) + "\n").encode())


def bare_csv_reader(path: Path) -> int:
    """Read every row with csv.reader and do nothing else."""
    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f))


def pandas_pipeline(path: Path, out: Path) -> int:
    """Read with pandas, map codes to points, score domains and overall, write CSV."""
    import pandas as pd

    frame = pd.read_csv(path, dtype={"respondent": str, "ward": str})
    points = frame[list(ITEMS)].astype("float64")  # empty cells are NaN: unanswered
    result = frame[["respondent", "ward"]].copy()
    means = []
    for domain in cp.COPRODUCTION_EVALUATION.domains:
        columns = [item.id for item in cp.COPRODUCTION_EVALUATION.items_in(domain)]
        block = points[columns]
        answered = block.notna().sum(axis=1)
        mean = block.mean(axis=1).where(answered >= math.ceil(len(columns) / 2))
        result[domain.value] = mean
        means.append(mean)
    result["overall"] = pd.concat(means, axis=1).mean(axis=1, skipna=False)
    result.to_csv(out, index=False)
    return len(result)


def timed(label: str, repeat: int, func: Callable[..., object], *args: object) -> float:
    """Run ``repeat`` times; print and return the best wall time (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    best = min(times)
    print(f"{label:<48} {best:8.2f} s  (best of {repeat}: {', '.join(f'{t:.2f}' for t in times)})")
    return best


def run_cli(path: Path, out: Path) -> None:
    """``coproduction score`` as a user runs it, in a fresh interpreter."""
    subprocess.run(  # noqa: S603 - runs this project's own command
        [
            sys.executable,
            "-m",
            "coproduction",
            "score",
            str(path),
            "--group",
            "ward",
            "--format",
            "csv",
            "--output",
            str(out),
        ],
        check=True,
    )


def main() -> None:
    """Make the file, time the three pipelines, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.csv"
        make_file(path, args.rows)
        size = path.stat().st_size / 1e6
        print(
            f"{args.rows:,} rows, {size:.0f} MB; Python {platform.python_version()}, "
            f"numpy {np.__version__}, {platform.machine()}"
        )
        floor = timed("bare csv.reader pass", args.repeat, bare_csv_reader, path)
        ours = timed(
            "coproduction score (end to end, subprocess)",
            args.repeat,
            run_cli,
            path,
            Path(tmp) / "a.csv",
        )
        try:
            theirs = timed(
                "hand-written pandas pipeline",
                args.repeat,
                pandas_pipeline,
                path,
                Path(tmp) / "b.csv",
            )
        except ImportError:
            theirs = math.nan
            print("pandas is not installed; skipped")
        print(f"coproduction score / csv.reader: {ours / floor:.2f}x")
        print(f"coproduction score / pandas:     {ours / theirs:.2f}x")


if __name__ == "__main__":
    main()
