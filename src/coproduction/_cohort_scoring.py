"""Scoring whole cohorts at once, exactly as the one-response functions score each row.

Every number equals what :func:`~coproduction.score_evaluation` or
:func:`~coproduction.score_readiness` gives for the same row: the same conventions,
the same float operations in the same order (a domain's mean is the sum of the
answered items' points, added in item order, divided by their count), with NaN
where the scalar function gives ``None``.

Two paths reach the same numbers. When the points are equally spaced whole numbers
(the default 0, 1, 2 is), sums are exact integers in any order, so they are
computed in ``uint16`` over blocks of rows; otherwise the points are looked up and
added item by item in float64. Both work on blocks of rows, so memory stays bounded.
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from coproduction._checks import expect, refuse
from coproduction._cohorts import (
    EVALUATION_ANSWERS,
    READINESS_ANSWERS,
    SHAPE_READINESS,
    EvaluationCohort,
    ReadinessCohort,
    fold_missing,
    read_only,
)
from coproduction._instruments import COPRODUCTION_EVALUATION, READINESS_CHECKER, Dimension, Domain
from coproduction._power import Activity
from coproduction._scoring import (
    EvaluationConventions,
    ReadinessConventions,
    conventions_or_default,
)
from coproduction._view import HtmlView
from coproduction.exceptions import Problem

__all__ = [
    "EvaluationCohortScores",
    "ReadinessCohortScores",
    "score_cohort",
    "score_readiness_cohort",
]

#: Rows per block: a block's transposed codes fit comfortably in a CPU cache.
BLOCK: Final = 1 << 15
_SPANS: Final = tuple(
    (start, start + len(COPRODUCTION_EVALUATION.items_in(d)))
    for start, d in zip(
        np.cumsum(
            [0]
            + [len(COPRODUCTION_EVALUATION.items_in(d)) for d in COPRODUCTION_EVALUATION.domains]
        ).tolist(),
        COPRODUCTION_EVALUATION.domains,
        strict=False,
    )
)
_LARGEST_WHOLE: Final = 2.0**31


def _nan_equal(a: NDArray[np.float64], b: NDArray[np.float64]) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True))


@attrs.frozen(kw_only=True, repr=False)
class EvaluationCohortScores(HtmlView):
    """Per-respondent scores of an :class:`~coproduction.EvaluationCohort`, as arrays.

    Row ``i`` holds what :func:`~coproduction.score_evaluation` gives for row ``i``
    of the cohort, NaN where it gives ``None``. Columns of the ``(n, 5)`` arrays
    follow :attr:`domains` (the booklet's order). All arrays are read-only.

    Attributes:
        mean: ``(n, 5)`` domain means (:attr:`DomainScore.mean
            <coproduction.DomainScore.mean>`), NaN where not scored.
        answered: ``(n, 5)`` answered items per domain (``int8``: at most 5).
        overall: ``(n,)`` mean of the domain means, NaN where not scored.
        domains_scored: ``(n,)`` how many domains have a score (``int8``).
        respondents: The cohort's respondent ids.
        conventions: The conventions the scores were made under.

    .. versionadded:: 0.1.0
    """

    mean: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    answered: NDArray[np.int8] = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    overall: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    domains_scored: NDArray[np.int8] = attrs.field(
        eq=attrs.cmp_using(eq=np.array_equal), hash=False
    )
    respondents: tuple[str | None, ...]
    conventions: EvaluationConventions

    @property
    def percent(self) -> NDArray[np.float64]:
        """``(n, 5)`` domain means on 0 to 100, NaN where not scored (computed on access)."""
        return self._percent(self.mean)

    @property
    def overall_percent(self) -> NDArray[np.float64]:
        """``(n,)`` :attr:`overall` on 0 to 100 (computed on access)."""
        return self._percent(self.overall)

    def _percent(self, mean: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.empty_like(mean)
        low, high = self.conventions.lowest, self.conventions.highest
        _percent(mean, low, high - low, out)
        return out

    @property
    def domains(self) -> tuple[Domain, ...]:
        """The domain of each column, in the booklet's order."""
        return COPRODUCTION_EVALUATION.domains

    def __len__(self) -> int:
        return len(self.overall)

    def __repr__(self) -> str:
        return f"<EvaluationCohortScores: {len(self)} rows>"


def _affine_whole(points: tuple[float, float, float]) -> tuple[int, int] | None:
    """``(lowest, step)`` when the points are equally spaced whole numbers, else ``None``."""
    low, mid, high = points
    if not all(float(p).is_integer() and abs(p) <= _LARGEST_WHOLE for p in points):
        return None
    if mid - low != high - mid:
        return None
    return int(low), int(mid - low)


@attrs.frozen(eq=False)
class _Tables:
    """A domain's scores for every possible byte sum of its codes (the fast path).

    Read as unsigned bytes, ``-1`` is 255 and the answers are 0 to 2, so the byte
    sum of a domain of ``k`` items is ``255 * unanswered + sum of codes``: one
    number that says how many items were answered and their code sum. With
    equally spaced whole-number points, the sum of points is an exact integer
    whatever the order of addition, so each possible byte sum's mean is computed
    once, by the scalar path's operations, and looked up for every row.
    """

    mean: NDArray[np.float64]
    answered: NDArray[np.int8]
    scored: NDArray[np.bool_]
    contribution: NDArray[np.float64]  # the mean, or 0.0 when not scored


def _tables(items: int, required: int, low: int, step: int) -> _Tables:
    size = 255 * items + 2 * items + 1
    byte_sum = np.arange(size)
    unanswered, code_sum = byte_sum // 255, byte_sum % 255
    answered = items - unanswered
    possible = (unanswered <= items) & (code_sum <= 2 * answered)
    scored = possible & (answered >= required)
    points = (low * answered + step * code_sum).astype(np.float64)  # exact whole numbers
    mean = np.full(size, np.nan)
    np.divide(points, answered.astype(np.float64), out=mean, where=scored)
    return _Tables(
        mean=mean,
        answered=np.where(possible, answered, 0).astype(np.int8),
        scored=scored,
        contribution=np.where(scored, mean, 0.0),
    )


def _percent(mean: NDArray[np.float64], low: float, span: float, out: NDArray[np.float64]) -> None:
    """The same operations, in the same order, as :meth:`EvaluationConventions.percent`."""
    np.subtract(mean, low, out=out)
    out /= span
    out *= 100.0


@attrs.frozen(eq=False)
class _Outputs:
    mean: NDArray[np.float64]
    answered: NDArray[np.int8]
    overall: NDArray[np.float64]
    scored: NDArray[np.int8]

    @classmethod
    def empty(cls, n: int) -> _Outputs:
        width = len(_SPANS)
        return cls(
            mean=np.empty((n, width), order="F"),
            answered=np.empty((n, width), dtype=np.int8, order="F"),
            overall=np.empty(n),
            scored=np.empty(n, dtype=np.int8),
        )


def _block_whole(
    block: NDArray[np.int8], rows: slice, tables: list[_Tables], out: _Outputs
) -> NDArray[np.float64]:
    """Score a block by byte sums and table look-ups; return the sums of domain means."""
    columns = np.ascontiguousarray(block.view(np.uint8).T)
    overall_sum = np.zeros(len(block))
    scored = out.scored[rows]
    scored[...] = 0
    for d, (start, end) in enumerate(_SPANS):
        byte_sum = np.add(columns[start], columns[start + 1], dtype=np.uint16)
        for j in range(start + 2, end):
            np.add(byte_sum, columns[j], out=byte_sum)
        table = tables[d]
        np.take(table.mean, byte_sum, out=out.mean[rows, d])
        np.take(table.answered, byte_sum, out=out.answered[rows, d])
        # Adding 0.0 for an unscored domain leaves the sum exactly as skipping it.
        overall_sum += table.contribution[byte_sum]
        scored += table.scored[byte_sum]
    return overall_sum


def _block_float(
    block: NDArray[np.int8],
    rows: slice,
    lookup: NDArray[np.float64],
    required: list[int],
    out: _Outputs,
) -> NDArray[np.float64]:
    """Score a block by adding points item by item, in item order, as the scalar path does."""
    columns = np.ascontiguousarray(block.T)
    overall_sum = np.zeros(len(block))
    scored = out.scored[rows]
    scored[...] = 0
    for d, (start, end) in enumerate(_SPANS):
        total = np.zeros(len(block))
        count = np.zeros(len(block), dtype=np.int8)
        for j in range(start, end):
            total += lookup[columns[j] + 1]  # unanswered adds 0.0
            count += columns[j] >= 0
        ok = count >= required[d]
        column = out.mean[rows, d]
        # 0 / 0 is NaN, which is what an unscored domain gets.
        np.divide(np.where(ok, total, 0.0), np.where(ok, count, 0), out=column)
        out.answered[rows, d] = count
        overall_sum += np.where(ok, column, 0.0)
        scored += ok
    return overall_sum


def _score_codes(
    codes: NDArray[np.int8],
    conventions: EvaluationConventions,
    respondents: tuple[str | None, ...],
) -> EvaluationCohortScores:
    points = tuple(conventions.points[a] for a in EVALUATION_ANSWERS)
    whole = _affine_whole((points[0], points[1], points[2]))
    lookup = np.array([0.0, *points])  # indexed by code + 1
    required = [conventions.required(end - start) for start, end in _SPANS]
    tables = (
        []
        if whole is None
        else [
            _tables(end - start, r, whole[0], whole[1])
            for (start, end), r in zip(_SPANS, required, strict=True)
        ]
    )
    out = _Outputs.empty(len(codes))
    with np.errstate(invalid="ignore"):
        for first in range(0, len(codes), BLOCK):
            rows = slice(first, first + BLOCK)
            block = fold_missing(codes[rows])  # every kind of missing is left out alike
            if whole is None:
                overall_sum = _block_float(block, rows, lookup, required, out)
            else:
                overall_sum = _block_whole(block, rows, tables, out)
            count = out.scored[rows]
            enough = count >= conventions.overall_min_domains
            overall = out.overall[rows]
            np.divide(np.where(enough, overall_sum, 0.0), np.where(enough, count, 0), out=overall)
    return EvaluationCohortScores(
        mean=read_only(out.mean),
        answered=read_only(out.answered),
        overall=read_only(out.overall),
        domains_scored=read_only(out.scored),
        respondents=respondents,
        conventions=conventions,
    )


def score_cohort(
    cohort: EvaluationCohort, *, conventions: EvaluationConventions | None = None
) -> EvaluationCohortScores:
    """Score every response of a cohort, exactly as :func:`~coproduction.score_evaluation` does.

    Row by row, every number equals the scalar function's (NaN where it gives
    ``None``) under the same :class:`~coproduction.EvaluationConventions`:
    unanswered items are left out, a domain needs
    :meth:`~coproduction.EvaluationConventions.required` answers, and the overall
    score is the mean of the domain means when at least ``overall_min_domains``
    are scored.

    Args:
        cohort: The responses to score.
        conventions: The scoring conventions; the library's defaults when omitted.

    >>> cohort = EvaluationCohort.from_array([[2, 1] + [-1] * 21, [1] * 23])
    >>> scores = score_cohort(cohort)
    >>> scores.mean[:, 0], scores.overall
    (array([1.5, 1. ]), array([nan,  1.]))

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(cohort, EvaluationCohort, "cohort", problems)
    conventions = conventions_or_default(conventions, EvaluationConventions, problems)
    refuse("scoring", problems)
    return _score_codes(cohort.answers, conventions, cohort.respondents)


@attrs.frozen(kw_only=True, repr=False)
class ReadinessCohortScores(HtmlView):
    """Per-setting scores of a :class:`~coproduction.ReadinessCohort`, as arrays.

    Row ``i`` holds what :func:`~coproduction.score_readiness` gives for row ``i``,
    NaN where it gives ``None``. Columns follow the booklet's order (activities are
    not ranked). All arrays are read-only.

    Attributes:
        by_activity: ``(n, 7)`` mean points per activity.
        by_dimension: ``(n, 3)`` mean points per dimension.
        overall: ``(n,)`` mean points over every answered cell.
        unanswered: ``(n,)`` how many of the 21 cells have no answer.
        settings: The cohort's setting ids.
        conventions: The conventions the scores were made under.

    .. versionadded:: 0.1.0
    """

    by_activity: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    by_dimension: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    overall: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    unanswered: NDArray[np.int64] = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    settings: tuple[str | None, ...]
    conventions: ReadinessConventions

    @property
    def activities(self) -> tuple[Activity, ...]:
        """The activity of each column of :attr:`by_activity`, in the booklet's order."""
        return READINESS_CHECKER.activities

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """The dimension of each column of :attr:`by_dimension`."""
        return READINESS_CHECKER.dimensions

    def __len__(self) -> int:
        return len(self.overall)

    def __repr__(self) -> str:
        return f"<ReadinessCohortScores: {len(self)} rows>"


