"""Bootstrap resamples of a mean, drawn in the law of resampling respondents, quickly.

A percentile bootstrap interval of a mean resamples a group's ``n`` respondents
with replacement, takes each resample's mean, and reads the interval from the
quantiles of those means. Drawing ``n`` respondents for each of ``B`` resamples
costs ``n * B`` random draws; this module draws each resample's **mean** directly
from its exact distribution instead, in one of two ways:

* **On a lattice** (every score under whole-number points, and many others): when
  every score is a whole number of steps of ``1/L`` for a small whole number
  ``L``, the sum of ``n`` resampled scores is a whole number of steps, and its
  distribution is the ``n``-fold convolution of the group's distribution of
  scores. That is computed once per group with a real FFT (the ``n``-th power of
  the characteristic function), over a window that holds all but less than
  ``1e-10`` of the probability by Bernstein's inequality. Each resample is then
  one uniform draw read through the cumulative distribution.
* **Otherwise**, each resample is drawn as multinomial counts over the group's
  distinct scores.

Both have the distribution of the textbook resampling, the first to within
floating-point rounding and the stated window (together of the order of
``1e-10`` in total variation, far below the Monte Carlo error of any number of
resamples one would run). They do not give the same numbers for the same seed:
they use the generator differently.

Each interval has its own generator, derived from the seed and from what it is an
interval of (the measure and the group's values), so a group's interval does not
depend on which other groups are in the cohort, nor on the order of computation.
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["Lattice", "find_lattice", "generator", "resampled_means", "sum_distribution"]

# The largest step count L tried, and the largest FFT, before falling back to
# multinomial draws (which are exact too, just slower).
_MAX_STEPS: Final = 1 << 20
_MAX_FFT: Final = 1 << 23
# Multinomial draws cost about as much per resample and distinct score as an FFT
# (with the sampling that follows) per point of its length, times this; measured
# on the development machine. It decides speed only, never the results' law.
_FFT_POINTS_PER_DRAW: Final = 4
# Bernstein bound on the probability left outside the FFT window: ln(2 / 1e-10).
_LOG_TAIL: Final = math.log(2 / 1e-10)
# exp(x) is 0.0 in float64 below this.
_UNDERFLOW: Final = -745.2


@attrs.frozen(eq=False)
class Lattice:
    """Scores as whole numbers of steps: ``values == steps / per_unit``, to rounding."""

    per_unit: int
    steps: NDArray[np.int64]


def find_lattice(values: NDArray[np.float64]) -> Lattice | None:
    """The smallest lattice ``1/L`` holding every one of ``values``, or ``None``.

    Each value is read as the nearest fraction with a denominator up to 10,000 and
    kept only if it is that fraction to within a few units in the last place of
    the largest value (the rounding of a mean of a handful of points). ``L`` is
    the least common multiple of the denominators, up to about a million.
    """
    finite = values[np.isfinite(values)]
    if len(finite) != len(values):
        return None
    scale = float(np.max(np.abs(values), initial=1.0))
    tolerance = 16 * math.ulp(max(scale, 1.0))
    per_unit = 1
    for value in values.tolist():
        fraction = Fraction(value).limit_denominator(10_000)
        if abs(value - fraction.numerator / fraction.denominator) > tolerance:
            return None
        per_unit = math.lcm(per_unit, fraction.denominator)
        if per_unit > _MAX_STEPS:
            return None
    scaled = values * per_unit
    steps = np.rint(scaled)
    if np.any(np.abs(scaled - steps) > tolerance * per_unit):
        return None
    return Lattice(per_unit, steps.astype(np.int64))


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


def sum_distribution(
    steps: NDArray[np.int64], counts: NDArray[np.int64], *, longest: int = _MAX_FFT
) -> tuple[int, NDArray[np.float64]] | None:
    """The law of the sum of ``n = counts.sum()`` draws from ``steps``, weighted by ``counts``.

    Returns ``(first, probabilities)``: ``probabilities[i]`` is the probability that
    the sum is ``first + i`` steps, over a window holding all but less than
    ``1e-10`` of the probability (the whole support when that is short enough).
    ``None`` when the window would need an FFT longer than ``longest``.
    """
    present = counts > 0
    values, weights = steps[present], counts[present]
    n = int(weights.sum())
    low = int(values.min())
    width = int(values.max()) - low + 1
    p = np.bincount(values - low, weights=weights, minlength=width) / n
    offsets = np.arange(width, dtype=np.float64)
    mean = float(p @ offsets)
    variance = float(p @ (offsets - mean) ** 2)
    spread = max(mean, width - 1 - mean)  # the largest deviation of one draw
    # Bernstein: P(|S - n mean| >= t) <= 2 exp(-t^2 / (2 (n variance + spread t / 3))).
    linear = _LOG_TAIL * spread / 3
    reach = linear + math.sqrt(linear**2 + 2 * _LOG_TAIL * n * variance)
    support = n * (width - 1) + 1
    needed = min(support, 2 * math.ceil(reach) + 3)  # reach each side of the rounded centre
    length = _fast_length(needed)
    if length > longest:
        return None
    start = 0 if length >= support else min(max(round(n * mean) - length // 2, 0), support - length)
    spectrum = np.fft.rfft(p, length)
    # Only frequencies whose n-th power is not 0.0 in float64 are raised to it.
    squared = spectrum.real**2 + spectrum.imag**2
    kept = np.flatnonzero(squared > math.exp(2 * _UNDERFLOW / n))
    powered = np.zeros_like(spectrum)
    log_modulus = np.log(squared[kept]) * (n / 2)
    powered[kept] = np.exp(log_modulus + 1j * (n * np.angle(spectrum[kept])))
    circular = np.fft.irfft(powered, length)
    probabilities = np.maximum(np.roll(circular, -(start % length)), 0.0)
    return start + n * low, probabilities


def resampled_means(
    values: NDArray[np.float64],
    counts: NDArray[np.int64],
    lattice: Lattice | None,
    rng: np.random.Generator,
    resamples: int,
) -> NDArray[np.float64]:
    """Bootstrap means of a group with ``counts[i]`` respondents scoring ``values[i]``.

    ``lattice`` is :func:`find_lattice` of ``values``, or ``None``; ``counts`` must
    add up to at least 1.
    """
    n = int(counts.sum())
    present = counts > 0
    distinct = int(np.count_nonzero(present))
    if distinct == 1:
        return np.full(resamples, float(values[present][0]))
    if lattice is not None:
        # The FFT is used when it is the quicker way; both draw in the same law.
        longest = min(_MAX_FFT, _FFT_POINTS_PER_DRAW * resamples * distinct)
        found = sum_distribution(lattice.steps, counts, longest=longest)
        if found is not None:
            first, probabilities = found
            cumulative = np.cumsum(probabilities)
            drawn = np.searchsorted(cumulative, rng.random(resamples) * cumulative[-1], "right")
            return np.asarray((first + drawn) / (n * lattice.per_unit), dtype=np.float64)
    draws = rng.multinomial(n, counts / n, size=resamples)
    return np.asarray(draws @ values / n, dtype=np.float64)


def generator(seed: int, *purpose: object) -> np.random.Generator:
    """A generator for one interval, from the seed and what the interval is of.

    ``purpose`` (JSON-able: the measure, the group's values, ...) is hashed into the
    seed sequence's spawn key, so each interval has its own stream, whatever else
    is computed and in whatever order.
    """
    digest = hashlib.blake2b(json.dumps(purpose).encode("utf-8"), digest_size=16).digest()
    key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
