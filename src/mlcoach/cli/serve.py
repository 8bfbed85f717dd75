"""`mlcoach serve`: the web app on this machine (no login: it serves the local learner)."""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import webbrowser
from typing import Annotated

import typer
import uvicorn

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env

# The CLI and the web app are sibling shells (neither imports the other), so uvicorn imports
# the web app's factory by name; it builds the Coach from the same MLCOACH_* settings.
APP_FACTORY = "mlcoach.web.app:app_from_env"
OPEN_DELAY_SECONDS = 1.5  # let the server bind and warm the judge before the browser asks


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [default: MLCOACH_HOST or 127.0.0.1]")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port [default: MLCOACH_PORT or 8000]"),
    ] = None,
    open_browser: Annotated[
        bool,
        typer.Option("--open/--no-open", help="Open the app in a browser once it is up"),
    ] = True,
) -> None:
    """Start the web app: challenges with an editor, system design, behavioral, the bank."""
    settings = coach_from_env().settings
    host = host or settings.host
    port = port or settings.port
    problem = _cannot_bind(host, port)
    if problem:
        render.error(f"cannot listen on {host}:{port} ({problem}); pass another --port")
        raise typer.Exit(2)
    url = f"http://{_display_host(host)}:{port}"
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    render.console.print(f"mlcoach is starting at [bold]{url}[/] (Ctrl-C stops it)")
    if open_browser and _has_display():
        threading.Timer(OPEN_DELAY_SECONDS, webbrowser.open, (url,)).start()
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level="info")


def _cannot_bind(host: str, port: int) -> str | None:
    """Why the address cannot be used, checked first so the learner gets one clear line."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"unknown host: {exc.strerror}"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _display_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"  # listening everywhere: this machine's address works in a browser
    return f"[{host}]" if ":" in host else host


def _has_display() -> bool:
    """A graphical session to open a browser in (never a text browser in this terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
