"""Near-duplicate detection with a similarity function the test controls."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from mlcoach.content.importers import BankEntry, ImportedItem, Similarity, find_duplicates
from mlcoach.content.importers.dedup import words


def item(title: str, *, answer: str = "An answer.", kind: str = "concept") -> ImportedItem:
    return ImportedItem(
        title=title,
        question=title,
        answer_markdown=answer,
        kind=kind,  # type: ignore[arg-type]
        source="s.md",
        line=1,
        shape="faq",
    )


def table(scores: dict[frozenset[str], float]) -> Similarity:
    """A similarity function reading pairs from a table; identical texts score 1, others 0.1."""

    def similarity(first: Sequence[str], second: Sequence[str]) -> NDArray[np.float32]:
        out = np.full((len(first), len(second)), 0.1, dtype=np.float32)
        for i, a in enumerate(first):
            for j, b in enumerate(second):
                out[i, j] = 1.0 if a == b else scores.get(frozenset((a, b)), 0.1)
        return out

    return similarity


def test_distinctive_words_drop_generic_ones() -> None:
    assert words("What is Dropout in Neural Networks?") == {"dropout"}
    assert words("Handling missing data") == words("How do you handle missing data?")


def test_same_question_reworded_is_linked_to_the_first() -> None:
    items = [
        item("What is data leakage? How do you prevent it?"),
        item("What is dropout?"),
        item("What is data leakage and how do you prevent it?"),
    ]
    pair = frozenset((items[0].question, items[2].question))
    (link,) = find_duplicates(items, [], table({pair: 0.97}))
    assert (link.index, link.target, link.bank_id, link.similarity) == (2, 0, None, 0.97)


def test_related_but_different_questions_stay_apart() -> None:
    items = [
        item("Recommender systems: content-based filtering"),
        item("Recommender systems: collaborative filtering"),
    ]
    pair = frozenset(i.question for i in items)
    assert find_duplicates(items, [], table({pair: 0.83})) == []


def test_a_listed_title_attaches_to_the_answered_question_even_if_listed_first() -> None:
    listed = item("Dropout in Neural Networks", answer="")
    answered = item("What is Dropout and Why Does It Work?")
    pair = frozenset((listed.question, answered.question))
    (link,) = find_duplicates([listed, answered], [], table({pair: 0.63}))
    assert (link.index, link.target) == (0, 1)


def test_bank_links_respect_kinds() -> None:
    coding = item("Implement k-means++ initialisation", kind="coding")
    concept = item("Explain k-means++ initialisation")
    bank = [
        BankEntry("kmeans-plus-plus", "challenge", "K-means++ initialisation"),
        BankEntry("k-means-init", "concept", "K-means++ initialisation"),
    ]
    scores = {
        frozenset((coding.question, "K-means++ initialisation")): 0.94,
        frozenset((concept.question, "K-means++ initialisation")): 0.95,
    }
    links = find_duplicates([coding, concept], bank, table(scores))
    assert [(link.index, link.bank_id) for link in links] == [
        (0, "kmeans-plus-plus"),
        (1, "k-means-init"),
    ]


def test_long_bank_prompts_need_more_than_shared_words() -> None:
    imported = item("How does gradient descent work?")
    bank = [
        BankEntry(
            "convexity", "concept", "Why does gradient descent find the minimum of a convex loss?"
        )
    ]
    scores = {frozenset((imported.question, bank[0].text)): 0.74}
    assert find_duplicates([imported], bank, table(scores)) == []


def test_a_listed_title_never_swallows_a_narrower_one() -> None:
    """Containment runs one way for listed titles: the title's words inside the fuller one."""
    basics = item("What are the basics of reinforcement learning?")
    narrower = item("Policy gradient methods in reinforcement learning", answer="")
    scores = {frozenset((basics.question, narrower.question)): 0.62}
    assert find_duplicates([basics, narrower], [], table(scores)) == []
    broader = item("Reinforcement learning", answer="")
    scores[frozenset((basics.question, broader.question))] = 0.62
    (link,) = find_duplicates([basics, broader], [], table(scores))
    assert (link.index, link.target) == (1, 0)


def test_questions_of_different_kinds_in_a_file_stay_apart() -> None:
    explain = item("K-means clustering")
    implement = item("Implement k-means clustering", answer="", kind="coding")
    scores = {frozenset((explain.question, implement.question)): 0.9}
    assert find_duplicates([explain, implement], [], table(scores)) == []
    again = item("K-means clustering explained", answer="")
    scores[frozenset((explain.question, again.question))] = 0.9
    (link,) = find_duplicates([explain, implement, again], [], table(scores))
    assert (link.index, link.target) == (2, 0)
