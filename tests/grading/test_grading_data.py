"""The labelled answer set is valid data that refers to real bank questions."""

import json
from collections import Counter
from pathlib import Path

from mlcoach.content.loader import load_bank

CONTENT = Path(__file__).resolve().parents[2] / "content"

KINDS = {
    "genuine",
    "keyword_stuffing",
    "keyword_list",
    "inverted",
    "echo",
    "off_topic",
    "injection",
}


def test_labelled_set_size_and_fields(labelled: list[dict[str, object]]) -> None:
    assert len(labelled) >= 150
    assert len({r["question_id"] for r in labelled}) >= 30
    assert len({r["id"] for r in labelled}) == len(labelled)
    for row in labelled:
        assert set(row) == {"id", "question_id", "batch", "kind", "label", "answer"}
        assert row["label"] in range(5) and row["kind"] in KINDS and row["batch"] in (1, 2, 3)


def test_every_adversarial_kind_is_present_and_labelled_low(
    labelled: list[dict[str, object]],
) -> None:
    kinds = Counter(r["kind"] for r in labelled)
    assert all(kinds[k] >= 3 for k in KINDS)
    assert all(int(r["label"]) <= 1 for r in labelled if r["kind"] != "genuine")


def test_labels_are_spread(labelled: list[dict[str, object]]) -> None:
    labels = Counter(r["label"] for r in labelled if r["kind"] == "genuine")
    assert all(labels[k] >= 15 for k in range(5))


def test_question_ids_exist_in_the_bank(labelled: list[dict[str, object]]) -> None:
    bank = load_bank(Path(CONTENT)).bank
    concepts = {q.id for q in bank.concepts()}
    assert {r["question_id"] for r in labelled} <= concepts


def test_concise_batch_has_strong_and_wrong_answers(labelled: list[dict[str, object]]) -> None:
    concise = [r for r in labelled if r["batch"] == 3]
    assert sum(int(r["label"]) >= 3 for r in concise) >= 15
    assert sum(int(r["label"]) <= 1 for r in concise) >= 5
    assert len({r["question_id"] for r in concise}) >= 10
    assert all(len(str(r["answer"]).split(". ")) <= 6 for r in concise)  # a few sentences


def _rows(name: str) -> list[dict[str, object]]:
    path = Path(__file__).parent / "data" / name
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_behavioral_and_design_sets_refer_to_bank_items_of_their_kind() -> None:
    bank = load_bank(Path(CONTENT)).bank
    for name, kind, minimum in (
        ("labelled_star.jsonl", "behavioral", 20),
        ("labelled_design.jsonl", "design", 10),
    ):
        rows = _rows(name)
        assert len(rows) >= minimum
        assert len({r["id"] for r in rows}) == len(rows)
        for row in rows:
            assert set(row) == {"id", "item_id", "label", "answer"}
            assert row["label"] in range(5)
            item = bank.get(str(row["item_id"]))
            assert item is not None and item.kind == kind, row["id"]
        assert len({r["label"] for r in rows}) >= 4  # labels are spread
