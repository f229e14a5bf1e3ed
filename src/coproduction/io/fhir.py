"""HL7 FHIR: both instruments as ``Questionnaire`` resources, answers as ``QuestionnaireResponse``.

Resources are plain dicts, ready for ``json.dumps``; no FHIR library is needed at
run time. Item ``linkId`` values are the library's item and question ids; group
items are the evaluation's domains and the Readiness Checker's activities (in the
booklet's order, which is not a ranking). Answer options are codings in this
library's code systems, with the **library's scoring convention** as the ordinal
value (R4: the ``ordinalValue`` extension; R5: ``itemWeight``).

Importing a ``QuestionnaireResponse`` (or a ``Bundle`` of them) checks what FHIR
validators do not: the ``questionnaire`` canonical names one of these
questionnaires, every ``linkId`` is known and in its group, every answer is one of
the item's options, and no item is answered twice. Every problem is reported at
once with its FHIRPath-like location.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Final, Literal, TypeAlias, TypeVar

from coproduction import _booklet as b
from coproduction._checks import expect, option, refuse, repeated_id
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import FHIR_EXTENSION, FROM_FHIR, Missing
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import EvaluationConventions, ReadinessConventions
from coproduction.exceptions import Problem, ValidationError

__all__ = ["BASE", "from_resource", "questionnaire", "to_resource"]

#: The base of every canonical URL this library gives its FHIR resources.
BASE: Final = "https://coproduction.readthedocs.io/fhir"
#: The FHIR release written: R4 (``choice`` items) or R5 (``coding`` items).
FhirVersion: TypeAlias = Literal["R4", "R5"]
#: The RRN Coproduction Evaluation or the RRN Readiness Checker.
Instrument: TypeAlias = Literal["evaluation", "readiness"]
_A = TypeVar("_A", Frequency, ReadinessAnswer)

_QUESTIONNAIRE_URL: Final[dict[Instrument, str]] = {
    "evaluation": f"{BASE}/Questionnaire/rrn-coproduction-evaluation",
    "readiness": f"{BASE}/Questionnaire/rrn-readiness-checker",
}
_SYSTEM: Final[dict[Instrument, str]] = {
    "evaluation": f"{BASE}/CodeSystem/rrn-frequency",
    "readiness": f"{BASE}/CodeSystem/rrn-readiness-answer",
}
_ID_SYSTEM: Final = f"{BASE}/NamingSystem/pseudonymous-id"
_ORDINAL: Final = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
_ITEM_WEIGHT: Final = "http://hl7.org/fhir/StructureDefinition/itemWeight"
_PARTLY_NOTE: Final = (
    "The booklet asks yes/no questions; 'Partly' is a convention of the coproduction "
    "library for partial implementation, not part of the RRN Readiness Checker."
)
_ORDINAL_NOTE: Final = (
    "Ordinal values are the coproduction library's scoring convention; the booklet gives no scores."
)


def _copyright() -> str:
    return (
        f"{b.CITATION} Version {b.VERSION}. Licensed under the {b.LICENCE_NAME} "
        f"({b.LICENCE}), {b.LICENCE_URL}. Reproduced verbatim with attribution."
    )


def _option(
    system: str, code: str, label: str, weight: float, version: FhirVersion
) -> dict[str, Any]:
    url = _ORDINAL if version == "R4" else _ITEM_WEIGHT
    return {
        "valueCoding": {
            "extension": [{"url": url, "valueDecimal": weight}],
            "system": system,
            "code": code,
            "display": label,
        }
    }


def _question(link_id: str, text: str, options: list[Any], version: FhirVersion) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link_id, "text": text}
    if version == "R4":
        item["type"] = "choice"
    else:
        item["type"] = "coding"
        item["answerConstraint"] = "optionsOnly"
    item["required"] = False  # an unanswered item is allowed, and never scored as the lowest
    item["repeats"] = False
    item["answerOption"] = options
    return item


def questionnaire(instrument: Instrument, *, fhir_version: FhirVersion = "R4") -> dict[str, Any]:
    """Export an instrument as a FHIR ``Questionnaire`` resource (R4 or R5).

    Args:
        instrument: ``"evaluation"`` or ``"readiness"``.
        fhir_version: ``"R4"`` (``choice`` items, ``ordinalValue``) or ``"R5"``
            (``coding`` items with ``answerConstraint``, ``itemWeight``).

    >>> q = questionnaire("evaluation")
    >>> q["url"]
    'https://coproduction.readthedocs.io/fhir/Questionnaire/rrn-coproduction-evaluation'
    >>> q["version"], q["item"][1]["linkId"], q["item"][1]["item"][0]["linkId"]
    ('1.C', 'support', 'support_1')

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    option(instrument, Instrument, "instrument", problems)
    option(fhir_version, FhirVersion, "fhir_version", problems)
    refuse("FHIR Questionnaire", problems)
    system = _SYSTEM[instrument]
    if instrument == "evaluation":
        ev = COPRODUCTION_EVALUATION
        points = EvaluationConventions().points
        options = [_option(system, f.value, f.label, points[f], fhir_version) for f in Frequency]
        items: list[Any] = [
            {"linkId": "stem", "text": ev.stem, "type": "display"},
            *(
                {
                    "linkId": domain.value,
                    "text": domain.label,
                    "type": "group",
                    "item": [
                        _question(item.id, item.text, options, fhir_version)
                        for item in ev.items_in(domain)
                    ],
                }
                for domain in ev.domains
            ),
        ]
        name, title, description = "RRNCoproductionEvaluation", ev.name, ev.introduction
    else:
        rc = READINESS_CHECKER
        weights = ReadinessConventions().points
        options = [
            _option(system, a.value, a.label, weights[a], fhir_version) for a in ReadinessAnswer
        ]
        items = [
            {
                "linkId": activity.value,
                "text": activity.label,
                "type": "group",
                "item": [
                    _question(
                        q.id, rc.question(q.activity, q.dimension).text, options, fhir_version
                    )
                    for q in rc.questions
                    if q.activity is activity
                ],
            }
            for activity in rc.activities
        ]
        name, title = "RRNReadinessChecker", rc.name
        description = f"{rc.introduction}\n\n{_PARTLY_NOTE}"
    return {
        "resourceType": "Questionnaire",
        "id": _QUESTIONNAIRE_URL[instrument].rsplit("/", 1)[1],
        "url": _QUESTIONNAIRE_URL[instrument],
        "version": b.VERSION,
        "name": name,
        "title": title,
        "status": "active",
        "publisher": "Restraint Reduction Network (instrument); coproduction library (encoding)",
        "description": f"{description}\n\n{_ORDINAL_NOTE}",
        "copyright": _copyright(),
        "item": items,
    }


