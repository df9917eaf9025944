"""Integration: the bundled sample through the real pipeline into a real DuckDB file.

These are the foundation's acceptance checks (issue 2, point 6). They test patterns the
extractor must handle (a strike with a governing weekday, a month-dated agreement, aid
from one state to another's army, a denied report), on the one article we ship."""

from __future__ import annotations

from datetime import date

from newsgraph.query import event_evidence, list_claims, list_events, list_quotes
from newsgraph.store.duckdb_store import EventFilter

ARTICLE_DATE = date(2025, 9, 11)


def _ids(value: str | None) -> set[str]:
    return {v for v in (value or "").split(";") if v}


def _countries(value: str | None) -> set[str]:
    return {v.split("-")[0] for v in _ids(value)}


def test_doha_strike_is_an_assault_on_tuesday_in_qatar(sample_db):
    strikes = [
        e for e in list_events(sample_db, EventFilter(event_type="ASSAULT", place="QAT"))
        if "ISR" in _countries(e["actor_ids"]) and e["modality"] == "asserted"
    ]
    assert strikes, "Israel's strike in Doha must be an asserted ASSAULT placed in Qatar"
    assert any(e["date"] == date(2025, 9, 9) and e["date_precision"] == "day" for e in strikes)
    doha = [e for e in strikes if e["date"] == date(2025, 9, 9)][0]
    assert doha["country"] == "QAT" and doha["lat"] is not None
    assert doha["cameo"].startswith("1") and doha["goldstein"] < 0


def test_defence_agreement_is_agree_in_august(sample_db):
    agreements = [e for e in list_events(sample_db, EventFilter(event_type="AGREE")) if e["date_precision"] == "month"]
    assert any(
        e["date"] == date(2025, 8, 1) and "TUR" in _countries(e["actor_ids"]) | _countries(e["recipient_ids"])
        and "SYR" in _countries(e["actor_ids"]) | _countries(e["recipient_ids"])
        for e in agreements
    ), [(e["actor_ids"], e["recipient_ids"], e["date"]) for e in agreements]


def test_training_and_support_from_turkiye_to_syria(sample_db):
    found = [
        e for t in ("AID", "COOPERATE") for e in list_events(sample_db, EventFilter(event_type=t))
        if "TUR" in _countries(e["actor_ids"]) and "SYR" in _countries(e["recipient_ids"])
    ]
    assert found


def test_denied_report_is_not_an_occurred_assault_on_turkiye(sample_db):
    for e in list_events(sample_db, EventFilter(event_type="ASSAULT", modality="asserted")):
        assert not ("ISR" in _countries(e["actor_ids"]) and "TUR" in _countries(e["recipient_ids"])), e
    denied = list_claims(sample_db, stance="denied")
    assert any("false" in (c["proposition_text"] + c["cue_text"]).lower() or c["event_modality"] == "negated" for c in denied)


def test_no_occurred_event_after_the_article_date(sample_db):
    for e in list_events(sample_db, EventFilter(modality="asserted")):
        assert e["date"] is None or e["date"] <= ARTICLE_DATE, e


def test_evidence_points_at_the_sentence(sample_db):
    events = list_events(sample_db, EventFilter(event_type="ASSAULT", place="QAT"))
    detail = event_evidence(sample_db, events[0]["id"])
    m = detail["mentions"][0]
    trigger = m["sentence"][m["trigger_start"] - m["sentence_start"] : m["trigger_end"] - m["sentence_start"]]
    assert trigger == m["trigger_text"] and trigger
    for actor in m["actors"]:
        assert m["sentence"][actor["start"] - m["sentence_start"] : actor["end"] - m["sentence_start"]] == actor["text"]


def test_quotes_have_speakers(sample_db):
    quotes = list_quotes(sample_db)
    assert quotes
    assert sum(1 for q in quotes if q["speaker_text"] or q["speaker_description"]) >= len(quotes) * 0.8
