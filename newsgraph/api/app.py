"""The HTTP app: a JSON API (OpenAPI at ``/api/openapi.json``) and the web UI, over one store.

One DuckDB connection is opened when the app is made (read-only unless ingest from the UI is
allowed) and every request reads through its own cursor of it, so requests run in parallel
(FastAPI runs the plain ``def`` endpoints in a thread pool). Bad filter values are answered
with 422 and a message naming the parameter, never with a 500.
"""


import csv
import io
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import astuple
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from ..extract.ontology import event_types, pentaclass
from ..query import STANCES, _iso
from ..store.duckdb_store import EventFilter, Store
from . import queries as Q
from .jobs import IngestJobs

MODALITIES = ("asserted", "negated", "future", "hypothetical", "historical")
QUOTE_KINDS = ("direct", "indirect", "mixed")
PAGES = ("/", "/timeline", "/network", "/map", "/claims", "/articles", "/ingest")
MAX_PAGE = 500

Text = Annotated[str | None, Query(max_length=200)]


def invalid(name: str, value: Any, message: str) -> RequestValidationError:
    """A 422 in FastAPI's own error shape, for checks a type annotation cannot express."""
    return RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": message, "input": value}])


def _choice(name: str, value: str | None, allowed: list[str] | tuple[str, ...], upper: bool = False) -> str | None:
    if value is None or value == "":
        return None
    v = value.upper() if upper else value.lower()
    if v not in allowed:
        raise invalid(name, value, f"{name} must be one of {', '.join(allowed)}")
    return v


def _range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise invalid("since", since.isoformat(), "since must not be after until")


