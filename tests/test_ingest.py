"""Ingest: every reader, every bad input reported with its reason, nothing lost."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newsgraph.ingest import detect_format, read_articles
from newsgraph.model import Article, InputFailure

from .conftest import EXAMPLES, eval_data


def split(items):
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    return arts, fails


def test_corpus_sample_reads_date_and_text():
    arts, fails = split(list(read_articles([str(EXAMPLES)])))
    assert not fails
    assert len(arts) == 1
    a = arts[0]
    assert a.date == date(2025, 9, 11)
    assert a.date_source == "corpus-header"
    assert a.text.startswith("Türkiye has begun")
    assert "date 2025" not in a.text
    assert a.language == "en"


def test_ids_are_stable_and_content_derived(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-01-02 Protesters marched in Paris.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" date 2024-01-02 Protesters marched in Paris.", encoding="utf-8")
    (tmp_path / "c.txt").write_text(" date 2024-01-02 Protesters marched in Lyon.", encoding="utf-8")
    ids = [a.id for a in read_articles([str(tmp_path)])]
    assert ids[0] == ids[1] != ids[2]
    assert ids == [a.id for a in read_articles([str(tmp_path)])]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b" date 2025-09-11 \xff\xfe broken", "invalid UTF-8"),
        (b"\x00\x01\x02binary\x00data" * 20, "binary"),
        (b" date 2025-02-30 An impossible day.", "impossible date"),
        (b" date yesterday Some text.", "not an ISO date"),
        (b" date 2025-09-11 ", "no article text"),
        (b"Just text without any date line.", "no date"),
    ],
)
def test_bad_inputs_are_reported_and_batch_goes_on(tmp_path, content, reason):
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(" date 2024-05-01 Police arrested ten protesters.", encoding="utf-8")
    arts, fails = split(list(read_articles([str(tmp_path)])))
    assert len(arts) == 1 and arts[0].text.startswith("Police")
    assert len(fails) == 1
    assert fails[0].path.endswith("bad.txt")
    assert reason.lower() in fails[0].reason.lower()


def test_truncated_gzip_fails_alone(tmp_path):
    data = gzip.compress(b" date 2024-05-01 " + b"Troops withdrew from the town. " * 200)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "whole.txt.gz").write_bytes(data)
    arts, fails = split(list(read_articles([str(tmp_path)])))
    assert len(arts) == 1 and arts[0].date == date(2024, 5, 1)
    assert len(fails) == 1 and "gzip" in fails[0].reason and "cut.txt" in fails[0].path


def test_plain_text_takes_date_from_option_and_records_it(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Rebels attacked a convoy near the border.", encoding="utf-8")
    arts, fails = split(list(read_articles([str(path)], published=date(2020, 3, 4))))
    assert not fails and arts[0].date == date(2020, 3, 4) and arts[0].date_source == "option"


def test_jsonl_bad_line_fails_alone(tmp_path):
    lines = [
        json.dumps({"id": "x1", "url": "http://e.com/1", "source": "Wire", "date": "2023-07-01", "title": "T", "text": "Ministers met in Rome."}),
        "{not json",
        json.dumps({"id": "x3", "text": "No date here."}),
        json.dumps({"id": "x4", "date": "2023-13-01", "text": "Bad month."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    arts, fails = split(list(read_articles([str(path)])))
    assert [a.external_id for a in arts] == ["x1"]
    assert arts[0].source == "Wire" and arts[0].url == "http://e.com/1" and arts[0].date_source == "jsonl"
    assert sorted(f.path.rsplit(":", 1)[1] for f in fails) == ["2", "3", "4"]


def test_html_main_text_and_metadata(tmp_path):
    page = """<!DOCTYPE html><html><head><title>Talks resume | Example News</title>
    <meta property="og:title" content="Talks resume in Geneva">
    <meta property="article:published_time" content="2024-02-10T08:00:00Z">
    <meta property="og:site_name" content="Example News"></head>
    <body><nav>Home | World | Sports</nav><article><h1>Talks resume in Geneva</h1>
    <p>Negotiators from both sides met in Geneva on Friday to resume talks on a ceasefire, officials said.</p>
    <p>The delegations agreed to meet again next week, according to a statement from the mediators.</p>
    </article><footer>Copyright Example News</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    arts, fails = split(list(read_articles([str(path)])))
    assert not fails
    a = arts[0]
    assert a.date == date(2024, 2, 10) and a.date_source == "html-meta"
    assert "Negotiators from both sides" in a.text and "Copyright" not in a.text
    assert "Geneva" in a.title


def test_feed_entries(tmp_path):
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>World Wire</title>
    <item><title>Strike hits depot</title><link>http://w.example/1</link>
    <pubDate>Tue, 09 Sep 2025 10:00:00 GMT</pubDate><description>An air strike hit a fuel depot on Tuesday.</description></item>
    <item><title>No date</title><description>Undated item.</description></item>
    </channel></rss>"""
    path = tmp_path / "world.rss"
    path.write_text(rss, encoding="utf-8")
    arts, fails = split(list(read_articles([str(path)])))
    assert len(arts) == 1 and arts[0].date == date(2025, 9, 9) and arts[0].source == "World Wire"
    assert len(fails) == 1 and "no date" in fails[0].reason


def test_reuters_sgml_fields():
    path = eval_data("reuters21578", "reut2-000.sgm.gz")
    items = list(read_articles([str(path)]))
    arts, fails = split(items)
    assert len(items) == 1000  # every story accounted for
    first = arts[0]
    assert first.date == date(1987, 2, 26) and first.title == "BAHIA COCOA REVIEW"
    assert first.dateline.startswith("SALVADOR") and first.external_id == "1"
    assert first.text.startswith("Showers continued") and "\n" not in first.text.split("\n\n")[0]
    assert all(f.reason for f in fails)


def test_globs_stdin_and_missing(tmp_path):
    (tmp_path / "x.txt").write_text(" date 2021-01-01 Workers went on strike.", encoding="utf-8")
    arts, fails = split(list(read_articles([str(tmp_path / "*.txt"), str(tmp_path / "missing.txt")])))
    assert len(arts) == 1 and len(fails) == 1 and "no such file" in fails[0].reason
    code = (
        "import sys; from newsgraph.ingest import read_articles; "
        "print([a.date.isoformat() for a in read_articles(['-'])])"
    )
    done = subprocess.run([sys.executable, "-c", code], input=b" date 2022-02-02 Text from stdin.", capture_output=True, check=True)
    assert "2022-02-02" in done.stdout.decode()


def test_format_detection():
    assert detect_format("a.sgm", "<!DOCTYPE lewis>") == "reuters"
    assert detect_format("a.txt", " date 2020-01-01 x") == "corpus"
    assert detect_format("a.json", '{"text": "x"}') == "jsonl"
    assert detect_format("a", "<html><body>x</body></html>") == "html"
    assert detect_format("a.xml", '<?xml version="1.0"?><rss>') == "feed"
    assert detect_format("notes.txt", "Plain words.") == "text"
    assert Path(EXAMPLES).exists()
