"""Jinja2 templates, the navigation, the asset bundle, and page-or-fragment responses."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import HTMLResponse

from mlcoach import __version__
from mlcoach.web.render import (
    highlight_code,
    inline_html,
    markdown_html,
    text_html,
    without_title,
)

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
BUNDLE = STATIC_DIR / "dist" / "app.js"
log = logging.getLogger("mlcoach.web")


@dataclass(frozen=True)
class NavLink:
    """One entry of the top navigation; `order` places it (dashboard first)."""

    path: str
    label: str
    order: int


def bundle_url() -> str | None:
    """The built editor/htmx bundle, or None (pages then work with plain forms)."""
    if not BUNDLE.is_file():
        log.warning(
            "web assets are not built (%s is missing): run `make assets`; until then the code "
            "editor is a plain textarea and forms reload the page",
            BUNDLE,
        )
        return None
    return f"/static/dist/app.js?v={BUNDLE.stat().st_mtime_ns}"


def make_templates(nav: Sequence[NavLink], bundle: str | None) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = lambda text: Markup(markdown_html(str(text)))
    env.filters["untitled"] = lambda text: without_title(str(text))
    env.filters["inline"] = lambda text: Markup(inline_html(str(text)))
    env.filters["code"] = lambda text, lang="python": Markup(highlight_code(str(text), lang))
    env.filters["paragraphs"] = lambda text: Markup(text_html(str(text)))
    env.globals.update(nav=tuple(sorted(nav, key=lambda n: n.order)), bundle=bundle)
    env.globals["version"] = __version__
    return Jinja2Templates(env=env)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


def fragment_or_page(
    request: Request, fragment: str, page_name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """htmx swaps in the fragment; a plain form post (no bundle) gets the whole page back."""
    return page(request, fragment if is_htmx(request) else page_name, context, status)
