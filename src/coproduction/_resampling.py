"""Bootstrap resamples of a mean, drawn in the law of resampling respondents, quickly.

A percentile bootstrap interval of a mean resamples a group's ``n`` respondents
with replacement, takes each resample's mean, and reads the interval from the
quantiles of those means. Drawing ``n`` respondents for each of ``B`` resamples
costs ``n * B`` random draws; this module draws each resample's **mean** directly
from its exact distribution instead, in one of two ways:

* **On a lattice** (every score under whole-number points, and many others): when
  every score of the group is a whole number of steps of ``1/L`` for a small
  whole number ``L``, the sum of ``n`` resampled scores is a whole number of
  steps, and its distribution is the ``n``-fold convolution of the group's
  distribution of scores. That is computed once per group with a real FFT (the
  ``n``-th power of the characteristic function), over a window that holds all
  but less than ``1e-10`` of the probability by Bernstein's inequality. Each
  resample is then one uniform draw read through the cumulative distribution.
* **Otherwise**, or when it is estimated to be quicker, each resample is drawn as
  multinomial counts over the group's distinct scores.

Both have the distribution of the textbook resampling, the first to within the
window and floating-point rounding, which grows with the group's size (about
``n * 1e-16`` in total variation). Either is far below the Monte Carlo error of
any number of resamples one would run. They do not give the same numbers for one
seed: they use the generator differently.

Everything about one group's draws (its lattice, the way it is drawn, its
generator) comes from that group's own scores, the seed and what the interval is
of (the measure and the group's values): a group's interval does not depend on
which other groups are in the cohort, nor on the order of computation.
"""

from __future__ import annotations

import json
import math
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["Lattice", "find_lattice", "generator", "resampled_means", "sum_distribution"]

# The finest lattice tried (L), and the largest FFT, before multinomial draws are
# used instead (they are exact too, just slower on large groups).
_MAX_STEPS: Final = 1 << 20
_MAX_FFT: Final = 1 << 23
# Whole numbers below this are exact in float64.
_EXACT_FLOAT: Final = 1 << 53
# A score is on a lattice point when within this many units in its last place.
_ULPS: Final = 16
# Rough costs in seconds, measured on the development machine, to choose the
# quicker way; they decide speed only, never the law of the draws.
_FFT_FIXED: Final = 80e-6
_FFT_PER_POINT: Final = 2.5e-9  # times length * log2(length)
_MULTINOMIAL_FIXED: Final = 5e-6
_MULTINOMIAL_PER_DRAW: Final = 80e-9  # per binomial: resamples x (distinct scores - 1)
# Bernstein bound on the probability left outside the FFT window: ln(2 / 1e-10).
_LOG_TAIL: Final = math.log(2 / 1e-10)
# exp(x) is 0.0 in float64 below this.
_UNDERFLOW: Final = -745.2


