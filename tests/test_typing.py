"""The public API's static types, as a user's type checker sees them.

``typing.assert_type`` is checked by mypy --strict (the ``typecheck`` session) and is a
no-op at run time, where the values are also checked, so this file fails in either
place if a public signature drifts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import assert_type

import pandas as pd

import coproduction as cp


def test_public_api_types() -> None:
    """Constructors, lookups and scores have the types users annotate with."""
    # Annotated: pyright infers literal keys, and Mapping is invariant in its key type.
    answers: dict[str, cp.Frequency] = dict.fromkeys(
        ("support_1", "support_2"), cp.Frequency.SOMETIMES
    )
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


def test_views_types(tmp_path: Path) -> None:
    """Pictures return Axes, the report returns text or a Path, frames are DataFrames."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    response = cp.EvaluationResponse({})
    ax = assert_type(cp.plot.domain_profile(response, ax=Figure().add_subplot()), Axes)
    assert isinstance(ax, Axes)
    page = assert_type(cp.report.render(responses=[response]), str)
    assert page.startswith("<!DOCTYPE html>")
    path = assert_type(cp.report.write(tmp_path / "r.html"), Path)
    assert path.exists()
    frame = assert_type(cp.io.frames.responses_to_frame([response]), pd.DataFrame)
    assert 1 == len(frame)
    assert_type(cp.io.frames.responses_from_frame(frame), list[cp.EvaluationResponse])
    assert_type(repr(response), str)
    assert_type(response._repr_html_(), str)
