"""Pictures of answers and scores, with matplotlib (the optional extra ``coproduction[plot]``).

Every function draws on an existing :class:`matplotlib.axes.Axes` when given one
(``ax=``) and otherwise on a new figure from :mod:`matplotlib.pyplot`, so that a
notebook shows it; each returns the Axes it drew on (its figure is ``ax.figure``).

The pictures follow the same rules as the rest of the library:

* Colours come from the Okabe-Ito palette, which stays readable with colour-vision
  deficiency, and every bar or cell is also labelled in words or numbers.
* Titles and labels use the booklet's wording (instrument names, domain and
  activity labels, column headings).
* Activities are drawn in the booklet's order, top to bottom, never sorted by a
  score: the booklet says the activities are not a ladder.
* Unanswered items are shown as unanswered, never as "Not at all" or "No".
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, Literal, cast

from coproduction._checks import describe, elements, expect, kinds, option, refuse
from coproduction._cohorts import EvaluationCohort
from coproduction._disclosure import protect
from coproduction._display.html import NOT_ANSWERED
from coproduction._display.palette import (
    FREQUENCY_COLOURS,
    HATCH_COLOUR,
    HATCHED_TEXT_BACKGROUND,
    READINESS_COLOURS,
    ROUND_COLOURS,
    SCORE_COLOUR,
    UNANSWERED_COLOUR,
    text_colour,
)
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    DOMAIN_ITEM_IDS,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    EvaluationConventions,
    EvaluationScore,
    ReadinessConventions,
    ReadinessScore,
    score_evaluation,
    score_readiness,
)
from coproduction._summaries import RoundChange
from coproduction._summary_values import CohortSummary, ReadinessSummary
from coproduction._suppression import Count, DisclosureControl, Suppressed
from coproduction.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["change", "domain_profile", "item_answers", "readiness_grid"]

#: Shares below this are not written inside their bar segment (they would not fit);
#: the legend and the other labels still describe the bar.
_MIN_LABELLED_SHARE: Final = 6.0
_PERCENT_AXIS: Final = (
    f"Percent of the way from “{Frequency.NOT_AT_ALL.label}” to "
    f"“{Frequency.ALL_THE_TIME.label}” (the library's scoring convention)"
)


#: The plain patch under words written on a hatched cell.
_ON_HATCHING: Final = {"facecolor": HATCHED_TEXT_BACKGROUND, "edgecolor": "none", "pad": 1}


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """The given Axes (refused if it is not one), or one on a new pyplot figure."""
    try:
        from matplotlib import pyplot as plt
        from matplotlib.axes import Axes as AxesType
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = 'pictures need matplotlib: pip install "coproduction[plot]"'
        raise ImportError(msg) from error
    if ax is not None:
        kinds("picture", (ax, AxesType, "ax"))
        return ax
    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _plain(text: str) -> str:
    """Caller's text as matplotlib should draw it: literally, never as math, no controls."""
    shown = "".join(c for c in text if unicodedata.category(c) != "Cc")
    return shown.replace("$", r"\$")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _evaluation_score(
    value: EvaluationResponse | EvaluationScore,
    conventions: EvaluationConventions | None,
    where: str = "value",
) -> EvaluationScore:
    untrusted: object = value  # checked at run time, whatever the annotations say
    if isinstance(untrusted, EvaluationScore):
        return untrusted
    if isinstance(untrusted, EvaluationResponse):
        return score_evaluation(untrusted, conventions=conventions)
    msg = f"expected an EvaluationResponse or EvaluationScore, got {type(untrusted).__name__}"
    raise ValidationError("picture", [Problem(where, msg)])


