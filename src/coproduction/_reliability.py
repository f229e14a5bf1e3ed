"""Internal consistency of each domain: Cronbach's alpha, with an interval, and item statistics.

Computed on the points of the scoring conventions, over the **complete cases** of
each domain (respondents who answered every item of it): alpha needs the same
people on every item, and filling in missing answers would invent them. How many
complete cases were used is always reported, and below a minimum (a library
convention, 10 by default) no figure is given, with a statement saying so.

The interval is Feldt's (Feldt, 1965; Feldt, Woodruff and Salih, 1987), from the
F distribution with ``n - 1`` and ``(n - 1)(k - 1)`` degrees of freedom, as in
pingouin's ``cronbach_alpha``.

The F quantile is computed here, not by scipy, and there is one path only: the
runtime dependencies are attrs, cattrs and numpy, and an interval must not change
with what else happens to be installed (scipy when present, this code when not,
would be two paths giving different last digits). The code is small and cited: the
regularised incomplete beta function by its continued fraction, evaluated with the
modified Lentz method (Lentz, 1976; Thompson and Barnett, 1986; Press, Teukolsky,
Vetterling and Flannery, *Numerical Recipes*, 3rd ed., 2007, section 6.4,
``betacf``), and the quantile by bisection on it. The tests pin it to
``scipy.stats.f.ppf`` (scipy is a test dependency, never a runtime one): to a
relative 1e-9 over every degree of freedom Feldt's interval can ask for (``n`` from
2 to 2,000,000 complete cases, ``k`` from 2 to 5 items, tails from 0.0005 to
0.9995). Outside that shape (a huge ``df2`` with ``df1 = 1``) the ``lgamma``
differences lose digits, to about 1e-4 relative at ``df2`` in the millions; the
library never asks for those.
"""

from __future__ import annotations

import math
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from coproduction._checks import expect, refuse, whole
from coproduction._cohorts import EVALUATION_ANSWERS, EvaluationCohort
from coproduction._frozen import FrozenDict
from coproduction._instruments import DOMAIN_ITEM_IDS, Domain
from coproduction._scoring import EvaluationConventions, conventions_or_default
from coproduction._summaries import check_confidence
from coproduction._suppression import Count, DisclosureControl, Statistic
from coproduction._view import HtmlView
from coproduction.exceptions import Problem

__all__ = ["FELDT", "DomainReliability", "reliability"]

#: The name of the interval method, recorded in every result.
FELDT: Final = "Feldt (1965) F-distribution interval"
_TINY: Final = 1e-300
_EPS: Final = 1e-15


# --- The F distribution, without scipy (see the module docstring) --------------------


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz's method).

    Numerical Recipes' ``betacf`` (3rd ed., 2007, section 6.4), whose names
    ``qab``, ``qap``, ``qam`` it keeps so that it can be read next to the book.
    """
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def _regularised_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularised incomplete beta function."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def f_cdf(x: float, df1: float, df2: float) -> float:
    """P(F <= x) for the F distribution with ``df1`` and ``df2`` degrees of freedom."""
    if x <= 0.0:
        return 0.0
    return _regularised_beta(df1 / 2.0, df2 / 2.0, df1 * x / (df1 * x + df2))


def f_quantile(p: float, df1: float, df2: float) -> float:
    """The ``p`` quantile of the F distribution, by bisection (to double precision)."""
    low, high = 0.0, 1.0
    while f_cdf(high, df1, df2) < p:
        high *= 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if mid in (low, high):
            break
        if f_cdf(mid, df1, df2) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


# --- Alpha ------------------------------------------------------------------------


def _alpha(points: NDArray[np.float64]) -> float | None:
    """Cronbach's alpha of a complete (cases x items) matrix; None when undefined."""
    k = points.shape[1]
    total = points.sum(axis=1).var(ddof=1)
    if k < 2 or not total > 0:
        return None
    return float(k / (k - 1) * (1.0 - points.var(axis=0, ddof=1).sum() / total))


def _correlation(x: NDArray[np.float64], y: NDArray[np.float64]) -> float | None:
    dx, dy = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float(dx @ dx) * float(dy @ dy))
    return None if denominator == 0 else float(dx @ dy / denominator)


