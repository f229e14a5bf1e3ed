"""The notebook views: accessible HTML tables, every text escaped, and concise reprs."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given

import coproduction as cp
from coproduction._display.html import NOT_ANSWERED, render_html
from htmltree import Node, column_headers, parse, row_cells
from strategies import evaluation_responses, free_texts, readiness_assessments

EVALUATION = cp.COPRODUCTION_EVALUATION
CHECKER = cp.READINESS_CHECKER

SOME_RESPONSE = cp.EvaluationResponse.from_labels(
    {"support_1": "Sometimes", "support_2": "All the time", "trust_1": "Not at all"},
    respondent="R-001",
    date=dt.date(2026, 1, 5),
    level=cp.Level.GROUP,
    activities={cp.Activity.INVOLVED, cp.Activity.INFORMED},
)
SOME_ASSESSMENT = cp.ReadinessAssessment.from_labels(
    {"listened_to_obligation": "yes", "in_control_infrastructure": "partly"}, setting="ward-a"
)

#: Every public value object that has a notebook view.
VALUES: list[object] = [
    EVALUATION,
    CHECKER,
    EVALUATION.items[0],
    CHECKER.questions[0],
    SOME_RESPONSE,
    SOME_ASSESSMENT,
    cp.score_evaluation(SOME_RESPONSE),
    cp.score_evaluation(SOME_RESPONSE).domains[cp.Domain.SUPPORT],
    cp.score_readiness(SOME_ASSESSMENT),
    cp.EvaluationConventions(),
    cp.ReadinessConventions(),
]


def tables(value: object) -> list[Node]:
    """The tables of a value's notebook view."""
    return list(parse(value._repr_html_()).iter("table"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_every_view_is_accessible_tables_without_scripts_or_resources(value: object) -> None:
    """Each view has tables, each with a caption and a header row; every th has a scope.

    Nothing is loaded or run: no script, style sheet, image, frame or event handler.
    """
    markup = value._repr_html_()  # type: ignore[attr-defined]
    tree = parse(markup)
    found = list(tree.iter("table"))
    assert found
    for table in found:
        assert table.find("caption").text.strip()
        assert column_headers(table)
        for th in table.iter("th"):
            assert th.attrs.get("scope") in {"col", "row", "rowgroup"}
    for element in tree.iter():
        assert element.tag not in {"script", "link", "img", "iframe", "style", "object"}
        assert not any(name.startswith("on") for name in element.attrs)
        assert "src" not in element.attrs


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_render_html_is_what_the_notebook_shows(value: object) -> None:
    """_repr_html_ delegates to the one renderer."""
    assert render_html(value) == value._repr_html_()  # type: ignore[attr-defined]


def test_unknown_values_have_no_view() -> None:
    """The renderer refuses a type it does not know, naming it."""
    with pytest.raises(TypeError, match="no HTML view for int"):
        render_html(3)


def test_the_first_display_registers_the_renderer_without_the_domain_importing_it() -> None:
    """A fresh interpreter: importing the library loads no view; showing a value loads them."""
    code = (
        "import sys, coproduction as cp\n"
        "assert not any(m.startswith('coproduction._display') for m in sys.modules)\n"
        "html = cp.READINESS_CHECKER._repr_html_()\n"
        "assert '<table' in html and 'coproduction._display.html' in sys.modules\n"
        "print(repr(cp.COPRODUCTION_EVALUATION))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.startswith("<CoproductionEvaluation ")


def test_the_evaluation_renders_like_the_booklets_form() -> None:
    """The form: the stem in the caption, the scale as columns, statements under domains.

    It ends with the booklet's citation and licence.
    """
    html = EVALUATION._repr_html_()
    (table,) = tables(EVALUATION)
    assert f"{EVALUATION.name}: {EVALUATION.stem}" == table.find("caption").text
    assert ["Statement", "Not at all", "Sometimes", "All the time"] == column_headers(table)
    rows = row_cells(table)
    groups = [r[0].text for r in rows if r[0].attrs.get("scope") == "rowgroup"]
    statements = [r[0].text for r in rows if r[0].attrs.get("scope") == "row"]
    assert [d.label for d in cp.Domain] == groups
    assert [item.text for item in EVALUATION.items] == statements
    assert all(len(r) == 4 for r in rows if r[0].attrs.get("scope") == "row")
    text = parse(html).text
    assert "Quinn, A. (2022)" in text
    assert "CC BY-NC-ND 4.0" in text
    assert EVALUATION.introduction in text


def test_the_checker_renders_as_the_booklets_grid() -> None:
    """Seven rows in the booklet's order, three columns with its headings, 21 questions."""
    (table,) = tables(CHECKER)
    assert ["Activity", *(d.label for d in cp.Dimension)] == column_headers(table)
    rows = row_cells(table)
    assert [a.label for a in CHECKER.activities] == [r[0].text for r in rows]
    assert [q.text for q in CHECKER.questions] == [c.text for r in rows for c in r[1:]]
    text = parse(CHECKER._repr_html_()).text
    assert "is not better than another" in text
    assert "CC BY-NC-ND 4.0" in text


@given(evaluation_responses())
def test_a_response_shows_each_answer_or_not_answered_under_its_statement(
    response: cp.EvaluationResponse,
) -> None:
    """Each statement's row says the answer's label, or "Not answered": never a number."""
    table = tables(response)[0]
    rows = [r for r in row_cells(table) if r[0].attrs.get("scope") == "row"]
    expected = [
        (item.text, NOT_ANSWERED if a is None else a.label)
        for item, a in zip(EVALUATION.items, response.answers.values(), strict=True)
    ]
    assert expected == [(r[0].text, r[1].text) for r in rows]


def test_a_response_lists_activities_in_the_booklets_order() -> None:
    """Activities taken part in read in the booklet's order, whatever order they were given."""
    text = parse(SOME_RESPONSE._repr_html_()).text
    assert f"Took part in: {cp.Activity.INFORMED.label}; {cp.Activity.INVOLVED.label}." in text
    assert "Would prefer: none recorded." in text
    assert "3 of 23 statements answered" in text


@given(readiness_assessments())
def test_an_assessment_is_the_seven_by_three_grid_of_its_answers(
    assessment: cp.ReadinessAssessment,
) -> None:
    """Row by row in the booklet's order, each cell says its answer or "Not answered"."""
    (table,) = tables(assessment)
    rows = row_cells(table)
    assert [a.label for a in CHECKER.activities] == [r[0].text for r in rows]
    expected = [NOT_ANSWERED if a is None else a.label for a in assessment.answers.values()]
    assert expected == [c.text for r in rows for c in r[1:]]


@given(free_texts)
def test_any_setting_text_is_shown_exactly_and_never_as_markup(setting: str) -> None:
    """A setting id with markup characters reads back verbatim and adds no element."""
    assessment = cp.ReadinessAssessment({}, setting=setting)
    tree = parse(assessment._repr_html_())
    assert f"{CHECKER.name}: answers (setting: {setting})" == tree.find("caption").text
    assert 1 == len(list(tree.iter("caption")))
    assert not list(tree.iter("script"))


@given(free_texts)
def test_any_respondent_text_is_escaped_in_responses_and_scores(respondent: str) -> None:
    """The pseudonym appears verbatim in the caption of the response and of its score."""
    response = cp.EvaluationResponse({}, respondent=respondent)
    for value in (response, cp.score_evaluation(response)):
        tree = parse(value._repr_html_())
        assert f"(respondent: {respondent})" in tree.find("caption").text
        assert not list(tree.iter("script"))


def test_an_evaluation_score_has_a_row_per_domain_and_overall() -> None:
    """Scored domains show mean and percent; the others say why they are not scored."""
    score = cp.score_evaluation(SOME_RESPONSE)
    (table,) = tables(score)
    assert ["Domain", "Mean points", "Percent", "Items answered", "Note"] == column_headers(table)
    rows = {r[0].text: [c.text for c in r[1:]] for r in row_cells(table)}
    assert ["1.50", "75%", "2 of 4", ""] == rows["Support"]
    assert ["", "", "1 of 5", "Not scored: 1 of 5 items answered; at least 3 needed"] == rows[
        "Trust"
    ]
    overall = rows["Overall (mean of the domain means)"]
    assert overall[-1].startswith("Not scored: 1 of 5 domains scored")
    assert "the RRN booklet gives no scores" in parse(score._repr_html_()).text


def test_a_readiness_score_lists_activities_in_the_booklets_order() -> None:
    """Activity scores keep the booklet's order (not sorted by score); unscored ones say so."""
    by_activity, by_dimension = tables(cp.score_readiness(SOME_ASSESSMENT))
    rows = row_cells(by_activity)
    assert [a.label for a in CHECKER.activities] == [r[0].text for r in rows]
    values = {r[0].text: r[1].text for r in rows}
    assert "1.00" == values[cp.Activity.LISTENED_TO.label]
    assert "0.50" == values[cp.Activity.IN_CONTROL.label]
    assert "Not scored (no question answered)" == values[cp.Activity.INFORMED.label]
    assert ["Obligation", "Readiness", "Infrastructure", "Overall"] == [
        r[0].text.split(" ")[0] for r in row_cells(by_dimension)
    ]


def test_conventions_show_their_points_and_rules() -> None:
    """The conventions' tables give the points of each answer and the missing-data rules."""
    conventions = cp.EvaluationConventions(min_answered=0.75, overall_min_domains=4)
    (table,) = tables(conventions)
    rows = {r[0].text: r[1].text for r in row_cells(table)}
    assert "2" == rows["Points for 'All the time'"]
    assert (
        "0.75 (rounded up, at least 1)" == rows["Share of a domain's items that must be answered"]
    )
    assert "4 of 5" == rows["Domains that must be scored for an overall score"]
    (table,) = tables(cp.ReadinessConventions())
    rows = {r[0].text: r[1].text for r in row_cells(table)}
    assert "0.5" == rows["Points for 'Partly'"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            EVALUATION,
            (
                "<CoproductionEvaluation 'RRN Coproduction Evaluation' version 1.C: "
                "23 items in 5 domains>"
            ),
        ),
        (
            CHECKER,
            "<ReadinessChecker 'RRN Readiness Checker' version 1.C: 7 activities x 3 dimensions>",
        ),
        (
            SOME_RESPONSE,
            (
                "<EvaluationResponse respondent='R-001' date='2026-01-05' level='group': "
                "3 of 23 answered>"
            ),
        ),
        (SOME_ASSESSMENT, "<ReadinessAssessment setting='ward-a': 2 of 21 answered>"),
        (
            cp.score_evaluation(SOME_RESPONSE),
            "<EvaluationScore respondent='R-001': 1 of 5 domains scored, overall not scored>",
        ),
        (
            cp.score_readiness(SOME_ASSESSMENT),
            "<ReadinessScore setting='ward-a': 2 of 21 answered, overall 0.75>",
        ),
        (cp.ReadinessAssessment({}), "<ReadinessAssessment: 0 of 21 answered>"),
    ],
)
def test_reprs_are_one_concise_line(value: object, expected: str) -> None:
    """Repr says what the value is and how complete, on one line, without the answers."""
    assert expected == repr(value)


@given(evaluation_responses())
def test_a_responses_repr_never_shows_its_answers(response: cp.EvaluationResponse) -> None:
    """Repr (which lands in logs and tracebacks) names no answer, only how many were given."""
    text = repr(response)
    assert "\n" not in text
    assert not any(f.label in text for f in cp.Frequency)
    assert f"{response.answered} of 23 answered>" in text


BIDI_CONTROLS = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_bidi_controls_are_shown_not_obeyed_in_views_and_the_report(control: str) -> None:
    """U+202A-U+202E and U+2066-U+2069 appear as visible text, never raw.

    They would make a name read backwards; before, they passed raw into the
    notebook views and the report (both use the one escaping function).
    """
    marker = f"[U+{ord(control):04X}]"
    name = f"ward{control}<b>"
    view = render_html(cp.EvaluationResponse({}, respondent=name))
    cohort = cp.EvaluationCohort.from_array([[1] * 23] * 8, groups={"ward": [name] * 8})
    page = cp.report.render(cohort=cohort, title=f"audit {control}", resamples=0)
    for html in (view, page):
        assert control not in html
        assert marker in html
    assert f"ward{marker}&lt;b&gt;" in view
    assert f"<title>audit {marker}</title>" in page
