"""The one CSV writer: neutralised text cells (header included), numbers as numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction import _table_out
from coproduction._cli import main
from coproduction._table_out import (
    FORMULA_PREFIXES,
    ScoreCsvWriter,
    neutralise,
    safe_texts,
    write_csv_columns,
)

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids

#: Text that stresses CSV: commas, quotes, CR, LF, the formula prefixes, NUL, any unicode.
_TRICKY = st.sampled_from([",", '"', "\r", "\n", "\r\n", "\0", " ", "'", *FORMULA_PREFIXES])
_CELL = st.lists(st.one_of(_TRICKY, st.text(max_size=4)), max_size=6).map("".join)
# Lone surrogates cannot be written as UTF-8 (refused, tested below).
_CELL = _CELL.filter(lambda c: not any(0xD800 <= ord(ch) <= 0xDFFF for ch in c))


def _read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.tuples(
            st.lists(_CELL, min_size=width, max_size=width),
            st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=8),
        )
    )
)
def test_csv_reader_gives_back_neutralise_of_every_cell_header_and_body(
    table: tuple[list[str], list[list[str]]],
) -> None:
    """The vectorised writer is neutralise() followed by csv quoting, cell by cell.

    ``csv.reader`` over the written bytes gives back exactly ``neutralise(cell)`` for
    every header and body cell (rows of one empty cell are left to the csv module's
    own ``""`` convention: the score and summary tables always have several columns).
    """
    header, rows = table
    if len(header) == 1 and "" in [header[0], *(r[0] for r in rows)]:
        return
    columns = [safe_texts([r[j] for r in rows]) for j in range(len(header))]
    out = io.BytesIO()
    write_csv_columns(out, header, columns)
    assert [[neutralise(c) for c in r] for r in [header, *rows]] == _read_back(out.getvalue())


@given(st.lists(_CELL.filter(lambda c: "\0" not in c), max_size=20))
def test_the_numpy_path_matches_the_csv_modules_bytes(cells: list[str]) -> None:
    """Byte for byte what csv.writer writes for neutralise(cell) (cells without NUL)."""
    ours = io.BytesIO()
    write_csv_columns(ours, ["id", "n"], [safe_texts(cells), safe_texts(["1"] * len(cells))])
    reference = io.StringIO()
    writer = csv.writer(reference, lineterminator="\r\n")
    writer.writerow(["id", "n"])
    writer.writerows([neutralise(c), "1"] for c in cells)
    assert reference.getvalue().encode() == ours.getvalue()


def test_the_formula_prefixes_exist_once() -> None:
    """The vectorised twin's byte set is derived from neutralise's one tuple."""
    assert set("".join(FORMULA_PREFIXES).encode()) == set(_table_out._DANGEROUS.tolist())
    assert [neutralise(p + "x") for p in FORMULA_PREFIXES] == [f"'{p}x" for p in FORMULA_PREFIXES]


def test_a_value_that_cannot_be_encoded_is_a_located_problem() -> None:
    """A lone surrogate is the library's error, with its row and column, not a traceback."""
    with pytest.raises(cp.ValidationError, match=r"row 1, ward: cannot be written as UTF-8"):
        safe_texts(["ok", "bad \udc80"], "ward")


def _csv_file(path: Path, group: str, values: list[str]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["respondent", group, *ITEMS])
    writer.writerows([f"R-{k}", v, *["1"] * 23] for k, v in enumerate(values))
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["score", "summary"])
def test_a_group_name_with_a_comma_is_quoted_in_the_header(tmp_path: Path, command: str) -> None:
    """--group "a,b": one header cell, as many header fields as row fields.

    Before, ``score`` wrote the name unquoted: 11 header fields over 10-field rows.
    """
    source = _csv_file(tmp_path / "in.csv", "a,b", ["x", "y"])
    target = tmp_path / "out.csv"
    options = ["--by", "a,b", "--no-suppression"] if command == "summary" else ["--group", "a,b"]
    assert 0 == main([command, str(source), *options, "--format", "csv", "-o", str(target)])
    rows = _read_back(target.read_bytes())
    assert "a,b" in rows[0]
    assert {len(rows[0])} == {len(r) for r in rows}


@pytest.mark.parametrize("command", ["score", "summary"])
def test_a_formula_as_group_name_and_value_is_neutralised(tmp_path: Path, command: str) -> None:
    """A header cell "=cmd|' /C calc'!A0" gets its ' like every text cell (before: raw)."""
    formula = "=cmd|' /C calc'!A0"
    source = _csv_file(tmp_path / "in.csv", formula, ["-1+1", "@SUM(A1)"])
    target = tmp_path / "out.csv"
    options = (
        ["--by", formula, "--no-suppression"] if command == "summary" else ["--group", formula]
    )
    assert 0 == main([command, str(source), *options, "--format", "csv", "-o", str(target)])
    rows = _read_back(target.read_bytes())
    assert "'" + formula == rows[0][rows[0].index("'" + formula)]
    assert formula not in rows[0]
    column = [r[rows[0].index("'" + formula)] for r in rows[1:]]
    # A summary also has the whole cohort's rows, whose group cell is empty.
    assert {"'-1+1", "'@SUM(A1)"} == set(column) - ({""} if command == "summary" else set())


