"""The audit report: one self-contained HTML file for a service board.

The file needs nothing but a browser: pictures are inline SVG, styles are inline,
there are no scripts, and a Content-Security-Policy forbids loading anything from
anywhere. Every piece of text is escaped. Individual answers never appear: the
Coproduction Evaluation is summarised across responses, with small numbers
suppressed by default (:class:`~coproduction.DisclosureControl`).

:func:`render_form` gives the blank instruments as printable forms.

>>> from coproduction import report
>>> report.render_form("evaluation", "markdown").splitlines()[0]
'# RRN Coproduction Evaluation'

.. versionadded:: 0.2.0
   The module (the functions were ``render_report``, ``write_report`` and
   ``render_form`` at the top level).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from coproduction import _booklet as b
from coproduction._atomic import atomic_output
from coproduction._checks import elements, expect, kinds, whole
from coproduction._cohort_warnings import WarningTally, cohort_warnings, flags_by_reason
from coproduction._cohorts import LEVEL_GROUPING, EvaluationCohort, ReadinessCohort, group_order_key
from coproduction._display.forms import render_form
from coproduction._display.html import escape_html as _e
from coproduction._display.html import (
    list_cell,
    readiness_grid,
    render_html,
    source_note,
)
from coproduction._gaps import readiness_gaps
from coproduction._gaps.common import CHOICE_NOTE
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Domain,
    Frequency,
    ReadinessAnswer,
)
from coproduction._provenance import describe_rules
from coproduction._publication import protect_summaries
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    CONVENTION_NOTE,
    EvaluationConventions,
    ReadinessConventions,
    ReadinessScore,
    score_readiness,
)
from coproduction._summaries import SummaryAccumulator, summarize_readiness
from coproduction._summary_values import (
    CohortSummary,
    Group,
    MeasureSummary,
    ReadinessCounts,
    ReadinessSummary,
)
from coproduction._suppression import (
    DISCLOSURE_SOURCE,
    DisclosureControl,
    Statistic,
    Suppressed,
)
from coproduction._warnings import (
    DEFAULT_RULES,
    REFLECTION_NOTE,
    AnyFlag,
    Flag,
    ItemRule,
    WarningRules,
    power_over_report,
)
from coproduction.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["render", "render_form", "write"]

#: The domains in the booklet's order, then the overall score.
_MEASURES: Final[tuple[Domain | None, ...]] = (*COPRODUCTION_EVALUATION.domains, None)
#: Audit outputs suppress small numbers by default (NHS Digital's rule).
_DEFAULT_DISCLOSURE: Final = DisclosureControl()

_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE: Final = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #111; line-height: 1.45; }
h1, h2, h3 { line-height: 1.2; }
table.coproduction { border-collapse: collapse; margin: 1rem 0; }
table.coproduction caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
table.coproduction th, table.coproduction td { border: 1px solid #999;
       padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
table.coproduction thead th { background: #eee; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
.coproduction-note, .coproduction-source { font-size: 0.9rem; color: #333; }
"""


def _svg(draw: Callable[[Axes], object], size: tuple[float, float], caption: str) -> str:
    """Draw on a fresh figure (no pyplot state) and return it as an inline SVG figure."""
    try:
        import matplotlib as mpl
        from matplotlib.figure import Figure
    except ImportError:
        return (
            '<p class="coproduction-note">A picture would be here: pictures need matplotlib '
            '(pip install "coproduction[plot]"). The table gives the same figures.</p>'
        )
    buffer = io.StringIO()
    with (
        mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "coproduction"}),
        warnings.catch_warnings(),
    ):
        # Text stays text in the SVG, drawn by the browser with its own fonts, so a
        # character missing from matplotlib's font only affects layout.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        figure: Figure = Figure(figsize=size, layout="constrained")
        draw(figure.add_subplot())
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_e(caption)}" ', 1)
    return f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"


def _shown(value: object, percent: bool = False) -> str:
    """A published figure in words: suppressed values say so, missing ones are a dash."""
    if isinstance(value, Suppressed):
        return f"* (suppressed: {value.reason})"
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}%" if percent else f"{value:.2f}"
    return str(value)


class _Marks:
    """One table's suppressed cells: each shows ``*``; the reasons go in one footnote."""

    def __init__(self) -> None:
        self.reasons: dict[str, None] = {}

    def shown(self, value: object, percent: bool = False) -> str:
        """A cell's text: ``*`` for a suppressed figure (its reason kept for the footnote)."""
        if isinstance(value, Suppressed):
            self.reasons[value.reason] = None
            return "*"
        return _shown(value, percent)

    def percent(self, value: float | Suppressed | None, summary: CohortSummary) -> str:
        """A mean or median on the 0-2 scale, as a percent."""
        if isinstance(value, float):
            return _shown(summary.conventions.percent(value), percent=True)
        return self.shown(value)

    def footnote(self) -> str:
        """The table's one footnote, or nothing when no cell was suppressed."""
        if not self.reasons:
            return ""
        why = "; ".join(sorted(self.reasons))  # one, under one rule: small or complement alike
        return (
            f'<p class="coproduction-note coproduction-footnote">* Suppressed, so that no one '
            f"can be identified: {_e(why)}. See “Small numbers” below.</p>"
        )


