"""Cohorts: many responses at once, as one immutable table of small integer codes.

A cohort holds answers as a read-only ``int8`` array, one row per respondent (or
setting), in the instrument's order, with respondent ids and any number of named
grouping columns (ward, service, audit round, ...). The codes are the library's
documented codes, not part of the booklet:

* Coproduction Evaluation: ``0`` Not at all, ``1`` Sometimes, ``2`` All the time
  (the codes :meth:`EvaluationResponse.from_labels
  <coproduction.EvaluationResponse.from_labels>` reads);
* Readiness Checker: ``0`` No, ``1`` Partly, ``2`` Yes;
* both: :attr:`EvaluationCohort.UNANSWERED` (``-1``) for an unanswered item, and
  ``-2`` to ``-5`` for the other kinds of missing (not asked, declined, did not
  know, not applicable: :attr:`Missing.cohort_code
  <coproduction.Missing.cohort_code>`). A negative code is never read as an
  answer, and never scored as "Not at all".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final, Self, TypeVar, cast

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from coproduction._checks import describe, elements, refuse, written_text
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    ITEM_IDS,
    QUESTION_IDS,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import LOWEST_CODE, Missing
from coproduction._power import Activity, Level
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = ["UNANSWERED_CODE", "EvaluationCohort", "ReadinessCohort"]

#: The ``int8`` code of an unanswered item in a cohort's array (both instruments).
UNANSWERED_CODE: Final = -1

#: Evaluation answers in code order: code ``i`` is ``EVALUATION_ANSWERS[i]``.
EVALUATION_ANSWERS: Final[tuple[Frequency, ...]] = (
    Frequency.NOT_AT_ALL,
    Frequency.SOMETIMES,
    Frequency.ALL_THE_TIME,
)
#: Readiness answers in code order: code ``i`` is ``READINESS_ANSWERS[i]``.
READINESS_ANSWERS: Final[tuple[ReadinessAnswer, ...]] = (
    ReadinessAnswer.NO,
    ReadinessAnswer.PARTLY,
    ReadinessAnswer.YES,
)
_EVALUATION_CODE: Final = {answer: code for code, answer in enumerate(EVALUATION_ANSWERS)}
_READINESS_CODE: Final = {answer: code for code, answer in enumerate(READINESS_ANSWERS)}
SHAPE_EVALUATION: Final = (len(ITEM_IDS),)
SHAPE_READINESS: Final = (len(READINESS_CHECKER.activities), len(READINESS_CHECKER.dimensions))
_MAX_CODE: Final = 2


def read_only(array: NDArray[Any]) -> NDArray[Any]:
    """Return ``array`` marked read-only (the library owns it: callers get no writable view)."""
    array.flags.writeable = False
    return array


def fold_missing(codes: NDArray[np.int8]) -> NDArray[np.int8]:
    """``codes`` with every kind of missing as ``-1``, for paths that leave them all out alike.

    Scoring, reliability and the flags never look at why an answer is absent, only
    that it is: folding the kinds keeps their look-up tables (indexed by code + 1,
    or by unsigned byte sums) exact. ``codes`` itself is returned when it holds no
    code below ``-1``; otherwise a folded copy (of one block at a time, by the
    callers: memory stays bounded).
    """
    if codes.size and int(codes.min()) < UNANSWERED_CODE:
        return np.maximum(codes, np.int8(UNANSWERED_CODE))
    return codes


def _bool_cells(raw: object, shape: tuple[int, ...]) -> NDArray[np.bool_] | None:
    """Where a nested sequence holds a boolean, which numeric conversion would read as 0 or 1.

    ``np.asarray([[True, 2]])`` is an integer array: the booleans are gone before
    the dtype can show them, so Python sequences are looked at cell by cell.
    """
    if isinstance(raw, np.ndarray) or not isinstance(raw, Sequence):
        return None
    try:
        cells = np.asarray(raw, dtype=object)
    except (ValueError, TypeError):
        return None
    if cells.shape != shape:
        return None
    flags = (isinstance(v, bool | np.bool_) for v in cells.ravel())
    return np.fromiter(flags, dtype=bool, count=cells.size).reshape(shape)


def _missing_hint(value: object) -> str:
    """How to write an unanswered cell, for a value that looks like a missing marker."""
    if value is None:
        name = "None"
    elif isinstance(value, float) and math.isnan(value):
        name = "NaN"
    elif type(value).__name__ == "NAType":  # pandas.NA, whose truth value raises
        name = "NA"
    else:
        return ""
    return f"; write unanswered as -1, not {name}"


def _bad_codes(flat: NDArray[Any]) -> NDArray[np.bool_]:
    """Cells of a numeric or object array that are not a code."""
    kind = flat.dtype.kind
    if kind in "iu":
        return (flat < LOWEST_CODE) | (flat > _MAX_CODE)
    if kind == "f":
        with np.errstate(invalid="ignore"):
            return ~np.isin(flat, range(LOWEST_CODE, _MAX_CODE + 1))
    # object arrays: Python ints only, never bools or floats
    flags = (
        not (
            isinstance(v, int | np.integer)
            and not isinstance(v, bool | np.bool_)
            and LOWEST_CODE <= v <= _MAX_CODE
        )
        for v in flat.ravel()
    )
    return np.fromiter(flags, dtype=bool, count=flat.size).reshape(flat.shape)


def _cell_problems(
    flat: NDArray[Any],
    bad: NDArray[np.bool_],
    *,
    masked: NDArray[np.bool_] | None,
    booleans: NDArray[np.bool_] | None,
    first_row: int,
    names: Sequence[str],
) -> list[Problem]:
    """One problem per bad cell, located by row and item, saying what was found."""
    accepted = f"expected a code 0, 1, 2, or {UNANSWERED_CODE} to {LOWEST_CODE} (missing)"
    problems: list[Problem] = []
    for row, col in zip(*np.nonzero(bad), strict=True):
        where = f"row {first_row + int(row)}, {names[int(col)]}"
        if masked is not None and masked[row, col]:
            problems.append(
                Problem(where, f"{accepted}, got a masked cell; write unanswered as -1, not a mask")
            )
            continue
        value = flat[row, col]
        value = value.item() if isinstance(value, np.generic) else value
        if booleans is not None and booleans[row, col]:
            value = bool(value)
        problems.append(Problem(where, f"{accepted}, got {describe(value)}{_missing_hint(value)}"))
    return problems


def check_codes(
    raw: object, tail: tuple[int, ...], cell_names: Sequence[str], first_row: int = 0
) -> tuple[NDArray[np.int8] | None, list[Problem]]:
    """Read an array of answer codes, reporting every bad cell by row and item.

    Returns a new C-contiguous ``int8`` array owned by the caller (of the right
    shape but meaningless when there are problems), or ``None`` when even the shape
    is wrong, and the problems. ``cell_names`` names the cells of one row, flattened.

    Booleans are refused wherever they are (a ``bool`` array, an object array, or
    a Python list, where numpy would turn ``True`` into ``1``). A numpy masked
    array's masked cells are refused, never read as answered (their hidden values)
    nor guessed to be unanswered: unanswered is written ``-1``.
    """
    problems: list[Problem] = []
    masked: NDArray[np.bool_] | None = None
    try:
        if isinstance(raw, np.ma.MaskedArray):
            masked = np.ma.getmaskarray(raw)
            raw = np.ma.getdata(raw)
        array = np.asarray(raw)
    except (ValueError, TypeError) as error:
        return None, [Problem("answers", f"expected a rectangular array of codes ({error})")]
    expected = ("n", *tail)
    if array.ndim != len(expected) or array.shape[1:] != tail:
        shape = ", ".join(str(s) for s in expected)
        problems.append(Problem("answers", f"expected shape ({shape}), got {array.shape}"))
        return None, problems
    kind = array.dtype.kind
    if kind in "bUSVMmc":
        problems.append(
            Problem(
                "answers",
                f"expected whole-number codes, got an array of {array.dtype}; "
                "read labels with EvaluationResponse.from_labels or a file reader",
            )
        )
        return None, problems
    width = int(np.prod(tail))
    flat = array.reshape(len(array), width)
    bad = _bad_codes(flat)
    booleans = _bool_cells(raw, array.shape) if kind in "iuf" else None
    if booleans is not None:
        booleans = booleans.reshape(flat.shape)
        bad |= booleans
    hidden = None if masked is None else np.broadcast_to(masked, array.shape).reshape(flat.shape)
    if hidden is not None:
        bad |= hidden
    problems.extend(
        _cell_problems(
            flat, bad, masked=hidden, booleans=booleans, first_row=first_row, names=cell_names
        )
    )
    codes = np.empty(flat.shape, dtype=np.int8)
    if not problems:
        codes[...] = flat
    return codes.reshape(array.shape), problems


def _check_ids(
    ids: object, n: int, field: str, problems: list[Problem], *, sized: bool
) -> tuple[str | None, ...]:
    if ids is None:
        return (None,) * n
    if isinstance(ids, str | bytes) or not isinstance(ids, Sequence | np.ndarray):
        problems.append(Problem(field, f"expected a sequence of ids, got {describe(ids)}"))
        return (None,) * n
    values = tuple(ids.tolist() if isinstance(ids, np.ndarray) else ids)
    if sized and len(values) != n:
        problems.append(Problem(field, f"expected {n} ids, one per row, got {len(values)}"))
        return (None,) * n
    for row, value in enumerate(values):
        if value is None:
            continue
        message = (
            written_text(value)
            if isinstance(value, str)
            else f"expected a non-empty id or None, got {describe(value)}"
        )
        if message is not None:
            problems.append(Problem(f"{field}[{row}]", message))
    return values


_T = TypeVar("_T")

#: The context columns of an evaluation cohort, in the order of their keyword arguments.
CONTEXT_COLUMNS: Final = ("dates", "levels", "activities", "preferred_activities")


def date_entry(value: object) -> tuple[dt.date | None, str | None]:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value, None
    if isinstance(value, dt.datetime):
        return None, "expected a datetime.date (a day, without a time) or None, got a datetime"
    return None, f"expected a datetime.date or None, got {describe(value)}"


def level_entry(value: object) -> tuple[Level | None, str | None]:
    if value is None or isinstance(value, Level):
        return value, None
    return None, f"expected a Level member or None, got {describe(value)}"


def activity_entry(value: object) -> tuple[frozenset[Activity], str | None]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        hint = "; write an empty set for none recorded" if value is None else ""
        return frozenset(), (
            f"expected a collection of Activity members, got {describe(value)}{hint}"
        )
    members = list(value)
    strays = [m for m in members if not isinstance(m, Activity)]
    if strays:
        return frozenset(), f"expected Activity members only, got {describe(strays[0])}"
    return frozenset(cast("list[Activity]", members)), None


def check_context_column(
    column: object,
    n: int,
    field: str,
    entry: Callable[[object], tuple[_T, str | None]],
    problems: list[Problem],
    *,
    sized: bool,
) -> tuple[_T, ...] | None:
    """One context column, checked entry by entry; ``None`` when nothing is recorded in it.

    A column whose every entry is empty (``None``, or an empty set of activities)
    is stored as ``None``, like an absent one: the two hold the same information,
    so equal information gives equal cohorts (and responses round-trip).
    """
    if column is None:
        return None
    if isinstance(column, str | bytes) or not isinstance(column, Sequence | np.ndarray):
        problems.append(
            Problem(field, f"expected a sequence with one entry per row, got {describe(column)}")
        )
        return None
    if isinstance(column, np.ndarray) and (column.ndim != 1 or column.dtype.kind in "Mm"):
        problems.append(
            Problem(
                field,
                f"expected a one-dimensional sequence of Python values, got an array of "
                f"{column.dtype} with shape {column.shape}",
            )
        )
        return None
    values = tuple(column.tolist() if isinstance(column, np.ndarray) else column)
    if sized and len(values) != n:
        problems.append(Problem(field, f"expected {n} entries, one per row, got {len(values)}"))
        return None
    # Columns repeat few values (a block's dates, a handful of activity sets): each
    # distinct valid value is read once, keyed by its type too, so that an entry
    # equal to a valid one but of another type (a datetime, True for 1) is read anew.
    valid: dict[tuple[type, object], _T] = {}
    checked: list[_T] = []
    recorded = False
    for row, value in enumerate(values):
        key = (type(value), value)
        try:
            read = valid[key]
        except (KeyError, TypeError):  # not seen yet, or unhashable (a list, a set)
            read, message = entry(value)
            if message is not None:
                problems.append(Problem(f"{field}[{row}]", message))
            else:
                with contextlib.suppress(TypeError):
                    valid[key] = read
        recorded = recorded or not (read is None or read == frozenset())
        checked.append(read)
    return tuple(checked) if recorded else None


GroupCodes = FrozenDict[str, tuple[tuple[str, ...], NDArray[np.int64]]]


def _factorise(values: tuple[object, ...]) -> tuple[tuple[object, ...], NDArray[np.int64]]:
    """The distinct values, sorted when they are all text, and each row's number among them."""
    seen: dict[object, int] = {}
    try:
        codes = np.fromiter(
            (seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values)
        )
    except TypeError:  # an unhashable value: reported below, row by row
        return (), np.zeros(0, dtype=np.int64)
    distinct = tuple(seen)
    if not all(isinstance(v, str) for v in distinct):
        return distinct, codes
    ordered = sorted(distinct, key=str)
    remap = np.empty(len(ordered), dtype=np.int64)
    for rank, value in enumerate(ordered):
        remap[seen[value]] = rank
    return tuple(ordered), remap[codes]


