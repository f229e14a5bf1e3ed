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

import csv
import datetime as dt
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final, Generic, Literal, TypeVar

import attrs

from coproduction._atomic import Target, open_target
from coproduction._checks import (
    describe,
    elements,
    expect,
    names,
    option,
    refuse,
    repeated_id,
    written_text,
)
from coproduction._cohorts import EvaluationCohort
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    ITEM_IDS,
    QUESTION_CELLS,
    QUESTION_IDS,
    READINESS_CHECKER,
    Dimension,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import Missing
from coproduction._power import Activity, Level
from coproduction._reader import (
    CONTEXT,
    MAX_FIELD,
    MAX_HEADER,
    MAX_PROBLEMS,
    CellParser,
    Layout,
    LongRecords,
    Problems,
    Record,
    Source,
    check_header,
    check_options,
    collect_cohort,
    evaluation_code,
    missing_codes_hint,
    ragged,
    read_chunks,
    table,
    where,
    wide_record,
)
from coproduction._responses import (
    READINESS_WORDS,
    EvaluationResponse,
    ReadinessAssessment,
    parse_word,
)
from coproduction._table_out import neutralise
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "RejectedRow",
    "Table",
    "neutralise",
    "read_chunks",
    "read_cohort",
    "read_evaluations",
    "read_readiness",
    "write_evaluations",
    "write_readiness",
]

_T = TypeVar("_T", EvaluationResponse, ReadinessAssessment)
_FREQUENCIES: Final = tuple(Frequency)
_CODE_OF: Final = {f: i for i, f in enumerate(_FREQUENCIES)}


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
class Table(Generic[_T]):
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


# --- reading: every file goes through coproduction._reader -------------------------


def _table(
    source: Source, *, required: Sequence[str], optional: Sequence[str]
) -> tuple[dict[str, int], list[str], list[tuple[int, list[str], list[Problem]]], Problems]:
    """The header's column index and cells, the rows; a bad header is refused whole."""
    header, rows, ending = table(source)
    index, problems = check_header(header, required=required, optional=optional)
    if problems:
        raise ValidationError("CSV header", problems)
    return index, header, rows, ending


def _wide_records(
    source: Source,
    *,
    ids: Sequence[str],
    id_column: str,
    group_columns: Sequence[str],
    context: Sequence[str],
    cell: CellParser,
) -> tuple[list[Record], Problems]:
    """One record per row, in file order, and the problems that ended the reading."""
    index, header, rows, ending = _table(
        source,
        required=[*ids, *group_columns],
        optional=[id_column, *context, *group_columns],
    )
    records: list[Record] = []
    for n, row, found in rows:
        if (bad := ragged(n, row, len(header))) is not None:
            bad.problems[:0] = found
            records.append(bad)
            continue
        records.append(
            wide_record(
                n,
                row,
                found,
                ids=ids,
                index=index,
                id_column=id_column,
                group_columns=group_columns,
                context=context,
                cell=cell,
            )
        )
    _check_unique_ids(records, id_column)
    return records, ending


def _check_unique_ids(records: list[Record], id_column: str) -> None:
    first: dict[object, str] = {}
    for record in records:
        row = record.rows[0]
        if problem := repeated_id(first, record.key, f"row {row}", where(row, id_column)):
            record.problems.append(problem)


def _long_records(
    source: Source,
    *,
    ids: Sequence[str],
    id_column: str,
    id_name: str,
    group_columns: Sequence[str],
    context: Sequence[str],
    cell: CellParser,
) -> tuple[list[Record], Problems]:
    """One record per respondent, then unreadable rows; and what ended the reading."""
    index, header, rows, ending = _table(
        source,
        required=[id_column, id_name, "answer", *group_columns],
        optional=[*context, *group_columns],
    )
    records = LongRecords(
        ids=ids,
        index=index,
        width=len(header),
        id_column=id_column,
        id_name=id_name,
        group_columns=group_columns,
        context=context,
        cell=cell,
    )
    for n, row, found in rows:
        records.add(n, row, found)
    return records.records(), ending


def _readiness_answer(
    cell: str, row: int, column: str, problems: list[Problem]
) -> ReadinessAnswer | Missing | None:
    """An answer, the kind of missing of an absent one, or ``None`` for a refused cell."""
    if (kind := Missing.from_cell(cell)) is not None:
        return kind
    result = parse_word(cell, READINESS_WORDS, ReadinessAnswer)
    if isinstance(result, str):
        problems.append(Problem(where(row, column), f"{result}{missing_codes_hint()}"))
        return None
    return Missing.NOT_ANSWERED if result is None else result


