"""HTTP API and web UI: ``newsgraph serve``. The app itself is :func:`create_app`."""

from __future__ import annotations

from .app import create_app
from .server import background_server, serve

__all__ = ["background_server", "create_app", "serve"]
