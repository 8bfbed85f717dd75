"""The learner's latest answer to an item, so a page can reopen with their own work."""

from __future__ import annotations

from mlcoach.services.coach import Coach
from mlcoach.storage import repositories as repo


def last_answer(coach: Coach, item_id: str) -> str | None:
    with coach.learner() as (session, user):
        attempts = repo.attempts_for(session, user, item_id)
        return attempts[-1].answer if attempts else None
