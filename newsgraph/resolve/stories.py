"""Story clusters: the articles that follow one story (first report, updates, follow-ups).

Text similarity alone groups unrelated stories written from one template (earnings tables,
weather reports), so an article joins a story only through an earlier article that (1) shares
at least one entity with it (a resolved actor or a place), (2) was published inside the time
window, and (3) is similar enough on the combined entity + content-word score. Otherwise it
starts a new story. The rules are data: ``resources/merge/stories.yaml``.

Incremental: the store answers "articles in this window sharing one of these entities" from an
entity index, so the cost per article is bounded by ``max_candidates``, not the store's size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from datasketch import MinHash

from ..model import Extraction, content_id

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class StoryRules:
    window_days: int
    min_shared_entities: int
    num_perm: int
    lead_chars: int
    min_word_similarity: float
    weights: dict[str, float]
    threshold: float
    max_candidates: int
    stopwords: frozenset[str]
    version: int


@lru_cache(maxsize=1)
def story_rules() -> StoryRules:
    """The rules from ``resources/merge/stories.yaml`` (read once)."""
    raw = yaml.safe_load(resources.files("newsgraph.resources.merge").joinpath("stories.yaml").read_text("utf-8"))
    raw["stopwords"] = frozenset(raw["stopwords"])
    r = StoryRules(**{k: raw[k] for k in StoryRules.__dataclass_fields__})
    if set(r.weights) != {"entities", "words"} or not 0 < r.threshold <= sum(r.weights.values()):
        raise ValueError("stories.yaml: weights must be entities + words and the threshold reachable")
    return r


@dataclass
class StoryFeatures:
    """What the store keeps per article to cluster later articles with it."""

    article_id: str
    published: date | None
    entities: frozenset[str]
    words: bytes  # MinHash of the content words
    story_id: str = ""

    def word_values(self) -> np.ndarray:
        return np.frombuffer(self.words, dtype="<u8")


def entities_of(x: Extraction) -> frozenset[str]:
    """Resolved actors and places the article names (roles like "government" count as actors)."""
    out = {f"actor:{am.actor.id}" for am in x.actors if am.actor is not None}
    for pm in x.places:
        if pm.place is not None:
            out.add(f"place:{pm.place.id}")
    return frozenset(out)


def words_signature(text: str, rules: StoryRules | None = None) -> bytes:
    r = rules or story_rules()
    words = {w for w in WORD.findall(text.lower()) if w not in r.stopwords}
    mh = MinHash(num_perm=r.num_perm)
    mh.update_batch([w.encode("utf-8") for w in words])
    return mh.hashvalues.astype("<u8").tobytes() if words else b""


def features(x: Extraction, rules: StoryRules | None = None) -> StoryFeatures:
    r = rules or story_rules()
    lead = f"{x.article.title}\n{x.article.text[: r.lead_chars]}"
    return StoryFeatures(x.article.id, x.article.date, entities_of(x), words_signature(lead, r))


def score(a: StoryFeatures, b: StoryFeatures, rules: StoryRules | None = None) -> float:
    """Combined entity + word similarity, 0.0 when a hard rule fails."""
    r = rules or story_rules()
    shared = a.entities & b.entities
    if len(shared) < r.min_shared_entities or not a.words or not b.words:
        return 0.0
    if a.published and b.published and abs((a.published - b.published).days) > r.window_days:
        return 0.0
    words = float(np.mean(a.word_values() == b.word_values()))
    if words < r.min_word_similarity:
        return 0.0
    ents = len(shared) / len(a.entities | b.entities)
    return r.weights["entities"] * ents + r.weights["words"] * words


#: ``lookup(entities, since, until, limit) -> stored features`` (answered by the store's index)
Lookup = Callable[[Sequence[str], date | None, date | None, int], Iterable[StoryFeatures]]


def _batch_pool(feats: Sequence[StoryFeatures], lookup: Lookup, window: timedelta, per_article: int) -> list[StoryFeatures]:
    """Stored candidates for a whole batch: every entity, the union of the windows."""
    entities = sorted(set().union(*(f.entities for f in feats))) if feats else []
    days = [f.published for f in feats if f.published]
    if not entities:
        return []
    since = min(days) - window if days else None
    until = max(days) + window if days else None
    return list(lookup(entities, since, until, per_article * len(feats)))


def assign_stories(extractions: Sequence[Extraction], lookup: Lookup) -> list[StoryFeatures]:
    """Give each article of the batch a story id (sets ``Article.story_id``); returns the
    features for the store. Copies (``duplicate_of``) are left to the store: they take the
    story of their original."""
    r = story_rules()
    feats = [features(x, r) for x in extractions]
    window = timedelta(days=r.window_days)
    by_entity: dict[str, list[StoryFeatures]] = {}  # stored, then earlier in the batch
    for c in _batch_pool(feats, lookup, window, r.max_candidates):  # one store query per batch
        for e in c.entities:
            by_entity.setdefault(e, []).append(c)
    for x, f in zip(extractions, feats, strict=True):
        since = f.published - window if f.published else None
        until = f.published + window if f.published else None
        near = {id(c): c for e in f.entities for c in by_entity.get(e, ())}.values()
        pool = [c for c in near if since is None or c.published is None or since <= c.published <= until]
        best = max(((score(f, c, r), c.story_id) for c in pool if c.story_id), default=(0.0, ""))
        f.story_id = best[1] if best[0] >= r.threshold else content_id(x.article.id, prefix="s")
        x.article.story_id = f.story_id
        for e in f.entities:
            by_entity.setdefault(e, []).append(f)
    return feats
