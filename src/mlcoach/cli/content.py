"""`mlcoach content ...`: check, list and count the shipped bank; show its items and yours."""

from __future__ import annotations

from typing import Annotated

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.content.models import AnyItem, ConceptQuestion, DesignPrompt
from mlcoach.services import content as service
from mlcoach.services.practice import PracticeError

app = typer.Typer(help="Browse and validate the question bank.", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@app.command("check")
def check(
    json_output: JsonFlag = False,
    static_only: Annotated[
        bool,
        typer.Option("--static-only", help="Skip running starters and solutions in the sandbox."),
    ] = False,
) -> None:
    """Validate every content file; report every problem as path:field: message (fix)."""
    coach = coach_from_env()
    report = service.check_content(coach.settings.content_dir, verify_challenges=not static_only)
    if json_output:
        render.print_json(report.to_dict())
    else:
        for problem in report.problems:
            print(problem)
        summary = (
            f"{report.items} items, {report.blueprints} blueprints, "
            f"{report.challenges_verified} challenges verified in the sandbox"
        )
        if report.ok:
            render.console.print(f"[green]content OK[/]: {summary}")
        else:
            render.err_console.print(f"[red]{len(report.problems)} problem(s)[/] in {summary}")
    if not report.ok:
        raise typer.Exit(1)


@app.command("list")
def list_(
    kind: Annotated[
        str | None, typer.Option(help="concept, challenge, design, behavioral, case")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="Topic slug from bank.toml")] = None,
    company: Annotated[str | None, typer.Option(help="Company slug, e.g. google")] = None,
    difficulty: Annotated[int | None, typer.Option(min=1, max=5)] = None,
    json_output: JsonFlag = False,
) -> None:
    """List the bank's items, optionally filtered (`mlcoach decks show DECK` lists a deck's)."""
    coach = coach_from_env()
    try:
        items = service.list_bank_items(
            coach, kind=kind, topic=topic, company=company, difficulty=difficulty
        )
    except PracticeError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    rows = [service.item_summary(coach.bank, item) for item in items]
    if json_output:
        render.print_json(rows)
        return
    render.table(
        f"{len(rows)} items",
        ["id", "kind", "topic", "difficulty", "title"],
        [[r["id"], r["kind"], r["topic"], r["difficulty"], r["title"][:70]] for r in rows],
    )


@app.command("show")
def show(item_id: str, json_output: JsonFlag = False) -> None:
    """Show one item in full: a shipped one, or one of your imported decks'."""
    try:
        item, data = service.show_any_item(coach_from_env(), item_id)
    except service.UnknownContent as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(data)
        return
    render.markdown(_item_markdown(item, data))


def _item_markdown(item: AnyItem, data: dict[str, object]) -> str:
    origin = f"from your deck '{data['deck']}'" if data.get("deck") else data.get("path")
    lines = [
        f"# {data.get('title') or data['id']}",
        f"*{data['kind']} · difficulty {data['difficulty']} · {origin}*",
        "",
    ]
    lines.append(str(data.get("prompt", "")))
    if isinstance(item, ConceptQuestion):
        lines += ["", "## Key points", *[f"- {p.text}" for p in item.key_points]]
        lines += ["", "## Model answer", item.model_answer]
    elif isinstance(item, DesignPrompt):
        for step, points in item.steps.items():
            lines += ["", f"## {step.capitalize()}", *[f"- {p.text}" for p in points]]
    return "\n".join(lines)


@app.command("stats")
def stats(json_output: JsonFlag = False) -> None:
    """Counts per kind and per topic."""
    data = service.stats(coach_from_env().bank)
    if json_output:
        render.print_json(data)
        return
    render.counts(f"{data['total']} items by kind", data["by_kind"])
    render.counts("by topic", data["by_topic"])
