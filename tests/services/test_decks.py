"""Listing, renaming and deleting imported decks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from mlcoach.services.coach import Coach
from mlcoach.services.decks import (
    DeckError,
    deck_contents,
    delete_deck,
    find_deck_entry,
    list_decks,
    rename_deck,
)
from mlcoach.services.grading import grade_item
from mlcoach.services.imports import import_markdown
from mlcoach.services.items import deck_items
from mlcoach.storage.tables import Attempt, Card, DeckItem
from support import NOW, MakeCoach, import_notes

NOTES = """
**Q1: What is a confusion matrix?**

**A:** A table of true against predicted classes; the diagonal holds the correct predictions.

---

**Q2: Tell me about a time you simplified a model for production.**

**A:** The ensemble was too slow, so I distilled it into a single small network.

---

- Q3: Calibration curves
"""


@pytest.fixture()
def coach(make_coach: MakeCoach, tmp_path: Path) -> Coach:
    built = make_coach()
    import_notes(built, tmp_path, NOTES)
    return built


def test_list_counts_questions_and_answerless_cards(coach: Coach) -> None:
    (deck,) = list_decks(coach)
    assert (deck["name"], deck["items"], deck["answerless"], deck["linked"]) == ("Notes", 2, 1, 0)
    assert deck["by_kind"] == {"behavioral": 1, "concept": 1}
    assert deck["source"].endswith("notes.md")


def test_rename_keeps_item_ids(coach: Coach, tmp_path: Path) -> None:
    ids = [i.id for i in deck_items(coach)]
    rename_deck(coach, "Notes", "Interview notes")
    assert [d["name"] for d in list_decks(coach)] == ["Interview notes"]
    assert [i.id for i in deck_items(coach)] == ids
    other = tmp_path / "other.md"
    other.write_text("**Q1: Why shuffle data?**\n\n**A:** So batches are not ordered by class.\n")
    import_markdown(coach, other, deck="Other")
    with pytest.raises(DeckError, match="a deck named 'Other' already exists"):
        rename_deck(coach, "Interview notes", "Other")
    with pytest.raises(DeckError, match="1 to 200 characters"):
        rename_deck(coach, "Other", "  ")


def test_delete_removes_items_cards_and_attempts(coach: Coach) -> None:
    item = deck_items(coach)[0]
    grade_item(coach, item.id, "A table of true and predicted classes.")
    with coach.learner() as (session, user):
        session.add(
            Card(
                user_id=user.id,
                item_id=item.id,
                item_kind=item.kind,
                due=NOW,
                state={},
                created_at=NOW,
                updated_at=NOW,
            )
        )
    assert delete_deck(coach, "Notes") == {"deleted": "Notes", "items": 3}
    with coach.learner() as (session, _user):
        for table in (DeckItem, Attempt, Card):
            assert session.scalar(select(func.count(table.id))) == 0
    assert list_decks(coach) == [] and deck_items(coach) == []


def link_to_shipped(coach: Coach, item_id: str, shipped_id: str) -> None:
    """Marks a deck item as the twin of a shipped one, as an import that found it would."""
    with coach.learner() as (session, _user):
        row = session.scalars(select(DeckItem).where(DeckItem.item_id == item_id)).one()
        row.data = {**row.data, "same_as": shipped_id}


def test_show_lists_every_item_with_its_id_kind_title_and_status(coach: Coach) -> None:
    concept, story = (i.id for i in deck_items(coach))
    found = deck_contents(coach, "Notes")
    assert (found["name"], found["source"]) == ("Notes", list_decks(coach)[0]["source"])
    rows = [(i["id"], i["kind"], i["title"], i["status"]) for i in found["items"]]
    assert rows == [
        (concept, "concept", "What is a confusion matrix?", "practisable"),
        (
            story,
            "behavioral",
            "Tell me about a time you simplified a model for production.",
            "practisable",
        ),
        ("deck-notes-calibration-curves", "concept", "Calibration curves", "answerless"),
    ]
    assert [i["line"] for i in found["items"]] == sorted(i["line"] for i in found["items"])
    link_to_shipped(coach, concept, "precision-recall")
    linked = deck_contents(coach, "Notes")["items"][0]
    assert (linked["status"], linked["same_as"]) == ("linked", "precision-recall")
    with pytest.raises(DeckError, match=r"no deck named 'Nope' \(decks: Notes\)"):
        deck_contents(coach, "Nope")


def test_a_deck_item_is_found_by_id_with_its_deck(coach: Coach) -> None:
    concept = deck_items(coach)[0]
    found = find_deck_entry(coach, concept.id)
    assert found is not None
    assert (found.deck, found.entry["id"], found.item) == ("Notes", concept.id, concept)
    answerless = find_deck_entry(coach, "deck-notes-calibration-curves")
    assert answerless is not None and answerless.item is None
    assert find_deck_entry(coach, "precision-recall") is None  # shipped, not in a deck
    assert find_deck_entry(coach, "deck-notes-nothing") is None


def test_unknown_decks_are_named_in_the_error(coach: Coach) -> None:
    with pytest.raises(DeckError, match=r"no deck named 'Nope' \(decks: Notes\)"):
        delete_deck(coach, "Nope")
    with pytest.raises(DeckError, match="no deck named 'Nope'"):
        rename_deck(coach, "Nope", "Yes")
