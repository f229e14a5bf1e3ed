"""The one CSV reader: strict text, the csv module's grammar, limits, blocks, one cell rule."""

from __future__ import annotations

import csv
import io
import re
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction import _reader
from coproduction._responses import FREQUENCY_WORDS, parse_word

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
HEAD = "respondent,ward," + ",".join(ITEMS)


def _line(rid: str, ward: str = "Oak", first: str = "1", rest: str = "2") -> str:
    return ",".join([rid, ward, first, *[rest] * 22])


def _file(*lines: str, end: str = "\n") -> bytes:
    return (end.join([HEAD, *lines]) + end).encode()


def _chunks(data: bytes | io.IOBase, **kwargs: object) -> list[cp.EvaluationCohort]:
    return list(cp.io.csv.read_chunks(data, group_columns=["ward"], **kwargs))  # type: ignore[arg-type]


def _refused(read: Callable[[], object]) -> list[cp.Problem]:
    with pytest.raises(cp.ValidationError) as info:
        read()
    return list(info.value.problems)


@pytest.mark.parametrize("piece", [1, 5, 64, 1 << 22])
def test_an_id_holding_a_quoted_newline_stays_with_its_row_at_any_piece_size(piece: int) -> None:
    """A quoted newline in an id (or a group) is content: later ids do not shift."""
    data = _file(
        '"P-1\nP-9","Oak\r\nside",' + ",".join(["0"] * 23),
        _line("P-2", first="1"),
        _line("P-3", first="2"),
    )
    with mock.patch.object(_reader, "_CHUNK_BYTES", piece):
        cohort = cp.io.csv.read_cohort(data, group_columns=["ward"])
        blocks = _chunks(data, chunk_rows=2)
    assert ("P-1\nP-9", "P-2", "P-3") == cohort.respondents
    assert ("Oak\r\nside", "Oak", "Oak") == cohort.groups["ward"]
    assert [0, 1, 2] == cohort.answers[:, 0].tolist()
    assert [("P-1\nP-9", "P-2"), ("P-3",)] == [b.respondents for b in blocks]


@pytest.mark.parametrize("column", ["respondent", "ward"])
def test_bytes_that_are_not_utf8_are_located_by_row_and_column(column: str) -> None:
    """Latin-1 bytes in an id or a group are refused at their row and column, by every reader."""
    line = _line(
        "R-\xe9" if column == "respondent" else "R-2", "Oak" if column == "respondent" else "\xe9"
    )
    data = (HEAD + "\n" + _line("R-1") + "\n" + line + "\n").encode("latin-1")
    expected = f"row 3, column {column!r}"
    for read in (
        lambda: cp.io.csv.read_cohort(data, group_columns=["ward"]),
        lambda: cp.io.csv.read_evaluations(io.BytesIO(data), group_columns=["ward"]),
        lambda: _chunks(data),
    ):
        problems = _refused(read)
        assert [expected] == [p.location for p in problems]
        assert "not UTF-8" in problems[0].message


def test_a_lone_surrogate_in_text_is_not_utf8() -> None:
    """A text source is encoded back to UTF-8; a lone surrogate is located, not a crash."""
    text = HEAD + "\n" + _line("R-\udcff") + "\n"
    problems = _refused(
        lambda: cp.io.csv.read_evaluations(io.StringIO(text), group_columns=["ward"])
    )
    assert ["row 2, column 'respondent'"] == [p.location for p in problems]


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_every_line_end_reads_as_the_csv_module_reads_it(end: str) -> None:
    """Classic-Mac CR, Windows CRLF and LF line ends give the same cohort."""
    data = _file(_line("R-1"), _line("R-2", first=""), end=end)
    cohort = cp.io.csv.read_cohort(data, group_columns=["ward"])
    assert ("R-1", "R-2") == cohort.respondents
    assert [1, -1] == cohort.answers[:, 0].tolist()


