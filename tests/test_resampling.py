"""Bootstrap resampling of means: the FFT path has the law of resampling respondents.

The reference throughout is the definition: the sum of ``n`` draws with
replacement has the ``n``-fold convolution of one draw's distribution, computed
here by repeated ``numpy.convolve``; and the percentile bootstrap of an
independent implementation (``scipy.stats.bootstrap``).
"""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

import numpy as np
import pytest
import scipy.stats
from hypothesis import example, given
from hypothesis import strategies as st

import coproduction._resampling
from coproduction import (
    Domain,
    EvaluationCohort,
    EvaluationConventions,
    Frequency,
    ValidationError,
    change_between_rounds,
    score_cohort,
    summarize,
)
from coproduction._resampling import find_lattice, generator, resampled_means, sum_distribution
from strategies import step_distributions


@pytest.fixture
def ffts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every FFT the library computes during the test, in order."""
    lengths: list[int] = []
    convolution_power_of = coproduction._resampling._convolution_power

    def spy(window: Any) -> np.ndarray:  # noqa: ANN401 - the module's private plan
        lengths.append(window.length)
        return convolution_power_of(window)

    monkeypatch.setattr(coproduction._resampling, "_convolution_power", spy)
    return lengths


def convolution_power(steps: np.ndarray, counts: np.ndarray) -> tuple[int, np.ndarray]:
    """The distribution of the sum of n draws, by the definition (n - 1 convolutions)."""
    n = int(counts.sum())
    low = int(steps.min())
    one = np.bincount(steps - low, weights=counts) / n
    total = np.array([1.0])
    for _ in range(n):
        total = np.convolve(total, one)
    return n * low, total


def assert_exact_law(steps: np.ndarray, counts: np.ndarray) -> None:
    """The FFT law equals the definition's on its window, and leaves under 1e-10 out."""
    found = sum_distribution(steps, counts)
    assert found is not None
    first, stride, probabilities = found
    exact_first, exact = convolution_power(steps, counts)
    positions = first - exact_first + stride * np.arange(len(probabilities))
    assert positions[0] >= 0
    padded = np.pad(exact, (0, max(0, int(positions[-1]) + 1 - len(exact))))
    window = padded[positions]
    assert np.abs(probabilities - window).max() < 1e-12
    assert 1.0 - window.sum() < 1e-10


@given(step_distributions())
def test_the_sum_distribution_is_the_convolution_power(
    distribution: tuple[np.ndarray, np.ndarray],
) -> None:
    """Within its window the FFT result is the exact law; outside, under 1e-10 is left."""
    assert_exact_law(*distribution)


def test_a_long_sum_is_windowed_and_still_exact() -> None:
    """With 3,000 draws the window is narrower than the support and nothing is lost."""
    steps = np.array([0, 1, 2, 5, 9], dtype=np.int64)
    counts = np.array([600, 900, 700, 500, 300], dtype=np.int64)
    found = sum_distribution(steps, counts)
    assert found is not None
    assert len(found[2]) < 9 * 3000 + 1  # a window, not the whole support
    assert_exact_law(steps, counts)


def test_sums_skip_what_no_resample_can_reach() -> None:
    """Steps 3, 9 and 15 differ by multiples of 6: only every 6th sum is computed."""
    steps = np.array([3, 9, 15], dtype=np.int64)
    counts = np.array([4, 1, 2], dtype=np.int64)
    found = sum_distribution(steps, counts)
    assert found is not None
    assert found[:2] == (21, 6)
    assert_exact_law(steps, counts)


def test_sums_that_would_not_stay_exact_or_need_a_huge_fft_are_refused() -> None:
    """The caller then draws multinomial counts; nothing large is allocated first."""
    far = np.array([0, 2**50], dtype=np.int64)
    assert sum_distribution(far, np.array([1000, 1000], dtype=np.int64)) is None
    wide = np.array([0, 1, 2000], dtype=np.int64)
    assert sum_distribution(wide, np.array([333_333, 333_333, 333_334], dtype=np.int64)) is None


def test_lattices_are_found_for_means_of_whole_numbers_and_not_otherwise() -> None:
    """Means of a few whole numbers sit on 1/L; irrational-looking values do not."""
    lattice = find_lattice(np.array([0.0, 1 / 3, 0.25, 1.0, 5 / 3]))
    assert lattice is not None
    assert lattice.per_unit == 12
    assert lattice.steps.tolist() == [0, 4, 3, 12, 20]
    assert find_lattice(np.array([0.0, math.pi / 10])) is None
    assert find_lattice(np.array([0.0, math.inf])) is None
    assert find_lattice(np.array([0.0, 1e-7])) is None  # no fraction over 10,000 or less
    # Tiny scores are not snapped to 0: each is judged in its own last place.
    assert find_lattice(np.array([0.0, 1e-15, 2e-15])) is None
    assert find_lattice(np.array([0.0, 1e300])) is None  # beyond exact whole numbers
    assert find_lattice(np.array([0.0, 5e-324])) is None  # subnormal, not 0
    restricted = lattice.restricted(np.array([True, False, False, True, False]))
    assert (restricted.per_unit, restricted.steps.tolist()) == (1, [0, 1])