def domain_profile(
    value: EvaluationResponse | EvaluationScore | CohortSummary,
    *,
    conventions: EvaluationConventions | None = None,
    group: tuple[str, ...] = (),
    ax: Axes | None = None,
) -> Axes:
    """Draw five domain scores as horizontal bars, in the booklet's order.

    For one response, each bar is the domain's percent (0 is "Not at all" on every
    answered item, 100 is "All the time"), written beside the bar with how many
    items were answered. For a cohort summary (:func:`~coproduction.summarize`),
    each bar is the mean percent of the people scored, with its bootstrap interval
    as a line, and written out with ``n``. A domain without a score, or whose
    figures were suppressed, has no bar and says why.

    Args:
        value: A response (scored here), its score, or a cohort summary.
        conventions: Scoring conventions for a response; ignored otherwise (scores
            and summaries record their own).
        group: For a summary made with ``by=``, the group to draw (its values, in
            order); the whole cohort by default.
        ax: Axes to draw on; a new figure when omitted.

    Returns:
        The Axes drawn on.

    Raises:
        UnknownItemError: ``group`` is not a group of the summary.

    .. versionadded:: 0.1.0
    """
    if isinstance(value, CohortSummary):
        return _cohort_profile(value, group, _axes(ax, (7.5, 3.5)))
    score = _evaluation_score(value, conventions)
    ax = _axes(ax, (7.5, 3.5))
    domains = list(score.domains.values())
    positions = list(range(len(domains)))
    widths = [0.0 if d.percent is None else d.percent for d in domains]
    ax.barh(positions, widths, color=SCORE_COLOUR, height=0.6)
    for position, domain in zip(positions, domains, strict=True):
        if domain.percent is None:
            text = f"Not scored: {domain.reason}"
        else:
            text = f"{domain.percent:.0f}% ({domain.answered} of {domain.items} answered)"
        _beside(ax, position, text)
    ax.set_yticks(positions, [d.domain.label for d in domains])
    ax.set_ylim(len(domains) - 0.5, -0.5)  # the booklet's order, top to bottom
    _percent_axis(ax)
    ax.set_xlabel(_wrap(_PERCENT_AXIS, 70))
    who = f" ({_plain(score.respondent)})" if score.respondent else ""
    ax.set_title(f"{COPRODUCTION_EVALUATION.name}: domain scores{who}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _cohort_profile(summary: CohortSummary, group: tuple[str, ...], ax: Axes) -> Axes:
    """The domain profile of a cohort summary: mean percents with their intervals."""
    measures = [summary.measure(domain, group) for domain in COPRODUCTION_EVALUATION.domains]
    for position, measure in enumerate(measures):
        mean = measure.mean
        if isinstance(mean, Suppressed):
            _beside(ax, position, f"Suppressed: {mean.reason}")
            continue
        if mean is None:
            _beside(ax, position, "Not scored: no one has a score")
            continue
        percent = summary.conventions.percent(mean)
        ax.barh(position, percent, color=SCORE_COLOUR, height=0.6)
        text = f"{percent:.0f}% (n = {measure.n})"
        if isinstance(measure.low, float) and isinstance(measure.high, float):
            low = summary.conventions.percent(measure.low)
            high = summary.conventions.percent(measure.high)
            ax.plot([low, high], [position, position], color="black", linewidth=1.5)
            text += f", interval {low:.0f}% to {high:.0f}%"
        _beside(ax, position, text)
    ax.set_yticks(range(len(measures)), [m.domain.label for m in measures if m.domain])
    ax.set_ylim(len(measures) - 0.5, -0.5)
    _percent_axis(ax)
    ax.set_xlabel(_wrap(_PERCENT_AXIS, 70))
    which = f" ({_plain(', '.join(group))})" if group else ""
    ax.set_title(f"{COPRODUCTION_EVALUATION.name}: domain scores across responses{which}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _beside(ax: Axes, position: float, text: str, *, width: int = 28) -> None:
    """A row's figures in words, to the right of the axes (which end at 100)."""
    ax.annotate(
        _wrap(text, width),
        (1.02, position),
        xycoords=("axes fraction", "data"),
        va="center",
        ha="left",
        fontsize=9,
    )


def _percent_axis(ax: Axes) -> None:
    """A percent axis that ends at 100, with ticks to match."""
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"])


def _answer_rows(by: Literal["domain", "item"]) -> list[tuple[str, tuple[str, ...]]]:
    """(label, item ids) for each row of the diverging bars, in the booklet's order."""
    if by == "domain":
        return [(domain.label, ids) for domain, ids in DOMAIN_ITEM_IDS.items()]
    return [(_wrap(item.text, 45), (item.id,)) for item in COPRODUCTION_EVALUATION.items]


def _published_bar(
    counts: list[int],
    missing: int,
    people: int,
    slots: int,
    disclosure: DisclosureControl | None,
) -> tuple[list[Count], Count, Count]:
    """One bar's answer counts, its unanswered and its answers given, as published.

    Under a rule the counts and the unanswered add up to ``slots`` (responses
    times statements), a relation protected by the same core as every summary.
    """
    if disclosure is None:
        return list(counts), missing, sum(counts)
    values = [*counts, missing, slots]
    relation = ((len(counts) + 1, -1), *((k, 1) for k in range(len(counts) + 1)))
    small = {k for k, v in enumerate(values[:-1]) if 1 <= v <= disclosure.threshold}
    start = set(range(len(values))) if 1 <= people <= disclosure.threshold else small
    hidden = protect(
        values,
        [relation],
        start,
        small=small,
        threshold=disclosure.threshold,
        fixed={len(counts) + 1},
    )

    def publish(k: int) -> Count:
        if k not in hidden:
            return disclosure.round(values[k])
        return Suppressed(disclosure.reason)

    shown = [publish(k) for k in range(len(counts))]
    shown_missing = publish(len(counts))
    given: Count = (
        shown_missing if isinstance(shown_missing, Suppressed) else disclosure.round(sum(counts))
    )
    return shown, shown_missing, given


def item_answers(
    responses: Iterable[EvaluationResponse] | EvaluationCohort,
    *,
    by: Literal["domain", "item"] = "domain",
    ax: Axes | None = None,
    disclosure: DisclosureControl | None = None,
) -> Axes:
    """Draw how often each answer was given, as diverging stacked bars (one per domain or item).

    The usual picture of answers on an ordered scale: "Not at all" extends to the
    left of the centre line, "All the time" to the right, and "Sometimes" straddles
    it. Each bar shows shares of the **answers given**; unanswered items are not
    part of the bar (missing is not "Not at all") and are counted in the row's label.

    Args:
        responses: The responses to pool, or a cohort. Each answer to each item
            counts once.
        by: ``"domain"`` for one bar per domain (its items pooled) or ``"item"``
            for one bar per statement.
        ax: Axes to draw on; a new figure when omitted.
        disclosure: A small-number rule, for a picture that is shared or
            published (``None``, the default, applies none). Each bar's counts
            (each answer's, and the unanswered) are published under the rule
            with complementary suppression within the bar (they add up to the
            responses times the statements): shares are drawn from the rounded
            counts, a suppressed answer is left out of its bar, and the label
            says "*". When the responses number 1 to ``threshold``, no bar is
            drawn. Bars are protected one by one: a bar per domain pools its
            statements, so do not publish it beside unrounded counts of the
            same statements.

    Returns:
        The Axes drawn on.

    Raises:
        ValidationError: ``by`` is not ``"domain"`` or ``"item"``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``disclosure``.
    """
    problems: list[Problem] = []
    option(by, Literal["domain", "item"], "by", problems)
    expect(disclosure, (DisclosureControl, type(None)), "disclosure", problems)
    if isinstance(responses, EvaluationCohort):
        pooled = list(responses.to_responses())
    else:
        pooled = elements(responses, EvaluationResponse, "responses", problems)
    refuse("picture", problems)
    rows = _answer_rows(by)
    ax = _axes(ax, (8.0, 3.5 if by == "domain" else 11.0))
    labels: list[str] = []
    for position, (label, item_ids) in enumerate(rows):
        answers = [r.answers[i] for r in pooled for i in item_ids]
        counts = [sum(a is f for a in answers) for f in Frequency]
        missing = len(answers) - sum(counts)
        shown, shown_missing, shown_given = _published_bar(
            counts, missing, len(pooled), len(answers), disclosure
        )
        labels.append(f"{label}\n({shown_given} answers, {shown_missing} {NOT_ANSWERED.lower()})")
        if not isinstance(shown_given, int) or not shown_given:
            text = "No answers" if shown_given == 0 else "Suppressed: small numbers"
            ax.text(0, position, text, ha="center", va="center", fontsize=9)
            continue
        total = shown_given
        shares = {
            f: 100.0 * c / total if isinstance(c, int) else 0.0
            for f, c in zip(Frequency, shown, strict=True)
        }
        if not isinstance(shown[list(Frequency).index(Frequency.SOMETIMES)], int):
            ax.text(0, position, "Suppressed: small numbers", ha="center", va="center", fontsize=9)
            continue
        middle = shares[Frequency.SOMETIMES]
        starts = {
            Frequency.NOT_AT_ALL: -middle / 2 - shares[Frequency.NOT_AT_ALL],
            Frequency.SOMETIMES: -middle / 2,
            Frequency.ALL_THE_TIME: middle / 2,
        }
        for frequency in Frequency:
            colour = FREQUENCY_COLOURS[frequency]
            ax.barh(
                position,
                shares[frequency],
                left=starts[frequency],
                color=colour,
                edgecolor="white",
                height=0.7,
                label=frequency.label if position == 0 else "_nolegend_",
            )
            if shares[frequency] >= _MIN_LABELLED_SHARE:
                ax.text(
                    starts[frequency] + shares[frequency] / 2,
                    position,
                    f"{shares[frequency]:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=text_colour(colour),
                )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-100, 100)
    ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
    ax.set_xlabel("Share of the answers given")
    # Wrapped to fit over the axes, which the statements' labels push right: a title
    # wider than that would be cut from a PNG saved with a plain savefig.
    ax.set_title(_wrap(f"{COPRODUCTION_EVALUATION.name}: “{COPRODUCTION_EVALUATION.stem}”", 48))
    # Build the legend from the scale, so that it is complete even if row 0 had no answers.
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(facecolor=FREQUENCY_COLOURS[f], label=f.label) for f in Frequency],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18 if by == "domain" else -0.05),
        ncols=3,
        frameon=False,
    )
    ax.spines[["top", "right", "left"]].set_visible(False)
    return ax


