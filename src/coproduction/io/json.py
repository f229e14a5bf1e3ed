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
import functools
import json
import math
import re
import sys
import typing
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast, overload

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

from coproduction._checks import describe, kinds, refuse, whole
from coproduction._frozen import FrozenDict
from coproduction._gaps import ChoiceGaps, DomainGap, EvaluationGaps, ReadinessGap
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    ITEM_ID_SET,
    QUESTION_CELLS,
    READINESS_CHECKER,
    CoproductionEvaluation,
    Dimension,
    Domain,
    Frequency,
    ReadinessAnswer,
    ReadinessChecker,
)
from coproduction._missing import Missing
from coproduction._power import Activity, Level, Reason
from coproduction._provenance import Provenance, provenance_of
from coproduction._responses import EvaluationResponse, ReadinessAssessment, is_utf8
from coproduction._scoring import DomainScore, EvaluationScore, ReadinessScore
from coproduction._summaries import RoundChange
from coproduction._summary_values import (
    CohortSummary,
    ItemSummary,
    ReadinessCounts,
    ReadinessSummary,
)
from coproduction._suppression import Suppressed
from coproduction._warnings import (
    AnyFlag,
    CustomFlag,
    Flag,
    PowerWarning,
    WarningReport,
    WarningRules,
    custom_flag_problems,
)
from coproduction.exceptions import Problem, ValidationError
from coproduction.io._text import parse

__all__ = [
    "SCHEMA_VERSION",
    "from_dict",
    "from_json",
    "provenance_document",
    "schema",
    "to_dict",
    "to_json",
]

#: The version written into every JSON document, and the only one read.
SCHEMA_VERSION: Final = 1

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
    Provenance: "coproduction/provenance",
}
#: The shipped JSON Schema files, in ``coproduction/schemas/``.
_SCHEMA_FILES: Final[dict[type, str]] = {
    EvaluationResponse: "evaluation-response.v1.schema.json",
    ReadinessAssessment: "readiness-assessment.v1.schema.json",
}
_TAGS: Final[dict[str, type]] = {tag: kind for kind, tag in _KINDS.items()}
_CELL_IDS: Final[dict[_Cell, str]] = {cell: qid for qid, cell in QUESTION_CELLS.items()}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Whole numbers from this on cannot be a float.
_LARGEST_FLOAT: Final = int(sys.float_info.max)
#: Whole numbers longer than this are described, not shown (Python refuses to print
#: integers of more than 4,300 digits).
_SHOWN_BITS: Final = 64
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


#: What structuring a bad document raises: this module's refusals, cattrs' validation
#: errors and the constructors' own ``ValidationError``. Anything else is a defect
#: of the library and is left to surface.
_EXPECTED: Final = (
    _RefusedError,
    ValidationError,
    ClassValidationError,
    IterableValidationError,
    ForbiddenExtraKeysError,
)


def _json_kind(value: object) -> str:
    """Name a value's type as JSON does, with the value when it is short.

    Safe for any Python value: ``from_dict`` takes whatever it is given, and a set
    or a 5,000-digit number must be described, not raise.
    """
    names = {bool: "boolean", int: "number", float: "number", str: "text", type(None): "null"}
    kind = type(value)
    if value is None:
        return "null"
    if kind is list:
        return "array"
    if kind is dict:
        return "object"
    if kind not in names:
        return f"{kind.__name__} (not a JSON value)"
    if kind is int and typing.cast("int", value).bit_length() > _SHOWN_BITS:
        return "number (too long to show)"
    text = json.dumps(value)
    if len(text) > 30:
        text = text[:27] + "..."
    return f"{names[kind]} {text}".strip()


def _key(key: object) -> str:
    """A mapping key or index as shown in a JSON path: text quoted, anything else described."""
    if type(key) is str:
        return repr(key)
    if type(key) is int and key.bit_length() <= _SHOWN_BITS:
        return str(key)
    return f"<{_json_kind(key)}>"


