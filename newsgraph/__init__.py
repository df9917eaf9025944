"""newsgraph: dated news articles in, an evidence-backed event store out.

The public Python API; the CLI is a thin layer over these functions.
"""

from .evaluate import run_eval
from .query import (
    event_evidence,
    export_events,
    list_claims,
    list_events,
    list_quotes,
    store_counts,
)
from .run.local import IngestSummary, ingest
from .store.duckdb_store import EventFilter

__version__ = "0.1.0"

__all__ = [
    "EventFilter",
    "IngestSummary",
    "event_evidence",
    "export_events",
    "ingest",
    "list_claims",
    "list_events",
    "list_quotes",
    "run_eval",
    "store_counts",
]
