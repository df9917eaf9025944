"""Quotes, attribution and claims from an annotated spaCy ``Doc``.

Rule-based on the dependency parse, so every piece keeps its character span:

* a **cue** is a verb from ``resources/quotes/cues.yaml``, any other verb with a subject and a
  "that"/"whether" clause, "according to", or the colon of "Name: ..." at a paragraph start;
  cues inside quotations and first-person cues (the writer) are not attributions;
* its **source** is the verb's subject (or passive agent, or the subject of the verb it
  hangs from); raising and passive cues ("X is expected to ...") have none;
* its **content** is the clause it governs (or its object, for verbs that take one),
  or the quotation it introduces or follows; quotations a cue splits become one
  content of several parts, and a quotation that continues the previous speaker's
  quotation in the same paragraph joins it;
* pronoun and description speakers ("he", "the ministry", "the sources") are resolved to
  an earlier mention, and to an ``Actor`` when ``doc._.actor_mentions`` covers it;
* the rules are generous on purpose (every lexicon and mined cue, any verb with a subject
  and a clause, prepositional and "rest of sentence" contents, noun and "see X as Y" cues):
  a linear scorer trained on PolNeAR train (``resources/quotes/attribution_model.json``,
  ``scripts/train_attribution.py``) keeps the likely ones, and no kept attribution sits inside
  another's content (PolNeAR does not annotate nested ones);
* each quote gives a claim (stance from ``resources/quotes/stance.yaml``), and a judged
  report ("reports of X were false") gives a claim about X itself, so an event inside X
  can be linked and stored as denied (:func:`link_claims`).

Called by the extract stage (:func:`newsgraph.extract.extract`) on the annotated doc.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import ActorMention, ClaimMention, EventMention, QuoteMention, Span
from ..nlp.pipeline import DASHES, dateline_end, doc_text, sentence_of

EXTRACTOR = "newsgraph.quotes/2"
STANCES = ("asserts", "denies", "confirms", "questions")
CUE_CLASSES = ("clause", "object", "belief", "quote_only", "recipient")

_EDGE_PUNCT = " \t\n,;:.—–-"
_OPEN_QUOTES = "“\"«'"  # ' for the double apostrophes ('') some papers quote with
_CLOSE_QUOTES = "”\"»'"
_QUOTE_RE = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|«[^«»\n]*»|''(?:[^'\n]|'(?!'))*''")
#: an opening mark (followed by a word) that no mark of its kind closes on its line
_UNCLOSED_RE = re.compile(r"(?:(?<=^)|(?<=[\s(:—–-]))(“|\"|'')(?=[^\s'])(?!.*(?:”|\1))", re.M)
_MIN_UNCLOSED = 20  # characters: a quotation that goes on in the next paragraph is speech


# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Lexicon:
    """The cue, stance and speaker lexicons, validated once and cached."""

    classes: dict[str, frozenset[str]]
    particle_cues: dict[str, str]
    source_phrases: tuple[str, ...]
    not_clause_cues: frozenset[str]
    raising: frozenset[str]
    nouns: frozenset[str]
    view_nouns: frozenset[str]
    adjectives: frozenset[str]
    clause_markers: frozenset[str]
    #: prepositions whose object may be what a cue verb or noun is about (candidates only)
    content_prepositions: frozenset[str]
    cue_stance: dict[str, str]
    report_nouns: frozenset[str]
    judgement: dict[str, str]
    question_openers: frozenset[str]
    question_cues: frozenset[str]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    unnamed_source_nouns: frozenset[str]
    person_nouns: frozenset[str]
    generic_nouns: frozenset[str]
    author_pronouns: frozenset[str]
    cues: frozenset[str] = field(default=frozenset())
    quote_only: frozenset[str] = field(default=frozenset())
    #: the cue verbs of the hand lists (the rest were mined): a feature of the scorer
    hand_cues: frozenset[str] = field(default=frozenset())
    #: mined verbs: the share of their train occurrences that head a gold cue (a scorer
    #: feature: "blocked roads" is a verb that seldom reports anything)
    cue_precision: dict[str, float] = field(default_factory=dict)
    #: infinitives that say nothing by themselves ("declined to comment")
    empty_speech: frozenset[str] = field(default=frozenset())
    #: mined verbs under this precision take no bare object as content ("blocked roads")
    object_min_precision: float = 0.0
    #: "In a Gazette poll, ..." / "For most islanders, ...": preposition -> nouns allowed as its
    #: object (empty: any person-like noun)
    framing: dict[str, frozenset[str]] = field(default_factory=dict)
    #: "The idea is that ...": copula subjects that report a clause (candidates)
    copula_nouns: frozenset[str] = field(default=frozenset())
    #: "made the case that ...", "took aim at X": light verb -> object nouns (candidates)
    light_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    #: "X is a supporter of Y": predicate nouns of a stance toward Y (candidates)
    role_nouns: frozenset[str] = field(default=frozenset())
    #: "came out in support of X": nouns of "in <noun> of/to X" (candidates)
    stance_phrases: frozenset[str] = field(default=frozenset())
    #: mined verbs under this precision attach no loose quotation ("vote", "features")
    quote_cue_min_precision: float = 0.0
    #: "X reportedly told aides ...": adverbs that report hearsay (candidates)
    hearsay_adverbs: frozenset[str] = field(default=frozenset())
    #: "The plan drew criticism from X": verbs of receiving and reaction nouns (candidates)
    reaction_verbs: frozenset[str] = field(default=frozenset())
    reaction_nouns: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "cues", frozenset().union(*self.classes.values()))
        others = frozenset().union(*(v for k, v in self.classes.items() if k != "quote_only"))
        object.__setattr__(self, "quote_only", self.classes["quote_only"] - others)


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("newsgraph.resources.quotes").joinpath(name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "version" not in data:
        raise ValueError(f"resources/quotes/{name}: expected a mapping with a version")
    return data


def _words(values: Iterable[Any], where: str) -> frozenset[str]:
    out = set()
    for value in values:
        if not isinstance(value, str) or not value.strip() or value != value.strip().lower():
            raise ValueError(f"{where}: bad entry {value!r} (lower-case, non-empty strings)")
        if value in out:
            raise ValueError(f"{where}: {value!r} listed twice")
        out.add(value)
    return frozenset(out)


_MINED_HEADER = ("lemma", "pos", "gold", "total", "precision", "source_rel", "content_rel")


def _relations(cell: str, where: str) -> dict[str, int]:
    """"nsubj=55,prep:to:pobj=3" -> {"nsubj": 55, "prep:to:pobj": 3}."""
    out: dict[str, int] = {}
    for item in filter(None, cell.split(",")):
        rel, _, n = item.rpartition("=")
        if not rel or not n.isdigit():
            raise ValueError(f"{where}: bad relation {item!r}")
        out[rel] = int(n)
    return out


def _mined_cues(spec: dict[str, Any]) -> list[tuple[str, str, int, dict[str, int], float]]:
    """Rows ``(lemma, pos, gold, content relations, precision)`` of the mined cue file that
    pass the thresholds in ``cues.yaml: mined``."""
    text = resources.files("newsgraph.resources.quotes").joinpath(spec["file"]).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != _MINED_HEADER:
        raise ValueError(f"resources/quotes/{spec['file']}: expected header {_MINED_HEADER}")
    pos, min_gold, min_prec = set(spec["pos"]), int(spec["min_gold"]), float(spec["min_precision"])
    pos |= {"NOUN", "ADJ"} if spec.get("nouns_and_adjectives") else set()
    out = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        where = f"resources/quotes/{spec['file']}:{n}"
        if len(cells) != len(_MINED_HEADER):
            raise ValueError(f"{where}: expected {len(_MINED_HEADER)} columns")
        lemma, p, gold, total, prec = cells[0], cells[1], int(cells[2]), int(cells[3]), float(cells[4])
        if not lemma or lemma != lemma.strip().lower() or not 0 < gold <= total or not 0 <= prec <= 1:
            raise ValueError(f"{where}: bad row {line!r}")
        if p in pos and gold >= min_gold and prec >= min_prec:
            out.append((lemma, p, gold, _relations(cells[6], where), prec))
    return out


def _merge_mined(
    classes: dict[str, frozenset[str]], particles: dict[str, str], skip: frozenset[str], spec: dict[str, Any]
) -> None:
    """Add the mined verbs the hand lists lack (class from their usual content relation), and
    a particle to any verb whose content is mostly a prepositional object."""
    known = frozenset().union(*classes.values())
    added: dict[str, set[str]] = {"clause": set(), "object": set()}
    share = float(spec["min_particle_share"])
    for lemma, pos, gold, rels, _ in _mined_cues(spec):
        if pos != "VERB":
            continue
        preps = sorted(((n, r.split(":")[1]) for r, n in rels.items() if r.startswith("prep:")), reverse=True)
        if lemma not in particles and preps and preps[0][0] >= share * gold:
            top = max(rels.values())
            if lemma not in known or preps[0][0] == top:
                particles[lemma] = preps[0][1]
        best = max(rels, key=lambda r: (rels[r], r)) if rels else ""
        takes_object = best in ("dobj", "nsubjpass")
        if lemma in known:
            # a hand "clause" cue whose content is mostly its object ("accused X of ...")
            if takes_object and lemma in classes["clause"] and lemma not in classes["recipient"]:
                added["object"].add(lemma)
            continue
        if lemma not in skip:
            added["object" if takes_object else "clause"].add(lemma)
    for cls, lemmas in added.items():
        classes[cls] = classes[cls] | lemmas


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and validate ``resources/quotes/*.yaml`` (raises ``ValueError`` on a bad file)."""
    cues = _load_yaml("cues.yaml")
    stance = _load_yaml("stance.yaml")
    speakers = _load_yaml("speakers.yaml")
    classes = {c: _words(cues["classes"].get(c, []), f"cues.yaml:{c}") for c in CUE_CLASSES}
    unknown = set(cues["classes"]) - set(CUE_CLASSES)
    if unknown:
        raise ValueError(f"cues.yaml: unknown classes {sorted(unknown)}")
    cue_stance: dict[str, str] = {}
    for st, lemmas in stance["cue_stance"].items():
        if st not in STANCES:
            raise ValueError(f"stance.yaml: unknown stance {st!r}")
        for lemma in _words(lemmas, f"stance.yaml:cue_stance.{st}"):
            if lemma in cue_stance:
                raise ValueError(f"stance.yaml: {lemma!r} has two stances")
            cue_stance[lemma] = st
    judgement: dict[str, str] = {}
    for st, words in stance["judgement"].items():
        if st not in STANCES:
            raise ValueError(f"stance.yaml: unknown stance {st!r}")
        for word in _words(words, f"stance.yaml:judgement.{st}"):
            judgement[word] = st
    all_cues = frozenset().union(*classes.values())
    if set(cue_stance) - all_cues:
        raise ValueError(f"stance.yaml: stance verbs that are no cue: {sorted(set(cue_stance) - all_cues)}")
    pron = speakers["pronouns"]
    particles = {str(k): str(v) for k, v in (cues.get("particle_cues") or {}).items()}
    not_clause = _words(cues.get("not_clause_cues", []), "cues.yaml:not_clause_cues")
    hand = frozenset().union(*classes.values())
    nouns = _words(cues.get("nouns", []), "cues.yaml:nouns")
    adjectives = _words(cues.get("adjectives", []), "cues.yaml:adjectives")
    floor = float(cues.get("object_min_precision", 0.0))
    quote_floor = float(cues.get("quote_cue_min_precision", 0.0))
    if not (0.0 <= floor <= 1.0 and 0.0 <= quote_floor <= 1.0):
        raise ValueError("cues.yaml: object_min_precision and quote_cue_min_precision must lie in [0, 1]")
    precision: dict[str, float] = {}
    if cues.get("mined"):
        _merge_mined(classes, particles, not_clause, cues["mined"])
        mined = _mined_cues(cues["mined"])
        nouns |= {lemma for lemma, pos, *_ in mined if pos == "NOUN"}
        adjectives |= {lemma for lemma, pos, *_ in mined if pos == "ADJ"}
        precision = {lemma: prec for lemma, pos, *_, prec in mined if pos == "VERB"}
    return Lexicon(
        hand_cues=hand,
        classes=classes,
        particle_cues=particles,
        source_phrases=tuple(sorted(_words(cues.get("source_phrases", []), "cues.yaml"))),
        not_clause_cues=not_clause,
        raising=_words(cues.get("raising", []), "cues.yaml:raising"),
        nouns=nouns,
        view_nouns=_words(cues.get("view_nouns", []), "cues.yaml:view_nouns"),
        adjectives=adjectives,
        clause_markers=_words(cues.get("clause_markers", []), "cues.yaml:clause_markers"),
        content_prepositions=_words(cues.get("content_prepositions", []), "cues.yaml:content_prepositions"),
        cue_stance=cue_stance,
        report_nouns=_words(stance["report_nouns"], "stance.yaml:report_nouns"),
        judgement=judgement,
        question_openers=_words(stance.get("question_openers", []), "stance.yaml:question_openers"),
        question_cues=_words(stance.get("question_cues", []), "stance.yaml:question_cues"),
        singular_pronouns=_words(pron["singular"], "speakers.yaml"),
        plural_pronouns=_words(pron["plural"], "speakers.yaml"),
        neuter_pronouns=_words(pron["neuter"], "speakers.yaml"),
        unnamed_source_nouns=_words(speakers["unnamed_source_nouns"], "speakers.yaml"),
        person_nouns=_words(speakers["person_nouns"], "speakers.yaml"),
        generic_nouns=_words(speakers["generic_nouns"], "speakers.yaml"),
        author_pronouns=_words(speakers["author_pronouns"], "speakers.yaml"),
        cue_precision=precision,
        empty_speech=_words(cues.get("empty_speech", []), "cues.yaml:empty_speech"),
        object_min_precision=floor,
        framing={str(k): _words(v or [], f"cues.yaml:framing.{k}") for k, v in (cues.get("framing") or {}).items()},
        copula_nouns=_words(cues.get("copula_nouns", []), "cues.yaml:copula_nouns"),
        light_verbs={str(k): _words(v or [], f"cues.yaml:light_verbs.{k}") for k, v in (cues.get("light_verbs") or {}).items()},
        role_nouns=_words(cues.get("role_nouns", []), "cues.yaml:role_nouns"),
        stance_phrases=_words(cues.get("stance_phrases", []), "cues.yaml:stance_phrases"),
        quote_cue_min_precision=quote_floor,
        hearsay_adverbs=_words(cues.get("hearsay_adverbs", []), "cues.yaml:hearsay_adverbs"),
        reaction_verbs=_words((cues.get("reactions") or {}).get("verbs", []), "cues.yaml:reactions.verbs"),
        reaction_nouns=_words((cues.get("reactions") or {}).get("nouns", []), "cues.yaml:reactions.nouns"),
    )


