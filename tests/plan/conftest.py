"""A small, hand-made catalogue for the plan tests (the builder never sees the real bank)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from mlcoach.plan import CatalogueItem, MockBlueprint, PlanRequest

TODAY = date(2026, 3, 2)  # a Monday


def _concepts(topic: str, count: int, tagged: int) -> list[CatalogueItem]:
    return [
        CatalogueItem(f"{topic}-q{i}", "concept", topic, 1 + i % 5, ("acme",) if i < tagged else ())
        for i in range(count)
    ]


ITEMS: tuple[CatalogueItem, ...] = (
    *_concepts("ml-fundamentals", 8, tagged=6),
    *_concepts("deep-learning", 8, tagged=0),
    *_concepts("statistics", 8, tagged=1),
    *_concepts("production-ml", 4, tagged=0),
    CatalogueItem("kmeans", "challenge", "ml-fundamentals", 2, ("acme",)),
    CatalogueItem("softmax", "challenge", "deep-learning", 1),
    CatalogueItem("attention", "challenge", "deep-learning", 4),
    CatalogueItem("feed-ranking", "design", "system-design", 4, ("acme",)),
    CatalogueItem("fraud", "design", "system-design", 3),
    CatalogueItem("conflict", "behavioral", "behavioral", 2),
    CatalogueItem("failure", "behavioral", "behavioral", 2),
    CatalogueItem("churn", "case", "case-study", 3),
)
BLUEPRINTS = (MockBlueprint("phone-screen", 45), MockBlueprint("onsite-loop", 225))


@pytest.fixture(scope="session")  # session scope: usable from hypothesis tests too
def make_request() -> Callable[..., PlanRequest]:
    """A request `days` before the interview, 6 h a week, over the catalogue above."""
    return request


def request(days: int, **changes: Any) -> PlanRequest:
    values: dict[str, Any] = {
        "today": TODAY,
        "interview_date": TODAY + timedelta(days=days),
        "hours_per_week": 6.0,
        "items": ITEMS,
        "blueprints": BLUEPRINTS,
    }
    values.update(changes)
    return PlanRequest(**values)


@pytest.fixture(scope="session")
def catalogue() -> tuple[CatalogueItem, ...]:
    return ITEMS
