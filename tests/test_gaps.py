"""Gap analysis: tables of cases for every pattern and function, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Activity,
    Change,
    Dimension,
    Domain,
    EvaluationConventions,
    EvaluationResponse,
    Frequency,
    GapPattern,
    Perception,
    ReadinessAnswer,
    ReadinessAssessment,
    ValidationError,
    _readings,
    choice_gaps,
    claimed_vs_experienced,
    compare,
    evaluation_gaps,
    perception_gap,
    readiness_gaps,
)
from coproduction import _booklet as b
from strategies import (
    ALL_YES,
    CELLS,
    evaluation_responses,
    readiness_assessments,
    shuffled_answers,
    top_responses,
)

ROOT = Path(__file__).parent.parent
N, S, A = Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME
Y, P, NO = ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO
O, R, I = Dimension.OBLIGATION, Dimension.READINESS, Dimension.INFRASTRUCTURE  # noqa: E741
G = GapPattern
CODES = {"Y": Y, "P": P, "N": NO, "?": None}

# --- 1. Readiness gaps: every combination of one row -------------------------------------

#: One row as three letters (obligation, readiness, infrastructure: Y, P, N or ? for
#: unanswered), and the gaps it makes: (pattern, the dimensions in the gap).
ROW_CASES: list[tuple[str, list[tuple[GapPattern, tuple[Dimension, ...]]]]] = [
    ("YYY", []),
    ("YYN", [(G.WILLING_BUT_UNEQUIPPED, (I,))]),
    ("YNY", [(G.PROCEDURE_WITHOUT_READINESS, (R,))]),
    ("YNN", [(G.COMMITMENT_ON_PAPER, (R, I))]),
    ("YPP", [(G.COMMITMENT_ON_PAPER, (R, I))]),
    ("NYY", [(G.READINESS_WITHOUT_MANDATE, (O,))]),
    ("NYN", [(G.READINESS_WITHOUT_MANDATE, (O,)), (G.WILLING_BUT_UNEQUIPPED, (I,))]),
    ("PYP", [(G.READINESS_WITHOUT_MANDATE, (O,)), (G.WILLING_BUT_UNEQUIPPED, (I,))]),
    ("NNY", [(G.PROCEDURE_WITHOUT_READINESS, (O, R))]),
    ("NNN", [(G.NOT_YET_IN_PLACE, (O, R, I))]),
    ("?YY", []),
    ("?YN", [(G.WILLING_BUT_UNEQUIPPED, (I,))]),
    ("?NY", [(G.PROCEDURE_WITHOUT_READINESS, (R,))]),
    ("?NN", [(G.NOT_YET_IN_PLACE, (R, I))]),
    ("Y?Y", []),
    ("Y?N", [(G.COMMITMENT_ON_PAPER, (I,))]),
    ("N?Y", [(G.UNCLEAR, (O,))]),
    ("N?N", [(G.NOT_YET_IN_PLACE, (O, I))]),
    ("YY?", []),
    ("YN?", [(G.COMMITMENT_ON_PAPER, (R,))]),
    ("NY?", [(G.READINESS_WITHOUT_MANDATE, (O,))]),
    ("NN?", [(G.NOT_YET_IN_PLACE, (O, R))]),
    ("??Y", []),
    ("??N", [(G.NOT_YET_IN_PLACE, (I,))]),
    ("?Y?", []),
    ("?N?", [(G.NOT_YET_IN_PLACE, (R,))]),
    ("Y??", []),
    ("N??", [(G.NOT_YET_IN_PLACE, (O,))]),
    ("???", []),
]


def row(activity: Activity, letters: str) -> ReadinessAssessment:
    """An assessment with every other cell "Yes" and this activity's row as given."""
    answers: dict[tuple[Activity, Dimension], ReadinessAnswer | None] = dict.fromkeys(CELLS, Y)
    for dimension, letter in zip((O, R, I), letters, strict=True):
        answers[activity, dimension] = CODES[letter]
    return ReadinessAssessment(answers)