# --------------------------------------------------------------------------- span helpers

Frag = tuple[int, int]  # half-open character range


def _quotations(text: str) -> list[Frag]:
    """Character ranges of quotations, marks included: “…”, "…", «…» and ''…''. A quotation
    left open runs to the end of its paragraph (it goes on in the next paragraph)."""
    out = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text) if m.end() - m.start() > 2]
    for m in _UNCLOSED_RE.finditer(text):
        end = text.find("\n", m.start())
        end = len(text) if end == -1 else end
        if end - m.start() >= _MIN_UNCLOSED and not any(qs <= m.start() < qe or m.start() < qs < end for qs, qe in out):
            out.append((m.start(), end))
    return sorted(out)


def _is_quote_mark(word: str) -> bool:
    """A token that is a quotation mark (one character, or the double apostrophe)."""
    return bool(word) and len(word) <= 2 and all(c in _OPEN_QUOTES + _CLOSE_QUOTES for c in word)


def _trim(text: str, start: int, end: int, quotes: Sequence[Frag], extra: str = "") -> Frag | None:
    """Strip spaces and edge punctuation (and ``extra``), keeping punctuation that sits
    inside a quotation."""
    edge = _EDGE_PUNCT + extra
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        if any(qs < end - 1 < qe - 1 for qs, qe in quotes):  # inside a quotation
            break
        end -= 1
    return (start, end) if end > start else None


def _token_frags(tokens: Iterable[Token]) -> list[Frag]:
    """Contiguous character ranges covered by ``tokens`` (gaps of whitespace are bridged)."""
    toks = sorted(set(tokens), key=lambda t: t.i)
    frags: list[Frag] = []
    prev = None
    for t in toks:
        if prev is not None and t.i == prev.i + 1:
            frags[-1] = (frags[-1][0], t.idx + len(t.text))
        else:
            frags.append((t.idx, t.idx + len(t.text)))
        prev = t
    return frags


def _clean(text: str, frags: Iterable[Frag], quotes: Sequence[Frag] = ()) -> list[Frag]:
    """Trim each fragment, widen it to every quotation it cuts into (a quotation is said
    whole), and merge fragments that only whitespace separates."""
    out: list[Frag] = []
    for s, e in sorted(frags):
        for qs, qe in quotes:
            if s < qe and qs < e:
                s, e = min(s, qs), max(e, qe)
        trimmed = _trim(text, s, e, quotes)
        if not trimmed:
            continue
        if out and (trimmed[0] < out[-1][1] or not text[out[-1][1] : trimmed[0]].strip()):
            out[-1] = (out[-1][0], max(out[-1][1], trimmed[1]))
        else:
            out.append(trimmed)
    return out


def _cut(frags: Iterable[Frag], holes: Sequence[Frag]) -> list[Frag]:
    """``frags`` without the characters of ``holes``."""
    out = list(frags)
    for hs, he in holes:
        out = [piece for s, e in out for piece in ((s, min(e, hs)), (max(s, he), e)) if piece[1] > piece[0]]
    return out


def _datelines(doc: Doc) -> list[Frag]:
    """Wire datelines ("NAIROBI, March 14 — ") opening a sentence of ``doc``, dash included."""
    out = []
    for sent in doc.sents:
        end = _dateline_stop(sent)
        if end > sent.start:
            out.append((sent.start_char, doc[end].idx if end < len(doc) else len(doc_text(doc))))
    return out


def _agency_dateline_end(sent: SpacySpan) -> int:
    """"Washington (AFP) – ...": a place in mixed case, a news agency in parentheses and a
    dash also make a dateline (the shared detector wants capitals or a date)."""
    if "(" not in sent[:10].text:
        return sent.start
    toks = list(sent[:10])
    for n, tok in enumerate(toks[:-3]):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if n and tok.text == "(" and toks[n + 2].text == ")" and toks[n + 1].pos_ == "PROPN" and toks[n + 3].text in DASHES:
            return toks[n + 3].i + 1
    return sent.start


def _dateline_stop(sent: SpacySpan) -> int:
    """The first token after the dateline opening ``sent`` (either detector), else its start."""
    return max(dateline_end(sent), _agency_dateline_end(sent))


def _span(text: str, frags: Sequence[Frag]) -> Span:
    s, e = frags[0][0], frags[-1][1]
    return Span(s, e, text[s:e])


# --------------------------------------------------------------------------- attribution


@dataclass
class _Attribution:
    cue: Frag
    cue_token: Token | None
    source: Token | None  # head token of the source noun phrase
    source_frags: list[Frag]
    content: list[Frag]
    sentence_index: int
    rule: str = ""  # which generator proposed it (a feature of the scorer)
    detail: str = ""  # the rule's key word when it is not the cue token ("case" of "made the case")


@dataclass
class _Context:
    """What every rule needs about one doc, computed once."""

    doc: Doc
    lex: Lexicon
    quotes: list[Frag]
    quote_of: dict[int, int]  # token index -> quotation index
    speech: set[int]  # quotations that read as speech
    sent_of: dict[int, int]  # token index -> sentence index
    breaks: list[int] = field(default_factory=list)  # offsets of blank lines
    datelines: list[Frag] = field(default_factory=list)  # never said, never a speaker
    words: np.ndarray | None = None  # (lemma, lower form) string ids of every token
    quoted_sentences: set[int] = field(default_factory=set)  # sentences holding a quoted token

    def tokens(self, words: Iterable[str]) -> list[Token]:
        """The tokens whose lemma or lower-case form is one of ``words``, in text order (the
        phrase rules look only at these instead of walking the whole doc)."""
        if self.words is None or not len(self.words):
            return []
        ids = np.array([self.doc.vocab.strings[w] for w in words], dtype=np.uint64)
        hit = np.isin(self.words, ids).any(axis=1)
        return [self.doc[int(i)] for i in np.flatnonzero(hit)]

    def paragraph(self, pos: int) -> int:
        """Index of the paragraph holding character ``pos``."""
        return bisect.bisect_left(self.breaks, pos)

    @classmethod
    def of(cls, doc: Doc, lex: Lexicon, quotes: list[Frag]) -> _Context:
        quote_of: dict[int, int] = {}
        for n, (qs, qe) in enumerate(quotes):
            for t in doc.char_span(qs, qe, alignment_mode="expand") or []:
                quote_of[t.i] = n
        sent_of = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        speech = {n for n, q in enumerate(quotes) if _speechlike(doc_text(doc), q)}
        breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
        return cls(doc, lex, quotes, quote_of, speech, sent_of, breaks, _datelines(doc), doc.to_array([LEMMA, LOWER]),
                   {sent_of[i] for i in quote_of})

    def in_quote(self, tok: Token) -> bool:
        return tok.i in self.quote_of

    def content(self, frags: Iterable[Frag]) -> list[Frag]:
        return _clean(doc_text(self.doc), _cut(frags, self.datelines), self.quotes)

    def source(self, tok: Token | None, exclude: Iterable[Token] = ()) -> list[Frag]:
        """The speaker's noun phrase (without relative clauses), cut at a paragraph break:
        a heading the parser ran into the next sentence is never part of a speaker."""
        if tok is None or _frags_overlap([(tok.idx, tok.idx + 1)], self.datelines):
            return []
        frags = _cut(_subtree_frags(tok, exclude=[c for c in tok.children if c.dep_ == "relcl"] + list(exclude)), self.datelines)
        text = doc_text(self.doc)
        cut = max((text.rfind("\n\n", s, e) for s, e in frags), default=-1)
        if cut >= 0:
            if cut > tok.idx:
                return []
            frags = [(max(s, cut), e) for s, e in frags if e > cut]
        trimmed = (_trim(text, s, e, [], extra=_OPEN_QUOTES + _CLOSE_QUOTES) for s, e in _clean(text, frags))
        return [f for f in trimmed if f]

    def attribution(
        self, cue: Frag, cue_tok: Token, source: Token | None, content: list[Frag],
        source_frags: list[Frag] | None = None, rule: str = "", detail: str = "",
    ) -> _Attribution:
        if source_frags is None:  # the cue may hang inside the source ("a poll showing ...")
            inside = source is not None and cue_tok.i != source.i and source.is_ancestor(cue_tok)
            source_frags = self.source(source, exclude=[cue_tok] if inside else [])
        frags = source_frags
        return _Attribution(cue, cue_tok, source, frags, content, self.sent_of[cue_tok.i], rule, detail)


def _speechlike(text: str, q: Frag) -> bool:
    """A quotation that reads as speech, not a scare quote or a title."""
    inner = text[q[0] : q[1]].strip(_OPEN_QUOTES + _CLOSE_QUOTES).rstrip()
    return inner[-1:] in ".,!?;:—…" or len(inner.split()) >= 8


def _subtree_frags(tok: Token, exclude: Iterable[Token] = ()) -> list[Frag]:
    excluded: set[int] = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    return _token_frags(t for t in tok.subtree if t.i not in excluded)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


_BACKSHIFT = frozenset({"had", "'d", "would", "could", "might", "should", "was", "were", "will"})


def _coordinated_cue(tok: Token, lex: Lexicon) -> Token | None:
    """The outer cue of a cue verb the parser hung inside another cue's content though it
    shares that cue's speaker: "X said its forces had struck targets and denied that ...",
    "X said that Y would ... and warned that ...". The inner verb has no subject, a clause
    of its own and the outer cue's tense, while the content it interrupts is backshifted."""
    if tok.lemma_.lower() not in lex.cues or tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
        return None
    if not any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return None
    prev = tok.doc[tok.i - 1] if tok.i else None
    if tok.dep_ == "conj" and tok.head.dep_ == "ccomp":
        content, outer = tok.head, tok.head.head
    elif tok.dep_ == "ccomp" and prev is not None and prev.pos_ == "CCONJ":
        outer = tok.head
        content = next((c for c in outer.children if c.dep_ == "ccomp" and c.i < tok.i), None)
        if content is None:
            return None
    else:
        return None
    if outer.lemma_.lower() not in lex.cues or outer.tag_ != tok.tag_ or outer.i == content.i:
        return None
    backshifted = any(c.dep_ in ("aux", "auxpass") and c.lower_ in _BACKSHIFT for c in content.children)
    return outer if backshifted or content.tag_ != tok.tag_ else None