# --- strict hooks for primitives --------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _RefusedError(f"expected text, got {_json_kind(value)}")
    if not is_utf8(value):
        raise _RefusedError("the text holds a lone surrogate (U+D800-U+DFFF): no file can hold it")
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _RefusedError(f"expected a whole number, got {_json_kind(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _RefusedError(f"expected true or false, got {_json_kind(value)}")
    return value


def _structure_float(value: object, _: type) -> float:
    # A whole number too large for a float (10**400) is not finite either.
    if type(value) is int and abs(value) < _LARGEST_FLOAT:
        return float(value)
    if type(value) is not float or not math.isfinite(value):
        raise _RefusedError(f"expected a finite number, got {_json_kind(value)}")
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is str and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _RefusedError(f"expected a date as text YYYY-MM-DD, got {_json_kind(value)}")


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    codes = {member.value: member for member in kind}
    accepted = ", ".join(json.dumps(code) for code in codes)

    def structure(value: object, _: type) -> enum.Enum:
        if type(value) is str and value in codes:
            return codes[value]
        raise _RefusedError(f"expected one of {accepted}, got {_json_kind(value)}")

    return structure


def _structure_cell(value: object, _: type) -> _Cell:
    if type(value) is str and value in QUESTION_CELLS:
        return QUESTION_CELLS[value]
    raise _RefusedError(
        f"expected a Readiness Checker question id such as 'listened_to_obligation', "
        f"got {_json_kind(value)}"
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
        # pyright reads ExceptionGroup's two-argument __new__; cattrs' __init__ takes three.
        raise IterableValidationError(
            f"While structuring {kind!r}",
            errors,
            typing.cast("type", kind),  # pyright: ignore[reportCallIssue]
        )


def _objects_only(structure: Callable[[Any, type], _T], name: str) -> Callable[[object, type], _T]:
    """A class's hook that refuses anything but a JSON object before cattrs looks inside."""

    def hook(value: object, kind: type) -> _T:
        if not isinstance(value, dict):
            raise _RefusedError(f"expected an object ({name}), got {_json_kind(value)}")
        return structure(value, kind)

    return hook


def _make_converter() -> cattrs.Converter:  # noqa: C901, PLR0915
    """Build the converter; every hook is strict, nothing is guessed."""
    c = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Every attrs class is read from a JSON object only (cattrs would call .keys()).
    c.register_structure_hook_factory(
        attrs.has, lambda kind: _objects_only(make_dict_structure_fn(kind, c), kind.__name__)
    )
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
            raise _RefusedError(f"expected an array of activity codes, got {_json_kind(value)}")
        errors: list[Exception] = []
        seen: list[Activity] = []
        for i, element in enumerate(value):
            try:
                member = c.structure(element, Activity)
                if member in seen:
                    raise _RefusedError(f"{json.dumps(element)} is listed twice")
                seen.append(member)
            except _EXPECTED as error:
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
                raise _RefusedError(f"expected an array, got {_json_kind(value)}")
            errors: list[Exception] = []
            out: list[object] = []
            for i, element in enumerate(value):
                try:
                    out.append(c.structure(element, element_type))
                except _EXPECTED as error:
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
                raise _RefusedError(f"expected an object, got {_json_kind(value)}")
            errors: list[Exception] = []
            out: dict[object, object] = {}
            for key, element in value.items():
                try:
                    out[c.structure(key, key_type)] = c.structure(element, value_type)
                except _EXPECTED as error:
                    error.__notes__ = [IterableValidationNote(f"key {_key(key)}", key, value_type)]
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
    suppressed = _objects_only(make_dict_structure_fn(Suppressed, c), "Suppressed")

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
                f"expected an array of [group, value] pairs, got {_json_kind(value)}"
            )
        errors: list[Exception] = []
        out: dict[object, object] = {}
        for i, pair in enumerate(value):
            try:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise _RefusedError(f"expected a [group, value] pair, got {_json_kind(pair)}")
                out[c.structure(pair[0], group_key)] = c.structure(pair[1], value_type)
            except _EXPECTED as error:
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
            raise _RefusedError(f"expected an object of item id to answer, got {_json_kind(value)}")
        errors: list[Exception] = []
        out: dict[str, Frequency | None] = {}
        for key, element in value.items():
            try:
                if key not in ITEM_ID_SET:
                    ids = COPRODUCTION_EVALUATION.item_ids
                    raise _RefusedError(f"unknown item id; the ids are {ids[0]}, ..., {ids[-1]}")
                out[key] = None if element is None else c.structure(element, Frequency)
            except _EXPECTED as error:
                error.__notes__ = [IterableValidationNote(f"key {_key(key)}", key, Frequency)]
                errors.append(error)
        _raise_collected(errors, kind)
        return FrozenDict(out)

    # Domain scores: keyed by domain code, in the booklet's order; the key is the domain.
    domain_score_fields = make_dict_structure_fn(DomainScore, c)

    def domain_scores(value: object, kind: type) -> FrozenDict[Domain, DomainScore]:
        if not isinstance(value, dict):
            raise _RefusedError(
                f"expected an object of domain code to score, got {_json_kind(value)}"
            )
        errors: list[Exception] = []
        out: dict[Domain, DomainScore] = {}
        for key, element in value.items():
            try:
                domain = c.structure(key, Domain)
                if not isinstance(element, dict):
                    raise _RefusedError(f"expected an object, got {_json_kind(element)}")
                if "domain" in element:
                    raise ForbiddenExtraKeysError("", DomainScore, {"domain"})
                out[domain] = domain_score_fields({**element, "domain": key}, DomainScore)
            except _EXPECTED as error:
                error.__notes__ = [IterableValidationNote(f"key {_key(key)}", key, DomainScore)]
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
        _objects_only(
            make_dict_structure_fn(
                EvaluationResponse, c, answers=override(struct_hook=evaluation_answers)
            ),
            "EvaluationResponse",
        ),
    )
    _register_missing(c)
    _register_flags(c)
    _register_warning(c)
    for instrument in (CoproductionEvaluation, ReadinessChecker):
        # The document's own "version" tag would clash with the booklet's version.
        c.register_structure_hook(
            instrument,
            _objects_only(
                make_dict_structure_fn(instrument, c, version=override(rename="booklet_version")),
                instrument.__name__,
            ),
        )
        c.register_unstructure_hook(
            instrument,
            make_dict_unstructure_fn(instrument, c, version=override(rename="booklet_version")),
        )
    return c