@given(st.integers(2, 60), st.integers(0, 2**32), st.booleans())
def test_both_ways_draw_means_in_the_law_of_resampling_respondents(
    people: int, seed: int, by_fft: bool
) -> None:
    """FFT and multinomial draws each agree with literal resampling (two-sample KS test).

    Scores in halves make every sum exact, so both sides round each mean alike.
    """
    rng = np.random.default_rng(seed)
    values = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
    counts = rng.multinomial(people, [0.1, 0.2, 0.3, 0.25, 0.15]).astype(np.int64)
    if np.count_nonzero(counts) < 2:
        counts[0] += 1
        counts[-1] += 1
    scores = np.repeat(values, counts)
    literal = rng.choice(scores, size=(20_000, len(scores))).mean(axis=1)
    with mock.patch.object(coproduction._resampling, "_fft_is_quicker", return_value=by_fft):
        drawn = resampled_means(values, counts, find_lattice(values), rng, 20_000)
    assert scipy.stats.ks_2samp(drawn, literal).pvalue > 1e-4


def test_intervals_agree_with_scipy_percentile_bootstrap() -> None:
    """The overall interval matches scipy.stats.bootstrap's percentile interval."""
    rng = np.random.default_rng(11)
    codes = rng.integers(0, 3, size=(400, 23))
    codes[rng.random(codes.shape) < 0.1] = -1
    cohort = EvaluationCohort.from_array(codes)
    overall = score_cohort(cohort).overall
    scored = overall[~np.isnan(overall)]
    reference = scipy.stats.bootstrap(
        (scored,), np.mean, method="percentile", n_resamples=40_000, random_state=rng
    ).confidence_interval
    ours = summarize(cohort, resamples=40_000).measure(None)
    assert isinstance(ours.low, float)
    assert isinstance(ours.high, float)
    half_width = (reference.high - reference.low) / 2
    assert ours.low == pytest.approx(reference.low, abs=0.03 * half_width)
    assert ours.high == pytest.approx(reference.high, abs=0.03 * half_width)