def _row(header: str, cells: Iterable[str], *, lists: Iterable[Iterable[str]] = ()) -> str:
    """A row: its header, its cells, then cells holding lists (one item a line)."""
    data = "".join(f"<td>{_e(c)}</td>" for c in cells) + "".join(map(list_cell, lists))
    return f'<tr><th scope="row">{_e(header)}</th>{data}</tr>'


def _table(caption: str, head: Sequence[str], rows: Iterable[str]) -> str:
    header = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    return (
        f'<table class="coproduction"><caption>{_e(caption)}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _interval(m: MeasureSummary, summary: CohortSummary, marks: _Marks) -> str:
    """A measure's interval as "low to high" in percent; ``*`` when withheld."""
    if isinstance(m.low, float) and isinstance(m.high, float):
        return f"{marks.percent(m.low, summary)} to {marks.percent(m.high, summary)}"
    return marks.shown(m.low if isinstance(m.low, Suppressed) else None)


def _as_printed(summary: CohortSummary) -> CohortSummary:
    """The summary with each mean, median and interval end at the precision printed.

    A picture's geometry carries every digit of what it draws (an SVG path's
    coordinates), so it draws the whole percents the tables print, never the
    unrounded means: those would be extra figures for a reader to solve with.
    """
    conventions = summary.conventions
    span = conventions.highest - conventions.lowest

    def printed(value: Statistic) -> Statistic:
        if not isinstance(value, float):
            return value
        return conventions.lowest + round(conventions.percent(value)) / 100.0 * span

    return attrs.evolve(
        summary,
        measures=tuple(
            attrs.evolve(
                m,
                mean=printed(m.mean),
                median=printed(m.median),
                low=printed(m.low),
                high=printed(m.high),
            )
            for m in summary.measures
        ),
    )


def _evaluation_section(summary: CohortSummary) -> str:
    from coproduction.plot import domain_profile

    name = COPRODUCTION_EVALUATION.name
    parts = [f"<h2>{_e(name)}</h2>"]
    total = summary.groups[()]
    parts.append(
        f"<p>Responses: {_e(_shown(total))}. {_e(COPRODUCTION_EVALUATION.respondents)}</p>"
    )
    marks = _Marks()
    rows = []
    for domain in _MEASURES:
        m = summary.measure(domain)
        rows.append(
            _row(
                _measure_label(domain),
                [
                    marks.shown(m.n),
                    marks.percent(m.mean, summary),
                    marks.percent(m.median, summary),
                    _interval(m, summary, marks),
                ],
            )
        )
    confidence = f"{summary.confidence:.0%}"
    parts.append(
        _table(
            f"{name}: domain scores across responses",
            [
                "Domain",
                "Responses scored",
                "Mean percent",
                "Median percent",
                f"{confidence} interval",
            ],
            rows,
        )
    )
    parts.append(marks.footnote())
    parts.append(
        f'<p class="coproduction-note">Intervals are bootstrap intervals of the mean '
        f"({summary.resamples} resamples, seed {summary.seed}). {_e(CONVENTION_NOTE)}</p>"
    )
    parts.append(
        _svg(
            lambda ax: domain_profile(_as_printed(summary), ax=ax),
            (8.0, 3.8),
            f"{name}: mean domain scores across responses, with their intervals",
        )
    )
    counts = _Marks()
    item_rows = []
    for item in COPRODUCTION_EVALUATION.items:
        answers = summary.item(item.id)
        item_rows.append(
            _row(
                item.text,
                [
                    item.domain.label,
                    *(counts.shown(answers.counts[f]) for f in Frequency),
                    counts.shown(answers.unanswered),
                ],
            )
        )
    parts.append(
        _table(
            f"{name}: how many gave each answer — {COPRODUCTION_EVALUATION.stem}",
            ["Statement", "Domain", *(f.label for f in Frequency), "Not answered"],
            item_rows,
        )
    )
    parts.append(counts.footnote())
    return "".join(parts)


def _measure_label(domain: Domain | None) -> str:
    return "Overall (mean of the domain means)" if domain is None else domain.label


def _group_order(by: Sequence[str], groups: Iterable[Group]) -> list[Group]:
    """Groups in their natural order, never by a score: by name, levels in the booklet's order."""
    return sorted(groups, key=lambda group: group_order_key(by, group))


def _group_name(group: Group) -> str:
    return ", ".join(str(v) for v in group)


def _group_cell(m: MeasureSummary, summary: CohortSummary, marks: _Marks) -> str:
    """One group's figure for a domain: mean percent, interval and n; ``*`` when withheld."""
    if isinstance(m.mean, Suppressed) or isinstance(m.n, Suppressed):
        marks.shown(m.mean if isinstance(m.mean, Suppressed) else m.n)
        return "*"
    if m.mean is None:
        return f"- (n = {m.n})"
    interval = f" ({_interval(m, summary, marks)})" if isinstance(m.low, float) else ""
    return f"{marks.percent(m.mean, summary)}{interval}, n = {marks.shown(m.n)}"


def _draw_groups(ax: Axes, summary: CohortSummary, groups: Sequence[Group]) -> None:
    """Each group's mean percent per domain, side by side, in the booklet's domain order."""
    from coproduction._display.palette import SCORE_COLOUR, text_colour

    labels: list[str] = []
    ticks: list[int] = []
    position = 0
    for domain in _MEASURES:
        for group in groups:
            m = summary.measure(domain, group)
            labels.append(f"{_measure_label(domain)}: {_group_name(group)}")
            ticks.append(position)
            if isinstance(m.mean, float):
                percent = float(round(summary.conventions.percent(m.mean)))  # as printed
                ax.barh(position, percent, color=SCORE_COLOUR, height=0.7)
                inside = percent > 80  # the words go inside a long bar, in a readable colour
                ax.text(
                    percent - 1 if inside else percent + 1,
                    position,
                    f"{percent:.0f}%",
                    ha="right" if inside else "left",
                    va="center",
                    fontsize=8,
                    color=text_colour(SCORE_COLOUR) if inside else "#000000",
                )
            else:
                words = "* suppressed" if isinstance(m.mean, Suppressed) else "no one scored"
                ax.text(1, position, words, va="center", ha="left", fontsize=8)
            position += 1
        position += 1  # a gap between domains
    ax.set_yticks(ticks, [_wrap_label(t) for t in labels], fontsize=8)
    ax.set_ylim(position - 1.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Mean percent (the scale stated under “Scale” above)")
    ax.spines[["top", "right"]].set_visible(False)


def _wrap_label(text: str) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, 40)) or text


