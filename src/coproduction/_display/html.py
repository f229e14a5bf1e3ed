"""How values look in a notebook: accessible HTML tables.

:func:`render_html` dispatches on the value's type
(:func:`functools.singledispatch`); a value type gets its own view by registering
one here (``@render_html.register``), and any other attrs value object gets the
generic one. The domain never imports this module: each public value object's
``_repr_html_`` (from :class:`coproduction._view.HtmlView`) looks the renderer up
in the registry that :mod:`coproduction._display` fills when it is first loaded.
Concise text (``repr``) is each class's own, beside its fields.

The HTML is a fragment, not a page: tables with a ``<caption>`` and header cells
with ``scope``, every piece of text escaped (bidi controls shown as visible text), no scripts,
no styles loaded from anywhere, no images. Colour (inline, from the Okabe-Ito
palette) is only ever added to a cell that also says its answer in words.
Answers are shown as what people said; an unanswered item says "Not answered",
never a score.
"""

from __future__ import annotations

import enum
import functools
import inspect
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Final

import attrs
import numpy as np

from coproduction import _booklet as b
from coproduction._cohort_warnings import CohortWarnings, WarningTally
from coproduction._display.palette import (
    FREQUENCY_COLOURS,
    READINESS_COLOURS,
    UNANSWERED_COLOUR,
    text_colour,
)
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    CoproductionEvaluation,
    Dimension,
    EvaluationItem,
    Frequency,
    ReadinessAnswer,
    ReadinessChecker,
    ReadinessQuestion,
)
from coproduction._power import Activity
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    CONVENTION_NOTE,
    DomainScore,
    EvaluationConventions,
    EvaluationScore,
    ReadinessConventions,
    ReadinessScore,
)
from coproduction._suppression import Suppressed
from coproduction._warnings import (
    REFLECTION_NOTE,
    AnyFlag,
    NotAssessed,
    PowerWarning,
    WarningReport,
)

__all__ = [
    "NOT_ANSWERED",
    "escape_html",
    "list_cell",
    "readiness_grid",
    "render_html",
    "source_note",
]

#: What a cell without an answer says.
NOT_ANSWERED: Final = "Not answered"
_CLASS: Final = "coproduction"
#: Longer sequences (a cohort's ids, say) are counted, not listed.
_MAX_LISTED: Final = 12


