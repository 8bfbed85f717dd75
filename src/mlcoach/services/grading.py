"""Use-cases for free-text grading: a bank item, a rubric file, or a batch; attempts stored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlcoach.content import BehavioralPrompt, CaseStudy, ConceptQuestion, DesignPrompt
from mlcoach.grading import (
    Embedder,
    GradeResult,
    KeyPoint,
    Rubric,
    grade_answer,
    grade_design,
    grade_star,
    llm,
)
from mlcoach.grading.adapters import design_rubric, rubric_from_item, star_rubric
from mlcoach.services.coach import Coach
from mlcoach.services.decks import deck_id_of
from mlcoach.services.items import UnknownItem, find_item
from mlcoach.storage import repositories as repo


class GradingError(Exception):
    """Bad input to grading, with the field or file named and the fix."""


class RubricFile(BaseModel):
    """`--rubric-file` YAML: grade against any rubric, not only the bank's."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1)
    key_points: list[str | dict[str, Any]] = Field(min_length=1)
    misconceptions: list[str] = []
    reference_answer: str = ""
    follow_ups: list[str] = []

    def to_rubric(self) -> Rubric:
        points = []
        for point in self.key_points:
            if isinstance(point, str):
                points.append(KeyPoint(point))
            else:
                points.append(KeyPoint(str(point["text"]), float(point.get("weight", 1.0))))
        return Rubric(
            self.question,
            tuple(points),
            tuple(self.misconceptions),
            self.reference_answer,
            tuple(self.follow_ups),
        )


def load_rubric_file(path: Path) -> Rubric:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GradingError(f"{path}: no such file (pass a YAML rubric file)") from None
    except yaml.YAMLError as exc:
        raise GradingError(f"{path}: invalid YAML: {exc} (fix the syntax)") from None
    return rubric_from_mapping(data, str(path))


def rubric_from_mapping(data: Any, where: str) -> Rubric:
    try:
        return RubricFile.model_validate(data).to_rubric()
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise GradingError(
            f"{where}: rubric: {fields} (a rubric needs question and key_points; "
            "optional misconceptions, reference_answer, follow_ups)"
        ) from None


def grade_rubric(coach: Coach, rubric: Rubric, answer: str) -> dict[str, Any]:
    result = grade_answer(rubric, answer, coach.embedder)
    return _with_llm(coach, rubric, answer, result).to_dict()


def grade_item(coach: Coach, item_id: str, answer: str, store: bool = True) -> dict[str, Any]:
    """Grade an answer to a bank or deck item by its kind; the attempt is stored."""
    try:
        item = find_item(coach, item_id)
    except UnknownItem as exc:
        raise GradingError(str(exc)) from None
    result = _grade_by_kind(coach, item, answer, coach.embedder)
    if store:
        deck_id = deck_id_of(coach, item.id) if item.id not in coach.bank.items else None
        with coach.learner() as (session, user):
            repo.add_attempt(
                session,
                user,
                item_id=item.id,
                item_kind=item.kind,
                answer=answer,
                now=coach.now(),
                score=float(result["score"]),
                result=result,
                deck_id=deck_id,
            )
    return result


def _grade_by_kind(coach: Coach, item: Any, answer: str, embedder: Embedder) -> dict[str, Any]:
    if isinstance(item, ConceptQuestion | CaseStudy):
        rubric = rubric_from_item(item)
        return _with_llm(coach, rubric, answer, grade_answer(rubric, answer, embedder)).to_dict()
    if isinstance(item, DesignPrompt):
        return grade_design(design_rubric(item), answer, embedder).to_dict()
    if isinstance(item, BehavioralPrompt):
        return grade_star(star_rubric(item), answer, embedder).to_dict()
    raise GradingError(f"'{item.id}' is a coding challenge; use `mlcoach challenge check`")


def _with_llm(coach: Coach, rubric: Rubric, answer: str, result: GradeResult) -> GradeResult:
    """Blend in the optional LLM judge; any failure leaves the rubric result as it was."""
    base_url, model = coach.settings.llm_base_url, coach.settings.llm_model
    if not base_url or not model:
        return result
    try:
        with httpx.Client() as client:
            verdict = llm.judge(rubric, answer, client=client, base_url=base_url, model=model)
    except llm.LLMError:
        return result
    return llm.combine(result, verdict)


def grade_batch(coach: Coach, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One JSON object per input line with `question_id` or `rubric`, and `answer`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"line": number, "error": f"{where}: invalid JSON ({exc.msg})"}
            continue
        try:
            yield _grade_record(coach, record, where)
        except GradingError as exc:
            yield {"line": number, "error": str(exc)}


@dataclass
class BatchTally:
    """Counts `grade_batch` results as they stream past, so a failed line can set the exit code."""

    answered: int = 0
    failed_lines: list[int] = field(default_factory=list)

    def count(self, result: dict[str, Any]) -> None:
        self.answered += 1
        if "error" in result:
            self.failed_lines.append(int(result["line"]))

    def summary(self) -> str | None:
        """One line naming the failed input lines, or None when every line was graded."""
        if not self.failed_lines:
            return None
        noun = "line" if len(self.failed_lines) == 1 else "lines"
        numbers = ", ".join(map(str, self.failed_lines))
        return (
            f"{len(self.failed_lines)} of {self.answered} batch lines failed: {noun} {numbers} "
            '(each has an "error" field in the output; fix those lines and grade them again)'
        )


def _grade_record(coach: Coach, record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict) or not isinstance(record.get("answer"), str):
        raise GradingError(f"{where}: needs a string field 'answer'")
    if "question_id" in record:
        return grade_item(coach, str(record["question_id"]), record["answer"])
    if "rubric" in record:
        return grade_rubric(coach, rubric_from_mapping(record["rubric"], where), record["answer"])
    raise GradingError(f"{where}: needs 'question_id' or 'rubric'")
