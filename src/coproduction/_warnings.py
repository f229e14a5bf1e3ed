"""Warnings that "power with" may be turning into "power over".

The booklet warns that "people can still be dominated when 'power with'
approaches are used in coproduction activities", and gives Luca's words and four
reasons. This module turns that warning into **prompts for reflection**: each
:class:`PowerWarning` names the pattern in the answers, the booklet passage it
rests on and the answers that raised it. A warning is never a finding about
anyone.

Which answers raise which warning, and at what threshold, are **the library's
conventions**, held as data in :class:`WarningRules` (defaults
:data:`~coproduction.rules.DEFAULT_RULES`) and tabulated in ``docs/warnings.md``. Missing answers
never raise a warning: a flag whose outcome depends on unanswered questions is
reported as not assessed, apart from the warnings.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Self, cast, overload

import attrs

from coproduction import _readings
from coproduction._checks import kinds, plain_text, whole
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    ITEM_ID_SET,
    READINESS_CHECKER,
    Dimension,
    Frequency,
    ReadinessAnswer,
)
from coproduction._labelled import OrdinalEnum
from coproduction._power import Activity, Reason
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_RULES",
    "ContextRule",
    "CustomFlag",
    "Flag",
    "ItemRule",
    "NotAssessed",
    "PowerWarning",
    "Severity",
    "WarningReport",
    "WarningRules",
    "power_over_report",
    "power_over_warnings",
]

#: Every warning says this.
REFLECTION_NOTE: Final = "This is a prompt for reflection, not a finding about anyone."


class Severity(OrdinalEnum):
    """How soon a warning is worth talking about: an **ordinal** scale, a library convention.

    ``LOW < MEDIUM < HIGH``. Severity orders prompts for a team's attention; it is
    not a measure of harm and says nothing about any person.

    >>> Severity.MEDIUM < Severity.HIGH
    True

    .. versionadded:: 0.1.0
    """

    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")


class Flag(enum.Enum):
    """The patterns that may show "power with" turning into "power over".

    Each member has a plain-language :attr:`title` and :attr:`explanation` that
    describe the working relationship or the service, never the person; the
    booklet :attr:`passage` it rests on; the booklet's :attr:`reasons` it reflects;
    and the booklet's words offered as :attr:`prompts` for reflection. Passages,
    reasons and prompts are quoted verbatim; **which go with which flag is the
    library's reading of the booklet**, not the booklet's own.

    >>> Flag.TICK_BOX_INVOLVEMENT.title
    'Involvement without real control'
    >>> Flag.TICK_BOX_INVOLVEMENT.passage.startswith('"As long as the professionals')
    True
    >>> [reason.name for reason in Flag.TICK_BOX_INVOLVEMENT.reasons]
    ['KNOWS_BEST', 'PROFESSIONAL_KNOWLEDGE_FIRST']

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       :attr:`reasons` and :attr:`prompts`; ``NOT_SAFE_TO_CHALLENGE`` rests on its
       own passage ("Power is not a finite resource").
    """

    _value_: str
    title: str
    explanation: str

    def __new__(cls, code: str, title: str, explanation: str) -> Self:
        member = object.__new__(cls)
        member._value_ = code
        member.title = title
        member.explanation = explanation
        return member

    TICK_BOX_INVOLVEMENT = (
        "tick_box_involvement",
        "Involvement without real control",
        (
            "The answers suggest that staff listen and involve, while control over what is "
            "being done and the decisions stay with staff: involvement may have become a "
            "box to tick."
        ),
    )
    LISTENED_TO_WITHOUT_CHANGE = (
        "listened_to_without_change",
        "Listening without change",
        (
            "The answers suggest that staff want to hear what is said, but talking things "
            "through does not yet lead to change, or to control over what is being done."
        ),
    )
    NOT_SAFE_TO_CHALLENGE = (
        "not_safe_to_challenge",
        "Challenge may not feel safe",
        (
            "The answers suggest that challenging staff ideas, or telling staff about a "
            "mistake, does not yet feel ok in this working relationship."
        ),
    )
    DOING_FOR_NOT_WITH = (
        "doing_for_not_with",
        "Doing for rather than with",
        (
            "The answers suggest that staff do what they think will help, without yet "
            "having asked how the person would like to take part."
        ),
    )
    NEEDS_NOT_MET = (
        "needs_not_met",
        "Ways of taking part may not fit",
        (
            "The answers suggest that the service does not yet support taking part in the "
            "ways that feel most comfortable (for example communication, sensory or "
            "cultural needs)."
        ),
    )
    STRENGTHS_NOT_SEEN = (
        "strengths_not_seen",
        "Strengths may not be seen",
        (
            "The answers suggest that staff are not yet seen to trust the person to take "
            "part, or to believe they can have good ideas and find solutions."
        ),
    )
    VOICE_NOT_EQUAL = (
        "voice_not_equal",
        "Voices not yet equal",
        (
            "The answers suggest that lived experience is not yet heard as equal to staff "
            "views: professional knowledge may be valued above it."
        ),
    )
    COMMITMENT_ON_PAPER = (
        "commitment_on_paper",
        "Commitment on paper",
        (
            "The service's policy commits it to an activity, but staff readiness or the "
            "procedure to support it is not yet in place."
        ),
    )
    CHOICE_NOT_HONOURED = (
        "choice_not_honoured",
        "Taking part in ways not chosen",
        (
            "The record shows taking part in activities that are not among the preferred "
            "ones; people should be able to take part in the ways that suit them."
        ),
    )

    @property
    def passage(self) -> str:
        """The booklet passage this flag rests on, quoted verbatim."""
        return _readings.FLAG_PASSAGES[self.value]

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The booklet's reasons this flag reflects, in its order (the library's reading).

        .. versionadded:: 0.2.0
        """
        return _readings.FLAG_REASONS[self.value]

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The booklet's words offered as prompts for reflection (the library's reading).

        .. versionadded:: 0.2.0
        """
        return _readings.FLAG_PROMPTS[self.value]


# --- Rules -------------------------------------------------------------------------------


def _item_tuple(value: Iterable[str]) -> tuple[str, ...]:
    untrusted: object = value
    if isinstance(untrusted, str | bytes) or not isinstance(untrusted, Iterable):
        return cast("tuple[str, ...]", untrusted)  # left as it is, and refused by the check
    return tuple(cast("Iterable[str]", untrusted))


def _default_min_high(rule: ItemRule) -> int:
    return 1 if rule.high_items else 0


def _check_items(field: str, items: tuple[str, ...], problems: list[Problem]) -> bool:
    """Record every problem with a rule's items; return whether they are a tuple at all."""
    if not isinstance(cast("object", items), tuple):
        kind = type(items).__name__
        problems.append(Problem(field, f"expected a tuple of item ids, got {kind} {items!r:.40}"))
        return False
    seen: set[str] = set()
    for i, item_id in enumerate(cast("tuple[object, ...]", items)):
        if not isinstance(item_id, str) or item_id not in ITEM_ID_SET:
            problems.append(
                Problem(
                    f"{field}[{i}]", f"unknown item id {item_id!r}; see COPRODUCTION_EVALUATION"
                )
            )
        elif item_id in seen:
            problems.append(Problem(f"{field}[{i}]", f"{item_id!r} is listed twice"))
        else:
            seen.add(item_id)
    return True


