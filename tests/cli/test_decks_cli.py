"""`mlcoach decks show` and `mlcoach content show` on the items of an imported deck."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mlcoach.cli import content as content_cli
from mlcoach.cli import decks as decks_cli
from mlcoach.cli import imports as imports_cli
from mlcoach.services.coach import Coach
from mlcoach.storage.tables import DeckItem
from support import NOW, Clock, UseCoach, flat
from support import run_cli as run

NOTES = """\
**Q1: What is a confusion matrix?**

**A:** A table of true against predicted classes; the diagonal holds the correct predictions.

---

**Q2: Tell me about a time you simplified a model for production.**

**A:** The ensemble was too slow, so I distilled it into a single small network.

---

- Q3: Calibration curves
"""
CONCEPT = "deck-my-notes-what-is-a-confusion-matrix"
STORY = "deck-my-notes-tell-me-about-a-time-you-simplified-a-model-for-production"
ANSWERLESS = "deck-my-notes-calibration-curves"


@pytest.fixture()
def coach(cli_environment: None, use_coach: UseCoach, tmp_path: Path) -> Coach:
    """The commands' coach, after `mlcoach import notes.md --deck "my notes"`."""
    build = use_coach(imports_cli, decks_cli, content_cli, clock=Clock(NOW))
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    imported = run("import", str(notes), "--deck", "my notes")
    assert imported.exit_code == 0, imported.output
    return build()


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_decks_show_lists_ids_kinds_and_titles(coach: Coach) -> None:
    result = run("decks", "show", "my notes")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "my notes: 3 items"
    # ids whole, each on its own line, at the test terminal's 80 columns
    assert f"{STORY}  (behavioral)" in lines
    assert f"{CONCEPT}  (concept)" in lines
    assert "Calibration curves [no answer: not practised]" in flat(result.stdout)
    assert "mlcoach content show ID" in result.stdout


def test_decks_show_json(coach: Coach) -> None:
    found = run_json("decks", "show", "my notes")
    assert found["name"] == "my notes" and found["source"].endswith("notes.md")
    assert [(i["id"], i["kind"], i["status"]) for i in found["items"]] == [
        (CONCEPT, "concept", "practisable"),
        (STORY, "behavioral", "practisable"),
        (ANSWERLESS, "concept", "answerless"),
    ]


def test_decks_show_unknown_deck_exits_2(coach: Coach) -> None:
    result = run("decks", "show", "nope")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no deck named 'nope' (decks: my notes); see `mlcoach decks list`" in flat(result.stderr)


def test_content_show_finds_a_deck_item_and_names_its_deck(coach: Coach) -> None:
    data = run_json("content", "show", CONCEPT)
    assert (data["id"], data["kind"], data["deck"], data["path"]) == (
        CONCEPT,
        "concept",
        "my notes",
        None,
    )
    assert data["model_answer"].startswith("A table of true against predicted classes")
    shown = run("content", "show", CONCEPT)
    assert shown.exit_code == 0, shown.output
    assert "from your deck 'my notes'" in shown.stdout
    assert "What is a confusion matrix?" in shown.stdout
    assert run_json("content", "show", "precision-recall")["deck"] is None


def test_content_show_explains_deck_items_it_cannot_show(coach: Coach) -> None:
    with coach.learner() as (session, _user):
        row = session.scalars(select(DeckItem).where(DeckItem.item_id == STORY)).one()
        row.data = {**row.data, "same_as": "teammate-disagreement"}
    for item_id, message in [
        (
            ANSWERLESS,
            f"'{ANSWERLESS}' in deck 'my notes' is a question without an answer, so there is "
            "nothing to show or grade; add the answer in your notes and import them again",
        ),
        (
            STORY,
            f"'{STORY}' in deck 'my notes' is the shipped item 'teammate-disagreement'; run "
            "`mlcoach content show teammate-disagreement`",
        ),
        (
            "deck-my-notes-nothing",
            "no item 'deck-my-notes-nothing' in the bank or in your decks; `mlcoach content "
            "list` lists the bank's ids, `mlcoach decks show DECK` a deck's",
        ),
    ]:
        result = run("content", "show", item_id)
        assert result.exit_code == 2 and result.stdout == ""
        assert flat(result.stderr) == f"error: {message}"
