"""Every gap carries the booklet's remedies as prompts, shown in its view and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

import coproduction as cp
from booklet import booklet_text
from coproduction import _booklet as b
from coproduction import _readings
from coproduction import report as report_module
from htmltree import Node, column_headers, parse, row_cells

ROOT = Path(__file__).resolve().parents[1]
BOOKLET_WORDS = " ".join(booklet_text().replace("**", "").split())

LOW = cp.EvaluationResponse.from_labels(
    {
        "support_1": "Not at all",
        "support_2": "All the time",
        "risk_action_3": "Sometimes",
        "power_with_2": "Not at all",
    },
    activities={cp.Activity.SHARED},
    preferred_activities={cp.Activity.INFORMED},
)
WARD = cp.ReadinessAssessment.from_labels(
    {
        "listened_to_obligation": "yes",
        "listened_to_readiness": "partly",
        "informed_readiness": "no",
        "in_control_readiness": "yes",
    }
)


def tree(value: object) -> Node:
    """The parsed notebook view of a value."""
    return parse(value._repr_html_())  # type: ignore[attr-defined]


def li_texts(node: Node) -> list[str]:
    """The texts of a node's list items, in order."""
    return [li.text for li in node.iter("li")]


@pytest.mark.parametrize("key", list(_readings.GAP_PROMPTS))
def test_gap_prompts_are_the_booklets_words_with_their_section_and_page(key: str) -> None:
    """Each prompt is printed in the booklet, under its section; the remedy comes first."""
    prompts = _readings.GAP_PROMPTS[key]
    assert prompts[0] == _readings.POWER_FROM_WITHIN_PROMPT
    assert len(set(prompts)) == len(prompts)
    positions = [BOOKLET_WORDS.index(" ".join(p.text.split())) for p in prompts]
    assert positions == sorted(positions)
    for prompt in prompts:
        assert prompt.section in BOOKLET_WORDS
        assert BOOKLET_WORDS.index(prompt.section) < BOOKLET_WORDS.index(prompt.text)
        assert (prompt.section, prompt.page) in {
            (b.SECTION_POWER_WITH_NOT_OVER, 12),
            (b.SECTION_LEADERS, 14),
        }


def test_item_and_domain_gaps_carry_their_domains_prompts_only_below_the_target() -> None:
    """Below the target: the domain's prompts; at it or unanswered: none."""
    gaps = cp.evaluation_gaps(LOW)
    assert gaps.items["support_1"].prompts == _readings.GAP_PROMPTS["support"]
    assert gaps.items["power_with_2"].prompts == _readings.GAP_PROMPTS["power_with"]
    assert gaps.items["risk_action_3"].prompts == _readings.GAP_PROMPTS["risk_action"]
    assert gaps.items["support_2"].prompts == ()  # at the target
    assert gaps.items["trust_1"].prompts == ()  # not answered
    assert gaps.domains[cp.Domain.SUPPORT].prompts == _readings.GAP_PROMPTS["support"]
    assert gaps.domains[cp.Domain.TRUST].prompts == ()
    for domain in cp.Domain:
        assert str(domain.value) in _readings.GAP_PROMPTS


def test_claim_and_choice_gaps_carry_prompts() -> None:
    """A claim gap has the claims' prompts; choice gaps the choice prompts, only when unmet."""
    claimed = cp.ReadinessAssessment.from_labels({"in_control_readiness": "yes"})
    check = cp.claimed_vs_experienced(claimed, [LOW], disclosure=None)
    assert check.gaps
    assert all(g.prompts == _readings.GAP_PROMPTS["claim"] for g in check.gaps)
    assert "Train staff to pay attention" in str(check.gaps[0])
    choice = cp.choice_gaps(LOW, WARD)
    assert choice.prompts == _readings.GAP_PROMPTS["choice"]
    assert choice.prompts == _readings.FLAG_PROMPTS["choice_not_honoured"]
    matched = cp.EvaluationResponse(
        {}, activities={cp.Activity.INFORMED}, preferred_activities={cp.Activity.INFORMED}
    )
    assert cp.choice_gaps(matched, cp.ReadinessAssessment({})).prompts == ()
    assert cp.choice_gaps(cp.EvaluationResponse({}), WARD).prompts == ()


def test_a_readiness_gaps_view_lists_its_prompts() -> None:
    """The notebook view of a readiness gap shows each leaders' action, with its page."""
    gap = cp.readiness_gaps(WARD)[0]
    assert gap.prompts
    block = next(d for d in tree(gap).iter("div") if d.attrs.get("class") == "coproduction-prompts")
    assert "To reflect on, from the booklet (the library's reading)" in block.text
    assert [str(p) for p in gap.prompts] == li_texts(block)