def to_resource(
    value: EvaluationResponse | ReadinessAssessment, *, fhir_version: FhirVersion = "R4"
) -> dict[str, Any]:
    """Export a response or assessment as a FHIR ``QuestionnaireResponse``.

    Unanswered items are left out (an unanswered item is not an answer), unless
    their kind of missing is known: an item whose answer is absent for a reason
    (:class:`~coproduction.Missing`, other than not answered) is written without
    an answer, carrying FHIR's standard ``data-absent-reason`` extension with the
    reason's code (``not-asked``, ``asked-declined``, ``asked-unknown``,
    ``not-applicable``). The respondent's (or setting's) pseudonymous id is the
    ``identifier``; the date is ``authored``. FHIR carries answers, the id and the
    date only: a response with a level or activities is refused, rather than
    exported without them.

    Raises:
        ValidationError: ``value`` is not a response or an assessment, or the
            response has a level or activities.

    >>> r = EvaluationResponse.from_labels({"trust_1": "Sometimes"}, respondent="R-1")
    >>> qr = to_resource(r)
    >>> qr["item"][0]["item"][0]["answer"][0]["valueCoding"]["code"]
    'sometimes'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The kinds of missing, as ``data-absent-reason`` extensions on the items.
    """
    problems: list[Problem] = []
    expect(value, (EvaluationResponse, ReadinessAssessment), "value", problems)
    option(fhir_version, FhirVersion, "fhir_version", problems)
    refuse("FHIR export", problems)
    kinds: Mapping[Any, Missing] = value.missing
    if isinstance(value, EvaluationResponse):
        problems = [
            Problem(name, "FHIR export carries answers, id and date only; use JSON to keep it")
            for name in ("level", "activities", "preferred_activities")
            if getattr(value, name)
        ]
        if problems:
            raise ValidationError("FHIR export", problems)
        instrument: Instrument = "evaluation"
        key, date = value.respondent, value.date
        groups: list[tuple[str, list[tuple[str, Frequency | ReadinessAnswer | None, Any]]]] = [
            (
                domain.value,
                [
                    (item.id, value.answers[item.id], item.id)
                    for item in COPRODUCTION_EVALUATION.items_in(domain)
                ],
            )
            for domain in COPRODUCTION_EVALUATION.domains
        ]
    else:
        instrument = "readiness"
        key, date = value.setting, value.date
        groups = [
            (
                activity.value,
                [
                    (q.id, value.answers[q.activity, q.dimension], (q.activity, q.dimension))
                    for q in READINESS_CHECKER.questions
                    if q.activity is activity
                ],
            )
            for activity in READINESS_CHECKER.activities
        ]
    system = _SYSTEM[instrument]
    items = []
    for group, answers in groups:
        answered = [
            {
                "linkId": link_id,
                "answer": [
                    {"valueCoding": {"system": system, "code": a.value, "display": a.label}}
                ],
            }
            if a is not None
            else {
                "linkId": link_id,
                "extension": [{"url": FHIR_EXTENSION, "valueCode": kinds[key].fhir_code}],
            }
            for link_id, a, key in answers
            if a is not None or kinds[key].fhir_code is not None
        ]
        if answered:
            items.append({"linkId": group, "item": answered})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{_QUESTIONNAIRE_URL[instrument]}|{b.VERSION}",
        "status": "completed",
    }
    if key is not None:
        identifier = {"system": _ID_SYSTEM, "value": key}
        resource["identifier"] = identifier if fhir_version == "R4" else [identifier]
    if date is not None:
        resource["authored"] = date.isoformat()
    if items:
        resource["item"] = items
    return resource


