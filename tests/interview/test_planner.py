"""Choosing items for blueprint sections, deterministically, and laying out the time boxes."""

from __future__ import annotations

import random

import pytest

from interview.builders import fixture_bank
from mlcoach.content.models import Blueprint, BlueprintSection, DesignStep
from mlcoach.interview.planner import PlanError, plan_turns, split_seconds
from support import shipped_bank


def plan(blueprint: Blueprint, seed: int = 1, bank_name: str = "shipped") -> list[tuple[str, str]]:
    bank = shipped_bank() if bank_name == "shipped" else fixture_bank()
    turns = plan_turns(
        blueprint, list(bank.items.values()), bank.manifest.design_steps, random.Random(seed)
    )
    return [(t.section_id, t.item_id) for t in turns]


def phone_screen() -> Blueprint:
    return shipped_bank().blueprints["phone-screen"]


def test_the_same_seed_gives_the_same_interview() -> None:
    assert plan(phone_screen(), 5) == plan(phone_screen(), 5)
    assert len({tuple(plan(phone_screen(), seed)) for seed in range(6)}) > 1


def test_sections_follow_kind_topics_difficulty_and_count() -> None:
    bank = shipped_bank()
    blueprint = phone_screen()
    chosen = plan(blueprint, 3)
    for section in blueprint.sections:
        ids = [item_id for sid, item_id in chosen if sid == section.id]
        assert len(ids) == section.item_count
        for item_id in ids:
            item = bank.items[item_id]
            assert item.kind == section.kind
            assert section.difficulty is not None
            assert section.difficulty[0] <= item.difficulty <= section.difficulty[1]
    assert len({item_id for _, item_id in chosen}) == len(chosen), "no item asked twice"


def test_concepts_spread_over_the_sections_topics() -> None:
    bank = shipped_bank()
    concepts = [i for s, i in plan(phone_screen(), 11) if s == "ml-concepts"]
    topics = {bank.items[i].topic for i in concepts}
    assert topics == {"ml-fundamentals", "algorithms", "deep-learning", "statistics"}


def test_explicit_items_come_first_and_the_rest_is_drawn() -> None:
    section = BlueprintSection(
        id="mixed", kind="concept", title="Mixed", minutes=10, count=2, items=("precision-recall",)
    )
    chosen = plan(
        Blueprint(id="b", title="B", duration_minutes=10, sections=(section,)), 2, "fixture"
    )
    assert chosen[0] == ("mixed", "precision-recall")
    assert len(chosen) == 2 and chosen[1][1] != "precision-recall"


def test_unknown_or_wrong_kind_items_are_all_reported() -> None:
    sections = (
        BlueprintSection(id="a", kind="concept", title="A", minutes=5, items=("nope",)),
        BlueprintSection(id="b", kind="design", title="B", minutes=5, items=("precision-recall",)),
    )
    with pytest.raises(PlanError) as caught:
        plan(Blueprint(id="b", title="B", duration_minutes=10, sections=sections), 1, "fixture")
    text = str(caught.value)
    assert "sections.a: item 'nope' is not in the bank" in text
    assert "sections.b: item 'precision-recall' is a concept, not a design" in text


def test_a_section_nothing_matches_names_its_filters() -> None:
    section = BlueprintSection(
        id="x", kind="concept", title="X", minutes=5, topics=("statistics",), difficulty=(5, 5)
    )
    with pytest.raises(
        PlanError,
        match=r"sections\.x: no unused concept item in topics statistics with difficulty 5-5",
    ):
        plan(Blueprint(id="b", title="B", duration_minutes=5, sections=(section,)), 1, "fixture")


def test_fewer_candidates_than_asked_share_the_section_time() -> None:
    section = BlueprintSection(id="c", kind="case", title="Cases", minutes=9, count=3)
    bank = fixture_bank()
    turns = plan_turns(
        Blueprint(id="b", title="B", duration_minutes=9, sections=(section,)),
        list(bank.items.values()),
        bank.manifest.design_steps,
        random.Random(0),
    )
    assert [(t.item_id, t.seconds) for t in turns] == [("subscription-churn", 540)]


def test_questions_split_the_section_time_evenly() -> None:
    bank = shipped_bank()
    turns = plan_turns(
        phone_screen(), list(bank.items.values()), bank.manifest.design_steps, random.Random(1)
    )
    # intro: 8 minutes over two stories; concepts: 20 over four; coding: 15 for one
    assert [t.seconds for t in turns] == [240, 240, 300, 300, 300, 300, 900]


def test_a_design_section_expands_into_the_five_steps_with_scaled_boxes() -> None:
    bank = fixture_bank()
    blueprint = bank.blueprints["mini-screen"]  # 15-minute design round
    turns = plan_turns(
        blueprint, list(bank.items.values()), bank.manifest.design_steps, random.Random(1)
    )
    steps = [t for t in turns if t.section_id == "design"]
    assert [t.kind for t in steps] == ["design-step"] * 5
    assert [t.step_id for t in steps] == ["requirements", "framing", "data", "model", "serving"]
    assert {t.item_id for t in steps} == {"email-spam-filter"}
    # 5:5:10:10:10 of 900 s; the rounding second goes to the first step
    assert [t.seconds for t in steps] == [113, 112, 225, 225, 225]
    assert sum(t.seconds for t in steps) == 15 * 60


def test_onsite_design_round_keeps_the_framework_minutes() -> None:
    bank = shipped_bank()
    turns = plan_turns(
        bank.blueprints["onsite-loop"],
        list(bank.items.values()),
        bank.manifest.design_steps,
        random.Random(4),
    )
    boxes = [t.seconds // 60 for t in turns if t.kind == "design-step"]
    assert boxes == [step.minutes for step in bank.manifest.design_steps] == [5, 5, 10, 10, 10]


def test_split_seconds_always_adds_up() -> None:
    assert split_seconds(100, 3) == [34, 33, 33]
    assert sum(split_seconds(901, 5, [5, 5, 10, 10, 10])) == 901
    steps = [DesignStep(id="a", title="A", minutes=1), DesignStep(id="b", title="B", minutes=3)]
    assert split_seconds(400, 2, [s.minutes for s in steps]) == [100, 300]


def test_an_item_listed_twice_is_asked_once() -> None:
    section = BlueprintSection(
        id="twice",
        kind="concept",
        title="Twice",
        minutes=10,
        count=1,
        items=("precision-recall", "precision-recall"),
    )
    chosen = plan(
        Blueprint(id="b", title="B", duration_minutes=10, sections=(section,)), 1, "fixture"
    )
    assert chosen == [("twice", "precision-recall")]
