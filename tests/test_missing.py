"""Kinds of missing (issue #14, point 5): kept beside the answer in every format, never scored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction import (
    EvaluationCohort,
    EvaluationResponse,
    Frequency,
    Missing,
    ReadinessAssessment,
    ReadinessCohort,
    ValidationError,
)
from coproduction.io import csv as cp_csv
from coproduction.io import fhir, redcap
from coproduction.io import json as cp_json
from strategies import (
    CELLS,
    ITEM_IDS,
    evaluation_code_arrays,
    evaluation_responses,
    pseudonyms,
    readiness_assessments,
    readiness_code_arrays,
)

FHIR_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
kinds = st.sampled_from(Missing)

#: The codes of http://terminology.hl7.org/CodeSystem/data-absent-reason (FHIR R4/R5,
#: https://hl7.org/fhir/R4/codesystem-data-absent-reason.html).
DATA_ABSENT_REASON = {
    "unknown",
    "asked-unknown",
    "temp-unknown",
    "not-asked",
    "asked-declined",
    "masked",
    "not-applicable",
    "unsupported",
    "as-text",
    "error",
    "not-a-number",
    "negative-infinity",
    "positive-infinity",
    "not-performed",
    "not-permitted",
}


# --- the vocabulary -------------------------------------------------------------------


def test_every_kind_has_one_distinct_code_in_every_format() -> None:
    """Five kinds; in each format no two kinds share a code, so nothing is merged on the way."""
    assert [k.value for k in Missing] == [
        "not_answered",
        "not_asked",
        "declined",
        "did_not_know",
        "not_applicable",
    ]
    assert [k.cohort_code for k in Missing] == [-1, -2, -3, -4, -5]
    assert Missing.NOT_ANSWERED.cohort_code == EvaluationCohort.UNANSWERED
    for code in ("cell", "redcap_code", "fhir_code", "label"):
        values = [getattr(k, code) for k in Missing]
        assert len(set(values)) == len(values), code
    # Not answered is today's empty cell, and carries no FHIR reason.
    assert (Missing.NOT_ANSWERED.cell, Missing.NOT_ANSWERED.redcap_code) == ("", "")
    assert Missing.NOT_ANSWERED.fhir_code is None
    fhir_codes = {k.fhir_code for k in Missing} - {None}
    assert fhir_codes <= DATA_ABSENT_REASON
    # HL7 NullFlavor codes where REDCap's suggested list has one.
    assert Missing.NOT_ASKED.redcap_code == "NASK"
    assert Missing.DID_NOT_KNOW.redcap_code == "ASKU"
    assert Missing.NOT_APPLICABLE.redcap_code == "NA"
    # No CSV code is R's "NA" (a CSV written by R means "missing" by it, not "not applicable").
    assert "NA" not in {k.cell for k in Missing}


def test_cells_and_cohort_codes_name_their_kind_exactly() -> None:
    """A CSV code is matched exactly (spaces and tabs around ignored); other text is no kind."""
    for kind in Missing:
        assert Missing.from_cell(f" {kind.cell}\t") is kind
        assert Missing.from_cohort_code(kind.cohort_code) is kind
    assert Missing.from_cell("nask") is None
    assert Missing.from_cell("UNK") is None
    assert Missing.from_cohort_code(0) is None


# --- responses ------------------------------------------------------------------------


def test_a_response_keeps_the_kind_of_each_absent_answer_beside_it() -> None:
    """The answer stays None; the kind is in ``missing``, not answered unless given."""
    r = EvaluationResponse(
        {"support_1": Frequency.SOMETIMES, "trust_1": None},
        missing={"trust_1": Missing.DECLINED, "trust_2": Missing.NOT_ASKED},
    )
    assert r.answers["trust_1"] is None
    assert r.answers["trust_2"] is None
    assert r.missing["trust_1"] is Missing.DECLINED
    assert r.missing["trust_2"] is Missing.NOT_ASKED
    assert r.missing["trust_3"] is Missing.NOT_ANSWERED
    assert "support_1" not in r.missing
    assert tuple(r.missing) == r.unanswered
    assert r != EvaluationResponse({"support_1": Frequency.SOMETIMES})


def test_kinds_of_missing_are_refused_where_they_make_no_sense() -> None:
    """A kind for an answered item, an unknown item, or a kind that is not a member is refused."""
    with pytest.raises(ValidationError) as caught:
        EvaluationResponse(
            {"support_1": Frequency.SOMETIMES},
            missing={"support_1": Missing.DECLINED, "trust_9": Missing.NOT_ASKED, "trust_1": "x"},  # type: ignore[dict-item]
        )
    assert [p.location for p in caught.value.problems] == [
        "missing['support_1']",
        "missing['trust_9']",
        "missing['trust_1']",
    ]
    cell = (cp.Activity.INFORMED, cp.Dimension.READINESS)
    with pytest.raises(ValidationError, match="is answered"):
        ReadinessAssessment({cell: cp.ReadinessAnswer.YES}, missing={cell: Missing.NOT_ASKED})
    with pytest.raises(ValidationError, match="expected a mapping"):
        EvaluationResponse({}, missing=[("trust_1", Missing.DECLINED)])  # type: ignore[arg-type]


# --- strategies -------------------------------------------------------------------------


@st.composite
def with_kinds(draw: st.DrawFn, response: EvaluationResponse) -> EvaluationResponse:
    """The response with a random kind for each of its absent answers."""
    return EvaluationResponse(
        response.answers,
        respondent=response.respondent,
        date=response.date,
        level=response.level,
        activities=response.activities,
        preferred_activities=response.preferred_activities,
        missing={i: draw(kinds) for i in response.unanswered},
    )


@st.composite
def assessments_with_kinds(draw: st.DrawFn) -> ReadinessAssessment:
    """A readiness assessment with a random kind for each of its absent answers."""
    a = draw(readiness_assessments())
    return ReadinessAssessment(
        a.answers,
        setting=a.setting,
        date=a.date,
        missing={c: draw(kinds) for c in a.unanswered},
    )


responses_with_kinds = evaluation_responses().flatmap(with_kinds)


def relabelled(data: st.DataObject, codes: np.ndarray) -> np.ndarray:
    """The codes with each absent answer (-1) given a random kind's code."""
    out = codes.copy()
    absent = np.flatnonzero(out.ravel() < 0)
    choices = data.draw(st.lists(kinds, min_size=absent.size, max_size=absent.size))
    out.ravel()[absent] = [k.cohort_code for k in choices]
    return out


