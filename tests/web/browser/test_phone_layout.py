"""At 390 px (a phone) the dashboard fits its boxes and its chart stays readable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
MIN_TEXT_PX = 11


@pytest.fixture()
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    yield context.new_page()
    context.close()


def test_the_readiness_table_fits_its_box(phone: Page) -> None:
    phone.goto("/")
    wrap = phone.locator("section[aria-label=Readiness] .table-wrap")
    assert phone.get_by_text("practise to find out").count() > 0  # the longest cell is there
    widths = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1], f"table {widths[0]} px in a {widths[1]} px box"


def test_the_mastery_chart_labels_stay_readable(phone: Page) -> None:
    phone.goto("/")
    sizes = phone.locator("svg.chart text").evaluate_all(
        "els => els.map(el => el.getScreenCTM().a * parseFloat(getComputedStyle(el).fontSize))"
    )
    assert sizes and min(sizes) >= MIN_TEXT_PX, sizes