def _subject(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject or passive agent, else that of the verb it
    depends on ("..., saying ...", "X said ... and added ...")."""
    outer = _coordinated_cue(verb, load_lexicon())
    if outer is not None:
        return _subject(outer)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:
        # "Speaking in Salem, New Hampshire, Trump went ...": the parser makes two subjects;
        # the one next to the verb is its own
        before = [c for c in subjects if c.i < verb.i]
        first = max(before, key=lambda c: c.i) if before else subjects[0]
        subjects = [first] + [c for c in subjects if c.i != first.i]
    for child in subjects + [c for c in verb.children if c.dep_ == "agent"]:
        if child.dep_ == "nsubj":
            end = _dateline_stop(sentence_of(verb))
            if child.i < end:
                # "TALLINN (AP) — Former harbour master Jaan Tamm told ...": the parser makes
                # the dateline the subject and the speaker its apposition or a second subject
                later = [c for c in verb.children if c.dep_ == "nsubj" and c.i >= end]
                later += [c for c in child.children if c.dep_ in ("appos", "conj") and c.i >= end]
                return later[0] if later else child
            return child
        if child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    if _is_passive(verb) or verb.tag_ == "VBN":
        agent = _stray_agent(verb)
        if agent is not None:
            return agent
    if verb.dep_ == "advcl" and verb.tag_ == "VBN":
        return None  # "Asked if he was bullied, Ruiz said no": the asker is not the one who answers
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i and not _is_passive(verb):
        head = verb.head
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "voters are more likely to say ...", "X is quick to point out ..."
        return _subject(head) if head.pos_ in ("VERB", "AUX") else None
    prep = verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"):
        return _subject(prep.head)  # "X distanced himself by saying ..."
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and (
        verb.tag_ == "VBG" or any(c.dep_ == "ccomp" for c in verb.children)
    ):
        # "a poll showing that ...", "Gorka noting ..."; a finite verb the parser hung on its
        # subject: "A Quinnipiac poll found last week that ..."
        noun = verb.head
        if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and noun.ent_type_ not in _SPEAKER_ENTS \
                and noun.lemma_.lower() not in load_lexicon().person_nouns:
            # "X issued a statement describing ...", "they held banners proclaiming ...": the
            # thing is what X made; X is who speaks through it
            owner = _subject(noun.head)
            if owner is not None and _person_like(owner, load_lexicon()):
                return owner
        return noun
    if verb.dep_ == "dep" and verb.head.i != verb.i:
        # "multiple sources privy to the talks say ...": the subject went to the word before
        return next((c for c in verb.head.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    for left in verb.lefts:
        if left.dep_ in ("ccomp", "dep") and left.right_edge.i == verb.i - 1 and not left.right_edge.is_punct:
            # "Several officials privy to the talks say ...": the parser made "privy" a clause
            # (no comma before the cue) and gave it the subject
            subject = next((c for c in left.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return _appositive_subject(verb)


def _stray_agent(verb: Token) -> Token | None:
    """The agent of a passive cue that the parser hung on the object of a preposition before
    it ("X has been attacked on the speeches by Y"): a "by" phrase one step below the verb's
    own prepositional phrase, naming a person, group or person noun."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ != "by"):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            for by in (b for b in obj.children if b.dep_ == "prep" and b.lower_ == "by"):
                who = next((w for w in by.children if w.dep_ == "pobj"), None)
                if who is not None and _person_like(who, load_lexicon()):
                    return who
    return None


def _appositive_subject(verb: Token) -> Token | None:
    """"At Boca West, Jay Ruiz, the club's manager, suggested ...": a finite verb whose subject
    the parser took for an apposition of the phrase before it (only punctuation between)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or _is_passive(verb):
        return None
    sent = sentence_of(verb)
    prev = verb.i - 1
    while prev >= sent.start and (verb.doc[prev].is_punct or verb.doc[prev].dep_ == "advmod"):
        prev -= 1
    if prev < sent.start:
        return None
    for tok in verb.doc[sent.start : prev + 1]:
        if tok.dep_ == "appos" and tok.head.i < tok.i and not tok.head.is_ancestor(verb) and (
            tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.lemma_.lower() in load_lexicon().person_nouns
        ):
            if max((t.i for t in tok.subtree if not t.is_punct), default=-1) == prev:
                return tok
    return None


def _nested_cue(tok: Token, lex: Lexicon) -> bool:
    """A conjoined clause that is an attribution of its own ("..., and 4 in 10 said ..."): a
    hand cue with a subject. A mined verb there ("..., while 15 percent backed Rubio") is
    mostly part of what is reported."""
    return tok.lemma_.lower() in lex.hand_cues and any(c.dep_ == "nsubj" for c in tok.children)


def _clause_frags(head: Token, lex: Lexicon, exclude: Iterable[Token] = ()) -> list[Frag]:
    """The clause under ``head`` without conjoined attributions of other speakers."""
    drop = list(exclude)
    doc = head.doc
    for t in head.subtree:
        if t.i != head.i and (t.dep_ == "conj" and (_nested_cue(t, lex) or _coordinated_cue(t, lex))
                              or t.dep_ == "advcl" and t.i > head.i and _nested_cue(t, lex)):
            # "..., and 4 in 10 said ...", "..., while other voters said ...": another speaker
            drop.append(t)
            drop.extend(c for c in t.head.children if c.dep_ == "cc" and c.i == t.i - 1)
        elif t.dep_ == "cc" and t.i + 1 < len(doc) and _coordinated_cue(doc[t.i + 1], lex):
            drop.append(t)  # "... would not tolerate violence [and] warned that ..."
    return _subtree_frags(head, exclude=drop)


def _empty_speech(tok: Token, lex: Lexicon) -> bool:
    """An infinitive of saying with nothing said: "declined to comment", "refused to elaborate"."""
    return tok.dep_ == "xcomp" and tok.lemma_.lower() in lex.empty_speech and not any(
        c.dep_ in ("ccomp", "xcomp", "dobj", "attr") for c in tok.children
    )


def _action_verb(verb: Token, lex: Lexicon) -> bool:
    """A mined verb that seldom reports anything, with an object: "blocked roads"."""
    lemma = verb.lemma_.lower()
    return (
        lemma not in lex.hand_cues
        and lex.cue_precision.get(lemma, 1.0) < lex.object_min_precision
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def _content_children(verb: Token, ctx: _Context) -> list[Token]:
    """The children of a cue verb that make up what was said."""
    lex = ctx.lex
    lemma = verb.lemma_.lower()
    clause = [c for c in verb.children if (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "advcl" and lemma in lex.question_cues
              and any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children))
              and not _empty_speech(c, lex) and _coordinated_cue(c, lex) is None]
    if any(c.i > verb.i for c in clause):
        # "Ukraine says ...; Moscow denies targeting civilians": a clause before the cue is
        # not what it says when one follows it
        clause = [c for c in clause if c.i > verb.i]
    objs = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    if clause:
        ccomp = [c for c in clause if c.dep_ == "ccomp"]
        if ccomp:
            return ccomp
        return sorted(objs + clause, key=lambda t: t.i)  # object control: "urged X to act"
    particle = lex.particle_cues.get(lemma)
    if particle:
        objects = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == particle
                   for o in c.children if o.dep_ in ("pobj", "pcomp")]
        if objects:
            return objects  # "called for [an inquiry]": the particle belongs to the cue
    answer = [c for c in verb.children if c.dep_ == "intj" and c.lower_ in ("yes", "no") and c.i > verb.i]
    if answer and not objs:
        return answer  # "Asked if he was bullied, Ruiz said no."
    quoted = [o for o in objs if ctx.quote_of.get(o.i, -1) in ctx.speech]
    if quoted:
        return quoted
    if lemma in lex.classes["object"] and objs and not _action_verb(verb, lex):
        # "called him a loser", "described it as ...": the object with its predicate
        extra = [c for c in verb.children if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")]
        return sorted(objs + extra, key=lambda t: t.i)
    return []


def _according_to(ctx: _Context) -> list[_Attribution]:
    """"according to X, ..." and "..., according to X" (two-word ``source_phrases``): X is the
    source, the rest of the clause the content."""
    doc, out = ctx.doc, []
    phrases = {tuple(p.split()) for p in ctx.lex.source_phrases if len(p.split()) == 2}
    for tok in doc[:-1]:
        if (tok.lower_, doc[tok.i + 1].lower_) not in phrases or ctx.in_quote(tok):
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) or next(
            (c for c in tok.children if c.dep_ == "pobj"), None
        )
        if pobj is None:
            continue
        content = _host_content(ctx, tok)
        if content:
            out.append(ctx.attribution((tok.idx, to.idx + len(to.text)), tok, pobj, content, rule="according"))
    return out


def _host_content(ctx: _Context, prep: Token) -> list[Frag]:
    """The clause a sentence adverbial ("according to X", "in X's view") qualifies."""
    host = prep.head
    while host.head.i != host.i and host.pos_ not in ("VERB", "AUX"):
        host = host.head
    if host.i == prep.i:
        frags = _token_frags(t for t in sentence_of(prep) if t.i not in {x.i for x in prep.subtree})
    else:
        frags = _clause_frags(host, ctx.lex, exclude=[prep])
    return ctx.content(frags)


def _adjective_attributions(ctx: _Context) -> list[_Attribution]:
    """"X is confident that ...", "X has been critical of Y": an attitude adjective after a
    copula; the copula's subject holds the clause or the prepositional object."""
    out, lex = [], ctx.lex
    for adj in ctx.doc:
        if adj.dep_ != "acomp" or adj.pos_ != "ADJ" or ctx.in_quote(adj):
            continue
        source = next((c for c in adj.head.children if c.dep_ == "nsubj"), None)
        if source is None or _is_author(source, lex):
            continue
        known = adj.lemma_.lower() in lex.adjectives
        if not known and not _person_like(source, lex):
            continue  # "X was more measured on Y", "X is uncomfortable on Y": candidates only
        preps = ("of", "about", "on", "that") if known else lex.content_prepositions
        kids = [c for c in adj.children if c.dep_ in ("ccomp", "xcomp")] if known else []
        kids += [o for c in adj.children if c.dep_ == "prep" and c.lower_ in preps
                 for o in c.children if o.dep_ in ("pobj", "pcomp")]
        content = ctx.content([f for k in kids for f in _clause_frags(k, lex)])
        if content:
            rule = "adjective" if known else "adjective_any"
            out.append(ctx.attribution((adj.idx, adj.idx + len(adj.text)), adj, source, content, rule=rule))
    return out


def _person_like(tok: Token, lex: Lexicon) -> bool:
    """A noun phrase head that can hold a view: a named person or group, a person noun, a
    plural noun or a personal pronoun."""
    return (
        tok.ent_type_ in _FRAMING_ENTS or tok.lemma_.lower() in lex.person_nouns or tok.tag_ in ("NNS", "NNPS")
        or tok.lower_ in lex.singular_pronouns | lex.plural_pronouns
    )


def _view_phrases(ctx: _Context) -> list[_Attribution]:
    """"in X's view", "in the view of X", "in his words": X holds the rest of the clause.
    The cue is the noun; the nouns are ``view_nouns`` in cues.yaml."""
    out = []
    for noun in ctx.tokens(ctx.lex.view_nouns):
        prep = noun.head
        if noun.dep_ != "pobj" or noun.lemma_.lower() not in ctx.lex.view_nouns or prep.lower_ != "in":
            continue
        if ctx.in_quote(noun):
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if owner is None or _is_author(owner, ctx.lex):
            continue
        content = _host_content(ctx, prep)
        if content:
            frags = ctx.source(owner)
            out.append(ctx.attribution((noun.idx, noun.idx + len(noun.text)), noun, owner, content, frags, rule="view"))
    return out


_FRAMING_ENTS = frozenset({"PERSON", "NORP", "ORG", "GPE"})


def _framing_phrases(ctx: _Context) -> list[_Attribution]:
    """"In a Gazette poll released Monday, 58 percent backed ..." (the poll is the source) and
    "For most islanders, the old ferry was ..." (whose view the clause is): a phrase
    that opens its clause and ends at a comma. The cue is the preposition, as in PolNeAR;
    the nouns are ``framing`` in cues.yaml."""
    doc, lex, out = ctx.doc, ctx.lex, []
    for prep in ctx.tokens(lex.framing):
        nouns = lex.framing.get(prep.lower_)
        if nouns is None or prep.dep_ != "prep" or prep.i > prep.head.i or ctx.in_quote(prep):
            continue
        before = doc[prep.i - 1] if prep.i > 0 else None
        if before is not None and not (prep.is_sent_start or before.is_punct or before.dep_ in ("cc", "mark")):
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        after = prep.right_edge.i + 1
        if noun is None or after >= len(doc) or doc[after].text != ",":
            continue
        if nouns:
            if noun.lemma_.lower() not in nouns:
                continue
        elif noun.ent_type_ in ("DATE", "TIME") or not (
            noun.ent_type_ in _FRAMING_ENTS or noun.lemma_.lower() in lex.person_nouns
            or noun.tag_ in ("NNS", "NNPS") or noun.pos_ == "PRON" and not _is_author(noun, lex)
        ):
            continue
        host = prep.head.lemma_.lower()
        if host in lex.hand_cues and host in lex.classes["clause"] or host in lex.nouns:
            continue  # "In a statement, she said ...": the speech verb is the cue
        content = _host_content(ctx, prep)
        if content:
            out.append(ctx.attribution((prep.idx, prep.idx + len(prep.text)), prep, noun, content, rule=f"framing_{prep.lower_}"))
    return out


def _clause_cue(tok: Token, lex: Lexicon) -> bool:
    """A verb outside the lexicon with a subject and a clause ("that"/"whether" or bare):
    a candidate only; the scorer weighs the marker and the verb."""
    if tok.lemma_.lower() in lex.not_clause_cues or not any(c.dep_ == "nsubj" for c in tok.children):
        return False
    return any(c.dep_ == "ccomp" for c in tok.children)


def _is_author(tok: Token | None, lex: Lexicon) -> bool:
    """First and second person outside quotations: the writer talking, not a reported source."""
    return tok is not None and tok.lower_ in lex.author_pronouns


def _verb_attributions(ctx: _Context) -> list[_Attribution]:
    doc, lex, out = ctx.doc, ctx.lex, []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or any(p.startswith(tok.lower_ + " ") for p in lex.source_phrases):
            continue
        if lemma not in lex.cues and not _clause_cue(tok, lex):
            continue
        if ctx.in_quote(tok) or lemma in lex.quote_only or _empty_speech(tok, lex):
            continue
        kids = _content_children(tok, ctx)
        if not kids and any(_empty_speech(c, lex) for c in tok.children):
            continue  # "declined to comment": nothing was said
        if not kids and _action_verb(tok, lex):
            continue  # "blocked roads near parliament": an action, not a report
        content_frags: list[Frag] = []
        for k in kids:
            content_frags.extend(_clause_frags(k, lex))
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        passive_subject = [c for c in tok.children if c.dep_ == "nsubjpass"]
        rule = "verb"
        if not kids and agent is not None and passive_subject:
            # "The move was first reported by MSNBC": what was reported, then who
            content_frags = [f for c in passive_subject for f in _clause_frags(c, lex)]
        elif not kids and passive_subject and lemma in lex.cues:
            # "The verdict was announced on Monday": what was announced, by nobody named
            content_frags, rule = [f for c in passive_subject for f in _clause_frags(c, lex)], "verb_passive"
        elif not kids and tok.dep_ in ("parataxis", "ccomp", "advcl") and lemma not in lex.classes["belief"]:
            # "Content, X said." / "Part one, X said, part two."
            marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
            if not any(c.dep_ == "nsubj" for c in tok.children) or marks - {"as"}:
                continue  # "..., as X noted" is said; "because X said ..." is not
            content_frags = _clause_frags(tok.head, lex, exclude=[tok])
        if not content_frags and lemma in lex.cues and not kids:
            # candidates for the scorer: a prepositional object ("spoke about X", "voted
            # for X"), else the rest of the sentence (a parse that hides the clause)
            pobjs = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.content_prepositions
                     for o in c.children if o.dep_ in ("pobj", "pcomp")]
            # a relative-clause verb with its own object hides no clause: the rest of the
            # sentence is not its ("the IMF, which agreed a loan with Kenya, declined to comment")
            own_object = any(c.dep_ == "dobj" for c in tok.children)
            rest = [t for t in sentence_of(tok) if t.i > tok.i and not ctx.in_quote(t)]
            if pobjs:
                content_frags, rule = [f for o in pobjs for f in _clause_frags(o, lex)], "verb_prep"
            elif len(rest) >= 4 and not (own_object and tok.dep_ == "relcl"):
                content_frags, rule = _token_frags(rest), "verb_rest"
        if not content_frags:
            continue
        source = _subject(tok)
        if source is None and lemma in lex.cues and not _is_passive(tok):
            # a subject the parser mislabelled ("About 4 in 10 say ...": nummod)
            source = next((c for c in tok.lefts if c.dep_ in ("nummod", "dep", "nsubj")
                           and c.pos_ in ("NUM", "NOUN", "PROPN", "PRON") and c.ent_type_ not in ("DATE", "TIME")), None)
        if _is_author(source, lex):
            continue
        if _is_passive(tok) or lemma in lex.raising:
            # "X is expected to win", "X seems to agree": X belongs to what is said
            raised = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
            if raised and any(c.dep_ == "xcomp" for c in tok.children):
                content_frags = [f for r in raised for f in _subtree_frags(r)] + content_frags
                source = None
        if source is None and not _is_passive(tok) and lemma not in lex.raising and lemma not in lex.cues:
            continue  # a cue word without a speaker stays a candidate; a generic clause verb not
        content = ctx.content(content_frags)
        if source is not None and any(s <= source.idx < e for s, e in content):
            source = None  # a parse that puts the speaker inside what was said
        if not content:
            continue
        cue_end = tok.idx + len(tok.text)
        particle = lex.particle_cues.get(lemma)
        if particle and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == particle:
            cue_end = doc[tok.i + 1].idx + len(doc[tok.i + 1].text)
            content = [f for f in content if f[0] >= cue_end] or content
        out.append(ctx.attribution((tok.idx, cue_end), tok, source, content, rule=rule))
    return out