def _is_text(value: object) -> bool:
    """Text a file can hold and a reader reads back as written (see :func:`written_text`)."""
    return isinstance(value, str) and written_text(value, "group value") is None


def _not_text(value: object) -> str:
    """Why ``value`` is not a group's value (see :func:`_is_text`)."""
    if isinstance(value, str):
        return written_text(value, "group value") or ""
    return f"expected non-empty text, got {describe(value)}"


def _check_groups(
    groups: object, n: int, problems: list[Problem], *, sized: bool
) -> tuple[FrozenDict[str, tuple[str, ...]], GroupCodes]:
    if groups is None:
        return FrozenDict(), FrozenDict()
    if not isinstance(groups, Mapping):
        problems.append(
            Problem(
                "groups", f"expected a mapping of column name to values, got {describe(groups)}"
            )
        )
        return FrozenDict(), FrozenDict()
    checked: dict[str, tuple[str, ...]] = {}
    coded: dict[str, tuple[tuple[str, ...], NDArray[np.int64]]] = {}
    for name, column in groups.items():
        where = f"groups[{name!r}]"
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(where, "a grouping column needs a non-empty text name"))
            continue
        if (why := written_text(name, "column name")) is not None:
            problems.append(Problem(where, why))
            continue
        if isinstance(column, str | bytes) or not isinstance(column, Sequence | np.ndarray):
            problems.append(
                Problem(where, f"expected a sequence of values, got {describe(column)}")
            )
            continue
        values = tuple(column.tolist() if isinstance(column, np.ndarray) else column)
        if sized and len(values) != n:
            problems.append(Problem(where, f"expected {n} values, one per row, got {len(values)}"))
            continue
        # Each distinct value is checked once; bad ones are then reported row by row.
        distinct, codes = _factorise(values)
        if len(codes) != len(values) or not all(_is_text(v) for v in distinct):
            problems.extend(
                Problem(f"{where}[{row}]", _not_text(value))
                for row, value in enumerate(values)
                if not _is_text(value)
            )
            continue
        checked[name] = cast("tuple[str, ...]", values)
        coded[name] = (cast("tuple[str, ...]", distinct), read_only(codes))
    return FrozenDict(checked), FrozenDict(coded)


