"""A mock interview's state: ordered turns, the current position and each turn's time box.

Pure and serialisable (`to_dict` / `from_dict`): the caller passes `now` (aware UTC) to every
method that needs the time, and stores the dict between steps, so a killed process can pick
the session up from storage exactly where it stopped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

STATE_VERSION = 1
WARNING_SHARE = 0.8  # the warning shows once this share of a time box is used
MIN_FOLLOW_UP_SECONDS = 60

TurnKind = Literal["question", "follow-up", "design-step"]
TurnStatus = Literal["pending", "shown", "submitted", "graded"]


class StateError(Exception):
    """An action the session's current position does not allow (e.g. submit when finished)."""


class Turn(BaseModel):
    """One thing the interviewer asks: a bank item, one design step, or a follow-up."""

    model_config = ConfigDict(extra="forbid")

    kind: TurnKind
    section_id: str
    section_title: str
    item_id: str
    item_kind: str
    title: str
    topic: str
    dimension: str | None = None  # behavioral items: experience, culture-fit or communication
    seconds: int = Field(gt=0)
    step_id: str | None = None
    step_title: str | None = None
    parent: int | None = None  # index of the turn a follow-up digs into
    prompt: str = ""  # a follow-up's question; other turns show their item's prompt
    status: TurnStatus = "pending"
    shown_at: datetime | None = None
    deadline: datetime | None = None
    submitted_at: datetime | None = None
    draft: str = ""
    answer: str | None = None
    answer_id: int | None = None
    timed_out: bool = False
    result: dict[str, Any] | None = None
    score: float | None = None

    @property
    def question_key(self) -> str:
        """Which item in which section this turn belongs to (design steps share one key)."""
        return f"{self.section_id}/{self.item_id}"

    @property
    def used_seconds(self) -> float | None:
        if self.shown_at is None or self.submitted_at is None:
            return None
        return (self.submitted_at - self.shown_at).total_seconds()


class TurnClock(BaseModel):
    """Where the current turn stands against its time box."""

    seconds: int
    elapsed: float
    remaining: float
    warning: bool
    timed_out: bool
    deadline: datetime


