"""Ingest from the UI: one background job at a time, with its progress visible.

Off unless the server was started with ``allow_ingest`` and a token. The job runs the same
local runner as ``newsgraph ingest`` (:func:`newsgraph.run.local.ingest`) in a thread, and
records each progress callback so the UI can poll it.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..run.local import IngestSummary


@dataclass
class IngestJob:
    id: str
    inputs: list[str]
    state: str = "queued"  # queued, running, done, failed
    started: float = field(default_factory=time.time)
    finished: float | None = None
    progress: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    def public(self) -> dict[str, Any]:
        return asdict(self)


class IngestJobs:
    """Runs ingest jobs in a background thread; ``on_done`` lets the app drop caches."""

    def __init__(self, db: str, on_done: Callable[[], None] | None = None) -> None:
        self.db = db
        self.on_done = on_done
        self.jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="newsgraph-ui-ingest-")

    def running(self) -> IngestJob | None:
        return next((j for j in self.jobs.values() if j.state in ("queued", "running")), None)

    def start(self, paths: list[str], text: str | None, published: date | None, source: str, title: str,
              runner: Callable[..., IngestSummary] | None = None) -> IngestJob:
        """Start a job on server-side ``paths`` and/or a pasted ``text`` (one article)."""
        with self._lock:
            if self.running():
                raise RuntimeError("an ingest job is already running")
            job = IngestJob(id=uuid.uuid4().hex[:12], inputs=list(paths))
            if text:
                record = {"id": job.id, "title": title, "text": text, "source": source,
                          "date": published.isoformat() if published else None}
                pasted = Path(self._tmp.name) / f"{job.id}.jsonl"
                pasted.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
                job.inputs.append(str(pasted))
            self.jobs[job.id] = job
        thread = threading.Thread(target=self._run, args=(job, published, source, runner), daemon=True, name=f"ingest-{job.id}")
        thread.start()
        return job

    def _run(self, job: IngestJob, published: date | None, source: str, runner: Callable[..., IngestSummary] | None) -> None:
        if runner is None:
            from ..run.local import ingest as runner
        job.state = "running"

        def progress(summary: IngestSummary) -> None:
            job.progress = summary.line()
            job.summary = _summary_dict(summary)

        try:
            summary = runner(job.inputs, db=self.db, published=published, source=source, on_progress=progress)
            progress(summary)
            job.state = "done"
        except Exception as exc:  # the job reports its failure; the server goes on
            job.state = "failed"
            job.error = f"{type(exc).__name__}: {exc}"
        finally:
            job.finished = time.time()
            if self.on_done:
                self.on_done()


def _summary_dict(summary: IngestSummary) -> dict[str, Any]:
    out = {k: v for k, v in asdict(summary).items() if k != "failures"}
    out["failures"] = [{"path": f.path, "reason": f.reason} for f in summary.failures[:50]]
    return out
