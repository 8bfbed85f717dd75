"""`mlcoach challenge ...`: the rustlings-style local loop for coding challenges."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.judge.pool import ZygoteExecutor
from mlcoach.judge.results import JudgeResult
from mlcoach.services import challenges as service
from mlcoach.services import content as content_service
from mlcoach.services.coach import Coach
from mlcoach.services.practice import PracticeError

app = typer.Typer(help="From-scratch NumPy coding challenges.", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ChallengeId = Annotated[
    str,
    typer.Argument(metavar="CHALLENGE_ID", help="A challenge id (`mlcoach challenge list`)"),
]


def _fail(message: str) -> NoReturn:
    render.error(message)
    raise typer.Exit(2)


@app.command("list")
def list_(
    topic: Annotated[str | None, typer.Option(help="Topic slug")] = None,
    difficulty: Annotated[int | None, typer.Option(min=1, max=5)] = None,
    json_output: JsonFlag = False,
) -> None:
    """List challenges with their solved state."""
    coach = coach_from_env()
    try:  # an unknown topic is a typo, not an empty result: the error names the valid ones
        items = content_service.list_bank_items(
            coach, kind="challenge", topic=topic, difficulty=difficulty
        )
    except PracticeError as exc:
        _fail(str(exc))
    solved = service.solved_ids(coach)
    rows = [
        {**content_service.item_summary(coach.bank, i), "solved": i.id in solved} for i in items
    ]
    if json_output:
        render.print_json(rows)
        return
    render.table(
        f"{len(rows)} challenge{'' if len(rows) == 1 else 's'}",
        ["id", "difficulty", "topic", "solved", "title"],
        [
            [r["id"], r["difficulty"], r["topic"], "yes" if r["solved"] else "", r["title"]]
            for r in rows
        ],
    )


@app.command("start")
def start(challenge_id: ChallengeId) -> None:
    """Write the starter into your workspace and print its path (never overwrites)."""
    coach = coach_from_env()
    try:
        path, created = service.start(coach, challenge_id)
    except service.ChallengeError as exc:
        _fail(str(exc))
    render.markdown(service.get_challenge(coach.bank, challenge_id).prompt)
    state = "created" if created else "already exists, kept your work"
    render.console.print(
        f"\n[bold]{path}[/] ({state})\nEdit it, then run `mlcoach challenge check {challenge_id}`."
    )


@app.command("check")
def check(
    challenge_id: ChallengeId,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Judge this file instead of the workspace copy"),
    ] = None,
    watch: Annotated[bool, typer.Option(help="Re-judge every time the file is saved")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Judge your solution against the hidden tests (stored as an attempt)."""
    coach = coach_from_env()
    try:
        service.get_challenge(coach.bank, challenge_id)
    except service.ChallengeError as exc:
        _fail(str(exc))
    path = _submission(coach, challenge_id, file)
    executor = ZygoteExecutor(size=1)
    try:
        result = _judge_file(coach, executor, challenge_id, path, json_output)
        while watch:
            result = _watch_once(coach, executor, challenge_id, path, json_output)
    finally:
        executor.close()
    if result.verdict.value != "AC":
        raise typer.Exit(1)


def _submission(coach: Coach, challenge_id: str, file: Path | None) -> Path:
    """The file to judge: --file as given, else the workspace copy `challenge start` wrote."""
    if file is None:
        path = service.workspace_file(coach, challenge_id)
        if not path.is_file():
            _fail(f"no file at {path}; run `mlcoach challenge start {challenge_id}` or pass --file")
        return path
    if file.is_dir():
        _fail(f"--file {file} is a folder; pass the .py file to judge")
    if not file.exists():
        _fail(f"--file {file}: no such file; check the path")
    return file


def _judge_file(
    coach: Coach, executor: ZygoteExecutor, challenge_id: str, path: Path, json_output: bool
) -> JudgeResult:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text; save it as UTF-8")
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}; check the file and its permissions")
    try:
        result = service.check_submission(coach, executor, challenge_id, source)
    except service.ChallengeError as exc:
        _fail(str(exc))
    if json_output:
        render.print_json(cli_json(result))
    else:
        show_result(result)
    return result


def _watch_once(
    coach: Coach, executor: ZygoteExecutor, challenge_id: str, path: Path, json_output: bool
) -> JudgeResult:
    render.console.print(f"[dim]watching {path} (Ctrl-C to stop)[/]")
    seen = path.stat().st_mtime_ns
    while path.stat().st_mtime_ns == seen:
        time.sleep(0.3)
    return _judge_file(coach, executor, challenge_id, path, json_output)


def cli_json(result: JudgeResult) -> dict[str, Any]:
    """The documented `--json` shape: verdict, passed, total, cases, duration_ms."""
    return {
        "verdict": result.verdict.value,
        "passed": result.passed,
        "total": result.total,
        "cases": [
            {"name": c.name, "status": c.status.value, "message": c.message} for c in result.cases
        ],
        "duration_ms": round(result.duration_ms, 2),
    }


def show_result(result: JudgeResult) -> None:
    color = {"AC": "green", "PARTIAL": "yellow"}.get(result.verdict.value, "red")
    render.console.print(
        f"[bold {color}]{result.verdict.value}[/] {result.passed}/"
        f"{result.total} cases in {result.duration_ms:.0f} ms"
    )
    for case in result.cases:
        mark = "[green]✓[/]" if case.status.value == "passed" else "[red]✗[/]"
        render.console.print(f" {mark} {case.name} [dim]{case.status.value}[/]")
        if case.message and case.status.value != "passed":
            render.console.print(f"    {case.message}", highlight=False, markup=False)
        if case.visible and case.expected is not None:
            render.console.print(
                f"    expected: {case.expected}\n    got:      {case.got}",
                highlight=False,
                markup=False,
            )
    if result.verdict.value == "CE" and result.message:
        render.console.print(result.message, highlight=False, markup=False)
    if result.stdout:
        cut = " (truncated)" if result.stdout_truncated else ""
        render.console.print(f"[dim]your output{cut}:[/]\n{result.stdout}", highlight=False)


@app.command("hint")
def hint(
    challenge_id: ChallengeId,
    level: Annotated[int, typer.Option(min=1, help="Which rung of the ladder")] = 1,
) -> None:
    """Show a hint (start at 1; each level gives away more)."""
    try:
        text, total = service.hint(coach_from_env(), challenge_id, level)
    except service.ChallengeError as exc:
        _fail(str(exc))
    render.console.print(f"[bold]Hint {min(level, total)}/{total}[/]")
    render.markdown(text)


@app.command("solution")
def solution(challenge_id: ChallengeId) -> None:
    """Show our reference solution (only after you have made an attempt)."""
    try:
        text = service.solution_for(coach_from_env(), challenge_id)
    except service.ChallengeError as exc:
        _fail(str(exc))
    render.markdown(f"```python\n{text}\n```")