def _check_count(field: str, value: object, low: int, high: int, problems: list[Problem]) -> None:
    whole(value, field, problems, least=low, most=high)


@attrs.frozen(kw_only=True)
class ItemRule(HtmlView):
    """When a flag about evaluation answers is raised: **a library convention**, as data.

    The flag is raised when at least ``min_low`` of ``low_items`` are
    answered at or below ``at_most`` **and** at least ``min_high`` of
    ``high_items`` are answered at or above ``at_least`` (the "while"
    part of flags such as "listened to, without change"). It stays quiet when
    that cannot happen whatever the unanswered items were; otherwise it is not
    assessed. Unanswered items never count towards raising a flag.

    Args:
        low_items: Items whose low answers raise the flag; at least one.
        at_most: The highest answer that counts as low; below "All the time", so
            that all "All the time" never raises a flag.
        min_low: How many of ``low_items`` must be low, from 1 to their number.
        high_items: Items that must be answered high at the same time (may be empty).
        at_least: The lowest answer that counts as high.
        min_high: How many of ``high_items`` must be high, from 0 to their number
            (default: 1 when there are high items, else 0).
        severity: The :class:`~coproduction.Severity` of the warning.
        enabled: Whether the flag is checked at all.

    Raises:
        ValidationError: Listing every problem with the rule.

    >>> rule = ItemRule(low_items=("risk_action_5",), high_items=("support_3",))
    >>> rule.min_low, rule.min_high, rule.at_most.label, rule.at_least.label
    (1, 1, 'Not at all', 'Sometimes')

    .. versionadded:: 0.1.0
    """

    low_items: tuple[str, ...] = attrs.field(converter=_item_tuple)
    at_most: Frequency = Frequency.NOT_AT_ALL
    min_low: int = 1
    high_items: tuple[str, ...] = attrs.field(default=(), converter=_item_tuple)
    at_least: Frequency = Frequency.SOMETIMES
    min_high: int = attrs.field(default=attrs.Factory(_default_min_high, takes_self=True))
    severity: Severity = Severity.MEDIUM
    enabled: bool = True

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        self._check_items(problems)
        if not isinstance(cast("object", self.at_most), Frequency):
            problems.append(Problem("at_most", f"expected a Frequency, got {self.at_most!r}"))
        elif self.at_most is Frequency.ALL_THE_TIME:
            problems.append(
                Problem("at_most", "must be below All the time, or every answer would be low")
            )
        if not isinstance(cast("object", self.at_least), Frequency):
            problems.append(Problem("at_least", f"expected a Frequency, got {self.at_least!r}"))
        if not isinstance(cast("object", self.severity), Severity):
            problems.append(Problem("severity", f"expected a Severity, got {self.severity!r}"))
        if not isinstance(cast("object", self.enabled), bool):
            problems.append(Problem("enabled", f"expected True or False, got {self.enabled!r}"))
        if problems:
            raise ValidationError("warning rule", problems)

    def _check_items(self, problems: list[Problem]) -> None:
        low_ok = _check_items("low_items", self.low_items, problems)
        high_ok = _check_items("high_items", self.high_items, problems)
        if low_ok and not self.low_items:
            problems.append(Problem("low_items", "expected at least one item id"))
        if low_ok and high_ok:
            both = sorted(set(self.low_items) & set(self.high_items))
            if both:
                problems.append(
                    Problem("high_items", f"{', '.join(both)} cannot be both a low and a high item")
                )
        if low_ok:
            _check_count("min_low", self.min_low, 1, max(1, len(self.low_items)), problems)
        if high_ok:
            _check_count("min_high", self.min_high, 0, len(self.high_items), problems)

    @property
    def items(self) -> tuple[str, ...]:
        """Every item the rule reads, its high items first, then its low items."""
        return (*self.high_items, *self.low_items)


