"""The public API's static types, as a user's type checker sees them.

``typing.assert_type`` is checked by mypy --strict (the ``typecheck`` session) and is a
no-op at run time, where the values are also checked, so this file fails in either
place if a public signature drifts.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import coproduction as cp


def test_public_api_types() -> None:
    """Constructors, lookups and scores have the types users annotate with."""
    answers = dict.fromkeys(("support_1", "support_2"), cp.Frequency.SOMETIMES)
    response = cp.EvaluationResponse(answers, date=dt.date(2026, 1, 2))
    assert_type(response.answers["support_1"], cp.Frequency | None)
    assert_type(response.date, dt.date | None)
    assert_type(response.activities, frozenset[cp.Activity])
    item = cp.COPRODUCTION_EVALUATION.item("support_1")
    assert_type(item, cp.EvaluationItem)
    assert_type(item.domain, cp.Domain)
    score = cp.score_evaluation(response)
    assert_type(score, cp.EvaluationScore)
    assert_type(score.domains[cp.Domain.SUPPORT].mean, float | None)
    assert_type(score.overall, float | None)
    assessment = cp.ReadinessAssessment({})
    readiness = cp.score_readiness(assessment)
    assert_type(readiness.by_activity[cp.Activity.SHARED], float | None)
    question = cp.READINESS_CHECKER.question(cp.Activity.SHARED, cp.Dimension.READINESS)
    assert_type(question.id, str)
    assert_type(cp.Frequency.SOMETIMES < cp.Frequency.ALL_THE_TIME, bool)
    assert 1.0 == score.domains[cp.Domain.SUPPORT].mean
    assert "shared_readiness" == question.id
