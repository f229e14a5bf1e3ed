"""The two instruments: their shape, their lookups, and their wording against the booklet."""

from __future__ import annotations

import re
from collections import Counter

import attrs
import pytest

from booklet import BOOKLET_PATH, booklet_text, evaluation_rows, readiness_rows
from coproduction import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Activity,
    CoproductionEvaluation,
    Dimension,
    Domain,
    Frequency,
    PowerType,
    ReadinessChecker,
    UnknownItemError,
)
from coproduction import _booklet as b

CITATION = (
    "Quinn, A. (2022). The RRN relational model of coproduction. Restraint Reduction Network."
)


@pytest.mark.parametrize("instrument", [READINESS_CHECKER, COPRODUCTION_EVALUATION])
def test_instruments_carry_source_version_and_licence(
    instrument: ReadinessChecker | CoproductionEvaluation,
) -> None:
    """Each instrument names its version, citation and licence as the issue requires."""
    assert "1.C" == instrument.version
    assert CITATION == instrument.citation
    assert "CC BY-NC-ND 4.0" == instrument.licence
    assert "http://creativecommons.org/licenses/by-nc-nd/4.0/" == instrument.licence_url


def test_booklet_version_and_citation_are_the_booklets() -> None:
    """The version and citation strings appear in the booklet itself."""
    text = booklet_text()
    assert f"Version {b.VERSION}" in text
    assert f"To reference: {b.CITATION}" in text
    assert b.LICENCE_NAME in text


def test_evaluation_has_23_items_in_five_domains_of_4_4_5_5_5() -> None:
    """23 items; Support 4, Respect 4, Risk/action 5, Trust 5, Power with 5, in that order."""
    counts = Counter(item.domain for item in COPRODUCTION_EVALUATION.items)
    assert 23 == len(COPRODUCTION_EVALUATION.items)
    assert list(Domain) == list(COPRODUCTION_EVALUATION.domains)
    assert [4, 4, 5, 5, 5] == [counts[d] for d in COPRODUCTION_EVALUATION.domains]
    assert [item.domain for item in COPRODUCTION_EVALUATION.items] == sorted(
        (item.domain for item in COPRODUCTION_EVALUATION.items), key=list(Domain).index
    )


def test_item_ids_are_unique_documented_and_stable() -> None:
    """Ids are unique, lower-case, short, and follow the documented pattern ``<domain>_<n>``."""
    ids = COPRODUCTION_EVALUATION.item_ids
    assert len(ids) == len(set(ids))
    expected = tuple(
        f"{domain.value}_{n}"
        for domain in Domain
        for n in range(1, len(COPRODUCTION_EVALUATION.items_in(domain)) + 1)
    )
    assert expected == ids
    # Pinned: ids are keys in stored files and must never change meaning.
    assert "support_1" == ids[0]
    assert "risk_action_5" == COPRODUCTION_EVALUATION.item("risk_action_5").id
    assert (
        "When we talk about things, things change"
        == COPRODUCTION_EVALUATION.item("risk_action_5").text
    )
    assert (
        "Staff do things that they think will help me"
        == COPRODUCTION_EVALUATION.item("trust_2").text
    )
    assert all(len(i) <= 26 and i.isascii() and i == i.lower() for i in ids)


def test_evaluation_wording_is_verbatim_and_in_the_booklets_order() -> None:
    """Every statement, and its domain, is exactly as printed, in the printed order."""
    printed = evaluation_rows()
    ours = [(item.domain.label, item.text) for item in COPRODUCTION_EVALUATION.items]
    assert printed == ours


def test_evaluation_stem_scale_and_introduction_are_verbatim() -> None:
    """Stem, answer labels and introductory text appear in the booklet as they are."""
    text = booklet_text()
    assert "When I am working with staff on a task or project:" == COPRODUCTION_EVALUATION.stem
    assert COPRODUCTION_EVALUATION.stem in text
    assert (Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME) == (
        COPRODUCTION_EVALUATION.scale
    )
    for frequency in Frequency:
        assert f" {frequency.label}" in text
    assert COPRODUCTION_EVALUATION.introduction in text
    assert COPRODUCTION_EVALUATION.respondents in text


def test_readiness_checker_has_21_questions_seven_by_three() -> None:
    """7 activities x 3 dimensions, one question in each cell, row by row."""
    assert 21 == len(READINESS_CHECKER.questions)
    assert tuple(Activity) == READINESS_CHECKER.activities
    assert tuple(Dimension) == READINESS_CHECKER.dimensions
    expected = [(a, d) for a in Activity for d in Dimension]
    assert expected == [(q.activity, q.dimension) for q in READINESS_CHECKER.questions]
    assert len({q.id for q in READINESS_CHECKER.questions}) == 21


def test_readiness_wording_is_verbatim() -> None:
    """Each row's activity and three questions are exactly as printed, in the printed order."""
    ours = [
        [activity.label]
        + [READINESS_CHECKER.question(activity, d).text for d in READINESS_CHECKER.dimensions]
        for activity in READINESS_CHECKER.activities
    ]
    assert readiness_rows() == ours


