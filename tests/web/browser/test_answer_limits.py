"""Answer boxes say their limit before the server has to, and the code editor says how to leave."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from mlcoach.web.forms import ANSWER_LIMIT, SOURCE_LIMIT


def test_a_counter_appears_near_the_limit_and_the_box_stops_there(page: Page) -> None:
    page.goto("/design/ad-click-prediction")
    page.locator("details.step summary").first.click()
    notes = page.locator("textarea[name^=notes_]").first
    counter = page.locator(".char-count").first
    notes.fill("short notes")
    expect(counter).to_be_hidden()  # quiet while far from the limit
    notes.fill("x" * (ANSWER_LIMIT - 10))
    expect(counter).to_have_text(f"{ANSWER_LIMIT - 10:,} / {ANSWER_LIMIT:,} characters")
    notes.press("End")
    page.keyboard.type("y" * 20)
    assert notes.evaluate("el => el.value.length") == ANSWER_LIMIT
    expect(counter).to_have_class("muted small char-count at-limit")


def test_the_code_editor_says_esc_then_tab_and_keeps_to_the_limit(page: Page) -> None:
    page.goto("/challenges/softmax")
    hint = page.locator(".editor-hint")
    expect(hint).to_have_text("Tab indents; press Esc then Tab to leave the editor.")
    hint_id = hint.get_attribute("id")
    expect(page.locator(".cm-content")).to_have_attribute("aria-describedby", str(hint_id))
    source = page.locator("textarea#source")
    assert source.get_attribute("maxlength") == str(SOURCE_LIMIT)
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text("#" * (SOURCE_LIMIT + 5))  # a paste past the limit is refused
    assert "def softmax" in source.input_value()  # the starter is still there, untouched
    page.keyboard.press("Control+a")
    page.keyboard.insert_text("#" * (SOURCE_LIMIT - 5))
    expect(page.locator(".char-count")).to_have_text(
        f"{SOURCE_LIMIT - 5:,} / {SOURCE_LIMIT:,} characters"
    )
