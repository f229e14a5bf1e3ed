"""Strict JSON text: UTF-8 only, no NaN or Infinity, no key given twice.

The one JSON parser of the library's readers (:mod:`coproduction.io.json`, the
command line, the fuzz tests).
"""

from __future__ import annotations

import collections
import json

from coproduction.exceptions import Problem, ValidationError

__all__ = ["parse", "refuse_constant"]


def parse(text: str | bytes) -> object:
    """Parse JSON text strictly: UTF-8 only, no NaN or Infinity, no key given twice.

    A key given twice in one object is refused wherever it is (an answer, the
    ``respondent``, a FHIR element): Python's parser would keep the last value
    silently. Each duplicate is located by its JSON path.

    Raises:
        ValidationError: The text is not UTF-8 or not JSON (with line and column),
            or an object has a key twice.
    """
    what = "JSON document"
    untrusted: object = text  # checked at run time, whatever the annotations say
    if not isinstance(untrusted, str | bytes | bytearray):
        msg = f"expected JSON text (str or bytes), got {type(untrusted).__name__}"
        raise ValidationError(what, [Problem("text", msg)])
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            where = f"byte {error.start}"
            raise ValidationError(what, [Problem(where, "not UTF-8 text")]) from None
    repeated: list[tuple[dict[str, object], list[str]]] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        obj = dict(items)
        if len(obj) != len(items):
            counts = collections.Counter(k for k, _ in items)
            repeated.append((obj, [k for k, n in counts.items() if n > 1]))
        return obj

    try:
        document = json.loads(text, parse_constant=refuse_constant, object_pairs_hook=pairs)
    except (ValueError, RecursionError) as error:
        where = (
            f"line {error.lineno}, column {error.colno}"
            if isinstance(error, json.JSONDecodeError)
            else "$"
        )
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise ValidationError(what, [Problem(where, f"not JSON: {message}")]) from None
    if repeated:
        found = paths(document, {id(obj) for obj, _ in repeated})
        raise ValidationError(
            what,
            [
                Problem(
                    f"{found.get(id(obj), '$(replaced)')}[{key!r}]",
                    "this key is given more than once; the last would silently win",
                )
                for obj, keys in repeated
                for key in keys
            ],
        )
    return document


def paths(document: object, wanted: set[int]) -> dict[int, str]:
    """The JSON path of each object whose ``id`` is wanted (an iterative walk)."""
    found: dict[int, str] = {}
    stack: list[tuple[object, str]] = [(document, "$")]
    while stack and len(found) < len(wanted):
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in wanted:
                found[id(node)] = path
            stack.extend((v, f"{path}[{k!r}]") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))
    return found


def refuse_constant(name: str) -> object:
    """Refuse ``NaN``, ``Infinity`` and ``-Infinity``, which Python's parser would accept."""
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)
