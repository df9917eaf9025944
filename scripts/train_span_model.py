"""Train the argument model shipped as ``newsgraph/resources/models/argument_spans.json``: which
phrase of a sentence is the event's actor (S) and which its recipient (T), chosen among
``events.argument_spans`` (reproducibly: sorted inputs, full-batch L-BFGS, rounded weights,
sorted JSON), and report honest figures.

Source (read from the eval-data folder, never copied): the ConfliBERT CAMEO source/target CoNLL
file ``conflibert-cameo-pentaclass/cameo_ner/train.txt``. Each sentence is anchored on the event
the pipeline codes as its primary one (``sentence_events`` without the model, as at run time).

The shipped model never sees the held-out quarter (``classifier.heldout`` of the sentence text,
the same rule as ``newsgraph eval actors --part heldout``). ``--report`` prints 5-fold CV (fixed
hash folds) on the other three quarters; the decision threshold, the override and whether the
structural roles (``events.structural_roles``) are protected are chosen by that CV only.

    python scripts/train_span_model.py            # write the artifact
    python scripts/train_span_model.py --report   # + 5-fold CV per threshold
    python scripts/train_span_model.py --check    # fail if the artifact differs
    python scripts/train_span_model.py --cross-source  # the shipped pipeline on another annotation set
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_event_classifier import train_head  # noqa: E402  (one L-BFGS trainer for both models)

from newsgraph.evaluate import prf  # noqa: E402
from newsgraph.evaluate.events import conll_text, gold_spans, parse_texts, predict, read_conll  # noqa: E402
from newsgraph.extract import classifier, ontology  # noqa: E402
from newsgraph.extract.events import (  # noqa: E402
    argument_convention,
    argument_spans,
    clause_candidate,
    coordinations,
    domain_bans,
    firm_roles,
    place_phrases,
    plover_roles,
    primary,
    protected_places,
    rule_choice,
    sentence_events,
    structural_roles,
)
from newsgraph.settings import Settings  # noqa: E402

VERSION = "1"
LABELS = ("O", "S", "T")
MIN_COUNT = 2
FOLDS = 5
#: the shipped threshold and back-off to the rules' phrase, chosen by ``--report``'s 5-fold CV on the training quarters
THRESHOLD = 0.15
OVERRIDE = 0.0
PROTECT = True
#: per role, the least model probability at which the rules' phrase (not a structural one) is kept
KEEP = {"T": 0.1}
KEEPS = (0.0, 0.1, 0.2)
THRESHOLDS = (0.1, 0.15, 0.2, 0.3)
OVERRIDES = (0.0, 0.3, 0.5, 0.7, 1.01)
#: decode settings of the "cameo" argument convention (structural_arguments.yaml ``conventions``),
#: chosen by ``--report``'s 5-fold CV on the training quarters; the weights are shared
CONVENTIONS = {"cameo": {"threshold": 0.15}}
#: the cameo grid of ``--report``: what the convention may lift (dotted overrides of the yaml)
CAMEO_GRID = {
    f"clause={clause} places={places} inherited={inherited}": {
        "domain.clause": clause, "domain.places": places, "actor.inherited": inherited,
    }
    for clause in (True, False) for places in ("ban", "fill", "free") for inherited in (True, False)
}


@dataclass
class Sentence:
    text: str
    gold: list[tuple[str, int, int]]  # (role, first token, last token + 1) in the file's tokens
    rows: list[list[str]]  # features of each candidate phrase
    spans: list[tuple[int, int]]  # each candidate's range in the file's tokens
    heads: list[int]  # each candidate's head token
    labels: list[str]  # each candidate's gold role, "O" for none
    rules: dict[str, list[int]]  # the candidates the parse rules chose, per role
    structural: frozenset[str]  # roles where the rules followed a structural convention
    places: frozenset[int]  # candidates naming a place
    banned: frozenset[int] = frozenset()  # candidates outside the event's clause (events.domain_bans)
    firm: frozenset[str] = frozenset()  # roles whose rules' phrase is kept when the model doubts it
    groups: dict[int, list[int]] | None = None  # coordinated lists (events.coordinations)
    #: per argument convention (or ``CAMEO_GRID`` cell): (banned, structural, protected places)
    decode: dict[str, tuple[frozenset[int], frozenset[str], frozenset[int]]] = field(default_factory=dict)


@contextmanager
def _convention(overrides: dict) -> Iterator[str]:
    """Read structural_arguments.yaml with ``overrides`` as the "cameo" convention (the grid of
    ``--report``); the file's own convention is restored afterwards."""
    conventions = ontology.structural_arguments()["conventions"]
    saved = conventions["cameo"]
    conventions["cameo"] = overrides
    argument_convention.cache_clear()
    try:
        yield "cameo"
    finally:
        conventions["cameo"] = saved
        argument_convention.cache_clear()