@pytest.mark.parametrize("activity", [Activity.INFORMED, Activity.IN_CONTROL])
@pytest.mark.parametrize(("letters", "expected"), ROW_CASES)
def test_every_row_combination_makes_the_documented_gaps(
    activity: Activity,
    letters: str,
    expected: list[tuple[GapPattern, tuple[Dimension, ...]]],
) -> None:
    """Each of the 27 shapes of a row makes the gaps the convention says, at any activity."""
    gaps = readiness_gaps(row(activity, letters))
    assert expected == [(g.pattern, g.dimensions) for g in gaps]
    for gap in gaps:
        assert activity is gap.activity
        assert tuple(d for d, x in zip((O, R, I), letters, strict=True) if x == "?") == (
            gap.not_known
        )
        assert tuple(d for d, x in zip((O, R, I), letters, strict=True) if x == "Y") == (
            gap.in_place
        )


def test_the_row_table_covers_every_shape_and_every_pattern() -> None:
    """All 27 shapes of Y, N and ? are in the table, and every pattern occurs."""
    shapes = {letters.replace("P", "N") for letters, _ in ROW_CASES}
    assert 27 == len(shapes)
    assert set(GapPattern) == {p for _, gaps in ROW_CASES for p, _ in gaps}


def test_a_gap_names_its_answers_and_the_leaders_actions_and_says_choice_is_limited() -> None:
    """A gap shows its answers, the booklet's actions for its pattern, and the choice note."""
    (gap,) = readiness_gaps(row(Activity.INFORMED, "YNP"))
    assert {R: NO, I: P} == gap.cells
    assert (b.LEADERS_VALUES, b.LEADERS_TRAIN, b.LEADERS_MODEL) == gap.leaders_actions
    text = str(gap)
    assert text.startswith("People are given instructions/information - Commitment on paper:")
    assert "staff attitude: No, implementation infrastructure: Partly" in text
    assert "a gap at any activity limits people's choice of how to take part" in text
    assert b.LEADERS_TRAIN in text


def test_a_gaps_prompts_are_its_leaders_actions_with_their_section_and_page() -> None:
    """Each gap's prompts are its pattern's leaders' actions, from page 14 of the booklet."""
    gaps = [g for letters, _ in ROW_CASES for g in readiness_gaps(row(Activity.SHARED, letters))]
    assert set(GapPattern) == {gap.pattern for gap in gaps}
    for gap in gaps:
        assert gap.leaders_actions == tuple(p.text for p in gap.prompts)
        assert {(b.SECTION_LEADERS, 14)} == {(p.section, p.page) for p in gap.prompts}


def test_every_pattern_points_to_actions_quoted_from_the_booklet() -> None:
    """Every pattern has at least one of the booklet's "Things leaders can do"."""
    actions = {getattr(b, name) for name in dir(b) if name.startswith("LEADERS_")}
    for pattern in GapPattern:
        assert pattern.leaders_actions
        assert set(pattern.leaders_actions) <= actions


def test_readiness_gaps_refuses_what_is_not_an_assessment() -> None:
    """A mapping is not an assessment: refused, with the location named."""
    with pytest.raises(ValidationError, match="assessment: expected a ReadinessAssessment"):
        readiness_gaps({})  # type: ignore[arg-type]


@given(readiness_assessments())
def test_every_cell_that_is_not_yes_is_in_exactly_one_gap(assessment: ReadinessAssessment) -> None:
    """Each Partly or No cell is in one gap; Yes and unanswered cells are in none."""
    gaps = readiness_gaps(assessment)
    placed = [(g.activity, d) for g in gaps for d in g.cells]
    not_yes = [c for c, a in assessment.answers.items() if a is not None and a is not Y]
    assert sorted(not_yes, key=CELLS.index) == sorted(placed, key=CELLS.index)
    assert len(placed) == len(set(placed))
    for gap in gaps:
        for dimension, answer in gap.cells.items():
            assert assessment.answers[gap.activity, dimension] is answer