# --- never scored -----------------------------------------------------------------------


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_no_kind_of_missing_is_ever_scored(data: st.DataObject) -> None:
    """Scores, flags and reliability are identical whatever kinds the absent answers carry."""
    codes = np.array(data.draw(evaluation_code_arrays(max_rows=12)), dtype=np.int8).reshape(-1, 23)
    kinded = relabelled(data, codes)
    plain, other = EvaluationCohort.from_array(codes), EvaluationCohort.from_array(kinded)
    a, b = cp.score_cohort(plain), cp.score_cohort(other)
    assert np.array_equal(a.mean, b.mean, equal_nan=True)
    assert np.array_equal(a.overall, b.overall, equal_nan=True)
    assert np.array_equal(a.answered, b.answered)
    assert cp.cohort_warnings(plain) == cp.cohort_warnings(other)
    assert cp.reliability(plain, min_complete=2) == cp.reliability(other, min_complete=2)
    for left, right in zip(plain.to_responses(), other.to_responses(), strict=True):
        assert cp.score_evaluation(left) == cp.score_evaluation(right)
        assert cp.power_over_warnings(left) == cp.power_over_warnings(right)
    rows = data.draw(readiness_code_arrays(max_rows=8))
    ready = np.array(rows, dtype=np.int8).reshape(-1, 7, 3)
    x = cp.score_readiness_cohort(ReadinessCohort.from_array(ready))
    y = cp.score_readiness_cohort(ReadinessCohort.from_array(relabelled(data, ready)))
    for name in ("by_activity", "by_dimension", "overall", "unanswered"):
        assert np.array_equal(getattr(x, name), getattr(y, name), equal_nan=True), name
    for left_a, right_a in zip(
        ReadinessCohort.from_array(ready).to_assessments(),
        ReadinessCohort.from_array(relabelled(data, ready)).to_assessments(),
        strict=True,
    ):
        assert cp.score_readiness(left_a) == cp.score_readiness(right_a)


