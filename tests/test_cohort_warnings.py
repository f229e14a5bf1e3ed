"""Warnings over a cohort: row by row the same as power_over_report, counted and merged."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction import (
    Activity,
    CohortWarnings,
    EvaluationCohort,
    Flag,
    ReadinessAssessment,
    ValidationError,
    WarningTally,
    cohort_warnings,
    power_over_report,
)
from coproduction.rules import DEFAULT_RULES, CustomFlag, ItemRule, WarningRules
from htmltree import column_headers, parse, row_cells
from strategies import (
    ALL_YES,
    custom_flags,
    evaluation_cohorts,
    readiness_assessments,
    warning_rules,
)

#: The built-in flags read from evaluation answers.
ITEM_FLAG_CODES = frozenset(
    f.value for f in Flag if f not in (Flag.COMMITMENT_ON_PAPER, Flag.CHOICE_NOT_HONOURED)
)

maybe_assessments = st.none() | readiness_assessments() | st.just(ALL_YES)


def assert_rows_match_power_over_report(
    cohort: EvaluationCohort, rules: WarningRules | None, assessment: ReadinessAssessment | None
) -> CohortWarnings:
    """Each row raises, is quiet or is not assessed for each flag as power_over_report says."""
    found = cohort_warnings(cohort, rules=rules, assessment=assessment)
    used = DEFAULT_RULES if rules is None else rules
    assert found.rules == used
    assert (len(cohort), len(found.flags)) == found.raised.shape == found.assessed.shape
    for row, response in enumerate(cohort.to_responses()):
        report = power_over_report(response, assessment=assessment, rules=used)
        assert report.disabled == found.disabled
        raised = [w.flag for w in report.warnings]
        not_assessed = [n.flag for n in report.not_assessed]
        assert raised == [f for j, f in enumerate(found.flags) if found.raised[row, j]]
        assert not_assessed == [f for j, f in enumerate(found.flags) if not found.assessed[row, j]]
    return found


@given(evaluation_cohorts(), st.none() | warning_rules(), maybe_assessments)
@settings(deadline=None)  # the profile sets the examples (300 under CI)
def test_cohort_warnings_equal_power_over_report_row_by_row(
    cohort: EvaluationCohort, rules: WarningRules | None, assessment: ReadinessAssessment | None
) -> None:
    """Random answers (unanswered too), context, rules (tuned, switched off) and assessments."""
    assert_rows_match_power_over_report(cohort, rules, assessment)


@given(evaluation_cohorts(), st.none() | warning_rules(), maybe_assessments)
@settings(max_examples=60, deadline=None)
def test_the_tally_counts_what_power_over_report_reports(
    cohort: EvaluationCohort, rules: WarningRules | None, assessment: ReadinessAssessment | None
) -> None:
    """Raised and not-assessed counts per enabled flag are the scalar reports' counts."""
    tally = cohort_warnings(cohort, rules=rules, assessment=assessment).tally()
    used = DEFAULT_RULES if rules is None else rules
    reports = [
        power_over_report(r, assessment=assessment, rules=used) for r in cohort.to_responses()
    ]
    assert len(cohort) == tally.rows
    assert used.enabled == tally.flags
    for flag in tally.flags:
        assert sum(any(w.flag is flag for w in r.warnings) for r in reports) == tally.raised[flag]
        assert (
            sum(any(n.flag is flag for n in r.not_assessed) for r in reports)
            == (tally.not_assessed[flag])
        )