@attrs.frozen(kw_only=True)
class ContextRule(HtmlView):
    """A flag read from the readiness assessment or the activity context, not from answers.

    Args:
        severity: The :class:`~coproduction.Severity` of the warning.
        enabled: Whether the flag is checked at all.

    .. versionadded:: 0.1.0
    """

    severity: Severity
    enabled: bool = True

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(cast("object", self.severity), Severity):
            problems.append(Problem("severity", f"expected a Severity, got {self.severity!r}"))
        if not isinstance(cast("object", self.enabled), bool):
            problems.append(Problem("enabled", f"expected True or False, got {self.enabled!r}"))
        if problems:
            raise ValidationError("warning rule", problems)


#: A custom flag's code: lower-case words joined by ``_``, like the built-in flags' codes.
_CODE: Final = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
_BUILT_IN_CODES: Final = frozenset(flag.value for flag in Flag)


def _reason_tuple(value: Iterable[Reason]) -> tuple[Reason, ...]:
    untrusted: object = value
    if isinstance(untrusted, str | bytes) or not isinstance(untrusted, Iterable):
        return cast("tuple[Reason, ...]", untrusted)  # left as it is, and refused by the check
    return tuple(cast("Iterable[Reason]", untrusted))


#: The longest title and explanation of a custom flag (the library's convention:
#: the built-in flags' are under 100 and 400 characters; a report cell is no essay).
_TITLE_LIMIT: Final = 200
_EXPLANATION_LIMIT: Final = 2_000


def _code_problems(code: object) -> list[Problem]:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return [
            Problem(
                "code",
                f"expected lower-case words joined by _ (such as 'my_flag'), got {code!r:.40}",
            )
        ]
    if code in _BUILT_IN_CODES:
        return [Problem("code", f"{code!r} is a built-in flag's code")]
    return []


def _passage_problems(passage: object) -> list[Problem]:
    if not isinstance(passage, str) or passage not in _readings.PASSAGES:
        return [
            Problem(
                "passage_id",
                f"no booklet passage has the id {passage!r:.60}; see coproduction.rules.PASSAGES",
            )
        ]
    return []


def _repeated_codes(codes: Iterable[object]) -> list[Problem]:
    """Each custom flag whose (text) code an earlier one has, located ``custom[i].code``."""
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for i, code in enumerate(codes):
        if not isinstance(code, str):
            continue
        if code in first:
            problems.append(
                Problem(f"custom[{i}].code", f"{code!r} is also the code of custom[{first[code]}]")
            )
        else:
            first[code] = i
    return problems


def custom_flag_problems(document: object) -> list[Problem]:
    """Problems of a rules document's custom flags, read from the parsed JSON itself.

    Reading a document stops checking a custom flag once one of its fields is
    refused (the flag is never made), and the rules once a flag is; so that every
    problem is still listed at once, this checks what it can of the raw values: the
    codes (their form, and none given twice) and the passage ids. Values of the
    wrong type are left to the reader, which reports them.
    """
    custom = document.get("custom") if isinstance(document, dict) else None
    if not isinstance(custom, list):
        return []
    flags = [flag if isinstance(flag, dict) else {} for flag in custom]
    problems = _repeated_codes(flag.get("code") for flag in flags)
    for i, flag in enumerate(flags):
        for key, check in (("code", _code_problems), ("passage_id", _passage_problems)):
            if isinstance(flag.get(key), str):
                problems.extend(
                    Problem(f"custom[{i}].{p.location}", p.message) for p in check(flag[key])
                )
    return problems