def _noun_attributions(ctx: _Context) -> list[_Attribution]:
    """"Trump's claim that ...": a cue noun with a "that" clause; its possessor is the source.
    Candidates for the scorer too: a prepositional object ("criticism of X", "support for
    X"), and the subject of a light verb whose object the noun is ("made the case that")."""
    out, lex = [], ctx.lex
    for tok in ctx.doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.nouns or ctx.in_quote(tok):
            continue
        clauses = [
            c for c in tok.children
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ]
        rule = "noun"
        if not clauses:
            clauses = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.content_prepositions
                       for o in c.children if o.dep_ in ("pobj", "pcomp")]
            rule = "noun_prep"
        if not clauses:
            continue
        content = ctx.content([f for c in clauses for f in _clause_frags(c, lex)])
        owner = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
            (o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
             for o in c.children if o.dep_ == "pobj"), None)  # "a statement from X"
        light = tok.head
        if owner is None and tok.dep_ == "dobj" and light.pos_ in ("VERB", "AUX") and light.lemma_.lower() not in lex.cues:
            owner, rule = _subject(light), rule + "_light"
        elif owner is None and tok.dep_ == "pobj" and light.dep_ == "prep" and light.head.lemma_.lower() in lex.cues:
            owner, rule = _subject(light.head), rule + "_in_cue"  # "X said in a statement that ..."
        if content and not _is_author(owner, lex):
            out.append(ctx.attribution((tok.idx, tok.idx + len(tok.text)), tok, owner, content, rule=rule))
    return out


def _as_predicates(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "X sees Y as Z" with a verb outside the lexicon; the
    content is the object with its "as" predicate."""
    out, lex = [], ctx.lex
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in lex.cues or ctx.in_quote(tok):
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        as_ = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"]
        source = _subject(tok)
        if not objs or not as_ or source is None or _is_author(source, lex):
            continue
        content = ctx.content([f for c in objs + as_ for f in _subtree_frags(c)])
        if content:
            out.append(ctx.attribution((tok.idx, tok.idx + len(tok.text)), tok, source, content, rule="as_predicate"))
    return out


_LIGHT_PREPOSITIONS = frozenset({"at", "in"})  # "took aim at X", "had little interest in X"


def _copula_reports(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "The idea is that ...", "Rubio's response was that ...",
    "the message was: ...". A copula whose subject is a reporting noun (``copula_nouns`` or a
    cue noun) reports its clause; the noun and the copula are the cue, the noun's possessor
    is the source."""
    doc, lex, out = ctx.doc, ctx.lex, []
    for verb in ctx.tokens(["be"]):
        if verb.lemma_.lower() != "be" or ctx.in_quote(verb):
            continue
        noun = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.i < verb.i), None)
        if noun is None or noun.lemma_.lower() not in lex.copula_nouns | lex.nouns:
            continue
        kids = [c for c in verb.children if c.i > verb.i and (
            c.dep_ == "ccomp" or c.dep_ == "attr" and ctx.quote_of.get(c.i, -1) in ctx.speech)]
        frags = [f for k in kids for f in _clause_frags(k, lex)]
        after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
        if not frags and after is not None and after.text == ":":
            end = sentence_of(after).end_char  # "the message was: sorry, but ..."
            frags = [(after.idx + 1, end)]
        content = ctx.content(frags)
        if not content:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if _is_author(owner, lex):
            continue
        out.append(ctx.attribution((noun.idx, verb.idx + len(verb.text)), verb, owner, content,
                                   rule="copula_noun", detail=noun.lemma_.lower()))
    return out


def _light_verb_phrases(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "made the case that ...", "made clear that ...", "took aim
    at X", "made no mention of X". A light verb and its object noun (``light_verbs``) are the
    cue; the content is a clause of either, else a prepositional object of either."""
    lex, out = ctx.lex, []
    preps = lex.content_prepositions | _LIGHT_PREPOSITIONS
    for verb in ctx.tokens(lex.light_verbs):
        nouns = lex.light_verbs.get(verb.lemma_.lower())
        if not nouns or verb.pos_ not in ("VERB", "AUX") or ctx.in_quote(verb):
            continue
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "oprd", "ccomp", "acomp", "attr")
                    and c.i > verb.i and c.lemma_.lower() in nouns), None)
        if obj is None:
            continue
        holders = (verb, obj)
        clauses = [c for h in holders for c in h.children if c.i > obj.i and (
            c.dep_ == "ccomp" or c.dep_ == "acl" and any(m.dep_ == "mark" and m.lower_ in lex.clause_markers for m in c.children))]
        if clauses:
            frags = [f for c in clauses for f in _clause_frags(c, lex)]
        else:
            objs = [[o for c in h.children if c.dep_ == "prep" and c.i > obj.i and c.lower_ in preps
                     for o in c.children if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in ("DATE", "TIME")]
                    for h in (obj, verb)]
            frags = [f for o in (objs[0] or objs[1]) for f in _clause_frags(o, lex)]
        content = ctx.content(frags)
        source = _subject(verb)
        if not content or _is_author(source, lex):
            continue
        out.append(ctx.attribution((verb.idx, obj.idx + len(obj.text)), verb, source, content,
                                   rule="light", detail=f"{verb.lemma_.lower()}:{obj.lemma_.lower()}"))
    return out


def _role_nouns(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "X is a supporter of Y", "Graham, the most zealous advocate
    for Y": a predicate or appositive noun of stance (``role_nouns``) with "of"/"for"/"to";
    its subject (or the noun it describes) holds the view of its prepositional object."""
    lex, out = ctx.lex, []
    for noun in ctx.tokens(lex.role_nouns):
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lex.role_nouns or ctx.in_quote(noun):
            continue
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "to")), None)
        objs = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if not objs:
            continue
        head = noun.head
        if noun.dep_ == "attr" and head.lemma_.lower() == "be":
            source, cue_tok, start = next((c for c in head.children if c.dep_ == "nsubj"), None), head, head.idx
        elif noun.dep_ == "appos":
            source, cue_tok, start = head, noun, noun.idx
        else:
            continue
        if source is None or _is_author(source, lex):
            continue
        content = ctx.content([f for o in objs for f in _clause_frags(o, lex)])
        if content:
            out.append(ctx.attribution((start, prep.idx + len(prep.text)), cue_tok, source, content,
                                       rule="role_noun", detail=noun.lemma_.lower()))
    return out


def _stance_phrases(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "came out in support of X", "voted in favor of X", "spoke in
    opposition to X". From the verb to the second preposition is the cue, its object the
    content, the verb's subject the source."""
    lex, out = ctx.lex, []
    for noun in ctx.tokens(lex.stance_phrases):
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "in" or noun.lemma_.lower() not in lex.stance_phrases:
            continue
        if ctx.in_quote(noun):
            continue
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "with", "against")), None)
        objs = [o for o in of.children if o.dep_ in ("pobj", "pcomp")] if of is not None else []
        verb = prep.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head  # "headlined a fundraiser in support of X"
        if not objs or verb.pos_ not in ("VERB", "AUX") or verb.i > prep.i:
            continue
        if any(c.dep_ == "dobj" for c in verb.children):
            continue  # "announced a concert in support of X": the verb reports its object
        source = _subject(verb)
        content = ctx.content([f for o in objs for f in _clause_frags(o, lex)])
        if content and not _is_author(source, lex):
            out.append(ctx.attribution((verb.idx, of.idx + len(of.text)), verb, source, content,
                                       rule="stance_phrase", detail=noun.lemma_.lower()))
    return out