#: Unicode's embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069):
#: invisible, yet they reorder the text around them, so that a name can read
#: backwards ("Trojan Source", CVE-2021-42574). Shown as visible text instead.
_BIDI_CONTROLS: Final = {
    c: f"[U+{c:04X}]" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def escape_html(value: object) -> str:
    """Escape any value's text for HTML, quotes included; bidi controls shown as ``[U+202E]``.

    The one escaping function of every HTML view and of the report.
    """
    return escape(str(value), quote=True).translate(_BIDI_CONTROLS)


def _th(text: str, scope: str, *, colspan: int = 1) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    return f'<th scope="{scope}"{span}>{escape_html(text)}</th>'


def _td(text: str, *, background: str | None = None) -> str:
    if background is None:
        return f"<td>{escape_html(text)}</td>"
    style = f"background-color:{background};color:{text_colour(background)}"
    return f'<td style="{style}">{escape_html(text)}</td>'


def _table(caption: str, head: Sequence[str], rows: Iterable[str], *, first: str = "") -> str:
    """A table with a caption, one header row of column headers, and the given body rows."""
    header = "".join(_th(h, "col") for h in head)
    return (
        f'<table class="{_CLASS}">'
        f"<caption>{escape_html(caption)}</caption>"
        f"<thead><tr>{header}</tr></thead>"
        f"<tbody>{first}{''.join(rows)}</tbody>"
        "</table>"
    )


def _p(text: str, *, cls: str = "") -> str:
    attribute = f' class="{escape_html(cls)}"' if cls else ""
    return f"<p{attribute}>{escape_html(text)}</p>"


def _section(*parts: str) -> str:
    return f'<div class="{_CLASS}">{"".join(parts)}</div>'


def source_note() -> str:
    """The booklet's citation and licence, as a paragraph."""
    return (
        '<p class="coproduction-source">'
        f"{escape_html(b.CITATION)} Version {escape_html(b.VERSION)}. "
        f'Licensed <a href="{escape_html(b.LICENCE_URL)}">{escape_html(b.LICENCE)}</a> '
        f"({escape_html(b.LICENCE_NAME)}); reproduced verbatim with attribution.</p>"
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _answer_label(answer: Frequency | ReadinessAnswer | None) -> str:
    return NOT_ANSWERED if answer is None else answer.label


def _activities(activities: frozenset[Activity]) -> str:
    """Activities in the booklet's order (never a ranking), or "none recorded"."""
    chosen = [a.label for a in READINESS_CHECKER.activities if a in activities]
    return "; ".join(chosen) if chosen else "none recorded"


@functools.singledispatch
def render_html(value: object) -> str:
    """Render a library value as an accessible HTML fragment (tables with captions).

    Value objects without a view of their own get a generic one: a table of their
    public fields, in words (arrays are described by their shape, never listed).
    """
    if attrs.has(type(value)):
        return _generic(value)
    msg = f"no HTML view for {type(value).__name__}"
    raise TypeError(msg)


def _words(value: object) -> str:  # noqa: C901, PLR0911 - one case per kind of value
    """Any field's value in words, for the generic view."""
    if value is None:
        return "none"
    if isinstance(value, Suppressed):
        return f"* (suppressed: {value.reason})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", None) or getattr(value, "title", None) or value.name)
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}"
    if isinstance(value, Mapping):
        return "; ".join(f"{_words(k)}: {_words(v)}" for k, v in value.items()) or "none"
    if isinstance(value, frozenset) and all(isinstance(a, Activity) for a in value):
        return _activities(value)
    if isinstance(value, tuple | list | frozenset):
        if len(value) > _MAX_LISTED:
            return f"{len(value)} values"
        if value and all(attrs.has(type(v)) for v in value):
            return f"{len(value)} {type(next(iter(value))).__name__} rows"
        return ", ".join(_words(v) for v in value) or "none"
    if attrs.has(type(value)):
        return type(value).__name__
    return str(value)


def _records(value: object) -> list[object] | None:
    """The value objects in a tuple or mapping field, or None if it holds anything else."""
    items = list(value.values()) if isinstance(value, Mapping) else value
    if isinstance(items, tuple | list) and items and all(attrs.has(type(v)) for v in items):
        return list(items)
    return None


def _public_fields(kind: type) -> list[str]:
    return [f.name for f in attrs.fields(kind) if not f.name.startswith("_")]


def _plain_doc(text: str) -> str:
    """A docstring's first line without reST markup (roles, emphasis, literals)."""
    text = re.sub(r":\w+:`~?([^`<]+?)(?:\s*<[^>]*>)?`", r"\1", text)
    return text.replace("**", "").replace("``", "")


def _first(record: object, name: str) -> str:
    """A row's first cell: an empty group is the whole cohort."""
    value = getattr(record, name)
    return "all" if name == "group" and value == () else _words(value)


#: The heading of a gap's prompts, in its view (docs/gaps.md).
_GAP_PROMPTS_HEAD: Final = "To reflect on, from the booklet (the library's reading)"


def _prompts(value: object) -> tuple[Prompt, ...] | None:
    """A value's prompts for reflection (the gaps have them), or None if it has none to give."""
    prompts: object = getattr(value, "prompts", None)
    if isinstance(prompts, tuple) and all(isinstance(p, Prompt) for p in prompts):
        return prompts
    return None


def _prompts_cell(prompts: tuple[Prompt, ...]) -> str:
    """A row's prompts, one a line, or "none" (a value that is not a gap has none)."""
    return list_cell(str(p) for p in prompts) if prompts else _td("none")


