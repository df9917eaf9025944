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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Span

from . import ontology

if TYPE_CHECKING:  # events imports this module; only the type is needed here
    from .events import Candidate

MODEL_PATH = Path(__file__).resolve().parent.parent / "resources" / "models" / "event_classifier.json"
STATEMENT = "STATEMENT"  # pseudo-type of the PentaClass head: a sentence with no PLOVER event

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
        out.add("r=NONE")
    return sorted(out)


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
    """The type head (16 PLOVER types) and the PentaClass head (0-4), over one vocabulary."""

    vocab: dict[str, int]
    type_head: Head
    penta_head: Head
    version: str

    def rows(self, feats: Iterable[str]) -> list[int]:
        return [self.vocab[f] for f in feats if f in self.vocab]


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

    def head(spec: dict) -> Head:
        return Head(
            tuple(spec["labels"]),
            np.asarray(spec["weights"], dtype=np.float64).reshape(len(vocab), len(spec["labels"])),
            np.asarray(spec["bias"], dtype=np.float64),
        )

    return EventClassifier(vocab, head(data["type"]), head(data["penta"]), data["version"])


def to_dict(
    features_: Sequence[str], heads: dict[str, tuple[Sequence[str], np.ndarray, np.ndarray]], version: str
) -> dict:
    """JSON form of a model: weights rounded to 4 decimals so the file is small and stable."""
    data: dict = {"version": version, "features": list(features_)}
    for name, (labels, weights, bias) in heads.items():
        data[name] = {
            "labels": list(labels),
            "bias": [round(float(b), 4) for b in bias],
            "weights": [round(float(w), 4) for w in np.asarray(weights).ravel()],
        }
    return data


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> EventClassifier | None:
    """The shipped model (cached); ``None`` when the artifact is absent (rules only)."""
    file = Path(path) if path else MODEL_PATH
    if not file.exists():
        return None
    return from_dict(json.loads(file.read_text("utf-8")))


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
    rows = model.rows(feats)
    p_type = model.type_head.proba(rows)
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