def _hearsay_adverbs(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "Trump reportedly told aides ...", "funds were allegedly
    diverted": the adverb (``hearsay_adverbs``) is the cue, its clause the content, and no
    source is named."""
    out = []
    for adv in ctx.tokens(ctx.lex.hearsay_adverbs):
        if adv.lower_ not in ctx.lex.hearsay_adverbs or adv.dep_ != "advmod" or ctx.in_quote(adv):
            continue
        if adv.head.pos_ not in ("VERB", "AUX"):
            continue
        content = _host_content(ctx, adv)
        if content:
            out.append(ctx.attribution((adv.idx, adv.idx + len(adv.text)), adv, None, content, source_frags=[], rule="hearsay"))
    return out


def _reactions(ctx: _Context) -> list[_Attribution]:
    """Candidates for the scorer: "The proposal drew harsh criticism from fellow hopefuls",
    "She won praise from Democrats": a verb of receiving (``reactions.verbs``) with a reaction
    noun (``reactions.nouns``) as object is the cue; the object of "from" (or the noun's "of":
    "won the endorsement of X") is the source and
    the subject what the reaction is about (reversed roles: no verb rule sees it)."""
    lex, out = ctx.lex, []
    for verb in ctx.tokens(lex.reaction_verbs):
        if verb.lemma_.lower() not in lex.reaction_verbs or verb.pos_ not in ("VERB", "AUX") or ctx.in_quote(verb):
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.reaction_nouns), None)
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if obj is None or subj is None or subj.lower_ in ("which", "that", "who"):
            continue
        source = next((o for h, preps in ((obj, ("from", "of")), (verb, ("from",))) for p in h.children
                       if p.dep_ == "prep" and p.lower_ in preps for o in p.children if o.dep_ == "pobj"), None)
        content = ctx.content(_subtree_frags(subj))
        if content:
            out.append(ctx.attribution((verb.idx, obj.idx + len(obj.text)), verb, source, content,
                                       source_frags=None if source is not None else [], rule="reaction",
                                       detail=obj.lemma_.lower()))
    return out


_HEADLINE_MAX_CHARS = 160  # a headline is one short line ...
_HEADLINE_MIN_CAPS = 0.6  # ... whose words are mostly capitalised
_HEADLINE_MAX_HEAD = 2  # "Poll:", "Newspaper:": a short common-noun speaker only in a headline


def _headline(line: str) -> bool:
    """A short title-case line: the parser tags its verbs as names. (The first line of a text
    is always taken as its headline.)"""
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", line) if len(w) > 3]
    if not words or len(line) > _HEADLINE_MAX_CHARS:
        return False
    return sum(w[0].isupper() for w in words) >= _HEADLINE_MIN_CAPS * len(words)


def _colon_attributions(ctx: _Context) -> list[_Attribution]:
    """"Name: what they said" at the start of a paragraph (headlines, transcripts); when the
    colon ends the paragraph, what was said is the next paragraph."""
    doc, text, out = ctx.doc, doc_text(ctx.doc), []
    for sent in doc.sents:
        if sent.start and "\n" not in doc[sent.start - 1].text_with_ws:
            continue  # only at the start of a paragraph
        colon = next((t for t in sent[:9] if t.text == ":"), None)
        if colon is None or colon.i == sent.start:
            continue
        head = doc[sent.start : colon.i]
        start = colon.idx + 1
        par_end = text.find("\n", start)
        if par_end == -1:
            par_end = len(text)
        headline = not text[: head.start_char].strip() or _headline(text[head.start_char : par_end])
        if any(t.pos_ in ("VERB", "AUX") for t in head) or not any(
            t.pos_ == "PROPN" or headline and t.pos_ == "NOUN" and len(head) <= _HEADLINE_MAX_HEAD for t in head
        ):
            continue
        if not text[start:par_end].strip():  # colon closes the paragraph: the next one is said
            start = par_end
            while start < len(text) and text[start].isspace():
                start += 1
            par_end = text.find("\n", start)
            par_end = len(text) if par_end == -1 else par_end
        said = doc.char_span(start, par_end, alignment_mode="expand")
        # a title-case headline ("Ramirez: Harbour Board Blocks Fare Rise") parses as names, no verb
        if said is None or not (headline or any(t.pos_ in ("VERB", "AUX") for t in said)):
            continue
        content = ctx.content([(start, par_end)])
        if content:
            src_frags = _clean(text, _cut([(head.start_char, head.end_char)], ctx.datelines))
            rule = "colon_headline" if headline else "colon"
            out.append(ctx.attribution((colon.idx, colon.idx + 1), colon, head.root, content, source_frags=src_frags, rule=rule))
    return out


_HEADLINE_BOUNDS = frozenset({":", ",", ";", "—", "–", "--"})


def _verb_forms(word: str) -> list[str]:
    """Lemma guesses for a third-person verb form ("Praises" -> praise, "Worries" -> worry)."""
    w = word.lower()
    if not w.endswith("s") or len(w) < 4:
        return []
    out = [w[:-3] + "y"] if w.endswith("ies") else []
    return out + ([w[:-2]] if w.endswith("es") else []) + [w[:-1]]


def _headline_verbs(ctx: _Context, found: Sequence[_Attribution]) -> list[_Attribution]:
    """"Hillary Clinton Slams Donald Trump On Abortion": in a text's first line (its title),
    the parser reads a title-case or clipped headline verb as a name or a plural noun, so
    no verb rule sees it. A word there in a cue verb's "-s" form, after the end of a noun
    phrase, is a cue: the words before it (from the line start or the last colon or
    comma) are the source, the words after it (to the next colon) the content; when
    nothing follows ("…, Board Of Election Finds"), what comes before the source is."""
    doc, text, lex = ctx.doc, doc_text(ctx.doc), ctx.lex
    end = text.find("\n")
    if end <= 0 or end > _HEADLINE_MAX_CHARS:
        return []
    covered = {t.i for a in found for t in doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand") or []}
    line = [t for t in doc if t.idx < end]
    out = []
    for tok in line[1:]:
        if tok.i in covered or ctx.in_quote(tok):
            continue
        lemma = next((f for f in _verb_forms(tok.text) if f in lex.cues), None)
        if lemma is None or lemma in lex.raising:
            continue
        prev = doc[tok.i - 1]
        if prev.tag_ in ("DT", "IN", "TO", "PRP$", "POS", "CC", "JJ", "CD") or prev.is_punct:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.idx < end and nxt.is_punct and nxt.text not in _OPEN_QUOTES:
            continue  # "… Of The United States." : a noun
        first = tok.i
        while first > 0 and doc[first - 1].text not in _HEADLINE_BOUNDS | set(_CLOSE_QUOTES + "’") and not ctx.in_quote(doc[first - 1]):
            first -= 1
        speaker = list(doc[first : tok.i])
        while speaker and speaker[-1].pos_ == "ADV":
            speaker.pop()  # "Donald Trump Finally Endorses …"
        if not speaker or _is_author(speaker[-1], lex):
            continue
        if lemma not in lex.hand_cues and lex.cue_precision.get(lemma, 1.0) < lex.object_min_precision and not any(
            t.ent_type_ in ("PERSON", "NORP") for t in speaker
        ):
            continue  # an action verb ("crisis strikes Paris") reports only when a person or group acts
        stop = next((t.i for t in line if t.i > tok.i and t.text in (":", ";", "—", "–")), line[-1].i + 1)
        after = list(doc[tok.i + 1 : stop])
        before = list(doc[line[0].i : max(first - 1, line[0].i)])
        if lemma in lex.classes["recipient"] and before:
            after = []  # "“…,” Howard Dean Tells Democratic Convention": the addressee follows
        content = ctx.content(_token_frags(after or before))
        if not content:
            continue
        src = _clean(text, [(speaker[0].idx, speaker[-1].idx + len(speaker[-1].text))])
        out.append(ctx.attribution((tok.idx, tok.idx + len(tok.text)), tok, speaker[-1], content,
                                   source_frags=src, rule="headline_verb"))
    return out


def _colon_quotes(ctx: _Context) -> list[_Attribution]:
    """"... harbour engineer Lena Ostrova: “Every winter ...”" inside a paragraph: the noun
    phrase right before a colon that opens a quotation is its speaker."""
    doc, text, out = ctx.doc, doc_text(ctx.doc), []
    starts = {qs: (qs, qe) for qs, qe in ctx.quotes}
    for colon in doc:
        if colon.text != ":" or colon.i == 0 or ctx.in_quote(colon):
            continue
        gap = colon.idx + 1
        while gap < len(text) and text[gap] in " \t":
            gap += 1
        quote = starts.get(gap)
        speaker = doc[colon.i - 1]
        if quote is None or speaker.pos_ not in ("PROPN", "NOUN") or ctx.in_quote(speaker):
            continue
        while speaker.dep_ in ("compound", "flat") and speaker.head.i < colon.i and speaker.head.i > speaker.i:
            speaker = speaker.head
        content = ctx.content([quote])
        source = ctx.source(speaker, exclude=[t for t in speaker.children if t.i > colon.i])
        if content and source:
            out.append(ctx.attribution((colon.idx, colon.idx + 1), colon, speaker, content, source_frags=source, rule="colon_quote"))
    return out


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(max(0, start), min(end, len(doc_text(doc))), alignment_mode="expand")
    return list(span) if span is not None else []


def _quote_cue(tok: Token, lex: Lexicon) -> bool:
    """A verb that may introduce a loose quotation: a hand cue, or a mined cue that mostly
    reports ("vote" or "features" beside a film title does not)."""
    lemma = tok.lemma_.lower()
    return lemma in lex.hand_cues or lemma in lex.cues and lex.cue_precision.get(lemma, 0.0) >= lex.quote_cue_min_precision


def _sentence_cue_near(ctx: _Context, q: Frag) -> Token | None:
    """A speech cue right after (", X said") or before ("X said:") an unattributed quotation."""
    doc, lex = ctx.doc, ctx.lex
    for t in _tokens_between(doc, q[1], q[1] + 60):
        if _is_quote_mark(t.text) and t.idx > q[1] + 1:
            break
        if t.is_sent_start and t.idx > q[1] + 1 and not _is_quote_mark(t.text):
            break
        if t.pos_ in ("VERB", "AUX") and _quote_cue(t, lex) and not ctx.in_quote(t):
            return t
    for t in reversed(_tokens_between(doc, q[0] - 80, q[0])):
        if ctx.in_quote(t) or t.is_sent_start and not _is_quote_mark(t.text) and "\n" in doc_text(doc)[t.idx : q[0]]:
            break
        if t.pos_ in ("VERB", "AUX") and _quote_cue(t, lex):
            tail = doc_text(doc)[t.idx + len(t.text) : q[0]]
            if tail.strip().endswith((":", ",")) or len(tail.split()) <= 3:
                return t
            break
    return None


def _direct_quotes(ctx: _Context, found: list[_Attribution]) -> None:
    """Quotations that no clause rule covered: attach them to a nearby cue, or continue the
    previous speaker's quotation (same paragraph, or a paragraph that opens with it)."""
    text = doc_text(ctx.doc)
    for n, (qs, qe) in enumerate(ctx.quotes):
        if n not in ctx.speech or any(s < qe and qs < e for a in found for s, e in a.content):
            continue
        cue = _sentence_cue_near(ctx, (qs, qe))
        if cue is not None:
            same = next((a for a in found if a.cue_token is not None and a.cue_token.i == cue.i), None)
            if same is not None:
                same.content = ctx.content([*same.content, (qs, qe)])
                continue
            source = _subject(cue)
            if source is not None and not _is_author(source, ctx.lex):
                found.append(ctx.attribution((cue.idx, cue.idx + len(cue.text)), cue, source, [(qs, qe)], rule="quote"))
                continue
        para = ctx.paragraph(qs)
        opens_paragraph = not text[text.rfind("\n", 0, qs) + 1 : qs].strip()
        prev = [
            a for a in found
            if a.content and a.content[-1][1] <= qs
            and (ctx.paragraph(a.content[-1][1]) == para
                 or opens_paragraph and ctx.paragraph(a.content[-1][1]) == para - 1)
        ]
        if prev:
            last = max(prev, key=lambda a: a.content[-1][1])
            between = text[last.content[-1][1] : qs]
            if any(text[s : s + 1] in _OPEN_QUOTES for s, _ in last.content) and not any(
                q0 > last.content[-1][1] and q1 < qs for q0, q1 in ctx.quotes
            ) and len(between) < 400:
                last.content = [*last.content, (qs, qe)]


# --------------------------------------------------------------------------- scorer


@dataclass(frozen=True)
class Scorer:
    """A linear model over binary candidate features (trained by
    ``scripts/train_attribution.py`` on PolNeAR train): keeps a candidate when its
    probability (the pass-2 probability when ``rival_weights`` is set) reaches ``threshold``."""

    weights: dict[str, float]
    bias: float
    threshold: float
    #: PolNeAR never annotates an attribution inside another's content: keep the likelier of
    #: two candidates whose contents overlap or whose cue sits in the other's content
    exclusive: bool = False
    #: ... except that PolNeAR does annotate several reports in one sentence ("X says A and
    #: tells the crowd B", "insisted that A, claiming that B"): a candidate with its own cue
    #: whose cue lies in a kept one's content (``inner``), whose content holds a kept one's
    #: cue (``outer``), or whose content only overlaps a kept one's (``overlap``) is still
    #: kept at this probability or more (above 1: never)
    inner_threshold: float = 2.0
    outer_threshold: float = 2.0
    overlap_threshold: float = 2.0
    #: the pass-2 table (two-pass scorer, bench/results/quotes.md, fourteenth pass): a second
    #: logistic model over each candidate's own features plus ``rival_features`` (its stage-1
    #: probability beside its rivals'), trained to find gold *cues*; ``threshold`` and the clash
    #: thresholds then apply to its probabilities. None: one pass, as before
    rival_weights: dict[str, float] | None = None
    rival_bias: float = 0.0

    def probability(self, features: Iterable[str]) -> float:
        return _logistic(self.bias, self.weights, features)

    def rival_probability(self, features: Iterable[str]) -> float:
        """The pass-2 probability of a candidate (``pass_two_features``)."""
        return _logistic(self.rival_bias, self.rival_weights or {}, features)


def _logistic(bias: float, weights: dict[str, float], features: Iterable[str]) -> float:
    z = bias + sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


MODEL_FILE = "attribution_model.json"


def _linear_model(name: str) -> tuple[dict[str, float], float, float, dict] | None:
    """A shipped logistic model of ``resources/quotes`` (weights, bias, threshold, the whole
    record), validated; None when the file is absent."""
    path = resources.files("newsgraph.resources.quotes").joinpath(name)
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(isinstance(v, (int, float)) for v in weights.values()):
        raise ValueError(f"resources/quotes/{name}: weights must map features to numbers")
    threshold = float(data["threshold"])
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"resources/quotes/{name}: threshold must lie in (0, 1)")
    return {str(k): float(v) for k, v in weights.items()}, float(data["bias"]), threshold, data


