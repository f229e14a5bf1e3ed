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
    "READINESS_COLOURS",
    "ROUND_COLOURS",
    "SCORE_COLOUR",
    "UNANSWERED_COLOUR",
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

_DARK: Final = frozenset({BLUE, VERMILLION, BLUISH_GREEN, BLACK})


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return "#FFFFFF" if background in _DARK else "#000000"