@given(evaluation_cohorts(), st.none() | warning_rules(), maybe_assessments)
@settings(max_examples=60, deadline=None)
def test_the_tally_by_reason_groups_what_the_reports_group(
    cohort: EvaluationCohort, rules: WarningRules | None, assessment: ReadinessAssessment | None
) -> None:
    """A tally's by_reason is the responses' by_reason, counted: same keys, flags and counts."""
    tally = cohort_warnings(cohort, rules=rules, assessment=assessment).tally()
    used = DEFAULT_RULES if rules is None else rules
    grouped = [
        power_over_report(r, assessment=assessment, rules=used).by_reason()
        for r in cohort.to_responses()
    ]
    expected: dict[cp.Reason, dict[Flag | CustomFlag, int]] = {}
    for reason in cp.Reason:  # the booklet's order; flags in the rules' order
        for flag in used.flags:
            n = sum(any(w.flag == flag for w in g.get(reason, ())) for g in grouped)
            if n:
                expected.setdefault(reason, {})[flag] = n
    found = tally.by_reason()
    assert list(expected) == list(found)
    assert expected == {reason: dict(flags) for reason, flags in found.items()}
    assert all(list(expected[r]) == list(found[r]) for r in expected)


def test_the_tally_by_reason_leaves_out_flags_no_row_raised() -> None:
    """Only raised flags are grouped: a flag counted only as not assessed or quiet is not there.

    All "Not at all" raises the flags without a "while" part (high items), once.
    """
    tally = cohort_warnings(EvaluationCohort.from_array([[0] * 23, [2] * 23, [-1] * 23])).tally()
    found = tally.by_reason()
    rules = {f: DEFAULT_RULES.rule(f) for f in Flag}
    lows_only = [f for f, r in rules.items() if isinstance(r, ItemRule) and not r.high_items]
    assert dict.fromkeys(lows_only, 1) == {
        flag: n for flags in found.values() for flag, n in flags.items()
    }
    assert (Flag.NEEDS_NOT_MET,) == tuple(found[cp.Reason.DIFFERENCES_AND_NEEDS])
    assert {} == dict(cohort_warnings(EvaluationCohort.from_array([[2] * 23])).tally().by_reason())


@given(st.lists(evaluation_cohorts(max_rows=8), min_size=1, max_size=4), maybe_assessments)
@settings(max_examples=40, deadline=None)
def test_tallies_of_blocks_merge_into_the_tally_of_the_whole(
    blocks: list[EvaluationCohort], assessment: ReadinessAssessment | None
) -> None:
    """Counting block by block and merging gives the whole cohort's counts."""
    responses = [r for block in blocks for r in block.to_responses()]
    whole = cohort_warnings(EvaluationCohort.from_responses(responses), assessment=assessment)
    first, *rest = (cohort_warnings(b, assessment=assessment).tally() for b in blocks)
    assert whole.tally() == first.merge(*rest)


def column(found: CohortWarnings, flag: Flag | CustomFlag) -> tuple[list[bool], list[bool]]:
    """One flag's raised and assessed columns, as lists."""
    j = found.flags.index(flag)
    return found.raised[:, j].tolist(), found.assessed[:, j].tolist()


def test_each_outcome_on_a_small_cohort() -> None:
    """Raised, quiet and not assessed, for an item flag and both context flags."""
    cohort = EvaluationCohort.from_array(
        [[0] * 23, [2] * 23, [-1] * 23, [-1] * 23],
        activities=[{Activity.SHARED}, {Activity.INFORMED}, set(), {Activity.SHARED}],
        preferred_activities=[{Activity.INFORMED}, {Activity.INFORMED}, {Activity.SHARED}, set()],
    )
    found = cohort_warnings(cohort)
    assert ([True, False, False, False], [True, True, False, False]) == column(
        found, Flag.NEEDS_NOT_MET
    )
    assert ([True, False, False, False], [True, True, False, False]) == column(
        found, Flag.CHOICE_NOT_HONOURED
    )
    assert ([False] * 4, [False] * 4) == column(found, Flag.COMMITMENT_ON_PAPER)
    paper = cp.ReadinessAssessment.from_labels(
        {"listened_to_obligation": "yes", "listened_to_readiness": "no"}
    )
    assert ([True] * 4, [True] * 4) == column(
        cohort_warnings(cohort, assessment=paper), Flag.COMMITMENT_ON_PAPER
    )
    assert ([False] * 4, [True] * 4) == column(
        cohort_warnings(cohort, assessment=ALL_YES), Flag.COMMITMENT_ON_PAPER
    )


