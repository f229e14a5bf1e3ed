"""The pictures: drawn with the Agg backend and checked for their content, not just drawn."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

from hypothesis import given, settings  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import coproduction as cp  # noqa: E402
from coproduction import plot  # noqa: E402
from coproduction._display.palette import FREQUENCY_COLOURS, READINESS_COLOURS  # noqa: E402
from strategies import evaluation_responses, readiness_assessments  # noqa: E402

EVALUATION = cp.COPRODUCTION_EVALUATION
CHECKER = cp.READINESS_CHECKER
F = cp.Frequency


def new_axes() -> Axes:
    """Axes on a figure outside pyplot, so tests leave no global state behind."""
    return Figure().add_subplot()


def texts(ax: Axes) -> list[str]:
    """Every text written on the Axes (annotations included), in drawing order."""
    return [t.get_text() for t in ax.texts]


def lines(ax: Axes) -> list[str]:
    """Every text written on the Axes, with wrapped lines joined by spaces."""
    return [t.replace("\n", " ") for t in texts(ax)]


def tick_labels(ax: Axes, axis: str = "y") -> list[str]:
    """Tick labels, with wrapped lines joined by spaces."""
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text().replace("\n", " ") for t in ticks]


def bars(ax: Axes) -> list[Rectangle]:
    """The bars drawn (rectangle patches of bar containers)."""
    return [bar for container in ax.containers for bar in container]


RESPONSE = cp.EvaluationResponse.from_labels(
    {
        "support_1": "All the time",
        "support_2": "Sometimes",
        "respect_1": "Not at all",
        "respect_2": "Not at all",
        "respect_3": "Sometimes",
    },
    respondent="R-7",
)


def test_the_domain_profile_has_one_bar_per_domain_in_the_booklets_order() -> None:
    """Five rows with the booklet's domain labels; bar lengths are the domains' percents."""
    ax = plot.domain_profile(RESPONSE, ax=new_axes())
    assert [d.label for d in cp.Domain] == tick_labels(ax)
    assert [75.0, pytest.approx(100 / 6), 0.0, 0.0, 0.0] == [b.get_width() for b in bars(ax)]
    written = lines(ax)
    assert "75% (2 of 4 answered)" == written[0]
    assert "17% (3 of 4 answered)" == written[1]
    assert "Not scored: 0 of 5 items answered; at least 3 needed" == written[2]
    assert "RRN Coproduction Evaluation: domain scores (R-7)" == ax.get_title()
    assert "the library's scoring convention" in ax.get_xlabel().replace("\n", " ")


@settings(max_examples=15)
@given(evaluation_responses())
def test_every_domain_is_labelled_with_its_score_or_why_it_has_none(
    response: cp.EvaluationResponse,
) -> None:
    """Each row says its percent and items answered, or "Not scored" and the reason."""
    score = cp.score_evaluation(response)
    ax = plot.domain_profile(score, ax=new_axes())
    for text, domain in zip(lines(ax), score.domains.values(), strict=True):
        if domain.percent is None:
            assert f"Not scored: {domain.reason}" == text
        else:
            assert text.startswith(f"{domain.percent:.0f}% ({domain.answered} of")


def test_a_plot_draws_on_the_axes_it_is_given_and_returns_it() -> None:
    """Given an Axes, every function draws there and returns that same Axes."""
    assessment = cp.ReadinessAssessment({})
    draws: list[Callable[[Axes], Axes]] = [
        lambda ax: plot.domain_profile(RESPONSE, ax=ax),
        lambda ax: plot.item_answers([RESPONSE], ax=ax),
        lambda ax: plot.readiness_grid(assessment, ax=ax),
        lambda ax: plot.change(RESPONSE, RESPONSE, ax=ax),
    ]
    for draw in draws:
        ax = new_axes()
        assert ax is draw(ax)


def test_without_axes_a_new_pyplot_figure_is_made_for_the_notebook() -> None:
    """With no Axes given, the picture gets a figure of its own from pyplot."""
    before = plt.get_fignums()
    ax = plot.domain_profile(RESPONSE)
    try:
        assert len(before) + 1 == len(plt.get_fignums())
        assert plt.gcf() is ax.figure
    finally:
        plt.close("all")


def _responses() -> list[cp.EvaluationResponse]:
    """Four support answers (1 Not at all, 1 Sometimes, 2 All the time) and 4 unanswered."""
    return [
        cp.EvaluationResponse.from_labels({"support_1": "Not at all", "support_2": "All the time"}),
        cp.EvaluationResponse.from_labels({"support_1": "Sometimes", "support_3": "All the time"}),
    ]


def test_item_answers_diverge_around_the_centre_of_sometimes() -> None:
    """Shares of the answers given: Not at all left, Sometimes straddling 0, All the time right.

    Unanswered items are counted in the label, not drawn as an answer.
    """
    ax = plot.item_answers(_responses(), ax=new_axes())
    support = bars(ax)[:3]
    assert [25.0, 25.0, 50.0] == [b.get_width() for b in support]
    assert [-37.5, -12.5, 12.5] == [b.get_x() for b in support]
    assert [FREQUENCY_COLOURS[f].lower() for f in F] == [
        mpl.colors.to_hex(b.get_facecolor()) for b in support
    ]
    labels = tick_labels(ax)
    assert "Support (4 answers, 4 not answered)" == labels[0]
    assert [d.label for d in cp.Domain] == [label.split(" (")[0] for label in labels]
    assert ["25%", "25%", "50%"] == texts(ax)[:3]
    assert 4 * ["No answers"] == texts(ax)[3:]
    assert [f.label for f in F] == [t.get_text() for t in ax.get_legend().get_texts()]  # type: ignore[union-attr]
    assert EVALUATION.stem in ax.get_title().replace("\n", " ")


def test_item_answers_by_item_have_one_row_per_statement() -> None:
    """By item: 23 rows with the statements (wrapped), three segments where answered."""
    ax = plot.item_answers(_responses(), by="item", ax=new_axes())
    labels = tick_labels(ax)
    assert 23 == len(labels)
    assert labels[0].startswith(EVALUATION.items[0].text)
    assert 3 * 3 == len(bars(ax))  # support_1, support_2 and support_3 have answers


def test_item_answers_refuse_an_unknown_grouping() -> None:
    """by= accepts "domain" or "item" only."""
    with pytest.raises(
        cp.ValidationError, match="by: expected 'domain' or 'item', got str 'person'"
    ):
        plot.item_answers(_responses(), by="person", ax=new_axes())  # type: ignore[arg-type]


@settings(max_examples=10)
@given(readiness_assessments())
def test_the_readiness_grid_is_seven_by_three_cells_each_saying_its_answer(
    assessment: cp.ReadinessAssessment,
) -> None:
    """21 cells row by row in the booklet's order, each coloured and labelled by its answer.

    Unanswered cells are white, hatched and say "Not answered".
    """
    ax = plot.readiness_grid(assessment, ax=new_axes())
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert 21 == len(cells)
    answers = list(assessment.answers.values())
    assert ["Not answered" if a is None else a.label for a in answers] == texts(ax)
    for cell, answer in zip(cells, answers, strict=True):
        colour = "#ffffff" if answer is None else READINESS_COLOURS[answer].lower()
        assert colour == mpl.colors.to_hex(cell.get_facecolor())
        assert (answer is None) == bool(cell.get_hatch())
    assert [a.label for a in CHECKER.activities] == tick_labels(ax)
    assert [d.label for d in CHECKER.dimensions] == tick_labels(ax, "x")
    assert ax.get_title().startswith("RRN Readiness Checker")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]  # type: ignore[union-attr]
    assert ["Yes", "Partly", "No", "Not answered"] == legend


def test_the_readiness_grid_keeps_the_booklets_order_whatever_the_answers() -> None:
    """Rows are never sorted by answers: "Yes" only in the last row still draws it last."""
    assessment = cp.ReadinessAssessment(
        dict.fromkeys([(cp.Activity.IN_CONTROL, d) for d in cp.Dimension], cp.ReadinessAnswer.YES),
        setting="Ward <B>",
    )
    ax = plot.readiness_grid(assessment, ax=new_axes())
    assert cp.Activity.IN_CONTROL.label == tick_labels(ax)[-1]
    assert ["Yes", "Yes", "Yes"] == texts(ax)[-3:]
    assert "RRN Readiness Checker: Ward <B>" == ax.get_title()


def test_change_between_rounds_writes_both_percents_per_domain() -> None:
    """One row per domain: a line from the earlier to the later percent, written out."""
    later = cp.EvaluationResponse.from_labels(
        {"support_1": "All the time", "support_2": "All the time", "trust_1": "Sometimes"}
    )
    ax = plot.change(RESPONSE, later, labels=("March", "June"), ax=new_axes())
    written = texts(ax)
    assert "75% to 100%" == written[0]
    assert "17% in March; not scored in June" == written[1].replace("\n", " ")
    assert "not scored in either round" == written[2]
    assert [d.label for d in cp.Domain] == tick_labels(ax)
    assert ["March", "June"] == [t.get_text() for t in ax.get_legend().get_texts()]  # type: ignore[union-attr]
    assert "RRN Coproduction Evaluation: change between rounds" == ax.get_title()


def test_change_in_readiness_is_by_activity_in_the_booklets_order() -> None:
    """Readiness rounds: one row per activity (booklet order), scores placed on 0 to 100."""
    earlier = cp.ReadinessAssessment.from_labels({"shared_obligation": "no"})
    later = cp.ReadinessAssessment.from_labels({"shared_obligation": "partly"})
    ax = plot.change(earlier, cp.score_readiness(later), ax=new_axes())
    assert [a.label for a in CHECKER.activities] == tick_labels(ax)
    assert "0% to 50%" == texts(ax)[5]
    assert 6 * ["not scored in either round"] == texts(ax)[:5] + texts(ax)[6:]


def test_change_refuses_rounds_of_different_instruments() -> None:
    """Comparing an evaluation with an assessment is refused, naming both."""
    with pytest.raises(cp.ValidationError, match="same instrument"):
        plot.change(RESPONSE, cp.ReadinessAssessment({}), ax=new_axes())
    with pytest.raises(cp.ValidationError, match="got str"):
        plot.change("R-1", RESPONSE, ax=new_axes())  # type: ignore[arg-type]


def test_text_from_the_caller_is_drawn_literally_not_as_mathematics() -> None:
    """A "$" in a setting id is drawn as a dollar sign, and control characters are dropped."""
    figure = Figure()
    plot.readiness_grid(cp.ReadinessAssessment({}, setting="Ward $A\x1b"), ax=figure.add_subplot())
    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    assert "RRN Readiness Checker: Ward $A<" in buffer.getvalue()


def test_a_cohort_profile_draws_mean_percents_with_intervals_and_says_what_is_suppressed() -> None:
    """Bars are mean percents with interval lines; a group of 1 to 7 people shows no figure."""
    responses = [*_responses() * 5, *[RESPONSE] * 3, *_responses() * 4]
    # Ward C (8, the next smallest) is withheld to protect B against the whole cohort.
    wards = ["A"] * 10 + ["B"] * 3 + ["C"] * 8
    cohort = cp.EvaluationCohort.from_responses(responses, groups={"ward": wards})
    # A threshold of 4 publishes ward A's Support counts (5 each), so its mean too: under
    # the default, a withheld count beside a skipped item withholds the mean.
    rule = cp.DisclosureControl(threshold=4)
    summary = cp.summarize(cohort, by="ward", disclosure=rule, resamples=50)
    ax = plot.domain_profile(summary, group=("A",), ax=new_axes())
    support = summary.measure(cp.Domain.SUPPORT, ("A",))
    assert isinstance(support.mean, float)
    percent = summary.conventions.percent(support.mean)
    assert [pytest.approx(percent)] == [b.get_width() for b in bars(ax)]
    assert lines(ax)[0].startswith(f"{percent:.0f}% (n = 10), interval ")
    assert 1 == len(ax.lines)  # the interval of the only domain scored
    assert ax.get_title().endswith("domain scores across responses (A)")
    small = plot.domain_profile(summary, group=("B",), ax=new_axes())
    assert not bars(small)
    # Even "no one has a score" is withheld for a suppressed group; small or withheld
    # to protect a small one, every figure gives the rule's one reason.
    assert [f"Suppressed: {rule.reason}"] * 5 == lines(small)


def test_the_readiness_grid_across_settings_writes_each_cells_shares() -> None:
    """Across settings: 21 cells, each with its shares of Yes, Partly, No and unanswered.

    Cells are shaded by the share of Yes (darker for more); suppressed shares read "*".
    """
    yes = cp.ReadinessAssessment(dict.fromkeys(CHECKER.cells, cp.ReadinessAnswer.YES))
    partly = cp.ReadinessAssessment.from_labels({"shared_obligation": "partly"})
    cohort = cp.ReadinessCohort.from_assessments([yes] * 10 + [partly] * 10)
    summary = cp.summarize_readiness(cohort)
    ax = plot.readiness_grid(summary, ax=new_axes())
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert 21 == len(cells)
    assert "Yes 50%\nPartly 0%\nNo 0%\nNot answered 50%" == texts(ax)[0]
    shared_obligation = 5 * 3
    assert "Yes 50%\nPartly 50%\nNo 0%\nNot answered 0%" == texts(ax)[shared_obligation]
    assert [a.label for a in CHECKER.activities] == tick_labels(ax)
    assert "RRN Readiness Checker: answers across 20 settings" == ax.get_title()
    suppressed = cp.summarize_readiness(
        cp.ReadinessCohort.from_assessments([yes] * 3), disclosure=cp.DisclosureControl()
    )
    small = plot.readiness_grid(suppressed, ax=new_axes())
    assert all("Yes *" in text for text in texts(small))
    assert all(cell.get_hatch() == "//" for cell in small.patches if isinstance(cell, Rectangle))
    assert small.get_title().endswith("settings (number suppressed)")


def test_item_answers_of_a_cohort_are_those_of_its_responses() -> None:
    """A cohort draws exactly the bars its responses draw."""
    responses = _responses()
    from_cohort = plot.item_answers(cp.EvaluationCohort.from_responses(responses), ax=new_axes())
    from_list = plot.item_answers(responses, ax=new_axes())
    assert [b.get_width() for b in bars(from_list)] == [b.get_width() for b in bars(from_cohort)]
    assert texts(from_list) == texts(from_cohort)


def _two_rounds(rows_before: int, rows_after: int) -> cp.EvaluationCohort:
    """A ward and a clinic, each with a 2025 round of all-0 answers and a 2026 round of all-2."""
    answers = [[0] * 23] * rows_before + [[2] * 23] * rows_after
    rounds = ["2025"] * rows_before + ["2026"] * rows_after
    return cp.EvaluationCohort.from_array(
        answers * 2,
        groups={
            "round": rounds * 2,
            "site": ["Ward"] * len(rounds) + ["Clinic"] * len(rounds),
        },
    )


def test_round_changes_are_bars_with_interval_lines_in_the_booklets_order() -> None:
    """One bar and one interval line per domain and overall, domains in the booklet's order."""
    cohort = _two_rounds(3, 3)
    change = cp.change_between_rounds(
        cohort, rounds="round", before="2025", after="2026", resamples=50
    )
    ax = plot.change(tuple(reversed(change)), labels=("2025", "2026"), ax=new_axes())
    assert [*(d.label for d in EVALUATION.domains), "Overall"] == tick_labels(ax)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert 6 == len(bars)
    assert all(2.0 == pytest.approx(bar.get_width()) for bar in bars)
    intervals = [line for line in ax.lines if line.get_gid() != "no-change"]
    assert 6 == len(intervals)
    heights = [[float(y) for y in line.get_ydata()] for line in intervals]  # type: ignore[arg-type,union-attr]
    assert [[float(y), float(y)] for y in range(6)] == heights
    assert "0.00 to 2.00 (+2.00); interval +2.00 to +2.00" == texts(ax)[0].replace("\n", " ")
    assert "RRN Coproduction Evaluation: change from 2025 to 2026" == ax.get_title()


