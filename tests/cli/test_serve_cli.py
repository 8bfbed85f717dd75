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
from mlcoach.web import app as web_app

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


def squashed(text: str) -> str:
    """Without whitespace: the terminal width may break a long path anywhere."""
    return "".join(text.split())


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


def test_bad_settings_stop_serve_before_the_server_starts(
    cli_environment: None, served: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(tmp_path / "missing"))
    result = runner.invoke(app, ["serve", "--no-open"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert squashed(f"MLCOACH_CONTENT_DIR={tmp_path / 'missing'} does not exist") in squashed(
        result.output
    )
    assert "app" not in served


@pytest.mark.usefixtures("cli_environment")
def test_the_app_factory_reports_bad_settings_like_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`uvicorn --factory mlcoach.web.app:app_from_env` run by hand gets the same lines."""
    monkeypatch.setenv("MLCOACH_PORT", "http")
    with pytest.raises(SystemExit) as stopped:
        web_app.app_from_env()
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (
        "error: MLCOACH_PORT='http' is not a whole number from 1 to 65535; "
        "use e.g. MLCOACH_PORT=8000\n"
    )
