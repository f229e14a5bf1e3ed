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
Unanswered is a missing value (``NaN``), never a category. Context travels with every
row: ``respondent``, ``date`` (``datetime64``), ``level`` (categorical),
``activities`` and ``preferred_activities`` (frozensets of
:class:`~coproduction.Activity`), or ``setting`` and ``date``.

Reading a frame back is as strict as the constructors: every cell is read with
``from_labels`` and every problem, with its row and column, is reported at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

from coproduction._cohorts import EvaluationCohort
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._power import Level
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._summaries import CohortSummary
from coproduction._suppression import Suppressed
from coproduction.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "assessments_from_frame",
    "assessments_to_frame",
    "cohort_from_frame",
    "cohort_to_frame",
    "responses_from_frame",
    "responses_to_frame",
    "summary_to_frame",
]


_RESPONSE_CONTEXT: Final = ("respondent", "date", "level", "activities", "preferred_activities")
_ASSESSMENT_CONTEXT: Final = ("setting", "date")
_QUESTION_IDS: Final = tuple(q.id for q in READINESS_CHECKER.questions)
_LEVELS: Final = {level.label: level for level in Level}


def _require_pandas() -> None:
    """Import pandas, or say which extra to install."""
    try:
        import pandas as pd  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = 'DataFrames need pandas: pip install "coproduction[pandas]"'
        raise ImportError(msg) from error


def _check_layout(layout: object) -> None:
    if layout not in {"wide", "long"}:
        msg = f"layout must be 'wide' or 'long', got {layout!r}"
        raise ValueError(msg)


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


