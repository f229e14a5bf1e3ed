"""Printable forms of the two instruments, verbatim, with the booklet's citation and licence."""

from __future__ import annotations

import html
from typing import Literal

from coproduction import _booklet as b
from coproduction._checks import option, refuse
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    ReadinessAnswer,
)
from coproduction.exceptions import Problem

__all__ = ["render_form"]

_PARTLY_NOTE = (
    "The booklet asks yes/no questions. 'Partly' is a convention of the coproduction "
    "library, for partial implementation; it is not part of the RRN Readiness Checker."
)


def _source_lines() -> list[str]:
    return [
        f"Source: {b.CITATION} Version {b.VERSION}.",
        (
            f"Licensed under the {b.LICENCE_NAME} ({b.LICENCE}), {b.LICENCE_URL}. "
            "Reproduced verbatim, with attribution; do not reword it or use it commercially."
        ),
    ]


def _evaluation_markdown() -> str:
    ev = COPRODUCTION_EVALUATION
    scale = [f.label for f in ev.scale]
    lines = [f"# {ev.name}", "", ev.introduction, "", ev.respondents, "", f"**{ev.stem}**", ""]
    for domain in ev.domains:
        lines += [f"## {domain.label}", ""]
        lines.append("| Statement | " + " | ".join(scale) + " |")
        lines.append("|---|" + "---|" * len(scale))
        lines.extend(f"| {item.text} |" + " ☐ |" * len(scale) for item in ev.items_in(domain))
        lines.append("")
    return "\n".join([*lines, *(f"_{line}_" for line in _source_lines())]) + "\n"


def _readiness_markdown() -> str:
    rc = READINESS_CHECKER
    answers = " ".join(f"☐ {a.label}" for a in ReadinessAnswer)
    lines = [f"# {rc.name}", "", rc.introduction, ""]
    lines.append("| Activity | " + " | ".join(d.label for d in rc.dimensions) + " |")
    lines.append("|---|" + "---|" * len(rc.dimensions))
    for activity in rc.activities:
        cells = [f"{rc.question(activity, d).text} {answers}" for d in rc.dimensions]
        lines.append(f"| {activity.label} | " + " | ".join(cells) + " |")
    lines += ["", f"_{_PARTLY_NOTE}_", ""]
    return "\n".join([*lines, *(f"_{line}_" for line in _source_lines())]) + "\n"


def _page(title: str, body: list[str]) -> str:
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #444;padding:.4em;vertical-align:top}"
        "@media print{body{margin:0}}"
    )
    source = "".join(f"<p><small>{html.escape(line)}</small></p>" for line in _source_lines())
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n{source}\n</body>\n</html>\n"
    )


def _evaluation_html() -> str:
    ev = COPRODUCTION_EVALUATION
    e = html.escape
    body = [f"<h1>{e(ev.name)}</h1>", f"<p>{e(ev.introduction)}</p>", f"<p>{e(ev.respondents)}</p>"]
    body.append(f"<p><strong>{e(ev.stem)}</strong></p>")
    head = "".join(f"<th>{e(f.label)}</th>" for f in ev.scale)
    for domain in ev.domains:
        rows = "".join(
            f"<tr><td>{e(item.text)}</td>" + "<td>☐</td>" * len(ev.scale) + "</tr>"
            for item in ev.items_in(domain)
        )
        body.append(
            f"<h2>{e(domain.label)}</h2><table><tr><th>Statement</th>{head}</tr>{rows}</table>"
        )
    return _page(ev.name, body)


def _readiness_html() -> str:
    rc = READINESS_CHECKER
    e = html.escape
    answers = " ".join(f"☐&nbsp;{e(a.label)}" for a in ReadinessAnswer)
    head = "".join(f"<th>{e(d.label)}</th>" for d in rc.dimensions)
    rows = "".join(
        f"<tr><th>{e(a.label)}</th>"
        + "".join(f"<td>{e(rc.question(a, d).text)}<br>{answers}</td>" for d in rc.dimensions)
        + "</tr>"
        for a in rc.activities
    )
    body = [
        f"<h1>{e(rc.name)}</h1>",
        f"<p>{e(rc.introduction)}</p>",
        f"<table><tr><th>Activity</th>{head}</tr>{rows}</table>",
        f"<p><em>{e(_PARTLY_NOTE)}</em></p>",
    ]
    return _page(rc.name, body)


def render_form(
    instrument: Literal["evaluation", "readiness"], form: Literal["markdown", "html"]
) -> str:
    """Render an instrument as a printable form, its wording verbatim from the booklet.

    The form ends with the booklet's citation and licence (CC BY-NC-ND 4.0).

    Args:
        instrument: ``"evaluation"`` (the RRN Coproduction Evaluation) or
            ``"readiness"`` (the RRN Readiness Checker).
        form: ``"markdown"`` or ``"html"`` (a standalone page, ready to print).

    >>> print(render_form("evaluation", "markdown").splitlines()[0])
    # RRN Coproduction Evaluation

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    option(instrument, Literal["evaluation", "readiness"], "instrument", problems)
    option(form, Literal["markdown", "html"], "form", problems)
    refuse("form", problems)
    renderers = {
        ("evaluation", "markdown"): _evaluation_markdown,
        ("evaluation", "html"): _evaluation_html,
        ("readiness", "markdown"): _readiness_markdown,
        ("readiness", "html"): _readiness_html,
    }
    return renderers[instrument, form]()
