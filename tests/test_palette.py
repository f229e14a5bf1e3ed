"""Colours: every text on a coloured or hatched cell meets WCAG AA contrast (4.5:1)."""

from __future__ import annotations

import pytest

import coproduction as cp
from coproduction._display import palette
from coproduction._display.palette import (
    FREQUENCY_COLOURS,
    HATCH_COLOUR,
    HATCHED_TEXT_BACKGROUND,
    MIN_CONTRAST,
    READINESS_COLOURS,
    ROUND_COLOURS,
    SCORE_COLOUR,
    UNANSWERED_COLOUR,
    contrast_ratio,
    text_colour,
)

OKABE_ITO = [
    palette.ORANGE,
    palette.SKY_BLUE,
    palette.BLUISH_GREEN,
    palette.YELLOW,
    palette.BLUE,
    palette.VERMILLION,
    palette.REDDISH_PURPLE,
    palette.BLACK,
]


def test_contrast_ratios_are_wcags() -> None:
    """The WCAG 2 formula: black on white is 21:1, a colour on itself 1:1, order does not matter."""
    assert 21.0 == pytest.approx(contrast_ratio("#000000", "#FFFFFF"))
    assert 1.0 == pytest.approx(contrast_ratio(palette.BLUE, palette.BLUE))
    assert contrast_ratio("#777777", "#FFFFFF") == contrast_ratio("#FFFFFF", "#777777")
    assert 4.48 == pytest.approx(contrast_ratio("#777777", "#FFFFFF"), abs=0.01)  # WebAIM's value


@pytest.mark.parametrize(
    "background",
    sorted(
        {
            *OKABE_ITO,
            *FREQUENCY_COLOURS.values(),
            *READINESS_COLOURS.values(),
            *ROUND_COLOURS,
            SCORE_COLOUR,
            UNANSWERED_COLOUR,
            HATCHED_TEXT_BACKGROUND,
        }
    ),
)
def test_text_on_every_palette_colour_meets_wcag_aa(background: str) -> None:
    """Regression: white text was chosen on vermillion (3.8:1) and bluish green (3.4:1)."""
    assert contrast_ratio(text_colour(background), background) >= MIN_CONTRAST


def test_the_hatching_lines_are_visible_and_text_never_stands_on_them() -> None:
    """The hatch lines stand out from white (3:1 for graphics); text gets a plain patch."""
    assert contrast_ratio(HATCH_COLOUR, UNANSWERED_COLOUR) >= 3.0
    assert contrast_ratio(text_colour(HATCHED_TEXT_BACKGROUND), HATCHED_TEXT_BACKGROUND) >= (
        MIN_CONTRAST
    )


# -- every text drawn on a cell, as the pictures draw it ---------------------------------

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from coproduction.report import _draw_groups  # noqa: E402


def _pairs(ax: Axes) -> list[tuple[str, str, str]]:
    """(text, its colour, the colour right behind it) for every text written in the Axes."""
    found = []
    for text in ax.texts:
        x, y = text.get_position()
        box = text.get_bbox_patch()
        under = [
            p
            for p in ax.patches
            if isinstance(p, Rectangle)
            and p.get_x() <= x <= p.get_x() + p.get_width()
            and min(p.get_y(), p.get_y() + p.get_height())
            <= y
            <= max(p.get_y(), p.get_y() + p.get_height())
        ]
        if box is not None:
            background = to_hex(box.get_facecolor())
        elif under:
            assert not under[-1].get_hatch(), f"{text.get_text()!r} stands on hatching"
            background = to_hex(under[-1].get_facecolor())
        else:
            background = to_hex(ax.get_facecolor())
        found.append((text.get_text(), to_hex(text.get_color()), background))
    return found


def _settings() -> list[cp.ReadinessAssessment]:
    answers = ["yes", "partly", "no"]
    return [
        cp.ReadinessAssessment.from_labels(
            {
                q.id: answers[(i + k) % 3]
                for k, q in enumerate(cp.READINESS_CHECKER.questions)
                if (i + k) % 4
            },
            setting=f"s{i}",
        )
        for i in range(12)
    ]


def _pictures() -> list[Axes]:
    settings = _settings()
    across = cp.summarize_readiness(cp.ReadinessCohort.from_assessments(settings))
    few = cp.summarize_readiness(
        cp.ReadinessCohort.from_assessments(settings[:3]), disclosure=cp.DisclosureControl()
    )
    responses = [
        cp.EvaluationResponse.from_labels(
            {
                i: ("Not at all", "Sometimes", "All the time")[(n + k) % 3]
                for k, i in enumerate(cp.COPRODUCTION_EVALUATION.item_ids)
            }
        )
        for n in range(9)
    ]
    wards = cp.EvaluationCohort.from_array(
        [[2] * 23] * 20 + [[1] * 23] * 20 + [[0] * 23] * 3,
        groups={"ward": ["A"] * 20 + ["B"] * 20 + ["C"] * 3},
    )
    _, by_ward = cp.protect_summaries(
        [cp.summarize(wards, resamples=0), cp.summarize(wards, by="ward", resamples=0)],
        cp.DisclosureControl(),
    )
    groups = Figure().add_subplot()
    _draw_groups(groups, by_ward, list(by_ward.groups))
    return [
        groups,
        cp.plot.readiness_grid(settings[1], ax=Figure().add_subplot()),
        cp.plot.readiness_grid(across, ax=Figure().add_subplot()),
        cp.plot.readiness_grid(few, ax=Figure().add_subplot()),
        cp.plot.item_answers(responses, by="item", ax=Figure().add_subplot()),
    ]


def test_every_text_on_a_cell_in_the_pictures_meets_wcag_aa() -> None:
    """Report's groups, readiness grids (hatched, shaded cells), answer bars: all 4.5:1 or more."""
    pairs = [pair for ax in _pictures() for pair in _pairs(ax)]
    assert len(pairs) > 60
    backgrounds = {background for _, _, background in pairs}
    assert len(backgrounds) > 5  # shaded, coloured and plain cells were all checked
    low = [
        (text, colour, background, round(contrast_ratio(colour, background), 2))
        for text, colour, background in pairs
        if contrast_ratio(colour, background) < MIN_CONTRAST
    ]
    assert [] == low
