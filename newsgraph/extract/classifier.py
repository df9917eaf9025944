"""Sentence-level event classifier: a small linear model that decides the PLOVER type (and the
CAMEO PentaClass, including 0 "statement" = no PLOVER event) from the parse and the rule
candidates.

Why a model at all: the trigger lexicon finds *where* an event is and the parse finds *who* and
*whom*, but a verb's type depends on its context ("called on X to ..." is a request, "called X a
liar" an accusation) and a lexicon alone over-codes reported statements. The model reads the
same parse features the rules use (lemmas, verb-object and verb-preposition pairs, the rule
candidates' types and triggers), so it stays cheap (a sparse dot product per sentence).

The weights are plain JSON under ``resources/models/`` (no scikit-learn at run time), produced
by ``scripts/train_event_classifier.py``, which reproduces the file exactly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.tokens import Span

from ..nlp.pipeline import sentence_of
from . import ontology

if TYPE_CHECKING:  # events imports this module; only the types are needed here
    from spacy.tokens import Token

    from .events import ArgumentSpan, Candidate

MODEL_PATH = Path(__file__).resolve().parent.parent / "resources" / "models" / "event_classifier.json"
SPAN_MODEL_PATH = MODEL_PATH.with_name("argument_spans.json")
STATEMENT = "STATEMENT"  # pseudo-type of the PentaClass head: a sentence with no PLOVER event
NO_TRIGGER = "r=NONE"  # the feature of a sentence in which the lexicon found no trigger

_NAME_ENTS = {"NORP", "GPE", "ORG", "PERSON", "LOC", "FAC"}


def heldout(text: str, parts: int = 4) -> bool:
    """The fixed quarter of a development file the shipped model never trains on (the quality
    gates score it): decided by a hash of the text, so it does not depend on row order."""
    return int(hashlib.sha1(text.strip().encode("utf-8")).hexdigest(), 16) % parts == 0


def features(span: Span, cands: Sequence[Candidate]) -> list[str]:
    """Binary features of one sentence: content lemmas (names reduced to their entity type, so
    the model learns actions, not countries), verb-object / verb-preposition pairs, negated
    verbs, the root verb, and the types, triggers and modality of the rule candidates."""
    from .events import primary  # events imports this module at load time

    out: set[str] = set()
    for tok in span:
        if tok.is_punct or tok.is_space or tok.like_num:
            continue
        if tok.ent_type_ in _NAME_ENTS or tok.pos_ == "PROPN":
            out.add(f"e={tok.ent_type_ or 'PROPN'}")
            continue
        lemma = tok.lemma_.lower()
        if tok.dep_ == "ROOT":
            out.add(f"root={lemma}")
        if tok.is_stop and tok.dep_ != "neg":
            continue
        out.add(f"w={lemma}")
        if tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ in ("dobj", "prt", "prep", "xcomp"):
                    out.add(f"v{child.dep_}={lemma}_{child.lemma_.lower()}")
                elif child.dep_ == "neg":
                    out.add(f"vneg={lemma}")
    best = primary(list(cands))
    for cand in cands:
        out.add(f"r={cand.event_type}")
        out.add(f"rt={cand.trigger.lemma_.lower()}")
        if cand is best:
            out.add(f"p={cand.event_type}/{cand.kind}")
        if cand.reported:
            out.add(f"rep={cand.event_type}")
        if cand.modality != "asserted":
            out.add(f"m={cand.modality}")
    if not cands:
        out.add(NO_TRIGGER)
    return sorted(out)


#: prefixes of the features read from the lexicon's candidates (``features``)
RULE_PREFIXES = ("r=", "rt=", "p=", "rep=", "m=")


def lexical(feats: Iterable[str]) -> list[str]:
    """The features that do not come from the lexicon's candidates: what the no-trigger head
    (``EventClassifier.fallback``) reads, so that its type does not rest on ``r=NONE``."""
    return [f for f in feats if not f.startswith(RULE_PREFIXES)]


@dataclass(frozen=True)
class Head:
    """One softmax layer: ``labels`` and a (features x labels) weight matrix."""

    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    def proba(self, rows: Iterable[int]) -> np.ndarray:
        idx = list(rows)
        logits = self.bias + (self.weights[idx].sum(axis=0) if idx else 0.0)
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()


@dataclass(frozen=True)
class EventClassifier:
    """The type head (16 PLOVER types) and the PentaClass head (0-4), over one vocabulary, and
    optionally a type head for sentences with no lexicon trigger (``fallback``, its own
    vocabulary of ``lexical`` features, trained on every typed sentence): the main head's type
    for them rests on the one ``r=NONE`` weight learnt from the few no-trigger training rows,
    a fixed prior that said CONCEDE for most of them (bench/results/events.md, type pass 4)."""

    vocab: dict[str, int]
    type_head: Head
    penta_head: Head
    version: str
    fallback: tuple[dict[str, int], Head] | None = None

    def rows(self, feats: Iterable[str]) -> list[int]:
        return [self.vocab[f] for f in feats if f in self.vocab]

    def type_proba(self, feats: Sequence[str], rows: Sequence[int]) -> np.ndarray:
        """P(type): from the no-trigger head where the lexicon found nothing and it exists."""
        if self.fallback is not None and NO_TRIGGER in feats:
            vocab, head = self.fallback
            return head.proba(vocab[f] for f in feats if f in vocab)
        return self.type_head.proba(rows)


@dataclass(frozen=True)
class SentenceCoding:
    """The classifier's reading of one sentence."""

    event_type: str  # best PLOVER type (always one of the 16)
    type_prob: float  # its joint probability, renormalised over the 16 types
    pentaclass: int  # 0 when the statement class wins, else the table class of ``event_type``
    statement_prob: float  # P(no PLOVER event / a mere statement)
    type_probs: dict[str, float] = field(default_factory=dict)  # joint, renormalised, per type


