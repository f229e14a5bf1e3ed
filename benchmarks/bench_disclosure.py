"""Benchmark the whole-number disclosure audit against the protection without it, in one run.

For synthetic cohorts of ``--wards`` wards of ``--size`` people, answering in a
typical way and near the extremes (mostly "All the time", where whole numbers pin
withheld counts), reports as a Markdown table:

* ``summarize(cohort, by="ward")`` with no disclosure rule: the computation alone;
* the same with ``DisclosureControl()`` but the whole-number audit switched off
  (``unittest.mock``): the protection over fractions only, as before the audit;
* the same with the audit: what the library does;
* the audit's cost as a ratio to the run without it, and how many means each
  protection withholds (the audit's cost in what is published).

With ``--skips`` it also reports, for cohorts of 40 wards of 3 to 40 people on
4 sites where each answer is skipped with a given probability, how many means
each level withholds (the cost of step 5 of ``docs/privacy.md`` where people
skip items here and there) and the time taken.

With ``--check`` it also asks an exact solver (scipy's ``milp``; scipy is not a
dependency of the library) about every count the search could not clear: how
many have no second solution indeed, and how many the search missed.

Times are the best of ``--repeats`` runs (wall clock, ``time.perf_counter``).
Needs only the library's own dependencies.

Run: ``python benchmarks/bench_disclosure.py`` (add ``--help`` for options).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from unittest import mock

import numpy as np

import coproduction as cp

ANSWERS = {"typical": (0.15, 0.35, 0.5), "near the extremes": (0.02, 0.05, 0.93)}


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The shortest wall-clock time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def cohort(wards: int, size: int, answers: tuple[float, ...], seed: int) -> cp.EvaluationCohort:
    """``wards`` wards of ``size`` people; everyone answers every item."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(3, size=(wards * size, 23), p=answers).astype(np.int8)
    return cp.EvaluationCohort.from_array(
        codes, groups={"ward": [f"w{i:03}" for i in range(wards) for _ in range(size)]}
    )


def withheld(summary: cp.CohortSummary) -> int:
    """How many means the summary withholds."""
    return sum(isinstance(m.mean, cp.Suppressed) for m in summary.measures)


def check(data: cp.EvaluationCohort, rule: cp.DisclosureControl) -> tuple[int, int]:
    """Of the counts the search could not clear: (how many, how many truly pinned)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    import coproduction._disclosure as disclosure

    search = disclosure._unshown  # noqa: SLF001 - the search is what is checked
    flagged, pinned = 0, 0

    def audited(
        values: Sequence[int],
        relations: Sequence[disclosure.Relation],
        moves: disclosure._Moves,
        withheld: set[int],
        targets: set[int],
    ) -> frozenset[int]:
        nonlocal flagged, pinned
        found = search(values, relations, moves, withheld, targets)
        hidden = sorted(withheld)
        where = {v: i for i, v in enumerate(hidden)}
        rows = []
        for relation in relations:
            row = np.zeros(len(hidden))
            for v, c in relation:
                if v in where:
                    row[where[v]] += c
            if row.any():
                rows.append(row)
        known = np.array([values[v] for v in hidden], dtype=float)
        sides = np.array(rows) @ known  # the truth is a solution
        for v in found:
            flagged += 1
            seen = set()
            for sense in (1, -1):
                cost = np.zeros(len(hidden))
                cost[where[v]] = sense
                result = milp(
                    cost,
                    constraints=LinearConstraint(np.array(rows), sides, sides),
                    integrality=np.ones(len(hidden), dtype=np.int64),
                    bounds=Bounds(0, np.inf),
                )
                if result.x is None:  # the truth is a solution: never
                    raise SystemExit(result.message)
                seen.add(round(result.x[where[v]]))
            pinned += len(seen) == 1
        return found

    with mock.patch("coproduction._disclosure._unshown", audited):
        cp.summarize(data, by="ward", disclosure=rule, resamples=0)
    return flagged, pinned


SKIPS = (0.0, 0.002, 0.01, 0.05)


def skipping(rate: float, seed: int) -> cp.EvaluationCohort:
    """40 wards of 3 to 40 people on 4 sites, each answer skipped with probability ``rate``."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 40, 40)
    codes = rng.choice(3, size=(int(sizes.sum()), 23), p=ANSWERS["typical"])
    codes = np.where(rng.random(codes.shape) < rate, -1, codes).astype(np.int8)
    return cp.EvaluationCohort.from_array(
        codes,
        groups={
            "site": list(np.repeat([f"s{i % 4}" for i in range(40)], sizes)),
            "ward": list(np.repeat([f"w{i:02}" for i in range(40)], sizes)),
        },
    )


