"""The audit report: one self-contained HTML file for a service board.

The file needs nothing but a browser: pictures are inline SVG, styles are inline,
there are no scripts, and a Content-Security-Policy forbids loading anything from
anywhere. Every piece of text is escaped. Individual answers never appear: the
Coproduction Evaluation is summarised across responses, and a summary resting on
fewer responses than ``min_responses`` is withheld, with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Final

from coproduction import _booklet as b
from coproduction._html import readiness_grid, render_html, source_note
from coproduction._instruments import COPRODUCTION_EVALUATION, READINESS_CHECKER, Frequency
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    CONVENTION_NOTE,
    EvaluationConventions,
    ReadinessConventions,
    score_evaluation,
    score_readiness,
)
from coproduction.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["DEFAULT_MIN_RESPONSES", "render_report", "write_report"]

#: Summaries resting on fewer responses than this are withheld. The default follows
#: NHS Digital's disclosure control, which suppresses figures from 1 to 7 people.
DEFAULT_MIN_RESPONSES: Final = 8

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


def _e(value: object) -> str:
    return escape(str(value), quote=True)


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


def _evaluation_section(
    responses: Sequence[EvaluationResponse],
    conventions: EvaluationConventions,
    min_responses: int,
) -> str:
    from coproduction._plot import plot_item_answers

    parts = [f"<h2>{_e(COPRODUCTION_EVALUATION.name)}</h2>"]
    parts.append(f"<p>{len(responses)} responses. {_e(COPRODUCTION_EVALUATION.respondents)}</p>")
    if len(responses) < min_responses:
        parts.append(
            f"<p><strong>Summary withheld:</strong> it would rest on {len(responses)} "
            f"responses, fewer than {min_responses}, and small numbers can identify "
            "people.</p>"
        )
        return "".join(parts)
    scores = [score_evaluation(r, conventions=conventions) for r in responses]
    rows = []
    for domain in COPRODUCTION_EVALUATION.domains:
        percents = [s.domains[domain].percent for s in scores]
        scored = [p for p in percents if p is not None]
        if len(scored) >= min_responses:
            mean = f"{sum(scored) / len(scored):.0f}%"
        else:
            mean = f"Withheld (fewer than {min_responses} responses scored)"
        rows.append(
            f'<tr><th scope="row">{_e(domain.label)}</th><td>{len(scored)}</td>'
            f"<td>{len(percents) - len(scored)}</td><td>{_e(mean)}</td></tr>"
        )
    parts.append(
        '<table class="coproduction">'
        f"<caption>{_e(COPRODUCTION_EVALUATION.name)}: domain scores across responses</caption>"
        '<thead><tr><th scope="col">Domain</th><th scope="col">Responses scored</th>'
        '<th scope="col">Responses not scored (too few items answered)</th>'
        '<th scope="col">Mean percent of the scored responses</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    parts.append(
        f'<p class="coproduction-note">Percent: 0 is “{_e(Frequency.NOT_AT_ALL.label)}” to '
        f"every answered statement, 100 is “{_e(Frequency.ALL_THE_TIME.label)}”. "
        f"{_e(CONVENTION_NOTE)}</p>"
    )
    parts.append(
        _svg(
            lambda ax: plot_item_answers(responses, ax=ax),
            (8.0, 4.2),
            f"{COPRODUCTION_EVALUATION.name}: shares of the answers given, by domain",
        )
    )
    return "".join(parts)


def _readiness_section(assessment: ReadinessAssessment, conventions: ReadinessConventions) -> str:
    from coproduction._plot import plot_readiness_grid

    where = f": {assessment.setting}" if assessment.setting else ""
    when = f" ({assessment.date.isoformat()})" if assessment.date else ""
    return "".join(
        [
            f"<h2>{_e(READINESS_CHECKER.name)}{_e(where)}{_e(when)}</h2>",
            f"<p>{_e(READINESS_CHECKER.introduction)}</p>",
            _svg(
                lambda ax: plot_readiness_grid(assessment, ax=ax),
                (8.5, 6.2),
                f"{READINESS_CHECKER.name}: the answers, activity by dimension",
            ),
            readiness_grid(assessment.answers, f"{READINESS_CHECKER.name}: answers{where}"),
            f"<p>{_e(b.NON_HIERARCHICAL)}</p>",
            render_html(score_readiness(assessment, conventions=conventions)),
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


def render_report(
    *,
    responses: Iterable[EvaluationResponse] = (),
    assessment: ReadinessAssessment | None = None,
    title: str = "Coproduction audit report",
    date: dt.date | None = None,
    evaluation_conventions: EvaluationConventions | None = None,
    readiness_conventions: ReadinessConventions | None = None,
    min_responses: int = DEFAULT_MIN_RESPONSES,
) -> str:
    """Render an audit report as one self-contained HTML page, and return its text.

    The page holds: a summary of the Coproduction Evaluation responses (never one
    person's answers; withheld below ``min_responses``), with a picture of the answers
    by domain; the Readiness Checker grid and scores, if an assessment is given; the
    scoring conventions used; the library and instrument versions; and the booklet's
    citation and licence. Pictures are inline SVG when matplotlib is installed
    (``coproduction[plot]``); every picture has a table with the same figures.

    Args:
        responses: Coproduction Evaluation responses to summarise.
        assessment: A Readiness Checker assessment to show.
        title: The page's title.
        date: The report's date, printed under the title; none when omitted, so that
            the same inputs give the same file.
        evaluation_conventions: Scoring conventions for the responses; the defaults
            when omitted.
        readiness_conventions: Scoring conventions for the assessment; the defaults
            when omitted.
        min_responses: Summaries resting on fewer responses are withheld. **Library
            convention**, default 8 (NHS Digital suppresses figures from 1 to 7 people).

    Returns:
        The HTML text.

    Raises:
        ValidationError: Listing every problem with the arguments.

    >>> page = render_report(assessment=ReadinessAssessment({}, setting="Ward A"))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "Ward A" in page
    (True, False, True)

    .. versionadded:: 0.1.0
    """
    given: list[object] = list(responses)  # checked at run time, whatever the annotations say
    problems = [
        Problem(f"responses[{i}]", f"expected an EvaluationResponse, got {type(r).__name__}")
        for i, r in enumerate(given)
        if not isinstance(r, EvaluationResponse)
    ]
    pooled = [r for r in given if isinstance(r, EvaluationResponse)]
    untrusted: object = assessment
    if untrusted is not None and not isinstance(untrusted, ReadinessAssessment):
        problems.append(
            Problem("assessment", f"expected a ReadinessAssessment, got {type(untrusted).__name__}")
        )
    limit: object = min_responses
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        problems.append(
            Problem("min_responses", f"expected a whole number of at least 1, got {limit!r}")
        )
    if problems:
        raise ValidationError("report", problems)
    evaluation_conventions = evaluation_conventions or EvaluationConventions()
    readiness_conventions = readiness_conventions or ReadinessConventions()
    body = [f"<h1>{_e(title)}</h1>"]
    if date is not None:
        body.append(f"<p>{_e(date.isoformat())}</p>")
    body.append(
        f"<p>Made with the coproduction library from the instruments of {_e(b.TITLE)} "
        f"(version {_e(b.VERSION)}). The figures describe services and relationships, "
        "not people; they are prompts for reflection, not verdicts.</p>"
    )
    if pooled:
        body.append(_evaluation_section(pooled, evaluation_conventions, min_responses))
    if assessment is not None:
        body.append(_readiness_section(assessment, readiness_conventions))
    if not pooled and assessment is None:
        body.append("<p>No responses or assessment were given, so there is nothing to show.</p>")
    body.append("<h2>Scoring conventions used</h2>")
    body.append(
        "<p>The booklet gives no scoring numbers, missing-data rules or thresholds; "
        "these are the coproduction library's own conventions. Unanswered items are "
        "left out of every score, never counted as the lowest answer.</p>"
    )
    if pooled:
        body.append(render_html(evaluation_conventions))
        body.append(
            f"<p>Summaries resting on fewer than {min_responses} responses are withheld.</p>"
        )
    if assessment is not None:
        body.append(render_html(readiness_conventions))
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


def write_report(
    path: str | os.PathLike[str],
    *,
    responses: Iterable[EvaluationResponse] = (),
    assessment: ReadinessAssessment | None = None,
    title: str = "Coproduction audit report",
    date: dt.date | None = None,
    evaluation_conventions: EvaluationConventions | None = None,
    readiness_conventions: ReadinessConventions | None = None,
    min_responses: int = DEFAULT_MIN_RESPONSES,
) -> Path:
    """Write the audit report of :func:`render_report` to ``path`` (UTF-8), and return the path.

    The page is rendered in full before the file is opened, so a problem never
    leaves a half-written file. An existing file at ``path`` is replaced.

    .. versionadded:: 0.1.0
    """
    page = render_report(
        responses=responses,
        assessment=assessment,
        title=title,
        date=date,
        evaluation_conventions=evaluation_conventions,
        readiness_conventions=readiness_conventions,
        min_responses=min_responses,
    )
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target