@attrs.frozen(kw_only=True)
class DomainReliability(HtmlView):
    """Internal consistency of one domain.

    Attributes:
        domain: The domain.
        complete_cases: Respondents who answered all of the domain's items (the
            only ones used).
        alpha: Cronbach's alpha, or ``None`` (see :attr:`statement`).
        low: Lower end of the interval for alpha (:attr:`method`).
        high: Upper end of the interval.
        alpha_if_deleted: For each item, alpha of the other items.
        item_rest: For each item, the corrected item-rest correlation: its
            Pearson correlation with the sum of the domain's other items.
        confidence: Coverage of the interval.
        method: How the interval was made.
        statement: ``None`` when alpha is given; otherwise why it is not (too few
            complete cases, or no variation in the answers).

    .. versionadded:: 0.1.0
    """

    domain: Domain
    complete_cases: Count
    alpha: Statistic
    low: Statistic
    high: Statistic
    alpha_if_deleted: FrozenDict[str, Statistic]
    item_rest: FrozenDict[str, Statistic]
    confidence: float
    method: str = FELDT
    statement: str | None = None


def _one_domain(
    domain: Domain,
    points: NDArray[np.float64],
    ids: tuple[str, ...],
    confidence: float,
    min_complete: int,
    disclosure: DisclosureControl | None,
) -> DomainReliability:
    n, k = points.shape
    blank: FrozenDict[str, Statistic] = FrozenDict((i, None) for i in ids)
    published: Count = n if disclosure is None else disclosure.count(n)
    if n < min_complete:
        return DomainReliability(
            domain=domain,
            complete_cases=published,
            alpha=None,
            low=None,
            high=None,
            alpha_if_deleted=blank,
            item_rest=blank,
            confidence=confidence,
            statement=(
                f"too few complete cases for alpha: {n}, at least {min_complete} needed "
                "(respondents who answered every item of the domain)"
            ),
        )
    alpha = _alpha(points)
    totals = points.sum(axis=1)
    deleted = {i: _alpha(np.delete(points, j, axis=1)) for j, i in enumerate(ids)}
    rest = {i: _correlation(points[:, j], totals - points[:, j]) for j, i in enumerate(ids)}
    low = high = None
    statement = None
    if alpha is None:
        statement = "no variation in the domain's total score: alpha is undefined"
    else:
        df1, df2 = n - 1.0, (n - 1.0) * (k - 1.0)
        tail = (1.0 - confidence) / 2.0
        low = 1.0 - (1.0 - alpha) * f_quantile(1.0 - tail, df1, df2)
        high = 1.0 - (1.0 - alpha) * f_quantile(tail, df1, df2)

    def shown(value: float | None) -> Statistic:
        return value if disclosure is None else disclosure.statistic(value, people=n)

    return DomainReliability(
        domain=domain,
        complete_cases=published,
        alpha=shown(alpha),
        low=shown(low),
        high=shown(high),
        alpha_if_deleted=FrozenDict((i, shown(v)) for i, v in deleted.items()),
        item_rest=FrozenDict((i, shown(v)) for i, v in rest.items()),
        confidence=confidence,
        statement=statement,
    )


def reliability(
    cohort: EvaluationCohort,
    *,
    conventions: EvaluationConventions | None = None,
    confidence: float = 0.95,
    min_complete: int = 10,
    disclosure: DisclosureControl | None = None,
) -> tuple[DomainReliability, ...]:
    """Cronbach's alpha per domain, with Feldt's interval, alpha if item deleted and item-rest r.

    Uses each domain's complete cases only, on the points of ``conventions``.

    Args:
        cohort: The responses.
        conventions: Scoring conventions (their points); the library's defaults
            when omitted.
        confidence: Coverage of the interval, in (0, 1).
        min_complete: Complete cases needed before any figure is given (a library
            convention; at least 2).
        disclosure: A small-number rule to apply to the counts and figures.

    Raises:
        ValidationError: ``confidence`` or ``min_complete`` is out of range.

    >>> rows = [[2, 2, 1, 2] + [0] * 19, [1, 1, 1, 0] + [0] * 19, [0, 1, 0, 0] + [0] * 19]
    >>> support = reliability(EvaluationCohort.from_array(rows * 4))[0]
    >>> support.complete_cases, round(support.alpha, 3)
    (12, 0.905)
    >>> print(reliability(EvaluationCohort.from_array(rows))[0].statement)
    too few complete cases for alpha: 3, at least 10 needed (respondents who answered ...)

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(cohort, EvaluationCohort, "cohort", problems)
    expect(disclosure, (DisclosureControl, type(None)), "disclosure", problems)
    conventions = conventions_or_default(conventions, EvaluationConventions, problems)
    check_confidence(confidence, problems)
    whole(min_complete, "min_complete", problems, least=2)
    refuse("reliability options", problems)
    lookup = np.array([conventions.points[a] for a in EVALUATION_ANSWERS])
    results = []
    start = 0
    for domain, ids in DOMAIN_ITEM_IDS.items():
        codes = cohort.answers[:, start : start + len(ids)]
        start += len(ids)
        complete = codes[(codes >= 0).all(axis=1)]
        results.append(
            _one_domain(domain, lookup[complete], ids, float(confidence), min_complete, disclosure)
        )
    return tuple(results)
