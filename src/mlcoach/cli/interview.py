"""`mlcoach interview ...`: sit a timed mock interview in the terminal and get a scorecard.

Each turn shows its section, the question and the time left; answers are typed line by line
and end with a line holding only "." (or Ctrl-D, or the time box running out). Every line is
saved as a draft at once, so a closed terminal loses nothing: `mlcoach interview resume`
continues at the same turn with the time that was left. Ctrl-C pauses the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.cli.interview_input import (
    TerminalInput,
    mmss,
    read_code_answer,
    read_text_answer,
)
from mlcoach.cli.practice import local_time_text
from mlcoach.interview.report import short
from mlcoach.judge.executor import Executor
from mlcoach.judge.pool import ZygoteExecutor
from mlcoach.services import interview as service
from mlcoach.services.coach import Coach

app = typer.Typer(
    help="Timed mock interviews from blueprints, with a scorecard.", no_args_is_help=True
)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
PAUSED_EXIT = 130  # the shell's code for an interrupted command


def register(root: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    root.add_typer(app, name="interview")


def make_executor() -> Executor:
    return ZygoteExecutor(size=1)


def _fail(message: str) -> None:
    render.error(message)  # render.error escapes Rich markup in ids and paths
    raise typer.Exit(2)


@app.command("start")
def start(
    blueprint: Annotated[
        str,
        typer.Argument(metavar="BLUEPRINT", help="A bank blueprint id or a blueprint .toml file"),
    ],
    seed: Annotated[int | None, typer.Option(help="Pick the same questions again")] = None,
) -> None:
    """Start a mock interview and sit it now."""
    coach = coach_from_env()
    try:
        session = service.start(coach, blueprint, seed=seed)
    except service.InterviewError as exc:
        _fail(str(exc))
        return
    _introduce(session)
    sit(coach, session["session_id"])


@app.command("resume")
def resume(
    session_id: Annotated[
        str | None,
        typer.Argument(metavar="SESSION_ID", help="Default: the latest unfinished interview"),
    ] = None,
) -> None:
    """Continue an unfinished interview where it stopped."""
    coach = coach_from_env()
    try:
        detail = service.resume(coach, session_id)
    except service.InterviewError as exc:
        _fail(str(exc))
        return
    answered = detail["answers"]
    render.console.print(
        f"[bold]Resuming {escape(detail['title'])}[/] ({detail['session_id']}): "
        f"{_count(len(answered), 'answer')} saved, "
        f"turn {detail['turn_index'] + 1} of {detail['turn_count']}."
    )
    sit(coach, detail["session_id"])


@app.command("report")
def report(
    session_id: Annotated[
        str,
        typer.Argument(metavar="SESSION_ID", help="An interview id (`mlcoach interview list`)"),
    ],
    fmt: Annotated[
        Literal["md", "html", "json"], typer.Option("--format", help="md, html or json")
    ] = "md",
    output: Annotated[Path | None, typer.Option("--output", help="Write to this file")] = None,
) -> None:
    """Print or export a finished interview's scorecard report."""
    try:
        data = service.report(coach_from_env(), session_id, fmt)
    except service.InterviewError as exc:
        _fail(str(exc))
        return
    text = data["text"] if fmt != "json" else _json_text(data["scorecard"])
    if output is None:
        print(text, end="")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror} (pick a writable --output path)")
    render.console.print(f"Wrote {output}")


@app.command("list")
def list_(json_output: JsonFlag = False) -> None:
    """List your mock interviews, newest first."""
    rows = service.list_sessions(coach_from_env())
    if json_output:
        render.print_json(rows)
        return
    render.table(
        _count(len(rows), "interview"),
        ["id", "blueprint", "status", "started", "done", "score"],
        [
            [
                r["session_id"],
                r["blueprint_id"],
                r["status"],
                local_time_text(r["started_local"]),
                f"{r['turn_index']}/{r['turn_count']}",
                "" if r["total"] is None else f"{r['total']:.0f}",
            ]
            for r in rows
        ],
    )