def _structure(instrument: Instrument) -> dict[str, dict[str, object]]:
    """Group linkId to {item linkId: the answer member for each code}."""
    if instrument == "evaluation":
        return {
            d.value: {i.id: None for i in COPRODUCTION_EVALUATION.items_in(d)}
            for d in COPRODUCTION_EVALUATION.domains
        }
    return {
        a.value: {q.id: None for q in READINESS_CHECKER.questions if q.activity is a}
        for a in READINESS_CHECKER.activities
    }


def _instrument_of(canonical: object, where: str, problems: list[Problem]) -> Instrument | None:
    if not isinstance(canonical, str):
        problems.append(Problem(f"{where}.questionnaire", "missing; expected one of " + _known()))
        return None
    url, _, version = canonical.partition("|")
    for instrument, known in _QUESTIONNAIRE_URL.items():
        if url == known:
            if version and version != b.VERSION:
                problems.append(
                    Problem(
                        f"{where}.questionnaire",
                        f"version {version!r}; this library holds version {b.VERSION}",
                    )
                )
                return None
            return instrument
    problems.append(
        Problem(f"{where}.questionnaire", f"unknown {canonical!r}; expected {_known()}")
    )
    return None


def _known() -> str:
    return " or ".join(repr(u) for u in _QUESTIONNAIRE_URL.values())


def _answer(
    entry: object, members: type[_A], instrument: Instrument, where: str, problems: list[Problem]
) -> _A | None:
    codes = {m.value: m for m in members}
    coding = entry.get("valueCoding") if isinstance(entry, Mapping) else None
    code = coding.get("code") if isinstance(coding, Mapping) else None
    if (
        isinstance(entry, Mapping)
        and set(entry) <= {"valueCoding", "extension", "id"}
        and isinstance(coding, Mapping)
        and coding.get("system") == _SYSTEM[instrument]
        and isinstance(code, str)
        and code in codes
    ):
        return codes[code]
    problems.append(
        Problem(
            where,
            f"expected a valueCoding with system {_SYSTEM[instrument]!r} and code one of "
            f"{', '.join(codes)}",
        )
    )
    return None


