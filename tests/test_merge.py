"""Event-level merge: the rules (data, validated), their decisions field by field, merging
across articles in the store, the merge log, and split from the CLI surviving re-ingest."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import yaml
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.model import (
    Actor,
    ActorMention,
    Article,
    EventMention,
    EventTime,
    Extraction,
    Place,
    PlaceMention,
    Span,
)
from newsgraph.resolve.merge import MergeKey, assign, compare, merge_rules, parse_rules
from newsgraph.store.duckdb_store import Store

runner = CliRunner()
TUR = Actor(id="TUR", name="Turkey", country="TUR", kind="country")
SYR = Actor(id="SYR", name="Syria", country="SYR", kind="country")
IRQ = Actor(id="IRQ", name="Iraq", country="IRQ", kind="country")


def key(etype: str = "ASSAULT", start: date = date(2024, 3, 5), end: date | None = None, precision: str = "day",
        actors=("TUR",), recipients=("SYR",), country: str = "SYR", fallback: bool = False, modality: str = "asserted") -> MergeKey:
    return MergeKey(etype, modality, start, end or start, precision, fallback, frozenset(actors), frozenset(recipients),
                    f"iso:{country}" if country else "", country)


def test_rules_file_is_valid_and_bad_rules_are_refused():
    r = merge_rules()
    assert r.types_compatible("ASSAULT", "COERCE") and not r.types_compatible("ASSAULT", "AGREE")
    raw = yaml.safe_load((__import__("importlib").resources.files("newsgraph.resources.merge") / "events.yaml").read_text())
    raw["compatible_types"].append(["ASSAULT", "PICNIC"])
    with pytest.raises(ValueError):
        parse_rules(raw)


def test_month_precise_mention_is_compatible_with_a_day_inside_it():
    month = key(start=date(2024, 3, 1), end=date(2024, 3, 31), precision="month")
    d = compare(key(start=date(2024, 3, 5)), month)
    assert d.merge and "within" in d.agreed["date"]
    assert not compare(key(start=date(2024, 4, 2)), month).merge  # a day outside it


def test_each_field_can_refuse_a_merge():
    base = key()
    assert compare(base, key()).merge and compare(base, key()).score == pytest.approx(1.0)
    assert compare(base, key(etype="AGREE")).refused == "type"
    assert compare(base, key(modality="negated")).refused == "modality"
    assert compare(base, key(start=date(2024, 3, 12))).refused == "date"
    assert compare(base, key(actors=("IRQ",))).refused == "actors"
    assert compare(base, key(recipients=("IRQ",))).refused == "recipients"
    assert compare(base, key(country="IRQ")).refused == "place"


def test_unresolved_recipients_are_unknown_not_absent():
    base = key(recipients=())
    assert compare(base, key(recipients=())).agreed["recipients"] == "none on either side"
    same = compare(key(recipients=("text:the banks",)), key(recipients=("text:the banks",)))
    assert same.agreed["recipients"] == "same unresolved text"
    other = compare(key(recipients=("text:its towns",)), key(recipients=("text:both fronts",)))
    one_side = compare(base, key(recipients=("text:its towns",)))
    assert "recipients" not in other.agreed and "recipients" not in one_side.agreed
    assert other.score < same.score and one_side.score < compare(base, key(recipients=())).score


def test_blocking_finds_what_comparing_everything_finds():
    """assign() compares a mention only with events of its days and actors: the same choices as
    comparing it with every candidate."""
    import random

    rng = random.Random(5)
    actors, types = [TUR, SYR, IRQ], ["ASSAULT", "COERCE", "AGREE"]
    rows, mentions = [], []
    for i in range(60):
        d0 = date(2024, 3, 1) + timedelta(days=rng.randrange(20))
        t = rng.choice([day(d0), month(2024, 3), None])
        x = report(f"Report {i} of fighting.", d0, f"S{i}", "fighting", rng.choice(types), t,
                   actors=tuple(rng.sample(actors, rng.choice([0, 1, 2]))), recipients=(rng.choice(actors),))
        (rows if i < 30 else mentions).append((x.events[0], d0))
    stored = [{"id": f"e{i}", **_row(MergeKey.of_mention(m, d))} for i, (m, d) in enumerate(rows)]
    for m, d in mentions:
        got = assign([(m, d)], stored)[0]
        scores = [(compare(MergeKey.of_mention(m, d), MergeKey.of_row(r)), r["id"]) for r in stored]
        best = max(((c.score, eid) for c, eid in scores if c.merge), default=None)
        assert (got.event_id if got.action == "merge" else None) == (best[1] if best else None)


def _row(k: MergeKey) -> dict:
    return {"event_type": k.event_type, "modality": k.modality, "date": k.start, "date_end": k.end,
            "date_precision": k.precision, "date_fallback": k.fallback, "actor_ids": ";".join(sorted(k.actors)),
            "recipient_ids": ";".join(sorted(k.recipients)), "place_id": k.place_id, "country": k.country}


def test_compatible_type_and_article_date_merge_with_a_lower_score():
    exact = compare(key(), key())
    coerce = compare(key(), key(etype="COERCE"))
    assert coerce.merge and coerce.score < exact.score and "compatible" in coerce.agreed["type"]
    fallback = compare(key(), key(start=date(2024, 3, 6), fallback=True))
    assert fallback.score < exact.score


def mention(article: Article, text: str, trigger: str, etype: str, actors, recipients, time: EventTime | None,
            country: str | None = "SYR") -> EventMention:
    i = text.index(trigger)
    place = None
    if country:
        p = Place(id=f"iso:{country}", name=country, feature="country", country=country)
        place = PlaceMention(Span(0, 1, text[0]), p, 1.0, "test")
    ams = [ActorMention(Span(0, len(a.name), a.name), a) for a in actors]
    rms = [ActorMention(Span(i, i + 1, text[i]), a) for a in recipients]
    return EventMention(article_id=article.id, sentence_index=0, sentence=Span(0, len(text), text),
                        trigger=Span(i, i + len(trigger), trigger), event_type=etype, actors=ams, recipients=rms,
                        time=time, place=place, confidence=0.8)


def day(d: date) -> EventTime:
    return EventTime(value=d.isoformat(), start=d, end=d, precision="day")


def month(y: int, m: int) -> EventTime:
    return EventTime(value=f"{y}-{m:02d}", start=date(y, m, 1), end=date(y, m, 28), precision="month")


def report(text: str, published: date, source: str, trigger: str, etype: str, time: EventTime | None,
           actors=(TUR,), recipients=(SYR,)) -> Extraction:
    a = Article(text=text, date=published, date_source="option", source=source)
    return Extraction(article=a, events=[mention(a, text, trigger, etype, list(actors), list(recipients), time)])


def test_assign_merges_across_articles_but_not_within_one():
    x1 = report("Turkey shelled Syria on March 5.", date(2024, 3, 5), "A", "shelled", "ASSAULT", day(date(2024, 3, 5)))
    x2 = report("In March Turkey struck Syria.", date(2024, 3, 9), "B", "struck", "ASSAULT", month(2024, 3))
    out = assign([(x1.events[0], x1.article.date), (x2.events[0], x2.article.date)], [])
    assert out[0].action == "create" and out[1].action == "merge" and out[1].event_id == out[0].event_id
    # a second, different sentence of the first article stays apart
    m = mention(x1.article, x1.article.text, "March", "ASSAULT", [TUR], [SYR], month(2024, 3))
    out = assign([(x1.events[0], x1.article.date), (m, x1.article.date)], [])
    assert out[1].event_id != out[0].event_id


@pytest.fixture()
def merged_db(tmp_path):
    db = str(tmp_path / "m.duckdb")
    with Store(db) as store:
        store.write([report("Turkey shelled Syria on March 5.", date(2024, 3, 5), "Wire A", "shelled", "ASSAULT", day(date(2024, 3, 5)))], "t")
        store.write([report("Earlier this month Turkey struck Syria.", date(2024, 3, 9), "Paper B", "struck", "ASSAULT", month(2024, 3))], "t")
        store.write([report("Iraq shelled Syria on March 5.", date(2024, 3, 5), "Wire A", "shelled", "ASSAULT", day(date(2024, 3, 5)),
                            actors=(IRQ,))], "t")
    return db


def test_store_merges_mentions_counts_and_logs_why(merged_db):
    with Store(merged_db, read_only=True) as store:
        events = {tuple(e["actor_ids"].split(";")): e for e in store.query_events()}
        assert len(events) == 2  # Turkey's strike reported twice; Iraq's a different event
        tur = events[("TUR",)]
        assert tur["num_mentions"] == 2 and tur["num_articles"] == 2 and tur["independent_source_count"] == 2
        assert tur["first_seen"] == date(2024, 3, 5) and tur["last_seen"] == date(2024, 3, 9)
        first_story = store.rows("SELECT a.story_id FROM event_mentions m JOIN articles a ON a.id = m.article_id"
                                 " WHERE m.event_id = ? ORDER BY a.published LIMIT 1", [tur["id"]])[0]["story_id"]
        assert tur["story_id"] == first_story  # the story of the earliest report
        log = store.merge_log(tur["id"])
    merge = next(r for r in log if r["action"] == "merge")
    reasons = json.loads(merge["reasons"])
    assert set(reasons["agreed"]) >= {"type", "actors", "recipients", "date", "place"}
    assert merge["score"] >= merge_rules().threshold


def test_merges_and_split_from_the_cli_survive_reingest(merged_db):
    with Store(merged_db, read_only=True) as store:
        tur = next(e for e in store.query_events() if e["actor_ids"] == "TUR")
        later = store.rows("SELECT m.id, m.article_id FROM event_mentions m JOIN articles a ON a.id = m.article_id"
                           " WHERE m.event_id = ? ORDER BY a.published DESC LIMIT 1", [tur["id"]])[0]
        extraction = _extraction_of(store, later["article_id"])
    shown = runner.invoke(app, ["merges", tur["id"], "--db", merged_db])
    assert shown.exit_code == 0 and "merge" in shown.output and later["id"] in shown.output
    split = runner.invoke(app, ["split", tur["id"], later["id"], "--db", merged_db])
    assert split.exit_code == 0, split.output
    with Store(merged_db) as store:
        moved = store.rows("SELECT event_id FROM event_mentions WHERE id = ?", [later["id"]])[0]["event_id"]
        assert moved != tur["id"]
        assert store.rows("SELECT num_mentions FROM events WHERE id = ?", [tur["id"]])[0]["num_mentions"] == 1
        # re-code the article (a newer extractor): the user's split holds
        store.forget_articles([later["article_id"]])
        store.write([extraction], "t2")
        again = store.rows("SELECT event_id FROM event_mentions WHERE id = ?", [later["id"]])[0]["event_id"]
    assert again == moved
    explained = runner.invoke(app, ["merges", tur["id"], "--db", merged_db, "--json"])
    assert explained.exit_code == 0 and '"split"' in explained.output
    refused = runner.invoke(app, ["split", tur["id"], "m-not-there", "--db", merged_db])
    assert refused.exit_code == 2


def _extraction_of(store: Store, article_id: str) -> Extraction:
    """Rebuild the test extraction of a stored article (same text, so the same mention ids)."""
    a = store.rows("SELECT * FROM articles WHERE id = ?", [article_id])[0]
    return report(a["text"], a["published"], a["source"], "struck", "ASSAULT", month(2024, 3))


def story(text: str, published: date, actors=(TUR, SYR), title: str = "") -> Extraction:
    a = Article(text=text, date=published, date_source="option", source="Wire", title=title)
    ams = [ActorMention(Span(0, len(x.name), x.name), x) for x in actors]
    return Extraction(article=a, actors=ams)


LEAD = ("Turkish artillery shelled positions near the Syrian border town after mortar rounds landed in a "
        "Turkish village, officials said, the fiercest exchange along the frontier this year.")


def test_stories_need_shared_entities_time_window_and_similar_text(tmp_path):
    first = story(LEAD, date(2024, 3, 5), title="Turkey shells Syria border town")
    follow = story("Officials said Turkish artillery kept shelling positions near the Syrian border town on "
                   "Wednesday after more mortar rounds hit the village.", date(2024, 3, 6), title="Border shelling goes on")
    no_entity = story(LEAD.replace("Turkish", "local").replace("Syrian", "northern"), date(2024, 3, 6), actors=())
    month_later = story(LEAD + " It was the second such exchange.", date(2024, 4, 20))
    other_topic = story("Turkey and Syria agreed to reopen consulates and resume direct flights, the foreign "
                        "ministers announced after talks on trade and water sharing.", date(2024, 3, 6))
    with Store(tmp_path / "s.duckdb") as store:
        for x in (first, follow, no_entity, month_later, other_topic):
            store.write([x], "t")
        got = {r["id"]: r["story_id"] for r in store.rows("SELECT id, story_id FROM articles")}
    assert got[follow.article.id] == got[first.article.id]
    assert len({got[x.article.id] for x in (first, no_entity, month_later, other_topic)}) == 4


def test_candidates_no_mention_can_merge_with_change_nothing_and_cost_no_comparisons():
    """Stored events the batch cannot merge with (another actor, or a decade-long event of another
    type, as a big store holds many of) are loaded but never compared: a batch's work depends on
    its own mentions and the events that share their type, days and actors."""
    import random

    rng = random.Random(11)
    batch, relevant = [], []
    for i in range(40):
        d0 = date(2024, 3, 1) + timedelta(days=rng.randrange(15))
        x = report(f"Report {i} of fighting.", d0, f"S{i}", "fighting", rng.choice(["ASSAULT", "COERCE"]),
                   rng.choice([day(d0), month(2024, 3), None]), actors=(rng.choice([TUR, SYR]),), recipients=(IRQ,))
        (relevant if i < 15 else batch).append((x.events[0], d0))
    stored = [{"id": f"e{i}", **_row(MergeKey.of_mention(m, d))} for i, (m, d) in enumerate(relevant)]
    decade = [{"id": f"x{i}", **_row(key("AGREE" if i % 2 else "ASSAULT", date(2020, 1, 1), date(2029, 12, 31), "decade",
                                         actors=("IRQ",) if i % 2 else ("RUS",)))} for i in range(300)]
    plain, noisy = {}, {}
    got = assign(batch, stored, stats=plain)
    assert [(a.event_id, a.action) for a in assign(batch, stored + decade, stats=noisy)] == [(a.event_id, a.action) for a in got]
    assert any(a.action == "merge" for a in got) and plain["comparisons"] > 0
    assert noisy["comparisons"] == plain["comparisons"]
    assert noisy["candidates"] == plain["candidates"] + len(decade)