def test_round_changes_by_group_keep_the_groups_and_say_what_is_withheld() -> None:
    """Per group rows; a suppressed difference has no bar, and its reason is written instead."""
    cohort = _two_rounds(3, 10)
    change = cp.change_between_rounds(
        cohort,
        rounds="round",
        before="2025",
        after="2026",
        by="site",
        resamples=20,
        disclosure=cp.DisclosureControl(),
    )
    ax = plot.change(change, ax=new_axes())
    labels = tick_labels(ax)
    assert 12 == len(labels)
    assert {"Ward: Support", "Clinic: Overall"} <= set(labels)
    assert 0 == len(ax.patches)
    assert all(t.replace("\n", " ").startswith("suppressed (") for t in texts(ax))


def test_round_changes_without_intervals_say_so() -> None:
    """With no resamples there is a bar but no interval line, and the row says why."""
    change = cp.change_between_rounds(
        _two_rounds(1, 2), rounds="round", before="2025", after="2026", resamples=0
    )
    ax = plot.change(change, ax=new_axes())
    assert 6 == len(ax.patches)
    assert [] == [line for line in ax.lines if line.get_gid() != "no-change"]
    assert "no interval" in texts(ax)[0]


def test_round_changes_come_alone() -> None:
    """Round changes already hold both rounds; a later round, or other rows, are refused."""
    change = cp.change_between_rounds(
        _two_rounds(2, 2), rounds="round", before="2025", after="2026", resamples=0
    )
    with pytest.raises(cp.ValidationError, match="no later round"):
        plot.change(change, RESPONSE, ax=new_axes())
    with pytest.raises(cp.ValidationError, match="got EvaluationResponse"):
        plot.change([RESPONSE], ax=new_axes())  # type: ignore[list-item]
    with pytest.raises(cp.ValidationError, match="give a later round"):
        plot.change(RESPONSE, ax=new_axes())