class SessionState(BaseModel):
    """Every turn in order; `position` is the first turn not yet graded."""

    model_config = ConfigDict(extra="forbid")

    version: int = STATE_VERSION
    seed: int | None = None
    turns: list[Turn]
    position: int = 0
    last_seen: datetime | None = None  # the last sign of life from whoever sits the interview
    designs: dict[str, dict[str, Any]] = {}  # whole-design grades by question_key

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        return cls.model_validate(data)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.turns)

    def current(self) -> Turn | None:
        return None if self.finished else self.turns[self.position]

    def _require_current(self) -> Turn:
        turn = self.current()
        if turn is None:
            raise StateError("the interview has no turns left; finish it to see the scorecard")
        return turn

    def show(self, now: datetime) -> Turn:
        """Start the current turn's clock the first time it is shown."""
        turn = self._require_current()
        if turn.status == "pending":
            turn.status = "shown"
            turn.shown_at = now
            turn.deadline = now + timedelta(seconds=turn.seconds)
        self.last_seen = now
        return turn

    def clock(self, now: datetime) -> TurnClock:
        """The shown current turn against its box at `now` (warning from 80% used)."""
        turn = self._require_current()
        if turn.shown_at is None or turn.deadline is None:
            raise StateError("the current turn has not been shown yet")
        elapsed = max(0.0, (now - turn.shown_at).total_seconds())
        remaining = max(0.0, (turn.deadline - now).total_seconds())
        return TurnClock(
            seconds=turn.seconds,
            elapsed=elapsed,
            remaining=remaining,
            warning=elapsed >= WARNING_SHARE * turn.seconds,
            timed_out=remaining <= 0.0,
            deadline=turn.deadline,
        )

    def touch(self, now: datetime) -> None:
        self.last_seen = now

    def save_draft(self, text: str, now: datetime) -> Turn:
        turn = self._require_current()
        if turn.status != "shown":
            raise StateError(f"turn {self.position} is {turn.status}; drafts go to a shown turn")
        turn.draft = text
        self.last_seen = now
        return turn

    def submit(self, answer: str, now: datetime, answer_id: int | None = None) -> Turn:
        """Take the answer; a submission at or after the deadline counts as timed out."""
        turn = self._require_current()
        if turn.status != "shown" or turn.deadline is None:
            raise StateError(
                f"turn {self.position} is {turn.status}; only a shown turn takes answers"
            )
        turn.status = "submitted"
        turn.answer = answer
        turn.draft = answer
        turn.answer_id = answer_id
        turn.submitted_at = now
        turn.timed_out = now >= turn.deadline
        self.last_seen = now
        return turn

    def record(self, result: dict[str, Any], score: float, follow_up: str | None) -> Turn | None:
        """Store the grade, maybe queue a follow-up right after, and move on.

        Returns the follow-up turn when one was queued. A question gets at most one follow-up,
        and a follow-up never gets one of its own.
        """
        turn = self._require_current()
        if turn.status != "submitted":
            raise StateError(f"turn {self.position} is {turn.status}; grade a submitted turn")
        turn.status = "graded"
        turn.result = result
        turn.score = score
        queued = None
        if follow_up and self.can_follow_up(self.position):
            queued = self._follow_up_turn(turn, follow_up)
            self.turns.insert(self.position + 1, queued)
        self.position += 1
        return queued

    def can_follow_up(self, index: int) -> bool:
        """Whether the turn at `index` may still get its one follow-up."""
        turn = self.turns[index]
        if turn.kind == "follow-up" or turn.item_kind == "challenge":
            return False
        return not any(t.parent == index for t in self.turns)

    def _follow_up_turn(self, parent: Turn, text: str) -> Turn:
        return Turn(
            kind="follow-up",
            section_id=parent.section_id,
            section_title=parent.section_title,
            item_id=parent.item_id,
            item_kind=parent.item_kind,
            title=parent.title,
            topic=parent.topic,
            dimension=parent.dimension,
            seconds=follow_up_seconds(parent),
            step_id=parent.step_id,
            step_title=parent.step_title,
            parent=self.position,
            prompt=text,
        )

    def resume(self, now: datetime) -> None:
        """Give back the time nobody was there: the clock stops while the session is away.

        A killed terminal cannot say when it died; the last draft save or heartbeat
        (`last_seen`) is the best lower bound, so the current turn's box is shifted by
        `now - last_seen` and the learner continues with the time they had left.
        """
        turn = self.current()
        if turn is None or turn.status != "shown" or self.last_seen is None:
            self.last_seen = now
            return
        away = now - self.last_seen
        if away > timedelta(0) and turn.shown_at and turn.deadline:
            turn.shown_at += away
            turn.deadline += away
        self.last_seen = now

    def turns_of(self, question_key: str) -> list[Turn]:
        return [t for t in self.turns if t.question_key == question_key]

    def follow_up_of(self, index: int) -> Turn | None:
        return next((t for t in self.turns if t.parent == index), None)

    def question_done(self, question_key: str) -> bool:
        """Every turn of this item (all design steps and follow-ups) is graded."""
        return all(t.status == "graded" for t in self.turns_of(question_key))


def follow_up_seconds(parent: Turn) -> int:
    """A follow-up runs in what is left of its question's box: at least a minute, at most half."""
    left = 0.0
    if parent.deadline is not None and parent.submitted_at is not None:
        left = (parent.deadline - parent.submitted_at).total_seconds()
    upper = max(MIN_FOLLOW_UP_SECONDS, parent.seconds // 2)
    return int(min(max(left, MIN_FOLLOW_UP_SECONDS), upper))


def design_transcript(turns: list[Turn]) -> str:
    """The design's answers in the order given, one paragraph each.

    No step headings: the design grader reads the order of what was said (a model named before
    any requirement is a classic mistake), and a heading would say it for the candidate.
    """
    return "\n\n".join(t.answer.strip() for t in turns if t.answer and t.answer.strip())
