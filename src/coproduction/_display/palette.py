"""Colours shared by the pictures and the HTML views: the Okabe-Ito palette.

Okabe and Ito (2008) chose these eight colours to stay distinguishable with
every common form of colour-vision deficiency. Colour never carries meaning
alone: every picture and table also writes the answer as text.
"""

from __future__ import annotations

from typing import Final

from coproduction._instruments import Frequency, ReadinessAnswer

__all__ = [
    "FREQUENCY_COLOURS",
    "HATCHED_TEXT_BACKGROUND",
    "HATCH_COLOUR",
    "MIN_CONTRAST",
    "READINESS_COLOURS",
    "ROUND_COLOURS",
    "SCORE_COLOUR",
    "UNANSWERED_COLOUR",
    "contrast_ratio",
    "relative_luminance",
    "text_colour",
]

ORANGE: Final = "#E69F00"
SKY_BLUE: Final = "#56B4E9"
BLUISH_GREEN: Final = "#009E73"
YELLOW: Final = "#F0E442"
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
REDDISH_PURPLE: Final = "#CC79A7"
BLACK: Final = "#000000"

#: The answer scale, from one end to the other: orange, pale, blue.
FREQUENCY_COLOURS: Final = {
    Frequency.NOT_AT_ALL: ORANGE,
    Frequency.SOMETIMES: "#D9D9D9",
    Frequency.ALL_THE_TIME: BLUE,
}
#: Readiness answers: the same ends as the frequency scale, sky blue between.
READINESS_COLOURS: Final = {
    ReadinessAnswer.YES: BLUE,
    ReadinessAnswer.PARTLY: SKY_BLUE,
    ReadinessAnswer.NO: ORANGE,
}
#: Cells without an answer: white, so they never look like an answer.
UNANSWERED_COLOUR: Final = "#FFFFFF"
#: Bars of one score.
SCORE_COLOUR: Final = BLUE
#: Two audit rounds: earlier, later.
ROUND_COLOURS: Final = (ORANGE, BLUE)

#: The lines of the hatching that marks a cell without an answer (or suppressed).
HATCH_COLOUR: Final = "#555555"
#: Text on a hatched cell sits on a patch of this colour, so that it never stands
#: on the hatching's lines (which give black text too little contrast).
HATCHED_TEXT_BACKGROUND: Final = UNANSWERED_COLOUR
#: WCAG 2 level AA: the least contrast ratio for normal-size text.
MIN_CONTRAST: Final = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """A ``#rrggbb`` colour's relative luminance, as WCAG 2 defines it (0 black, 1 white)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever has the greater contrast with ``background``.

    Every colour of this palette gives one of them at least WCAG AA's 4.5:1 (the
    tests check each pair the pictures and tables use).
    """
    return max(("#000000", "#FFFFFF"), key=lambda text: contrast_ratio(text, background.upper()))