@lru_cache(maxsize=1)
def load_scorer() -> Scorer | None:
    """The shipped attribution scorer, or None when the resource is absent (then every
    candidate is kept)."""
    found = _linear_model(MODEL_FILE)
    if found is None:
        return None
    weights, bias, threshold, data = found
    selection = {k: float(data[k]) for k in ("inner_threshold", "outer_threshold", "overlap_threshold") if k in data}
    rivals = data.get("rival_weights")
    if rivals is not None:
        if not isinstance(rivals, dict) or not all(isinstance(v, (int, float)) for v in rivals.values()):
            raise ValueError(f"resources/quotes/{MODEL_FILE}: rival_weights must map features to numbers")
        selection |= {"rival_weights": {str(k): float(v) for k, v in rivals.items()},
                      "rival_bias": float(data["rival_bias"])}
    return Scorer(weights, bias, threshold, bool(data.get("exclusive")), **selection)


_CLOSED_TAGS = frozenset({"IN", "TO", "WDT", "WP", "WRB", "DT", "PRP", "MD", "``", "''"})  # first word of a content


def _bucket(n: int) -> str:
    return str(min(n.bit_length(), 7))  # 0, 1, 2-3, 4-7, ... tokens


def _features(a: _Attribution, ctx: _Context) -> list[str]:
    """Binary features of a candidate attribution: the cue word and how it sits in the parse,
    what kind of source and content the rule found. Names are ``kind=value``."""
    tok, lex = a.cue_token, ctx.lex
    if tok is None:
        return ["bias", f"rule={a.rule}"]
    lemma = tok.lemma_.lower()
    text = doc_text(ctx.doc)
    kids = {c.dep_ for c in tok.children}
    marks = sorted({m.lower_ for c in tok.children if c.dep_ in ("ccomp", "xcomp") for m in c.children if m.dep_ in ("mark", "aux") and m.i < c.i})
    ctype = "ccomp" if "ccomp" in kids else "xcomp" if "xcomp" in kids else "dobj" if "dobj" in kids else "prep" if "prep" in kids else "other"
    if a.content and a.content[0][1] <= a.cue[0]:
        ctype = "before"
    out = [
        "bias", f"rule={a.rule}", f"lemma={lemma}", f"rule_lemma={a.rule}:{lemma}", f"pos={tok.pos_}",
        f"tag={tok.tag_}", f"dep={tok.dep_}", f"ctype={ctype}", f"lemma_ctype={lemma}:{ctype}",
        f"marks={'+'.join(marks) or 'none'}", f"rule_ctype={a.rule}:{ctype}",
    ]
    out += [f"class={c}" for c in CUE_CLASSES if lemma in lex.classes[c]]
    out.append("hand" if lemma in lex.hand_cues or not a.rule.startswith("verb") else "mined" if lemma in lex.cues else "generic")
    prec = lex.cue_precision.get(lemma)
    if prec is not None and lemma not in lex.hand_cues and tok.pos_ in ("VERB", "AUX"):
        # how often the mined verb reports anything on train, by content type: "blocked
        # roads" (a verb that seldom reports, with an object) is no attribution
        band = min(int(prec * 5), 4)
        out += [f"prec={band}", f"prec_ctype={band}:{ctype}"]
    if a.detail:
        out += [f"detail={a.rule}:{a.detail}", f"detail_ctype={a.rule}:{ctype}"]
    if a.rule in ("verb_prep", "noun_prep", "noun_prep_light"):
        preps = sorted({c.lower_ for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.content_prepositions})
        out += [f"prep={p}" for p in preps] + [f"lemma_prep={lemma}:{p}" for p in preps]
    if "neg" in kids:
        out.append("negated")
    if any(c.tag_ == "MD" for c in tok.children):
        out.append("modal")
    if _is_passive(tok):
        out.append("passive")
    src = a.source
    src_kind = "none" if src is None or not a.source_frags else "pron" if src.pos_ == "PRON" else src.ent_type_ or src.pos_
    out.append(f"lemma_src={lemma}:{src_kind}")
    if src is None or not a.source_frags:
        out.append("src=none")
    else:
        lower = src.lower_
        out += [f"src_pos={src.pos_}", f"src_dep={src.dep_}", f"src_ent={src.ent_type_ or 'O'}"]
        if src.pos_ == "PRON":
            out.append(f"src_word={lower}")
        if src.lemma_.lower() in lex.person_nouns or src.lemma_.lower() in lex.unnamed_source_nouns:
            out.append("src_person_noun")
        out.append(f"src_len={_bucket(sum(e - s for s, e in a.source_frags) // 6)}")
        if src.pos_ == "NOUN":
            out.append(f"src_noun={src.lemma_.lower()}")  # "poll", "official" vs "economy"
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp") and tok.head.i != tok.i:
        out.append(f"gov={tok.dep_}:{tok.head.lemma_.lower()}")  # "tried to tie", "went on to say"
    first = ctx.doc.char_span(a.content[0][0], a.content[0][1], alignment_mode="expand")
    if first is not None and len(first):
        word = first[0]
        out.append(f"cfirst={word.lower_ if word.tag_ in _CLOSED_TAGS else word.pos_}")
    n_chars = sum(e - s for s, e in a.content)
    out.append(f"content_len={_bucket(n_chars // 6)}")
    if any(qs < e and s < qe for s, e in a.content for qs, qe in ctx.quotes):
        out.append("content_quoted")
    if text[a.content[0][0]] in _OPEN_QUOTES:
        out.append("content_opens_quote")
    if a.content[-1][1] - a.content[0][0] > 3 * max(n_chars, 1):
        out.append("content_gappy")
    if len(a.content) > 1:
        out.append("content_split")
    if a.sentence_index == 0:
        out.append("first_sentence")
    # the same word reports in one place of the parse and not in another ("said" as a clause
    # head vs an adjective), and a rule's frame is trustworthy with some kinds of speaker only
    out += [f"lemma_dep={lemma}:{tok.dep_}", f"lemma_tag={lemma}:{tok.tag_}", f"rule_src={a.rule}:{src_kind}"]
    line_start = text.rfind("\n", 0, a.cue[0]) + 1
    if text.count("(", line_start, a.cue[0]) > text.count(")", line_start, a.cue[0]):
        out.append("in_parentheses")
    return out + _cue_context(tok, ctx)


#: feature kinds of ``_token_features`` that ``_features`` already has in its own form
_SCORER_HAS = frozenset({"bias", "lemma", "pos", "tag", "dep", "lemma_dep", "prec", "hand_cue"})


def _cue_context(tok: Token, ctx: _Context) -> list[str]:
    """The cue head's parse context as the proposer sees it (head word, children's relations,
    governed prepositions, speaker entities below it, place in the sentence), prefixed
    ``tok:``: the scorer's own features describe the rule's frame, these the word's
    surroundings, which tell a report from the same word used otherwise."""
    return sorted({f"tok:{f}" for f in _token_features(tok, ctx) if f.split("=", 1)[0] not in _SCORER_HAS})


def _all_features(found: Sequence[_Attribution], ctx: _Context) -> list[list[str]]:
    """Each candidate's own features plus how it nests among the others: a cue inside another
    candidate's content may be a report within a report, which PolNeAR leaves out; a content
    holding another's cue may be too wide."""
    out = []
    for a in found:
        fs = _features(a, ctx)
        inner = any(b is not a and b.cue != a.cue and _frags_overlap([a.cue], b.content) for b in found)
        outer = any(b is not a and b.cue != a.cue and _frags_overlap([b.cue], a.content) for b in found)
        fs += [f"nest={n}" for n, on in (("inner", inner), ("outer", outer)) if on]
        fs += [f"nest_rule={n}:{a.rule}" for n, on in (("inner", inner), ("outer", outer)) if on]
        out.append(fs)
    return out


def _attributions(
    doc: Doc, lex: Lexicon, quotes: list[Frag], scorer: Scorer | None = None, proposer: Proposer | None = None
) -> list[_Attribution]:
    """Candidates from every rule (and the cue proposer), kept when the scorer accepts them;
    then quotations no candidate covered are attached to a nearby cue or the previous speaker."""
    ctx = _Context.of(doc, lex, quotes)
    found = _candidates(ctx, proposer)
    if scorer is not None:
        feats = _all_features(found, ctx)
        probs = [scorer.probability(f) for f in feats]
        if scorer.rival_weights is not None:
            probs = [scorer.rival_probability(f) for f in pass_two_features(found, feats, probs)]
        found = _select(found, probs, scorer)
    _direct_quotes(ctx, found)
    found.sort(key=lambda a: (a.content[0][0], a.cue[0]))
    return found


def _conflict(a: _Attribution, b: _Attribution) -> str:
    """How candidate ``a`` clashes with the kept ``b``: "" (not at all), "same" (one cue),
    "inner" (``a``'s cue in ``b``'s content), "outer" (``b``'s cue in ``a``'s content) or
    "overlap" (the contents share characters)."""
    if a.cue == b.cue:
        return "same" if _frags_overlap(a.content, b.content) else ""
    if _frags_overlap([a.cue], b.content):
        return "inner"
    if _frags_overlap([b.cue], a.content):
        return "outer"
    return "overlap" if _frags_overlap(a.content, b.content) else ""


def _select(found: list[_Attribution], probs: list[float], scorer: Scorer) -> list[_Attribution]:
    """The candidates the scorer accepts; when ``scorer.exclusive``, most probable first and
    none that clashes with one already taken (``_conflict``) unless it is likely enough for
    that kind of clash (``Scorer.inner_threshold`` ...)."""
    ranked = sorted(
        (n for n, p in enumerate(probs) if p >= scorer.threshold), key=lambda n: (-probs[n], found[n].cue)
    )
    limit = {"same": 2.0, "inner": scorer.inner_threshold, "outer": scorer.outer_threshold,
             "overlap": scorer.overlap_threshold}
    taken: list[_Attribution] = []
    for n in ranked:
        a = found[n]
        if scorer.exclusive:
            clashes = {_conflict(a, b) for b in taken} - {""}
            if any(probs[n] < limit[c] for c in clashes):
                continue
        taken.append(a)
    return sorted(taken, key=lambda a: a.cue[0])