def readiness_grid(
    assessment: ReadinessAssessment | ReadinessSummary,
    *,
    group: tuple[str, ...] = (),
    ax: Axes | None = None,
) -> Axes:
    """Draw the Readiness Checker as the booklet's 7 x 3 grid: one setting, or many.

    Rows are the activities in the booklet's order (not a ranking), columns the
    three dimensions with the booklet's headings. For one assessment, each cell is
    coloured by its answer **and** says it in words; a question not answered is a
    white, hatched cell that says "Not answered". For a summary across settings
    (:func:`~coproduction.summarize_readiness`), each cell writes the share of
    settings answering Yes, Partly and No (and not answering), and is shaded by the
    share of Yes, darker for more; suppressed shares are written ``*``.

    Args:
        assessment: The setting's answers, or a summary across settings.
        group: For a summary made with ``by=``, the group to draw.
        ax: Axes to draw on; a new figure when omitted.

    Returns:
        The Axes drawn on. Its 21 cells are its :class:`~matplotlib.patches.Rectangle`
        patches, row by row.

    Raises:
        UnknownItemError: ``group`` is not a group of the summary.

    .. versionadded:: 0.1.0
    """
    from matplotlib.patches import Patch, Rectangle

    kinds("picture", (assessment, (ReadinessAssessment, ReadinessSummary), "assessment"))
    if isinstance(assessment, ReadinessSummary):
        return _shares_grid(assessment, group, _axes(ax, (8.5, 7.0)))
    ax = _axes(ax, (8.5, 6.0))
    activities = READINESS_CHECKER.activities
    dimensions = READINESS_CHECKER.dimensions
    for row, activity in enumerate(activities):
        for column, dimension in enumerate(dimensions):
            answer = assessment.answers[activity, dimension]
            colour = UNANSWERED_COLOUR if answer is None else READINESS_COLOURS[answer]
            ax.add_patch(
                Rectangle(
                    (column, row),
                    1,
                    1,
                    facecolor=colour,
                    edgecolor=HATCH_COLOUR,
                    hatch="//" if answer is None else None,
                    linewidth=1,
                )
            )
            ax.text(
                column + 0.5,
                row + 0.5,
                NOT_ANSWERED if answer is None else answer.label,
                ha="center",
                va="center",
                fontsize=9,
                color=text_colour(colour),
                bbox=_ON_HATCHING if answer is None else None,
            )
    where = f": {_plain(assessment.setting)}" if assessment.setting else ""
    _grid_axes(ax, f"{READINESS_CHECKER.name}{where}")
    legend = [Patch(facecolor=READINESS_COLOURS[a], label=a.label) for a in ReadinessAnswer]
    legend.append(
        Patch(facecolor=UNANSWERED_COLOUR, edgecolor=HATCH_COLOUR, hatch="//", label=NOT_ANSWERED)
    )
    ax.legend(
        handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=4, frameon=False
    )
    return ax


