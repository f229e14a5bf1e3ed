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

from collections.abc import Iterable, Iterator
from typing import Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from coproduction._cohorts import (
    _ITEM_IDS,
    _QUESTION_IDS,
    _SHAPE_EVALUATION,
    _SHAPE_READINESS,
    EVALUATION_ANSWERS,
    READINESS_ANSWERS,
    EvaluationCohort,
    ReadinessCohort,
    check_codes,
    read_only,
)
from coproduction._instruments import COPRODUCTION_EVALUATION, READINESS_CHECKER, Dimension, Domain
from coproduction._power import Activity
from coproduction._scoring import EvaluationConventions, ReadinessConventions
from coproduction.exceptions import ValidationError

__all__ = [
    "EvaluationCohortScores",
    "ReadinessCohortScores",
    "score_cohort",
    "score_cohort_chunks",
    "score_readiness_chunks",
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
class EvaluationCohortScores:
    """Per-respondent scores of an :class:`~coproduction.EvaluationCohort`, as arrays.

    Row ``i`` holds what :func:`~coproduction.score_evaluation` gives for row ``i``
    of the cohort, NaN where it gives ``None``. Columns of the ``(n, 5)`` arrays
    follow :attr:`domains` (the booklet's order). All arrays are read-only.

    Attributes:
        mean: ``(n, 5)`` domain means (:attr:`DomainScore.mean
            <coproduction.DomainScore.mean>`), NaN where not scored.
        percent: ``(n, 5)`` domain means on 0 to 100, NaN where not scored.
        answered: ``(n, 5)`` answered items per domain.
        overall: ``(n,)`` mean of the domain means, NaN where not scored.
        overall_percent: ``(n,)`` :attr:`overall` on 0 to 100.
        domains_scored: ``(n,)`` how many domains have a score.
        respondents: The cohort's respondent ids.
        conventions: The conventions the scores were made under.

    .. versionadded:: 0.1.0
    """

    mean: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    percent: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    answered: NDArray[np.int64] = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    overall: NDArray[np.float64] = attrs.field(eq=attrs.cmp_using(eq=_nan_equal), hash=False)
    overall_percent: NDArray[np.float64] = attrs.field(
        eq=attrs.cmp_using(eq=_nan_equal), hash=False
    )
    domains_scored: NDArray[np.int64] = attrs.field(
        eq=attrs.cmp_using(eq=np.array_equal), hash=False
    )
    respondents: tuple[str | None, ...]
    conventions: EvaluationConventions

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


def _block_sums_whole(
    block: NDArray[np.int8], low: int, step: int
) -> list[tuple[NDArray[np.float64] | NDArray[np.uint16], NDArray[np.int64]]]:
    """Point sums and answered counts per domain, in exact integer arithmetic.

    As unsigned bytes, ``-1`` reads 255 and the answers 0 to 2; a domain of at most
    5 items sums to ``255 * unanswered + sum of codes``, which splits exactly.
    """
    columns = np.ascontiguousarray(block.view(np.uint8).T)
    out: list[tuple[NDArray[np.float64] | NDArray[np.uint16], NDArray[np.int64]]] = []
    for start, end in _SPANS:
        total = np.add(columns[start], columns[start + 1], dtype=np.uint16)
        for j in range(start + 2, end):
            np.add(total, columns[j], out=total)
        unanswered = total // 255
        code_sum = total - unanswered * 255
        count = (end - start) - unanswered.astype(np.int64)
        if low == 0 and step == 1:
            out.append((code_sum, count))
        else:
            out.append(((low * count + step * code_sum.astype(np.int64)).astype(float), count))
    return out


def _block_sums_float(
    block: NDArray[np.int8], lookup: NDArray[np.float64]
) -> list[tuple[NDArray[np.float64] | NDArray[np.uint16], NDArray[np.int64]]]:
    """Point sums (added item by item, in item order) and answered counts per domain."""
    columns = np.ascontiguousarray(block.T)
    out: list[tuple[NDArray[np.float64] | NDArray[np.uint16], NDArray[np.int64]]] = []
    for start, end in _SPANS:
        total = np.zeros(len(block))
        count = np.zeros(len(block), dtype=np.int64)
        for j in range(start, end):
            total += lookup[columns[j] + 1]
            count += columns[j] >= 0
        out.append((total, count))
    return out


def _score_codes(
    codes: NDArray[np.int8],
    conventions: EvaluationConventions,
    respondents: tuple[str | None, ...],
) -> EvaluationCohortScores:
    n, width = len(codes), len(_SPANS)
    points = tuple(conventions.points[a] for a in EVALUATION_ANSWERS)
    whole = _affine_whole((points[0], points[1], points[2]))
    lookup = np.array([0.0, *points])  # indexed by code + 1; unanswered adds 0.0
    required = [conventions.required(end - start) for start, end in _SPANS]
    low, high = conventions.lowest, conventions.highest
    span = high - low
    mean = np.full((n, width), np.nan, order="F")
    answered = np.empty((n, width), dtype=np.int64, order="F")
    overall = np.full(n, np.nan)
    scored = np.empty(n, dtype=np.int64)
    for first in range(0, n, BLOCK):
        rows = slice(first, first + BLOCK)
        block = codes[rows]
        if whole is not None:
            parts = _block_sums_whole(block, whole[0], whole[1])
        else:
            parts = _block_sums_float(block, lookup)
        overall_sum = np.zeros(len(block))
        count_scored = np.zeros(len(block), dtype=np.int64)
        for d, (total, count) in enumerate(parts):
            ok = count >= required[d]
            column = mean[rows, d]
            np.divide(total, count, out=column, where=ok)
            answered[rows, d] = count
            # Adding 0.0 for an unscored domain leaves the sum exactly as skipping it.
            overall_sum += np.where(ok, column, 0.0)
            count_scored += ok
        scored[rows] = count_scored
        np.divide(
            overall_sum,
            count_scored,
            out=overall[rows],
            where=count_scored >= conventions.overall_min_domains,
        )
    # The same operations, in the same order, as EvaluationConventions.percent.
    percent = np.subtract(mean, low)
    percent /= span
    percent *= 100.0
    overall_percent = np.subtract(overall, low)
    overall_percent /= span
    overall_percent *= 100.0
    return EvaluationCohortScores(
        mean=read_only(mean),
        percent=read_only(percent),
        answered=read_only(answered),
        overall=read_only(overall),
        overall_percent=read_only(overall_percent),
        domains_scored=read_only(scored),
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
    conventions = EvaluationConventions() if conventions is None else conventions
    return _score_codes(cohort.answers, conventions, cohort.respondents)


def _chunk_codes(
    chunk: object, tail: tuple[int, ...], names: tuple[str, ...], first_row: int, what: str
) -> NDArray[np.int8]:
    codes, problems = check_codes(chunk, tail, names, first_row)
    if problems or codes is None:
        raise ValidationError(what, problems)
    return codes


def score_cohort_chunks(
    chunks: Iterable[ArrayLike | EvaluationCohort],
    *,
    conventions: EvaluationConventions | None = None,
) -> Iterator[EvaluationCohortScores]:
    """Score a cohort that arrives in pieces, one piece at a time, in bounded memory.

    Each chunk is an :class:`~coproduction.EvaluationCohort` or an array of codes
    of shape ``(rows, 23)``, checked as :meth:`EvaluationCohort.from_array
    <coproduction.EvaluationCohort.from_array>` checks it; only one chunk is held at
    a time. The scores of each chunk are exactly :func:`score_cohort`'s for those rows.

    Raises:
        ValidationError: A chunk has bad cells; rows are counted across all chunks
            read so far, so ``"row 1000002, trust_3"`` points into the whole file.

    >>> pieces = [[[0] * 23] * 2, [[2] * 23]]
    >>> [s.overall.tolist() for s in score_cohort_chunks(pieces)]
    [[0.0, 0.0], [2.0]]

    .. versionadded:: 0.1.0
    """
    conventions = EvaluationConventions() if conventions is None else conventions
    seen = 0
    for chunk in chunks:
        if isinstance(chunk, EvaluationCohort):
            codes, ids = chunk.answers, chunk.respondents
        else:
            codes = _chunk_codes(chunk, _SHAPE_EVALUATION, _ITEM_IDS, seen, "evaluation chunk")
            ids = (None,) * len(codes)
        seen += len(codes)
        yield _score_codes(codes, conventions, ids)


@attrs.frozen(kw_only=True, repr=False)
class ReadinessCohortScores:
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
    n_act, n_dim = _SHAPE_READINESS
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
    conventions = ReadinessConventions() if conventions is None else conventions
    return _score_readiness_codes(cohort.answers, conventions, cohort.settings)


def score_readiness_chunks(
    chunks: Iterable[ArrayLike | ReadinessCohort],
    *,
    conventions: ReadinessConventions | None = None,
) -> Iterator[ReadinessCohortScores]:
    """Score readiness assessments arriving in pieces, one piece at a time.

    Each chunk is a :class:`~coproduction.ReadinessCohort` or codes of shape
    ``(rows, 7, 3)``; rows in error messages are counted across chunks.

    .. versionadded:: 0.1.0
    """
    conventions = ReadinessConventions() if conventions is None else conventions
    seen = 0
    for chunk in chunks:
        if isinstance(chunk, ReadinessCohort):
            codes, ids = chunk.answers, chunk.settings
        else:
            codes = _chunk_codes(chunk, _SHAPE_READINESS, _QUESTION_IDS, seen, "readiness chunk")
            ids = (None,) * len(codes)
        seen += len(codes)
        yield _score_readiness_codes(codes, conventions, ids)
