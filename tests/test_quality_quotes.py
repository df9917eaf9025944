"""Quality gate for quotes and claims: PolNeAR dev floors on a fixed subset, and the sample
article's speakers and denial through the real pipeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsgraph.evaluate.quotes import evaluate_quotes
from newsgraph.extract.quotes import extract_claims, extract_quotes, link_claims
from newsgraph.ingest import corpus
from newsgraph.model import EventMention, QuoteMention, Span
from newsgraph.nlp.pipeline import make_doc
from newsgraph.settings import Settings

from .conftest import EXAMPLES, eval_data

pytestmark = pytest.mark.quality

#: the first 20 PolNeAR dev texts (sorted names; 20 annotation files). Floors sit slightly
#: under the figures reached on that subset (see bench/results/quotes.md).
SUBSET = 20
FLOORS = {
    "content_overlap_f1": 0.82,  # reached 0.828 (sixteenth pass: clash thresholds; 0.830 before)
    "source_overlap_f1": 0.79,  # 0.804 (0.802)
    "cue_overlap_f1": 0.79,  # 0.794 (0.793)
    "content_exact_f1": 0.525,  # 0.5313 (0.5303 with the two-pass scorer alone, 0.532 before it)
}


def test_polnear_dev_floors(nlp) -> None:
    report = evaluate_quotes(eval_data("polnear", "dev"), Settings(), limit=SUBSET, nlp=nlp)
    for metric, floor in FLOORS.items():
        assert report.metrics[metric] >= floor, f"{metric} {report.metrics[metric]:.4f} < {floor}"


@pytest.fixture(scope="module")
def sample(nlp):
    path = EXAMPLES / "000_fb67c7f9910f5168.txt"
    article = corpus.read(path.name, Path(path).read_text("utf-8"))[0]
    doc = nlp(make_doc(nlp, article.text, article.date, article.id))
    quotes = extract_quotes(doc, article.id)
    return article, doc, quotes


def _quote(quotes: list[QuoteMention], needle: str) -> QuoteMention:
    hits = [q for q in quotes if needle in q.content.text]
    assert hits, f"no quote containing {needle!r}"
    return hits[0]


def _who(q: QuoteMention) -> str:
    return q.speaker_antecedent.text if q.speaker_antecedent else ""


def test_sample_speakers(sample) -> None:
    _, _, quotes = sample
    first = _quote(quotes, "Following the signing of the memorandum")
    assert first.kind == "direct"
    assert "Defense Ministry source" in first.speaker_description
    assert len(first.content_parts) == 2  # the next quotation continues the same speaker
    assert "Aktürk" in _who(_quote(quotes, "proves that Tel Aviv has made terrorism"))
    stands = _quote(quotes, "Türkiye stands")
    assert stands.speaker is not None and stands.speaker.text == "he"
    assert "Aktürk" in _who(stands)
    assert _who(_quote(quotes, "The targeting of the Hamas negotiating team")) == "The Turkish Foreign Ministry"
    strike = _quote(quotes, "precise strike targeting the senior leadership")
    assert strike.speaker is not None and strike.speaker.text == "Israel's military"


def test_sample_denial_is_a_denied_claim_linked_to_a_negated_event(sample) -> None:
    article, doc, quotes = sample
    claims = extract_claims(doc, article.id, quotes)
    denied = [c for c in claims if c.stance == "denies"]
    assert len(denied) == 1
    claim = denied[0]
    assert claim.proposition.text.startswith("Israel carrying out attacks against Turkish equipment")
    assert claim.claimant is not None and "ministry sources" in claim.claimant.text.lower()
    assert claim.date == date(2025, 9, 11)
    trigger = article.text.index("attacks against Turkish")
    event = EventMention(
        article.id, 0, Span(0, 1, ""), Span(trigger, trigger + 7, "attacks"), "ASSAULT"
    )
    assert link_claims(claims, [event]) == [event.id]
    assert event.modality == "negated" and claim.event_mention_id == event.id