def sit(coach: Coach, session_id: str, reader: TerminalInput | None = None) -> None:
    """The interview loop: show each turn, read the answer, submit; the scorecard at the end."""
    reader = reader or TerminalInput()
    executor: Executor | None = None
    section = None
    try:
        while True:
            view = service.current(coach, session_id, executor=executor)
            for index in view["auto_submitted"]:
                render.console.print(
                    f"[yellow]Time ran out on turn {index + 1}: its draft was submitted.[/]"
                )
            if view["status"] != "running":
                break
            if view["item_kind"] == "challenge" and executor is None:
                executor = make_executor()
            if view["section_id"] != section:
                section = view["section_id"]
                _section_header(view)
            answer = _answer(coach, view, reader)
            result = service.submit(coach, session_id, answer, executor=executor)
            late = " (after the time box: marked timed out)" if result["timed_out"] else ""
            render.console.print(f"[green]Answer saved.[/]{late}\n")
        card = service.finish(coach, session_id, executor=executor)
    except KeyboardInterrupt:
        render.console.print(
            f"\n[bold]Paused.[/] Everything typed is saved; continue with "
            f"`mlcoach interview resume {session_id}`."
        )
        raise typer.Exit(PAUSED_EXIT) from None
    except service.InterviewError as exc:  # e.g. grading failed: the answer is already saved
        _fail(str(exc))
        return
    finally:
        if executor is not None:
            executor.close()
    show_scorecard(card["scorecard"], session_id)


def _answer(coach: Coach, view: dict[str, Any], reader: TerminalInput) -> str:
    _show_turn(view)

    def save(text: str) -> dict[str, Any]:
        return service.save_draft(coach, view["session_id"], text)

    if view["item_kind"] == "challenge":
        return read_code_answer(view, reader, save)
    return read_text_answer(view, reader, save)


def _introduce(session: dict[str, Any]) -> None:
    render.console.print(f"[bold]{escape(session['title'])}[/] (interview {session['session_id']})")
    for s in session["sections"]:
        render.console.print(f"  {s['minutes']:>3} min  {escape(s['title'])}")
    render.console.print(
        'End each answer with a line holding only "." (or Ctrl-D). Each line is saved as you go; '
        f"Ctrl-C pauses, `mlcoach interview resume {session['session_id']}` continues.\n"
    )


def _section_header(view: dict[str, Any]) -> None:
    number = (
        ""
        if view["section_index"] is None
        else f" {view['section_index'] + 1}/{view['section_count']}"
    )
    render.console.rule(f"Section{number}: {escape(view['section_title'])}")


def _show_turn(view: dict[str, Any]) -> None:
    what = {"follow-up": "Follow-up", "design-step": f"Design step: {view['step_title']}"}.get(
        view["kind"], view["item_kind"].capitalize()
    )
    render.console.print(
        f"\n[bold]Turn {view['turn_index'] + 1}/{view['turn_count']}[/] · {escape(what)} · "
        f"time box {mmss(view['seconds'])}"
    )
    render.markdown(view["prompt"])


def show_scorecard(card: dict[str, Any], session_id: str) -> None:
    """The scorecard as Rich tables and lists, then how to export the saved report."""
    total = card.get("total")
    render.console.rule("Scorecard")
    render.console.print(f"[bold]Overall: {'-' if total is None else f'{total:.0f}/100'}[/]")
    render.table(
        "Dimensions",
        ["dimension", "weight", "score", "signals"],
        [
            [
                d["title"],
                f"{d['weight']:.0%}",
                "not assessed" if d["score"] is None else f"{d['score']:.0f}",
                " · ".join(f"{k} {v:.0f}" for k, v in d["signals"].items()),
            ]
            for d in card["dimensions"]
        ],
    )
    render.table(
        "Sections",
        ["section", "minutes used", "score"],
        [
            [
                escape(s["title"]),
                f"{s['minutes_used']:.1f}/{s['minutes_planned']:.0f}",
                _num(s["score"]),
            ]
            for s in card["sections"]
        ],
    )
    _bullets("Strengths", card["strengths"] or ["No answer scored 80 or more yet."])
    _bullets(
        "Biggest gaps", [f"{g['text']} ({short(g['title'])})" for g in card["gaps"]] or ["None."]
    )
    practice = card["practice"]
    _bullets(
        "Practise next",
        [f"topic {t}" for t in practice["topics"]] + [f"rework {i}" for i in practice["items"]]
        or ["Try a harder blueprint."],
    )
    render.console.print(
        f"\nReport saved as interview [bold]{session_id}[/]. Export it with\n"
        f"  mlcoach interview report {session_id} --format html --output scorecard.html"
    )


def _bullets(title: str, lines: list[str]) -> None:
    render.console.print(f"\n[bold]{title}[/]")
    for line in lines:
        render.console.print(f"  - {line}", markup=False, highlight=False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _json_text(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