def _cohort(n: int, rng: np.random.Generator, first: int = 0) -> cp.EvaluationCohort:
    codes = rng.integers(-1, 3, size=(n, 23))
    return cp.EvaluationCohort.from_array(
        codes,
        respondents=[f"=R-{k}" if k % 7 == 0 else f"R,{k}" for k in range(first, first + n)],
        groups={"ward": [f"ward-{k % 3}" for k in range(n)], "+x": ["a\nb"] * n},
    )


def _raised(cohort: cp.EvaluationCohort) -> np.ndarray:
    flags = list(cp.Flag)
    return np.array(
        [
            [f in {w.flag for w in cp.power_over_warnings(r)} for f in flags]
            for r in cohort.to_responses()
        ],
        dtype=bool,
    ).reshape(len(cohort), len(flags))


def test_score_csv_writer_block_by_block_equals_the_command_line(tmp_path: Path) -> None:
    """Blocks written one at a time give the bytes `coproduction score` gives for the file."""
    rng = np.random.default_rng(3)
    blocks = [_cohort(n, rng, first) for n, first in ((5, 0), (0, 5), (40, 5))]
    whole = cp.EvaluationCohort.from_array(
        np.concatenate([b.answers for b in blocks]),
        respondents=[i for b in blocks for i in b.respondents],
        groups={g: [v for b in blocks for v in b.groups[g]] for g in ("ward", "+x")},
    )
    source = tmp_path / "in.csv"
    cp.io.csv.write_evaluations(whole.to_responses(), source, groups=dict(whole.groups))
    # the file holds the neutralised ids and group name, which are read as written
    target = tmp_path / "cli.csv"
    assert 0 == main(
        [
            "score",
            str(source),
            "--group",
            "ward",
            "--group",
            "'+x",
            "--format",
            "csv",
            "-o",
            str(target),
        ]
    )
    read = cp.io.csv.read_evaluations(source, group_columns=["ward", "'+x"])
    out = io.BytesIO()
    writer = ScoreCsvWriter(out, with_ids=True, group_columns=["ward", "'+x"])
    at = 0
    for block in blocks:
        rows = slice(at, at + len(block))
        at += len(block)
        part = cp.EvaluationCohort.from_responses(
            read.rows[rows], groups={g: v[rows] for g, v in read.groups.items()}
        )
        writer.write(part, cp.score_cohort(part), _raised(part), tuple(cp.Flag))
    assert target.read_bytes() == out.getvalue()


def test_score_csv_writer_columns_and_refusals() -> None:
    """Header and cells neutralised; a row count that does not fit is a located problem."""
    cohort = _cohort(3, np.random.default_rng(0))
    out = io.BytesIO()
    writer = ScoreCsvWriter(out, with_ids=True, group_columns=["+x"])
    writer.write(cohort, cp.score_cohort(cohort), _raised(cohort), tuple(cp.Flag))
    rows = _read_back(out.getvalue())
    assert ["respondent", "'+x", *(d.value for d in cp.COPRODUCTION_EVALUATION.domains)] == rows[0][
        :7
    ]
    assert ["'=R-0", "R,1", "R,2"] == [r[0] for r in rows[1:]]
    assert {"a\nb"} == {r[1] for r in rows[1:]}
    with pytest.raises(cp.ValidationError, match="raised: expected 3 rows"):
        writer.write(cohort, cp.score_cohort(cohort), _raised(cohort)[:2], tuple(cp.Flag))
    with pytest.raises(cp.ValidationError, match="groups\\['nope'\\]: not a grouping column"):
        ScoreCsvWriter(io.BytesIO(), with_ids=False, group_columns=["ward", "nope"]).write(
            cohort, cp.score_cohort(cohort), _raised(cohort), tuple(cp.Flag)
        )
    with pytest.raises(cp.ValidationError, match="raised: expected one column per flag"):
        writer.write(cohort, cp.score_cohort(cohort), _raised(cohort), tuple(cp.Flag)[:2])


def test_a_nul_in_a_value_is_written_not_squeezed_out() -> None:
    """NumPy pads with NUL, so a block with a NUL in a value is written by the csv rule instead."""
    cohort = cp.EvaluationCohort.from_array(
        [[1] * 23, [2] * 23], respondents=["a\0b", "\0"], groups={"g": ["x\0", "=y"]}
    )
    out = io.BytesIO()
    ScoreCsvWriter(out, with_ids=True, group_columns=["g"]).write(
        cohort, cp.score_cohort(cohort), _raised(cohort), tuple(cp.Flag)
    )
    rows = _read_back(out.getvalue())
    assert [["a\0b", "x\0"], ["\0", "'=y"]] == [r[:2] for r in rows[1:]]