@attrs.frozen(kw_only=True)
class CustomFlag(HtmlView):
    """A flag about evaluation answers defined as data: a pattern the library does not ship.

    It is checked like the built-in item flags, by its :class:`ItemRule`, on one
    response (:func:`~coproduction.power_over_report`) and on a cohort
    (:func:`~coproduction.cohort_warnings`)
    alike, and its warnings are prompts for reflection like theirs. The pattern,
    its title and explanation, and the reasons it is paired with are **the rule's
    author's reading**, not the booklet's; the passage is the booklet's own words,
    named by its id in :data:`coproduction.rules.PASSAGES`, so that a rule never
    carries booklet text of its own. Add custom flags to
    :attr:`WarningRules.custom`, in code or in a rules file
    (``docs/warnings.md``).

    Args:
        code: A stable text code, lower-case words joined by ``_``
            (``"control_without_voice"``); not a built-in flag's code.
        title: A plain-language title, about the relationship or the service.
        explanation: What the answers suggest, about the relationship or the
            service, never a person.
        passage_id: The id of the booklet passage the flag rests on
            (a key of :data:`coproduction.rules.PASSAGES`).
        reasons: The booklet's reasons the flag reflects, at least one, in the
            booklet's order (so that grouping by reason leaves no warning out).
        rule: When the flag is raised: its items, thresholds, counts, severity
            and switch.

    Raises:
        ValidationError: Listing every problem with the flag, located by field.

    >>> flag = CustomFlag(
    ...     code="decisions_without_voice", title="Decisions without a voice",
    ...     explanation="The answers suggest that final decisions are made together "
    ...     "while the person's voice is not yet heard as equal.",
    ...     passage_id="reason_professional_knowledge",
    ...     reasons=(Reason.PROFESSIONAL_KNOWLEDGE_FIRST,),
    ...     rule=ItemRule(high_items=("power_with_5",), at_least=Frequency.ALL_THE_TIME,
    ...                   low_items=("power_with_1",)))
    >>> flag.value, flag.passage.startswith("If professionals value")
    ('decisions_without_voice', True)

    .. versionadded:: 0.2.0
    """

    code: str
    title: str
    explanation: str
    passage_id: str
    reasons: tuple[Reason, ...] = attrs.field(converter=_reason_tuple)
    rule: ItemRule

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        problems.extend(_code_problems(self.code))
        # Shown in reports and written to CSV and JSON: plain text, of a sensible length.
        plain_text("title", self.title, problems, limit=_TITLE_LIMIT)
        plain_text("explanation", self.explanation, problems, limit=_EXPLANATION_LIMIT)
        problems.extend(_passage_problems(self.passage_id))
        self._check_reasons(problems)
        if not isinstance(cast("object", self.rule), ItemRule):
            problems.append(Problem("rule", f"expected an ItemRule, got {self.rule!r:.40}"))
        if problems:
            raise ValidationError("custom flag", problems)

    def _check_reasons(self, problems: list[Problem]) -> None:
        reasons: object = self.reasons
        if not isinstance(reasons, tuple):
            problems.append(Problem("reasons", f"expected a tuple of Reason, got {reasons!r:.40}"))
            return
        for i, reason in enumerate(cast("tuple[object, ...]", reasons)):
            if not isinstance(reason, Reason):
                problems.append(Problem(f"reasons[{i}]", f"expected a Reason, got {reason!r:.40}"))
        if not reasons:
            problems.append(Problem("reasons", "expected at least one of the booklet's reasons"))
        elif all(isinstance(r, Reason) for r in reasons) and list(reasons) != [
            r for r in Reason if r in reasons
        ]:
            problems.append(Problem("reasons", "expected distinct reasons in the booklet's order"))

    @property
    def value(self) -> str:
        """The flag's code, as :attr:`Flag.value <enum.Enum.value>` is a built-in flag's."""
        return self.code

    @property
    def name(self) -> str:
        """The flag's code in upper case, as a built-in flag's member name."""
        return self.code.upper()

    @property
    def passage(self) -> str:
        """The booklet passage this flag rests on, quoted verbatim."""
        return _readings.PASSAGES[self.passage_id]

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The booklet's own remedy ("power from within"), as for every flag on answers."""
        return (_readings.POWER_FROM_WITHIN_PROMPT,)

    def __str__(self) -> str:
        return f"{self.title} ({self.code}, custom)"


#: Any flag: one of the library's or one defined as data.
AnyFlag = Flag | CustomFlag


#: The flags read from the readiness assessment or the activity context.
CONTEXT_FLAGS: Final = frozenset({Flag.COMMITMENT_ON_PAPER, Flag.CHOICE_NOT_HONOURED})


#: The library's default rule of each flag. See ``docs/warnings.md`` for each one's reason.
_ITEM_DEFAULTS: Final[dict[str, ItemRule]] = {
    # Luca: "thought about me, listened to me, and involved me [...] I was involved
    # and I did agree. But really, I didn't have any real control." The "involvement"
    # half: any two statements of being listened to or involved (the four Support
    # statements and "staff will listen and help") "All the time"; the "no real
    # control" half: any one of the three control statements "Not at all". One, not
    # two: "I did agree" may be read as making final decisions with someone else
    # (risk_action_3 high) and "decide on my own" as "Sometimes", leaving "I have
    # control over what I am doing" the one statement her words answer; two of three
    # then silenced her account. Both halves count answers reaching a threshold, so
    # no other answer can silence the pattern, and "Not at all" on control beside
    # involvement "All the time" is a contrast worth a conversation, not a finding.
    "tick_box_involvement": ItemRule(
        high_items=("support_1", "support_2", "support_3", "support_4", "power_with_3"),
        at_least=Frequency.ALL_THE_TIME,
        min_high=2,
        low_items=("power_with_2", "power_with_4", "risk_action_3"),
        min_low=1,
        severity=Severity.HIGH,
    ),
    # Being heard: any of the three listening statements ("staff want to hear what I
    # have to say", "... listen to different points of view", "I can make suggestions
    # and staff will listen and help") at least "Sometimes"; without change: any of
    # "When we talk about things, things change", "I believe that I can make change"
    # or "I believe that I have control over what I am doing" "Not at all". The last
    # is what Luca says listening did not change ("listened to me ... But really, I
    # didn't have any real control"); with it her account raises the flag whether or
    # not the statements about change are answered (her words do not answer them).
    "listened_to_without_change": ItemRule(
        high_items=("support_3", "support_4", "power_with_3"),
        at_least=Frequency.SOMETIMES,
        min_high=1,
        low_items=("risk_action_5", "power_with_5", "power_with_2"),
        min_low=1,
        severity=Severity.MEDIUM,
    ),
    "not_safe_to_challenge": ItemRule(
        low_items=("risk_action_4", "risk_action_1"),
        severity=Severity.HIGH,
    ),
    "doing_for_not_with": ItemRule(
        high_items=("trust_2",),
        at_least=Frequency.SOMETIMES,
        low_items=("support_1",),
        severity=Severity.MEDIUM,
    ),
    "needs_not_met": ItemRule(low_items=("support_2",), severity=Severity.HIGH),
    "strengths_not_seen": ItemRule(low_items=("respect_3", "respect_4"), severity=Severity.MEDIUM),
    "voice_not_equal": ItemRule(low_items=("power_with_1",), severity=Severity.MEDIUM),
}
_CONTEXT_DEFAULTS: Final[dict[str, ContextRule]] = {
    "commitment_on_paper": ContextRule(severity=Severity.MEDIUM),
    "choice_not_honoured": ContextRule(severity=Severity.HIGH),
}


