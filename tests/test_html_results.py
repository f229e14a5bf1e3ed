"""Notebook views of the gap, warning, cohort and summary results."""

from __future__ import annotations

import pytest

import coproduction as cp
from htmltree import Node, column_headers, parse, row_cells

LOW = cp.EvaluationResponse.from_labels(
    {
        "support_1": "Not at all",
        "support_2": "Not at all",
        "support_3": "Sometimes",
        "risk_action_4": "All the time",
        "risk_action_5": "Not at all",
    },
    respondent="P-1",
)
HIGH = cp.EvaluationResponse.from_labels(dict.fromkeys(cp.COPRODUCTION_EVALUATION.item_ids, 2))
WARD = cp.ReadinessAssessment.from_labels(
    {"listened_to_obligation": "yes", "listened_to_readiness": "partly", "shared_obligation": "no"},
    setting="Ward <A>",
)
COHORT = cp.EvaluationCohort.from_responses([LOW, HIGH] * 7, groups={"ward": ["<b>A</b>", "B"] * 7})
READINESS_COHORT = cp.ReadinessCohort.from_assessments([WARD, WARD, WARD])

RESULTS: list[object] = [
    *cp.readiness_gaps(WARD),
    cp.evaluation_gaps(LOW),
    cp.compare(LOW, HIGH),
    cp.perception_gap(HIGH, LOW),
    cp.claimed_vs_experienced(WARD, [LOW, HIGH]),
    cp.choice_gaps(LOW, WARD),
    cp.power_over_report(LOW, assessment=WARD),
    *cp.power_over_warnings(LOW),
    cp.power_over_report(LOW).not_assessed[0],
    cp.Flag.TICK_BOX_INVOLVEMENT.prompts[1],
    cp.rules.DEFAULT_RULES,
    COHORT,
    READINESS_COHORT,
    cp.score_cohort(COHORT),
    cp.score_readiness_cohort(READINESS_COHORT),
    cp.summarize(COHORT, by="ward", disclosure=cp.DisclosureControl(), resamples=50),
    cp.summarize_readiness(READINESS_COHORT, disclosure=cp.DisclosureControl()),
    cp.DisclosureControl(),
    cp.Suppressed("count of 1 to 7"),
]


def tree(value: object) -> Node:
    """The parsed notebook view of a value."""
    return parse(value._repr_html_())  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", RESULTS, ids=lambda v: type(v).__name__)
def test_every_result_has_an_accessible_view_without_scripts(value: object) -> None:
    """Tables with captions and header rows; every th has a scope; nothing runs or loads."""
    root = tree(value)
    tables = list(root.iter("table"))
    assert tables
    for table in tables:
        assert table.find("caption").text.strip()
        assert column_headers(table)
        assert all(th.attrs.get("scope") in {"col", "row"} for th in table.iter("th"))
    assert not any(e.tag in {"script", "img", "link", "style"} for e in root.iter())
    assert not any(name.startswith("on") for e in root.iter() for name in e.attrs)


def test_a_warning_report_shows_each_warning_with_its_evidence_and_the_booklet() -> None:
    """Each raised warning: title, severity, explanation (a prompt), evidence, passage."""
    report = cp.power_over_report(LOW)
    first = tree(report).find("table")
    assert [
        "Warning",
        "Severity",
        "What the answers suggest",
        "Evidence",
        "The booklet",
        "The booklet's reasons it may reflect (the library's reading)",
        "To reflect on, from the booklet (the library's reading)",
    ] == column_headers(first)
    rows = row_cells(first)
    assert [w.title for w in report.warnings] == [r[0].text for r in rows]
    for row, warning in zip(rows, report.warnings, strict=True):
        assert warning.passage == row[4].text
        assert [r.label for r in warning.reasons] == [li.text for li in row[5].iter("li")]
        assert [str(p) for p in warning.prompts] == [li.text for li in row[6].iter("li")]
        assert warning.prompts[0].text in row[6].text
        assert row[2].text.endswith("This is a prompt for reflection, not a finding about anyone.")
        assert "; ".join(warning.evidence) == row[3].text
    assert "Not assessed (never a warning)" in [c.text for c in tree(report).iter("caption")]
    expected = (
        f"<WarningReport: {len(report.warnings)} raised, {len(report.not_assessed)} not "
        f"assessed, {len(report.quiet)} quiet, {len(report.disabled)} switched off>"
    )
    assert expected == repr(report)


def test_a_report_without_warnings_says_so() -> None:
    """No warning raised is said in words."""
    assert "No warning was raised." in tree(cp.power_over_report(HIGH)).text


def test_nested_results_are_one_row_each_in_their_own_table() -> None:
    """Item gaps are a table with one row per item, in the instrument's order."""
    gaps = cp.evaluation_gaps(LOW)
    items = next(t for t in tree(gaps).iter("table") if t.find("caption").text.endswith("items"))
    rows = row_cells(items)
    assert list(cp.COPRODUCTION_EVALUATION.item_ids) == [r[0].text for r in rows]
    assert ["Not at all", "All the time", "2"] == [c.text for c in rows[0][1:4]]
    assert ["none", "All the time", "none", "none"] == [c.text for c in rows[3][1:]]


def test_a_cohort_view_never_lists_its_answers_or_all_its_ids() -> None:
    """The answers array is described by its shape, long id lists by their length."""
    text = tree(COHORT).text
    assert "array of shape (14, 23)" in text
    assert "14 values" in text
    assert "P-1" not in text


def test_suppressed_values_say_they_are_suppressed_and_why() -> None:
    """A suppressed count reads "*" with the reason, never 0; group values are escaped."""
    summary = cp.summarize(COHORT, by="ward", disclosure=cp.DisclosureControl(), resamples=50)
    root = tree(summary)
    assert "* (suppressed:" in root.text
    assert "<b>A</b>" in root.text
    assert not list(root.iter("b"))
    marker = tree(cp.Suppressed("count of 1 to 7"))
    assert "* (suppressed: count of 1 to 7)" not in marker.text  # a marker shows its field
    assert "count of 1 to 7" in marker.text
