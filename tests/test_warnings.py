"""Warnings that "power with" may be turning into "power over": tables of cases and properties."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booklet import booklet_text
from coproduction import (
    READINESS_CHECKER,
    Activity,
    Dimension,
    EvaluationCohort,
    EvaluationResponse,
    Flag,
    Frequency,
    GapPattern,
    PowerWarning,
    Prompt,
    ReadinessAnswer,
    ReadinessAssessment,
    Reason,
    Severity,
    ValidationError,
    WarningReport,
    _readings,
    cohort_warnings,
    power_over_report,
    power_over_warnings,
)
from coproduction import _booklet as b
from coproduction._warnings import REFLECTION_NOTE
from coproduction.rules import DEFAULT_RULES, ContextRule, CustomFlag, ItemRule
from strategies import (
    ALL_YES,
    CELLS,
    ITEM_IDS,
    evaluation_cohorts,
    evaluation_responses,
    lowered,
    readiness_assessments,
    shuffled_answers,
    top_responses,
    warning_reports,
)

ROOT = Path(__file__).parent.parent
N, S, A = Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME
Y, P, NO = ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO
RAISED, QUIET, NOT_ASSESSED = "raised", "quiet", "not assessed"


def outcome(report: WarningReport, flag: Flag) -> str:
    """Which of raised, quiet or not assessed a flag came to."""
    if flag in [w.flag for w in report.warnings]:
        return RAISED
    if flag in [n.flag for n in report.not_assessed]:
        return NOT_ASSESSED
    assert flag in report.quiet
    return QUIET


def check(answers: dict[str, Frequency | None], flag: Flag, **kwargs: object) -> str:
    """The outcome of one flag for one set of answers (keyword arguments go to the response)."""
    response = EvaluationResponse(answers, **kwargs)  # type: ignore[arg-type]
    return outcome(power_over_report(response), flag)


SUPPORT_HIGH = {"support_1": A, "support_2": A, "support_3": A, "support_4": A}

# --- The Luca example ------------------------------------------------------------------

#: Luca's words, encoded: "the professionals thought about me, listened to me, and
#: involved me in my care plan [...] I was involved and I did agree. But really, I
#: didn't have any real control." Listened to and involved: Support "All the time";
#: agreed to decisions made with her: final decisions "Sometimes"; no real control:
#: control over what she was doing and deciding on her own, "Not at all".
LUCA = EvaluationResponse(
    {
        **SUPPORT_HIGH,
        "risk_action_3": S,
        "power_with_2": N,
        "power_with_4": N,
    },
    respondent="LUCA-EXAMPLE",
)


def test_the_luca_example_yields_tick_box_involvement() -> None:
    """Luca's account raises TICK_BOX_INVOLVEMENT, resting on her words, and LISTENED_TO_..."""
    warnings = power_over_warnings(LUCA)
    assert [Flag.TICK_BOX_INVOLVEMENT, Flag.LISTENED_TO_WITHOUT_CHANGE] == [
        w.flag for w in warnings
    ]
    warning = warnings[0]
    assert b.LUCA_TICKED_THE_BOX == warning.passage
    assert Severity.HIGH == warning.severity
    assert {**SUPPORT_HIGH, "power_with_2": N, "power_with_4": N} == warning.items


# --- Tables: each flag fires, stays quiet, is not assessed, at the boundary ----------------

