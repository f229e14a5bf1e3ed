"""REDCap: a data dictionary for both instruments, and records exports read back in.

The data dictionary is REDCap's standard 18-column CSV; uploading it builds the
forms in a REDCap project in one step. Field names are derived from the library's
ids: the evaluation's item ids as they are (``support_1``); the Readiness
Checker's question ids shortened to REDCap's recommended length
(``rc_listened_obl``), each listed in the field annotation with its library id.

A records export (REDCap's "CSV / Microsoft Excel (raw data)") is read strictly:
every bad cell is reported by row and column, and the event and repeat instance
columns, when present, become grouping columns. REDCap's missing-data codes
``NASK`` (not asked), ``ASKU`` (asked but unknown: did not know) and ``NA`` (not
applicable), and the library's ``DECL`` (asked but declined), are read as the
:class:`~coproduction.Missing` kind of the absent answer (define them in the
project's "Missing Data Codes"; see docs/formats.md). :func:`write_records`
writes answers back as a records import file, each kind of missing as its
REDCap code.
"""

from __future__ import annotations

import csv
import io
import typing
from collections.abc import Iterable, Sequence
from typing import Final, Literal, cast, overload

import attrs

from coproduction._atomic import Target, open_target
from coproduction._checks import elements, option, refuse
from coproduction._cohorts import EvaluationCohort, ReadinessCohort
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    QUESTION_IDS,
    READINESS_CHECKER,
    Dimension,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import FROM_REDCAP, Missing
from coproduction._power import Activity
from coproduction._reader import (
    MAX_PROBLEMS,
    Problems,
    Source,
    check_options,
    missing_codes_hint,
    table,
)
from coproduction._responses import EvaluationResponse, ReadinessAssessment, blank
from coproduction._table_out import neutralise
from coproduction.exceptions import Problem, ValidationError
from coproduction.io.csv import RejectedRow, Table, read_evaluations, read_readiness

__all__ = [
    "COLUMNS",
    "field_names",
    "read_cohort",
    "read_records",
    "write_data_dictionary",
    "write_records",
]

#: The 18 columns of a REDCap data dictionary, in REDCap's order.
COLUMNS: Final = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
_EVALUATION_FORM: Final = "rrn_coproduction_evaluation"
#: The grouping value of a row that is not a repeat instance (REDCap leaves it blank).
_NOT_REPEATED: Final = "not repeated"
_READINESS_FORM: Final = "rrn_readiness_checker"
_ACTIVITY_SHORT: Final = {
    Activity.INFORMED: "informed",
    Activity.LISTENED_TO: "listened",
    Activity.EXPRESSING_VIEWS: "expressing",
    Activity.VIEWS_TAKEN_INTO_ACCOUNT: "views_taken",
    Activity.INVOLVED: "involved",
    Activity.SHARED: "shared",
    Activity.IN_CONTROL: "in_control",
}
_DIMENSION_SHORT: Final = {
    Dimension.OBLIGATION: "obl",
    Dimension.READINESS: "rdy",
    Dimension.INFRASTRUCTURE: "inf",
}
_GROUPING: Final = ("redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance")
_PARTLY_NOTE: Final = "'Partly' is the coproduction library's convention, not the booklet's."
#: The missing-data codes a REDCap answer cell may hold, for the message refusing a cell.
_REDCAP_CODES_HINT: Final = "; or a REDCap missing-data code: " + ", ".join(
    repr(kind.redcap_code) for kind in Missing if kind.redcap_code
)


def field_names() -> dict[str, str]:
    """The REDCap field name of every item and question id, in the booklet's order.

    Field names are lowercase letters, digits and underscores, start with a letter
    and have at most 26 characters, as REDCap recommends.

    >>> names = field_names()
    >>> names["support_1"], names["listened_to_obligation"]
    ('support_1', 'rc_listened_obl')

    .. versionadded:: 0.1.0
    """
    names = {item_id: item_id for item_id in COPRODUCTION_EVALUATION.item_ids}
    names.update(
        {
            q.id: f"rc_{_ACTIVITY_SHORT[q.activity]}_{_DIMENSION_SHORT[q.dimension]}"
            for q in READINESS_CHECKER.questions
        }
    )
    return names


