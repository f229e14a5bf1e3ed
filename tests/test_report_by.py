"""The report's sections by group (``by=``): side by side, never ranked, protected together."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction import _booklet as b
from htmltree import Node, column_headers, parse, row_cells

EVALUATION = cp.COPRODUCTION_EVALUATION
ITEMS = len(EVALUATION.item_ids)


def _cohort(sizes: dict[str, int], seed: int = 0, **extra: object) -> cp.EvaluationCohort:
    """Wards of the given sizes; each ward answers mostly its own code, so means differ."""
    rng = np.random.default_rng(seed)
    rows, wards = [], []
    for k, (ward, n) in enumerate(sizes.items()):
        base = (2 - k) % 3  # Alder answers highest, so name order is not score order
        rows.append(np.clip(base + rng.integers(-1, 2, (n, ITEMS)), 0, 2))
        wards += [ward] * n
    return cp.EvaluationCohort.from_array(
        np.vstack(rows),
        groups={"ward": wards},
        **extra,  # type: ignore[arg-type]
    )


def _table(tree: Node, caption_start: str) -> Node:
    return next(t for t in tree.iter("table") if t.find("caption").text.startswith(caption_start))


def _section(tree: Node, by: str) -> dict[str, list[str]]:
    table = _table(tree, f"{EVALUATION.name} by {by}:")
    return {
        "": column_headers(table)[1:],
        **{r[0].text: [c.text for c in r[1:]] for r in row_cells(table)},
    }


def test_a_section_per_grouping_with_the_groups_side_by_side_in_order_by_name() -> None:
    """One table and one picture for the wards, after the whole service; never ranked."""
    cohort = _cohort({"Cedar": 20, "Alder": 20, "Birch": 20})
    page = cp.report.render(cohort=cohort, by="ward", disclosure=None, resamples=0)
    tree = parse(page)
    headings = [h.text for h in tree.iter("h2")]
    assert headings.index(EVALUATION.name) < headings.index(f"{EVALUATION.name} by ward")
    rows = _section(tree, "ward")
    assert ["Whole service", "Alder", "Birch", "Cedar"] == rows[""]
    assert [*(d.label for d in cp.Domain), "Overall (mean of the domain means)"] == list(rows)[2:]
    summary = cp.summarize(cohort, by="ward", resamples=0)
    for domain in cp.Domain:
        means = [summary.measure(domain, (w,)).mean for w in ("Alder", "Birch", "Cedar")]
        shown = [f"{summary.conventions.percent(m):.0f}%" for m in means if isinstance(m, float)]
        assert shown == [cell.split(",")[0] for cell in rows[domain.label][1:]]
    overall = [summary.measure(None, (w,)).mean for w in ("Alder", "Birch", "Cedar")]
    scores = [m for m in overall if isinstance(m, float)]
    assert 3 == len(scores)
    assert scores not in (sorted(scores), sorted(scores, reverse=True))  # name order, not ranked
    captions = [f.text for f in tree.iter("figcaption")]
    assert 1 == sum(c.startswith(f"{EVALUATION.name} by ward") for c in captions)
    tables = [t.find("caption").text for t in tree.iter("table")]
    assert 1 == sum(c.startswith(f"{EVALUATION.name} by ward") for c in tables)


def test_a_small_ward_cannot_be_recovered_from_the_whole_service() -> None:
    """Regression (issue #13): wards of 20, 5 and 30 beside n = 55 gave ward B away.

    With the default rule ward B is withheld and so is another ward, in every row
    of the ward table, so that neither the whole service less the others nor any
    row's figures give B's size or scores.
    """
    cohort = _cohort({"A": 20, "B": 5, "C": 30})
    tree = parse(cp.report.render(cohort=cohort, by="ward", resamples=50))
    rows = _section(tree, "ward")
    assert ["Whole service", "A", "B", "C"] == rows.pop("")
    for label, cells in rows.items():
        wards = cells[1:]
        assert "*" == wards[1], label
        assert wards.count("*") >= 2, label  # a complement: never one alone beside the total
    for label, cells in rows.items():
        assert "*" != cells[0], label  # the whole service is still published


def test_nested_groupings_are_protected_across_levels() -> None:
    """``by=["site", "ward"]``: a site less its shown wards never gives a withheld ward."""
    sizes = {"Alder": 20, "Birch": 4, "Cedar": 25, "Damson": 30}
    sites = ["North"] * 24 + ["South"] * 55
    cohort = _cohort(sizes)
    cohort = cp.EvaluationCohort.from_array(
        cohort.answers, groups={"site": sites, "ward": list(cohort.groups["ward"])}
    )
    tree = parse(cp.report.render(cohort=cohort, by=["site", "ward"], resamples=0))
    by_site = _section(tree, "site")
    by_ward = _section(tree, "site and ward")
    assert ["Whole service", "North", "South"] == by_site[""]
    assert ["Whole service", "North, Alder", "North, Birch", "South, Cedar", "South, Damson"] == (
        by_ward[""]
    )
    for label in by_ward:
        if not label:
            continue
        north = by_site[label][1]
        alder, birch = by_ward[label][1:3]
        assert "*" == birch
        # North less Alder would be Birch: one of them must be withheld too.
        assert "*" in (north, alder), label
        # Nor the whole service less one site: the whole and the sites are withheld
        # none or two at a time (the whole's mean goes with a site's where an
        # unanswered count is withheld beside it).
        assert 1 != by_site[label].count("*"), label


def test_sections_by_level_follow_the_booklets_order_and_quote_it() -> None:
    """``by="level"``: Individual, Group, Systemic (the booklet's order), with its words."""
    levels = [cp.Level.SYSTEMIC] * 10 + [cp.Level.INDIVIDUAL] * 10 + [cp.Level.GROUP] * 10
    cohort = _cohort({"A": 30}, levels=levels)
    tree = parse(cp.report.render(cohort=cohort, by="level", disclosure=None, resamples=0))
    assert ["Whole service", "Individual", "Group", "Systemic"] == _section(tree, "level")[""]
    assert f"“{b.LEVELS_INTRODUCTION}”" in tree.text
    assert f"“{b.MUTUALITY_AT_EVERY_LEVEL}”" in tree.text
    text = " ".join(tree.text.split())
    assert "side by side in the booklet's order of the levels" in text
    assert "in their order by name" not in text  # the order shown is not by name


def test_an_accumulator_by_ward_gives_the_same_page_as_the_cohort() -> None:
    """Block by block: the coarser levels come from the accumulator's counts, exactly."""
    cohort = _cohort({"A": 20, "B": 5, "C": 30})
    wards = list(cohort.groups["ward"])
    halves = [
        cp.EvaluationCohort.from_array(cohort.answers[part], groups={"ward": wards[part]})
        for part in (slice(0, 27), slice(27, None))
    ]
    accumulator = cp.SummaryAccumulator(by="ward")
    tallies = []
    for half in halves:
        accumulator.add(half)
        tallies.append(cp.cohort_warnings(half).tally())
    page = cp.report.render(
        accumulator=accumulator, warnings=tallies[0].merge(tallies[1]), by="ward", resamples=30
    )
    assert cp.report.render(cohort=cohort, by="ward", resamples=30) == page


def test_an_accumulator_must_be_grouped_as_the_report() -> None:
    """An accumulator of the whole cannot make a report by ward: a ValidationError says so."""
    accumulator = cp.SummaryAccumulator().add(_cohort({"A": 10}))
    with pytest.raises(cp.ValidationError, match="grouped by the report's by"):
        cp.report.render(accumulator=accumulator, by="ward")
    with pytest.raises(cp.ValidationError, match="each grouping column may be named once"):
        cp.report.render(cohort=_cohort({"A": 10}), by=["ward", "ward"])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("NS"), st.sampled_from("abc")), min_size=1, max_size=30),
    st.integers(0, 2**16),
)
def test_a_coarser_accumulator_is_the_summary_of_the_coarser_grouping(
    groups: list[tuple[str, str]], seed: int
) -> None:
    """The report's levels come from one accumulator: each equals ``summarize`` of its grouping."""
    rng = np.random.default_rng(seed)
    answers = rng.integers(-1, 3, (len(groups), ITEMS))
    cohort = cp.EvaluationCohort.from_array(
        answers, groups={"site": [g[0] for g in groups], "ward": [g[1] for g in groups]}
    )
    accumulator = cp.SummaryAccumulator(by=["site", "ward"]).add(cohort)
    for columns, by in ((0, None), (1, "site"), (2, ["site", "ward"])):
        coarse = accumulator._coarser(columns)  # the report's own helper
        assert cp.summarize(cohort, by=by, resamples=20, seed=seed) == coarse.summary(
            resamples=20, seed=seed
        )


