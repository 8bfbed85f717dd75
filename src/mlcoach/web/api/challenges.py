"""Challenges as JSON: list with solved state, judge a submission, hints, the solution."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.exceptions import HTTPException

from mlcoach.judge.results import JudgeResult
from mlcoach.services import challenges as service
from mlcoach.services import content as content_service
from mlcoach.web.api.schemas import ChallengeSummary, CheckRequest, Hint, JudgeOut, Solution
from mlcoach.web.errors import BadInput
from mlcoach.web.routes.challenges import challenge_or_404
from mlcoach.web.state import State, WebState

Responses = dict[int | str, dict[str, Any]]
router = APIRouter(tags=["challenges"])
NOT_FOUND: Responses = {404: {"description": "no such challenge"}}


@router.get("/challenges", response_model=list[ChallengeSummary])
def list_challenges(
    state: State,
    topic: str | None = None,
    difficulty: Annotated[int | None, Query(ge=1, le=5)] = None,
    solved: bool | None = None,
) -> list[ChallengeSummary]:
    items = content_service.list_items(
        state.coach.bank, kind="challenge", topic=topic, difficulty=difficulty
    )
    done = service.solved_ids(state.coach)
    rows = [
        ChallengeSummary(
            id=c.id,
            title=c.title_text,
            topics=list(getattr(c, "topics", ())),
            difficulty=c.difficulty,
            solved=c.id in done,
        )
        for c in items
    ]
    return [r for r in rows if solved is None or r.solved == solved]


def _check(state: WebState, challenge_id: str, body: CheckRequest) -> JudgeResult:
    return service.check_submission(
        state.coach, state.judge_executor(), challenge_id, body.source, body.visible_only
    )


@router.post("/challenges/{challenge_id}/check", response_model=JudgeOut, responses=NOT_FOUND)
async def check(state: State, challenge_id: str, body: CheckRequest) -> JudgeOut:
    """Judge the source in the sandbox (off the event loop) and store the attempt."""
    challenge_or_404(state, challenge_id)
    result = await state.judge(_check, state, challenge_id, body)
    return JudgeOut.model_validate(result.to_dict())


@router.get("/challenges/{challenge_id}/hints/{level}", response_model=Hint, responses=NOT_FOUND)
def hint(state: State, challenge_id: str, level: Annotated[int, Path(ge=1)]) -> Hint:
    """Hints form a ladder: level 1 nudges, the last one nearly gives the answer away."""
    total = len(challenge_or_404(state, challenge_id).hints)
    if level > total:
        raise BadInput("path", "level", f"this challenge has {total} hints")
    text, _ = service.hint(state.coach, challenge_id, level)
    return Hint(level=level, total=total, text=text)


@router.get(
    "/challenges/{challenge_id}/solution",
    response_model=Solution,
    responses={**NOT_FOUND, 409: {"description": "no attempt made yet"}},
)
def solution(state: State, challenge_id: str) -> Solution:
    """Our reference solution, once the learner has submitted something of their own."""
    challenge_or_404(state, challenge_id)
    try:
        text = service.solution_for(state.coach, challenge_id)
    except service.ChallengeError:  # its message names the CLI command
        raise HTTPException(
            409,
            f"make an attempt first: change the starter, then POST it to "
            f"/api/challenges/{challenge_id}/check (the untouched starter does not count)",
        ) from None
    return Solution(challenge_id=challenge_id, solution=text)
