"""REDCap: the data dictionary, and records exports read back with events as groups."""

from __future__ import annotations

import csv
import io
import re

import pytest

import coproduction as cp

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids


def _dictionary(instrument: str) -> list[dict[str, str]]:
    out = io.StringIO()
    cp.io.redcap.write_data_dictionary(instrument, out)  # type: ignore[arg-type]
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_the_dictionary_has_the_18_standard_columns_and_every_item_verbatim() -> None:
    """Both forms, record_id first, every item and question verbatim as a radio field."""
    rows = _dictionary("both")
    assert 18 == len(cp.io.redcap.COLUMNS) == len(rows[0])
    assert "record_id" == rows[0]["Variable / Field Name"]
    labels = {
        r["Field Annotation"].removeprefix("coproduction:"): r["Field Label"] for r in rows[1:]
    }
    expected = {i.id: i.text for i in cp.COPRODUCTION_EVALUATION.items}
    expected |= {q.id: q.text for q in cp.READINESS_CHECKER.questions}
    assert expected == labels
    assert {"radio"} == {r["Field Type"] for r in rows[1:]}


def test_evaluation_choices_are_the_documented_codes() -> None:
    """Evaluation fields offer 0, Not at all | 1, Sometimes | 2, All the time."""
    rows = _dictionary("evaluation")[1:]
    assert {"0, Not at all | 1, Sometimes | 2, All the time"} == {
        r["Choices, Calculations, OR Slider Labels"] for r in rows
    }
    assert {"rrn_coproduction_evaluation"} == {r["Form Name"] for r in rows}


def test_field_names_follow_redcap_rules_and_are_unique() -> None:
    """Field names: lowercase letters, digits, underscores; a letter first; at most 26."""
    names = list(cp.io.redcap.field_names().values())
    assert len(set(names)) == len(names) == 23 + 21
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,25}", n) for n in names)


def _export(*rows: str) -> io.StringIO:
    head = "record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,"
    head += "other_form_field," + ",".join(ITEMS) + ",rrn_coproduction_evaluation_complete"
    return io.StringIO("\n".join([head, *rows]) + "\n")


def _cells(first: str = "1", rest: str = "2") -> str:
    return ",".join([first, *[rest] * 22])


def test_a_records_export_reads_with_events_and_instances_as_groups() -> None:
    """Rows of the evaluation become responses; other forms' rows and columns are left out."""
    table = cp.io.redcap.read_records(
        _export(
            f"17,baseline_arm_1,,,x,{_cells()},2",
            f"17,baseline_arm_1,other_form,1,y,{_cells('', '')},",
            f"17,followup_arm_1,rrn_coproduction_evaluation,2,,{_cells('0')},2",
        )
    )
    assert ["17/baseline_arm_1", "17/followup_arm_1/2"] == [r.respondent for r in table.rows]
    assert ("baseline_arm_1", "followup_arm_1") == table.groups["redcap_event_name"]
    assert ("not repeated", "2") == table.groups["redcap_repeat_instance"]
    assert cp.Frequency.NOT_AT_ALL == table.rows[1].answers["support_1"]
    cohort = cp.EvaluationCohort.from_responses(table.rows, groups=table.groups)
    summary = cp.summarize(cohort, by="redcap_event_name", resamples=0)
    assert 1 == summary.measure(None, ("followup_arm_1",)).n


def test_an_export_without_repeats_has_no_instance_group() -> None:
    """When no row is a repeat instance, the instance column is not a grouping column."""
    table = cp.io.redcap.read_records(_export(f"1,baseline_arm_1,,,x,{_cells()},2"))
    assert ["redcap_event_name"] == list(table.groups)