# --- counted separately ---------------------------------------------------------------


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_item_summaries_count_each_kind_separately(data: st.DataObject) -> None:
    """Per group and item, each kind is counted apart; they add up to ``unanswered``.

    Everything else in the summary is what it is with every absence "not answered",
    and a summary built block by block and merged counts the kinds the same.
    """
    codes = np.array(data.draw(evaluation_code_arrays(max_rows=15)), dtype=np.int8).reshape(-1, 23)
    kinded = relabelled(data, codes)
    wards = [data.draw(st.sampled_from(["Oak", "Elm"])) for _ in range(len(codes))]
    cohort = EvaluationCohort.from_array(kinded, groups={"ward": wards})
    plain = EvaluationCohort.from_array(codes, groups={"ward": wards})
    summary = cp.summarize(cohort, by="ward", resamples=0)
    for item in summary.items:
        rows = [r for r, w in enumerate(wards) if (w,) == item.group]
        column = kinded[rows, ITEM_IDS.index(item.item_id)]
        assert dict(item.missing) == {k: int((column == k.cohort_code).sum()) for k in Missing}
        assert sum(item.missing.values()) == item.unanswered
    baseline = cp.summarize(plain, by="ward", resamples=0)
    for mine, theirs in zip(summary.items, baseline.items, strict=True):
        assert (mine.counts, mine.unanswered, mine.percents) == (
            theirs.counts,
            theirs.unanswered,
            theirs.percents,
        )
    assert summary.measures == baseline.measures
    cut = data.draw(st.integers(0, len(codes)))
    halves = [
        cp.SummaryAccumulator(by="ward").add(
            EvaluationCohort.from_array(kinded[part], groups={"ward": wards[part]})
        )
        for part in (slice(0, cut), slice(cut, None))
    ]
    merged = halves[0].merge(halves[1]).summary(resamples=0)
    assert merged.items == summary.items


def test_readiness_summaries_count_each_kind_separately() -> None:
    """A readiness cohort's kinds are counted apart, add up to unanswered, and are no answer."""
    cohort = ReadinessCohort.from_array([[[2, -2, -5]] * 7, [[-3, -4, -1]] * 7])
    summary = cp.summarize_readiness(cohort)
    figures = [(list(row.counts.values()), row.unanswered) for row in summary.cells]
    for counts, unanswered in figures:
        assert all(isinstance(c, int) for c in counts)
        assert isinstance(unanswered, int)
        assert sum(counts) + unanswered == 2  # type: ignore[arg-type]
    assert sum(u for _, u in figures) == 5 * 7  # type: ignore[misc]
    by_dimension = {row.dimension: dict(row.missing) for row in summary.dimensions}
    zero = dict.fromkeys(Missing, 0)
    assert by_dimension[cp.Dimension.OBLIGATION] == {**zero, Missing.DECLINED: 7}
    assert by_dimension[cp.Dimension.READINESS] == {
        **zero,
        Missing.NOT_ASKED: 7,
        Missing.DID_NOT_KNOW: 7,
    }
    assert by_dimension[cp.Dimension.INFRASTRUCTURE] == {
        **zero,
        Missing.NOT_APPLICABLE: 7,
        Missing.NOT_ANSWERED: 7,
    }
    for row in (*summary.cells, *summary.activities, *summary.dimensions):
        assert sum(row.missing.values()) == row.unanswered
    document = cp_json.to_dict(summary)
    assert cp_json.from_dict(document) == summary
    protected = cp.summarize_readiness(cohort, disclosure=cp.DisclosureControl())
    assert all(not row.missing for row in protected.cells)


# --- round trips ----------------------------------------------------------------------


def _same_ids(responses: list[EvaluationResponse]) -> list[EvaluationResponse]:
    """Give every response an id, unique, as the CSV and REDCap layouts need."""
    return [
        EvaluationResponse(
            r.answers,
            respondent=f"R-{i}",
            date=r.date,
            level=r.level,
            activities=r.activities,
            preferred_activities=r.preferred_activities,
            missing={k: v for k, v in r.missing.items() if v is not Missing.NOT_ANSWERED},
        )
        for i, r in enumerate(responses)
    ]


