"""Structure-aware mutations of JSON-like trees: what a hand-edited or broken file holds."""

from __future__ import annotations

import copy
from typing import Any, Final

from hypothesis import strategies as st

import coproduction as cp

#: Text a reader gives meaning to, so that mutations reach deep into the checks.
TOKENS: Final = [
    *(f.value for f in cp.Frequency),
    *(a.value for a in cp.ReadinessAnswer),
    *cp.COPRODUCTION_EVALUATION.item_ids,
    *(q.id for q in cp.READINESS_CHECKER.questions),
    *(d.value for d in cp.Domain),
    *(a.value for a in cp.Activity),
    *(level.value for level in cp.Level),
    "schema",
    "version",
    "answers",
    "respondent",
    "setting",
    "date",
    "reason",
    "resourceType",
    "QuestionnaireResponse",
    "Bundle",
    "entry",
    "resource",
    "item",
    "linkId",
    "answer",
    "valueCoding",
    "system",
    "code",
    "status",
    "completed",
    "entered-in-error",
    "authored",
    "identifier",
    "value",
    "questionnaire",
    "2024-05-01",
    "2024-02-30",
    "2024-05-01T10:00:00Z",
    "2024-05-01junk",
    "coproduction/evaluation-response",
    "coproduction/cohort-summary",
    "",
    " ",
    "R-1",
    "\ud800",
    "\u202e",
    "=cmd",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(),
    st.just(10**4000),  # longer than any message shows; Python prints up to 4,300 digits
    st.floats(),
    st.sampled_from(TOKENS),
    st.text(max_size=12),
)
#: Any JSON value (and, for from_dict, NaN and infinities), nested a little.
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(TOKENS) | st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _slots(node: object) -> list[tuple[Any, Any]]:
    """Every (container, key) of a tree, in a fixed order."""
    found: list[tuple[Any, Any]] = []
    stack: list[object] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key in sorted(current, key=repr):
                found.append((current, key))
                stack.append(current[key])
        elif isinstance(current, list):
            for index, element in enumerate(current):
                found.append((current, index))
                stack.append(element)
    return found


@st.composite
def mutated(draw: st.DrawFn, base: object, most: int = 4) -> object:
    """``base`` with up to ``most`` values replaced, deleted, added or duplicated."""
    tree: Any = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, most))):
        slots = _slots(tree)
        if not slots or draw(st.integers(0, 30)) == 0:
            return draw(json_values)  # now and then, something else entirely
        container, key = draw(st.sampled_from(slots))
        operation = draw(st.sampled_from(["replace", "replace", "delete", "add", "copy"]))
        if operation == "replace":
            container[key] = draw(json_values)
        elif operation == "delete":
            del container[key]
        elif operation == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(TOKENS))] = draw(json_values)
        elif operation == "add":
            container.insert(key, draw(json_values))
        elif isinstance(container, list):
            container.append(copy.deepcopy(container[key]))
        else:  # copy a value under another name of the same object
            container[draw(st.sampled_from(TOKENS))] = copy.deepcopy(container[key])
    return tree
