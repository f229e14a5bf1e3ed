"""Make examples/synthetic-evaluation-cohort.csv: SYNTHETIC answers, for trying the tools.

Nobody gave these answers. They are drawn at random (seeded, so the file is the
same every time) with about 5% of items left unanswered, for 60 made-up
respondents on three made-up wards. Run from the repository root:

    python examples/make_synthetic_cohort.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import coproduction as cp

N = 60
WARDS = ("ward-a", "ward-b", "ward-c")


def main() -> None:
    """Write the synthetic cohort next to this script."""
    rng = np.random.default_rng(20220101)
    codes = rng.choice(3, size=(N, 23), p=[0.2, 0.45, 0.35])
    codes[rng.random((N, 23)) < 0.05] = -1
    scale = list(cp.Frequency)
    responses = [
        cp.EvaluationResponse(
            {
                item: None if code < 0 else scale[code]
                for item, code in zip(cp.COPRODUCTION_EVALUATION.item_ids, row, strict=True)
            },
            respondent=f"SYNTHETIC-{k + 1:03d}",
        )
        for k, row in enumerate(codes.tolist())
    ]
    wards = [WARDS[k % len(WARDS)] for k in range(N)]
    target = Path(__file__).parent / "synthetic-evaluation-cohort.csv"
    cp.io.csv.write_evaluations(responses, target, groups={"ward": wards})
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
