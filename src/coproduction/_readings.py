"""The library's own reading of the booklet, kept as data in one place.

The booklet (Quinn, 2022) gives two instruments and a set of "Things leaders can
do", but it does **not** say which evaluation statement speaks to which activity,
which leaders' action answers which readiness gap, or which passage a warning
rests on. Gap analysis and warnings need those links, so this module writes them
down: **they are this library's reading, not the booklet's**. They are documented,
with reasons, in ``docs/gaps.md`` and ``docs/warnings.md``; tests check that those
pages show exactly what is here.

Keys are the stable text codes of the library's enums (``Activity.value``,
``GapPattern.value``, ``Flag.value``) so that this module depends on nothing but
the model and the booklet's words.
"""

from __future__ import annotations

from typing import Final, cast

import attrs

from coproduction import _booklet as b
from coproduction._checks import whole
from coproduction._frozen import FrozenDict
from coproduction._power import Activity, PowerType, Reason
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "ACTIVITY_ITEMS",
    "FLAG_PASSAGES",
    "FLAG_PROMPTS",
    "FLAG_REASONS",
    "GAP_PROMPTS",
    "ITEM_POWER_TYPES",
    "PASSAGES",
    "PATTERN_LEADERS_ACTIONS",
    "Prompt",
    "activities_of",
    "prompts_for",
]

# --- Which evaluation statements speak to which activity ---------------------------
#
# Each activity of the Readiness Checker is read against the statements of the
# Coproduction Evaluation that describe what people would experience if the
# service were ready for it. Two statements ("I feel valued", respect_1, and
# "Staff do things that they think will help me", trust_2) describe the
# relationship across every activity and are tied to none.

ACTIVITY_ITEMS: Final[FrozenDict[Activity, tuple[str, ...]]] = FrozenDict(
    {
        # "in a way that makes them feel equal in the interaction, safe and secure":
        # promises kept, fair treatment, the truth.
        Activity.INFORMED: ("trust_1", "trust_3", "trust_4"),
        # "Are we ready to listen to people?": staff want to hear, listen to
        # different points of view, are approachable.
        Activity.LISTENED_TO: ("support_3", "support_4", "trust_5"),
        # "support people to express their views": in comfortable ways, and it
        # feels ok to own a mistake and to challenge staff ideas.
        Activity.EXPRESSING_VIEWS: ("support_2", "risk_action_1", "risk_action_4"),
        # "take people's views into account": suggestions are listened to and
        # helped, talking changes things, ideas are believed in.
        Activity.VIEWS_TAKEN_INTO_ACCOUNT: ("respect_4", "risk_action_5", "power_with_3"),
        # "let people join in": asked how they would like to take part, trusted to
        # take part, supported to use their ability.
        Activity.INVOLVED: ("support_1", "respect_2", "respect_3"),
        # "share power": doing things differently is supported, final decisions are
        # made with someone else, the person's voice is equal.
        Activity.SHARED: ("risk_action_2", "risk_action_3", "power_with_1"),
        # "take control": control over what one is doing, decisions on one's own,
        # making change, final decisions.
        Activity.IN_CONTROL: ("risk_action_3", "power_with_2", "power_with_4", "power_with_5"),
    }
)


def activities_of(item_id: str) -> tuple[Activity, ...]:
    """The activities an item is read against, in the booklet's order (maybe none)."""
    return tuple(a for a, items in ACTIVITY_ITEMS.items() if item_id in items)


# --- Which power type each statement speaks to ------------------------------------
#
# "Power with" is "shared power that grows out of relationships" (listening,
# mutual support, influence, collaborative decision making); "power from within"
# is when services "recognise and value people's abilities, helping them to
# develop their own strengths and control" and people believe "that change is
# possible". No statement asks about "power over" directly: a low answer to any
# statement is where "power over" may be at work.

_WITH: Final = (PowerType.WITH,)
_WITHIN: Final = (PowerType.FROM_WITHIN,)

ITEM_POWER_TYPES: Final[FrozenDict[str, tuple[PowerType, ...]]] = FrozenDict(
    {
        "support_1": _WITH,
        "support_2": _WITH,
        "support_3": _WITH,
        "support_4": _WITH,
        "respect_1": _WITHIN,
        "respect_2": _WITHIN,
        "respect_3": _WITHIN,
        "respect_4": _WITHIN,
        "risk_action_1": _WITH,
        "risk_action_2": _WITHIN,
        "risk_action_3": _WITHIN,
        "risk_action_4": _WITH,
        "risk_action_5": _WITH,
        "trust_1": _WITH,
        "trust_2": _WITH,
        "trust_3": _WITH,
        "trust_4": _WITH,
        "trust_5": _WITH,
        "power_with_1": _WITH,
        "power_with_2": _WITHIN,
        "power_with_3": _WITH,
        "power_with_4": _WITHIN,
        "power_with_5": _WITHIN,
    }
)

