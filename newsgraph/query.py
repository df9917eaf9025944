"""Query and export: the read side of the store, shared by the CLI, the Python API and the
HTTP API. Every function takes a store path and returns plain data."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from .model import SCHEMA_VERSION
from .store.duckdb_store import EventFilter, Store

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


def list_events(db: str, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events matching ``filters`` (ordered by date)."""
    with Store(db, read_only=True) as store:
        return store.query_events(filters)


def event_evidence(db: str, event_id: str) -> dict[str, Any] | None:
    """One event with every mention behind it: article, sentence, offsets of each part."""
    with Store(db, read_only=True) as store:
        rows = store.rows("SELECT e.*, p.name AS place_name, p.lat, p.lon FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE e.id = ?", [event_id])
        if not rows:
            return None
        event = rows[0]
        event["mentions"] = store.event_mentions(event_id)
        names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM actors")}
    for m in event["mentions"]:
        m["actors"] = json.loads(m["actors"] or "[]")
        m["recipients"] = json.loads(m["recipients"] or "[]")
        for part in m["actors"] + m["recipients"]:
            part["name"] = names.get(part["actor_id"], "")
    event["actor_names"] = [names.get(a, a) for a in (event["actor_ids"] or "").split(";") if a]
    event["recipient_names"] = [names.get(a, a) for a in (event["recipient_ids"] or "").split(";") if a]
    return event