def _register_missing(c: cattrs.Converter) -> None:
    """Write only the kinds of missing other than "not_answered" (the default), if any.

    A response document lists, under ``"missing"``, each absent answer whose kind
    is not :attr:`~coproduction.Missing.NOT_ANSWERED`; an absent answer not listed
    is not answered. The key is left out when no answer has another kind, so
    documents without kinds are written as before 0.2.0.
    """
    for kind in (EvaluationResponse, ReadinessAssessment):
        fields = make_dict_unstructure_fn(kind, c)

        def write(
            value: object, fields: Callable[[Any], dict[str, Any]] = fields
        ) -> dict[str, Any]:
            body = fields(value)
            named = {k: v for k, v in body.pop("missing").items() if v != "not_answered"}
            return {**body, "missing": named} if named else body

        c.register_unstructure_hook(kind, write)


def _register_flags(c: cattrs.Converter) -> None:
    """A flag is written as its code when it is the library's, as an object when it is custom.

    A custom flag is written whole (code, title, explanation, passage id, reasons and
    rule) wherever it appears, so that a warning document is read back without the
    rules that defined it; it is checked again, as any custom flag, when read.
    """
    flag_code = _enum_hook(Flag)

    def structure(value: object, _: type) -> AnyFlag:
        if isinstance(value, dict):
            return c.structure(value, CustomFlag)
        return typing.cast("Flag", flag_code(value, Flag))

    def unstructure(flag: AnyFlag) -> object:
        if isinstance(flag, CustomFlag):
            return c.unstructure(flag, CustomFlag)
        return flag.value

    c.register_structure_hook_func(lambda t: t == AnyFlag, structure)
    c.register_unstructure_hook_func(lambda t: t == AnyFlag, unstructure)


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
            raise _RefusedError(f"expected an object, got {_json_kind(value)}")
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
            # pyright reads ExceptionGroup's two-argument __new__; cattrs' __init__ takes three.
            raise ClassValidationError(
                f"While structuring {kind.__name__}",
                errors,
                kind,  # pyright: ignore[reportCallIssue]
            )
        return warning

    c.register_unstructure_hook(PowerWarning, write)
    c.register_structure_hook(PowerWarning, read)


@functools.cache
def _converter() -> cattrs.Converter:
    """The one converter, built on first use: building it at import cost milliseconds."""
    return _make_converter()


