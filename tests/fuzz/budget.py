"""The fuzzing budget of the structure-aware fuzzers (hypothesis)."""

from __future__ import annotations

import os
from typing import Final

from hypothesis import HealthCheck, settings

#: Examples per fuzzer: small by default (the whole normal session stays quick),
#: large under ``nox -s fuzz``.
EXAMPLES: Final = int(os.environ.get("COPRODUCTION_FUZZ_EXAMPLES", "20"))

#: Settings of every structure-aware fuzzer: the budget above, no deadline (the
#: machine is shared), and no complaint about large or slow-to-draw inputs.
fuzz_settings: Final = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