@given(readiness_assessments())
def test_gaps_are_grouped_by_activity_in_the_booklets_order(
    assessment: ReadinessAssessment,
) -> None:
    """Gaps come activity by activity, in the booklet's order, never ranked."""
    order = [READINESS_CHECKER.activities.index(g.activity) for g in readiness_gaps(assessment)]
    assert sorted(order) == order


# --- 2. Evaluation gaps ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "target", "steps"),
    [
        (N, A, 2),
        (S, A, 1),
        (A, A, 0),
        (N, S, 1),
        (S, S, 0),
        (A, S, 0),  # above the target is no gap
        (N, N, 0),
        (None, A, None),
    ],
)
def test_item_gap_is_steps_on_the_ordinal_scale(
    answer: Frequency | None, target: Frequency, steps: int | None
) -> None:
    """Distance is counted in steps of the answer scale, 0 at or above the target."""
    gaps = evaluation_gaps(EvaluationResponse({"trust_1": answer}), target)
    assert steps == gaps.items["trust_1"].steps


def test_a_domain_gap_is_the_mean_of_answered_items_with_its_drivers_furthest_first() -> None:
    """Support S, N, S, A: (1 + 2 + 1 + 0) / 4 = 1.0, driven by support_2 then 1 and 3."""
    answers = {"support_1": S, "support_2": N, "support_3": S, "support_4": A}
    gap = evaluation_gaps(EvaluationResponse(answers)).domains[Domain.SUPPORT]
    assert 1.0 == gap.mean_steps
    assert ("support_2", "support_1", "support_3") == gap.drivers
    assert "Support: 1.00 steps below the target on average" in str(gap)


def test_a_domain_with_too_few_answers_has_no_gap_and_missing_is_not_not_at_all() -> None:
    """One of five answered: no mean; with two "All the time" and two unanswered, the mean is 0."""
    gaps = evaluation_gaps(
        EvaluationResponse({"trust_1": N, "respect_1": A, "respect_2": A}),
    )
    assert gaps.domains[Domain.TRUST].mean_steps is None
    assert "1 of 5 items answered; at least 3 needed" == gaps.domains[Domain.TRUST].reason
    assert ("trust_1",) == gaps.domains[Domain.TRUST].drivers
    assert 0.0 == gaps.domains[Domain.RESPECT].mean_steps
    strict = EvaluationConventions(min_answered=1.0)
    assert (
        evaluation_gaps(EvaluationResponse({"respect_1": A}), conventions=strict)
        .domains[Domain.RESPECT]
        .mean_steps
        is None
    )


def test_evaluation_gaps_refuse_bad_arguments_all_at_once() -> None:
    """A label as target and a dict as conventions are both reported."""
    with pytest.raises(ValidationError) as caught:
        evaluation_gaps(
            EvaluationResponse({}),
            "All the time",  # type: ignore[arg-type]
            conventions={},  # type: ignore[arg-type]
        )
    assert ["target", "conventions"] == [p.location for p in caught.value.problems]


# --- compare -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "steps", "change"),
    [
        (S, A, 1, Change.IMPROVED),
        (N, A, 2, Change.IMPROVED),
        (A, N, -2, Change.WORSENED),
        (S, N, -1, Change.WORSENED),
        (S, S, 0, Change.UNCHANGED),
        (None, A, None, Change.NOT_COMPARABLE),
        (A, None, None, Change.NOT_COMPARABLE),
        (None, None, None, Change.NOT_COMPARABLE),
    ],
)
def test_compare_table(
    before: Frequency | None, after: Frequency | None, steps: int | None, change: Change
) -> None:
    """Each item is improved, worsened, unchanged or not comparable."""
    result = compare(
        EvaluationResponse({"risk_action_5": before}), EvaluationResponse({"risk_action_5": after})
    )
    assert steps == result.items["risk_action_5"].steps
    assert change is result.items["risk_action_5"].change


