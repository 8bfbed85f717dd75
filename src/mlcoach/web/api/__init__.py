"""Every JSON API router, mounted under /api/ by the app.

An API module defines `router` (an APIRouter with `tags`), pydantic request and response
models in `schemas.py`, and maps domain errors: unknown id -> 404, refused -> 409, bad field ->
422 (`BadInput` or the schema). Add a module here to publish it in the OpenAPI schema.
"""

from __future__ import annotations

from fastapi import APIRouter

from mlcoach.web.api import challenges, grading, interviews, items, plan, practice, stories

ROUTERS: tuple[APIRouter, ...] = (
    items.router,
    challenges.router,
    grading.router,
    stories.router,
    practice.router,
    interviews.router,
    plan.router,
)