#: The elements of each FHIR structure this reader reads (R4 and R5). Any other name
#: is refused: a misspelt ``answers`` or ``entries`` would otherwise drop data
#: silently. ``modifierExtension`` and ``implicitRules`` are refused too: they may
#: change the meaning of what they sit on, and this reader cannot know how.
_RESPONSE_ELEMENTS: Final = frozenset(
    {
        "resourceType",
        "id",
        "meta",
        "language",
        "text",
        "contained",
        "extension",
        "identifier",
        "basedOn",
        "partOf",
        "questionnaire",
        "status",
        "subject",
        "encounter",
        "authored",
        "author",
        "source",
        "item",
    }
)
_ITEM_ELEMENTS: Final = frozenset({"id", "extension", "linkId", "definition", "text", "answer"})
_GROUP_ELEMENTS: Final = _ITEM_ELEMENTS - {"answer"} | {"item"}
_BUNDLE_ELEMENTS: Final = frozenset(
    {
        "resourceType",
        "id",
        "meta",
        "language",
        "identifier",
        "type",
        "timestamp",
        "total",
        "link",
        "entry",
        "signature",
        "issues",
    }
)
_ENTRY_ELEMENTS: Final = frozenset(
    {"id", "extension", "link", "fullUrl", "resource", "search", "request", "response"}
)
#: The ``QuestionnaireResponse.status`` codes whose answers are read. ``in-progress``
#: answers may still change and ``entered-in-error`` ones were recorded in error, so
#: both are refused; ``stopped`` answers are final (the rest stays unanswered).
_ACCEPTED_STATUSES: Final = ("completed", "amended", "stopped")
#: FHIR's ``dateTime`` grammar, limited to a full day (a score needs the day):
#: ``YYYY-MM-DD``, optionally with a time that then carries its time zone.
_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?"
)


def _unknown_elements(
    node: Mapping[Any, Any], known: frozenset[str], where: str, problems: list[Problem]
) -> None:
    """Refuse every element name a structure does not have (or that this reader refuses)."""
    problems.extend(
        Problem(
            # A name that is not plain text is named in the message only, escaped.
            f"{where}.{name}" if isinstance(name, str) and name.isascii() else where,
            f"unknown or unsupported element {name!r}; expected only {', '.join(sorted(known))}",
        )
        for name in node
        if name not in known
    )


def _link(node: Mapping[str, Any], where: str, problems: list[Problem]) -> str | None:
    link = node.get("linkId")
    if isinstance(link, str):
        return link
    problems.append(Problem(f"{where}.linkId", f"expected a linkId as text, got {link!r}"))
    return None


def _list_of(
    node: Mapping[str, Any], name: str, where: str, what: str, problems: list[Problem]
) -> list[Any]:
    """A repeating element: absent is empty; anything but a JSON array (null too) is refused."""
    if name not in node:
        return []
    value = node[name]
    if isinstance(value, list):
        return value
    got = "null" if value is None else type(value).__name__
    problems.append(Problem(f"{where}.{name}", f"expected a list of {what}, got {got}"))
    return []


def _extensions(
    element: Mapping[str, Any], where: str, found: list[Problem]
) -> list[Mapping[str, Any]]:
    """An element's extensions, each checked as FHIR shapes it: an object with a text ``url``.

    A misshapen list is refused, not passed over: it could hide a data-absent-reason
    (the item would then read as not answered, a different kind of missing).
    """
    extensions = element.get("extension", [])
    if not isinstance(extensions, list) or (not extensions and "extension" in element):
        found.append(Problem(f"{where}.extension", "expected a non-empty list of extensions"))
        return []
    shaped: list[Mapping[str, Any]] = []
    for e, extension in enumerate(extensions):
        if not isinstance(extension, Mapping) or not isinstance(extension.get("url"), str):
            found.append(Problem(f"{where}.extension[{e}]", "expected an object with a text url"))
        else:
            shaped.append(extension)
    return shaped


def _absence(item: Mapping[str, Any], where: str, found: list[Problem]) -> Missing | None:
    """The kind of missing an item's ``data-absent-reason`` extension gives, if any."""
    kinds: list[Missing] = []
    for e, extension in enumerate(_extensions(item, where, found)):
        if extension.get("url") != FHIR_EXTENSION:
            continue  # another extension: FHIR lets readers pass over what they do not know
        code = extension.get("valueCode")
        if set(extension) != {"url", "valueCode"} or code not in FROM_FHIR:
            accepted = ", ".join(FROM_FHIR)
            found.append(
                Problem(
                    f"{where}.extension[{e}]",
                    f"expected a data-absent-reason valueCode, one of {accepted}; "
                    f"got {code!r} (no kind of missing in this library reads it)",
                )
            )
            continue
        kinds.append(FROM_FHIR[code])
    if len(kinds) > 1:
        found.append(Problem(f"{where}.extension", "expected at most one data-absent-reason"))
        return None
    if kinds and item.get("answer"):
        found.append(
            Problem(f"{where}.extension", "an item with an answer has no data-absent-reason")
        )
        return None
    return kinds[0] if kinds else None


