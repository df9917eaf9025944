"""Article-level duplicate detection: exact copies, syndicated near-copies, templates that are
not copies, and the whole path through ingest (a copy is linked, not coded twice)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from newsgraph.ingest import read_articles
from newsgraph.model import Article
from newsgraph.resolve.dedup import (
    Alignment,
    dedup_rules,
    find_duplicates,
    fingerprint,
    is_copy,
    similarity,
)
from newsgraph.run.local import ingest
from newsgraph.store.duckdb_store import Store

from .conftest import EXAMPLES

STORY = (
    "The port authority said on Monday that 14 ships were waiting outside the harbour after dock "
    "workers walked out over a pay dispute that has lasted three weeks. Union leaders said the "
    "strike would go on until the employers offered a raise of at least 12 percent, while the "
    "ministry of transport called for talks to resume on Wednesday. Exporters warned that the "
    "backlog of 3,500 containers was costing them about 2 million dollars a day in delays."
)


def art(text: str, day: date = date(2024, 5, 6), source: str = "Wire", title: str = "") -> Article:
    return Article(text=text, date=day, date_source="option", source=source, title=title)


def syndicated(text: str) -> str:
    """What an outlet does to a wire story: a dateline of its own and a couple of edits."""
    return "LAGOS (Daily Post) - " + text.replace("said on Monday", "said Monday").replace("harbour", "harbor")


def test_rules_file_is_valid():
    r = dedup_rules()
    assert r.bands * r.rows == r.num_perm
    assert 0 < r.near_duplicate <= 1 and r.max_days_apart >= 0 and 0 <= r.min_number_overlap <= 1


def test_exact_copy_ignores_case_spacing_and_punctuation():
    a, b = art(STORY), art(STORY.upper().replace(",", " ,  "), source="Other")
    assert fingerprint(a).exact == fingerprint(b).exact
    m = is_copy(b, a)
    assert m is not None and m.exact and m.similarity == 1.0


def test_syndicated_copy_with_new_first_line_and_edits_is_near_duplicate():
    a, b = art(STORY), art(syndicated(STORY), source="Daily Post", title="Strike strands ships")
    sim = similarity(fingerprint(a), fingerprint(b))
    assert dedup_rules().near_duplicate <= sim < 1.0
    m = is_copy(b, a)
    assert m is not None and not m.exact and m.duplicate_of == a.id


def test_different_story_and_template_with_other_figures_are_not_copies():
    other = art("Parliament voted on Tuesday to extend the state of emergency in the northern provinces "
                "by another six months, after a debate in which opposition members walked out in protest "
                "against what they called a slide into permanent rule by decree and arbitrary arrests.")
    assert is_copy(other, art(STORY)) is None
    # the same wording with other figures: a recurring report, not a copy of this one
    template = STORY.replace("14 ships", "9 ships").replace("three weeks", "four weeks").replace(
        "12 percent", "15 percent").replace("3,500", "2,100").replace("2 million", "1.5 million")
    assert similarity(fingerprint(art(template)), fingerprint(art(STORY))) > 0.5
    assert is_copy(art(template), art(STORY)) is None


def test_same_text_weeks_later_is_not_a_copy():
    later = art(STORY.replace("Monday", "Friday"), day=date(2024, 5, 6) + timedelta(days=30))
    assert is_copy(later, art(STORY)) is None


def test_batch_links_copies_to_the_root_original():
    a = art(STORY)
    b = art(syndicated(STORY), source="Daily Post")
    c = art(syndicated(STORY) + " Shipping lines said they would reroute.", source="Evening News")
    matches, fps = find_duplicates([a, b, c], lambda exact, keys: [])
    assert len(fps) == 3 and a.id not in matches
    assert b.duplicate_of == a.id and c.duplicate_of == a.id  # c resembles b most; linked to b's original
    assert 0.5 < c.similarity <= 1.0


def test_alignment_moves_offsets_into_the_copy():
    copy = syndicated(STORY)
    al = Alignment(STORY, copy)
    start = STORY.index("dock workers")
    moved = al.span(start, start + len("dock workers"))
    assert moved is not None and copy[moved[0]:moved[1]] == "dock workers"
    gone = STORY.index("harbour")
    assert al.span(gone, gone + len("harbour")) is None  # edited away


@pytest.fixture(scope="module")
def sample_with_copy(tmp_path_factory):
    """The sample, then a syndicated copy of it (another outlet, a first line of its own, an
    edit, a day later), then both again."""
    folder = tmp_path_factory.mktemp("syndication")
    original = next(a for a in read_articles([str(EXAMPLES)]) if isinstance(a, Article))
    text = "ISTANBUL (Other Wire) - " + original.text.replace("Thursday", "on Thursday", 1)
    copy_file = folder / "copy.jsonl"
    copy_file.write_text(json.dumps({"text": text, "date": (original.date + timedelta(days=1)).isoformat(),
                                     "source": "Other Wire", "title": "Turkey trains Syrian army"}), encoding="utf-8")
    db = str(folder / "s.duckdb")
    first = ingest([str(EXAMPLES)], db=db)
    with Store(db, read_only=True) as store:
        before = {r["id"] for r in store.query_events()}
    second = ingest([str(copy_file)], db=db)
    again = ingest([str(EXAMPLES), str(copy_file)], db=db)
    return db, first, second, again, before


def test_syndicated_copy_gives_same_events_two_articles_one_independent_source(sample_with_copy):
    db, first, second, again, before = sample_with_copy
    assert first.new == 1 and second.new == 1 and second.copies == 1 and second.events == 0  # not re-coded
    assert again.new == 0 and again.duplicate == 2
    with Store(db, read_only=True) as store:
        events = store.query_events()
        arts = store.rows("SELECT id, source, duplicate_of, similarity, story_id FROM articles ORDER BY published")
    assert {e["id"] for e in events} == before  # the same events, none added
    assert arts[1]["duplicate_of"] == arts[0]["id"] and arts[1]["similarity"] > 0.9
    assert arts[1]["story_id"] == arts[0]["story_id"]
    assert all(e["num_articles"] == 2 and e["num_sources"] == 2 and e["independent_source_count"] == 1 for e in events)


def test_copied_mentions_point_into_the_copy(sample_with_copy):
    db = sample_with_copy[0]
    with Store(db, read_only=True) as store:
        rows = store.rows("""SELECT m.trigger_text, substr(a.text, m.trigger_start + 1, m.trigger_end - m.trigger_start) AS at,
                                    m.actors, a.text FROM event_mentions m JOIN articles a ON a.id = m.article_id
                             WHERE a.duplicate_of IS NOT NULL""")
    assert rows
    for r in rows:
        assert r["at"] == r["trigger_text"]
        for actor in json.loads(r["actors"]):
            assert r["text"][actor["start"]:actor["end"]] == actor["text"]
