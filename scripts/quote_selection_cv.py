"""Compare ways of choosing among the scored attribution candidates by 5-fold CV on PolNeAR train.

Why: ``scripts/train_attribution.py`` re-extracts every held-out text for every (C, threshold)
setting, which is too slow to try many selection rules. This script builds the candidates once
per text (with the proposer fitted without its fold, the same seeded folds), fits the scorer per
fold once (C fixed), and then scores each selection setting end to end with the evaluator's
matching. Dev is never read. ``--analyse N`` prints, for train texts ``0..N-1`` only, why
gold attributions with a right candidate above the threshold were dropped; ``--uncovered N``
groups the gold cues of train texts ``0..N-1`` that no candidate's cue overlaps (head lemma,
POS, dependency), each group beside how often its tokens are uncovered where PolNeAR has no cue;
``--cue-errors N`` lists, for train texts ``0..N-1``, kept attributions whose source or content
meets a gold attribution's but whose cue meets no gold cue, and each rule's kept cue precision;
``--stack`` measures the shipped two-pass scorer (nested: the pass-2 table of fold k is fitted on
out-of-fold stage-1 probabilities of the other folds' texts)::

    .venv/bin/python scripts/quote_selection_cv.py ../shared/eval-data/polnear/train
"""

from __future__ import annotations

import argparse
import copy
import pickle
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_attribution as ta  # noqa: E402
from mine_attribution_cues import _parsed  # noqa: E402

from newsgraph.evaluate.quotes import add_counts, find_files, predicted_pieces  # noqa: E402
from newsgraph.extract import quotes as q  # noqa: E402
from newsgraph.settings import Settings  # noqa: E402


def _patch(cache: dict[int, tuple[list, list]]) -> None:
    """Serve each doc's candidates and features from ``cache`` (copies: quotations mutate them)."""
    real_c, real_f = q._candidates, q._all_features

    def cands(ctx, proposer):
        hit = cache.get(id(ctx.doc))
        return [copy.copy(a) for a in hit[0]] if hit else real_c(ctx, proposer)

    def feats(found, ctx):
        hit = cache.get(id(ctx.doc))
        return hit[1] if hit else real_f(found, ctx)

    q._candidates, q._all_features = cands, feats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--docbin", type=Path, default=Path("/tmp/newsgraph-polnear-train.spacy"))
    parser.add_argument("--proposers", type=Path, default=Path("/tmp/newsgraph-fold-proposers.pkl"))
    parser.add_argument("--c", type=float, default=0.3)
    parser.add_argument("--thresholds", default="0.25,0.3")
    parser.add_argument("--variants", default="exclusive")
    parser.add_argument("--analyse", type=int, default=0)
    parser.add_argument("--proposer-threshold", type=float, default=None, help="instead of the chosen one")
    parser.add_argument("--sources", type=int, default=0, help="print source errors on train texts 0..N-1")
    parser.add_argument("--cue-errors", type=int, default=0, help="kept attributions with a wrong cue and per-rule cue precision on train texts 0..N-1")
    parser.add_argument("--uncovered", type=int, default=0, help="group gold cues with no candidate on train texts 0..N-1 and stop")
    parser.add_argument("--stack", action="store_true", help="two-pass scorer: per fold a pass-2 table (cue label, own + rival "
                        "features) fitted on nested out-of-fold stage-1 probabilities of that fold's training texts")
    args = parser.parse_args(argv)

    files = find_files(args.folder)
    texts = sorted({f.text_path for f in files})
    golds = [[f for f in files if f.text_path == t] for t in texts]
    docs = _parsed(texts, Settings().model, args.docbin)
    fold_of = np.random.default_rng(ta.SEED).permutation(len(docs)) % ta.FOLDS
    if args.proposers.exists():
        props = pickle.loads(args.proposers.read_bytes())
    else:
        pf, pl, po = ta.proposer_examples(docs, golds)
        props, _, _ = ta.train_proposers(pf, pl, po, fold_of)
        args.proposers.write_bytes(pickle.dumps(props))
    if args.proposer_threshold is not None:
        props = [replace(p, threshold=args.proposer_threshold) for p in props]
    lex = q.load_lexicon()
    if args.uncovered:
        uncovered(docs[: args.uncovered], golds, props, fold_of, lex)
        return 0
    cache: dict[int, tuple[list, list]] = {}
    feats, labels, cue_labels, owner = [], [], [], []
    for n, (doc, gf) in enumerate(zip(docs, golds, strict=True)):
        ctx = q._Context.of(doc, lex, q._quotations(q.doc_text(doc)))
        found = q._candidates(ctx, props[fold_of[n]])
        fs = q._all_features(found, ctx)
        cache[id(doc)] = (found, fs)
        gold = [a for f in gf for a in f.attributions if a.cue and a.content]
        for a, f in zip(found, fs, strict=True):
            feats.append(f)
            labels.append(int(any(ta._overlaps([a.cue], g.cue) and ta._overlaps(a.content, g.content) for g in gold)))
            cue_labels.append(int(any(ta._overlaps([a.cue], g.cue) for g in gold)))
            owner.append(n)
    print(f"{len(feats)} candidates, {sum(labels)} positive", file=sys.stderr)
    _patch(cache)
    scorers = []
    for k in range(ta.FOLDS):
        train = [i for i, n in enumerate(owner) if fold_of[n] != k]
        w, b = ta.fit([feats[i] for i in train], [labels[i] for i in train], args.c)
        second = {}
        if args.stack:
            records = [cache[id(doc)][0] for doc in docs]
            rw, rb = ta.fit_pass_two([feats[i] for i in train], [labels[i] for i in train],
                                     [cue_labels[i] for i in train], [owner[i] for i in train], records, fold_of, args.c)
            second = {"rival_weights": rw, "rival_bias": rb}
        scorers.append(q.Scorer(w, b, 0.5, True, **second))
    for variant in args.variants.split(";"):
        for t in (float(x) for x in args.thresholds.split(",")):
            extra = dict(kv.split("=") for kv in variant.split(",") if "=" in kv)
            counts: dict = {}
            for n, (doc, gf) in enumerate(zip(docs, golds, strict=True)):
                s = replace(scorers[fold_of[n]], threshold=t, **{k: float(v) for k, v in extra.items()})
                pred = predicted_pieces(doc.text, q.extract_quotes(doc, scorer=s, proposer=props[fold_of[n]]))
                for f in gf:
                    add_counts(counts, doc.text, f.attributions, pred)
            m = ta.summary(counts)
            print(f"{variant} t={t} " + " ".join(f"{k}={v}" for k, v in m.items()), flush=True)
    if args.sources:
        source_errors(docs[: args.sources], golds, scorers, fold_of, props, float(args.thresholds.split(",")[0]))
    if args.cue_errors:
        variant = args.variants.split(";")[0]
        extra = {k: float(v) for k, v in (kv.split("=") for kv in variant.split(",") if "=" in kv)}
        cue_errors(docs[: args.cue_errors], golds, scorers, fold_of, props, lex,
                   float(args.thresholds.split(",")[0]), extra)
    if args.analyse:
        analyse(docs[: args.analyse], golds, cache, scorers, fold_of, float(args.thresholds.split(",")[0]))
    return 0


