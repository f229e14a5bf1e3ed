"""Answers to the instruments, validated: what one person said, what one setting has in place.

The constructors are strict: they take enum members only, and refuse anything
else with one :class:`~coproduction.ValidationError` that lists every problem.
Loose input (labels typed by people, codes from a spreadsheet) is read only by the
named constructors ``from_labels``, which are just as strict about what they
cannot read.

An unanswered item is ``None`` or simply absent; both mean the same, and the
stored mapping always holds every item, ``None`` where unanswered. An unanswered
item is never an answer of "Not at all". Why an answer is absent (not asked,
declined, ...) is kept apart, in ``missing``: a :class:`~coproduction.Missing`
kind for every unanswered item, :attr:`Missing.NOT_ANSWERED
<coproduction.Missing.NOT_ANSWERED>` unless another was given.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final, TypeVar

import attrs

from coproduction._checks import activity_set, describe, written_text
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    ITEM_ID_SET,
    QUESTION_CELLS,
    READINESS_CHECKER,
    Dimension,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import Missing
from coproduction._power import Activity, Level
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = ["EvaluationResponse", "ReadinessAssessment"]

_E = TypeVar("_E", Frequency, ReadinessAnswer)

_CELLS: Final = {
    cell: cell for cell in READINESS_CHECKER.cells
}  # each cell, as the instrument holds it


def _strict_answer(
    value: object,
    kind: type[enum.Enum],
    other: type[enum.Enum],
    location: str,
    problems: list[Problem],
) -> None:
    """Check that an answer is a member of ``kind`` or None, recording a problem if not.

    ``other`` is the other instrument's answer type, named in the message when mixed up.
    """
    if value is None or isinstance(value, kind):
        return
    if isinstance(value, other):
        message = (
            f"got {value!r}, an answer to the other instrument; expected a "
            f"{kind.__name__} member or None"
        )
    else:
        message = (
            f"expected a {kind.__name__} member or None, got {describe(value)}; "
            "to read labels or codes, use from_labels()"
        )
    problems.append(Problem(location, message))


def _check_context(
    problems: list[Problem], *, field: str, value: object, kind: type | tuple[type, ...]
) -> None:
    if value is not None and not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        problems.append(Problem(field, f"expected {names} or None, got {describe(value)}"))


def _check_date(problems: list[Problem], value: object) -> None:
    if isinstance(value, dt.datetime):
        problems.append(
            Problem("date", "expected a datetime.date (a day, without a time), got a datetime")
        )
    else:
        _check_context(problems, field="date", value=value, kind=dt.date)


def _check_text(problems: list[Problem], field: str, value: object) -> None:
    _check_context(problems, field=field, value=value, kind=str)
    if isinstance(value, str) and (message := written_text(value)) is not None:
        problems.append(Problem(field, message))


def is_utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_K = TypeVar("_K")


def _kinds(
    untrusted: object,
    answers: Mapping[_K, object],
    name: Callable[[object], str],
    problems: list[Problem],
) -> FrozenDict[_K, Missing]:
    """Every unanswered item's kind of missing, checked: ``NOT_ANSWERED`` unless given.

    ``answers`` holds every item in order (``None`` where unanswered); a kind
    given for an answered item, for an unknown item, or that is not a
    :class:`~coproduction.Missing` member is a problem.
    """
    given: dict[object, Missing] = {}
    if untrusted is None:
        pass
    elif not isinstance(untrusted, Mapping):
        problems.append(
            Problem("missing", f"expected a mapping of item to Missing, got {describe(untrusted)}")
        )
    else:
        for key, kind in untrusted.items():
            location = f"missing[{name(key)}]"
            if not isinstance(kind, Missing):
                problems.append(
                    Problem(location, f"expected a Missing member, got {describe(kind)}")
                )
            elif key not in answers:
                problems.append(Problem(location, "unknown item; a kind is given per item"))
            elif answers[key] is not None:
                problems.append(
                    Problem(
                        location,
                        f"the item is answered, so it cannot be {kind.label.lower()!r}; "
                        "a kind of missing is for an absent answer only",
                    )
                )
            else:
                given[key] = kind
    return FrozenDict(
        (key, given.get(key, Missing.NOT_ANSWERED))
        for key, answer in answers.items()
        if answer is None
    )


def _context(**fields: str | None) -> str:
    """The recorded context of a ``repr``: `` name='value'`` for each one given."""
    return "".join(f" {name}={shown!r}" for name, shown in fields.items() if shown is not None)


_B = TypeVar("_B")


def _evaluation_answers(untrusted: object, problems: list[Problem]) -> dict[str, Frequency | None]:
    """The well-formed entries of a response's answers; a problem for each other one.

    Checked at run time, whatever the annotations say.
    """
    given: dict[str, Frequency | None] = {}
    if not isinstance(untrusted, Mapping):
        problems.append(
            Problem(
                "answers", f"expected a mapping of item id to answer, got {describe(untrusted)}"
            )
        )
        return given
    for key, value in untrusted.items():
        location = f"answers[{key!r}]"
        known = isinstance(key, str) and key in ITEM_ID_SET
        if not isinstance(key, str):
            problems.append(Problem(location, f"item ids are text, got {describe(key)}"))
        elif not known:
            problems.append(Problem(location, _unknown_item_message()))
        _strict_answer(value, Frequency, ReadinessAnswer, location, problems)
        if known and (value is None or isinstance(value, Frequency)):
            given[key] = value
    return given


def _readiness_answers(
    untrusted: object, problems: list[Problem]
) -> dict[tuple[Activity, Dimension], ReadinessAnswer | None]:
    """The well-formed entries of an assessment's answers; a problem for each other one.

    Checked at run time, whatever the annotations say.
    """
    given: dict[tuple[Activity, Dimension], ReadinessAnswer | None] = {}
    if not isinstance(untrusted, Mapping):
        problems.append(
            Problem(
                "answers",
                f"expected a mapping of (Activity, Dimension) to answer, got {describe(untrusted)}",
            )
        )
        return given
    for key, value in untrusted.items():
        location = f"answers[{_cell_name(key)}]"
        cell = _CELLS.get(key) if isinstance(key, tuple) else None
        if cell is None:
            problems.append(
                Problem(
                    location,
                    f"expected an (Activity, Dimension) pair of members, got {describe(key)}",
                )
            )
        _strict_answer(value, ReadinessAnswer, Frequency, location, problems)
        if cell is not None and (value is None or isinstance(value, ReadinessAnswer)):
            given[cell] = value
    return given


def _built(build: Callable[[], _B], problems: list[Problem], what: str) -> _B:
    """Build with the strict constructor, refusing with its problems and ``problems`` together.

    ``from_labels`` reads labels first (``problems`` are what it could not read), then
    lets the constructor check everything else; the user sees both lists at once.
    """
    try:
        value = build()
    except ValidationError as error:
        raise ValidationError(what, [*problems, *error.problems]) from None
    if problems:
        raise ValidationError(what, problems)
    return value


@attrs.frozen(kw_only=True, init=False)
class EvaluationResponse(HtmlView):
    """One person's answers to the RRN Coproduction Evaluation, with optional context.

    Args:
        answers: Item id to :class:`~coproduction.Frequency`, or ``None`` for an
            unanswered item. Absent items are unanswered too.
        respondent: A **pseudonymous** id (never a name or an NHS number).
        date: The day the answers were given.
        level: The :class:`~coproduction.Level` the answers are about.
        activities: The activities the person took part in.
        preferred_activities: The activities the person would prefer to take part in.
        missing: Item id to the :class:`~coproduction.Missing` kind of an
            unanswered item (why it is absent); unanswered items not named are
            :attr:`Missing.NOT_ANSWERED <coproduction.Missing.NOT_ANSWERED>`.

    Attributes:
        answers: Every item id, in the instrument's order, to its answer or ``None``.
        respondent: The pseudonymous id, or ``None``.
        date: The day of the answers, or ``None``.
        level: The level the answers are about, or ``None``.
        activities: The activities the person took part in.
        preferred_activities: The activities the person would prefer.
        missing: Every unanswered item's id, in the instrument's order, to its
            kind of missing. Never scored, whatever the kind.

    Raises:
        ValidationError: Listing every problem: unknown item ids, ids that are not
            text, answers that are not :class:`~coproduction.Frequency` members
            (``2``, ``"Sometimes"``, ``True``, a
            :class:`~coproduction.ReadinessAnswer`), context of the wrong type.

    >>> from coproduction import EvaluationResponse, Frequency
    >>> r = EvaluationResponse({"support_1": Frequency.SOMETIMES, "trust_2": None})
    >>> r.answers["support_1"], r.answers["trust_2"], r.answers["trust_3"]
    (<Frequency.SOMETIMES: 'sometimes'>, None, None)
    >>> r.answered
    1
    >>> EvaluationResponse({"support_1": 2, "trust_9": Frequency.SOMETIMES})
    Traceback (most recent call last):
    ...
    coproduction.exceptions.ValidationError: evaluation response: 2 problems
      - answers['support_1']: expected a Frequency member or None, got int 2; ...
      - answers['trust_9']: unknown item id; the RRN Coproduction Evaluation's ids ...

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``missing``: the kind of each absent answer.
    """

    answers: FrozenDict[str, Frequency | None]
    respondent: str | None = None
    date: dt.date | None = None
    level: Level | None = None
    activities: frozenset[Activity] = frozenset()
    preferred_activities: frozenset[Activity] = frozenset()
    missing: FrozenDict[str, Missing] = attrs.field(factory=FrozenDict)

    def __repr__(self) -> str:
        context = _context(
            respondent=self.respondent,
            date=None if self.date is None else self.date.isoformat(),
            level=None if self.level is None else self.level.value,
        )
        return f"<EvaluationResponse{context}: {self.answered} of {len(self.answers)} answered>"

    def __init__(
        self,
        answers: Mapping[str, Frequency | None],
        *,
        respondent: str | None = None,
        date: dt.date | None = None,
        level: Level | None = None,
        activities: Iterable[Activity] = frozenset(),
        preferred_activities: Iterable[Activity] = frozenset(),
        missing: Mapping[str, Missing] | None = None,
    ) -> None:
        problems: list[Problem] = []
        given = _evaluation_answers(answers, problems)
        _check_text(problems, "respondent", respondent)
        _check_date(problems, date)
        _check_context(problems, field="level", value=level, kind=Level)
        took_part = activity_set(problems, "activities", activities)
        preferred = activity_set(problems, "preferred_activities", preferred_activities)
        stored = FrozenDict((i, given.get(i)) for i in COPRODUCTION_EVALUATION.item_ids)
        kinds = _kinds(missing, stored, repr, problems)
        if problems:
            raise ValidationError("evaluation response", problems)
        # pyright does not model attrs' generated __attrs_init__ (mypy's plugin does).
        self.__attrs_init__(  # pyright: ignore[reportAttributeAccessIssue]
            answers=stored,
            respondent=respondent,
            date=date,
            level=level,
            activities=took_part,
            preferred_activities=preferred,
            missing=kinds,
        )

    @classmethod
    def from_labels(
        cls,
        answers: Mapping[str, object],
        *,
        respondent: str | None = None,
        date: dt.date | None = None,
        level: Level | None = None,
        activities: Iterable[Activity] = frozenset(),
        preferred_activities: Iterable[Activity] = frozenset(),
        missing: Mapping[str, Missing] | None = None,
    ) -> EvaluationResponse:
        """Read answers given as labels or codes, as people and spreadsheets write them.

        Accepted for each answer (case, spaces, ``_`` and ``-`` do not matter):
        ``"Not at all"``, ``"Sometimes"``, ``"All the time"``; the codes ``0``,
        ``1``, ``2`` (as whole numbers or text; the library's documented codes);
        a :class:`~coproduction.Frequency` member; and ``None`` or ``""`` for
        unanswered. Anything else is refused, never guessed.

        Raises:
            ValidationError: Listing every value that could not be read, and every
                other problem the strict constructor finds.

        >>> r = EvaluationResponse.from_labels({"support_1": "all the time", "support_2": 0})
        >>> r.answers["support_1"], r.answers["support_2"]
        (<Frequency.ALL_THE_TIME: 'all_the_time'>, <Frequency.NOT_AT_ALL: 'not_at_all'>)
        """
        untrusted: object = answers
        parsed, problems = _parse_all(untrusted, FREQUENCY_WORDS, Frequency)
        checked = _evaluation_answers(
            parsed if isinstance(untrusted, Mapping) else untrusted, problems
        )
        return _built(
            lambda: cls(
                checked,
                respondent=respondent,
                date=date,
                level=level,
                activities=activities,
                preferred_activities=preferred_activities,
                missing=missing,
            ),
            problems,
            "evaluation response",
        )

    @property
    def answered(self) -> int:
        """How many items have an answer."""
        return sum(answer is not None for answer in self.answers.values())

    @property
    def unanswered(self) -> tuple[str, ...]:
        """The ids of the items without an answer, in the instrument's order."""
        return tuple(item_id for item_id, answer in self.answers.items() if answer is None)


def _unknown_item_message() -> str:
    ids = COPRODUCTION_EVALUATION.item_ids
    return (
        f"unknown item id; the {COPRODUCTION_EVALUATION.name}'s ids are "
        f"{ids[0]}, {ids[1]}, ..., {ids[-1]} (see COPRODUCTION_EVALUATION.item_ids)"
    )


def _normalise_word(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


FREQUENCY_WORDS: Final[Mapping[str, Frequency]] = {
    **{_normalise_word(f.label): f for f in Frequency},
    "0": Frequency.NOT_AT_ALL,
    "1": Frequency.SOMETIMES,
    "2": Frequency.ALL_THE_TIME,
}
READINESS_WORDS: Final[Mapping[str, ReadinessAnswer]] = {
    _normalise_word(a.label): a for a in ReadinessAnswer
}


#: Control characters (Unicode category Cc); the cell rule refuses them inside a value.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")


def blank(cell: str) -> bool:
    """Whether a text cell is empty under the cell rule: nothing but ASCII spaces and tabs."""
    return not cell.strip(" \t")


def parse_word(value: object, words: Mapping[str, _E], kind: type[_E]) -> _E | str | None:
    """Read one loose answer; return the member, None (unanswered), or an error message.

    The cell rule, the same for every reader (CSV wide and long, REDCap,
    ``from_labels``): ASCII spaces and tabs around the text are ignored; text that
    is empty after that is unanswered; text holding any other control character
    (a vertical tab, a NUL, a line end) is refused, never taken for a space.
    """
    if value is None or isinstance(value, kind):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        stripped = value.strip(" \t")
        if not stripped:
            return None
        if control := _CONTROL.search(stripped):
            return (
                f"cannot read {describe(value)} as an answer: it holds the control character "
                f"{control.group()!r}; only spaces and tabs may surround an answer"
            )
        # Codes are matched exactly ("-1" is not "1"); only words are normalised.
        key = stripped if any(c.isdigit() for c in stripped) else _normalise_word(stripped)
        if key in words:
            return words[key]
    accepted = ", ".join(repr(w) for w in words)
    return f"cannot read {describe(value)} as an answer; accepted: {accepted}, or empty"


def _parse_all(
    answers: object,
    words: Mapping[str, _E],
    kind: type[_E],
    name: Callable[[object], str] = repr,
) -> tuple[dict[object, _E | None], list[Problem]]:
    parsed: dict[object, _E | None] = {}
    problems: list[Problem] = []
    if not isinstance(answers, Mapping):
        return parsed, problems  # the strict constructor reports it
    for key, value in answers.items():
        result = parse_word(value, words, kind)
        if isinstance(result, str):
            problems.append(Problem(f"answers[{name(key)}]", result))
            parsed[key] = None  # still passed on, so that a bad key is reported too
        else:
            parsed[key] = result
    return parsed, problems


def _cell_name(cell: object) -> str:
    if (
        isinstance(cell, tuple)
        and len(cell) == 2
        and isinstance(cell[0], Activity)
        and isinstance(cell[1], Dimension)
    ):
        return f"{cell[0].name}, {cell[1].name}"
    return repr(cell)


@attrs.frozen(kw_only=True, init=False)
class ReadinessAssessment(HtmlView):
    """One setting's answers to the RRN Readiness Checker.

    Args:
        answers: ``(Activity, Dimension)`` to :class:`~coproduction.ReadinessAnswer`,
            or ``None`` for a question not answered. Absent cells are unanswered too.
        setting: An id for the ward, service or organisation assessed.
        date: The day of the assessment.
        missing: Cell to the :class:`~coproduction.Missing` kind of an unanswered
            question; unanswered cells not named are :attr:`Missing.NOT_ANSWERED
            <coproduction.Missing.NOT_ANSWERED>`.

    Attributes:
        answers: Every cell, row by row in the booklet's order, to its answer or ``None``.
        setting: The setting's id, or ``None``.
        date: The day of the assessment, or ``None``.
        missing: Every unanswered cell, in the booklet's order, to its kind of
            missing. Never scored, whatever the kind.

    Raises:
        ValidationError: Listing every problem: keys that are not an
            ``(Activity, Dimension)`` pair, answers that are not
            :class:`~coproduction.ReadinessAnswer` members (``"yes"``, ``True``, a
            :class:`~coproduction.Frequency`), context of the wrong type.

    >>> from coproduction import Activity, Dimension, ReadinessAnswer, ReadinessAssessment
    >>> a = ReadinessAssessment({(Activity.LISTENED_TO, Dimension.OBLIGATION): ReadinessAnswer.YES})
    >>> a.answers[Activity.LISTENED_TO, Dimension.OBLIGATION]
    <ReadinessAnswer.YES: 'yes'>
    >>> len(a.unanswered)
    20

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``missing``: the kind of each absent answer.
    """

    answers: FrozenDict[tuple[Activity, Dimension], ReadinessAnswer | None]
    setting: str | None = None
    date: dt.date | None = None
    missing: FrozenDict[tuple[Activity, Dimension], Missing] = attrs.field(factory=FrozenDict)

    def __repr__(self) -> str:
        context = _context(
            setting=self.setting, date=None if self.date is None else self.date.isoformat()
        )
        answered = len(self.answers) - len(self.unanswered)
        return f"<ReadinessAssessment{context}: {answered} of {len(self.answers)} answered>"

    def __init__(
        self,
        answers: Mapping[tuple[Activity, Dimension], ReadinessAnswer | None],
        *,
        setting: str | None = None,
        date: dt.date | None = None,
        missing: Mapping[tuple[Activity, Dimension], Missing] | None = None,
    ) -> None:
        problems: list[Problem] = []
        given = _readiness_answers(answers, problems)
        _check_text(problems, "setting", setting)
        _check_date(problems, date)
        stored = FrozenDict((cell, given.get(cell)) for cell in READINESS_CHECKER.cells)
        kinds = _kinds(missing, stored, _cell_name, problems)
        if problems:
            raise ValidationError("readiness assessment", problems)
        # pyright does not model attrs' generated __attrs_init__ (mypy's plugin does).
        self.__attrs_init__(  # pyright: ignore[reportAttributeAccessIssue]
            answers=stored,
            setting=setting,
            date=date,
            missing=kinds,
        )

    @classmethod
    def from_labels(
        cls,
        answers: Mapping[object, object],
        *,
        setting: str | None = None,
        date: dt.date | None = None,
        missing: Mapping[tuple[Activity, Dimension], Missing] | None = None,
    ) -> ReadinessAssessment:
        """Read answers given as words, keyed by cell or by question id.

        Keys may be ``(Activity, Dimension)`` pairs or question ids such as
        ``"listened_to_obligation"`` (see :attr:`ReadinessQuestion.id
        <coproduction.ReadinessQuestion.id>`). Answers may be ``"yes"``,
        ``"partly"``, ``"no"`` (any case), :class:`~coproduction.ReadinessAnswer`
        members, and ``None`` or ``""`` for unanswered.

        Raises:
            ValidationError: Listing every key or answer that could not be read.

        >>> a = ReadinessAssessment.from_labels({"listened_to_readiness": "Partly"})
        >>> a.answers[Activity.LISTENED_TO, Dimension.READINESS]
        <ReadinessAnswer.PARTLY: 'partly'>
        """
        problems: list[Problem] = []
        keyed: dict[object, object] = {}
        untrusted: object = answers
        if isinstance(untrusted, Mapping):
            for key, value in untrusted.items():
                if isinstance(key, str):
                    if key in QUESTION_CELLS:
                        keyed[QUESTION_CELLS[key]] = value
                    else:
                        problems.append(
                            Problem(
                                f"answers[{key!r}]",
                                f"unknown question id; the ids are {', '.join(QUESTION_CELLS)}",
                            )
                        )
                else:
                    keyed[key] = value
        parsed, parse_problems = _parse_all(keyed, READINESS_WORDS, ReadinessAnswer, _cell_name)
        problems.extend(parse_problems)
        checked = _readiness_answers(
            parsed if isinstance(untrusted, Mapping) else untrusted, problems
        )
        return _built(
            lambda: cls(
                checked,
                setting=setting,
                date=date,
                missing=missing,
            ),
            problems,
            "readiness assessment",
        )

    @property
    def unanswered(self) -> tuple[tuple[Activity, Dimension], ...]:
        """The cells without an answer, row by row in the booklet's order."""
        return tuple(cell for cell, answer in self.answers.items() if answer is None)