def _row(**cells: str) -> list[str]:
    keys = {
        "name": 0,
        "form": 1,
        "section": 2,
        "type": 3,
        "label": 4,
        "choices": 5,
        "note": 6,
        "validation": 7,
        "identifier": 10,
        "required": 12,
        "annotation": 17,
    }
    row = [""] * len(COLUMNS)
    for key, value in cells.items():
        row[keys[key]] = value
    return row


def _evaluation_rows(names: dict[str, str]) -> list[list[str]]:
    ev = COPRODUCTION_EVALUATION
    choices = " | ".join(f"{i}, {f.label}" for i, f in enumerate(Frequency))
    rows = []
    for domain in ev.domains:
        for k, item in enumerate(ev.items_in(domain)):
            section = ""
            if k == 0:
                section = f"{domain.label}"
                if domain is ev.domains[0]:
                    section = f"{ev.stem}<br>{section}"
            rows.append(
                _row(
                    name=names[item.id],
                    form=_EVALUATION_FORM,
                    section=section,
                    type="radio",
                    label=item.text,
                    choices=choices,
                    annotation=f"coproduction:{item.id}",
                )
            )
    return rows


def _readiness_rows(names: dict[str, str]) -> list[list[str]]:
    rc = READINESS_CHECKER
    choices = " | ".join(f"{a.value}, {a.label}" for a in ReadinessAnswer)
    return [
        _row(
            name=names[q.id],
            form=_READINESS_FORM,
            section=q.activity.label if q.dimension is rc.dimensions[0] else "",
            type="radio",
            label=q.text,
            choices=choices,
            note=_PARTLY_NOTE,
            annotation=f"coproduction:{q.id}",
        )
        for q in rc.questions
    ]


def _check_instrument(instrument: object, choices: object) -> None:
    problems: list[Problem] = []
    option(instrument, choices, "instrument", problems)
    refuse("REDCap options", problems)


def write_data_dictionary(
    instrument: Literal["evaluation", "readiness", "both"], target: Target
) -> None:
    """Write a REDCap data dictionary (the standard 18-column CSV) for the instruments.

    The first field is ``record_id``. Evaluation items are radio fields with the
    choices ``0, Not at all | 1, Sometimes | 2, All the time`` (the library's
    documented codes); readiness questions have ``yes, Yes | partly, Partly | no,
    No``. Each field's annotation names its library id. Wording is verbatim.

    Args:
        instrument: ``"evaluation"``, ``"readiness"`` or ``"both"`` (two forms).
        target: A path, or an open text file.

    >>> import io
    >>> out = io.StringIO()
    >>> write_data_dictionary("evaluation", out)
    >>> out.getvalue().splitlines()[2].split(",")[:4]
    ['support_1', 'rrn_coproduction_evaluation', 'When I am ... project:<br>Support', 'radio']

    .. versionadded:: 0.1.0
    """
    _check_instrument(instrument, Literal["evaluation", "readiness", "both"])
    names = field_names()
    first_form = _READINESS_FORM if instrument == "readiness" else _EVALUATION_FORM
    rows = [_row(name="record_id", form=first_form, type="text", label="Record ID")]
    if instrument in {"evaluation", "both"}:
        rows += _evaluation_rows(names)
    if instrument in {"readiness", "both"}:
        rows += _readiness_rows(names)
    with open_target(target, "REDCap data dictionary") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


@attrs.frozen
class _Form:
    """One instrument's REDCap form: its name, its library ids, and their id column."""

    name: str
    ids: tuple[str, ...]
    key: str


_FORMS: Final = {
    "evaluation": _Form(_EVALUATION_FORM, COPRODUCTION_EVALUATION.item_ids, "respondent"),
    "readiness": _Form(_READINESS_FORM, QUESTION_IDS, "setting"),
}


