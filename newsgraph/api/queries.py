"""Read-side queries the HTTP API needs beyond :mod:`newsgraph.query`: keyset (cursor)
pagination, text search, the actor network, places as GeoJSON, whole-article provenance.

Every function takes an open DuckDB connection or cursor (the app hands out one cursor per
request from a shared connection, so many requests read in parallel) and returns plain data.
Event filters are the store's own (:func:`newsgraph.store.duckdb_store.event_where`), so the
CLI, the Python API and the HTTP API select the same rows.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from ..query import CSV_COLUMNS, _iso, claim_where, marked_sentence, plover_record, quote_where
from ..store.duckdb_store import EventFilter, event_where

Con = duckdb.DuckDBPyConnection

# Sort keys per list: name -> SQL (NULLs coalesced so the keyset comparison is total). Plain
# lists sort on table columns; the aggregated lists (actors, places) on their output columns.
_LOW_DATE = "DATE '0001-01-01'"
EVENT_SORTS = {
    "date": f"coalesce(e.date, {_LOW_DATE})",
    "confidence": "coalesce(e.confidence, -1)",
    "goldstein": "coalesce(e.goldstein, -99)",
    "mentions": "coalesce(e.num_mentions, 0)",
    "type": "e.event_type",
}
ACTOR_SORTS = {"events": "n_events", "name": "lower(coalesce(name, id))", "id": "id"}
PLACE_SORTS = {"events": "n_events", "name": "lower(coalesce(name, id))"}
QUOTE_SORTS = {"date": f"coalesce(ar.published, {_LOW_DATE})", "confidence": "coalesce(q.confidence, -1)"}
CLAIM_SORTS = {"date": f"coalesce(c.date, {_LOW_DATE})", "confidence": "coalesce(c.confidence, -1)"}
ARTICLE_SORTS = {"date": f"coalesce(a.published, {_LOW_DATE})", "title": "lower(coalesce(a.title, ''))"}

class BadCursor(ValueError):
    """A cursor that this API did not hand out (or from a different sort)."""


@dataclass
class Page:
    """One page of a list: ``next_cursor`` is None on the last page."""

    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None = None
    sort: str = ""


def rows(con: Con, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


# -- cursors ---------------------------------------------------------------------------------
def encode_cursor(sort: str, value: Any, key: str) -> str:
    raw = json.dumps([sort, value.isoformat() if isinstance(value, date) else value, key])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, value, key = json.loads(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor("cursor is not one this API handed out") from exc
    if got_sort != sort or not isinstance(key, str) or not isinstance(value, str | int | float):
        raise BadCursor(f"cursor belongs to sort {got_sort!r}, not {sort!r}")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    return value, key


def paged(con: Con, select: str, source: str, params: list[Any], sort: str, sort_expr: str, key_expr: str,
          desc: bool, cursor: str | None, limit: int, grouped: bool = False) -> Page:
    """Keyset pagination of ``SELECT {select} {source}`` (``source`` is FROM ... WHERE ...):
    rows ordered by (sort, key); the cursor holds the last row's pair. Plain lists are
    ordered in place so DuckDB can use a top-N; ``grouped`` lists (GROUP BY in ``source``)
    are wrapped and ordered on their output columns."""
    name = sort + (":desc" if desc else "")
    if grouped:
        inner = f"SELECT {select} {source}"
        total = con.execute(f"SELECT count(*) FROM ({inner}) t", params).fetchone()[0]
        sql = f"SELECT *, {sort_expr} AS _sort, {key_expr} AS _key FROM ({inner}) b WHERE 1=1"
        s_expr, k_expr = "_sort", "_key"
    else:
        total = con.execute(f"SELECT count(*) {source}", params).fetchone()[0]
        sql = f"SELECT {select}, {sort_expr} AS _sort, {key_expr} AS _key {source}"
        s_expr, k_expr = sort_expr, key_expr
    page_params = list(params)
    if cursor:
        value, key = decode_cursor(cursor, name)
        op = "<" if desc else ">"
        sql += f" AND ({s_expr} {op} ? OR ({s_expr} = ? AND {k_expr} {op} ?))"
        page_params += [value, value, key]
    order = "DESC" if desc else "ASC"
    sql += f" ORDER BY {s_expr} {order}, {k_expr} {order} LIMIT {int(limit) + 1}"
    try:
        found = rows(con, sql, page_params)
    except duckdb.Error as exc:  # a forged cursor whose value does not fit the sort column
        raise BadCursor("cursor does not fit this list") from exc
    nxt = None
    if len(found) > limit:
        found = found[:limit]
        nxt = encode_cursor(name, found[-1]["_sort"], found[-1]["_key"])
    for r in found:
        r.pop("_sort", None)
        r.pop("_key", None)
    return Page(found, total, nxt, name)


# -- names -------------------------------------------------------------------------------------
def actor_names(con: Con, ids: set[str]) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    found = con.execute("SELECT id, name FROM actors WHERE id IN (SELECT unnest(?))", [sorted(ids)]).fetchall()
    return {i: n or i for i, n in found}


def split_ids(value: str | None) -> list[str]:
    return [a for a in (value or "").split(";") if a]


# -- events ----------------------------------------------------------------------------------
def event_conditions(f: EventFilter, q: str | None = None) -> tuple[str, list[Any]]:
    """The store's event filter plus a text search over the evidence sentences and triggers."""
    where, params = event_where(f)
    if q:
        where += (
            " AND EXISTS (SELECT 1 FROM event_mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.event_id = e.id AND (m.trigger_text ILIKE ? OR"
            " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) ILIKE ?))"
        )
        params += [f"%{q}%", f"%{q}%"]
    return where, params


