"""Scoring: hand-worked examples for each convention, and properties stating the specification."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Activity,
    Dimension,
    Domain,
    EvaluationConventions,
    EvaluationResponse,
    Frequency,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessConventions,
    ValidationError,
    score_evaluation,
    score_readiness,
)
from strategies import (
    CELLS,
    ITEM_IDS,
    evaluation_responses,
    readiness_assessments,
)

N, S, A = Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME
Y, P, NO = ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO


def ids(domain: Domain) -> list[str]:
    """The item ids of a domain."""
    return [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]


def full(answer: Frequency) -> dict[str, Frequency | None]:
    """Every item answered the same."""
    return dict.fromkeys(ITEM_IDS, answer)


# --- Hand-worked examples ---------------------------------------------------------


def test_points_are_0_1_2_and_a_domain_is_the_mean_of_its_items() -> None:
    """Support answered A, S, N, S: (2 + 1 + 0 + 1) / 4 = 1.0, which is 50 percent."""
    answers = dict(zip(ids(Domain.SUPPORT), [A, S, N, S], strict=True))
    score = score_evaluation(EvaluationResponse(answers)).domains[Domain.SUPPORT]
    assert 1.0 == score.mean
    assert 50.0 == score.percent
    assert 4 == score.answered
    assert 4 == score.items
    assert score.reason is None


def test_an_unanswered_item_is_left_out_not_counted_as_not_at_all() -> None:
    """Two "All the time" and two unanswered give 2.0, not (2 + 2 + 0 + 0) / 4 = 1.0."""
    first, second, third, _fourth = ids(Domain.RESPECT)
    response = EvaluationResponse({first: A, second: A, third: None})
    score = score_evaluation(response).domains[Domain.RESPECT]
    assert 2.0 == score.mean
    assert 100.0 == score.percent
    assert 2 == score.answered


@pytest.mark.parametrize(
    ("domain", "answered", "scored"),
    [
        (Domain.SUPPORT, 1, False),
        (Domain.SUPPORT, 2, True),  # 2 of 4 is half: scored
        (Domain.RESPECT, 2, True),
        (Domain.TRUST, 2, False),  # 2 of 5 is under half
        (Domain.TRUST, 3, True),  # 3 of 5 is half rounded up: scored
        (Domain.RISK_ACTION, 3, True),
        (Domain.POWER_WITH, 2, False),
        (Domain.POWER_WITH, 0, False),
    ],
)
def test_a_domain_is_scored_when_at_least_half_its_items_are_answered(
    domain: Domain, answered: int, scored: bool
) -> None:
    """The half-answered boundary: 2 of 4 and 3 of 5 are scored; 1 of 4 and 2 of 5 are not."""
    answers = dict.fromkeys(ids(domain)[:answered], S)
    score = score_evaluation(EvaluationResponse(answers)).domains[domain]
    assert scored == (score.mean is not None)
    assert scored == (score.percent is not None)
    assert answered == score.answered
    if not scored:
        required = 2 if len(ids(domain)) == 4 else 3
        assert f"{answered} of {len(ids(domain))} items answered; at least {required} needed" == (
            score.reason
        )


def test_overall_is_the_mean_of_domain_means_each_domain_weighing_the_same() -> None:
    """Support all 2 and every other domain all 0 gives (2 + 0 + 0 + 0 + 0) / 5 = 0.4.

    Pooling the items instead would give 8 / 23; the convention weighs domains equally.
    """
    answers = full(N)
    answers.update(dict.fromkeys(ids(Domain.SUPPORT), A))
    score = score_evaluation(EvaluationResponse(answers))
    assert 0.4 == pytest.approx(score.overall)
    assert 20.0 == pytest.approx(score.overall_percent)
    assert score.overall_reason is None


def test_overall_is_none_when_any_domain_has_no_score() -> None:
    """One unscored domain leaves the overall score empty, with the reason."""
    answers = full(A)
    for item_id in ids(Domain.TRUST)[:3]:
        answers[item_id] = None
    score = score_evaluation(EvaluationResponse(answers))
    assert score.domains[Domain.TRUST].mean is None
    assert score.overall is None
    assert score.overall_percent is None
    assert "4 of 5 domains scored; at least 5 needed" == score.overall_reason


def test_an_empty_response_scores_nothing_and_says_why() -> None:
    """No answers: no domain and no overall score, and nothing is zero."""
    score = score_evaluation(EvaluationResponse({}))
    assert all(d.mean is None and d.answered == 0 for d in score.domains.values())
    assert score.overall is None


def test_extremes_are_0_and_100_percent() -> None:
    """All "Not at all" is 0 percent everywhere; all "All the time" is 100 percent."""
    low = score_evaluation(EvaluationResponse(full(N)))
    high = score_evaluation(EvaluationResponse(full(A)))
    assert {0.0} == {d.percent for d in low.domains.values()}
    assert {100.0} == {d.percent for d in high.domains.values()}
    assert (0.0, 2.0) == (low.overall, high.overall)


def test_conventions_are_parameters() -> None:
    """Other points, a stricter answered share and fewer domains for overall all take effect."""
    conventions = EvaluationConventions(
        points={N: 1, S: 2, A: 3}, min_answered=1.0, overall_min_domains=1
    )
    answers = dict.fromkeys(ids(Domain.SUPPORT), S)
    answers[ids(Domain.RESPECT)[0]] = A
    score = score_evaluation(EvaluationResponse(answers), conventions=conventions)
    assert 2.0 == score.domains[Domain.SUPPORT].mean
    assert 50.0 == score.domains[Domain.SUPPORT].percent
    assert score.domains[Domain.RESPECT].mean is None  # 1 of 4, and all 4 are required
    assert 2.0 == score.overall  # one scored domain is enough under these conventions
    assert conventions is score.conventions


@pytest.mark.parametrize(
    ("share", "items", "required"),
    [(0.5, 4, 2), (0.5, 5, 3), (0.6, 5, 3), (0.75, 4, 3), (1.0, 5, 5), (0.01, 4, 1)],
)
def test_required_rounds_the_share_up(share: float, items: int, required: int) -> None:
    """The share of items needed is rounded up, at least one, without float surprises."""
    assert required == EvaluationConventions(min_answered=share).required(items)


def test_bad_conventions_are_refused_with_every_problem() -> None:
    """Missing or unordered points, a share out of range and a bad domain count are all listed."""
    with pytest.raises(ValidationError) as info:
        EvaluationConventions(points={N: 0, S: 0}, min_answered=0, overall_min_domains=6)
    assert ["points[ALL_THE_TIME]", "min_answered", "overall_min_domains"] == [
        p.location for p in info.value.problems
    ]
    with pytest.raises(ValidationError, match="must increase strictly"):
        EvaluationConventions(points={N: 2, S: 1, A: 0})
    with pytest.raises(ValidationError, match="finite number"):
        EvaluationConventions(points={N: 0, S: float("nan"), A: 2})
    with pytest.raises(ValidationError, match="overall_min_domains"):
        EvaluationConventions(overall_min_domains=True)


def test_score_prints_readably_and_names_the_convention() -> None:
    """str() of a score shows each domain, the overall, and that the rules are the library's."""
    text = str(score_evaluation(EvaluationResponse(full(S), respondent="R-7")))
    assert text.startswith("RRN Coproduction Evaluation scores for R-7:")
    assert "  Risk/action: 1.00 (50%), 5 of 5 items answered" in text
    assert "  Overall: 1.00 (50%)" in text
    assert "library's own" in text


