"""Event-coding evaluations on annotated news, run through the real pipeline.

- ``pentaclass``: ConfliBERT CAMEO PentaClass TSV (``sentence<TAB>label``) -> macro-F1.
- ``actors``: ConfliBERT CAMEO source/target CoNLL (``token TAG``; B-/I- S, T) -> span F1.
- ``plover``: the PLOVER gold-standard records JSON (2016 category names) -> type accuracy.

Run as ``python -m newsgraph.evaluate.events {pentaclass|actors|plover} FILE [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc

from ..extract import ontology
from ..extract.events import Candidate, doc_candidates, primary
from ..nlp.pipeline import build_pipeline
from ..settings import Settings
from . import Report, prf

#: pipeline components the event stage does not read (skipped for speed in evaluation)
_UNUSED = ("newsgraph_timex", "newsgraph_quotes")


def _docs(texts: Iterable[str], settings: Settings) -> Iterator[Doc]:
    nlp = build_pipeline(settings.model)
    disable = [name for name in _UNUSED if name in nlp.pipe_names]
    yield from nlp.pipe(texts, batch_size=64, disable=disable)


def predict_pentaclass(cands: list[Candidate]) -> int:
    """A sentence's PentaClass: that of its primary event, or "statement" without one."""
    best = primary(cands)
    return ontology.pentaclass(best.event_type if best else "")


def _per_class(gold: list, pred: list, labels: list) -> tuple[list[str], float]:
    lines = [f"{'class':<24}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        p, r, f = prf(tp, fp, fn)
        f1s.append(f)
        lines.append(f"{str(label):<24}{p:7.3f}{r:7.3f}{f:7.3f}{tp + fn:6d}")
    return lines, sum(f1s) / len(f1s) if f1s else 0.0


# --------------------------------------------------------------------------- pentaclass


def read_pentaclass(path: Path, limit: int | None = None) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip("\r\n")
        if not line.strip() or "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        rows.append((text.strip(), int(label)))
        if limit and len(rows) >= limit:
            break
    return rows


def evaluate_pentaclass(path: Path, settings: Settings, limit: int | None = None) -> Report:
    rows = read_pentaclass(path, limit)
    gold = [label for _, label in rows]
    pred = [predict_pentaclass(doc_candidates(doc)) for doc in _docs((t for t, _ in rows), settings)]
    labels = sorted(ontology.pentaclass_table()["labels"])
    lines, macro = _per_class(gold, pred, labels)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    lines.append(f"accuracy: {acc:.4f}  (n={len(gold)})")
    return Report("pentaclass", "macro_f1", {"macro_f1": macro, "accuracy": acc}, lines)


# --------------------------------------------------------------------------- actors


def read_conll(path: Path, limit: int | None = None) -> list[tuple[list[str], list[str]]]:
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.strip().split()
        if not parts:
            if toks:
                sents.append((toks, tags))
                if limit and len(sents) >= limit:
                    break
            toks, tags = [], []
            continue
        toks.append(parts[0])
        tags.append(parts[-1] if len(parts) > 1 else "O")
    return sents


def gold_spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """(role, first token, last token + 1) of each B-/I- run."""
    spans: set[tuple[str, int, int]] = set()
    start, role = None, ""
    for i, tag in enumerate(tags + ["O"]):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if start is not None and (tag.startswith("B-") or kind != role):
            spans.add((role, start, i))
            start = None
        if tag.startswith("B-") or (kind and start is None):
            start, role = i, kind
    return spans


def _token_index(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    first = next((i for i, (s, e) in enumerate(offsets) if s <= start < e), None)
    last = next((i for i, (s, e) in enumerate(offsets) if s < end <= e), None)
    if first is None or last is None:
        return None
    return first, last + 1


def evaluate_actors(path: Path, settings: Settings, limit: int | None = None) -> Report:
    sents = read_conll(path, limit)
    texts, offsets = [], []
    for toks, _ in sents:
        pos, offs = 0, []
        for tok in toks:
            offs.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        texts.append(" ".join(toks))
        offsets.append(offs)
    counts = {role: Counter() for role in ("S", "T")}
    for (_, tags), offs, doc in zip(sents, offsets, _docs(texts, settings), strict=True):
        gold = {s for s in gold_spans(tags) if s[0] in counts}
        best = primary(doc_candidates(doc))
        pred: set[tuple[str, int, int]] = set()
        if best is not None:
            for role, spans in (("S", best.actors), ("T", best.recipients)):
                for span in spans:
                    idx = _token_index(offs, span.start_char, span.end_char)
                    if idx:
                        pred.add((role, *idx))
        for role in counts:
            g = {s for s in gold if s[0] == role}
            p = {s for s in pred if s[0] == role}
            counts[role]["tp"] += len(g & p)
            counts[role]["fp"] += len(p - g)
            counts[role]["fn"] += len(g - p)
    lines = [f"{'role':<10}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}"]
    metrics: dict[str, float] = {}
    for role, c in counts.items():
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        metrics[f"{role}_f1"] = f
        lines.append(f"{'source' if role == 'S' else 'target':<10}{p:7.3f}{r:7.3f}{f:7.3f}{c['tp'] + c['fn']:6d}")
    total = sum((c for c in counts.values()), Counter())
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    lines.append(f"{'all':<10}{p:7.3f}{r:7.3f}{f:7.3f}{total['tp'] + total['fn']:6d}  (n={len(sents)})")
    metrics["span_f1"] = f
    return Report("actors", "span_f1", metrics, lines)


# --------------------------------------------------------------------------- plover


def read_gsr(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(text, today's PLOVER type) of each coded record."""
    rows = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec.get("event") in (None, "", "DOCUMENT") or not rec.get("text"):
            continue
        rows.append((rec["text"], ontology.modernize(rec["event"])[0]))
        if limit and len(rows) >= limit:
            break
    return rows


def evaluate_plover(path: Path, settings: Settings, limit: int | None = None) -> Report:
    rows = read_gsr(path, limit)
    gold = [t for _, t in rows]
    pred = []
    for doc in _docs((text for text, _ in rows), settings):
        best = primary(doc_candidates(doc))
        pred.append(best.event_type if best else "NONE")
    labels = sorted(set(gold))
    lines, macro = _per_class(gold, pred, labels)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    lines.append(f"no event found: {pred.count('NONE')}/{len(pred)}; macro_f1: {macro:.4f}")
    return Report("plover", "type_accuracy", {"type_accuracy": acc, "macro_f1": macro}, lines)


EVALUATIONS = {
    "pentaclass": evaluate_pentaclass,
    "actors": evaluate_actors,
    "plover": evaluate_plover,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.evaluate.events")
    parser.add_argument("name", choices=sorted(EVALUATIONS))
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(EVALUATIONS[args.name](args.path, Settings(), args.limit).render())


if __name__ == "__main__":
    main()