@given(st.lists(responses_with_kinds, max_size=5), st.sampled_from(["wide", "long"]))
@settings(max_examples=60, deadline=None)
def test_csv_keeps_the_kinds_of_missing(responses: list[EvaluationResponse], layout: str) -> None:
    """Written as CSV and read back (objects, cohort and chunks), every kind is the same."""
    rows = _same_ids(responses)
    out = io.StringIO()
    cp_csv.write_evaluations(rows, out, layout=layout)  # type: ignore[arg-type]
    back = cp_csv.read_evaluations(io.StringIO(out.getvalue()), layout=layout)  # type: ignore[arg-type]
    assert list(back.rows) == rows
    if layout == "wide" and rows:
        cohort = cp_csv.read_cohort(out.getvalue().encode())
        assert cohort == EvaluationCohort.from_responses(rows)


@given(st.lists(responses_with_kinds, min_size=1, max_size=5))
@settings(max_examples=40, deadline=None)
def test_the_cohort_reader_keeps_the_kinds_on_both_paths(
    responses: list[EvaluationResponse],
) -> None:
    """The numpy path, the csv-module path (a quoted cell) and long blocks read the same codes."""
    rows = [
        EvaluationResponse(r.answers, respondent=f"R-{i}", missing=r.missing)
        for i, r in enumerate(responses)
    ]
    out = io.StringIO()
    cp_csv.write_evaluations(rows, out)
    text = out.getvalue()
    expected = EvaluationCohort.from_responses(rows)
    fast = cp_csv.read_cohort(text.encode())
    quoted = text.replace("R-0", '"R-0"', 1)  # a quote sends the piece to the slow path
    slow = cp_csv.read_cohort(quoted.encode())
    assert fast == expected
    assert slow == expected
    long = io.StringIO()
    cp_csv.write_evaluations(rows, long, layout="long")
    blocks = list(cp_csv.read_chunks(long.getvalue().encode(), layout="long", chunk_rows=2))
    assert np.array_equal(np.concatenate([b.answers for b in blocks]), expected.answers)


@given(st.lists(assessments_with_kinds(), max_size=4), st.sampled_from(["wide", "long"]))
@settings(max_examples=40, deadline=None)
def test_readiness_csv_keeps_the_kinds_of_missing(
    assessments: list[ReadinessAssessment], layout: str
) -> None:
    """A readiness CSV keeps each absent answer's kind."""
    rows = [
        ReadinessAssessment(a.answers, setting=f"S-{i}", date=a.date, missing=a.missing)
        for i, a in enumerate(assessments)
    ]
    out = io.StringIO()
    cp_csv.write_readiness(rows, out, layout=layout)  # type: ignore[arg-type]
    back = cp_csv.read_readiness(io.StringIO(out.getvalue()), layout=layout)  # type: ignore[arg-type]
    assert list(back.rows) == rows
    cohort = ReadinessCohort.from_assessments(rows)
    assert list(cohort.to_assessments()) == [
        ReadinessAssessment(a.answers, setting=a.setting, missing=a.missing) for a in rows
    ]


@given(st.one_of(responses_with_kinds, assessments_with_kinds()))
@settings(max_examples=60, deadline=None)
def test_json_keeps_the_kinds_of_missing(value: EvaluationResponse | ReadinessAssessment) -> None:
    """A JSON document lists the kinds other than not answered, and reads back equal."""
    document = cp_json.to_dict(value)
    named = {k: v for k, v in value.missing.items() if v is not Missing.NOT_ANSWERED}
    assert ("missing" in document) == bool(named)
    assert len(document.get("missing", {})) == len(named)
    assert set(document.get("missing", {}).values()) <= {k.value for k in Missing}
    assert cp_json.from_json(cp_json.to_json(value), type(value)) == value


def test_the_json_schemas_take_the_kinds_of_missing() -> None:
    """The shipped schemas accept a document with kinds, and refuse an unknown kind."""
    jsonschema = pytest.importorskip("jsonschema")
    r = EvaluationResponse({}, missing={"trust_1": Missing.DECLINED})
    schema = cp_json.schema(EvaluationResponse)
    document = cp_json.to_dict(r)
    jsonschema.validate(document, schema)
    document["missing"]["trust_1"] = "forgot"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    with pytest.raises(ValidationError, match=r"\$\.missing"):
        cp_json.from_dict(document, EvaluationResponse)


