"""The CLI over the sample store: every command runs and prints what it promises."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from newsgraph.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_ingest_prints_summary(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    db = str(tmp_path / "c.duckdb")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), str(bad), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    for part in ("read 1", "new 1", "duplicate 0", "failed 1"):
        assert part in result.output
    assert "bad.txt" in result.output


def test_events_table_and_json(sample_db):
    table = invoke("events", "--db", sample_db, "--type", "ASSAULT")
    assert "ASSAULT" in table and "events" in table
    lines = [json.loads(line) for line in invoke("events", "--db", sample_db, "--json").splitlines() if line.strip()]
    assert lines and all({"id", "event_type", "date", "actor_ids"} <= set(line) for line in lines)
    qat = [json.loads(line) for line in invoke("events", "--db", sample_db, "--place", "QAT", "--json").splitlines() if line.strip()]
    assert qat and all(e["country"] == "QAT" for e in qat)


def test_show_marks_evidence(sample_db):
    event = json.loads(invoke("events", "--db", sample_db, "--place", "QAT", "--type", "ASSAULT", "--json").splitlines()[0])
    shown = invoke("show", event["id"], "--db", sample_db)
    assert "ASSAULT" in shown and "article" in shown and "legend" in shown
    missing = runner.invoke(app, ["show", "nope", "--db", sample_db])
    assert missing.exit_code == 2 and "no event" in missing.output


def test_export_formats(sample_db, tmp_path):
    jsonl = invoke("export", "events", "--format", "jsonl", "--db", sample_db)
    records = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    assert records and {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "mentions"} <= set(records[0])
    rows = list(csv.reader(io.StringIO(invoke("export", "events", "--format", "csv", "--db", sample_db))))
    assert rows[0][0] == "id" and "schema_version" in rows[0] and len(rows) == len(records) + 1
    out = tmp_path / "ev.parquet"
    invoke("export", "events", "--format", "parquet", "--output", str(out), "--db", sample_db)
    assert pq.read_table(out).num_rows == len(records)
    bad = runner.invoke(app, ["export", "events", "--format", "xml", "--db", sample_db])
    assert bad.exit_code == 2


def test_quotes_and_claims_commands(sample_db):
    assert "quotes" in invoke("quotes", "--db", sample_db)
    assert "claims" in invoke("claims", "--db", sample_db, "--stance", "denied")
    bad = runner.invoke(app, ["claims", "--db", sample_db, "--stance", "maybe"])
    assert bad.exit_code == 2 and "unknown stance" in bad.output


def test_bad_filter_values_are_clear_errors(sample_db, tmp_path):
    result = runner.invoke(app, ["events", "--db", sample_db, "--since", "last week"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store" in result.output
    result = runner.invoke(app, ["eval", "nosuch", "x"])
    assert result.exit_code == 2 and "unknown evaluation" in result.output


def test_ingest_types_table_records_the_convention(tmp_path, monkeypatch):
    """``--types table`` codes by the CAMEO-to-PLOVER table (an apology is SUPPORT, not the
    manual's CONCEDE) and the stored mentions say so."""
    monkeypatch.delenv("NEWSGRAPH_TYPES", raising=False)
    text = tmp_path / "apology.txt"
    text.write_text("The interior minister apologised to the families of the victims on Tuesday.\n", "utf-8")
    coded = {}
    for types in ("manual", "table"):
        db = str(tmp_path / f"{types}.duckdb")
        invoke("ingest", str(text), "--date", "2025-09-11", "--db", db, "-q", "--types", types)
        records = [json.loads(line) for line in invoke("export", "events", "--format", "jsonl", "--db", db).splitlines() if line.strip()]
        coded[types] = {(event, m["extractor"]) for r in records for event in r["event"] for m in r["mentions"]}
    assert {event for event, _ in coded["manual"]} == {"CONCEDE"}
    assert {event for event, _ in coded["table"]} == {"SUPPORT"}
    assert all(not x.endswith("+table") for _, x in coded["manual"])
    assert all(x.endswith("+table") for _, x in coded["table"])
    bad = runner.invoke(app, ["ingest", str(text), "--db", str(tmp_path / "x.duckdb"), "-q", "--types", "cameo"])
    assert bad.exit_code != 0 and "--types" in bad.output


def test_eval_plover_prints_both_type_conventions(tmp_path):
    """``eval plover`` scores both conventions and its last line uses ``--types`` (default
    table, the GSR file's own). A two-record file in the GSR format, written for this test."""
    records = [
        {"id": "t1", "event": "SUPPORT", "text": "The prime minister apologised to the families of the victims."},
        {"id": "t2", "event": "ASSAULT", "text": "Rebels attacked an army base near the border on Sunday."},
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), "utf-8")
    default = invoke("eval", "plover", str(path)).strip().splitlines()
    assert default[-1] == "type_accuracy: 1.0000"
    assert any(line.startswith("type_accuracy (manual convention): 0.5000") for line in default)
    assert any(line.startswith("type_accuracy (table convention): 1.0000") for line in default)
    manual = invoke("eval", "plover", str(path), "--types", "manual").strip().splitlines()
    assert manual[-1] == "type_accuracy: 0.5000"
    wrong = runner.invoke(app, ["eval", "pentaclass", str(path), "--types", "table"])
    assert wrong.exit_code == 2 and "--types" in wrong.output
