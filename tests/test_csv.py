"""CSV files: round trips, a table of bad files, the fast reader, spreadsheet-safe writing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction import _reader
from strategies import evaluation_responses, readiness_assessments

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
QUESTIONS = [q.id for q in cp.READINESS_CHECKER.questions]


def _with_ids(rows: list[cp.EvaluationResponse]) -> list[cp.EvaluationResponse]:
    return [attrs.evolve(r, respondent=f"R-{i:04d}") for i, r in enumerate(rows)]


def _with_settings(rows: list[cp.ReadinessAssessment]) -> list[cp.ReadinessAssessment]:
    return [attrs.evolve(r, setting=f"ward-{i}") for i, r in enumerate(rows)]


@given(
    st.lists(evaluation_responses(), max_size=4),
    st.sampled_from(["wide", "long"]),
    st.sampled_from(["codes", "labels"]),
)
def test_written_evaluation_csv_reads_back_as_the_same_responses(
    responses: list[cp.EvaluationResponse],
    layout: Literal["wide", "long"],
    answers: Literal["codes", "labels"],
) -> None:
    """Responses written as CSV, wide or long, codes or labels, read back unchanged."""
    responses = _with_ids(responses)
    wards = [f"ward-{i % 2}" for i in range(len(responses))]
    out = io.StringIO()
    cp.io.csv.write_evaluations(
        responses, out, layout=layout, answers=answers, groups={"ward": wards}
    )
    table = cp.io.csv.read_evaluations(
        io.StringIO(out.getvalue()), layout=layout, group_columns=["ward"]
    )
    assert tuple(responses) == table.rows
    assert {"ward": tuple(wards)} == table.groups
    assert () == table.rejected


@given(st.lists(readiness_assessments(), max_size=4), st.sampled_from(["wide", "long"]))
def test_written_readiness_csv_reads_back_as_the_same_assessments(
    assessments: list[cp.ReadinessAssessment], layout: Literal["wide", "long"]
) -> None:
    """Assessments written as CSV, wide or long, read back unchanged."""
    assessments = _with_settings(assessments)
    out = io.StringIO()
    cp.io.csv.write_readiness(assessments, out, layout=layout)
    assert (
        tuple(assessments)
        == cp.io.csv.read_readiness(io.StringIO(out.getvalue()), layout=layout).rows
    )


def test_a_wide_file_without_ids_round_trips_and_a_path_works(tmp_path: Path) -> None:
    """Responses without ids are written without the id column, to a path, and read back."""
    responses = [cp.EvaluationResponse.from_labels({"support_1": "Sometimes"})]
    path = tmp_path / "answers.csv"
    cp.io.csv.write_evaluations(responses, path)
    assert tuple(responses) == cp.io.csv.read_evaluations(path).rows
    assert path.read_text(encoding="utf-8").startswith("support_1,")


def _wide(*rows: str, header: str | None = None) -> str:
    head = header if header is not None else "respondent," + ",".join(ITEMS)
    return "\n".join([head, *rows]) + "\n"


def _row(rid: str, first: str = "1", rest: str = "2") -> str:
    return ",".join([rid, first, *([rest] * (len(ITEMS) - 1))])


BAD_WIDE: list[tuple[str, str, str, str]] = [
    (
        "unknown column",
        _wide(header="respondent,colour," + ",".join(ITEMS)),
        "row 1, column 2",
        "unknown column 'colour'",
    ),
    (
        "duplicate column",
        _wide(header="respondent,support_1," + ",".join(ITEMS)),
        "row 1, column 3",
        "duplicate column 'support_1'",
    ),
    (
        "missing column",
        _wide(header="respondent," + ",".join(ITEMS[:-1])),
        "row 1",
        "missing columns: power_with_5",
    ),
    ("code 3", _wide(_row("R-1", "3")), "row 2, column 'support_1'", "cannot read str '3'"),
    ("code -1", _wide(_row("R-1", "-1")), "row 2, column 'support_1'", "cannot read str '-1'"),
    ("code 1.0", _wide(_row("R-1", "1.0")), "row 2, column 'support_1'", "cannot read str '1.0'"),
    ("a readiness word", _wide(_row("R-1", "yes")), "row 2, column 'support_1'", "cannot read"),
    ("a typo", _wide(_row("R-1", "Somtimes")), "row 2, column 'support_1'", "cannot read"),
    ("ragged row", _wide("R-1,1,2"), "row 2", "expected 24 cells"),
    ("empty id", _wide(_row("")), "row 2, column 'respondent'", "empty id"),
    (
        "duplicate id",
        _wide(_row("R-1"), _row("R-1")),
        "row 3, column 'respondent'",
        "also on row 2",
    ),
    (
        "bad date",
        _wide("R-1,2024-02-30," + ",".join("1" * 23), header="respondent,date," + ",".join(ITEMS)),
        "row 2, column 'date'",
        "YYYY-MM-DD",
    ),
    (
        "bad level",
        _wide("R-1,ward," + ",".join("1" * 23), header="respondent,level," + ",".join(ITEMS)),
        "row 2, column 'level'",
        "individual, group, systemic",
    ),
    (
        "bad activity",
        _wide(
            "R-1,shared;top," + ",".join("1" * 23),
            header="respondent,activities," + ",".join(ITEMS),
        ),
        "row 2, column 'activities'",
        "got 'top'",
    ),
]


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [pytest.param(t, loc, m, id=name) for name, t, loc, m in BAD_WIDE],
)
@pytest.mark.parametrize("reader", ["objects", "fast", "fast-quoted"])
def test_a_table_of_bad_wide_files_is_refused_by_row_and_column(
    text: str, location: str, message: str, reader: str
) -> None:
    """Each bad file is refused with its one problem located; every reader agrees."""
    # A quoted first cell sends the fast reader through the csv module.
    quoted = text.replace("\nR-1,", '\n"R-1",') if reader == "fast-quoted" else text
    readers: dict[str, Callable[[], object]] = {
        "objects": lambda: cp.io.csv.read_evaluations(io.StringIO(text)),
        "fast": lambda: cp.io.csv.read_cohort(text.encode()),
        "fast-quoted": lambda: cp.io.csv.read_cohort(quoted.encode()),
    }
    with pytest.raises(cp.ValidationError) as info:
        readers[reader]()
    assert [location] == [p.location for p in info.value.problems]
    assert message in info.value.problems[0].message


BAD_LONG: list[tuple[str, str, str, str]] = [
    (
        "unknown item",
        "respondent,item,answer\nR-1,trust_9,1\n",
        "row 2, column 'item'",
        "unknown id 'trust_9'",
    ),
    (
        "answered twice",
        "respondent,item,answer\nR-1,trust_1,1\nR-1,trust_1,2\n",
        "row 3, column 'item'",
        "answered twice",
    ),
    (
        "group changes",
        "respondent,ward,item,answer\nR-1,a,trust_1,1\nR-1,b,trust_2,2\n",
        "row 3, column 'ward'",
        "differs from 'R-1'",
    ),
    (
        "bad answer",
        "respondent,item,answer\nR-1,trust_1,often\n",
        "row 2, column 'answer'",
        "cannot read",
    ),
    ("missing answer column", "respondent,item\nR-1,trust_1\n", "row 1", "missing columns: answer"),
]


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [pytest.param(t, loc, m, id=name) for name, t, loc, m in BAD_LONG],
)
def test_a_table_of_bad_long_files_is_refused_by_row_and_column(
    text: str, location: str, message: str
) -> None:
    """Each bad long file is refused with its problem located by row and column."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.read_evaluations(
            io.StringIO(text), layout="long", group_columns=["ward"] if "ward" in text else ()
        )
    assert [location] == [p.location for p in info.value.problems]
    assert message in info.value.problems[0].message