def from_dict(data: dict) -> EventClassifier:
    """Build the classifier from its JSON form (see ``to_dict``)."""
    vocab = {f: i for i, f in enumerate(data["features"])}
    fallback = None
    if "fallback" in data:
        small = {f: i for i, f in enumerate(data["fallback"]["features"])}
        fallback = (small, _head(data["fallback"], len(small)))
        if fallback[1].labels != tuple(data["type"]["labels"]):  # decode reads both in one order
            raise ValueError("the no-trigger head's labels differ from the type head's")
    return EventClassifier(
        vocab, _head(data["type"], len(vocab)), _head(data["penta"], len(vocab)), data["version"], fallback
    )


def _head(spec: dict, n_features: int) -> Head:
    """A softmax layer from its JSON form (``to_dict``)."""
    return Head(
        tuple(spec["labels"]),
        np.asarray(spec["weights"], dtype=np.float64).reshape(n_features, len(spec["labels"])),
        np.asarray(spec["bias"], dtype=np.float64),
    )


def to_dict(
    features_: Sequence[str], heads: dict[str, tuple[Sequence[str], np.ndarray, np.ndarray]], version: str,
    head_features: dict[str, Sequence[str]] | None = None,
) -> dict:
    """JSON form of a model: weights rounded to 4 decimals so the file is small and stable.
    ``head_features``: a head with its own vocabulary (``fallback``)."""
    data: dict = {"version": version, "features": list(features_)}
    for name, (labels, weights, bias) in heads.items():
        data[name] = {
            "labels": list(labels),
            "bias": [round(float(b), 4) for b in bias],
            "weights": [round(float(w), 4) for w in np.asarray(weights).ravel()],
        }
        if head_features and name in head_features:
            data[name]["features"] = list(head_features[name])
    return data


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> EventClassifier | None:
    """The shipped model (cached); ``None`` when the artifact is absent (rules only)."""
    return _load_artifact(Path(path) if path else MODEL_PATH, from_dict)


def _load_artifact(file: Path, build: Callable[[dict], Any]) -> Any:
    return build(json.loads(file.read_text("utf-8"))) if file.exists() else None


def code_sentence(
    span: Span, cands: Sequence[Candidate], model: EventClassifier | None = None
) -> SentenceCoding | None:
    """Type and PentaClass of a sentence. The type is the PLOVER type maximising
    P(type) * P(pentaclass of type), so both heads agree; PentaClass 0 wins when the
    statement class is the PentaClass head's best."""
    model = model or load_model()
    if model is None:
        return None
    return decode(model, features(span, cands))


