"""Anki export: open the .apkg (a zip holding an SQLite collection) and read what Anki will."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mlcoach.services.anki import MODEL_ID, ExportError, export_anki, markdown_html, stable_id
from mlcoach.services.coach import Coach
from mlcoach.storage.tables import DeckItem
from support import MakeCoach, import_notes

NOTES = r"""
**Q1: What does softmax compute?**

**A:** It maps logits $z$ to probabilities $p_i = e^{z_i} / \sum_j e^{z_j}$; prices like $5 or $10 stay text.

$$\sum_i p_i = 1$$

```python
def softmax(z):
    e = np.exp(z - z.max())  # shift for stability
    return e / e.sum()
```

- **Stability**: subtract the max before exponentiating
- **Output**: non-negative values that sum to one

---

**Q2: Why shuffle training data?**

**A:** So that consecutive batches are not ordered by class <b>or</b> by time.

---

- Q3: Temperature scaling
"""


@pytest.fixture()
def coach(make_coach: MakeCoach, tmp_path: Path) -> Coach:
    built = make_coach()
    import_notes(built, tmp_path, NOTES)
    return built


def read_package(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        data = archive.read("collection.anki2")
    db = path.with_suffix(".anki2")
    db.write_bytes(data)
    with sqlite3.connect(db) as conn:
        notes = conn.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY sfld").fetchall()
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        card_decks = {row[0] for row in conn.execute("SELECT did FROM cards")}
    return {
        "notes": [
            {"guid": g, "model": m, "fields": f.split("\x1f"), "tags": t.split()}
            for g, m, f, t in notes
        ],
        "decks": {int(k): v["name"] for k, v in decks.items()},
        "card_decks": card_decks,
    }


def test_deck_export_front_back_code_and_math(coach: Coach, tmp_path: Path) -> None:
    result = export_anki(coach, tmp_path / "notes.apkg", deck="Notes")
    assert result == {"path": str(tmp_path / "notes.apkg"), "deck": "mlcoach::Notes", "notes": 3}
    package = read_package(tmp_path / "notes.apkg")
    notes = {n["fields"][2]: n for n in package["notes"]}
    softmax = notes["deck-notes-what-does-softmax-compute"]
    front, back, _ = softmax["fields"]
    assert front == "<p>What does softmax compute?</p>\n"
    assert r"\(p_i = e^{z_i} / \sum_j e^{z_j}\)" in back
    assert r"\[\sum_i p_i = 1\]" in back
    assert "prices like $5 or $10 stay text" in back
    assert '<pre><code class="language-python">def softmax(z):' in back
    assert "# shift for stability" in back
    assert "<h4>Key points</h4>" in back and "<li>Stability: subtract the max" in back
    shuffle_back = notes["deck-notes-why-shuffle-training-data"]["fields"][1]
    assert "&lt;b&gt;or&lt;/b&gt;" in shuffle_back  # raw HTML in a source is shown, not run
    assert "gives no answer" in notes["deck-notes-temperature-scaling"]["fields"][1]
    assert all(n["model"] == MODEL_ID for n in package["notes"])
    assert package["card_decks"] == {stable_id("deck:mlcoach::Notes")}


def test_re_export_keeps_guids_and_ids(coach: Coach, tmp_path: Path) -> None:
    export_anki(coach, tmp_path / "one.apkg", deck="Notes")
    export_anki(coach, tmp_path / "two.apkg", deck="Notes")
    one, two = read_package(tmp_path / "one.apkg"), read_package(tmp_path / "two.apkg")
    assert [n["guid"] for n in one["notes"]] == [n["guid"] for n in two["notes"]]
    assert len({n["guid"] for n in one["notes"]}) == 3
    assert one["card_decks"] == two["card_decks"]


def test_bank_export_by_topic(coach: Coach, tmp_path: Path) -> None:
    result = export_anki(coach, tmp_path / "dl.apkg", topics=["deep-learning"])
    concepts = [i for i in coach.bank.concepts() if i.topic == "deep-learning"]
    assert result["notes"] == len(concepts) > 0
    package = read_package(tmp_path / "dl.apkg")
    assert {n["fields"][2] for n in package["notes"]} == {i.id for i in concepts}
    whole = export_anki(coach, tmp_path / "all.apkg")
    assert whole["deck"] == "mlcoach" and whole["notes"] == len(coach.bank.concepts())


@pytest.mark.parametrize(
    ("kwargs", "name", "message"),
    [
        ({"deck": "Notes", "topics": ["deep-learning"]}, "x.apkg", "not both"),
        ({"topics": ["astrology"]}, "x.apkg", "--topic astrology: unknown topic"),
        ({}, "x.zip", "must end in .apkg"),
    ],
)
def test_bad_selections(
    coach: Coach, tmp_path: Path, kwargs: dict[str, Any], name: str, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        export_anki(coach, tmp_path / name, **kwargs)


def test_markdown_inline_math_needs_tight_dollars() -> None:
    assert markdown_html("costs $ 5 and $x$") == "<p>costs $ 5 and \\(x\\)</p>\n"


def test_two_items_linked_to_one_shipped_question_give_one_note(
    coach: Coach, tmp_path: Path
) -> None:
    with coach.learner() as (session, _user):
        for row in session.scalars(select(DeckItem)):
            if row.data.get("answerless"):
                continue
            row.data = {**row.data, "same_as": "dropout-regularization"}
    result = export_anki(coach, tmp_path / "linked.apkg", deck="Notes")
    package = read_package(tmp_path / "linked.apkg")
    guids = [n["guid"] for n in package["notes"]]
    assert result["notes"] == len(guids) == len(set(guids)) == 2  # the shipped one + Q3
    assert "dropout-regularization" in {n["fields"][2] for n in package["notes"]}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"topics": ["behavioral"]}, "--topic behavioral: this topic has no concept questions"),
        ({"deck": "Nope"}, "--deck Nope: no deck named 'Nope'"),
    ],
)
def test_selections_that_export_nothing_say_why(
    coach: Coach, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        export_anki(coach, tmp_path / "x.apkg", **kwargs)
    assert list(tmp_path.glob("*.apkg")) == []


def test_a_folder_or_unwritable_target_is_an_export_error(coach: Coach, tmp_path: Path) -> None:
    (tmp_path / "taken.apkg").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_anki(coach, tmp_path / "taken.apkg", deck="Notes")
    with pytest.raises(ExportError, match=r"the folder .* does not exist"):
        export_anki(coach, tmp_path / "nowhere" / "x.apkg", deck="Notes")