def test_bad_cells_in_an_export_are_reported_at_the_exports_row_and_field() -> None:
    """A bad cell is located at the export's own row number, skipping nothing silently."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(
            _export(
                f"1,e,other_form,1,y,{_cells('', '')},",
                f"1,e,,,x,{_cells('5')},2",
            )
        )
    assert ["row 3, column 'support_1'"] == [p.location for p in info.value.problems]


def test_an_export_without_the_evaluation_fields_is_refused() -> None:
    """An export missing record_id or fields names what is missing."""
    with pytest.raises(cp.ValidationError, match="missing columns: record_id"):
        cp.io.redcap.read_records(io.StringIO("id,support_1\n1,2\n"))


def test_a_records_export_reads_straight_into_a_cohort_like_the_table() -> None:
    """read_redcap_cohort gives the cohort of read_redcap_records' rows, ids and groups."""
    rows = (
        f"17,baseline_arm_1,,,x,{_cells()},2",
        f"17,baseline_arm_1,other_form,1,y,{_cells('', '')},",
        f"17,followup_arm_1,rrn_coproduction_evaluation,2,,{_cells('0', '')},2",
        f"18,followup_arm_1,rrn_coproduction_evaluation,1,,{_cells('Sometimes')},1",
    )
    cohort = cp.io.redcap.read_cohort(_export(*rows))
    table = cp.io.redcap.read_records(_export(*rows))
    assert cp.EvaluationCohort.from_responses(table.rows, groups=table.groups) == cohort
    assert ("17/baseline_arm_1", "17/followup_arm_1/2", "18/followup_arm_1/1") == (
        cohort.respondents
    )
    assert {
        "redcap_event_name": ("baseline_arm_1", "followup_arm_1", "followup_arm_1"),
        "redcap_repeat_instance": ("not repeated", "2", "1"),
    } == dict(cohort.groups)
    assert [[1] + [2] * 22, [0] + [-1] * 22, [1] + [2] * 22] == cohort.answers.tolist()


def test_a_cohort_keeps_the_extra_grouping_columns_asked_for() -> None:
    """group_columns adds export columns (here another form's field) after the events."""
    cohort = cp.io.redcap.read_cohort(
        _export(f"1,e,,,Oak,{_cells()},2", f"2,e,,,Elm,{_cells()},2"),
        group_columns=["other_form_field"],
    )
    assert ["redcap_event_name", "other_form_field"] == list(cohort.groups)
    assert ("Oak", "Elm") == cohort.groups["other_form_field"]


def test_a_bad_export_gives_no_cohort_and_every_problem_at_its_row() -> None:
    """Reading into a cohort is as strict as the table: each bad cell by row and field."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_cohort(
            _export(f"1,e,,,x,{_cells('5')},2", f"2,e,,,x,{_cells('1', '9')},2")
        )
    assert ["row 2, column 'support_1'"] + [f"row 3, column {i!r}" for i in ITEMS[1:]] == [
        p.location for p in info.value.problems
    ]


def test_asking_for_the_event_column_as_a_group_keeps_it_once() -> None:
    """group_columns may name redcap_event_name, which is a grouping column anyway."""
    table = cp.io.redcap.read_records(
        _export(f"1,e,,,x,{_cells()},2"), group_columns=["redcap_event_name", "other_form_field"]
    )
    assert {"redcap_event_name": ("e",), "other_form_field": ("x",)} == dict(table.groups)


RC_FIELDS = [cp.io.redcap.field_names()[q.id] for q in cp.READINESS_CHECKER.questions]


def _both_forms(*rows: str) -> io.StringIO:
    """An export of a project built from write_data_dictionary("both")."""
    head = ["record_id", "redcap_event_name", *ITEMS, "rrn_coproduction_evaluation_complete"]
    head += [*RC_FIELDS, "rrn_readiness_checker_complete"]
    return io.StringIO("\n".join([",".join(head), *rows]) + "\n")


def _rc(first: str = "yes", rest: str = "no") -> str:
    return ",".join([first, *[rest] * 20])


def test_the_readiness_form_of_an_export_reads_as_assessments_with_events() -> None:
    """instrument="readiness" reads rrn_readiness_checker's fields by their REDCap names."""
    table = cp.io.redcap.read_records(
        _both_forms(
            f"ward-oak,baseline_arm_1,{_cells('', '')},,{_rc()},2",
            f"ward-oak,followup_arm_1,{_cells('', '')},,{_rc('partly', '')},0",
        ),
        instrument="readiness",
    )
    assert ("ward-oak/baseline_arm_1", "ward-oak/followup_arm_1") == tuple(
        a.setting for a in table.rows
    )
    assert ("baseline_arm_1", "followup_arm_1") == table.groups["redcap_event_name"]
    first = cp.READINESS_CHECKER.questions[0]
    assert [cp.ReadinessAnswer.YES, cp.ReadinessAnswer.PARTLY] == [
        a.answers[first.activity, first.dimension] for a in table.rows
    ]
    assert 20 == sum(v is None for v in table.rows[1].answers.values())