def _share(value: float | Suppressed | None) -> str:
    if isinstance(value, Suppressed):
        return "*"
    return "-" if value is None else f"{value:.0f}%"


def _grid_axes(ax: Axes, title: str) -> None:
    """Tick labels, limits and title shared by both readiness grids."""
    activities = READINESS_CHECKER.activities
    dimensions = READINESS_CHECKER.dimensions
    ax.set_xlim(0, len(dimensions))
    ax.set_ylim(len(activities), 0)  # the booklet's order, top to bottom
    ax.set_xticks(
        [c + 0.5 for c in range(len(dimensions))], [_wrap(d.label, 24) for d in dimensions]
    )
    ax.xaxis.tick_top()
    ax.set_yticks(
        [r + 0.5 for r in range(len(activities))], [_wrap(a.label, 30) for a in activities]
    )
    ax.tick_params(length=0)
    ax.set_title(title, pad=12)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _shares_grid(summary: ReadinessSummary, group: tuple[str, ...], ax: Axes) -> Axes:
    """The grid across settings: each cell's shares of answers, shaded by the share of Yes."""
    from matplotlib import colormaps
    from matplotlib.patches import Rectangle

    shades = colormaps["Blues"]
    for row, activity in enumerate(READINESS_CHECKER.activities):
        for column, dimension in enumerate(READINESS_CHECKER.dimensions):
            counts = summary.cell(activity, dimension, group)
            yes = counts.percents[ReadinessAnswer.YES]
            if isinstance(yes, float):
                colour = _mpl_colour(shades(0.1 + 0.8 * yes / 100))
                hatch = None
            else:
                colour, hatch = UNANSWERED_COLOUR, "//"
            ax.add_patch(
                Rectangle(
                    (column, row),
                    1,
                    1,
                    facecolor=colour,
                    edgecolor=HATCH_COLOUR,
                    hatch=hatch,
                    linewidth=1,
                )
            )
            lines = [f"{a.label} {_share(counts.percents[a])}" for a in ReadinessAnswer]
            lines.append(f"{NOT_ANSWERED} {_share(counts.unanswered_percent)}")
            ax.text(
                column + 0.5,
                row + 0.5,
                "\n".join(lines),
                ha="center",
                va="center",
                fontsize=8,
                color=text_colour(colour),
                # On the hatching, the words stand on a plain patch (contrast, WCAG AA).
                bbox=None if hatch is None else _ON_HATCHING,
            )
    which = f" ({_plain(', '.join(group))})" if group else ""
    total = summary.groups[group]
    settings = f"{total} settings" if isinstance(total, int) else "settings (number suppressed)"
    _grid_axes(ax, f"{READINESS_CHECKER.name}: answers across {settings}{which}")
    ax.set_xlabel("Shaded by the share answering Yes (darker: more)")
    return ax


