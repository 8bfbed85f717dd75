"""Property-based run over the JSON API from its OpenAPI schema: no input makes a server error."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from mlcoach.judge.executor import ExecOutcome, Job
from mlcoach.web.app import create_app
from web.webtools import make_coach


class NoRunExecutor:
    """Generated sources are never executed, even in-process: the judge sees a crash."""

    name = "no-run"

    def run(self, job: Job) -> ExecOutcome:
        return ExecOutcome("crashed", b"", 0.1, "not run in the schema test")

    def protections(self) -> dict[str, str]:
        return {"sandbox": "off: nothing runs"}

    def close(self) -> None:
        return None


# schemathesis' lazy `from_fixture` schemas do not run under pytest 9, so the app is built once
# at import, over a private data folder removed when the module's tests finish.
_DATA = tempfile.TemporaryDirectory(prefix="mlcoach-schema-")
_COACH = make_coach(Path(_DATA.name))
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_COACH, NoRunExecutor()))


@pytest.fixture(scope="module", autouse=True)
def _remove_data() -> Iterator[None]:
    yield
    _COACH.engine.dispose()
    _DATA.cleanup()


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_with_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])


def test_openapi_lists_every_api_route() -> None:
    paths = set(schema.raw_schema["paths"])
    assert {
        "/api/items", "/api/items/{item_id}", "/api/challenges",
        "/api/challenges/{challenge_id}/check", "/api/challenges/{challenge_id}/hints/{level}",
        "/api/challenges/{challenge_id}/solution", "/api/grade",
        "/api/design/{item_id}/check", "/api/stories", "/api/stories/{story_id}",
        "/api/practice/queue", "/api/practice/{item_id}/preview", "/api/practice/{item_id}/answer",
        "/api/practice/{item_id}/follow-up", "/api/practice/{item_id}/rate", "/api/progress",
        "/api/interviews", "/api/interviews/{session_id}", "/api/interviews/{session_id}/draft",
        "/api/interviews/{session_id}/submit", "/api/interviews/{session_id}/resume",
        "/api/interviews/{session_id}/finish", "/api/interviews/{session_id}/report", "/api/plan",
    } == paths  # fmt: skip