def test_every_bad_cell_is_listed_and_nothing_is_loaded() -> None:
    """Two bad cells on two rows give two problems; no responses come back."""
    text = _wide(_row("R-1", "x"), _row("R-2"), _row("R-3", "1", "9"))
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.read_evaluations(io.StringIO(text))
    assert 1 + 22 == len(info.value.problems)
    assert "row 2, column 'support_1'" == info.value.problems[0].location
    assert "row 4, column 'support_2'" == info.value.problems[1].location


def test_keep_good_rows_returns_the_good_rows_and_the_rejected_with_reasons() -> None:
    """With keep_good_rows, good rows load and each bad row comes back with its reasons."""
    text = _wide(_row("R-1", "x"), _row("R-2"))
    table = cp.io.csv.read_evaluations(io.StringIO(text), keep_good_rows=True)
    assert ["R-2"] == [r.respondent for r in table.rows]
    assert [(2,)] == [r.rows for r in table.rejected]
    assert "row 2, column 'support_1'" == table.rejected[0].problems[0].location


def test_a_file_that_is_not_utf8_is_refused() -> None:
    """Bytes that are not UTF-8 are refused with their position, not guessed."""
    with pytest.raises(cp.ValidationError, match="not UTF-8"):
        cp.io.csv.read_cohort(_wide(_row("R-\xe9")).encode("latin-1"))