def _custom_tuple(value: Iterable[CustomFlag]) -> tuple[CustomFlag, ...]:
    untrusted: object = value
    if isinstance(untrusted, str | bytes) or not isinstance(untrusted, Iterable):
        return cast("tuple[CustomFlag, ...]", untrusted)  # left as it is, and refused by the check
    return tuple(cast("Iterable[CustomFlag]", untrusted))


@attrs.frozen(kw_only=True)
class WarningRules(HtmlView):
    """Every flag's rule, as data: **the library's conventions**, open to change.

    One field per :class:`~coproduction.Flag`, named like the flag's value, each
    defaulting to the library's rule (:data:`~coproduction.rules.DEFAULT_RULES`,
    tabulated with their reasons in ``docs/warnings.md``); and :attr:`custom`, flags
    defined as data (:class:`~coproduction.rules.CustomFlag`), checked after the
    built-in ones in the order given. Copy with changes using :func:`attrs.evolve`,
    or read a rules file with :func:`coproduction.rules.read`.

    >>> import attrs
    >>> voice = attrs.evolve(DEFAULT_RULES.voice_not_equal, at_most=Frequency.SOMETIMES)
    >>> strict = attrs.evolve(DEFAULT_RULES, voice_not_equal=voice)
    >>> strict.voice_not_equal.at_most.label, DEFAULT_RULES.voice_not_equal.at_most.label
    ('Sometimes', 'Not at all')

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Every field defaults to the library's rule; :attr:`custom` flags.
    """

    tick_box_involvement: ItemRule = _ITEM_DEFAULTS["tick_box_involvement"]
    listened_to_without_change: ItemRule = _ITEM_DEFAULTS["listened_to_without_change"]
    not_safe_to_challenge: ItemRule = _ITEM_DEFAULTS["not_safe_to_challenge"]
    doing_for_not_with: ItemRule = _ITEM_DEFAULTS["doing_for_not_with"]
    needs_not_met: ItemRule = _ITEM_DEFAULTS["needs_not_met"]
    strengths_not_seen: ItemRule = _ITEM_DEFAULTS["strengths_not_seen"]
    voice_not_equal: ItemRule = _ITEM_DEFAULTS["voice_not_equal"]
    commitment_on_paper: ContextRule = _CONTEXT_DEFAULTS["commitment_on_paper"]
    choice_not_honoured: ContextRule = _CONTEXT_DEFAULTS["choice_not_honoured"]
    #: Flags defined as data, checked after the built-in flags, in this order.
    custom: tuple[CustomFlag, ...] = attrs.field(default=(), converter=_custom_tuple)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for flag in Flag:
            rule: object = getattr(self, flag.value)
            kind = ContextRule if flag in CONTEXT_FLAGS else ItemRule
            if not isinstance(rule, kind):
                problems.append(Problem(flag.value, f"expected {kind.__name__}, got {rule!r:.40}"))
        custom: object = self.custom
        if not isinstance(custom, tuple):
            problems.append(
                Problem("custom", f"expected a tuple of CustomFlag, got {custom!r:.40}")
            )
        else:
            given = cast("tuple[object, ...]", custom)
            problems.extend(
                Problem(f"custom[{i}]", f"expected a CustomFlag, got {flag!r:.40}")
                for i, flag in enumerate(given)
                if not isinstance(flag, CustomFlag)
            )
            problems.extend(
                _repeated_codes(f.code if isinstance(f, CustomFlag) else None for f in given)
            )
        if problems:
            raise ValidationError("warning rules", problems)

    @property
    def flags(self) -> tuple[AnyFlag, ...]:
        """Every flag in the order checked, the built-in ones first, then the custom ones.

        .. versionadded:: 0.2.0
        """
        return (*Flag, *self.custom)

    @property
    def enabled(self) -> tuple[AnyFlag, ...]:
        """The flags switched on, in the order checked.

        .. versionadded:: 0.2.0
        """
        return tuple(f for f in self.flags if self.rule(f).enabled)

    def rule(self, flag: AnyFlag) -> ItemRule | ContextRule:
        """The rule for one flag, built-in or custom.

        >>> DEFAULT_RULES.rule(Flag.NEEDS_NOT_MET).low_items
        ('support_2',)

        Raises:
            ValidationError: ``flag`` is a custom flag these rules do not hold.
        """
        if isinstance(flag, CustomFlag):
            if flag not in self.custom:
                raise ValidationError(
                    "warning rules", [Problem("flag", f"{flag.code!r} is not among these rules")]
                )
            return flag.rule
        kinds("warning rules", (flag, (Flag, CustomFlag), "flag"))
        return cast("ItemRule | ContextRule", getattr(self, flag.value))