@pytest.mark.parametrize(
    "gap",
    [
        cp.evaluation_gaps(LOW).items["support_1"],
        cp.evaluation_gaps(LOW).domains[cp.Domain.POWER_WITH],
        cp.claimed_vs_experienced(
            cp.ReadinessAssessment.from_labels({"in_control_readiness": "yes"}),
            [LOW],
            disclosure=None,  # one person's own answers
        ).gaps[0],
        cp.choice_gaps(LOW, WARD),
    ],
    ids=lambda v: type(v).__name__,
)
def test_every_gaps_own_view_lists_its_prompts(gap: object) -> None:
    """Item, domain, claim and choice gaps show their prompts too."""
    prompts = gap.prompts  # type: ignore[attr-defined]
    assert prompts
    assert [str(p) for p in prompts] == li_texts(tree(gap))[-len(prompts) :]


def test_tables_of_gaps_give_each_row_its_prompts() -> None:
    """An evaluation's item and domain tables, and a claims check's, have a prompts column."""
    head = "To reflect on, from the booklet (the library's reading)"
    gaps = cp.evaluation_gaps(LOW)
    tables = {t.find("caption").text: t for t in tree(gaps).iter("table")}
    items = tables["EvaluationGaps: items"]
    assert column_headers(items)[-1] == head
    rows = {r[0].text: r for r in row_cells(items)}
    assert [str(p) for p in gaps.items["support_1"].prompts] == li_texts(rows["support_1"][-1])
    assert rows["trust_1"][-1].text == "none"
    domains = {r[0].text: r for r in row_cells(tables["EvaluationGaps: domains"])}
    support = gaps.domains[cp.Domain.SUPPORT]
    assert [str(p) for p in support.prompts] == li_texts(domains[cp.Domain.SUPPORT.label][-1])
    claimed = cp.ReadinessAssessment.from_labels({"in_control_readiness": "yes"})
    check = cp.claimed_vs_experienced(claimed, [LOW], disclosure=None)
    table = next(t for t in tree(check).iter("table") if head in column_headers(t))
    cells = row_cells(table)
    assert [str(p) for p in check.gaps[0].prompts] == li_texts(cells[0][-1])


def test_the_report_lists_each_readiness_gap_with_the_leaders_actions() -> None:
    """Given an assessment, the report has a gaps table: one row a gap, its prompts beside it."""
    page = parse(report_module.render(assessment=WARD))
    table = next(
        t for t in page.iter("table") if t.find("caption").text.endswith("order of activities")
    )
    gaps = cp.readiness_gaps(WARD)
    rows = row_cells(table)
    assert [g.activity.label for g in gaps] == [r[0].text for r in rows]
    for row, gap in zip(rows, gaps, strict=True):
        assert gap.pattern.label == row[1].text
        assert [str(p) for p in gap.prompts] == li_texts(row[-1])
    assert "the library's reading" in column_headers(table)[-1]


def test_the_report_says_when_a_setting_has_no_readiness_gap() -> None:
    """All answered cells "Yes": the section says there is no gap."""
    page = report_module.render(
        assessment=cp.ReadinessAssessment.from_labels({"informed_readiness": "yes"})
    )
    assert "so there is no gap" in page


def test_the_gaps_page_tabulates_the_prompts_as_the_readings_say() -> None:
    """docs/gaps.md: one row per gap kind, naming the remedy, Luca and the leaders' actions."""
    page = (ROOT / "docs" / "gaps.md").read_text(encoding="utf-8")
    section = page.split("\n## What to reflect on beside each gap\n", 1)[1].split("\n## ", 1)[0]
    rows = {
        line.split("|")[1].strip(): line for line in section.splitlines() if line.startswith("| `")
    }
    assert [f"`{key}`" for key in _readings.GAP_PROMPTS] == list(rows)
    for key, prompts in _readings.GAP_PROMPTS.items():
        cells = [c.strip() for c in rows[f"`{key}`"].split("|")[2:-1]]
        within = "yes" if _readings.POWER_FROM_WITHIN_PROMPT in prompts else ""
        luca = "yes" if _readings.LUCA_PROMPT in prompts else ""
        leaders = "<br>".join(p.text for p in prompts if p.section == b.SECTION_LEADERS)
        assert [within, luca, leaders] == cells, key
