"""Answers to and from pandas DataFrames (the optional extra ``coproduction[pandas]``).

Two layouts:

* **wide**: one row per response (or assessment), one column per item (or question),
  named by the library's stable ids;
* **long**: one row per response and item, with ``item`` and ``answer`` columns (and
  ``domain``, or ``activity`` and ``dimension``), the tidy layout that plotting and
  modelling libraries expect.

Answers are :class:`pandas.CategoricalDtype` columns holding the booklet's labels:
the Coproduction Evaluation's are **ordered** ("Not at all" < "Sometimes" < "All the
time"), so sorting and comparing follow the scale; the Readiness Checker's keep the
order Yes, Partly, No for display but are not ordered, as the answers have no order.
Unanswered is a missing value (``NaN``), never a category, whatever its kind of
missing (:class:`~coproduction.Missing`); when some absent answer has a kind other
than not answered, a ``missing`` column carries the kinds: in the wide layout one
``{id: kind value}`` dict per row, in the long layout each row's kind value (or
``None``). Frames without such kinds have no ``missing`` column. Context travels with every
row: ``respondent``, ``date`` (``datetime64``), ``level`` (categorical),
``activities`` and ``preferred_activities`` (frozensets of
:class:`~coproduction.Activity`), or ``setting`` and ``date``.

Reading a frame back is as strict as the constructors: every cell is read with
``from_labels`` and every problem, with its row and column, is reported at once.

Every frame written here carries its provenance in ``frame.attrs["provenance"]``: the
instrument and its version, the library and its version, the conventions used (a
summary's scoring and disclosure control) and the citation, as plain text values
(``docs/formats.md``). pandas keeps ``attrs`` through most operations, but not all:
keep the provenance with the figures you publish.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, ParamSpec, Self, TypeVar

import attrs

from coproduction._checks import (
    activity_set,
    describe,
    elements,
    expect,
    kinds,
    option,
    refuse,
    repeated_id,
)
from coproduction._cohorts import EvaluationCohort, ReadinessCohort
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    QUESTION_IDS,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import Missing
from coproduction._power import Activity, Level
from coproduction._provenance import Provenance, provenance, provenance_of
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._summary_values import CohortSummary, ReadinessSummary
from coproduction._suppression import Suppressed
from coproduction.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "assessments_from_frame",
    "assessments_to_frame",
    "cohort_from_frame",
    "cohort_to_frame",
    "readiness_cohort_from_frame",
    "readiness_cohort_to_frame",
    "readiness_summary_to_frame",
    "responses_from_frame",
    "responses_to_frame",
    "summary_to_frame",
]


_RESPONSE_CONTEXT: Final = ("respondent", "date", "level", "activities", "preferred_activities")
_ASSESSMENT_CONTEXT: Final = ("setting", "date")
_CELL_OF: Final = {q.id: (q.activity, q.dimension) for q in READINESS_CHECKER.questions}
_QUESTION_OF: Final = {cell: question for question, cell in _CELL_OF.items()}
_LEVELS: Final = {level.label: level for level in Level}


_P = ParamSpec("_P")
_V = TypeVar("_V")


def _stamped(
    record: Callable[[object], Provenance | None],
) -> Callable[[Callable[_P, pd.DataFrame]], Callable[_P, pd.DataFrame]]:
    """Set ``attrs["provenance"]`` of the frame a writer returns, from its first argument."""

    def decorate(write: Callable[_P, pd.DataFrame]) -> Callable[_P, pd.DataFrame]:
        @functools.wraps(write)
        def stamped(*args: _P.args, **kwargs: _P.kwargs) -> pd.DataFrame:
            frame = write(*args, **kwargs)
            found = record(args[0] if args else next(iter(kwargs.values()), None))
            if found is not None:
                frame.attrs["provenance"] = found.to_dict()
            return frame

        return stamped

    return decorate


def _evaluation(_: object) -> Provenance:
    return provenance(COPRODUCTION_EVALUATION)


def _readiness(_: object) -> Provenance:
    return provenance(READINESS_CHECKER)


def _require_pandas() -> None:
    """Import pandas, or say which extra to install."""
    try:
        import pandas as pd  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = 'DataFrames need pandas: pip install "coproduction[pandas]"'
        raise ImportError(msg) from error


def _check_args(
    layout: object, *checks: tuple[object, type, str], groups: object = ()
) -> list[str]:
    """Refuse a wrong ``layout``, argument or grouping column name; the grouping columns."""
    problems: list[Problem] = []
    option(layout, Literal["wide", "long"], "layout", problems)
    for value, kind, location in checks:
        expect(value, kind, location, problems)
    names = elements(groups, str, "groups", problems)
    refuse("frame options", problems)
    return names


def _members(values: object, kind: type[_V], location: str) -> list[_V]:
    """The elements of ``values``, each a ``kind``; every one that is not, refused."""
    problems: list[Problem] = []
    members = elements(values, kind, location, problems)
    refuse("frame export", problems)
    return members


def _check_frame(frame: object, what: str) -> None:
    """A DataFrame whose columns are each named once (pandas allows a name twice)."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            what, [Problem("frame", f"expected a pandas DataFrame, got {type(frame).__name__}")]
        )
    if isinstance(frame.columns, pd.MultiIndex):
        raise ValidationError(
            what, [Problem("columns", "expected one level of column names, not a MultiIndex")]
        )
    counts: dict[object, int] = {}
    for column in frame.columns:
        counts[column] = counts.get(column, 0) + 1
    twice = [c for c, n in counts.items() if n > 1]
    if twice:
        raise ValidationError(
            what, [Problem(f"column {c!r}", "named more than once; keep one") for c in twice]
        )


