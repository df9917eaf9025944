"""Run the app with uvicorn: in the foreground (``newsgraph serve``) or in a background thread
(tests, the screenshot script), on a free loopback port when none is given."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from .app import create_app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
          token: str | None = None, access_log: bool = False) -> None:
    """Serve the API and the UI over the store at ``db`` until interrupted."""
    uvicorn.run(create_app(db, allow_ingest=allow_ingest, token=token), host=host, port=port,
                log_level="info", access_log=access_log)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@contextmanager
def background_server(db: str, allow_ingest: bool = False, token: str | None = None,
                      host: str = "127.0.0.1", port: int | None = None, timeout: float = 20.0) -> Iterator[str]:
    """The real server (uvicorn, real sockets) in a thread; yields its base URL and stops it on exit."""
    port = port or free_port(host)
    config = uvicorn.Config(create_app(db, allow_ingest=allow_ingest, token=token), host=host, port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name=f"newsgraph-serve-{port}")
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        server_store = config.app.state.store  # type: ignore[union-attr]
        server_store.close()
