"""Coding challenges: list with filters and solved state, editor page, judge, hints, solution."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from mlcoach.content import Challenge
from mlcoach.judge.results import JudgeResult
from mlcoach.services import challenges as service
from mlcoach.services import content as content_service
from mlcoach.services.drafts import last_answer
from mlcoach.web.errors import BadInput, not_found
from mlcoach.web.forms import SOURCE_LIMIT, limited_text, optional_choice, optional_int
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, fragment_or_page, page

NAV = NavLink("/challenges", "Challenges", 30)
CHALLENGES_LINK = ("/challenges", "All challenges")
STATES = ("solved", "unsolved")
router = APIRouter(include_in_schema=False)


def challenge_or_404(state: WebState, challenge_id: str) -> Challenge:
    try:
        return service.get_challenge(state.coach.bank, challenge_id)
    except service.ChallengeError:
        raise not_found(f"There is no challenge '{challenge_id}'.", CHALLENGES_LINK) from None


def challenge_topics(state: WebState) -> list[str]:
    return sorted({t for c in state.coach.bank.challenges() for t in c.topics})


def topic_titles(state: WebState) -> dict[str, str]:
    """Topic slug → the bank's display name ("Deep learning"), as Practice and Bank show it."""
    return {slug: info.title for slug, info in state.coach.bank.manifest.topics.items()}


@router.get("/challenges", response_class=HTMLResponse)
def list_page(
    request: Request,
    state: State,
    topic: str | None = None,
    difficulty: str | None = None,
    status: str | None = None,
) -> HTMLResponse:
    topics = challenge_topics(state)
    chosen_topic = optional_choice(topic, "topic", topics)
    chosen_difficulty = optional_int(difficulty, "difficulty", 1, 5)
    chosen_status = optional_choice(status, "status", STATES)
    items = content_service.list_items(
        state.coach.bank, kind="challenge", topic=chosen_topic, difficulty=chosen_difficulty
    )
    items.sort(key=lambda item: item.title_text.casefold())
    titles = topic_titles(state)
    solved = service.solved_ids(state.coach)
    if chosen_status is not None:
        items = [i for i in items if (i.id in solved) == (chosen_status == "solved")]
    chosen = {"topic": chosen_topic, "difficulty": chosen_difficulty, "status": chosen_status}
    context = {
        "items": items,
        "solved": solved,
        "chosen": chosen,
        "topic_titles": titles,
        "topic_options": sorted(((t, titles.get(t, t)) for t in topics), key=lambda o: o[1]),
        "difficulty_options": [(d, str(d)) for d in range(1, 6)],
        "status_options": [("solved", "solved"), ("unsolved", "not solved yet")],
    }
    return fragment_or_page(request, "challenges/_table.html", "challenges/list.html", context)


def detail_context(
    state: WebState, challenge: Challenge, hints_shown: int = 0, source: str | None = None
) -> dict[str, Any]:
    previous = last_answer(state.coach, challenge.id)
    attempted = service.has_attempted(state.coach, challenge.id)  # the untouched starter: no
    return {
        "challenge": challenge,
        "topic_titles": topic_titles(state),
        "source": source if source is not None else (previous or challenge.starter),
        "attempted": attempted,
        "solution": challenge.solution if attempted else None,  # checked once, just above
        "solved": challenge.id in service.solved_ids(state.coach),
        "hints": challenge.hints[: max(0, min(hints_shown, len(challenge.hints)))],
        "hint_total": len(challenge.hints),
        "source_limit": SOURCE_LIMIT,
        "result": None,
        "visible_only": False,
    }


@router.get("/challenges/{challenge_id}", response_class=HTMLResponse)
def detail_page(
    request: Request, state: State, challenge_id: str, hints: str | None = None
) -> HTMLResponse:
    challenge = challenge_or_404(state, challenge_id)
    shown = optional_int(hints, "hints", 0, len(challenge.hints)) or 0
    return page(request, "challenges/detail.html", detail_context(state, challenge, shown))


@router.get("/challenges/{challenge_id}/hints/{level}", response_class=HTMLResponse)
def hints_fragment(request: Request, state: State, challenge_id: str, level: int) -> HTMLResponse:
    challenge = challenge_or_404(state, challenge_id)
    if not 1 <= level <= len(challenge.hints):
        raise BadInput("path", "level", f"must be between 1 and {len(challenge.hints)}")
    context = detail_context(state, challenge, level)
    return fragment_or_page(request, "challenges/_hints.html", "challenges/detail.html", context)


def _check(state: WebState, challenge_id: str, source: str, visible_only: bool) -> JudgeResult:
    return service.check_submission(
        state.coach, state.judge_executor(), challenge_id, source, visible_only=visible_only
    )


async def judge_page(
    request: Request, state: WebState, challenge_id: str, source: str, visible_only: bool
) -> HTMLResponse:
    challenge = challenge_or_404(state, challenge_id)
    source = limited_text(source, "source", SOURCE_LIMIT)
    if not source.strip():
        raise BadInput("form", "source", "is empty; write your solution in the editor first")
    result = await state.judge(_check, state, challenge_id, source, visible_only)
    context = await run_in_threadpool(detail_context, state, challenge, 0, source)
    context.update(result=result.to_dict(), visible_only=visible_only)
    return fragment_or_page(request, "challenges/_result.html", "challenges/detail.html", context)


SourceField = Annotated[str, Form()]


@router.post("/challenges/{challenge_id}/run", response_class=HTMLResponse)
async def run_visible(
    request: Request, state: State, challenge_id: str, source: SourceField = ""
) -> HTMLResponse:
    """Only the visible cases: a quick check while working (stored as an attempt)."""
    return await judge_page(request, state, challenge_id, source, visible_only=True)


@router.post("/challenges/{challenge_id}/submit", response_class=HTMLResponse)
async def submit(
    request: Request, state: State, challenge_id: str, source: SourceField = ""
) -> HTMLResponse:
    """Every case, hidden ones included."""
    return await judge_page(request, state, challenge_id, source, visible_only=False)
