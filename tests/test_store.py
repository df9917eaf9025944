"""The DuckDB store: schema version, idempotent re-ingest, atomic batches, filters."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from newsgraph.model import (
    SCHEMA_VERSION,
    Actor,
    ActorMention,
    Article,
    EventMention,
    EventTime,
    Extraction,
    Span,
)
from newsgraph.run.local import ingest
from newsgraph.store.duckdb_store import EventFilter, SchemaMismatch, Store

from .conftest import EXAMPLES, eval_data


def _extraction(text: str, day: date, etype: str = "ASSAULT") -> Extraction:
    art = Article(text=text, date=day, date_source="option", source="Wire")
    isr = Actor(id="ISR", name="Israel", country="ISR", kind="country")
    m = EventMention(
        article_id=art.id, sentence_index=0, sentence=Span(0, len(text), text), trigger=Span(7, 15, text[7:15]),
        event_type=etype, actors=[ActorMention(Span(0, 6, text[:6]), isr)],
        time=EventTime(value=day.isoformat(), start=day, end=day, precision="day"), confidence=0.9,
    )
    return Extraction(article=art, events=[m], actors=m.actors)


def test_schema_version_recorded(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        assert store.con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    con = duckdb.connect(str(db))
    con.execute("UPDATE schema_version SET version = 999")
    con.close()
    with pytest.raises(SchemaMismatch):
        Store(db)


def test_write_is_idempotent_and_merges_same_event(tmp_path):
    db = tmp_path / "s.duckdb"
    x1 = _extraction("Israel attacked the port.", date(2024, 1, 5))
    x2 = _extraction("Israel attacked the port!", date(2024, 1, 5))  # another article, same happening fields
    with Store(db) as store:
        store.write([x1], "test")
        store.write([x1], "test")  # re-ingest: no change
        assert store.counts()["articles"] == 1 and store.counts()["event_mentions"] == 1
        store.write([x2], "test")
        events = store.query_events()
        assert len(events) == 1
        assert events[0]["num_mentions"] == 2 and events[0]["num_articles"] == 2
        assert events[0]["num_sources"] == 1  # one outlet ("Wire"), two articles


def test_failed_batch_leaves_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    good = _extraction("Israel attacked the port.", date(2024, 1, 5))
    bad = _extraction("Israel attacked the base.", date(2024, 1, 6))
    bad.events[0].sentence_index = "not-an-int"  # type: ignore[assignment]  # fails inside the batch
    with Store(db) as store:
        with pytest.raises(duckdb.Error):
            store.write([good, bad], "test")
        assert store.counts()["articles"] == 0 and store.counts()["events"] == 0


def test_filters(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write([_extraction("Israel attacked the port.", date(2024, 1, 5)),
                     _extraction("Israel protested at the port.", date(2024, 3, 1), "PROTEST")], "test")
        assert {e["event_type"] for e in store.query_events(EventFilter(event_type="protest"))} == {"PROTEST"}
        assert len(store.query_events(EventFilter(since=date(2024, 2, 1)))) == 1
        assert len(store.query_events(EventFilter(until=date(2024, 2, 1)))) == 1
        assert len(store.query_events(EventFilter(actor="Israel"))) == 2
        assert store.query_events(EventFilter(actor="Qatar")) == []


def test_reingest_of_sample_changes_nothing(tmp_path):
    db = str(tmp_path / "s.duckdb")
    first = ingest([str(EXAMPLES)], db=db)
    with Store(db, read_only=True) as store:
        before = store.counts()
    second = ingest([str(EXAMPLES)], db=db)
    with Store(db, read_only=True) as store:
        after = store.counts()
    assert first.new == 1 and second.new == 0 and second.duplicate == 1
    assert before == after


def test_an_extractor_error_fails_one_article_not_the_batch(tmp_path, monkeypatch):
    import newsgraph.run.local as local

    real = local.extract

    def flaky(article, doc, *options):
        if "Lyon" in article.text:
            raise RuntimeError("boom")
        return real(article, doc, *options)

    monkeypatch.setattr(local, "extract", flaky)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(" date 2024-01-02 Police arrested protesters in Paris.", encoding="utf-8")
    (inputs / "b.txt").write_text(" date 2024-01-02 Police arrested protesters in Lyon.", encoding="utf-8")
    summary = ingest([str(inputs)], db=str(tmp_path / "s.duckdb"))
    assert summary.read == 2 and summary.new == 1 and summary.failed == 1
    assert "extraction failed" in summary.failures[0].reason and "b.txt" in summary.failures[0].path


def test_worker_processes_store_what_one_process_stores(tmp_path):
    """--processes 2 codes in spawned workers; the store must come out the same."""
    from itertools import islice

    from newsgraph.ingest import read_articles

    stories = islice((a for a in read_articles([str(eval_data("reuters21578", "reut2-000.sgm.gz"))]) if isinstance(a, Article)), 30)
    corpus = tmp_path / "stories.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.external_id, "title": a.title, "text": a.text, "date": str(a.date)}) + "\n"
                              for a in stories), encoding="utf-8")
    stores = {}
    for n in (1, 2):
        db = str(tmp_path / f"p{n}.duckdb")
        summary = ingest([str(EXAMPLES), str(corpus)], db=db, processes=n, batch_size=16)
        with duckdb.connect(db, read_only=True) as con:
            stores[n] = (summary.line(),
                         con.execute("SELECT id, event_type, date, actor_ids, recipient_ids, num_mentions FROM events ORDER BY id").fetchall(),
                         con.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall(),
                         con.execute("SELECT count(*) FROM quotes").fetchone())
    assert stores[1][1] and len(stores[1][2]) == 31 and stores[1] == stores[2]
    again = ingest([str(EXAMPLES), str(corpus)], db=str(tmp_path / "p2.duckdb"), processes=2, batch_size=16)
    assert again.new == 0 and again.duplicate == 31 and again.failed == 0  # batches with nothing to code


def test_write_times_its_stages_and_counts_merge_work(tmp_path):
    """The merge benchmark reads ``Store.timings`` / ``Store.stats`` to find what grows with the store."""
    with Store(tmp_path / "s.duckdb") as store:
        store.write([_extraction("Israel shelled the border post.", date(2024, 3, 5))], "test")
        store.write([_extraction("Israel shelled the border post again.", date(2024, 3, 6))], "test")
        assert {"known", "stories", "candidates", "compare", "insert", "index", "counts"} <= set(store.timings)
        assert all(v >= 0 for v in store.timings.values())
        assert store.stats["candidates"] >= 1 and store.stats["comparisons"] >= 1
