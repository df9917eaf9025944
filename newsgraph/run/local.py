"""The local runner: ingest -> annotate -> extract -> resolve -> store, batch by batch.

Every input is accounted for in the :class:`IngestSummary`: read (articles found), new,
duplicate (already in the store or earlier in the same run), failed (with reasons). A copy of a
stored article (syndication, resolve.dedup) is stored and linked to its original, not re-coded:
it counts as new and as a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..extract import extract
from ..extract.events import EXTRACTOR as EVENT_EXTRACTOR
from ..ingest import read_articles
from ..model import Article, Extraction, InputFailure
from ..nlp.pipeline import annotate, build_pipeline
from ..resolve.dedup import find_duplicates
from ..settings import Settings
from ..store.duckdb_store import Store

PIPELINE_VERSION = f"newsgraph/0.1 {EVENT_EXTRACTOR}"


@dataclass
class IngestSummary:
    read: int = 0  # articles found in the inputs
    new: int = 0  # articles coded and stored
    duplicate: int = 0  # already stored, or repeated within the inputs
    copies: int = 0  # near-/exact copies of a stored article (syndication): stored, linked, not re-coded
    failed: int = 0  # inputs (or records) that could not be read
    failures: list[InputFailure] = field(default_factory=list)
    events: int = 0  # event mentions extracted from the new articles
    quotes: int = 0
    claims: int = 0

    def line(self) -> str:
        return (
            f"read {self.read} · new {self.new} · duplicate {self.duplicate} · copies {self.copies} · failed {self.failed}"
            f" · event mentions {self.events} · quotes {self.quotes} · claims {self.claims}"
        )


def ingest(
    inputs: Iterable[str],
    db: str | None = None,
    fmt: str = "auto",
    published: date | None = None,
    source: str = "",
    settings: Settings | None = None,
    batch_size: int = 64,
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Read ``inputs``, code the new articles and write them to the store at ``db``.

    Each batch is written in one transaction, so an interrupted run leaves only whole
    batches behind, and a re-run picks up where it stopped (known articles are skipped).
    """
    settings = settings or Settings()
    summary = IngestSummary()
    nlp = build_pipeline(settings.model)
    with Store(db or settings.db) as store:
        seen: set[str] = set()

        def fresh(batch: list[Article]) -> list[Article]:
            known = store.known_articles(a.id for a in batch)
            out = []
            for a in batch:
                if a.id in known or a.id in seen:
                    summary.duplicate += 1
                else:
                    seen.add(a.id)
                    out.append(a)
            return out

        def flush(batch: list[Article]) -> None:
            todo = fresh(batch)
            copies, fingerprints = find_duplicates(todo, store.fingerprint_candidates)
            extractions: list[Extraction] = [Extraction(article=a) for a in todo if a.id in copies]
            summary.copies += len(copies)
            for article, doc in annotate([a for a in todo if a.id not in copies], nlp):
                try:
                    x = extract(article, doc)
                except Exception as exc:  # an extractor bug must not kill the batch: report the article
                    summary.failed += 1
                    summary.failures.append(
                        InputFailure(article.path or article.id, f"extraction failed: {type(exc).__name__}: {exc}")
                    )
                    continue
                extractions.append(x)
                summary.events += len(x.events)
                summary.quotes += len(x.quotes)
                summary.claims += len(x.claims)
            store.write(extractions, PIPELINE_VERSION, fingerprints)
            summary.new += len(extractions)
            if on_progress:
                on_progress(summary)

        batch: list[Article] = []
        for item in read_articles(inputs, fmt=fmt, published=published, source=source):
            if isinstance(item, InputFailure):
                summary.failed += 1
                summary.failures.append(item)
                if on_progress:
                    on_progress(summary)
                continue
            summary.read += 1
            batch.append(item)
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
    return summary