def test_readiness_headings_and_introduction_are_verbatim() -> None:
    """The column headings and the introduction are printed in the booklet."""
    text = booklet_text()
    for dimension in Dimension:
        assert dimension.label in text
    assert READINESS_CHECKER.introduction in text


def test_every_quoted_passage_is_in_the_booklet() -> None:
    """Every string constant in the booklet module is a verbatim (repaired) quotation."""
    # "**" marks bold type in the extracted copy: formatting, not words.
    text = " ".join(booklet_text().replace("**", "").split())
    skip = {"OCR_REPAIRS", "LICENCE", "TITLE", "POWER_SOURCE"}
    quoted = {
        name: value
        for name, value in vars(b).items()
        if name.isupper() and isinstance(value, str) and name not in skip
    }
    assert len(quoted) > 30
    for name, value in quoted.items():
        if name.startswith("LEVEL_"):
            assert value.lower() in text, name
        else:
            assert value.strip('"') in text, name


def test_every_section_heading_and_page_is_the_booklets() -> None:
    """Each SECTION_x is a heading of the booklet whose page in its contents is PAGE_x."""
    text = booklet_text()
    lines = text.splitlines()
    contents = text.split("What is in this booklet?", 1)[1].split("\nIntroduction\n")[0]
    sections = {
        name[len("SECTION_") :]: value
        for name, value in vars(b).items()
        if name.startswith("SECTION_")
    }
    assert {"POWER_WITH_NOT_OVER", "LEADERS", "NEW_MODEL"} <= set(sections)
    for key, heading in sections.items():
        assert heading in lines, key  # a heading line of its own, in the body
        page = getattr(b, f"PAGE_{key}")
        assert re.search(
            rf"^(Relational coproduction: )?{re.escape(heading)}\t{page}$", contents, re.MULTILINE
        )


@pytest.mark.parametrize("power", list(PowerType))
def test_power_descriptions_are_verbatim(power: PowerType) -> None:
    """Each power type's label and description are printed in the booklet."""
    text = booklet_text()
    assert power.label in text
    assert power.description in text


def test_ocr_repairs_only_mend_breaks() -> None:
    r"""Each repair keeps the letters, except the two garbled stems, which become the same text.

    The stem is printed twice; extraction split it as "When I an\tn" and "When I am\tn".
    Both are repaired to the one stem, so no word of the booklet is changed by choice.
    """

    def letters(s: str) -> str:
        return "".join(c for c in s if c.isalpha())

    changed = [(e, p) for e, p in b.OCR_REPAIRS if letters(e) != letters(p)]
    assert [
        ("When I an\tn working", "When I am working"),
        ("When I am\tn working", "When I am working"),
    ] == changed
    raw = BOOKLET_PATH.read_text(encoding="utf-8")
    for extracted, _ in b.OCR_REPAIRS:
        assert extracted in raw


@pytest.mark.parametrize("bad", ["trust_9", "", "Support_1", 3, None])
def test_unknown_item_id_raises_a_clear_error(bad: object) -> None:
    """An unknown id raises UnknownItemError naming the id and listing the accepted ones."""
    with pytest.raises(UnknownItemError) as info:
        COPRODUCTION_EVALUATION.item(bad)  # type: ignore[arg-type]
    assert repr(bad) in str(info.value)
    assert "support_1" in str(info.value)
    assert "power_with_5" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_question_lookup_refuses_swapped_or_wrong_arguments() -> None:
    """A question is found only by an (Activity, Dimension) pair of members."""
    with pytest.raises(UnknownItemError, match="Activity member and a Dimension member"):
        READINESS_CHECKER.question(Dimension.READINESS, Activity.SHARED)  # type: ignore[arg-type]
    with pytest.raises(UnknownItemError):
        READINESS_CHECKER.question("listened_to", "obligation")  # type: ignore[arg-type]


def test_items_in_returns_the_domains_items_in_order() -> None:
    """items_in gives a domain's items, in the booklet's order."""
    assert ("trust_1", "trust_2", "trust_3", "trust_4", "trust_5") == tuple(
        item.id for item in COPRODUCTION_EVALUATION.items_in(Domain.TRUST)
    )


def test_instruments_are_frozen_value_objects() -> None:
    """The instruments and their parts cannot be changed and are equal by value."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        COPRODUCTION_EVALUATION.stem = "changed"  # type: ignore[misc]
    item = COPRODUCTION_EVALUATION.items[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        item.text = "changed"  # type: ignore[misc]
    assert attrs.evolve(item) == item
    assert hash(attrs.evolve(item)) == hash(item)
    assert hash(COPRODUCTION_EVALUATION) == hash(attrs.evolve(COPRODUCTION_EVALUATION))
    assert hash(READINESS_CHECKER) == hash(attrs.evolve(READINESS_CHECKER))