def analyse(docs, golds, cache, scorers, fold_of, t) -> None:
    """Why right candidates above the threshold were dropped under exclusive selection."""
    why: Counter = Counter()
    for n, doc in enumerate(docs):
        found, fs = cache[id(doc)]
        s = scorers[fold_of[n]]
        probs = [s.probability(f) for f in fs]
        gold = [a for f in golds[n] for a in f.attributions if a.cue and a.content]
        right = [any(ta._overlaps([a.cue], g.cue) and ta._overlaps(a.content, g.content) for g in gold) for a in found]
        taken: list[int] = []
        for i in sorted((i for i, p in enumerate(probs) if p >= t), key=lambda i: (-probs[i], found[i].cue)):
            a = found[i]
            blockers = []
            for j in taken:
                b = found[j]
                kinds = []
                if q._frags_overlap(a.content, b.content):
                    kinds.append("content")
                if q._frags_overlap([a.cue], b.content):
                    kinds.append("cue_in_kept")
                if q._frags_overlap([b.cue], a.content):
                    kinds.append("kept_cue_in")
                if kinds:
                    blockers.append((j, kinds))
            if not blockers:
                taken.append(i)
                continue
            if right[i]:
                j, kinds = blockers[0]
                same = "same_cue" if found[j].cue == a.cue else "other_cue"
                src = "cue_in_kept_src" if q._frags_overlap([a.cue], found[j].source_frags) else ""
                why[(("kept_right" if right[j] else "kept_wrong"), same, "+".join(kinds), src)] += 1
                if right[j] and same == "other_cue" and why[("shown",)] < 25:
                    why[("shown",)] += 1
                    text = doc.text
                    print("---", a.rule, "|", text[a.cue[0]:a.cue[1]], "| kept", found[j].rule, text[found[j].cue[0]:found[j].cue[1]],
                          f"p={probs[i]:.2f}/{probs[j]:.2f}")
                    sent = doc[a.cue_token.i].sent.text if a.cue_token is not None else ""
                    print("   ", sent[:300].replace("\n", " "))
                    print("    A:", [text[x:y][:80] for x, y in a.content], " B:", [text[x:y][:80] for x, y in found[j].content])
    for k, v in why.most_common():
        print(v, k)


def _words(text: str, frags) -> str:
    """The text of ``frags`` shortened for one printed line."""
    return " ... ".join(text[a:b] for a, b in frags or [])[:40]


