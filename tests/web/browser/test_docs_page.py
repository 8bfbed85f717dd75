"""The API docs page works offline: Swagger UI renders the operations from our own bundle."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect


def test_docs_render_the_operations_with_nothing_from_elsewhere(page: Page, base_url: str) -> None:
    elsewhere: list[str] = []

    def offline(route: Route) -> None:
        url = route.request.url
        if url.startswith(base_url):
            route.continue_()
        else:  # as on a machine with no network: the page must not need it
            elsewhere.append(url)
            route.abort()

    page.route("**/*", offline)
    page.goto("/docs")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/plan").first).to_be_visible()
    assert operations.count() > 10
    assert elsewhere == []