def _group_section(summary: CohortSummary, whole: CohortSummary) -> str:
    """One grouping's section: the groups side by side in one table and one picture."""
    name = COPRODUCTION_EVALUATION.name
    by = " and ".join(summary.by)
    groups = _group_order(summary.by, summary.groups)
    parts = [f"<h2>{_e(name)} by {_e(by)}</h2>"]
    order = (
        "the booklet's order of the levels (individual, group, systemic, then not "
        "recorded)" + (", other values by name" if len(summary.by) > 1 else "")
        if LEVEL_GROUPING in summary.by
        else "their order by name"
    )
    if LEVEL_GROUPING in summary.by:
        parts.append(
            f"<p>“{_e(b.LEVELS_INTRODUCTION)}” {_e(b.LEVEL_INDIVIDUAL)}, {_e(b.LEVEL_GROUP)}, "
            f"{_e(b.LEVEL_SYSTEMIC)}. “{_e(b.MUTUALITY_AT_EVERY_LEVEL)}” (the booklet)</p>"
        )
    parts.append(
        f"<p>The groups are side by side in {_e(order)}, never ranked; the "
        "domains in the booklet's order. Small numbers are suppressed as in the rest of "
        "this report, together with the whole service's figures, so that no group's "
        "figures can be worked out from the others.</p>"
    )
    marks = _Marks()
    rows = [
        _row(
            "Responses",
            [marks.shown(whole.groups[()]), *(marks.shown(summary.groups[g]) for g in groups)],
        )
    ]
    rows.extend(
        _row(
            _measure_label(domain),
            [
                _group_cell(whole.measure(domain), whole, marks),
                *(_group_cell(summary.measure(domain, g), summary, marks) for g in groups),
            ],
        )
        for domain in _MEASURES
    )
    parts.append(
        _table(
            f"{name} by {by}: mean percent ({summary.confidence:.0%} interval), responses scored",
            ["Domain", "Whole service", *(_group_name(g) for g in groups)],
            rows,
        )
    )
    parts.append(marks.footnote())
    bars = len(_MEASURES) * (len(groups) + 1)
    parts.append(
        _svg(
            lambda ax: _draw_groups(ax, summary, groups),
            (8.0, 1.4 + 0.22 * bars),
            f"{name} by {by}: mean percent per domain, the groups side by side",
        )
    )
    return "".join(parts)


#: The flags read from a setting's Readiness Checker assessment alone, not from a
#: response: one outcome per setting, so they are counted per setting.
_SETTING_FLAGS: Final = (Flag.COMMITMENT_ON_PAPER,)


def _withheld_flags(rules: WarningRules, published: CohortSummary) -> frozenset[AnyFlag]:
    """The flags whose counts are withheld beside the item table: decided from what it shows.

    A warning's counts (responses raising it, and not assessed) are withheld
    whenever any answer count of any item its rule reads (its low items, and its
    high items when it needs some) is withheld in the same group, the whole
    service here. A warning reading one item counts some of that item's answers;
    one reading several items may count them too (when the others are answered
    alike by everyone), and asking which is the case would read the unpublished
    counts, so that a withheld warning would hint at them. The decision reads only
    which published cells are ``*``; raised and not assessed are withheld together,
    so neither is left alone beside the other.
    """
    withheld: set[AnyFlag] = set()
    for flag in rules.enabled:
        rule = rules.rule(flag)
        if not isinstance(rule, ItemRule):
            continue
        read = (*rule.low_items, *(rule.high_items if rule.min_high else ()))
        for item_id in read:
            answers = published.item(item_id)
            if any(
                isinstance(n, Suppressed) for n in (*answers.counts.values(), answers.unanswered)
            ):
                withheld.add(flag)
                break
    return frozenset(withheld)