# --- Properties -------------------------------------------------------------------


@given(evaluation_responses())
def test_scores_stay_in_range(response: EvaluationResponse) -> None:
    """Every mean is within 0 to 2 and every percent within 0 to 100."""
    score = score_evaluation(response)
    for domain in score.domains.values():
        if domain.mean is not None:
            assert 0.0 <= domain.mean <= 2.0
            assert domain.percent is not None
            assert 0.0 <= domain.percent <= 100.0
        assert 0 <= domain.answered <= domain.items
    if score.overall is not None:
        assert 0.0 <= score.overall <= 2.0


@given(evaluation_responses(), st.sampled_from(ITEM_IDS), st.data())
def test_raising_any_one_answer_never_lowers_any_score(
    response: EvaluationResponse, item_id: str, data: st.DataObject
) -> None:
    """Moving one answered item up the scale never lowers a domain or the overall score."""
    before = response.answers[item_id]
    higher = [f for f in Frequency if before is not None and f > before]
    if not higher:
        return
    answers = dict(response.answers)
    answers[item_id] = data.draw(st.sampled_from(higher))
    old = score_evaluation(response)
    new = score_evaluation(EvaluationResponse(answers))
    for domain in Domain:
        old_mean, new_mean = old.domains[domain].mean, new.domains[domain].mean
        assert (old_mean is None) == (new_mean is None)
        if old_mean is not None and new_mean is not None:
            assert new_mean >= old_mean
    if old.overall is not None and new.overall is not None:
        assert new.overall >= old.overall


@given(evaluation_responses(), st.sampled_from(ITEM_IDS))
def test_removing_an_answer_never_changes_another_domain(
    response: EvaluationResponse, item_id: str
) -> None:
    """Unanswering one item changes at most that item's own domain."""
    answers = dict(response.answers)
    answers[item_id] = None
    old = score_evaluation(response)
    new = score_evaluation(EvaluationResponse(answers))
    own = COPRODUCTION_EVALUATION.item(item_id).domain
    for domain in Domain:
        if domain is not own:
            assert old.domains[domain] == new.domains[domain]


