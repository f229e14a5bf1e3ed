"""What the command line reads and writes as JSON: mixed inputs, and the shipped schemas' text."""

from __future__ import annotations

import json

from coproduction._checks import repeated_id
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction.exceptions import Problem, ValidationError
from coproduction.io._text import parse
from coproduction.io.fhir import from_resource
from coproduction.io.json import from_dict, schema

__all__ = ["read_documents", "schema_text"]


def read_documents(text: str | bytes) -> list[object]:
    """Every value of a JSON input: one document, an array of documents, or FHIR.

    The text is parsed strictly (:func:`coproduction.io._text.parse`); a JSON
    object with a ``resourceType`` is read by
    :func:`~coproduction.io.fhir.from_resource`, anything else by
    :func:`~coproduction.io.json.from_dict`, each element of an array in
    turn. Within one input no two responses share a respondent id and no two
    assessments a setting id (as in a CSV file).

    Raises:
        ValidationError: Every problem of every document, located as ``$[i]...``
            for the elements of an array.
    """
    document = parse(text)
    if isinstance(document, dict) and "resourceType" in document:
        return list(from_resource(document))
    documents = document if isinstance(document, list) else [document]
    values: list[object] = []
    problems: list[Problem] = []
    seen: dict[object, str] = {}
    for i, doc in enumerate(documents):
        prefix = f"$[{i}]" if isinstance(document, list) else "$"
        try:
            value = from_dict(doc)
        except ValidationError as error:
            problems.extend(
                Problem(prefix + p.location.removeprefix("$"), p.message) for p in error.problems
            )
            continue
        values.append(value)
        field = {EvaluationResponse: "respondent", ReadinessAssessment: "setting"}.get(type(value))
        key = None if field is None else getattr(value, field)
        if problem := repeated_id(seen, key, f"$[{i}]", f"{prefix}.{field}", scope=type(value)):
            problems.append(problem)
    if problems:
        raise ValidationError("JSON input", problems)
    return values


def schema_text(kind: type) -> str:
    """A shipped schema file's text: :func:`~coproduction.io.json.schema`'s, indented by 2."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"