def decode(model: EventClassifier, feats: Iterable[str]) -> SentenceCoding:
    """Both heads on a feature list (shared by run time and the training script's scoring)."""
    feats = list(feats)
    rows = model.rows(feats)
    p_type = model.type_proba(feats, rows)
    p_penta = model.penta_head.proba(rows)
    classes = [int(c) for c in model.penta_head.labels]
    table = ontology.pentaclass_table()
    joint = np.array(
        [p * p_penta[classes.index(int(table["map"][t]))] for t, p in zip(model.type_head.labels, p_type, strict=True)]
    )
    best = int(joint.argmax())
    event_type = model.type_head.labels[best]
    statement_prob = float(p_penta[classes.index(int(table["no_event"]))])
    top_class = classes[int(p_penta.argmax())]
    penta = int(table["no_event"]) if top_class == int(table["no_event"]) else int(table["map"][event_type])
    joint = joint / joint.sum()
    probs = {t: float(p) for t, p in zip(model.type_head.labels, joint, strict=True)}
    return SentenceCoding(event_type, float(joint[best]), penta, statement_prob, probs)


# --------------------------------------------------------------------------- argument model


def _dep_label(tok: Token) -> str:
    return f"{tok.dep_}:{tok.lemma_.lower()}" if tok.dep_ in ("prep", "agent") else tok.dep_


def dependency_path(head: Token, anchor: Token, most: int = 3) -> str:
    """Dependency labels from ``head`` up to the lowest common ancestor, then down to
    ``anchor`` ("pobj^prep:on|" = the object of "on" attached to the trigger)."""
    up_anchor = {t.i: k for k, t in enumerate([anchor, *anchor.ancestors])}
    ups: list[str] = []
    for tok in [head, *head.ancestors]:
        if tok.i in up_anchor:
            downs = [_dep_label(t) for t in [anchor, *anchor.ancestors][: up_anchor[tok.i]]]
            return "^".join(ups[:most]) + "|" + "^".join(downs[:most])
        ups.append(_dep_label(tok))
    return "none"


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


def span_features(
    anchor: Token, kind: str, event_type: str, arg: ArgumentSpan,
    rule: dict[tuple[int, int], str], rule_heads: dict[int, str],
) -> list[str]:
    """Binary features of one candidate argument phrase of the event at ``anchor``: its cut
    ("np", "sub", ...), the dependency path to the trigger, its side and distance, its head,
    its shape (clauses, prepositions, coordination, names inside), and what the parse rules
    chose (the same phrase, or another cut of the same head, as actor "S" or recipient "T")."""
    head, span = arg.head, arg.span
    path = dependency_path(head, anchor)
    first = path.split("|")[0].split("^")[0]
    side = "L" if span.end <= anchor.i else "R" if span.start > anchor.i else "IN"
    dist = anchor.i - span.end + 1 if side == "L" else span.start - anchor.i if side == "R" else 0
    inner = {t.dep_ for t in span if t.head.i == head.i and t.i != head.i}
    root_path = dependency_path(head, sentence_of(anchor).root)
    out = {
        f"path={path}", f"path1={first}|{side}", f"kpath={kind}/{path}", f"tpath={event_type}/{first}",
        f"rpath={root_path}", f"rpath1={root_path.split('|')[0].split('^')[0]}|{root_path.count('^')}",
        f"alpath={anchor.lemma_.lower()}/{first}",
        f"side={side}", f"dist={side}{_bucket(dist)}", f"len={_bucket(len(span))}",
        f"dep={head.dep_}", f"pos={head.pos_}", f"ent={head.ent_type_ or '-'}",
        f"hl={head.lemma_.lower()}", f"first={span[0].lower_ if span[0].dep_ == 'det' else span[0].pos_}",
        f"last={span[-1].pos_}", f"xs={'+'.join(sorted(arg.extents))}",
        f"rule={rule.get((span.start, span.end), 'O')}", f"ruleh={rule_heads.get(head.i, 'O')}",
        f"ruleh={rule_heads.get(head.i, 'O')}/{'same' if (span.start, span.end) in rule else 'other'}",
    }
    for name in arg.extents:
        out.add(f"x={name}")
        out.add(f"x={name}/{first}")
        out.add(f"x={name}/rule={rule.get((span.start, span.end), 'O')}/{rule_heads.get(head.i, 'O')}")
    for dep in inner:
        out.add(f"has={dep}")
    named = any(t.ent_type_ in _NAME_ENTS or t.pos_ == "PROPN" for t in span)
    if named:
        out.add("named")
    out.add(f"nf={first}/{'named' if named else head.ent_type_ or head.pos_}")
    if _event_noun(head):
        out.add(f"evn={first}")
    for party in _rival_parties(anchor):
        out.add(f"cx={first}/{party}")
    # where the trigger sits (main clause, relative clause, participle, ...) decides which
    # phrases are its parties; the head's own governor says whose argument the phrase is
    out.add(f"tdep={anchor.dep_}/{first}|{side}")
    out.add(f"gov={head.dep_}:{head.head.pos_}/{'trigger' if head.head.i == anchor.i else 'other'}")
    # which of the head's right-hand modifiers the cut keeps and which it leaves out ("of" phrases
    # are usually kept, relative clauses left out)
    for child in head.children:
        if child.i > head.i and child.dep_ != "punct":
            kept = "in" if child.i < span.end else "out"
            out.add(f"right={kept}:{_dep_label(child)}")
    for ent in {t.ent_type_ for t in span if t.ent_type_}:
        out.add(f"ents={ent}")
    return sorted(out)