def test_problem_lists_stop_after_a_thousand_with_a_count() -> None:
    """A file with thousands of bad cells lists 1,000 and counts the rest."""
    text = _wide(*(_row(f"R-{i}", "x", "x") for i in range(50)))
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.read_cohort(text.encode())
    assert _reader.MAX_PROBLEMS + 1 == len(info.value.problems)
    assert "and 150 more problems not listed" in info.value.problems[-1].message


@given(st.lists(evaluation_responses(), max_size=6), st.sampled_from(["codes", "labels"]))
def test_the_cohort_reader_gives_the_codes_the_object_reader_gives(
    responses: list[cp.EvaluationResponse], answers: Literal["codes", "labels"]
) -> None:
    """The cohort reader's int8 array holds, row by row, the answers of the responses read."""
    responses = _with_ids(responses)
    out = io.StringIO()
    cp.io.csv.write_evaluations(
        responses, out, answers=answers, groups={"ward": ["a"] * len(responses)}
    )
    cohort = cp.io.csv.read_cohort(out.getvalue().encode(), group_columns=["ward"])
    codes, ids, groups = cohort.answers, cohort.respondents, dict(cohort.groups)
    order = list(cp.Frequency)
    expected = [
        [-1 if r.answers[i] is None else order.index(r.answers[i]) for i in ITEMS]  # type: ignore[arg-type]
        for r in responses
    ]
    assert np.int8 == codes.dtype
    assert (len(responses), 23) == codes.shape
    assert expected == codes.tolist()
    assert tuple(r.respondent for r in responses) == ids
    assert {"ward": ("a",) * len(responses)} == groups
    assert not codes.flags.writeable


def test_the_cohort_reader_handles_crlf_a_bom_and_labels_in_any_case() -> None:
    """Windows line ends, a byte-order mark and labels in any case read as codes."""
    text = _wide(_row("R-1", "all the TIME", "Not_at_all"), _row("R-2", "", "1"))
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    cohort = cp.io.csv.read_cohort(data)
    assert [[2] + [0] * 22, [-1] + [1] * 22] == cohort.answers.tolist()
    assert ("R-1", "R-2") == cohort.respondents


#: The characters a spreadsheet runs at the start of a cell, but a tab: an id or a
#: group value may not start with a tab (the readers strip it; see the test below).
DANGEROUS = st.sampled_from(["=", "+", "-", "@", "\r", "\n"])


@given(
    DANGEROUS,
    st.from_regex(r"[A-Za-z0-9=+-]([A-Za-z0-9 =+-]{0,6}[A-Za-z0-9=+-])?", fullmatch=True),
)
def test_text_cells_that_a_spreadsheet_would_run_are_neutralised(first: str, rest: str) -> None:
    """Any text starting with =, +, -, @, CR or LF is written with a leading quote."""
    response = cp.EvaluationResponse({}, respondent=first + rest)
    out = io.StringIO()
    cp.io.csv.write_evaluations([response], out, groups={"ward": [first + "ward"]})
    row = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1]
    assert "'" + first + rest == row[0]
    assert "'" + first + "ward" == row[1]


def test_answer_codes_stay_numbers_and_safe_text_is_unchanged() -> None:
    """Codes are written as plain digits, and ordinary ids are not altered."""
    response = cp.EvaluationResponse.from_labels({"support_1": 2}, respondent="R-0001")
    out = io.StringIO()
    cp.io.csv.write_evaluations([response], out)
    assert out.getvalue().splitlines()[1].startswith("R-0001,2,,")


def test_some_ids_missing_is_refused_when_writing() -> None:
    """Writing responses where only some have ids is refused, naming each without one."""
    rows = [cp.EvaluationResponse({}, respondent="R-1"), cp.EvaluationResponse({})]
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.write_evaluations(rows, io.StringIO())
    assert ["rows[1]"] == [p.location for p in info.value.problems]