def _check_unique(
    values: Sequence[EvaluationResponse | ReadinessAssessment],
    indexes: list[Hashable],
    column: str,
    problems: list[Problem],
) -> None:
    """Refuse a respondent (or setting) id on two rows, as the CSV readers do."""
    first: dict[object, str] = {}
    for value, index in zip(values, indexes, strict=True):
        key = value.respondent if isinstance(value, EvaluationResponse) else value.setting
        place = f"row {index!r}"
        if (problem := repeated_id(first, key, place, f"{place}, column {column!r}")) is not None:
            problems.append(problem)


def _dates(dates: Iterable[dt.date | None]) -> pd.Series[pd.Timestamp]:
    import pandas as pd

    return pd.Series(
        [pd.NaT if d is None else pd.Timestamp(d) for d in dates], dtype="datetime64[s]"
    )


def _frequency_dtype() -> pd.CategoricalDtype:
    import pandas as pd

    return pd.CategoricalDtype([f.label for f in Frequency], ordered=True)


def _readiness_dtype() -> pd.CategoricalDtype:
    import pandas as pd

    return pd.CategoricalDtype([a.label for a in ReadinessAnswer], ordered=False)


def _categorical(
    values: list[str | None], categories: Iterable[str], *, ordered: bool = False
) -> pd.Series[str]:
    """A categorical column with the given categories, in their given order."""
    import pandas as pd

    return pd.Series(pd.Categorical(values, categories=list(categories), ordered=ordered))


def _label(answer: Frequency | ReadinessAnswer | None) -> str | None:
    return None if answer is None else answer.label


def _kinds_column(
    kinds: list[Mapping[str, Missing]], *, long: bool, ids: Sequence[str]
) -> dict[str, Any]:
    """The ``missing`` column, when some absent answer has a kind other than not answered.

    Wide: one ``{id: kind value}`` dict per row (empty where none). Long: each
    row's kind value, or ``None`` (answered, or not answered). Frames without
    such kinds have no ``missing`` column, as before 0.2.0.
    """
    import pandas as pd

    named = [{i: k.value for i, k in row.items() if k is not Missing.NOT_ANSWERED} for row in kinds]
    if not any(named):
        return {}
    if not long:
        return {"missing": pd.Series(named, dtype="object")}
    return {"missing": pd.Series([row.get(i) for row in named for i in ids], dtype="object")}


def _read_kinds(value: object, where: str, problems: list[Problem]) -> dict[str, Missing]:
    """A wide frame's ``missing`` cell: a mapping of id to kind (member or value), or empty."""
    if _missing(value):
        return {}
    if not isinstance(value, Mapping):
        problems.append(
            Problem(where, f"expected a mapping of id to kind of missing, got {describe(value)}")
        )
        return {}
    by_value = {k.value: k for k in Missing}
    kinds: dict[str, Missing] = {}
    for key, kind in value.items():
        found = kind if isinstance(kind, Missing) else by_value.get(kind)
        if found is None or not isinstance(key, str):
            problems.append(
                Problem(
                    f"{where}[{key!r}]",
                    f"expected a kind of missing ({', '.join(by_value)}), got {describe(kind)}",
                )
            )
        else:
            kinds[key] = found
    return kinds


def _repeated(context: Mapping[str, Any], times: int) -> dict[str, Any]:
    """Each context column with every value repeated ``times``, keeping its dtype."""
    return {
        name: column.repeat(times).reset_index(drop=True).astype(column.dtype)
        for name, column in context.items()
    }


