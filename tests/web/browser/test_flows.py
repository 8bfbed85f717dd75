"""The four flows a learner goes through, in real Chromium against the real app."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from web.webtools import solution_source, two_question_blueprint

TINY_BLUEPRINT = two_question_blueprint(
    "tiny-browser", "Two-minute check", "dropout-regularization"
)
DROPOUT = (
    "Dropout randomly zeroes activations during training with probability p, so units cannot "
    "co-adapt; it acts like averaging an ensemble of thinned networks. At inference all units "
    "are kept and activations are scaled (inverted dropout scales during training instead)."
)
STORY = (
    "Situation: our fraud model missed new attack patterns. Task: I owned the retraining "
    "pipeline. Action: I built weekly retraining with drift monitoring and a shadow deployment. "
    "Result: fraud losses fell 30% in a quarter, and I learned to ship monitoring first."
)


def set_editor(page: Page, source: str) -> None:
    """Replace the CodeMirror document by keyboard, as a learner would."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)


def test_new_user_answers_a_practice_question_and_sees_feedback(page: Page) -> None:
    page.goto("/practice/dropout-regularization")
    page.fill("#answer", DROPOUT)
    page.get_by_role("button", name="Grade my answer").click()
    feedback = page.locator("#feedback .result")
    expect(feedback).to_contain_text("Feedback")
    expect(feedback.locator("li.covered").first).to_be_visible()
    expect(feedback.locator("blockquote.evidence").first).to_be_visible()
    page.get_by_role("button", name=re.compile("Skip it|Show the model answer")).click()
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    suggested = page.locator(".ratings button.suggested")
    expect(suggested).to_have_count(1)
    expect(suggested).to_contain_text(re.compile(r"\d+ (min|hour|day)"))
    suggested.click()
    page.wait_for_url(re.compile(r"/practice$"))
    expect(page.get_by_role("heading", name="Practice")).to_be_visible()


def test_challenge_wrong_then_accepted(page: Page) -> None:
    page.goto("/challenges/softmax")
    expect(page.locator(".cm-content")).to_be_visible()
    set_editor(page, "import numpy as np\n\ndef softmax(x):\n    return np.asarray(x, float)\n")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#result .verdict")).to_contain_text("Wrong answer")
    set_editor(page, solution_source("softmax"))
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#result .verdict")).to_contain_text("Accepted")


def test_system_design_step_with_timer_and_coverage(page: Page) -> None:
    page.goto("/design/ad-click-prediction")
    first = page.locator("details.step").first
    first.locator("summary").click()
    expect(first.locator("[data-timer-display]")).to_have_class(re.compile("running"))
    first.locator("textarea").fill(
        "Clarify who uses the predictions, the latency budget of 10 ms and the success metric: "
        "log loss offline and revenue in an A/B test."
    )
    page.get_by_role("button", name="Check coverage").click()
    result = page.locator("#result")
    expect(result).to_contain_text("Coverage")
    expect(result.locator(".step-result").first).to_be_visible()


def test_short_mock_interview_to_the_scorecard(page: Page, tmp_path: Path) -> None:
    blueprint = tmp_path / "tiny.toml"
    blueprint.write_text(TINY_BLUEPRINT, encoding="utf-8")
    page.goto("/interview")
    page.locator("summary", has_text="Use your own blueprint file").click()
    page.fill("#blueprint_file", str(blueprint))
    page.get_by_role("button", name="Start the interview").click()
    clock = page.locator("[data-countdown]")
    expect(clock).to_have_text(re.compile(r"^\s*[01]:\d\d\s*$"))
    page.fill("#answer", DROPOUT)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft saved")
    page.reload()  # the draft is on the server and the clock keeps running
    expect(page.locator("#answer")).to_have_value(DROPOUT)
    for _ in range(6):  # two questions, and any follow-up the grader asks
        if "/scorecard" in page.url:
            break
        if not page.locator("#answer").input_value():
            page.fill("#answer", STORY)
        page.get_by_role("button", name="Submit and continue").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", name=re.compile("Scorecard"))).to_be_visible()
    expect(page.get_by_role("link", name="Download report (Markdown)")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Technical")
