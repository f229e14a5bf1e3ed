"""JSON documents for the library's value objects, through a private cattrs converter.

Every document is a JSON object with two tags, ``"schema"`` (``"coproduction/<kind>"``)
and ``"version"`` (``1``), and the object's fields. Enums are written as their
documented text codes (``"sometimes"``, ``"listened_to"``), dates as ISO
``YYYY-MM-DD``, readiness cells as question ids (``"listened_to_obligation"``).

Loading is strict, and goes through this module's own :class:`cattrs.Converter`
(never the global one): unknown keys, wrong types (``5`` for text, ``true`` for a
number), codes that are not on the instrument's scale and unknown schema tags are
refused. Every problem is reported at once, with its JSON path, in one
:class:`~coproduction.ValidationError`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import re
import typing
from collections.abc import Callable
from typing import Any, Final, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from coproduction._frozen import FrozenDict
from coproduction._gaps import ChoiceGaps, DomainGap, EvaluationGaps, ReadinessGap
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    CoproductionEvaluation,
    Dimension,
    Domain,
    Frequency,
    ReadinessAnswer,
    ReadinessChecker,
)
from coproduction._power import Activity, Level, Reason
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import DomainScore, EvaluationScore, ReadinessScore
from coproduction._summaries import CohortSummary, ReadinessSummary, RoundChange
from coproduction._suppression import Suppressed
from coproduction._warnings import PowerWarning, WarningReport, WarningRules
from coproduction.exceptions import Problem, ValidationError

__all__ = ["JSON_SCHEMA_VERSION", "from_dict", "from_json", "json_schema", "to_dict", "to_json"]

#: The version written into every JSON document, and the only one read.
JSON_SCHEMA_VERSION: Final = 1

_T = TypeVar("_T")
_Cell = tuple[Activity, Dimension]

#: Each document type and its schema tag.
_KINDS: Final[dict[type, str]] = {
    CoproductionEvaluation: "coproduction/evaluation-instrument",
    ReadinessChecker: "coproduction/readiness-instrument",
    EvaluationResponse: "coproduction/evaluation-response",
    ReadinessAssessment: "coproduction/readiness-assessment",
    EvaluationScore: "coproduction/evaluation-score",
    ReadinessScore: "coproduction/readiness-score",
    EvaluationGaps: "coproduction/evaluation-gaps",
    ReadinessGap: "coproduction/readiness-gap",
    ChoiceGaps: "coproduction/choice-gaps",
    PowerWarning: "coproduction/power-warning",
    WarningReport: "coproduction/warning-report",
    WarningRules: "coproduction/warning-rules",
    CohortSummary: "coproduction/cohort-summary",
    ReadinessSummary: "coproduction/readiness-summary",
    RoundChange: "coproduction/round-change",
}
#: The shipped JSON Schema files, in ``coproduction/schemas/``.
_SCHEMA_FILES: Final[dict[type, str]] = {
    EvaluationResponse: "evaluation-response.v1.schema.json",
    ReadinessAssessment: "readiness-assessment.v1.schema.json",
}
_TAGS: Final[dict[str, type]] = {tag: kind for kind, tag in _KINDS.items()}
_QUESTION_IDS: Final[dict[str, _Cell]] = {
    q.id: (q.activity, q.dimension) for q in READINESS_CHECKER.questions
}
_CELL_IDS: Final[dict[_Cell, str]] = {cell: qid for qid, cell in _QUESTION_IDS.items()}
_ITEM_IDS: Final = frozenset(COPRODUCTION_EVALUATION.item_ids)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Mappings that must name every member of their key's enum (the others may name some).
_COMPLETE: Final[list[object]] = [
    FrozenDict[Frequency, float],
    FrozenDict[ReadinessAnswer, float],
    FrozenDict[Activity, float | None],
    FrozenDict[Dimension, float | None],
    FrozenDict[Domain, DomainGap],
]


class _RefusedError(ValueError):
    """A value refused by a strict hook; its message is shown to the user as it is."""


def _describe(value: object) -> str:
    """Name a JSON value's type as JSON does, with the value when it is short."""
    names = {bool: "boolean", int: "number", float: "number", str: "text", type(None): "null"}
    name = names.get(type(value), "array" if isinstance(value, list) else "object")
    text = json.dumps(value) if not isinstance(value, dict | list) else ""
    if len(text) > 30:
        text = text[:27] + "..."
    return f"{name} {text}".strip()