def _decode_inputs(best, args, places: frozenset[int], convention: str) -> tuple[frozenset[int], frozenset[str], frozenset[int]]:
    """What ``events.refine_arguments`` hands the model's decode under ``convention``."""
    return (
        domain_bans(best, args, places, convention), structural_roles(best, convention),
        protected_places(places, convention),
    )


def _fold(text: str) -> int:
    return int(hashlib.sha1(("fold:" + text.strip()).encode("utf-8")).hexdigest(), 16) % FOLDS


def featurize(path: Path, settings: Settings) -> list[Sentence]:
    sents = read_conll(path)
    texts = [" ".join(toks) for toks, _ in sents]  # the held-out and fold key, as the eval's
    written = [conll_text(toks) for toks, _ in sents]
    out: list[Sentence] = []
    for (_, tags), text, (_, offsets), doc in zip(
        sents, texts, written, parse_texts((w for w, _ in written), settings), strict=True
    ):
        span = doc[:]
        # the text the eval parses (``conll_text``): a spaCy token maps to the file token its
        # first character falls in
        owner = [max(k for k, (s, _) in enumerate(offsets) if s <= t.idx) for t in doc]
        gold = sorted(s for s in gold_spans(tags) if s[0] in ("S", "T"))
        cands, coding = sentence_events(span, refine=False)
        best = primary(cands)
        if best is None and coding is not None:
            best = clause_candidate(span, coding.event_type, refine=False)
        if best is not None:
            plover_roles(best)  # as ``refine_arguments`` does before the model
        rows, spans, heads_, labels, rules = [], [], [], [], {}
        structural: frozenset[str] = frozenset()
        places: frozenset[int] = frozenset()
        banned: frozenset[int] = frozenset()
        firm: frozenset[str] = frozenset()
        groups: dict[int, list[int]] = {}
        if best is not None:
            structural = structural_roles(best)
            firm = firm_roles(best)
            rule = {(s.start, s.end): "S" for s in best.actors}
            rule.update({(s.start, s.end): "T" for s in best.recipients})
            heads = {s.root.i: "S" for s in best.actors}
            heads.update({s.root.i: "T" for s in best.recipients})
            by_range = {(a, b): role for role, a, b in gold}
            args = argument_spans(span)
            places = place_phrases(args)
            groups = coordinations(args)
            banned = domain_bans(best, args, places)
            rules = rule_choice([(a.span.start, a.span.end) for a in args], rule)
            decode = {"cameo": _decode_inputs(best, args, places, "cameo")}
            for name, overrides in CAMEO_GRID.items():
                with _convention(overrides) as conv:
                    decode[name] = _decode_inputs(best, args, places, conv)
            for arg in args:
                rows.append(classifier.span_features(best.trigger, best.kind, best.event_type, arg, rule, heads))
                rng = (owner[arg.span.start], owner[arg.span.end - 1] + 1)
                spans.append(rng)
                heads_.append(arg.head.i)
                labels.append(by_range.get(rng, "O"))
        out.append(Sentence(
            text, gold, rows, spans, heads_, labels, rules, structural, places, banned, firm, groups,
            decode if best is not None else {},
        ))
    return out


