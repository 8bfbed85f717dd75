"""Every page: status, key content, navigation, errors as pages, and life without the bundle."""

from __future__ import annotations

import logging
import re
import types

import pytest
from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from mlcoach.judge.fake import FakeExecutor
from mlcoach.services.coach import Coach
from mlcoach.web import app as app_module
from mlcoach.web import templating
from mlcoach.web.app import create_app
from web.webtools import HTMX

PAGES = {
    "/challenges": "Coding challenges",
    "/challenges/softmax": "Numerically stable softmax",
    "/design": "ML system design",
    "/design/ad-click-prediction": "Check coverage",
    "/behavioral": "Behavioral questions",
    "/behavioral/project-failure": "Get STAR feedback",
    "/behavioral/stories": "Story bank",
    "/behavioral/stories/new": "New story",
    "/bank": "Question bank",
    "/bank/dropout-regularization": "Model answer",
}


@pytest.mark.parametrize(("url", "text"), sorted(PAGES.items()))
def test_page_renders_with_nav(client: TestClient, url: str, text: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert text in response.text
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', response.text, re.S)
    assert nav is not None
    for path in ("/challenges", "/design", "/behavioral", "/bank"):
        assert f'href="{path}"' in nav.group(1)


def test_current_page_is_marked_in_the_nav(client: TestClient) -> None:
    html = client.get("/challenges/softmax").text
    assert '<a href="/challenges" aria-current="page">' in html
    assert '<a href="/bank" aria-current="page">' not in html


def test_home_is_the_dashboard(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 200
    assert "<h1>Dashboard</h1>" in response.text


def test_a_page_module_that_claims_home_replaces_the_fallback(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = types.ModuleType("home")
    home.router = APIRouter(include_in_schema=False)  # type: ignore[attr-defined]
    home.NAV = templating.NavLink("/", "Dashboard", 10)  # type: ignore[attr-defined]
    home.router.add_api_route("/", lambda: HTMLResponse("<p>dashboard</p>"))  # type: ignore[attr-defined]
    monkeypatch.setattr(app_module, "PAGES", (home, *app_module.PAGES))
    with TestClient(create_app(coach, FakeExecutor())) as client:
        assert client.get("/", follow_redirects=False).text == "<p>dashboard</p>"
        html = client.get("/challenges").text
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert nav.index('href="/"') < nav.index('href="/challenges"')  # ordered by NavLink.order
    assert '<a href="/" aria-current="page">' not in nav


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.text and "<nav" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/bank/no-such-item",
        "/challenges/no-such-challenge",
        "/design/no-such-prompt",
        "/design/dropout-regularization",
        "/behavioral/no-such-prompt",
        "/behavioral/softmax",
        "/behavioral/stories/999/edit",
    ],
)
def test_unknown_ids_are_404_with_a_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "alert" in response.text


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("/bank/no-such-item", '<a href="/bank">'),
        ("/challenges/no-such-challenge", '<a href="/challenges">'),
        ("/design/no-such-prompt", '<a href="/design">'),
        ("/design/dropout-regularization", '<a href="/design">'),
    ],
)
def test_404_pages_link_to_the_list_not_to_cli_commands(
    client: TestClient, url: str, link: str
) -> None:
    for headers in ({}, HTMX):  # the page and the fragment htmx swaps in
        response = client.get(url, headers=headers)
        alert = response.text.split('role="alert"', 1)[1].split("</div>", 1)[0]
        assert response.status_code == 404 and link in alert
        assert "mlcoach " not in alert and "`" not in alert


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/bank?difficulty=9", "difficulty"),
        ("/bank?difficulty=hard", "difficulty"),
        ("/bank?kind=essay", "kind"),
        ("/bank?topic=astrology", "topic"),
        ("/bank?company=acme", "company"),
        ("/challenges?status=maybe", "status"),
        ("/challenges?topic=astrology", "topic"),
        ("/challenges/softmax?hints=99", "hints"),
        ("/behavioral/stories/abc/edit", "story_id"),
    ],
)
def test_bad_query_is_422_naming_the_field(client: TestClient, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert field in response.text


def test_empty_filters_mean_any(client: TestClient) -> None:
    response = client.get("/bank?q=&kind=&topic=&company=&difficulty=")
    assert response.status_code == 200
    assert "186 items" in response.text or "items" in response.text


def test_bank_search_finds_and_marks(client: TestClient) -> None:
    html = client.get("/bank", params={"q": "softmax overflow"}).text
    assert 'href="/bank/softmax"' in html
    assert "<mark>" in html


def test_bank_filters_narrow_the_list(client: TestClient) -> None:
    html = client.get("/bank", params={"kind": "design"}).text
    assert 'href="/bank/ad-click-prediction"' in html
    assert 'href="/bank/softmax"' not in html


def test_htmx_search_returns_only_the_results(client: TestClient) -> None:
    response = client.get("/bank", params={"q": "dropout"}, headers=HTMX)
    assert response.status_code == 200
    assert "<nav" not in response.text and "<html" not in response.text
    assert 'href="/bank/dropout-regularization"' in response.text


def test_item_page_hides_the_model_answer_behind_reveal(client: TestClient) -> None:
    html = client.get("/bank/dropout-regularization").text
    assert '<details class="reveal"><summary>Model answer</summary>' in html


def test_item_page_renders_math(client: TestClient) -> None:
    html = client.get("/bank/knn-basics").text
    assert "<math" in html


def test_challenge_item_never_shows_tests_or_solution(client: TestClient, coach: Coach) -> None:
    challenge = coach.bank.challenges()[0]
    html = client.get(f"/bank/{challenge.id}").text
    assert f'href="/challenges/{challenge.id}"' in html
    last_line = challenge.solution.strip().splitlines()[-1].strip()
    assert last_line not in html or last_line in challenge.prompt


def test_design_page_has_a_timer_and_notes_per_step(client: TestClient, coach: Coach) -> None:
    html = client.get("/design/ad-click-prediction").text
    for step in coach.bank.manifest.design_steps:
        assert f'data-timer-minutes="{step.minutes}"' in html
        assert f'name="notes_{step.id}"' in html
        assert step.title in html


def test_static_assets_and_code_colours_are_served(client: TestClient) -> None:
    assert "--bg" in client.get("/static/style.css").text
    css = client.get("/assets/pygments.css")
    assert css.headers["content-type"].startswith("text/css")


def test_without_the_bundle_pages_still_work_and_the_log_says_make_assets(
    coach: Coach,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(templating, "BUNDLE", templating.STATIC_DIR / "dist" / "missing.js")
    with caplog.at_level(logging.WARNING, logger="mlcoach.web"):
        app = create_app(coach, FakeExecutor())
    assert "make assets" in caplog.text
    with TestClient(app) as client:
        html = client.get("/challenges/softmax").text
    assert "/static/dist/" not in html
    assert "run <code>make assets</code>" in html
    assert '<textarea id="source" name="source" data-editor="python"' in html


def test_with_the_bundle_the_page_loads_it(
    coach: Coach, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    fake = templating.STATIC_DIR / "dist" / "app.js"
    if not fake.is_file():
        pytest.skip("the bundle is not built (make assets)")
    with TestClient(create_app(coach, FakeExecutor())) as client:
        assert '<script defer src="/static/dist/app.js?v=' in client.get("/bank").text