def _warnings_section(
    tally: WarningTally,
    disclosure: DisclosureControl | None,
    settings: Sequence[ReadinessAssessment],
    withheld: frozenset[AnyFlag] = frozenset(),
) -> str:
    marks = _Marks()
    head = [
        "What it suggests",
        "The booklet",
        "The booklet's reasons it may reflect (the library's reading)",
        "To reflect on, from the booklet (the library's reading)",
    ]

    def published(n: int, flag: AnyFlag) -> str:
        if disclosure is not None and flag in withheld:
            return marks.shown(Suppressed(disclosure.reason))
        return marks.shown(n if disclosure is None else disclosure.count(n))

    def guidance(flag: AnyFlag) -> list[list[str]]:
        return [[r.label for r in flag.reasons], [str(p) for p in flag.prompts]]

    def row(flag: AnyFlag) -> str:
        switched_off = flag in tally.disabled
        return _row(
            flag.title,
            [
                "switched off" if switched_off else published(tally.raised[flag], flag),
                "switched off" if switched_off else published(tally.not_assessed[flag], flag),
                flag.explanation,
                flag.passage,
            ],
            lists=guidance(flag),
        )

    # Grouped by the booklet's reasons (the grouping of WarningTally.by_reason), every
    # flag under each reason it names, switched off or raised by no one included.
    per_response = [f for f in tally.rules.flags if f not in _SETTING_FLAGS]
    by_reason = []
    for reason, flags in flags_by_reason(per_response).items():
        marks = _Marks()
        by_reason.append(
            _table(
                f"Warnings across responses that may reflect “{reason.label}” "
                "(the library's reading): prompts for reflection, not findings",
                ["Warning", "Responses raising it", "Not assessed", *head],
                [row(flag) for flag in flags],
            )
            + marks.footnote()
        )
    setting_rows = []
    for flag in _SETTING_FLAGS:
        if flag in tally.disabled:
            cells = ["switched off"] * 2
        else:
            outcomes = [
                power_over_report(EvaluationResponse({}), assessment=a, rules=tally.rules)
                for a in settings
            ]
            raised = sum(any(w.flag is flag for w in o.warnings) for o in outcomes)
            unknown = sum(any(n.flag is flag for n in o.not_assessed) for o in outcomes)
            cells = [f"{raised} of {len(settings)}", f"{unknown} of {len(settings)}"]
        setting_rows.append(
            _row(flag.title, [*cells, flag.explanation, flag.passage], lists=guidance(flag))
        )
    if settings:
        assessed = (
            f"{len(settings)} setting{'s' if len(settings) != 1 else ''}' Readiness Checker "
            "assessment" + ("s were" if len(settings) != 1 else " was") + " given."
        )
    else:
        assessed = "No Readiness Checker assessment was given, so no setting was assessed."
    return "".join(
        [
            "<h2>Possible signs of “power over”</h2>",
            (
                "<p>How many responses raised each of the library's warnings. "
                f"{_e(REFLECTION_NOTE)} Missing answers never raise a warning: those "
                "responses are counted as not assessed.</p>"
            ),
            (
                f"<p>“{_e(b.REAL_CONTROL)}” The warnings are grouped by the "
                "booklet's four reasons, in its order; a warning is shown under each "
                "reason it may reflect. Which reasons go with which warning is the "
                "library's reading, not the booklet's.</p>"
            ),
            *by_reason,
            (
                "<p>Warnings about a setting are read from its Readiness Checker "
                "assessment, not from the responses, so they are counted once per "
                f"setting, not once per response. {_e(assessed)} The number of settings "
                "describes services, not people, and is not suppressed.</p>"
            ),
            _table(
                "Warnings about a setting: prompts for reflection, not findings",
                ["Warning", "Settings raising it", "Settings not assessed", *head],
                setting_rows,
            ),
            (
                '<p class="coproduction-note">The warning rules: '
                f"{_e(describe_rules(tally.rules))}. "
                "They are a reading of the booklet (the library's, or a custom flag's "
                "authors'), not the booklet's own.</p>"
            ),
        ]
    )


def _readiness_section(assessment: ReadinessAssessment, conventions: ReadinessConventions) -> str:
    from coproduction.plot import readiness_grid as plot_grid

    where = f": {assessment.setting}" if assessment.setting else ""
    when = f" ({assessment.date.isoformat()})" if assessment.date else ""
    return "".join(
        [
            f"<h2>{_e(READINESS_CHECKER.name)}{_e(where)}{_e(when)}</h2>",
            f"<p>{_e(READINESS_CHECKER.introduction)}</p>",
            _svg(
                lambda ax: plot_grid(assessment, ax=ax),
                (8.5, 6.2),
                f"{READINESS_CHECKER.name}: the answers, activity by dimension",
            ),
            readiness_grid(assessment.answers, f"{READINESS_CHECKER.name}: answers{where}"),
            f"<p>{_e(b.NON_HIERARCHICAL)}</p>",
            _readiness_scores(score_readiness(assessment, conventions=conventions), where),
        ]
    )


def _readiness_gaps_section(assessment: ReadinessAssessment) -> str:
    """The setting's readiness gaps, each with the leaders' actions beside it (docs/gaps.md)."""
    gaps = readiness_gaps(assessment)
    head = "<h3>Readiness gaps and things leaders can do</h3>"
    if not gaps:
        return f"{head}<p>No answered question is “Partly” or “No”, so there is no gap.</p>"
    rows = [
        _row(
            gap.activity.label,
            [
                gap.pattern.label,
                "; ".join(f"{d.about}: {a.label}" for d, a in gap.cells.items()),
            ],
            lists=[[str(p) for p in gap.prompts]],
        )
        for gap in gaps
    ]
    return "".join(
        [
            head,
            _table(
                f"{READINESS_CHECKER.name}: gaps, in the booklet's order of activities",
                [
                    "Activity",
                    "Pattern",
                    "Not yet in place",
                    f"{b.SECTION_LEADERS} (the library's reading)",
                ],
                rows,
            ),
            (
                '<p class="coproduction-note">Which pattern a gap makes, and which of the '
                "booklet's actions go with it, are the coproduction library's reading "
                "(its gap analysis), not the booklet's own. "
                f"{_e(CHOICE_NOTE)}</p>"
            ),
        ]
    )


