"""Running or submitting a challenge's untouched starter is judged like any code, but it does
not count as the attempt that unlocks the reference solution (the page once answered 500)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from mlcoach.services.coach import Coach
from web.webtools import HTMX


@pytest.mark.parametrize("action", ["run", "submit"])
def test_the_untouched_starter_is_judged_and_keeps_the_solution_locked(
    client: TestClient, coach: Coach, action: str
) -> None:
    starter = coach.bank.items["softmax"].starter  # type: ignore[union-attr]
    judged = client.post(f"/challenges/softmax/{action}", data={"source": starter}, headers=HTMX)
    assert judged.status_code == 200, judged.text
    page = client.get("/challenges/softmax")
    assert page.status_code == 200
    assert "Reveal our solution" not in judged.text + page.text
    assert "the untouched starter does not count" in page.text