def test_a_warning_about_the_setting_is_counted_once_per_setting() -> None:
    """Regression: "commitment on paper" was counted once per response (12 for one ward).

    It is read from the setting's Readiness Checker assessment alone, so it is
    counted per setting, and the number of settings (1) is not suppressed.
    """
    paper = cp.ReadinessAssessment.from_labels(
        {"listened_to_obligation": "yes", "listened_to_readiness": "no"}, setting="Ward A"
    )
    tree = parse(cp.report.render(cohort=_cohort({"A": 12}), assessment=paper, resamples=0))
    per_response = _table(tree, "Warnings across responses")
    assert cp.Flag.COMMITMENT_ON_PAPER.title not in [r[0].text for r in row_cells(per_response)]
    per_setting = _table(tree, "Warnings about a setting")
    assert ["Warning", "Settings raising it", "Settings not assessed"] == (
        column_headers(per_setting)[:3]
    )
    rows = {r[0].text: [c.text for c in r[1:3]] for r in row_cells(per_setting)}
    assert {cp.Flag.COMMITMENT_ON_PAPER.title: ["1 of 1", "0 of 1"]} == rows
    several = [paper, cp.ReadinessAssessment({}, setting="B"), paper]
    tree = parse(cp.report.render(cohort=_cohort({"A": 12}), assessments=several, resamples=0))
    rows = {r[0].text: [c.text for c in r[1:3]] for r in row_cells(_table(tree, "Warnings about"))}
    assert {cp.Flag.COMMITMENT_ON_PAPER.title: ["2 of 3", "1 of 3"]} == rows