def _finish(
    records: list[Record],
    ending: Problems,
    build: Callable[[Record], _T],
    group_columns: Sequence[str],
    *,
    keep_good_rows: bool,
    what: str,
) -> Table[_T]:
    built: list[_T] = []
    groups: dict[str, list[str]] = {g: [] for g in group_columns}
    rejected: list[RejectedRow] = []
    for record in records:
        if not record.problems:
            try:
                built.append(build(record))
            except ValidationError as error:
                at = f"row {record.rows[0]}"
                record.problems.extend(
                    Problem(f"{at}, {p.location}", p.message) for p in error.problems
                )
        if record.problems:
            rejected.append(RejectedRow(tuple(record.rows), tuple(record.problems)))
            continue
        for g in group_columns:
            groups[g].append(record.groups[g])
    if ending or (rejected and not keep_good_rows):
        # A file that could not be read to its end is refused whole, even keeping good rows.
        found = Problems(MAX_PROBLEMS)
        for r in rejected:
            for p in r.problems:
                found.add(r.rows[0], p)
        for row, _, p in ending.listed:
            found.add(row, p)
        found.raise_if_any(what)
    return Table(
        rows=tuple(built),
        groups=FrozenDict((g, tuple(v)) for g, v in groups.items()),
        rejected=tuple(rejected),
    )


def _build_response(record: Record) -> EvaluationResponse:
    codes = {i: typing.cast("int", code) for i, code in record.answers.items()}
    answers = {i: None if code < 0 else _FREQUENCIES[code] for i, code in codes.items()}
    kinds = {i: kind for i, code in codes.items() if (kind := Missing.from_cohort_code(code))}
    return EvaluationResponse(
        answers,
        missing=kinds,
        respondent=record.key,
        date=record.context.get("date"),
        level=record.context.get("level"),
        activities=record.context.get("activities", frozenset()),
        preferred_activities=record.context.get("preferred_activities", frozenset()),
    )


def _build_assessment(record: Record) -> ReadinessAssessment:
    return ReadinessAssessment(
        {
            QUESTION_CELLS[q]: a if isinstance(a, ReadinessAnswer) else None
            for q, a in record.answers.items()
        },
        missing={QUESTION_CELLS[q]: a for q, a in record.answers.items() if isinstance(a, Missing)},
        setting=record.key,
        date=record.context.get("date"),
    )