ITEM_CASES = [
    # TICK_BOX_INVOLVEMENT: 2 of the 4 Support statements and "staff will listen and help"
    # (power_with_3) "All the time" while 1 of 3 control items "Not at all"
    (Flag.TICK_BOX_INVOLVEMENT, {**SUPPORT_HIGH, "power_with_2": N, "power_with_4": N}, RAISED),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {"support_1": A, "support_2": A, "support_3": S, "support_4": S}
        | {"power_with_2": S, "power_with_4": A, "risk_action_3": N},
        RAISED,  # boundary: exactly 2 high and exactly 1 low
    ),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {"support_1": A, "support_2": A, "support_3": S, "support_4": S}
        | {"power_with_2": N, "power_with_4": N, "risk_action_3": N},
        RAISED,  # issue 14: two Support "Sometimes" no longer silence it
    ),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {"support_3": A, "power_with_3": A, "power_with_2": N, "power_with_4": N},
        RAISED,  # listened to, twice, without control
    ),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {"support_1": A, "support_2": S, "support_3": S, "support_4": N, "power_with_3": S}
        | {"power_with_2": N, "power_with_4": N, "risk_action_3": N},
        QUIET,  # boundary: only 1 of 5 "All the time"
    ),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {**SUPPORT_HIGH, "power_with_2": N, "power_with_4": S, "risk_action_3": A},
        RAISED,  # one control item "Not at all" is enough (a reading of Luca, issue 14)
    ),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {**SUPPORT_HIGH, "power_with_2": S, "power_with_4": S, "risk_action_3": S},
        QUIET,  # threshold: "Sometimes" is not low
    ),
    (Flag.TICK_BOX_INVOLVEMENT, {**SUPPORT_HIGH, "power_with_2": S}, NOT_ASSESSED),
    (Flag.TICK_BOX_INVOLVEMENT, {"power_with_2": N, "power_with_4": N}, NOT_ASSESSED),
    (Flag.TICK_BOX_INVOLVEMENT, {"support_1": N, "support_2": N, "power_with_2": N}, NOT_ASSESSED),
    (
        Flag.TICK_BOX_INVOLVEMENT,
        {"support_1": N, "support_2": N, "support_3": N, "support_4": S, "power_with_2": N},
        QUIET,  # at most 1 of 5 could be "All the time"
    ),
    # LISTENED_TO_WITHOUT_CHANGE: one of the 3 listening statements at least Sometimes,
    # while one of "things change", "I can make change", "control over what I am
    # doing" is "Not at all"
    (Flag.LISTENED_TO_WITHOUT_CHANGE, {"support_3": A, "risk_action_5": N}, RAISED),
    (Flag.LISTENED_TO_WITHOUT_CHANGE, {"support_3": S, "risk_action_5": N}, RAISED),  # boundary
    (Flag.LISTENED_TO_WITHOUT_CHANGE, {"support_4": S, "power_with_5": N}, RAISED),
    (Flag.LISTENED_TO_WITHOUT_CHANGE, {"power_with_3": A, "power_with_2": N}, RAISED),  # Luca
    (
        Flag.LISTENED_TO_WITHOUT_CHANGE,
        {"support_3": N, "support_4": N, "power_with_3": N, "risk_action_5": N},
        QUIET,  # low on everything is a different picture
    ),
    (
        Flag.LISTENED_TO_WITHOUT_CHANGE,
        {"support_3": A, "risk_action_5": S, "power_with_5": S, "power_with_2": A},
        QUIET,  # boundary
    ),
    (Flag.LISTENED_TO_WITHOUT_CHANGE, {"support_3": A}, NOT_ASSESSED),
    (Flag.LISTENED_TO_WITHOUT_CHANGE, {"risk_action_5": N}, NOT_ASSESSED),
    (
        Flag.LISTENED_TO_WITHOUT_CHANGE,
        {"risk_action_5": A, "power_with_5": A, "power_with_2": S},
        QUIET,
    ),
    # NOT_SAFE_TO_CHALLENGE: either statement "Not at all"
    (Flag.NOT_SAFE_TO_CHALLENGE, {"risk_action_4": N, "risk_action_1": A}, RAISED),
    (Flag.NOT_SAFE_TO_CHALLENGE, {"risk_action_4": A, "risk_action_1": N}, RAISED),
    (Flag.NOT_SAFE_TO_CHALLENGE, {"risk_action_4": N}, RAISED),  # missing never prevents it
    (Flag.NOT_SAFE_TO_CHALLENGE, {"risk_action_4": S, "risk_action_1": S}, QUIET),  # boundary
    (Flag.NOT_SAFE_TO_CHALLENGE, {"risk_action_4": A}, NOT_ASSESSED),
    (Flag.NOT_SAFE_TO_CHALLENGE, {}, NOT_ASSESSED),
    # DOING_FOR_NOT_WITH: staff do what they think helps, without asking how to take part
    (Flag.DOING_FOR_NOT_WITH, {"trust_2": A, "support_1": N}, RAISED),
    (Flag.DOING_FOR_NOT_WITH, {"trust_2": S, "support_1": N}, RAISED),  # boundary
    (Flag.DOING_FOR_NOT_WITH, {"trust_2": N, "support_1": N}, QUIET),
    (Flag.DOING_FOR_NOT_WITH, {"trust_2": A, "support_1": S}, QUIET),  # boundary
    (Flag.DOING_FOR_NOT_WITH, {"support_1": N}, NOT_ASSESSED),
    # NEEDS_NOT_MET
    (Flag.NEEDS_NOT_MET, {"support_2": N}, RAISED),
    (Flag.NEEDS_NOT_MET, {"support_2": S}, QUIET),  # boundary
    (Flag.NEEDS_NOT_MET, {"support_2": None}, NOT_ASSESSED),
    # STRENGTHS_NOT_SEEN
    (Flag.STRENGTHS_NOT_SEEN, {"respect_3": N, "respect_4": A}, RAISED),
    (Flag.STRENGTHS_NOT_SEEN, {"respect_3": A, "respect_4": N}, RAISED),
    (Flag.STRENGTHS_NOT_SEEN, {"respect_3": S, "respect_4": S}, QUIET),  # boundary
    (Flag.STRENGTHS_NOT_SEEN, {"respect_3": A}, NOT_ASSESSED),
    # VOICE_NOT_EQUAL
    (Flag.VOICE_NOT_EQUAL, {"power_with_1": N}, RAISED),
    (Flag.VOICE_NOT_EQUAL, {"power_with_1": S}, QUIET),  # boundary
    (Flag.VOICE_NOT_EQUAL, {"power_with_1": A}, QUIET),
    (Flag.VOICE_NOT_EQUAL, {}, NOT_ASSESSED),
]


