"""`mlcoach serve`: defaults from settings, a clear error for a busy port, the app it runs."""

from __future__ import annotations

import importlib
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from mlcoach.cli import serve as serve_module
from mlcoach.cli.main import app

runner = CliRunner()


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """uvicorn.run replaced by a recorder: the command's wiring runs, no server starts."""
    monkeypatch.setenv("MLCOACH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    calls: dict[str, Any] = {}

    def record(target: str, factory: bool, host: str, port: int, log_level: str) -> None:
        assert factory, "the app is built by a factory named to uvicorn"
        module, name = target.split(":")
        calls.update(app=getattr(importlib.import_module(module), name)(), host=host, port=port)

    monkeypatch.setattr(serve_module.uvicorn, "run", record)
    yield calls


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_runs_the_web_app_on_the_given_address(served: dict[str, Any]) -> None:
    port = free_port()
    result = runner.invoke(app, ["serve", "--host", "127.0.0.1", "--port", str(port), "--no-open"])
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}" in result.output
    assert served["host"] == "127.0.0.1" and served["port"] == port
    assert isinstance(served["app"], FastAPI)
    assert "/api/items" in served["app"].openapi()["paths"]


def test_serve_defaults_come_from_settings(
    served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("MLCOACH_PORT", str(port))
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == port


def test_busy_port_is_a_clear_error(served: dict[str, Any]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port), "--no-open"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port" in result.output and "app" not in served


def test_bad_port_is_a_usage_error(served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "app" not in served


def test_address_shown_for_a_wildcard_or_ipv6_host() -> None:
    assert serve_module._display_host("0.0.0.0") == "127.0.0.1"
    assert serve_module._display_host("::1") == "[::1]"
