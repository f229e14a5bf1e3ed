"""What every gap analysis shares: the notes they carry, steps on the scale, checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    Frequency,
)
from coproduction._scoring import EvaluationConventions, conventions_or_default
from coproduction.exceptions import Problem

#: Said by every readiness gap: no activity is a step on a ladder.
CHOICE_NOTE: Final = (
    "Activities are not a ladder: a gap at any activity limits people's choice of how to take part."
)
READING_NOTE: Final = (
    "Which statements speak to which activity is the coproduction library's reading of "
    "the booklet, not part of the RRN model."
)

_STEP: Final[Mapping[Frequency, int]] = {f: i for i, f in enumerate(COPRODUCTION_EVALUATION.scale)}


def scale_position(answer: Frequency) -> int:
    """The position of an answer on the ordinal scale: 0, 1 or 2 steps up from the lowest."""
    return _STEP[answer]


def check_conventions(conventions: object, problems: list[Problem]) -> EvaluationConventions:
    return conventions_or_default(conventions, EvaluationConventions, problems)
