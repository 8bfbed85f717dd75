"""Rules beyond the schema: references into bank.toml, blueprints and the quality bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlcoach.content import Problem, load_bank, quality_problems
from support import copy_fixture_bank, edit

DROPOUT = "content/questions/deep-learning/dropout-regularization.md"
BLUEPRINT = "content/interviews/mini-screen.toml"


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return copy_fixture_bank(tmp_path)


def replace_section(path: Path, heading: str, body: str) -> None:
    """Swap the text under `## heading` (up to the next `## `) for `body`."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(f"## {heading}\n", 1)
    tail = rest[rest.index("\n## ") :] if "\n## " in rest else ""
    path.write_text(f"{head}## {heading}\n{body}\n{tail}", encoding="utf-8")


def quality(root: Path) -> list[Problem]:
    result = load_bank(root)
    assert result.problems == []
    return quality_problems(result.bank)


# --- references into bank.toml -------------------------------------------------------------


def test_unknown_topic(bank_dir: Path) -> None:
    folder = bank_dir / "questions" / "computer-vision"
    folder.mkdir()
    moved = folder / "dropout-regularization.md"
    (bank_dir / "questions" / "deep-learning" / "dropout-regularization.md").rename(moved)
    edit(moved, "topic: deep-learning", "topic: computer-vision")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        "content/questions/computer-vision/dropout-regularization.md",
        "topic",
        "unknown topic 'computer-vision'",
    )
    assert problem.fix.startswith("use one of: ml-fundamentals, deep-learning, system-design")


def test_unknown_subtopic(bank_dir: Path) -> None:
    edit(bank_dir.parent / DROPOUT, "subtopic: dropout", "subtopic: batch-norm")
    assert load_bank(bank_dir).problems == [
        Problem(
            DROPOUT,
            "subtopic",
            "unknown subtopic 'batch-norm' for topic 'deep-learning'",
            "use one of: dropout, optimizers",
        )
    ]


def test_unknown_company(bank_dir: Path) -> None:
    edit(bank_dir.parent / DROPOUT, "companies: [amazon, google]", "companies: [amazon, openai]")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        DROPOUT,
        "companies",
        "unknown company 'openai'",
    )
    assert "[companies] in bank.toml" in problem.fix


def test_unknown_company_on_other_kinds(bank_dir: Path) -> None:
    edit(bank_dir / "behavioral" / "teammate-disagreement.md", "[meta]", "[initech]")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        "content/behavioral/teammate-disagreement.md",
        "companies",
        "unknown company 'initech'",
    )


# --- blueprints ------------------------------------------------------------------------------


def test_blueprint_sections_exceeding_duration(bank_dir: Path) -> None:
    edit(
        bank_dir / "interviews" / "mini-screen.toml",
        "duration_minutes = 30",
        "duration_minutes = 20",
    )
    result = load_bank(bank_dir)
    assert result.problems == [
        Problem(
            BLUEPRINT,
            "(file)",
            "sections take 30 minutes but duration_minutes is 20",
            "see docs/content-format.md",
        )
    ]
    assert result.bank.blueprints == {}


def test_blueprint_referencing_an_unknown_item(bank_dir: Path) -> None:
    edit(bank_dir / "interviews" / "mini-screen.toml", '"teammate-disagreement"', '"no-such-story"')
    assert load_bank(bank_dir).problems == [
        Problem(
            BLUEPRINT,
            "sections.1.items",
            "no behavioral item 'no-such-story' in the bank",
            "use an existing id",
        )
    ]


def test_blueprint_referencing_an_item_of_another_kind(bank_dir: Path) -> None:
    edit(
        bank_dir / "interviews" / "mini-screen.toml",
        '"teammate-disagreement"',
        '"precision-recall"',
    )
    [problem] = load_bank(bank_dir).problems
    assert (problem.field, problem.message) == (
        "sections.1.items",
        "no behavioral item 'precision-recall' in the bank",
    )


def test_blueprint_asking_for_more_items_than_the_bank_has(bank_dir: Path) -> None:
    edit(bank_dir / "interviews" / "mini-screen.toml", "count = 2", "count = 3")
    assert load_bank(bank_dir).problems == [
        Problem(
            BLUEPRINT,
            "sections.0.count",
            "needs 3 concept items but the bank has 2 that match",
            "lower count or widen topics or difficulty",
        )
    ]