def test_the_choice_warning_needs_the_cohorts_activities() -> None:
    """Issue #13: a cohort from responses with activities assesses the choice warning."""
    response = cp.EvaluationResponse(
        {}, activities={Activity.SHARED}, preferred_activities={Activity.INFORMED}
    )
    cohort = EvaluationCohort.from_responses([response] * 3)
    assert ([True] * 3, [True] * 3) == column(cohort_warnings(cohort), Flag.CHOICE_NOT_HONOURED)
    bare = EvaluationCohort.from_array(cohort.answers)
    assert ([False] * 3, [False] * 3) == column(cohort_warnings(bare), Flag.CHOICE_NOT_HONOURED)


def test_the_report_assesses_the_choice_warning_when_activities_are_recorded() -> None:
    """Issue #13: the report counted "0 raised, N not assessed" for recorded activities."""
    response = cp.EvaluationResponse(
        {}, activities={Activity.SHARED}, preferred_activities={Activity.INFORMED}
    )
    page = parse(cp.report.render(responses=[response] * 10, disclosure=None, resamples=10))
    tables = [
        t for t in page.iter("table") if t.find("caption").text.startswith("Warnings across")
    ]  # one per reason
    rows = {r[0].text: [c.text for c in r[1:3]] for t in tables for r in row_cells(t)}
    assert ["10", "0"] == rows[Flag.CHOICE_NOT_HONOURED.title]


def test_switched_off_flags_have_no_column_and_tally_says_so() -> None:
    """A disabled flag is neither raised nor counted: it is listed as disabled."""
    rules = attrs.evolve(
        DEFAULT_RULES, needs_not_met=attrs.evolve(DEFAULT_RULES.needs_not_met, enabled=False)
    )
    found = cohort_warnings(EvaluationCohort.from_array([[0] * 23]), rules=rules)
    assert Flag.NEEDS_NOT_MET not in found.flags
    assert (Flag.NEEDS_NOT_MET,) == found.disabled == found.tally().disabled
    assert Flag.NEEDS_NOT_MET not in found.tally().raised
    assert "Ways of taking part may not fit: switched off" in str(found.tally())


def test_the_arrays_are_read_only_copies() -> None:
    """Callers cannot write into the result, nor change it through the arrays they passed."""
    found = cohort_warnings(EvaluationCohort.from_array([[0] * 23]))
    with pytest.raises(ValueError, match="read-only"):
        found.raised[0, 0] = True
    raised = np.zeros((1, len(found.flags)), dtype=bool)
    built = CohortWarnings(flags=found.flags, raised=raised, assessed=~raised)
    raised[0, 0] = True
    assert not built.raised.any()
    assert built == CohortWarnings(
        flags=found.flags, raised=~raised & False, assessed=~raised | True
    )


def test_empty_cohorts_give_empty_arrays_and_a_zero_tally() -> None:
    """No rows: arrays of shape (0, flags), every count 0."""
    found = cohort_warnings(EvaluationCohort.from_array(np.empty((0, 23), dtype=np.int8)))
    assert (0, len(Flag)) == found.raised.shape
    tally = found.tally()
    assert 0 == tally.rows
    assert {0} == set(tally.raised.values()) == set(tally.not_assessed.values())


def test_bad_arguments_are_all_reported_at_once() -> None:
    """A cohort of the wrong kind, rules and assessment: three located problems."""
    with pytest.raises(ValidationError) as caught:
        cohort_warnings(
            [[0] * 23],  # type: ignore[arg-type]
            rules="strict",  # type: ignore[arg-type]
            assessment={},  # type: ignore[arg-type]
        )
    assert ["cohort", "rules", "assessment"] == [p.location for p in caught.value.problems]


