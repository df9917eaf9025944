"""The embedded store: one DuckDB file, schema in ``schema.sql``.

Writes are per batch and atomic (a failed batch is rolled back: the store is never left
half written); re-ingesting a known article is a no-op (ids come from content).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..model import SCHEMA_VERSION, ActorMention, Article, EventMention, Extraction, content_id
from ..resolve.dedup import Alignment, Candidate, Fingerprint, fingerprint, stored_fingerprint
from ..resolve.events import actor_key, event_id
from ..resolve.merge import Assignment, MergeKey, assign, candidate_windows, merge_rules
from ..resolve.stories import StoryFeatures, assign_stories


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
        #: seconds spent per stage of ``write`` and merge work counts, summed over writes (the
        #: merge benchmark reads and resets them to show which part grows with the store)
        self.timings: dict[str, float] = {}
        self.stats: dict[str, int] = {}
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

    def write(self, extractions: Sequence[Extraction], extractor: str, fingerprints: Sequence[Fingerprint] | None = None) -> None:
        """Write a batch atomically; articles already stored are skipped.

        Mentions are merged into events (resolve.merge), articles clustered into stories
        (resolve.stories); a copy (``Article.duplicate_of``) gets its original's mentions.
        ``fingerprints`` are the dedup fingerprints already computed for the batch, if any.
        """
        if not extractions:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write(extractions, extractor, fingerprints)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _write(self, extractions: Sequence[Extraction], extractor: str, fingerprints: Sequence[Fingerprint] | None) -> None:
        now = datetime.now()
        lap = self._stopwatch()
        known = self.known_articles(x.article.id for x in extractions)
        fresh: list[Extraction] = []
        for x in extractions:
            if x.article.id not in known and x.article.id not in {f.article.id for f in fresh}:
                fresh.append(x)
        if not fresh:
            return
        originals = [x for x in fresh if not x.article.duplicate_of]
        copies = [x for x in fresh if x.article.duplicate_of]
        lap("known")
        stories = assign_stories(originals, self.story_candidates)
        lap("stories")
        articles, actors, actor_mentions, places, events, mentions, quotes, claims = ([] for _ in range(8))
        pending: list[tuple[EventMention, date | None]] = []
        by_mention: dict[str, EventMention] = {}
        for x in fresh:
            a = x.article
            articles.append([a.id, a.external_id, a.url, a.source, a.title, a.date, a.date_source, a.language, a.dateline,
                             a.path, a.text, now, extractor, a.duplicate_of or None, a.similarity if a.duplicate_of else None,
                             a.story_id or None])
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
                pending.append((m, a.date))
                by_mention[m.id] = m
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
        dates = {x.article.id: x.article.date for x in fresh}
        log: list[list[Any]] = []
        lap("rows")
        for asg in self._assign(pending, lap):
            m = by_mention[asg.mention_id]
            a_date = dates[m.article_id]
            t, p = m.time, m.place
            place = p.place if p else None
            if asg.action in ("create", "override"):
                events.append([
                    asg.event_id, m.event_type, m.mode, ",".join(m.context), m.modality,
                    t.start if t else a_date, t.end if t else a_date, t.precision if t else "day", t.fallback if t else True,
                    actor_key(m.actors), actor_key(m.recipients), place.id if place else None, place.country if place else None,
                    m.cameo, m.quad_class, m.goldstein, m.confidence,
                ])
            log.append([asg.event_id, m.id, m.article_id, asg.action, asg.score, json.dumps(asg.reasons, default=str), None, now])
            mentions.append([
                m.id, asg.event_id, m.article_id, m.sentence_index, m.sentence.start, m.sentence.end,
                m.trigger.start, m.trigger.end, m.trigger.text, m.event_type, m.mode, m.modality,
                _mentions_json(m.actors), _mentions_json(m.recipients), actor_key(m.actors), actor_key(m.recipients),
                t.value if t else None, t.start if t else None, t.end if t else None, t.precision if t else None,
                t.phrase if t else None, t.span.start if t and t.span else None, t.span.end if t and t.span else None,
                t.resolution if t else None, t.fallback if t else None,
                place.id if place else None, p.span.start if p else None, p.span.end if p else None,
                p.span.text if p else None, p.reason if p else None, p.score if p else None,
                m.cameo, m.goldstein, m.confidence, m.extractor,
            ])
        lap("rows")
        self._insert("articles", articles)
        self._insert("actors", [[x.id, x.name, x.country, x.sector, x.kind, x.wikidata] for x in _unique(actors)], conflict="NOTHING")
        self._insert("actor_mentions", actor_mentions, conflict="NOTHING")
        self._insert("places", [[p.id, p.name, p.feature, p.country, p.admin1, p.lat, p.lon, p.geonameid, p.population] for p in _unique(places)], conflict="NOTHING")
        self._insert("events", [e + [0, 0, 0, None, None, 0, None] for e in _unique_rows(events)], conflict="NOTHING")
        self._insert("event_mentions", mentions, conflict="NOTHING")
        self._insert("quotes", quotes, conflict="NOTHING")
        self._insert("claims", claims, conflict="NOTHING")
        touched = {row[1] for row in mentions}
        lap("insert")
        touched |= self._copy_mentions([x.article for x in copies], now, log)
        lap("copies")
        self._insert("event_merges", log)
        lap("insert")
        self._index_articles(fresh, fingerprints, stories)
        lap("index")
        self.refresh_event_counts(touched)
        lap("counts")

    def _stopwatch(self) -> Callable[[str], None]:
        """``lap(stage)`` adds the time since the previous lap to ``self.timings[stage]``."""
        last = [time.perf_counter()]

        def lap(stage: str) -> None:
            now = time.perf_counter()
            self.timings[stage] = self.timings.get(stage, 0.0) + now - last[0]
            last[0] = now

        return lap

    def _assign(self, pending: list[tuple[EventMention, date | None]], lap: Callable[[str], None]) -> list[Assignment]:
        """Assign new mentions to events: stored events near their dates are the candidates."""
        if not pending:
            return []
        keys = [MergeKey.of_mention(m, d) for m, d in pending]
        rules = merge_rules()
        windows = candidate_windows(keys, rules)
        candidates: list[dict[str, Any]] = []
        if windows:
            # one range per type and run of weeks: a batch meets the events of its own weeks only
            candidates = self.rows(
                "WITH w AS (SELECT unnest(?) AS t, unnest(?) AS lo, unnest(?) AS hi)"
                " SELECT DISTINCT e.id, e.event_type, e.modality, e.date, e.date_end, e.date_precision, e.date_fallback,"
                " e.actor_ids, e.recipient_ids, e.place_id, e.country FROM events e JOIN w ON e.event_type = w.t"
                " AND e.date <= w.hi AND coalesce(e.date_end, e.date) >= w.lo",
                [[w[0] for w in windows], [w[1] for w in windows], [w[2] for w in windows]],
            )
        ids = [m.id for m, _ in pending] + [event_id(m) for m, _ in pending]
        candidates += self.rows(  # identical keys, whatever their date (an event without one)
            "SELECT id, event_type, modality, date, date_end, date_precision, date_fallback, actor_ids,"
            " recipient_ids, place_id, country FROM events WHERE id IN (SELECT unnest(?))", [ids])
        overrides = dict(self.con.execute(
            "SELECT mention_id, event_id FROM merge_overrides WHERE mention_id IN (SELECT unnest(?))",
            [[m.id for m, _ in pending]]).fetchall())
        lap("candidates")
        out = assign(pending, candidates, overrides, rules, self.stats)
        lap("compare")
        return out

    def _copy_mentions(self, copies: list[Article], now: datetime, log: list[list[Any]]) -> set[str]:
        """A syndicated copy is not coded again: its original's mentions are carried over
        (sentence found verbatim in the copy, offsets shifted) and join the same events."""
        touched: set[str] = set()
        cols = [d[0] for d in self.con.execute("SELECT * FROM event_mentions LIMIT 0").description]
        rows = []
        for copy in copies:
            original = self.con.execute("SELECT text FROM articles WHERE id = ?", [copy.duplicate_of]).fetchone()
            if original is None:
                continue
            align = Alignment(original[0], copy.text)
            for m in self.rows("SELECT * FROM event_mentions WHERE article_id = ? ORDER BY trigger_start", [copy.duplicate_of]):
                new = _carry_over(m, align)
                if new is None:  # the copy edited the trigger or an argument away
                    continue
                new["article_id"] = copy.id
                new["id"] = content_id(copy.id, str(new["trigger_start"]), new["event_type"], prefix="m")
                rows.append([new[c] for c in cols])
                touched.add(new["event_id"])
                reasons = {"agreed": {"article": f"copy of {copy.duplicate_of}", "mention": m["id"]}, "similarity": copy.similarity}
                log.append([new["event_id"], new["id"], copy.id, "copy", copy.similarity, json.dumps(reasons), None, now])
        self._insert("event_mentions", rows, conflict="NOTHING")
        if copies:
            self.con.execute(
                "UPDATE articles SET story_id = o.story_id FROM articles o"
                " WHERE articles.duplicate_of = o.id AND articles.id IN (SELECT unnest(?))", [[c.id for c in copies]])
        return touched

    def _index_articles(self, fresh: list[Extraction], fingerprints: Sequence[Fingerprint] | None, stories: list[StoryFeatures]) -> None:
        """Keep what later batches need to find copies and story neighbours of these articles."""
        by_id = {f.article_id: f for f in fingerprints or ()}
        words = {s.article_id: s for s in stories}
        fps, lsh, ents = [], [], []
        for x in fresh:
            a = x.article
            fp = by_id.get(a.id) or fingerprint(a)
            st = words.get(a.id)
            fps.append([a.id, fp.exact, fp.minhash or None, st.words if st and st.words else None, a.date])
            lsh += [[k, a.id] for k in fp.band_keys]
            ents += [[e, a.id, a.date] for e in (st.entities if st else ())]
        self._insert("article_fingerprints", fps, conflict="NOTHING")
        self._insert("article_lsh", lsh)
        self._insert("article_entities", ents)

    # -- lookups for resolve (indexed: cost per article does not grow with the store) ----------
    def fingerprint_candidates(self, exact: Sequence[str], band_keys: Sequence[int]) -> list[Candidate]:
        """Stored articles sharing an exact hash or an LSH band key with the given ones (their
        figures and shingle counts recounted from the stored text, see ``stored_fingerprint``)."""
        rows = self.con.execute(
            """WITH hits AS (
                   SELECT article_id FROM article_fingerprints WHERE exact IN (SELECT unnest(?))
                   UNION SELECT article_id FROM article_lsh WHERE band_key IN (SELECT unnest(?)))
               SELECT f.article_id, f.exact, f.minhash, a.duplicate_of, a.published, a.title, a.text
               FROM hits h JOIN article_fingerprints f ON f.article_id = h.article_id
               JOIN articles a ON a.id = f.article_id""",
            [list(exact), list(band_keys)],
        ).fetchall()
        if not rows:
            return []
        keys: dict[str, list[int]] = {}
        for k, aid in self.con.execute(
            "SELECT band_key, article_id FROM article_lsh WHERE article_id IN (SELECT unnest(?))", [[r[0] for r in rows]]
        ).fetchall():
            keys.setdefault(aid, []).append(k)
        return [Candidate(stored_fingerprint(aid, ex, mh or b"", keys.get(aid, []), title or "", text), dup or "", pub)
                for aid, ex, mh, dup, pub, title, text in rows]

    def story_candidates(self, entities: Sequence[str], since: date | None, until: date | None, limit: int) -> list[StoryFeatures]:
        """Stored articles in the window naming one of the entities (newest first, at most ``limit``)."""
        rows = self.con.execute(
            """WITH hits AS (
                   SELECT article_id, max(published) AS published FROM article_entities
                   WHERE entity IN (SELECT unnest(?)) AND (? IS NULL OR published >= ?) AND (? IS NULL OR published <= ?)
                   GROUP BY article_id ORDER BY published DESC LIMIT ?),
               ents AS (
                   SELECT e.article_id, list(e.entity) AS entities
                   FROM article_entities e JOIN hits USING (article_id) GROUP BY e.article_id)
               SELECT h.article_id, h.published, f.words, a.story_id, ents.entities
               FROM hits h JOIN article_fingerprints f ON f.article_id = h.article_id
               JOIN articles a ON a.id = h.article_id LEFT JOIN ents ON ents.article_id = h.article_id""",
            [list(entities), since, since, until, until, limit],
        ).fetchall()
        return [StoryFeatures(aid, pub, frozenset(ents or ()), words or b"", story or "") for aid, pub, words, story, ents in rows]

    def _insert(self, table: str, rows: list[list[Any]], conflict: str | None = None) -> None:
        if not rows:
            return
        tail = f" ON CONFLICT DO {conflict}" if conflict else ""
        if len(rows) < 8:
            marks = ", ".join("?" * len(rows[0]))
            self.con.executemany(f"INSERT INTO {table} VALUES ({marks}){tail}", rows)
            return
        # many rows: one columnar insert (executemany is row by row, and slow on indexed tables)
        cols = [d[0] for d in self.con.execute(f"SELECT * FROM {table} LIMIT 0").description]
        batch = pa.table({c: pa.array([r[i] for r in rows]) for i, c in enumerate(cols)})
        self.con.register("_ng_rows", batch)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _ng_rows{tail}")
        finally:
            self.con.unregister("_ng_rows")

    def refresh_event_counts(self, event_ids: Iterable[str]) -> None:
        """Recompute counts (independent sources: outlets of the originals, copies do not add one),
        first/last seen and the story of some events."""
        ids = list(event_ids)
        if not ids:
            return
        self.con.execute(
            """
            UPDATE events SET num_mentions = s.n, num_articles = s.na, num_sources = s.ns,
                   first_seen = s.first_seen, last_seen = s.last_seen,
                   independent_source_count = s.isc, story_id = s.story_id
            FROM (
                SELECT m.event_id, count(*) AS n, count(DISTINCT m.article_id) AS na,
                       count(DISTINCT coalesce(nullif(a.source, ''), a.id)) AS ns,
                       count(DISTINCT coalesce(nullif(o.source, ''), o.id)) AS isc,
                       min(a.published) AS first_seen, max(a.published) AS last_seen,
                       arg_min(a.story_id, a.published) AS story_id
                FROM event_mentions m JOIN articles a ON a.id = m.article_id
                JOIN articles o ON o.id = coalesce(a.duplicate_of, a.id)
                WHERE m.event_id IN (SELECT unnest(?))
                GROUP BY m.event_id
            ) s
            WHERE events.id = s.event_id
            """,
            [ids],
        )

    # -- merges: explain and undo ---------------------------------------------
    def merge_log(self, event_id: str) -> list[dict[str, Any]]:
        """Every assignment into (or split out of) an event, oldest first, with its reasons."""
        return self.rows(
            """SELECT g.*, m.trigger_text, m.sentence_index, a.source, a.published, a.duplicate_of
               FROM event_merges g LEFT JOIN event_mentions m ON m.id = g.mention_id
               LEFT JOIN articles a ON a.id = g.article_id
               WHERE g.event_id = ? OR g.from_event_id = ? ORDER BY g.created_at, g.mention_id""",
            [event_id, event_id],
        )

    def split(self, event_id: str, mention_id: str) -> str:
        """Move a mention out of an event into an event of its own; returns the new event id.

        The decision is kept in ``merge_overrides``, so re-coding the article puts the mention
        back in its own event rather than merging it again.
        """
        rows = self.rows("SELECT m.*, a.published FROM event_mentions m JOIN articles a ON a.id = m.article_id WHERE m.id = ?", [mention_id])
        if not rows or rows[0]["event_id"] != event_id:
            raise ValueError(f"mention {mention_id} is not in event {event_id}")
        m = rows[0]
        n = self.con.execute("SELECT count(*) FROM event_mentions WHERE event_id = ?", [event_id]).fetchone()[0]
        if n < 2:
            raise ValueError(f"event {event_id} has a single mention: nothing to split")
        new_id = content_id("split", event_id, mention_id, prefix="e")
        event = self.rows("SELECT * FROM events WHERE id = ?", [event_id])[0]
        fallback = m["time_fallback"] is not False or m["time_start"] is None
        event.update(
            id=new_id, event_type=m["event_type"], mode=m["mode"], modality=m["modality"],
            date=m["published"] if fallback else m["time_start"], date_end=m["published"] if fallback else m["time_end"],
            date_precision="day" if fallback else m["time_precision"], date_fallback=fallback,
            actor_ids=m["actor_ids"], recipient_ids=m["recipient_ids"], place_id=m["place_id"],
            country=self.con.execute("SELECT country FROM places WHERE id = ?", [m["place_id"]]).fetchone()[0] if m["place_id"] else None,
            cameo=m["cameo"], goldstein=m["goldstein"], confidence=m["confidence"],
        )
        now = datetime.now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("events", [list(event.values())], conflict="NOTHING")
            self.con.execute("UPDATE event_mentions SET event_id = ? WHERE id = ?", [new_id, mention_id])
            self.con.execute("INSERT OR REPLACE INTO merge_overrides VALUES (?, ?, ?, 'split', ?)", [mention_id, new_id, event_id, now])
            self._insert("event_merges", [[new_id, mention_id, m["article_id"], "split", None,
                                           json.dumps({"by": "user", "from": event_id}), event_id, now]])
            self.refresh_event_counts([event_id, new_id])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return new_id

    def forget_articles(self, article_ids: Iterable[str]) -> int:
        """Remove articles and everything coded from them (to re-code them with a newer
        extractor). User overrides and the merge log are kept; emptied events are removed."""
        ids = list(article_ids)
        if not ids:
            return 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            events = [r[0] for r in self.con.execute(
                "SELECT DISTINCT event_id FROM event_mentions WHERE article_id IN (SELECT unnest(?))", [ids]).fetchall()]
            for table, col in (("event_mentions", "article_id"), ("quotes", "article_id"), ("claims", "article_id"),
                               ("actor_mentions", "article_id"), ("article_lsh", "article_id"),
                               ("article_entities", "article_id"), ("article_fingerprints", "article_id")):
                self.con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?))", [ids])
            self.con.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IN (SELECT unnest(?))", [ids])
            n = self.con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchone()[0]
            self.con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?)) AND id NOT IN (SELECT event_id FROM event_mentions)", [events])
            self.refresh_event_counts(events)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return n

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


def _carry_over(m: dict[str, Any], align: Alignment) -> dict[str, Any] | None:
    """A stored mention row with its offsets moved into the copy, or None if a span was edited."""
    new = dict(m)
    sentence = (align.loose(m["sentence_start"], True), align.loose(m["sentence_end"] - 1, False))
    trigger = align.span(m["trigger_start"], m["trigger_end"])
    if None in sentence or trigger is None:
        return None
    new["sentence_start"], new["sentence_end"] = sentence[0], sentence[1] + (0 if align.point(m["sentence_end"] - 1) is None else 1)
    new["trigger_start"], new["trigger_end"] = trigger
    for a, b in (("time_span_start", "time_span_end"), ("place_start", "place_end")):
        if m[a] is not None:
            moved = align.span(m[a], m[b])
            if moved is None:
                return None
            new[a], new[b] = moved
    for side in ("actors", "recipients"):
        spans = json.loads(m[side] or "[]")
        for sp in spans:
            moved = align.span(sp["start"], sp["end"])
            if moved is None:
                return None
            sp["start"], sp["end"] = moved
        new[side] = json.dumps(spans, ensure_ascii=False)
    return new


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
