"""The booklet's two instruments: the RRN Readiness Checker and the RRN Coproduction Evaluation.

The instruments are immutable value objects built once, at import, from the verbatim
text in :mod:`coproduction._booklet`. The item ids are the library's own and are
documented in ``docs/instruments.md``; they never change meaning and are never reused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from coproduction import _booklet as b
from coproduction._checks import elements, kinds, refuse
from coproduction._labelled import LabelledEnum, OrdinalEnum
from coproduction._power import Activity
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, UnknownItemError

__all__ = [
    "COPRODUCTION_EVALUATION",
    "DOMAIN_ITEM_IDS",
    "ITEM_IDS",
    "ITEM_ID_SET",
    "QUESTION_CELLS",
    "QUESTION_IDS",
    "READINESS_CHECKER",
    "CoproductionEvaluation",
    "Dimension",
    "Domain",
    "EvaluationItem",
    "Frequency",
    "ReadinessAnswer",
    "ReadinessChecker",
    "ReadinessQuestion",
]


class Dimension(LabelledEnum):
    """The Readiness Checker's three columns: what a setting has in place for an activity.

    :attr:`label` is the column heading; :attr:`about` is what the booklet says the
    column stands for ("staff attitude (readiness to share power), policies
    (obligation) and implementation infrastructure").

    >>> Dimension.OBLIGATION.label
    'Obligation to share power (eg vision, policy, mission)'
    >>> Dimension.READINESS.about
    'staff attitude'

    .. versionadded:: 0.1.0
    """

    label: str

    about: str

    def __init__(self, _code: str, _label: str, about: str) -> None:
        self.about = about

    #: Policy, the column "Obligation to share power (eg vision, policy, mission)".
    OBLIGATION = ("obligation", b.OBLIGATION_HEADING, "policies")
    #: Staff attitude, the column "Readiness to share power".
    READINESS = ("readiness", b.READINESS_HEADING, "staff attitude")
    #: Procedure, the column "Infrastructure - procedure for shared power (...)".
    INFRASTRUCTURE = ("infrastructure", b.INFRASTRUCTURE_HEADING, "implementation infrastructure")


class Domain(LabelledEnum):
    """The five domains of the Coproduction Evaluation, in the booklet's order.

    >>> [domain.label for domain in Domain]
    ['Support', 'Respect', 'Risk/action', 'Trust', 'Power with']

    .. versionadded:: 0.1.0
    """

    label: str

    SUPPORT = ("support", b.SUPPORT)
    RESPECT = ("respect", b.RESPECT)
    RISK_ACTION = ("risk_action", b.RISK_ACTION)
    TRUST = ("trust", b.TRUST)
    POWER_WITH = ("power_with", b.POWER_WITH_DOMAIN)


class Frequency(OrdinalEnum):
    """The Coproduction Evaluation's answer scale: an **ordinal** scale.

    Answers compare by their order on the scale (``NOT_AT_ALL < SOMETIMES <
    ALL_THE_TIME``); they are not numbers. Numbers are given to them only by
    scoring, whose points are a library convention (see
    :class:`coproduction.EvaluationConventions`).

    >>> Frequency.SOMETIMES < Frequency.ALL_THE_TIME
    True
    >>> Frequency.NOT_AT_ALL.label
    'Not at all'

    .. versionadded:: 0.1.0
    """

    label: str

    NOT_AT_ALL = ("not_at_all", b.NOT_AT_ALL)
    SOMETIMES = ("sometimes", b.SOMETIMES)
    ALL_THE_TIME = ("all_the_time", b.ALL_THE_TIME)


class ReadinessAnswer(LabelledEnum):
    """An answer to a Readiness Checker question.

    The booklet asks yes/no questions. **Library convention:** :attr:`PARTLY`
    records partial implementation (a policy in draft, a procedure on one ward),
    which audits need to tell apart from "no". Answers have no order here; scoring
    gives them points (see :class:`coproduction.ReadinessConventions`).

    >>> [answer.label for answer in ReadinessAnswer]
    ['Yes', 'Partly', 'No']

    .. versionadded:: 0.1.0
    """

    label: str

    YES = ("yes", "Yes")
    PARTLY = ("partly", "Partly")
    NO = ("no", "No")


@attrs.frozen
class EvaluationItem(HtmlView):
    """One statement of the Coproduction Evaluation.

    Attributes:
        id: The library's stable key for the item (``"<domain>_<n>"``, e.g.
            ``"risk_action_5"``), used by every file format.
        text: The statement, verbatim from the booklet.
        domain: The domain the booklet places it in.

    .. versionadded:: 0.1.0
    """

    id: str
    text: str
    domain: Domain

    def __attrs_post_init__(self) -> None:
        """Refuse fields of the wrong kinds (a number for an id, None for a text)."""
        kinds(
            "evaluation item",
            (self.id, str, "id"),
            (self.text, str, "text"),
            (self.domain, Domain, "domain"),
        )


@attrs.frozen
class ReadinessQuestion(HtmlView):
    """One cell of the Readiness Checker: an activity, a dimension, and its question.

    Attributes:
        activity: The row.
        dimension: The column.
        text: The question, verbatim from the booklet.

    .. versionadded:: 0.1.0
    """

    activity: Activity
    dimension: Dimension
    text: str

    def __attrs_post_init__(self) -> None:
        """Refuse fields of the wrong kinds (a list for an activity, None for a dimension)."""
        kinds(
            "readiness question",
            (self.activity, Activity, "activity"),
            (self.dimension, Dimension, "dimension"),
            (self.text, str, "text"),
        )

    @property
    def id(self) -> str:
        """The library's stable key for the cell, ``"<activity>_<dimension>"``.

        >>> READINESS_CHECKER.question(Activity.LISTENED_TO, Dimension.READINESS).id
        'listened_to_readiness'
        """
        return f"{self.activity.value}_{self.dimension.value}"


def _index_items(evaluation: CoproductionEvaluation) -> Mapping[str, EvaluationItem]:
    problems: list[Problem] = []
    items = elements(evaluation.items, EvaluationItem, "items", problems)
    refuse("instrument", problems)
    return {item.id: item for item in items}


@attrs.frozen(kw_only=True)
class CoproductionEvaluation(HtmlView):
    """The RRN Coproduction Evaluation: 23 statements answered by people with lived experience.

    Use the module constant :data:`coproduction.COPRODUCTION_EVALUATION`; there is
    one instrument.

    Attributes:
        name: "RRN Coproduction Evaluation".
        version: The booklet's version, "1.C".
        citation: How to cite the booklet.
        licence: The booklet's licence, "CC BY-NC-ND 4.0".
        licence_url: Where the licence is published.
        introduction: The booklet's introduction to the evaluation.
        respondents: The booklet's words on who answers it.
        stem: "When I am working with staff on a task or project:".
        scale: The answer scale, the three :class:`Frequency` members in order.
        items: The 23 items, in the booklet's order.

    >>> ev = COPRODUCTION_EVALUATION
    >>> ev.stem
    'When I am working with staff on a task or project:'
    >>> [f.label for f in ev.scale]
    ['Not at all', 'Sometimes', 'All the time']
    >>> ev.item("risk_action_5").text
    'When we talk about things, things change'

    .. versionadded:: 0.1.0
    """

    name: str
    version: str
    citation: str
    licence: str
    licence_url: str
    introduction: str
    respondents: str
    stem: str
    scale: tuple[Frequency, ...]
    items: tuple[EvaluationItem, ...]
    _by_id: Mapping[str, EvaluationItem] = attrs.field(
        init=False,
        default=attrs.Factory(_index_items, takes_self=True),
        eq=False,
        repr=False,
        hash=False,
    )

    def __repr__(self) -> str:
        return (
            f"<CoproductionEvaluation {self.name!r} version {self.version}: "
            f"{len(self.items)} items in {len(self.domains)} domains>"
        )

    @property
    def domains(self) -> tuple[Domain, ...]:
        """The domains in the booklet's order."""
        return tuple(dict.fromkeys(item.domain for item in self.items))

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Every item id, in the booklet's order."""
        return tuple(self._by_id)

    def item(self, item_id: str) -> EvaluationItem:
        """Return the item with this id.

        Raises:
            UnknownItemError: ``item_id`` is not an item of this instrument; the
                message lists the ids that are.

        >>> COPRODUCTION_EVALUATION.item("trust_9")
        Traceback (most recent call last):
        ...
        coproduction.exceptions.UnknownItemError: unknown item id 'trust_9' ...
        """
        try:
            return self._by_id[item_id]
        except (KeyError, TypeError):
            msg = (
                f"unknown item id {item_id!r} in the {self.name}; "
                f"the item ids are: {', '.join(self._by_id)}"
            )
            raise UnknownItemError(msg) from None

    def items_in(self, domain: Domain) -> tuple[EvaluationItem, ...]:
        """Return the items of one domain, in the booklet's order.

        >>> [item.id for item in COPRODUCTION_EVALUATION.items_in(Domain.SUPPORT)]
        ['support_1', 'support_2', 'support_3', 'support_4']

        Raises:
            ValidationError: ``domain`` is not a :class:`Domain` (a text is not looked up).
        """
        kinds("instrument lookup", (domain, Domain, "domain"))
        return tuple(item for item in self.items if item.domain is domain)


