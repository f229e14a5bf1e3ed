"""The booklet's own words, in one place, in the booklet's order.

Everything in this module is quoted from:

    Quinn, A. (2022). The RRN relational model of coproduction.
    Restraint Reduction Network. Version 1.C.

The booklet is licensed under the Creative Commons
Attribution-NonCommercial-NoDerivatives 4.0 International License
(CC BY-NC-ND 4.0). The text below is reproduced verbatim, with attribution, and
is not modified. The only repairs are of breaks that text extraction put into
words; each one is listed in :data:`OCR_REPAIRS` so that a reviewer can hold this
file next to the booklet and check it line by line.

Nothing in this module is an interpretation: the library's own conventions live
in the modules that use this text, and are named as conventions there.
"""

from __future__ import annotations

from typing import Final

TITLE: Final = "The RRN Relational Model of Coproduction"
VERSION: Final = "1.C"
CITATION: Final = (
    "Quinn, A. (2022). The RRN relational model of coproduction. Restraint Reduction Network."
)
LICENCE: Final = "CC BY-NC-ND 4.0"
LICENCE_NAME: Final = (
    "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License"
)
LICENCE_URL: Final = "http://creativecommons.org/licenses/by-nc-nd/4.0/"

#: Breaks that text extraction put into the booklet's words, and their repair.
#: Each pair is (as extracted, as printed). Nothing else is changed.
OCR_REPAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("require- ment", "requirement"),
    ("person- staff", "person-staff"),
    ("instructions/ information", "instructions/information"),
    ("patientprofessional", "patient-professional"),
    ("When I an\tn working", "When I am working"),
    ("When I am\tn working", "When I am working"),
)

# --- "In coproduction, it can be helpful to think about power being used in
# three ways" (Proctor, 2017) ----------------------------------------------------

POWER_OVER: Final = "Power over"
POWER_OVER_DESCRIPTION: Final = (
    "This type of power is built on coercion, domination, and control. It happens when "
    "one individual or group has control and makes decisions that affect others."
)
POWER_WITH: Final = "Power with"
POWER_WITH_DESCRIPTION: Final = (
    "This is shared power that grows out of relationships. It is built on respect, "
    "mutual support, solidarity, influence, empowerment and collaborative decision "
    "making. 'Power with' builds bridges within groups (eg patient-professional "
    "relationships in wards and hospitals) or across the differences that people may "
    "have (eg gender, culture, class). This kind of power depends on everyone "
    "listening, acting, and working together."
)
POWER_FROM_WITHIN: Final = "Power from within"
POWER_FROM_WITHIN_DESCRIPTION: Final = (
    "This happens when professionals and services recognise and value people's "
    "abilities, helping them to develop their own strengths and control. Working with "
    "staff in a nurturing environment, people develop confidence from improved "
    "self-esteem. People believe they have a right to act, occupy the coproduction "
    "space, be treated well and that change is possible."
)
POWER_SOURCE: Final = "(Proctor, 2017)"

# --- "Coproduction can happen at three levels" -----------------------------------
# The booklet shows the levels in a graphic whose text is not in the extracted
# copy; the names are those of the sentence "regardless of whether coproduction
# is taking place at an individual, group or systemic level".

LEVELS_INTRODUCTION: Final = "Coproduction can happen at three levels:"
LEVEL_INDIVIDUAL: Final = "Individual"
LEVEL_GROUP: Final = "Group"
LEVEL_SYSTEMIC: Final = "Systemic"

# --- "there should be 'mutuality'" ----------------------------------------------

MUTUALITY_AT_EVERY_LEVEL: Final = (
    "Many professionals and people with lived experience recognise that regardless of "
    "whether coproduction is taking place at an individual, group or systemic level, "
    "there should be 'mutuality'."
)
MUTUALITY_MEANS: Final = (
    "This means that a person and the professionals supporting them are equally "
    "involved in the design, planning and delivery of the task, eg a person's care or "
    "hospital based project. It also means that the views of the person with lived "
    "experience are valued as much as the professional's views, eg they must be taken "
    "seriously and engaged with right from the start of a project until its end."
)
WITHOUT_MUTUALITY: Final = (
    "If professionals and services do not think about how they work - with mutuality - "
    "coproduction can feel oppressive, tokenistic and leave people feeling used. This "
    "can recreate past trauma."
)

# --- "Why might a new model be needed?" (page 7) -----------------------------------

SECTION_NEW_MODEL: Final = "Why might a new model be needed?"
#: The section's page, from the booklet's contents.
PAGE_NEW_MODEL: Final = 7
POWER_NOT_FINITE: Final = (
    "Power is not a finite resource. Staff can retain their power and provide an "
    "environment where people with lived experience can express and grow theirs."
)

