"""Bootstrap resampling of means: the FFT path has the law of resampling respondents.

The reference throughout is the definition: the sum of ``n`` draws with
replacement has the ``n``-fold convolution of one draw's distribution, computed
here by repeated ``numpy.convolve``; and the percentile bootstrap of an
independent implementation (``scipy.stats.bootstrap``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
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


def convolution_power(steps: np.ndarray, counts: np.ndarray) -> tuple[int, np.ndarray]:
    """The distribution of the sum of n draws, by the definition (n - 1 convolutions)."""
    n = int(counts.sum())
    low = int(steps.min())
    one = np.bincount(steps - low, weights=counts) / n
    total = np.array([1.0])
    for _ in range(n):
        total = np.convolve(total, one)
    return n * low, total


@given(step_distributions())
def test_the_sum_distribution_is_the_convolution_power(
    distribution: tuple[np.ndarray, np.ndarray],
) -> None:
    """Within its window the FFT result is the exact law; outside, under 1e-10 is left."""
    steps, counts = distribution
    found = sum_distribution(steps, counts)
    assert found is not None
    first, probabilities = found
    exact_first, exact = convolution_power(steps, counts)
    start = first - exact_first
    assert start >= 0
    # The exact law over the same window (zero past the end of the support).
    window = np.pad(exact, (0, len(probabilities)))[start : start + len(probabilities)]
    assert np.abs(probabilities - window).max() < 1e-12
    assert 1.0 - window.sum() < 1e-10


def test_a_long_sum_is_windowed_and_still_exact() -> None:
    """With 3,000 draws the window is narrower than the support and nothing is lost."""
    steps = np.array([0, 1, 2, 5, 9], dtype=np.int64)
    counts = np.array([600, 900, 700, 500, 300], dtype=np.int64)
    first, probabilities = sum_distribution(steps, counts) or (0, np.zeros(0))
    exact_first, exact = convolution_power(steps, counts)
    assert len(probabilities) < len(exact)  # a window, not the whole support
    window = exact[first - exact_first : first - exact_first + len(probabilities)]
    assert np.abs(probabilities - window).max() < 1e-12
    assert 1.0 - window.sum() < 1e-10


def test_a_window_longer_than_allowed_is_refused() -> None:
    """The caller falls back to multinomial draws when the FFT would be too long."""
    steps = np.array([0, 1000], dtype=np.int64)
    counts = np.array([5000, 5000], dtype=np.int64)
    assert sum_distribution(steps, counts, longest=1000) is None


def test_lattices_are_found_for_means_of_whole_numbers_and_not_otherwise() -> None:
    """Means of a few whole numbers sit on 1/L; irrational-looking values do not."""
    lattice = find_lattice(np.array([0.0, 1 / 3, 0.25, 1.0, 5 / 3]))
    assert lattice is not None
    assert lattice.per_unit == 12
    assert lattice.steps.tolist() == [0, 4, 3, 12, 20]
    assert find_lattice(np.array([0.0, math.pi / 10])) is None
    assert find_lattice(np.array([0.0, math.inf])) is None
    assert find_lattice(np.array([0.0, 1e-7])) is None  # no fraction over 10,000 or less


@given(st.integers(2, 60), st.integers(0, 2**32))
def test_both_paths_draw_means_from_the_same_law(people: int, seed: int) -> None:
    """FFT draws and multinomial draws of the same group agree (two-sample KS test)."""
    rng = np.random.default_rng(seed)
    values = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
    counts = rng.multinomial(people, [0.1, 0.2, 0.3, 0.25, 0.15]).astype(np.int64)
    if np.count_nonzero(counts) < 2:
        counts[0] += 1
        counts[-1] += 1
    lattice = find_lattice(values)
    fft = resampled_means(values, counts, lattice, np.random.default_rng(1), 20_000)
    multinomial = resampled_means(values, counts, None, np.random.default_rng(2), 20_000)
    assert scipy.stats.ks_2samp(fft, multinomial).pvalue > 1e-4


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
    resamples: int, by_fft: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few resamples take multinomial draws, many the FFT; each is seeded and repeatable."""
    windows: list[object] = []

    def spy(
        steps: np.ndarray, counts: np.ndarray, *, longest: int
    ) -> tuple[int, np.ndarray] | None:
        found = sum_distribution(steps, counts, longest=longest)
        windows.append(found)
        return found

    monkeypatch.setattr(coproduction._resampling, "sum_distribution", spy)
    codes, wards = _three_wards(600)
    cohort = EvaluationCohort.from_array(codes, groups={"ward": wards})
    first = summarize(cohort, by="ward", resamples=resamples, seed=9)
    assert by_fft == any(w is not None for w in windows)
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