def _prompts_block(prompts: tuple[Prompt, ...]) -> str:
    """A gap's prompts beside it: a heading and one passage a line, with its page."""
    if not prompts:
        return ""
    items = "".join(f"<li>{escape_html(p)}</li>" for p in prompts)
    return f'<div class="coproduction-prompts">{_p(_GAP_PROMPTS_HEAD)}<ul>{items}</ul></div>'


def _generic(value: object) -> str:
    """A table of the public fields; a table per field that holds value objects, one a row.

    A value with prompts for reflection (a gap) shows them after its fields, and a
    table of such values gives each row a column of its prompts.
    """
    kind = type(value)
    summary = _plain_doc((inspect.getdoc(kind) or kind.__name__).split("\n", 1)[0])
    pairs: list[tuple[str, str]] = []
    nested: list[str] = []
    for name in _public_fields(kind):
        field_value = getattr(value, name)
        records = _records(field_value)
        if records is None:
            shown = "all" if name == "group" and field_value == () else _words(field_value)
            pairs.append((name.replace("_", " "), shown))
            continue
        columns = _public_fields(type(records[0]))
        with_prompts = _prompts(records[0]) is not None
        rows = [
            "<tr>"
            + _th(_first(record, columns[0]), "row")
            + "".join(_td(_words(getattr(record, c))) for c in columns[1:])
            + (_prompts_cell(_prompts(record) or ()) if with_prompts else "")
            + "</tr>"
            for record in records
        ]
        nested.append(
            _table(
                f"{kind.__name__}: {name.replace('_', ' ')}",
                [c.replace("_", " ") for c in columns]
                + ([_GAP_PROMPTS_HEAD] if with_prompts else []),
                rows,
            )
        )
    head = _pairs(f"{kind.__name__}: {summary}", ["Field", "Value"], pairs) if pairs else ""
    return _section(head, *nested, _prompts_block(_prompts(value) or ()))


# -- the instruments ----------------------------------------------------------------------


@render_html.register
def _(value: CoproductionEvaluation) -> str:
    boxes = "".join(f'<td aria-label="{escape_html(f.label)}">&#9744;</td>' for f in value.scale)
    rows: list[str] = []
    for domain in value.domains:
        rows.append(f"<tr>{_th(domain.label, 'rowgroup', colspan=1 + len(value.scale))}</tr>")
        rows.extend(f"<tr>{_th(item.text, 'row')}{boxes}</tr>" for item in value.items_in(domain))
    table = _table(
        f"{value.name}: {value.stem}", ["Statement", *(f.label for f in value.scale)], rows
    )
    return _section(
        f"<h3>{escape_html(value.name)}</h3>",
        _p(value.introduction),
        _p(value.respondents),
        table,
        source_note(),
    )


@render_html.register
def _(value: ReadinessChecker) -> str:
    rows = []
    for activity in value.activities:
        cells = "".join(
            _td(value.question(activity, dimension).text) for dimension in value.dimensions
        )
        rows.append(f"<tr>{_th(activity.label, 'row')}{cells}</tr>")
    table = _table(value.name, ["Activity", *(d.label for d in value.dimensions)], rows)
    note = _p(
        "The activities are listed in the booklet's order, which is not a ranking: "
        + b.NON_HIERARCHICAL
    )
    return _section(
        f"<h3>{escape_html(value.name)}</h3>", _p(value.introduction), table, note, source_note()
    )


@render_html.register
def _(value: EvaluationItem) -> str:
    row = f"<tr>{_td(value.id)}{_td(value.domain.label)}{_td(value.text)}</tr>"
    return _table(f"{COPRODUCTION_EVALUATION.name} item", ["Id", "Domain", "Statement"], [row])


@render_html.register
def _(value: ReadinessQuestion) -> str:
    row = (
        f"<tr>{_td(value.id)}{_td(value.activity.label)}"
        f"{_td(value.dimension.label)}{_td(value.text)}</tr>"
    )
    return _table(
        f"{READINESS_CHECKER.name} question", ["Id", "Activity", "Dimension", "Question"], [row]
    )


