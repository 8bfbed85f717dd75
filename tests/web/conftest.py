"""Fixtures for the web app's tests (helpers live in webtools.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import support
from mlcoach.content import Bank
from mlcoach.judge.fake import FakeExecutor
from mlcoach.services.coach import Coach
from mlcoach.web.app import create_app
from web.webtools import make_coach


@pytest.fixture(scope="session")
def shipped_bank() -> Bank:
    return support.shipped_bank()


@pytest.fixture()
def coach(tmp_path: Path) -> Coach:
    return make_coach(tmp_path)  # the shipped bank is loaded once per run and shared


@pytest.fixture()
def app(coach: Coach) -> FastAPI:
    return create_app(coach, FakeExecutor())


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
