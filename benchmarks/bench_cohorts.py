"""Benchmark cohort scoring and summaries against baselines measured in the same run.

Builds a synthetic cohort (default 1,000,000 responses x 23 items, 5% unanswered,
100 wards) and reports, as a Markdown table:

* ``score_cohort`` on the whole cohort;
* ``a.sum(axis=1)`` on the same int8 array: a bare numpy reduction, the practical floor;
* ``score_evaluation`` in a loop over a sample, extrapolated to the whole cohort;
* a hand-written pandas equivalent of ``score_cohort`` (what a researcher would write);
* ``summarize`` by ward, without intervals and with bootstrap intervals, and the
  intervals drawn the slower way (multinomial counts) for comparison;
* the peak memory of scoring (tracemalloc, which sees numpy's allocations).

Times are the best of ``--repeats`` runs (wall clock, ``time.perf_counter``).
Needs pandas for the pandas baseline (``pip install pandas``); everything else is
the library's own dependencies.

Run: ``python benchmarks/bench_cohorts.py`` (add ``--help`` for options).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

import coproduction as cp

ITEM_IDS = list(cp.COPRODUCTION_EVALUATION.item_ids)


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The shortest wall-clock time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def machine() -> str:
    """A one-line description of the machine."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )


def pandas_scores(frame: Any) -> object:  # noqa: ANN401 - a pandas.DataFrame; pandas is optional
    """Score the cohort with pandas, as a researcher would write it by hand."""
    import pandas as pd

    conventions = cp.EvaluationConventions()
    points = frame.where(frame >= 0)  # unanswered -1 becomes NaN; codes equal the points
    means = {}
    for domain in cp.COPRODUCTION_EVALUATION.domains:
        ids = [item.id for item in cp.COPRODUCTION_EVALUATION.items_in(domain)]
        block = points[ids]
        answered = block.notna().sum(axis=1)
        means[domain.value] = block.mean(axis=1).where(answered >= conventions.required(len(ids)))
    table = pd.DataFrame(means)
    overall = table.mean(axis=1).where(table.notna().sum(axis=1) >= 5)
    return table / 2 * 100, overall


def arguments() -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scalar-sample", type=int, default=5_000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    args = arguments()
    rng = np.random.default_rng(args.seed)
    codes = rng.integers(0, 3, size=(args.rows, 23), dtype=np.int8)
    codes[rng.random(codes.shape) < 0.05] = cp.EvaluationCohort.UNANSWERED
    wards = [f"ward-{i:03d}" for i in rng.integers(0, args.groups, size=args.rows)]
    cohort = cp.EvaluationCohort.from_array(codes, groups={"ward": wards})
    a = cohort.answers

    rows: list[tuple[str, float, str]] = []
    t_score = best_of(args.repeats, lambda: cp.score_cohort(cohort))
    t_sum = best_of(args.repeats, lambda: a.sum(axis=1))
    rows.append(("score_cohort", t_score, f"{t_score / t_sum:.1f}x the bare reduction"))
    rows.append(("a.sum(axis=1) on the int8 array (floor)", t_sum, "1.0x"))

    sample = cohort.answers[: args.scalar_sample]
    responses = cp.EvaluationCohort.from_array(sample).to_responses()
    start = time.perf_counter()
    for response in responses:
        cp.score_evaluation(response)
    t_scalar = (time.perf_counter() - start) / len(responses) * args.rows
    rows.append(
        (
            f"score_evaluation loop ({len(responses)} responses, extrapolated)",
            t_scalar,
            f"score_cohort is {t_scalar / t_score:.0f}x faster",
        )
    )

    try:
        import pandas as pd
    except ImportError:
        rows.append(("pandas hand-written (pandas not installed)", float("nan"), ""))
    else:
        frame = pd.DataFrame(a, columns=ITEM_IDS)
        t_pandas = best_of(args.repeats, lambda: pandas_scores(frame))
        rows.append(
            (
                "pandas hand-written equivalent",
                t_pandas,
                f"score_cohort is {t_pandas / t_score:.0f}x faster",
            )
        )

    quick = max(1, min(args.repeats, 3))
    t_summary = best_of(quick, lambda: cp.summarize(cohort, by="ward", resamples=0))
    rows.append(
        (
            f"summarize by ward ({args.groups} groups), no intervals",
            t_summary,
            f"{t_summary / t_sum:.0f}x the bare reduction",
        )
    )
    t_boot = best_of(quick, lambda: cp.summarize(cohort, by="ward", resamples=args.resamples))
    rows.append(
        (
            f"summarize by ward ({args.groups} groups), {args.resamples} bootstrap resamples",
            t_boot,
            f"{t_boot / t_summary:.1f}x without intervals",
        )
    )
    # The same intervals drawn as multinomial counts over each group's distinct
    # scores, as when the scores sit on no small lattice: what the FFT saves.
    with mock.patch("coproduction._resampling._fft_is_quicker", return_value=False):
        t_multinomial = best_of(
            1, lambda: cp.summarize(cohort, by="ward", resamples=args.resamples)
        )
    rows.append(
        (
            "the same, every resample drawn as multinomial counts",
            t_multinomial,
            f"the FFT path is {t_multinomial / t_boot:.1f}x faster",
        )
    )

    report(args, rows, cohort)


def report(
    args: argparse.Namespace, rows: list[tuple[str, float, str]], cohort: cp.EvaluationCohort
) -> None:
    """Measure the peak memory of scoring, and print everything."""
    a = cohort.answers
    tracemalloc.start()
    scores = cp.score_cohort(cohort)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    outputs = sum(
        getattr(scores, f).nbytes for f in ("mean", "answered", "overall", "domains_scored")
    )
    working = peak - outputs

    print(f"Machine: {machine()}")
    print(f"Cohort: {args.rows:,} x 23 int8 answers, 5% unanswered, {args.groups} wards")
    print()
    print("| What | Time (s) | Comparison |")
    print("|---|---:|---|")
    for label, seconds, note in rows:
        print(f"| {label} | {seconds:.3f} | {note} |")
    print()
    print(
        f"Peak memory while scoring: {peak / 2**20:.1f} MiB = outputs {outputs / 2**20:.1f} MiB "
        f"+ working memory {working / 2**20:.1f} MiB "
        f"({working / a.nbytes:.2f}x the {a.nbytes / 2**20:.1f} MiB int8 input)"
    )


if __name__ == "__main__":
    main()