def marked_sentence(mention: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence sentence cut into (text, role) pieces; role is '', trigger, actor,
    recipient, time or place. Renderers (terminal, HTML) style the roles."""
    start, end, text = mention["sentence_start"], mention["sentence_end"], mention["sentence"]
    marks: list[tuple[int, int, str]] = [(mention["trigger_start"], mention["trigger_end"], "trigger")]
    marks += [(a["start"], a["end"], "actor") for a in mention["actors"]]
    marks += [(r["start"], r["end"], "recipient") for r in mention["recipients"]]
    if mention.get("time_span_start") is not None:
        marks.append((mention["time_span_start"], mention["time_span_end"], "time"))
    if mention.get("place_start") is not None:
        marks.append((mention["place_start"], mention["place_end"], "place"))
    pieces: list[tuple[str, str]] = []
    pos = start
    for s, e, role in sorted(m for m in marks if start <= m[0] < end):
        if s < pos:
            continue  # overlapping marks: the first wins
        pieces.append((text[pos - start : s - start], ""))
        pieces.append((text[s - start : min(e, end) - start], role))
        pos = min(e, end)
    pieces.append((text[pos - start :], ""))
    return [p for p in pieces if p[0]]


def plover_record(event: dict[str, Any], mentions: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    """An event as a PLOVER JSON record (PLOVER field names) plus newsgraph provenance."""

    def entities(ids: str) -> list[dict[str, str]]:
        return [{"code": a, "entity_name": names.get(a, a)} for a in (ids or "").split(";") if a]

    loc = None
    if event.get("place_id"):
        loc = {"geonameid": event.get("place_id"), "placename": event.get("place_name"), "country": event.get("country"), "lat": event.get("lat"), "lon": event.get("lon")}
    return {
        "id": event["id"],
        "date": _iso(event["date"]),
        "enddate": _iso(event["date_end"]),
        "date_precision": event["date_precision"],
        "actor": entities(event["actor_ids"]),
        "recipient": entities(event["recipient_ids"]),
        "event": [event["event_type"]],
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": [c for c in (event.get("context") or "").split(",") if c],
        "modality": event["modality"],
        "event_loc": loc,
        "quad_code": event["quad_class"],
        "event_scale": event["goldstein"],
        "cameo": event["cameo"],
        "confidence": event["confidence"],
        "num_mentions": event["num_mentions"],
        "num_articles": event["num_articles"],
        "num_sources": event["num_sources"],
        "event_text": [m["sentence"] for m in mentions[:3]],
        "mentions": [
            {
                "id": m["id"], "article_id": m["article_id"], "sentence_index": m["sentence_index"],
                "sentence": [m["sentence_start"], m["sentence_end"]],
                "trigger": [m["trigger_start"], m["trigger_end"], m["trigger_text"]],
                "time": {"value": m["time_value"], "phrase": m["time_phrase"], "resolution": m["time_resolution"], "fallback": m["time_fallback"]},
                "extractor": m["extractor"], "confidence": m["confidence"],
            }
            for m in mentions
        ],
        "schema_version": SCHEMA_VERSION,
    }


CSV_COLUMNS = [
    "id", "date", "date_end", "date_precision", "event_type", "mode", "context", "modality",
    "actor_ids", "recipient_ids", "place_id", "place_name", "country", "lat", "lon", "cameo",
    "quad_class", "goldstein", "confidence", "num_mentions", "num_articles", "num_sources",
]


def export_events(db: str, fmt: str, output: str | None = None, filters: EventFilter | None = None, stream: TextIO | None = None) -> int:
    """Write events as PLOVER JSON Lines, CSV (header row, ``schema_version`` column) or
    Parquet. Text formats go to ``stream`` (stdout) when no ``output`` is given. Returns
    the number of events written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    with Store(db, read_only=True) as store:
        events = store.query_events(filters)
        names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM actors")}
        if fmt == "jsonl":
            lines = [json.dumps(plover_record(e, store.event_mentions(e["id"]), names), ensure_ascii=False, default=_iso) for e in events]
    if fmt == "parquet":
        if not output:
            raise ValueError("parquet needs --output FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([{**{c: e.get(c) for c in CSV_COLUMNS}, "schema_version": SCHEMA_VERSION} for e in events])
        pq.write_table(table, output)
        return len(events)
    buffer = io.StringIO()
    if fmt == "jsonl":
        buffer.write("".join(line + "\n" for line in lines))
    else:
        writer = csv.writer(buffer)
        writer.writerow([*CSV_COLUMNS, "schema_version"])
        for e in events:
            writer.writerow([_iso(e.get(c)) if isinstance(e.get(c), date) else e.get(c) for c in CSV_COLUMNS] + [SCHEMA_VERSION])
    if output:
        Path(output).write_text(buffer.getvalue(), encoding="utf-8")
    elif stream is not None:
        stream.write(buffer.getvalue())
    return len(events)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def store_counts(db: str) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return store.counts()


def quote_where(speaker: str | None = None, article: str | None = None, text: str | None = None, kind: str | None = None,
                since: date | None = None, until: date | None = None) -> tuple[str, list[Any]]:
    """WHERE clause over ``quotes q``, ``actors x`` (speaker) and ``articles ar``; shared by the
    CLI and the HTTP API so both select the same quotes."""
    where, params = ["1=1"], []
    if speaker:
        where.append("(q.speaker_text ILIKE ? OR q.speaker_actor_id ILIKE ? OR x.name ILIKE ? OR q.speaker_description ILIKE ?)")
        params += [f"%{speaker}%"] * 4
    for cond, value in (("q.article_id = ?", article), ("q.content_text ILIKE ?", text and f"%{text}%"),
                        ("q.kind = ?", kind), ("ar.published >= ?", since), ("ar.published <= ?", until)):
        if value:
            where.append(cond)
            params.append(value)
    return " AND ".join(where), params


def claim_where(stance: str | None = None, actor: str | None = None, text: str | None = None,
                since: date | None = None, until: date | None = None) -> tuple[str, list[Any]]:
    """WHERE clause over ``claims c`` and ``actors x`` (claimant); shared by the CLI and the HTTP API."""
    where, params = ["1=1"], []
    if actor:
        where.append("(c.claimant_text ILIKE ? OR c.claimant_actor_id ILIKE ? OR x.name ILIKE ?)")
        params += [f"%{actor}%"] * 3
    for cond, value in (("c.stance = ?", stance and normalise_stance(stance)), ("c.proposition_text ILIKE ?", text and f"%{text}%"),
                        ("c.date >= ?", since), ("c.date <= ?", until)):
        if value:
            where.append(cond)
            params.append(value)
    return " AND ".join(where), params


def list_quotes(db: str, speaker: str | None = None, article: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Quotes, optionally by speaker (actor id, name or speaker text fragment)."""
    where, params = quote_where(speaker, article)
    sql = (
        "SELECT q.*, x.name AS speaker_name, ar.published FROM quotes q LEFT JOIN actors x ON x.id = q.speaker_actor_id"
        f" JOIN articles ar ON ar.id = q.article_id WHERE {where} ORDER BY ar.published, q.article_id, q.content_start"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    with Store(db, read_only=True) as store:
        return store.rows(sql, params)


def list_claims(db: str, stance: str | None = None, actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Claims, optionally by stance (asserts/denies/confirms/questions; "denied" is accepted
    for "denies") and by claimant (actor id, name or text fragment)."""
    where, params = claim_where(stance, actor)
    sql = (
        "SELECT c.*, x.name AS claimant_name, m.event_id, m.event_type, m.modality AS event_modality"
        " FROM claims c LEFT JOIN actors x ON x.id = c.claimant_actor_id"
        " LEFT JOIN event_mentions m ON m.id = c.event_mention_id"
        f" WHERE {where} ORDER BY c.date, c.article_id, c.proposition_start"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    with Store(db, read_only=True) as store:
        return store.rows(sql, params)


STANCES = {"asserts": "asserts", "asserted": "asserts", "denies": "denies", "denied": "denies", "confirms": "confirms", "confirmed": "confirms", "questions": "questions", "questioned": "questions"}


def normalise_stance(value: str) -> str:
    try:
        return STANCES[value.lower()]
    except KeyError:
        raise ValueError(f"unknown stance {value!r}; choose from asserts, denies, confirms, questions") from None