def test_the_cohort_reader_gives_the_same_cohort_and_rows_whatever_its_piece_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading in pieces of a few bytes gives the same array, and rows are counted on."""
    text = _wide(*(_row(f"R-{i}", str(i % 3), str((i + 1) % 3)) for i in range(40)))
    whole = cp.io.csv.read_cohort(text.encode())
    monkeypatch.setattr(_reader, "_CHUNK_BYTES", 100)
    pieces = cp.io.csv.read_cohort(text.encode())
    assert whole == pieces
    bad = text.replace("R-37,1,", "R-37,x,").replace("R-3,0,", "R-3,0x,")
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.read_cohort(bad.encode())
    assert ["row 5, column 'support_1'", "row 39, column 'support_1'"] == [
        p.location for p in info.value.problems
    ]


def test_ids_and_groups_follow_the_cell_rule() -> None:
    """Spaces and tabs around an id or a group are ignored; control characters are refused."""
    cohort = cp.io.csv.read_cohort(_wide(_row("R-1 "), _row("\tR-2")).encode())
    assert ("R-1", "R-2") == cohort.respondents
    with pytest.raises(cp.ValidationError, match="ids must be unique"):
        cp.io.csv.read_cohort(_wide(_row("R-1"), _row(" R-1 ")).encode())
    for bad in ("R\x001", "R\x1b[2J", "R\u202e1", "R\ufeff1"):
        with pytest.raises(cp.ValidationError, match="plain text") as info:
            cp.io.csv.read_cohort(_wide(_row(bad)).encode())
        assert ["row 2, column 'respondent'"] == [p.location for p in info.value.problems]
        with pytest.raises(cp.ValidationError, match="plain text"):
            cp.io.csv.read_evaluations(io.StringIO(_wide(_row(bad)), newline=""))


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("respondent,ward," + ",".join(ITEMS), id="numpy"),
        pytest.param('"respondent","ward",' + ",".join(ITEMS), id="csv-module"),
    ],
)
def test_a_header_without_rows_keeps_every_column_it_names(header: str) -> None:
    """The result's columns come from the header, on both paths, even with no data rows."""
    data = (header + "\r\n").encode()
    cohort = cp.io.csv.read_cohort(data, group_columns=["ward"])
    assert ((0, 23), (), {"ward": ()}) == (
        cohort.answers.shape,
        cohort.respondents,
        dict(cohort.groups),
    )


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_readiness_csv_keeps_the_grouping_columns_asked_for(
    layout: Literal["wide", "long"],
) -> None:
    """group_columns works for readiness files as for evaluation files, in both layouts."""
    if layout == "wide":
        text = "setting,round," + ",".join(QUESTIONS) + "\n"
        text += "oak,1," + ",".join(["yes"] * 21) + "\nelm,2," + ",".join([""] * 21) + "\n"
    else:
        text = "setting,round,question,answer\noak,1,informed_obligation,yes\n"
        text += "elm,2,informed_obligation,no\n"
    table = cp.io.csv.read_readiness(io.StringIO(text), layout=layout, group_columns=["round"])
    assert ("oak", "elm") == tuple(a.setting for a in table.rows)
    assert {"round": ("1", "2")} == dict(table.groups)
    with pytest.raises(cp.ValidationError, match="unknown column 'round'"):
        cp.io.csv.read_readiness(io.StringIO(text), layout=layout)


@pytest.mark.parametrize("padded", ["\tR-1", "R-1\t", " R-1", "R-1 "])
def test_an_id_or_group_value_the_readers_would_strip_is_not_written(padded: str) -> None:
    """A space or tab at either end is refused, by the constructors and by the writer.

    The readers strip the spaces and tabs around a cell, so such a text would be
    written and read back without them. Before, " R-1" was written and came back "R-1".
    """
    with pytest.raises(cp.ValidationError, match="could not be read back as written"):
        cp.EvaluationResponse({}, respondent=padded)
    response = cp.EvaluationResponse({}, respondent="R-1")
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.write_evaluations([response], io.StringIO(), groups={"ward": [padded]})
    assert ["groups['ward'][0]"] == [p.location for p in info.value.problems]


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\r", "\n"])
def test_the_one_exception_to_reading_back_unchanged_is_neutralised_text(first: str) -> None:
    """Ids, group values and group names starting with = + - @ tab CR LF come back with '.

    The documented choice (write_evaluation_csv's docstring, docs/formats.md):
    readers do not undo the neutralisation; every other cell reads back as written.
    Before, the group column's name was written raw (and read back unchanged), so
    the header did not follow the rule of every other text cell.
    """
    answers = {"support_1": cp.Frequency.ALL_THE_TIME, "trust_2": None}
    written = [
        cp.EvaluationResponse(answers, respondent=f"{first}R-1", level=cp.Level.GROUP),
        cp.EvaluationResponse(answers, respondent="R-2"),
    ]
    out = io.StringIO()
    cp.io.csv.write_evaluations(written, out, groups={f"{first}ward": [f"{first}oak", "elm"]})
    read = cp.io.csv.read_evaluations(
        io.StringIO(out.getvalue(), newline=""), group_columns=[f"'{first}ward"]
    )
    assert ("'" + first + "R-1", "R-2") == tuple(r.respondent for r in read.rows)
    assert {f"'{first}ward": ("'" + first + "oak", "elm")} == dict(read.groups)
    assert [attrs.evolve(r, respondent=None) for r in written] == [
        attrs.evolve(r, respondent=None) for r in read.rows
    ]