def test_a_domain_changes_by_the_items_answered_in_both_rounds_only() -> None:
    """Support A, S, N, - then A, A, S, A: paired 0, +1, +1, mean 2/3; support_4 is left out."""
    before = EvaluationResponse({"support_1": A, "support_2": S, "support_3": N})
    after = EvaluationResponse({"support_1": A, "support_2": A, "support_3": S, "support_4": A})
    domain = compare(before, after).domains[Domain.SUPPORT]
    assert pytest.approx(2 / 3) == domain.mean_steps
    assert 3 == domain.paired
    assert Change.IMPROVED is domain.change
    assert ("support_2", "support_3") == domain.improved
    assert () == domain.worsened


@pytest.mark.parametrize(
    ("paired", "change"),
    [(1, Change.NOT_COMPARABLE), (2, Change.UNCHANGED)],  # 2 of 4 needed
)
def test_a_domain_is_comparable_only_with_enough_paired_items(paired: int, change: Change) -> None:
    """The scoring conventions' share decides how many paired items a domain needs."""
    answers = dict.fromkeys([f"respect_{n}" for n in range(1, paired + 1)], S)
    result = compare(EvaluationResponse(answers), EvaluationResponse(answers))
    assert change is result.domains[Domain.RESPECT].change


@given(evaluation_responses(), evaluation_responses())
def test_comparing_the_other_way_round_reverses_every_change(
    first: EvaluationResponse, second: EvaluationResponse
) -> None:
    """compare(b, a) has the opposite steps and changes of compare(a, b)."""
    forward, backward = compare(first, second), compare(second, first)
    opposite = {Change.IMPROVED: Change.WORSENED, Change.WORSENED: Change.IMPROVED}
    for item_id, change in forward.items.items():
        back = backward.items[item_id]
        assert opposite.get(change.change, change.change) is back.change
        assert (None if change.steps is None else -change.steps) == back.steps
    for domain, domain_change in forward.domains.items():
        expected = opposite.get(domain_change.change, domain_change.change)
        assert expected is backward.domains[domain].change


@given(evaluation_responses())
def test_a_response_compared_with_itself_is_unchanged(response: EvaluationResponse) -> None:
    """Nothing improves or worsens between a response and itself."""
    changes = {c.change for c in compare(response, response).items.values()}
    assert changes <= {Change.UNCHANGED, Change.NOT_COMPARABLE}


# --- perception_gap ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "lived", "steps", "perception"),
    [
        (A, N, 2, Perception.OVERESTIMATE),
        (A, S, 1, Perception.OVERESTIMATE),
        (N, A, -2, Perception.UNDERESTIMATE),
        (S, S, 0, Perception.MATCH),
        (A, None, None, Perception.NOT_COMPARABLE),
        (None, N, None, Perception.NOT_COMPARABLE),
    ],
)
def test_perception_gap_table(
    staff: Frequency | None, lived: Frequency | None, steps: int | None, perception: Perception
) -> None:
    """Staff's view above the person's answer is an over-estimate; below, an under-estimate."""
    result = perception_gap(
        EvaluationResponse({"power_with_1": staff}), EvaluationResponse({"power_with_1": lived})
    )
    assert steps == result.items["power_with_1"].steps
    assert perception is result.items["power_with_1"].perception


def test_a_domain_perception_lists_the_items_over_and_under_estimated() -> None:
    """Power with: staff A, A, S vs lived N, A, A: +2, 0, -1, mean 1/3, over-estimate."""
    staff = EvaluationResponse({"power_with_1": A, "power_with_2": A, "power_with_3": S})
    lived = EvaluationResponse({"power_with_1": N, "power_with_2": A, "power_with_3": A})
    domain = perception_gap(staff, lived).domains[Domain.POWER_WITH]
    assert pytest.approx(1 / 3) == domain.mean_steps
    assert Perception.OVERESTIMATE is domain.perception
    assert ("power_with_1",) == domain.overestimated
    assert ("power_with_3",) == domain.underestimated
    assert "Power with: staff over-estimate (+0.33 steps on average)" == str(domain)