# -- answers ------------------------------------------------------------------------------


def _context(**fields: object) -> str:
    shown = [f"{name}: {value}" for name, value in fields.items() if value is not None]
    return f" ({'; '.join(shown)})" if shown else ""


@render_html.register
def _(value: EvaluationResponse) -> str:
    rows: list[str] = []
    for domain in COPRODUCTION_EVALUATION.domains:
        rows.append(f"<tr>{_th(domain.label, 'rowgroup', colspan=2)}</tr>")
        for item in COPRODUCTION_EVALUATION.items_in(domain):
            answer = value.answers[item.id]
            colour = UNANSWERED_COLOUR if answer is None else FREQUENCY_COLOURS[answer]
            rows.append(
                f"<tr>{_th(item.text, 'row')}{_td(_answer_label(answer), background=colour)}</tr>"
            )
    context = _context(
        respondent=value.respondent,
        date=value.date,
        level=None if value.level is None else value.level.label,
    )
    caption = f"{COPRODUCTION_EVALUATION.name}: answers{context}"
    summary = _p(
        f"{value.answered} of {len(value.answers)} statements answered. "
        f"Took part in: {_activities(value.activities)}. "
        f"Would prefer: {_activities(value.preferred_activities)}."
    )
    return _section(_table(caption, [COPRODUCTION_EVALUATION.stem, "Answer"], rows), summary)


def readiness_grid(
    cells: Mapping[tuple[Activity, Dimension], ReadinessAnswer | None], caption: str
) -> str:
    """The Readiness Checker's 7 x 3 grid of answers, as the booklet lays it out."""
    rows = []
    for activity in READINESS_CHECKER.activities:
        row = "".join(
            _td(
                _answer_label(answer := cells.get((activity, dimension))),
                background=UNANSWERED_COLOUR if answer is None else READINESS_COLOURS[answer],
            )
            for dimension in READINESS_CHECKER.dimensions
        )
        rows.append(f"<tr>{_th(activity.label, 'row')}{row}</tr>")
    head = ["Activity", *(d.label for d in READINESS_CHECKER.dimensions)]
    return _table(caption, head, rows)


@render_html.register
def _(value: ReadinessAssessment) -> str:
    context = _context(setting=value.setting, date=value.date)
    answered = len(value.answers) - len(value.unanswered)
    return _section(
        readiness_grid(value.answers, f"{READINESS_CHECKER.name}: answers{context}"),
        _p(
            f"{answered} of {len(value.answers)} questions answered. "
            "Activities are in the booklet's order, which is not a ranking."
        ),
    )


# -- scores and conventions ---------------------------------------------------------------

_DOMAIN_HEAD: Final = ("Domain", "Mean points", "Percent", "Items answered", "Note")


def _domain_row(score: DomainScore) -> str:
    return (
        f"<tr>{_th(score.domain.label, 'row')}{_td(_number(score.mean))}"
        f"{_td(_percent(score.percent))}{_td(f'{score.answered} of {score.items}')}"
        f"{_td('' if score.reason is None else f'Not scored: {score.reason}')}</tr>"
    )


@render_html.register
def _(value: DomainScore) -> str:
    return _table(
        f"{COPRODUCTION_EVALUATION.name}: {value.domain.label}",
        _DOMAIN_HEAD,
        [_domain_row(value)],
    )


@render_html.register
def _(value: EvaluationScore) -> str:
    rows = [_domain_row(score) for score in value.domains.values()]
    overall_note = "" if value.overall_reason is None else f"Not scored: {value.overall_reason}"
    rows.append(
        f"<tr>{_th('Overall (mean of the domain means)', 'row')}{_td(_number(value.overall))}"
        f"{_td(_percent(value.overall_percent))}{_td('')}{_td(overall_note)}</tr>"
    )
    caption = f"{COPRODUCTION_EVALUATION.name}: scores{_context(respondent=value.respondent)}"
    return _section(
        _table(caption, _DOMAIN_HEAD, rows), _p(CONVENTION_NOTE, cls="coproduction-note")
    )