def _index_questions(
    checker: ReadinessChecker,
) -> Mapping[tuple[Activity, Dimension], ReadinessQuestion]:
    problems: list[Problem] = []
    questions = elements(checker.questions, ReadinessQuestion, "questions", problems)
    refuse("instrument", problems)
    return {(q.activity, q.dimension): q for q in questions}


@attrs.frozen(kw_only=True)
class ReadinessChecker(HtmlView):
    """The RRN Readiness Checker: seven activities by three dimensions, one question each.

    Use the module constant :data:`coproduction.READINESS_CHECKER`.

    Attributes:
        name: "RRN Readiness Checker".
        version: The booklet's version, "1.C".
        citation: How to cite the booklet.
        licence: The booklet's licence, "CC BY-NC-ND 4.0".
        licence_url: Where the licence is published.
        introduction: The booklet's introduction to the checker.
        activities: The seven activities, in the booklet's order (not a ranking).
        dimensions: The three dimensions, left to right.
        questions: The 21 questions, row by row.

    >>> q = READINESS_CHECKER.question(Activity.LISTENED_TO, Dimension.OBLIGATION)
    >>> q.text
    'Is it a policy requirement that people must be listened to?'
    >>> len(READINESS_CHECKER.questions)
    21

    .. versionadded:: 0.1.0
    """

    name: str
    version: str
    citation: str
    licence: str
    licence_url: str
    introduction: str
    activities: tuple[Activity, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[ReadinessQuestion, ...]
    _by_cell: Mapping[tuple[Activity, Dimension], ReadinessQuestion] = attrs.field(
        init=False,
        default=attrs.Factory(_index_questions, takes_self=True),
        eq=False,
        repr=False,
        hash=False,
    )

    def __repr__(self) -> str:
        return (
            f"<ReadinessChecker {self.name!r} version {self.version}: "
            f"{len(self.activities)} activities x {len(self.dimensions)} dimensions>"
        )

    @property
    def cells(self) -> tuple[tuple[Activity, Dimension], ...]:
        """Every (activity, dimension) cell, row by row in the booklet's order."""
        return tuple(self._by_cell)

    def question(self, activity: Activity, dimension: Dimension) -> ReadinessQuestion:
        """Return the question in one cell.

        Raises:
            UnknownItemError: ``activity`` is not an :class:`Activity` or
                ``dimension`` is not a :class:`Dimension`.
        """
        try:
            return self._by_cell[activity, dimension]
        except (KeyError, TypeError):
            msg = (
                f"no Readiness Checker question for ({activity!r}, {dimension!r}); "
                "give an Activity member and a Dimension member"
            )
            raise UnknownItemError(msg) from None


def _build_evaluation() -> CoproductionEvaluation:
    labels = {domain.label: domain for domain in Domain}
    items = tuple(
        EvaluationItem(id=f"{labels[label].value}_{n}", text=text, domain=labels[label])
        for label, texts in b.EVALUATION_DOMAINS
        for n, text in enumerate(texts, start=1)
    )
    return CoproductionEvaluation(
        name=b.EVALUATION_NAME,
        version=b.VERSION,
        citation=b.CITATION,
        licence=b.LICENCE,
        licence_url=b.LICENCE_URL,
        introduction=b.EVALUATION_INTRODUCTION,
        respondents=b.EVALUATION_RESPONDENTS,
        stem=b.EVALUATION_STEM,
        scale=tuple(Frequency),
        items=items,
    )


def _build_checker() -> ReadinessChecker:
    activities = tuple(Activity)
    dimensions = tuple(Dimension)
    questions = tuple(
        ReadinessQuestion(activity=activity, dimension=dimension, text=text)
        for activity, row in zip(activities, b.READINESS_ROWS, strict=True)
        for dimension, text in zip(dimensions, row[1:], strict=True)
    )
    return ReadinessChecker(
        name=b.READINESS_CHECKER_NAME,
        version=b.VERSION,
        citation=b.CITATION,
        licence=b.LICENCE,
        licence_url=b.LICENCE_URL,
        introduction=b.READINESS_CHECKER_INTRODUCTION,
        activities=activities,
        dimensions=dimensions,
        questions=questions,
    )


#: The RRN Coproduction Evaluation, word for word from version 1.C of the booklet.
COPRODUCTION_EVALUATION: CoproductionEvaluation = _build_evaluation()
#: The RRN Readiness Checker, word for word from version 1.C of the booklet.
READINESS_CHECKER: ReadinessChecker = _build_checker()

# The instruments' ids, derived once here for the modules that read and write them.
#: The 23 item ids, in the booklet's order.
ITEM_IDS: Final = COPRODUCTION_EVALUATION.item_ids
#: The same ids, for membership tests.
ITEM_ID_SET: Final = frozenset(ITEM_IDS)
#: Each domain's item ids, in the booklet's order (domains in the booklet's order too).
DOMAIN_ITEM_IDS: Final[Mapping[Domain, tuple[str, ...]]] = {
    domain: tuple(item.id for item in COPRODUCTION_EVALUATION.items_in(domain))
    for domain in COPRODUCTION_EVALUATION.domains
}
#: The 21 question ids, activity by activity in the booklet's order.
QUESTION_IDS: Final = tuple(q.id for q in READINESS_CHECKER.questions)
#: Each question id's cell (activity, dimension).
QUESTION_CELLS: Final[Mapping[str, tuple[Activity, Dimension]]] = {
    q.id: (q.activity, q.dimension) for q in READINESS_CHECKER.questions
}