def cue_errors(docs, golds, scorers, fold_of, props, lex, t, extra, show: int = 40) -> None:
    """Kept attributions whose source or content overlaps a gold attribution's but whose cue
    overlaps no gold cue (grouped by rule and by gold vs our cue words), per-rule cue precision
    of the kept attributions, and gold cues that lie only inside another kept attribution's
    source or content (train texts given only, out-of-fold scorers and proposers)."""
    per_rule: Counter = Counter()
    groups: Counter = Counter()
    pairs: Counter = Counter()
    reverse: Counter = Counter()
    shown = 0
    for n, doc in enumerate(docs):
        s = replace(scorers[fold_of[n]], threshold=t, **extra)
        text = doc.text
        kept = q._attributions(doc, lex, q._quotations(q.doc_text(doc)), s, props[fold_of[n]])
        for f in golds[n]:
            gold = [g for g in f.attributions if g.cue]
            for a in kept:
                hit = [g for g in gold if ta._overlaps([a.cue], g.cue)]
                per_rule[(a.rule, "hit" if hit else "miss")] += 1
                if hit:
                    continue
                near = [g for g in gold if (a.source_frags and g.source and ta._overlaps(a.source_frags, g.source))
                        or ta._overlaps(a.content, g.content or [])]
                if not near:
                    per_rule[(a.rule, "nothing")] += 1
                    continue
                g = near[0]
                both = bool(a.source_frags and g.source and ta._overlaps(a.source_frags, g.source)) and ta._overlaps(a.content, g.content or [])
                where = ("gold_cue_in_our_content" if ta._overlaps(a.content, g.cue) else
                         "gold_cue_in_our_source" if a.source_frags and ta._overlaps(a.source_frags, g.cue) else
                         "our_cue_in_gold_content" if ta._overlaps([a.cue], g.content) else
                         "our_cue_in_gold_source" if g.source and ta._overlaps([a.cue], g.source) else "apart")
                other = any(ta._overlaps([b.cue], g.cue) for b in kept)
                groups[(a.rule, where, "src+content" if both else "one", "gold_cue_found_by_other" if other else "gold_cue_lost",
                        f"gold_pieces={len(g.cue)}")] += 1
                pairs[(text[a.cue[0]:a.cue[1]].lower(), _words(text, g.cue).lower())] += 1
                if shown < show and not other:
                    shown += 1
                    print(f"--- {a.rule} {where} ours={text[a.cue[0]:a.cue[1]]!r} gold={_words(text, g.cue)!r} "
                          f"src={_words(text, a.source_frags)!r}/{_words(text, g.source)!r}")
                    print("    ", text[max(0, a.cue[0] - 120): a.cue[1] + 80].replace("\n", " "))
            for g in gold:
                cue_hit = any(ta._overlaps([a.cue], g.cue) for a in kept)
                src_hit = bool(g.source) and any(a.source_frags and ta._overlaps(a.source_frags, g.source) for a in kept)
                reverse[("gold", "source " + ("none" if not g.source else "hit" if src_hit else "miss"),
                         "cue " + ("hit" if cue_hit else "miss"))] += 1
                if not g.source:
                    span = doc.char_span(g.cue[0][0], g.cue[-1][1], alignment_mode="expand")
                    root = span.root if span is not None else None
                    title = "title" if text[: g.cue[0][0]].count("\n") == 0 else "body"
                    reverse[("sourceless", root.pos_ if root is not None else "?", title, "hit" if cue_hit else "miss")] += 1
                if cue_hit:
                    continue
                inside = [a for a in kept if ta._overlaps(a.content, g.cue) or (a.source_frags and ta._overlaps(a.source_frags, g.cue))]
                reverse[("inside_kept" if inside else "free", f"pieces={len(g.cue)}")] += 1
    print("== per-rule kept cue precision (hit / miss / of the misses: near nothing)")
    for rule in sorted({r for r, _ in per_rule}, key=lambda r: -(per_rule[(r, "hit")] + per_rule[(r, "miss")])):
        h, m = per_rule[(rule, "hit")], per_rule[(rule, "miss")]
        print(f"{rule:24s} {h:5d} {m:5d} {h / max(1, h + m):.2f}  nothing={per_rule[(rule, 'nothing')]}")
    print("== wrong cue, right source or content")
    for i in (1, 3):
        print("  by", Counter(k[i] for k in groups.elements()))
    for k, v in groups.most_common(40):
        print(v, k)
    print("== our cue vs gold cue words")
    for k, v in pairs.most_common(50):
        print(v, k)
    print("== gold attributions by source / cue overlap with any kept one; gold cues no kept cue overlaps")
    for k, v in reverse.most_common():
        print(v, k)


