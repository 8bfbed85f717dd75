"""A behavioral question that asks for reasons, not a story, is probed and priced as such."""

from __future__ import annotations

from interview.builders import star_result, turn
from mlcoach.content.models import BehavioralPrompt, KeyPoint
from mlcoach.interview.gaps import elements
from mlcoach.interview.grades import asks_for_story, follow_up_for

SIGNALS = (
    KeyPoint(text="Names specific products or ML problems of the company", weight=2),
    KeyPoint(text="States what they would contribute in the first months"),
)
ALL_PARTS_MISSING = {"situation": False, "task": False, "action": False, "result": False}
STAR_PROBE = "What exactly were you responsible for, and what did success look like?"


def _prompt(text: str) -> BehavioralPrompt:
    return BehavioralPrompt(
        id="why-here",
        difficulty=1,
        title="Why this company",
        dimension="culture-fit",
        prompt=text,
        strong_signals=SIGNALS,
        red_flags=("Motivation is only pay",),
        example_answer="I use your product every day ...",
        follow_ups=(
            "What would make you leave this role after a year?",
            "Which ML problem in our product do you think is hardest right now?",
        ),
    )


def _graded(covered: list[bool], **extra: bool) -> dict[str, object]:
    result = star_result(40, ALL_PARTS_MISSING, covered, follow_up=STAR_PROBE, **extra)
    result["key_points"] = [
        {"text": s.text, "covered": c, "evidence": ""}
        for s, c in zip(SIGNALS, covered, strict=True)
    ]
    return result


MOTIVATION = _prompt("Why do you want to work here, and why this ML role in particular?")
STORY = _prompt("Tell me about a time you disagreed with a stakeholder. How did it end?")


def test_story_prompts_are_told_from_reason_prompts() -> None:
    assert asks_for_story(STORY)
    assert asks_for_story(_prompt("Describe a project where labelled data was scarce."))
    assert not asks_for_story(MOTIVATION)


def test_a_motivation_answer_is_asked_about_its_missed_signal_not_a_star_part() -> None:
    result = _graded([False, True])
    question = follow_up_for(turn("why-here", "behavioral"), result, MOTIVATION)
    assert question == "Which ML problem in our product do you think is hardest right now?"
    # a story prompt keeps the grade's STAR probe
    assert follow_up_for(turn("why-here", "behavioral"), result, STORY) == STAR_PROBE


def test_a_motivation_answer_covering_every_signal_gets_no_follow_up() -> None:
    result = _graded([True, True])
    assert follow_up_for(turn("why-here", "behavioral"), result, MOTIVATION) is None


def test_a_motivation_answer_has_no_star_gaps() -> None:
    result = _graded([False, True], measurable=False, lessons=False)
    checked = elements(turn("why-here", "behavioral"), result, MOTIVATION)
    assert {e.text for e in checked} == {s.text for s in SIGNALS}  # no STAR part
    assert sum(e.share for e in checked) == 1.0  # the signals share the whole time box
    story = {e.text for e in elements(turn("why-here", "behavioral"), result, STORY)}
    assert "say step by step what you did (action)" in story