@given(evaluation_responses(), evaluation_responses())
def test_the_perception_gap_is_the_change_from_lived_experience_to_staffs_view(
    staff: EvaluationResponse, lived: EvaluationResponse
) -> None:
    """Per item, staff's view minus lived experience, in steps: compare(lived, staff)."""
    gap, change = perception_gap(staff, lived), compare(lived, staff)
    for item_id in COPRODUCTION_EVALUATION.item_ids:
        assert change.items[item_id].steps == gap.items[item_id].steps
    for domain in Domain:
        assert change.domains[domain].mean_steps == gap.domains[domain].mean_steps


# --- claimed_vs_experienced ----------------------------------------------------------------


def claimed(*activities: Activity, answer: ReadinessAnswer = Y) -> ReadinessAssessment:
    """Staff readiness answered for these activities only."""
    return ReadinessAssessment({(a, R): answer for a in activities})


def people(*answers: Frequency | None, item_id: str = "support_3") -> list[EvaluationResponse]:
    """One response per answer, to one item."""
    return [EvaluationResponse({item_id: a}) for a in answers]


@pytest.mark.parametrize(
    ("claim", "answers", "kwargs", "gap"),
    [
        (Y, (N,), {}, True),
        (Y, (S,), {}, False),  # threshold: Sometimes is not low by default
        (Y, (S,), {"at_most": S}, True),
        (P, (N,), {}, False),  # Partly is not a claim
        (NO, (N,), {}, False),
        (Y, (N, A), {}, True),  # boundary: half the answers low
        (Y, (N, A, A), {}, False),  # a third
        (Y, (N, A), {"min_share": 0.6}, False),
        (Y, (N, None), {}, True),  # unanswered is left out, not counted
        (Y, (N,), {"min_respondents": 2}, False),  # too few answers to show
    ],
)
def test_claimed_vs_experienced_table(
    claim: ReadinessAnswer,
    answers: tuple[Frequency | None, ...],
    kwargs: dict[str, object],
    gap: bool,
) -> None:
    """An activity claimed ready differs when enough answers to a related statement are low."""
    check = claimed_vs_experienced(
        claimed(Activity.LISTENED_TO, answer=claim),
        people(*answers),
        disclosure=None,  # the reading itself, on a team's own answers
        **kwargs,  # type: ignore[arg-type]
    )
    assert gap == (Activity.LISTENED_TO in [g.activity for g in check.gaps])


def test_a_claim_gap_shows_counts_and_power_types_of_the_statements() -> None:
    """The evidence names each statement, how many answered, how many were low."""
    check = claimed_vs_experienced(claimed(Activity.LISTENED_TO), people(N, N, A), disclosure=None)
    (gap,) = check.gaps
    (evidence,) = gap.evidence
    assert ("support_3", 3, 2) == (evidence.item_id, evidence.answered, evidence.low)
    assert ("support_4", "trust_5") == gap.not_assessed
    assert "support_3 (I believe staff want to hear what I have to say): 2 of 3 answers low" in (
        str(check)
    )


def test_an_activity_whose_statements_are_unanswered_is_not_assessed() -> None:
    """Claimed ready, with no usable answer to any related statement: not assessed, not a gap."""
    check = claimed_vs_experienced(claimed(Activity.IN_CONTROL), people(N), disclosure=None)
    assert () == check.gaps
    assert (Activity.IN_CONTROL,) == check.not_assessed
    small = claimed_vs_experienced(
        claimed(Activity.LISTENED_TO), people(N), min_respondents=5, disclosure=None
    )
    assert (Activity.LISTENED_TO,) == small.not_assessed
    assert "1 of 1" not in str(small)