def _format_exception(error: BaseException) -> str:
    if isinstance(error, _RefusedError | ValidationError):
        return str(error)
    if isinstance(error, ForbiddenExtraKeysError):
        names = (k if type(k) is str and is_utf8(k) else _key(k) for k in error.extra_fields)
        return f"unknown keys: {', '.join(sorted(names))}"
    if isinstance(error, KeyError):  # cattrs: a required key is missing
        return "required key missing"
    # cattrs wraps whatever a field's hook raised; only the refusals above are a
    # problem of the document. Anything else is a defect of the library: surface it.
    raise error


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
        return [Problem(path, _format_exception(error))]
    problems: list[Problem] = []
    with_notes, without = error.group_exceptions()
    for inner, note in with_notes:
        if isinstance(note, IterableValidationNote):
            where = f"{path}[{_key(note.index)}]"
        else:
            where = f"{path}.{note.name}"
        if isinstance(inner, ClassValidationError | IterableValidationError | ValidationError):
            problems.extend(_problems_from(inner, where))
        else:
            problems.append(Problem(where, _format_exception(inner)))
    for inner in without:
        problems.extend(_problems_from(inner, path))
    return problems


#: The results: their documents end with a ``"provenance"`` object (see ``docs/formats.md``).
_RESULTS: Final = frozenset(
    {
        EvaluationScore,
        ReadinessScore,
        CohortSummary,
        ReadinessSummary,
        RoundChange,
        PowerWarning,
        WarningReport,
        EvaluationGaps,
        ReadinessGap,
        ChoiceGaps,
    }
)


def to_dict(value: object, *, provenance: Provenance | None = None) -> dict[str, Any]:
    """Turn a value object into a JSON-ready document (plain dicts, lists, text, numbers).

    Accepted: the instruments, :class:`~coproduction.EvaluationResponse`,
    :class:`~coproduction.ReadinessAssessment`,
    :class:`~coproduction.EvaluationScore`, :class:`~coproduction.ReadinessScore`,
    :class:`~coproduction.EvaluationGaps`, :class:`~coproduction.ReadinessGap`,
    :class:`~coproduction.ChoiceGaps`, :class:`~coproduction.PowerWarning`,
    :class:`~coproduction.WarningReport`, :class:`~coproduction.rules.WarningRules`,
    :class:`~coproduction.CohortSummary`, :class:`~coproduction.ReadinessSummary`
    and :class:`~coproduction.RoundChange` (a suppressed value is written as
    ``{"reason": ...}``, never as a number).
    The document carries ``"schema"`` and ``"version"`` tags (see ``docs/formats.md``).
    A result's document (a score, summary, round change, warning or warning report)
    ends with a ``"provenance"`` object: the instrument and its version, the library
    and its version, the conventions used and the citation.

    Args:
        value: The value object.
        provenance: A result's provenance, when the writer knows more than the result
            carries (the rules of a single warning); by default it is built from the
            result (the record documented in ``docs/formats.md``, provenance).

    Raises:
        ValidationError: ``value`` is not one of the accepted types, or
            ``provenance`` is neither a provenance record nor ``None``.

    >>> doc = to_dict(EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="R-1"))
    >>> doc["schema"], doc["version"], doc["respondent"], doc["answers"]["support_1"]
    ('coproduction/evaluation-response', 1, 'R-1', 'sometimes')

    .. versionadded:: 0.1.0
    """
    kinds("JSON document", (provenance, (Provenance, type(None)), "provenance"))
    tag = _KINDS.get(type(value))
    if tag is None:
        accepted = ", ".join(kind.__name__ for kind in _KINDS)
        msg = f"cannot write {type(value).__name__} as JSON; accepted: {accepted}"
        raise ValidationError("JSON document", [Problem("value", msg)])
    body = _converter().unstructure(value, type(value))
    document = {"schema": tag, "version": SCHEMA_VERSION, **body}
    if type(value) in _RESULTS:
        record = provenance_of(value) if provenance is None else provenance
        document["provenance"] = _converter().unstructure(record, Provenance)
    return document


