"""The shipped bank in content/: clean, big enough, and in our own words."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from mlcoach.content import Bank, load_bank
from mlcoach.services.content import check_content

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SEED_OVERLAP = REPO.parent / "shared" / "tools" / "seed_overlap.py"
CONCEPT_TOPICS = (
    "ml-fundamentals",
    "algorithms",
    "deep-learning",
    "statistics",
    "production-ml",
    "responsible-ai",
)


@cache
def shipped() -> Bank:
    return load_bank(CONTENT).bank


def ids(kind: str) -> set[str]:
    return {item.id for item in shipped().of_kind(kind)}


def test_shipped_bank_has_no_static_problems() -> None:
    report = check_content(CONTENT, verify_challenges=False)
    problems = [str(p) for p in report.problems]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
    assert report.items == len(shipped().items)


def test_at_least_120_concept_questions() -> None:
    assert len(shipped().concepts()) >= 120


def test_every_concept_topic_is_in_bank_toml() -> None:
    assert set(CONCEPT_TOPICS) <= set(shipped().manifest.topics)


@pytest.mark.parametrize("topic", CONCEPT_TOPICS)
def test_every_subtopic_has_a_question(topic: str) -> None:
    manifest = tomllib.loads((CONTENT / "bank.toml").read_text(encoding="utf-8"))
    subtopics = manifest["topics"][topic]["subtopics"]
    assert subtopics, f"{topic} lists no subtopics"
    covered = Counter(q.subtopic for q in shipped().concepts() if q.topic == topic)
    assert [s for s in subtopics if not covered[s]] == []


def test_design_prompts() -> None:
    design = ids("design")
    assert len(design) >= 8
    assert {
        "video-recommendations",
        "search-ranking",
        "fraud-detection",
        "ad-click-prediction",
        "manufacturing-defect-detection",
        "real-time-personalization",
    } <= design


def test_behavioral_prompts() -> None:
    assert len(ids("behavioral")) >= 12


def test_case_studies() -> None:
    cases = ids("case")
    assert len(cases) >= 4
    assert {
        "churn-prediction",
        "multimodal-research",
        "real-time-personalization-pipeline",
    } <= cases


def test_blueprints() -> None:
    blueprints = shipped().blueprints
    assert {"phone-screen", "onsite-loop"} <= set(blueprints)
    assert blueprints["phone-screen"].duration_minutes == 45


def test_content_does_not_repeat_the_seed_documents() -> None:
    if not SEED_OVERLAP.is_file():
        pytest.skip(f"{SEED_OVERLAP} not found: the seed-overlap tool ships beside the repo only")
    done = subprocess.run(
        [sys.executable, str(SEED_OVERLAP), str(CONTENT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout == ""
    assert done.returncode == 0, done.stderr
