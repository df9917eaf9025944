"""The embedded store: one DuckDB file, schema in ``schema.sql``.

Writes are per batch and atomic (a failed batch is rolled back: the store is never left
half written); re-ingesting a known article is a no-op (ids come from content).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ..model import SCHEMA_VERSION, ActorMention, Extraction
from ..resolve.events import actor_key, event_id


class SchemaMismatch(RuntimeError):
    """The store was written by a newer/older newsgraph schema."""


def _schema_sql() -> str:
    return resources.files("newsgraph.store").joinpath("schema.sql").read_text("utf-8")


def _mentions_json(mentions: list[ActorMention]) -> str:
    return json.dumps(
        [
            {"start": m.span.start, "end": m.span.end, "text": m.span.text, "actor_id": m.actor.id if m.actor else None}
            for m in mentions
        ],
        ensure_ascii=False,
    )


@dataclass
class EventFilter:
    """Filters shared by the CLI, the Python API and the HTTP API."""

    actor: str | None = None  # actor id, ISO-3 or name fragment (actor or recipient side)
    event_type: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None  # ISO-3 country, place id or place name fragment
    article: str | None = None
    modality: str | None = None
    min_confidence: float | None = None
    limit: int | None = None


class Store:
    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path} (run `newsgraph ingest` first)")
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self._ensure_schema()
        self._check_version()

    # -- schema ---------------------------------------------------------------
    def _ensure_schema(self) -> None:
        self.con.execute(_schema_sql())
        if not self.con.execute("SELECT count(*) FROM schema_version").fetchone()[0]:
            self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, datetime.now()])

    def _check_version(self) -> None:
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row[0] != SCHEMA_VERSION:
            raise SchemaMismatch(f"store {self.path} has schema version {row[0]}, this newsgraph uses {SCHEMA_VERSION}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def write(self, extractions: Sequence[Extraction], extractor: str) -> None:
        """Write a batch atomically; articles already stored are skipped."""
        if not extractions:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write(extractions, extractor)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _write(self, extractions: Sequence[Extraction], extractor: str) -> None:
        now = datetime.now()
        known = self.known_articles(x.article.id for x in extractions)
        articles, actors, actor_mentions, places, events, mentions, quotes, claims = ([] for _ in range(8))
        seen: set[str] = set()
        for x in extractions:
            a = x.article
            if a.id in known or a.id in seen:
                continue
            seen.add(a.id)
            articles.append([a.id, a.external_id, a.url, a.source, a.title, a.date, a.date_source, a.language, a.dateline, a.path, a.text, now, extractor])
            for am in x.actors:
                if am.actor is not None:
                    actors.append(am.actor)
                actor_mentions.append([a.id, am.span.start, am.span.end, am.span.text, am.actor.id if am.actor else None, am.role])
            for pm in x.places:
                if pm.place is not None:
                    places.append(pm.place)
            for m in x.events:
                for am in m.actors + m.recipients:
                    if am.actor is not None:
                        actors.append(am.actor)
                if m.place and m.place.place:
                    places.append(m.place.place)
                eid = event_id(m)
                t, p = m.time, m.place
                place = p.place if p else None
                events.append([
                    eid, m.event_type, m.mode, ",".join(m.context), m.modality,
                    t.start if t else a.date, t.end if t else a.date, t.precision if t else "day", t.fallback if t else True,
                    actor_key(m.actors), actor_key(m.recipients), place.id if place else None, place.country if place else None,
                    m.cameo, m.quad_class, m.goldstein, m.confidence,
                ])
                mentions.append([
                    m.id, eid, a.id, m.sentence_index, m.sentence.start, m.sentence.end,
                    m.trigger.start, m.trigger.end, m.trigger.text, m.event_type, m.mode, m.modality,
                    _mentions_json(m.actors), _mentions_json(m.recipients), actor_key(m.actors), actor_key(m.recipients),
                    t.value if t else None, t.start if t else None, t.end if t else None, t.precision if t else None,
                    t.phrase if t else None, t.span.start if t and t.span else None, t.span.end if t and t.span else None,
                    t.resolution if t else None, t.fallback if t else None,
                    place.id if place else None, p.span.start if p else None, p.span.end if p else None,
                    p.span.text if p else None, p.reason if p else None, p.score if p else None,
                    m.cameo, m.goldstein, m.confidence, m.extractor,
                ])
            for q in x.quotes:
                if q.speaker_actor is not None:
                    actors.append(q.speaker_actor)
                quotes.append([
                    q.id, a.id, q.sentence_index, q.content.start, q.content.end, q.content.text,
                    q.cue.start if q.cue else None, q.cue.end if q.cue else None, q.cue.text if q.cue else None,
                    q.speaker.start if q.speaker else None, q.speaker.end if q.speaker else None,
                    q.speaker.text if q.speaker else None, q.speaker_actor.id if q.speaker_actor else None,
                    q.speaker_description, q.kind, q.confidence,
                ])
            for c in x.claims:
                if c.claimant_actor is not None:
                    actors.append(c.claimant_actor)
                claims.append([
                    c.id, a.id, c.sentence_index, c.stance, c.proposition.start, c.proposition.end, c.proposition.text,
                    c.claimant.start if c.claimant else None, c.claimant.end if c.claimant else None,
                    c.claimant.text if c.claimant else None, c.claimant_actor.id if c.claimant_actor else None,
                    c.cue.start if c.cue else None, c.cue.end if c.cue else None, c.cue.text if c.cue else None,
                    c.event_mention_id or None, c.date or a.date, c.confidence,
                ])
        if not articles:
            return
        self._insert("articles", articles)
        self._insert("actors", [[x.id, x.name, x.country, x.sector, x.kind, x.wikidata] for x in _unique(actors)], conflict="NOTHING")
        self._insert("actor_mentions", actor_mentions, conflict="NOTHING")
        self._insert("places", [[p.id, p.name, p.feature, p.country, p.admin1, p.lat, p.lon, p.geonameid, p.population] for p in _unique(places)], conflict="NOTHING")
        self._insert("events", [e + [0, 0, 0, None, None] for e in _unique_rows(events)], conflict="NOTHING")
        self._insert("event_mentions", mentions, conflict="NOTHING")
        self._insert("quotes", quotes, conflict="NOTHING")
        self._insert("claims", claims, conflict="NOTHING")
        self.refresh_event_counts({e[0] for e in events})

    def _insert(self, table: str, rows: list[list[Any]], conflict: str | None = None) -> None:
        if not rows:
            return
        marks = ", ".join("?" * len(rows[0]))
        tail = f" ON CONFLICT DO {conflict}" if conflict else ""
        self.con.executemany(f"INSERT INTO {table} VALUES ({marks}){tail}", rows)

    def refresh_event_counts(self, event_ids: Iterable[str]) -> None:
        """Recompute mention/article/source counts and first/last seen of some events."""
        ids = list(event_ids)
        if not ids:
            return
        self.con.execute(
            """
            UPDATE events SET num_mentions = s.n, num_articles = s.na, num_sources = s.ns,
                   first_seen = s.first_seen, last_seen = s.last_seen
            FROM (
                SELECT m.event_id, count(*) AS n, count(DISTINCT m.article_id) AS na,
                       count(DISTINCT coalesce(nullif(a.source, ''), a.id)) AS ns,
                       min(a.published) AS first_seen, max(a.published) AS last_seen
                FROM event_mentions m JOIN articles a ON a.id = m.article_id
                WHERE m.event_id IN (SELECT unnest(?))
                GROUP BY m.event_id
            ) s
            WHERE events.id = s.event_id
            """,
            [ids],
        )

    # -- reads ----------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def query_events(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        f = f or EventFilter()
        where, params = event_where(f)
        sql = (
            "SELECT e.*, p.name AS place_name, p.lat, p.lon FROM events e LEFT JOIN places p ON p.id = e.place_id"
            f" WHERE {where} ORDER BY e.date, e.id"
        )
        if f.limit:
            sql += f" LIMIT {int(f.limit)}"
        return self.rows(sql, params)

    def event_mentions(self, event_id: str) -> list[dict[str, Any]]:
        return self.rows(
            """SELECT m.*, a.title, a.source, a.url, a.published,
                      substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
               FROM event_mentions m JOIN articles a ON a.id = m.article_id
               WHERE m.event_id = ? ORDER BY a.published, m.article_id, m.sentence_index""",
            [event_id],
        )

    def counts(self) -> dict[str, int]:
        tables = ["articles", "events", "event_mentions", "actors", "places", "quotes", "claims"]
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The SQL condition (over ``events e``) and parameters for a filter; shared by
    :meth:`Store.query_events` and the HTTP API's paged queries."""
    where, params = ["1=1"], []
    if f.actor:
        where.append(
            "(e.actor_ids ILIKE ? OR e.recipient_ids ILIKE ? OR EXISTS (SELECT 1 FROM actors x WHERE"
            " (x.name ILIKE ? OR x.id ILIKE ?) AND (';' || e.actor_ids || ';' || e.recipient_ids || ';') LIKE '%;' || x.id || ';%'))"
        )
        params += [f"%{f.actor}%", f"%{f.actor}%", f"%{f.actor}%", f.actor]
    if f.event_type:
        where.append("e.event_type = ?")
        params.append(f.event_type.upper())
    if f.since:
        where.append("coalesce(e.date_end, e.date) >= ?")
        params.append(f.since)
    if f.until:
        where.append("e.date <= ?")
        params.append(f.until)
    if f.place:
        where.append("(e.country = ? OR e.place_id = ? OR EXISTS (SELECT 1 FROM places p WHERE p.id = e.place_id AND p.name ILIKE ?))")
        params += [f.place.upper(), f.place, f"%{f.place}%"]
    if f.article:
        where.append("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id AND m.article_id = ?)")
        params.append(f.article)
    if f.modality:
        where.append("e.modality = ?")
        params.append(f.modality)
    if f.min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(f.min_confidence)
    return " AND ".join(where), params


def _unique(items: list[Any]) -> list[Any]:
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item.id, item)
    return list(out.values())


def _unique_rows(rows: list[list[Any]]) -> list[list[Any]]:
    out: dict[str, list[Any]] = {}
    for row in rows:
        if row[0] not in out or (row[16] or 0) > (out[row[0]][16] or 0):
            out[row[0]] = row
    return list(out.values())
