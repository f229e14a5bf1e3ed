"""Cronbach's alpha, checked against hand calculation and an independent implementation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    DisclosureControl,
    Domain,
    EvaluationCohort,
    Suppressed,
    ValidationError,
    reliability,
)
from coproduction._reliability import f_quantile


def test_alpha_by_hand() -> None:
    """Support answered (2,2,1,2), (1,1,1,0), (0,1,0,0), four times each.

    Item variances (population, ddof cancels) 2/3, 2/9, 2/9, 8/9 sum to 2; the
    totals 7, 3, 1 have variance 56/9; alpha = 4/3 * (1 - 2 / (56/9)) = 0.9047...
    """
    rows = [[2, 2, 1, 2] + [0] * 19, [1, 1, 1, 0] + [0] * 19, [0, 1, 0, 0] + [0] * 19]
    support = reliability(EvaluationCohort.from_array(rows * 4))[0]
    assert Domain.SUPPORT == support.domain
    assert 12 == support.complete_cases
    assert pytest.approx(4 / 3 * (1 - 2 / (56 / 9))) == support.alpha


@pytest.fixture
def correlated() -> EvaluationCohort:
    """Sixty synthetic respondents whose answers share a common level, with gaps."""
    rng = np.random.default_rng(3)
    level = rng.integers(0, 3, size=(60, 1))
    codes = np.clip(level + rng.integers(-1, 2, size=(60, 23)), 0, 2)
    codes[rng.random((60, 23)) < 0.1] = -1
    return EvaluationCohort.from_array(codes)


def test_alpha_and_feldt_interval_match_pingouin(correlated: EvaluationCohort) -> None:
    """pingouin.cronbach_alpha on the complete cases gives the same alpha and interval."""
    pd = pytest.importorskip("pandas")
    pg = pytest.importorskip("pingouin")
    start = 0
    for result in reliability(correlated):
        ids = [i.id for i in COPRODUCTION_EVALUATION.items_in(result.domain)]
        block = correlated.answers[:, start : start + len(ids)].astype(float)
        start += len(ids)
        frame = pd.DataFrame(np.where(block < 0, np.nan, block), columns=ids).dropna()
        alpha, interval = pg.cronbach_alpha(data=frame, ci=0.95)
        assert len(frame) == result.complete_cases
        assert pytest.approx(alpha, abs=1e-12) == result.alpha
        # pingouin rounds its interval to 3 decimals.
        assert pytest.approx(interval[0], abs=5e-4) == result.low
        assert pytest.approx(interval[1], abs=5e-4) == result.high
        for j, item in enumerate(ids):
            without, _ = pg.cronbach_alpha(data=frame.drop(columns=item))
            assert pytest.approx(without, abs=1e-12) == result.alpha_if_deleted[item]
            rest = frame.drop(columns=item).sum(axis=1)
            assert pytest.approx(frame.iloc[:, j].corr(rest), abs=1e-12) == result.item_rest[item]


@pytest.mark.parametrize(
    ("p", "df1", "df2"), [(0.975, 9, 27), (0.025, 9, 27), (0.5, 1, 1), (0.99, 200, 800)]
)
def test_f_quantiles_match_scipy(p: float, df1: int, df2: int) -> None:
    """The library's own F quantile (no scipy at run time) agrees with scipy's."""
    stats = pytest.importorskip("scipy.stats")
    assert pytest.approx(stats.f.ppf(p, df1, df2), rel=1e-10) == f_quantile(p, df1, df2)


#: Every tail Feldt's interval can ask for (coverage from 0.1% to 99.9%, both ends).
TAILS = (0.0005, 0.005, 0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975, 0.995, 0.9995)
#: Complete cases n (df1 = n - 1) and items k (df2 = (n - 1)(k - 1)): a domain has 3
#: to 5 items (alpha if deleted drops one), a cohort up to millions of rows.
CASES = (2, 3, 5, 10, 30, 100, 1_000, 10_000, 100_000, 1_000_000, 2_000_000)
ITEMS = (2, 3, 4, 5)


def test_f_quantile_matches_scipy_on_the_grid_feldt_uses() -> None:
    """Over every tail, cohort size and domain size on the grid, the quantiles agree to 1e-9."""
    stats = pytest.importorskip("scipy.stats")
    for p, n, k in itertools.product(TAILS, CASES, ITEMS):
        df1, df2 = n - 1, (n - 1) * (k - 1)
        expected = stats.f.ppf(p, df1, df2)
        assert pytest.approx(expected, rel=1e-9) == f_quantile(p, df1, df2), (p, n, k)


@given(
    p=st.floats(min_value=0.0005, max_value=0.9995),
    n=st.integers(min_value=2, max_value=2_000_000),
    k=st.integers(min_value=2, max_value=5),
)
def test_f_quantile_is_scipy_s_for_any_interval_feldt_asks_for(p: float, n: int, k: int) -> None:
    """For any tail, number of complete cases and items, the F quantile is scipy's."""
    stats = pytest.importorskip("scipy.stats")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    assert pytest.approx(stats.f.ppf(p, df1, df2), rel=1e-9) == f_quantile(p, df1, df2)


def test_too_few_complete_cases_gives_a_statement_not_a_number() -> None:
    """Three complete cases are under the default 10: no alpha, and a statement why."""
    rows = [[2] * 23, [1] * 23, [0] * 23, [-1] * 23]
    result = reliability(EvaluationCohort.from_array(rows))[0]
    assert result.alpha is None
    assert result.low is None
    assert 3 == result.complete_cases
    assert result.statement is not None
    assert "too few complete cases for alpha: 3, at least 10 needed" in result.statement
    assert reliability(EvaluationCohort.from_array(rows), min_complete=3)[0].alpha is not None


def test_no_variation_gives_a_statement() -> None:
    """Everyone answering the same: alpha is undefined, and says so."""
    result = reliability(EvaluationCohort.from_array([[1] * 23] * 12))[0]
    assert result.alpha is None
    assert result.statement == "no variation in the domain's total score: alpha is undefined"


def test_method_is_named_and_disclosure_applies() -> None:
    """The interval's method is recorded; counts are published under the rule."""
    rng = np.random.default_rng(0)
    result = reliability(
        EvaluationCohort.from_array(rng.integers(0, 3, size=(12, 23))),
        disclosure=DisclosureControl(),
    )[0]
    assert "Feldt" in result.method
    assert 10 == result.complete_cases
    small = reliability(
        EvaluationCohort.from_array(rng.integers(0, 3, size=(5, 23))),
        min_complete=2,
        disclosure=DisclosureControl(),
    )[0]
    assert isinstance(small.alpha, Suppressed)


def test_bad_options_are_refused() -> None:
    """A confidence outside (0, 1) and a minimum under 2 are both reported."""
    with pytest.raises(ValidationError) as caught:
        reliability(EvaluationCohort.from_array([[0] * 23]), confidence=0, min_complete=1)
    assert ["confidence", "min_complete"] == [p.location for p in caught.value.problems]
