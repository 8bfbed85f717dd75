"""Fixtures for the web app's tests (helpers live in webtools.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mlcoach.content import Bank, load_bank
from mlcoach.judge.fake import FakeExecutor
from mlcoach.services.coach import Coach
from mlcoach.web.app import create_app
from web.webtools import CONTENT, make_coach


@pytest.fixture(scope="session")
def shipped_bank() -> Bank:
    return load_bank(CONTENT).bank


@pytest.fixture()
def coach(tmp_path: Path, shipped_bank: Bank) -> Coach:
    coach = make_coach(tmp_path)
    coach.bank = shipped_bank  # type: ignore[misc]  # immutable: one load serves every test
    return coach


@pytest.fixture()
def app(coach: Coach) -> FastAPI:
    return create_app(coach, FakeExecutor())


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
