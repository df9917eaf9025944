"""Quality gate (issue 7): the duplicate detector and the event merge on the labelled
Reuters-21578 pairs in tests/data/merge_pairs.tsv (ids only; the text is read from
../shared/eval-data at run time). Floors sit slightly under the figures in bench/results/merge.md."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsgraph.extract import extract
from newsgraph.ingest import reuters
from newsgraph.merges import mention_ref, read_labels, score_duplicates, score_event_merges
from newsgraph.model import Article
from newsgraph.nlp.pipeline import annotate

from .conftest import eval_data

LABELS = Path(__file__).parent / "data" / "merge_pairs.tsv"
MAX_CODED = 40  # event gate: the labelled pairs, in file order, whose articles fit in this many
pytestmark = pytest.mark.quality


def event_subset() -> list[tuple[str, str, bool, str]]:
    """A fixed subset of the event pairs that needs at most MAX_CODED articles coded (fast)."""
    chosen, needed = [], set()
    for pair in read_labels(LABELS, "event"):
        ids = {ref.split("@")[0] for ref in pair[:2]}
        if len(needed | ids) <= MAX_CODED:
            chosen.append(pair)
            needed |= ids
    return chosen


@pytest.fixture(scope="module")
def labelled_articles() -> dict[str, Article]:
    """The Reuters stories the labels name, by NEWID."""
    pairs = read_labels(LABELS, "article") + event_subset()
    wanted = {ref.split("@")[0] for left, right, *_ in pairs for ref in (left, right)}
    files = {f"reut2-{(int(n) - 1) // 1000:03d}.sgm.gz" for n in wanted}  # 1,000 stories a file, in NEWID order
    out: dict[str, Article] = {}
    for path in sorted(p for p in eval_data("reuters21578").glob("reut2-*.sgm.gz") if p.name in files):
        text = gzip.open(path, "rt", encoding="latin-1").read()
        for item in reuters.read(path.name.removesuffix(".gz"), text):
            if isinstance(item, Article) and item.external_id in wanted:
                out[item.external_id] = item
    return out


def test_labels_are_ids_and_balanced():
    for kind, minimum in (("article", 100), ("event", 100)):
        rows = read_labels(LABELS, kind)
        positives = sum(gold for _, _, gold, _ in rows)
        assert len(rows) >= minimum and 0.2 < positives / len(rows) < 0.8
        assert all(len(reason) < 120 for *_, reason in rows)  # a reason, never article text


def test_duplicate_detector_floor(labelled_articles):
    s = score_duplicates(read_labels(LABELS, "article"), labelled_articles)
    p, r, _ = s.prf
    assert s.missing == 0
    # measured 0.965 / 1.000 in-sample (dedup v4, 298 pairs); 5-fold CV 0.951 / 0.993 (bench/results/merge.md)
    assert p >= 0.94 and r >= 0.97, (p, r, s.errors)


def test_event_merge_floor(labelled_articles, nlp):
    labels = event_subset()
    needed = sorted({ref.split("@")[0] for left, right, *_ in labels for ref in (left, right)})
    arts = [labelled_articles[n] for n in needed]
    mentions = {}
    for article, doc in annotate(arts, nlp):
        for m in extract(article, doc).events:
            mentions[mention_ref(m, article.external_id)] = (m, article.date)
    s = score_event_merges(labels, mentions, labelled_articles)
    p, r, _ = s.prf
    assert s.missing <= 0.2 * len(labels), "the extractor changed: relabel or re-sample the event pairs"
    # measured 0.889 / 0.485 on this subset with the work-tree extractor (the cached bench extractions differ);
    # it was 0.94 / 0.48 before the extractor's classifier update, which adds a second mention of the one dev
    # false positive (1441 / 1899: a conditional "attacking" coded as an attack): an extraction error, not a rule
    assert p >= 0.87 and r >= 0.45, (p, r, s.errors)
