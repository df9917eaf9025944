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
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_event_classifier import train_head  # noqa: E402  (one L-BFGS trainer for both models)

from newsgraph.evaluate import prf  # noqa: E402
from newsgraph.evaluate.events import gold_spans, parse_texts, read_conll  # noqa: E402
from newsgraph.extract import classifier  # noqa: E402
from newsgraph.extract.events import (  # noqa: E402
    argument_spans,
    clause_candidate,
    coordinations,
    domain_bans,
    firm_roles,
    place_phrases,
    primary,
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
THRESHOLD = 0.1
OVERRIDE = 0.0
PROTECT = True
#: per role, the least model probability at which the rules' phrase (not a structural one) is kept
KEEP = {"T": 0.1}
KEEPS = (0.0, 0.1, 0.2)
THRESHOLDS = (0.1, 0.15, 0.2, 0.3)
OVERRIDES = (0.0, 0.3, 0.5, 0.7, 1.01)


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


def _fold(text: str) -> int:
    return int(hashlib.sha1(("fold:" + text.strip()).encode("utf-8")).hexdigest(), 16) % FOLDS


def featurize(path: Path, settings: Settings) -> list[Sentence]:
    sents = read_conll(path)
    texts = [" ".join(toks) for toks, _ in sents]
    out: list[Sentence] = []
    for (toks, tags), text, doc in zip(sents, texts, parse_texts(texts, settings), strict=True):
        span = doc[:]
        # the pipeline's file tokens are space-joined: a spaCy token maps to the file token
        # its first character falls in
        starts, pos = [], 0
        for tok in toks:
            starts.append(pos)
            pos += len(tok) + 1
        owner = [max(k for k, s in enumerate(starts) if s <= t.idx) for t in doc]
        gold = sorted(s for s in gold_spans(tags) if s[0] in ("S", "T"))
        cands, coding = sentence_events(span, refine=False)
        best = primary(cands)
        if best is None and coding is not None:
            best = clause_candidate(span, coding.event_type, refine=False)
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
            for arg in args:
                rows.append(classifier.span_features(best.trigger, best.kind, best.event_type, arg, rule, heads))
                rng = (owner[arg.span.start], owner[arg.span.end - 1] + 1)
                spans.append(rng)
                heads_.append(arg.head.i)
                labels.append(by_range.get(rng, "O"))
        out.append(Sentence(text, gold, rows, spans, heads_, labels, rules, structural, places, banned, firm, groups))
    return out


def fit(
    train: list[Sentence], threshold: float = 0.0, override: float = 0.0, protect: bool = False,
    keep: dict[str, float] | None = None,
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
    return data


def score(model: classifier.SpanModel, test: list[Sentence]) -> tuple[float, float, float]:
    """Span F1 (all, S, T) of the model's choices against the gold spans (missed sentences count)."""
    counts = {role: Counter() for role in ("S", "T")}
    for sent in test:
        chosen = (
            model.choose(
                sent.rows, sent.spans, sent.heads, sent.rules, sent.structural, sent.places, sent.banned, sent.firm,
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=classifier.SPAN_MODEL_PATH)
    parser.add_argument("--report", action="store_true", help="print 5-fold CV figures per threshold")
    parser.add_argument("--check", action="store_true", help="exit 1 if the artifact would change")
    args = parser.parse_args(argv)
    settings = Settings()
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
    shipped = fit(train, THRESHOLD, OVERRIDE, PROTECT, KEEP)
    text = json.dumps(shipped, sort_keys=True, separators=(",", ":")) + "\n"
    if args.check:
        same = args.output.exists() and args.output.read_text("utf-8") == text
        print("artifact reproduced exactly" if same else "artifact DIFFERS", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, "utf-8")
    print(f"wrote {args.output} ({len(text) / 1e6:.2f} MB, {len(shipped['features'])} features)", file=sys.stderr)
    if args.report:
        held = [s for s in data if classifier.heldout(s.text)]
        print(f"shipped model on the held-out quarter (candidates only): span_f1 {score(classifier.span_model_from_dict(shipped), held)[0]:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