# -- every picture's text stays inside a PNG saved with a plain savefig ------------------


def _texts_outside(figure: Figure) -> list[str]:
    """Every visible text artist whose drawn extent leaves the figure (Agg renderer)."""
    from matplotlib.text import Text

    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = figure.bbox
    outside = []
    for artist in figure.findobj(Text):
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        box = artist.get_window_extent(renderer)
        if (
            box.x0 < frame.x0 - 0.5
            or box.y0 < frame.y0 - 0.5
            or box.x1 > frame.x1 + 0.5
            or box.y1 > frame.y1 + 0.5
        ):
            outside.append(artist.get_text())
    return outside


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plot.item_answers(_responses() * 4, by="item"),
        lambda: plot.item_answers(_responses() * 4, by="domain"),
        lambda: plot.domain_profile(RESPONSE),
        lambda: plot.domain_profile(
            cp.summarize(cp.EvaluationCohort.from_responses(_responses() * 4))
        ),
        lambda: plot.readiness_grid(cp.ReadinessAssessment({})),
        lambda: plot.change(RESPONSE, RESPONSE),
        lambda: plot.change(
            cp.change_between_rounds(
                _two_rounds(3, 3), rounds="round", before="2025", after="2026", resamples=20
            ),
            labels=("2025", "2026"),
        ),
    ],
    ids=["items", "domains", "profile", "cohort-profile", "grid", "two-rounds", "round-changes"],
)
def test_every_text_stays_inside_a_png_saved_with_plain_savefig(
    draw: Callable[[], Axes], tmp_path: Path
) -> None:
    """Regression: the title of the answers by item and the x label of round changes were cut.

    The figures the functions make themselves set their layout at creation, so a
    plain ``fig.savefig(path)`` (no ``bbox_inches``) keeps every text whole.
    """
    ax = draw()
    figure = ax.figure
    assert isinstance(figure, Figure)
    try:
        figure.savefig(tmp_path / "picture.png")
        assert [] == _texts_outside(figure)
    finally:
        plt.close(figure)


def test_the_reports_picture_of_groups_keeps_its_text_inside() -> None:
    """The report's groups side by side, drawn as the report draws it, with long names."""
    from coproduction.report import _draw_groups

    names = ["Alder ward, the long-stay unit", "Birch", "Cedar ward (acute admissions)"]
    cohort = cp.EvaluationCohort.from_array(
        [[2] * 23] * 10 + [[1] * 23] * 10 + [[0] * 23] * 10,
        groups={"ward": [n for n in names for _ in range(10)]},
    )
    summary = cp.summarize(cohort, by="ward", resamples=0)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = Figure(figsize=(8.0, 1.4 + 0.22 * 24), layout="constrained")
    FigureCanvasAgg(figure)
    _draw_groups(figure.add_subplot(), summary, list(summary.groups))
    figure.savefig(io.BytesIO(), format="png")
    assert [] == _texts_outside(figure)