@_stamped(_evaluation)
def responses_to_frame(
    responses: Iterable[EvaluationResponse], *, layout: Literal["wide", "long"] = "wide"
) -> pd.DataFrame:
    """Put Coproduction Evaluation responses in a DataFrame, wide or long.

    Args:
        responses: The responses, one row each (wide) or 23 rows each (long).
        layout: ``"wide"`` (a column per item, by id) or ``"long"`` (columns
            ``response``, the context, ``item``, ``domain`` and ``answer``).

    Returns:
        The frame. Answers are an ordered categorical of the scale's labels, missing
        where unanswered.

    Raises:
        ValidationError: ``layout`` is neither ``"wide"`` nor ``"long"`` (a
            :class:`ValueError`, as before).

    >>> r = EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="R-1")
    >>> frame = responses_to_frame([r])
    >>> frame.loc[0, "support_1"], frame["support_1"].cat.ordered
    ('Sometimes', True)
    >>> responses_from_frame(frame) == [r]
    True

    .. versionadded:: 0.1.0
    """
    _check_args(layout)
    pooled = _members(responses, EvaluationResponse, "responses")
    _require_pandas()
    import pandas as pd

    context: dict[str, Any] = {
        "respondent": pd.Series([r.respondent for r in pooled], dtype="object"),
        "date": _dates(r.date for r in pooled),
        "level": pd.Series(
            [None if r.level is None else r.level.label for r in pooled],
            dtype=pd.CategoricalDtype([level.label for level in Level]),
        ),
        "activities": pd.Series([r.activities for r in pooled], dtype="object"),
        "preferred_activities": pd.Series([r.preferred_activities for r in pooled], dtype="object"),
    }
    dtype = _frequency_dtype()
    kinds = _kinds_column(
        [r.missing for r in pooled], long=layout == "long", ids=COPRODUCTION_EVALUATION.item_ids
    )
    if layout == "wide":
        answers = {
            item_id: pd.Series([_label(r.answers[item_id]) for r in pooled], dtype=dtype)
            for item_id in COPRODUCTION_EVALUATION.item_ids
        }
        return pd.DataFrame({**context, **kinds, **answers})
    items = COPRODUCTION_EVALUATION.items
    repeat = len(items)
    return pd.DataFrame(
        {
            "response": pd.Series([i for i in range(len(pooled)) for _ in items], dtype="int64"),
            **_repeated(context, repeat),
            "item": _categorical(
                [item.id for _ in pooled for item in items],
                COPRODUCTION_EVALUATION.item_ids,
                ordered=True,
            ),
            "domain": _categorical(
                [item.domain.label for _ in pooled for item in items],
                [d.label for d in COPRODUCTION_EVALUATION.domains],
            ),
            "answer": pd.Series(
                [_label(r.answers[item.id]) for r in pooled for item in items], dtype=dtype
            ),
            **kinds,
        }
    )


@_stamped(_readiness)
def assessments_to_frame(
    assessments: Iterable[ReadinessAssessment], *, layout: Literal["wide", "long"] = "wide"
) -> pd.DataFrame:
    """Put Readiness Checker assessments in a DataFrame, wide or long.

    Args:
        assessments: The assessments, one row each (wide) or 21 rows each (long).
        layout: ``"wide"`` (a column per question, by id such as
            ``"listened_to_obligation"``) or ``"long"`` (columns ``assessment``,
            ``setting``, ``date``, ``item``, ``activity``, ``dimension``, ``answer``).

    Returns:
        The frame. Answers are a categorical of "Yes", "Partly", "No" (not ordered),
        missing where unanswered. Activities keep the booklet's order as categories,
        which is not a ranking.

    Raises:
        ValidationError: ``layout`` is neither ``"wide"`` nor ``"long"`` (a
            :class:`ValueError`, as before).

    >>> a = ReadinessAssessment.from_labels({"shared_readiness": "partly"}, setting="ward-a")
    >>> assessments_to_frame([a]).loc[0, "shared_readiness"]
    'Partly'

    .. versionadded:: 0.1.0
    """
    _check_args(layout)
    pooled = _members(assessments, ReadinessAssessment, "assessments")
    _require_pandas()
    import pandas as pd

    context: dict[str, Any] = {
        "setting": pd.Series([a.setting for a in pooled], dtype="object"),
        "date": _dates(a.date for a in pooled),
    }
    dtype = _readiness_dtype()
    kinds = _kinds_column(
        [{_QUESTION_OF[c]: k for c, k in a.missing.items()} for a in pooled],
        long=layout == "long",
        ids=QUESTION_IDS,
    )
    if layout == "wide":
        answers = {
            q.id: pd.Series(
                [_label(a.answers[q.activity, q.dimension]) for a in pooled], dtype=dtype
            )
            for q in READINESS_CHECKER.questions
        }
        return pd.DataFrame({**context, **kinds, **answers})
    questions = READINESS_CHECKER.questions
    repeat = len(questions)
    return pd.DataFrame(
        {
            "assessment": pd.Series(
                [i for i in range(len(pooled)) for _ in questions], dtype="int64"
            ),
            **_repeated(context, repeat),
            "item": _categorical([q.id for _ in pooled for q in questions], QUESTION_IDS),
            "activity": _categorical(
                [q.activity.label for _ in pooled for q in questions],
                [a.label for a in READINESS_CHECKER.activities],
            ),
            "dimension": _categorical(
                [q.dimension.label for _ in pooled for q in questions],
                [d.label for d in READINESS_CHECKER.dimensions],
            ),
            "answer": pd.Series(
                [_label(a.answers[q.activity, q.dimension]) for a in pooled for q in questions],
                dtype=dtype,
            ),
            **kinds,
        }
    )


# -- reading frames back ---------------------------------------------------------------


def _missing(value: object) -> bool:
    """None, NaN, NaT or NA: how pandas writes an empty cell."""
    import pandas as pd

    return (
        value is None
        or value is pd.NaT
        or value is pd.NA
        or (isinstance(value, float) and math.isnan(value))
    )