# --- Which "Things leaders can do" address which readiness-gap pattern ------------
#
# Keyed by GapPattern.value. Each action is quoted from the booklet's page 14; which
# action fits which pattern is the library's reading.

PATTERN_LEADERS_ACTIONS: Final[FrozenDict[str, tuple[str, ...]]] = FrozenDict(
    {
        # Policy says yes, practice does not yet: grow the values and skills that
        # turn a policy into how staff work.
        "commitment_on_paper": (b.LEADERS_VALUES, b.LEADERS_TRAIN, b.LEADERS_MODEL),
        # Staff are ready but nothing commits the service: make relationships a
        # priority and give people and staff an equal claim on expertise.
        "readiness_without_mandate": (
            b.LEADERS_RELATIONSHIPS,
            b.LEADERS_BLURRED_DISTINCTION,
            b.LEADERS_MODEL,
        ),
        # Staff are ready but have no procedure: training and leaders who model
        # and teach the skills that change systems.
        "willing_but_unequipped": (b.LEADERS_TRAIN, b.LEADERS_MODEL),
        # A procedure without ready staff risks ticking boxes: start from
        # relationships and values, and train attention to power.
        "procedure_without_readiness": (
            b.LEADERS_RELATIONSHIPS,
            b.LEADERS_VALUES,
            b.LEADERS_TRAIN,
        ),
        # Nothing is known to be in place yet: every culture action applies.
        "not_yet_in_place": (
            b.LEADERS_RELATIONSHIPS,
            b.LEADERS_VALUES,
            b.LEADERS_BLURRED_DISTINCTION,
            b.LEADERS_TRAIN,
            b.LEADERS_MODEL,
        ),
        # The pattern depends on the unanswered readiness question: answer it.
        "unclear": (b.LEADERS_ASSESS,),
    }
)

# --- Which booklet passage each warning rests on -----------------------------------
#
# Keyed by Flag.value.

FLAG_PASSAGES: Final[FrozenDict[str, str]] = FrozenDict(
    {
        "tick_box_involvement": b.LUCA_TICKED_THE_BOX,
        "listened_to_without_change": b.POWER_WITH_BECOMES_POWER_OVER,
        # "Power is not a finite resource": challenging staff, or owning a mistake,
        # takes nothing from them. (The reason, "think they know best", is in
        # FLAG_REASONS; it is the passage of DOING_FOR_NOT_WITH alone.)
        "not_safe_to_challenge": b.POWER_NOT_FINITE,
        "doing_for_not_with": b.REASON_KNOWS_BEST,
        "needs_not_met": b.REASON_NEEDS_NOT_MET,
        "strengths_not_seen": b.REASON_IMPAIRMENTS,
        "voice_not_equal": b.REASON_PROFESSIONAL_KNOWLEDGE,
        "commitment_on_paper": b.WITHOUT_MUTUALITY,
        "choice_not_honoured": b.CHOICE_NOT_FORCED,
    }
)

# --- Which of the booklet's four reasons each warning reflects ----------------------
#
# Keyed by Flag.value. The booklet gives four reasons why people lack "real
# control" (page 12), as causes of the situation Luca describes; it does not say
# which answers show which reason. Every flag names at least one, so that grouping
# warnings by reason leaves none out.

FLAG_REASONS: Final[FrozenDict[str, tuple[Reason, ...]]] = FrozenDict(
    {
        # Listened to and involved while control and decisions stay with staff: the
        # professional's role decides, and professional knowledge counts for more.
        "tick_box_involvement": (Reason.KNOWS_BEST, Reason.PROFESSIONAL_KNOWLEDGE_FIRST),
        # Heard, but talking changes nothing: what is said is not given the weight
        # of professional knowledge.
        "listened_to_without_change": (Reason.PROFESSIONAL_KNOWLEDGE_FIRST,),
        # The role "makes them or others think they know best": the others include
        # the person, who then does not challenge or own a mistake.
        "not_safe_to_challenge": (Reason.KNOWS_BEST,),
        # Staff do what "they think will help", without asking: knowing best.
        "doing_for_not_with": (Reason.KNOWS_BEST,),
        # The reason names these needs word for word.
        "needs_not_met": (Reason.DIFFERENCES_AND_NEEDS,),
        # Not trusted to take part, not believed to have good ideas: "do not
        # consider their knowledge and strengths".
        "strengths_not_seen": (Reason.IMPAIRMENTS_NOT_STRENGTHS,),
        # A voice not equal to staff: professional knowledge valued above it.
        "voice_not_equal": (Reason.PROFESSIONAL_KNOWLEDGE_FIRST,),
        # Policy commits the service, staff are not yet ready to share power: the
        # staff attitude the booklet ties to the professional's role.
        "commitment_on_paper": (Reason.KNOWS_BEST,),
        # Taking part in ways not chosen: a difference (how one wants to take part)
        # not respected, and someone else deciding.
        "choice_not_honoured": (Reason.KNOWS_BEST, Reason.DIFFERENCES_AND_NEEDS),
    }
)