@given(evaluation_responses())
def test_a_domain_mean_is_the_mean_of_its_answered_items_only(
    response: EvaluationResponse,
) -> None:
    """Whatever is missing, a scored domain's mean equals the mean of its answered points."""
    points = {N: 0, S: 1, A: 2}
    score = score_evaluation(response)
    for domain in Domain:
        given_answers = [response.answers[i] for i in ids(domain)]
        answered = [points[a] for a in given_answers if a is not None]
        result = score.domains[domain]
        assert len(answered) == result.answered
        if result.mean is not None:
            assert sum(answered) / len(answered) == result.mean


@given(evaluation_responses())
def test_scoring_is_pure(response: EvaluationResponse) -> None:
    """Scoring twice gives equal results and leaves the response as it was."""
    before = copy.deepcopy(response)
    assert score_evaluation(response) == score_evaluation(response)
    assert before == response


# --- Readiness --------------------------------------------------------------------


def test_readiness_points_are_1_half_and_0() -> None:
    """Listened to: Yes, Partly, No gives (1 + 0.5 + 0) / 3 = 0.5."""
    cells = {(Activity.LISTENED_TO, d): a for d, a in zip(Dimension, [Y, P, NO], strict=True)}
    score = score_readiness(ReadinessAssessment(cells))
    assert 0.5 == score.by_activity[Activity.LISTENED_TO]
    assert 1.0 == score.by_dimension[Dimension.OBLIGATION]
    assert 0.5 == score.by_dimension[Dimension.READINESS]
    assert 0.0 == score.by_dimension[Dimension.INFRASTRUCTURE]
    assert 0.5 == score.overall
    assert 18 == len(score.unanswered)


def test_readiness_unanswered_cells_are_left_out_and_listed() -> None:
    """A partly answered row is the mean of its answered cells; an empty row has no score."""
    cells = {
        (Activity.SHARED, Dimension.OBLIGATION): Y,
        (Activity.SHARED, Dimension.READINESS): None,
    }
    score = score_readiness(ReadinessAssessment(cells))
    assert 1.0 == score.by_activity[Activity.SHARED]
    assert score.by_activity[Activity.INFORMED] is None
    assert (Activity.SHARED, Dimension.READINESS) in score.unanswered
    assert (Activity.SHARED, Dimension.OBLIGATION) not in score.unanswered


def test_readiness_conventions_are_parameters_and_checked() -> None:
    """Partly can be given other points; an inconsistent set of points is refused."""
    conventions = ReadinessConventions(points={Y: 1, P: 0, NO: 0})
    cells = {(Activity.INFORMED, Dimension.OBLIGATION): P}
    assert 0.0 == score_readiness(ReadinessAssessment(cells), conventions=conventions).overall
    with pytest.raises(ValidationError, match="NO <= PARTLY <= YES"):
        ReadinessConventions(points={Y: 0, P: 0.5, NO: 1})
    with pytest.raises(ValidationError) as info:
        ReadinessConventions(points={Y: 1, "partly": 0.5})  # type: ignore[dict-item]
    assert ["points['partly']", "points[PARTLY]", "points[NO]"] == [
        p.location for p in info.value.problems
    ]


@given(readiness_assessments())
def test_readiness_scores_stay_in_range_and_match_their_cells(
    assessment: ReadinessAssessment,
) -> None:
    """Each score is the mean of its answered cells, within 0 to 1, None when none answered."""
    points = {Y: 1.0, P: 0.5, NO: 0.0}
    score = score_readiness(assessment)
    for activity in READINESS_CHECKER.activities:
        values = [
            points[a]
            for (ca, _), a in assessment.answers.items()
            if ca is activity and a is not None
        ]
        expected = sum(values) / len(values) if values else None
        assert expected == score.by_activity[activity]
    answered = [a for a in assessment.answers.values() if a is not None]
    assert (score.overall is None) == (not answered)
    if score.overall is not None:
        assert 0.0 <= score.overall <= 1.0
    assert len(CELLS) - len(answered) == len(score.unanswered)


def test_readiness_score_prints_readably() -> None:
    """str() lists every activity in the booklet's order, the dimensions and the overall."""
    cells = dict.fromkeys(CELLS, Y)
    text = str(score_readiness(ReadinessAssessment(cells, setting="ward-a")))
    assert text.startswith("RRN Readiness Checker scores for ward-a:")
    lines = text.splitlines()
    assert [f"  {a.label}: 1.00" for a in Activity] == lines[1:8]
    assert "  Readiness (staff attitude): 1.00" in lines
    assert "library's own" in text