def _cell(value: object) -> object:
    """An answer cell as from_labels reads it: missing is None, 2.0 is the code 2.

    pandas stores a column of codes with missing values as floats; only whole
    numbers are turned back into codes, so 1.5 is still refused.
    """
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_date(value: object, where: str, problems: list[Problem]) -> dt.date | None:
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        if value == value.normalize():
            return value.date()
        problems.append(Problem(where, "expected a day, got a time of day as well"))
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    else:
        problems.append(Problem(where, f"expected a date, got {type(value).__name__}"))
    return None


def _read_level(value: object, where: str, problems: list[Problem]) -> Level | None:
    if isinstance(value, Level):
        return value
    if isinstance(value, str) and value in _LEVELS:
        return _LEVELS[value]
    problems.append(Problem(where, f"expected one of {', '.join(_LEVELS)}, got {value!r}"))
    return None


def _read_id(value: object, where: str, problems: list[Problem]) -> str | None:
    """An id cell: text (which the constructor checks further) or missing."""
    if _missing(value):
        return None
    if isinstance(value, str):
        return value
    problems.append(Problem(where, f"expected text, got {describe(value)}"))
    return None


def _read_activities(value: object, where: str, problems: list[Problem]) -> frozenset[Activity]:
    """An activities cell: a collection of :class:`Activity` members, or missing."""
    return frozenset() if _missing(value) else activity_set(problems, where, value)


@attrs.frozen
class _ResponseContext:
    """A row's context cells, read into the types the response constructor takes."""

    respondent: str | None
    date: dt.date | None
    level: Level | None
    activities: frozenset[Activity]
    preferred_activities: frozenset[Activity]

    @classmethod
    def read(cls, row: Mapping[str, object], index: Hashable, problems: list[Problem]) -> Self:
        def where(name: str) -> str:
            return f"row {index!r}, column {name!r}"

        date, level = row.get("date"), row.get("level")
        return cls(
            respondent=_read_id(row.get("respondent"), where("respondent"), problems),
            date=None if _missing(date) else _read_date(date, where("date"), problems),
            level=None if _missing(level) else _read_level(level, where("level"), problems),
            activities=_read_activities(row.get("activities"), where("activities"), problems),
            preferred_activities=_read_activities(
                row.get("preferred_activities"), where("preferred_activities"), problems
            ),
        )


def _rows(
    frame: pd.DataFrame, columns: Iterable[str]
) -> Iterable[tuple[Hashable, Mapping[str, object]]]:
    """Each row's cells as stored, column by column.

    Not ``iterrows``: it builds a Series per row, which converts the row's values
    to one type (an int next to a float becomes a float; text may become an Arrow
    string, which refuses a lone surrogate with an exception of its own).
    """
    wanted = [c for c in columns if c in frame.columns]
    values = {c: frame[c].tolist() for c in wanted}
    for n, index in enumerate(frame.index):
        yield index, {c: values[c][n] for c in wanted}


def _same(a: object, b: object) -> bool:
    """Whether two cells hold the same value (two missing cells are the same)."""
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):  # a cell whose comparison is not a truth value
        return False


def _carry(
    record: dict[str, object],
    column: str,
    value: object,
    where: str,
    key: tuple[object, Hashable],
    problems: list[Problem],
) -> None:
    """Keep a key's context value from its first row; a later row must hold the same."""
    if column not in record:
        record[column] = value
    elif not _same(record[column], value):
        problems.append(Problem(where, f"differs from {key[0]!r}'s first row ({key[1]!r})"))