def read_evaluations(
    source: Source,
    *,
    layout: Layout = "wide",
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> Table[EvaluationResponse]:
    r"""Read Coproduction Evaluation responses from a CSV file, strictly.

    Wide files have one column per item id (all 23 are required), and may have
    ``respondent`` (or ``id_column``), ``date`` (YYYY-MM-DD), ``level`` (a
    :class:`~coproduction.Level` code), ``activities`` and
    ``preferred_activities`` (activity codes separated by ``;``) and the grouping
    columns named in ``group_columns``. Long files have ``respondent``, ``item``
    and ``answer`` columns, one row per answer; context and group cells must be
    the same on every row of a respondent.

    Each answer cell holds ``0``, ``1``, ``2`` (the library's documented codes),
    a label (``Sometimes``; case, ``_``, ``-`` and inner spaces do not matter) or
    nothing (unanswered). Spaces and tabs around a cell are ignored; any other
    control character is refused. Ids and grouping values must be non-empty, ids
    unique. The file is read by the library's one CSV reader (see
    :func:`read_chunks`): UTF-8, any line ends, quoted fields, fields of
    at most 64 KiB (``coproduction._reader.MAX_FIELD``, the library's convention).

    Args:
        source: A path, the file's bytes, or an open binary or text file.
        layout: ``"wide"`` or ``"long"``.
        id_column: The name of the respondent id column.
        group_columns: Columns to keep for grouping (e.g. ``"ward"``); required.
        keep_good_rows: Return the good rows and the rejected ones with reasons,
            instead of refusing the whole file.

    Raises:
        ValidationError: Listing every problem by row and column (the header is
            row 1): unknown, duplicate and missing columns, cells that cannot be
            read, bytes that are not UTF-8, duplicate ids. Nothing is returned.
            Listing stops after 1,000 problems with a line counting the rest.

    >>> import io
    >>> table = read_evaluations(io.StringIO("respondent,support_1,trust_9\nR-1,2,1"))
    Traceback (most recent call last):
    ...
    coproduction.exceptions.ValidationError: CSV header: 2 problems
      - row 1, column 3: unknown column 'trust_9'; ...
      - row 1: missing columns: support_2, ...

    .. versionadded:: 0.1.0
    """
    group_columns = check_options(
        layout=layout,
        id_column=id_column,
        group_columns=group_columns,
        keep_good_rows=keep_good_rows,
    )
    if layout == "wide":
        records, ending = _wide_records(
            source,
            ids=ITEM_IDS,
            id_column=id_column,
            group_columns=group_columns,
            context=CONTEXT,
            cell=evaluation_code,
        )
    else:
        records, ending = _long_records(
            source,
            ids=ITEM_IDS,
            id_column=id_column,
            id_name="item",
            group_columns=group_columns,
            context=CONTEXT,
            cell=evaluation_code,
        )
    return _finish(
        records,
        ending,
        _build_response,
        group_columns,
        keep_good_rows=keep_good_rows,
        what="evaluation responses (CSV)",
    )


def read_readiness(
    source: Source,
    *,
    layout: Layout = "wide",
    id_column: str = "setting",
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> Table[ReadinessAssessment]:
    """Read Readiness Checker assessments from a CSV file, strictly.

    Wide files have one column per question id (``listened_to_obligation``; all 21
    are required) and may have ``setting`` (or ``id_column``) and ``date``. Long
    files have ``setting``, ``question`` and ``answer`` columns. Answers are
    ``yes``, ``partly``, ``no`` (any case) or empty (unanswered), by the same cell
    rule as :func:`read_evaluations`.

    Args:
        source: A path, the file's bytes, or an open binary or text file.
        layout: ``"wide"`` or ``"long"``.
        id_column: The name of the setting id column.
        group_columns: Columns to keep for grouping (e.g. ``"audit_round"``);
            required.
        keep_good_rows: Return the good rows and the rejected ones with reasons.

    Raises:
        ValidationError: As :func:`read_evaluations`.

    .. versionadded:: 0.1.0
    """
    group_columns = check_options(
        layout=layout,
        id_column=id_column,
        group_columns=group_columns,
        keep_good_rows=keep_good_rows,
    )
    if layout == "wide":
        records, ending = _wide_records(
            source,
            ids=QUESTION_IDS,
            id_column=id_column,
            group_columns=group_columns,
            context=("date",),
            cell=_readiness_answer,
        )
    else:
        records, ending = _long_records(
            source,
            ids=QUESTION_IDS,
            id_column=id_column,
            id_name="question",
            group_columns=group_columns,
            context=("date",),
            cell=_readiness_answer,
        )
    return _finish(
        records,
        ending,
        _build_assessment,
        group_columns,
        keep_good_rows=keep_good_rows,
        what="readiness assessments (CSV)",
    )


def read_cohort(
    source: Source,
    *,
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
    max_field: int = MAX_FIELD,
    max_header: int = MAX_HEADER,
    max_problems: int = MAX_PROBLEMS,
) -> EvaluationCohort:
    r"""Read a wide evaluation CSV straight into an :class:`~coproduction.EvaluationCohort`.

    The cohort of all the blocks :func:`read_chunks` reads, in one:
    the same checks and messages as :func:`read_evaluations`, without a
    response object per row (numpy over the bytes where the file allows it; see
    ``docs/performance.md``). Context columns (``date``, ``level``, activities)
    become the cohort's ``dates``, ``levels``, ``activities`` and
    ``preferred_activities``.

    Args:
        source: A path, the file's bytes, or an open binary or text file.
        id_column: The respondent id column (optional in the file).
        group_columns: Grouping columns to keep (required in the file).
        max_field: The largest field, in bytes (64 KiB, the library's convention).
        max_header: The largest header row, in bytes (64 KiB).
        max_problems: The most problems listed (1,000), then one entry counts the rest.

    Raises:
        ValidationError: Every problem, by row and column; nothing is returned.

    >>> data = b"respondent,ward," + ",".join(ITEM_IDS).encode()
    >>> data += b"\nR-1,Oak," + b",".join([b"2"] * 23) + b"\n"
    >>> cohort = read_cohort(data, group_columns=["ward"])
    >>> len(cohort), cohort.respondents, cohort.answers[0, :3].tolist()
    (1, ('R-1',), [2, 2, 2])

    .. versionadded:: 0.1.0
    """
    return collect_cohort(
        source,
        id_column=id_column,
        group_columns=group_columns,
        max_field=max_field,
        max_header=max_header,
        max_problems=max_problems,
    )


# --- writing ------------------------------------------------------------------------


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


def _groups(groups: object, rows: int, problems: list[Problem]) -> dict[str, Sequence[str]]:
    """The grouping columns to write: names to one text per response."""
    if groups is None:
        return {}
    if not isinstance(groups, Mapping):
        expect(groups, Mapping, "groups", problems)
        return {}
    kept: dict[str, Sequence[str]] = {}
    for name, values in typing.cast("Mapping[object, object]", groups).items():
        where_ = f"groups[{name!r}]"
        expect(name, str, where_, problems)
        if isinstance(name, str) and (message := written_text(name, "column name")) is not None:
            problems.append(Problem(where_, message))
        if isinstance(values, str):  # one text is not one text per response
            problems.append(Problem(where_, f"expected {rows} texts, got {describe(values)}"))
            continue
        texts = names(values, where_, problems)
        problems.extend(  # what the readers would refuse, or strip
            Problem(f"{where_}[{k}]", message)
            for k, text in enumerate(texts)
            if (message := written_text(text, "group value")) is not None
        )
        if len(texts) != rows:
            problems.append(
                Problem(where_, f"expected {rows} values, one per response, got {len(texts)}")
            )
        elif isinstance(name, str):
            kept[name] = texts
    return kept


def write_evaluations(
    responses: Iterable[EvaluationResponse],
    target: Target,
    *,
    layout: Layout = "wide",
    answers: Literal["codes", "labels"] = "codes",
    groups: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write responses as CSV that :func:`read_evaluations` reads back unchanged, but see below.

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
    problems: list[Problem] = []
    rows = elements(responses, EvaluationResponse, "responses", problems)
    option(layout, Layout, "layout", problems)
    option(answers, Literal["codes", "labels"], "answers", problems)
    groups = _groups(groups, len(rows), problems)
    refuse("CSV export", problems)
    with_ids = _ids_of(rows, "respondent", long=layout == "long")
    context = _context_columns(rows)

    def answer(r: EvaluationResponse, item: str) -> str | int:
        value = r.answers[item]
        if value is None:
            return r.missing[item].cell
        return _CODE_OF[value] if answers == "codes" else value.label

    head = (["respondent"] if with_ids else []) + context + [neutralise(g) for g in groups]
    with open_target(target, "CSV export") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # CRLF, so CR in a cell is quoted
        if layout == "wide":
            writer.writerow([*head, *ITEM_IDS])
        else:
            writer.writerow([*head, "item", "answer"])
        for k, r in enumerate(rows):
            lead = [neutralise(r.respondent)] if with_ids and r.respondent else []
            lead += [_context_cell(r, c) for c in context]
            lead += [neutralise(v[k]) for v in groups.values()]
            if layout == "wide":
                writer.writerow([*lead, *(answer(r, i) for i in ITEM_IDS)])
            else:
                writer.writerows([*lead, i, answer(r, i)] for i in ITEM_IDS)


def write_readiness(
    assessments: Iterable[ReadinessAssessment],
    target: Target,
    *,
    layout: Layout = "wide",
) -> None:
    """Write assessments as CSV that :func:`read_readiness` reads back unchanged, but see below.

    Columns: ``setting`` (when the assessments have one), ``date`` (when any has
    one), then one column per question id (wide) or ``question`` and ``answer``
    (long). Answers are written as ``yes``, ``partly``, ``no``.

    The one exception to "reads back unchanged": a setting that starts with
    ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed is written
    neutralised (:func:`neutralise`, a leading ``'``) and reads back with the
    ``'``, as for :func:`write_evaluations`. Given a path, the file is written
    whole or not at all.

    Raises:
        ValidationError: Some assessments have a setting and some do not.

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    rows = elements(assessments, ReadinessAssessment, "assessments", problems)
    option(layout, Layout, "layout", problems)
    refuse("CSV export", problems)
    with_ids = _ids_of(rows, "setting", long=layout == "long")
    dated = any(a.date is not None for a in rows)
    head = (["setting"] if with_ids else []) + (["date"] if dated else [])
    cells: tuple[tuple[Activity, Dimension], ...] = READINESS_CHECKER.cells
    with open_target(target, "CSV export") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # CRLF, so CR in a cell is quoted
        if layout == "wide":
            writer.writerow([*head, *QUESTION_IDS])
        else:
            writer.writerow([*head, "question", "answer"])
        for a in rows:
            lead = [neutralise(a.setting)] if with_ids and a.setting else []
            if dated:
                lead.append(_context_cell(a, "date"))
            values = [a.missing[c].cell if (v := a.answers[c]) is None else v.value for c in cells]
            if layout == "wide":
                writer.writerow([*lead, *values])
            else:
                writer.writerows([*lead, q, v] for q, v in zip(QUESTION_IDS, values, strict=True))