def _readiness_number(score: float | None) -> str:
    return "Not scored (no question answered)" if score is None else f"{score:.2f}"


@render_html.register
def _(value: ReadinessScore) -> str:
    activity_rows = [
        f"<tr>{_th(activity.label, 'row')}{_td(_readiness_number(score))}</tr>"
        for activity, score in value.by_activity.items()
    ]
    dimension_rows = [
        f"<tr>{_th(dimension.label, 'row')}{_td(_readiness_number(score))}</tr>"
        for dimension, score in value.by_dimension.items()
    ]
    overall = _readiness_number(value.overall)
    dimension_rows.append(f"<tr>{_th('Overall', 'row')}{_td(overall)}</tr>")
    where = _context(setting=value.setting)
    total = len(READINESS_CHECKER.cells)
    return _section(
        _table(
            f"{READINESS_CHECKER.name}: scores by activity{where}",
            ["Activity", "Score"],
            activity_rows,
        ),
        _table(
            f"{READINESS_CHECKER.name}: scores by dimension{where}",
            ["Dimension", "Score"],
            dimension_rows,
        ),
        _p(
            f"{total - len(value.unanswered)} of {total} questions answered. "
            "Activities are in the booklet's order, which is not a ranking."
        ),
        _p(CONVENTION_NOTE, cls="coproduction-note"),
    )


