"""How much of the plan each topic deserves, and a fair way to hand out turns by weight.

A topic's weight multiplies two factors:

- company emphasis: `1 + COMPANY_BOOST * share`, where `share` is how many of the target
  company's tagged items sit in the topic, relative to its most tagged topic (0..1);
- weakness: `1 + WEAKNESS_BOOST * (1 - mastery)`, mastery being 0..1 (a topic never practised
  counts as 0, so it is not skipped).

So a topic the company stresses and the learner has not mastered gets up to six times the time of
a mastered topic the company never asks about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

from mlcoach.plan.models import CatalogueItem

COMPANY_BOOST = 1.0
WEAKNESS_BOOST = 2.0
COMPANY_FOCUS_SHARE = 0.5  # topics at least half as tagged as the company's top topic


def company_shares(items: Iterable[CatalogueItem], company: str | None) -> dict[str, float]:
    """Per topic, the company's tagged items relative to its most tagged topic (0..1)."""
    if company is None:
        return {}
    counts = Counter(item.topic for item in items if company in item.companies)
    if not counts:
        return {}
    top = max(counts.values())
    return {topic: count / top for topic, count in sorted(counts.items())}


def topic_weights(
    items: Iterable[CatalogueItem], company: str | None, mastery: Mapping[str, float]
) -> dict[str, float]:
    """Each topic's weight: company emphasis times weakness (formula in the module doc)."""
    items = list(items)
    shares = company_shares(items, company)
    weights: dict[str, float] = {}
    for topic in sorted({item.topic for item in items}):
        known = min(max(mastery.get(topic, 0.0), 0.0), 1.0)
        emphasis = 1 + COMPANY_BOOST * shares.get(topic, 0.0)
        weights[topic] = emphasis * (1 + WEAKNESS_BOOST * (1 - known))
    return weights


def weakest_topics(
    topics: Iterable[str], mastery: Mapping[str, float], weights: Mapping[str, float], count: int
) -> list[str]:
    """The `count` least mastered topics; ties go to the heavier (company) topic, then by name."""
    ranked = sorted(topics, key=lambda t: (mastery.get(t, 0.0), -weights.get(t, 0.0), t))
    return ranked[:count]


def company_topics(
    topics: Iterable[str], items: Iterable[CatalogueItem], company: str | None
) -> list[str]:
    """Topics the company stresses most (empty when no company or no tagged items)."""
    shares = company_shares(items, company)
    return [t for t in sorted(topics) if shares.get(t, 0.0) >= COMPANY_FOCUS_SHARE]


Key = TypeVar("Key", bound=str)


class Rotation(Generic[Key]):
    """Smooth weighted round robin: over any stretch, each key's turns follow its weight.

    Deterministic and interleaved (A B A C A B ...), unlike sampling, so a plan is reproducible
    and a heavy topic never takes every session in a row.
    """

    def __init__(self, weights: Mapping[Key, float]):
        positive = {key: w for key, w in weights.items() if w > 0}
        if not positive:
            raise ValueError("a rotation needs at least one positive weight")
        self._weights = dict(sorted(positive.items()))
        self._credit = dict.fromkeys(self._weights, 0.0)
        self._total = sum(self._weights.values())

    def next(self) -> Key:
        for key, weight in self._weights.items():
            self._credit[key] += weight
        best = max(self._credit, key=lambda k: self._credit[k])  # ties: first in sorted order
        self._credit[best] -= self._total
        return best
