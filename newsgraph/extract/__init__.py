"""Extract: from one annotated doc, everything newsgraph records about the article.

Public entry point: :func:`extract`. Order matters and is fixed here: places first (events
take their place from them, so the geoparser runs here rather than after extraction), then events, then quotes and claims (a denied claim turns the
event it holds into a negated one).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Extraction, Span
from ..resolve.places import geoparse
from ..settings import DEFAULT_ARGUMENTS, DEFAULT_TYPES
from .events import extract_events
from .quotes import link_claims, quotes_and_claims


def extract(article: Article, doc: Doc, arguments: str = DEFAULT_ARGUMENTS, types: str = DEFAULT_TYPES) -> Extraction:
    """All records of one article, with spans into ``article.text``; ``arguments`` is the
    events' who/whom convention (``Settings.arguments``), ``types`` their type convention
    (``Settings.types``)."""
    places = geoparse(doc)
    doc._.place_mentions = places
    events = extract_events(doc, article.id, arguments, types)
    quotes, claims = quotes_and_claims(doc, article.id)
    link_claims(claims, events)
    for claim in claims:
        claim.date = claim.date or article.date
    return Extraction(
        article=article,
        events=events,
        quotes=quotes,
        claims=claims,
        actors=list(doc._.actor_mentions or []),
        places=places,
        times=list(doc._.timexes or []),
        sentences=[Span.of(s) for s in doc.sents],
    )