def _pairs(caption: str, head: Sequence[str], pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column table: a row header and one value per row."""
    return _table(caption, head, (f"<tr>{_th(k, 'row')}{_td(v)}</tr>" for k, v in pairs))


@render_html.register
def _(value: EvaluationConventions) -> str:
    pairs = [(f"Points for {f.label!r}", f"{value.points[f]:g}") for f in Frequency]
    pairs.append(
        (
            "Share of a domain's items that must be answered",
            f"{value.min_answered:g} (rounded up, at least 1)",
        )
    )
    pairs.append(
        (
            "Domains that must be scored for an overall score",
            f"{value.overall_min_domains} of {len(COPRODUCTION_EVALUATION.domains)}",
        )
    )
    pairs.append(("Unanswered items", "left out of every mean, never counted as the lowest answer"))
    caption = f"{COPRODUCTION_EVALUATION.name}: scoring conventions"
    return _section(
        _pairs(caption, ["Convention", "Value"], pairs),
        _p(CONVENTION_NOTE, cls="coproduction-note"),
    )


@render_html.register
def _(value: ReadinessConventions) -> str:
    pairs = [(f"Points for {a.label!r}", f"{value.points[a]:g}") for a in ReadinessAnswer]
    pairs.append(("Questions not answered", "left out of every mean"))
    caption = f"{READINESS_CHECKER.name}: scoring conventions"
    return _section(
        _pairs(caption, ["Convention", "Value"], pairs),
        _p(CONVENTION_NOTE, cls="coproduction-note"),
    )


# -- warnings ---------------------------------------------------------------------------

_WARNING_HEAD: Final = (
    "Warning",
    "Severity",
    "What the answers suggest",
    "Evidence",
    "The booklet",
    "The booklet's reasons it may reflect (the library's reading)",
    "To reflect on, from the booklet (the library's reading)",
)
_NOT_ASSESSED_HEAD: Final = ("Flag", "Why", "Would need")


def list_cell(lines: Iterable[str]) -> str:
    """A table cell holding a list, one item a line, each escaped."""
    items = "".join(f"<li>{escape_html(line)}</li>" for line in lines)
    return f"<td><ul>{items}</ul></td>"


def _warning_rows(warnings: Iterable[PowerWarning]) -> list[str]:
    return [
        f"<tr>{_th(w.title, 'row')}{_td(w.severity.label)}{_td(w.explanation)}"
        f"{_td('; '.join(w.evidence) or 'none')}{_td(w.passage)}"
        f"{list_cell(r.label for r in w.reasons)}{list_cell(str(p) for p in w.prompts)}</tr>"
        for w in warnings
    ]


def _not_assessed_rows(flags: Iterable[NotAssessed]) -> list[str]:
    return [
        f"<tr>{_th(n.flag.title, 'row')}{_td(n.reason)}{_td(', '.join(n.missing) or 'none')}</tr>"
        for n in flags
    ]


@render_html.register
def _(value: PowerWarning) -> str:
    caption = "Power over warning (a prompt for reflection)"
    return _table(caption, _WARNING_HEAD, _warning_rows([value]))


@render_html.register
def _(value: NotAssessed) -> str:
    caption = "Not assessed (never a warning)"
    return _table(caption, _NOT_ASSESSED_HEAD, _not_assessed_rows([value]))


@render_html.register
def _(value: WarningReport) -> str:
    parts = []
    if value.warnings:
        caption = "Power over warnings: prompts for reflection, not findings"
        parts.append(_table(caption, _WARNING_HEAD, _warning_rows(value.warnings)))
    else:
        parts.append(_p("No warning was raised."))
    if value.not_assessed:
        caption = "Not assessed (never a warning)"
        parts.append(_table(caption, _NOT_ASSESSED_HEAD, _not_assessed_rows(value.not_assessed)))
    quiet = "; ".join(f.title for f in value.quiet) or "none"
    disabled = "; ".join(f.title for f in value.disabled) or "none"
    parts.append(_p(f"Assessed and not raised: {quiet}. Switched off: {disabled}."))
    parts.append(
        _p(
            "Warnings use the coproduction library's rules, not the RRN booklet's; "
            "each is a prompt for reflection, not a verdict.",
            cls="coproduction-note",
        )
    )
    return _section(*parts)


# -- warnings over a cohort -------------------------------------------------------------

_TALLY_HEAD: Final = (
    "Warning",
    "Severity",
    "Rows raising it",
    "Rows not assessed",
    "What the answers suggest",
    "The booklet",
    "The booklet's reasons it may reflect (the library's reading)",
    "To reflect on, from the booklet (the library's reading)",
)


def _tally_rows(tally: WarningTally) -> list[str]:
    """One row per enabled flag: its counts, then its words, reasons and prompts."""

    def row(flag: AnyFlag) -> str:
        severity = tally.rules.rule(flag).severity.label
        counts = _td(str(tally.raised[flag])) + _td(str(tally.not_assessed[flag]))
        words = _td(f"{flag.explanation} {REFLECTION_NOTE}") + _td(flag.passage)
        guidance = list_cell(r.label for r in flag.reasons) + list_cell(
            str(p) for p in flag.prompts
        )
        return f"<tr>{_th(flag.title, 'row')}{_td(severity)}{counts}{words}{guidance}</tr>"

    return [row(flag) for flag in tally.flags]


def _tally_parts(tally: WarningTally, caption: str) -> list[str]:
    disabled = "; ".join(f.title for f in tally.disabled) or "none"
    return [
        _table(caption, _TALLY_HEAD, _tally_rows(tally)) if tally.flags else "",
        _p(f"Switched off: {disabled}."),
        _p(
            "Warnings use the coproduction library's rules, not the RRN booklet's; "
            "each is a prompt for reflection, not a finding about anyone. Missing "
            "answers never raise a warning: those rows are counted as not assessed.",
            cls="coproduction-note",
        ),
    ]


@render_html.register
def _(value: WarningTally) -> str:
    caption = (
        f"Power over warnings across {value.rows} responses: prompts for reflection, not findings"
    )
    return _section(*_tally_parts(value, caption))


@render_html.register
def _(value: CohortWarnings) -> str:
    rows, flags = value.raised.shape
    caption = f"Power over warnings across {rows} rows: prompts for reflection, not findings"
    summary = _p(
        f"Which warnings each of {rows} rows raises: the arrays raised and assessed, "
        f"each an array of shape {value.raised.shape} (rows by the {flags} flags the "
        "rules enable); counted here."
    )
    return _section(summary, *_tally_parts(value.tally(), caption))
