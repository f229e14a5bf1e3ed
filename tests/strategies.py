"""Hypothesis strategies for the library's value objects, in one place."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import attrs
import numpy as np
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Activity,
    CohortSummary,
    Dimension,
    DisclosureControl,
    EvaluationCohort,
    EvaluationConventions,
    EvaluationResponse,
    Flag,
    Frequency,
    Level,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessConventions,
    Reason,
    Severity,
    choice_gaps,
    evaluation_gaps,
    power_over_report,
    readiness_gaps,
    score_evaluation,
    score_readiness,
    summarize,
)
from coproduction.rules import (
    DEFAULT_RULES,
    PASSAGES,
    ContextRule,
    CustomFlag,
    ItemRule,
    WarningRules,
)

T = TypeVar("T")
ITEM_IDS = COPRODUCTION_EVALUATION.item_ids
CELLS = READINESS_CHECKER.cells

frequencies = st.sampled_from(Frequency)
maybe_frequencies = st.none() | frequencies
readiness_answers = st.sampled_from(ReadinessAnswer)
maybe_readiness_answers = st.none() | readiness_answers
activity_sets = st.frozensets(st.sampled_from(Activity))
pseudonyms = st.none() | st.from_regex(r"R-[0-9]{3,6}", fullmatch=True)
dates = st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def evaluation_answers(
    draw: st.DrawFn, values: st.SearchStrategy[Frequency | None] = maybe_frequencies
) -> dict[str, Frequency | None]:
    """A mapping of some or all item ids to answers (absent and None both mean unanswered)."""
    chosen = draw(st.lists(st.sampled_from(ITEM_IDS), unique=True))
    return {item_id: draw(values) for item_id in chosen}


@st.composite
def evaluation_responses(
    draw: st.DrawFn, values: st.SearchStrategy[Frequency | None] = maybe_frequencies
) -> EvaluationResponse:
    """Any valid evaluation response, with random missingness and context."""
    return EvaluationResponse(
        draw(evaluation_answers(values)),
        respondent=draw(pseudonyms),
        date=draw(dates),
        level=draw(st.none() | st.sampled_from(Level)),
        activities=draw(activity_sets),
        preferred_activities=draw(activity_sets),
    )


complete_evaluation_responses = st.builds(
    EvaluationResponse, st.fixed_dictionaries(dict.fromkeys(ITEM_IDS, frequencies))
)


@st.composite
def readiness_assessments(
    draw: st.DrawFn,
    values: st.SearchStrategy[ReadinessAnswer | None] = maybe_readiness_answers,
) -> ReadinessAssessment:
    """Any valid readiness assessment, with random unanswered cells."""
    chosen = draw(st.lists(st.sampled_from(CELLS), unique=True))
    return ReadinessAssessment(
        {cell: draw(values) for cell in chosen},
        setting=draw(st.none() | st.from_regex(r"ward-[a-z]{1,8}", fullmatch=True)),
        date=draw(dates),
    )


#: Values that are not Frequency members: what the strict constructor must refuse.
not_frequencies = st.one_of(
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(),
    st.sampled_from(ReadinessAnswer),
    st.sampled_from(Activity),
)
#: Values that are not ReadinessAnswer members.
not_readiness_answers = st.one_of(
    st.integers(), st.booleans(), st.text(), st.sampled_from(Frequency)
)
#: Keys that are not readiness cells.
not_cells = st.one_of(
    st.text(),
    st.integers(),
    st.tuples(st.sampled_from(Dimension), st.sampled_from(Activity)),
    st.tuples(st.sampled_from(Activity)),
)

# --- Gaps and warnings --------------------------------------------------------------

#: A readiness assessment with every cell answered "Yes".
ALL_YES = ReadinessAssessment(dict.fromkeys(CELLS, ReadinessAnswer.YES))


@st.composite
def top_responses(draw: st.DrawFn) -> EvaluationResponse:
    """Every item "All the time", and every activity taken part in among the preferred ones."""
    preferred = draw(activity_sets)
    took_part: frozenset[Activity] = frozenset()
    if preferred:
        in_booklet_order = [a for a in READINESS_CHECKER.activities if a in preferred]
        took_part = draw(st.frozensets(st.sampled_from(in_booklet_order)))
    return EvaluationResponse(
        dict.fromkeys(ITEM_IDS, Frequency.ALL_THE_TIME),
        respondent=draw(pseudonyms),
        activities=took_part,
        preferred_activities=preferred,
    )


@st.composite
def lowered(draw: st.DrawFn, response: EvaluationResponse) -> EvaluationResponse:
    """The same response with some answered items moved down the scale (or left as they were)."""
    answers = dict(response.answers)
    for item_id, answer in response.answers.items():
        if answer is not None:
            answers[item_id] = draw(st.sampled_from([f for f in Frequency if f <= answer]))
    return EvaluationResponse(
        answers,
        respondent=response.respondent,
        activities=response.activities,
        preferred_activities=response.preferred_activities,
    )


@st.composite
def shuffled_answers(
    draw: st.DrawFn, answers: dict[str, Frequency | None]
) -> dict[str, Frequency | None]:
    """The same answers as a dict built in another order."""
    keys = draw(st.permutations(list(answers)))
    return {key: answers[key] for key in keys}


@st.composite
def item_rules(draw: st.DrawFn) -> ItemRule:
    """Any valid item rule: random low and high items, thresholds, counts and switch."""
    items = draw(st.permutations(ITEM_IDS))
    n_low, n_high = draw(st.integers(1, 4)), draw(st.integers(0, 4))
    return ItemRule(
        low_items=tuple(items[:n_low]),
        at_most=draw(st.sampled_from([Frequency.NOT_AT_ALL, Frequency.SOMETIMES])),
        min_low=draw(st.integers(1, n_low)),
        high_items=tuple(items[n_low : n_low + n_high]),
        at_least=draw(st.sampled_from(Frequency)),
        min_high=draw(st.integers(0, n_high)),
        severity=draw(st.sampled_from(Severity)),
        enabled=draw(st.booleans()),
    )


@st.composite
def warning_rules(draw: st.DrawFn) -> WarningRules:
    """Rules with each flag's default kept, switched off, or (item flags) tuned at random."""
    rules = {}
    for flag in Flag:
        default = DEFAULT_RULES.rule(flag)
        choices: list[ItemRule | ContextRule] = [default, attrs.evolve(default, enabled=False)]
        if isinstance(default, ItemRule):
            choices.append(draw(item_rules()))
        rules[flag.value] = draw(st.sampled_from(choices))
    return WarningRules(**rules, custom=draw(custom_flag_tuples()))  # type: ignore[arg-type]


