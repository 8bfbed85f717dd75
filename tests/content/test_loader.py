"""The loader: the fixture bank loads clean, and every breakage is one precise problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlcoach.content import ConceptQuestion, Problem, load_bank, quality_problems
from mlcoach.content.markdown_items import key_points
from support import FIXTURE_BANK as FIXTURE
from support import copy_fixture_bank, edit

DROPOUT = "content/questions/deep-learning/dropout-regularization.md"


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return copy_fixture_bank(tmp_path)


def dropout_file(root: Path) -> Path:
    return root.parent / DROPOUT


def test_fixture_bank_loads_clean() -> None:
    result = load_bank(FIXTURE)
    assert result.problems == []
    assert quality_problems(result.bank) == []
    bank = result.bank
    assert sorted(bank.items) == [
        "bias-variance-tradeoff",
        "dropout-regularization",
        "email-spam-filter",
        "precision-recall",
        "subscription-churn",
        "teammate-disagreement",
    ]
    kinds = {item.id: item.kind for item in bank.items.values()}
    assert kinds["email-spam-filter"] == "design"
    assert kinds["teammate-disagreement"] == "behavioral"
    assert kinds["subscription-churn"] == "case"
    assert len(bank.concepts()) == 3
    assert list(bank.blueprints) == ["mini-screen"]
    assert bank.paths["precision-recall"] == "bank/questions/ml-fundamentals/precision-recall.md"


def test_key_point_weights_are_parsed_and_stripped() -> None:
    item = load_bank(FIXTURE).bank.get("dropout-regularization")
    assert isinstance(item, ConceptQuestion)
    assert [p.weight for p in item.key_points] == [2.0, 1.0, 1.0, 3.0, 1.0]
    assert item.key_points[0].text == (
        "During training each unit is zeroed at random with probability p"
    )
    assert all("(x" not in p.text for p in item.key_points)


def test_key_points_parser_weight_suffix() -> None:
    parsed = key_points("- plain point\n- heavy point (x2)\n- mid-text (x2) stays\n")
    assert parsed == [
        {"text": "plain point", "weight": 1.0},
        {"text": "heavy point", "weight": 2.0},
        {"text": "mid-text (x2) stays", "weight": 1.0},
    ]


def test_bad_yaml_front_matter(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "tags: [regularization]", "tags: [regularization")
    result = load_bank(bank_dir)
    [problem] = result.problems
    assert problem.path == DROPOUT
    assert problem.field == "(front matter)"
    assert problem.message.startswith("invalid YAML at line ")
    assert "dropout-regularization" not in result.bank.items


def test_front_matter_must_open_the_file(bank_dir: Path) -> None:
    path = dropout_file(bank_dir)
    path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_bank(bank_dir).problems == [
        Problem(
            DROPOUT,
            "(front matter)",
            "file does not start with '---'",
            "begin the file with a YAML block between '---' lines",
        )
    ]


def test_missing_required_field(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "difficulty: 3\n", "")
    result = load_bank(bank_dir)
    assert result.problems == [Problem(DROPOUT, "difficulty", "Field required", "add this field")]
    assert str(result.problems[0]) == f"{DROPOUT}:difficulty: Field required (add this field)"
    assert "dropout-regularization" not in result.bank.items


def test_unknown_front_matter_key(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "difficulty: 3\n", "difficulty: 3\ndificulty: 3\n")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (DROPOUT, "dificulty", "unknown key")
    assert "remove it or fix its spelling" in problem.fix


def test_out_of_range_difficulty(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "difficulty: 3\n", "difficulty: 9\n")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field) == (DROPOUT, "difficulty")
    assert "less than or equal to 5" in problem.message
    assert problem.fix == "use a smaller value"


def test_unknown_section(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "## Follow-ups", "## Notes\nA stray note.\n\n## Follow-ups")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        DROPOUT,
        "## Notes",
        "unknown section",
    )
    assert "'## Key points'" in problem.fix


def test_missing_section(bank_dir: Path) -> None:
    path = dropout_file(bank_dir)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("## Follow-ups")[0], encoding="utf-8")
    assert load_bank(bank_dir).problems == [
        Problem(DROPOUT, "follow_ups", "missing section '## Follow-ups'", "add the section")
    ]


def test_section_twice(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "## Follow-ups", "## Follow-ups\n- One more?\n\n## Follow-ups")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        DROPOUT,
        "## Follow-ups",
        "section appears twice",
    )


def test_empty_key_points_section(bank_dir: Path) -> None:
    path = dropout_file(bank_dir)
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("## Key points\n")
    path.write_text(
        head + "## Key points\n\n## Misconceptions" + rest.split("## Misconceptions")[1]
    )
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field) == (DROPOUT, "key_points")
    assert "at least 1 item" in problem.message
    assert problem.fix == "add at least one entry"


def test_duplicate_id_across_two_files(bank_dir: Path) -> None:
    copy = bank_dir / "questions" / "ml-fundamentals" / "dropout-regularization.md"
    shutil.copy(dropout_file(bank_dir), copy)
    edit(
        copy,
        "topic: deep-learning\nsubtopic: dropout",
        "topic: ml-fundamentals\nsubtopic: overfitting",
    )
    result = load_bank(bank_dir)
    assert result.problems == [
        Problem(
            "content/questions/ml-fundamentals/dropout-regularization.md",
            "id",
            f"duplicate id 'dropout-regularization' (also in {DROPOUT})",
            "give each item a unique id",
        )
    ]
    assert result.bank.paths["dropout-regularization"] == DROPOUT


def test_id_differs_from_file_name(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "id: dropout-regularization", "id: dropout-reg")
    result = load_bank(bank_dir)
    assert result.problems == [
        Problem(
            DROPOUT,
            "id",
            "id 'dropout-reg' differs from the file name 'dropout-regularization'",
            "set id: dropout-regularization or rename the file",
        )
    ]
    assert "dropout-reg" not in result.bank.items


def test_topic_must_match_folder(bank_dir: Path) -> None:
    edit(
        dropout_file(bank_dir),
        "topic: deep-learning\nsubtopic: dropout",
        "topic: ml-fundamentals\nsubtopic: overfitting",
    )
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        DROPOUT,
        "topic",
        "topic 'ml-fundamentals' but the file is in questions/deep-learning/",
    )


def test_kind_must_match_folder(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "kind: concept", "kind: case")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (
        DROPOUT,
        "kind",
        "'case' in a folder of 'concept' items",
    )


STRAY = "stray file: the loader does not read it"


@pytest.mark.parametrize(
    "stray",
    [
        "notes.txt",  # content root
        "questions/deep-learning/draft.txt",  # topic folder
        "questions/loose-question.md",  # questions/ holds only topic folders
        "design/sketch.png",  # a flat item folder
        "interviews/mini-screen.yaml",  # blueprints are TOML
    ],
)
def test_stray_files(bank_dir: Path, stray: str) -> None:
    (bank_dir / stray).write_text("not an item\n", encoding="utf-8")
    [problem] = load_bank(bank_dir).problems
    assert (problem.path, problem.field, problem.message) == (f"content/{stray}", "(file)", STRAY)
    assert "docs/content-format.md" in problem.fix


def write_challenge(root: Path, challenge_id: str = "tiny-mean") -> Path:
    folder = root / "challenges" / challenge_id
    folder.mkdir(parents=True)
    (folder / "challenge.toml").write_text(
        f'id = "{challenge_id}"\ntitle = "Mean of an array"\ndifficulty = 1\n'
        'topics = ["deep-learning"]\nentry_points = ["mean"]\n',
        encoding="utf-8",
    )
    (folder / "prompt.md").write_text("Return the mean of `x`.\n", encoding="utf-8")
    (folder / "starter.py").write_text("def mean(x):\n    raise NotImplementedError\n")
    (folder / "solution.py").write_text("def mean(x):\n    return sum(x) / len(x)\n")
    (folder / f"test_{challenge_id}.py").write_text("# cases\n", encoding="utf-8")
    (folder / "hints.md").write_text("## Hint 1\nAdd them up.\n\n## Hint 2\nDivide.\n")
    return folder


def test_challenge_folder_loads(bank_dir: Path) -> None:
    write_challenge(bank_dir)
    result = load_bank(bank_dir)
    assert result.problems == []
    assert [c.id for c in result.bank.challenges()] == ["tiny-mean"]
    assert result.bank.get("tiny-mean").topic == "deep-learning"
    assert quality_problems(result.bank) == []


def test_stray_file_in_a_challenge_folder(bank_dir: Path) -> None:
    folder = write_challenge(bank_dir)
    (folder / "notes.md").write_text("scratch\n", encoding="utf-8")
    result = load_bank(bank_dir)
    [problem] = result.problems
    assert (problem.path, problem.field, problem.message) == (
        "content/challenges/tiny-mean/notes.md",
        "(file)",
        "stray file in a challenge",
    )
    assert "hints.md" in problem.fix
    assert "tiny-mean" not in result.bank.items


def test_missing_file_in_a_challenge_folder(bank_dir: Path) -> None:
    folder = write_challenge(bank_dir)
    (folder / "hints.md").unlink()
    assert load_bank(bank_dir).problems == [
        Problem("content/challenges/tiny-mean/hints.md", "(file)", "missing", "add the file")
    ]


def test_unsupported_format_version(bank_dir: Path) -> None:
    edit(bank_dir / "bank.toml", "format_version = 1", "format_version = 2")
    assert load_bank(bank_dir).problems == [
        Problem(
            "content/bank.toml",
            "format_version",
            "unsupported version 2",
            "upgrade mlcoach or use version 1",
        )
    ]


def test_design_steps_must_be_the_framework(bank_dir: Path) -> None:
    edit(bank_dir / "bank.toml", 'id = "framing"', 'id = "framings"')
    problems = load_bank(bank_dir).problems
    assert ("content/bank.toml", "(file)") in [(p.path, p.field) for p in problems]
    assert any("design_steps must be, in order" in p.message for p in problems)


def test_every_problem_is_reported_at_once(bank_dir: Path) -> None:
    edit(dropout_file(bank_dir), "tags: [regularization]", "tags: [regularization")
    edit(bank_dir / "design" / "email-spam-filter.md", "## Pitfalls", "## Pitfals")
    edit(bank_dir / "cases" / "subscription-churn.md", "difficulty: 3", "difficulty: 3\nowner: me")
    result = load_bank(bank_dir)
    broken = {
        DROPOUT,
        "content/design/email-spam-filter.md",
        "content/cases/subscription-churn.md",
    }
    assert len(result.problems) >= 3
    assert broken <= {p.path for p in result.problems}
    # broken items are left out; the good ones still load
    assert sorted(result.bank.items) == [
        "bias-variance-tradeoff",
        "precision-recall",
        "teammate-disagreement",
    ]
    # ...and the blueprint's design section now finds no design item: reported too
    assert any(p.field == "sections.2.count" for p in result.problems)


def test_problems_name_the_bank_folder_whatever_it_is_called(tmp_path: Path) -> None:
    root = tmp_path / "my-bank"
    shutil.copytree(FIXTURE, root)
    edit(root / "interviews" / "mini-screen.toml", '"teammate-disagreement"', '"no-such-story"')
    edit(root / "questions" / "deep-learning" / "dropout-regularization.md", "difficulty: 3\n", "")
    paths = {p.path for p in load_bank(root).problems}
    assert paths == {
        "my-bank/interviews/mini-screen.toml",
        "my-bank/questions/deep-learning/dropout-regularization.md",
    }