# --- "Coproduction activities themselves are non-hierarchical." ------------------

NON_HIERARCHICAL: Final = (
    "Coproduction activities themselves are non-hierarchical. This means that one "
    "activity, as shown in the Ladder of Coproduction, is not better than another."
)
CHOICE_NOT_FORCED: Final = (
    "People should be able to be involved in the ways that suit them and not be forced "
    "to move into activities at the higher end of the ladder to suit a coproduction "
    "agenda."
)

# --- RRN Readiness Checker (page 15) ---------------------------------------------

READINESS_CHECKER_NAME: Final = "RRN Readiness Checker"
READINESS_CHECKER_INTRODUCTION: Final = (
    "The checker below has been designed to help settings to evaluate their commitment "
    "and ability to create a relational coproduction culture. It helps services to "
    "consider how staff attitude (readiness to share power), policies (obligation) and "
    "implementation infrastructure can support each type of coproduction activity."
)

#: The Readiness Checker's column headings, left to right.
OBLIGATION_HEADING: Final = "Obligation to share power (eg vision, policy, mission)"
READINESS_HEADING: Final = "Readiness to share power"
INFRASTRUCTURE_HEADING: Final = (
    "Infrastructure - procedure for shared power (eg communication, resources, training)"
)

#: The Readiness Checker's rows, top to bottom: the activity, then its three
#: questions (obligation, readiness, infrastructure).
READINESS_ROWS: Final[tuple[tuple[str, str, str, str], ...]] = (
    (
        "People are given instructions/information",
        "Is there a policy requirement that people must be treated as equals in all areas "
        "of communication and involvement in activities?",
        "Are we ready to provide information to people in a way that makes them feel equal "
        "in the interaction, safe and secure?",
        "Do we work in a way that enables people to be treated equally and feel that they "
        "are equal?",
    ),
    (
        "People are listened to",
        "Is it a policy requirement that people must be listened to?",
        "Are we ready to listen to people?",
        "Do we work in a way that enables us to listen to people?",
    ),
    (
        "People are supported in expressing views",
        "Is it a policy requirement that people are supported to express their views?",
        "Are we ready to support people to express their views?",
        "Do we have a range of ideas and activities to help people express their views?",
    ),
    (
        "People's views are taken into account",
        "Is it a policy requirement that people's views must be given due weight in "
        "decision making?",
        "Are we ready to take people's views into account?",
        "Does our decision making process enable us to take people's views into account?",
    ),
    (
        "People involved in decision making, doing, and evaluating",
        "Is it a policy requirement that people must be involved in decision making processes?",
        "Are you ready to let people join in the decision making process?",
        "Is there a procedure to enable people to join in decision making?",
    ),
    (
        "Shared person-staff decision making, doing, and evaluating",
        "Is it a policy requirement for people and staff to share power and responsibility "
        "for decisions?",
        "Are you ready to share power with people?",
        "Is there a procedure that enables people and staff to share power and "
        "responsibility for decisions?",
    ),
    (
        "People are in control of decision making, doing, and evaluating",
        "Does our policy facilitate people taking control, power and responsibility for a "
        "project or their own care?",
        "Are we ready for people to take control of a project or their own care?",
        "Are there structures and procedures that enable people to take control, power and "
        "responsibility for a project or their own care?",
    ),
)

# --- RRN Coproduction Evaluation (page 16) ---------------------------------------

EVALUATION_NAME: Final = "RRN Coproduction Evaluation"
EVALUATION_INTRODUCTION: Final = (
    "This assessment is made up of questions that try to help professionals think about "
    "how they work with people \N{EN DASH} use their knowledge and the power from their "
    "job role \N{EN DASH} in their workplace."
)
EVALUATION_RESPONDENTS: Final = (
    "These are questions that people with lived experience should answer. The answers to "
    "these questions will give staff an idea of where improvements might need to be made."
)
EVALUATION_STEM: Final = "When I am working with staff on a task or project:"
NOT_AT_ALL: Final = "Not at all"
SOMETIMES: Final = "Sometimes"
ALL_THE_TIME: Final = "All the time"

SUPPORT: Final = "Support"
RESPECT: Final = "Respect"
RISK_ACTION: Final = "Risk/action"
TRUST: Final = "Trust"
POWER_WITH_DOMAIN: Final = "Power with"