# --- Prompts for reflection: the booklet's remedies --------------------------------


@attrs.frozen(kw_only=True)
class Prompt(HtmlView):
    """A passage of the booklet offered as a prompt for reflection, and where it is printed.

    The text is quoted verbatim (Quinn, 2022). Which prompts go with which warning
    or readiness gap is **the library's reading** of the booklet, not the booklet's own.

    Attributes:
        text: The booklet's words.
        section: The heading of the booklet's section that holds them.
        page: The section's page in the booklet (from its contents).

    Raises:
        ValidationError: Listing every field that is not non-empty text or a page number.

    .. versionadded:: 0.2.0
    """

    text: str
    section: str
    page: int

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem(name, f"expected non-empty text, got {value!r:.40}")
            for name, value in (("text", cast("object", self.text)), ("section", self.section))
            if not isinstance(value, str) or not value.strip()
        ]
        whole(self.page, "page", problems, least=1)
        if problems:
            raise ValidationError("prompt", problems)

    def __str__(self) -> str:
        return f"{self.text} (Quinn, 2022, p. {self.page})"


#: The booklet's own answer to the four reasons, which follows them: "Instead, staff
#: need to help people develop their 'power from within'".
POWER_FROM_WITHIN_PROMPT: Final = Prompt(
    text=b.POWER_FROM_WITHIN_INSTEAD,
    section=b.SECTION_POWER_WITH_NOT_OVER,
    page=b.PAGE_POWER_WITH_NOT_OVER,
)
#: Luca's second quote, with the booklet's sentence that introduces it (the "this" is
#: the getting to know people of the prompt above, which it always follows).
LUCA_PROMPT: Final = Prompt(
    text=f"{b.LUCA_POSITIVE_DIFFERENCE} {b.LUCA_FOUND_MYSELF_AGAIN}",
    section=b.SECTION_POWER_WITH_NOT_OVER,
    page=b.PAGE_POWER_WITH_NOT_OVER,
)


def _leaders(*actions: str) -> tuple[Prompt, ...]:
    return tuple(Prompt(text=a, section=b.SECTION_LEADERS, page=b.PAGE_LEADERS) for a in actions)


def prompts_for(leaders_actions: tuple[str, ...]) -> tuple[Prompt, ...]:
    """The leaders' actions as prompts, each with its section and page."""
    return _leaders(*leaders_actions)


_REMEDY: Final = (POWER_FROM_WITHIN_PROMPT,)
_REMEDY_LUCA: Final = (POWER_FROM_WITHIN_PROMPT, LUCA_PROMPT)

#: Keyed by Flag.value; in the booklet's order within each flag. Every flag that
#: rests on answers gets the booklet's own remedy ("Instead, staff need to help
#: people develop their 'power from within'"); Luca's second quote goes where the
#: answers concern control, choice or the conditions of taking part; the leaders'
#: actions are chosen for what each pattern describes.
FLAG_PROMPTS: Final[FrozenDict[str, tuple[Prompt, ...]]] = FrozenDict(
    {
        # No real control: "freedom and agency to be my own master"; and attention
        # to how power, control and risk are shared.
        "tick_box_involvement": (*_REMEDY_LUCA, *_leaders(b.LEADERS_TRAIN)),
        # What is said should count: an equal claim on expertise.
        "listened_to_without_change": (*_REMEDY, *_leaders(b.LEADERS_BLURRED_DISTINCTION)),
        # Safety to challenge: mutual respect, and how risk is shared and managed.
        "not_safe_to_challenge": (*_REMEDY, *_leaders(b.LEADERS_VALUES, b.LEADERS_TRAIN)),
        # Asking before doing: relationships of mutuality and equality; "decide
        # things for myself".
        "doing_for_not_with": (*_REMEDY_LUCA, *_leaders(b.LEADERS_RELATIONSHIPS)),
        # "It was the conditions in the place": values of respect and support.
        "needs_not_met": (*_REMEDY_LUCA, *_leaders(b.LEADERS_VALUES)),
        # Knowledge and strengths: an equal claim on expertise.
        "strengths_not_seen": (*_REMEDY, *_leaders(b.LEADERS_BLURRED_DISTINCTION)),
        # An equal voice: relationships of equality and an equal claim on expertise.
        "voice_not_equal": (
            *_REMEDY,
            *_leaders(b.LEADERS_RELATIONSHIPS, b.LEADERS_BLURRED_DISTINCTION),
        ),
        # A service-level pattern: the same actions as the readiness-gap pattern of
        # the same name.
        "commitment_on_paper": _leaders(*PATTERN_LEADERS_ACTIONS["commitment_on_paper"]),
        # Taking part in the ways that suit them: "decide things for myself".
        "choice_not_honoured": (*_REMEDY_LUCA, *_leaders(b.LEADERS_RELATIONSHIPS)),
    }
)