def provenance_document(value: object) -> dict[str, Any]:
    """The ``coproduction/provenance`` document of any result, to keep beside it.

    Every result has a provenance, whether or not it has a JSON document of its
    own: the results written as documents end with it (:func:`to_dict`); those
    that are not (a cohort's scores, its warnings and their tally, a claims check,
    a perception gap, a comparison, the results of
    :func:`~coproduction.reliability`) give it here, to be written beside what is
    made of them. The record is the one described in ``docs/formats.md``
    (provenance), its conventions those the result was computed under.

    Args:
        value: A result.

    Raises:
        ValidationError: ``value`` is not a result.

    >>> from coproduction import EvaluationCohort, score_cohort
    >>> cohort = EvaluationCohort.from_responses([EvaluationResponse({})])
    >>> doc = provenance_document(score_cohort(cohort))
    >>> doc["schema"], doc["instrument"]
    ('coproduction/provenance', 'RRN Coproduction Evaluation')
    >>> sorted(doc["conventions"])
    ['evaluation_scoring', 'missing_answers']

    .. versionadded:: 0.2.0
    """
    record = provenance_of(value)
    if record is None:
        msg = f"{type(value).__name__} is not a result, so it has no provenance"
        raise ValidationError("provenance", [Problem("value", msg)])
    return to_dict(record)


#: The deepest indent :func:`to_json` writes, in spaces per level: a library
#: convention (an indent deeper than this only makes the file larger).
_MAX_INDENT: Final = 16


def to_json(value: object, *, indent: int | None = 2, provenance: Provenance | None = None) -> str:
    """Write a value object as a JSON document (see :func:`to_dict`).

    Args:
        value: The value object.
        indent: Spaces per level, a whole number from 0 to 16 (the library's
            convention: a deeper indent only makes the file larger), or ``None``
            for the whole document on one line.
        provenance: As for :func:`to_dict`.

    Raises:
        ValidationError: ``value`` cannot be written, or an option is of the wrong
            kind or out of its range.

    >>> text = to_json(ReadinessAssessment.from_labels({"informed_obligation": "yes"}))
    >>> text.splitlines()[:3]
    ['{', '  "schema": "coproduction/readiness-assessment",', '  "version": 1,']

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    if indent is not None:
        whole(indent, "indent", problems, most=_MAX_INDENT)
    refuse("JSON export", problems)
    return json.dumps(to_dict(value, provenance=provenance), indent=indent, ensure_ascii=False)


def _structure(what: str, body: dict[str, Any], target: type, problems: list[Problem]) -> object:
    """The document's value, or every problem with it (``problems`` found before included)."""
    try:
        value: object = _converter().structure(body, target)
    except (ClassValidationError, IterableValidationError) as error:
        found = [*problems, *_problems_from(error)]
        if target is WarningRules:  # what a refused custom flag's own checks did not reach
            found += [
                p
                for p in (Problem(f"$.{q.location}", q.message) for q in custom_flag_problems(body))
                if p not in found
            ]
        raise ValidationError(what, found) from None
    except ValidationError as error:  # the constructors' own checks
        raise ValidationError(
            what,
            [*problems, *(Problem(_json_path(p.location), p.message) for p in error.problems)],
        ) from None
    if problems:
        raise ValidationError(what, problems)
    return value


def _provenance_problems(record: object) -> list[Problem]:
    """Where a result came from: checked as strictly as the rest of its document.

    It is then set aside: a result is the same whoever computed it. Read it with
    ``from_dict({"schema": "coproduction/provenance", "version": 1, **record})``.
    """
    try:
        _converter().structure(record, Provenance)
    except (ClassValidationError, IterableValidationError) as error:
        return _problems_from(error, "$.provenance")
    except ValidationError as error:
        return [Problem(f"$.provenance.{p.location}", p.message) for p in error.problems]
    except _RefusedError as error:
        return [Problem("$.provenance", str(error))]
    return []