#: The name under which an evaluation cohort's levels can be grouped, unless it has a
#: grouping column of that name (``summarize(cohort, by="level")``).
LEVEL_GROUPING: Final = "level"
#: The level group of rows whose level was not recorded: kept, never guessed.
LEVEL_NOT_RECORDED: Final = "not recorded"


def group_order_key(by: Sequence[str], group: Sequence[str]) -> tuple[tuple[int, str], ...]:
    """Sort groups in their natural order, never by a score: by name, levels as the booklet.

    A ``level`` grouping's values come in the booklet's order (individual, group,
    systemic), then "not recorded"; every other value by its name.
    """
    levels = [level.label for level in Level]
    return tuple(
        (levels.index(v), "") if name == LEVEL_GROUPING and v in levels else (len(levels), v)
        for name, v in zip(by, group, strict=True)
    )


def _level_column(cohort: EvaluationCohort | ReadinessCohort) -> tuple[Level | None, ...] | None:
    """The levels to group by as ``"level"``, or ``None`` if that grouping does not apply.

    It applies to every evaluation cohort without a grouping column named ``level``.
    A cohort with no level recorded (no level column, or one whose every cell is
    empty: the two are stored alike, as ``None``) has every row "not recorded".
    Refusing it instead would refuse a file read in blocks whose first block
    happens to record no level, though later blocks do.
    """
    if not isinstance(cohort, EvaluationCohort) or LEVEL_GROUPING in cohort.groups:
        return None
    return cohort.levels if cohort.levels is not None else (None,) * len(cohort)