@attrs.frozen(eq=False)
class Lattice:
    """Scores as whole numbers of steps: ``values == steps / per_unit``, to rounding."""

    per_unit: int
    steps: NDArray[np.int64]

    def restricted(self, present: NDArray[np.bool_]) -> Lattice:
        """The coarsest lattice of the ``present`` scores alone, as :func:`find_lattice` gives.

        A score ``k / L`` in lowest terms has the denominator ``L / gcd(k, L)``; the
        least common multiple of those is ``L / gcd(L, k_1, k_2, ...)``.
        """
        steps = self.steps[present]
        common = math.gcd(self.per_unit, int(np.gcd.reduce(steps)) if len(steps) else 0)
        return Lattice(self.per_unit // common, steps // common)


def find_lattice(values: NDArray[np.float64]) -> Lattice | None:
    """The coarsest lattice ``1/L`` holding every one of ``values``, or ``None``.

    Each value is read as the nearest fraction with a denominator up to 10,000,
    and kept only when it is that fraction to within 16 units in its own last
    place (the rounding of a mean of a handful of whole-number points); 0 must be
    exactly 0. Whether a value is kept, and its fraction, depend on that value
    alone, and its steps are computed from the fraction exactly. ``L`` is the
    least common multiple of the denominators, up to about a million, and every
    value must be under 2**53 steps, so that sums of steps stay exact.
    """
    if not np.isfinite(values).all():
        return None
    # Imported here, not at the top: fractions loads decimal, and import time counts.
    from fractions import Fraction

    fractions = []
    per_unit = 1
    for value in values.tolist():
        fraction = Fraction(value).limit_denominator(10_000)
        if fraction == 0 and value != 0:
            return None  # a tiny value, not 0
        if abs(value - fraction.numerator / fraction.denominator) > _ULPS * math.ulp(value):
            return None
        per_unit = math.lcm(per_unit, fraction.denominator)
        if per_unit > _MAX_STEPS:
            return None
        fractions.append(fraction)
    steps = [f.numerator * (per_unit // f.denominator) for f in fractions]
    if any(abs(step) >= _EXACT_FLOAT for step in steps):
        return None
    return Lattice(per_unit, np.array(steps, dtype=np.int64))


def _fast_length(size: int) -> int:
    """The smallest ``2**a * 3**b * 5**c`` at least ``size``: a quick FFT length."""
    best = 1 << max(size - 1, 0).bit_length()
    five = 1
    while five < best:
        three = five
        while three < best:
            length = three
            while length < size:
                length *= 2
            best = min(best, length)
            three *= 3
        five *= 5
    return best


@attrs.frozen(eq=False)
class _Window:
    """Where the sum of ``n`` draws of ``offsets`` (weighted) is computed, and how long the FFT is.

    The sum of the original steps is ``n * low + stride * (sum of offsets)``.
    """

    offsets: NDArray[np.int64]
    weights: NDArray[np.int64]
    n: int
    low: int
    stride: int
    start: int  # first sum of offsets in the window
    length: int

    @property
    def first_sum(self) -> int:
        """The sum of original steps at the window's start."""
        return self.n * self.low + self.stride * self.start


def _window(steps: NDArray[np.int64], weights: NDArray[np.int64]) -> _Window | None:
    """Plan the FFT from the group's own steps (all with a weight), without large arrays.

    Steps are shifted to start at 0 and divided by their greatest common divisor
    (``stride``), so that no sum the resamples cannot reach is computed. ``None``
    when the sums would not stay exact in float64.
    """
    n = int(weights.sum())
    low = int(steps.min())
    shifted = steps - low
    stride = max(int(np.gcd.reduce(shifted)), 1)
    offsets = shifted // stride
    top = int(offsets.max())
    if n * max(abs(low), abs(int(steps.max()))) >= _EXACT_FLOAT:
        return None
    share = weights / n
    mean = float(share @ offsets)
    variance = float(share @ (offsets - mean) ** 2)
    spread = max(mean, top - mean)  # the largest deviation of one draw
    # Bernstein: P(|S - n mean| >= t) <= 2 exp(-t^2 / (2 (n variance + spread t / 3))).
    linear = _LOG_TAIL * spread / 3
    reach = linear + math.sqrt(linear**2 + 2 * _LOG_TAIL * n * variance)
    support = n * top + 1
    # The reach each side of the rounded centre, and one more for the rounding.
    length = _fast_length(min(support, 2 * math.ceil(reach) + 3))
    first = 0 if length >= support else min(max(round(n * mean) - length // 2, 0), support - length)
    return _Window(offsets, weights, n, low, stride, first, length)


def _convolution_power(window: _Window) -> NDArray[np.float64]:
    """The probabilities of the window's sums of offsets, in order from ``window.start``."""
    n, length = window.n, window.length
    # Folding onto the circle first is exact: the FFT convolves circularly anyway.
    p = np.bincount(window.offsets % length, weights=window.weights, minlength=length) / n
    spectrum = np.fft.rfft(p)
    # Only frequencies whose n-th power is not 0.0 in float64 are raised to it.
    squared = spectrum.real**2 + spectrum.imag**2
    kept = np.flatnonzero(squared > math.exp(2 * _UNDERFLOW / n))
    powered = np.zeros_like(spectrum)
    log_modulus = np.log(squared[kept]) * (n / 2)
    # The n-th power's phase, plus a turn that starts the output at window.start.
    turn = (kept * (window.start % length)) % length * (2 * math.pi / length)
    powered[kept] = np.exp(log_modulus + 1j * (n * np.angle(spectrum[kept]) + turn))
    probabilities = np.fft.irfft(powered, length)
    return np.maximum(probabilities, 0.0, out=probabilities)


def sum_distribution(
    steps: NDArray[np.int64], counts: NDArray[np.int64]
) -> tuple[int, int, NDArray[np.float64]] | None:
    """The law of the sum of ``n = counts.sum()`` draws from ``steps``, weighted by ``counts``.

    Returns ``(first, stride, probabilities)``: ``probabilities[i]`` is the
    probability that the sum is ``first + stride * i`` steps, over a window holding
    all but less than ``1e-10`` of the probability (the whole support when that is
    short enough). ``None`` when the sums would not stay exact or the FFT would be
    longer than about 8 million.
    """
    present = counts > 0
    window = _window(steps[present], counts[present])
    if window is None or window.length > _MAX_FFT:
        return None
    return window.first_sum, window.stride, _convolution_power(window)


def _fft_is_quicker(window: _Window, resamples: int, distinct: int) -> bool:
    length = window.length
    fft = _FFT_FIXED + _FFT_PER_POINT * length * math.log2(max(length, 2))
    multinomial = _MULTINOMIAL_FIXED + _MULTINOMIAL_PER_DRAW * resamples * (distinct - 1)
    return length <= _MAX_FFT and fft < multinomial


def resampled_means(
    values: NDArray[np.float64],
    counts: NDArray[np.int64],
    lattice: Lattice | None,
    rng: np.random.Generator,
    resamples: int,
) -> NDArray[np.float64]:
    """Bootstrap means of a group with ``counts[i]`` respondents scoring ``values[i]``.

    ``lattice`` is :func:`find_lattice` of ``values`` (which may hold other groups'
    scores too, with a count of 0 here), or ``None``; ``counts`` must add up to at
    least 1. Only the group's own scores decide how the means are drawn.
    """
    present = counts > 0
    scores, weights = values[present], counts[present]
    n = int(weights.sum())
    if len(scores) == 1:
        return np.full(resamples, float(scores[0]))
    own = lattice.restricted(present) if lattice is not None else find_lattice(scores)
    window = None if own is None else _window(own.steps, weights)
    if own is not None and window is not None and _fft_is_quicker(window, resamples, len(scores)):
        probabilities = _convolution_power(window)
        cumulative = np.cumsum(probabilities, out=probabilities)
        drawn = np.searchsorted(cumulative, rng.random(resamples) * cumulative[-1], "right")
        offsets = np.minimum(drawn, window.length - 1)
        sums = window.first_sum + window.stride * offsets  # in steps of 1/L, exact
        return np.asarray(sums / (n * own.per_unit), dtype=np.float64)
    draws = rng.multinomial(n, weights / n, size=resamples)
    return np.asarray(draws @ scores / n, dtype=np.float64)


def generator(seed: int, *purpose: object) -> np.random.Generator:
    """A generator for one interval, from the seed and what the interval is of.

    ``purpose`` (JSON-able: the measure, the group's values, ...) is hashed into the
    seed sequence's spawn key, so each interval has its own stream, whatever else
    is computed and in whatever order.
    """
    # Imported here, not at the top: hashlib loads OpenSSL, and import time counts.
    import hashlib

    digest = hashlib.blake2b(json.dumps(purpose).encode("utf-8"), digest_size=16).digest()
    key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