@st.composite
def custom_flags(draw: st.DrawFn, code: str = "custom_flag") -> CustomFlag:
    """Any valid custom flag: a random item rule, passage and reasons."""
    reasons = draw(st.sets(st.sampled_from(Reason), min_size=1))
    return CustomFlag(
        code=code,
        title=f"Custom {code}",
        explanation="The answers suggest a pattern in the working relationship.",
        passage_id=draw(st.sampled_from(sorted(PASSAGES))),
        reasons=tuple(r for r in Reason if r in reasons),
        rule=draw(item_rules()),
    )


@st.composite
def custom_flag_tuples(draw: st.DrawFn, max_size: int = 3) -> tuple[CustomFlag, ...]:
    """Up to ``max_size`` custom flags with distinct codes (often none)."""
    n = draw(st.integers(0, max_size))
    return tuple(draw(custom_flags(code=f"custom_{k}")) for k in range(n))


# --- Cohorts ----------------------------------------------------------------------

#: One row of evaluation codes: -1 (unanswered), 0, 1, 2.
evaluation_code_rows = st.lists(st.integers(-1, 2), min_size=23, max_size=23)


@st.composite
def evaluation_code_arrays(draw: st.DrawFn, max_rows: int = 30) -> list[list[int]]:
    """Rows of evaluation codes with random missingness, often near a domain's threshold.

    Each row is drawn with its own chance of an item being unanswered, so rows
    with half a domain answered (the scoring boundary) come up often.
    """
    rows = []
    for _ in range(draw(st.integers(0, max_rows))):
        gap = draw(st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]))
        answers = draw(st.lists(st.integers(0, 2), min_size=23, max_size=23))
        holes = draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=23, max_size=23))
        rows.append([-1 if h < gap else a for a, h in zip(answers, holes, strict=True)])
    return rows


levels = st.none() | st.sampled_from(Level)


def context_column(n: int, entries: st.SearchStrategy[T]) -> st.SearchStrategy[list[T] | None]:
    """A context column: absent (None), or one drawn entry per row (possibly all empty)."""
    return st.none() | st.lists(entries, min_size=n, max_size=n)


@st.composite
def evaluation_cohorts(draw: st.DrawFn, max_rows: int = 30) -> EvaluationCohort:
    """Any valid evaluation cohort: random codes, ids, a ward column and context columns."""
    rows = draw(evaluation_code_arrays(max_rows=max_rows))
    n = len(rows)
    wards = [draw(st.sampled_from(["Oak", "Elm"])) for _ in rows] if draw(st.booleans()) else None
    return EvaluationCohort.from_array(
        np.array(rows, dtype=np.int8).reshape(n, 23),
        respondents=draw(st.none() | st.lists(pseudonyms, min_size=n, max_size=n)),
        groups=None if wards is None else {"ward": wards},
        dates=draw(context_column(n, dates)),
        levels=draw(context_column(n, levels)),
        activities=draw(context_column(n, activity_sets)),
        preferred_activities=draw(context_column(n, activity_sets)),
    )