# --- strict hooks for primitives --------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _RefusedError(f"expected text, got {_describe(value)}")
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _RefusedError(f"expected a whole number, got {_describe(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _RefusedError(f"expected true or false, got {_describe(value)}")
    return value


def _structure_float(value: object, _: type) -> float:
    if type(value) not in {int, float} or not math.isfinite(typing.cast("float", value)):
        raise _RefusedError(f"expected a finite number, got {_describe(value)}")
    return float(typing.cast("float", value))


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is str and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _RefusedError(f"expected a date as text YYYY-MM-DD, got {_describe(value)}")


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    codes = {member.value: member for member in kind}
    accepted = ", ".join(json.dumps(code) for code in codes)

    def structure(value: object, _: type) -> enum.Enum:
        if type(value) is str and value in codes:
            return codes[value]
        raise _RefusedError(f"expected one of {accepted}, got {_describe(value)}")

    return structure


def _structure_cell(value: object, _: type) -> _Cell:
    if type(value) is str and value in _QUESTION_IDS:
        return _QUESTION_IDS[value]
    raise _RefusedError(
        f"expected a Readiness Checker question id such as 'listened_to_obligation', "
        f"got {_describe(value)}"
    )


def _is_frozen_dict(kind: object) -> bool:
    return typing.get_origin(kind) is FrozenDict


def _is_tuple_of(kind: object) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _raise_collected(errors: list[Exception], kind: object) -> None:
    if errors:
        raise IterableValidationError(
            f"While structuring {kind!r}", errors, typing.cast("type", kind)
        )


def _make_converter() -> cattrs.Converter:  # noqa: C901, PLR0915
    """Build the converter; every hook is strict, nothing is guessed."""
    c = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    c.register_structure_hook(str, _structure_str)
    c.register_structure_hook(int, _structure_int)
    c.register_structure_hook(float, _structure_float)
    c.register_structure_hook(bool, _structure_bool)
    c.register_structure_hook(dt.date, _structure_date)
    c.register_unstructure_hook(dt.date, dt.date.isoformat)
    c.register_structure_hook_factory(_is_enum, _enum_hook)
    c.register_unstructure_hook_func(_is_enum, lambda member: member.value)
    c.register_structure_hook_func(lambda t: t == _Cell, _structure_cell)
    c.register_unstructure_hook_func(lambda t: t == _Cell, _CELL_IDS.__getitem__)

    def activity_set(value: object, kind: type) -> frozenset[Activity]:
        if not isinstance(value, list):
            raise _RefusedError(f"expected an array of activity codes, got {_describe(value)}")
        errors: list[Exception] = []
        seen: list[Activity] = []
        for i, element in enumerate(value):
            try:
                member = c.structure(element, Activity)
                if member in seen:
                    raise _RefusedError(f"{json.dumps(element)} is listed twice")  # noqa: TRY301 - collected below, with its path
                seen.append(member)
            except Exception as error:  # noqa: BLE001 - collected, reported with its path
                error.__notes__ = [IterableValidationNote(f"index {i}", i, Activity)]
                errors.append(error)
        _raise_collected(errors, kind)
        return frozenset(seen)

    c.register_structure_hook_func(lambda t: t == frozenset[Activity], activity_set)
    c.register_unstructure_hook_func(
        lambda t: t == frozenset[Activity], lambda s: [a.value for a in Activity if a in s]
    )

    def tuple_factory(kind: object) -> Callable[[object, type], tuple[object, ...]]:
        element_type = typing.get_args(kind)[0]

        def structure(value: object, _: type) -> tuple[object, ...]:
            if not isinstance(value, list):
                raise _RefusedError(f"expected an array, got {_describe(value)}")
            errors: list[Exception] = []
            out: list[object] = []
            for i, element in enumerate(value):
                try:
                    out.append(c.structure(element, element_type))
                except Exception as error:  # noqa: BLE001 - collected with its path
                    error.__notes__ = [IterableValidationNote(f"index {i}", i, element_type)]
                    errors.append(error)
            _raise_collected(errors, kind)
            return tuple(out)

        return structure

    c.register_structure_hook_factory(_is_tuple_of, tuple_factory)

    def frozen_dict_factory(kind: object) -> Callable[[object, type], FrozenDict[Any, Any]]:
        key_type, value_type = typing.get_args(kind)
        complete = kind in _COMPLETE  # every member of the key's enum must be present

        def structure(value: object, _: type) -> FrozenDict[Any, Any]:
            if not isinstance(value, dict):
                raise _RefusedError(f"expected an object, got {_describe(value)}")
            errors: list[Exception] = []
            out: dict[object, object] = {}
            for key, element in value.items():
                try:
                    out[c.structure(key, key_type)] = c.structure(element, value_type)
                except Exception as error:  # noqa: BLE001 - collected with its path
                    error.__notes__ = [IterableValidationNote(f"key {key!r}", key, value_type)]
                    errors.append(error)
            if complete:
                missing = [m.value for m in key_type if m.value not in value]
                if missing:
                    errors.append(_RefusedError(f"missing keys: {', '.join(missing)}"))
            _raise_collected(errors, kind)
            if complete:  # in the enum's (the booklet's) order
                return FrozenDict((m, out[m]) for m in key_type)
            return FrozenDict(out)

        return structure

    def frozen_dict_unstructure(kind: object) -> Callable[[FrozenDict[Any, Any]], dict[Any, Any]]:
        key_type, value_type = typing.get_args(kind)
        return lambda d: {
            c.unstructure(k, key_type): c.unstructure(v, value_type) for k, v in d.items()
        }

    c.register_structure_hook_factory(_is_frozen_dict, frozen_dict_factory)
    c.register_unstructure_hook_factory(_is_frozen_dict, frozen_dict_unstructure)

    # Published values of summaries: a number, or a Suppressed marker {"reason": ...}.
    suppressed = make_dict_structure_fn(Suppressed, c)

    def published(value: object, kind: object) -> object:
        if isinstance(value, dict):
            return suppressed(value, Suppressed)
        if value is None and type(None) in typing.get_args(kind):
            return None
        if int in typing.get_args(kind):
            return _structure_int(value, int)
        return _structure_float(value, float)

    def is_published(kind: object) -> bool:
        args = typing.get_args(kind)
        return Suppressed in args and len(args) > 1

    c.register_structure_hook_func(is_published, published)

    # Groups of summaries are tuples of text: a JSON object cannot have them as keys,
    # so a group-keyed mapping is written as [[group, value], ...].
    group_key = tuple[str, ...]

    def is_group_mapping(kind: object) -> bool:
        return _is_frozen_dict(kind) and typing.get_args(kind)[0] == group_key

    def group_mapping(value: object, kind: object) -> FrozenDict[Any, Any]:
        value_type = typing.get_args(kind)[1]
        if not isinstance(value, list):
            raise _RefusedError(
                f"expected an array of [group, value] pairs, got {_describe(value)}"
            )
        errors: list[Exception] = []
        out: dict[object, object] = {}
        for i, pair in enumerate(value):
            try:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise _RefusedError(f"expected a [group, value] pair, got {_describe(pair)}")  # noqa: TRY301 - collected below, with its path
                out[c.structure(pair[0], group_key)] = c.structure(pair[1], value_type)
            except Exception as error:  # noqa: BLE001 - collected with its path
                error.__notes__ = [IterableValidationNote(f"index {i}", i, value_type)]
                errors.append(error)
        _raise_collected(errors, kind)
        return FrozenDict(out)

    c.register_structure_hook_func(is_group_mapping, group_mapping)
    c.register_unstructure_hook_func(
        is_group_mapping,
        lambda d: [[list(k), c.unstructure(v)] for k, v in d.items()],
    )

    # Evaluation answers: item ids of the instrument only.
    def evaluation_answers(value: object, kind: type) -> FrozenDict[str, Frequency | None]:
        if not isinstance(value, dict):
            raise _RefusedError(f"expected an object of item id to answer, got {_describe(value)}")
        errors: list[Exception] = []
        out: dict[str, Frequency | None] = {}
        for key, element in value.items():
            try:
                if key not in _ITEM_IDS:
                    ids = COPRODUCTION_EVALUATION.item_ids
                    raise _RefusedError(f"unknown item id; the ids are {ids[0]}, ..., {ids[-1]}")  # noqa: TRY301 - collected below, with its path
                out[key] = c.structure(element, Frequency | None)  # type: ignore[arg-type]
            except Exception as error:  # noqa: BLE001 - collected with its path
                error.__notes__ = [IterableValidationNote(f"key {key!r}", key, Frequency)]
                errors.append(error)
        _raise_collected(errors, kind)
        return FrozenDict(out)

    # Domain scores: keyed by domain code, in the booklet's order; the key is the domain.
    domain_score_fields = make_dict_structure_fn(DomainScore, c)

    def domain_scores(value: object, kind: type) -> FrozenDict[Domain, DomainScore]:
        if not isinstance(value, dict):
            raise _RefusedError(
                f"expected an object of domain code to score, got {_describe(value)}"
            )
        errors: list[Exception] = []
        out: dict[Domain, DomainScore] = {}
        for key, element in value.items():
            try:
                domain = c.structure(key, Domain)
                if not isinstance(element, dict):
                    raise _RefusedError(f"expected an object, got {_describe(element)}")  # noqa: TRY301 - collected below, with its path
                if "domain" in element:
                    raise ForbiddenExtraKeysError("", DomainScore, {"domain"})  # noqa: TRY301 - collected below, with its path
                out[domain] = domain_score_fields({**element, "domain": key}, DomainScore)
            except Exception as error:  # noqa: BLE001 - collected with its path
                error.__notes__ = [IterableValidationNote(f"key {key!r}", key, DomainScore)]
                errors.append(error)
        missing = [d.value for d in Domain if d.value not in value]
        if missing:
            errors.append(_RefusedError(f"missing domains: {', '.join(missing)}"))
        _raise_collected(errors, kind)
        return FrozenDict((d, out[d]) for d in Domain)

    domain_score_dict = make_dict_unstructure_fn(DomainScore, c, domain=override(omit=True))
    c.register_structure_hook_func(lambda t: t == FrozenDict[Domain, DomainScore], domain_scores)
    c.register_unstructure_hook_func(
        lambda t: t == FrozenDict[Domain, DomainScore],
        lambda d: {k.value: domain_score_dict(v) for k, v in d.items()},
    )

    c.register_structure_hook(
        EvaluationResponse,
        make_dict_structure_fn(
            EvaluationResponse, c, answers=override(struct_hook=evaluation_answers)
        ),
    )
    _register_warning(c)
    for instrument in (CoproductionEvaluation, ReadinessChecker):
        # The document's own "version" tag would clash with the booklet's version.
        c.register_structure_hook(
            instrument,
            make_dict_structure_fn(instrument, c, version=override(rename="booklet_version")),
        )
        c.register_unstructure_hook(
            instrument,
            make_dict_unstructure_fn(instrument, c, version=override(rename="booklet_version")),
        )
    return c


def _register_warning(c: cattrs.Converter) -> None:
    """A warning's document also names the booklet's reasons its flag reflects.

    The reasons are the library's reading, fixed by the flag: they are written from
    it, and a document is read only if it names exactly the flag's reasons.
    """
    fields = make_dict_unstructure_fn(PowerWarning, c)
    structure_fields = make_dict_structure_fn(PowerWarning, c)
    reason_codes = tuple[Reason, ...]

    def write(warning: PowerWarning) -> dict[str, Any]:
        return {**fields(warning), "reasons": [reason.value for reason in warning.reasons]}

    def read(value: object, kind: type) -> PowerWarning:
        if not isinstance(value, dict):
            raise _RefusedError(f"expected an object, got {_describe(value)}")
        body = dict(value)
        errors: list[Exception] = []
        warning: PowerWarning | None = None
        try:
            warning = structure_fields({k: v for k, v in body.items() if k != "reasons"}, kind)
        except ClassValidationError as error:
            errors.extend(error.exceptions)
        problem: Exception | None = None
        if "reasons" not in body:
            problem = KeyError("reasons")
        else:
            try:
                reasons = c.structure(body["reasons"], reason_codes)
                if warning is not None and reasons != warning.reasons:
                    codes = [reason.value for reason in warning.reasons]
                    problem = _RefusedError(
                        f"expected the reasons of {warning.flag.value!r} (the library's "
                        f"reading), {json.dumps(codes)}, got {json.dumps(body['reasons'])}"
                    )
            except (_RefusedError, IterableValidationError) as error:
                problem = error
        if problem is not None:
            problem.__notes__ = [AttributeValidationNote("reasons", "reasons", reason_codes)]
            errors.append(problem)
        if errors or warning is None:
            raise ClassValidationError(f"While structuring {kind.__name__}", errors, kind)
        return warning

    c.register_unstructure_hook(PowerWarning, write)
    c.register_structure_hook(PowerWarning, read)


_CONVERTER: Final = _make_converter()


def _format_exception(error: BaseException, kind: type | None) -> str:
    if isinstance(error, _RefusedError | ValidationError):
        return str(error)
    if isinstance(error, ForbiddenExtraKeysError):
        return f"unknown keys: {', '.join(sorted(error.extra_fields))}"
    if isinstance(error, KeyError):
        return "required key missing"
    return cattrs.v.format_exception(error, kind)


def _json_path(location: str) -> str:
    """Turn a constructor's location (``answers['x']``) into a JSON path (``$.answers['x']``)."""
    return f"$.{location}"


def _problems_from(error: BaseException, path: str = "$") -> list[Problem]:
    """Every problem in a cattrs error tree, at its JSON path (as cattrs' transform_error).

    A :class:`~coproduction.ValidationError` raised by a constructor inside the tree
    is opened up, so that its own problems keep their locations under ``path``.
    """
    if isinstance(error, ValidationError):
        return [Problem(f"{path}.{p.location}", p.message) for p in error.problems]
    if not isinstance(error, ClassValidationError | IterableValidationError):
        return [Problem(path, _format_exception(error, None))]
    problems: list[Problem] = []
    with_notes, without = error.group_exceptions()
    for inner, note in with_notes:
        if isinstance(error, IterableValidationError):
            where = f"{path}[{note.index!r}]"
        else:
            where = f"{path}.{note.name}"  # type: ignore[union-attr]
        if isinstance(inner, ClassValidationError | IterableValidationError | ValidationError):
            problems.extend(_problems_from(inner, where))
        else:
            problems.append(Problem(where, _format_exception(inner, note.type)))
    for inner in without:
        problems.extend(_problems_from(inner, path))
    return problems


def to_dict(value: object) -> dict[str, Any]:
    """Turn a value object into a JSON-ready document (plain dicts, lists, text, numbers).

    Accepted: the instruments, :class:`~coproduction.EvaluationResponse`,
    :class:`~coproduction.ReadinessAssessment`,
    :class:`~coproduction.EvaluationScore`, :class:`~coproduction.ReadinessScore`,
    :class:`~coproduction.EvaluationGaps`, :class:`~coproduction.ReadinessGap`,
    :class:`~coproduction.ChoiceGaps`, :class:`~coproduction.PowerWarning`,
    :class:`~coproduction.WarningReport`, :class:`~coproduction.WarningRules`,
    :class:`~coproduction.CohortSummary`, :class:`~coproduction.ReadinessSummary`
    and :class:`~coproduction.RoundChange` (a suppressed value is written as
    ``{"reason": ...}``, never as a number).
    The document carries ``"schema"`` and ``"version"`` tags (see ``docs/formats.md``).

    Raises:
        TypeError: ``value`` is not one of the accepted types.

    >>> doc = to_dict(EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="R-1"))
    >>> doc["schema"], doc["version"], doc["respondent"], doc["answers"]["support_1"]
    ('coproduction/evaluation-response', 1, 'R-1', 'sometimes')

    .. versionadded:: 0.1.0
    """
    tag = _KINDS.get(type(value))
    if tag is None:
        accepted = ", ".join(kind.__name__ for kind in _KINDS)
        msg = f"cannot write {type(value).__name__} as JSON; accepted: {accepted}"
        raise TypeError(msg)
    body = _CONVERTER.unstructure(value, type(value))
    return {"schema": tag, "version": JSON_SCHEMA_VERSION, **body}


def to_json(value: object, *, indent: int | None = 2) -> str:
    """Write a value object as a JSON document (see :func:`to_dict`).

    >>> text = to_json(ReadinessAssessment.from_labels({"informed_obligation": "yes"}))
    >>> text.splitlines()[:3]
    ['{', '  "schema": "coproduction/readiness-assessment",', '  "version": 1,']

    .. versionadded:: 0.1.0
    """
    return json.dumps(to_dict(value), indent=indent, ensure_ascii=False)


@overload
def from_dict(document: object, kind: type[_T]) -> _T: ...
@overload
def from_dict(document: object, kind: None = None) -> object: ...
def from_dict(document: object, kind: type[_T] | None = None) -> _T | object:
    """Read a document made by :func:`to_dict`, strictly.

    Args:
        document: The parsed JSON (a dict).
        kind: The type expected, e.g. :class:`~coproduction.EvaluationResponse`;
            when omitted, the ``"schema"`` tag decides.

    Raises:
        ValidationError: Listing every problem, each at its JSON path (``$.answers['x']``):
            a missing or unknown tag, a version other than 1, unknown or missing keys,
            wrong types, codes that are not on the scale, text where the instrument's
            ids are expected. An instrument document must match the library's
            verbatim instrument.

    >>> from_dict({"schema": "coproduction/evaluation-response", "version": 1,
    ...            "answers": {"support_1": 2, "trust_9": "sometimes"}})
    Traceback (most recent call last):
    ...
    coproduction.exceptions.ValidationError: JSON document: 2 problems
      - $.answers['support_1']: expected one of "not_at_all", "sometimes", ...
      - $.answers['trust_9']: unknown item id; ...

    .. versionadded:: 0.1.0
    """
    what = "JSON document"
    if not isinstance(document, dict):
        raise ValidationError(
            what, [Problem("$", f"expected an object, got {_describe(document)}")]
        )
    body = dict(document)
    tag, version = body.pop("schema", None), body.pop("version", None)
    problems: list[Problem] = []
    target = _TAGS.get(tag) if isinstance(tag, str) else None
    if target is None:
        known = ", ".join(_TAGS)
        got = "missing" if tag is None else f"got {_describe(tag)}"
        problems.append(Problem("$.schema", f"unknown document type ({got}); known: {known}"))
    elif kind is not None and target is not kind:
        problems.append(
            Problem("$.schema", f"expected {_KINDS.get(kind, kind.__name__)!r}, got {tag!r}")
        )
    if type(version) is not int or version != JSON_SCHEMA_VERSION:
        got = "missing" if version is None else f"got {_describe(version)}"
        problems.append(
            Problem("$.version", f"this library reads version {JSON_SCHEMA_VERSION} ({got})")
        )
    if problems or target is None:
        raise ValidationError(what, problems)
    try:
        value: object = _CONVERTER.structure(body, target)
    except (ClassValidationError, IterableValidationError) as error:
        raise ValidationError(what, _problems_from(error)) from None
    except ValidationError as error:  # the constructors' own checks
        raise ValidationError(
            what, [Problem(_json_path(p.location), p.message) for p in error.problems]
        ) from None
    _check_instrument(value)
    return value


def _check_instrument(value: object) -> None:
    """Instruments are verbatim: a document that differs from the library's is refused."""
    for constant in (COPRODUCTION_EVALUATION, READINESS_CHECKER):
        if type(value) is type(constant) and value != constant:
            fields = [
                f.name
                for f in attrs.fields(type(constant))
                if f.eq and getattr(value, f.name) != getattr(constant, f.name)
            ]
            raise ValidationError(
                "JSON document",
                [
                    Problem(
                        f"$.{'booklet_version' if name == 'version' else name}",
                        f"differs from the {constant.name} (version {constant.version}); "
                        "the instruments are verbatim and cannot be changed",
                    )
                    for name in fields
                ],
            )


@overload
def from_json(text: str | bytes, kind: type[_T]) -> _T: ...
@overload
def from_json(text: str | bytes, kind: None = None) -> object: ...
def from_json(text: str | bytes, kind: type[_T] | None = None) -> _T | object:
    """Read a JSON document made by :func:`to_json`, strictly (see :func:`from_dict`).

    Raises:
        ValidationError: The text is not JSON (with line and column), or any
            problem :func:`from_dict` finds.

    >>> r = from_json('{"schema": "coproduction/evaluation-response", "version": 1,'
    ...               ' "answers": {"trust_1": "all_the_time"}}', EvaluationResponse)
    >>> r.answers["trust_1"]
    <Frequency.ALL_THE_TIME: 'all_the_time'>

    .. versionadded:: 0.1.0
    """
    try:
        document = json.loads(text, parse_constant=refuse_constant)
    except (ValueError, RecursionError) as error:
        where = (
            f"line {error.lineno}, column {error.colno}"
            if isinstance(error, json.JSONDecodeError)
            else "$"
        )
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise ValidationError("JSON document", [Problem(where, f"not JSON: {message}")]) from None
    return from_dict(document, kind)


def refuse_constant(name: str) -> object:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def json_schema(kind: type) -> dict[str, Any]:
    """Generate the JSON Schema (draft 2020-12) of a document type, from the instruments.

    The schemas for :class:`~coproduction.EvaluationResponse` and
    :class:`~coproduction.ReadinessAssessment` ship with the package, in
    ``coproduction/schemas/``; they are exactly what this function returns.

    Raises:
        TypeError: There is no schema for ``kind``.

    >>> schema = json_schema(EvaluationResponse)
    >>> schema["properties"]["answers"]["properties"]["support_1"]["enum"]
    ['not_at_all', 'sometimes', 'all_the_time', None]

    .. versionadded:: 0.1.0
    """
    dated = {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    text = {"type": ["string", "null"], "minLength": 1}
    header = {
        "schema": {"const": _KINDS.get(kind)},
        "version": {"const": JSON_SCHEMA_VERSION},
    }
    if kind is EvaluationResponse:
        answer = {"enum": [*(f.value for f in Frequency), None]}
        activities = {
            "type": "array",
            "items": {"enum": [a.value for a in Activity]},
            "uniqueItems": True,
        }
        properties: dict[str, Any] = {
            **header,
            "answers": {
                "type": "object",
                "properties": dict.fromkeys(COPRODUCTION_EVALUATION.item_ids, answer),
                "additionalProperties": False,
            },
            "respondent": text,
            "date": dated,
            "level": {"enum": [*(level.value for level in Level), None]},
            "activities": activities,
            "preferred_activities": activities,
        }
        title = f"{COPRODUCTION_EVALUATION.name}: one response"
    elif kind is ReadinessAssessment:
        answer = {"enum": ["yes", "partly", "no", None]}
        properties = {
            **header,
            "answers": {
                "type": "object",
                "properties": {q.id: answer for q in READINESS_CHECKER.questions},
                "additionalProperties": False,
            },
            "setting": text,
            "date": dated,
        }
        title = f"{READINESS_CHECKER.name}: one assessment"
    else:
        msg = (
            f"no JSON Schema for {kind!r}; "
            "schemas exist for EvaluationResponse and ReadinessAssessment"
        )
        raise TypeError(msg)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://coproduction.readthedocs.io/schemas/{_SCHEMA_FILES[kind]}",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": ["schema", "version", "answers"],
        "additionalProperties": False,
    }


def schema_text(kind: type) -> str:
    """The text of a shipped schema file: :func:`json_schema` as JSON, indented by 2."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
