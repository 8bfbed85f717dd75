"""Challenges in the browser and as JSON: judge, verdict tables, hint ladder, solution gate."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from mlcoach.web.forms import SOURCE_LIMIT
from web.webtools import HTMX, solution_source

WRONG = "import numpy as np\n\ndef softmax(logits):\n    return np.asarray(logits) * 0.0\n"


def test_list_shows_solved_state_and_filters(client: TestClient) -> None:
    html = client.get("/challenges").text
    assert 'href="/challenges/softmax"' in html and "✓ solved" not in html
    client.post("/challenges/softmax/submit", data={"source": solution_source("softmax")})
    solved = client.get("/challenges", params={"status": "solved"}).text
    assert 'href="/challenges/softmax"' in solved and "✓ solved" in solved
    assert 'href="/challenges/pca"' not in solved
    unsolved = client.get("/challenges", params={"status": "unsolved"}).text
    assert 'href="/challenges/softmax"' not in unsolved


def test_list_filters_by_topic_and_difficulty(client: TestClient) -> None:
    html = client.get("/challenges", params={"difficulty": "1"}, headers=HTMX).text
    assert "<nav" not in html and "<table" in html


def test_list_is_sorted_by_title_with_the_banks_topic_names(client: TestClient) -> None:
    html = client.get("/challenges").text
    titles = re.findall(r'<td><a href="/challenges/[^"]+">([^<]+)</a></td>', html)
    assert len(titles) > 10 and titles == sorted(titles, key=str.casefold)
    assert '<option value="deep-learning">Deep learning</option>' in html
    assert '<span class="chip">ML fundamentals</span>' in html
    assert ">Apply filters</button>" in html  # the words Practice uses
    assert '<span class="chip">Deep learning</span>' in client.get("/challenges/softmax").text


def test_editor_starts_with_the_starter(client: TestClient) -> None:
    html = client.get("/challenges/softmax").text
    assert "def softmax" in html
    assert 'data-editor="python"' in html
    assert "unlocks once code of your own has been run or submitted" in html


def test_run_visible_tests_shows_only_visible_cases(client: TestClient) -> None:
    response = client.post(
        "/challenges/softmax/run", data={"source": solution_source("softmax")}, headers=HTMX
    )
    assert response.status_code == 200
    assert "Accepted" in response.text and "visible cases passed" in response.text
    assert "<nav" not in response.text


def test_submit_wrong_code_shows_per_case_verdicts(client: TestClient) -> None:
    response = client.post("/challenges/softmax/submit", data={"source": WRONG}, headers=HTMX)
    assert response.status_code == 200
    assert "Wrong answer" in response.text or "Partly correct" in response.text
    assert 'class="s-failed"' in response.text
    assert "expected <code>" in response.text  # visible cases say what was expected


def test_verdict_says_things_once_and_in_words(client: TestClient) -> None:
    html = client.post("/challenges/softmax/submit", data={"source": WRONG}, headers=HTMX).text
    assert "first problem in" not in html  # the summary would repeat the table
    assert "not_run" not in html and "✗ failed" in html
    row = html.split("<td>zeros_are_uniform", 1)[1].split("</tr>", 1)[0]
    details = row.split('class="small case-message">', 1)[1].split("</div>", 1)[0]
    # "softmax([[0., …]]): softmax(zeros((2, 4))): values differ …" said the call twice
    assert details.startswith("softmax(zeros((2, 4))): values differ")


def test_a_syntax_error_shows_the_message_and_cases_not_run(client: TestClient) -> None:
    html = client.post("/challenges/softmax/submit", data={"source": "def softmax(:\n"}).text
    assert '<pre class="message">SyntaxError' in html  # no case tells it: the message does
    assert "– not run" in html and "not_run" not in html.replace('class="s-not_run"', "")


def test_submission_unlocks_the_solution_out_of_band(client: TestClient) -> None:
    response = client.post("/challenges/softmax/submit", data={"source": WRONG}, headers=HTMX)
    assert 'id="solution" aria-label="Reference solution" hx-swap-oob="true"' in response.text
    assert "Reveal our solution" in response.text
    page = client.get("/challenges/softmax").text
    assert "Reveal our solution" in page
    assert "np.asarray(logits) * 0.0" in page  # the editor reopens on the last submission


def test_plain_form_post_returns_the_whole_page(client: TestClient) -> None:
    response = client.post("/challenges/softmax/submit", data={"source": WRONG})
    assert response.status_code == 200
    assert "<nav" in response.text and 'class="verdict' in response.text


def test_syntax_error_is_a_verdict_not_a_server_error(client: TestClient) -> None:
    response = client.post("/challenges/softmax/submit", data={"source": "def softmax(:\n"})
    assert response.status_code == 200
    assert "Does not compile" in response.text


@pytest.mark.parametrize("source", ["", "   \n"])
def test_empty_source_is_422(client: TestClient, source: str) -> None:
    response = client.post("/challenges/softmax/submit", data={"source": source}, headers=HTMX)
    assert response.status_code == 422
    assert "source" in response.text and "<nav" not in response.text


def test_oversized_source_is_422(client: TestClient) -> None:
    response = client.post("/challenges/softmax/run", data={"source": "#" * (SOURCE_LIMIT + 1)})
    assert response.status_code == 422 and "source" in response.text


def test_unknown_challenge_post_is_404(client: TestClient) -> None:
    assert client.post("/challenges/nope/submit", data={"source": "x = 1"}).status_code == 404


def test_hint_ladder_goes_one_rung_at_a_time(client: TestClient) -> None:
    first = client.get("/challenges/softmax/hints/1", headers=HTMX).text
    assert "Hint 1 of 2" in first and "Hint 2 of 2" not in first
    assert 'hx-get="/challenges/softmax/hints/2"' in first
    last = client.get("/challenges/softmax/hints/2", headers=HTMX).text
    assert "Hint 2 of 2" in last and "That was the last hint." in last
    assert client.get("/challenges/softmax/hints/3").status_code == 422
    assert "Hint 1 of 2" in client.get("/challenges/softmax?hints=1").text


def test_api_lists_challenges_with_solved_flag(client: TestClient) -> None:
    client.post("/api/challenges/softmax/check", json={"source": solution_source("softmax")})
    rows = client.get("/api/challenges", params={"solved": "true"}).json()
    assert [r["id"] for r in rows] == ["softmax"]
    assert client.get("/api/challenges", params={"difficulty": 9}).status_code == 422


def test_api_check_returns_the_versioned_result(client: TestClient) -> None:
    response = client.post(
        "/api/challenges/softmax/check",
        json={"source": solution_source("softmax"), "visible_only": True},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "AC" and body["version"] == 1
    assert all(case["visible"] for case in body["cases"])


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "source"), ({"source": ""}, "source"), ({"source": 3}, "source"),
     ({"source": "x", "extra": 1}, "extra"), ({"source": "x", "visible_only": "maybe"}, "visible_only")],
)  # fmt: skip
def test_api_check_bad_body_is_422_naming_the_field(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    response = client.post("/api/challenges/softmax/check", json=body)
    assert response.status_code == 422
    assert field in [str(part) for e in response.json()["detail"] for part in e["loc"]]


def test_api_unknown_challenge_is_404(client: TestClient) -> None:
    response = client.post("/api/challenges/nope/check", json={"source": "x = 1"})
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_api_solution_only_after_an_attempt(client: TestClient) -> None:
    refused = client.get("/api/challenges/softmax/solution")
    assert refused.status_code == 409 and "attempt" in refused.json()["detail"]
    client.post("/api/challenges/softmax/check", json={"source": WRONG})
    shown = client.get("/api/challenges/softmax/solution")
    assert shown.status_code == 200 and "def softmax" in shown.json()["solution"]


def test_api_hints(client: TestClient) -> None:
    hint = client.get("/api/challenges/softmax/hints/1").json()
    assert hint["level"] == 1 and hint["total"] == 2 and hint["text"]
    assert client.get("/api/challenges/softmax/hints/3").status_code == 422
    assert client.get("/api/challenges/softmax/hints/0").status_code == 422