def _every_reader(cell: str) -> dict[str, Callable[[], list[int]]]:
    """Read one answer cell (support_1) through every entry point; its code, or raise."""
    wide = HEAD + "\n" + _line("R-1", first=cell) + "\n"
    long = f"respondent,item,answer\nR-1,support_1,{cell}\n"
    redcap = "record_id," + ",".join(ITEMS) + "\n" + "1," + ",".join([cell] + ["2"] * 22) + "\n"
    order = list(cp.Frequency)

    def code(answer: cp.Frequency | None) -> list[int]:
        return [-1 if answer is None else order.index(answer)]

    def first(cohort: cp.EvaluationCohort) -> list[int]:
        return [int(cohort.answers[0, 0])]

    return {
        "csv wide": lambda: code(
            cp.io.csv.read_evaluations(io.StringIO(wide), group_columns=["ward"])
            .rows[0]
            .answers["support_1"]
        ),
        "csv long": lambda: code(
            cp.io.csv.read_evaluations(io.StringIO(long), layout="long")
            .rows[0]
            .answers["support_1"]
        ),
        "cohort": lambda: first(cp.io.csv.read_cohort(wide.encode(), group_columns=["ward"])),
        "chunks long": lambda: first(
            next(iter(cp.io.csv.read_chunks(long.encode(), layout="long")))
        ),
        "redcap": lambda: code(
            cp.io.redcap.read_records(io.StringIO(redcap)).rows[0].answers["support_1"]
        ),
        "from_labels": lambda: code(
            cp.EvaluationResponse.from_labels({"support_1": cell}).answers["support_1"]
        ),
    }


@pytest.mark.parametrize(("cell", "code"), [(" ", -1), ("\t", -1), (" 2\t", 2), (" Sometimes ", 1)])
def test_spaces_and_tabs_around_a_cell_are_ignored_by_every_reader(cell: str, code: int) -> None:
    """One cell rule: spaces and tabs alone are unanswered, around a value ignored, everywhere."""
    for name, read in _every_reader(cell).items():
        assert [code] == read(), name


@pytest.mark.parametrize("cell", ["\x0b", "\x0c", "1\x0b", "\x00"])
def test_other_control_characters_are_refused_by_every_reader_at_their_cell(cell: str) -> None:
    """A vertical tab (or other control character) is never taken for a space: refused, located."""
    for name, read in _every_reader(cell).items():
        problems = _refused(read)
        assert len(problems) == 1, name
        assert "control character" in problems[0].message, name
        assert "row 0" not in problems[0].location, name
        assert "int -2" not in problems[0].message, name
        if name != "from_labels":
            assert problems[0].location.startswith("row 2, column "), name


def test_an_empty_group_value_is_refused_by_every_reader() -> None:
    """A group value that is empty or only spaces is refused with its row, not kept as ''."""
    data = _file(_line("R-1"), _line("R-2", ward=" "))
    for read in (
        lambda: cp.io.csv.read_evaluations(io.BytesIO(data), group_columns=["ward"]),
        lambda: cp.io.csv.read_cohort(data, group_columns=["ward"]),
    ):
        assert ["row 3, column 'ward'"] == [p.location for p in _refused(read)]


def test_an_iso_week_date_is_refused() -> None:
    """'2024-W01-1' is not a YYYY-MM-DD day, although fromisoformat reads it on 3.11+."""
    text = "respondent,date," + ",".join(ITEMS) + "\nR-1,2024-W01-1," + ",".join("1" * 23) + "\n"
    problems = _refused(lambda: cp.io.csv.read_evaluations(io.StringIO(text)))
    assert ["row 2, column 'date'"] == [p.location for p in problems]


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    """max_problems are listed, then one entry counts the others."""
    data = _file(*(_line(f"R-{i}", first="x", rest="x") for i in range(10)))
    problems = _refused(lambda: _chunks(data, max_problems=50))
    assert 51 == len(problems)
    assert "and 180 more problems not listed" == problems[-1].message
    assert "row 2, column 'support_1'" == problems[0].location


def test_a_one_megabyte_id_in_twenty_thousand_rows_is_refused_by_its_row() -> None:
    """An id over max_field is refused at its row, before any array is built for it."""
    lines = [_line(f"R-{i}") for i in range(20_000)]
    lines[9_000] = _line("R" * (1 << 20))
    problems = _refused(lambda: cp.io.csv.read_cohort(_file(*lines), group_columns=["ward"]))
    assert ["row 9002, column 'respondent'"] == [p.location for p in problems]
    assert "over the limit of 65536 bytes (max_field)" in problems[0].message


@pytest.mark.parametrize("quoted", [False, True])
def test_a_fifty_megabyte_field_is_refused(quoted: bool) -> None:
    """A 50 MB field stops the reading with its row, quoted (over lines) or not."""
    big = "x" * (50 << 20)
    if quoted:
        big = '"' + "x\n" * (25 << 20) + '"'
    data = _file(_line("R-1"), _line(big))
    problems = _refused(lambda: cp.io.csv.read_cohort(data, group_columns=["ward"]))
    assert ["row 3"] == [p.location.split(",")[0] for p in problems]
    assert "max_field" in problems[0].message