def _mean_of(
    cells: list[NDArray[np.int8]], lookup: NDArray[np.float64], n: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    total = np.zeros(n)
    count = np.zeros(n, dtype=np.int64)
    for cell in cells:
        total += lookup[cell.astype(np.intp) + 1]
        count += cell >= 0
    mean = np.full(n, np.nan)
    np.divide(total, count, out=mean, where=count > 0)
    return mean, count


def _score_readiness_codes(
    codes: NDArray[np.int8],
    conventions: ReadinessConventions,
    settings: tuple[str | None, ...],
) -> ReadinessCohortScores:
    n = len(codes)
    lookup = np.array([0.0, *(conventions.points[a] for a in READINESS_ANSWERS)])
    codes = fold_missing(codes)  # every kind of missing is left out alike
    n_act, n_dim = SHAPE_READINESS
    by_activity = np.empty((n, n_act))
    by_dimension = np.empty((n, n_dim))
    for a in range(n_act):
        by_activity[:, a] = _mean_of([codes[:, a, d] for d in range(n_dim)], lookup, n)[0]
    for d in range(n_dim):
        by_dimension[:, d] = _mean_of([codes[:, a, d] for a in range(n_act)], lookup, n)[0]
    cells = [codes[:, a, d] for a in range(n_act) for d in range(n_dim)]
    overall, answered = _mean_of(cells, lookup, n)
    return ReadinessCohortScores(
        by_activity=read_only(by_activity),
        by_dimension=read_only(by_dimension),
        overall=read_only(overall),
        unanswered=read_only(n_act * n_dim - answered),
        settings=settings,
        conventions=conventions,
    )


def score_readiness_cohort(
    cohort: ReadinessCohort, *, conventions: ReadinessConventions | None = None
) -> ReadinessCohortScores:
    """Score every assessment of a cohort, exactly as :func:`~coproduction.score_readiness` does.

    >>> cohort = ReadinessCohort.from_array([[[2, 1, -1]] + [[-1] * 3] * 6])
    >>> scores = score_readiness_cohort(cohort)
    >>> scores.by_activity[0, :2], scores.overall, scores.unanswered
    (array([0.75,  nan]), array([0.75]), array([19]))

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(cohort, ReadinessCohort, "cohort", problems)
    conventions = conventions_or_default(conventions, ReadinessConventions, problems)
    refuse("scoring", problems)
    return _score_readiness_codes(cohort.answers, conventions, cohort.settings)