def test_claimed_vs_experienced_refuses_every_bad_argument() -> None:
    """Wrong types and impossible thresholds are all named."""
    with pytest.raises(ValidationError) as caught:
        claimed_vs_experienced(
            {},  # type: ignore[arg-type]
            [EvaluationResponse({}), "R-001"],  # type: ignore[list-item]
            at_most=A,
            min_share=0,
            min_respondents=0,
        )
    assert ["assessment", "responses[1]", "at_most", "min_share", "min_respondents"] == [
        p.location for p in caught.value.problems
    ]


@given(readiness_assessments(), st.lists(evaluation_responses(), max_size=4), st.data())
def test_claims_do_not_depend_on_the_order_of_responses(
    assessment: ReadinessAssessment, responses: list[EvaluationResponse], data: st.DataObject
) -> None:
    """Shuffling the responses gives the same result."""
    shuffled = data.draw(st.permutations(responses))
    assert claimed_vs_experienced(assessment, responses) == claimed_vs_experienced(
        assessment, shuffled
    )


def test_the_reading_ties_every_activity_to_known_statements() -> None:
    """Every activity has statements; every id is an item; every item has a power type."""
    assert tuple(Activity) == tuple(_readings.ACTIVITY_ITEMS)
    for items in _readings.ACTIVITY_ITEMS.values():
        assert items
        assert set(items) <= set(COPRODUCTION_EVALUATION.item_ids)
    assert COPRODUCTION_EVALUATION.item_ids == tuple(_readings.ITEM_POWER_TYPES)
    assert (Activity.SHARED, Activity.IN_CONTROL) == _readings.activities_of("risk_action_3")


# --- choice_gaps ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "row_letters", "not_ready", "not_known"),
    [
        ({Activity.INFORMED}, "YYY", (), ()),
        ({Activity.INFORMED}, "YYP", (Activity.INFORMED,), ()),
        ({Activity.INFORMED}, "NYY", (Activity.INFORMED,), ()),
        ({Activity.INFORMED}, "Y?Y", (), (Activity.INFORMED,)),
        ({Activity.INFORMED}, "N??", (Activity.INFORMED,), ()),
        ({Activity.LISTENED_TO}, "NNN", (), ()),  # the gap is at an activity not preferred
    ],
)
def test_choice_gaps_table(
    preferred: set[Activity],
    row_letters: str,
    not_ready: tuple[Activity, ...],
    not_known: tuple[Activity, ...],
) -> None:
    """A preferred activity is not ready when any of its questions is Partly or No."""
    response = EvaluationResponse({}, preferred_activities=preferred)
    gaps = choice_gaps(response, row(Activity.INFORMED, row_letters))
    assert not_ready == gaps.preferred_not_ready
    assert not_known == gaps.preferred_not_known


def test_taking_part_in_activities_not_preferred_is_a_choice_gap_in_booklet_order() -> None:
    """Activities taken part in but not preferred are listed, whichever way "up the ladder"."""
    response = EvaluationResponse(
        {},
        activities={Activity.IN_CONTROL, Activity.INFORMED, Activity.LISTENED_TO},
        preferred_activities={Activity.LISTENED_TO},
    )
    gaps = choice_gaps(response, ALL_YES)
    assert (Activity.INFORMED, Activity.IN_CONTROL) == gaps.took_part_not_preferred
    assert "not among the preferred ways of taking part" in str(gaps)


def test_without_recorded_preferences_nothing_is_said_about_choice() -> None:
    """An empty set of preferred activities is read as not recorded."""
    gaps = choice_gaps(EvaluationResponse({}, activities={Activity.SHARED}), ALL_YES)
    assert not gaps.preferences_recorded
    assert () == gaps.took_part_not_preferred
    assert "could not be assessed" in str(gaps)


# --- Properties across the module ------------------------------------------------------------


