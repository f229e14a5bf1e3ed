"""Fuzz the CSV and REDCap readers: files made by the writers, then edited cell by cell."""

from __future__ import annotations

import csv
import io
from typing import Literal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from fuzz.budget import fuzz_settings
from fuzz.contract import read_or_refuse
from fuzz.mutations import TOKENS
from strategies import evaluation_responses, readiness_assessments

Layout = Literal["wide", "long"]
layouts: st.SearchStrategy[Layout] = st.sampled_from(["wide", "long"])
#: What a hand-edited cell may hold.
cells = st.one_of(
    st.sampled_from(
        [
            *TOKENS,
            "0",
            "1",
            "2",
            "3",
            "-1",
            "1.0",
            "Sometimes",
            " 2 ",
            "\t",
            "\x0b",
            '"',
            "a,b",
            "x\ny",
            "x\r\ny",
            "2024-W01-1",
            "=1+1",
            "'=1",
            "group",
            "individual",
        ]
    ),
    st.text(max_size=6),
)
ENDINGS = ["\n", "\r\n", "\r"]


@st.composite
def edited(draw: st.DrawFn, text: str) -> bytes:
    """A CSV file's text with cells, rows or the header changed, as bytes (maybe not UTF-8)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.sampled_from(["cell", "cell", "cell", "add", "drop", "row", "width"]))
        r = draw(st.integers(0, len(rows) - 1))
        row = rows[r]
        if operation == "cell" and row:
            row[draw(st.integers(0, len(row) - 1))] = draw(cells)
        elif operation == "add":
            for each in rows:
                each.append(draw(cells))
        elif operation == "drop" and row:
            column = draw(st.integers(0, len(row) - 1))
            for each in rows:
                del each[column : column + 1]
        elif operation == "row":
            rows.insert(draw(st.integers(1, len(rows))), list(row))
        elif operation == "width":
            row.append(draw(cells))
    return draw(as_bytes(rows))


@st.composite
def as_bytes(draw: st.DrawFn, rows: list[list[str]]) -> bytes:
    """Rows as CSV bytes, with any line end, now and then a BOM or a byte not UTF-8."""
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(ENDINGS))).writerows(rows)
    data = out.getvalue().encode("utf-8", "surrogatepass")  # a lone surrogate: bad bytes
    if draw(st.integers(0, 10)) == 0:  # a byte that is not UTF-8, somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
    if draw(st.integers(0, 10)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


def _csv_round_trips(responses: tuple[cp.EvaluationResponse, ...], layout: Layout) -> None:
    """What was read is written and read back equal (ids the writer neutralises aside)."""
    for response in responses:
        assert cp.io.json.from_json(cp.io.json.to_json(response)) == response
    if any(r.respondent and r.respondent[0] in "=+-@\t\r\n" for r in responses):
        return  # the documented exception: written with a leading "'", read back with it
    if len({r.respondent is None for r in responses}) > 1:
        return  # the writer writes every row's id or none
    out = io.StringIO()
    cp.io.csv.write_evaluations(responses, out, layout=layout)
    again = cp.io.csv.read_evaluations(io.StringIO(out.getvalue(), newline=""), layout=layout)
    assert again.rows == responses


@fuzz_settings
@given(st.data(), layouts)
def test_evaluation_csv_reads_or_refuses_any_edited_file(
    data: st.DataObject, layout: Layout
) -> None:
    """An edited CSV is read into responses that round-trip, or refused with locations."""
    drawn = data.draw(st.lists(evaluation_responses(), min_size=1, max_size=3))
    responses = [attrs.evolve(r, respondent=f"R-{n}") for n, r in enumerate(drawn)]
    out = io.StringIO()
    cp.io.csv.write_evaluations(responses, out, layout=layout)
    raw = data.draw(edited(out.getvalue()))
    table = read_or_refuse(lambda: cp.io.csv.read_evaluations(raw, layout=layout))
    if table is not None:
        _csv_round_trips(table.rows, layout)
    if layout == "wide":
        cohort = read_or_refuse(lambda: cp.io.csv.read_cohort(raw))
        if cohort is not None:
            assert cp.EvaluationCohort.from_responses(cohort.to_responses()).answers.tolist() == (
                cohort.answers.tolist()
            )


@fuzz_settings
@given(st.data(), layouts)
def test_readiness_csv_reads_or_refuses_any_edited_file(
    data: st.DataObject, layout: Layout
) -> None:
    """The same contract for the Readiness Checker's CSV files."""
    drawn = data.draw(st.lists(readiness_assessments(), min_size=1, max_size=3))
    assessments = [attrs.evolve(a, setting=f"ward-{n}") for n, a in enumerate(drawn)]
    out = io.StringIO()
    cp.io.csv.write_readiness(assessments, out, layout=layout)
    raw = data.draw(edited(out.getvalue()))
    table = read_or_refuse(lambda: cp.io.csv.read_readiness(raw, layout=layout))
    for assessment in table.rows if table is not None else ():
        assert cp.io.json.from_json(cp.io.json.to_json(assessment)) == assessment


def _export(responses: list[cp.EvaluationResponse], events: list[str]) -> str:
    names = cp.io.redcap.field_names()
    fields = [names[i] for i in cp.COPRODUCTION_EVALUATION.item_ids]
    head = ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*head, *fields, "rrn_coproduction_evaluation_complete"])
    codes = {
        cp.Frequency.NOT_AT_ALL: "0",
        cp.Frequency.SOMETIMES: "1",
        cp.Frequency.ALL_THE_TIME: "2",
    }
    for n, (response, event) in enumerate(zip(responses, events, strict=True), start=1):
        answers = [codes[a] if a else "" for a in response.answers.values()]
        writer.writerow([str(n), event, "", "", *answers, "2"])
    return out.getvalue()


@fuzz_settings
@given(st.data())
def test_redcap_exports_read_or_refuse(data: st.DataObject) -> None:
    """An edited REDCap export is read (into responses and a cohort) or refused."""
    responses = data.draw(st.lists(evaluation_responses(), min_size=1, max_size=3))
    events = [data.draw(st.sampled_from(["baseline_arm_1", "followup_arm_1"])) for _ in responses]
    raw = data.draw(edited(_export(responses, events)))
    table = read_or_refuse(lambda: cp.io.redcap.read_records(raw))
    for response in table.rows if table is not None else ():
        assert cp.io.json.from_json(cp.io.json.to_json(response)) == response
    cohort = read_or_refuse(lambda: cp.io.redcap.read_cohort(raw))
    assert (cohort is None) == (table is None)