def test_results_refuse_inconsistent_fields() -> None:
    """A raised flag that is not assessed, a wrong shape or a flag the rules do not enable."""
    flags = tuple(Flag)
    raised = np.ones((2, len(flags)), dtype=bool)
    with pytest.raises(ValidationError, match="a raised flag is always assessed"):
        CohortWarnings(flags=flags, raised=raised, assessed=~raised)
    with pytest.raises(ValidationError, match=r"expected shape \(n, 9\)"):
        CohortWarnings(flags=flags, raised=raised[:, :3], assessed=raised[:, :3])
    with pytest.raises(ValidationError, match="expected a boolean array"):
        CohortWarnings(flags=flags, raised=raised.astype(int), assessed=raised)
    with pytest.raises(ValidationError, match="the flags the rules enable"):
        CohortWarnings(flags=flags[:2], raised=raised[:, :2], assessed=raised[:, :2])
    with pytest.raises(ValidationError, match="in the rules' order"):
        CohortWarnings(flags=flags[::-1], raised=raised, assessed=raised)


def test_tallies_refuse_bad_counts_and_other_rules() -> None:
    """Counts above the rows or negative, missing flags, and merging unlike tallies are refused."""
    counts = dict.fromkeys(Flag, 0)
    with pytest.raises(ValidationError) as caught:
        WarningTally(
            rows=2, raised={**counts, Flag.NEEDS_NOT_MET: 3}, not_assessed={Flag.NEEDS_NOT_MET: -1}
        )
    locations = [p.location for p in caught.value.problems]
    assert "raised[<Flag.NEEDS_NOT_MET: 'needs_not_met'>]" in locations
    assert "not_assessed" in locations
    with pytest.raises(ValidationError, match="expected a mapping"):
        WarningTally(rows=1, raised=[], not_assessed=counts)  # type: ignore[arg-type]
    tally = WarningTally(rows=2, raised=counts, not_assessed=counts)
    rules = attrs.evolve(
        DEFAULT_RULES, voice_not_equal=attrs.evolve(DEFAULT_RULES.voice_not_equal, min_low=1)
    )
    assert rules == DEFAULT_RULES  # the same rules, rebuilt, merge
    assert (
        4 == tally.merge(WarningTally(rows=2, raised=counts, not_assessed=counts, rules=rules)).rows
    )
    other = attrs.evolve(
        DEFAULT_RULES,
        voice_not_equal=attrs.evolve(DEFAULT_RULES.voice_not_equal, at_most=cp.Frequency.SOMETIMES),
    )
    with pytest.raises(ValidationError, match="other rules"):
        tally.merge(WarningTally(rows=2, raised=counts, not_assessed=counts, rules=other))
    with pytest.raises(ValidationError, match="expected a WarningTally"):
        tally.merge({"rows": 2})  # type: ignore[arg-type]


def test_results_have_a_notebook_view_and_a_short_repr() -> None:
    """The view describes the arrays by shape; repr names rows and flags."""
    found = cohort_warnings(EvaluationCohort.from_array([[0] * 23] * 3))
    assert "array of shape (3, 9)" in parse(found._repr_html_()).text
    assert repr(found).startswith("<CohortWarnings: 3 rows, flags ['TICK_BOX_INVOLVEMENT'")
    assert "Ways of taking part may not fit" in parse(found.tally()._repr_html_()).text


