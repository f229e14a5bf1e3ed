"""Gap analysis: where a service's readiness, or people's experience, falls short.

Pure functions over the validated answers; every result is an immutable value
object with a readable :func:`str`. What counts as a gap, how far an answer is
from a target and which statement speaks to which activity are **the library's
conventions and reading**, not the booklet's; they are documented in
``docs/gaps.md``. Unanswered questions are never a gap: they are reported as not
known, apart from the gaps.

Activities are non-hierarchical: results list them in the booklet's order
(:attr:`coproduction.READINESS_CHECKER.activities <coproduction.ReadinessChecker.activities>`)
and never rank them.
"""

from __future__ import annotations

from coproduction._gaps.choice import ChoiceGaps, choice_gaps
from coproduction._gaps.claims import ClaimGap, ClaimsCheck, ItemEvidence, claimed_vs_experienced
from coproduction._gaps.evaluation import DomainGap, EvaluationGaps, ItemGap, evaluation_gaps
from coproduction._gaps.pairs import (
    Change,
    Comparison,
    DomainChange,
    DomainPerception,
    ItemChange,
    ItemPerception,
    Perception,
    PerceptionGap,
    compare,
    perception_gap,
)
from coproduction._gaps.readiness import GapPattern, ReadinessGap, readiness_gaps

__all__ = [
    "Change",
    "ChoiceGaps",
    "ClaimGap",
    "ClaimsCheck",
    "Comparison",
    "DomainChange",
    "DomainGap",
    "DomainPerception",
    "EvaluationGaps",
    "GapPattern",
    "ItemChange",
    "ItemEvidence",
    "ItemGap",
    "ItemPerception",
    "Perception",
    "PerceptionGap",
    "ReadinessGap",
    "choice_gaps",
    "claimed_vs_experienced",
    "compare",
    "evaluation_gaps",
    "perception_gap",
    "readiness_gaps",
]