def _check_provenance_matches(value: object, record: object) -> None:
    """Refuse a provenance that contradicts the result it comes with.

    Its instrument, citation and licence must be the result's, and each convention
    the result itself records (its scoring, its rules, its disclosure control) must
    be described as the result records it. The library version may be any (a
    result read back was computed by some version); the rules of a single warning
    are not recorded with it, so its record may say more than the warning does.
    """
    expected = provenance_of(value)
    if expected is None or not isinstance(record, dict):
        return
    given = cast("dict[str, object]", record)
    problems = [
        Problem(f"$.provenance.{name}", f"expected {getattr(expected, name)!r} for this result")
        for name in ("instrument", "instrument_version", "library", "citation", "licence")
        if given.get(name) != getattr(expected, name)
    ]
    conventions = given.get("conventions")
    if isinstance(conventions, dict):
        described = cast("dict[str, object]", conventions)
        skip = {"warning_rules"} if isinstance(value, PowerWarning) else set()
        problems.extend(
            Problem(f"$.provenance.conventions.{name}", f"expected {text!r} for this result")
            for name, text in expected.conventions.items()
            if name not in skip and described.get(name) != text
        )
    if problems:
        raise ValidationError("JSON document", problems)


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
    kinds(what, (kind, (type, type(None)), "kind"))
    if not isinstance(document, dict):
        raise ValidationError(
            what, [Problem("$", f"expected an object, got {_json_kind(document)}")]
        )
    body = dict(document)
    tag, version = body.pop("schema", None), body.pop("version", None)
    problems: list[Problem] = []
    target = _TAGS.get(tag) if isinstance(tag, str) else None
    if target is None:
        known = ", ".join(_TAGS)
        got = "missing" if tag is None else f"got {_json_kind(tag)}"
        problems.append(Problem("$.schema", f"unknown document type ({got}); known: {known}"))
    elif kind is not None and target is not kind:
        problems.append(
            Problem("$.schema", f"expected {_KINDS.get(kind, kind.__name__)!r}, got {tag!r}")
        )
    if type(version) is not int or version != SCHEMA_VERSION:
        got = "missing" if version is None else f"got {_json_kind(version)}"
        problems.append(
            Problem("$.version", f"this library reads version {SCHEMA_VERSION} ({got})")
        )
    if problems or target is None:
        raise ValidationError(what, problems)
    record = body.pop("provenance", None) if target in _RESULTS else None
    if record is not None:
        problems.extend(_provenance_problems(record))
    value = _structure(what, body, target, problems)
    _check_instrument(value)
    impossible = _impossible(value)
    if impossible:
        raise ValidationError(what, impossible)
    # After the bounds: a provenance is held against a value that can be.
    if record is not None:
        _check_provenance_matches(value, record)
    return value


# --- values a score or summary cannot hold -------------------------------------------
#
# A document's types can be right and its numbers impossible: a mean of 57 on a 0-2
# scale, 999 of 4 items answered, a negative count. Every bound below comes from the
# instrument (how many items a domain has) or from the conventions the document
# carries (the points of the lowest and highest answer); none is a literal.

#: Rounding slack for a computed mean or percent (they are sums divided by counts).
_SLACK: Final = 1e-9


def _outside(value: object, low: float, high: float) -> bool:
    slack = _SLACK * max(1.0, abs(low), abs(high))
    return isinstance(value, float | int) and not low - slack <= value <= high + slack


def _bound(
    problems: list[Problem], where: str, value: object, low: float, high: float, what: str
) -> None:
    if _outside(value, low, high):
        problems.append(Problem(where, f"{value!r} is outside {what} ({low:g} to {high:g})"))


def _count(problems: list[Problem], where: str, value: object, most: int | None = None) -> None:
    if type(value) is int and (value < 0 or (most is not None and value > most)):
        upper = "" if most is None else f" to {most}"
        problems.append(Problem(where, f"{value} is not a possible count (0{upper})"))


def _impossible(value: object) -> list[Problem]:
    """Every number of a loaded score or summary that its instrument and conventions rule out."""
    problems: list[Problem] = []
    if isinstance(value, EvaluationScore):
        _evaluation_score(value, problems)
    elif isinstance(value, ReadinessScore):
        points = value.conventions.points.values()
        low, high = min(points), max(points)
        scale = "the conventions' points"
        for name, scores in (
            ("by_activity", value.by_activity),
            ("by_dimension", value.by_dimension),
        ):
            for key, score in scores.items():
                _bound(problems, f"$.{name}[{key.value!r}]", score, low, high, scale)
        _bound(problems, "$.overall", value.overall, low, high, scale)
        if len(set(value.unanswered)) != len(value.unanswered):
            problems.append(Problem("$.unanswered", "a question is listed twice"))
    elif isinstance(value, CohortSummary):
        _cohort_summary(value, problems)
    elif isinstance(value, ReadinessSummary):
        _readiness_summary(value, problems)
    elif isinstance(value, RoundChange):
        _round_change(value, "$", problems)
    return problems


