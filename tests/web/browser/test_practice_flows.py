"""Practice and interview answers that must not be lost, in real Chromium against the real app:
an empty follow-up answer keeps the follow-up form, and an interview answer typed since the last
autosave survives a reload through the browser's draft (unless the server holds a newer one)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from web.browser.test_timeout import TYPING_PAUSE_MS, start_paused_mock

PARTIAL = (
    "ReLU is cheap to compute and gives sparse activations. Its derivative is 1 for positive "
    "inputs, so it does not saturate on that side."
)
SAVED = "Dropout switches off a random share of the units on every training step"
UNSAVED = ", so no unit can rely on one particular partner being there."
ELSEWHERE = "Typed in another tab and saved there."


def test_an_empty_follow_up_answer_keeps_the_follow_up_form(page: Page) -> None:
    page.goto("/practice/relu-vs-sigmoid-tanh")
    page.fill("#answer", PARTIAL)
    page.get_by_role("button", name="Grade my answer").click()
    expect(page.get_by_role("heading", name="Follow-up on the gap")).to_be_visible()
    page.get_by_role("button", name="Answer the follow-up").click()
    form = page.locator("#follow-form")
    expect(form.get_by_role("alert")).to_contain_text("answer: is empty")
    expect(form.locator("#follow-answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Follow-up on the gap")).to_be_visible()
    form.get_by_role("button", name="Skip it").click()
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    expect(page.locator(".ratings button")).to_have_count(4)
    page.reload()  # graded, not rated: the page reopens on the answer and its feedback
    expect(page.locator("#answer")).to_have_value(PARTIAL)
    expect(page.locator("#feedback .result")).to_contain_text("Feedback")


def test_interview_words_typed_since_the_last_autosave_survive_a_reload(
    page: Page, tmp_path: Path
) -> None:
    start_paused_mock(page, tmp_path)
    page.fill("#answer", SAVED)
    page.clock.run_for(TYPING_PAUSE_MS)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft saved")
    page.locator("#answer").press("End")
    page.keyboard.type(UNSAVED)  # the clock is paused: no autosave sends this
    page.reload()
    page.clock.run_for(100)
    expect(page.locator("#answer")).to_have_value(SAVED + UNSAVED)
    expect(
        page.get_by_role("status").filter(has_text="Restored your unsaved draft")
    ).to_be_visible()


def test_a_newer_server_draft_wins_over_the_browser_draft(page: Page, tmp_path: Path) -> None:
    session_id = start_paused_mock(page, tmp_path)
    page.fill("#answer", SAVED)  # kept in this browser only: the clock is paused
    saved_elsewhere = page.request.post(
        f"/api/interviews/{session_id}/draft", data={"text": ELSEWHERE, "turn_index": 0}
    )
    assert saved_elsewhere.ok, saved_elsewhere.text()
    page.reload()
    page.clock.run_for(100)
    expect(page.locator("#answer")).to_have_value(ELSEWHERE)
    expect(page.get_by_text("Restored your unsaved draft")).to_have_count(0)
    assert not re.search(
        r"mlcoach:draft:interview:", page.evaluate("Object.keys(localStorage).join()")
    )