@given(st.one_of(responses_with_kinds, assessments_with_kinds()))
@settings(max_examples=60, deadline=None)
def test_fhir_keeps_the_kinds_of_missing(value: EvaluationResponse | ReadinessAssessment) -> None:
    """A reason travels as the data-absent-reason extension on an item without an answer."""
    if isinstance(value, EvaluationResponse):
        value = EvaluationResponse(
            value.answers, respondent=value.respondent, date=value.date, missing=value.missing
        )
    resource = fhir.to_resource(value)
    flagged = [
        item for group in resource.get("item", []) for item in group["item"] if "extension" in item
    ]
    assert len(flagged) == sum(k.fhir_code is not None for k in value.missing.values())
    for item in flagged:
        assert "answer" not in item
        (extension,) = item["extension"]
        assert extension["url"] == "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
        assert extension["valueCode"] in DATA_ABSENT_REASON
    assert fhir.from_resource(json.loads(json.dumps(resource))) == (value,)


def test_fhir_refuses_a_reason_it_cannot_read_and_a_reason_beside_an_answer() -> None:
    """An unknown data-absent-reason code, or one on an answered item, is a located problem."""
    r = EvaluationResponse(
        {"support_1": Frequency.SOMETIMES}, missing={"support_2": Missing.DECLINED}
    )
    resource = fhir.to_resource(r)
    masked = json.loads(json.dumps(resource))
    masked["item"][0]["item"][1]["extension"][0]["valueCode"] = "masked"
    with pytest.raises(ValidationError) as caught:
        fhir.from_resource(masked)
    assert caught.value.problems[0].location.endswith("item[0].item[1].extension[0]")
    both = json.loads(json.dumps(resource))
    both["item"][0]["item"][0]["extension"] = both["item"][0]["item"][1]["extension"]
    with pytest.raises(ValidationError, match="an item with an answer"):
        fhir.from_resource(both)


def _redcap_export(
    responses: list[EvaluationResponse], readiness: list[ReadinessAssessment]
) -> str:
    """A REDCap raw export of both forms, missing-data codes as REDCap writes them."""
    names = redcap.field_names()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["record_id", *names.values()])
    by_question = {q.id: (q.activity, q.dimension) for q in cp.READINESS_CHECKER.questions}
    for i, (r, a) in enumerate(zip(responses, readiness, strict=True)):
        cells = []
        for library_id in names:
            if library_id in r.answers:
                answer = r.answers[library_id]
                cells.append(
                    r.missing[library_id].redcap_code
                    if answer is None
                    else str(list(Frequency).index(answer))
                )
            else:
                cell = by_question[library_id]
                value = a.answers[cell]
                cells.append(a.missing[cell].redcap_code if value is None else value.value)
        writer.writerow([str(i + 1), *cells])
    return out.getvalue()


@given(st.lists(st.tuples(responses_with_kinds, assessments_with_kinds()), min_size=1, max_size=4))
@settings(max_examples=40, deadline=None)
def test_redcap_missing_data_codes_are_read_as_their_kinds(
    pairs: list[tuple[EvaluationResponse, ReadinessAssessment]],
) -> None:
    """NASK, DECL, ASKU and NA in an export are the kinds they name, in records and cohorts."""
    responses = [
        EvaluationResponse(r.answers, respondent=str(i + 1), missing=r.missing)
        for i, (r, _) in enumerate(pairs)
    ]
    readiness = [
        ReadinessAssessment(a.answers, setting=str(i + 1), missing=a.missing)
        for i, (_, a) in enumerate(pairs)
    ]
    text = _redcap_export(responses, readiness)
    # Without a <form>_complete column, every row is read, answered or not.
    assert list(redcap.read_records(io.StringIO(text)).rows) == responses
    assert list(redcap.read_records(io.StringIO(text), instrument="readiness").rows) == readiness
    cohort = redcap.read_cohort(io.StringIO(text))
    assert cohort == EvaluationCohort.from_responses(responses)


