"""CSV files of evaluation responses and readiness assessments, wide and long.

**Wide**: one row per respondent (or setting), one column per item id (or question
id), plus optional context columns. **Long** (tidy): one row per answer, with the
respondent (or setting), the item (or question) and the answer.

Cells hold the documented codes (``0``, ``1``, ``2`` for the evaluation;
``yes``, ``partly``, ``no`` for the Readiness Checker) or the labels
(``Not at all``, ``Sometimes``, ``All the time``); an empty cell is unanswered.
Reading is strict: every bad header and every bad cell is reported by its row
(as a spreadsheet numbers it: the header is row 1) and column, and nothing is
loaded from a file with errors, unless ``keep_good_rows=True`` is asked for, which
returns the good rows and the rejected ones with their reasons.

Writing is safe to open in a spreadsheet (OWASP CSV injection guidance): a text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
feed is written with a leading ``'``; answer codes stay plain numbers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Final, Generic, Literal, TypeAlias, TypeVar

import attrs
import numpy as np
from numpy.typing import NDArray

from coproduction._atomic import atomic_output
from coproduction._cohorts import EvaluationCohort
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Dimension,
    Frequency,
    ReadinessAnswer,
)
from coproduction._power import Activity, Level
from coproduction._responses import (
    _FREQUENCY_WORDS,
    _READINESS_WORDS,
    EvaluationResponse,
    ReadinessAssessment,
    _parse_word,
)
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "CsvTable",
    "RejectedRow",
    "neutralise",
    "read_evaluation_cohort",
    "read_evaluation_csv",
    "read_readiness_csv",
    "write_evaluation_csv",
    "write_readiness_csv",
]

_T = TypeVar("_T", EvaluationResponse, ReadinessAssessment)
Source: TypeAlias = "str | os.PathLike[str] | IO[str]"
Target: TypeAlias = "str | os.PathLike[str] | IO[str]"
Layout: TypeAlias = Literal["wide", "long"]
_CellParser: TypeAlias = Callable[[str, int, str, list[Problem]], object]

#: The code of an unanswered item in the arrays the fast reader builds.
UNANSWERED: Final = -1
_BAD: Final = -2
#: Listing stops after this many problems; one more line counts the rest.
MAX_PROBLEMS: Final = 1000
#: The first characters that make a spreadsheet run a cell as a formula (OWASP): the
#: one set behind :func:`neutralise` and its vectorised twin in ``_table_out``.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_ITEM_IDS: Final = COPRODUCTION_EVALUATION.item_ids
_QUESTION_IDS: Final = tuple(q.id for q in READINESS_CHECKER.questions)
_CELL_OF: Final = {q.id: (q.activity, q.dimension) for q in READINESS_CHECKER.questions}
_FREQUENCIES: Final = tuple(Frequency)
_CODE_OF: Final = {f: i for i, f in enumerate(_FREQUENCIES)}
_CONTEXT: Final = ("date", "level", "activities", "preferred_activities")


@attrs.frozen
class RejectedRow:
    """A row (or, in a long file, a respondent's rows) left out, and every reason why.

    Attributes:
        rows: The spreadsheet row numbers (the header is row 1).
        problems: Every problem found in them, each with its row and column.

    .. versionadded:: 0.1.0
    """

    rows: tuple[int, ...]
    problems: tuple[Problem, ...]


@attrs.frozen(kw_only=True)
class CsvTable(Generic[_T]):
    """What a CSV file held: the answers, their grouping columns, and any rejected rows.

    Attributes:
        rows: One :class:`~coproduction.EvaluationResponse` (or
            :class:`~coproduction.ReadinessAssessment`) per respondent (setting), in
            file order.
        groups: Each grouping column asked for, to its value for each of :attr:`rows`.
        rejected: The rows left out, with reasons; always empty unless the reader was
            called with ``keep_good_rows=True``.

    .. versionadded:: 0.1.0
    """

    rows: tuple[_T, ...]
    groups: FrozenDict[str, tuple[str, ...]] = attrs.field(factory=FrozenDict)
    rejected: tuple[RejectedRow, ...] = ()


# --- reading ------------------------------------------------------------------------


def _read_text(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        data = Path(source).read_bytes()
    else:
        text = source.read()
        return text.removeprefix("\ufeff")
    return decode_utf8(data)


def decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "CSV file",
            [Problem(f"byte {error.start}", "the file is not UTF-8 text; save it as CSV UTF-8")],
        ) from None


def _capped(problems: list[Problem], unlisted: int = 0) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS` problems, then one that counts the rest."""
    rest = unlisted + max(0, len(problems) - MAX_PROBLEMS)
    if not rest:
        return problems
    return [*problems[:MAX_PROBLEMS], Problem("file", f"and {rest} more problems not listed")]


def _where(row: int, column: str) -> str:
    return f"row {row}, column {column!r}"


def _check_header(
    header: list[str],
    *,
    required: Sequence[str],
    optional: Sequence[str],
) -> tuple[dict[str, int], list[Problem]]:
    """Index the columns; report unknown, duplicate and missing ones."""
    problems: list[Problem] = []
    index: dict[str, int] = {}
    known = set(required) | set(optional)
    for i, name in enumerate(header):
        if name in index:
            problems.append(Problem(f"row 1, column {i + 1}", f"duplicate column {name!r}"))
        elif name not in known:
            problems.append(
                Problem(
                    f"row 1, column {i + 1}",
                    f"unknown column {name!r}; expected the instrument's ids, "
                    f"{', '.join(repr(o) for o in optional)}; declare grouping columns "
                    "(group_columns=, or --group on the command line)",
                )
            )
        index.setdefault(name, i)
    missing = [name for name in required if name not in index]
    if missing:
        problems.append(Problem("row 1", f"missing columns: {', '.join(missing)}"))
    return index, problems


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows, each with its spreadsheet row number."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise ValidationError(
            "CSV file", [Problem("file", f"not readable as CSV: {error}")]
        ) from None
    if not records or not any(records[0]):
        raise ValidationError("CSV file", [Problem("row 1", "the file has no header row")])
    header = [name.strip() for name in records[0]]
    rows = [(n, r) for n, r in enumerate(records[1:], start=2) if any(c.strip() for c in r)]
    return header, rows