def test_every_percent_axis_ends_at_100_with_ticks_to_match() -> None:
    """Regression: the domain profiles ran to 135 and 150; every score axis now ends at 100."""
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    from matplotlib.figure import Figure

    cohort = _cohort({"A": 20, "B": 20})
    summary = cp.summarize(cohort, by="ward", resamples=20)
    response = cohort.to_responses()[0]
    axes = [
        cp.plot.domain_profile(response, ax=Figure().add_subplot()),
        cp.plot.domain_profile(summary, group=("A",), ax=Figure().add_subplot()),
    ]
    for ax in axes:
        assert (0.0, 100.0) == ax.get_xlim()
        assert [0, 25, 50, 75, 100] == [round(t) for t in ax.get_xticks()]
    page = cp.report.render(cohort=cohort, by="ward", resamples=20)
    figure = next(f for f in parse(page).iter("figure") if "by ward" in f.find("figcaption").text)
    ticks = [" ".join(t.text.split()) for t in figure.iter("text")]
    assert [t for t in ticks if t.endswith("%") and t[:-1].isdigit()][:5] == [
        "0%",
        "25%",
        "50%",
        "75%",
        "100%",
    ]


def test_one_scale_stated_once_percent_for_readiness_too() -> None:
    """Regression: the setting's readiness scores were on 0 to 1 (0.75) beside percents."""
    setting = cp.ReadinessAssessment.from_labels(
        {"listened_to_obligation": "yes", "listened_to_readiness": "partly"}, setting="W"
    )
    tree = parse(cp.report.render(cohort=_cohort({"A": 12}), assessment=setting, resamples=0))
    scales = [p.text for p in tree.iter("p") if p.text.startswith("Scale:")]
    assert 1 == len(scales)
    assert "percent, from 0 to 100" in scales[0]
    activities = _table(tree, f"{cp.READINESS_CHECKER.name}: scores by activity, percent")
    rows = {r[0].text: r[1].text for r in row_cells(activities)}
    assert "75%" == rows[cp.Activity.LISTENED_TO.label]
    dimensions = _table(tree, f"{cp.READINESS_CHECKER.name}: scores by dimension, percent")
    assert ["100%", "50%"] == [r[1].text for r in row_cells(dimensions)][:2]
    assert "75%" == row_cells(dimensions)[-1][1].text
