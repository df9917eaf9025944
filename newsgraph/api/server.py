"""Run the app with uvicorn: in the foreground (``newsgraph serve``) or in a background thread
(tests, the screenshot script), on a free loopback port when none is given."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from ..store.duckdb_store import Store
from .app import create_app

_WORKER_DB = "NEWSGRAPH_SERVE_DB"


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
          token: str | None = None, access_log: bool = False, workers: int = 1) -> None:
    """Serve the API and the UI over the store at ``db`` until interrupted. With ``workers``
    > 1, that many processes share the port, each with its own read-only connection (DuckDB
    allows many readers of one file); ingest from the UI needs the single writing process."""
    if workers > 1:
        if allow_ingest:
            raise ValueError("ingest from the UI needs one worker")
        Store(db, read_only=True).close()  # a missing or old store fails here, not in each worker
        os.environ[_WORKER_DB] = db
        uvicorn.run("newsgraph.api.server:worker_app", factory=True, workers=workers, host=host, port=port,
                    log_level="info", access_log=access_log)
        return
    uvicorn.run(create_app(db, allow_ingest=allow_ingest, token=token), host=host, port=port,
                log_level="info", access_log=access_log)


def worker_app() -> FastAPI:
    """The app of one worker process (``serve(workers=N)``): the store path comes from the parent.
    Each worker's DuckDB runs single-threaded: the processes already share out the cores."""
    app = create_app(os.environ[_WORKER_DB])
    app.state.store.con.execute("SET threads = 1")
    return app


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