def _mpl_colour(rgba: tuple[float, float, float, float]) -> str:
    """A matplotlib RGBA colour as #rrggbb."""
    from matplotlib.colors import to_hex

    return to_hex(rgba)


def _change_rows(
    value: EvaluationResponse | EvaluationScore | ReadinessAssessment | ReadinessScore,
    where: str,
) -> tuple[str, list[tuple[str, float | None]]]:
    """(instrument name, [(row label, percent or None)]) for one round."""
    untrusted: object = value  # checked at run time, whatever the annotations say
    if isinstance(untrusted, EvaluationResponse | EvaluationScore):
        score = _evaluation_score(untrusted, None, where)
        rows = [(d.domain.label, d.percent) for d in score.domains.values()]
        return COPRODUCTION_EVALUATION.name, rows
    if isinstance(untrusted, ReadinessAssessment | ReadinessScore):
        readiness = (
            untrusted if isinstance(untrusted, ReadinessScore) else score_readiness(untrusted)
        )
        return READINESS_CHECKER.name, [
            (a.label, None if s is None else _readiness_percent(s, readiness.conventions))
            for a, s in readiness.by_activity.items()
        ]
    msg = (
        "expected evaluation responses or scores, or readiness assessments or scores, "
        f"got {type(untrusted).__name__}"
    )
    raise ValidationError("picture", [Problem(where, msg)])


