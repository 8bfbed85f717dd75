"""Errors as users should see them: JSON under /api/, an HTML page or fragment elsewhere.

Bad input is a 422 naming the field, an unknown id a 404 with what to do; neither is logged as
a server fault.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from mlcoach.web.templating import is_htmx, page

API_PREFIX = "/api/"


class BadInput(Exception):
    """A field of a request failed a check the schema cannot express."""

    def __init__(self, location: str, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.location, self.field, self.message = location, field, message

    def detail(self) -> list[dict[str, Any]]:
        return [{"loc": [self.location, self.field], "msg": self.message, "type": "value_error"}]


class NotFound(HTTPException):
    """A 404 whose page links where to look instead (`links`: (href, text) pairs)."""

    def __init__(self, message: str, links: tuple[tuple[str, str], ...] = ()):
        super().__init__(404, message)
        self.links = links


def not_found(message: str, *links: tuple[str, str]) -> HTTPException:
    """A 404 with `message`; on a page, each (href, text) of `links` is offered as a way on."""
    return NotFound(message, links)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or request.url.path == "/openapi.json"


def _html_error(
    request: Request,
    status: int,
    title: str,
    lines: list[str],
    links: tuple[tuple[str, str], ...] = (),
) -> Response:
    name = "_error.html" if is_htmx(request) else "error.html"
    context = {"status": status, "title": title, "lines": lines, "links": links}
    return page(request, name, context, status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _is_api(request):
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
    title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Request refused")
    links = exc.links if isinstance(exc, NotFound) else ()
    return _html_error(request, exc.status_code, title, [str(exc.detail)], links)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request):
        return await request_validation_exception_handler(request, exc)
    lines = [f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors()]
    return _html_error(request, 422, "Please check your input", lines)


async def bad_input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadInput)
    if _is_api(request):
        return JSONResponse({"detail": exc.detail()}, 422)
    return _html_error(request, 422, "Please check your input", [str(exc)])


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or "request"


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(BadInput, bad_input)