def _event_noun(tok: Token) -> bool:
    """An event or thing noun of the trigger lexicon ("sanctions", "ban", "talks"): as the
    trigger's object it is usually what is done, and the party is attached to it."""
    from .events import _noun_label, lexicon  # events imports this module at load time

    return tok.pos_ == "NOUN" and _noun_label(tok, lexicon()) is not None


def _rival_parties(anchor: Token) -> set[str]:
    """Prepositions that offer a party next to the trigger: on the trigger itself ("t:to" in
    "sent aid to X") or on its direct object ("o:on" in "imposed sanctions on X"). A direct
    object competes with them for the recipient role."""
    out: set[str] = set()
    for child in anchor.children:
        if child.dep_ in ("prep", "dative") and any(g.dep_ == "pobj" for g in child.children):
            out.add(f"t:{child.lemma_.lower()}")
        elif child.dep_ in ("dobj", "obj"):
            out.add("t:dobj")
            for grand in child.children:
                if grand.dep_ in ("prep", "acl") and any(g.dep_ in ("pobj", "prep") for g in grand.children):
                    out.add(f"o:{grand.lemma_.lower() if grand.dep_ == 'prep' else 'acl'}")
    return out


@dataclass(frozen=True)
class SpanModel:
    """A softmax over (O, S, T) per candidate phrase. Per role, where the parse rules found no
    phrase, the model's best is kept when its probability reaches ``threshold``. Where the
    rules found one, the model re-cuts it (the best-scored phrase with the same head; a
    coordinated list stays as it is, PLOVER keeps actor lists) and replaces it by another
    phrase only when at least ``override`` sure; with ``protect``, a role in ``structural`` (the
    rules followed a PLOVER convention there, ``events.structural_roles``) is never replaced,
    only re-cut, and a place phrase never replaces the rules' phrase. S and T never overlap."""

    vocab: dict[str, int]
    head: Head
    threshold: float
    version: str
    override: float = 0.0
    protect: bool = False
    #: per role, the least probability at which the rules' phrase (not a structural one) is kept
    keep: dict[str, float] = field(default_factory=dict)
    #: decode settings (``threshold``, ``override``, ``keep``) that differ under another
    #: argument convention ("cameo"), chosen by the training script's k-fold CV
    conventions: dict[str, dict] = field(default_factory=dict)

    def decode(self, convention: str) -> SpanModel:
        """This model with ``convention``'s decode settings (itself where it has none)."""
        spec = self.conventions.get(convention)
        return replace(self, **spec, conventions={}) if spec else self

    def probabilities(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        return np.vstack([self.head.proba(self.vocab[f] for f in feats if f in self.vocab) for feats in rows])

    def choose(
        self, rows: Sequence[Sequence[str]], spans: Sequence[tuple[int, int]],
        heads: Sequence[int], rules: dict[str, list[int]] | None = None,
        structural: frozenset[str] | set[str] = frozenset(), places: frozenset[int] | set[int] = frozenset(),
        banned: frozenset[int] | set[int] = frozenset(), firm: frozenset[str] | set[str] = frozenset(),
        groups: dict[int, list[int]] | None = None,
    ) -> dict[str, list[int]]:
        """Indexes of the chosen candidates per role ("S", "T"). ``spans``: token ranges,
        ``heads``: head token per candidate, ``rules``: the candidates the rules chose per role,
        ``structural``: the roles where the rules followed a structural convention, ``places``:
        candidates naming a place (with ``protect``, they never replace the rules' phrase),
        ``banned``: candidates the model may not choose on its own (outside the event's clause,
        ``events.domain_bans``); the rules' choice stands there; ``firm``: roles where the rules'
        phrase is kept even when the model doubts it (``keep``), e.g. the trigger's direct object;
        ``groups``: for a candidate naming one member (or the whole) of a coordination, the
        candidates of all its members, which the model's own pick becomes (``events.coordinations``)."""
        if not rows:
            return {}
        probs = self.probabilities(rows)
        chosen = {
            role: (groups or {}).get(ks[0], ks) for role, ks in self._pick(probs, spans, banned).items()
        }
        kept: set[str] = set()
        for role, ks in (rules or {}).items():
            col = self.head.labels.index(role)
            free = chosen.get(role)
            if not ks:
                continue
            # the model picked one member of the rules' coordinated list: the list stands
            agrees = bool(free) and len(ks) > 1 and bool({heads[j] for j in free} & {heads[k] for k in ks})
            fixed = self.protect and (role in structural or bool(free) and free[0] in places)
            if free and not agrees and not fixed and float(probs[free[0], col]) >= self.override:
                continue
            if len(ks) == 1:
                same = [j for j in range(len(rows)) if heads[j] == heads[ks[0]]]
                ks = [max(same, key=lambda j: (float(probs[j, col]), -j))]
            if role not in structural and role not in firm and max(float(probs[k, col]) for k in ks) < self.keep.get(role, 0.0):
                continue  # the rules' own phrase, not by a structural convention, that the model doubts
            chosen[role] = ks
            kept.add(role)
        if len(chosen) == 2 and _overlap([spans[k] for k in chosen["S"]], [spans[k] for k in chosen["T"]]):
            loser = "T" if "S" in kept or "T" not in kept else "S"
            del chosen[loser]
        return chosen

    def _pick(
        self, probs: np.ndarray, spans: Sequence[tuple[int, int]], banned: frozenset[int] | set[int] = frozenset()
    ) -> dict[str, list[int]]:
        """The model's own best phrase per role at or over ``threshold``, without overlaps,
        among the candidates not ``banned``."""
        order = sorted(
            ((float(probs[k, self.head.labels.index(role)]), -k, role) for role in ("S", "T") for k in range(len(probs))),
            reverse=True,
        )
        chosen: dict[str, list[int]] = {}
        for prob, neg_k, role in order:
            if prob < self.threshold or len(chosen) == 2:
                break
            k = -neg_k
            if k in banned:
                continue
            if role not in chosen and not _overlap([spans[k]], [spans[j] for ks in chosen.values() for j in ks]):
                chosen[role] = [k]
        return chosen


def _overlap(left: Sequence[tuple[int, int]], right: Sequence[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in left for c, d in right)


def span_model_from_dict(data: dict) -> SpanModel:
    """The argument model from its JSON form (``to_dict`` with one head, "spans", and a threshold)."""
    vocab = {f: i for i, f in enumerate(data["features"])}
    return SpanModel(
        vocab, _head(data["spans"], len(vocab)), float(data["threshold"]), data["version"],
        float(data.get("override", 0.0)), bool(data.get("protect", False)),
        {role: float(p) for role, p in data.get("keep", {}).items()},
        {name: dict(spec) for name, spec in data.get("conventions", {}).items()},
    )


@lru_cache(maxsize=1)
def load_span_model(path: str | None = None) -> SpanModel | None:
    """The shipped argument model (cached); ``None`` when the artifact is absent (rules only)."""
    return _load_artifact(Path(path) if path else SPAN_MODEL_PATH, span_model_from_dict)
