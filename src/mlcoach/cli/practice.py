"""`mlcoach practice`: today's spaced-repetition queue in the terminal.

Per item: the question, your answer (end it with a line holding only "." or with Ctrl-D), the
score with covered and missed points, one follow-up on the biggest gap, the model answer, then
the rating (each with the interval it would give; Enter takes the suggested one). "q" at an
answer prompt quits with a summary, "s" skips the item (at the follow-up: skips the follow-up).
Each rating is saved at once; quitting, end of input or Ctrl-C before the rating leaves the
item unrated. Ctrl-C exits with code 130, like an interrupted mock interview.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.markup import escape

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.judge.executor import Executor
from mlcoach.practice.queue import PracticeSession, QueueEntry
from mlcoach.practice.scheduler import parse_rating
from mlcoach.services import challenges
from mlcoach.services import practice as service
from mlcoach.services.challenges import ChallengeError
from mlcoach.services.coach import Coach

RATINGS = ("Again", "Hard", "Good", "Easy")
INTERRUPTED_EXIT = 130  # the shell's code for an interrupted command
NOT_RATED = "Not rated: this item's schedule is unchanged (your answer stays in your history)."


class Quit(Exception):
    """The learner typed "q" (or input ended) at a prompt: stop the session."""


class Skip(Exception):
    """The learner typed "s": move on without answering or rating."""


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("practice")(practice)


def practice(
    topic: Annotated[str | None, typer.Option(help="Only this topic slug")] = None,
    company: Annotated[str | None, typer.Option(help="Only items asked at this company")] = None,
    kind: Annotated[
        str | None, typer.Option(help="concept, challenge, design, behavioral or case")
    ] = None,
    difficulty: Annotated[int | None, typer.Option(min=1, max=5, help="Exactly this")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many items")] = 20,
) -> None:
    """Practise today's queue: answer, see what you covered, rate; "q" quits."""
    coach = coach_from_env()
    try:
        queue = service.practice_queue(
            coach, kind=kind, topic=topic, company=company, difficulty=difficulty, limit=limit
        )
    except service.PracticeError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if not queue["items"]:
        render.console.print(nothing_due(queue), highlight=False)
        return
    loop = Loop(coach)
    try:
        loop.run(service.start_session(queue))
    except KeyboardInterrupt:
        render.console.print("\nInterrupted: the ratings given so far are saved.")
        raise typer.Exit(INTERRUPTED_EXIT) from None
    finally:
        loop.close()
        loop.summary()


# --- reading input -----------------------------------------------------------------------------


def read_line() -> str | None:
    """One line without its newline; None at end of input."""
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


def read_answer(prompt: str) -> str:
    """Lines up to one holding only "." (or end of input); "q" quits and "s" skips."""
    render.console.print(f"[bold]{prompt}[/] [dim](end with a line '.', q quits, s skips)[/]")
    lines: list[str] = []
    while (line := read_line()) is not None and line.strip() != ".":
        if not lines and line.strip().lower() in ("q", "s"):
            raise Quit if line.strip().lower() == "q" else Skip
        lines.append(line)
    if line is None and not lines:
        raise Quit
    return "\n".join(lines).strip()


def read_rating(preview: dict[str, Any], suggested: str) -> str:
    """A rating from 1-4, its name or initial; Enter takes `suggested`. End of input is no
    choice at all: it quits rather than save a rating the learner did not pick."""
    choices = "  ".join(
        f"[bold]{n}[/] {name} [dim]{preview[name]['interval']}[/]"
        for n, name in enumerate(RATINGS, start=1)
    )
    while True:
        render.console.print(f"Rate: {choices}  [dim](Enter = {suggested})[/]")
        line = read_line()
        if line is None:
            raise Quit
        if not line.strip():
            return suggested
        try:
            return parse_rating(line).name
        except ValueError as exc:
            render.error(str(exc))


# --- the loop ----------------------------------------------------------------------------------