def _long_to_wide(
    frame: pd.DataFrame,
    *,
    key: str,
    carried: tuple[str, ...],
    derived: Mapping[str, Mapping[str, str]],
    what: str,
) -> pd.DataFrame:
    """Turn a long frame into a wide one, refusing what the CSV long reader refuses.

    Every row needs its ``key``; an item is answered at most once per key; the
    ``carried`` columns (context and groups) hold one value per key; each
    ``derived`` column (``domain``, ``activity``, ``dimension``) holds the label of
    its row's item; no other column is allowed. The wide frame's index is the key.
    """
    import pandas as pd

    missing = [c for c in (key, "item", "answer") if c not in frame.columns]
    if missing:
        raise ValidationError(
            what, [Problem(f"column {c!r}", "missing; a long frame needs it") for c in missing]
        )
    allowed = {key, "item", "answer", "missing", *carried, *derived}
    problems = [
        Problem(f"column {c!r}", "not a column of the long layout")
        for c in frame.columns
        if c not in allowed
    ]
    present = [c for c in carried if c in frame.columns]
    records: dict[object, dict[str, object]] = {}
    absent: dict[object, dict[str, object]] = {}  # each key's kinds of missing, by item
    first_row: dict[object, Hashable] = {}
    columns = {
        c: frame[c].tolist()
        for c in {key, "item", "answer", "missing", *present, *derived}
        if c in frame.columns
    }
    for n, index in enumerate(frame.index):
        where = f"row {index!r}"
        k, item = columns[key][n], columns["item"][n]
        if _missing(k) or not isinstance(k, Hashable):
            problems.append(Problem(f"{where}, column {key!r}", "missing; every row needs one"))
            continue
        if not isinstance(item, str) or item not in derived["item"]:
            problems.append(Problem(f"{where}, column 'item'", f"unknown id {item!r}"))
            continue
        record = records.setdefault(k, {})
        first = first_row.setdefault(k, index)
        if item in record:
            problems.append(
                Problem(f"{where}, column 'item'", f"{item!r} is answered twice for {k!r}")
            )
            continue
        record[item] = columns["answer"][n]
        if "missing" in columns and not _missing(kind := columns["missing"][n]):
            absent.setdefault(k, {})[item] = kind
        problems.extend(
            Problem(
                f"{where}, column {c!r}", f"expected {derived[c][item]!r}, the label of {item!r}"
            )
            for c in derived
            # Labels are text: anything else (a missing value, which pandas will
            # not compare as a yes or no) is not the label.
            if c != "item"
            and c in columns
            and not (isinstance(label := columns[c][n], str) and label == derived[c][item])
        )
        for c in present:
            _carry(record, c, columns[c][n], f"{where}, column {c!r}", (k, first), problems)
    if problems:
        raise ValidationError(what, problems)
    for k, kinds_of in absent.items():
        records[k]["missing"] = kinds_of
    answered = {i for record in records.values() for i in record}
    kinds = ["missing"] if "missing" in columns else []
    names = [*present, *kinds, *(i for i in derived["item"] if i in answered)]
    keys = list(records)
    # Object columns: the values stay as they were, with no type inference.
    return pd.DataFrame(
        {
            name: pd.Series([r.get(name) for r in records.values()], index=keys, dtype=object)
            for name in names
        },
        index=pd.Index(keys, dtype=object),
    )


def _derived_evaluation() -> dict[str, dict[str, str]]:
    """Each item's label in the long layout's derived columns (``item`` lists the ids)."""
    ev = COPRODUCTION_EVALUATION
    return {
        "item": {i.id: i.id for i in ev.items},
        "domain": {i.id: d.label for d in ev.domains for i in ev.items_in(d)},
    }


def _derived_readiness() -> dict[str, dict[str, str]]:
    questions = READINESS_CHECKER.questions
    return {
        "item": {q.id: q.id for q in questions},
        "activity": {q.id: q.activity.label for q in questions},
        "dimension": {q.id: q.dimension.label for q in questions},
    }


def responses_from_frame(
    frame: pd.DataFrame, *, layout: Literal["wide", "long"] = "wide"
) -> list[EvaluationResponse]:
    """Read Coproduction Evaluation responses from a frame like :func:`responses_to_frame`'s.

    Answer cells may be labels, the codes 0 to 2 (also as whole-number floats, as
    pandas stores codes in a column with gaps), :class:`~coproduction.Frequency`
    members or missing; context columns are optional. Columns that are neither an
    item id nor a context column are refused, as are unreadable cells.

    Raises:
        ValidationError: Listing every problem, located by row and column, or
            ``layout`` is neither ``"wide"`` nor ``"long"`` (a :class:`ValueError`
            too, as before).

    .. versionadded:: 0.1.0
    """
    _check_args(layout)
    _require_pandas()
    _check_frame(frame, "responses frame")
    if layout == "long":
        frame = _long_to_wide(
            frame,
            key="response",
            carried=_RESPONSE_CONTEXT,
            derived=_derived_evaluation(),
            what="responses frame",
        )
    problems: list[Problem] = []
    known = {*_RESPONSE_CONTEXT, "missing", *COPRODUCTION_EVALUATION.item_ids}
    problems.extend(
        Problem(f"column {c!r}", "not an item id or a context column")
        for c in frame.columns
        if c not in known
    )
    responses: list[EvaluationResponse] = []
    indexes: list[Hashable] = []
    for index, row in _rows(frame, known):
        kinds = _read_kinds(row.get("missing"), f"row {index!r}, column 'missing'", problems)
        answers = {
            k: _cell(v) for k, v in row.items() if k not in _RESPONSE_CONTEXT and k != "missing"
        }
        context = _ResponseContext.read(row, index, problems)
        try:
            responses.append(
                EvaluationResponse.from_labels(
                    answers,
                    respondent=context.respondent,
                    date=context.date,
                    level=context.level,
                    activities=context.activities,
                    preferred_activities=context.preferred_activities,
                    missing=kinds,
                )
            )
            indexes.append(index)
        except ValidationError as error:
            problems.extend(
                Problem(f"row {index!r}: {p.location}", p.message) for p in error.problems
            )
    _check_unique(responses, indexes, "respondent", problems)
    if problems:
        raise ValidationError("responses frame", problems)
    return responses