def test_a_header_over_its_limit_is_refused() -> None:
    """A header longer than max_header bytes is refused as a whole."""
    data = ("respondent," + "a" * 100 + "," + ",".join(ITEMS) + "\n").encode()
    problems = _refused(lambda: list(cp.io.csv.read_chunks(data, max_header=64)))
    assert "max_header" in problems[0].message


class _Pipe:
    """A stream that cannot seek, like standard input."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def seekable(self) -> bool:
        return False

    def read(self, size: int) -> bytes:
        return self._data.read(size)


@pytest.mark.parametrize("kind", ["bytes", "path", "pipe"])
def test_a_repeated_id_across_blocks_is_refused_before_the_iterator_ends(
    kind: str, tmp_path: Path
) -> None:
    """Ids far apart, in different pieces and blocks, are found; the error comes before the end."""
    lines = [_line(f"R-{i}") for i in range(300)]
    lines[250] = _line("R-7")
    data = _file(*lines)
    path = tmp_path / "answers.csv"
    path.write_bytes(data)
    sources: dict[str, Callable[[], _reader.Source]] = {
        "bytes": lambda: data,
        "path": lambda: path,
        "pipe": lambda: typing.cast("IO[bytes]", _Pipe(data)),
    }
    source = sources[kind]
    received: list[int] = []

    def consume() -> None:
        blocks = cp.io.csv.read_chunks(source(), group_columns=["ward"], chunk_rows=64)
        received.extend(len(block) for block in blocks)

    with mock.patch.object(_reader, "_CHUNK_BYTES", 512):
        problems = _refused(consume)
    assert ["row 252, column 'respondent'"] == [p.location for p in problems]
    assert "'R-7' is also on row 9" in problems[0].message
    assert sum(received) <= 256  # blocks up to the repeat at most; never the last rows


def test_a_false_alarm_of_the_id_filter_is_cleared_by_the_second_pass() -> None:
    """Ids the filter suspects but that differ are read, not refused."""
    data = _file(*(_line(f"R-{i}") for i in range(50)))
    with mock.patch.object(_reader, "_FILTER_WORDS", 1):  # every id looks seen before
        cohort = cp.io.csv.read_cohort(data, group_columns=["ward"])
    assert 50 == len(set(cohort.respondents))


def test_no_block_holds_a_row_after_the_first_bad_one() -> None:
    """Blocks stop at the first problem; the error lists problems found after it as well."""
    lines = [_line(f"R-{i}") for i in range(200)]
    lines[150] = _line("R-150", first="9")
    lines[190] = _line("R-190", first="9")
    received: list[str | None] = []

    def consume() -> None:
        for block in cp.io.csv.read_chunks(_file(*lines), group_columns=["ward"], chunk_rows=10):
            received.extend(block.respondents)

    with mock.patch.object(_reader, "_CHUNK_BYTES", 300):
        problems = _refused(consume)
    assert ["row 152, column 'support_1'", "row 192, column 'support_1'"] == [
        p.location for p in problems
    ]
    assert "R-150" not in received
    assert received == [f"R-{i}" for i in range(len(received))]


# --- the property: blocks at any piece size equal a plain csv.reader reading -------------

_ANSWERS = st.sampled_from(
    ["0", "1", "2", "", " ", "\t", "Sometimes", " all the TIME ", "not_at_all"]
)
_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=6).filter(
    lambda s: bool(s.strip(" \t"))
)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[str], list[list[str]]]:
    ids = draw(st.lists(_TEXT, unique=True, max_size=8))
    wards = [draw(_TEXT) for _ in ids]
    answers = [[draw(_ANSWERS) for _ in ITEMS] for _ in ids]
    return ids, wards, answers


class _RaggedError(Exception):
    """The csv module reads the text as rows of another width than the header's."""


