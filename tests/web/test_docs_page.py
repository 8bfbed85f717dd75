"""The API docs page (/docs): Swagger UI from our own bundle, nothing from a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlcoach.web import app as app_module

# every URL the page's markup and inline script could load: attributes and quoted strings
LOADED = re.compile(r"""(?:src|href)=["']([^"']+)["']|url:\s*["']([^"']+)["']""")
BUILT = (app_module.DOCS_ASSETS / "swagger-ui-bundle.js").is_file()


def loaded_urls(html: str) -> list[str]:
    return [a or b for a, b in LOADED.findall(html)]


def test_loaded_urls_sees_every_kind_of_reference() -> None:
    html = '<link href="https://cdn.example/x.css"><script src="/a.js"></script> url: \'/o.json\''
    assert loaded_urls(html) == ["https://cdn.example/x.css", "/a.js", "/o.json"]


@pytest.mark.skipif(not BUILT, reason="Swagger UI is not built (make assets)")
def test_docs_load_only_our_own_files_and_each_answers(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    urls = loaded_urls(response.text)
    assert "/static/dist/swagger-ui/swagger-ui-bundle.js" in urls
    assert "/openapi.json" in urls
    external = [u for u in urls if not u.startswith("/") or u.startswith("//")]
    assert external == []
    assert "validatorUrl" in response.text and "swagger.io" not in response.text
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_redoc_is_off(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404


def test_without_the_bundle_docs_say_make_assets(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(app_module, "DOCS_ASSETS", tmp_path / "swagger-ui")
    response = client.get("/docs")
    assert response.status_code == 503
    assert "make assets" in response.text and "/openapi.json" in response.text
