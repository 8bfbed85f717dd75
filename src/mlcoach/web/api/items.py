"""GET /api/items: search and filter the bank; GET /api/items/{id}: one item."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mlcoach.content import AnyItem, BehavioralPrompt, Challenge
from mlcoach.content.models import Filters, ItemKind, item_topics
from mlcoach.services import search
from mlcoach.services.items import UnknownItem, find_item
from mlcoach.web.api.schemas import ItemDetail, ItemList, ItemSummary
from mlcoach.web.errors import not_found
from mlcoach.web.forms import optional_choice
from mlcoach.web.state import State

router = APIRouter(tags=["bank"])


@router.get("/items", response_model=ItemList)
def list_items(
    state: State,
    q: Annotated[str, Query(max_length=500, description="words to find (prefixes match)")] = "",
    kind: ItemKind | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: Annotated[int | None, Query(ge=1, le=5)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ItemList:
    """Full-text search over the bank (SQLite FTS5), best match first; no words lists all."""
    manifest = state.coach.bank.manifest
    filters = Filters(
        kind=kind,
        topic=optional_choice(topic, "topic", manifest.topics),
        company=optional_choice(company, "company", manifest.companies),
        difficulty=difficulty,
    )
    hits = state.search_index().search(q, filters, limit)
    return ItemList(count=len(hits), items=[ItemSummary(**search.hit_summary(hit)) for hit in hits])


@router.get("/items/{item_id}", response_model=ItemDetail, responses={404: {}})
def get_item(state: State, item_id: str) -> ItemDetail:
    try:
        item = find_item(state.coach, item_id)
    except UnknownItem as exc:
        raise not_found(str(exc)) from None
    return item_detail(item)


def item_detail(item: AnyItem) -> ItemDetail:
    extra: dict[str, Any]
    if isinstance(item, Challenge):
        extra = {"starter": item.starter, "hint_count": len(item.hints)}
    elif isinstance(item, BehavioralPrompt):
        extra = {"model_answer": item.example_answer, "follow_ups": list(item.follow_ups)}
    else:
        extra = {"model_answer": item.model_answer, "follow_ups": list(item.follow_ups)}
    return ItemDetail(
        id=item.id,
        kind=item.kind,
        title=item.title_text,
        topics=list(item_topics(item)),
        companies=list(item.companies),
        tags=list(item.tags),
        difficulty=item.difficulty,
        prompt=item.prompt,
        **extra,
    )
