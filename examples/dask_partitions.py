"""Score a cohort split into dask partitions, and check it equals the single-machine result.

Each partition is scored on its own with ``score_cohort_chunks`` (the chunked API);
dask's ``map_partitions`` runs the partitions wherever its scheduler puts them. The
result is exactly, bit for bit, what ``score_cohort`` gives on the whole cohort.
Dask and pandas are needed for this example only, not by the library.

Run: ``python examples/dask_partitions.py`` (synthetic answers, no real people).
"""

from __future__ import annotations

import dask.dataframe as dd
import numpy as np
import pandas as pd

import coproduction as cp

ITEM_IDS = list(cp.COPRODUCTION_EVALUATION.item_ids)
COLUMNS = [f"{domain.value}_mean" for domain in cp.COPRODUCTION_EVALUATION.domains] + ["overall"]


def score_partition(frame: pd.DataFrame) -> pd.DataFrame:
    """Score one partition: a frame with one int8 column per item id."""
    (scores,) = cp.score_cohort_chunks([frame[ITEM_IDS].to_numpy(dtype=np.int8)])
    values = np.column_stack([scores.mean, scores.overall])
    return pd.DataFrame(values, columns=COLUMNS, index=frame.index)


def main() -> None:
    """Score 20,000 synthetic responses in 8 partitions and compare with one machine."""
    rng = np.random.default_rng(2026)
    codes = rng.integers(0, 3, size=(20_000, 23)).astype(np.int8)
    codes[rng.random(codes.shape) < 0.05] = cp.UNANSWERED_CODE
    partitions = dd.from_pandas(pd.DataFrame(codes, columns=ITEM_IDS), npartitions=8)
    meta = pd.DataFrame({column: pd.Series(dtype="float64") for column in COLUMNS})
    distributed = partitions.map_partitions(score_partition, meta=meta).compute()

    single = cp.score_cohort(cp.EvaluationCohort.from_array(codes))
    expected = np.column_stack([single.mean, single.overall])
    if not np.array_equal(distributed.to_numpy(), expected, equal_nan=True):
        raise SystemExit("the partitioned scores differ from the single-machine scores")
    print(f"{len(distributed)} responses in {partitions.npartitions} partitions: identical")


if __name__ == "__main__":
    main()
