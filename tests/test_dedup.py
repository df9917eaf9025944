"""Article-level duplicate detection: exact copies, syndicated near-copies, templates that are
not copies, and the whole path through ingest (a copy is linked, not coded twice)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from newsgraph.ingest import read_articles
from newsgraph.model import Article, Extraction
from newsgraph.resolve.dedup import (
    Alignment,
    containment,
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


def test_extended_version_is_a_copy_by_containment():
    """A story re-sent with three more paragraphs: Jaccard halves, containment stays high."""
    more = (" The harbour master said pilots would keep guiding tankers in. Farmers' groups said perishable "
            "cargo had already been lost and asked for compensation from the port operator. Shipping agents "
            "expected the queue to clear within ten days once work resumed. A mediator appointed by the labour "
            "court is due to meet both sides next week, court officials said.")
    short, long_ = art(STORY), art(STORY + more * 2)
    a, b = fingerprint(short), fingerprint(long_)
    assert similarity(a, b) < dedup_rules().near_duplicate <= containment(a, b)
    m = is_copy(long_, short)
    assert m is not None and m.duplicate_of == short.id


def test_one_line_notices_are_told_apart_by_their_title():
    text = "Qtly div 25 cts vs 25 cts prior Pay May 4 Record April 20"
    a = art(text, title="ACME MILLS <ACM> SETS QUARTERLY")
    assert fingerprint(a).short
    assert is_copy(art(text, title="GLOBEX CORP <GLX> SETS QUARTERLY"), a) is None  # another company
    assert is_copy(art(text + " (repeat)", title="ACME MILLS <ACM> SETS QUARTERLY"), a) is not None  # re-issue


def test_stored_candidates_keep_their_figures(tmp_path):
    """The figures check must also hold against articles already in the store (it used to see
    none there and always pass)."""
    template = STORY.replace("14 ships", "9 ships").replace("three weeks", "four weeks").replace(
        "12 percent", "15 percent").replace("3,500", "2,100").replace("2 million", "1.5 million")
    original = art(STORY)
    with Store(tmp_path / "s.duckdb") as store:
        ingest_one = find_duplicates([original], store.fingerprint_candidates)[1]
        store.write([Extraction(article=original)], "t", ingest_one)
        stored = store.fingerprint_candidates([], fingerprint(art(template)).band_keys)
        assert stored and stored[0].fingerprint.numbers == fingerprint(original).numbers
        matches, _ = find_duplicates([art(template)], store.fingerprint_candidates)
        assert not matches
        matches, _ = find_duplicates([art(syndicated(STORY), source="Daily Post")], store.fingerprint_candidates)
        assert list(matches.values())[0].duplicate_of == original.id


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


def test_word_for_word_copy_from_another_outlet_is_a_linked_copy_not_the_same_article(tmp_path):
    """Same words, same day, another outlet: a second article (a copy), not a re-read; the same
    words re-sent weeks later (a weekly notice) are another article too."""
    original = next(a for a in read_articles([str(EXAMPLES)]) if isinstance(a, Article))
    later = original.date + timedelta(days=35)
    rows = [{"text": original.text, "title": original.title, "date": original.date.isoformat(), "source": "Other Wire"},
            {"text": original.text, "title": original.title, "date": later.isoformat(), "source": original.source}]
    copy_file = tmp_path / "copies.jsonl"
    copy_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    ingest([str(EXAMPLES)], db=db)
    second = ingest([str(copy_file)], db=db)
    assert second.new == 2 and second.duplicate == 0 and second.copies == 1
    with Store(db, read_only=True) as store:
        arts = store.rows("SELECT source, published, duplicate_of FROM articles ORDER BY published, source")
    assert len(arts) == 3 and sum(bool(a["duplicate_of"]) for a in arts) == 1


def test_market_snapshot_at_another_hour_is_not_a_copy():
    """The same table re-sent at another hour differs only in the header's time stamp."""
    table = " MAY7 6265 UNCH JUL7 6245 UP 10 SEP7 6265 UP 15 DEC7 6285 UP 10 MAR8 6340 UP 15 MAY8 UNTRD JUL8 UNTRD"
    noon, half_past = art("NY COPPER 12:00 APR 7" + table * 3), art("NY COPPER 12:30 APR 7" + table * 3)
    assert fingerprint(noon).stamps != fingerprint(half_past).stamps
    assert is_copy(half_past, noon) is None
    assert is_copy(art("NY COPPER 12:00 APR 7" + table * 3 + " (repeat)"), noon) is not None  # same stamp


def test_template_about_another_company_is_not_a_copy():
    """A notice re-used for another company keeps the wording and the figures, not the subject."""
    text = ("{} Petroleum Corp said it raised the contract price it will pay for all grades of crude oil by 50 cts a "
            "barrel, effective Oct 16. The increase brings the company's postings for the West Texas Intermediate "
            "and West Texas Sour grades to 19.00 dlrs a barrel. The company last changed its postings on Sept 9.")
    acme, globex = art(text.format("Acme")), art(text.format("Globex"))
    assert fingerprint(acme).lead == "acme" and fingerprint(globex).lead == "globex"
    assert is_copy(globex, acme) is None
    assert is_copy(art(syndicated(text.format("Acme")), source="Daily Post"), acme) is not None


def test_marked_correction_is_the_same_report():
    """A correction changes words and figures on purpose: the marker in its title lets it through."""
    fixed = STORY.replace("14 ships", "16 ships").replace("3,500", "5,300").replace("2 million", "3 million")
    fixed = fixed.replace("Union leaders said", "Leaders of the dock workers' union said")
    plain, marked = art(fixed, title="Strike strands ships"), art(fixed, title="CORRECTED - Strike strands ships")
    original = art(STORY, title="Strike strands ships")
    assert fingerprint(marked).marker and not fingerprint(plain).marker
    assert is_copy(plain, original) is None  # figures changed, no marker: another report
    assert is_copy(marked, original) is not None


def test_short_flash_with_one_word_changed_is_a_copy():
    """Word-by-word comparison of short texts: one changed word breaks four shingles, not the text."""
    flash = "FRENCH FINANCE MINISTER BALLADUR HAS HAD TELEPHONE CONTACT WITH G7 MINISTERS, {} STOLTENBERG, ON MARKETS - SOURCES"
    a = art(flash.format("INC"), title=flash.format("INC"))
    b = art(flash.format("INCLUDING"), title=flash.format("INCLUDING"))
    fa, fb = fingerprint(a), fingerprint(b)
    assert fa.short and similarity(fa, fb) < dedup_rules().short_near_duplicate
    assert is_copy(b, a) is not None