def _readiness_percent(score: float, conventions: ReadinessConventions) -> float:
    low = conventions.points[ReadinessAnswer.NO]
    high = conventions.points[ReadinessAnswer.YES]
    return (score - low) / (high - low) * 100.0


_Round = EvaluationResponse | EvaluationScore | ReadinessAssessment | ReadinessScore


def change(
    earlier: EvaluationResponse
    | EvaluationScore
    | ReadinessAssessment
    | ReadinessScore
    | Sequence[RoundChange],
    later: EvaluationResponse
    | EvaluationScore
    | ReadinessAssessment
    | ReadinessScore
    | None = None,
    *,
    labels: tuple[str, str] = ("Earlier round", "Later round"),
    ax: Axes | None = None,
) -> Axes:
    """Draw the change between two audit rounds: one row per domain or activity.

    Given two rounds (responses, assessments or scores), each row is a domain's
    percent for the Coproduction Evaluation, or an activity's score placed on 0 to
    100 for the Readiness Checker (0 is "No" to every answered question, 100 is
    "Yes"), in the booklet's order. Each row is written out ("40% to 60%"), and a
    row scored in only one round says so.

    Given the result of :func:`~coproduction.change_between_rounds` instead (and
    no ``later``), each row is a domain's change in mean, then the overall one, in
    the booklet's order of domains (and per group, in the order the groups come):
    a bar from 0 to the difference, in points, with a line across its bootstrap
    interval. Each row is written out with both means and the interval; a
    suppressed difference or a missing interval says so, and has no bar or line.

    Args:
        earlier: The first round (a response, assessment or score), or the
            :class:`~coproduction.RoundChange` rows of a cohort's two rounds.
        later: The second round, of the same instrument; omitted with round changes.
        labels: Names of the two rounds, for the legend (or the title, with round
            changes).
        ax: Axes to draw on; a new figure when omitted.

    Returns:
        The Axes drawn on.

    Raises:
        ValidationError: The rounds are not of the same instrument, or round changes come
            with a ``later`` round.

    >>> cohort = EvaluationCohort.from_array([[0] * 23, [1] * 23, [2] * 23, [1] * 23],
    ...     groups={"round": ["2025", "2025", "2026", "2026"]})
    >>> from coproduction import change_between_rounds
    >>> rounds = change_between_rounds(cohort, rounds="round", before="2025", after="2026",
    ...     resamples=50)
    >>> from matplotlib.figure import Figure
    >>> ax = change(rounds, labels=("2025", "2026"), ax=Figure().add_subplot())
    >>> [t.get_text() for t in ax.get_yticklabels()][-1], len(ax.patches)
    ('Overall', 6)

    .. versionadded:: 0.1.0
    """
    untrusted: object = earlier
    if isinstance(untrusted, Sequence) and not isinstance(untrusted, str):
        rows = list(untrusted)
        strangers = [type(r).__name__ for r in rows if not isinstance(r, RoundChange)]
        if strangers:
            msg = f"expected RoundChange rows from change_between_rounds, got {strangers[0]}"
            raise ValidationError("picture", [Problem("earlier", msg)])
        if later is not None:
            msg = "round changes already hold both rounds; give no later round with them"
            raise ValidationError("picture", [Problem("later", msg)])
        return _plot_round_changes(rows, labels, ax)
    if later is None and not isinstance(untrusted, _Round):  # neither rows nor a round
        msg = (
            "expected the RoundChange rows of change_between_rounds, or a response, "
            f"assessment or score with a later round, got {describe(untrusted)}"
        )
        raise ValidationError("picture", [Problem("earlier", msg)])
    if later is None:
        msg = "give a later round to compare with, or the result of change_between_rounds"
        raise ValidationError("picture", [Problem("later", msg)])
    return _plot_two_rounds(cast("_Round", earlier), later, labels, ax)