def uncovered(docs, golds, props, fold_of, lex, show: int = 0) -> None:
    """Gold cues no candidate's cue overlaps, grouped by the head's lemma/POS/dependency, beside
    how often the same group's token is uncovered where PolNeAR has no cue (train texts given only)."""
    gold_n: Counter = Counter()
    all_n: Counter = Counter()
    shape: Counter = Counter()
    for n, doc in enumerate(docs):
        ctx = q._Context.of(doc, lex, q._quotations(q.doc_text(doc)))
        found = q._candidates(ctx, props[fold_of[n]])
        covered = {t.i for a in found for t in (doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand") or [])}
        heads = set()
        for f in golds[n]:
            for g in f.attributions:
                for s, e in g.cue or []:
                    span = doc.char_span(s, e, alignment_mode="expand")
                    if span is None or any(t.i in covered for t in span):
                        continue
                    heads.add(span.root.i)
        for t in doc:
            if t.i in covered or t.is_punct and t.text != ":" or t.is_space:
                continue
            keys = [("lemma", t.lemma_.lower(), t.pos_), ("pos_dep", t.pos_, t.dep_),
                    ("lemma_dep", t.lemma_.lower(), t.pos_, t.dep_),
                    ("lemma_head", t.lemma_.lower(), t.dep_, t.head.lemma_.lower())]
            for k in keys:
                all_n[k] += 1
                if t.i in heads:
                    gold_n[k] += 1
            if t.i in heads:
                line = doc.text[: t.idx].count("\n")
                shape[("in_quote" if ctx.in_quote(t) else "out", "title" if line == 0 else "body")] += 1
    print("shape", shape.most_common())
    for kind in ("lemma", "pos_dep", "lemma_dep", "lemma_head"):
        rows = [(k, v) for k, v in gold_n.items() if k[0] == kind]
        rows.sort(key=lambda kv: -kv[1])
        print("==", kind)
        for k, v in rows[:60]:
            print(f"{v:5d} {all_n[k]:6d} {v / all_n[k]:.2f} {k[1:]}")


def source_errors(docs, golds, scorers, fold_of, props, t, show: int = 60) -> None:
    """Kept attributions whose cue matches a gold cue but whose source does not match (train texts given only)."""
    why: Counter = Counter()
    shown = 0
    for n, doc in enumerate(docs):
        s = replace(scorers[fold_of[n]], threshold=t)
        quotes = q.extract_quotes(doc, scorer=s, proposer=props[fold_of[n]])
        gold = [a for f in golds[n] for a in f.attributions if a.cue]
        text = doc.text
        for qm in quotes:
            g = next((g for g in gold if ta._overlaps([(qm.cue.start, qm.cue.end)], g.cue)), None)
            if g is None:
                continue
            ours = [(qm.speaker.start, qm.speaker.end)] if qm.speaker else []
            if not g.source:
                why["gold none, ours " + ("none" if not ours else "some")] += 1
                continue
            if ours and ta._overlaps(ours, g.source):
                why["right"] += 1
                continue
            kind = "missing" if not ours else "wrong"
            gs = g.source[0][0]
            tok = doc.char_span(gs, g.source[-1][1], alignment_mode="expand")
            where = "same_sent" if tok is not None and doc[tok.root.i].sent.start == doc[doc.char_span(qm.cue.start, qm.cue.end, alignment_mode="expand")[0].i].sent.start else "other_sent"
            gtxt = " ".join(text[a:b] for a, b in g.source)
            pron = "pron" if tok is not None and tok.root.pos_ == "PRON" else "noun"
            cue_tok = doc.char_span(qm.cue.start, qm.cue.end, alignment_mode="expand").root
            rel = "other"
            if tok is not None:
                r = tok.root
                if r.head.i == cue_tok.i:
                    rel = f"child:{r.dep_}"
                elif cue_tok.head.i == r.i:
                    rel = f"parent_of_cue:{cue_tok.dep_}"
                elif r.head.i == cue_tok.head.i:
                    rel = f"sibling:{r.dep_}:{cue_tok.dep_}"
                elif tok.end == cue_tok.i:
                    rel = f"adjacent:{r.dep_}"
                elif r.dep_ == "pobj" and r.head.lower_ == "by":
                    rel = "by_agent"
            why[(kind, where, pron)] += 1
            why[(kind, rel)] += 1
            if shown < show:
                shown += 1
                sent = doc[doc.char_span(qm.cue.start, qm.cue.end, alignment_mode="expand")[0].i].sent.text
                print(f"--- {kind} {rel} {where} cue={qm.cue.text!r} gold={gtxt[:60]!r} ours={qm.speaker.text[:60] if qm.speaker else None!r}")
                print("    ", sent[:250].replace("\n", " "))
    for k, v in why.most_common():
        print(v, k)


if __name__ == "__main__":
    raise SystemExit(main())
