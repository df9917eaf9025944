"""The local runner: ingest -> annotate -> extract -> resolve -> store, batch by batch.

With ``processes`` > 1, annotate + extract (nine tenths of the time) run in that many worker
processes, each with its own pipeline; the parent reads, deduplicates and writes, so the store
keeps a single writer and the batches stay whole transactions.

Every input is accounted for in the :class:`IngestSummary`: read (articles found), new,
duplicate (already in the store or earlier in the same run), failed (with reasons). A copy of a
stored article (syndication, resolve.dedup) is stored and linked to its original, not re-coded:
it counts as new and as a copy.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language

from ..extract import extract
from ..extract.events import EXTRACTOR as EVENT_EXTRACTOR
from ..ingest import read_articles
from ..model import Article, Extraction, InputFailure
from ..nlp.pipeline import annotate, build_pipeline
from ..resolve.dedup import find_duplicates
from ..settings import DEFAULT_ARGUMENTS, DEFAULT_TYPES, Settings
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


def code_articles(
    articles: list[Article], nlp: Language, arguments: str = DEFAULT_ARGUMENTS, types: str = DEFAULT_TYPES
) -> list[Extraction | InputFailure]:
    """Annotate and extract, in order. An extractor crash fails that article, not the batch."""
    coded: list[Extraction | InputFailure] = []
    for article, doc in annotate(articles, nlp):
        try:
            coded.append(extract(article, doc, arguments, types))
        except Exception as exc:  # an extractor bug must not kill the batch: report the article
            coded.append(InputFailure(article.path or article.id, f"extraction failed: {type(exc).__name__}: {exc}"))
    return coded


_worker_nlp: Language | None = None
_worker_conventions = (DEFAULT_ARGUMENTS, DEFAULT_TYPES)


def _start_worker(model: str, arguments: str = DEFAULT_ARGUMENTS, types: str = DEFAULT_TYPES) -> None:
    global _worker_nlp, _worker_conventions
    _worker_nlp = build_pipeline(model)
    _worker_conventions = (arguments, types)


def _code_in_worker(articles: list[Article]) -> list[Extraction | InputFailure]:
    assert _worker_nlp is not None
    return code_articles(articles, _worker_nlp, *_worker_conventions)


class Coder:
    """Codes articles in this process or, with ``processes`` > 1, in a pool of workers (spawned,
    not forked: the parent holds a DuckDB connection and threads)."""

    def __init__(self, model: str, processes: int = 1, arguments: str = DEFAULT_ARGUMENTS, types: str = DEFAULT_TYPES) -> None:
        self.processes = max(1, processes)
        self.arguments = arguments  # the events' who/whom convention (Settings.arguments)
        self.types = types  # the events' type convention (Settings.types)
        self.nlp = build_pipeline(model) if self.processes == 1 else None
        self.pool = (ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_worker, initargs=(model, arguments, types))
                     if self.processes > 1 else None)

    def code(self, articles: list[Article]) -> list[Extraction | InputFailure]:
        if self.pool is None:
            assert self.nlp is not None
            return code_articles(articles, self.nlp, self.arguments, self.types)
        if not articles:  # a batch of copies and re-reads only
            return []
        size = -(-len(articles) // self.processes)
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        return [x for coded in self.pool.map(_code_in_worker, chunks) for x in coded]

    def __enter__(self) -> Coder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def ingest(
    inputs: Iterable[str],
    db: str | None = None,
    fmt: str = "auto",
    published: date | None = None,
    source: str = "",
    settings: Settings | None = None,
    batch_size: int = 64,
    on_progress: Callable[[IngestSummary], None] | None = None,
    processes: int = 1,
) -> IngestSummary:
    """Read ``inputs``, code the new articles and write them to the store at ``db``.

    Each batch is written in one transaction, so an interrupted run leaves only whole
    batches behind, and a re-run picks up where it stopped (known articles are skipped).
    ``processes`` > 1 codes each batch in that many worker processes (one per core); they are
    spawned, so a script that calls this needs the usual ``if __name__ == "__main__":`` guard.
    """
    settings = settings or Settings()
    summary = IngestSummary()
    coder = Coder(settings.model, processes, settings.arguments, settings.types)
    if processes > 1:
        batch_size = max(batch_size, 32 * processes)
    with Store(db or settings.db) as store, coder:
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
            for x in coder.code([a for a in todo if a.id not in copies]):
                if isinstance(x, InputFailure):
                    summary.failed += 1
                    summary.failures.append(x)
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