def _readiness_scores(score: ReadinessScore, where: str) -> str:
    """The setting's scores as percents, the report's one scale (0 is "No", 100 is "Yes")."""
    low = score.conventions.points[ReadinessAnswer.NO]
    high = score.conventions.points[ReadinessAnswer.YES]

    def percent(value: float | None) -> str:
        if value is None:
            return "Not scored (no question answered)"
        return f"{(value - low) / (high - low) * 100:.0f}%"

    name = READINESS_CHECKER.name
    total = len(READINESS_CHECKER.activities) * len(READINESS_CHECKER.dimensions)
    return "".join(
        [
            _table(
                f"{name}: scores by activity, percent{where}",
                ["Activity", "Score (percent)"],
                (_row(a.label, [percent(v)]) for a, v in score.by_activity.items()),
            ),
            _table(
                f"{name}: scores by dimension, percent{where}",
                ["Dimension", "Score (percent)"],
                [
                    *(_row(d.label, [percent(v)]) for d, v in score.by_dimension.items()),
                    _row("Overall", [percent(score.overall)]),
                ],
            ),
            (
                f'<p class="coproduction-note">{total - len(score.unanswered)} of {total} '
                f"questions answered. 0 is “{_e(ReadinessAnswer.NO.label)}” to every answered "
                f"question and 100 is “{_e(ReadinessAnswer.YES.label)}”. Activities are in "
                f"the booklet's order, which is not a ranking. {_e(CONVENTION_NOTE)}</p>"
            ),
        ]
    )


def _shares(row: ReadinessCounts, marks: _Marks) -> str:
    """One cell's shares in words: Yes, Partly, No and not answered, suppressed ones marked."""
    shares = [
        f"{answer.label} {marks.shown(row.percents[answer], percent=True)}"
        for answer in (ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO)
    ]
    shares.append(f"not answered {marks.shown(row.unanswered_percent, percent=True)}")
    return "; ".join(shares)


def _settings_section(summary: ReadinessSummary) -> str:
    """The shares of settings answering each question: a grid picture and its table."""
    from coproduction.plot import readiness_grid as plot_grid

    name = READINESS_CHECKER.name
    marks = _Marks()
    rows = [
        _row(
            activity.label,
            [
                _shares(summary.cell(activity, dimension), marks)
                for dimension in READINESS_CHECKER.dimensions
            ],
        )
        for activity in READINESS_CHECKER.activities
    ]
    return "".join(
        [
            f"<h2>{_e(name)}: across settings</h2>",
            (
                f"<p>Settings assessed: {_e(_shown(summary.groups[()]))}. Each cell gives "
                "the share of settings answering Yes, Partly and No, and not answering; "
                "the picture shades it by the share answering Yes. Settings are services, "
                "not people: their numbers are not suppressed, here as in the warnings "
                "about a setting.</p>"
            ),
            _svg(
                lambda ax: plot_grid(summary, ax=ax),
                (8.5, 7.0),
                f"{name}: shares of settings giving each answer, activity by dimension",
            ),
            _table(
                f"{name}: shares of settings giving each answer",
                ["Activity", *(d.label for d in READINESS_CHECKER.dimensions)],
                rows,
            ),
            marks.footnote(),
            f"<p>{_e(b.NON_HIERARCHICAL)}</p>",
        ]
    )