def _evaluation_score(value: EvaluationScore, problems: list[Problem]) -> None:
    conventions = value.conventions
    low, high = conventions.lowest, conventions.highest
    scale = "the conventions' points"
    for domain, score in value.domains.items():
        at = f"$.domains[{domain.value!r}]"
        items = len(COPRODUCTION_EVALUATION.items_in(domain))
        if score.items != items:
            problems.append(Problem(f"{at}.items", f"the {domain.label} domain has {items} items"))
        _count(problems, f"{at}.answered", score.answered, items)
        if score.required != conventions.required(items):
            problems.append(
                Problem(
                    f"{at}.required",
                    f"the conventions require {conventions.required(items)} of {items}",
                )
            )
        _bound(problems, f"{at}.mean", score.mean, low, high, scale)
        _bound(problems, f"{at}.percent", score.percent, 0.0, 100.0, "a percentage")
        scored = score.answered >= conventions.required(items)
        if (score.mean is not None) != scored or (score.percent is None) != (score.mean is None):
            problems.append(
                Problem(
                    at,
                    f"{score.answered} of {items} answered: the mean must be given "
                    f"exactly when at least {conventions.required(items)} are",
                )
            )
    _bound(problems, "$.overall", value.overall, low, high, scale)
    _bound(problems, "$.overall_percent", value.overall_percent, 0.0, 100.0, "a percentage")
    if (value.overall is None) != (value.overall_percent is None):
        problems.append(Problem("$.overall_percent", "given exactly when the overall score is"))


def _kinds_of_missing(
    problems: list[Problem], at: str, item: ItemSummary | ReadinessCounts
) -> None:
    """An item's counts by kind of missing: possible counts, adding up to ``unanswered``."""
    for kind, n in item.missing.items():
        _count(problems, f"{at}.missing[{kind.value!r}]", n)
    if item.missing and sum(item.missing.values()) != item.unanswered:
        problems.append(Problem(f"{at}.missing", "the kinds do not add up to unanswered"))


def _cohort_summary(value: CohortSummary, problems: list[Problem]) -> None:
    low, high = value.conventions.lowest, value.conventions.highest
    if _outside(value.confidence, 0.0, 1.0) or value.confidence in {0.0, 1.0}:
        problems.append(Problem("$.confidence", "expected a coverage between 0 and 1"))
    _count(problems, "$.resamples", value.resamples)
    _count(problems, "$.seed", value.seed)
    for k, (group, n) in enumerate(value.groups.items()):
        _count(problems, f"$.groups[{k}]", n)
        # The whole (()) and the coarser groupings may be published with the groups.
        if len(group) > len(value.by):
            problems.append(
                Problem(f"$.groups[{k}]", f"expected one value per column of {value.by}")
            )
    for k, item in enumerate(value.items):
        at = f"$.items[{k}]"
        if item.item_id not in ITEM_ID_SET:
            problems.append(Problem(f"{at}.item_id", f"unknown item id {item.item_id!r}"))
        for answer, n in item.counts.items():
            _count(problems, f"{at}.counts[{answer.value!r}]", n)
        _count(problems, f"{at}.unanswered", item.unanswered)
        _kinds_of_missing(problems, at, item)
        for answer, share in item.percents.items():
            _bound(problems, f"{at}.percents[{answer.value!r}]", share, 0.0, 100.0, "a percentage")
        _bound(
            problems,
            f"{at}.unanswered_percent",
            item.unanswered_percent,
            0.0,
            100.0,
            "a percentage",
        )
    for k, measure in enumerate(value.measures):
        at = f"$.measures[{k}]"
        _count(problems, f"{at}.n", measure.n)
        for name in ("mean", "median", "low", "high"):
            _bound(
                problems,
                f"{at}.{name}",
                getattr(measure, name),
                low,
                high,
                "the conventions' points",
            )
        # The largest sample SD of values in [low, high] is half the range times
        # sqrt(n / (n - 1)); with n unknown (suppressed), sqrt(2) of it (n = 2).
        n = measure.n if type(measure.n) is int and measure.n >= 2 else 2
        _bound(
            problems,
            f"{at}.sd",
            measure.sd,
            0.0,
            (high - low) / 2 * math.sqrt(n / (n - 1)),
            "a standard deviation of scores on the conventions' points",
        )


