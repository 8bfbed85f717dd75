"""The labelled answer set is valid data that refers to real bank questions."""

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
        assert row["label"] in range(5) and row["kind"] in KINDS and row["batch"] in (1, 2)


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
