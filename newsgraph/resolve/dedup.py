"""Article-level duplicate detection: exact copies and near-duplicates (syndication).

A wire story re-published by another outlet, or re-issued with a new first line, is the same
report: it must be linked to its original (``Article.duplicate_of`` + ``similarity``) rather
than coded again and counted as an independent source.

Two tests, both persisted in the store so a new batch is checked incrementally:

- exact: sha256 of the normalised text (lower case, no punctuation, collapsed spaces; with the
  title for a text under ``min_shingles``);
- near: MinHash (``datasketch``) over word n-gram shingles, with LSH band keys kept in an
  indexed table. A new article looks up only the articles sharing a band key with it, then
  keeps the candidate that passes the near-duplicate test; the cost per article does not grow
  with the size of the store. The test: published within ``max_days_apart`` days, the shorter
  text's figures repeated (``min_number_overlap``), and either the estimated Jaccard similarity
  reaches ``near_duplicate`` or the shorter text is contained in the longer one
  (``near_containment``: an extended or cut version of a story is the same report, which
  Jaccard alone misses when one version is twice as long). A text too short for shingles to
  mean much (under ``min_shingles``: one-line notices, flashes) is shingled with its title (the
  title is what tells two notices of one template apart) and needs ``short_near_duplicate``,
  compared word by word (one changed word breaks four shingles of a one-line flash).

Beside the similarity (v4): a market snapshot re-sent at another hour or day differs only in the
header's stamps ("12:00" / "12:30"), which must agree; a template re-used for another company
changes its subject, so the first name of one text must occur in the other; a title marked as a
correction ("CORRECTED -") lets changed words and figures through.

The rules (shingle size, permutations, bands, threshold) are data:
``resources/merge/dedup.yaml``.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from datasketch import MinHash

from ..model import Article

NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
NUMBER = re.compile(r"\d+(?:[.,/-]\d+)*")


@dataclass(frozen=True)
class DedupRules:
    shingle_words: int
    num_perm: int
    bands: int
    rows: int
    near_duplicate: float
    near_containment: float
    short_near_duplicate: float
    min_shingles: int
    max_days_apart: int
    min_number_overlap: float
    version: int
    check_stamps: bool = True  # a market snapshot's header stamps (time, session, day) must agree
    check_lead_name: bool = True  # the first name of one text must appear in the other
    marker_similarity: float = 1.0  # a marked correction/repeat needs max(J, containment) >= this
    short_by_words: bool = True  # short texts: word-by-word ratio (v4) rather than MinHash Jaccard (v3)
    stamp_words: frozenset[str] = frozenset()
    lead_stopwords: frozenset[str] = frozenset()
    markers: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def dedup_rules() -> DedupRules:
    """The rules from ``resources/merge/dedup.yaml`` (read once)."""
    raw = yaml.safe_load(resources.files("newsgraph.resources.merge").joinpath("dedup.yaml").read_text("utf-8"))
    words = {k: frozenset(str(w).lower() for w in raw[k]) for k in ("stamp_words", "lead_stopwords", "markers")}
    r = DedupRules(**{k: raw[k] for k in DedupRules.__dataclass_fields__ if k not in words}, **words)
    if r.bands * r.rows != r.num_perm:
        raise ValueError("dedup.yaml: bands * rows must equal num_perm")
    for name in ("near_duplicate", "near_containment", "short_near_duplicate", "marker_similarity"):
        if not 0.0 < getattr(r, name) <= 1.0:
            raise ValueError(f"dedup.yaml: {name} must be in (0, 1]")
    return r


def normalise(text: str) -> str:
    """What survives re-publication: words, in order, lower-cased."""
    return " ".join(NON_WORD.sub(" ", text.lower()).split())


def shingles(text: str, n: int) -> set[str]:
    words = normalise(text).split()
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


@dataclass
class Fingerprint:
    """What the store keeps per article to find its copies later."""

    article_id: str
    exact: str  # sha256 of the normalised text
    minhash: bytes  # MinHash hash values (uint64 little-endian), b"" when there is no text
    band_keys: list[int]  # LSH band keys (signed 64-bit, for an indexed BIGINT column)
    numbers: frozenset[str] = frozenset()  # the figures the text gives (amounts, dates, rates)
    size: int = 0  # shingles in the MinHash set (to estimate containment)
    short: bool = False  # under min_shingles: shingled with the title, stricter test
    words: tuple[str, ...] = ()  # a short text's title + text words (compared word by word)
    stamps: frozenset[str] = frozenset()  # times, sessions and days in the header (title + first line)
    lead: str = ""  # the first name of the text (of the title for a short one), lower case
    vocabulary: frozenset[str] = frozenset()  # every word of title + text, lower case
    marker: bool = False  # the title marks a correction or repeat ("CORRECTED -", "(RPT)")

    def values(self) -> np.ndarray:
        return np.frombuffer(self.minhash, dtype="<u8")


def _grams(title: str, text: str, rules: DedupRules) -> tuple[set[str], bool]:
    """The shingle set, and whether the text was too short to stand alone (title added)."""
    grams = shingles(text, rules.shingle_words)
    if len(grams) >= rules.min_shingles:
        return grams, False
    return shingles(f"{title} {text}", rules.shingle_words), True


@lru_cache(maxsize=4)
def _stamp_pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def stamp_patterns() -> tuple[str, ...]:
    """The regular expressions of header stamps (times, days), from ``dedup.yaml``."""
    raw = yaml.safe_load(resources.files("newsgraph.resources.merge").joinpath("dedup.yaml").read_text("utf-8"))
    return tuple(raw["stamp_patterns"])


NAME = re.compile(r"[^\W\d_][\w'&.-]*")


def header_stamps(title: str, text: str, rules: DedupRules, words: int = 8) -> frozenset[str]:
    """Times, sessions and days in the header (title + the first words of the first line): a
    market snapshot re-sent at another hour or for another day differs there and nowhere else."""
    head = " ".join(f"{title} {text.split(chr(10), 1)[0]}".split()[: words + len(title.split())])
    found = {_stamp(m.group(0)) for m in _stamp_pattern(stamp_patterns()).finditer(head)}
    found |= {w for w in normalise(head).split() if w in rules.stamp_words}
    return frozenset(found)


def _stamp(s: str) -> str:
    """One spelling per stamp: "APRIL 8" and "Apr. 8" -> "apr8"; "12:00" stays."""
    s = "".join(s.lower().split()).replace(".", "")
    return s if s[0].isdigit() else s[:3] + "".join(c for c in s if c.isdigit())


def lead_name(source: str, rules: DedupRules) -> str:
    """The first capitalised word that is not a function word, weekday or month: in a company
    notice or a wire story, the subject (a template re-used for another company changes it)."""
    for token in NAME.findall(source[:400]):
        word = normalise(token).split()
        if token[0].isupper() and word and word[0] not in rules.lead_stopwords:
            return word[0]
    return ""


def _features(title: str, text: str, rules: DedupRules) -> dict[str, object]:
    """The text-level signals beside the MinHash (recounted cheaply for stored articles)."""
    norm = normalise(text)
    grams, short = _grams(title, norm, rules)
    return {
        "numbers": frozenset(NUMBER.findall(text)), "size": len(grams), "short": short,
        "words": tuple(normalise(f"{title} {text}").split()) if short else (),
        "stamps": header_stamps(title, text, rules),
        "lead": lead_name(f"{title} {text}" if short else text, rules),
        "vocabulary": frozenset(normalise(f"{title} {text}").split()),
        "marker": bool(set(normalise(title).split()) & rules.markers),
    }


def fingerprint(article: Article, rules: DedupRules | None = None) -> Fingerprint:
    """Exact hash, MinHash and LSH band keys of the article's text."""
    rules = rules or dedup_rules()
    norm = normalise(article.text)
    grams, short = _grams(article.title, norm, rules)
    # a short notice is the same as another only under the same title (the text is a template)
    exact = hashlib.sha256((normalise(f"{article.title} {norm}") if short else norm).encode("utf-8")).hexdigest()
    feats = _features(article.title, article.text, rules)
    if not grams:
        return Fingerprint(article.id, exact, b"", [], **feats)  # type: ignore[arg-type]
    mh = MinHash(num_perm=rules.num_perm)
    mh.update_batch([g.encode("utf-8") for g in grams])
    values = mh.hashvalues.astype("<u8")
    keys = []
    for b in range(rules.bands):
        band = values[b * rules.rows : (b + 1) * rules.rows].tobytes()
        digest = hashlib.blake2b(struct.pack("<I", b) + band, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return Fingerprint(article.id, exact, values.tobytes(), keys, **feats)  # type: ignore[arg-type]


def stored_fingerprint(article_id: str, exact: str, minhash: bytes, band_keys: list[int], title: str, text: str,
                       rules: DedupRules | None = None) -> Fingerprint:
    """A stored article's fingerprint, from its stored MinHash and band keys; the figures, the
    shingle count and the header/lead signals are cheap to recount from the text (no MinHash)."""
    rules = rules or dedup_rules()
    return Fingerprint(article_id, exact, minhash, band_keys, **_features(title, text, rules))  # type: ignore[arg-type]


def number_overlap(a: Fingerprint, b: Fingerprint) -> float:
    """Share of the shorter text's figures found in the other (1.0 when one gives none): a copy
    keeps the facts, a template re-used for another company or day changes them."""
    small = min(len(a.numbers), len(b.numbers))
    return len(a.numbers & b.numbers) / small if small else 1.0


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets (1.0 for exact copies)."""
    if a.exact == b.exact:
        return 1.0
    if not a.minhash or not b.minhash:
        return 0.0
    return float(np.mean(a.values() == b.values()))


def containment(a: Fingerprint, b: Fingerprint, jaccard: float | None = None) -> float:
    """Estimated share of the smaller shingle set found in the larger (from the Jaccard
    estimate and the set sizes: |A & B| = J (|A| + |B|) / (1 + J))."""
    j = similarity(a, b) if jaccard is None else jaccard
    small = min(a.size, b.size)
    if j >= 1.0:
        return 1.0
    if not small:
        return 0.0
    return min(1.0, j * (a.size + b.size) / (1 + j) / small)


@dataclass(frozen=True)
class PairFeatures:
    """What the near-duplicate test looks at for one (new, stored) pair."""

    candidate: bool  # the lookup finds it: same exact hash or a shared LSH band
    days_apart: int | None
    similarity: float  # estimated Jaccard
    containment: float
    figures: float  # number_overlap
    short: bool  # either text under min_shingles
    word_ratio: float | None = None  # both short: word-by-word similarity of title + text (difflib)
    stamps_differ: bool = False  # both headers carry stamps (12:00 / 12:30, APRIL 7 / 8), not the same
    lead_differs: bool = False  # neither text's first name occurs in the other (Phillips / Citgo)
    marker: bool = False  # one title marks a correction or repeat


def pair_features(new: Fingerprint, old: Fingerprint, days_apart: int | None) -> PairFeatures:
    sim = similarity(new, old)
    found = new.exact == old.exact or not set(new.band_keys).isdisjoint(old.band_keys)
    ratio = SequenceMatcher(None, new.words, old.words, autojunk=False).ratio() if new.words and old.words else None
    lead_differs = bool(new.lead and old.lead and new.lead not in old.vocabulary and old.lead not in new.vocabulary)
    return PairFeatures(found, days_apart, sim, containment(new, old, sim), number_overlap(new, old),
                        new.short or old.short, ratio, bool(new.stamps and old.stamps and new.stamps != old.stamps),
                        lead_differs, new.marker or old.marker)


def passes(f: PairFeatures, rules: DedupRules | None = None) -> bool:
    """The near-duplicate test on a pair's features (one function for ingest and evaluation)."""
    rules = rules or dedup_rules()
    if not f.candidate or (f.days_apart is not None and f.days_apart > rules.max_days_apart):
        return False
    if f.similarity >= 1.0:
        return True
    if (rules.check_stamps and f.stamps_differ) or (rules.check_lead_name and f.lead_differs):
        return False
    if f.marker and max(f.similarity, f.containment) >= rules.marker_similarity:
        return True  # a correction changes words and figures on purpose
    if f.figures < rules.min_number_overlap:
        return False
    if f.short:
        by_words = rules.short_by_words and f.word_ratio is not None
        return (f.word_ratio if by_words else f.similarity) >= rules.short_near_duplicate  # type: ignore[operator]
    return f.similarity >= rules.near_duplicate or f.containment >= rules.near_containment


@dataclass
class Candidate:
    """A stored article that shares the exact hash or an LSH band with a new one."""

    fingerprint: Fingerprint
    duplicate_of: str = ""  # the stored article's own original, if it is a copy
    published: date | None = None


#: ``lookup(exact_hashes, band_keys) -> candidates`` (the store answers it from its index)
Lookup = Callable[[Sequence[str], Sequence[int]], Iterable[Candidate]]


@dataclass
class Match:
    article_id: str
    duplicate_of: str
    similarity: float
    exact: bool


def best_match(fp: Fingerprint, candidates: Iterable[Candidate], rules: DedupRules | None = None,
               published: date | None = None) -> Match | None:
    """The candidate this article is a copy of, if any: highest similarity, then the root
    original (a copy of a copy links to the first article). Copies appear within days: the
    same text weeks apart is a recurring template (a weekly statement), not a copy."""
    rules = rules or dedup_rules()
    best: tuple[float, Candidate] | None = None
    for c in candidates:
        if c.fingerprint.article_id == fp.article_id:
            continue
        days = abs((published - c.published).days) if published and isinstance(c.published, date) else None
        f = pair_features(fp, c.fingerprint, days)
        if passes(f, rules) and (best is None or f.similarity > best[0]):
            best = (f.similarity, c)
    if best is None:
        return None
    sim, c = best
    return Match(fp.article_id, c.duplicate_of or c.fingerprint.article_id, sim, c.fingerprint.exact == fp.exact)


def find_duplicates(articles: Sequence[Article], lookup: Lookup) -> tuple[dict[str, Match], list[Fingerprint]]:
    """Check a batch against the store (through ``lookup``) and against itself, in order.

    Sets ``duplicate_of`` and ``similarity`` on the copies; returns the matches by article id
    and the fingerprints of every article (for the store to keep).
    """
    rules = dedup_rules()
    fps = [fingerprint(a, rules) for a in articles]
    stored = list(lookup([f.exact for f in fps], sorted({k for f in fps for k in f.band_keys})))
    by_key: dict[object, list[Candidate]] = {}
    for c in stored:
        for k in [c.fingerprint.exact, *c.fingerprint.band_keys]:
            by_key.setdefault(k, []).append(c)
    matches: dict[str, Match] = {}
    for art, fp in zip(articles, fps, strict=True):
        pool = {id(c): c for k in [fp.exact, *fp.band_keys] for c in by_key.get(k, [])}
        m = best_match(fp, pool.values(), rules, art.date)
        if m is not None:
            matches[art.id] = m
            art.duplicate_of, art.similarity = m.duplicate_of, round(m.similarity, 4)
        # later articles of the batch are checked against this one too
        mine = Candidate(fp, art.duplicate_of, art.date)
        for k in [fp.exact, *fp.band_keys]:
            by_key.setdefault(k, []).append(mine)
    return matches, fps


class Alignment:
    """Maps character offsets of an original into its copy (matching blocks of ``difflib``),
    so the original's mentions can be carried over to the copy with correct spans."""

    def __init__(self, original: str, copy: str) -> None:
        sm = SequenceMatcher(None, original, copy, autojunk=False)
        self.blocks = [b for b in sm.get_matching_blocks() if b.size]

    def point(self, offset: int) -> int | None:
        """Where the character at ``offset`` is in the copy (None when it was edited away)."""
        for a, b, size in self.blocks:
            if a <= offset < a + size:
                return b + offset - a
        return None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """A half-open span, when it survived unchanged (its text is the same in the copy)."""
        if end <= start:
            return None
        for a, b, size in self.blocks:
            if a <= start and end <= a + size:
                return b + start - a, b + end - a
        return None

    def loose(self, offset: int, forward: bool) -> int | None:
        """A boundary (sentence start/end): the nearest surviving character."""
        best = self.point(offset)
        if best is not None:
            return best
        if forward:
            nxt = [b for a, b, _ in self.blocks if a > offset]
            return min(nxt) if nxt else None
        prev = [b + size for a, b, size in self.blocks if a + size <= offset]
        return max(prev) if prev else None


def is_copy(article: Article, original: Article, rules: DedupRules | None = None) -> Match | None:
    """Would ``article`` be linked to ``original`` (the same test as at ingest)? The same
    title and text give the same id: at ingest that is a known article, an exact copy."""
    if article.id == original.id:
        return Match(article.id, original.id, 1.0, True)
    rules = rules or dedup_rules()
    candidate = Candidate(fingerprint(original, rules), "", original.date)
    return best_match(fingerprint(article, rules), [candidate], rules, article.date)