def _conventions_section(
    evaluation: EvaluationConventions | None, readiness: ReadinessConventions | None
) -> str:
    """The scoring conventions the report's scores used (those it used at all)."""
    return "".join(
        [
            "<h2>Scoring conventions used</h2>",
            (
                "<p>The booklet gives no scoring numbers, missing-data rules or thresholds; "
                "these are the coproduction library's own conventions. Unanswered items are "
                "left out of every score, never counted as the lowest answer.</p>"
            ),
            *(render_html(c) for c in (evaluation, readiness) if c is not None),
        ]
    )


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    rows = [("coproduction (this library)", version("coproduction"))]
    rows.extend(
        (instrument.name, f"booklet version {instrument.version}")
        for instrument in (COPRODUCTION_EVALUATION, READINESS_CHECKER)
    )
    try:
        rows.append(("matplotlib (pictures)", version("matplotlib")))
    except PackageNotFoundError:
        rows.append(("matplotlib (pictures)", "not installed"))
    body = "".join(f'<tr><th scope="row">{_e(n)}</th><td>{_e(v)}</td></tr>' for n, v in rows)
    return (
        '<table class="coproduction"><caption>Versions</caption>'
        '<thead><tr><th scope="col">Component</th><th scope="col">Version</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _disclosure_section(disclosure: DisclosureControl | None) -> str:
    if disclosure is None:
        return "<h2>Small numbers</h2><p>No small-number suppression was applied.</p>"
    return (
        "<h2>Small numbers</h2>"
        f"<p>Counts from 1 to {disclosure.threshold} are suppressed (shown as *), other "
        f"counts are rounded to the nearest {disclosure.base}, and figures resting on "
        f"1 to {disclosure.threshold} people are suppressed, so that no one can be "
        f"identified. Some larger figures are suppressed too (secondary suppression), "
        "so that a suppressed one cannot be worked out by adding or subtracting the "
        "figures shown, such as the whole service less its other groups. "
        f"Source of the default rule: {_e(DISCLOSURE_SOURCE)}</p>"
    )


def _check_accumulator(
    accumulator: object,
    given: bool,
    conventions: object,
    problems: list[Problem],
    by: tuple[str, ...] = (),
) -> None:
    """Record the problems of a report's ``accumulator`` (given: responses or a cohort too)."""
    if accumulator is None:
        return
    if not isinstance(accumulator, SummaryAccumulator):
        problems.append(
            Problem(
                "accumulator",
                f"expected a SummaryAccumulator, got {type(accumulator).__name__}",
            )
        )
        return
    if given:
        problems.append(Problem("accumulator", "give responses, a cohort or an accumulator"))
    if accumulator.by != by:
        problems.append(
            Problem(
                "accumulator",
                f"expected one grouped by the report's by={by!r}, got {accumulator.by!r}",
            )
        )
    if conventions is not None and conventions != accumulator.conventions:
        problems.append(
            Problem(
                "evaluation_conventions",
                "differ from the accumulator's; leave them out to use the accumulator's",
            )
        )


def _check_heading(title: object, date: object, problems: list[Problem]) -> None:
    """The page's title is text and its date a day (a datetime is not a day)."""
    if not isinstance(title, str):
        problems.append(Problem("title", f"expected text, got {type(title).__name__}"))
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        problems.append(Problem("date", f"expected a datetime.date, got {type(date).__name__}"))


def _check_options(
    evaluation_conventions: object,
    readiness_conventions: object,
    rules: object,
    resamples: object,
    seed: object,
    problems: list[Problem],
) -> None:
    """Record the problems of the report's options, each by its own name.

    Checked whether or not there is data to use them on: an option of the wrong
    kind is a mistake even in a report that turns out to have nothing to show.
    """
    expect(
        evaluation_conventions,
        (EvaluationConventions, type(None)),
        "evaluation_conventions",
        problems,
    )
    expect(
        readiness_conventions, (ReadinessConventions, type(None)), "readiness_conventions", problems
    )
    expect(rules, WarningRules, "rules", problems)
    whole(resamples, "resamples", problems)
    whole(seed, "seed", problems, most=None)


def _check(
    given: list[object],
    cohort: object,
    assessment: object,
    settings: list[object],
    disclosure: object,
    accumulator: object = None,
    conventions: object = None,
    by: object = (),
) -> list[Problem]:
    problems = [
        Problem(f"responses[{i}]", f"expected an EvaluationResponse, got {type(r).__name__}")
        for i, r in enumerate(given)
        if not isinstance(r, EvaluationResponse)
    ]
    if cohort is not None and not isinstance(cohort, EvaluationCohort):
        problems.append(
            Problem("cohort", f"expected an EvaluationCohort, got {type(cohort).__name__}")
        )
    if cohort is not None and given:
        problems.append(Problem("cohort", "give responses or a cohort, not both"))
    names = _grouping(by, problems)
    _check_accumulator(accumulator, cohort is not None or bool(given), conventions, problems, names)
    if assessment is not None and not isinstance(assessment, ReadinessAssessment):
        problems.append(
            Problem(
                "assessment", f"expected a ReadinessAssessment, got {type(assessment).__name__}"
            )
        )
    problems.extend(
        Problem(f"assessments[{i}]", f"expected a ReadinessAssessment, got {type(a).__name__}")
        for i, a in enumerate(settings)
        if not isinstance(a, ReadinessAssessment)
    )
    if disclosure is not None and not isinstance(disclosure, DisclosureControl):
        problems.append(
            Problem(
                "disclosure",
                f"expected a DisclosureControl or None, got {type(disclosure).__name__}",
            )
        )
    return problems


def _published(
    accumulator: SummaryAccumulator,
    disclosure: DisclosureControl | None,
    resamples: int,
    seed: int,
) -> tuple[CohortSummary, ...]:
    """The whole service, then each grouping (the accumulator's columns, one more each).

    Under a rule, every level is published together, so that no suppressed figure
    can be worked out from the whole or from another level.
    """
    levels = [
        accumulator._coarser(k).summary(resamples=resamples, seed=seed)  # noqa: SLF001
        for k in range(len(accumulator.by) + 1)
    ]
    return tuple(levels) if disclosure is None else protect_summaries(levels, disclosure)


def _scale_note() -> str:
    """The report's one scale, stated once."""
    return (
        '<p class="coproduction-scale">Scale: every score and share in this report is a '
        "percent, from 0 to 100. For the "
        f"{_e(COPRODUCTION_EVALUATION.name)}, 0 is “{_e(Frequency.NOT_AT_ALL.label)}” to "
        f"every answered statement and 100 is “{_e(Frequency.ALL_THE_TIME.label)}”; for the "
        f"{_e(READINESS_CHECKER.name)}, 0 is “{_e(ReadinessAnswer.NO.label)}” to every "
        f"answered question and 100 is “{_e(ReadinessAnswer.YES.label)}”, and shares are "
        "percents of the settings assessed. "
        "Pictures' axes end at 100.</p>"
    )


def _grouping(by: object, problems: list[Problem]) -> tuple[str, ...]:
    """The report's grouping columns, each named once; problems recorded."""
    names: tuple[object, ...] = (
        (by,) if isinstance(by, str) else tuple(by) if isinstance(by, Sequence) else (by,)
    )
    wrong = [
        Problem(f"by[{i}]", f"expected a column name, got {type(n).__name__}")
        for i, n in enumerate(names)
        if not isinstance(n, str)
    ]
    if len(set(map(str, names))) != len(names):
        wrong.append(Problem("by", "each grouping column may be named once"))
    problems.extend(wrong)
    return () if wrong else tuple(str(n) for n in names)


def _warnings_or_why_not(
    tally: WarningTally | None,
    disclosure: DisclosureControl | None,
    settings: Sequence[ReadinessAssessment],
    withheld: frozenset[AnyFlag] = frozenset(),
) -> str:
    """The warnings section, or, for a report made from an accumulator alone, why there is none."""
    if tally is None:
        return (
            "<h2>Possible signs of “power over”</h2>"
            "<p>The warnings are worked out from each response, and this report was made "
            "from summaries of the responses, so they were not computed here.</p>"
        )
    return _warnings_section(tally, disclosure, settings, withheld)


def _check_tally(
    warnings: object, accumulator: object, rules: object, problems: list[Problem]
) -> None:
    """Record the problems of a report's ``warnings`` tally."""
    if warnings is None:
        return
    if not isinstance(warnings, WarningTally):
        problems.append(
            Problem("warnings", f"expected a WarningTally, got {type(warnings).__name__}")
        )
    elif accumulator is None:
        problems.append(Problem("warnings", "a tally goes with an accumulator"))
    elif isinstance(rules, WarningRules) and warnings.rules != rules:  # else refused apart
        problems.append(Problem("warnings", "counted under other rules than `rules`"))


def render(  # noqa: PLR0913 - keyword-only options, named at each call
    *,
    responses: Iterable[EvaluationResponse] = (),
    cohort: EvaluationCohort | None = None,
    accumulator: SummaryAccumulator | None = None,
    warnings: WarningTally | None = None,
    assessment: ReadinessAssessment | None = None,
    assessments: Iterable[ReadinessAssessment] = (),
    title: str = "Coproduction audit report",
    date: dt.date | None = None,
    disclosure: DisclosureControl | None = _DEFAULT_DISCLOSURE,
    evaluation_conventions: EvaluationConventions | None = None,
    readiness_conventions: ReadinessConventions | None = None,
    rules: WarningRules = DEFAULT_RULES,
    resamples: int = 1000,
    seed: int = 0,
    by: str | Sequence[str] = (),
) -> str:
    """Render an audit report as one self-contained HTML page, and return its text.

    The page holds: the Coproduction Evaluation summarised across responses (never
    one person's answers) with small numbers suppressed, a picture of the domain
    scores with their intervals, and how many gave each answer; how many responses
    raised each "power over" warning, with its explanation, booklet passage, the
    booklet's reasons it may reflect and its prompts for reflection; the
    Readiness Checker grid and scores, if an assessment is given; the shares of
    settings giving each answer (:func:`~coproduction.summarize_readiness`, as a
    grid and a table, with the same small-number rule), if several settings'
    assessments are given; the scoring
    conventions and disclosure rule used; the library and instrument versions; and
    the booklet's citation and licence. Pictures are inline SVG when matplotlib is
    installed (``coproduction[plot]``); every picture has a table with the same
    figures.

    With ``by``, a section per grouping follows the whole service's figures: the
    groups side by side in one table and one picture, in their order by name
    (levels in the booklet's order: individual, group, systemic, then not
    recorded; never ranked) and the domains in the booklet's order. Every figure of every
    section is published together (:func:`~coproduction.protect_summaries`),
    so that no suppressed group can be worked out from the whole service's figures
    or from another grouping's.

    Args:
        responses: Coproduction Evaluation responses to summarise.
        cohort: Or the same as an :class:`~coproduction.EvaluationCohort`.
        accumulator: Or the responses already reduced, block by block, into a
            :class:`~coproduction.SummaryAccumulator` grouped by ``by`` (``()``
            by default), so that a file too large to hold can be reported on: the
            summaries are exactly those of the cohort.
        warnings: With an ``accumulator``: the same responses' warnings, counted
            block by block (:meth:`CohortWarnings.tally
            <coproduction.CohortWarnings.tally>`, merged) under ``rules`` and with
            ``assessment``. Without it, a report made from an accumulator says that
            the warnings were not computed.
        assessment: The Readiness Checker assessment of the setting, if any; also
            used by the warnings that compare claims with experience.
        assessments: Several settings' Readiness Checker assessments, if any, shown
            as shares across settings (never one setting's answers on their own).
        title: The page's title.
        date: The report's date, printed under the title; none when omitted, so that
            the same inputs give the same file.
        disclosure: The small-number rule; NHS Digital's by default (counts of 1 to
            7 suppressed, others rounded to 5, statistics of 1 to 7 people
            suppressed). ``None`` turns suppression off, for researchers' own use.
        evaluation_conventions: Scoring conventions for the responses (with an
            ``accumulator``: its own, which these must equal if given).
        readiness_conventions: Scoring conventions for the assessment.
        rules: The warning rules.
        resamples: Bootstrap resamples for the intervals.
        seed: Seed of the bootstrap, so the same inputs give the same page.
        by: A grouping column, or several: each adds a section, grouped by it
            within the columns before it (``["site", "ward"]``: by site, then by
            ward within site), so that the levels nest and are protected together.
            ``"level"`` groups by the responses' levels (individual, group,
            systemic) when the cohort has no column of that name.

    Returns:
        The HTML text.

    Raises:
        ValidationError: Listing every problem with the arguments.

    >>> page = render(assessment=ReadinessAssessment({}, setting="Ward A"))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "Ward A" in page
    (True, False, True)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``accumulator``, ``warnings`` and ``by``; suppressed cells read ``*`` with one
       footnote per table; warnings about a setting are counted per setting.
    """
    problems: list[Problem] = []  # each element is checked by _check, whatever the annotations say
    given = elements(responses, object, "responses", problems)
    settings = elements(assessments, object, "assessments", problems)
    problems += _check(
        given, cohort, assessment, settings, disclosure, accumulator, evaluation_conventions, by
    )
    _check_options(evaluation_conventions, readiness_conventions, rules, resamples, seed, problems)
    _check_tally(warnings, accumulator, rules, problems)
    _check_heading(title, date, problems)
    if problems:
        raise ValidationError("report", problems)
    pooled = [r for r in given if isinstance(r, EvaluationResponse)]
    checked = [s for s in settings if isinstance(s, ReadinessAssessment)]  # all, once checked
    if cohort is None and pooled:
        cohort = EvaluationCohort.from_responses(pooled)
    columns = _grouping(by, [])
    if cohort is not None:
        accumulator = SummaryAccumulator(by=columns, conventions=evaluation_conventions)
        accumulator.add(cohort)
        warnings = cohort_warnings(cohort, rules=rules, assessment=assessment).tally()
    # The conventions the summary used (checked equal to any given with an accumulator).
    evaluation_conventions = None if accumulator is None else accumulator.conventions
    if readiness_conventions is None:
        readiness_conventions = ReadinessConventions()
    body = [f"<h1>{_e(title)}</h1>"]
    if date is not None:
        body.append(f"<p>{_e(date.isoformat())}</p>")
    body.append(
        f"<p>Made with the coproduction library from the instruments of {_e(b.TITLE)} "
        f"(version {_e(b.VERSION)}). The figures describe services and relationships, "
        "not people; they are prompts for reflection, not verdicts.</p>"
    )
    body.append(_scale_note())
    if accumulator is not None:
        whole, *grouped = _published(accumulator, disclosure, resamples, seed)
        body.append(_evaluation_section(whole))
        body.extend(_group_section(summary, whole) for summary in grouped)
        assessed = [assessment] if assessment is not None else checked
        withheld = frozenset() if disclosure is None else _withheld_flags(rules, whole)
        body.append(_warnings_or_why_not(warnings, disclosure, assessed, withheld))
    if assessment is not None:
        body.append(_readiness_section(assessment, readiness_conventions))
        body.append(_readiness_gaps_section(assessment))
    if checked:
        across = ReadinessCohort.from_assessments(checked)
        # Settings are services, not people: their counts are not suppressed, here as in
        # the warnings about a setting (see docs/privacy.md).
        body.append(_settings_section(summarize_readiness(across)))
    if accumulator is None and assessment is None and not checked:
        body.append("<p>No responses or assessment were given, so there is nothing to show.</p>")
    body.append(
        _conventions_section(
            evaluation_conventions,
            readiness_conventions if assessment is not None else None,
        )
    )
    body.append(_disclosure_section(disclosure))
    body.append("<h2>Versions</h2>")
    body.append(_versions())
    body.append("<h2>Source, citation and licence</h2>")
    body.append(source_note())
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def write(  # noqa: PLR0913 - keyword-only options, named at each call
    path: str | os.PathLike[str],
    *,
    responses: Iterable[EvaluationResponse] = (),
    cohort: EvaluationCohort | None = None,
    accumulator: SummaryAccumulator | None = None,
    warnings: WarningTally | None = None,
    assessment: ReadinessAssessment | None = None,
    assessments: Iterable[ReadinessAssessment] = (),
    title: str = "Coproduction audit report",
    date: dt.date | None = None,
    disclosure: DisclosureControl | None = _DEFAULT_DISCLOSURE,
    evaluation_conventions: EvaluationConventions | None = None,
    readiness_conventions: ReadinessConventions | None = None,
    rules: WarningRules = DEFAULT_RULES,
    resamples: int = 1000,
    seed: int = 0,
    by: str | Sequence[str] = (),
) -> Path:
    """Write the audit report of :func:`render` to ``path`` (UTF-8), and return the path.

    The page is rendered in full, then written to a temporary file beside ``path``
    that is renamed into place only when all of it was written: a problem (a title
    that cannot be encoded, a full disk) leaves an existing file at ``path``
    unchanged and no temporary file behind. An existing file is replaced with its
    permissions kept; a new one gets ``0o666`` less the umask.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``by``.
    """
    kinds("report", (path, (str, os.PathLike), "path"))
    page = render(
        responses=responses,
        cohort=cohort,
        accumulator=accumulator,
        warnings=warnings,
        assessment=assessment,
        assessments=assessments,
        title=title,
        date=date,
        disclosure=disclosure,
        evaluation_conventions=evaluation_conventions,
        readiness_conventions=readiness_conventions,
        rules=rules,
        resamples=resamples,
        seed=seed,
        by=by,
    )
    target = Path(path)
    with atomic_output(target, text=True) as out:
        out.write(page)
    return target
