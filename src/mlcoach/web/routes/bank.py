"""The bank browser: full-text search with filters, and one page per item."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import HTMLResponse

from mlcoach.content.models import ITEM_KINDS, Filters, item_topics
from mlcoach.services.items import UnknownItem, find_item
from mlcoach.web.errors import not_found
from mlcoach.web.forms import optional_choice, optional_int
from mlcoach.web.render import snippet_html
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, fragment_or_page, page

NAV = NavLink("/bank", "Bank", 80)
BANK_LINK = ("/bank", "Search the bank for its ids")
router = APIRouter(include_in_schema=False)


def parse_filters(
    state: WebState,
    kind: str | None,
    topic: str | None,
    company: str | None,
    difficulty: str | None,
) -> Filters:
    manifest = state.coach.bank.manifest
    return Filters(
        kind=optional_choice(kind, "kind", ITEM_KINDS),
        topic=optional_choice(topic, "topic", manifest.topics),
        company=optional_choice(company, "company", manifest.companies),
        difficulty=optional_int(difficulty, "difficulty", 1, 5),
    )


def facets(state: WebState) -> dict[str, Any]:
    manifest = state.coach.bank.manifest
    return {
        "kinds": [(k, k) for k in ITEM_KINDS],
        "topics": [(slug, info.title) for slug, info in manifest.topics.items()],
        "companies": sorted(manifest.companies.items(), key=lambda c: c[1].lower()),
        "difficulties": [(d, str(d)) for d in range(1, 6)],
    }


@router.get("/bank", response_class=HTMLResponse)
def bank_page(
    request: Request,
    state: State,
    q: str = "",
    kind: str | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: str | None = None,
) -> HTMLResponse:
    filters = parse_filters(state, kind, topic, company, difficulty)
    hits = state.search_index().search(q[:500], filters, limit=200)
    # (hit, snippet HTML): the snippet's math typeset, its text escaped by `snippet_html`
    results = [(hit, Markup(snippet_html(hit.snippet))) for hit in hits]
    context = {"q": q, "filters": filters, "results": results, **facets(state)}
    return fragment_or_page(request, "bank/_results.html", "bank/list.html", context)


@router.get("/bank/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, state: State, item_id: str) -> HTMLResponse:
    try:
        item = find_item(state.coach, item_id)
    except UnknownItem:
        raise not_found(
            f"There is no item '{item_id}' in the bank or in your decks.", BANK_LINK
        ) from None
    topics = {slug: info.title for slug, info in state.coach.bank.manifest.topics.items()}
    context = {
        "item": item,
        "topics": item_topics(item),
        "topic_titles": topics,
        "companies": state.coach.bank.manifest.companies,
        "steps": state.coach.bank.manifest.design_steps,
    }
    return page(request, "bank/item.html", context)