# --- Prompts for reflection beside the evaluation, claims and choice gaps ------------
#
# Keyed by the gap's kind, then (for the evaluation) by Domain.value. The booklet
# gives its remedy ("Instead, staff need to help people develop their 'power from
# within'") and the leaders' culture actions, but not which goes with which gap:
# that is the library's reading, tabulated in docs/gaps.md. Every gap gets the
# remedy first; Luca's second quote where the answers concern control and
# decisions; then the leaders' actions chosen for what the gap describes.

GAP_PROMPTS: Final[FrozenDict[str, tuple[Prompt, ...]]] = FrozenDict(
    {
        # Asked, supported, heard: relationships of mutuality and equality.
        "support": (*_REMEDY, *_leaders(b.LEADERS_RELATIONSHIPS)),
        # Valued, trusted, believed to have good ideas: values of respect, and an
        # equal claim on expertise.
        "respect": (*_REMEDY, *_leaders(b.LEADERS_VALUES, b.LEADERS_BLURRED_DISTINCTION)),
        # Mistakes, doing things differently, final decisions, challenge: how power,
        # control and risk are shared; "decide things for myself".
        "risk_action": (*_REMEDY_LUCA, *_leaders(b.LEADERS_TRAIN)),
        # Promises, fairness, truth, approachability: relationships and values.
        "trust": (*_REMEDY, *_leaders(b.LEADERS_RELATIONSHIPS, b.LEADERS_VALUES)),
        # An equal voice, control, decisions, change: "be my own master"; an equal
        # claim on expertise.
        "power_with": (*_REMEDY_LUCA, *_leaders(b.LEADERS_BLURRED_DISTINCTION)),
        # Ready on paper, not as people feel it: training in how power is shared,
        # and leaders who model it.
        "claim": (*_REMEDY, *_leaders(b.LEADERS_TRAIN, b.LEADERS_MODEL)),
        # Taking part in ways not chosen, or preferring what is not offered: the
        # prompts of the warning of the same idea (choice_not_honoured).
        "choice": FLAG_PROMPTS["choice_not_honoured"],
    }
)

# --- The passages a warning rule may rest on -----------------------------------------
#
# A rule defined as data (a custom flag) names the booklet passage it rests on by one
# of these ids, so that a rules file carries no booklet text of its own: the words
# shown with a warning are always the booklet's, verbatim. The ids are the names of
# the passages in the booklet module, in lower case; they are the booklet's prose
# (its descriptions, Luca's words, the four reasons, the remedies and the leaders'
# actions), not its headings, labels or instrument items.

PASSAGES: Final[FrozenDict[str, str]] = FrozenDict(
    (name.lower(), cast("str", getattr(b, name)))
    for name in (
        "POWER_OVER_DESCRIPTION",
        "POWER_WITH_DESCRIPTION",
        "POWER_FROM_WITHIN_DESCRIPTION",
        "MUTUALITY_AT_EVERY_LEVEL",
        "MUTUALITY_MEANS",
        "WITHOUT_MUTUALITY",
        "POWER_NOT_FINITE",
        "NON_HIERARCHICAL",
        "CHOICE_NOT_FORCED",
        "POWER_WITH_BECOMES_POWER_OVER",
        "LUCA_INTRODUCTION",
        "LUCA_TICKED_THE_BOX",
        "REAL_CONTROL",
        "REASON_KNOWS_BEST",
        "REASON_PROFESSIONAL_KNOWLEDGE",
        "REASON_NEEDS_NOT_MET",
        "REASON_IMPAIRMENTS",
        "POWER_FROM_WITHIN_INSTEAD",
        "LUCA_FOUND_MYSELF_AGAIN",
        "LEADERS_RELATIONSHIPS",
        "LEADERS_VALUES",
        "LEADERS_BLURRED_DISTINCTION",
        "LEADERS_TRAIN",
        "LEADERS_MODEL",
        "LEADERS_ASSESS",
    )
)