def _reference(text: str) -> tuple[list[list[int]], list[str], list[str]]:
    """What the file holds, by csv.reader and the cell rule, one cell at a time."""
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header = [h.strip(" \t") for h in records[0]]
    rows = [r for r in records[1:] if any(c.strip(" \t") for c in r)]
    if any(len(r) != len(header) for r in rows):
        raise _RaggedError
    order = list(cp.Frequency)
    codes = []
    for row in rows:
        parsed = [parse_word(row[header.index(i)], FREQUENCY_WORDS, cp.Frequency) for i in ITEMS]
        assert not any(isinstance(p, str) for p in parsed)
        codes.append([-1 if p is None else order.index(p) for p in parsed])  # type: ignore[arg-type]
    ids = [r[0].strip(" \t") for r in rows]
    wards = [r[1].strip(" \t") for r in rows]
    if len(set(ids)) != len(ids) or any(_NOT_TEXT.search(t) for t in ids + wards):
        raise _RefusedTextError
    return codes, ids, wards


#: What ids and grouping values may not hold (the specification, restated).
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


class _RefusedTextError(Exception):
    """Ids or grouping values that the text rule refuses (or ids that repeat once stripped)."""


@given(
    _tables(),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.integers(1, 80),
    st.integers(1, 4),
)
def test_blocks_at_any_piece_size_are_what_the_csv_module_reads(
    table: tuple[list[str], list[str], list[list[str]]],
    end: str,
    quote_all: bool,
    piece: int,
    chunk_rows: int,
) -> None:
    """Random ids (quotes, commas, line ends, any script), answers, line ends and quoting."""
    ids, wards, answers = table
    out = io.StringIO()
    writer = csv.writer(
        out, lineterminator=end, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerow(HEAD.split(","))
    writer.writerows([i, w, *a] for i, w, a in zip(ids, wards, answers, strict=True))
    text = out.getvalue()
    with mock.patch.object(_reader, "_CHUNK_BYTES", piece):
        try:  # a lone LF in a cell is not quoted by csv.writer when lines end with CR
            codes, expected_ids, expected_wards = _reference(text)
        except _RaggedError:
            with pytest.raises(cp.ValidationError, match="cells, like the header"):
                list(cp.io.csv.read_chunks(text.encode(), group_columns=["ward"]))
            return
        except _RefusedTextError:
            with pytest.raises(cp.ValidationError, match=r"plain text|ids must be unique"):
                list(cp.io.csv.read_chunks(text.encode(), group_columns=["ward"]))
            return
        blocks = list(
            cp.io.csv.read_chunks(text.encode(), group_columns=["ward"], chunk_rows=chunk_rows)
        )
    assert all(0 < len(b) <= chunk_rows for b in blocks)
    got = np.concatenate([b.answers for b in blocks]) if blocks else np.zeros((0, 23))
    assert codes == got.tolist()
    assert expected_ids == [r for b in blocks for r in b.respondents]
    assert expected_wards == [w for b in blocks for w in b.groups["ward"]]


def _lines_of(blocks: Iterator[cp.EvaluationCohort]) -> int:
    return sum(len(b) for b in blocks)


def test_a_text_file_and_a_binary_file_read_alike(tmp_path: Path) -> None:
    """One code path: an open text file is read as its UTF-8 bytes."""
    data = _file(_line("R-é"), _line("R-2"))
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    with path.open(encoding="utf-8", newline="") as text, path.open("rb") as binary:
        assert cp.io.csv.read_cohort(text, group_columns=["ward"]) == cp.io.csv.read_cohort(
            binary, group_columns=["ward"]
        )
    assert 2 == _lines_of(cp.io.csv.read_chunks(path, group_columns=["ward"]))


@pytest.mark.parametrize("quote", ["", '"'])
def test_context_columns_reach_the_blocks_as_the_responses_have_them(quote: str) -> None:
    """Dates, levels and activities are kept, on the numpy path and the csv path alike."""
    head = "respondent,ward,date,level,activities,preferred_activities," + ",".join(ITEMS)
    rows = [
        f"{quote}R-1{quote},Oak,2024-05-01,group,shared;informed,," + ",".join(["1"] * 23),
        "R-2,Elm,,,,in_control," + ",".join(["2"] * 23),
    ]
    data = "\n".join([head, *rows, ""])
    table = cp.io.csv.read_evaluations(io.StringIO(data), group_columns=["ward"])
    expected = cp.EvaluationCohort.from_responses(table.rows, groups=table.groups)
    blocks = _chunks(data.encode(), chunk_rows=1)
    cohort = cp.io.csv.read_cohort(data.encode(), group_columns=["ward"])
    assert expected == cohort
    assert list(expected.dates or ()) == [d for b in blocks for d in b.dates or (None,)]
    assert cohort.levels == (cp.Level.GROUP, None)
