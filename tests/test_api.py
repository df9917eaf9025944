"""The HTTP API against a real store built from the sample: every endpoint, filters, cursor
pagination, 422 (never 500) on bad values, GeoJSON, network edges, downloads, ingest."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient

from newsgraph.api import background_server, create_app
from newsgraph.model import SCHEMA_VERSION
from newsgraph.query import CSV_COLUMNS


@pytest.fixture(scope="module")
def client(sample_db: str) -> TestClient:
    return TestClient(create_app(sample_db), raise_server_exceptions=False)


def all_events(client: TestClient, **params) -> list[dict]:
    """Every event of a filtered list, walking the cursor."""
    out, cursor = [], None
    while True:
        body = client.get("/api/events", params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})}).json()
        out += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return out


@pytest.fixture(scope="module")
def doha(client: TestClient) -> dict:
    """The Doha strike of the sample: ASSAULT by Israel's military on Hamas, in Doha, 2025-09-09."""
    found = [e for e in all_events(client, type="ASSAULT") if e["place_name"] == "Doha"]
    assert len(found) == 1, found
    return found[0]


def test_meta_counts_and_vocabularies(client):
    body = client.get("/api/meta").json()
    assert body["counts"]["articles"] == 1 and body["counts"]["events"] > 10
    assert {t["type"] for t in body["event_types"]} >= {"ASSAULT", "AGREE", "PROTEST"}
    assert "denies" in body["stances"] and body["ingest"] is False


def test_doha_strike_is_listed_with_its_actors(doha):
    assert doha["date"] == "2025-09-09" and doha["country"] == "QAT"
    assert "ISR-MIL" in doha["actor_ids"].split(";") and "HAMAS" in doha["recipient_ids"].split(";")
    assert doha["trigger_text"] == "strike" and doha["article_id"]


@pytest.mark.parametrize(("params", "check"), [
    ({"type": "ASSAULT"}, lambda e: e["event_type"] == "ASSAULT"),
    ({"type": "assault"}, lambda e: e["event_type"] == "ASSAULT"),
    ({"actor": "HAMAS"}, lambda e: "HAMAS" in f"{e['actor_ids']};{e['recipient_ids']}"),
    ({"place": "QAT"}, lambda e: e["country"] == "QAT"),
    ({"modality": "future"}, lambda e: e["modality"] == "future"),
    ({"since": "2025-09-01", "until": "2025-09-10"}, lambda e: "2025-09-01" <= (e["date_end"] or e["date"]) and e["date"] <= "2025-09-10"),
    ({"min_confidence": 0.7}, lambda e: e["confidence"] >= 0.7),
])
def test_event_filters_select_only_matching_events(client, params, check):
    found = all_events(client, **params)
    everything = all_events(client)
    assert found and len(found) < len(everything)
    assert all(check(e) for e in found)


def test_text_search_finds_the_evidence_sentence(client, doha):
    found = all_events(client, q="Qatari capital")
    assert doha["id"] in {e["id"] for e in found}
    assert not all_events(client, q="no sentence says zyzzyva")


def test_cursor_pagination_walks_every_event_once_in_order(client):
    everything = all_events(client)
    for desc in (False, True):
        seen, cursor, pages = [], None, 0
        while True:
            params = {"limit": 7, "sort": "date", "desc": desc, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/events", params=params).json()
            assert body["total"] == len(everything)
            seen += body["items"]
            cursor, pages = body["next_cursor"], pages + 1
            if not cursor:
                break
        assert pages == -(-len(everything) // 7)
        assert sorted(e["id"] for e in seen) == sorted(e["id"] for e in everything)
        keys = [(e["date"], e["id"]) for e in seen]
        assert keys == sorted(keys, reverse=desc)


def test_sort_by_confidence_descending(client):
    items = client.get("/api/events", params={"sort": "confidence", "desc": True, "limit": 20}).json()["items"]
    values = [e["confidence"] for e in items]
    assert values == sorted(values, reverse=True)


BAD = [
    ("/api/events", {"type": "EXPLODE"}, "type"),
    ("/api/events", {"since": "2025-13-01"}, "since"),
    ("/api/events", {"since": "yesterday"}, "since"),
    ("/api/events", {"since": "2025-09-10", "until": "2025-09-01"}, "since"),
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"limit": 100000}, "limit"),
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"modality": "probably"}, "modality"),
    ("/api/events", {"min_confidence": 2}, "min_confidence"),
    ("/api/events", {"sort": "colour"}, "sort"),
    ("/api/events", {"cursor": "not-a-cursor"}, "cursor"),
    ("/api/events", {"actor": "x" * 500}, "actor"),
    ("/api/network", {"until": "2025-02-30"}, "until"),
    ("/api/network", {"limit": -1}, "limit"),
    ("/api/places.geojson", {"type": "nothing"}, "type"),
    ("/api/claims", {"stance": "maybe"}, "stance"),
    ("/api/claims/board", {"stance": "maybe"}, "stance"),
    ("/api/quotes", {"kind": "shouted"}, "kind"),
    ("/api/articles", {"since": "2025-01-02", "until": "2025-01-01"}, "since"),
    ("/api/actors", {"sort": "height"}, "sort"),
    ("/api/download/events.xml", {}, "fmt"),
    ("/api/download/events.csv", {"type": "EXPLODE"}, "type"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD)
