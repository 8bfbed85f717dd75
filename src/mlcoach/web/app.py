"""The web app: FastAPI + Jinja2 + htmx over the same services as the CLI.

`create_app(coach)` is all a shell needs; the app owns one judge executor (a warm zygote
pool) for its lifetime unless the caller passes one in (tests pass a fake).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from mlcoach import __version__
from mlcoach.judge.executor import Executor
from mlcoach.services.coach import Coach
from mlcoach.settings import SettingsError, get_settings
from mlcoach.web import errors
from mlcoach.web.api import ROUTERS
from mlcoach.web.render import pygments_css
from mlcoach.web.routes import PAGES
from mlcoach.web.state import WebState
from mlcoach.web.templating import STATIC_DIR, NavLink, bundle_url, make_templates, page

FALLBACK_HOME = "/challenges"  # until a dashboard page claims "/"
# Swagger UI from our own bundle (`make assets` copies it from swagger-ui-dist), never a CDN
DOCS_ASSETS = STATIC_DIR / "dist" / "swagger-ui"
DOCS_ASSETS_URL = "/static/dist/swagger-ui"


def create_app(coach: Coach, executor: Executor | None = None) -> FastAPI:
    state = WebState(coach, executor=executor)
    app = FastAPI(
        title="mlcoach",
        version=__version__,
        summary="Rehearse ML-engineer interviews: the same use-cases as the web pages, as JSON.",
        lifespan=_lifespan(state),
        docs_url=None,  # served by `_api_docs` from our bundle
        redoc_url=None,  # ReDoc would load from a CDN; Swagger UI covers the same schema
    )
    app.state.web = state
    nav = [page.NAV for page in PAGES if isinstance(getattr(page, "NAV", None), NavLink)]
    app.state.templates = make_templates(nav, bundle_url())
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_api_route("/assets/pygments.css", _pygments, include_in_schema=False)
    app.add_api_route("/docs", _api_docs, include_in_schema=False)
    for module in PAGES:
        app.include_router(module.router)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    if not any(_has_route(module.router.routes, "/") for module in PAGES):
        app.add_api_route("/", _home, include_in_schema=False)
    errors.install(app)
    return app


def app_from_env() -> FastAPI:
    """The app over settings from the environment: `mlcoach serve` hands this factory to
    uvicorn by name (`mlcoach.web.app:app_from_env`), as `uvicorn --factory` would.

    Unusable settings stop the process with exit 2 and the same one-line errors as the CLI
    (`mlcoach serve` checks them first; this covers `uvicorn --factory` run by hand)."""
    try:
        settings = get_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(2) from None
    return create_app(Coach(settings))


def _lifespan(state: WebState) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.start()
        # start the judge's warm workers now, off the event loop, not on the first submission
        await anyio.to_thread.run_sync(state.judge_executor)
        try:
            yield
        finally:
            state.close()

    return lifespan


def _pygments() -> Response:
    return PlainTextResponse(
        pygments_css(), media_type="text/css", headers={"Cache-Control": "max-age=3600"}
    )


def _api_docs(request: Request) -> Response:
    """Swagger UI over /openapi.json, its script and style served from static/dist."""
    if not (DOCS_ASSETS / "swagger-ui-bundle.js").is_file():
        lines = [
            f"Swagger UI is not built ({DOCS_ASSETS} is missing): run `make assets`. "
            "The schema itself is at /openapi.json."
        ]
        context = {"status": 503, "title": "API docs unavailable", "lines": lines}
        return page(request, "error.html", context, 503)
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="mlcoach API",
        swagger_js_url=f"{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"validatorUrl": None},  # its default checks at swagger.io
    )


def _home() -> RedirectResponse:
    return RedirectResponse(FALLBACK_HOME, status_code=307)


def _has_route(routes: list[BaseRoute], path: str) -> bool:
    return any(isinstance(r, Route) and r.path == path for r in routes)