#: The library's default rules. See ``docs/warnings.md`` for each one's reason.
DEFAULT_RULES: Final = WarningRules()


# --- Results -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PowerWarning(HtmlView):
    """A prompt for reflection: the answers show a pattern the booklet warns about.

    Attributes:
        flag: Which pattern: a :class:`Flag`, or a
            :class:`~coproduction.rules.CustomFlag` of the rules.
        severity: How soon it is worth talking about (a library convention).
        items: The evaluation answers that raised it, item id to answer.
        cells: The Readiness Checker answers that raised it.
        activities: The activities that raised it, in the booklet's order.

    .. versionadded:: 0.1.0
    """

    flag: AnyFlag
    severity: Severity
    items: FrozenDict[str, Frequency] = attrs.field(factory=FrozenDict)
    cells: FrozenDict[tuple[Activity, Dimension], ReadinessAnswer] = attrs.field(factory=FrozenDict)
    activities: tuple[Activity, ...] = ()

    @property
    def title(self) -> str:
        """A plain-language title, about the relationship or the service."""
        return self.flag.title

    @property
    def explanation(self) -> str:
        """What the answers suggest, ending with the reminder that it is a prompt."""
        return f"{self.flag.explanation} {REFLECTION_NOTE}"

    @property
    def passage(self) -> str:
        """The booklet passage the warning rests on, verbatim (Quinn, 2022)."""
        return self.flag.passage

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The booklet's reasons the warning reflects, in its order (the library's reading).

        .. versionadded:: 0.2.0
        """
        return self.flag.reasons

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The booklet's words to reflect on, verbatim, with their pages (the library's reading).

        .. versionadded:: 0.2.0
        """
        return self.flag.prompts

    @property
    def evidence(self) -> tuple[str, ...]:
        """The evidence in words, one line for each answer or activity that raised the warning."""
        lines = [f"{item_id}: {answer.label}" for item_id, answer in self.items.items()]
        lines.extend(
            f"{activity.label} ({dimension.about}): {answer.label}"
            for (activity, dimension), answer in self.cells.items()
        )
        lines.extend(f"Took part in: {activity.label}" for activity in self.activities)
        return tuple(lines)

    def __str__(self) -> str:
        lines = [f"[{self.severity.label}] {self.title}", f"  {self.explanation}"]
        lines.extend(f"  - {line}" for line in self.evidence)
        lines.append(f"  The booklet (Quinn, 2022): {self.passage}")
        lines.append("  The booklet's reasons it may reflect (the library's reading):")
        lines.extend(f"  - {reason.label}" for reason in self.reasons)
        lines.append("  To reflect on, from the booklet (the library's reading):")
        lines.extend(f"  - {prompt}" for prompt in self.prompts)
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class NotAssessed(HtmlView):
    """A flag that could not be assessed, and why. Never a warning.

    Attributes:
        flag: The flag.
        reason: Why, in words.
        missing: The unanswered item ids or question ids it would need.

    .. versionadded:: 0.1.0
    """

    flag: AnyFlag
    reason: str
    missing: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.flag.title}: not assessed ({self.reason})"


@attrs.frozen(kw_only=True)
class WarningReport(HtmlView):
    """Every flag's outcome for one response: raised, quiet, not assessed or switched off.

    Attributes:
        warnings: The warnings raised, in the order of
            :attr:`~coproduction.rules.WarningRules.flags`
            (the built-in flags in :class:`Flag` order, then the custom ones; not ranked).
        not_assessed: The flags whose outcome depends on missing answers or context.
        quiet: The flags assessed and not raised.
        disabled: The flags switched off in the rules.
        rules: The rules used.

    .. versionadded:: 0.1.0
    """

    warnings: tuple[PowerWarning, ...]
    not_assessed: tuple[NotAssessed, ...]
    quiet: tuple[AnyFlag, ...]
    disabled: tuple[AnyFlag, ...]
    rules: WarningRules

    def by_reason(self) -> FrozenDict[Reason, tuple[PowerWarning, ...]]:
        """The warnings raised, grouped by the booklet's reasons they reflect.

        Keys are the reasons that at least one raised warning reflects, in the
        booklet's order; each warning is under every reason its flag names (the
        library's reading, :attr:`Flag.reasons`), in :class:`Flag` order. Every flag
        names at least one reason, so no raised warning is left out. Flags not
        assessed are not warnings and are not grouped.

        >>> answers = {"support_2": "Not at all", "power_with_1": "Not at all"}
        >>> report = power_over_report(EvaluationResponse.from_labels(answers))
        >>> for reason, warnings in report.by_reason().items():
        ...     print(reason.name, [w.flag.name for w in warnings])
        PROFESSIONAL_KNOWLEDGE_FIRST ['VOICE_NOT_EQUAL']
        DIFFERENCES_AND_NEEDS ['NEEDS_NOT_MET']

        .. versionadded:: 0.2.0
        """
        grouped = {
            reason: tuple(w for w in self.warnings if reason in w.reasons) for reason in Reason
        }
        return FrozenDict((reason, ws) for reason, ws in grouped.items() if ws)

    def __str__(self) -> str:
        lines = [str(w) for w in self.warnings] if self.warnings else ["No warning was raised."]
        lines.extend(str(n) for n in self.not_assessed)
        lines.append(
            "Warnings use the coproduction library's rules, not the RRN booklet's; "
            f"{REFLECTION_NOTE[0].lower()}{REFLECTION_NOTE[1:]}"
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<WarningReport: {len(self.warnings)} raised, {len(self.not_assessed)} not "
            f"assessed, {len(self.quiet)} quiet, {len(self.disabled)} switched off>"
        )


