"""Progress and readiness from the learner's cards, reviews, attempts and mock interviews.

Mastery and streak formulas live in `practice/progress.py`. The evidence is the practice
attempts plus the graded answers of mock interviews (`interview_grades`): each free-text
question asked counts as one graded answer to its item, like a practice attempt, but schedules
no fsrs card (docs/practice.md says why).

Readiness per scorecard dimension (`interview/dimensions.py`), each 0..100 or None when neither
practice nor a mock interview has shown anything about it yet:

- technical: the shrunk mean mastery of every practised concept, challenge, design and case item;
- experience: the same over behavioral items whose `dimension` is experience;
- culture: the same over behavioral items whose `dimension` is culture-fit;
- communication: the shrunk mean of the communication signal (STAR structure, design framework
  coverage, clarity flags) of the last COMMUNICATION_WINDOW free-text answers, together with
  the mastery of behavioral items whose `dimension` is communication.

The overall readiness is the dimensions' weighted mean over those that have a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from mlcoach.content import AnyItem, BehavioralPrompt
from mlcoach.content.models import item_topics
from mlcoach.interview.dimensions import DIMENSIONS, weighted_total
from mlcoach.interview.grades import UNGRADED
from mlcoach.interview.state import SessionState
from mlcoach.practice import progress as calc
from mlcoach.practice import scheduler
from mlcoach.practice.queue import local_day_bounds, new_allowed_today
from mlcoach.services.coach import Coach
from mlcoach.services.items import all_items
from mlcoach.services.practice import iso, local_zone, next_due
from mlcoach.storage import interview_repo, practice_repo

COMMUNICATION_WINDOW = 20
TECHNICAL_KINDS = frozenset({"concept", "challenge", "design", "case"})
WEAKEST_COUNT = 3


@dataclass(frozen=True)
class _Attempt:
    item_id: str
    at: datetime
    score: float | None
    result: dict[str, Any]
    graded: bool  # a free-text grade, not a judge verdict


@dataclass(frozen=True)
class Snapshot:
    """Everything progress needs, read in one transaction; a page that shows progress and the
    plan reads it once and hands it to both."""

    now: datetime
    items: list[AnyItem]
    cards: dict[str, tuple[dict[str, Any], datetime, datetime]]  # item -> state, due, created
    attempts: list[_Attempt]  # practice attempts (and judged code from mock interviews)
    review_times: list[datetime]
    interview_times: list[datetime]  # answers given in mock interviews
    interview_grades: list[_Attempt]  # graded free-text questions of mock interviews

    def graded_answers(self) -> list[_Attempt]:
        """Practice attempts and mock-interview grades together, oldest first."""
        return sorted([*self.attempts, *self.interview_grades], key=lambda a: a.at)


def read_snapshot(coach: Coach) -> Snapshot:
    now, items = coach.now(), all_items(coach)
    with coach.learner() as (session, user):
        cards = {
            c.item_id: (dict(c.state or {}), c.due, c.created_at)
            for c in practice_repo.cards_of(session, user)
        }
        attempts = [
            _Attempt(a.item_id, a.created_at, a.score, dict(a.result or {}), a.verdict is None)
            for a in practice_repo.attempts_since(session, user)
        ]
        reviews = [log.reviewed_at for _, log in practice_repo.review_logs_of(session, user)]
        interviews = practice_repo.interview_answer_times(session, user)
        states = interview_repo.states_of(session, user)
    # a session row saved without a state has no turns, so it shows nothing
    grades = [g for s in states if s for g in interview_grades(SessionState.from_dict(s))]
    return Snapshot(now, items, cards, attempts, reviews, interviews, grades)


def interview_grades(state: SessionState) -> list[_Attempt]:
    """What one mock interview shows, as graded answers to its items (rules in
    docs/practice.md): a free-text question's first answer, as practice counts only the
    unprompted answer; a design's one whole-design grade, as practice grades a whole design
    answer (a step alone is graded on that step only). Code turns are left out: the judge
    stores them as attempts already. Turns not answered, or no longer gradable, show nothing."""
    found = [
        _Attempt(t.item_id, t.submitted_at, float(t.result.get("score", 0)), t.result, True)
        for t in state.turns
        if t.kind == "question" and t.item_kind != "challenge" and t.status == "graded"
        if t.submitted_at is not None and t.result is not None and _graded(t.result)
    ]
    for key, result in state.designs.items():
        answered = [t.submitted_at for t in state.turns_of(key) if t.submitted_at is not None]
        if answered and _graded(result):
            item_id = state.turns_of(key)[0].item_id
            found.append(
                _Attempt(item_id, max(answered), float(result.get("score", 0)), result, True)
            )
    return found


def _graded(result: dict[str, Any]) -> bool:
    return UNGRADED not in (result.get("flags") or ())


def data_version(coach: Coach) -> tuple[Any, ...]:
    """Changes whenever anything progress or the plan reads changes (not with the clock), so a
    caller may keep what it built from them until this changes."""
    with coach.learner() as (session, user):
        return practice_repo.data_version(session, user)


def _records(snap: Snapshot) -> dict[str, calc.ItemRecord]:
    scores: dict[str, list[float]] = {}
    for attempt in snap.graded_answers():
        if attempt.score is not None:
            scores.setdefault(attempt.item_id, []).append(attempt.score)
    records = {}
    for item_id in {*scores, *snap.cards}:
        state = snap.cards[item_id][0] if item_id in snap.cards else {}
        reviewed = bool(state.get("last_review"))
        recall = scheduler.retrievability(state, snap.now) if reviewed else None
        records[item_id] = calc.ItemRecord(item_id, recall, tuple(scores.get(item_id, ())))
    return records


def _mastery(coach: Coach, snap: Snapshot, records: dict[str, calc.ItemRecord]) -> dict[str, float]:
    topics_of = {item.id: item_topics(item) for item in snap.items}
    mastery = {topic: 0.0 for topic in coach.bank.manifest.topics}
    mastery.update(calc.topic_mastery(topics_of, records))
    return mastery


def topic_mastery(coach: Coach, snap: Snapshot | None = None) -> dict[str, float]:
    """Mastery 0..1 for every topic of the bank (and of imported decks) at `coach.now()`
    (at the snapshot's time when one is given)."""
    snap = snap or read_snapshot(coach)
    return _mastery(coach, snap, _records(snap))


def progress_report(coach: Coach, snap: Snapshot | None = None) -> dict[str, Any]:
    """Topics with mastery, streak, weakest topics, due counts and readiness (JSON-ready)."""
    snap, zone = snap or read_snapshot(coach), local_zone(coach)
    records = _records(snap)
    mastery = _mastery(coach, snap, records)
    topics = _topics(coach, snap, mastery, records)
    # a topic with nothing to practise cannot be worked on, so it is never "weakest"
    workable = {t["topic"]: mastery[t["topic"]] for t in topics if t["items"]}
    practised = {t["topic"]: t["practised"] for t in topics}
    activity = [a.at for a in snap.attempts] + snap.review_times + snap.interview_times
    streak = calc.streak(activity, snap.now, zone)
    readiness = _readiness(snap, records)
    overall = weighted_total({name: entry["score"] for name, entry in readiness.items()})
    return {
        "generated_at": iso(snap.now),
        "timezone": str(zone),
        "topics": topics,
        "weakest_topics": calc.weakest(workable, practised, WEAKEST_COUNT),
        "streak": {
            "current": streak.current,
            "longest": streak.longest,
            "practised_today": streak.practised_today,
        },
        "due": _due(coach, snap, zone),
        "readiness": readiness,
        "overall_readiness": None if overall is None else round(overall, 1),
        "totals": {
            "items": len(snap.items),
            "items_practised": len(records),
            "attempts": len(snap.attempts),
            "reviews": len(snap.review_times),
            "interview_answers": len(snap.interview_grades),
        },
    }


def _topics(
    coach: Coach,
    snap: Snapshot,
    mastery: dict[str, float],
    records: dict[str, calc.ItemRecord],
) -> list[dict[str, Any]]:
    titles = {slug: info.title for slug, info in coach.bank.manifest.topics.items()}
    rows = []
    for topic, value in mastery.items():
        members = [i for i in snap.items if topic in item_topics(i)]
        rows.append(
            {
                "topic": topic,
                "title": titles.get(topic, topic),
                "mastery": round(value, 3),
                "items": len(members),
                "practised": sum(i.id in records for i in members),
                "due": sum(i.id in snap.cards and snap.cards[i.id][1] <= snap.now for i in members),
            }
        )
    return rows


def _due(coach: Coach, snap: Snapshot, zone: tzinfo) -> dict[str, Any]:
    _, end_of_today = local_day_bounds(snap.now, zone)
    dues = [due for _, due, _ in snap.cards.values()]
    created = [created for _, _, created in snap.cards.values()]
    new_left = new_allowed_today(coach.settings.new_cards_per_day, created, snap.now, zone)
    unseen = sum(item.id not in snap.cards for item in snap.items)
    return {
        "now": sum(due <= snap.now for due in dues),
        "today": sum(due < end_of_today for due in dues),
        "new_today": min(new_left, unseen),
        **next_due(dues, snap.now, zone),
    }


def _readiness(snap: Snapshot, records: dict[str, calc.ItemRecord]) -> dict[str, dict[str, Any]]:
    """Per scorecard dimension: 0..100 (None without evidence) and what it rests on."""
    masteries = {i: m for i, r in records.items() if (m := calc.item_mastery(r)) is not None}

    def practised(keep: Sequence[AnyItem]) -> list[float]:
        return [masteries[i.id] for i in keep if i.id in masteries]

    behavioral = [i for i in snap.items if isinstance(i, BehavioralPrompt)]
    graded = [a for a in snap.graded_answers() if a.graded][-COMMUNICATION_WINDOW:]
    evidence = {
        "technical": practised([i for i in snap.items if i.kind in TECHNICAL_KINDS]),
        "experience": practised([i for i in behavioral if i.dimension == "experience"]),
        "culture": practised([i for i in behavioral if i.dimension == "culture-fit"]),
        "communication": [calc.communication_signal(a.result) for a in graded]
        + practised([i for i in behavioral if i.dimension == "communication"]),
    }
    return {
        d.id: {
            "title": d.title,
            "weight": d.weight,
            "score": round(100 * calc.shrunk_mean(evidence[d.id]), 1) if evidence[d.id] else None,
            "evidence": len(evidence[d.id]),
            "basis": BASIS[d.id],
        }
        for d in DIMENSIONS
    }


BASIS = {
    "technical": "mastery of concept, challenge, design and case items, from practice and mock "
    "interviews",
    "experience": "mastery of behavioral items about experience, from practice and mock interviews",
    "culture": "mastery of behavioral items about culture fit, from practice and mock interviews",
    "communication": "structure and clarity of recent free-text answers (practice and mock "
    "interviews), and behavioral items about communication",
}