class Loop:
    """One sitting: answers go through the services; the executor starts only if needed."""

    def __init__(self, coach: Coach):
        self.coach = coach
        self.executor: Executor | None = None
        self.ratings: Counter[str] = Counter()
        self.scores: list[float] = []
        self.first_answer = ""  # the current item's answer, graded again with its follow-up
        self.started, self.duration_ms = 0.0, 0

    def answered(self) -> None:
        """Time to answer, from the question shown to the answer given (for the review log)."""
        self.duration_ms = int((time.monotonic() - self.started) * 1000)

    def run(self, session: PracticeSession) -> None:
        """Work through the session until it is empty or the learner quits."""
        total, shown = len(session.pending), 0
        while (entry := session.next()) is not None:
            shown += 1
            render.console.rule(f"{shown}/{total + sum(session.returns.values())}")
            try:
                rated = self.one(entry)
            except Skip:
                continue
            except Quit:
                return
            if session.record(entry, parse_rating(rated)):
                render.console.print("[dim]It comes back later in this session.[/]")

    def one(self, entry: QueueEntry) -> str:
        """Question, answer, feedback, model answer, rating (saved); the rating's name."""
        view = service.item_view(self.coach, entry.item_id)
        state = "new" if entry.is_new else "review"
        render.console.print(
            f"[dim]{view['kind']} · {entry.topic} · difficulty {view['difficulty']} · {state}[/]",
            highlight=False,
        )
        render.markdown(view["prompt"])
        self.started = time.monotonic()
        if entry.kind == "challenge":
            answered = self.challenge(entry.item_id)
        else:
            answered = self.free_text(entry.item_id)
        suggested = answered["suggested_rating"]
        try:  # answered and graded: from here on, stopping leaves the item unrated
            if entry.kind != "challenge":
                self.follow_up(entry.item_id, answered)
            self.model_answer(entry.item_id)
            rating = read_rating(answered["preview"], suggested)
        except (Quit, KeyboardInterrupt):
            render.console.print(f"\n{NOT_RATED}")
            raise
        saved = service.rate_item(
            self.coach, entry.item_id, rating, suggested=suggested, duration_ms=self.duration_ms
        )
        self.ratings[rating] += 1
        self.scores.append(float(answered["score"]))
        when = local_time_text(saved["due_local"])
        render.console.print(f"Saved: {rating}, next in {saved['interval']} ({when})")
        return rating

    def free_text(self, item_id: str) -> dict[str, Any]:
        """Read and grade an answer (stored as an attempt)."""
        answer = read_answer("Your answer")
        self.answered()
        answered = service.answer_item(self.coach, item_id, answer)
        self.first_answer = answer
        render.grade_result(answered["result"])
        return answered

    def follow_up(self, item_id: str, answered: dict[str, Any]) -> None:
        """Offer the one follow-up on the answer's biggest gap; "s" or "." skips it, "q" quits."""
        question = answered["result"].get("follow_up")
        if not question:
            return
        render.console.print(f"\n[bold]Follow-up:[/] {escape(question)}", highlight=False)
        try:
            extra = read_answer("Your follow-up answer ('.' right away skips it)")
        except Skip:
            return
        if extra:
            more = service.answer_follow_up(
                self.coach, item_id, self.first_answer, answered["result"], extra
            )
            show_follow_up(more)

    def model_answer(self, item_id: str) -> None:
        """The reference answer; a challenge's solution only once code of their own was judged."""
        render.console.print("\n[bold]Model answer[/]")
        try:
            render.markdown(service.model_answer(self.coach, item_id))
        except ChallengeError:
            render.console.print(
                "Our solution stays hidden until you judge code of your own "
                "(the untouched starter does not count)."
            )

    def challenge(self, item_id: str) -> dict[str, Any]:
        """Hand out the starter file, then judge it when the learner presses Enter."""
        path, created = challenges.start(self.coach, item_id)
        kept = "" if created else " (your earlier work, kept)"
        render.console.print(
            f"\nEdit [bold]{escape(str(path))}[/]{kept}, then press Enter to judge it "
            "(q quits, s skips)."
        )
        line = read_line()
        if line is None or line.strip().lower() == "q":
            raise Quit
        if line.strip().lower() == "s":
            raise Skip
        if self.executor is None:
            from mlcoach.judge.pool import ZygoteExecutor

            self.executor = ZygoteExecutor(size=1)
        try:
            source = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            render.error(f"cannot read {path}: {exc.strerror}; skipping this item")
            raise Skip from None
        self.answered()
        answered = service.answer_item(self.coach, item_id, source, executor=self.executor)
        show_verdict(answered["result"])
        return answered

    def close(self) -> None:
        """Stop the judge's sandbox workers, if a challenge started them."""
        if self.executor is not None:
            self.executor.close()

    def summary(self) -> None:
        """How many items were rated, how, and the mean score."""
        done = sum(self.ratings.values())
        if not done:
            render.console.print("\nNothing rated this time.")
            return
        counts = ", ".join(f"{name} {self.ratings[name]}" for name in RATINGS if self.ratings[name])
        mean = sum(self.scores) / len(self.scores)
        render.console.print(
            f"\n[bold]Practised {done} item{'s' if done != 1 else ''}[/] ({counts}); "
            f"mean score {mean:.0f}/100. Run `mlcoach progress` to see where you stand.",
            highlight=False,
        )


# --- drawing -----------------------------------------------------------------------------------


def local_time_text(iso_local: str) -> str:
    """A local ISO time from the services, short for the terminal: "Tue 10 Mar 11:10"."""
    return datetime.fromisoformat(iso_local).strftime("%a %d %b %H:%M")


def show_follow_up(more: dict[str, Any]) -> None:
    """The key points the follow-up answer added, and the score it would have given."""
    added = more["added"]
    if not added:
        render.console.print("Your follow-up added no key point you had missed.")
    for point in added:
        render.console.print(f" [green]+[/] {escape(point['text'])}", highlight=False)
    render.console.print(
        f"With the follow-up your answer would score {more['score_after']}/100 "
        f"(first answer {more['score_before']}/100; the rating stays on the first).",
        highlight=False,
    )


def show_verdict(result: dict[str, Any]) -> None:
    """The judge's verdict and each case's outcome."""
    color = {"AC": "green", "PARTIAL": "yellow"}.get(result["verdict"], "red")
    render.console.print(
        f"[bold {color}]{result['verdict']}[/] {result['passed']}/{result['total']} cases"
    )
    for case in result.get("cases", []):
        mark = "[green]✓[/]" if case["status"] == "passed" else "[red]✗[/]"
        render.console.print(f" {mark} {escape(case['name'])} [dim]{case['status']}[/]")
        if case.get("message") and case["status"] != "passed":
            render.console.print(f"    {case['message']}", highlight=False, markup=False)
    if result["verdict"] == "CE" and result.get("message"):
        render.console.print(result["message"], highlight=False, markup=False)


def nothing_due(queue: dict[str, Any]) -> str:
    """Why the queue is empty, and when the next item is due (local time)."""
    if not queue["matching"]:
        return "No item matches these filters; try fewer options."
    parts = ["Nothing is due right now."]
    if queue["unseen"] and not queue["new_left_today"]:
        parts.append("Today's new items are done (MLCOACH_NEW_CARDS_PER_DAY); more come tomorrow.")
    if queue["next_due_local"]:
        parts.append(f"Next review: {local_time_text(queue['next_due_local'])} (local time).")
    return " ".join(parts)