def _plot_two_rounds(
    earlier: _Round, later: _Round, labels: tuple[str, str], ax: Axes | None
) -> Axes:
    """Each domain's or activity's percent in two rounds, joined by a line."""
    name, before = _change_rows(earlier, "earlier")
    other, after = _change_rows(later, "later")
    if name != other:
        msg = f"both rounds must be of the same instrument, got the {name} and the {other}"
        raise ValidationError("picture", [Problem("later", msg)])
    ax = _axes(ax, (8.0, 3.5 if len(before) < 6 else 5.0))
    first_label, second_label = (_plain(label) for label in labels)
    for position, ((label, first), (_, second)) in enumerate(zip(before, after, strict=True)):
        if first is not None and second is not None:
            ax.plot([first, second], [position, position], color="#777777", linewidth=2)
            text = f"{first:.0f}% to {second:.0f}%"
        elif first is None and second is None:
            text = "not scored in either round"
        elif second is None:
            text = f"{first:.0f}% in {first_label}; not scored in {second_label}"
        else:
            text = f"not scored in {first_label}; {second:.0f}% in {second_label}"
        if first is not None:
            ax.plot(first, position, "o", color=ROUND_COLOURS[0], markersize=8)
        if second is not None:
            ax.plot(second, position, "s", color=ROUND_COLOURS[1], markersize=8)
        _beside(ax, position, text, width=32)
        del label
    ax.set_yticks(range(len(before)), [_wrap(label, 30) for label, _ in before], fontsize=9)
    ax.set_ylim(len(before) - 0.5, -0.5)
    ax.set_xlim(-2, 102)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Score on 0 to 100 (the library's scoring convention)")
    ax.set_title(f"{name}: change between rounds")
    from matplotlib.lines import Line2D

    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="", color=ROUND_COLOURS[0], label=first_label),
            Line2D([], [], marker="s", linestyle="", color=ROUND_COLOURS[1], label=second_label),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=2,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "\u2212")


def _round_change_text(row: RoundChange) -> tuple[float | None, tuple[float, float] | None, str]:
    """(difference to draw, interval to draw, words) for one row of round changes."""
    withheld = [
        v for v in (row.difference, row.mean_before, row.mean_after) if isinstance(v, Suppressed)
    ]
    if withheld:
        return None, None, f"suppressed ({withheld[0].reason})"
    before, after, difference = row.mean_before, row.mean_after, row.difference
    if not isinstance(difference, float) or before is None or after is None:
        return None, None, "not scored in both rounds"
    means = f"{before:.2f} to {after:.2f} ({_signed(difference)})"
    low, high = row.low, row.high
    if isinstance(low, float) and isinstance(high, float):
        return difference, (low, high), f"{means}; interval {_signed(low)} to {_signed(high)}"
    return difference, None, f"{means}; no interval (none asked for, or a round has fewer than 2)"


def _plot_round_changes(rows: list[RoundChange], labels: tuple[str, str], ax: Axes | None) -> Axes:
    """Bars of each domain's change in mean, with their intervals, in the booklet's order."""
    domains: list[object] = [*COPRODUCTION_EVALUATION.domains, None]
    groups = list(dict.fromkeys(row.group for row in rows))
    ordered = sorted(rows, key=lambda r: (groups.index(r.group), domains.index(r.domain)))
    ax = _axes(ax, (8.0, 1.0 + 0.45 * max(len(ordered), 1)))
    ticks: list[str] = []
    for position, row in enumerate(ordered):
        name = "Overall" if row.domain is None else row.domain.label
        ticks.append(f"{_plain(', '.join(row.group))}: {name}" if row.group else name)
        difference, interval, text = _round_change_text(row)
        if difference is not None:
            ax.barh(position, difference, height=0.6, color=SCORE_COLOUR, label="_difference")
        if interval is not None:
            ax.plot(list(interval), [position, position], color="#000000", linewidth=1.5)
        ax.annotate(
            _wrap(text, 36),
            (1.02, position),
            xycoords=("axes fraction", "data"),
            va="center",
            ha="left",
            fontsize=9,
        )
    ax.axvline(0, color="#777777", linewidth=1, gid="no-change")
    ax.set_yticks(range(len(ordered)), [_wrap(t, 30) for t in ticks], fontsize=9)
    ax.set_ylim(len(ordered) - 0.5, -0.5)
    ax.set_xlabel(  # wrapped: one line would be wider than the axes and be cut from a PNG
        _wrap(
            "Change in mean, in points (bar), with its bootstrap interval (line); "
            "the library's scoring convention",
            56,
        )
    )
    first, second = (_plain(label) for label in labels)
    ax.set_title(f"{COPRODUCTION_EVALUATION.name}: change from {first} to {second}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