def _readiness_summary(value: ReadinessSummary, problems: list[Problem]) -> None:
    for name in ("cells", "activities", "dimensions"):
        for k, counts in enumerate(getattr(value, name)):
            at = f"$.{name}[{k}]"
            _count(problems, f"{at}.total", counts.total)
            for answer, n in counts.counts.items():
                _count(problems, f"{at}.counts[{answer.value!r}]", n)
            _count(problems, f"{at}.unanswered", counts.unanswered)
            _kinds_of_missing(problems, at, counts)
            for answer, share in counts.percents.items():
                _bound(
                    problems, f"{at}.percents[{answer.value!r}]", share, 0.0, 100.0, "a percentage"
                )
            _bound(
                problems,
                f"{at}.unanswered_percent",
                counts.unanswered_percent,
                0.0,
                100.0,
                "a percentage",
            )
    for k, (_, n) in enumerate(value.groups.items()):
        _count(problems, f"$.groups[{k}]", n)


def _round_change(value: RoundChange, at: str, problems: list[Problem]) -> None:
    # A change carries no conventions, so its means have no scale to be checked
    # against here; its counts and its arithmetic do.
    _count(problems, f"{at}.n_before", value.n_before)
    _count(problems, f"{at}.n_after", value.n_after)
    before, after, difference = value.mean_before, value.mean_after, value.difference
    if all(isinstance(v, float | int) for v in (before, after, difference)):
        expected = typing.cast("float", after) - typing.cast("float", before)
        if _outside(difference, expected, expected):
            problems.append(
                Problem(f"{at}.difference", f"expected mean_after - mean_before = {expected!r}")
            )


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
        ValidationError: The text is not UTF-8 or not JSON (with line and column),
            an object has a key twice (each is located), or any problem
            :func:`from_dict` finds.

    >>> r = from_json('{"schema": "coproduction/evaluation-response", "version": 1,'
    ...               ' "answers": {"trust_1": "all_the_time"}}', EvaluationResponse)
    >>> r.answers["trust_1"]
    <Frequency.ALL_THE_TIME: 'all_the_time'>

    .. versionadded:: 0.1.0
    """
    return from_dict(parse(text), kind)


def schema(kind: type) -> dict[str, Any]:
    """Generate the JSON Schema (draft 2020-12) of a document type, from the instruments.

    The schemas for :class:`~coproduction.EvaluationResponse` and
    :class:`~coproduction.ReadinessAssessment` ship with the package, in
    ``coproduction/schemas/``; they are exactly what this function returns.

    Raises:
        ValidationError: There is no schema for ``kind``.

    >>> document = schema(EvaluationResponse)
    >>> document["properties"]["answers"]["properties"]["support_1"]["enum"]
    ['not_at_all', 'sometimes', 'all_the_time', None]

    .. versionadded:: 0.1.0
    """
    untrusted: object = kind  # checked before any lookup: a list cannot be looked up
    if not isinstance(untrusted, type):
        refuse("JSON Schema", [Problem("kind", f"expected a class, got {describe(untrusted)}")])
    dated = {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    text = {"type": ["string", "null"], "minLength": 1}
    kinds = {"enum": [m.value for m in Missing]}  # the kind of an absent answer
    header = {
        "schema": {"const": _KINDS.get(kind)},
        "version": {"const": SCHEMA_VERSION},
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
            "missing": {
                "type": "object",
                "properties": dict.fromkeys(COPRODUCTION_EVALUATION.item_ids, kinds),
                "additionalProperties": False,
            },
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
            "missing": {
                "type": "object",
                "properties": {q.id: kinds for q in READINESS_CHECKER.questions},
                "additionalProperties": False,
            },
        }
        title = f"{READINESS_CHECKER.name}: one assessment"
    else:
        msg = (
            f"no JSON Schema for {kind!r}; "
            "schemas exist for EvaluationResponse and ReadinessAssessment"
        )
        raise ValidationError("JSON Schema", [Problem("kind", msg)])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://coproduction.readthedocs.io/schemas/{_SCHEMA_FILES[kind]}",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": ["schema", "version", "answers"],
        "additionalProperties": False,
    }
