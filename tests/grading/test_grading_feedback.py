"""Follow-up questions and feedback sentences: proper questions that do not give the answer."""

from __future__ import annotations

import pytest

from mlcoach.grading import HashingEmbedder, KeyPoint, Rubric, grade_answer
from mlcoach.grading.feedback import OPEN_QUESTION, generated_follow_up, summary
from mlcoach.grading.types import PointResult

SELECTION = (
    "Why do feature selection, and how do filter, wrapper and embedded methods differ? Give "
    "examples of each and explain how to avoid biasing your evaluation while selecting."
)


@pytest.mark.parametrize(
    ("point", "question", "expected"),
    [
        # a definition is asked for, not "why that holds"
        (
            "An MDP is a tuple of states, actions, transitions and rewards",
            "",
            "How would you define an MDP precisely?",
        ),
        (
            "Variance is how much the fitted model changes",
            "",
            "How would you define variance precisely?",
        ),
        # the subject ends at its verb; acronyms keep their case
        (
            "Momentum keeps a velocity $v \\leftarrow \\mu v + g$",
            "",
            "What more can you say about momentum?",
        ),
        ("RoPE rotates query and key pairs", "", "What more can you say about RoPE?"),
        # words the question names are topic words, and a plural noun ends the phrase
        (
            "Embedded methods select during training: L1",
            SELECTION,
            "What more can you say about embedded methods?",
        ),
        # a fragment or a point opening with its verb names no topic: an open question
        ("Equivalently minimises squared reconstruction error", "", OPEN_QUESTION),
        ("Asks which error is worse: spam in the inbox or mail in spam", "", OPEN_QUESTION),
    ],
)
def test_generated_follow_ups(point: str, question: str, expected: str) -> None:
    assert generated_follow_up(point, question) == expected


def test_a_follow_up_never_quotes_the_missed_claim() -> None:
    point = "Selection must happen inside each CV training fold, otherwise the estimate is biased"
    text = generated_follow_up(point, SELECTION)
    assert text == "What more can you say about selection?"
    assert "fold" not in text and "biased" not in text


def test_a_cut_short_missing_point_ends_without_a_second_stop() -> None:
    long_point = "Selection must happen " + "inside each training fold " * 8 + "e.g. in CV."
    results = [PointResult(long_point, False, "", 1.0)]
    text = summary(0, results, [], [])
    assert text.endswith("…") and "…." not in text


def test_a_term_list_about_nothing_in_the_question_is_off_topic(fake: HashingEmbedder) -> None:
    rubric = Rubric(
        question="How does dropout work, and what changes at inference time?",
        key_points=(KeyPoint("During training each unit is zeroed with probability p"),),
    )
    nonsense = grade_answer(rubric, "banana, purple, keyboard, lorem, ipsum, dolor", fake)
    assert nonsense.flags == ("off_topic",) and nonsense.score <= 20
    terms = grade_answer(rubric, "dropout, inference, training, unit, probability", fake)
    assert terms.flags == ("keyword_list",)