def _parse_context(  # noqa: PLR0911 - one return per kind of context cell
    name: str, cell: str, row: int, problems: list[Problem]
) -> object:
    """Read one context cell (date, level, activities); empty means none."""
    text = cell.strip()
    if name == "date":
        if not text:
            return None
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        problems.append(Problem(_where(row, name), f"expected a date YYYY-MM-DD, got {cell!r}"))
        return None
    if name == "level":
        if not text:
            return None
        levels = {level.value: level for level in Level}
        if text in levels:
            return levels[text]
        problems.append(
            Problem(_where(row, name), f"expected one of {', '.join(levels)}, got {cell!r}")
        )
        return None
    codes = {a.value: a for a in Activity}
    chosen: list[Activity] = []
    for part in (p.strip() for p in text.split(";")) if text else ():
        if part in codes and codes[part] not in chosen:
            chosen.append(codes[part])
        else:
            problems.append(
                Problem(
                    _where(row, name),
                    f"expected activity codes separated by ';' ({', '.join(codes)}), "
                    f"each once; got {part!r}",
                )
            )
    return frozenset(chosen)


def _parse_id(cell: str, row: int, column: str, problems: list[Problem]) -> str:
    if not cell.strip():
        problems.append(Problem(_where(row, column), "empty id; every row needs one"))
    return cell


def _evaluation_code(cell: str, row: int, column: str, problems: list[Problem]) -> int:
    result = _parse_word(cell, _FREQUENCY_WORDS, Frequency)
    if isinstance(result, str):
        problems.append(Problem(_where(row, column), result))
        return _BAD
    return UNANSWERED if result is None else _CODE_OF[result]


def _readiness_answer(
    cell: str, row: int, column: str, problems: list[Problem]
) -> ReadinessAnswer | None:
    result = _parse_word(cell, _READINESS_WORDS, ReadinessAnswer)
    if isinstance(result, str):
        problems.append(Problem(_where(row, column), result))
        return None
    return result


@attrs.define
class _Record:
    """One respondent's (or setting's) parsed answers and context, before building."""

    rows: list[int]
    key: str | None
    answers: dict[str, object]
    context: dict[str, object]
    groups: dict[str, str]
    problems: list[Problem]


def _table(
    text: str, *, required: Sequence[str], optional: Sequence[str]
) -> tuple[int, dict[str, int], list[tuple[int, list[str]]]]:
    """The header's width and column index, and the rows; a bad header is refused whole."""
    header, rows = _rows(text)
    index, problems = _check_header(header, required=required, optional=optional)
    if problems:
        raise ValidationError("CSV header", problems)
    return len(header), index, rows


def _ragged(n: int, row: list[str], width: int) -> _Record | None:
    """A rejected record for row ``n`` when it has not as many cells as the header."""
    if len(row) == width:
        return None
    problem = Problem(f"row {n}", f"expected {width} cells, like the header; got {len(row)}")
    return _Record([n], None, {}, {}, {}, [problem])


def _wide_records(
    text: str,
    *,
    ids: Sequence[str],
    id_column: str,
    group_columns: Sequence[str],
    context: Sequence[str],
    cell: _CellParser,
) -> tuple[dict[str, int], list[_Record]]:
    """The header's column index, and one record per row, in file order."""
    width, index, rows = _table(
        text,
        required=[*ids, *group_columns],
        optional=[id_column, *context, *group_columns],
    )
    records: list[_Record] = []
    for n, row in rows:
        if (ragged := _ragged(n, row, width)) is not None:
            records.append(ragged)
            continue
        found: list[Problem] = []
        key = _parse_id(row[index[id_column]], n, id_column, found) if id_column in index else None
        answers = {i: cell(row[index[i]], n, i, found) for i in ids}
        ctx = {c: _parse_context(c, row[index[c]], n, found) for c in context if c in index}
        groups = {g: row[index[g]] for g in group_columns}
        records.append(_Record([n], key, answers, ctx, groups, found))
    _check_unique_ids(records, id_column)
    return index, records