def _frags_overlap(a: Sequence[Frag], b: Sequence[Frag]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _band(p: float, parts: int) -> int:
    return min(int(p * parts), parts - 1)


def _rival_kind(a: _Attribution, b: _Attribution) -> list[str]:
    """The clash kinds of ``a`` with ``b`` the pass-2 model tells apart: ``_conflict``'s, and
    "samecontent" (another cue with the very same content)."""
    clash = _conflict(a, b)
    kinds = [clash] if clash else []
    if a.cue != b.cue and a.content == b.content:
        kinds.append("samecontent")
    return kinds


def rival_features(found: Sequence[_Attribution], probs: Sequence[float]) -> list[list[str]]:
    """Each candidate's stage-1 probability beside its rivals' (prefixed ``r:``): its band, its
    rank in the sentence and the document, and per clash kind the likeliest rival (its band,
    whether it outranks the candidate, proposer or rule, both sources, a shared speaker, both
    rules). Why: stage 1 rates each candidate alone; which of two clashing reports PolNeAR
    keeps depends on the other one too."""
    order = sorted(range(len(found)), key=lambda n: (-probs[n], found[n].cue))
    doc_rank = {n: r for r, n in enumerate(order)}
    sent_seen: Counter[int] = Counter()
    sent_rank = {}
    for n in order:
        sent_rank[n] = sent_seen[found[n].sentence_index]
        sent_seen[found[n].sentence_index] += 1
    out = []
    for n, a in enumerate(found):
        p = probs[n]
        b5 = _band(p, 5)
        fs = [f"r:band={_band(p, 20)}", f"r:srank={min(sent_rank[n], 3)}", f"r:drank={_bucket(doc_rank[n])}",
              f"r:band_rule={b5}:{a.rule}"]
        best: dict[str, int] = {}
        for m, b in enumerate(found):
            if m == n:
                continue
            for kind in _rival_kind(a, b):
                if kind not in best or (-probs[m], b.cue) < (-probs[best[kind]], found[best[kind]].cue):
                    best[kind] = m
        for kind, m in sorted(best.items()):
            b, q = found[m], probs[m]
            has = f"{int(bool(a.source_frags))}{int(bool(b.source_frags))}"
            fs += [f"r:{kind}:band={_band(q, 5)}", f"r:{kind}:outranks={int(q > p)}:{b5}",
                   f"r:{kind}:by={'proposer' if b.rule.startswith('proposed') else 'rule'}",
                   f"r:{kind}:src={has}", f"r:{kind}:rules={a.rule}:{b.rule}"]
            if a.source is not None and b.source is not None and a.source.i == b.source.i:
                fs.append(f"r:{kind}:same_head")
            if kind == "inner" and _frags_overlap([a.cue], b.source_frags):
                fs.append("r:inner:cue_in_source")
        if not best:
            fs.append(f"r:alone={b5}")
        out.append(fs)
    return out


def pass_two_features(found: Sequence[_Attribution], feats: Sequence[list[str]], probs: Sequence[float]) -> list[list[str]]:
    """What the pass-2 model reads: each candidate's own (stage-1) features and its rival
    features; shared by the extractor and ``scripts/train_attribution.py``."""
    return [f + r for f, r in zip(feats, rival_features(found, probs), strict=True)]


# --------------------------------------------------------------------------- learned cue proposer


@dataclass(frozen=True)
class Proposer:
    """A token-level logistic model ("is this token the head of a cue?") trained by
    ``scripts/train_cue_proposer.py`` on PolNeAR train. The rules miss a long tail of cues
    ("for many Democrats, ...", "lit into", colons in running text); tokens it rates at
    ``threshold`` or more that no rule candidate covers become candidates in a generic frame,
    which the attribution scorer then accepts or rejects."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


PROPOSER_FILE = "cue_proposer.json"
_SHIPPED = object()  # default argument: the shipped model
_PROPOSE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "ADV"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@lru_cache(maxsize=1)
def load_proposer() -> Proposer | None:
    """The shipped cue proposer, or None when the resource is absent (rules only)."""
    found = _linear_model(PROPOSER_FILE)
    if found is None:
        return None
    weights, bias, threshold, _ = found
    return Proposer(weights, bias, threshold)


def _proposable(ctx: _Context, found: Sequence[_Attribution]) -> list[Token]:
    """Tokens the proposer looks at: content words and colons outside quotations, datelines
    and the cues the rules already proposed."""
    covered: set[int] = set()
    for a in found:
        span = ctx.doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
        covered.update(t.i for t in span or [])
    return [
        t for t in ctx.doc
        if (t.pos_ in _PROPOSE_POS or t.text == ":") and t.i not in covered and not ctx.in_quote(t)
        and not _frags_overlap([(t.idx, t.idx + 1)], ctx.datelines)
    ]


def _token_features(tok: Token, ctx: _Context) -> list[str]:
    """Parse-only features of a token as a possible cue head (names ``kind=value``)."""
    lemma, lex = tok.lemma_.lower(), ctx.lex
    head = tok.head
    sent = sentence_of(tok)
    kids = sorted({c.dep_ for c in tok.children})
    out = [
        "bias", f"lemma={lemma}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}",
        f"pos_dep={tok.pos_}:{tok.dep_}", f"head={head.lemma_.lower()}", f"head_dep={head.dep_}",
        f"lemma_dep={lemma}:{tok.dep_}", f"pos_head={tok.pos_}:{head.pos_}",
    ]
    out += [f"kid={d}" for d in kids] + [f"pos_kid={tok.pos_}:{d}" for d in kids]
    out += [f"lemma_kid={lemma}:{d}" for d in kids if d in ("ccomp", "xcomp", "dobj", "nsubj", "prep", "pobj", "acl")]
    for c in tok.children:
        if c.dep_ == "prep":
            out += [f"prep={c.lower_}", f"lemma_prep={lemma}:{c.lower_}"]
        if c.dep_ in ("nsubj", "pobj", "poss") and c.ent_type_ in _SPEAKER_ENTS:
            out.append(f"kid_ent={c.dep_}:{c.ent_type_}")
        if c.dep_ == "nsubj" and c.pos_ == "PRON":
            out.append("subj_pron")
    rel = (tok.i - sent.start) * 4 // max(len(sent), 1)
    out.append(f"place={rel}")
    if tok.i == sent.start:
        out.append("sent_first")
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.text in (":", ","):
        out.append(f"next={nxt.text}")
    if tok.text == ":":
        after = tok.doc[tok.i + 1 : sent.end]
        out.append("colon_quote" if any(ctx.in_quote(t) for t in after[:2]) else "colon_text")
        before = tok.doc[sent.start : tok.i]
        out.append(f"colon_left={_bucket(len(before))}")
        out += [f"colon_left_ent={e}" for e in sorted({t.ent_type_ for t in before if t.ent_type_ in _SPEAKER_ENTS})]
    if ctx.sent_of[tok.i] in ctx.quoted_sentences:
        out.append("quote_in_sentence")
    prec = lex.cue_precision.get(lemma)
    out.append(f"prec={min(int(prec * 5), 4)}" if prec is not None else "prec=none")
    if lemma in lex.hand_cues:
        out.append("hand_cue")
    if tok.pos_ == "ADP":
        objs = [o for o in tok.children if o.dep_ == "pobj"]
        ent = next((o.ent_type_ for o in objs if o.ent_type_), "")
        noun = next((o.lemma_.lower() for o in objs if o.pos_ in ("NOUN", "PRON")), "")
        out += [f"pobj_ent={ent or 'O'}", f"lemma_pobj_ent={lemma}:{ent or 'O'}"]
        if noun and (noun in lex.person_nouns or noun in lex.unnamed_source_nouns):
            out += ["pobj_person", f"lemma_pobj_person={lemma}"]
    return out


def _nearest_speaker(tok: Token) -> Token | None:
    """The closest named person or organisation before ``tok`` in its sentence."""
    sent = sentence_of(tok)
    for t in reversed(tok.doc[sent.start : tok.i]):
        if t.ent_type_ in _SPEAKER_ENTS and t.head.ent_type_ != t.ent_type_ or t.ent_iob_ == "B" and t.ent_type_ in _SPEAKER_ENTS:
            return t
    return None


def _generic_frame(tok: Token, ctx: _Context) -> tuple[list[Frag], Token | None, list[Frag] | None]:
    """Content pieces, source head and (when the rule fixes them) source pieces of a proposed
    cue: for a colon, its two sides; for a framing preposition ("for X, ..."), its object is
    the source and the clause it hangs on the content; else the clause, object or
    prepositional object under the cue (or the rest of the sentence) and its subject."""
    doc, lex = ctx.doc, ctx.lex
    sent = sentence_of(tok)
    rest = [t for t in doc[tok.i + 1 : sent.end] if not ctx.in_quote(t) or ctx.quote_of[t.i] in ctx.speech]
    if tok.text == ":":
        left = doc[sent.start : tok.i]
        if not len(left):
            return [], None, None
        return _token_frags(rest), left.root, _clean(doc_text(doc), [(left.start_char, left.end_char)])
    if tok.pos_ == "ADP":
        obj = next((o for o in tok.children if o.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return [], None, None
        host = tok.head
        while host.dep_ not in ("ROOT", "ccomp", "conj") and host.head.i != host.i and host.pos_ not in ("VERB", "AUX"):
            host = host.head
        return _clause_frags(host, lex, exclude=[tok]), obj, None
    kids = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "acl") and c.i > tok.i]
    kids += [o for c in tok.children if c.dep_ == "prep" and c.i > tok.i for o in c.children if o.dep_ in ("pobj", "pcomp")]
    said = sorted({ctx.quote_of[t.i] for t in sent if ctx.quote_of.get(t.i, -1) in ctx.speech})
    if said and not any(k.dep_ in ("ccomp", "xcomp") for k in kids):
        # "“...,” barked X", "told AFP in an interview: “...”": the quotation beside the cue
        # is what was said, not its object
        frags = [ctx.quotes[min(said, key=lambda n: abs(ctx.quotes[n][0] - tok.idx))]]
    else:
        frags = [f for k in kids for f in _clause_frags(k, lex)] or _token_frags(rest)
    if tok.pos_ in ("VERB", "AUX"):
        source = _subject(tok)
    elif tok.pos_ == "NOUN":
        source = next((c for c in tok.children if c.dep_ in ("poss", "compound") and c.ent_type_ in _SPEAKER_ENTS), None)
    else:
        source = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return frags, source or _nearest_speaker(tok), None


def _excluded(tok: Token, lex: Lexicon) -> bool:
    """What the rules leave out by convention stays out when the proposer finds it: "declined
    to comment" (nothing said), and a mined verb that seldom reports, with an object (an
    action, "blocked a highway", not a report). PolNeAR counts such a verb as a stance when
    a named person or group acts ("Republicans pounced on ...", "Trump lit into ..."), so
    those stay candidates for the scorer."""
    if _empty_speech(tok, lex) or any(_empty_speech(c, lex) for c in tok.children):
        return True
    if tok.pos_ != "VERB" or not _action_verb(tok, lex):
        return False
    subject = _subject(tok)
    return subject is None or subject.ent_type_ not in ("PERSON", "NORP")


def _proposed(ctx: _Context, found: Sequence[_Attribution], proposer: Proposer) -> list[_Attribution]:
    """Candidates for the cues the rules missed that ``proposer`` rates likely."""
    out = []
    for tok in _proposable(ctx, found):
        if _excluded(tok, ctx.lex):
            continue
        p = proposer.probability(_token_features(tok, ctx))
        if p < proposer.threshold:
            continue
        frags, source, source_frags = _generic_frame(tok, ctx)
        if _is_author(source, ctx.lex):
            continue  # "we think ...": the writer talking
        content = ctx.content(frags)
        if not content:
            continue
        if source is not None and any(s <= source.idx < e for s, e in content):
            source, source_frags = None, None
        kind = "colon" if tok.text == ":" else tok.pos_.lower()
        band = str(min(int(p * 5), 4))
        out.append(ctx.attribution((tok.idx, tok.idx + len(tok.text)), tok, source, content,
                                   source_frags=source_frags, rule=f"proposed_{kind}", detail=band))
    return out


def cue_proposer_tokens(doc: Doc) -> list[tuple[Frag, list[str]]]:
    """The tokens the proposer would rate on ``doc`` (no rule candidate covers them), as
    (character span, features): what ``scripts/train_cue_proposer.py`` learns from."""
    ctx = _Context.of(doc, load_lexicon(), _quotations(doc_text(doc)))
    found = _candidates(ctx, None)
    return [((t.idx, t.idx + len(t.text)), _token_features(t, ctx)) for t in _proposable(ctx, found)]


def _candidates(ctx: _Context, proposer: Proposer | None) -> list[_Attribution]:
    found = (
        _according_to(ctx) + _view_phrases(ctx) + _adjective_attributions(ctx) + _verb_attributions(ctx)
        + _noun_attributions(ctx) + _as_predicates(ctx) + _colon_attributions(ctx) + _colon_quotes(ctx) + _framing_phrases(ctx)
        + _copula_reports(ctx) + _light_verb_phrases(ctx) + _role_nouns(ctx) + _stance_phrases(ctx)
        + _hearsay_adverbs(ctx) + _reactions(ctx)
    )
    found += _headline_verbs(ctx, found)
    found = [a for a in found if not _frags_overlap([a.cue], ctx.datelines)]
    if proposer is not None:
        found += _proposed(ctx, found, proposer)
    found.sort(key=lambda a: a.cue[0])
    return found


def candidate_records(doc: Doc, proposer: Any = _SHIPPED) -> tuple[list[_Attribution], list[list[str]]]:
    """Every candidate of ``doc`` before scoring and its stage-1 features (``proposer``: the
    cue proposer to add candidates with; default: the shipped one); the records are what
    ``rival_features`` reads."""
    ctx = _Context.of(doc, load_lexicon(), _quotations(doc_text(doc)))
    found = _candidates(ctx, load_proposer() if proposer is _SHIPPED else proposer)
    return found, _all_features(found, ctx)


def attribution_candidates(doc: Doc, proposer: Any = _SHIPPED) -> list[tuple[Frag, list[Frag], list[Frag], list[str]]]:
    """Every candidate of ``doc`` before scoring, as (cue, content pieces, source pieces,
    features): what ``scripts/train_attribution.py`` learns from."""
    found, feats = candidate_records(doc, proposer)
    return [(a.cue, a.content, a.source_frags, f) for a, f in zip(found, feats, strict=True)]




def _kind(content: Sequence[Frag], quotations: Sequence[Frag]) -> str:
    """direct: every piece is a quotation; mixed: some quoted words; else indirect."""
    if all(f in quotations for f in content):
        return "direct"
    if any(f[0] <= qs and qe <= f[1] for f in content for qs, qe in quotations):
        return "mixed"
    return "indirect"


# --------------------------------------------------------------------------- speakers


_History = list[tuple[Token, Frag]]  # (head token, fullest mention) of earlier speakers


def _pronoun_antecedent(src: Token, history: _History, ents: Sequence[SpacySpan], lex: Lexicon) -> Frag | None:
    """"he" -> the last earlier speaker who is a person; "they" -> a plural one; else the
    last compatible named entity before it."""
    low = src.lower_
    plural, neuter = low in lex.plural_pronouns, low in lex.neuter_pronouns
    for head, mention in reversed(history):
        is_plural = head.tag_ in ("NNS", "NNPS")
        is_person = head.ent_type_ == "PERSON" or head.lemma_.lower() in lex.person_nouns
        if head.pos_ == "PRON" or plural and not is_plural and head.ent_type_ == "PERSON":
            continue
        if not plural and not neuter and (is_plural or not is_person):
            continue
        if neuter and (head.ent_type_ == "PERSON" or is_plural):
            continue
        return mention
    for ent in reversed(ents):
        if ent.end_char <= src.idx and (ent.label_ == "PERSON") != (plural or neuter):
            return (ent.start_char, ent.end_char)
    return None


def _description_antecedent(doc: Doc, src: Token, history: _History, ents: Sequence[SpacySpan], lex: Lexicon) -> Frag | None:
    """"the ministry" -> the last earlier speaker or entity naming a ministry; "the sources"
    -> the last earlier source of the same number."""
    lemma = src.lemma_.lower()
    modifiers = [c.lower_ for c in src.children if c.dep_ in ("compound", "amod")]
    for head, mention in reversed(history):
        said = doc_text(doc)[mention[0] : mention[1]].lower()
        if (head.lemma_.lower() == lemma or lemma in said) and all(m in said for m in modifiers):
            return mention
    for ent in reversed(ents):
        if ent.end_char <= src.idx and lemma in ent.text.lower():
            return (ent.start_char, ent.end_char)
    if lemma in lex.generic_nouns:
        for head, mention in reversed(history):
            if head.pos_ != "PRON" and (head.tag_ == "NNS") == (src.tag_ == "NNS"):
                return mention
    return None


def _resolve(doc: Doc, attrs: Sequence[_Attribution], lex: Lexicon) -> list[Frag | None]:
    """For each attribution, the mention its speaker stands for: an earlier, fuller mention
    for pronouns, definite descriptions, relative pronouns and surnames; else itself."""
    resolved: list[Frag | None] = []
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
    pronouns = lex.singular_pronouns | lex.plural_pronouns | lex.neuter_pronouns
    history: _History = []
    for a in attrs:
        src = a.source
        if src is None or not a.source_frags:
            resolved.append(None)
            continue
        own = (a.source_frags[0][0], a.source_frags[-1][1])
        target: Frag | None = None
        if src.tag_ in ("WDT", "WP") and a.cue_token is not None and a.cue_token.dep_ == "relcl":
            noun = a.cue_token.head  # "the group, which announced ..."
            frags = _clean(doc_text(doc), _subtree_frags(noun, exclude=[a.cue_token]))
            target = (frags[0][0], frags[-1][1]) if frags else None
        elif src.lower_ in pronouns:
            target = _pronoun_antecedent(src, history, ents, lex)
        elif src.pos_ == "NOUN" and (
            any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in src.children)
            or src.lemma_.lower() in lex.generic_nouns and not any(c.dep_ == "det" for c in src.children)
        ):
            target = _description_antecedent(doc, src, history, ents, lex)
        elif src.pos_ == "PROPN" and own[1] - own[0] == len(src.text):
            # a surname: the earlier full mention ending with it
            target = next(
                (m for _, m in reversed(history)
                 if doc_text(doc)[m[0] : m[1]].endswith(src.text) and m[1] - m[0] > len(src.text)),
                None,
            )
        target = target or own
        resolved.append(target)
        history.append((src, target))
    return resolved


def _head_at(doc: Doc, frag: Frag) -> Token | None:
    span = doc.char_span(frag[0], frag[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _actor_for(frag: Frag | None, actors: Sequence[ActorMention]) -> ActorMention | None:
    """The actor mention inside (or covering) a speaker mention; the longest wins."""
    if frag is None:
        return None
    hits = [m for m in actors if m.actor is not None and m.span.start < frag[1] and frag[0] < m.span.end]
    return max(hits, key=lambda m: m.span.end - m.span.start) if hits else None


# --------------------------------------------------------------------------- public API



def extract_quotes(doc: Doc, article_id: str = "", scorer: Any = _SHIPPED, proposer: Any = _SHIPPED) -> list[QuoteMention]:
    """Direct, indirect and mixed quotes of ``doc`` with cue, speaker and resolved actor.

    ``scorer`` filters the candidate attributions (default: the shipped model; None keeps
    every candidate; the training script passes the model it is evaluating); ``proposer``
    adds candidates for cues the rules miss (default: the shipped one; None: rules only)."""
    lex = load_lexicon()
    text = doc_text(doc)
    quotations = _quotations(text)
    attrs = _attributions(doc, lex, quotations, load_scorer() if scorer is _SHIPPED else scorer,
                          load_proposer() if proposer is _SHIPPED else proposer)
    targets = _resolve(doc, attrs, lex)
    actors: list[ActorMention] = list(getattr(doc._, "actor_mentions", None) or [])
    out: list[QuoteMention] = []
    seen: set[tuple[Frag, ...]] = set()
    for a, target in zip(attrs, targets, strict=True):
        key = tuple(a.content)
        if key in seen:
            continue
        seen.add(key)
        kind = _kind(a.content, quotations)
        speaker = _span(text, a.source_frags) if a.source_frags else None
        antecedent = Span(target[0], target[1], text[target[0] : target[1]]) if target else None
        actor = _actor_for(target, actors) or _actor_for(
            (speaker.start, speaker.end) if speaker else None, actors
        )
        description = ""
        if antecedent is not None and a.source is not None:
            head = _head_at(doc, (antecedent.start, antecedent.end))
            if head is not None and head.lemma_.lower() in lex.unnamed_source_nouns and head.ent_type_ != "PERSON":
                description = antecedent.text
        out.append(
            QuoteMention(
                article_id=article_id,
                sentence_index=a.sentence_index,
                content=_span(text, a.content),
                cue=Span(a.cue[0], a.cue[1], text[a.cue[0] : a.cue[1]]),
                speaker=speaker,
                speaker_actor=actor.actor if actor else None,
                speaker_description=description,
                kind=kind,
                confidence=0.8 if speaker is not None else 0.5,
                content_parts=[Span(s, e, text[s:e]) for s, e in a.content],
                speaker_antecedent=antecedent,
            )
        )
    return out


def _judged_reports(doc: Doc, lex: Lexicon, frag: Frag) -> list[tuple[str, Frag, Frag]]:
    """Inside ``frag``: "reports of X were false" / "denied reports that X" -> (stance, X, cue)."""
    out = []
    span = doc.char_span(frag[0], frag[1], alignment_mode="expand")
    if span is None:
        return out
    for tok in span:
        if tok.lemma_.lower() not in lex.report_nouns or tok.pos_ != "NOUN":
            continue
        comp = [c for c in tok.children if c.dep_ in ("prep", "acl", "ccomp", "relcl") and (c.dep_ != "prep" or c.lower_ in ("of", "about", "that"))]
        if not comp:
            continue
        prop_frags = []
        for c in comp:
            if c.dep_ == "prep":
                prop_frags += [f for p in c.children if p.dep_ in ("pobj", "pcomp") for f in _subtree_frags(p)]
            elif c.dep_ != "relcl":
                prop_frags += _subtree_frags(c)
        prop = _clean(doc_text(doc), prop_frags, [])
        if not prop:
            continue
        stance = None
        cue: Frag | None = None
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass"):
            for c in head.children:
                if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in lex.judgement:
                    stance, cue = lex.judgement[c.lemma_.lower()], (c.idx, c.idx + len(c.text))
        elif tok.dep_ == "dobj" and head.lemma_.lower() in lex.cue_stance:
            stance, cue = lex.cue_stance[head.lemma_.lower()], (head.idx, head.idx + len(head.text))
        if stance:
            out.append((stance, (prop[0][0], prop[-1][1]), cue or (tok.idx, tok.idx + len(tok.text))))
    return out


def extract_claims(doc: Doc, article_id: str, quotes: Sequence[QuoteMention]) -> list[ClaimMention]:
    """Each quote asserts, denies, confirms or questions its content; a judged report
    inside a quote ("reports of X were false") is a claim about X itself."""
    lex = load_lexicon()
    dct = getattr(doc._, "dct", None)
    out: list[ClaimMention] = []
    for q in quotes:
        cue_lemma = ""
        if q.cue is not None:
            cue_span = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
            cue_lemma = cue_span.root.lemma_.lower() if cue_span is not None and len(cue_span) else ""
        stance = lex.cue_stance.get(cue_lemma, "asserts")
        said = q.content.text.rstrip(_CLOSE_QUOTES + " ")
        if cue_lemma in lex.question_cues and (
            said.endswith("?") or said.split(" ", 1)[0].lower() in lex.question_openers
        ):
            stance = "questions"
        common = dict(
            article_id=article_id,
            sentence_index=q.sentence_index,
            claimant=q.speaker,
            claimant_actor=q.speaker_actor,
            date=dct,
        )
        out.append(ClaimMention(proposition=q.content, stance=stance, cue=q.cue, confidence=0.6, **common))
        for part in q.content_parts or [q.content]:
            for st, prop, cue in _judged_reports(doc, lex, (part.start, part.end)):
                out.append(
                    ClaimMention(
                        proposition=Span(prop[0], prop[1], doc_text(doc)[prop[0] : prop[1]]),
                        stance=st,
                        cue=Span(cue[0], cue[1], doc_text(doc)[cue[0] : cue[1]]),
                        confidence=0.7,
                        **common,
                    )
                )
    return out


def link_claims(claims: Sequence[ClaimMention], events: Sequence[EventMention], mark: bool = True) -> list[str]:
    """Link each event to the narrowest claim whose proposition holds its trigger.

    Sets ``claim.event_mention_id`` (the first event in the proposition) and, when ``mark``,
    stores denied events with modality ``negated``. Returns the ids of denied events.
    """
    denied: list[str] = []
    for ev in sorted(events, key=lambda e: e.trigger.start):
        holders = [
            c for c in claims
            if c.article_id == ev.article_id and c.proposition.start <= ev.trigger.start and ev.trigger.end <= c.proposition.end
        ]
        if not holders:
            continue
        # the narrowest proposition; on a tie an explicit stance beats a plain assertion
        claim = min(holders, key=lambda c: (c.proposition.end - c.proposition.start, c.stance == "asserts"))
        if not claim.event_mention_id:
            claim.event_mention_id = ev.id
        if claim.stance == "denies":
            denied.append(ev.id)
            if mark:
                ev.modality = "negated"
    return denied


def quotes_and_claims(doc: Doc, article_id: str = "") -> tuple[list[QuoteMention], list[ClaimMention]]:
    """Both extractors on one doc (what the pipeline component stores)."""
    quotes = extract_quotes(doc, article_id)
    return quotes, extract_claims(doc, article_id, quotes)


__all__ = [
    "EXTRACTOR",
    "PROPOSER_FILE",
    "Lexicon",
    "Proposer",
    "Scorer",
    "attribution_candidates",
    "candidate_records",
    "cue_proposer_tokens",
    "extract_claims",
    "extract_quotes",
    "link_claims",
    "load_lexicon",
    "load_proposer",
    "load_scorer",
    "pass_two_features",
    "quotes_and_claims",
    "rival_features",
]
