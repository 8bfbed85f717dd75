"""Request and response bodies of the JSON API: bad input is a 422 that names the field."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mlcoach.web.forms import ANSWER_LIMIT, SOURCE_LIMIT, clean_text


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Source = Annotated[str, Field(min_length=1, max_length=SOURCE_LIMIT), AfterValidator(clean_text)]
Answer = Annotated[str, Field(max_length=ANSWER_LIMIT), AfterValidator(clean_text)]


class ItemSummary(BaseModel):
    id: str
    kind: str
    title: str
    topics: list[str]
    companies: list[str]
    difficulty: int
    snippet: str = Field("", description="the passage that matched the query, as plain text")


class ItemList(BaseModel):
    count: int
    items: list[ItemSummary]


class ItemDetail(BaseModel):
    """What a learner may read; a challenge's tests and solution are never included."""

    id: str
    kind: str
    title: str
    topics: list[str]
    companies: list[str]
    tags: list[str]
    difficulty: int
    prompt: str = Field(description="Markdown with $...$ math")
    model_answer: str | None = None
    follow_ups: list[str] = []
    starter: str | None = None
    hint_count: int | None = None


class ChallengeSummary(BaseModel):
    id: str
    title: str
    topics: list[str]
    difficulty: int
    solved: bool


class CheckRequest(Strict):
    source: Source = Field(description="the Python module to judge")
    visible_only: bool = Field(False, description="run only the visible cases")


class CaseOut(BaseModel):
    name: str
    status: str
    message: str
    visible: bool
    expected: str | None = None
    got: str | None = None
    duration_ms: float | None = None


class JudgeOut(BaseModel):
    version: int
    challenge_id: str
    verdict: str = Field(description="AC, WA, PARTIAL, TLE, MLE, RE, CE, OLE, SV or IE")
    passed: int
    total: int
    message: str
    cases: list[CaseOut]
    stdout: str
    stdout_truncated: bool
    duration_ms: float
    executor: str
    protections: list[str]


class Hint(BaseModel):
    level: int
    total: int
    text: str


class Solution(BaseModel):
    challenge_id: str
    solution: str


class GradeRequest(Strict):
    item_id: str = Field(min_length=1, max_length=200)
    answer: Answer


class DesignNotes(Strict):
    """Notes per framework step; empty steps are allowed but not all of them."""

    requirements: Answer = ""
    framing: Answer = ""
    data: Answer = ""
    model: Answer = ""
    serving: Answer = ""


class GradeOut(BaseModel):
    item_id: str
    kind: str
    score: int
    result: dict[str, Any] = Field(
        description="key_points (text, covered, evidence), misconceptions, flags, follow_up, "
        "feedback; design adds steps, mistakes, pitfalls; behavioral adds parts, thin_part, "
        "ownership, measurable_results, lessons"
    )