def _check_unique_ids(records: list[_Record], id_column: str) -> None:
    first: dict[str, int] = {}
    for record in records:
        if record.key is None or not record.key.strip():
            continue
        if record.key in first:
            record.problems.append(
                Problem(
                    _where(record.rows[0], id_column),
                    f"id {record.key!r} is also on row {first[record.key]}; ids must be unique",
                )
            )
        else:
            first[record.key] = record.rows[0]


def _long_records(
    text: str,
    *,
    ids: Sequence[str],
    id_column: str,
    id_name: str,
    group_columns: Sequence[str],
    context: Sequence[str],
    cell: _CellParser,
) -> tuple[dict[str, int], list[_Record]]:
    """The header's column index, and one record per respondent, then unreadable rows."""
    width, index, rows = _table(
        text,
        required=[id_column, id_name, "answer", *group_columns],
        optional=[*context, *group_columns],
    )
    known = set(ids)
    by_key: dict[str, _Record] = {}
    orphans: list[_Record] = []
    for n, row in rows:
        if (ragged := _ragged(n, row, width)) is not None:
            orphans.append(ragged)  # a row that cannot be read belongs to no respondent
            continue
        found: list[Problem] = []
        key = _parse_id(row[index[id_column]], n, id_column, found)
        record = by_key.setdefault(key, _Record([], key, {}, {}, {}, []))
        record.rows.append(n)
        item = row[index[id_name]].strip()
        value = cell(row[index["answer"]], n, "answer", found)
        if item not in known:
            found.append(Problem(_where(n, id_name), f"unknown id {item!r}"))
        elif item in record.answers:
            found.append(Problem(_where(n, id_name), f"{item!r} is answered twice for {key!r}"))
        else:
            record.answers[item] = value
        changed = [
            c
            for c in context
            if c in index
            and record.context.setdefault(c, parsed := _parse_context(c, row[index[c]], n, found))
            != parsed
        ]
        changed += [
            g for g in group_columns if record.groups.setdefault(g, row[index[g]]) != row[index[g]]
        ]
        found.extend(Problem(_where(n, c), f"differs from {key!r}'s first row") for c in changed)
        record.problems.extend(found)
    return index, [*by_key.values(), *orphans]


def _finish(
    records: list[_Record],
    build: Callable[[_Record], _T],
    group_columns: Sequence[str],
    *,
    keep_good_rows: bool,
    what: str,
) -> CsvTable[_T]:
    built: list[_T] = []
    groups: dict[str, list[str]] = {g: [] for g in group_columns}
    rejected: list[RejectedRow] = []
    for record in records:
        if not record.problems:
            try:
                built.append(build(record))
            except ValidationError as error:
                where = f"row {record.rows[0]}"
                record.problems.extend(
                    Problem(f"{where}, {p.location}", p.message) for p in error.problems
                )
        if record.problems:
            rejected.append(RejectedRow(tuple(record.rows), tuple(record.problems)))
            continue
        for g in group_columns:
            groups[g].append(record.groups[g])
    if rejected and not keep_good_rows:
        raise ValidationError(what, _capped([p for r in rejected for p in r.problems]))
    return CsvTable(
        rows=tuple(built),
        groups=FrozenDict((g, tuple(v)) for g, v in groups.items()),
        rejected=tuple(rejected),
    )


def _build_response(record: _Record) -> EvaluationResponse:
    answers = {
        i: None if code == UNANSWERED else _FREQUENCIES[typing.cast("int", code)]
        for i, code in record.answers.items()
    }
    return EvaluationResponse(
        answers,
        respondent=record.key,
        date=record.context.get("date"),  # type: ignore[arg-type]
        level=record.context.get("level"),  # type: ignore[arg-type]
        activities=record.context.get("activities", frozenset()),  # type: ignore[arg-type]
        preferred_activities=record.context.get("preferred_activities", frozenset()),  # type: ignore[arg-type]
    )


def _build_assessment(record: _Record) -> ReadinessAssessment:
    return ReadinessAssessment(
        {_CELL_OF[q]: a for q, a in record.answers.items()},  # type: ignore[misc]
        setting=record.key,
        date=record.context.get("date"),  # type: ignore[arg-type]
    )


