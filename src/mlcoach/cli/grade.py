"""`mlcoach grade`: score a free-text answer against a bank item or your own rubric."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.grading.types import Rubric
from mlcoach.services import grading as service

BATCH_FAILED_EXIT = 1  # "the thing checked is not right"; 2 stays "nothing could be graded"


def grade(
    question_id: Annotated[str | None, typer.Argument(help="A bank item id")] = None,
    answer: Annotated[str | None, typer.Option(help="The answer text")] = None,
    answer_file: Annotated[Path | None, typer.Option(help="Read the answer from a file")] = None,
    rubric_file: Annotated[Path | None, typer.Option(help="Grade against a YAML rubric")] = None,
    batch: Annotated[Path | None, typer.Option(help="JSONL: question_id|rubric + answer")] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Grade an answer: covered and missed key points, misconceptions, a follow-up."""
    coach = coach_from_env()
    try:
        if batch is not None:
            _batch(coach, batch)
            return
        text = _answer_text(answer, answer_file)
        if rubric_file is not None:
            result = service.grade_rubric(coach, _rubric(rubric_file), text)
        elif question_id is not None:
            result = service.grade_item(coach, question_id, text)
        else:
            raise service.GradingError("give a QUESTION_ID, --rubric-file or --batch")
    except service.GradingError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(result)
    else:
        show(result)


def _answer_text(answer: str | None, answer_file: Path | None) -> str:
    if (answer is None) == (answer_file is None):
        raise service.GradingError("give exactly one of --answer TEXT or --answer-file FILE")
    if answer_file is not None:
        try:
            if str(answer_file) == "-":  # bytes, decoded strictly: the text is stored
                return sys.stdin.buffer.read().decode("utf-8")
            return answer_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise unreadable("--answer-file", answer_file, exc) from None
    return answer or ""


def _rubric(path: Path) -> Rubric:
    """The YAML rubric; any problem with the file names the option and the file."""
    try:
        return service.load_rubric_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise unreadable("--rubric-file", path, exc) from None
    except service.GradingError as exc:  # it names the file; add which option gave it
        raise service.GradingError(f"--rubric-file {exc}") from None


def unreadable(option: str, path: Path, exc: OSError | UnicodeDecodeError) -> service.GradingError:
    """One line naming the option, the file and what to do, instead of a traceback."""
    stdin = str(path) == "-"
    if isinstance(exc, UnicodeDecodeError):
        fix = "send UTF-8 text" if stdin else "save the file as UTF-8"
        reason = f"not UTF-8 ({exc.reason} at byte {exc.start}); {fix}"
    elif isinstance(exc, IsADirectoryError):
        reason = "is a folder; pass a file"
    elif isinstance(exc, FileNotFoundError):
        reason = "no such file"
    else:
        reason = f"cannot be read ({exc.strerror or exc})"
    shown = "standard input" if stdin else str(path)
    return service.GradingError(f"{option} {shown}: {reason}")


def _batch(coach: Any, path: Path) -> None:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise unreadable("--batch", path, exc) from None
    tally = service.BatchTally()
    with handle:
        try:
            for result in service.grade_batch(coach, handle):
                render.print_jsonl(result)
                tally.count(result)
        except UnicodeDecodeError as exc:
            raise service.GradingError(
                f"--batch {path}: not UTF-8 after {tally.answered} graded lines ({exc.reason} at "
                f"byte {exc.start} of a read block); save the file as UTF-8 and grade again"
            ) from None
    summary = tally.summary()
    if summary is not None:
        # after every line's result is out: scripts see all of them, then the exit status
        render.err_console.print(
            f"[bold red]error:[/] {escape(summary)}", soft_wrap=True, highlight=False
        )
        raise typer.Exit(BATCH_FAILED_EXIT)


def show(result: dict[str, Any]) -> None:
    """The grade as practice shows it, then the follow-up on the biggest gap."""
    render.grade_result(result)
    if result.get("follow_up"):
        follow_up = escape(result["follow_up"])
        render.console.print(f"\n[bold]Follow-up:[/] {follow_up}", highlight=False)