@overload
def read_records(
    source: Source,
    *,
    instrument: Literal["evaluation"] = ...,
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> Table[EvaluationResponse]: ...
@overload
def read_records(
    source: Source,
    *,
    instrument: Literal["readiness"],
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> Table[ReadinessAssessment]: ...
def read_records(
    source: Source,
    *,
    instrument: Literal["evaluation", "readiness"] = "evaluation",
    group_columns: Sequence[str] = (),
    keep_good_rows: bool = False,
) -> Table[EvaluationResponse] | Table[ReadinessAssessment]:
    """Read one instrument's answers from a REDCap records export (raw CSV), strictly.

    Expected columns: ``record_id``, every field of the instrument's form
    (:func:`field_names`), and optionally ``redcap_event_name``,
    ``redcap_repeat_instrument``, ``redcap_repeat_instance`` and the form's
    ``<form>_complete``. Columns of other forms are ignored (a REDCap export holds
    the whole project). Rows of another repeating form are left out, and so are
    rows in which the form was never entered (its ``<form>_complete`` cell and
    every one of its fields blank: REDCap's own sign that the form has no data
    there); a row with any answer is always read. Each remaining row is one
    response (assessment); its respondent (setting) id is the record id, followed
    by the event and repeat instance when the export has them
    (``"17/baseline_arm_1/2"``), so that ids are unique. The event and instance
    columns present become grouping columns, with any in ``group_columns`` (each
    kept once); a row that is not a repeat instance (blank in REDCap) has the
    instance ``"not repeated"``, and the instance column is left out when no row
    repeats. For a cohort, :func:`read_cohort` reads the export straight
    into one.

    Args:
        source: A path, or an open text file.
        instrument: ``"evaluation"`` (the form ``rrn_coproduction_evaluation``,
            answers ``0``, ``1``, ``2``) or ``"readiness"``
            (``rrn_readiness_checker``, answers ``yes``, ``partly``, ``no``), as
            :func:`write_data_dictionary` builds them.
        group_columns: Other export columns to keep for grouping.
        keep_good_rows: Return the good rows and the rejected ones with reasons.

    Raises:
        ValidationError: As :func:`coproduction.io.csv.read_evaluations`, by the
            export's row and field name.

    .. versionadded:: 0.1.0
    """
    _check_instrument(instrument, Literal["evaluation", "readiness"])
    group_columns = check_options(group_columns=group_columns, keep_good_rows=keep_good_rows)
    form = _FORMS[instrument]
    text, keep, kept_rows = _form_rows(source, form, group_columns)
    fields = [field_names()[i] for i in form.ids]
    try:
        table: Table[EvaluationResponse] | Table[ReadinessAssessment]
        if instrument == "evaluation":
            table = read_evaluations(
                io.StringIO(text, newline=""), group_columns=keep, keep_good_rows=keep_good_rows
            )
        else:
            table = read_readiness(
                io.StringIO(text, newline=""), group_columns=keep, keep_good_rows=keep_good_rows
            )
    except ValidationError as error:
        raise ValidationError(
            "REDCap records", [_renumber(p, kept_rows, form, fields) for p in error.problems]
        ) from None
    return attrs.evolve(
        table,
        rejected=tuple(
            RejectedRow(
                tuple(kept_rows[k - 2] for k in r.rows),
                tuple(_renumber(p, kept_rows, form, fields) for p in r.problems),
            )
            for r in table.rejected
        ),
    )


def _form_rows(
    source: Source, form: _Form, group_columns: Sequence[str]
) -> tuple[str, list[str], list[int]]:
    """The form's rows as a wide CSV of library ids, its grouping columns, their export rows."""
    header, read, ending = table(source)
    found = Problems(MAX_PROBLEMS)  # cells that are not text, fields over the limit
    for n, _, problems in read:
        for problem in problems:
            found.add(n, problem)
    for n, _, problem in ending.listed:
        found.add(n, problem)
    found.raise_if_any("REDCap records")
    rows = [(n, row) for n, row, _ in read]
    names = field_names()
    fields = [names[i] for i in form.ids]
    missing = [f for f in ("record_id", *fields, *group_columns) if f not in header]
    read_columns = {"record_id", *fields, f"{form.name}_complete", *_GROUPING, *group_columns}
    # A column named twice: which copy holds the answers? Neither is guessed.
    columns = [
        *([Problem("row 1", f"missing columns: {', '.join(missing)}")] if missing else []),
        *_named_twice(header, read_columns),
    ]
    if columns:
        raise ValidationError("REDCap records", columns)
    index = {name: header.index(name) for name in header}
    ragged = [
        Problem(f"row {n}", f"expected {len(header)} cells, got {len(row)}")
        for n, row in rows
        if len(row) != len(header)
    ]
    if ragged:
        raise ValidationError("REDCap records", ragged)
    instrument = index.get("redcap_repeat_instrument")
    complete = index.get(f"{form.name}_complete")
    # A record id is never empty (the id would be "/baseline_arm_1", as if it were
    # one), and a row's form is this one or another, never nearly this one.
    refused = [
        *_near_misses(rows, instrument, form.name),
        *_no_record_id(rows, index["record_id"]),
        *_library_codes(rows, [index[f] for f in fields], fields),
    ]
    if refused:
        raise ValidationError("REDCap records", sorted(refused, key=_row_number))
    rows = [
        (n, r)
        for n, r in rows
        if (instrument is None or r[instrument] in {"", form.name})
        and (
            complete is None
            or not blank(r[complete])
            or not all(blank(r[index[f]]) for f in fields)  # answers are never left out
        )
    ]
    grouping = [g for g in _GROUPING if g in index and g != "redcap_repeat_instrument"]
    instance = index.get("redcap_repeat_instance")
    if instance is not None and not any(r[instance] for _, r in rows):
        grouping.remove("redcap_repeat_instance")  # nothing repeats: not a grouping column
    keep = list(dict.fromkeys([*grouping, *group_columns]))  # asking for an event column again
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([form.key, *keep, *form.ids])
    kept_rows: list[int] = []
    for n, row in rows:
        values = {g: row[index[g]] for g in keep}
        key = "/".join([row[index["record_id"]], *(values[g] for g in grouping if values[g])])
        if "redcap_repeat_instance" in grouping and not values["redcap_repeat_instance"]:
            values["redcap_repeat_instance"] = _NOT_REPEATED
        writer.writerow([key, *values.values(), *(_cell(row[index[f]]) for f in fields)])
        kept_rows.append(n)
    return out.getvalue(), keep, kept_rows


def _library_codes(
    rows: list[tuple[int, list[str]]], columns: list[int], fields: list[str]
) -> list[Problem]:
    """Each answer cell holding the library's CSV code where REDCap's code differs (NAPP)."""
    return [
        Problem(
            f"row {n}, column {f!r}",
            f"{kind.cell!r} is the library's CSV code for {kind.label.lower()!r}; "
            f"REDCap's missing-data code for it is {kind.redcap_code!r}",
        )
        for n, row in rows
        for c, f in zip(columns, fields, strict=True)
        if (kind := Missing.from_cell(row[c])) is not None
        and kind.cell != kind.redcap_code
        and kind is not Missing.NOT_ANSWERED
    ]


def _cell(value: str) -> str:
    """An answer cell with a REDCap missing-data code turned into the library's CSV code."""
    kind = FROM_REDCAP.get(value.strip(" \t"))
    return value if kind is None else kind.cell


def _named_twice(header: Sequence[str], read: set[str]) -> list[Problem]:
    """Each column the reader reads that the header names more than once."""
    return [
        Problem(
            f"row 1, column {name!r}",
            f"named {header.count(name)} times; REDCap names a column once",
        )
        for name in dict.fromkeys(header)
        if name in read and header.count(name) > 1
    ]


def _no_record_id(rows: list[tuple[int, list[str]]], column: int) -> list[Problem]:
    """Each row without a record id."""
    return [
        Problem(f"row {n}, column 'record_id'", "empty; every row needs its record id")
        for n, row in rows
        if blank(row[column])
    ]


def _row_number(problem: Problem) -> int:
    return int(problem.location.split(",")[0].removeprefix("row "))


def _near_misses(rows: list[tuple[int, list[str]]], column: int | None, name: str) -> list[Problem]:
    """Rows whose repeating form is this form's name but for case or spaces.

    Rows of another repeating form are left out; these would be too, with all their
    answers, so they are refused: REDCap writes the form's name exactly.
    """
    if column is None:
        return []
    return [
        Problem(
            f"row {n}, column 'redcap_repeat_instrument'",
            f"{row[column]!r} is not the form name {name!r} (REDCap writes it exactly): "
            "is this row of the form or not?",
        )
        for n, row in rows
        if row[column] != name and row[column].strip().casefold() == name.casefold()
    ]


@overload
def read_cohort(
    source: Source,
    *,
    instrument: Literal["evaluation"] = ...,
    group_columns: Sequence[str] = (),
) -> EvaluationCohort: ...
@overload
def read_cohort(
    source: Source,
    *,
    instrument: Literal["readiness"],
    group_columns: Sequence[str] = (),
) -> ReadinessCohort: ...
def read_cohort(
    source: Source,
    *,
    instrument: Literal["evaluation", "readiness"] = "evaluation",
    group_columns: Sequence[str] = (),
) -> EvaluationCohort | ReadinessCohort:
    r"""Read a REDCap records export (raw CSV) into a cohort.

    The export is read exactly as :func:`read_records` reads it, with the
    same checks and messages (every problem at the export's own row and field
    name), and the same rows become the cohort's rows, in file order: an
    :class:`~coproduction.EvaluationCohort`, or with ``instrument="readiness"`` a
    :class:`~coproduction.ReadinessCohort`. The ids are the ones
    :func:`read_records` gives (``"17/baseline_arm_1/2"``), and the grouping
    columns are ``redcap_event_name`` and ``redcap_repeat_instance`` (when the
    export has them and, for the instance, when some row repeats), then
    ``group_columns``.

    The whole export must be readable: a cohort cannot carry rejected rows, so
    there is no ``keep_good_rows`` here (use :func:`read_records` for that).

    Args:
        source: A path, or an open text file.
        instrument: ``"evaluation"`` or ``"readiness"``, as for
            :func:`read_records`.
        group_columns: Other export columns to keep for grouping (e.g. ``"ward"``).

    Raises:
        ValidationError: Every problem, by the export's row and field; nothing is
            returned.

    >>> import io
    >>> head = "record_id,redcap_event_name," + ",".join(field_names().values())
    >>> row = "17,baseline_arm_1," + ",".join(["2"] * 23 + ["yes"] * 21)
    >>> cohort = read_cohort(io.StringIO(head + "\n" + row + "\n"))
    >>> cohort.respondents, cohort.groups["redcap_event_name"], cohort.answers.shape
    (('17/baseline_arm_1',), ('baseline_arm_1',), (1, 23))
    >>> read_cohort(io.StringIO(head + "\n" + row), instrument="readiness").settings
    ('17/baseline_arm_1',)

    .. versionadded:: 0.1.0
    """
    _check_instrument(instrument, Literal["evaluation", "readiness"])
    if instrument == "evaluation":
        responses = read_records(source, group_columns=group_columns)
        return EvaluationCohort.from_responses(responses.rows, groups=responses.groups)
    assessments = read_records(source, instrument="readiness", group_columns=group_columns)
    return ReadinessCohort.from_assessments(assessments.rows, groups=assessments.groups)


def _renumber(problem: Problem, kept_rows: list[int], form: _Form, fields: list[str]) -> Problem:
    """Point a problem found in the rewritten table back at the export's row and field."""
    location = problem.location
    if location.startswith("row "):
        number, _, rest = location[4:].partition(",")
        if number.isdigit() and int(number) >= 2:
            location = f"row {kept_rows[int(number) - 2]}" + (f",{rest}" if rest else "")
    location = location.replace(f"column {form.key!r}", "column 'record_id'")
    for item_id, field in zip(form.ids, fields, strict=True):
        location = location.replace(f"column {item_id!r}", f"column {field!r}")
    # The CSV reader lists the library's CSV codes; a REDCap cell holds REDCap's.
    return Problem(location, problem.message.replace(missing_codes_hint(), _REDCAP_CODES_HINT))


#: The context of a response or assessment that the REDCap forms have no field for.
_CONTEXT: Final = ("date", "level", "activities", "preferred_activities")


def _check_records(
    values: object, instrument: object
) -> tuple[_Form, list[EvaluationResponse] | list[ReadinessAssessment]]:
    """The form and the values to write; every problem located (types, ids, context)."""
    _check_instrument(instrument, Literal["evaluation", "readiness"])
    form = _FORMS[typing.cast("str", instrument)]
    kind = EvaluationResponse if form is _FORMS["evaluation"] else ReadinessAssessment
    problems: list[Problem] = []
    rows: list[object] = elements(values, object, "values", problems)  # each checked below
    refuse("REDCap records", problems)
    seen: dict[str, int] = {}
    for i, value in enumerate(rows):
        if not isinstance(value, kind):
            problems.append(
                Problem(f"values[{i}]", f"expected {kind.__name__}, got {type(value).__name__}")
            )
            continue
        key = getattr(value, form.key)
        if key is None:
            problems.append(
                Problem(f"values[{i}]", f"no {form.key}; REDCap needs a record id for every row")
            )
        elif key in seen:
            problems.append(
                Problem(
                    f"values[{i}]",
                    f"{form.key} {key!r} is also values[{seen[key]}]'s; REDCap keeps one row "
                    "per record id, so the second would overwrite the first",
                )
            )
        else:
            seen[key] = i
        context = [c for c in _CONTEXT if getattr(value, c, None)]
        if context:
            problems.append(
                Problem(
                    f"values[{i}]",
                    f"has {', '.join(context)}, which the REDCap form has no field for; "
                    "write them with coproduction.io.csv, or leave them out",
                )
            )
    if problems:
        raise ValidationError("REDCap records", problems)
    return form, cast("list[EvaluationResponse] | list[ReadinessAssessment]", rows)


def write_records(
    values: Iterable[EvaluationResponse] | Iterable[ReadinessAssessment],
    target: Target,
    *,
    instrument: Literal["evaluation", "readiness"] = "evaluation",
) -> None:
    """Write answers as a REDCap records import file (raw CSV), each kind of missing as its code.

    The file is what :func:`read_records` reads, and what REDCap's Data Import Tool
    takes into a project built from :func:`write_data_dictionary`: a ``record_id``
    column (the response's respondent or the assessment's setting), then every
    field of the instrument's form (:func:`field_names`), in the booklet's order.
    Evaluation answers are written ``0``, ``1``, ``2``; readiness answers ``yes``,
    ``partly``, ``no``. An absent answer is written as its kind's REDCap
    missing-data code (:attr:`Missing.redcap_code <coproduction.Missing.redcap_code>`:
    ``NASK``, ``DECL``, ``ASKU``, ``NA``), or left empty when no reason is known;
    define the codes in the project's "Missing Data Codes" (docs/formats.md). No
    absent answer is ever written as a number.

    Every row needs a record id, once: REDCap keeps one row per record, so a
    repeated id would overwrite an earlier row. The forms have no field for a
    response's date, level or activities, so a value that has them is refused
    rather than written without them (write those with
    :mod:`coproduction.io.csv`).

    :func:`read_records` reads the file back unchanged, with the CSV writers' one
    exception: an id that starts with ``=``, ``+``, ``-``, ``@``, a carriage
    return or a line feed is written with a leading ``'``
    (:func:`coproduction.io.csv.neutralise`) and reads back with it (``"-5"``
    comes back as ``"'-5"``, ``"=SUM(A1)"`` as ``"'=SUM(A1)"``). The reader does
    not undo it, because a leading ``'`` cannot be told apart from an id that
    starts with one. Every other id and every answer reads back as written (an id
    cannot start or end with a space or a tab: the constructors refuse it).

    Given a path, the file is written whole or not at all (a temporary file
    beside it, renamed into place when every row was written; an existing file
    keeps its permissions).

    Args:
        values: The responses (``instrument="evaluation"``) or assessments
            (``"readiness"``), in the order to write them.
        target: A path, or an open text file (opened with ``newline=""``).
        instrument: ``"evaluation"`` or ``"readiness"``, as for :func:`read_records`.

    Raises:
        ValidationError: Listing every value that is not of the instrument's type,
            has no id or a repeated one, or has context the form cannot hold.

    >>> import io
    >>> from coproduction import Missing
    >>> r = EvaluationResponse.from_labels(
    ...     {"support_1": "Sometimes"}, respondent="17",
    ...     missing={"support_2": Missing.DECLINED, "support_3": Missing.NOT_APPLICABLE},
    ... )
    >>> out = io.StringIO(newline="")
    >>> write_records([r], out)
    >>> out.getvalue().splitlines()[1].split(",")[:5]
    ['17', '1', 'DECL', 'NA', '']
    >>> back = read_records(io.StringIO(out.getvalue(), newline=""))
    >>> back.rows[0] == r
    True

    .. versionadded:: 0.2.0
    """
    form, rows = _check_records(values, instrument)
    names = field_names()
    with open_target(target, "REDCap records") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # CRLF, so CR in a cell is quoted
        writer.writerow(["record_id", *(names[i] for i in form.ids)])
        for value in rows:
            writer.writerow([neutralise(getattr(value, form.key)), *_answer_cells(value)])


def _answer_cells(value: EvaluationResponse | ReadinessAssessment) -> list[str]:
    """A row's answer cells: the code of each answer, or the REDCap code of its kind of missing."""
    if isinstance(value, EvaluationResponse):
        codes = {f: str(i) for i, f in enumerate(Frequency)}
        return [
            value.missing[i].redcap_code if (a := value.answers[i]) is None else codes[a]
            for i in COPRODUCTION_EVALUATION.item_ids
        ]
    return [
        value.missing[c].redcap_code if (r := value.answers[c]) is None else str(r.value)
        for c in READINESS_CHECKER.cells
    ]
