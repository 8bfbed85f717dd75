"""`mlcoach grade`: score a free-text answer against a bank item or your own rubric."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
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
            result = service.grade_rubric(coach, service.load_rubric_file(rubric_file), text)
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
        if str(answer_file) == "-":
            return sys.stdin.read()
        try:
            return answer_file.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError) as exc:
            raise service.GradingError(f"--answer-file {answer_file}: {exc}") from None
    return answer or ""


def _batch(coach: Any, path: Path) -> None:
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise service.GradingError(f"--batch {path}: no such file") from None
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
    render.console.print(f"[bold]score {result['score']}/100[/]")
    for point in result.get("key_points", []):
        mark = "[green]✓[/]" if point["covered"] else "[red]✗[/]"
        render.console.print(f" {mark} {point['text']}", highlight=False)
        if point["covered"] and point.get("evidence"):
            render.console.print(f"     [dim]“{point['evidence']}”[/]", highlight=False)
    for hit in result.get("misconceptions", []):
        render.console.print(f" [red]misconception:[/] {hit}", highlight=False)
    for flag in result.get("flags", []):
        render.console.print(f" [yellow]note:[/] {flag}", highlight=False)
    if result.get("follow_up"):
        render.console.print(f"\n[bold]Follow-up:[/] {result['follow_up']}", highlight=False)
    if result.get("feedback"):
        render.console.print(f"\n{result['feedback']}", highlight=False)