# --- the strict reader ------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["UNK", "NA", "nask", "N/A", "NASK;"])
def test_the_reader_refuses_codes_that_are_no_kind_and_names_the_kinds(cell: str) -> None:
    """An unknown code is refused at its row and column, the accepted codes listed."""
    head = "respondent," + ",".join(ITEM_IDS)
    row = "R-1," + ",".join([cell] + ["1"] * 22)
    for read in (
        lambda t: cp_csv.read_evaluations(io.StringIO(t)),
        lambda t: cp_csv.read_cohort(t.encode()),
    ):
        with pytest.raises(ValidationError) as caught:
            read(f"{head}\n{row}\n")
        (problem,) = caught.value.problems
        assert problem.location == "row 2, column 'support_1'"
        assert "'NASK', 'DECL', 'ASKU', 'NAPP'" in problem.message
    ready = "setting," + ",".join(q.id for q in cp.READINESS_CHECKER.questions)
    with pytest.raises(ValidationError, match="NAPP"):
        cp_csv.read_readiness(io.StringIO(f"{ready}\nS," + ",".join([cell] + ["yes"] * 20)))


def test_redcap_refuses_the_library_csv_code_for_not_applicable() -> None:
    """NAPP is the library's CSV code; in a REDCap export it is refused, REDCap's NA named."""
    head = "record_id," + ",".join(redcap.field_names().values())
    row = "1," + ",".join(["NAPP"] + ["2"] * 22 + ["yes"] * 21)
    with pytest.raises(ValidationError, match="REDCap's missing-data code for it is 'NA'"):
        redcap.read_records(io.StringIO(f"{head}\n{row}\n"))


@given(st.lists(st.sampled_from(CELLS), unique=True, max_size=5), pseudonyms)
def test_cohorts_from_assessments_keep_the_kinds(cells: list[object], setting: str | None) -> None:
    """A readiness cohort's codes are the kinds' codes, and come back as the kinds."""
    missing = dict.fromkeys(cells, Missing.NOT_APPLICABLE)
    a = ReadinessAssessment({}, setting=setting, missing=missing)  # type: ignore[arg-type]
    cohort = ReadinessCohort.from_assessments([a])
    assert (cohort.answers == -5).sum() == len(cells)
    assert cohort.to_assessments() == (a,)


@given(
    st.lists(responses_with_kinds, max_size=4),
    st.lists(assessments_with_kinds(), max_size=3),
    st.sampled_from(["wide", "long"]),
)
@settings(max_examples=40, deadline=None)
def test_dataframes_keep_the_kinds_of_missing(
    responses: list[EvaluationResponse], assessments: list[ReadinessAssessment], layout: str
) -> None:
    """A ``missing`` column carries the kinds (only when some is not "not answered")."""
    pytest.importorskip("pandas")
    from coproduction.io import frames

    rows = _same_ids(responses)
    frame = frames.responses_to_frame(rows, layout=layout)  # type: ignore[arg-type]
    named = any(k is not Missing.NOT_ANSWERED for r in rows for k in r.missing.values())
    assert ("missing" in frame.columns) == named
    assert frames.responses_from_frame(frame, layout=layout) == rows  # type: ignore[arg-type]
    cohort = EvaluationCohort.from_responses(rows)
    back = frames.cohort_from_frame(frames.cohort_to_frame(cohort, layout=layout), layout=layout)  # type: ignore[arg-type]
    assert back == cohort
    settings_ = [
        ReadinessAssessment(a.answers, setting=f"S-{i}", date=a.date, missing=a.missing)
        for i, a in enumerate(assessments)
    ]
    table = frames.assessments_to_frame(settings_, layout=layout)  # type: ignore[arg-type]
    assert frames.assessments_from_frame(table, layout=layout) == settings_  # type: ignore[arg-type]


def test_a_dataframe_kind_that_is_no_kind_is_refused_at_its_cell() -> None:
    """An unknown kind, or a kind for an answered item, is a located problem."""
    pytest.importorskip("pandas")
    from coproduction.io import frames

    r = EvaluationResponse(
        {"support_1": Frequency.SOMETIMES}, missing={"trust_1": Missing.DECLINED}
    )
    frame = frames.responses_to_frame([r])
    frame.at[0, "missing"] = {"trust_1": "forgot", "support_1": "declined"}  # type: ignore[assignment]
    with pytest.raises(ValidationError) as caught:
        frames.responses_from_frame(frame)
    assert [p.location for p in caught.value.problems] == [
        "row 0, column 'missing'['trust_1']",
        "row 0: missing['support_1']",
    ]