def test_bad_values_get_422_naming_the_parameter(client, path, params, name):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(name in d["loc"] for d in detail) and all(d["msg"] for d in detail)


def test_a_cursor_from_another_sort_or_forged_is_422(client):
    cursor = client.get("/api/events", params={"limit": 2}).json()["next_cursor"]
    assert client.get("/api/events", params={"limit": 2, "cursor": cursor, "sort": "confidence"}).status_code == 422
    assert client.get("/api/events", params={"limit": 2, "cursor": cursor, "desc": True}).status_code == 422
    import base64

    forged = base64.urlsafe_b64encode(json.dumps(["date", "not a day", "x"]).encode()).decode()
    assert client.get("/api/events", params={"cursor": forged}).status_code == 422


def test_event_detail_has_the_evidence_with_offsets(client, doha):
    e = client.get(f"/api/events/{doha['id']}").json()
    assert e["mentions"] and e["articles"][0]["id"] == doha["article_id"]
    article = client.get(f"/api/articles/{doha['article_id']}").json()
    for m in e["mentions"]:
        text = article["text"]
        assert text[m["sentence_start"]:m["sentence_end"]] == m["sentence"]
        assert text[m["trigger_start"]:m["trigger_end"]] == m["trigger_text"]
        assert "".join(p["text"] for p in m["pieces"]) == m["sentence"]
        roles = {p["role"]: p["text"] for p in m["pieces"]}
        assert roles["trigger"] == "strike" and roles["place"] == "Doha"
        for part in m["actors"] + m["recipients"]:
            assert text[part["start"]:part["end"]] == part["text"]
    assert client.get("/api/events/e-none").status_code == 404


def test_network_edges_join_known_nodes_and_carry_scores(client, doha):
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert not any(i.startswith("text:") for i in ids)
    edge = next(e for e in net["edges"] if e["source"] == "ISR-MIL" and e["target"] == "HAMAS")
    assert doha["id"] in edge["event_ids"] and edge["mean_goldstein"] == doha["goldstein"]
    assembled = client.get("/api/network", params={"type": "AGREE"}).json()
    assert assembled["edges"] and all(e["types"] == ["AGREE"] for e in assembled["edges"])
    assert client.get("/api/network", params={"until": "1990-01-01"}).json() == {"nodes": [], "edges": []}


def test_network_counts_match_the_events_list(client):
    net = client.get("/api/network").json()
    for edge in net["edges"][:5]:
        listed = [e for e in all_events(client, actor=edge["source"])
                  if edge["source"] in e["actor_ids"].split(";") and edge["target"] in (e["recipient_ids"] or "").split(";")]
        assert len(listed) == edge["events"]


