"""Kinds of missing: why an answer is absent, and how each format writes the reason.

Health data tells apart "not asked", "asked but declined", "did not know" and "not
applicable" (HL7 FHIR's data-absent-reason codes; REDCap's missing-data codes). The
library records the kind beside the answer, never in its place: an absent answer is
``None`` whatever its kind, and no kind is ever scored.

The codes of every format are in one table here (one source of truth); readers and
writers look them up, never spell them out. The CSV cell codes, the cohort's
``int8`` codes and the REDCap code for "asked but declined" are the library's
conventions (see docs/formats.md, "Kinds of missing").
"""

from __future__ import annotations

from typing import Final

from coproduction._labelled import LabelledEnum

__all__ = ["Missing"]

#: The code system of FHIR's data-absent-reason codes.
FHIR_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
#: FHIR's standard extension carrying a data-absent-reason code on any element.
FHIR_EXTENSION: Final = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"


class Missing(LabelledEnum):
    """Why an answer is absent: a small vocabulary of the kinds of missing.

    :attr:`NOT_ANSWERED` is the default (the only kind before 0.2.0): nothing is
    known of why the answer is absent. The other kinds record a reason the
    source gave. Whatever the kind, an absent answer is **never scored**: it is
    not "Not at all", nor "No", nor any number.

    Each member has a :attr:`label`, and its code in each format:

    ========================  ======  =======  ========  ==================
    Kind                      cohort  CSV      REDCap    FHIR
    ========================  ======  =======  ========  ==================
    ``NOT_ANSWERED``          ``-1``  (empty)  (empty)   (no reason given)
    ``NOT_ASKED``             ``-2``  NASK     NASK      ``not-asked``
    ``DECLINED``              ``-3``  DECL     DECL      ``asked-declined``
    ``DID_NOT_KNOW``          ``-4``  ASKU     ASKU      ``asked-unknown``
    ``NOT_APPLICABLE``        ``-5``  NAPP     NA        ``not-applicable``
    ========================  ======  =======  ========  ==================

    The JSON documents use the member's value (``"not_asked"``, ...).

    >>> Missing.DECLINED.label, Missing.DECLINED.fhir_code, Missing.DECLINED.cohort_code
    ('Asked but declined', 'asked-declined', -3)
    >>> Missing.from_cell(" NASK ")
    <Missing.NOT_ASKED: 'not_asked'>

    .. versionadded:: 0.2.0
    """

    label: str

    #: No answer, and no reason recorded (the default).
    NOT_ANSWERED = ("not_answered", "Not answered")
    #: The question was not asked.
    NOT_ASKED = ("not_asked", "Not asked")
    #: The question was asked, and the person declined to answer.
    DECLINED = ("declined", "Asked but declined")
    #: The question was asked, and the person did not know.
    DID_NOT_KNOW = ("did_not_know", "Did not know")
    #: The question does not apply (to this person, or this setting).
    NOT_APPLICABLE = ("not_applicable", "Not applicable")

    @property
    def cohort_code(self) -> int:
        """The kind's ``int8`` code in a cohort's array (``-1`` to ``-5``)."""
        return _COHORT[self]

    @property
    def cell(self) -> str:
        """The kind's CSV cell code (``""``, an empty cell, for :attr:`NOT_ANSWERED`)."""
        return _CELL[self]

    @property
    def redcap_code(self) -> str:
        """The kind's REDCap missing-data code (``""`` for :attr:`NOT_ANSWERED`)."""
        return _REDCAP[self]

    @property
    def fhir_code(self) -> str | None:
        """The kind's FHIR data-absent-reason code (``None`` for :attr:`NOT_ANSWERED`)."""
        return _FHIR[self]

    @classmethod
    def from_cell(cls, cell: str) -> Missing | None:
        """The kind a CSV cell code names (spaces and tabs around it ignored), or ``None``.

        An empty cell is :attr:`NOT_ANSWERED`; text that is no kind's code is
        ``None`` (the readers go on to read it as an answer, or refuse it).
        """
        return _FROM_CELL.get(cell.strip(" \t"))

    @classmethod
    def from_cohort_code(cls, code: int) -> Missing | None:
        """The kind a cohort's negative code stands for, or ``None`` for an answer code."""
        return _FROM_COHORT.get(code)


_COHORT: Final = {kind: -1 - i for i, kind in enumerate(Missing)}
_CELL: Final = {
    Missing.NOT_ANSWERED: "",
    Missing.NOT_ASKED: "NASK",
    Missing.DECLINED: "DECL",
    Missing.DID_NOT_KNOW: "ASKU",
    Missing.NOT_APPLICABLE: "NAPP",
}
_REDCAP: Final = {
    Missing.NOT_ANSWERED: "",
    Missing.NOT_ASKED: "NASK",
    Missing.DECLINED: "DECL",
    Missing.DID_NOT_KNOW: "ASKU",
    Missing.NOT_APPLICABLE: "NA",
}
_FHIR: Final[dict[Missing, str | None]] = {
    Missing.NOT_ANSWERED: None,
    Missing.NOT_ASKED: "not-asked",
    Missing.DECLINED: "asked-declined",
    Missing.DID_NOT_KNOW: "asked-unknown",
    Missing.NOT_APPLICABLE: "not-applicable",
}
_FROM_CELL: Final = {cell: kind for kind, cell in _CELL.items()}
_FROM_COHORT: Final = {code: kind for kind, code in _COHORT.items()}
#: Reverse lookups for the readers of REDCap and FHIR.
FROM_REDCAP: Final = {code: kind for kind, code in _REDCAP.items() if code}
FROM_FHIR: Final = {code: kind for kind, code in _FHIR.items() if code is not None}
#: The lowest code of a cohort's array (the last kind's).
LOWEST_CODE: Final = min(_COHORT.values())