def grouping_names(cohort: EvaluationCohort | ReadinessCohort) -> tuple[str, ...]:
    """The names a cohort can be grouped by: its grouping columns, then ``"level"`` if it applies.

    ``"level"`` names an evaluation cohort's :attr:`~EvaluationCohort.levels`
    unless it has a grouping column of that name (a grouping column wins); rows
    without a level recorded, all of them in a cohort without levels, are "not
    recorded".
    """
    names = tuple(cohort.groups)
    return (*names, LEVEL_GROUPING) if _level_column(cohort) is not None else names


def _level_codes(levels: tuple[Level | None, ...]) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    """The levels as a grouping column: each level's label, or "not recorded"."""
    kinds: tuple[Level | None, ...] = (*Level, None)
    position = {kind: i for i, kind in enumerate(kinds)}
    raw = np.fromiter((position[v] for v in levels), dtype=np.int64, count=len(levels))
    names = [LEVEL_NOT_RECORDED if k is None else k.label for k in kinds]
    present = sorted(np.flatnonzero(np.bincount(raw, minlength=len(kinds))), key=names.__getitem__)
    renumber = np.zeros(len(kinds), dtype=np.int64)
    renumber[present] = np.arange(len(present))
    return tuple(names[i] for i in present), read_only(renumber[raw])