def _repeated(context: Mapping[str, Any], times: int) -> dict[str, Any]:
    """Each context column with every value repeated ``times``, keeping its dtype."""
    return {
        name: column.repeat(times).reset_index(drop=True).astype(column.dtype)
        for name, column in context.items()
    }


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
        ValueError: ``layout`` is neither ``"wide"`` nor ``"long"``.

    >>> r = EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="R-1")
    >>> frame = responses_to_frame([r])
    >>> frame.loc[0, "support_1"], frame["support_1"].cat.ordered
    ('Sometimes', True)
    >>> responses_from_frame(frame) == [r]
    True

    .. versionadded:: 0.1.0
    """
    _check_layout(layout)
    _require_pandas()
    import pandas as pd

    pooled = list(responses)
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
    if layout == "wide":
        answers = {
            item_id: pd.Series([_label(r.answers[item_id]) for r in pooled], dtype=dtype)
            for item_id in COPRODUCTION_EVALUATION.item_ids
        }
        return pd.DataFrame({**context, **answers})
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
        }
    )


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
        ValueError: ``layout`` is neither ``"wide"`` nor ``"long"``.

    >>> a = ReadinessAssessment.from_labels({"shared_readiness": "partly"}, setting="ward-a")
    >>> assessments_to_frame([a]).loc[0, "shared_readiness"]
    'Partly'

    .. versionadded:: 0.1.0
    """
    _check_layout(layout)
    _require_pandas()
    import pandas as pd

    pooled = list(assessments)
    context: dict[str, Any] = {
        "setting": pd.Series([a.setting for a in pooled], dtype="object"),
        "date": _dates(a.date for a in pooled),
    }
    dtype = _readiness_dtype()
    if layout == "wide":
        answers = {
            q.id: pd.Series(
                [_label(a.answers[q.activity, q.dimension]) for a in pooled], dtype=dtype
            )
            for q in READINESS_CHECKER.questions
        }
        return pd.DataFrame({**context, **answers})
    questions = READINESS_CHECKER.questions
    repeat = len(questions)
    return pd.DataFrame(
        {
            "assessment": pd.Series(
                [i for i in range(len(pooled)) for _ in questions], dtype="int64"
            ),
            **_repeated(context, repeat),
            "item": _categorical([q.id for _ in pooled for q in questions], _QUESTION_IDS),
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


def _context_value(name: str, value: object, where: str, problems: list[Problem]) -> object:
    """Read one context cell back into the value the constructors take.

    Ids and activity sets are passed on as they are: the constructors check them.
    """
    if _missing(value):
        return frozenset() if name in {"activities", "preferred_activities"} else None
    if name == "date":
        return _read_date(value, where, problems)
    if name == "level":
        return _read_level(value, where, problems)
    return value


def _rows(
    frame: pd.DataFrame, columns: Iterable[str]
) -> Iterable[tuple[Hashable, Mapping[str, object]]]:
    wanted = list(columns)
    for index, row in frame.iterrows():
        yield index, {c: row[c] for c in wanted if c in frame.columns}


def _long_to_wide(frame: pd.DataFrame, key: str, context: tuple[str, ...]) -> pd.DataFrame:
    _require_pandas()
    import pandas as pd

    missing = [c for c in (key, "item", "answer") if c not in frame.columns]
    if missing:
        raise ValidationError(
            "long frame",
            [Problem(f"column {c!r}", "missing; a long frame needs it") for c in missing],
        )
    groups = []
    for _, group in frame.groupby(key, sort=False, observed=True):
        first = group.iloc[0]
        record: dict[str, object] = {c: first[c] for c in context if c in group.columns}
        for item, answer in zip(group["item"], group["answer"], strict=True):
            record[str(item)] = answer
        groups.append(record)
    return pd.DataFrame.from_records(groups) if groups else pd.DataFrame()


def responses_from_frame(
    frame: pd.DataFrame, *, layout: Literal["wide", "long"] = "wide"
) -> list[EvaluationResponse]:
    """Read Coproduction Evaluation responses from a frame like :func:`responses_to_frame`'s.

    Answer cells may be labels, the codes 0 to 2 (also as whole-number floats, as
    pandas stores codes in a column with gaps), :class:`~coproduction.Frequency`
    members or missing; context columns are optional. Columns that are neither an
    item id nor a context column are refused, as are unreadable cells.

    Raises:
        ValidationError: Listing every problem, located by row and column.
        ValueError: ``layout`` is neither ``"wide"`` nor ``"long"``.

    .. versionadded:: 0.1.0
    """
    _check_layout(layout)
    _require_pandas()

    if layout == "long":
        frame = _long_to_wide(frame, "response", _RESPONSE_CONTEXT)
    problems: list[Problem] = []
    known = {*_RESPONSE_CONTEXT, *COPRODUCTION_EVALUATION.item_ids}
    problems.extend(
        Problem(f"column {c!r}", "not an item id or a context column")
        for c in frame.columns
        if c not in known
    )
    responses: list[EvaluationResponse] = []
    for index, row in _rows(frame, known):
        answers = {k: _cell(v) for k, v in row.items() if k not in _RESPONSE_CONTEXT}
        context = {
            name: _context_value(name, row.get(name), f"row {index!r}, column {name!r}", problems)
            for name in _RESPONSE_CONTEXT
        }
        try:
            responses.append(
                EvaluationResponse.from_labels(
                    answers,
                    respondent=context["respondent"],  # type: ignore[arg-type]
                    date=context["date"],  # type: ignore[arg-type]
                    level=context["level"],  # type: ignore[arg-type]
                    activities=context["activities"],  # type: ignore[arg-type]
                    preferred_activities=context["preferred_activities"],  # type: ignore[arg-type]
                )
            )
        except ValidationError as error:
            problems.extend(
                Problem(f"row {index!r}: {p.location}", p.message) for p in error.problems
            )
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
        ValidationError: Listing every problem, located by row and column.
        ValueError: ``layout`` is neither ``"wide"`` nor ``"long"``.

    .. versionadded:: 0.1.0
    """
    _check_layout(layout)
    _require_pandas()

    if layout == "long":
        frame = _long_to_wide(frame, "assessment", _ASSESSMENT_CONTEXT)
    problems: list[Problem] = []
    known = {*_ASSESSMENT_CONTEXT, *_QUESTION_IDS}
    problems.extend(
        Problem(f"column {c!r}", "not a question id or a context column")
        for c in frame.columns
        if c not in known
    )
    assessments: list[ReadinessAssessment] = []
    for index, row in _rows(frame, known):
        answers: dict[object, object] = {
            k: _cell(v) for k, v in row.items() if k not in _ASSESSMENT_CONTEXT
        }
        setting = _context_value("setting", row.get("setting"), "", problems)
        date = _context_value("date", row.get("date"), f"row {index!r}, column 'date'", problems)
        try:
            assessments.append(
                ReadinessAssessment.from_labels(
                    answers,
                    setting=setting,  # type: ignore[arg-type]
                    date=date,  # type: ignore[arg-type]
                )
            )
        except ValidationError as error:
            problems.extend(
                Problem(f"row {index!r}: {p.location}", p.message) for p in error.problems
            )
    if problems:
        raise ValidationError("assessments frame", problems)
    return assessments


# -- cohorts and summaries ----------------------------------------------------------------


def cohort_to_frame(
    cohort: EvaluationCohort, *, layout: Literal["wide", "long"] = "wide"
) -> pd.DataFrame:
    """Put an evaluation cohort in a DataFrame: respondent, grouping columns, then answers.

    Like :func:`responses_to_frame`, with the cohort's grouping columns after
    ``respondent`` and without the context a cohort does not hold (dates, levels,
    activities).

    >>> cohort = EvaluationCohort.from_responses(
    ...     [EvaluationResponse.from_labels({"trust_1": 2})], groups={"ward": ["A"]}
    ... )
    >>> list(cohort_to_frame(cohort).columns[:3])
    ['respondent', 'ward', 'support_1']
    >>> cohort_from_frame(cohort_to_frame(cohort), groups=["ward"]) == cohort
    True

    .. versionadded:: 0.1.0
    """
    _check_layout(layout)
    _require_pandas()
    import pandas as pd

    frame = responses_to_frame(cohort.to_responses(), layout=layout)
    frame = frame.drop(columns=[c for c in _RESPONSE_CONTEXT if c != "respondent"])
    repeat = 1 if layout == "wide" else len(COPRODUCTION_EVALUATION.items)
    for position, (name, values) in enumerate(cohort.groups.items(), start=1):
        column = pd.Series(values, dtype="object").repeat(repeat).reset_index(drop=True)
        frame.insert(position + (layout == "long"), name, column)
    return frame


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
        ValidationError: Listing every problem, located by row and column.
        ValueError: ``layout`` is neither ``"wide"`` nor ``"long"``.

    .. versionadded:: 0.1.0
    """
    _check_layout(layout)
    names = list(groups)
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValidationError(
            "cohort frame",
            [Problem(f"column {name!r}", "missing; named in groups") for name in missing],
        )
    key = "response" if layout == "long" else None
    if key is not None:
        first_rows = frame.drop_duplicates(subset=[key], keep="first")
        group_values = {name: [_cell(v) for v in first_rows[name]] for name in names}
    else:
        group_values = {name: [_cell(v) for v in frame[name]] for name in names}
    responses = responses_from_frame(frame.drop(columns=names), layout=layout)
    return EvaluationCohort.from_responses(responses, groups=group_values)  # type: ignore[arg-type]


def summary_to_frame(summary: CohortSummary) -> pd.DataFrame:
    """Put a cohort summary's domain and overall figures in a tidy DataFrame.

    One row per group and domain (then ``"Overall"``): the grouping columns,
    ``domain``, ``n``, ``mean``, ``median``, ``sd``, ``low``, ``high`` (in points),
    ``mean_percent``, and ``suppressed``, which names each figure withheld by
    disclosure control and why. A suppressed or missing figure is ``NaN``, never 0.

    .. versionadded:: 0.1.0
    """
    _require_pandas()
    import pandas as pd

    figures = ("n", "mean", "median", "sd", "low", "high")
    records: list[dict[str, object]] = []
    for measure in summary.measures:
        record: dict[str, object] = dict(zip(summary.by, measure.group, strict=True))
        record["domain"] = "Overall" if measure.domain is None else measure.domain.label
        withheld = []
        for name in figures:
            value = getattr(measure, name)
            if isinstance(value, Suppressed):
                withheld.append(f"{name} ({value.reason})")
                value = None
            record[name] = math.nan if value is None else float(value)
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
    labels = [*(d.label for d in COPRODUCTION_EVALUATION.domains), "Overall"]
    frame["domain"] = _categorical(list(frame["domain"]), labels, ordered=False)
    return frame