def read_evaluation_csv(
    source: Source,
    *,
    layout: Layout = "wide",
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> CsvTable[EvaluationResponse]:
    r"""Read Coproduction Evaluation responses from a CSV file, strictly.

    Wide files have one column per item id (all 23 are required), and may have
    ``respondent`` (or ``id_column``), ``date`` (YYYY-MM-DD), ``level`` (a
    :class:`~coproduction.Level` code), ``activities`` and
    ``preferred_activities`` (activity codes separated by ``;``) and the grouping
    columns named in ``group_columns``. Long files have ``respondent``, ``item``
    and ``answer`` columns, one row per answer; context and group cells must be
    the same on every row of a respondent.

    Each answer cell holds ``0``, ``1``, ``2`` (the library's documented codes),
    a label (``Sometimes``; case and spacing do not matter) or nothing
    (unanswered). Ids must be non-empty and unique.

    Args:
        source: A path, or an open text file.
        layout: ``"wide"`` or ``"long"``.
        id_column: The name of the respondent id column.
        group_columns: Columns to keep for grouping (e.g. ``"ward"``); required.
        keep_good_rows: Return the good rows and the rejected ones with reasons,
            instead of refusing the whole file.

    Raises:
        ValidationError: Listing every problem by row and column (the header is
            row 1): unknown, duplicate and missing columns, cells that cannot be
            read, duplicate ids. Nothing is returned. Listing stops after 1,000
            problems with a line counting the rest.

    >>> import io
    >>> table = read_evaluation_csv(io.StringIO("respondent,support_1,trust_9\nR-1,2,1"))
    Traceback (most recent call last):
    ...
    coproduction.exceptions.ValidationError: CSV header: 2 problems
      - row 1, column 3: unknown column 'trust_9'; ...
      - row 1: missing columns: support_2, ...

    .. versionadded:: 0.1.0
    """
    text = _read_text(source)
    maker = _wide_records if layout == "wide" else _long_records
    extra = {} if layout == "wide" else {"id_name": "item"}
    _, records = maker(
        text,
        ids=_ITEM_IDS,
        id_column=id_column,
        group_columns=group_columns,
        context=_CONTEXT,
        cell=_evaluation_code,
        **extra,
    )
    return _finish(
        records,
        _build_response,
        group_columns,
        keep_good_rows=keep_good_rows,
        what="evaluation responses (CSV)",
    )


def read_readiness_csv(
    source: Source,
    *,
    layout: Layout = "wide",
    id_column: str = "setting",
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> CsvTable[ReadinessAssessment]:
    """Read Readiness Checker assessments from a CSV file, strictly.

    Wide files have one column per question id (``listened_to_obligation``; all 21
    are required) and may have ``setting`` (or ``id_column``) and ``date``. Long
    files have ``setting``, ``question`` and ``answer`` columns. Answers are
    ``yes``, ``partly``, ``no`` (any case) or empty (unanswered).

    Args:
        source: A path, or an open text file.
        layout: ``"wide"`` or ``"long"``.
        id_column: The name of the setting id column.
        group_columns: Columns to keep for grouping (e.g. ``"audit_round"``);
            required.
        keep_good_rows: Return the good rows and the rejected ones with reasons.

    Raises:
        ValidationError: As :func:`read_evaluation_csv`.

    .. versionadded:: 0.1.0
    """
    text = _read_text(source)
    maker = _wide_records if layout == "wide" else _long_records
    extra = {} if layout == "wide" else {"id_name": "question"}
    _, records = maker(
        text,
        ids=_QUESTION_IDS,
        id_column=id_column,
        group_columns=group_columns,
        context=("date",),
        cell=_readiness_answer,
        **extra,
    )
    return _finish(
        records,
        _build_assessment,
        group_columns,
        keep_good_rows=keep_good_rows,
        what="readiness assessments (CSV)",
    )


# --- the fast wide reader (no per-cell Python objects) -------------------------------


def read_wide_codes(
    data: bytes,
    *,
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
) -> tuple[NDArray[np.int8], tuple[str, ...] | None, dict[str, tuple[str, ...]]]:
    """Read a wide evaluation CSV into an ``(n, 23)`` int8 array of codes.

    Codes are 0, 1, 2 and :data:`UNANSWERED` (-1), columns in
    ``COPRODUCTION_EVALUATION.item_ids`` order. Returns the array, the respondent ids
    (``None`` without an id column) and the grouping columns.

    Files without quote characters are parsed with numpy over the raw bytes: no
    Python object per cell. Files with quotes go through :mod:`csv`.

    Raises:
        ValidationError: As :func:`read_evaluation_csv`; nothing is returned.
    """
    raw = read_wide_raw(data, id_column=id_column, group_columns=group_columns)
    if isinstance(raw, RawWide):
        ids = None if raw.ids is None else tuple(decode_column(raw.ids, id_column))
        groups = {g: tuple(decode_column(v, g)) for g, v in raw.groups.items()}
        return raw.codes, ids, groups
    return raw


def read_evaluation_cohort(
    source: str | os.PathLike[str] | IO[bytes] | bytes,
    *,
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
) -> EvaluationCohort:
    r"""Read a wide evaluation CSV straight into an :class:`~coproduction.EvaluationCohort`.

    The file is read as :func:`read_evaluation_csv` reads the wide layout, with the
    same checks and messages, but without making a response object per row: a
    file without quote characters is parsed with numpy over its bytes, straight
    into the cohort's ``int8`` array (see ``docs/performance.md``). Context columns
    (``date``, ``level``, activities) are checked but not kept, as cohorts hold
    answers, ids and grouping columns only.

    Args:
        source: A path, an open binary file, or the file's bytes.
        id_column: The respondent id column (optional in the file).
        group_columns: Grouping columns to keep (required in the file).

    Raises:
        ValidationError: Every problem, by row and column; nothing is returned.

    >>> data = b"respondent,ward," + ",".join(COPRODUCTION_EVALUATION.item_ids).encode()
    >>> data += b"\nR-1,Oak," + b",".join([b"2"] * 23) + b"\n"
    >>> cohort = read_evaluation_cohort(data, group_columns=["ward"])
    >>> len(cohort), cohort.respondents, cohort.answers[0, :3].tolist()
    (1, ('R-1',), [2, 2, 2])

    .. versionadded:: 0.1.0
    """
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        data = Path(source).read_bytes()
    else:
        data = source.read()
    codes, ids, groups = read_wide_codes(data, id_column=id_column, group_columns=group_columns)
    return EvaluationCohort.from_array(codes, respondents=ids, groups=groups)


@attrs.frozen
class RawWide:
    """What the numpy reader found: codes, and ids and groups as fixed-width bytes."""

    codes: NDArray[np.int8]
    ids: NDArray[np.bytes_] | None
    groups: dict[str, NDArray[np.bytes_]]


def read_wide_raw(
    data: bytes,
    *,
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
) -> RawWide | tuple[NDArray[np.int8], tuple[str, ...] | None, dict[str, tuple[str, ...]]]:
    """:func:`read_wide_codes`, leaving ids and groups as bytes arrays on the fast path.

    Returns a :class:`RawWide` when the file was parsed with numpy, or the decoded
    triple when it went through :mod:`csv` (quotes, stray carriage returns, ragged
    rows), whose messages then locate every problem.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head, _, body = data.partition(b"\n")
    header_text = decode_utf8(head)
    header = [h.strip() for h in next(csv.reader([header_text.rstrip("\r")]), [])]
    # Quotes, stray carriage returns and NUL bytes go through csv (NUL pads numpy's bytes).
    carriage_returns = data.count(b"\r")
    plain = (
        b'"' not in data
        and b"\0" not in data
        and (carriage_returns == 0 or carriage_returns == data.count(b"\r\n"))
    )
    if not plain or not header:
        return _read_wide_codes_slow(decode_utf8(data), id_column, group_columns)
    index, problems = _check_header(
        header,
        required=[*_ITEM_IDS, *group_columns],
        optional=[id_column, *_CONTEXT, *group_columns],
    )
    if problems:
        raise ValidationError("CSV header", problems)
    width = len(header)
    body = body.rstrip(b"\r\n")
    body = body + b"\n" if body else b""
    parts: list[_Chunk] = []
    first_row = 2
    for chunk in _chunks(body):
        fields = _fields(chunk, width)
        if fields is None:  # ragged rows or blank lines: let csv report them precisely
            return _read_wide_codes_slow(decode_utf8(data), id_column, group_columns)
        parts.append(_read_chunk(*fields, index, id_column, group_columns, first_row))
        first_row += parts[-1].codes.shape[0]
    return _combine(parts, id_column if id_column in index else None, group_columns)


_CHUNK_BYTES: Final = 1 << 23  # 8 MB of text at a time keeps the work arrays small


def _chunks(body: bytes) -> list[bytes]:
    """The body in pieces of about 8 MB, each ending at a line feed."""
    chunks = []
    start = 0
    while start < len(body):
        end = body.find(b"\n", min(start + _CHUNK_BYTES, len(body) - 1)) + 1
        chunks.append(body[start:end])
        start = end
    return chunks


@attrs.frozen
class _Chunk:
    codes: NDArray[np.int8]
    ids: NDArray[np.bytes_] | None
    groups: dict[str, NDArray[np.bytes_]]
    problems: list[Problem]
    bad_cells: int


def _read_chunk(
    buf: NDArray[np.uint8],
    seps: NDArray[np.int64],
    index: dict[str, int],
    id_column: str,
    group_columns: Sequence[str],
    first_row: int,
) -> _Chunk:
    """Codes, ids and groups of one chunk, and the problems in it (rows counted from first_row)."""
    n = seps.shape[1]
    codes = np.empty((n, len(_ITEM_IDS)), dtype=np.int8)
    problems: list[Problem] = []
    for j, item_id in enumerate(_ITEM_IDS):
        codes[:, j] = _codes(buf, *_bounds(buf, seps, index[item_id]))
    bad_rows, bad_cols = np.nonzero(codes == _BAD)
    listed = zip(bad_rows[:MAX_PROBLEMS].tolist(), bad_cols[:MAX_PROBLEMS].tolist(), strict=True)
    for r, j in listed:
        starts, ends = _bounds(buf, seps, index[_ITEM_IDS[j]])
        cell = _decode_lenient(bytes(buf[starts[r] : ends[r]]))
        _evaluation_code(cell, r + first_row, _ITEM_IDS[j], problems)
    for name in _CONTEXT:
        if name in index:
            raw = _column(buf, *_bounds(buf, seps, index[name]))
            values, inverse = np.unique(raw, return_inverse=True)
            for k, value in enumerate(values.tolist()):
                found: list[Problem] = []
                _parse_context(name, _decode_lenient(value), 0, found)
                if found:
                    rows = np.flatnonzero(inverse == k)[:MAX_PROBLEMS] + first_row
                    problems.extend(
                        Problem(_where(int(r), name), found[0].message) for r in rows.tolist()
                    )
    ids = _column(buf, *_bounds(buf, seps, index[id_column])) if id_column in index else None
    groups = {g: _column(buf, *_bounds(buf, seps, index[g])) for g in group_columns}
    return _Chunk(codes, ids, groups, problems, max(0, bad_rows.size - MAX_PROBLEMS))


def _combine(parts: list[_Chunk], id_column: str | None, group_columns: Sequence[str]) -> RawWide:
    """Join the chunks; check ids across the whole file; refuse it if anything was wrong."""
    if not parts:  # a header without rows
        empty = np.zeros(0, dtype="S1")
        codes = np.zeros((0, len(_ITEM_IDS)), dtype=np.int8)
        codes.flags.writeable = False
        return RawWide(
            codes, None if id_column is None else empty, dict.fromkeys(group_columns, empty)
        )
    codes = np.concatenate([p.codes for p in parts]) if len(parts) > 1 else parts[0].codes
    problems = [problem for p in parts for problem in p.problems]
    unlisted = sum(p.bad_cells for p in parts)
    ids = None
    if id_column is not None:
        ids = np.concatenate([p.ids for p in parts if p.ids is not None])
        problems.extend(_id_problems(ids, id_column))
    groups = {g: np.concatenate([p.groups[g] for p in parts]) for g in group_columns}
    if problems:
        raise ValidationError("evaluation responses (CSV)", _capped(problems, unlisted))
    codes.flags.writeable = False
    return RawWide(codes, ids, groups)


def decode_column(raw: NDArray[np.bytes_], name: str) -> list[str]:
    """A bytes column as text, in one decode; the first row that is not UTF-8 is named."""
    if raw.size == 0:
        return []
    try:
        return b"\n".join(raw.tolist()).decode("utf-8").split("\n")
    except UnicodeDecodeError:
        for r, value in enumerate(raw.tolist()):
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                problem = Problem(_where(r + 2, name), "not UTF-8 text; save the file as CSV UTF-8")
                raise ValidationError("CSV file", [problem]) from None
        raise  # pragma: no cover - the loop finds the row


def _all_distinct(raw: NDArray[np.bytes_]) -> bool:
    """Whether no two ids are equal, from a 64-bit hash of each (equal hashes: not sure)."""
    matrix = np.ascontiguousarray(raw).view(np.uint8).reshape(raw.size, raw.dtype.itemsize)
    hashes = np.full(raw.size, 14695981039346656037, dtype=np.uint64)  # FNV-1a
    for column in matrix.T:
        hashes ^= column
        hashes *= np.uint64(1099511628211)
    ordered = np.sort(hashes)
    return not bool((ordered[1:] == ordered[:-1]).any())


def _id_problems(raw: NDArray[np.bytes_], id_column: str) -> list[Problem]:
    """Empty and repeated ids, by row, from one vectorised pass."""
    problems = [
        Problem(_where(int(r) + 2, id_column), "empty id; every row needs one")
        for r in np.flatnonzero(np.char.strip(raw) == b"")[:MAX_PROBLEMS].tolist()
    ]
    if _all_distinct(raw):  # the usual case, without sorting the ids themselves
        return problems
    values, first, inverse, counts = np.unique(
        raw, return_index=True, return_inverse=True, return_counts=True
    )
    repeated = np.flatnonzero((counts[inverse] > 1) & (np.arange(raw.size) != first[inverse]))
    problems.extend(
        Problem(
            _where(r + 2, id_column),
            f"id {_decode_lenient(values[inverse[r]])!r} is also on row "
            f"{int(first[inverse[r]]) + 2}; ids must be unique",
        )
        for r in repeated[:MAX_PROBLEMS].tolist()
    )
    return problems


def _fields(body: bytes, width: int) -> tuple[NDArray[np.uint8], NDArray[np.int64]] | None:
    """Each row's separator positions, as a ``(width, rows)`` array; None if irregular.

    ``body`` holds whole lines, each ending with a line feed.

    Row ``r``'s cell ``c`` ends at ``seps[c, r]`` (a comma, or the line feed for the
    last cell) and starts after ``seps[c - 1, r]`` (or the previous row's end).
    """
    buf = np.frombuffer(body, dtype=np.uint8)
    newline = buf == ord("\n")
    flat = np.flatnonzero(newline | (buf == ord(",")))
    if flat.size % width:
        return None
    seps = flat.reshape(-1, width)
    # n line feeds, each the last separator of a row: every other separator is a comma.
    if np.count_nonzero(newline) != seps.shape[0] or not newline[seps[:, -1]].all():
        return None
    return buf, np.ascontiguousarray(seps.T)


def _bounds(
    buf: NDArray[np.uint8], seps: NDArray[np.int64], col: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Where the cells of one column start and end (a carriage return is not content)."""
    ends = seps[col]
    if col == 0:
        starts = np.empty_like(ends)
        starts[:1] = 0
        starts[1:] = seps[-1, :-1] + 1
    else:
        starts = seps[col - 1] + 1
    if col == seps.shape[0] - 1:
        carriage = (ends > starts) & (buf[ends - 1] == ord("\r"))
        ends = ends - carriage
    return starts, ends


def _column(
    buf: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.bytes_]:
    """One column's cells as a fixed-width bytes array (one numpy buffer, no objects)."""
    lengths = ends - starts
    width = int(lengths.max()) if lengths.size else 0
    if width == 0:
        return np.zeros(lengths.shape, dtype="S1")
    offsets = np.arange(width)
    inside = offsets < lengths[:, None]
    chars = buf[np.where(inside, starts[:, None] + offsets, 0)]
    chars[~inside] = 0
    return np.ascontiguousarray(chars).view(f"S{width}").ravel()


_CODE_TABLE = np.full(256, _BAD, dtype=np.int8)
_CODE_TABLE[[ord("0"), ord("1"), ord("2")]] = [0, 1, 2]


def _codes(
    buf: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.int8]:
    """Codes of one item column: 0/1/2 and empty fast; anything else by its distinct values."""
    lengths = ends - starts
    out = np.where(lengths == 0, np.int8(UNANSWERED), _CODE_TABLE[buf[starts]])
    other = np.flatnonzero(lengths > 1)
    if other.size:
        raw = _column(buf, starts[other], ends[other])
        values, inverse = np.unique(raw, return_inverse=True)
        mapped = np.array([_word_code(_decode_lenient(v)) for v in values.tolist()], dtype=np.int8)
        out[other] = mapped[inverse]
    return out.astype(np.int8)


def _decode_lenient(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _word_code(cell: str) -> int:
    result = _parse_word(cell, _FREQUENCY_WORDS, Frequency)
    if isinstance(result, str):
        return _BAD
    return UNANSWERED if result is None else _CODE_OF[result]


def _read_wide_codes_slow(
    text: str, id_column: str, group_columns: Sequence[str]
) -> tuple[NDArray[np.int8], tuple[str, ...] | None, dict[str, tuple[str, ...]]]:
    index, records = _wide_records(
        text,
        ids=_ITEM_IDS,
        id_column=id_column,
        group_columns=group_columns,
        context=_CONTEXT,
        cell=_evaluation_code,
    )
    problems = [p for r in records for p in r.problems]
    if problems:
        raise ValidationError("evaluation responses (CSV)", _capped(problems))
    codes = np.array([[r.answers[i] for i in _ITEM_IDS] for r in records], dtype=np.int8).reshape(
        -1, len(_ITEM_IDS)
    )
    codes.flags.writeable = False
    # The result's columns are the header's, as on the numpy path: rows may be none.
    respondents = tuple(str(r.key) for r in records) if id_column in index else None
    groups = {g: tuple(r.groups[g] for r in records) for g in group_columns}
    return codes, respondents, groups


# --- writing ------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Make a text cell safe to open in a spreadsheet (OWASP CSV injection guidance).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
    line feed would be run as a formula by some spreadsheets; it gets a leading
    ``'``. Other text is unchanged. Readers do not remove the ``'``: nothing is
    guessed.

    >>> neutralise("=HYPERLINK(1)"), neutralise("R-0001")
    ("'=HYPERLINK(1)", 'R-0001')

    .. versionadded:: 0.1.0
    """
    return f"'{cell}" if cell.startswith(FORMULA_PREFIXES) else cell


def _open_target(target: Target) -> contextlib.AbstractContextManager[IO[str]]:
    """A path: written atomically (see :mod:`coproduction._atomic`); an open file: the caller's."""
    if isinstance(target, str | os.PathLike):
        return atomic_output(target, text=True)
    return contextlib.nullcontext(target)


def _context_columns(responses: Sequence[EvaluationResponse]) -> list[str]:
    columns = []
    if any(r.date is not None for r in responses):
        columns.append("date")
    if any(r.level is not None for r in responses):
        columns.append("level")
    columns.extend(
        name
        for name in ("activities", "preferred_activities")
        if any(getattr(r, name) for r in responses)
    )
    return columns


def _context_cell(response: EvaluationResponse | ReadinessAssessment, name: str) -> str:
    value = getattr(response, name)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Level):
        return str(value.value)
    return ";".join(a.value for a in Activity if a in value)


def _ids_of(items: Sequence[object], attribute: str, *, long: bool) -> bool:
    keys = [getattr(item, attribute) for item in items]
    if all(k is None for k in keys) and not long:
        return False
    problems = [
        Problem(
            f"rows[{i}]",
            f"no {attribute}; the long layout needs one for every row"
            if long
            else f"no {attribute}; give every row an id, or none",
        )
        for i, k in enumerate(keys)
        if k is None
    ]
    if problems:
        raise ValidationError("CSV writing", problems)
    return True


def write_evaluation_csv(
    responses: Iterable[EvaluationResponse],
    target: Target,
    *,
    layout: Layout = "wide",
    answers: Literal["codes", "labels"] = "codes",
    groups: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write responses as CSV that :func:`read_evaluation_csv` reads back unchanged, but see below.

    Columns: ``respondent`` (when the responses have ids), the context columns the
    responses use (``date``, ``level``, ``activities``, ``preferred_activities``),
    the grouping columns, then the answers. Text cells (ids, grouping values and
    grouping column names) are neutralised (:func:`neutralise`); codes stay numbers.

    The one exception to "reads back unchanged": an id, grouping value or grouping
    column name that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
    return or a line feed is written with a leading ``'`` and reads back with it
    (``"=1"`` comes back as ``"'=1"``). Readers do not undo the neutralisation,
    because a leading ``'`` cannot be told apart from data that starts with one.
    Everything else (answers, context, every other text) reads back as written.

    Given a path, the file is written whole or not at all (a temporary file beside
    it, renamed into place when every row was written).

    Args:
        responses: The responses, in the order to write them.
        target: A path, or an open text file (opened with ``newline=""``).
        layout: ``"wide"`` (one row per response) or ``"long"`` (one row per answer).
        answers: ``"codes"`` (``0``, ``1``, ``2``) or ``"labels"`` (``Sometimes``).
        groups: Grouping columns to add, each with one value per response.

    Raises:
        ValidationError: Some responses have ids and some do not, or a group does
            not have one value per response.

    .. versionadded:: 0.1.0
    """
    rows = list(responses)
    groups = dict(groups or {})
    problems = [
        Problem(f"groups[{g!r}]", f"expected {len(rows)} values, one per response, got {len(v)}")
        for g, v in groups.items()
        if len(v) != len(rows)
    ]
    if problems:
        raise ValidationError("CSV writing", problems)
    with_ids = _ids_of(rows, "respondent", long=layout == "long")
    context = _context_columns(rows)

    def answer(value: Frequency | None) -> str | int:
        if value is None:
            return ""
        return _CODE_OF[value] if answers == "codes" else value.label

    head = (["respondent"] if with_ids else []) + context + [neutralise(g) for g in groups]
    with _open_target(target) as out:
        writer = csv.writer(out, lineterminator="\r\n")  # CRLF, so CR in a cell is quoted
        if layout == "wide":
            writer.writerow([*head, *_ITEM_IDS])
        else:
            writer.writerow([*head, "item", "answer"])
        for k, r in enumerate(rows):
            lead = [neutralise(r.respondent)] if with_ids and r.respondent else []
            lead += [_context_cell(r, c) for c in context]
            lead += [neutralise(v[k]) for v in groups.values()]
            if layout == "wide":
                writer.writerow([*lead, *(answer(r.answers[i]) for i in _ITEM_IDS)])
            else:
                writer.writerows([*lead, i, answer(r.answers[i])] for i in _ITEM_IDS)


def write_readiness_csv(
    assessments: Iterable[ReadinessAssessment],
    target: Target,
    *,
    layout: Layout = "wide",
) -> None:
    """Write assessments as CSV that :func:`read_readiness_csv` reads back unchanged, but see below.

    Columns: ``setting`` (when the assessments have one), ``date`` (when any has
    one), then one column per question id (wide) or ``question`` and ``answer``
    (long). Answers are written as ``yes``, ``partly``, ``no``.

    The one exception to "reads back unchanged": a setting that starts with
    ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed is written
    neutralised (:func:`neutralise`, a leading ``'``) and reads back with the
    ``'``, as for :func:`write_evaluation_csv`. Given a path, the file is written
    whole or not at all.

    Raises:
        ValidationError: Some assessments have a setting and some do not.

    .. versionadded:: 0.1.0
    """
    rows = list(assessments)
    with_ids = _ids_of(rows, "setting", long=layout == "long")
    dated = any(a.date is not None for a in rows)
    head = (["setting"] if with_ids else []) + (["date"] if dated else [])
    cells: tuple[tuple[Activity, Dimension], ...] = READINESS_CHECKER.cells
    with _open_target(target) as out:
        writer = csv.writer(out, lineterminator="\r\n")  # CRLF, so CR in a cell is quoted
        if layout == "wide":
            writer.writerow([*head, *_QUESTION_IDS])
        else:
            writer.writerow([*head, "question", "answer"])
        for a in rows:
            lead = [neutralise(a.setting)] if with_ids and a.setting else []
            if dated:
                lead.append(_context_cell(a, "date"))
            values = ["" if a.answers[c] is None else a.answers[c].value for c in cells]  # type: ignore[union-attr]
            if layout == "wide":
                writer.writerow([*lead, *values])
            else:
                writer.writerows([*lead, q, v] for q, v in zip(_QUESTION_IDS, values, strict=True))