def _items(  # noqa: C901 - one check per FHIR element, in document order
    resource: Mapping[str, Any],
    structure: dict[str, dict[str, object]],
    members: type[_A],
    instrument: Instrument,
    where: str,
    found: list[Problem],
    kinds: dict[str, Missing],
) -> dict[str, _A | None]:
    """Each item's answer (None where absent); ``kinds`` gets the absent ones' reasons."""
    answers: dict[str, _A | None] = {}
    for g, group in enumerate(_list_of(resource, "item", where, "group items", found)):
        at = f"{where}.item[{g}]"
        if not isinstance(group, Mapping):
            found.append(Problem(at, "expected a group item (an object)"))
            continue
        _unknown_elements(group, _GROUP_ELEMENTS, at, found)
        if any(e.get("url") == FHIR_EXTENSION for e in _extensions(group, at, found)):
            found.append(Problem(f"{at}.extension", "a group has no data-absent-reason"))
        link = _link(group, at, found)
        if link is None:
            continue
        if link not in structure:
            found.append(
                Problem(f"{at}.linkId", f"unknown group {link!r}; expected {', '.join(structure)}")
            )
            continue
        for i, item in enumerate(_list_of(group, "item", at, "items", found)):
            here = f"{at}.item[{i}]"
            if not isinstance(item, Mapping):
                found.append(Problem(here, "expected an item (an object)"))
                continue
            _unknown_elements(item, _ITEM_ELEMENTS, here, found)
            item_link = _link(item, here, found)
            if item_link is None:
                continue
            if item_link not in structure[link]:
                found.append(
                    Problem(f"{here}.linkId", f"{item_link!r} is not an item of group {link!r}")
                )
                continue
            if item_link in answers:
                found.append(Problem(f"{here}.linkId", f"{item_link!r} is answered twice"))
                continue
            given = item.get("answer", [])
            if not isinstance(given, list) or len(given) > 1 or (not given and "answer" in item):
                # FHIR has no empty lists: an item without an answer has no "answer".
                found.append(Problem(f"{here}.answer", "expected one answer, or no element"))
                continue
            answers[item_link] = (
                _answer(given[0], members, instrument, f"{here}.answer[0]", found)
                if given
                else None
            )
            if (kind := _absence(item, here, found)) is not None:
                kinds[item_link] = kind
    return answers


def _status(value: object, where: str, problems: list[Problem]) -> None:
    if not isinstance(value, str) or value not in _ACCEPTED_STATUSES:
        problems.append(
            Problem(
                f"{where}.status",
                f"expected one of {', '.join(_ACCEPTED_STATUSES)}, got {value!r}; "
                "in-progress and entered-in-error responses are not read",
            )
        )


def _response(resource: Mapping[str, Any], where: str, problems: list[Problem]) -> object:
    found: list[Problem] = []
    if resource.get("resourceType") != "QuestionnaireResponse":
        problems.append(Problem(f"{where}.resourceType", "expected 'QuestionnaireResponse'"))
        return None
    instrument = _instrument_of(resource.get("questionnaire"), where, found)
    if instrument is None:
        problems.extend(found)
        return None
    _unknown_elements(resource, _RESPONSE_ELEMENTS, where, found)
    _status(resource.get("status"), where, found)
    kinds: dict[str, Missing] = {}
    structure = _structure(instrument)
    evaluation: dict[str, Frequency | None] | None = None
    readiness: dict[str, ReadinessAnswer | None] = {}
    if instrument == "evaluation":
        evaluation = _items(resource, structure, Frequency, instrument, where, found, kinds)
    else:
        readiness = _items(resource, structure, ReadinessAnswer, instrument, where, found, kinds)
    key = _identifier(resource.get("identifier"), where, found)
    date = _authored(resource.get("authored"), where, found)
    problems.extend(found)
    if found:
        return None
    try:
        if evaluation is not None:
            return EvaluationResponse(evaluation, respondent=key, date=date, missing=kinds)
        cells = {
            (q.activity, q.dimension): readiness.get(q.id) for q in READINESS_CHECKER.questions
        }
        absent = {
            (q.activity, q.dimension): kinds[q.id]
            for q in READINESS_CHECKER.questions
            if q.id in kinds
        }
        return ReadinessAssessment(cells, setting=key, date=date, missing=absent)
    except ValidationError as error:
        problems.extend(Problem(f"{where}: {p.location}", p.message) for p in error.problems)
        return None