def test_places_are_geojson_points(client, doha):
    r = client.get("/api/places.geojson")
    assert r.headers["content-type"].startswith("application/geo+json")
    geo = r.json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for f in geo["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and f["properties"]["events"] >= 1
    doha_place = next(f for f in geo["features"] if f["properties"]["name"] == "Doha")
    lon, lat = doha_place["geometry"]["coordinates"]
    assert abs(lon - 51.5) < 0.5 and abs(lat - 25.3) < 0.5 and doha["id"] in doha_place["properties"]["event_ids"]
    assert sum(f["properties"]["events"] for f in geo["features"]) == sum(1 for e in all_events(client) if e["lat"] is not None)
    only = client.get("/api/places.geojson", params={"type": "CONCEDE"}).json()
    assert all("CONCEDE" in f["properties"]["types"] for f in only["features"])


def test_actors_places_lists_and_details(client, doha):
    actors = client.get("/api/actors", params={"limit": 100}).json()["items"]
    counts = [a["n_events"] for a in actors]
    assert counts == sorted(counts, reverse=True)
    hamas = client.get("/api/actors/HAMAS").json()
    assert hamas["name"] == "Hamas" and doha["id"] in {e["id"] for e in hamas["events"]}
    assert client.get("/api/actors", params={"q": "hamas"}).json()["items"][0]["id"] == "HAMAS"
    place = client.get(f"/api/places/{doha['place_id']}").json()
    assert place["name"] == "Doha" and [e["id"] for e in place["events"]] == [doha["id"]]
    assert client.get("/api/places", params={"country": "QAT"}).json()["total"] >= 2
    assert client.get("/api/actors/NOBODY").status_code == 404
    assert client.get("/api/places/gn:0").status_code == 404


def test_quotes_and_claims(client):
    quotes = client.get("/api/quotes", params={"limit": 500}).json()
    assert quotes["total"] == len(quotes["items"]) > 0
    q = quotes["items"][0]
    assert client.get(f"/api/quotes/{q['id']}").json()["content_text"] == q["content_text"]
    denied = client.get("/api/claims", params={"stance": "denied"}).json()["items"]
    assert denied and all(c["stance"] == "denies" for c in denied)
    board = client.get("/api/claims/board").json()["propositions"]
    stances = {s for p in board for s in p["stances"]}
    assert {"asserts", "denies"} <= stances
    claim = denied[0]
    assert client.get(f"/api/claims/{claim['id']}").json()["stance"] == "denies"
    assert client.get("/api/quotes/none").status_code == 404


def test_article_detail_offsets_point_into_its_text(client, doha):
    listed = client.get("/api/articles").json()
    assert listed["total"] == 1
    a = client.get(f"/api/articles/{doha['article_id']}").json()
    text = a["text"]
    assert a["events"] and a["quotes"] and a["claims"] and a["actor_mentions"]
    for q in a["quotes"]:
        assert text[q["content_start"]:q["content_end"]] == q["content_text"]
    for c in a["claims"]:
        assert text[c["proposition_start"]:c["proposition_end"]] == c["proposition_text"]
    for m in a["actor_mentions"]:
        assert text[m["start_char"]:m["end_char"]] == m["text"]
    assert client.get("/api/articles/none").status_code == 404


def test_csv_download_has_the_export_columns_and_the_filters(client):
    r = client.get("/api/download/events.csv", params={"type": "ASSAULT"})
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == [*CSV_COLUMNS, "schema_version"]
    assert len(rows) - 1 == len(all_events(client, type="ASSAULT"))
    assert {row[rows[0].index("event_type")] for row in rows[1:]} == {"ASSAULT"}
    assert {row[-1] for row in rows[1:]} == {str(SCHEMA_VERSION)}


def test_jsonl_download_is_plover_with_mentions(client, doha):
    r = client.get("/api/download/events.jsonl", params={"place": "Doha"})
    records = [json.loads(line) for line in r.text.splitlines()]
    assert [x["id"] for x in records] == [doha["id"]]
    rec = records[0]
    assert rec["event"] == ["ASSAULT"] and rec["event_loc"]["placename"] == "Doha"
    assert rec["mentions"] and rec["mentions"][0]["trigger"][2] == "strike"
    claims = client.get("/api/download/claims.jsonl", params={"stance": "denies"}).text.splitlines()
    assert claims and all(json.loads(line)["stance"] == "denies" for line in claims)
    quotes = list(csv.reader(io.StringIO(client.get("/api/download/quotes.csv").text)))
    assert "content_text" in quotes[0] and len(quotes) > 1


def test_openapi_document_lists_the_endpoints(client):
    doc = client.get("/api/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/network", "/api/places.geojson", "/api/claims",
                 "/api/quotes", "/api/actors", "/api/articles", "/api/download/events.{fmt}"):
        assert path in doc["paths"], path


def test_pages_and_static_files_are_served_locally(client):
    for path in ("/", "/timeline", "/network", "/map", "/claims", "/articles", "/events/x", "/articles/y"):
        r = client.get(path)
        assert r.status_code == 200 and "/static/app.js" in r.text
        assert "http://" not in r.text and "https://" not in r.text  # no CDN
    for path in ("/static/app.js", "/static/app.css", "/static/vendor/countries-110m.json", "/static/vendor/topojson-client.min.js"):
        assert client.get(path).status_code == 200
    assert "innerHTML" not in client.get("/static/app.js").text  # article text only ever goes in as text nodes


def test_ingest_is_off_by_default(client):
    assert client.get("/api/ingest").json()["enabled"] is False
    assert client.post("/api/ingest", json={"paths": ["x"]}, headers={"Authorization": "Bearer x"}).status_code == 403


def test_ingest_from_the_ui_needs_the_token_and_reports_progress(sample_db, tmp_path):
    db = str(tmp_path / "copy.duckdb")
    shutil.copy(sample_db, db)
    with pytest.raises(ValueError):
        create_app(db, allow_ingest=True)
    c = TestClient(create_app(db, allow_ingest=True, token="s3cret"))
    before = c.get("/api/meta").json()["counts"]
    events_before = c.get("/api/events").json()["total"]
    doc = {"title": "A test <b>article</b>", "text": "Protesters marched in Paris on Monday against the new law.", "date": "2025-03-04"}
    assert c.post("/api/ingest", json=doc).status_code == 401
    assert c.post("/api/ingest", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post("/api/ingest", json={"text": "no date"}, headers={"Authorization": "Bearer s3cret"}).status_code == 422
    r = c.post("/api/ingest", json=doc, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 202
    job_id = r.json()["id"]
    deadline = time.monotonic() + 60
    while (job := c.get(f"/api/ingest/{job_id}").json())["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert job["state"] == "done" and job["summary"]["new"] == 1 and job["progress"]
    after = c.get("/api/meta").json()["counts"]  # cached answers are dropped after an ingest
    assert after["articles"] == before["articles"] + 1
    fresh = c.get("/api/events", params={"place": "Paris"}).json()["items"]
    assert c.get("/api/events").json()["total"] >= events_before
    assert all(e["trigger_text"] and e["article_id"] for e in fresh)
    titles = [a["title"] for a in c.get("/api/articles").json()["items"]]
    assert "A test <b>article</b>" in titles  # stored and returned as text, not markup


def test_twenty_concurrent_clients_on_the_real_server(sample_db):
    with background_server(sample_db) as url:
        def hit(i: int) -> tuple[int, int]:
            path = ("/api/events?limit=20", "/api/network", "/api/places.geojson", "/api/claims/board")[i % 4]
            r = httpx.get(url + path, timeout=30)
            return r.status_code, len(r.content)

        with ThreadPoolExecutor(20) as pool:
            results = list(pool.map(hit, range(80)))
    assert all(status == 200 and size > 20 for status, size in results)


def test_dates_in_answers_are_iso(client, doha):
    assert date.fromisoformat(doha["date"]) == date(2025, 9, 9)


def test_serve_command_refuses_ingest_without_a_token(sample_db):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", sample_db, "--allow-ingest"])
    assert result.exit_code == 2 and "--token" in result.output


def test_serve_command_refuses_ingest_with_several_workers(sample_db):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", sample_db, "--allow-ingest", "--token", "t", "--workers", "2"])
    assert result.exit_code == 2 and "--workers 1" in result.output


def test_two_worker_processes_serve_the_same_store(sample_db, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from newsgraph.api.server import free_port

    port = free_port()
    exe = Path(sys.executable).with_name("newsgraph")
    proc = subprocess.Popen([str(exe), "serve", "--db", sample_db, "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                meta = httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2).json()
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.2)
        with ThreadPoolExecutor(8) as pool:
            totals = list(pool.map(lambda _: httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=30).json()["total"], range(16)))
        assert totals == [meta["counts"]["events"]] * 16 and totals[0] > 0
    finally:
        proc.terminate()
        proc.wait(15)
