"""Score and summarise a cohort split into dask partitions, and check both equal one machine's.

Each partition is scored on its own with ``score_cohort`` (a partition is a cohort);
dask's ``map_partitions`` runs the partitions wherever its scheduler puts them. The
result is exactly, bit for bit, what ``score_cohort`` gives on the whole cohort.

Each partition is also reduced to a ``SummaryAccumulator`` (answer counts and score
distributions per ward: small, whatever the partition's size), and the accumulators
are merged pairwise in a tree. The merged summary, intervals included, is exactly
``summarize`` of the whole cohort. Dask and pandas are needed for this example
only, not by the library.

Install: ``python -m pip install ".[dask]"`` (the ``dask`` extra: dask's dataframe
part, which brings pandas). Run: ``python examples/dask_partitions.py`` (synthetic
answers, no real people).
"""

from __future__ import annotations

import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.base import compute
from dask.delayed import Delayed, delayed

import coproduction as cp

ITEM_IDS = list(cp.COPRODUCTION_EVALUATION.item_ids)
COLUMNS = [f"{domain.value}_mean" for domain in cp.COPRODUCTION_EVALUATION.domains] + ["overall"]


def score_partition(frame: pd.DataFrame) -> pd.DataFrame:
    """Score one partition: a frame with one int8 column per item id."""
    scores = cp.score_cohort(
        cp.EvaluationCohort.from_array(frame[ITEM_IDS].to_numpy(dtype=np.int8))
    )
    values = np.column_stack([scores.mean, scores.overall])
    return pd.DataFrame(values, columns=COLUMNS, index=frame.index)


def accumulate_partition(frame: pd.DataFrame) -> cp.SummaryAccumulator:
    """Reduce one partition to its per-ward answer counts and score distributions."""
    cohort = cp.EvaluationCohort.from_array(
        frame[ITEM_IDS].to_numpy(dtype=np.int8), groups={"ward": frame["ward"].tolist()}
    )
    return cp.SummaryAccumulator(by="ward").add(cohort)


def merge_tree(parts: list[Delayed]) -> Delayed:
    """Merge accumulators pairwise, level by level, as dask runs them."""
    merge = delayed(cp.SummaryAccumulator.merge)
    while len(parts) > 1:
        pairs = zip(parts[::2], parts[1::2], strict=False)
        parts = [merge(left, right) for left, right in pairs] + parts[len(parts) // 2 * 2 :]
    return parts[0]


def main() -> None:
    """Score and summarise 20,000 synthetic responses in 8 partitions; compare with one machine."""
    rng = np.random.default_rng(2026)
    codes = rng.integers(0, 3, size=(20_000, 23)).astype(np.int8)
    codes[rng.random(codes.shape) < 0.05] = cp.EvaluationCohort.UNANSWERED
    wards = rng.choice(["Ash", "Elm", "Oak"], size=len(codes)).tolist()
    frame = pd.DataFrame(codes, columns=ITEM_IDS).assign(ward=wards)
    partitions = dd.from_pandas(frame, npartitions=8)
    meta = pd.DataFrame({column: pd.Series(dtype="float64") for column in COLUMNS})
    distributed = partitions.map_partitions(score_partition, meta=meta).compute()

    single = cp.score_cohort(cp.EvaluationCohort.from_array(codes))
    expected = np.column_stack([single.mean, single.overall])
    if not np.array_equal(distributed.to_numpy(), expected, equal_nan=True):
        raise SystemExit("the partitioned scores differ from the single-machine scores")

    accumulators = [delayed(accumulate_partition)(p) for p in partitions.to_delayed()]
    (merged,) = compute(merge_tree(accumulators))
    summary = merged.summary(resamples=200, seed=1)
    whole = cp.EvaluationCohort.from_array(codes, groups={"ward": wards})
    if summary != cp.summarize(whole, by="ward", resamples=200, seed=1):
        raise SystemExit("the merged summary differs from the single-machine summary")
    print(f"{len(distributed)} responses in {partitions.npartitions} partitions: identical")
    print(f"summary of {len(summary.groups)} wards from merged partitions: identical")


if __name__ == "__main__":
    main()