def assessments_from_frame(
    frame: pd.DataFrame, *, layout: Literal["wide", "long"] = "wide"
) -> list[ReadinessAssessment]:
    """Read Readiness Checker assessments from a frame like :func:`assessments_to_frame`'s.

    Answer cells may be "Yes", "Partly", "No" (any case),
    :class:`~coproduction.ReadinessAnswer` members or missing.

    Raises:
        ValidationError: Listing every problem, located by row and column, or
            ``layout`` is neither ``"wide"`` nor ``"long"`` (a :class:`ValueError`
            too, as before).

    .. versionadded:: 0.1.0
    """
    _check_args(layout)
    _require_pandas()
    _check_frame(frame, "assessments frame")
    if layout == "long":
        frame = _long_to_wide(
            frame,
            key="assessment",
            carried=_ASSESSMENT_CONTEXT,
            derived=_derived_readiness(),
            what="assessments frame",
        )
    problems: list[Problem] = []
    known = {*_ASSESSMENT_CONTEXT, "missing", *QUESTION_IDS}
    problems.extend(
        Problem(f"column {c!r}", "not a question id or a context column")
        for c in frame.columns
        if c not in known
    )
    assessments: list[ReadinessAssessment] = []
    indexes: list[Hashable] = []
    for index, row in _rows(frame, known):
        where = f"row {index!r}, column 'missing'"
        named = _read_kinds(row.get("missing"), where, problems)
        problems.extend(
            Problem(f"{where}[{q!r}]", "unknown question id") for q in named if q not in _CELL_OF
        )
        kinds = {_CELL_OF[q]: k for q, k in named.items() if q in _CELL_OF}
        answers: dict[object, object] = {
            k: _cell(v) for k, v in row.items() if k not in _ASSESSMENT_CONTEXT and k != "missing"
        }
        setting = _read_id(row.get("setting"), f"row {index!r}, column 'setting'", problems)
        cell = row.get("date")
        date = (
            None if _missing(cell) else _read_date(cell, f"row {index!r}, column 'date'", problems)
        )
        try:
            assessments.append(
                ReadinessAssessment.from_labels(
                    answers,
                    setting=setting,
                    date=date,
                    missing=kinds,
                )
            )
            indexes.append(index)
        except ValidationError as error:
            problems.extend(
                Problem(f"row {index!r}: {p.location}", p.message) for p in error.problems
            )
    _check_unique(assessments, indexes, "setting", problems)
    if problems:
        raise ValidationError("assessments frame", problems)
    return assessments


# -- cohorts and summaries ----------------------------------------------------------------


@_stamped(_evaluation)
def cohort_to_frame(
    cohort: EvaluationCohort, *, layout: Literal["wide", "long"] = "wide"
) -> pd.DataFrame:
    """Put an evaluation cohort in a DataFrame: respondent, grouping columns, then answers.

    Like :func:`responses_to_frame`, with the cohort's grouping columns after
    ``respondent``, and only the context columns the cohort records (``date``,
    ``level``, ``activities``, ``preferred_activities``: those that are not
    ``None`` on the cohort), so that :func:`cohort_from_frame` gives the cohort back.

    >>> cohort = EvaluationCohort.from_responses(
    ...     [EvaluationResponse.from_labels({"trust_1": 2})], groups={"ward": ["A"]}
    ... )
    >>> list(cohort_to_frame(cohort).columns[:3])
    ['respondent', 'ward', 'support_1']
    >>> cohort_from_frame(cohort_to_frame(cohort), groups=["ward"]) == cohort
    True

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The cohort's recorded context columns are kept.
    """
    _check_args(layout, (cohort, EvaluationCohort, "cohort"))
    _require_pandas()

    frame = responses_to_frame(cohort.to_responses(), layout=layout)
    recorded = {
        "date": cohort.dates,
        "level": cohort.levels,
        "activities": cohort.activities,
        "preferred_activities": cohort.preferred_activities,
    }
    frame = frame.drop(columns=[c for c, column in recorded.items() if column is None])
    return _insert_groups(frame, cohort.groups, len(COPRODUCTION_EVALUATION.items), layout)


def _insert_groups(
    frame: pd.DataFrame, groups: Mapping[str, Iterable[str]], per_row: int, layout: str
) -> pd.DataFrame:
    """Insert a cohort's grouping columns after its id column (and the long key)."""
    import pandas as pd

    repeat = 1 if layout == "wide" else per_row
    for position, (name, values) in enumerate(groups.items(), start=1):
        column = pd.Series(list(values), dtype="object").repeat(repeat).reset_index(drop=True)
        frame.insert(position + (layout == "long"), name, column)
    return frame