@pytest.mark.parametrize(("flag", "answers", "expected"), ITEM_CASES)
def test_each_answer_flag_fires_stays_quiet_or_is_not_assessed(
    flag: Flag, answers: dict[str, Frequency | None], expected: str
) -> None:
    """The table of cases for every flag read from the evaluation answers."""
    assert expected == check(answers, flag)


def test_every_answer_flag_has_cases_of_each_outcome() -> None:
    """The table above covers raised, quiet and not assessed for every answer flag."""
    for flag in Flag:
        if isinstance(DEFAULT_RULES.rule(flag), ItemRule):
            seen = {expected for f, _, expected in ITEM_CASES if f is flag}
            assert {RAISED, QUIET, NOT_ASSESSED} == seen, flag


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        # the high side is met: only the control items could change the outcome
        (SUPPORT_HIGH, ("power_with_2", "power_with_4", "risk_action_3")),
        ({"support_1": A, "support_3": A, "power_with_2": S}, ("power_with_4", "risk_action_3")),
        # the low side is met: only the involvement items could
        (
            {"support_1": A, "support_2": S, "support_4": N, "power_with_2": N},
            ("support_3", "power_with_3"),
        ),
        # neither side is met: the unanswered items of both could
        (
            {"support_1": A, "power_with_2": S},
            (
                *("support_2", "support_3", "support_4", "power_with_3"),
                *("power_with_4", "risk_action_3"),
            ),
        ),
    ],
)
def test_not_assessed_names_only_the_answers_that_could_change_the_outcome(
    answers: dict[str, Frequency | None], missing: tuple[str, ...]
) -> None:
    """A side of the rule already met needs no more answers: its open items are not named."""
    report = power_over_report(EvaluationResponse(answers))
    (found,) = [n for n in report.not_assessed if n.flag is Flag.TICK_BOX_INVOLVEMENT]
    assert missing == found.missing
    assert f"it depends on unanswered items: {', '.join(missing)}" == found.reason