#: The evaluation's domains, each with its statements, top to bottom.
EVALUATION_DOMAINS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        SUPPORT,
        (
            "Staff have asked me how I would like to take part",
            "I am supported to participate in the ways I find most comfortable",
            "I believe staff want to hear what I have to say",
            "I believe staff want to listen to different points of view",
        ),
    ),
    (
        RESPECT,
        (
            "I feel valued",
            "I feel supported to make the best possible use of my ability",
            "I think staff trust me to take part and achieve goals of a task/project",
            "I think staff believe that I can have good ideas and find solutions",
        ),
    ),
    (
        RISK_ACTION,
        (
            "When I make a mistake, I feel ok to tell staff",
            "If I want to do things in a different way, I am supported to do this",
            "I make final decisions by myself, or with someone else",
            "It feels ok to challenge staff ideas",
            "When we talk about things, things change",
        ),
    ),
    (
        TRUST,
        (
            "Staff keep their promises",
            "Staff do things that they think will help me",
            "Staff treat me fairly",
            "Staff tell me the truth",
            "Staff are approachable",
        ),
    ),
    (
        POWER_WITH_DOMAIN,
        (
            "I believe that my voice is equal to the staff",
            "I believe that I have control over what I am doing",
            "I believe that I can make suggestions and staff will listen and help",
            "I believe that I can make decisions on my own",
            "I believe that I can make change",
        ),
    ),
)

# --- "Making sure that 'power with' does not become 'power over'" (page 12) ------

SECTION_POWER_WITH_NOT_OVER: Final = "Making sure that 'power with' does not become 'power over'"
#: The section's page, from the booklet's contents ("What is in this booklet?").
PAGE_POWER_WITH_NOT_OVER: Final = 12

POWER_WITH_BECOMES_POWER_OVER: Final = (
    "It is important to be aware that people can still be dominated when 'power with' "
    "approaches are used in coproduction activities."
)
LUCA_INTRODUCTION: Final = (
    "For example, this is how Luca, a person with lived experience, described her "
    "involvement in the planning of her care."
)
LUCA_TICKED_THE_BOX: Final = (
    '"As long as the professionals thought about me, listened to me, and involved me in '
    "my care plan, they thought they had ticked the box. I was involved and I did agree. "
    "But really, I didn't have any real control.\""
)
REAL_CONTROL: Final = (
    "This kind of situation happens if professionals are not mindful of the factors "
    "stopping people from having 'real control'. This can be for the following reasons:"
)
#: The four reasons the booklet gives, in its order.
REASON_KNOWS_BEST: Final = (
    "The role and job title of the professional leading the work makes them or others "
    "think they know best."
)
REASON_PROFESSIONAL_KNOWLEDGE: Final = (
    "If professionals value the knowledge of other professionals above the knowledge of "
    "the person with lived experience."
)
REASON_NEEDS_NOT_MET: Final = (
    "If a person has differences that are not respected or needs that are not met (eg "
    "communication, sensory or cultural needs), which stop them from being able to "
    "participate fully."
)
REASON_IMPAIRMENTS: Final = (
    "If professionals only look at a person's 'impairments', thinking they are in some "
    "way 'damaged' or not 'working properly' and therefore do not consider their "
    "knowledge and strengths."
)
POWER_FROM_WITHIN_INSTEAD: Final = (
    "Instead, staff need to help people develop their 'power from within'. Staff can do "
    "this by spending time getting to know the people they coproduce with and developing "
    "positive relationships with them."
)
LUCA_POSITIVE_DIFFERENCE: Final = "Luca explained the positive difference this made to her care."
LUCA_FOUND_MYSELF_AGAIN: Final = (
    '"Only in one hospital did it work this way, and this is where I found myself again. '
    "It was the conditions in the place... and the way I was given freedom and agency to "
    'be my own master and decide things for myself."'
)

# --- "Things leaders can do to change the culture of a service" (page 14) --------

SECTION_LEADERS: Final = "Things leaders can do to change the culture of a service"
#: The section's page, from the booklet's contents.
PAGE_LEADERS: Final = 14

LEADERS_RELATIONSHIPS: Final = (
    "Prioritise building relationships with people characterised by mutuality and equality"
)
LEADERS_VALUES: Final = (
    "Nurture values in staff that emphasise mutual respect, equality and support"
)
LEADERS_BLURRED_DISTINCTION: Final = (
    "Create a culture where the distinction between people and professionals are blurred "
    "and where both have an equal claim on expertise"
)
LEADERS_TRAIN: Final = (
    "Train staff to pay attention to how power, control and risk are shared and managed "
    "in coproduction"
)
LEADERS_MODEL: Final = (
    "Ensure practice leaders model effective coproduction and teach the skills needed to "
    "realise systems change"
)
LEADERS_ASSESS: Final = (
    "Assess your systems readiness using the RRN Readiness Checker on page 15 and/ or the "
    "RRN Coproduction Evaluation on page 16"
)