def _group_columns(
    frame: pd.DataFrame,
    names: list[str],
    layout: str,
    *,
    key: str,
    carried: tuple[str, ...],
    derived: Mapping[str, Mapping[str, str]],
    what: str,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The wide frame without its grouping columns, and each grouping column's values.

    A long frame is made wide first, so that a group value that differs within one
    key is refused, as the CSV long reader refuses it. A value that is not text is
    refused here, located by row and column; the cohort checks the text further.
    """
    _require_pandas()
    _check_frame(frame, what)
    if layout == "long":
        frame = _long_to_wide(
            frame, key=key, carried=(*carried, *names), derived=derived, what=what
        )
    problems = [
        Problem(f"column {name!r}", "missing; named in groups")
        for name in names
        if name not in frame.columns
    ]
    values: dict[str, list[str]] = {name: [] for name in names}
    for index, row in _rows(frame, names):
        for name, cell in row.items():
            if isinstance(cell, str):
                values[name].append(cell)
            else:
                problems.append(
                    Problem(
                        f"row {index!r}, column {name!r}",
                        f"expected non-empty text, got {describe(_cell(cell))}",
                    )
                )
    if problems:
        raise ValidationError(what, problems)
    return frame.drop(columns=names), values


def cohort_from_frame(
    frame: pd.DataFrame,
    *,
    groups: Iterable[str] = (),
    layout: Literal["wide", "long"] = "wide",
) -> EvaluationCohort:
    """Read an evaluation cohort from a frame like :func:`cohort_to_frame`'s.

    Args:
        frame: The frame.
        groups: The grouping columns to keep, by name; their values must be text.
        layout: ``"wide"`` or ``"long"``.

    Raises:
        ValidationError: Listing every problem, located by row and column, or
            ``layout`` is neither ``"wide"`` nor ``"long"`` (a :class:`ValueError`
            too, as before).

    .. versionadded:: 0.1.0
    """
    names = _check_args(layout, groups=groups)
    wide, group_values = _group_columns(
        frame,
        names,
        layout,
        key="response",
        carried=_RESPONSE_CONTEXT,
        derived=_derived_evaluation(),
        what="cohort frame",
    )
    responses = responses_from_frame(wide)
    return EvaluationCohort.from_responses(responses, groups=group_values)


@_stamped(_readiness)
def readiness_cohort_to_frame(
    cohort: ReadinessCohort, *, layout: Literal["wide", "long"] = "wide"
) -> pd.DataFrame:
    """Put a readiness cohort in a DataFrame: setting, grouping columns, then answers.

    Like :func:`assessments_to_frame` (answers a categorical of "Yes", "Partly",
    "No", not ordered; unanswered missing), with the cohort's grouping columns after
    ``setting`` and without the dates a cohort does not hold.

    >>> cohort = ReadinessCohort.from_array([[[2, 1, 0]] * 7], settings=["ward-oak"],
    ...     groups={"trust": ["North"]})
    >>> frame = readiness_cohort_to_frame(cohort)
    >>> list(frame.columns[:3]), frame.loc[0, "shared_readiness"]
    (['setting', 'trust', 'informed_obligation'], 'Partly')
    >>> readiness_cohort_from_frame(frame, groups=["trust"]) == cohort
    True

    .. versionadded:: 0.1.0
    """
    _check_args(layout, (cohort, ReadinessCohort, "cohort"))
    _require_pandas()
    frame = assessments_to_frame(cohort.to_assessments(), layout=layout)
    frame = frame.drop(columns=[c for c in _ASSESSMENT_CONTEXT if c != "setting"])
    return _insert_groups(frame, cohort.groups, len(READINESS_CHECKER.questions), layout)


def readiness_cohort_from_frame(
    frame: pd.DataFrame,
    *,
    groups: Iterable[str] = (),
    layout: Literal["wide", "long"] = "wide",
) -> ReadinessCohort:
    """Read a readiness cohort from a frame like :func:`readiness_cohort_to_frame`'s.

    Args:
        frame: The frame.
        groups: The grouping columns to keep, by name; their values must be text.
        layout: ``"wide"`` or ``"long"``.

    Raises:
        ValidationError: Listing every problem, located by row and column, or
            ``layout`` is neither ``"wide"`` nor ``"long"`` (a :class:`ValueError`
            too, as before).

    .. versionadded:: 0.1.0
    """
    names = _check_args(layout, groups=groups)
    wide, group_values = _group_columns(
        frame,
        names,
        layout,
        key="assessment",
        carried=_ASSESSMENT_CONTEXT,
        derived=_derived_readiness(),
        what="readiness cohort frame",
    )
    assessments = assessments_from_frame(wide)
    return ReadinessCohort.from_assessments(assessments, groups=group_values)


def _published(name: str, value: float | Suppressed | None, withheld: list[str]) -> float:
    """A published figure as a float: NaN where missing or suppressed (named in ``withheld``)."""
    if isinstance(value, Suppressed):
        withheld.append(f"{name} ({value.reason})")
        return math.nan
    return math.nan if value is None else float(value)


def _padded(group: tuple[str, ...], by: tuple[str, ...]) -> list[str | None]:
    """A group's values, missing (``None``) for the columns a coarser level has not."""
    return [*group, *[None] * (len(by) - len(group))]


@_stamped(provenance_of)
def summary_to_frame(summary: CohortSummary) -> pd.DataFrame:
    """Put a cohort summary's domain and overall figures in a tidy DataFrame.

    One row per group and domain (then ``"Overall"``): the grouping columns,
    ``domain``, ``n``, ``mean``, ``median``, ``sd``, ``low``, ``high`` (in points),
    ``mean_percent``, and ``suppressed``, which names each figure withheld by
    disclosure control and why. ``n`` is a whole number (pandas' nullable
    ``Int64``); a suppressed or missing figure is ``<NA>`` there and ``NaN`` in the
    other columns, never 0. Under disclosure control a grouped summary also holds
    the whole cohort, whose grouping columns are missing (``None``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``n`` is ``Int64`` (it was a float).
    """
    kinds("summary table", (summary, CohortSummary, "summary"))
    _require_pandas()
    import pandas as pd

    figures = ("n", "mean", "median", "sd", "low", "high")
    records: list[dict[str, object]] = []
    for measure in summary.measures:
        # The whole's and coarser levels' rows (published under a rule) lack some columns.
        record: dict[str, object] = dict(
            zip(summary.by, _padded(measure.group, summary.by), strict=True)
        )
        record["domain"] = "Overall" if measure.domain is None else measure.domain.label
        withheld: list[str] = []
        for name in figures:
            record[name] = _published(name, getattr(measure, name), withheld)
        mean = record["mean"]
        record["mean_percent"] = (
            summary.conventions.percent(mean)
            if isinstance(mean, float) and not math.isnan(mean)
            else math.nan
        )
        record["suppressed"] = "; ".join(withheld)
        records.append(record)
    frame = pd.DataFrame.from_records(
        records, columns=[*summary.by, "domain", *figures, "mean_percent", "suppressed"]
    )
    frame["n"] = frame["n"].astype("Int64")
    labels = [*(d.label for d in COPRODUCTION_EVALUATION.domains), "Overall"]
    frame["domain"] = _categorical(list(frame["domain"]), labels, ordered=False)
    return frame


@_stamped(provenance_of)
def readiness_summary_to_frame(summary: ReadinessSummary) -> pd.DataFrame:
    """Put a readiness summary in a tidy DataFrame, one row per group and cell.

    One row per group and cell (activity and dimension), then per group and
    activity (``dimension`` missing: its three cells pooled), then per group and
    dimension (``activity`` missing: its seven cells pooled). Under disclosure
    control a grouped summary also holds the whole, whose grouping columns are
    missing (``None``). Columns: the grouping
    columns, ``activity`` and ``dimension`` (categoricals in the booklet's order,
    which is not a ranking), ``total``, the counts ``yes``, ``partly``, ``no`` and
    ``unanswered``, their shares ``yes_percent`` to ``unanswered_percent``, and
    ``suppressed``, which names each figure withheld by disclosure control and why.
    As in :func:`summary_to_frame`, the counts are whole numbers (``Int64``) and a
    suppressed figure is ``<NA>`` (counts) or ``NaN`` (shares), never 0.

    >>> cohort = ReadinessCohort.from_array([[[2, 1, 0]] * 7, [[2, -1, 0]] * 7])
    >>> from coproduction import summarize_readiness
    >>> frame = readiness_summary_to_frame(summarize_readiness(cohort))
    >>> row = frame.iloc[0]
    >>> print(row["activity"], "|", row["yes"], row["partly"], row["yes_percent"])
    People are given instructions/information | 2 0 100.0

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The counts are ``Int64`` (they were floats).
    """
    kinds("summary table", (summary, ReadinessSummary, "summary"))
    _require_pandas()
    import pandas as pd

    answers = {
        "yes": ReadinessAnswer.YES,
        "partly": ReadinessAnswer.PARTLY,
        "no": ReadinessAnswer.NO,
    }
    figures = ("total", *answers, "unanswered")
    percents = tuple(f"{name}_percent" for name in (*answers, "unanswered"))
    records: list[dict[str, object]] = []
    for row in (*summary.cells, *summary.activities, *summary.dimensions):
        # The whole's rows (published with the groups under a rule) have no group.
        record: dict[str, object] = dict(
            zip(summary.by, _padded(row.group, summary.by), strict=True)
        )
        record["activity"] = None if row.activity is None else row.activity.label
        record["dimension"] = None if row.dimension is None else row.dimension.label
        withheld: list[str] = []
        counts = {"total": row.total, **{k: row.counts[a] for k, a in answers.items()}}
        shares = {f"{k}_percent": row.percents[a] for k, a in answers.items()}
        for name, value in {
            **counts,
            "unanswered": row.unanswered,
            **shares,
            "unanswered_percent": row.unanswered_percent,
        }.items():
            record[name] = _published(name, value, withheld)
        record["suppressed"] = "; ".join(withheld)
        records.append(record)
    frame = pd.DataFrame.from_records(
        records, columns=[*summary.by, "activity", "dimension", *figures, *percents, "suppressed"]
    )
    frame[list(figures)] = frame[list(figures)].astype("Int64")
    frame["activity"] = _categorical(
        list(frame["activity"]), [a.label for a in READINESS_CHECKER.activities]
    )
    frame["dimension"] = _categorical(
        list(frame["dimension"]), [d.label for d in READINESS_CHECKER.dimensions]
    )
    return frame