def skips_table(repeats: int, seed: int) -> None:
    """Means withheld at each level, and the time, as skips grow."""
    print("| skipped | time (s) | means withheld: whole, sites, wards |")
    print("|---|---|---|")
    for rate in SKIPS:
        data = skipping(rate, seed)

        def run(data: cp.EvaluationCohort = data) -> cp.CohortSummary:
            return cp.summarize(
                data, by=["site", "ward"], disclosure=cp.DisclosureControl(), resamples=0
            )

        took = best_of(repeats, run)
        measures = run().measures
        counts = [
            f"{sum(isinstance(m.mean, cp.Suppressed) for m in rows)} of {len(rows)}"
            for level in range(3)
            if (rows := [m for m in measures if len(m.group) == level])
        ]
        print(f"| {rate:.1%} | {took:.2f} | {', '.join(counts)} |")


def main(argv: list[str] | None = None) -> None:
    """Build the cohorts, time each protection and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wards", type=int, nargs="+", default=[30, 150], help="(default: 30 150)")
    parser.add_argument("--size", type=int, default=20, help="people per ward (default: 20)")
    parser.add_argument("--repeats", type=int, default=3, help="(default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="(default: 1)")
    parser.add_argument(
        "--check", action="store_true", help="ask scipy's milp about what the search kept"
    )
    parser.add_argument("--skips", action="store_true", help="also the table of skipped answers")
    args = parser.parse_args(argv)
    rule = cp.DisclosureControl()
    print("| answers | wards | no rule (s) | fractions only (s) | with the audit (s) |", end="")
    print(" audit / fractions only | means withheld: fractions only, with the audit |")
    print("|---|---|---|---|---|---|---|")
    found: list[tuple[str, int, int, int]] = []
    for name, answers in ANSWERS.items():
        for wards in args.wards:
            data = cohort(wards, args.size, answers, args.seed)

            def run(
                disclosure: cp.DisclosureControl | None, data: cp.EvaluationCohort = data
            ) -> object:
                return cp.summarize(data, by="ward", disclosure=disclosure, resamples=0)

            bare = best_of(args.repeats, lambda: run(None))
            with mock.patch("coproduction._disclosure._unshown", return_value=frozenset()):
                before = best_of(args.repeats, lambda: run(rule))
                hidden_before = withheld(
                    cp.summarize(data, by="ward", disclosure=rule, resamples=0)
                )
            after = best_of(args.repeats, lambda: run(rule))
            hidden_after = withheld(cp.summarize(data, by="ward", disclosure=rule, resamples=0))
            print(
                f"| {name} | {wards} | {bare:.2f} | {before:.2f} | {after:.2f} | "
                f"{after / before:.2f}x | {hidden_before}, {hidden_after} "
                f"(of {(wards + 1) * 6}) |"
            )
            if args.check:
                found.append((name, wards, *check(data, rule)))
    if found:
        print()
    for name, wards, flagged, pinned in found:
        print(f"- {name}, {wards} wards: the search could not clear {flagged} counts; ", end="")
        print(f"scipy's milp finds {pinned} of them pinned indeed.")
    if args.skips:
        print()
        skips_table(args.repeats, args.seed)


if __name__ == "__main__":
    main()