# --- Checking ----------------------------------------------------------------------------
#
# The decisions below are shared by power_over_report (one response, Python ints) and
# cohort_warnings (a cohort, numpy arrays): one source of truth for both paths.

_Outcome = PowerWarning | NotAssessed | None

#: Each activity's bit in an activity mask: bit ``i`` is the booklet's ``i``-th activity.
ACTIVITY_BITS: Final = {a: 1 << i for i, a in enumerate(READINESS_CHECKER.activities)}


def activity_mask(activities: Iterable[Activity]) -> int:
    """A set of activities as a whole number, one bit per activity (:data:`ACTIVITY_BITS`)."""
    mask = 0
    for activity in activities:
        mask |= ACTIVITY_BITS[activity]
    return mask


@overload
def item_rule_state(
    rule: ItemRule, low: int, low_open: int, high: int, high_open: int
) -> tuple[bool, bool]: ...
@overload
def item_rule_state(
    rule: ItemRule,
    low: NDArray[np.intp],
    low_open: NDArray[np.intp],
    high: NDArray[np.intp],
    high_open: NDArray[np.intp],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]: ...
def item_rule_state(rule: ItemRule, low: Any, low_open: Any, high: Any, high_open: Any) -> Any:
    """Whether an item rule is raised, and whether it could be raised at all.

    ``low`` and ``high`` count the low and high items answered as such, ``low_open``
    and ``high_open`` the unanswered ones (whole numbers, or arrays of them, one
    per row). A rule that is not raised but could be, were the unanswered items
    answered, is not assessed; one that could not be is quiet.
    """
    raised = (low >= rule.min_low) & (high >= rule.min_high)
    possible = (low + low_open >= rule.min_low) & (high + high_open >= rule.min_high)
    return raised, possible


@overload
def choice_state(took_part: int, preferred: int) -> tuple[bool, bool]: ...
@overload
def choice_state(
    took_part: NDArray[np.int64], preferred: NDArray[np.int64]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]: ...
def choice_state(took_part: Any, preferred: Any) -> Any:
    """Whether the choice rule is raised, and whether it is assessed, from activity masks.

    It is assessed when both the activities taken part in and the preferred ones
    are recorded (not empty), and raised when one taken part in is not preferred.
    """
    assessed = (preferred != 0) & (took_part != 0)
    raised = assessed & ((took_part & ~preferred) != 0)
    return raised, assessed


def _check_item_rule(flag: AnyFlag, rule: ItemRule, response: EvaluationResponse) -> _Outcome:
    answers = response.answers
    low = {i: a for i in rule.low_items if (a := answers[i]) is not None and a <= rule.at_most}
    high = {i: a for i in rule.high_items if (a := answers[i]) is not None and a >= rule.at_least}
    low_open = sum(answers[i] is None for i in rule.low_items)
    high_open = sum(answers[i] is None for i in rule.high_items)
    raised, possible = item_rule_state(rule, len(low), low_open, len(high), high_open)
    if raised:
        evidence = {i: a for i in rule.items if (a := {**high, **low}.get(i)) is not None}
        return PowerWarning(flag=flag, severity=rule.severity, items=FrozenDict(evidence))
    if not possible:
        return None
    # Only the unanswered items of a side not yet met could change the outcome: a
    # side already met needs nothing more, whatever its other items were.
    open_sides = {
        *(rule.high_items if len(high) < rule.min_high else ()),
        *(rule.low_items if len(low) < rule.min_low else ()),
    }
    missing = tuple(i for i in rule.items if i in open_sides and answers[i] is None)
    return NotAssessed(
        flag=flag,
        reason=f"it depends on unanswered items: {', '.join(missing)}",
        missing=missing,
    )


def _not_yes(answer: ReadinessAnswer | None) -> bool:
    return answer is not None and answer is not ReadinessAnswer.YES


def check_paper(rule: ContextRule, assessment: ReadinessAssessment | None) -> _Outcome:
    flag = Flag.COMMITMENT_ON_PAPER
    if assessment is None:
        return NotAssessed(flag=flag, reason="it needs a Readiness Checker assessment")
    cells: dict[tuple[Activity, Dimension], ReadinessAnswer] = {}
    open_cells: list[str] = []
    for activity in READINESS_CHECKER.activities:
        policy, ready, procedure = (
            assessment.answers[activity, d] for d in READINESS_CHECKER.dimensions
        )
        if policy is ReadinessAnswer.YES and (_not_yes(ready) or _not_yes(procedure)):
            for dimension in READINESS_CHECKER.dimensions:
                answer = assessment.answers[activity, dimension]
                if dimension is Dimension.OBLIGATION or _not_yes(answer):
                    cells[activity, dimension] = cast("ReadinessAnswer", answer)
        elif policy in {ReadinessAnswer.YES, None} and not (
            ready is ReadinessAnswer.YES and procedure is ReadinessAnswer.YES
        ):
            # it could be raised here, were the unanswered questions answered
            open_cells.extend(
                READINESS_CHECKER.question(activity, d).id
                for d in READINESS_CHECKER.dimensions
                if assessment.answers[activity, d] is None
            )
    if cells:
        return PowerWarning(flag=flag, severity=rule.severity, cells=FrozenDict(cells))
    if open_cells:
        return NotAssessed(
            flag=flag,
            reason=f"it depends on unanswered questions: {', '.join(open_cells)}",
            missing=tuple(open_cells),
        )
    return None