def _three_wards(rows: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(5)
    codes = rng.integers(-1, 3, size=(rows, 23))
    wards = [("Oak", "Elm", "Ash")[i % 3] for i in range(rows)]
    return codes, wards


def test_a_groups_interval_ignores_another_groups_finer_scores() -> None:
    """A ward with gaps (finer scores) does not move a fully answered ward's interval."""
    rng = np.random.default_rng(4)
    full = rng.integers(0, 3, size=(3000, 23))
    gappy = rng.integers(-1, 3, size=(40, 23))
    alone = summarize(EvaluationCohort.from_array(full, groups={"ward": ["Oak"] * 3000}), by="ward")
    both = summarize(
        EvaluationCohort.from_array(
            np.vstack([full, gappy]), groups={"ward": ["Oak"] * 3000 + ["Elm"] * 40}
        ),
        by="ward",
    )
    for domain in (*Domain, None):
        assert alone.measure(domain, ("Oak",)) == both.measure(domain, ("Oak",))


def test_a_groups_interval_does_not_depend_on_the_other_groups() -> None:
    """Dropping a ward leaves the other wards' intervals exactly as they were."""
    codes, wards = _three_wards(300)
    everyone = summarize(EvaluationCohort.from_array(codes, groups={"ward": wards}), by="ward")
    keep = [i for i, w in enumerate(wards) if w != "Ash"]
    fewer = summarize(
        EvaluationCohort.from_array(codes[keep], groups={"ward": [wards[i] for i in keep]}),
        by="ward",
    )
    for domain in (*Domain, None):
        for ward in ("Oak", "Elm"):
            assert everyone.measure(domain, (ward,)) == fewer.measure(domain, (ward,))


@pytest.mark.parametrize(("resamples", "by_fft"), [(10, False), (2_000, True)])
def test_intervals_are_reproducible_whichever_path_draws_them(
    resamples: int, by_fft: bool, ffts: list[int]
) -> None:
    """Few resamples take multinomial draws, many the FFT; each is seeded and repeatable."""
    codes, wards = _three_wards(600)
    cohort = EvaluationCohort.from_array(codes, groups={"ward": wards})
    first = summarize(cohort, by="ward", resamples=resamples, seed=9)
    assert by_fft == bool(ffts)
    assert first == summarize(cohort, by="ward", resamples=resamples, seed=9)
    assert first != summarize(cohort, by="ward", resamples=resamples, seed=10)
    for row in first.measures:
        assert isinstance(row.low, float)
        assert isinstance(row.high, float)
        assert isinstance(row.mean, float)
        assert row.low <= row.mean <= row.high


def test_points_off_any_small_lattice_use_multinomial_draws() -> None:
    """Irrational-looking points still give intervals, drawn without the FFT."""
    points = {Frequency.NOT_AT_ALL: 0.0, Frequency.SOMETIMES: math.e, Frequency.ALL_THE_TIME: 7.3}
    conventions = EvaluationConventions(points=points)
    codes, _ = _three_wards(200)
    cohort = EvaluationCohort.from_array(codes)
    overall = score_cohort(cohort, conventions=conventions).overall
    assert find_lattice(np.unique(overall[~np.isnan(overall)])) is None
    row = summarize(cohort, conventions=conventions, resamples=500).measure(None)
    assert isinstance(row.low, float)
    assert isinstance(row.high, float)
    assert isinstance(row.mean, float)
    assert row.low < row.mean < row.high


def test_change_intervals_use_their_own_streams() -> None:
    """The same options give the same change intervals; another seed moves them."""
    codes, _ = _three_wards(200)
    rounds = ["2025" if i % 2 else "2026" for i in range(200)]
    cohort = EvaluationCohort.from_array(codes, groups={"round": rounds})

    def change(seed: int) -> object:
        return change_between_rounds(cohort, rounds="round", before="2025", after="2026", seed=seed)

    assert change(1) == change(1)
    assert change(1) != change(2)


def test_generators_differ_by_purpose_and_repeat_by_seed() -> None:
    """Each purpose has its own stream; the same seed and purpose repeat it."""
    draws = generator(0, "summary", "trust", ["Oak"]).random(3)
    assert draws.tolist() == generator(0, "summary", "trust", ["Oak"]).random(3).tolist()
    assert draws.tolist() != generator(0, "summary", "trust", ["Elm"]).random(3).tolist()
    assert draws.tolist() != generator(1, "summary", "trust", ["Oak"]).random(3).tolist()


def test_a_negative_seed_is_refused_clearly() -> None:
    """A negative seed, which numpy would refuse, is refused in the library's words."""
    with pytest.raises(ValidationError, match="seed"):
        summarize(EvaluationCohort.from_array([[0] * 23]), seed=-1)


@pytest.mark.parametrize("top", [1e-15 * 2, 1e7, 1e18, 1e300])
def test_extreme_points_give_intervals_around_the_mean(top: float) -> None:
    """Points from the very small to the very large: sound intervals, nothing huge built."""
    middle = top / 2 if top < 1 else 1.0
    points = {Frequency.NOT_AT_ALL: 0.0, Frequency.SOMETIMES: middle, Frequency.ALL_THE_TIME: top}
    codes, wards = _three_wards(300)
    cohort = EvaluationCohort.from_array(codes, groups={"ward": wards})
    summary = summarize(cohort, by="ward", conventions=EvaluationConventions(points=points))
    for row in summary.measures:
        assert isinstance(row.low, float)
        assert isinstance(row.high, float)
        assert isinstance(row.mean, float)
        assert row.low <= row.mean <= row.high
        assert row.low < row.high


def test_scores_on_a_fine_wide_lattice_are_drawn_as_multinomial_counts(
    ffts: list[int],
) -> None:
    """Points -1000, 0.001, 1000 put scores on a lattice far too fine for a quick FFT."""
    points = {
        Frequency.NOT_AT_ALL: -1000.0,
        Frequency.SOMETIMES: 0.001,
        Frequency.ALL_THE_TIME: 1e3,
    }
    codes, _ = _three_wards(2000)
    summary = summarize(
        EvaluationCohort.from_array(codes), conventions=EvaluationConventions(points=points)
    )
    assert ffts == []
    assert all(isinstance(row.low, float) for row in summary.measures)


def test_a_group_sharing_one_score_has_that_mean_and_interval() -> None:
    """Seven people all scoring 1/3 on Support: mean, low and high are exactly 1/3."""
    rows = [[1, 0, 0, -1] + [2] * 19] * 7
    row = summarize(EvaluationCohort.from_array(rows)).measure(Domain.SUPPORT)
    assert (row.mean, row.low, row.high) == (1 / 3, 1 / 3, 1 / 3)


@st.composite
def near_fractions(draw: st.DrawFn) -> float:
    """A fraction with a small denominator, often nudged near the 16 ulp tolerance."""
    value = draw(st.integers(-200, 200)) / draw(st.integers(1, 60))
    for _ in range(draw(st.integers(0, 3) | st.integers(12, 20))):
        value = math.nextafter(value, draw(st.sampled_from([math.inf, -math.inf])))
    return value


@given(st.lists(near_fractions(), min_size=1, max_size=6), st.lists(near_fractions(), max_size=6))
# 16 ulp below 11/7: kept or not must not depend on another group's 1/17.
@example(own=[1 / 3, 1.5714285714285678], others=[1 / 17])
def test_a_groups_lattice_is_its_own_whatever_else_is_in_the_measure(
    own: list[float], others: list[float]
) -> None:
    """Restricting the lattice of all scores to a group's gives the group's own lattice."""
    values = np.unique(np.array(own + others))
    mine = np.isin(values, own)
    alone = find_lattice(values[mine])
    together = find_lattice(values)
    if together is not None:
        restricted = together.restricted(mine)
        assert alone is not None
        assert (restricted.per_unit, restricted.steps.tolist()) == (
            alone.per_unit,
            alone.steps.tolist(),
        )
