"""Where imported items go in the shipped bank's world: comparison texts, topics and ids.

Pure like the rest of the importers: the similarity function is a parameter. `bank_texts`
lists every text of the bank side that an import compares against, so a caller can embed
(and keep) them once instead of on every import.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from mlcoach.content.importers.dedup import BankEntry, Similarity
from mlcoach.content.importers.text import plain, slugify
from mlcoach.content.loader import Bank
from mlcoach.content.models import AnyItem

FALLBACK_PLACE = ("ml-fundamentals", "imported")
_TITLED = ("challenge", "design", "case")


@dataclass(frozen=True)
class Place:
    """A subtopic of the bank's taxonomy, with the words that describe it."""

    topic: str
    subtopic: str
    name: str  # "Deep learning: dropout"


def bank_entries(bank: Bank) -> list[BankEntry]:
    """Each shipped item by the text that best states its question: the title of a challenge,
    design or case ("K-means++ initialisation"), the prompt's first sentence otherwise."""
    entries = []
    for item in bank.items.values():
        title = getattr(item, "title", "") if item.kind in _TITLED else ""
        text = plain(title) if title else first_sentence(_prompt(item))
        if text:
            entries.append(BankEntry(item.id, item.kind, text))
    return entries


def places(bank: Bank) -> list[Place]:
    """Every subtopic of the bank's manifest, named by its topic's title and its own words."""
    return [
        Place(topic, sub, f"{info.title}: {sub.replace('-', ' ')}")
        for topic, info in bank.manifest.topics.items()
        for sub in info.subtopics
    ]


def bank_texts(bank: Bank) -> list[str]:
    """Every bank-side text `find_duplicates` and `best_places` compare with, in a fixed order."""
    texts = [entry.text for entry in bank_entries(bank)]
    texts += [place.name for place in places(bank)]
    texts += [first_sentence(c.prompt) for c in bank.concepts()]
    return list(dict.fromkeys(texts))


def best_places(
    questions: Sequence[str], bank: Bank, similarity: Similarity
) -> list[tuple[str, str]]:
    """The (topic, subtopic) each question fits best.

    A subtopic scores the question's similarity to its name plus its similarity to the
    closest shipped question filed there; either alone misleads (a name is vague, one
    neighbouring question can be about something else).
    """
    spots = places(bank)
    if not questions:
        return []
    if not spots:
        return [FALLBACK_PLACE] * len(questions)
    concepts = bank.concepts()
    to_names = similarity(questions, [spot.name for spot in spots])
    to_items = similarity(questions, [first_sentence(c.prompt) for c in concepts])
    members = [
        [k for k, c in enumerate(concepts) if (c.topic, c.subtopic) == (spot.topic, spot.subtopic)]
        for spot in spots
    ]
    found = []
    for row in range(len(questions)):
        scores = [
            to_names[row, j] + max((to_items[row, k] for k in members[j]), default=to_names[row, j])
            for j in range(len(spots))
        ]
        best = spots[int(np.argmax(scores))]
        found.append((best.topic, best.subtopic))
    return found


def unique_ids(
    titled: Sequence[tuple[str, int]], deck_slug: str, taken: Collection[str]
) -> list[str]:
    """`deck-<deck>-<title>` ids for (title, source line) pairs, numbered on a clash with each
    other or with `taken`; a title without letters or digits is named by its line."""
    used = set(taken)
    ids = []
    for title, line in titled:
        base = f"deck-{deck_slug}-{slugify(title, 60) or f'item-{line}'}"
        item_id, n = base, 1
        while item_id in used:
            n += 1
            item_id = f"{base}-{n}"
        used.add(item_id)
        ids.append(item_id)
    return ids


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s", plain(text), maxsplit=1)[0]


def _prompt(item: AnyItem) -> str:
    return "\n".join(line for line in item.prompt.splitlines() if not line.startswith("#"))