def test_rows_where_a_form_was_never_entered_are_not_that_forms_rows() -> None:
    """A blank <form>_complete with every field blank: the row belongs to the other form."""
    export = (
        f"1,baseline_arm_1,{_cells()},2,{_rc('', '')},",  # a respondent
        f"ward-oak,baseline_arm_1,{_cells('', '')},,{_rc()},2",  # a setting
    )
    responses = cp.io.redcap.read_cohort(_both_forms(*export))
    settings = cp.io.redcap.read_cohort(_both_forms(*export), instrument="readiness")
    assert (("1/baseline_arm_1",), ("ward-oak/baseline_arm_1",)) == (
        responses.respondents,
        settings.settings,
    )
    assert {"redcap_event_name": ("baseline_arm_1",)} == dict(settings.groups)


def test_a_row_with_answers_is_read_whatever_its_complete_status() -> None:
    """Answers are never left out: a blank <form>_complete only counts when no field is filled."""
    table = cp.io.redcap.read_records(
        _both_forms(
            f"1,e,{_cells('1', '')},,{_rc('', '')},", f"2,e,{_cells('', '')},0,{_rc('', '')},"
        )
    )
    assert ["1/e", "2/e"] == [r.respondent for r in table.rows]


def test_a_bad_readiness_cell_is_located_at_the_exports_row_and_field() -> None:
    """Problems in the readiness form name the REDCap field, not the library id."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(
            _both_forms(f"ward-oak,e,{_cells('', '')},,{_rc('maybe')},2"), instrument="readiness"
        )
    assert [f"row 2, column {RC_FIELDS[0]!r}"] == [p.location for p in info.value.problems]


def test_a_row_of_control_characters_is_not_a_form_never_entered() -> None:
    """Cells holding only a vertical tab are not blank: refused at their field, not skipped."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(_export("1,e,,,x," + _cells("\x0b", "\x0b") + ","))
    assert [f"row 2, column {i!r}" for i in ITEMS] == [p.location for p in info.value.problems]
    assert "control character" in info.value.problems[0].message


def test_bytes_of_an_export_that_are_not_utf8_are_located() -> None:
    """A Latin-1 byte in an export is refused at its row and REDCap field."""
    text = _export(f"1,e,,,caf\xe9,{_cells()},2").getvalue()
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(io.BytesIO(text.encode("latin-1")))
    assert ["row 2, column 'other_form_field'"] == [p.location for p in info.value.problems]


@pytest.mark.parametrize("written", ["RRN_Coproduction_Evaluation", "rrn_coproduction_evaluation "])
def test_a_repeating_form_name_that_differs_by_case_or_space_is_refused_not_skipped(
    written: str,
) -> None:
    """Such a row was left out with all 23 answers, as if it were another form's."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(
            _export(f"1,e,,,x,{_cells()},2", f"1,e,{written},2,,{_cells('0')},2")
        )
    assert ["row 3, column 'redcap_repeat_instrument'"] == [p.location for p in info.value.problems]


def test_a_field_column_named_twice_is_refused() -> None:
    """The first copy was read and the second ignored; neither is guessed now."""
    head = "record_id," + ",".join(ITEMS) + ",support_1"
    export = io.StringIO(f"{head}\n1,{_cells()},0\n")
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(export)
    assert ["row 1, column 'support_1'"] == [p.location for p in info.value.problems]


def test_an_empty_record_id_is_refused() -> None:
    """It became the id '/baseline_arm_1' before."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.redcap.read_records(_export(f",baseline_arm_1,,,x,{_cells()},2"))
    assert ["row 2, column 'record_id'"] == [p.location for p in info.value.problems]
