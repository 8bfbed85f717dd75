"""Challenge use-cases: what unlocks our solution. Judged in-process on the shipped bank."""

from __future__ import annotations

import pytest

from mlcoach.content import Challenge
from mlcoach.judge.fake import FakeExecutor
from mlcoach.services import challenges
from mlcoach.services.coach import Coach
from support import SHIPPED, MakeCoach


@pytest.fixture()
def coach(make_coach: MakeCoach) -> Coach:
    return make_coach(SHIPPED)


def softmax(coach: Coach) -> Challenge:
    return challenges.get_challenge(coach.bank, "softmax")


def test_the_solution_stays_hidden_before_any_attempt(coach: Coach) -> None:
    with pytest.raises(challenges.ChallengeError, match="make an attempt first"):
        challenges.solution_for(coach, "softmax")


def test_judging_the_untouched_starter_does_not_unlock_the_solution(coach: Coach) -> None:
    starter = softmax(coach).starter
    commented = "# my notes\n\n\n" + starter.replace("\n\n\n", "\n\n\n\n") + "\n# to do\n"
    for source in (starter, commented):  # comments and blank lines aside, the same program
        challenges.check_submission(coach, FakeExecutor(), "softmax", source)
    assert not challenges.has_attempted(coach, "softmax")
    with pytest.raises(challenges.ChallengeError, match="untouched starter does not count"):
        challenges.solution_for(coach, "softmax")


def test_code_of_their_own_unlocks_it_even_when_wrong(coach: Coach) -> None:
    challenges.check_submission(coach, FakeExecutor(), "softmax", softmax(coach).starter)
    wrong = "import numpy as np\n\n\ndef softmax(logits):\n    return np.asarray(logits) * 0.0\n"
    result = challenges.check_submission(coach, FakeExecutor(), "softmax", wrong)
    assert result.verdict.value != "AC"
    assert challenges.has_attempted(coach, "softmax")
    assert challenges.solution_for(coach, "softmax") == softmax(coach).solution


def test_code_that_does_not_parse_is_an_attempt_of_its_own(coach: Coach) -> None:
    challenges.check_submission(coach, FakeExecutor(), "softmax", "def softmax(:\n")
    assert challenges.has_attempted(coach, "softmax")