@given(top_responses())
def test_all_the_time_with_every_cell_yes_yields_no_gap(response: EvaluationResponse) -> None:
    """All "All the time" with all "Yes": no readiness, evaluation, claim or choice gap."""
    assert () == readiness_gaps(ALL_YES)
    gaps = evaluation_gaps(response)
    assert () == gaps.below_target
    assert all(0.0 == d.mean_steps for d in gaps.domains.values())
    assert () == claimed_vs_experienced(ALL_YES, response).gaps
    choice = choice_gaps(response, ALL_YES)
    assert () == choice.preferred_not_ready + choice.took_part_not_preferred


@given(evaluation_responses(), st.data())
def test_evaluation_results_never_depend_on_dict_order(
    response: EvaluationResponse, data: st.DataObject
) -> None:
    """The same answers in another order give equal gaps, comparisons and perception gaps."""
    again = EvaluationResponse(data.draw(shuffled_answers(dict(response.answers))))
    plain = EvaluationResponse(dict(response.answers))
    assert evaluation_gaps(plain) == evaluation_gaps(again)
    assert compare(plain, response) == compare(again, response)
    assert perception_gap(response, plain) == perception_gap(response, again)


@given(readiness_assessments(), st.data())
def test_readiness_results_never_depend_on_dict_order(
    assessment: ReadinessAssessment, data: st.DataObject
) -> None:
    """The same cells in another order give the same gaps."""
    cells = data.draw(st.permutations(list(assessment.answers.items())))
    assert readiness_gaps(assessment) == readiness_gaps(ReadinessAssessment(dict(cells)))


# --- The documentation shows the reading as it is -------------------------------------------


def test_the_gaps_page_tabulates_the_reading_as_the_data_says() -> None:
    """docs/gaps.md shows every activity's statements, power types and pattern's actions."""
    page = (ROOT / "docs" / "gaps.md").read_text(encoding="utf-8")
    for activity, items in _readings.ACTIVITY_ITEMS.items():
        assert f"| {activity.label} | {', '.join(f'`{i}`' for i in items)} |" in page, activity
    for item_id, powers in _readings.ITEM_POWER_TYPES.items():
        text = COPRODUCTION_EVALUATION.item(item_id).text
        labels = ", ".join(p.label for p in powers)
        assert f"| `{item_id}` | {text} | {labels} |" in page, item_id
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| ")}
    for pattern in GapPattern:
        for action in pattern.leaders_actions:
            assert action in rows[pattern.label], (pattern, action)


# --- Readable results -----------------------------------------------------------------------


TRUST_2 = "trust_2 (Staff do things that they think will help me): "


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (S, "Sometimes, 1 step below All the time"),
        (N, "Not at all, 2 steps below All the time"),
        (A, "All the time, at the target"),
        (None, "not answered"),
    ],
)
def test_an_item_gap_reads_as_a_sentence(answer: Frequency | None, expected: str) -> None:
    """str() of an item gap names the statement, the answer and the distance."""
    gap = evaluation_gaps(EvaluationResponse({"trust_2": answer})).items["trust_2"]
    assert TRUST_2 + expected == str(gap)


def test_whole_results_read_with_their_caveats() -> None:
    """Each whole result prints every domain or activity and says what it is and is not."""
    response = EvaluationResponse({"support_1": S}, respondent="R-001")
    gaps = str(evaluation_gaps(response))
    assert gaps.startswith("Distance from 'All the time' for R-001:")
    assert "they describe the working relationship, not the person" in gaps
    assert 6 == len(str(compare(response, response)).splitlines())
    assert "a mirror for reflection" in str(perception_gap(response, response))
    assert str(claimed_vs_experienced(ALL_YES, response)).startswith(
        "No activity claimed ready differs from people's answers."
    )
    matched = EvaluationResponse(
        {}, activities={Activity.SHARED}, preferred_activities={Activity.SHARED}
    )
    assert str(choice_gaps(matched, ALL_YES)).startswith(
        "The ways of taking part recorded match the preferred ones."
    )