@pytest.mark.parametrize("view", ["cohort", "tally"])
def test_cohort_views_show_each_flags_reasons_and_prompts(view: str) -> None:
    """Regression: only one warning or report showed them; the cohort views showed neither.

    Each enabled flag's row: its counts, explanation, passage, then its reasons and
    prompts verbatim, under headers naming the pairing the library's reading.
    """
    answers = [[0] * 23, [2] * 23, [-1] * 23]
    rules = WarningRules(
        needs_not_met=attrs.evolve(DEFAULT_RULES.needs_not_met, enabled=False),
    )
    found = cohort_warnings(EvaluationCohort.from_array(answers), rules=rules)
    tree = parse(found._repr_html_() if view == "cohort" else found.tally()._repr_html_())
    (table,) = list(tree.iter("table"))
    head = column_headers(table)
    assert "The booklet's reasons it may reflect (the library's reading)" in head
    assert "To reflect on, from the booklet (the library's reading)" in head
    rows = {r[0].text: r for r in row_cells(table)}
    assert [f.title for f in found.flags] == list(rows)
    tally = found.tally()
    for flag in found.flags:
        cells = rows[flag.title]
        assert [str(tally.raised[flag]), str(tally.not_assessed[flag])] == [
            c.text for c in cells[2:4]
        ]
        assert flag.passage == cells[5].text
        assert [r.label for r in flag.reasons] == [li.text for li in cells[6].iter("li")]
        assert [str(p) for p in flag.prompts] == [li.text for li in cells[7].iter("li")]
    assert Flag.NEEDS_NOT_MET.title not in rows
    assert f"Switched off: {Flag.NEEDS_NOT_MET.title}." in tree.text
    assert "not a finding about anyone" in tree.text


def test_an_empty_cohort_reports_no_warning_rather_than_every_flag_switched_off() -> None:
    """With no rows, each enabled flag's counts read 0; only disabled flags are "switched off"."""
    rules = attrs.evolve(
        DEFAULT_RULES, needs_not_met=attrs.evolve(DEFAULT_RULES.needs_not_met, enabled=False)
    )
    empty = EvaluationCohort.from_array(np.empty((0, 23), dtype=np.int8))
    page = parse(cp.report.render(cohort=empty, rules=rules, disclosure=None, resamples=10))
    tables = [
        t for t in page.iter("table") if t.find("caption").text.startswith("Warnings across")
    ]  # one per reason
    rows = {r[0].text: [c.text for c in r[1:3]] for t in tables for r in row_cells(t)}
    assert ["switched off"] * 2 == rows[Flag.NEEDS_NOT_MET.title]
    assert ["0", "0"] == rows[Flag.VOICE_NOT_EQUAL.title]


@given(evaluation_cohorts(), custom_flags(code="first"), custom_flags(code="second"))
@settings(deadline=None)
def test_custom_flags_are_raised_row_by_row_as_power_over_report_raises_them(
    cohort: EvaluationCohort, first: CustomFlag, second: CustomFlag
) -> None:
    """Flags defined as data: both paths decide each row alike, after the built-in flags."""
    rules = WarningRules(custom=(first, second))
    found = assert_rows_match_power_over_report(cohort, rules, None)
    assert found.flags == (*DEFAULT_RULES.enabled, *(f for f in (first, second) if f.rule.enabled))
    assert found.disabled == tuple(f for f in (first, second) if not f.rule.enabled)


@given(evaluation_cohorts(), st.sampled_from([f for f in Flag if f.value in ITEM_FLAG_CODES]))
@settings(max_examples=60, deadline=None)
def test_a_custom_flag_with_a_built_in_rule_is_raised_where_the_built_in_is(
    cohort: EvaluationCohort, flag: Flag
) -> None:
    """The custom flag's column equals the built-in flag's, raised and assessed alike."""
    twin = CustomFlag(
        code=f"twin_of_{flag.value}",
        title="Twin",
        explanation="The answers suggest the same pattern as a built-in flag.",
        passage_id="real_control",
        reasons=flag.reasons,
        rule=DEFAULT_RULES.rule(flag),  # type: ignore[arg-type]
    )
    found = cohort_warnings(cohort, rules=WarningRules(custom=(twin,)))
    assert column(found, flag) == column(found, twin)
    for row, response in enumerate(cohort.to_responses()):
        report = power_over_report(response, rules=found.rules)
        built_in = [w.items for w in report.warnings if w.flag is flag]
        assert built_in == [w.items for w in report.warnings if w.flag == twin]
        assert bool(built_in) == found.raised[row, found.flags.index(twin)]