def _identifier(value: object, where: str, problems: list[Problem]) -> str | None:
    """The one pseudonymous id (system :data:`_ID_SYSTEM`); other identifiers are not ours."""
    if value is None:
        return None
    candidates = value if isinstance(value, list) else [value]
    ours = [c for c in candidates if isinstance(c, Mapping) and c.get("system") == _ID_SYSTEM]
    if len(ours) == 1 and isinstance(ours[0].get("value"), str) and ours[0]["value"].strip():
        return str(ours[0]["value"])
    problems.append(
        Problem(
            f"{where}.identifier",
            f"expected one identifier with system {_ID_SYSTEM!r} and a non-empty value"
            + (f", got {len(ours)}" if len(ours) > 1 else ""),
        )
    )
    return None


def _authored(value: object, where: str, problems: list[Problem]) -> dt.date | None:
    """The day of ``authored``, as written (a time's zone does not move the day)."""
    if value is None:
        return None
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        try:
            return dt.date.fromisoformat(match["date"])
        except ValueError:
            pass
    problems.append(
        Problem(
            f"{where}.authored",
            f"expected a FHIR date (YYYY-MM-DD) or dateTime with a time zone, got {value!r}",
        )
    )
    return None


def _check_unique(
    value: EvaluationResponse | ReadinessAssessment,
    where: str,
    seen: dict[object, str],
    problems: list[Problem],
) -> None:
    """Refuse a respondent (or setting) id already used by an earlier entry of the Bundle."""
    key = value.respondent if isinstance(value, EvaluationResponse) else value.setting
    location = f"{where}.identifier"
    if problem := repeated_id(seen, key, where, location, scope=type(value)):
        problems.append(problem)


def from_resource(
    resource: Mapping[str, Any],
) -> tuple[EvaluationResponse | ReadinessAssessment, ...]:
    """Import a ``QuestionnaireResponse``, or a ``Bundle`` of them, strictly.

    Returns:
        One response (or assessment) per ``QuestionnaireResponse``, in order.

    What is read, and what is refused (``docs/formats.md`` has the full table):

    * every element name must be one the structure has (a misspelt ``answers`` or
      ``entries`` is refused, never skipped); ``modifierExtension`` and
      ``implicitRules`` are refused, as they may change the meaning;
    * ``status`` must be ``completed``, ``amended`` or ``stopped``;
    * ``authored`` must be a full FHIR date or dateTime (``2024-05-01`` or
      ``2024-05-01T09:30:00+01:00``); the day is read as written;
    * in a ``Bundle``, ``entry`` must be a list (absent: no responses) and no two
      responses (or two assessments) may share an id.

    Raises:
        ValidationError: Listing every problem with its location, e.g.
            ``Bundle.entry[2].resource.item[0].item[1].answer[0]``.

    >>> from_resource(to_resource(EvaluationResponse.from_labels({"trust_1": 2})))[0].answered
    1

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    values: list[EvaluationResponse | ReadinessAssessment] = []
    seen: dict[object, str] = {}
    untrusted: object = resource
    if not isinstance(untrusted, Mapping):
        raise ValidationError("FHIR resource", [Problem("$", "expected a JSON object")])
    if untrusted.get("resourceType") == "Bundle":
        _unknown_elements(untrusted, _BUNDLE_ELEMENTS, "Bundle", problems)
        entries = _list_of(untrusted, "entry", "Bundle", "entries", problems)
        for k, entry in enumerate(entries):
            if isinstance(entry, Mapping):
                _unknown_elements(entry, _ENTRY_ELEMENTS, f"Bundle.entry[{k}]", problems)
            inner = entry.get("resource") if isinstance(entry, Mapping) else None
            where = f"Bundle.entry[{k}].resource"
            if not isinstance(inner, Mapping):
                problems.append(Problem(where, "expected a QuestionnaireResponse"))
                continue
            value = _response(inner, where, problems)
            if isinstance(value, EvaluationResponse | ReadinessAssessment):
                _check_unique(value, where, seen, problems)
                values.append(value)
    else:
        value = _response(untrusted, "QuestionnaireResponse", problems)
        if isinstance(value, EvaluationResponse | ReadinessAssessment):
            values.append(value)
    if problems:
        raise ValidationError("FHIR resource", problems)
    return tuple(values)