EVENT_OWN_COLUMNS = (
    "e.id, e.event_type, e.mode, e.context, e.modality, e.date, e.date_end, e.date_precision,"
    " e.date_fallback, e.actor_ids, e.recipient_ids, e.place_id, e.country, e.cameo, e.quad_class,"
    " e.goldstein, e.confidence, e.num_mentions, e.num_articles, e.num_sources, e.first_seen,"
    " e.last_seen"
)
EVENT_COLUMNS = EVENT_OWN_COLUMNS + ", p.name AS place_name, p.lat, p.lon"


@dataclass
class Lookups:
    """What every events page needs besides the events: the first evidence of each event
    (trigger text, article) and actor names. Loaded once for a read-only server."""

    first_mention: dict[str, tuple[str, str]]
    names: dict[str, str]
    places: dict[str, tuple[str | None, float | None, float | None]]
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> name, country, sector, kind


ACTOR_INFO = "id, name, country, sector, kind"
FIRST_MENTION_SQL = (
    "SELECT event_id, arg_min(trigger_text, sentence_index), arg_min(article_id, sentence_index)"
    " FROM event_mentions {where} GROUP BY event_id"
)


def load_lookups(con: Con) -> Lookups:
    first = {r[0]: (r[1], r[2]) for r in con.execute(FIRST_MENTION_SQL.format(where="")).fetchall()}
    actors = {r["id"]: r for r in rows(con, f"SELECT {ACTOR_INFO} FROM actors")}
    return Lookups(first, {i: a["name"] or i for i, a in actors.items()}, _places(con, None), actors)


def _places(con: Con, ids: list[str] | None) -> dict[str, tuple[str | None, float | None, float | None]]:
    where = "" if ids is None else " WHERE id IN (SELECT unnest(?))"
    return {r[0]: r[1:] for r in con.execute("SELECT id, name, lat, lon FROM places" + where, [] if ids is None else [ids]).fetchall()}


def _page_lookups(con: Con, events: list[dict[str, Any]]) -> Lookups:
    """The lookups for one page only (when no loaded :class:`Lookups` is at hand)."""
    ids = [e["id"] for e in events]
    found = con.execute(FIRST_MENTION_SQL.format(where="WHERE event_id IN (SELECT unnest(?))"), [ids]).fetchall()
    names = actor_names(con, {a for e in events for a in split_ids(e["actor_ids"]) + split_ids(e["recipient_ids"])})
    places = _places(con, sorted({e["place_id"] for e in events if e["place_id"]}))
    return Lookups({r[0]: (r[1], r[2]) for r in found}, names, places)


def list_events(con: Con, f: EventFilter, q: str | None, sort: str, desc: bool,
                cursor: str | None, limit: int, lookups: Lookups | None = None) -> Page:
    """A page of events, each with actor names and its first evidence (trigger, article).

    Two steps: the keyset top-N runs over ``events`` alone (narrow, no join), then the page's
    rows are fetched by id; names and places come from the lookups (no join on the hot path)."""
    where, params = event_conditions(f, q)
    page = paged(con, "e.id", f"FROM events e WHERE {where}", params, sort, EVENT_SORTS[sort], "e.id", desc, cursor, limit)
    ids = [r["id"] for r in page.items]
    if ids:
        marks = ", ".join("?" * len(ids))
        by_id = {r["id"]: r for r in rows(con, f"SELECT {EVENT_OWN_COLUMNS} FROM events e WHERE e.id IN ({marks})", ids)}
        page.items = [by_id[i] for i in ids]
        _decorate_events(page.items, lookups or _page_lookups(con, page.items))
    return page