def group_codes(
    cohort: EvaluationCohort | ReadinessCohort, name: str
) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    """A grouping column's distinct values (sorted) and each row's number among them.

    ``"level"`` gives the cohort's levels, read from its level column each time
    (never copied into its grouping columns); see :func:`grouping_names`.
    """
    if name == LEVEL_GROUPING and (levels := _level_column(cohort)) is not None:
        return _level_codes(levels)
    return cohort._group_codes[name]  # noqa: SLF001 - the cohorts' own module


_Key = TypeVar("_Key")
_Answer = TypeVar("_Answer", Frequency, ReadinessAnswer)


def _answers_and_kinds(
    keys: Sequence[_Key], codes: Sequence[int], scale: Sequence[_Answer]
) -> tuple[dict[_Key, _Answer | None], dict[_Key, Missing]]:
    """One row's codes as answers (``None`` where absent) and the absent ones' kinds."""
    answers: dict[_Key, _Answer | None] = {}
    kinds: dict[_Key, Missing] = {}
    for key, code in zip(keys, codes, strict=True):
        if code >= 0:
            answers[key] = scale[code]
        else:
            answers[key] = None
            kinds[key] = Missing.from_cohort_code(code) or Missing.NOT_ANSWERED
    return answers, kinds


def _summary_repr(kind: str, n: int, groups: Mapping[str, object]) -> str:
    return f"<{kind}: {n} rows, groups {list(groups)}>"