def fit(
    train: list[Sentence], threshold: float = 0.0, override: float = 0.0, protect: bool = False,
    keep: dict[str, float] | None = None, conventions: dict[str, dict] | None = None,
) -> dict:
    counts = Counter(f for s in train for row in s.rows for f in row)
    vocab = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols, y = [], [], []
    n = 0
    for sent in train:
        for feats, label in zip(sent.rows, sent.labels, strict=True):
            for f in feats:
                if f in index:
                    rows.append(n)
                    cols.append(index[f])
            y.append(LABELS.index(label))
            n += 1
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
    weights, bias = train_head(x, np.array(y), np.ones(n), len(LABELS))
    data = classifier.to_dict(vocab, {"spans": (LABELS, weights, bias)}, VERSION)
    data["threshold"] = threshold
    data["override"] = override
    data["protect"] = protect
    if keep:
        data["keep"] = dict(sorted(keep.items()))
    if conventions:
        data["conventions"] = conventions
    return data


def score(model: classifier.SpanModel, test: list[Sentence], convention: str = "plover") -> tuple[float, float, float]:
    """Span F1 (all, S, T) of the model's choices against the gold spans (missed sentences
    count), decoded under ``convention`` ("plover", "cameo" or a ``CAMEO_GRID`` cell)."""
    counts = {role: Counter() for role in ("S", "T")}
    for sent in test:
        banned, structural, places = (
            (sent.banned, sent.structural, sent.places) if convention == "plover" else sent.decode.get(convention, (sent.banned, sent.structural, sent.places))
        )
        chosen = (
            model.choose(
                sent.rows, sent.spans, sent.heads, sent.rules, structural, places, banned, sent.firm,
                sent.groups,
            )
            if sent.rows
            else {}
        )
        pred = {(role, *sent.spans[k]) for role, ks in chosen.items() for k in ks}
        for role, c in counts.items():
            g = {s for s in sent.gold if s[0] == role}
            p = {s for s in pred if s[0] == role}
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
    total = counts["S"] + counts["T"]
    return tuple(prf(c["tp"], c["fp"], c["fn"])[2] for c in (total, counts["S"], counts["T"]))  # type: ignore[return-value]


#: another annotation project's sentences (same CAMEO coder-training effort, other coders and
#: conventions: no determiners, titles without names), rater 1's source and target of action 1
CROSS_FILES = ("training_round_7/summary.csv", "training_round_9/summary.csv")


