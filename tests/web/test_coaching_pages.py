"""Dashboard, practice, mock interview and study plan pages and their JSON API."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlcoach.services import practice
from mlcoach.services.coach import Coach
from web.webtools import HTMX, solution_source, two_question_blueprint

TINY_BLUEPRINT = two_question_blueprint("tiny", "Tiny interview", "knn-basics")
KNN_ANSWER = (
    "KNN is lazy: training stores the data and prediction takes a majority vote of the k "
    "nearest points. Features must be scaled, and k is chosen by cross-validation."
)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/", "Mastery by topic"),
        ("/practice", "Your answer"),
        ("/practice?kind=concept&difficulty=", "Grade my answer"),
        ("/practice/softmax", "Submit code"),
        ("/interview", "Start the interview"),
        ("/plan", "Make my plan"),
    ],
)
def test_pages_render(client: TestClient, url: str, text: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert text in response.text


def test_dashboard_chart_is_accessible_svg(client: TestClient) -> None:
    html = client.get("/").text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    assert "Deep learning" in svg or "deep" in svg.lower()


@pytest.mark.parametrize(
    ("url", "field"),
    [("/practice?difficulty=9", "difficulty"), ("/practice?topic=nope", "topic")],
)
def test_practice_filters_are_checked(client: TestClient, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert field in response.text


def test_practice_flow_feedback_follow_up_model_answer_rating(client: TestClient) -> None:
    feedback = client.post("/practice/knn-basics/answer", data={"answer": KNN_ANSWER}, headers=HTMX)
    assert feedback.status_code == 200
    assert 'class="covered"' in feedback.text and 'class="missed"' in feedback.text
    assert "Follow-up on the gap" in feedback.text
    suggested = re.search(r'name="suggested" value="(\w+)"', feedback.text)
    assert suggested is not None
    follow = client.post(
        "/practice/knn-basics/follow-up",
        data={
            "answer": "Use KD-trees or HNSW to speed it up.",
            "first_answer": KNN_ANSWER,
            "suggested": suggested.group(1),
        },
        headers=HTMX,
    )
    assert follow.status_code == 200
    assert "Model answer" in follow.text
    for rating in ("Again", "Hard", "Good", "Easy"):
        assert f'value="{rating}"' in follow.text
    assert f'value="{suggested.group(1)}" class="rate-{suggested.group(1).lower()} suggested"' in (
        follow.text
    )
    rated = client.post(
        "/practice/knn-basics/rate", data={"rating": "Good", "kind": "concept"},
        follow_redirects=False,
    )  # fmt: skip
    assert rated.status_code == 303
    assert rated.headers["location"] == "/practice?kind=concept"


def test_practice_rejects_empty_answer_and_bad_rating(client: TestClient) -> None:
    empty = client.post("/practice/knn-basics/answer", data={"answer": " "}, headers=HTMX)
    assert empty.status_code == 422 and "answer" in empty.text
    bad = client.post("/practice/knn-basics/rate", data={"rating": "Great"})
    assert bad.status_code == 422 and "rating" in bad.text
    assert client.post("/practice/nope/answer", data={"answer": "x"}).status_code == 404


def test_practice_challenge_is_judged_and_solution_shown_after(client: TestClient) -> None:
    wrong = client.post(
        "/practice/softmax/answer", data={"answer": "def softmax(x):\n    return x"}, headers=HTMX
    )
    assert "v-WA" in wrong.text or "v-RE" in wrong.text
    reveal = client.post("/practice/softmax/reveal", data={}, headers=HTMX)
    assert "Model answer" in reveal.text


def test_two_first_ratings_at_once_never_fail(client: TestClient, coach: Coach) -> None:
    results: list[int] = []

    def rate() -> None:
        results.append(client.post("/api/practice/dropout-regularization/rate",
                                   json={"rating": "Good"}).status_code)  # fmt: skip

    threads = [threading.Thread(target=rate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 4
    assert practice.preview(coach, "dropout-regularization")["Good"]["interval"]


def test_mock_interview_to_scorecard_and_reports(client: TestClient, tmp_path: Path) -> None:
    blueprint = tmp_path / "tiny.toml"
    blueprint.write_text(TINY_BLUEPRINT, encoding="utf-8")
    turn = client.post("/interview/start", data={"blueprint_file": str(blueprint)})
    assert turn.status_code == 200
    assert "data-countdown" in turn.text and 'data-seconds-left="60' in turn.text
    session_id = re.search(r"/interview/(\w+)/submit", turn.text)
    assert session_id is not None
    sid = session_id.group(1)
    clock = client.post(f"/api/interviews/{sid}/draft", json={"text": "a draft"})
    assert clock.status_code == 200 and clock.json()["seconds"] == 60
    assert "a draft" in client.get(f"/interview/{sid}").text  # a reload keeps the draft
    for _ in range(6):  # the answers, and any follow-ups the grader asks
        page = client.get(f"/interview/{sid}")
        if "Scorecard" in page.text:
            break
        client.post(f"/interview/{sid}/submit", data={"answer": KNN_ANSWER})
    card = client.get(f"/interview/{sid}/scorecard")
    assert card.status_code == 200
    for text in ("Technical", "Communication", "Biggest gaps", "Practise next", "report.md"):
        assert text in card.text
    markdown = client.get(f"/interview/{sid}/report.md")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith(
        "text/markdown"
    )
    assert "attachment" in markdown.headers["content-disposition"]
    assert "<html" in client.get(f"/interview/{sid}/report.html").text.lower()
    assert client.get(f"/interview/{sid}/report.pdf").status_code == 404


def test_interview_errors(client: TestClient) -> None:
    assert client.get("/interview/nope").status_code == 404
    assert client.post("/interview/start", data={"blueprint": ""}).status_code == 422
    missing = client.post("/interview/start", data={"blueprint_file": "/no/such.toml"})
    assert missing.status_code == 422
    assert client.post("/api/interviews", json={"blueprint": "nope"}).status_code == 404
    assert client.post("/api/interviews", json={"blueprint": "../x"}).status_code == 422
    assert client.post("/api/interviews/nope/draft", json={"text": ""}).status_code == 404


def test_api_interview_flow(client: TestClient) -> None:
    started = client.post("/api/interviews", json={"blueprint": "phone-screen", "seed": 3})
    assert started.status_code == 201
    sid = started.json()["session_id"]
    turn = client.get(f"/api/interviews/{sid}").json()
    assert turn["status"] == "running" and turn["seconds_left"] > 0
    submitted = client.post(f"/api/interviews/{sid}/submit", json={"answer": KNN_ANSWER})
    assert submitted.status_code == 200
    assert client.get(f"/api/interviews/{sid}/report").status_code == 409
    finished = client.post(f"/api/interviews/{sid}/finish")
    assert finished.status_code == 200
    report = client.get(f"/api/interviews/{sid}/report", params={"format": "md"}).json()
    assert report["text"].startswith("#")


def test_plan_page_ics_and_api(client: TestClient) -> None:
    assert client.get("/api/plan").status_code == 422  # no interview date saved yet
    made = client.post(
        "/plan", data={"interview_date": "2026-04-20", "company": "", "hours_per_week": "5"}
    )
    assert made.status_code == 200 and "Week 1" in made.text and "plan.ics" in made.text
    ics = client.get("/plan.ics")
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR")
    assert client.get("/api/plan").json()["interview_date"] == "2026-04-20"
    assert "this week" in client.get("/").text.lower()
    past = client.post("/api/plan", json={"interview_date": "2020-01-01"})
    assert past.status_code == 422 and past.json()["detail"][0]["loc"][-1] == "interview_date"
    hours = client.post("/plan", data={"interview_date": "2026-04-20", "hours_per_week": "x"})
    assert hours.status_code == 422 and "Hours per week: &#39;x&#39; is not a number" in hours.text


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (
            {"interview_date": "2020-01-01", "company": "google", "hours_per_week": "5"},
            "Interview date: 2020-01-01 is not after today (2026-03-02)",
        ),
        (
            {"interview_date": "2026-04-20", "company": "google", "hours_per_week": "1000"},
            "Hours per week: 1000 is out of range; give 1 to 80",
        ),
    ],
)
def test_bad_plan_input_keeps_the_form_and_speaks_its_words(
    client: TestClient, data: dict[str, str], shown: str
) -> None:
    response = client.post("/plan", data=data)
    assert response.status_code == 422
    html = response.text
    assert shown in html and "--" not in html.split("<main", 1)[1].split("</main>")[0]
    form = html.split('<form method="post" action="/plan"', 1)[1].split("</form>")[0]
    assert f'value="{data["interview_date"]}"' in form
    assert f'value="{data["hours_per_week"]}"' in form
    assert '<option value="google" selected>' in form
    assert 'aria-invalid="true"' in form and 'max="80"' in form
    assert client.get("/api/plan").status_code == 422  # nothing was saved


def test_api_practice(client: TestClient) -> None:
    queue = client.get("/api/practice/queue", params={"kind": "concept", "limit": 3})
    assert queue.status_code == 200 and len(queue.json()["items"]) == 3
    assert client.get("/api/practice/queue", params={"topic": "nope"}).status_code == 422
    answered = client.post("/api/practice/knn-basics/answer", json={"answer": KNN_ANSWER})
    assert answered.status_code == 200
    assert set(answered.json()["preview"]) == {"Again", "Hard", "Good", "Easy"}
    judged = client.post(
        "/api/practice/softmax/answer", json={"answer": solution_source("softmax")}
    )
    assert judged.json()["result"]["verdict"] == "AC"
    assert client.post("/api/practice/knn-basics/rate", json={"rating": "meh"}).status_code == 422
    assert client.get("/api/progress").json()["totals"]["attempts"] == 2


RELU_PARTIAL = (
    "ReLU is cheap to compute and gives sparse activations. Its derivative is 1 for positive "
    "inputs, so it does not saturate on that side."
)
RELU_FOLLOW_UP = (
    "Sigmoid and tanh saturate: for large inputs their derivative is close to zero, so earlier "
    "layers get almost no gradient. Sigmoid outputs are always positive, not zero-centred."
)


def _attempts(coach: Coach, item_id: str) -> int:
    from mlcoach.storage import repositories as repo

    with coach.learner() as (session, user):
        return len(repo.attempts_for(session, user, item_id))


def _follow_up_form(feedback_html: str) -> dict[str, list[str]]:
    """The hidden fields of the follow-up form, as the browser would send them."""
    import html

    form = feedback_html[feedback_html.index('id="follow-form"') :]
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(html.unescape(value))
    return fields


def test_an_empty_follow_up_keeps_the_form_with_the_error(client: TestClient) -> None:
    feedback = client.post(
        "/practice/relu-vs-sigmoid-tanh/answer", data={"answer": RELU_PARTIAL}, headers=HTMX
    )
    fields = _follow_up_form(feedback.text)
    empty = client.post(
        "/practice/relu-vs-sigmoid-tanh/follow-up", data={**fields, "answer": " "}, headers=HTMX
    )
    assert empty.status_code == 422
    assert "answer: is empty" in empty.text
    for kept in ('id="follow-answer"', "Skip it", "Follow-up on the gap", fields["question"][0]):
        assert kept in empty.text
    plain = client.post("/practice/relu-vs-sigmoid-tanh/follow-up", data={**fields, "answer": ""})
    assert plain.status_code == 422
    assert "answer: is empty" in plain.text and 'id="follow-answer"' in plain.text


def test_the_follow_up_question_renders_math_and_the_result_reads_as_a_change(
    client: TestClient,
) -> None:
    feedback = client.post(
        "/practice/relu-vs-sigmoid-tanh/answer", data={"answer": RELU_PARTIAL}, headers=HTMX
    )
    fields = _follow_up_form(feedback.text)
    first_score = re.search(r'class="score \w+">(\d+)', feedback.text)
    assert first_score is not None
    result = client.post(
        "/practice/relu-vs-sigmoid-tanh/follow-up",
        data={**fields, "answer": RELU_FOLLOW_UP},
        headers=HTMX,
    )
    assert result.status_code == 200
    assert "–" not in result.text
    assert f"raised your score from {round(float(first_score.group(1)))} to" in result.text
    assert "Your follow-up covered:" in result.text
    assert "did not cover" not in result.text


def test_a_follow_up_question_with_math_is_typeset(client: TestClient) -> None:
    html = client.post(
        "/practice/knn-basics/follow-up",
        data={"first_answer": KNN_ANSWER, "question": "Why is $|z|$ large?", "answer": ""},
        headers=HTMX,
    ).text
    shown = html[html.index('<p class="follow-up">') :]
    shown = shown[: shown.index("</p>")]
    assert "<math" in shown and "$|z|$" not in shown


def test_a_reload_reopens_the_graded_answer_without_a_second_attempt(
    client: TestClient, coach: Coach
) -> None:
    client.post("/practice/knn-basics/answer", data={"answer": KNN_ANSWER}, headers=HTMX)
    reopened = client.get("/practice/knn-basics")
    assert "Follow-up on the gap" in reopened.text and "Feedback" in reopened.text
    assert "majority vote of the k" in reopened.text
    assert _attempts(coach, "knn-basics") == 1
    client.post("/practice/knn-basics/rate", data={"rating": "Good"})
    assert "Follow-up on the gap" not in client.get("/practice/knn-basics").text


def test_interview_start_preselects_the_shortest_blueprint_with_durations(
    client: TestClient, coach: Coach
) -> None:
    html = client.get("/interview").text
    shortest = min(coach.bank.blueprints.values(), key=lambda b: (b.duration_minutes, b.title))
    checked = re.findall(r'name="blueprint" value="([\w-]+)" required checked', html)
    assert checked == [shortest.id]
    longest = max(coach.bank.blueprints.values(), key=lambda b: b.duration_minutes)
    hours, minutes = divmod(longest.duration_minutes, 60)
    assert f"{hours} h" in html and (not minutes or f"{hours} h {minutes} min" in html)


def test_interview_counter_counts_questions_not_follow_ups(
    client: TestClient, tmp_path: Path
) -> None:
    blueprint = tmp_path / "tiny.toml"
    blueprint.write_text(TINY_BLUEPRINT, encoding="utf-8")
    turn = client.post("/interview/start", data={"blueprint_file": str(blueprint)})
    assert "Question 1 of 2" in turn.text
    sid = re.search(r"/interview/(\w+)/submit", turn.text)
    assert sid is not None
    after = client.post(f"/interview/{sid.group(1)}/submit", data={"answer": "KNN votes."}).text
    # a follow-up on the KNN answer, or the next question: never a third question
    assert re.search(r"Question (1 of 2 · Concepts · follow-up|2 of 2)", after)


def test_scorecard_links_titles_and_names_downloads(
    client: TestClient, coach: Coach, tmp_path: Path
) -> None:
    blueprint = tmp_path / "tiny.toml"
    blueprint.write_text(TINY_BLUEPRINT, encoding="utf-8")
    turn = client.post("/interview/start", data={"blueprint_file": str(blueprint)})
    sid = re.search(r"/interview/(\w+)/submit", turn.text)
    assert sid is not None
    client.post(f"/interview/{sid.group(1)}/finish")  # nothing answered: every question a gap
    card = client.get(f"/interview/{sid.group(1)}/scorecard").text
    title = coach.bank.items["knn-basics"].title_text
    assert f'<a href="/practice/knn-basics">{title}</a>' in card
    assert "not answered: " not in card and "not answered" in card
    report = client.get(f"/interview/{sid.group(1)}/report.md")
    assert (
        f'filename="mlcoach-interview-{sid.group(1)}.md"' in report.headers["content-disposition"]
    )
