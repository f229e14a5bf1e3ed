"""The readers' contract, and the fuzzing budget, shared by every fuzzer."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Final, TypeVar

from hypothesis import HealthCheck, settings

import coproduction as cp

_T = TypeVar("_T")

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


def read_or_refuse(read: Callable[[], _T]) -> _T | None:
    """Run a reader: its value, or ``None`` when it refused the input as it must.

    A refusal must be a :class:`~coproduction.ValidationError` with at least one
    problem, each with a location and a message. Any other exception (including
    another :class:`~coproduction.CoproductionError`, which has no located
    problem) propagates and fails the fuzzer.
    """
    try:
        return read()
    except cp.ValidationError as error:
        # The contract is checked on whatever the reader raised, not on one expected error.
        assert error.problems, "a refusal names at least one problem"  # noqa: PT017
        for problem in error.problems:
            assert isinstance(problem.location, str), problem
            assert problem.location.strip(), problem
            assert isinstance(problem.message, str), problem
            assert problem.message.strip(), problem
        str(error).encode("utf-8")  # the message can be shown, or written to a UTF-8 file
        return None