@pytest.mark.parametrize(
    ("flag", "field", "threshold", "answers", "expected"),
    [
        (Flag.VOICE_NOT_EQUAL, "at_most", S, {"power_with_1": S}, RAISED),
        (Flag.VOICE_NOT_EQUAL, "at_most", S, {"power_with_1": A}, QUIET),
        (
            Flag.LISTENED_TO_WITHOUT_CHANGE,
            "at_least",
            A,
            {"support_3": S, "support_4": S, "power_with_3": S, "risk_action_5": N},
            QUIET,
        ),
        (
            Flag.LISTENED_TO_WITHOUT_CHANGE,
            "at_least",
            A,
            {"support_3": A, "risk_action_5": N},
            RAISED,
        ),
        (Flag.NOT_SAFE_TO_CHALLENGE, "min_low", 2, {"risk_action_4": N, "risk_action_1": A}, QUIET),
        (
            Flag.NOT_SAFE_TO_CHALLENGE,
            "min_low",
            2,
            {"risk_action_4": N, "risk_action_1": N},
            RAISED,
        ),
        (Flag.NOT_SAFE_TO_CHALLENGE, "min_low", 2, {"risk_action_4": N}, NOT_ASSESSED),
    ],
)
def test_thresholds_are_data_a_user_can_change(
    flag: Flag, field: str, threshold: object, answers: dict[str, Frequency | None], expected: str
) -> None:
    """attrs.evolve gives new rules; the thresholds move the boundary as documented."""
    rule = attrs.evolve(DEFAULT_RULES.rule(flag), **{field: threshold})  # type: ignore[arg-type]
    rules = attrs.evolve(DEFAULT_RULES, **{flag.value: rule})  # type: ignore[arg-type]
    report = power_over_report(EvaluationResponse(answers), rules=rules)
    assert expected == outcome(report, flag)
    assert DEFAULT_RULES.rule(flag) != rule  # the defaults are untouched


def test_a_disabled_flag_is_reported_as_disabled_and_never_raised() -> None:
    """enabled=False switches a flag off; it is then neither raised, quiet nor not assessed."""
    rules = attrs.evolve(
        DEFAULT_RULES, needs_not_met=attrs.evolve(DEFAULT_RULES.needs_not_met, enabled=False)
    )
    report = power_over_report(EvaluationResponse({"support_2": N}), rules=rules)
    assert (Flag.NEEDS_NOT_MET,) == report.disabled
    assert Flag.NEEDS_NOT_MET not in [w.flag for w in report.warnings]


# --- Flags read from the assessment and from the activity context ---------------------------


def assessment_with(
    changes: dict[tuple[Activity, Dimension], ReadinessAnswer | None],
) -> ReadinessAssessment:
    """Every cell "Yes" except the changes."""
    return ReadinessAssessment({**dict.fromkeys(CELLS, Y), **changes})


LISTENED = Activity.LISTENED_TO
O, R, I = Dimension.OBLIGATION, Dimension.READINESS, Dimension.INFRASTRUCTURE  # noqa: E741


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, QUIET),
        ({(LISTENED, R): NO}, RAISED),
        ({(LISTENED, I): P}, RAISED),  # Partly is not Yes
        ({(LISTENED, R): NO, (LISTENED, I): NO}, RAISED),
        ({(LISTENED, O): NO, (LISTENED, R): NO, (LISTENED, I): NO}, QUIET),  # no policy
        ({(LISTENED, O): P, (LISTENED, R): NO}, QUIET),  # a policy in draft is not a commitment
        ({(LISTENED, I): None}, NOT_ASSESSED),
        ({(LISTENED, O): None, (LISTENED, R): NO}, NOT_ASSESSED),
        ({(LISTENED, O): None}, QUIET),  # readiness and procedure in place: cannot be on paper
        ({(LISTENED, O): NO, (LISTENED, I): None}, QUIET),
    ],
)
def test_commitment_on_paper_table(
    changes: dict[tuple[Activity, Dimension], ReadinessAnswer | None], expected: str
) -> None:
    """Policy "Yes" while staff readiness or the procedure is Partly or No raises the flag."""
    report = power_over_report(EvaluationResponse({}), assessment=assessment_with(changes))
    assert expected == outcome(report, Flag.COMMITMENT_ON_PAPER)


def test_commitment_on_paper_shows_the_cells_and_needs_an_assessment() -> None:
    """Evidence: the policy cell and the cells not in place. No assessment: not assessed."""
    assessment = assessment_with({(LISTENED, R): NO})
    (warning,) = power_over_warnings(EvaluationResponse({}), assessment=assessment)
    assert {(LISTENED, O): Y, (LISTENED, R): NO} == warning.cells
    report = power_over_report(EvaluationResponse({}))
    assert NOT_ASSESSED == outcome(report, Flag.COMMITMENT_ON_PAPER)