def _decorate_events(events: list[dict[str, Any]], lookups: Lookups) -> None:
    for e in events:
        e["actor_names"] = [lookups.names.get(a, a) for a in split_ids(e["actor_ids"])]
        e["recipient_names"] = [lookups.names.get(a, a) for a in split_ids(e["recipient_ids"])]
        e["trigger_text"], e["article_id"] = lookups.first_mention.get(e["id"], (None, None))
        e["place_name"], e["lat"], e["lon"] = lookups.places.get(e["place_id"], (None, None, None))


MENTION_SELECT = (
    "SELECT m.*, a.title, a.source, a.url, a.published,"
    " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence"
    " FROM event_mentions m JOIN articles a ON a.id = m.article_id"
)


def _parse_mention(m: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    m["actors"] = json.loads(m["actors"] or "[]")
    m["recipients"] = json.loads(m["recipients"] or "[]")
    for part in m["actors"] + m["recipients"]:
        part["name"] = names.get(part["actor_id"], "") if part.get("actor_id") else ""
    return m


def event_detail(con: Con, event_id: str) -> dict[str, Any] | None:
    """One event with every mention behind it; each mention carries its sentence, the
    offsets of trigger, actors, recipients, time and place, and the sentence cut into
    marked pieces (:func:`newsgraph.query.marked_sentence`)."""
    found = rows(con, f"SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE e.id = ?", [event_id])
    if not found:
        return None
    event = found[0]
    mentions = rows(con, MENTION_SELECT + " WHERE m.event_id = ? ORDER BY a.published, m.article_id, m.sentence_index", [event_id])
    ids = set(split_ids(event["actor_ids"]) + split_ids(event["recipient_ids"]))
    for m in mentions:
        ids |= {p.get("actor_id") for p in json.loads(m["actors"] or "[]") + json.loads(m["recipients"] or "[]")}
    names = actor_names(con, {i for i in ids if i})
    for m in mentions:
        _parse_mention(m, names)
        m["pieces"] = [{"text": t, "role": r} for t, r in marked_sentence(m)]
    event["mentions"] = mentions
    event["actor_names"] = [names.get(a, a) for a in split_ids(event["actor_ids"])]
    event["recipient_names"] = [names.get(a, a) for a in split_ids(event["recipient_ids"])]
    event["articles"] = sorted({(m["article_id"], m["title"] or "", str(m["published"] or "")) for m in mentions})
    event["articles"] = [{"id": a, "title": t, "published": d} for a, t, d in event["articles"]]
    return event


def export_rows(con: Con, f: EventFilter, q: str | None, limit: int | None) -> list[dict[str, Any]]:
    """Every matching event (date order) for downloads."""
    where, params = event_conditions(f, q)
    sql = f"SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE {where} ORDER BY e.date, e.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return rows(con, sql, params)


def events_csv_rows(events: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The CSV export's columns (as ``newsgraph export --format csv``) and rows."""
    from ..model import SCHEMA_VERSION

    return [*CSV_COLUMNS, "schema_version"], [[_iso(e.get(c)) for c in CSV_COLUMNS] + [SCHEMA_VERSION] for e in events]


def plover_records(con: Con, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as PLOVER JSON records (as ``newsgraph export --format jsonl``), mentions fetched in one query."""
    if not events:
        return []
    by_event: dict[str, list[dict[str, Any]]] = {}
    mentions = rows(con, MENTION_SELECT + " WHERE m.event_id IN (SELECT unnest(?)) ORDER BY a.published, m.article_id, m.sentence_index", [[e["id"] for e in events]])
    for m in mentions:
        by_event.setdefault(m["event_id"], []).append(m)
    names = actor_names(con, {a for e in events for a in split_ids(e["actor_ids"]) + split_ids(e["recipient_ids"])})
    return [plover_record(e, by_event.get(e["id"], []), names) for e in events]


# -- network ---------------------------------------------------------------------------------
def actor_network(con: Con, f: EventFilter, q: str | None = None, limit: int = 300,
                  include_unresolved: bool = False, lookups: Lookups | None = None) -> dict[str, Any]:
    """Nodes are actors, edges are events from an actor to a recipient: count, mean
    Goldstein score, event types and a few event ids (the evidence one click away).
    Unresolved actors (``text:...``) are left out unless asked for.

    The filter runs in SQL over ``events`` alone (narrow, fast); the dyads of the matching
    events are counted here: a date window holds tens to thousands of events, and splitting
    the id lists in SQL cost more than the whole filter."""
    where, params = event_conditions(f, q)
    found = con.execute(
        f"SELECT e.id, e.date, e.event_type, e.goldstein, e.actor_ids, e.recipient_ids FROM events e WHERE {where}"
        " AND coalesce(e.actor_ids, '') <> '' AND coalesce(e.recipient_ids, '') <> ''", params).fetchall()
    pairs: dict[tuple[str, str], _Edge] = {}
    for event_id, day, event_type, goldstein, actor_ids, recipient_ids in found:
        for s in dict.fromkeys(split_ids(actor_ids)):
            for r in dict.fromkeys(split_ids(recipient_ids)):
                if s == r or (not include_unresolved and (s.startswith("text:") or r.startswith("text:"))):
                    continue
                pairs.setdefault((s, r), _Edge()).add(event_id, day, event_type, goldstein)
    top = sorted(pairs.items(), key=lambda kv: (-len(kv[1].events), kv[0]))[: int(limit)]
    edges = [edge.record(s, r) for (s, r), edge in top]
    ids = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = []
    if ids:
        info = lookups.actors if lookups else {
            r["id"]: r for r in rows(con, f"SELECT {ACTOR_INFO} FROM actors WHERE id IN (SELECT unnest(?))", [sorted(ids)])}
        weight: dict[str, int] = {}
        for e in edges:
            weight[e["source"]] = weight.get(e["source"], 0) + e["events"]
            weight[e["target"]] = weight.get(e["target"], 0) + e["events"]
        for i in sorted(ids):
            x = info.get(i, {})
            nodes.append({"id": i, "name": x.get("name") or i.removeprefix("text:"), "country": x.get("country"),
                          "sector": x.get("sector"), "kind": x.get("kind") or ("unresolved" if i.startswith("text:") else None),
                          "events": weight[i]})
    return {"nodes": nodes, "edges": edges}


@dataclass
class _Edge:
    """The events between one actor and one recipient, as the network counts them."""

    events: list[tuple[date, str]] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    goldstein: list[float] = field(default_factory=list)

    def add(self, event_id: str, day: date | None, event_type: str, goldstein: float | None) -> None:
        self.events.append((day or date.min, event_id))
        self.types.add(event_type)
        if goldstein is not None:
            self.goldstein.append(goldstein)

    def record(self, source: str, target: str) -> dict[str, Any]:
        latest = sorted(self.events, key=lambda e: (-e[0].toordinal(), e[1]))[:10]
        mean = round(sum(self.goldstein) / len(self.goldstein), 2) if self.goldstein else None
        return {"source": source, "target": target, "events": len(self.events), "mean_goldstein": mean,
                "types": sorted(self.types), "event_ids": [i for _, i in latest]}


# -- places ----------------------------------------------------------------------------------
def places_geojson(con: Con, f: EventFilter, q: str | None = None, limit: int = 2000) -> dict[str, Any]:
    """Places of the matching events as a GeoJSON FeatureCollection (points, lon/lat)."""
    where, params = event_conditions(f, q)
    found = rows(
        con,
        f"""SELECT p.id, p.name, p.feature, p.country, p.lat, p.lon, count(*) AS events,
                   list(DISTINCT e.event_type ORDER BY e.event_type) AS types,
                   list(e.id ORDER BY e.date DESC, e.id)[1:10] AS event_ids
            FROM events e JOIN places p ON p.id = e.place_id
            WHERE {where} AND p.lat IS NOT NULL AND p.lon IS NOT NULL
            GROUP BY p.id, p.name, p.feature, p.country, p.lat, p.lon
            ORDER BY events DESC, p.id LIMIT {int(limit)}""",
        params,
    )
    features = [
        {
            "type": "Feature",
            "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: r[k] for k in ("id", "name", "feature", "country", "events", "types", "event_ids")},
        }
        for r in found
    ]
    return {"type": "FeatureCollection", "features": features}


def list_places(con: Con, q: str | None, country: str | None, sort: str, desc: bool, cursor: str | None, limit: int) -> Page:
    where, params = ["1=1"], []
    if q:
        where.append("(p.name ILIKE ? OR p.id ILIKE ?)")
        params += [f"%{q}%", f"%{q}%"]
    if country:
        where.append("p.country = ?")
        params.append(country.upper())
    source = f"FROM places p LEFT JOIN events e ON e.place_id = p.id WHERE {' AND '.join(where)} GROUP BY ALL"
    return paged(con, "p.*, count(e.id) AS n_events", source, params, sort, PLACE_SORTS[sort], "id", desc, cursor, limit, grouped=True)


def place_detail(con: Con, place_id: str) -> dict[str, Any] | None:
    found = rows(con, "SELECT * FROM places WHERE id = ?", [place_id])
    if not found:
        return None
    place = found[0]
    place["events"] = list_events(con, EventFilter(place=place_id), None, "date", True, None, 100).items
    return place


# -- actors ----------------------------------------------------------------------------------
def list_actors(con: Con, q: str | None, country: str | None, sector: str | None, kind: str | None,
                sort: str, desc: bool, cursor: str | None, limit: int) -> Page:
    """Actors with the number of events they take part in (either side)."""
    where, params = ["1=1"], []
    if q:
        where.append("(x.name ILIKE ? OR x.id ILIKE ?)")
        params += [f"%{q}%", f"%{q}%"]
    for col, value in (("country", country), ("sector", sector)):
        if value:
            where.append(f"x.{col} = ?")
            params.append(value.upper())
    if kind:
        where.append("x.kind = ?")
        params.append(kind)
    source = f"""
        FROM actors x LEFT JOIN (
            WITH part AS (
            SELECT unnest(string_split(coalesce(actor_ids, '') || ';' || coalesce(recipient_ids, ''), ';')) AS aid, id FROM events
            ) SELECT aid, count(DISTINCT id) AS n_events FROM part WHERE aid <> '' GROUP BY aid
        ) n ON n.aid = x.id
        WHERE {' AND '.join(where)}"""
    return paged(con, "x.*, coalesce(n.n_events, 0) AS n_events", source, params, sort, ACTOR_SORTS[sort], "id", desc,
                 cursor, limit, grouped=True)


def actor_detail(con: Con, actor_id: str) -> dict[str, Any] | None:
    found = rows(con, "SELECT * FROM actors WHERE id = ?", [actor_id])
    if not found:
        return None
    actor = found[0]
    pattern = f";{actor_id};"
    actor["events"] = list_events(con, EventFilter(actor=actor_id), None, "date", True, None, 100).items
    actor["events"] = [e for e in actor["events"]
                       if pattern in f";{e['actor_ids'] or ''};" or pattern in f";{e['recipient_ids'] or ''};"]
    actor["quotes"] = list_quotes(con, actor_id, None, None, None, None, None, "date", True, None, 50).items
    actor["claims"] = list_claims(con, None, actor_id, None, None, None, "date", True, None, 50).items
    return actor


# -- quotes and claims -------------------------------------------------------------------------
def list_quotes(con: Con, speaker: str | None, article: str | None, q: str | None, kind: str | None,
                since: date | None, until: date | None, sort: str, desc: bool, cursor: str | None, limit: int) -> Page:
    """Quotes with filters (speaker as in ``newsgraph quotes``, plus text and date range)."""
    where, params = quote_where(speaker, article, q, kind, since, until)
    source = (
        "FROM quotes q LEFT JOIN actors x ON x.id = q.speaker_actor_id JOIN articles ar ON ar.id = q.article_id"
        f" WHERE {where}"
    )
    select = "q.*, x.name AS speaker_name, ar.published, ar.title AS article_title"
    return paged(con, select, source, params, sort, QUOTE_SORTS[sort], "q.id", desc, cursor, limit)


def list_claims(con: Con, stance: str | None, actor: str | None, q: str | None, since: date | None,
                until: date | None, sort: str, desc: bool, cursor: str | None, limit: int) -> Page:
    """Claims with filters; ``stance`` accepts the forms :func:`newsgraph.query.normalise_stance` does."""
    where, params = claim_where(stance, actor, q, since, until)
    source = (
        "FROM claims c LEFT JOIN actors x ON x.id = c.claimant_actor_id"
        " LEFT JOIN event_mentions m ON m.id = c.event_mention_id JOIN articles ar ON ar.id = c.article_id"
        f" WHERE {where}"
    )
    select = "c.*, x.name AS claimant_name, m.event_id, m.event_type, m.modality AS event_modality, ar.title AS article_title"
    return paged(con, select, source, params, sort, CLAIM_SORTS[sort], "c.id", desc, cursor, limit)


def claims_board(con: Con, stance: str | None, actor: str | None, q: str | None, since: date | None,
                 until: date | None, limit: int = 200) -> list[dict[str, Any]]:
    """Claims grouped by proposition: who asserts, who denies, who confirms, who questions."""
    page = list_claims(con, stance, actor, q, since, until, "date", False, None, limit)
    groups: dict[str, dict[str, Any]] = {}
    for c in page.items:
        key = c["event_id"] or " ".join((c["proposition_text"] or "").lower().split())
        g = groups.setdefault(key, {"proposition": c["proposition_text"], "event_id": c["event_id"],
                                    "event_type": c["event_type"], "stances": {}})
        g["stances"].setdefault(c["stance"], []).append(c)
    return list(groups.values())


def quote_detail(con: Con, quote_id: str) -> dict[str, Any] | None:
    found = rows(con, "SELECT q.*, x.name AS speaker_name, ar.title AS article_title, ar.published FROM quotes q"
                      " LEFT JOIN actors x ON x.id = q.speaker_actor_id JOIN articles ar ON ar.id = q.article_id WHERE q.id = ?", [quote_id])
    return found[0] if found else None


def claim_detail(con: Con, claim_id: str) -> dict[str, Any] | None:
    found = rows(con, "SELECT c.*, x.name AS claimant_name, m.event_id, ar.title AS article_title FROM claims c"
                      " LEFT JOIN actors x ON x.id = c.claimant_actor_id LEFT JOIN event_mentions m ON m.id = c.event_mention_id"
                      " JOIN articles ar ON ar.id = c.article_id WHERE c.id = ?", [claim_id])
    return found[0] if found else None


# -- articles --------------------------------------------------------------------------------
def list_articles(con: Con, q: str | None, source: str | None, since: date | None, until: date | None,
                  sort: str, desc: bool, cursor: str | None, limit: int) -> Page:
    where, params = ["1=1"], []
    if q:
        where.append("(a.title ILIKE ? OR a.text ILIKE ?)")
        params += [f"%{q}%", f"%{q}%"]
    if source:
        where.append("a.source ILIKE ?")
        params.append(f"%{source}%")
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("a.published <= ?")
        params.append(until)
    select = ("a.id, a.external_id, a.url, a.source, a.title, a.published, a.date_source, a.language,"
              " a.dateline, length(a.text) AS chars, left(a.text, 240) AS snippet")
    return paged(con, select, f"FROM articles a WHERE {' AND '.join(where)}", params, sort, ARTICLE_SORTS[sort], "a.id",
                 desc, cursor, limit)


def article_detail(con: Con, article_id: str) -> dict[str, Any] | None:
    """The article text with every record extracted from it, each with character offsets
    into that text (the UI highlights them)."""
    found = rows(con, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not found:
        return None
    article = found[0]
    mentions = rows(con, MENTION_SELECT + " WHERE m.article_id = ? ORDER BY m.sentence_index, m.trigger_start", [article_id])
    ids = set()
    for m in mentions:
        ids |= {p.get("actor_id") for p in json.loads(m["actors"] or "[]") + json.loads(m["recipients"] or "[]")}
    names = actor_names(con, {i for i in ids if i})
    article["events"] = [_parse_mention(m, names) for m in mentions]
    article["quotes"] = list_quotes(con, None, article_id, None, None, None, None, "date", False, None, 1000).items
    article["claims"] = rows(con, "SELECT c.*, x.name AS claimant_name FROM claims c LEFT JOIN actors x ON x.id = c.claimant_actor_id"
                                  " WHERE c.article_id = ? ORDER BY c.proposition_start", [article_id])
    article["actor_mentions"] = rows(con, "SELECT m.*, x.name FROM actor_mentions m LEFT JOIN actors x ON x.id = m.actor_id"
                                          " WHERE m.article_id = ? ORDER BY m.start_char", [article_id])
    return article


def overview(con: Con) -> dict[str, Any]:
    """Counts and the date range: the UI's header and the timeline's default extent."""
    tables = ["articles", "events", "event_mentions", "actors", "places", "quotes", "claims"]
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    lo, hi = con.execute("SELECT min(date), max(coalesce(date_end, date)) FROM events").fetchone()
    return {"counts": counts, "first_date": lo, "last_date": hi}