def test_summary_documents_keep_the_counts_by_kind_and_check_them() -> None:
    """A summary's counts by kind travel in JSON; counts that do not add up are refused."""
    cohort = EvaluationCohort.from_array([[2] * 20 + [-2, -3, -5], [-1] * 20 + [-2, 0, -4]])
    summary = cp.summarize(cohort, resamples=0)
    document = cp_json.to_dict(summary)
    assert document["items"][20]["missing"] == {
        "not_answered": 0,
        "not_asked": 2,
        "declined": 0,
        "did_not_know": 0,
        "not_applicable": 0,
    }
    assert cp_json.from_dict(document) == summary
    document["items"][20]["missing"]["declined"] = 1
    with pytest.raises(ValidationError, match=r"\$\.items\[20\]\.missing"):
        cp_json.from_dict(document)


def test_under_disclosure_control_only_the_protected_total_is_published() -> None:
    """Counts by kind are small numbers too: a protected summary leaves them out (empty)."""
    codes = [[2] * 20 + [-2, -3, -5]] * 12
    summary = cp.summarize(
        EvaluationCohort.from_array(codes), resamples=0, disclosure=cp.DisclosureControl()
    )
    assert all(not item.missing for item in summary.items)
    assert summary.items[20].unanswered == 10  # 12 rounded to the nearest 5
    plain = cp.summarize(EvaluationCohort.from_array(codes), resamples=0)
    assert plain.items[20].missing[Missing.NOT_ASKED] == 12


def test_the_command_line_lists_the_counts_by_kind_unless_protected(tmp_path: Path) -> None:
    """``summary --items --no-suppression`` adds a column per kind; suppression leaves them out."""
    from coproduction._cli import main

    head = "respondent," + ",".join(ITEM_IDS)
    rows = ["R-1," + ",".join(["2"] * 21 + ["NASK", "DECL"]), "R-2," + ",".join(["1"] * 22 + [""])]
    source = tmp_path / "answers.csv"
    source.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    for extra, shown in ((["--no-suppression"], True), ([], False)):
        out = tmp_path / "summary.csv"
        main(
            [
                "summary",
                str(source),
                "--items",
                "--resamples",
                "0",
                "--format",
                "csv",
                "--output",
                str(out),
                *extra,
            ]
        )
        table = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
        kinds = [k.value for k in Missing]
        assert (table[0][-len(kinds) :] == kinds) is shown
        if shown:
            power_with_5 = next(r for r in table if r[0] == "power_with_5")
            assert power_with_5[-len(kinds) - 1 :] == ["2", "1", "0", "1", "0", "0"]


@pytest.mark.parametrize(
    ("extension", "location"),
    [
        ({"url": FHIR_ABSENT, "valueCode": "asked-declined"}, "extension"),  # not a list
        (["x"], "extension[0]"),
        ([{"valueCode": "asked-declined"}], "extension[0]"),  # no url
        ([{"url": 5, "valueCode": "asked-declined"}], "extension[0]"),
        ([], "extension"),  # FHIR has no empty lists
    ],
)
def test_a_misshapen_data_absent_reason_is_refused_not_read_as_not_answered(
    extension: object, location: str
) -> None:
    """A reason in a shape FHIR does not allow is located, never dropped silently."""
    response = cp.EvaluationResponse.from_labels(
        {"support_1": 1}, missing={"support_2": cp.Missing.DECLINED}
    )
    resource = cp.io.fhir.to_resource(response)
    item = next(i for i in resource["item"][0]["item"] if i["linkId"] == "support_2")
    item["extension"] = extension
    with pytest.raises(cp.ValidationError) as info:
        cp.io.fhir.from_resource(resource)
    assert [f"QuestionnaireResponse.item[0].item[1].{location}"] == [
        p.location for p in info.value.problems
    ]


def test_an_empty_answer_list_and_a_reason_on_a_group_are_refused() -> None:
    """``answer: []`` is not FHIR; a group cannot be absent for a reason."""
    resource = cp.io.fhir.to_resource(cp.EvaluationResponse.from_labels({"support_1": 1}))
    resource["item"][0]["item"][0]["answer"] = []
    resource["item"][0]["extension"] = [{"url": FHIR_ABSENT, "valueCode": "not-asked"}]
    with pytest.raises(cp.ValidationError) as info:
        cp.io.fhir.from_resource(resource)
    assert {
        "QuestionnaireResponse.item[0].item[0].answer",
        "QuestionnaireResponse.item[0].extension",
    } == {p.location for p in info.value.problems}
