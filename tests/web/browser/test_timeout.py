"""Auto-submit at time-out in a mock interview, in real Chromium against the real app.

The page's countdown runs on Playwright's fake clock, paused, so the test moves the browser's
time and no test waits a real minute. The server keeps its own (real) clock: it stores what the
page submits, and only marks an answer "timed out" once its own deadline has passed, so these
tests check what was submitted and when, not that flag (the service tests cover it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from web.webtools import two_question_blueprint

BLUEPRINT = two_question_blueprint("tiny-timeout", "Time-out check", "dropout-regularization")
BROWSER_START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
TYPING_PAUSE_MS = 1300  # a little over interview.js's PAUSE_MS, after which the draft is saved
SAVED = "Dropout switches off a random share of the units on every training step"
UNSAVED = ", so no unit can rely on one particular partner being there."
RAN_OUT = "Time ran out on the previous question"


def start_paused_mock(page: Page, tmp_path: Path) -> str:
    """Start the two-question mock from a blueprint file with the page's clock paused; returns
    the session id."""
    blueprint = tmp_path / "timeout.toml"
    blueprint.write_text(BLUEPRINT, encoding="utf-8")
    page.clock.install(time=BROWSER_START)
    page.goto("/interview")
    # from here on the browser's time moves only when the test moves it
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    page.locator("summary", has_text="Use your own blueprint file").click()
    page.fill("#blueprint_file", str(blueprint))
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_url(re.compile(r"/interview/[0-9a-f]+$"))
    page.clock.run_for(100)  # htmx sets the page up from a timer, so let it run
    expect(page.locator("[data-countdown][data-started]")).to_be_attached()
    return page.url.rsplit("/", 1)[1]


def expect_past_the_first_turn(page: Page) -> None:
    """The next turn is on screen: a follow-up of question 1 or question 2 (the counter counts
    questions, so only the form's turn index says the interview moved on)."""
    expect(page.locator("input[name=turn]")).to_be_attached()
    expect(page.locator("input[name=turn]")).not_to_have_value("0")


def seconds_attr(page: Page, name: str) -> float:
    value = page.locator("[data-countdown]").get_attribute(name)
    assert value is not None, f"the countdown has no {name} attribute"
    return float(value)


def to_ms(seconds: float) -> int:
    return round(seconds * 1000)


def stored_answers(page: Page, session_id: str) -> list[dict[str, object]]:
    """What the server stored, through the JSON API (resume lists every answer given)."""
    response = page.request.post(f"/api/interviews/{session_id}/resume")
    assert response.ok, response.text()
    answers: list[dict[str, object]] = response.json()["answers"]
    return answers


def watch_posts(page: Page) -> list[str]:
    """The paths of every POST the page sends from now on."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(urlsplit(r.url).path) if r.method == "POST" else None)
    return posts


def test_time_out_submits_the_typed_draft_and_moves_on(page: Page, tmp_path: Path) -> None:
    session_id = start_paused_mock(page, tmp_path)
    countdown = page.locator("[data-countdown]")
    expect(countdown).to_have_text(re.compile(r"^\s*1:00\s*$"))
    expect(countdown).not_to_have_class(re.compile(r"\bwarn\b"))
    page.fill("#answer", SAVED)
    page.clock.run_for(TYPING_PAUSE_MS)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft saved")

    left, warn_at = seconds_attr(page, "data-seconds-left"), seconds_attr(page, "data-warning-at")
    page.clock.fast_forward(to_ms(left - warn_at + 1))  # one second into the last 20%
    expect(countdown).to_have_class(re.compile(r"\bwarn\b"))
    expect(countdown).to_have_text(re.compile(r"^\s*0:1\d\s*$"))
    expect(page.get_by_text("Question 1 of")).to_be_visible()

    page.locator("#answer").press("End")
    page.keyboard.insert_text(UNSAVED)  # typed in the last seconds, not yet autosaved
    page.clock.fast_forward(to_ms(warn_at))  # past the end; nobody presses submit
    expect_past_the_first_turn(page)
    expect(page.get_by_text("Answers so far (1)")).to_be_visible()
    # the page's countdown sent it (maybe a moment before the server's deadline): it says so
    expect(page.get_by_role("status").filter(has_text=RAN_OUT)).to_be_visible()
    answers = stored_answers(page, session_id)
    assert [a["answer"] for a in answers] == [SAVED + UNSAVED]


def test_an_answer_submitted_in_the_last_second_is_sent_once(page: Page, tmp_path: Path) -> None:
    """While the server grades a last-second answer the countdown reaches zero and the 5-s
    autosave comes round: the page must neither submit the turn again nor save a draft, since
    either could land on the next turn once the server has shown it."""
    session_id = start_paused_mock(page, tmp_path)
    page.clock.fast_forward(to_ms(seconds_attr(page, "data-seconds-left") - 1))
    posts = watch_posts(page)
    # the server "is still grading": a 204 leaves the page as it is, as a slow answer would,
    # without a navigation in flight (Playwright's clock cannot move while one is)
    page.route(re.compile(r"/interview/[0-9a-f]+/submit$"), lambda r: r.fulfill(status=204))
    page.fill("#answer", SAVED)
    page.get_by_role("button", name="Submit and continue").click()
    page.clock.fast_forward(6000)  # past the deadline and past the next autosave
    expect(page.locator("[data-countdown]")).to_have_class(re.compile(r"\bover\b"))
    page.goto(f"/interview/{session_id}")  # the old page is gone: it can send nothing more
    assert posts == [f"/interview/{session_id}/submit"], f"POSTs after the answer: {posts}"


def test_ending_the_interview_in_the_last_second_is_not_overtaken(
    page: Page, tmp_path: Path
) -> None:
    """The learner ends the interview (and confirms) in the last second, while the server
    builds the scorecard: at zero the countdown must not submit the answer, which would answer
    the turn instead of ending the interview, nor the autosave send the typed draft."""
    session_id = start_paused_mock(page, tmp_path)
    page.clock.fast_forward(to_ms(seconds_attr(page, "data-seconds-left") - 1))
    posts = watch_posts(page)
    page.fill("#answer", SAVED)  # not saved yet: the autosave would send it after a pause
    # the server "is still working": a 204 leaves the page as it is (see the test above)
    page.route(re.compile(r"/interview/[0-9a-f]+/finish$"), lambda r: r.fulfill(status=204))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End the interview now").click()
    page.clock.fast_forward(6000)  # past the deadline and past the next autosave
    expect(page.locator("[data-countdown]")).to_have_class(re.compile(r"\bover\b"))
    page.goto(f"/interview/{session_id}")  # the old page is gone: it can send nothing more
    assert posts == [f"/interview/{session_id}/finish"], f"POSTs after ending: {posts}"


def test_a_cancelled_end_leaves_the_countdown_running(page: Page, tmp_path: Path) -> None:
    """Dismissing the "End the interview now?" dialog sends nothing, so the answer is still
    submitted at zero."""
    session_id = start_paused_mock(page, tmp_path)
    page.clock.fast_forward(to_ms(seconds_attr(page, "data-seconds-left") - 1))
    posts = watch_posts(page)
    page.route(re.compile(r"/interview/[0-9a-f]+/submit$"), lambda r: r.fulfill(status=204))
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="End the interview now").click()
    page.clock.fast_forward(2000)  # past the deadline
    expect(page.locator("[data-countdown]")).to_have_class(re.compile(r"\bover\b"))
    page.goto(f"/interview/{session_id}")
    assert posts == [f"/interview/{session_id}/submit"], f"POSTs after cancelling: {posts}"


def test_back_after_a_submit_does_not_bring_the_old_answer_into_the_next_turn(
    page: Page, tmp_path: Path
) -> None:
    """The turn page's URL stays the same from turn to turn; Back re-shows the current turn,
    and the browser must not restore the previous turn's text into its answer box."""
    start_paused_mock(page, tmp_path)
    page.fill("#answer", SAVED)
    page.get_by_role("button", name=re.compile("Submit")).click()
    expect_past_the_first_turn(page)
    page.go_back()
    page.clock.run_for(100)
    expect_past_the_first_turn(page)
    expect(page.locator("#answer")).not_to_have_value(SAVED)