def event_filter(
    actor: Annotated[str | None, Query(max_length=200, description="Actor id, ISO-3 code or name fragment (either side).")] = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Annotated[date | None, Query(description="Events on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Events on or before this day (YYYY-MM-DD).")] = None,
    place: Annotated[str | None, Query(max_length=200, description="ISO-3 country, place id or place name.")] = None,
    article: Annotated[str | None, Query(max_length=100, description="Article id.")] = None,
    modality: Annotated[str | None, Query(description=f"One of {', '.join(MODALITIES)}.")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text search in the evidence sentences.")] = None,
) -> tuple[EventFilter, str | None]:
    """The event filters shared by the list, network, places and download endpoints."""
    _range(since, until)
    f = EventFilter(actor=actor or None, event_type=_choice("type", type, event_types(), upper=True), since=since,
                    until=until, place=place or None, article=article or None,
                    modality=_choice("modality", modality, MODALITIES), min_confidence=min_confidence)
    return f, (q or None)


EventFilters = Annotated[tuple[EventFilter, str | None], Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page.")]
Desc = Annotated[bool, Query(description="Descending order.")]


class IngestRequest(BaseModel):
    """Server-side paths to read, and/or one pasted article."""

    paths: list[str] = Field(default_factory=list, max_length=100)
    text: str | None = Field(default=None, max_length=2_000_000)
    title: str = Field(default="", max_length=500)
    day: date | None = Field(default=None, alias="date", description="Publication date of the pasted article.")
    source: str = Field(default="", max_length=200)


class AggregateCache:
    """Answers of the aggregate endpoints (network, places, meta) and of event list pages by
    their parameters. The store does not change under a read-only server; an ingest job from
    the UI clears it."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            busy = self._computing.setdefault(key, threading.Lock())
        with busy:  # concurrent requests for the same key wait for one computation
            with self._lock:
                if key in self._items:
                    return self._items[key]
            value = compute()
            with self._lock:
                self._items[key] = value
                self._computing.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _key(f: EventFilter, *extra: Any) -> tuple:
    return (*astuple(f), *extra)


class DataResponse(JSONResponse):
    """JSON straight from the query rows (dates as ISO strings), without FastAPI's generic
    encoder walking every value: the lists are on the hot path."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, default=_iso, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _found(record: dict[str, Any] | None, kind: str, key: str) -> Response:
    """A detail answer, or a 404 naming what was not found."""
    if record is None:
        raise HTTPException(404, f"no {kind} {key}")
    return DataResponse(record)


def _page(p: Q.Page) -> Response:
    return DataResponse({"items": p.items, "total": p.total, "next_cursor": p.next_cursor, "sort": p.sort})


def _web_file(*parts: str) -> str:
    return resources.files("newsgraph.web").joinpath(*parts).read_text("utf-8")


def create_app(db: str, allow_ingest: bool = False, token: str | None = None) -> FastAPI:
    """The API + UI app over the store at ``db``. Ingest from the UI needs ``allow_ingest``
    and a non-empty ``token`` (sent as ``Authorization: Bearer <token>``)."""
    if allow_ingest and not token:
        raise ValueError("ingest from the UI needs a token")
    store = Store(db, read_only=not allow_ingest)  # checks the schema version once
    cache, lookups_cache = AggregateCache(size=1024), AggregateCache(size=1)

    def store_changed() -> None:
        cache.clear()
        lookups_cache.clear()

    jobs = IngestJobs(db, on_done=store_changed) if allow_ingest else None
    app = FastAPI(title="newsgraph", version="0.1", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="Events, actors, places, quotes and claims from news, always with the evidence.")
    app.state.store = store
    app.state.jobs = jobs
    shell = _web_file("templates", "index.html")

    def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
        cur = store.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    Con = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]

    @app.exception_handler(Q.BadCursor)
    def bad_cursor(request: Request, exc: Q.BadCursor) -> JSONResponse:
        return JSONResponse({"detail": [{"type": "value_error", "loc": ["query", "cursor"], "msg": str(exc)}]}, status_code=422)

    # -- meta ------------------------------------------------------------------------------
    @app.get("/api/meta", tags=["meta"])
    def meta(con: Con) -> Response:
        """Counts, date range and the vocabularies the filters accept."""
        return DataResponse({**cache.get(("meta",), lambda: Q.overview(con)), "event_types": [{"type": t, "quad_class": pentaclass(t)} for t in event_types()],
                "modalities": list(MODALITIES), "stances": sorted(set(STANCES.values())), "quote_kinds": list(QUOTE_KINDS),
                "ingest": allow_ingest})

    # -- events ----------------------------------------------------------------------------
    @app.get("/api/events", tags=["events"])
    def events(con: Con, filters: EventFilters, limit: Limit = 50, cursor: Cursor = None,
               sort: Literal["date", "confidence", "goldstein", "mentions", "type"] = "date", desc: Desc = False) -> Response:
        """Events with filters, sorted, one page at a time (keyset cursor)."""
        f, q = filters
        lookups = lookups_cache.get(("lookups",), lambda: Q.load_lookups(con))
        return _page(cache.get(_key(f, "events", q, sort, desc, cursor, limit),
                               lambda: Q.list_events(con, f, q, sort, desc, cursor, limit, lookups)))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(con: Con, event_id: Annotated[str, Path(max_length=100)]) -> Response:
        """One event with every mention: article, sentence, offsets of trigger, actors, time, place."""
        return _found(Q.event_detail(con, event_id), "event", event_id)

    @app.get("/api/network", tags=["events"])
    def network(con: Con, filters: EventFilters, limit: Annotated[int, Query(ge=1, le=2000)] = 300,
                include_unresolved: bool = False) -> Response:
        """Actor network: nodes are actors, edges are events from actor to recipient."""
        f, q = filters
        lookups = lookups_cache.get(("lookups",), lambda: Q.load_lookups(con))
        return DataResponse(cache.get(_key(f, "network", q, limit, include_unresolved),
                                      lambda: Q.actor_network(con, f, q, limit, include_unresolved, lookups)))

    @app.get("/api/places.geojson", tags=["places"])
    def places_geojson(con: Con, filters: EventFilters, limit: Annotated[int, Query(ge=1, le=10000)] = 2000) -> Response:
        """Places of the matching events as GeoJSON (one point per place, with event counts)."""
        f, q = filters
        geo = cache.get(_key(f, "places", q, limit), lambda: Q.places_geojson(con, f, q, limit))
        return DataResponse(geo, media_type="application/geo+json")

    @app.get("/api/download/events.{fmt}", tags=["downloads"])
    def download_events(con: Con, filters: EventFilters, fmt: Annotated[str, Path(pattern="^(csv|jsonl)$")],
                        limit: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> Response:
        """Events as CSV (as ``newsgraph export``) or PLOVER JSON Lines, with the list's filters."""
        f, q = filters
        found = Q.export_rows(con, f, q, limit)
        if fmt == "csv":
            columns, body = Q.events_csv_rows(found)
            return _csv(columns, body, "events.csv")
        return _jsonl(Q.plover_records(con, found), "events.jsonl")

    # -- actors and places -----------------------------------------------------------------
    @app.get("/api/actors", tags=["actors"])
    def actors(con: Con, q: Text = None, country: Annotated[str | None, Query(max_length=3)] = None,
               sector: Annotated[str | None, Query(max_length=10)] = None, kind: Annotated[str | None, Query(max_length=20)] = None,
               limit: Limit = 50, cursor: Cursor = None, sort: Literal["events", "name", "id"] = "events", desc: Desc = True) -> Response:
        """Actors with the number of events they take part in."""
        return _page(Q.list_actors(con, q, country, sector, kind, sort, desc, cursor, limit))

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def actor(con: Con, actor_id: Annotated[str, Path(max_length=200)]) -> Response:
        return _found(Q.actor_detail(con, actor_id), "actor", actor_id)

    @app.get("/api/places", tags=["places"])
    def places(con: Con, q: Text = None, country: Annotated[str | None, Query(max_length=3)] = None, limit: Limit = 50,
               cursor: Cursor = None, sort: Literal["events", "name"] = "events", desc: Desc = True) -> Response:
        return _page(Q.list_places(con, q, country, sort, desc, cursor, limit))

    @app.get("/api/places/{place_id}", tags=["places"])
    def place(con: Con, place_id: Annotated[str, Path(max_length=100)]) -> Response:
        return _found(Q.place_detail(con, place_id), "place", place_id)

    # -- quotes and claims -----------------------------------------------------------------
    def quote_args(speaker: Text = None, article: Annotated[str | None, Query(max_length=100)] = None, q: Text = None,
                   kind: str | None = None, since: date | None = None, until: date | None = None) -> dict[str, Any]:
        _range(since, until)
        return {"speaker": speaker, "article": article, "q": q, "kind": _choice("kind", kind, QUOTE_KINDS), "since": since, "until": until}

    def claim_args(stance: Annotated[str | None, Query(description="asserts, denies, confirms or questions.")] = None,
                   actor: Text = None, q: Text = None, since: date | None = None, until: date | None = None) -> dict[str, Any]:
        _range(since, until)
        if stance and stance.lower() not in STANCES:
            raise invalid("stance", stance, "stance must be one of asserts, denies, confirms, questions")
        return {"stance": stance or None, "actor": actor, "q": q, "since": since, "until": until}

    QuoteArgs = Annotated[dict[str, Any], Depends(quote_args)]
    ClaimArgs = Annotated[dict[str, Any], Depends(claim_args)]

    @app.get("/api/quotes", tags=["quotes"])
    def quotes(con: Con, args: QuoteArgs, limit: Limit = 50, cursor: Cursor = None,
               sort: Literal["date", "confidence"] = "date", desc: Desc = False) -> Response:
        """Quotes: who said what, with the offsets of speaker, cue and content."""
        return _page(Q.list_quotes(con, **args, sort=sort, desc=desc, cursor=cursor, limit=limit))

    @app.get("/api/quotes/{quote_id}", tags=["quotes"])
    def quote(con: Con, quote_id: Annotated[str, Path(max_length=100)]) -> Response:
        return _found(Q.quote_detail(con, quote_id), "quote", quote_id)

    @app.get("/api/claims", tags=["claims"])
    def claims(con: Con, args: ClaimArgs, limit: Limit = 50, cursor: Cursor = None,
               sort: Literal["date", "confidence"] = "date", desc: Desc = False) -> Response:
        """Claims: which proposition is asserted, denied, confirmed or questioned, and by whom."""
        return _page(Q.list_claims(con, **args, sort=sort, desc=desc, cursor=cursor, limit=limit))

    @app.get("/api/claims/board", tags=["claims"])
    def claims_board(con: Con, args: ClaimArgs, limit: Annotated[int, Query(ge=1, le=2000)] = 300) -> Response:
        """Claims grouped by proposition, with the claimants of each stance."""
        return DataResponse({"propositions": Q.claims_board(con, **args, limit=limit)})

    @app.get("/api/claims/{claim_id}", tags=["claims"])
    def claim(con: Con, claim_id: Annotated[str, Path(max_length=100)]) -> Response:
        return _found(Q.claim_detail(con, claim_id), "claim", claim_id)

    Fmt = Annotated[str, Path(pattern="^(csv|jsonl)$", description="csv or jsonl")]
    AllRows = Annotated[int, Query(ge=1, le=1_000_000)]

    @app.get("/api/download/quotes.{fmt}", tags=["downloads"])
    def download_quotes(con: Con, args: QuoteArgs, fmt: Fmt, limit: AllRows = 1_000_000) -> Response:
        """Quotes as CSV or JSON Lines, with the list's filters."""
        return _records(Q.list_quotes(con, **args, sort="date", desc=False, cursor=None, limit=limit).items, "quotes", fmt)

    @app.get("/api/download/claims.{fmt}", tags=["downloads"])
    def download_claims(con: Con, args: ClaimArgs, fmt: Fmt, limit: AllRows = 1_000_000) -> Response:
        """Claims as CSV or JSON Lines, with the list's filters."""
        return _records(Q.list_claims(con, **args, sort="date", desc=False, cursor=None, limit=limit).items, "claims", fmt)

    # -- articles --------------------------------------------------------------------------
    @app.get("/api/articles", tags=["articles"])
    def articles(con: Con, q: Text = None, source: Text = None, since: date | None = None, until: date | None = None,
                 limit: Limit = 50, cursor: Cursor = None, sort: Literal["date", "title"] = "date", desc: Desc = True) -> Response:
        _range(since, until)
        return _page(Q.list_articles(con, q, source, since, until, sort, desc, cursor, limit))

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(con: Con, article_id: Annotated[str, Path(max_length=100)]) -> Response:
        """The article text and every record extracted from it, with offsets into the text."""
        return _found(Q.article_detail(con, article_id), "article", article_id)

    # -- ingest from the UI ----------------------------------------------------------------
    def authorised(authorization: Annotated[str | None, Header()] = None) -> IngestJobs:
        if jobs is None:
            raise HTTPException(403, "ingest from the UI is off; start the server with --allow-ingest --token T")
        sent = (authorization or "").removeprefix("Bearer ").strip()
        if not sent or not secrets.compare_digest(sent.encode(), (token or "").encode()):
            raise HTTPException(401, "a valid token is needed (Authorization: Bearer <token>)")
        return jobs

    @app.get("/api/ingest", tags=["ingest"])
    def ingest_state() -> dict[str, Any]:
        """Whether ingest from the UI is on, and its jobs (newest first)."""
        listed = sorted(jobs.jobs.values(), key=lambda j: -j.started) if jobs else []
        return {"enabled": allow_ingest, "jobs": [j.public() for j in listed]}

    @app.post("/api/ingest", tags=["ingest"], status_code=202)
    def ingest_start(body: IngestRequest, runner: Annotated[IngestJobs, Depends(authorised)]) -> dict[str, Any]:
        """Start a background ingest of server-side paths and/or a pasted article."""
        if not body.paths and not (body.text and body.text.strip()):
            raise HTTPException(422, "give paths or text")
        if body.text and not body.day:
            raise HTTPException(422, "a pasted article needs its date (YYYY-MM-DD)")
        try:
            job = runner.start(body.paths, body.text, body.day, body.source, body.title)
        except RuntimeError as exc:
            raise HTTPException(409, str(exc)) from None
        return job.public()

    @app.get("/api/ingest/{job_id}", tags=["ingest"])
    def ingest_job(job_id: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
        job = jobs.jobs.get(job_id) if jobs else None
        if job is None:
            raise HTTPException(404, f"no ingest job {job_id}")
        return job.public()

    # -- the UI ----------------------------------------------------------------------------
    def page() -> HTMLResponse:
        return HTMLResponse(shell)

    for path in PAGES:
        app.add_api_route(path, page, include_in_schema=False, response_class=HTMLResponse)
    for path in ("/events/{item_id}", "/articles/{item_id}", "/actors/{item_id}"):
        app.add_api_route(path, page, include_in_schema=False, response_class=HTMLResponse)
    static = resources.files("newsgraph.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def _csv(columns: list[str], body: list[list[Any]], name: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(body)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _records(found: list[dict[str, Any]], kind: str, fmt: str) -> Response:
    if fmt == "jsonl":
        return _jsonl(found, f"{kind}.jsonl")
    columns = list(found[0]) if found else []
    return _csv(columns, [[_iso(r[c]) for c in columns] for r in found], f"{kind}.csv")


def _jsonl(records: list[dict[str, Any]], name: str) -> Response:
    text = "".join(json.dumps(r, ensure_ascii=False, default=_iso) + "\n" for r in records)
    return Response(text, media_type="application/x-ndjson; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