@pytest.mark.parametrize(
    ("took_part", "preferred", "expected"),
    [
        ({Activity.INFORMED}, {Activity.INFORMED, Activity.SHARED}, QUIET),
        ({Activity.INFORMED, Activity.IN_CONTROL}, {Activity.INFORMED}, RAISED),
        ({Activity.IN_CONTROL}, {Activity.INFORMED}, RAISED),  # pushed "up the ladder"
        ({Activity.INFORMED}, {Activity.IN_CONTROL}, RAISED),  # and the other way too
        ({Activity.INFORMED}, set(), NOT_ASSESSED),
        (set(), {Activity.INFORMED}, NOT_ASSESSED),
    ],
)
def test_choice_not_honoured_table(
    took_part: set[Activity], preferred: set[Activity], expected: str
) -> None:
    """Taking part in an activity that is not among the preferred ones raises the flag."""
    answer = check(
        {}, Flag.CHOICE_NOT_HONOURED, activities=took_part, preferred_activities=preferred
    )
    assert expected == answer


# --- Rules are validated ------------------------------------------------------------------


def test_a_bad_rule_is_refused_with_every_problem() -> None:
    """Unknown, repeated and overlapping items and impossible thresholds are all reported."""
    with pytest.raises(ValidationError) as caught:
        ItemRule(
            low_items=("trust_9", "support_1", "support_1"),
            high_items=("support_1",),
            at_most=A,
            min_low=5,
            min_high=2,
        )
    locations = [p.location for p in caught.value.problems]
    assert ["low_items[0]", "low_items[2]", "high_items", "min_low", "min_high", "at_most"] == (
        locations
    )


def test_rules_refuse_a_rule_of_the_wrong_kind() -> None:
    """Each flag's rule must be of its kind; WarningRules says which field is wrong."""
    with pytest.raises(ValidationError, match="needs_not_met: expected ItemRule"):
        attrs.evolve(
            DEFAULT_RULES,
            needs_not_met=ContextRule(severity=Severity.LOW),  # type: ignore[arg-type]
        )
    with pytest.raises(ValidationError, match="severity"):
        ContextRule(severity="high")  # type: ignore[arg-type]


def test_arguments_of_the_wrong_type_are_refused() -> None:
    """A dict instead of a response, a string instead of rules: every problem named."""
    with pytest.raises(ValidationError) as caught:
        power_over_report({}, assessment="ward", rules=None)  # type: ignore[arg-type]
    assert ["response", "assessment", "rules"] == [p.location for p in caught.value.problems]


# --- Wording ------------------------------------------------------------------------------