def _check_choice(rule: ContextRule, response: EvaluationResponse) -> _Outcome:
    flag = Flag.CHOICE_NOT_HONOURED
    raised, assessed = choice_state(
        activity_mask(response.activities), activity_mask(response.preferred_activities)
    )
    if not assessed:
        if not response.preferred_activities:
            return NotAssessed(flag=flag, reason="no preferred activities are recorded")
        return NotAssessed(flag=flag, reason="no activities taken part in are recorded")
    if raised:
        unchosen = tuple(
            a
            for a in READINESS_CHECKER.activities
            if a in response.activities and a not in response.preferred_activities
        )
        return PowerWarning(flag=flag, severity=rule.severity, activities=unchosen)
    return None


def _check_arguments(response: object, assessment: object, rules: object) -> None:
    problems: list[Problem] = []
    if not isinstance(response, EvaluationResponse):
        problems.append(
            Problem("response", f"expected an EvaluationResponse, got {response!r:.40}")
        )
    if assessment is not None and not isinstance(assessment, ReadinessAssessment):
        problems.append(
            Problem("assessment", f"expected a ReadinessAssessment or None, got {assessment!r:.40}")
        )
    if not isinstance(rules, WarningRules):
        problems.append(Problem("rules", f"expected WarningRules, got {rules!r:.40}"))
    if problems:
        raise ValidationError("power over warnings", problems)


def power_over_report(
    response: EvaluationResponse,
    *,
    assessment: ReadinessAssessment | None = None,
    rules: WarningRules = DEFAULT_RULES,
) -> WarningReport:
    """Check every flag and report each one's outcome, warnings apart from the rest.

    Each flag is *raised* (a :class:`PowerWarning`), *quiet*, or *not assessed*:
    a flag whose outcome depends on unanswered items, on a missing assessment or
    on unrecorded activities is not assessed, and missing data never raises a
    warning. :func:`power_over_warnings` returns just the warnings.

    Args:
        response: One person's answers, with activity context if recorded. Not changed.
        assessment: The setting's Readiness Checker answers, for
            :attr:`Flag.COMMITMENT_ON_PAPER`; not assessed without it.
        rules: The rules; :data:`~coproduction.rules.DEFAULT_RULES` unless given.

    Raises:
        ValidationError: Listing every argument of the wrong type.

    >>> report = power_over_report(EvaluationResponse.from_labels({"support_2": "Not at all"}))
    >>> [w.flag.name for w in report.warnings]
    ['NEEDS_NOT_MET']
    >>> Flag.VOICE_NOT_EQUAL in [n.flag for n in report.not_assessed]
    True

    .. versionadded:: 0.1.0
    """
    _check_arguments(response, assessment, rules)
    warnings: list[PowerWarning] = []
    not_assessed: list[NotAssessed] = []
    quiet: list[AnyFlag] = []
    disabled: list[AnyFlag] = []
    for flag in rules.flags:
        rule = rules.rule(flag)
        if not rule.enabled:
            disabled.append(flag)
            continue
        if isinstance(rule, ItemRule):
            outcome = _check_item_rule(flag, rule, response)
        elif flag is Flag.COMMITMENT_ON_PAPER:
            outcome = check_paper(rule, assessment)
        else:
            outcome = _check_choice(rule, response)
        if isinstance(outcome, PowerWarning):
            warnings.append(outcome)
        elif isinstance(outcome, NotAssessed):
            not_assessed.append(outcome)
        else:
            quiet.append(flag)
    return WarningReport(
        warnings=tuple(warnings),
        not_assessed=tuple(not_assessed),
        quiet=tuple(quiet),
        disabled=tuple(disabled),
        rules=rules,
    )


def power_over_warnings(
    response: EvaluationResponse,
    *,
    assessment: ReadinessAssessment | None = None,
    rules: WarningRules = DEFAULT_RULES,
) -> tuple[PowerWarning, ...]:
    """The warnings that "power with" may be turning into "power over", for one response.

    Each warning is a prompt for reflection, not a finding about anyone. Flags that
    could not be assessed are not warnings; :func:`power_over_report` lists them.

    Args:
        response: One person's answers, with activity context if recorded. Not changed.
        assessment: The setting's Readiness Checker answers, for
            :attr:`Flag.COMMITMENT_ON_PAPER`.
        rules: The rules; :data:`~coproduction.rules.DEFAULT_RULES` unless given.

    Raises:
        ValidationError: Listing every argument of the wrong type.

    >>> luca = EvaluationResponse.from_labels({
    ...     "support_1": "All the time", "support_2": "All the time",
    ...     "support_3": "All the time", "support_4": "All the time",
    ...     "power_with_2": "Not at all", "power_with_4": "Not at all",
    ...     "risk_action_3": "Sometimes",
    ... })
    >>> [w.flag.name for w in power_over_warnings(luca)]
    ['TICK_BOX_INVOLVEMENT', 'LISTENED_TO_WITHOUT_CHANGE']

    .. versionadded:: 0.1.0
    """
    return power_over_report(response, assessment=assessment, rules=rules).warnings