def cross_source(settings: Settings, conll_texts: set[str]) -> None:
    """Print source/target F1 of the pipeline on ``cameo-conflibert-annotations`` (sentences not
    in the CoNLL file): exact spans, and head match (a predicted phrase is right when its head
    word lies inside a gold phrase of its role), for the shipped model and for the parse rules."""
    csv.field_size_limit(10**7)
    folder = settings.eval_path("cameo-conflibert-annotations")
    rows: list[tuple[str, set[tuple[str, int, int]]]] = []
    for name in CROSS_FILES:
        with open(folder / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row["sentences"]
                if "".join(text.split()) in conll_texts:
                    continue
                gold = {
                    ("S" if label.startswith("Source") else "T", start, start + len(words))
                    for label, words, start in ast.literal_eval(row.get("entities_1") or "[]")
                    if label in ("Source-1", "Target-1") and text[start : start + len(words)] == words
                }
                if gold:
                    rows.append((text, gold))
    counts = {(way, match): Counter() for way in ("model", "rules") for match in ("exact", "head")}
    for (_, gold), doc in zip(rows, parse_texts((t for t, _ in rows), settings), strict=True):
        span = doc[:]
        cands, coding = sentence_events(span, refine=False)
        rules = primary(cands) or (clause_candidate(span, coding.event_type, refine=False) if coding else None)
        for way, best in (("model", predict(doc).primary), ("rules", rules)):
            pred = [(role, s) for role, spans in (("S", best.actors), ("T", best.recipients)) for s in spans] if best else []
            exact = {(role, s.start_char, s.end_char) for role, s in pred}
            heads = {(role, s.root.idx) for role, s in pred}
            c = counts[(way, "exact")]
            c["tp"] += len(exact & gold)
            c["fp"] += len(exact - gold)
            c["fn"] += len(gold - exact)
            c = counts[(way, "head")]
            c["fp"] += sum(1 for role, h in heads if not any(r == role and a <= h < b for r, a, b in gold))
            found = sum(1 for r, a, b in gold if any(role == r and a <= h < b for role, h in heads))
            c["tp"] += found
            c["fn"] += len(gold) - found
    for (way, match), c in counts.items():
        print(f"cross-source (cameo-conflibert-annotations, {len(rows)} sentences, rater 1, action 1) {way} "
              f"{match} span_f1 {prf(c['tp'], c['fp'], c['fn'])[2]:.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=classifier.SPAN_MODEL_PATH)
    parser.add_argument("--report", action="store_true", help="print 5-fold CV figures per threshold")
    parser.add_argument("--check", action="store_true", help="exit 1 if the artifact would change")
    parser.add_argument("--cross-source", action="store_true", help="score the shipped pipeline on another annotation set")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.cross_source:
        path = settings.eval_path("conflibert-cameo-pentaclass", "cameo_ner", "train.txt")
        cross_source(settings, {"".join(toks) for toks, _ in read_conll(path)})
        return 0
    data = featurize(settings.eval_path("conflibert-cameo-pentaclass", "cameo_ner", "train.txt"), settings)
    train = [s for s in data if not classifier.heldout(s.text)]
    print(f"sentences: {len(data)}, training (not held out): {len(train)}", file=sys.stderr)
    if args.report:
        folds = [[s for s in train if _fold(s.text) == k] for k in range(FOLDS)]
        models = [classifier.span_model_from_dict(fit([s for s in train if _fold(s.text) != k])) for k in range(FOLDS)]
        for protect in (False, True):
            for threshold in THRESHOLDS:
                for override in OVERRIDES:
                    for keep_t in KEEPS if protect and override == OVERRIDE else (0.0,):
                        figures = np.mean([
                            score(classifier.SpanModel(
                                m.vocab, m.head, threshold, m.version, override, protect, {"T": keep_t}
                            ), fold)
                            for m, fold in zip(models, folds, strict=True)
                        ], axis=0)
                        print(f"{FOLDS}-fold CV (training quarters) protect {protect} threshold {threshold} "
                              f"override {override} keep T {keep_t}: span_f1 {figures[0]:.4f} "
                              f"(S {figures[1]:.4f}, T {figures[2]:.4f}; mean over folds)")
        for name in ("cameo", *CAMEO_GRID):
            for threshold in THRESHOLDS:
                figures = np.mean([
                    score(classifier.SpanModel(m.vocab, m.head, threshold, m.version, OVERRIDE, PROTECT, KEEP), fold, name)
                    for m, fold in zip(models, folds, strict=True)
                ], axis=0)
                print(f"{FOLDS}-fold CV (training quarters) convention {name} threshold {threshold}: "
                      f"span_f1 {figures[0]:.4f} (S {figures[1]:.4f}, T {figures[2]:.4f}; mean over folds)")
    shipped = fit(train, THRESHOLD, OVERRIDE, PROTECT, KEEP, CONVENTIONS)
    text = json.dumps(shipped, sort_keys=True, separators=(",", ":")) + "\n"
    if args.check:
        same = args.output.exists() and args.output.read_text("utf-8") == text
        print("artifact reproduced exactly" if same else "artifact DIFFERS", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, "utf-8")
    print(f"wrote {args.output} ({len(text) / 1e6:.2f} MB, {len(shipped['features'])} features)", file=sys.stderr)
    if args.report:
        held = [s for s in data if classifier.heldout(s.text)]
        model = classifier.span_model_from_dict(shipped)
        for name in ("plover", "cameo"):
            print(f"shipped model on the held-out quarter (candidates only), {name} convention: "
                  f"span_f1 {score(model.decode(name), held, name)[0]:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
