"""The draft rubric: where derived key points come from, in order of preference."""

from __future__ import annotations

from mlcoach.content.importers.rubric import (
    MAX_POINTS,
    draft_points,
    split_follow_ups,
    strong_signals,
)


def texts(answer: str, signals: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(p.source, p.text) for p in draft_points(answer, "The question?", signals)]


def test_strong_signals_win_when_the_source_lists_them() -> None:
    assert texts("- a bullet that is long enough", ("Names the trade-off", "Gives an example")) == [
        ("signals", "Names the trade-off"),
        ("signals", "Gives an example"),
    ]


def test_bullets_and_bold_terms() -> None:
    answer = (
        "**Shrinkage:** pulls every weight towards zero a little.\n\n"
        "- **L1**: drives some weights exactly to zero\n"
        "- Works as feature selection on wide data\n"
    )
    assert texts(answer) == [
        ("bullets", "Shrinkage: pulls every weight towards zero a little."),
        ("bullets", "L1: drives some weights exactly to zero"),
        ("bullets", "Works as feature selection on wide data"),
    ]


def test_a_label_bullet_introduces_its_nested_bullets() -> None:
    answer = (
        "1. **Bias:**\n   - Error from assumptions that are too simple\n   - Another detail here\n"
    )
    assert texts(answer)[0] == ("bullets", "Bias: Error from assumptions that are too simple")


def test_prose_answers_give_their_sentences_but_not_analogies() -> None:
    answer = "Momentum averages past gradients. It damps oscillation in ravines. Like a heavy ball."
    assert texts(answer) == [
        ("sentences", "Momentum averages past gradients."),
        ("sentences", "It damps oscillation in ravines."),
    ]


def test_code_answers_give_their_explanatory_comments() -> None:
    answer = (
        "```python\n# Shift by the max for numerical stability\nz = x - x.max()\n# Test it\n```"
    )
    assert texts(answer) == [("code", "Shift by the max for numerical stability")]


def test_the_question_is_the_last_resort_and_points_are_capped() -> None:
    assert texts("```python\nx = 1\n```") == [("question", "The question?")]
    many = "\n".join(f"- point number {i} with words" for i in range(30))
    assert len(texts(many)) == MAX_POINTS


def test_follow_ups_leave_the_answer() -> None:
    answer = (
        "Body text stays.\n\n"
        "**Follow-up Questions:**\n- How would you tune k?\n- Why not accuracy?\n\n"
        '**Common Follow-up: "Why random subsets?"**\n\n"Because it decorrelates trees."\n\n'
        "More body."
    )
    body, follow_ups = split_follow_ups(answer)
    assert follow_ups == ("How would you tune k?", "Why not accuracy?", "Why random subsets?")
    assert "Body text stays." in body and "More body." in body
    assert "Follow-up" not in body and "decorrelates" not in body


def test_strong_signals_are_found_under_their_label() -> None:
    insight = "**What they test:** depth.\n\n**Strong answer signals:**\n\n- One\n- Two\n\nAfter."
    assert strong_signals(insight) == ("One", "Two")