#: Words that would describe a person's deficits, or deliver a verdict.
JUDGEMENTS = re.compile(
    r"\b(fail\w*|deficit\w*|non-?complian\w*|incapab\w*|unable|lacks?|poor|bad|"
    r"difficult|resistant|challenging behaviou?r|guilty|verdict|diagnos\w*)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("flag", list(Flag))
def test_titles_and_explanations_describe_the_relationship_not_the_person(flag: Flag) -> None:
    """No judgement words; every explanation says it is a prompt, and rests on a quoted passage."""
    assert not JUDGEMENTS.search(flag.title)
    assert not JUDGEMENTS.search(flag.explanation)
    assert flag.passage in {
        getattr(b, name) for name in dir(b) if name.isupper() and isinstance(getattr(b, name), str)
    }
    warning = PowerWarning(flag=flag, severity=Severity.LOW)
    assert warning.explanation.endswith(REFLECTION_NOTE)
    assert REFLECTION_NOTE in str(warning)


def test_a_warning_prints_title_explanation_evidence_and_passage() -> None:
    """str() of a warning is readable on its own."""
    (warning,) = power_over_warnings(EvaluationResponse({"power_with_1": N}))
    assert str(warning).splitlines() == [
        "[Medium] Voices not yet equal",
        f"  {Flag.VOICE_NOT_EQUAL.explanation} {REFLECTION_NOTE}",
        "  - power_with_1: Not at all",
        f"  The booklet (Quinn, 2022): {b.REASON_PROFESSIONAL_KNOWLEDGE}",
        "  The booklet's reasons it may reflect (the library's reading):",
        f"  - {b.REASON_PROFESSIONAL_KNOWLEDGE}",
        "  To reflect on, from the booklet (the library's reading):",
        f"  - {b.POWER_FROM_WITHIN_INSTEAD} (Quinn, 2022, p. 12)",
        f"  - {b.LEADERS_RELATIONSHIPS} (Quinn, 2022, p. 14)",
        f"  - {b.LEADERS_BLURRED_DISTINCTION} (Quinn, 2022, p. 14)",
    ]


def test_severity_is_ordinal() -> None:
    """Severity compares by order, and not with other kinds of value."""
    assert Severity.LOW < Severity.MEDIUM < Severity.HIGH
    assert max(Severity) is Severity.HIGH
    with pytest.raises(TypeError):
        _ = Severity.LOW < 1  # type: ignore[operator]


# --- The documentation tabulates the rules as they are -----------------------------------------


def table_rows(page: str, heading: str) -> dict[str, str]:
    """The rows of the table under a heading (up to the next one), keyed by their first cell."""
    section = page.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    return {
        line.split("|")[1].strip(): line for line in section.splitlines() if line.startswith("| `")
    }


def test_the_warnings_page_tabulates_every_flag_as_the_rules_say() -> None:
    """docs/warnings.md has a row per flag naming its items, thresholds and severity."""
    page = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    rows = table_rows(page, "## The flags")
    for flag in Flag:
        row = rows[f"`{flag.name}`"]
        rule = DEFAULT_RULES.rule(flag)
        assert f"| {rule.severity.label} |" in row, flag
        if isinstance(rule, ItemRule):
            for item_id in rule.items:
                assert f"`{item_id}`" in row, (flag, item_id)
            assert rule.at_most.label in row
    assert "prompt for reflection, not a finding about anyone" in page


# --- Properties ----------------------------------------------------------------------------


@given(top_responses())
def test_all_the_time_with_every_cell_yes_raises_no_warning(response: EvaluationResponse) -> None:
    """An all "All the time" response with an all-"Yes" assessment raises no warning."""
    report = power_over_report(response, assessment=ALL_YES)
    assert () == report.warnings
    assert {n.flag for n in report.not_assessed} <= {Flag.CHOICE_NOT_HONOURED}


@given(evaluation_responses(), st.data())
def test_answers_made_worse_never_remove_a_warning_resting_on_low_answers(
    response: EvaluationResponse, data: st.DataObject
) -> None:
    """Moving answers down the scale keeps every warning raised by low answers alone."""
    worse = data.draw(lowered(response))
    before = {w.flag for w in power_over_warnings(response)}
    after = {w.flag for w in power_over_warnings(worse)}
    for flag in before:
        rule = DEFAULT_RULES.rule(flag)
        if isinstance(rule, ItemRule) and not rule.high_items:
            assert flag in after


@given(evaluation_responses(), st.sampled_from(ITEM_IDS))
def test_an_unanswered_item_never_raises_a_warning(
    response: EvaluationResponse, item_id: str
) -> None:
    """Leaving out an answer never raises a warning that was not raised with it."""
    answers = dict(response.answers)
    answers[item_id] = None
    fewer = EvaluationResponse(
        answers,
        activities=response.activities,
        preferred_activities=response.preferred_activities,
    )
    assert {w.flag for w in power_over_warnings(fewer)} <= {
        w.flag for w in power_over_warnings(response)
    }


@given(evaluation_responses(), st.none() | readiness_assessments())
def test_every_flag_has_exactly_one_outcome(
    response: EvaluationResponse, assessment: ReadinessAssessment | None
) -> None:
    """Each flag is raised, quiet, not assessed or disabled: exactly one of them."""
    report = power_over_report(response, assessment=assessment)
    outcomes = [
        *(w.flag for w in report.warnings),
        *(n.flag for n in report.not_assessed),
        *report.quiet,
        *report.disabled,
    ]
    order: list[Flag | CustomFlag] = list(report.rules.flags)
    assert order == sorted(outcomes, key=order.index)
    for warning in report.warnings:  # evidence is always real answers
        assert all(a is not None for a in warning.items.values())
        assert all(response.answers[i] is a for i, a in warning.items.items())


@given(evaluation_responses(), st.data())
def test_results_never_depend_on_dict_order(
    response: EvaluationResponse, data: st.DataObject
) -> None:
    """The same answers given in another order give the same report."""
    answers = data.draw(shuffled_answers(dict(response.answers)))
    again = EvaluationResponse(
        answers,
        activities=response.activities,
        preferred_activities=response.preferred_activities,
    )
    assessment = data.draw(readiness_assessments())
    cells = list(assessment.answers.items())
    reordered = ReadinessAssessment(dict(data.draw(st.permutations(cells))))
    assert power_over_report(response, assessment=assessment) == power_over_report(
        again, assessment=reordered
    )


def test_activities_in_warnings_follow_the_booklets_order() -> None:
    """Activity evidence is in the booklet's order, never ranked."""
    response = EvaluationResponse(
        {},
        activities=set(Activity),
        preferred_activities={Activity.LISTENED_TO},
    )
    (warning,) = power_over_warnings(response)
    expected = tuple(a for a in READINESS_CHECKER.activities if a is not Activity.LISTENED_TO)
    assert expected == warning.activities


def test_a_bare_item_id_is_refused_not_read_as_a_tuple() -> None:
    """low_items="support_2" is a string, not a tuple of ids: refused, never guessed."""
    with pytest.raises(ValidationError, match="low_items: expected a tuple of item ids, got str"):
        ItemRule(low_items="support_2")


def test_a_report_without_warnings_says_so_and_names_what_was_not_assessed() -> None:
    """str() of a quiet report says no warning was raised, lists the not assessed, and the note."""
    text = str(power_over_report(EvaluationResponse({"power_with_1": A})))
    assert text.startswith("No warning was raised.")
    assert "Voices not yet equal" not in text  # assessed and quiet
    assert "Needs" not in text
    assert "Ways of taking part may not fit: not assessed" in text
    assert text.endswith("this is a prompt for reflection, not a finding about anyone.")


# --- The booklet's reasons and remedies (issue 14) ------------------------------------------

BOOKLET_WORDS = " ".join(booklet_text().replace("**", "").split())


def test_the_four_reasons_are_the_booklets_words_in_its_order() -> None:
    """Reason's labels are the four bullet points after "for the following reasons:"."""
    lines = booklet_text().splitlines()
    start = lines.index(b.REAL_CONTROL) + 2
    assert [f"- {reason.label}" for reason in Reason] == lines[start : start + 4]


@pytest.mark.parametrize("flag", list(Flag))
def test_every_flag_names_at_least_one_reason_in_the_booklets_order(flag: Flag) -> None:
    """A flag's reasons are Reason members, none twice, in the booklet's order."""
    assert flag.reasons
    assert list(flag.reasons) == sorted(set(flag.reasons), key=list(Reason).index)


def test_no_passage_serves_two_flags() -> None:
    """Each flag rests on its own passage: "think they know best" is no longer shared."""
    passages = [flag.passage for flag in Flag]
    assert len(set(passages)) == len(passages)
    assert b.POWER_NOT_FINITE == Flag.NOT_SAFE_TO_CHALLENGE.passage
    assert b.REASON_KNOWS_BEST == Flag.DOING_FOR_NOT_WITH.passage


def test_the_warnings_page_tabulates_the_reasons_and_prompts_as_the_readings_say() -> None:
    """docs/warnings.md: each reason's row lists its flags; each flag's row its prompts."""
    page = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    reasons = table_rows(page, "## The booklet's four reasons")
    assert [f"`{reason.name}`" for reason in Reason] == list(reasons)
    for reason in Reason:
        cells = reasons[f"`{reason.name}`"].split(" | ")
        assert f'"{reason.label}"' == cells[1]
        flags = [f"`{flag.name}`" for flag in Flag if reason in flag.reasons]
        assert ", ".join(flags) == cells[2].removesuffix(" |")
    prompts = table_rows(page, "## What to reflect on: the booklet's remedies")
    assert [f"`{flag.name}`" for flag in Flag] == list(prompts)
    for flag in Flag:
        cells = prompts[f"`{flag.name}`"].split(" | ")
        within = "yes" if _readings.POWER_FROM_WITHIN_PROMPT in flag.prompts else ""
        luca = "yes" if _readings.LUCA_PROMPT in flag.prompts else ""
        leaders = "<br>".join(p.text for p in flag.prompts if p.section == b.SECTION_LEADERS)
        assert [within, luca, leaders] == [c.strip(" |") for c in cells[1:]], flag


@pytest.mark.parametrize("flag", list(Flag))
def test_every_flags_prompts_are_verbatim_and_in_the_booklets_order(flag: Flag) -> None:
    """Every prompt is the booklet's words, printed in the section and on the page it names."""
    assert flag.prompts
    positions = [BOOKLET_WORDS.index(prompt.text) for prompt in flag.prompts]
    assert positions == sorted(positions)
    assert len(set(flag.prompts)) == len(flag.prompts)
    contents = booklet_text().split("What is in this booklet?", 1)[1].split("\nIntroduction\n")[0]
    for prompt, position in zip(flag.prompts, positions, strict=True):
        body = BOOKLET_WORDS.index("Coproduction Introduction")  # after the contents
        assert BOOKLET_WORDS.rindex(prompt.section, 0, position) > body
        assert re.search(rf"{re.escape(prompt.section)}\t{prompt.page}\n", contents), prompt
        assert str(prompt).endswith(f"(Quinn, 2022, p. {prompt.page})")


def test_the_booklets_remedy_answers_every_reason() -> None:
    """Every flag resting on answers carries "power from within"; Luca's quote follows it."""
    for flag in Flag:
        if isinstance(DEFAULT_RULES.rule(flag), ItemRule) or flag is Flag.CHOICE_NOT_HONOURED:
            assert _readings.POWER_FROM_WITHIN_PROMPT == flag.prompts[0], flag
        if _readings.LUCA_PROMPT in flag.prompts:
            index = flag.prompts.index(_readings.LUCA_PROMPT)
            assert _readings.POWER_FROM_WITHIN_PROMPT == flag.prompts[index - 1], flag
    assert Flag.COMMITMENT_ON_PAPER.prompts == _readings.prompts_for(
        GapPattern.COMMITMENT_ON_PAPER.leaders_actions
    )


def test_luca_second_quote_is_printed_after_its_introduction() -> None:
    """The Luca prompt joins two consecutive passages of the booklet, nothing between them."""
    assert f"{b.LUCA_POSITIVE_DIFFERENCE} {b.LUCA_FOUND_MYSELF_AGAIN}" in BOOKLET_WORDS
    assert _readings.LUCA_PROMPT.text in BOOKLET_WORDS


@given(warning_reports)
def test_grouping_by_reason_puts_each_warning_under_each_of_its_reasons(
    report: WarningReport,
) -> None:
    """by_reason: keys in the booklet's order, each warning under exactly its flag's reasons."""
    grouped = report.by_reason()
    assert list(grouped) == [r for r in Reason if r in grouped]
    for reason, warnings in grouped.items():
        assert warnings
        assert [w for w in report.warnings if reason in w.reasons] == list(warnings)
    for warning in report.warnings:
        assert warning.reasons == tuple(r for r in grouped if warning in grouped[r])
        assert warning.prompts == warning.flag.prompts


def test_a_warning_names_its_reasons_and_prompts() -> None:
    """A raised warning carries its flag's reasons and prompts."""
    (warning,) = power_over_warnings(EvaluationResponse({"support_2": N}))
    assert (Reason.DIFFERENCES_AND_NEEDS,) == warning.reasons
    assert b.POWER_FROM_WITHIN_INSTEAD == warning.prompts[0].text
    assert 12 == warning.prompts[0].page


@settings(max_examples=60, deadline=None)
@given(evaluation_cohorts(max_rows=12), st.none() | readiness_assessments())
def test_a_cohorts_rows_by_reason_are_each_rows_report_by_reason(
    cohort: EvaluationCohort, assessment: ReadinessAssessment | None
) -> None:
    """CohortWarnings.by_reason, row by row, is the reasons of power_over_report's grouping."""
    grouped = cohort_warnings(cohort, assessment=assessment).by_reason()
    assert list(Reason) == list(grouped)
    for row, response in enumerate(cohort.to_responses()):
        report = power_over_report(response, assessment=assessment)
        assert set(report.by_reason()) == {r for r in Reason if grouped[r][row]}
    for flags in grouped.values():
        assert not flags.flags.writeable


def test_a_prompt_refuses_what_is_not_text_and_a_page() -> None:
    """Prompt checks its fields like every value object: each problem named."""
    with pytest.raises(ValidationError) as caught:
        Prompt(text="", section=5, page=0)  # type: ignore[arg-type]
    assert ["text", "section", "page"] == [p.location for p in caught.value.problems]
    with pytest.raises(ValidationError, match="page"):
        Prompt(text="a", section="b", page=True)
