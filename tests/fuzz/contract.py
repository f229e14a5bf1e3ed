"""The readers' contract, shared by every fuzzer (hypothesis and atheris alike)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import coproduction as cp

_T = TypeVar("_T")


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