finite_points = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)


@st.composite
def evaluation_conventions(draw: st.DrawFn) -> EvaluationConventions:
    """Any valid conventions: whole or fractional points, any share and domain count."""
    whole = draw(st.booleans())
    values = draw(
        st.lists(
            st.integers(-50, 50).map(float) if whole else finite_points,
            min_size=3,
            max_size=3,
            unique=True,
        )
    )
    if draw(st.booleans()) and whole:  # equally spaced whole numbers (the fast path)
        start, step = int(values[0]), draw(st.integers(1, 9))
        values = [float(start), float(start + step), float(start + 2 * step)]
    low, mid, high = sorted(values)
    return EvaluationConventions(
        points={Frequency.NOT_AT_ALL: low, Frequency.SOMETIMES: mid, Frequency.ALL_THE_TIME: high},
        min_answered=draw(st.sampled_from([0.01, 0.25, 0.5, 0.6, 0.75, 1.0])),
        overall_min_domains=draw(st.integers(1, 5)),
    )


@st.composite
def readiness_code_arrays(draw: st.DrawFn, max_rows: int = 20) -> list[list[list[int]]]:
    """Rows of readiness codes (7 x 3), with random unanswered cells."""
    cell = st.integers(-1, 2)
    row = st.lists(st.lists(cell, min_size=3, max_size=3), min_size=7, max_size=7)
    return draw(st.lists(row, max_size=max_rows))


@st.composite
def readiness_conventions(draw: st.DrawFn) -> ReadinessConventions:
    """Any valid readiness conventions: No <= Partly <= Yes, No < Yes."""
    no, partly, yes = sorted(draw(st.lists(finite_points, min_size=3, max_size=3)))
    if no == yes:
        yes = no + 1.0
    return ReadinessConventions(
        points={ReadinessAnswer.NO: no, ReadinessAnswer.PARTLY: partly, ReadinessAnswer.YES: yes}
    )


# --- interchange formats ---------------------------------------------------------

#: Scores of any valid response, under any valid conventions.
evaluation_scores = st.builds(
    lambda response, conventions: score_evaluation(response, conventions=conventions),
    evaluation_responses(),
    evaluation_conventions(),
)
readiness_scores = readiness_assessments().map(score_readiness)
#: Every outcome of the warning rules (the library's, or tuned with custom flags), with
#: or without a readiness assessment.
warning_reports = st.builds(
    lambda response, assessment, rules: power_over_report(
        response, assessment=assessment, rules=rules
    ),
    evaluation_responses(),
    st.none() | readiness_assessments(),
    st.just(DEFAULT_RULES) | warning_rules(),
)
gap_results = st.one_of(
    st.builds(evaluation_gaps, evaluation_responses(), st.sampled_from(Frequency)),
    st.builds(choice_gaps, evaluation_responses(), readiness_assessments()),
    readiness_assessments().flatmap(
        lambda a: st.sampled_from(readiness_gaps(a)) if readiness_gaps(a) else st.nothing()
    ),
)


@st.composite
def cohort_summaries(draw: st.DrawFn) -> CohortSummary:
    """Summaries of small random cohorts by a ward column, with or without suppression."""
    rows = draw(evaluation_code_arrays(max_rows=12))
    wards = [draw(st.sampled_from(["Oak", "Elm"])) for _ in rows]
    cohort = EvaluationCohort.from_array(
        np.array(rows, dtype=np.int8).reshape(len(rows), 23), groups={"ward": wards}
    )
    disclosure = draw(st.none() | st.just(DisclosureControl()))
    return summarize(cohort, by="ward", resamples=20, disclosure=disclosure)


#: Any non-blank text a person might type as an id, markup characters and all (no
#: space or tab at either end: the readers strip them, so ids may not have them).
free_texts = st.one_of(
    st.sampled_from(['<script>alert("x")</script>', "Ward 'A' & B", "</caption><td>", "&amp;"]),
    st.text(min_size=1).filter(lambda t: bool(t.strip()) and t == t.strip(" \t")),
)


@st.composite
def step_distributions(
    draw: st.DrawFn, max_width: int = 40, max_people: int = 400
) -> tuple[np.ndarray, np.ndarray]:
    """A group's scores as whole numbers of lattice steps, and how many people have each.

    Steps are sorted and distinct (as a measure's distinct scores are), may be
    negative, and at least two people are counted; some steps may have no one.
    """
    steps = draw(st.lists(st.integers(-max_width, max_width), min_size=1, max_size=8, unique=True))
    counts = draw(
        st.lists(st.integers(0, max_people), min_size=len(steps), max_size=len(steps)).filter(
            lambda c: 2 <= sum(c) <= max_people
        )
    )
    order = np.argsort(steps)
    return np.array(steps, dtype=np.int64)[order], np.array(counts, dtype=np.int64)[order]
