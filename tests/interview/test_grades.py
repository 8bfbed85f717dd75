"""Reading grades as the interviewer: scores per turn and when to ask a follow-up."""

from __future__ import annotations

from interview.builders import fixture_bank, rubric_result, star_result, turn
from mlcoach.grading.feedback import generated_follow_up
from mlcoach.interview.grades import follow_up_for, point_outcomes, turn_score

ALL_PARTS = {"situation": True, "task": True, "action": True, "result": True}


def design_result(step: str, covered: list[bool]) -> dict[str, object]:
    bank = fixture_bank()
    points = bank.items["email-spam-filter"].steps[step]  # type: ignore[union-attr]
    return {
        "score": 50,
        "steps": {
            step: {
                "score": 40,
                "key_points": [
                    {"text": p.text, "covered": c, "evidence": ""}
                    for p, c in zip(points, covered, strict=True)
                ],
            }
        },
        "mistakes": [],
        "flags": [],
        "follow_up": "",
    }


def test_a_missed_key_point_brings_the_grades_follow_up() -> None:
    result = rubric_result(50, [True, False], follow_up="Why is p2 true?")
    assert follow_up_for(turn(), result, None) == "Why is p2 true?"


def test_no_follow_up_when_every_point_is_covered_or_nothing_was_said() -> None:
    assert (
        follow_up_for(turn(), rubric_result(100, [True, True], follow_up="Deeper?"), None) is None
    )
    empty = rubric_result(0, [False], follow_up="Why?", flags=["empty"])
    assert follow_up_for(turn(), empty, None) is None


def test_follow_ups_and_coding_turns_get_none() -> None:
    missed = rubric_result(10, [False], follow_up="Why?")
    assert follow_up_for(turn(kind="follow-up", parent=0), missed, None) is None
    assert (
        follow_up_for(
            turn("softmax", "challenge"), {"verdict": "WA", "passed": 0, "total": 3}, None
        )
        is None
    )


def test_a_story_missing_a_star_part_is_probed() -> None:
    parts = {**ALL_PARTS, "task": False}
    result = star_result(60, parts, [True], follow_up="What exactly were you responsible for?")
    assert (
        follow_up_for(turn("story", "behavioral"), result, None)
        == "What exactly were you responsible for?"
    )


def test_a_design_step_follow_up_targets_its_weightiest_missed_point() -> None:
    item = fixture_bank().items["email-spam-filter"]
    step = turn("email-spam-filter", "design", kind="design-step", step_id="requirements")
    # all three requirement points missed; the second weighs double
    missed = design_result("requirements", [False, False, False])
    question = follow_up_for(step, missed, item)
    weightiest = item.steps["requirements"][1].text  # type: ignore[union-attr]
    assert question == generated_follow_up(weightiest, item.prompt)  # type: ignore[union-attr]
    assert "spam in the inbox" not in question  # asks about the gap without answering it
    assert follow_up_for(step, design_result("requirements", [True, True, True]), item) is None


def test_scores_per_turn_kind() -> None:
    assert turn_score(turn("softmax", "challenge"), {"passed": 3, "total": 4}) == 75.0
    step = turn("email-spam-filter", "design", kind="design-step", step_id="model")
    assert turn_score(step, design_result("model", [True, False, False])) == 40.0
    assert turn_score(turn(), rubric_result(64, [True])) == 64.0


def test_point_weights_come_from_the_bank_item() -> None:
    item = fixture_bank().items["bias-variance-tradeoff"]
    points = item.key_points  # type: ignore[union-attr]
    result = {"key_points": [{"text": p.text, "covered": False} for p in points]}
    outcomes = point_outcomes(turn("bias-variance-tradeoff"), result, item)
    assert [o.weight for o in outcomes] == [p.weight for p in points]


def test_a_design_step_non_answer_is_capped_like_the_grader_caps_it() -> None:
    """A step is graded alone; words to the grader must not keep the step's full coverage."""
    step = turn("email-spam-filter", "design", kind="design-step", step_id="model")
    result = {**design_result("model", [True, True, True]), "flags": ["addressed_to_grader"]}
    result["steps"]["model"]["score"] = 100  # type: ignore[index]
    assert turn_score(step, result) == 0.0  # words to the grader forfeit the turn
    listed = {**result, "flags": ["keyword_list"]}
    assert turn_score(step, listed) == 20.0  # the calibration's cap for non-answers
    padded = {**result, "flags": ["padding"]}  # padding is not a non-answer: no cap
    assert turn_score(step, padded) == 100.0
