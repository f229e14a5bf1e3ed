"""Benchmark: what ``import coproduction`` costs, against the imports it cannot avoid.

Measured in the same run, as whole processes (interpreter start-up included, as a
user of the command line or a notebook kernel pays it), alternating so that a
busy machine slows both alike:

1. ``python -c "import numpy, attrs, cattrs"``: the runtime dependencies alone,
   the floor for any import of the library;
2. ``python -c "import coproduction"``.

It prints the median and the fastest of each, and their ratio (issue #11 asks for
1.2 or less). With ``--importtime`` it also runs ``python -X importtime -c "import
coproduction"`` once and lists the modules whose own import time (children
excluded) is largest.

Both run with compiled bytecode, as an installed package has it (pip compiles
on install): ``PYTHONDONTWRITEBYTECODE`` is removed for the child processes and
``PYTHONPYCACHEPREFIX`` points to a temporary directory, which a warm-up run of
each fills, so no ``__pycache__`` is written into the checkout. (With
``PYTHONDONTWRITEBYTECODE=1`` and sources on ``PYTHONPATH``, every run would
compile the library's sources again and measure the compiler.)

Run from the repository root, with the library importable (installed, or
``PYTHONPATH=src``)::

    python benchmarks/bench_import.py                  # 15 runs of each
    python benchmarks/bench_import.py --runs 30 --importtime --top 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = "import numpy, attrs, cattrs"
LIBRARY = "import coproduction"


def child_env(cache: str) -> dict[str, str]:
    """The environment of the measured processes: bytecode cached under ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def run_once(code: str, env: dict[str, str]) -> float:
    """Seconds for one fresh interpreter to run ``code`` and exit."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)  # noqa: S603
    return time.perf_counter() - start


def measure(runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Alternate baseline and library runs (after one warm-up of each)."""
    run_once(BASELINE, env)
    run_once(LIBRARY, env)
    baseline, library = [], []
    for _ in range(runs):
        baseline.append(run_once(BASELINE, env))
        library.append(run_once(LIBRARY, env))
    return baseline, library


def importtime(top: int, env: dict[str, str]) -> list[tuple[int, int, str]]:
    """The ``top`` modules by own import time (microseconds): (self, cumulative, name)."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-X", "importtime", "-c", LIBRARY],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(own), int(cumulative), name.rstrip()))
    rows.sort(reverse=True)
    return rows[:top]


def main(argv: list[str] | None = None) -> None:
    """Measure, then print a small Markdown table (and the offenders)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--importtime", action="store_true", help="list the slowest modules")
    parser.add_argument("--top", type=int, default=12, help="modules listed (default 12)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-") as cache:
        env = child_env(cache)
        baseline, library = measure(args.runs, env)
        offenders = importtime(args.top, env) if args.importtime else []
    print(f"Python {sys.version.split()[0]}, {args.runs} runs of each, alternating\n")
    print("| command | median (s) | fastest (s) |")
    print("|---|---|---|")
    for code, times in ((BASELINE, baseline), (LIBRARY, library)):
        print(f"| `{code}` | {statistics.median(times):.3f} | {min(times):.3f} |")
    ratio = statistics.median(library) / statistics.median(baseline)
    best = min(library) / min(baseline)
    print(f"\nimport coproduction / import numpy, attrs, cattrs: {ratio:.2f} (median), ", end="")
    print(f"{best:.2f} (fastest)")
    if args.importtime:
        print("\n| module | own (ms) | with children (ms) |")
        print("|---|---|---|")
        for own, cumulative, name in offenders:
            print(f"| `{name.strip()}` | {own / 1000:.1f} | {cumulative / 1000:.1f} |")


if __name__ == "__main__":
    main()
