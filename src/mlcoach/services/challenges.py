"""Use-cases for coding challenges: judge and store, workspace files, hints, solutions."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from mlcoach.content import Bank, Challenge, Problem
from mlcoach.judge.executor import Executor
from mlcoach.judge.pool import ZygoteExecutor
from mlcoach.judge.results import JudgeResult, Verdict
from mlcoach.judge.runner import SuiteError, load_suite
from mlcoach.judge.runner import judge as run_judge
from mlcoach.services.coach import Coach
from mlcoach.storage import repositories as repo

MIN_CASES = 8


class ChallengeError(Exception):
    """A use-case refused, with a message that says what to do instead."""


def get_challenge(bank: Bank, challenge_id: str) -> Challenge:
    item = bank.items.get(challenge_id)
    if not isinstance(item, Challenge):
        raise ChallengeError(f"no challenge '{challenge_id}'; run `mlcoach challenge list`")
    return item


def check_submission(
    coach: Coach, executor: Executor, challenge_id: str, source: str, visible_only: bool = False
) -> JudgeResult:
    """Judge `source` and store the attempt (every check counts as one)."""
    challenge = get_challenge(coach.bank, challenge_id)
    result = run_judge(challenge, source, executor, visible_only=visible_only)
    with coach.learner() as (session, user):
        repo.add_attempt(
            session,
            user,
            item_id=challenge.id,
            item_kind="challenge",
            answer=source,
            now=coach.now(),
            verdict=result.verdict.value,
            score=100.0 * result.passed / max(result.total, 1),
            duration_ms=int(result.duration_ms),
            result=result.to_dict(),
        )
    return result


def judge_answer(
    coach: Coach, challenge_id: str, source: str, executor: Executor | None = None
) -> dict[str, Any]:
    """Judge and store one answer with the caller's executor, or a one-worker pool started
    for it (practice and mock interviews judge one answer at a time)."""
    runner = executor or ZygoteExecutor(size=1)
    try:
        return check_submission(coach, runner, challenge_id, source).to_dict()
    finally:
        if executor is None:
            runner.close()


def has_attempted(coach: Coach, challenge_id: str) -> bool:
    """Whether the learner has had code of their own judged: the untouched starter does not
    count (judging it shows nothing of theirs, so it must not unlock our solution)."""
    starter = _program(get_challenge(coach.bank, challenge_id).starter)
    with coach.learner() as (session, user):
        answers = [a.answer for a in repo.attempts_for(session, user, challenge_id)]
    return any(_program(answer) != starter for answer in answers)


def _program(source: str) -> str:
    """The source as a program, comments, blank lines and layout aside (its syntax tree as
    text); a source that does not parse stands for itself."""
    try:
        return ast.dump(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError):
        return f"unparsed:{source}"


def solved_ids(coach: Coach) -> set[str]:
    with coach.learner() as (session, user):
        return repo.solved_item_ids(session, user)


def solution_for(coach: Coach, challenge_id: str) -> str:
    """Our solution, only after the learner has made an attempt of their own."""
    challenge = get_challenge(coach.bank, challenge_id)
    if not has_attempted(coach, challenge_id):
        raise ChallengeError(
            f"make an attempt first: change the starter, then `mlcoach challenge check "
            f"{challenge_id}` (judging the untouched starter does not count)"
        )
    return challenge.solution


def hint(coach: Coach, challenge_id: str, level: int) -> tuple[str, int]:
    hints = get_challenge(coach.bank, challenge_id).hints
    level = min(max(level, 1), len(hints))
    return hints[level - 1], len(hints)


def workspace_file(coach: Coach, challenge_id: str) -> Path:
    return coach.settings.effective_workspace_dir / challenge_id / "solution.py"


def start(coach: Coach, challenge_id: str) -> tuple[Path, bool]:
    """Write the starter into the workspace (never over the learner's work)."""
    challenge = get_challenge(coach.bank, challenge_id)
    path = workspace_file(coach, challenge_id)
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(challenge.starter, encoding="utf-8")
    return path, True


def verify_bank_challenges(
    bank: Bank, executor: Executor | None = None
) -> tuple[list[Problem], int]:
    """In the real sandbox: every solution passes, every starter fails, enough cases."""
    own = executor is None
    runner = executor or ZygoteExecutor()
    problems: list[Problem] = []
    try:
        for challenge in bank.challenges():
            problems += _verify_one(bank, challenge, runner)
    finally:
        if own:
            runner.close()
    return problems, len(bank.challenges())


def _verify_one(bank: Bank, challenge: Challenge, executor: Executor) -> list[Problem]:
    folder = bank.paths.get(challenge.id, challenge.id)
    try:
        suite = load_suite(challenge.id, challenge.tests, challenge.solution)
    except SuiteError as exc:
        return [
            Problem(f"{folder}/test_{challenge.id}.py", "(file)", str(exc), "fix the test file")
        ]
    problems = []
    if len(suite.cases) < MIN_CASES:
        problems.append(
            Problem(
                f"{folder}/test_{challenge.id}.py",
                "cases",
                f"{len(suite.cases)} cases, at least {MIN_CASES} needed",
                "add hidden cases, including edge cases",
            )
        )
    if not any(c.visible for c in suite.cases):
        problems.append(
            Problem(
                f"{folder}/test_{challenge.id}.py",
                "cases",
                "no visible case",
                "mark 2-3 cases @case(visible=True)",
            )
        )
    solved = run_judge(challenge, challenge.solution, executor)
    if solved.verdict is not Verdict.AC:
        problems.append(
            Problem(
                f"{folder}/solution.py",
                "(file)",
                f"the reference solution gets {solved.message}",
                "fix the solution or the tests",
            )
        )
    started = run_judge(challenge, challenge.starter, executor)
    if started.verdict is Verdict.AC:
        problems.append(
            Problem(
                f"{folder}/starter.py",
                "(file)",
                "the starter passes every test",
                "leave the body unimplemented",
            )
        )
    return problems