@attrs.frozen(init=False, repr=False)
class EvaluationCohort(HtmlView):
    """Many Coproduction Evaluation responses as one immutable table of codes.

    Build one with :meth:`from_array` (codes and metadata, validated cell by cell)
    or :meth:`from_responses`; turn it back into responses with
    :meth:`to_responses`. The codes are the library's documented codes: ``0`` Not
    at all, ``1`` Sometimes, ``2`` All the time, :attr:`UNANSWERED` (``-1``) for
    an unanswered item, and ``-2`` to ``-5`` for the other kinds of missing
    (:attr:`Missing.cohort_code <coproduction.Missing.cohort_code>`); no
    negative code is ever scored.

    Attributes:
        answers: Read-only ``int8`` array of shape ``(n, 23)``, columns in
            :attr:`COPRODUCTION_EVALUATION.item_ids
            <coproduction.CoproductionEvaluation.item_ids>` order.
        respondents: One pseudonymous id per row, or ``None`` where there is none.
            Ids may repeat (the same person in two audit rounds).
        groups: Grouping columns by name (ward, service, audit round, ...), each
            holding one non-empty text value per row.
        dates: Each row's day of answering (or ``None`` where not recorded), or
            ``None`` when no row has one.
        levels: Each row's :class:`~coproduction.Level` (or ``None``), or ``None``
            when no row has one.
        activities: Each row's activities taken part in (a frozenset, empty where
            none is recorded), or ``None`` when no row has any.
        preferred_activities: Each row's preferred activities, likewise.

    A context column is ``None`` exactly when nothing is recorded in it: a column
    given with only empty entries is stored as ``None`` too, so that two cohorts
    holding the same information are equal.

    >>> cohort = EvaluationCohort.from_array([[2] * 23, [EvaluationCohort.UNANSWERED] * 22 + [0]],
    ...     respondents=["R-1", "R-2"], groups={"ward": ["Oak", "Elm"]})
    >>> len(cohort), cohort.answers.shape, cohort.answers.dtype, cohort.groups["ward"]
    (2, (2, 23), dtype('int8'), ('Oak', 'Elm'))
    >>> cohort.to_responses()[1].answers["power_with_5"]
    <Frequency.NOT_AT_ALL: 'not_at_all'>

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The context columns ``dates``, ``levels``, ``activities`` and
       ``preferred_activities``.
    """

    #: The ``int8`` code of an unanswered item (the library's convention).
    #:
    #: .. versionadded:: 0.2.0
    UNANSWERED: ClassVar[int] = UNANSWERED_CODE

    answers: NDArray[np.int8] = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    respondents: tuple[str | None, ...]
    groups: FrozenDict[str, tuple[str, ...]]
    dates: tuple[dt.date | None, ...] | None
    levels: tuple[Level | None, ...] | None
    activities: tuple[frozenset[Activity], ...] | None
    preferred_activities: tuple[frozenset[Activity], ...] | None
    _group_codes: GroupCodes = attrs.field(eq=False, hash=False)

    def __init__(
        self,
        answers: ArrayLike,
        *,
        respondents: Sequence[str | None] | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
        dates: Sequence[dt.date | None] | None = None,
        levels: Sequence[Level | None] | None = None,
        activities: Sequence[Iterable[Activity]] | None = None,
        preferred_activities: Sequence[Iterable[Activity]] | None = None,
    ) -> None:
        codes, problems = check_codes(answers, SHAPE_EVALUATION, ITEM_IDS)
        n = 0 if codes is None else len(codes)
        sized = codes is not None
        ids = _check_ids(respondents, n, "respondents", problems, sized=sized)
        columns, coded = _check_groups(groups, n, problems, sized=sized)
        days = check_context_column(dates, n, "dates", date_entry, problems, sized=sized)
        kinds = check_context_column(levels, n, "levels", level_entry, problems, sized=sized)
        took_part = check_context_column(
            activities, n, "activities", activity_entry, problems, sized=sized
        )
        preferred = check_context_column(
            preferred_activities, n, "preferred_activities", activity_entry, problems, sized=sized
        )
        if problems or codes is None:
            raise ValidationError("evaluation cohort", problems)
        # pyright does not model attrs' generated __attrs_init__ (mypy's plugin does).
        self.__attrs_init__(  # pyright: ignore[reportAttributeAccessIssue]
            read_only(codes), ids, columns, days, kinds, took_part, preferred, coded
        )

    @classmethod
    def from_array(
        cls,
        answers: ArrayLike,
        *,
        respondents: Sequence[str | None] | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
        dates: Sequence[dt.date | None] | None = None,
        levels: Sequence[Level | None] | None = None,
        activities: Sequence[Iterable[Activity]] | None = None,
        preferred_activities: Sequence[Iterable[Activity]] | None = None,
    ) -> Self:
        """Build a cohort from an array of codes, checking every cell.

        Args:
            answers: Shape ``(n, 23)``, columns in the instrument's item order; whole
                numbers 0, 1, 2, ``-1`` (unanswered) or ``-2`` to ``-5`` (the other
                kinds of missing, :attr:`Missing.cohort_code
                <coproduction.Missing.cohort_code>`). Integer, float (whole values)
                or object arrays are read; booleans, text and NaN are refused. The
                array is copied, so later changes to it do not reach the cohort.
            respondents: ``n`` pseudonymous ids (or ``None`` entries), or ``None``.
            groups: Grouping columns: name to ``n`` non-empty text values.
            dates: ``n`` days (:class:`datetime.date`, not datetimes, or ``None``
                where not recorded), or ``None`` when the source has no dates.
            levels: ``n`` :class:`~coproduction.Level` members (or ``None``), or
                ``None``.
            activities: ``n`` collections of :class:`~coproduction.Activity`
                members taken part in (empty where none is recorded; kept as
                frozensets), or ``None``.
            preferred_activities: ``n`` collections of preferred activities, or
                ``None``.

        Raises:
            ValidationError: Listing every problem: the shape, each bad cell as
                ``"row R, item_id"`` (rows counted from 0), each bad id, group
                value or context entry (``"dates[R]"``, ``"activities[R]"``, ...).

        >>> EvaluationCohort.from_array([[0] * 22 + [3], [1.5] + [0] * 22])
        Traceback (most recent call last):
        ...
        coproduction.exceptions.ValidationError: evaluation cohort: 2 problems
          - row 0, power_with_5: expected a code 0, 1, 2, or -1 to -5 (missing), got float 3.0
          - row 1, support_1: expected a code 0, 1, 2, or -1 to -5 (missing), got float 1.5
        >>> import datetime
        >>> from coproduction import Activity
        >>> cohort = EvaluationCohort.from_array([[2] * 23, [1] * 23],
        ...     dates=[datetime.date(2024, 5, 1), None],
        ...     activities=[{Activity.LISTENED_TO}, set()])
        >>> cohort.dates, cohort.levels
        ((datetime.date(2024, 5, 1), None), None)
        >>> [sorted(a.value for a in row) for row in cohort.activities]
        [['listened_to'], []]

        .. versionchanged:: 0.2.0
           The context columns.
        """
        return cls(
            answers,
            respondents=respondents,
            groups=groups,
            dates=dates,
            levels=levels,
            activities=activities,
            preferred_activities=preferred_activities,
        )

    @classmethod
    def from_responses(
        cls,
        responses: Iterable[EvaluationResponse],
        *,
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> Self:
        """Build a cohort from responses, keeping their answers, ids and context.

        Each response's ``date``, ``level``, ``activities`` and
        ``preferred_activities`` become the cohort's context columns. A column is
        ``None`` when no response has that context recorded (no date, no level, or
        an empty set of activities in every response). To group by a context
        value, pass it in ``groups`` too (for example
        ``{"level": [r.level.name for r in rs]}``).

        Raises:
            ValidationError: An element is not an :class:`EvaluationResponse`, or
                the groups do not fit.

        .. versionchanged:: 0.2.0
           The responses' context is kept (it was dropped before).
        """
        problems: list[Problem] = []
        checked = elements(responses, EvaluationResponse, "responses", problems)
        refuse("evaluation cohort", problems)
        codes = np.full((len(checked), len(ITEM_IDS)), UNANSWERED_CODE, dtype=np.int8)
        for row, response in enumerate(checked):
            codes[row] = [
                response.missing[i].cohort_code if a is None else _EVALUATION_CODE[a]
                for i, a in response.answers.items()
            ]
        return cls(
            codes,
            respondents=[r.respondent for r in checked],
            groups=groups,
            dates=[r.date for r in checked],
            levels=[r.level for r in checked],
            activities=[r.activities for r in checked],
            preferred_activities=[r.preferred_activities for r in checked],
        )

    def to_responses(self) -> tuple[EvaluationResponse, ...]:
        """Turn every row back into an :class:`EvaluationResponse`, with its id and context.

        ``EvaluationCohort.from_responses(c.to_responses(), groups=c.groups) == c``
        for every cohort ``c``.

        .. versionchanged:: 0.2.0
           The context columns are given back.
        """
        n = len(self)
        nothing: tuple[None, ...] = (None,) * n
        no_activities: tuple[frozenset[Activity], ...] = (frozenset(),) * n
        return tuple(
            EvaluationResponse(
                answers,
                missing=kinds,
                respondent=respondent,
                date=date,
                level=level,
                activities=took_part,
                preferred_activities=preferred,
            )
            for (answers, kinds), respondent, date, level, took_part, preferred in zip(
                (
                    _answers_and_kinds(ITEM_IDS, row, EVALUATION_ANSWERS)
                    for row in self.answers.tolist()
                ),
                self.respondents,
                nothing if self.dates is None else self.dates,
                nothing if self.levels is None else self.levels,
                no_activities if self.activities is None else self.activities,
                no_activities if self.preferred_activities is None else self.preferred_activities,
                strict=True,
            )
        )

    def __len__(self) -> int:
        return len(self.answers)

    def __repr__(self) -> str:
        context = [name for name in CONTEXT_COLUMNS if getattr(self, name) is not None]
        text = _summary_repr("EvaluationCohort", len(self), self.groups)
        return f"{text[:-1]}, context {context}>" if context else text


@attrs.frozen(init=False, repr=False)
class ReadinessCohort(HtmlView):
    """Many settings' Readiness Checker assessments as one immutable table of codes.

    The codes are the library's documented codes: ``0`` No, ``1`` Partly, ``2`` Yes
    (increasing with what is in place), :attr:`UNANSWERED` (``-1``), and ``-2`` to
    ``-5`` for the other kinds of missing (:attr:`Missing.cohort_code
    <coproduction.Missing.cohort_code>`).

    Attributes:
        answers: Read-only ``int8`` array of shape ``(n, 7, 3)``: activities in
            :attr:`READINESS_CHECKER.activities
            <coproduction.ReadinessChecker.activities>` order (the booklet's, not a
            ranking) by dimensions in :attr:`READINESS_CHECKER.dimensions
            <coproduction.ReadinessChecker.dimensions>` order.
        settings: One setting id per row, or ``None`` where there is none.
        groups: Grouping columns by name, one non-empty text value per row.

    >>> from coproduction import Activity, Dimension
    >>> cohort = ReadinessCohort.from_array([[[2, 1, 0]] * 7], settings=["ward-oak"])
    >>> a = cohort.to_assessments()[0]
    >>> a.answers[Activity.INFORMED, Dimension.READINESS], a.setting
    (<ReadinessAnswer.PARTLY: 'partly'>, 'ward-oak')

    .. versionadded:: 0.1.0
    """

    #: The ``int8`` code of an unanswered question (the library's convention).
    #:
    #: .. versionadded:: 0.2.0
    UNANSWERED: ClassVar[int] = UNANSWERED_CODE

    answers: NDArray[np.int8] = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    settings: tuple[str | None, ...]
    groups: FrozenDict[str, tuple[str, ...]]
    _group_codes: GroupCodes = attrs.field(eq=False, hash=False)

    def __init__(
        self,
        answers: ArrayLike,
        *,
        settings: Sequence[str | None] | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        codes, problems = check_codes(answers, SHAPE_READINESS, QUESTION_IDS)
        n = 0 if codes is None else len(codes)
        ids = _check_ids(settings, n, "settings", problems, sized=codes is not None)
        columns, coded = _check_groups(groups, n, problems, sized=codes is not None)
        if problems or codes is None:
            raise ValidationError("readiness cohort", problems)
        # pyright does not model attrs' generated __attrs_init__ (mypy's plugin does).
        self.__attrs_init__(  # pyright: ignore[reportAttributeAccessIssue]
            read_only(codes), ids, columns, coded
        )

    @classmethod
    def from_array(
        cls,
        answers: ArrayLike,
        *,
        settings: Sequence[str | None] | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> Self:
        """Build a cohort from an array of codes of shape ``(n, 7, 3)``, checking every cell.

        Bad cells are reported as ``"row R, question_id"`` (for example
        ``"row 0, listened_to_obligation"``, rows counted from 0).

        Raises:
            ValidationError: Listing every problem.
        """
        return cls(answers, settings=settings, groups=groups)

    @classmethod
    def from_assessments(
        cls,
        assessments: Iterable[ReadinessAssessment],
        *,
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> Self:
        """Build a cohort from assessments, keeping their answers and setting ids.

        The assessments' dates are not kept; pass them in ``groups`` if needed.

        Raises:
            ValidationError: An element is not a :class:`ReadinessAssessment`, or
                the groups do not fit.
        """
        problems: list[Problem] = []
        checked = elements(assessments, ReadinessAssessment, "assessments", problems)
        refuse("readiness cohort", problems)
        codes = np.full((len(checked), *SHAPE_READINESS), UNANSWERED_CODE, dtype=np.int8)
        flat = codes.reshape(len(checked), len(QUESTION_IDS))
        for row, assessment in enumerate(checked):
            flat[row] = [
                assessment.missing[c].cohort_code if a is None else _READINESS_CODE[a]
                for c, a in assessment.answers.items()
            ]
        return cls(codes, settings=[a.setting for a in checked], groups=groups)

    def to_assessments(self) -> tuple[ReadinessAssessment, ...]:
        """Turn every row back into a :class:`ReadinessAssessment`, with its setting id."""
        cells = READINESS_CHECKER.cells
        return tuple(
            ReadinessAssessment(answers, missing=kinds, setting=setting)
            for (answers, kinds), setting in zip(
                (
                    _answers_and_kinds(cells, row.ravel().tolist(), READINESS_ANSWERS)
                    for row in self.answers
                ),
                self.settings,
                strict=True,
            )
        )

    def __len__(self) -> int:
        return len(self.answers)

    def __repr__(self) -> str:
        return _summary_repr("ReadinessCohort", len(self), self.groups)
