"""REDCap records written with their kinds of missing, read back unchanged; REDCap's codes named."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction._missing import Missing
from coproduction.io import redcap

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
CELLS = cp.READINESS_CHECKER.cells
KINDS = list(Missing)


@st.composite
def responses(draw: st.DrawFn, respondent: str) -> cp.EvaluationResponse:
    """A response whose absent answers have any kind of missing."""
    answers = {i: draw(st.none() | st.sampled_from(cp.Frequency)) for i in ITEMS}
    missing = {i: draw(st.sampled_from(KINDS)) for i, a in answers.items() if a is None}
    return cp.EvaluationResponse(answers, respondent=respondent, missing=missing)


@st.composite
def assessments(draw: st.DrawFn, setting: str) -> cp.ReadinessAssessment:
    """An assessment whose absent answers have any kind of missing."""
    answers = {c: draw(st.none() | st.sampled_from(cp.ReadinessAnswer)) for c in CELLS}
    missing = {c: draw(st.sampled_from(KINDS)) for c, a in answers.items() if a is None}
    return cp.ReadinessAssessment(answers, setting=setting, missing=missing)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(*(responses(f"r{k}") for k in range(n)))))
def test_responses_round_trip_with_every_kind_of_missing(
    rows: tuple[cp.EvaluationResponse, ...],
) -> None:
    """write_records then read_records gives the same responses, kinds of missing included."""
    out = io.StringIO(newline="")
    redcap.write_records(rows, out)
    back = redcap.read_records(io.StringIO(out.getvalue(), newline=""))
    assert list(rows) == list(back.rows)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*(assessments(f"w{k}") for k in range(n)))))
def test_assessments_round_trip_with_every_kind_of_missing(
    rows: tuple[cp.ReadinessAssessment, ...],
) -> None:
    """The readiness form, the same way."""
    out = io.StringIO(newline="")
    redcap.write_records(rows, out, instrument="readiness")
    back = redcap.read_records(io.StringIO(out.getvalue(), newline=""), instrument="readiness")
    assert list(rows) == list(back.rows)


def test_each_kind_is_written_as_redcaps_code_never_a_number() -> None:
    """NASK, DECL, ASKU, NA (REDCap's, not the library's CSV NAPP); no reason: empty."""
    kinds = {ITEMS[k]: kind for k, kind in enumerate(KINDS)}
    r = cp.EvaluationResponse({}, respondent="17", missing=kinds)
    out = io.StringIO(newline="")
    redcap.write_records([r], out)
    header, row = (line.split(",") for line in out.getvalue().splitlines())
    assert ["record_id", *(redcap.field_names()[i] for i in ITEMS)] == header
    cells = dict(zip(header, row, strict=True))
    assert [cells[i] for i in kinds] == ["", "NASK", "DECL", "ASKU", "NA"]
    assert all(cells[i] == "" for i in ITEMS[len(KINDS) :])
    assert out.getvalue().endswith("\r\n")


def test_readiness_fields_are_the_dictionarys_names_and_answers_its_codes() -> None:
    """rc_... field names, answers yes/partly/no, as write_data_dictionary builds the form."""
    a = cp.ReadinessAssessment.from_labels(
        {"listened_to_obligation": "partly"},
        setting="ward-a",
        missing={(cp.Activity.INFORMED, cp.Dimension.READINESS): Missing.NOT_APPLICABLE},
    )
    out = io.StringIO(newline="")
    redcap.write_records([a], out, instrument="readiness")
    header, row = (line.split(",") for line in out.getvalue().splitlines())
    names = redcap.field_names()
    assert ["record_id", *(names[q.id] for q in cp.READINESS_CHECKER.questions)] == header
    cells = dict(zip(header, row, strict=True))
    assert (cells["record_id"], cells["rc_listened_obl"], cells["rc_informed_rdy"]) == (
        "ward-a",
        "partly",
        "NA",
    )


def test_values_redcap_cannot_hold_are_refused_each_located() -> None:
    """No id, a repeated id, context the form has no field for, another type: all listed."""
    rows: list[object] = [
        cp.EvaluationResponse({}),
        cp.EvaluationResponse({}, respondent="a"),
        cp.EvaluationResponse({}, respondent="a"),
        cp.EvaluationResponse({}, respondent="b", level=cp.Level.GROUP),
        cp.ReadinessAssessment({}),
    ]
    with pytest.raises(cp.ValidationError) as info:
        redcap.write_records(rows, io.StringIO())  # type: ignore[arg-type]
    found = {p.location: p.message for p in info.value.problems}
    assert set(found) == {f"values[{k}]" for k in (0, 2, 3, 4)}
    assert "record id" in found["values[0]"]
    assert "overwrite" in found["values[2]"]
    assert "level" in found["values[3]"]
    assert "EvaluationResponse" in found["values[4]"]
    with pytest.raises(cp.ValidationError, match="instrument"):
        redcap.write_records([], io.StringIO(), instrument="both")  # type: ignore[arg-type]


def test_writing_to_a_path_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    """A refused write leaves the old file as it was; a good one replaces it, mode kept."""
    target = tmp_path / "records.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with pytest.raises(cp.ValidationError):
        redcap.write_records([cp.EvaluationResponse({})], target)
    assert "old\n" == target.read_text(encoding="utf-8")
    r = cp.EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="17")
    redcap.write_records([r], target)
    assert 0o640 == stat.S_IMODE(target.stat().st_mode)
    assert [r] == list(redcap.read_records(target).rows)
    assert [target] == list(tmp_path.iterdir())


def test_a_bad_cell_lists_redcaps_own_missing_data_codes() -> None:
    """UNK: the message lists NASK, DECL, ASKU, NA (REDCap's), never the CSV's NAPP."""
    head = "record_id," + ",".join(redcap.field_names().values())
    row = "17,UNK," + ",".join(["2"] * 22 + ["yes"] * 20 + ["UNK"])
    for instrument in ("evaluation", "readiness"):
        with pytest.raises(cp.ValidationError) as info:
            redcap.read_records(io.StringIO(f"{head}\n{row}\n"), instrument=instrument)
        (problem,) = info.value.problems
        assert problem.message.endswith(
            "; or a REDCap missing-data code: 'NASK', 'DECL', 'ASKU', 'NA'"
        ), problem.message
        assert "NAPP" not in problem.message