def test_blueprint_count_respects_the_difficulty_range(bank_dir: Path) -> None:
    # only precision-recall (difficulty 1) is in range; bias-variance-tradeoff is 2
    edit(bank_dir / "interviews" / "mini-screen.toml", "difficulty = [1, 3]", "difficulty = [1, 1]")
    assert load_bank(bank_dir).problems == [
        Problem(
            BLUEPRINT,
            "sections.0.count",
            "needs 2 concept items but the bank has 1 that match",
            "lower count or widen topics or difficulty",
        )
    ]


def test_blueprint_unknown_topic(bank_dir: Path) -> None:
    edit(bank_dir / "interviews" / "mini-screen.toml", '["ml-fundamentals"]', '["astrology"]')
    problems = load_bank(bank_dir).problems
    assert (
        Problem(
            BLUEPRINT,
            "sections.0.topics",
            "unknown topic 'astrology'",
            "use a topic from bank.toml",
        )
        in problems
    )


def test_blueprint_id_differs_from_file_name(bank_dir: Path) -> None:
    edit(bank_dir / "interviews" / "mini-screen.toml", 'id = "mini-screen"', 'id = "mini"')
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field) == (BLUEPRINT, "id")
    assert problem.message == "id 'mini' differs from the file name 'mini-screen'"


def test_blueprint_unknown_key(bank_dir: Path) -> None:
    edit(
        bank_dir / "interviews" / "mini-screen.toml", "minutes = 5\n", "minutes = 5\nminuets = 5\n"
    )
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        BLUEPRINT,
        "sections.1.minuets",
        "unknown key",
    )


# --- the quality bar -------------------------------------------------------------------------


def test_concept_needs_four_key_points(bank_dir: Path) -> None:
    replace_section(bank_dir.parent / DROPOUT, "Key points", "- one\n- two\n- three\n")
    assert quality(bank_dir) == [
        Problem(DROPOUT, "key_points", "3 key points, at least 4 needed", "add key points")
    ]


@pytest.mark.parametrize("n_words", [20, 400])
def test_concept_model_answer_word_range(bank_dir: Path, n_words: int) -> None:
    replace_section(bank_dir.parent / DROPOUT, "Model answer", " ".join(["word"] * n_words))
    assert quality(bank_dir) == [
        Problem(DROPOUT, "model_answer", f"{n_words} words, expected 120-350", "rewrite to length")
    ]


def test_design_rules(bank_dir: Path) -> None:
    path = bank_dir / "design" / "email-spam-filter.md"
    replace_section(path, "Serving", "- Scores each message quickly\n- Monitors drift\n")
    replace_section(path, "Pitfalls", "- Random splits\n")
    replace_section(path, "Model answer", "Too short to teach anything.")
    where = "content/design/email-spam-filter.md"
    assert {(p.path, p.field, p.message) for p in quality(bank_dir)} == {
        (where, "steps.serving", "2 rubric bullets, at least 3 needed"),
        (where, "pitfalls", "fewer than 2 pitfalls"),
        (where, "model_answer", "5 words, expected 150-900"),
    }


def test_behavioral_rules(bank_dir: Path) -> None:
    path = bank_dir / "behavioral" / "teammate-disagreement.md"
    replace_section(path, "Strong story shows", "- a\n- b\n- c\n")
    replace_section(path, "Red flags", "- blame\n")
    where = "content/behavioral/teammate-disagreement.md"
    assert {(p.path, p.field, p.message) for p in quality(bank_dir)} == {
        (where, "strong_signals", "fewer than 4 signals"),
        (where, "red_flags", "fewer than 2 red flags"),
    }


def test_case_rules(bank_dir: Path) -> None:
    path = bank_dir / "cases" / "subscription-churn.md"
    replace_section(path, "Framework", "1. **Define churn**: agree on it\n2. **Predict**: score")
    replace_section(path, "Key points", "- a\n- b\n")
    where = "content/cases/subscription-churn.md"
    assert {(p.path, p.field, p.message) for p in quality(bank_dir)} == {
        (where, "framework", "fewer than 4 framework steps"),
        (where, "key_points", "fewer than 4 key points"),
    }


def test_case_framework_steps_are_parsed(bank_dir: Path) -> None:
    case = load_bank(bank_dir).bank.get("subscription-churn")
    steps = case.framework  # type: ignore[union-attr]
    assert [s.name for s in steps] == [
        "Define churn",
        "Size the problem",
        "Predict risk",
        "Act and measure",
    ]
    assert steps[0].description == "agree on what counts as churn and over which time window"
