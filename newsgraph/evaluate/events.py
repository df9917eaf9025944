"""Event-coding evaluations on annotated news, run through the real pipeline.

- ``pentaclass``: ConfliBERT CAMEO PentaClass TSV (``sentence<TAB>label``) -> macro-F1.
- ``actors``: ConfliBERT CAMEO source/target CoNLL (``token TAG``; B-/I- S, T) -> span F1.
- ``plover``: the PLOVER gold-standard records JSON (2016 category names) -> type accuracy,
  under both type conventions (``manual`` and ``table``); the last line under
  ``settings.types`` (the command line's default is ``table``, the file's own coding).

Run as ``python -m newsgraph.evaluate.events {pentaclass|actors|plover} FILE [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from ..extract import classifier, ontology
from ..extract.events import (
    ARGUMENT_CONVENTIONS,
    DEFAULT_CONVENTION,
    TYPE_CONVENTIONS,
    Candidate,
    clause_candidate,
    primary,
    sentence_events,
    type_convention,
    typed,
)
from ..nlp.pipeline import build_pipeline
from ..settings import Settings
from . import Report, prf

#: components sentence-level coding does not read (skipped for speed; actor mentions only
#: resolve argument spans to canonical actors, which the evaluations do not score)
_UNUSED = ("newsgraph_timex", "newsgraph_quotes", "newsgraph_actors")


def parse_texts(texts: Iterable[str], settings: Settings) -> Iterator[Doc]:
    """Parse with the pipeline the event stage reads (unused components disabled)."""
    nlp = build_pipeline(settings.model)
    disable = [name for name in _UNUSED if name in nlp.pipe_names]
    yield from nlp.pipe(texts, batch_size=64, disable=disable)


@dataclass
class SentencePrediction:
    """One evaluation unit (a sentence, parsed as one doc) coded as the pipeline codes it."""

    pentaclass: int
    event_type: str  # "NONE" when neither the parse nor the classifier finds an event
    confidence: float
    primary: Candidate | None

    def type_under(self, types: str) -> str:
        """``event_type`` under a type convention (``events.typed``): the primary event's
        table label where it has one."""
        if self.primary is None or self.primary.table_label is None:
            return self.event_type
        return typed(self.primary, types)[0]


def predict(doc: Doc, convention: str = DEFAULT_CONVENTION) -> SentencePrediction:
    """Sentence-level coding of one evaluation unit (a sentence, parsed as one doc), as the
    pipeline codes it (``sentence_events``): its primary event. With the classifier, the
    PentaClass comes from it (0 = statement, else the table class of the PLOVER type) and a
    sentence with no event still gets the classifier's type (a sentence-classification task);
    its who/whom then come from the main clause. Without the artifact, the rules alone decide.
    ``convention``: the who/whom convention (``events.argument_convention``)."""
    span = doc[:]
    if all(tok.is_space for tok in span):  # an empty unit (a record with no text) codes nothing
        return SentencePrediction(ontology.pentaclass(""), "NONE", 0.0, None)
    cands, coding = sentence_events(span, convention=convention)
    best = primary(cands)
    if coding is None:
        return SentencePrediction(
            ontology.pentaclass(best.event_type if best else ""),
            best.event_type if best else "NONE",
            best.confidence if best else 0.0,
            best,
        )
    if best is None:
        frame = clause_candidate(span, coding.event_type, convention=convention)
        return SentencePrediction(coding.pentaclass, coding.event_type, round(0.5 * coding.type_prob, 3), frame)
    return SentencePrediction(coding.pentaclass, best.event_type, best.confidence, best)


def _select(rows: list, key, part: str) -> list:
    """``part``: "all" rows, or only the "heldout" quarter the shipped classifier never saw."""
    if part == "all":
        return rows
    if part == "heldout":
        return [r for r in rows if classifier.heldout(key(r))]
    raise ValueError(f"unknown part {part!r} (all, heldout)")


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


def evaluate_pentaclass(path: Path, settings: Settings, limit: int | None = None, part: str = "all") -> Report:
    rows = _select(read_pentaclass(path), lambda r: r[0], part)[:limit]
    gold = [label for _, label in rows]
    preds = [predict(doc) for doc in parse_texts((t for t, _ in rows), settings)]
    pred = [p.pentaclass for p in preds]
    labels = sorted(ontology.pentaclass_table()["labels"])
    lines, macro = _per_class(gold, pred, labels)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    lines.append(f"accuracy: {acc:.4f}  (n={len(gold)}, part={part})")
    lines.extend(confidence_curve(gold, pred, [p.confidence for p in preds], label="pentaclass of the event"))
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


#: the CoNLL files split a word's possessive ending and a number's separators apart ("Mexico ’ s",
#: "2 , 374", "352 . 5"); the original text has them joined, and the parser needs that ("s"
#: parsed as a noun, a sentence split at "352 .")
_GLUE_NEXT = re.compile(r"^[’']$")
_NUMBER = re.compile(r"^\d+$")


def conll_text(toks: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text of a CoNLL sentence and each file token's character range in it: tokens are
    joined by spaces, except a possessive "’ s" and a number's "2 , 374" / "352 . 5", which the
    file split apart and are written joined, as in the source text."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for k, tok in enumerate(toks):
        glued = k > 0 and (
            (tok.lower() == "s" and _GLUE_NEXT.match(toks[k - 1]))
            or (tok in (",", ".") and _NUMBER.match(toks[k - 1]) and k + 1 < len(toks) and _NUMBER.match(toks[k + 1]))
            or (toks[k - 1] in (",", ".") and _NUMBER.match(tok) and k > 1 and _NUMBER.match(toks[k - 2]))
        )
        if k > 0 and not glued:
            parts.append(" ")
            pos += 1
        parts.append(tok)
        offsets.append((pos, pos + len(tok)))
        pos += len(tok)
    return "".join(parts), offsets


def _token_index(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    first = next((i for i, (s, e) in enumerate(offsets) if s <= start < e), None)
    last = next((i for i, (s, e) in enumerate(offsets) if s < end <= e), None)
    if first is None or last is None:
        return None
    return first, last + 1


def evaluate_actors(path: Path, settings: Settings, limit: int | None = None, part: str = "all") -> Report:
    """Source/target span F1 under both argument conventions (each sentence parsed once, decoded
    twice); the per-role table and the last line are for ``settings.arguments``."""
    chosen = settings.arguments
    others = [c for c in ARGUMENT_CONVENTIONS if c != chosen]
    sents = _select(read_conll(path), lambda r: " ".join(r[0]), part)[:limit]
    texts, offsets = [], []
    for toks, _ in sents:
        text, offs = conll_text(toks)
        texts.append(text)
        offsets.append(offs)
    by_convention = {c: {role: Counter() for role in ("S", "T")} for c in (chosen, *others)}
    for (_, tags), offs, doc in zip(sents, offsets, parse_texts(texts, settings), strict=True):
        gold = {s for s in gold_spans(tags) if s[0] in ("S", "T")}
        for convention, tally in by_convention.items():
            best = predict(doc, convention).primary
            pred: set[tuple[str, int, int]] = set()
            if best is not None:
                for role, spans in (("S", best.actors), ("T", best.recipients)):
                    for span in spans:
                        idx = _token_index(offs, span.start_char, span.end_char)
                        if idx:
                            pred.add((role, *idx))
            for role, c in tally.items():
                g = {s for s in gold if s[0] == role}
                p = {s for s in pred if s[0] == role}
                c["tp"] += len(g & p)
                c["fp"] += len(p - g)
                c["fn"] += len(g - p)
    counts = by_convention[chosen]
    lines = [f"argument convention: {chosen} (the table and the last line)",
             f"{'role':<10}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}"]
    metrics: dict[str, float] = {}
    for role, c in counts.items():
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        metrics[f"{role}_f1"] = f
        lines.append(f"{'source' if role == 'S' else 'target':<10}{p:7.3f}{r:7.3f}{f:7.3f}{c['tp'] + c['fn']:6d}")
    total = sum((c for c in counts.values()), Counter())
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    lines.append(f"{'all':<10}{p:7.3f}{r:7.3f}{f:7.3f}{total['tp'] + total['fn']:6d}  (n={len(sents)})")
    for other in others:
        tally = sum(by_convention[other].values(), Counter())
        f_other = prf(tally["tp"], tally["fp"], tally["fn"])[2]
        f_roles = [prf(c["tp"], c["fp"], c["fn"])[2] for c in by_convention[other].values()]
        metrics[f"span_f1_{other}"] = f_other
        lines.append(f"span_f1 ({other} convention): {f_other:.4f}  (source {f_roles[0]:.3f}, target {f_roles[1]:.3f})")
    lines.append(f"span_f1 ({chosen} convention, the last line): {f:.4f}")
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


def evaluate_plover(path: Path, settings: Settings, limit: int | None = None, part: str = "all") -> Report:
    """Type accuracy under both type conventions (each record coded once: the primary event
    carries the table's label); the per-class table, the curve and the last line are for
    ``settings.types``."""
    chosen = type_convention(settings.types)
    rows = _select(read_gsr(path), lambda r: r[0], part)[:limit]
    gold = [t for _, t in rows]
    preds = [predict(doc) for doc in parse_texts((text for text, _ in rows), settings)]
    accuracy: dict[str, float] = {}
    for types in TYPE_CONVENTIONS:
        hits = sum(g == p.type_under(types) for g, p in zip(gold, preds, strict=True))
        accuracy[types] = hits / len(gold) if gold else 0.0
    pred = [p.type_under(chosen) for p in preds]
    conf = [p.confidence for p in preds]
    labels = sorted(set(gold))
    lines = [f"type convention: {chosen} (the table, the curve and the last line)"]
    table, macro = _per_class(gold, pred, labels)
    lines += table
    lines.append(f"no event found: {pred.count('NONE')}/{len(pred)}; macro_f1: {macro:.4f} (part={part})")
    lines.extend(confidence_curve(gold, pred, conf))
    n = len(gold)
    for types in TYPE_CONVENTIONS:
        lines.append(f"type_accuracy ({types} convention): {accuracy[types]:.4f} ({round(accuracy[types] * n)}/{n})")
    metrics = {"type_accuracy": accuracy[chosen], "macro_f1": macro}
    metrics.update({f"type_accuracy_{types}": value for types, value in accuracy.items()})
    return Report("plover", "type_accuracy", metrics, lines)


def confidence_curve(
    gold: list, pred: list, conf: list[float], label: str = "type",
    steps: Iterable[float] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
) -> list[str]:
    """Precision/recall of the event's type (or class) when events under a ``--min-confidence``
    are dropped; ``kept`` = events at or above the threshold."""
    lines = [f"--min-confidence curve ({label})", "min_confidence  kept  precision  recall"]
    for t in steps:
        kept = [(g, p) for g, p, c in zip(gold, pred, conf, strict=True) if p not in ("NONE", 0) and c >= t]
        correct = sum(g == p for g, p in kept)
        precision = correct / len(kept) if kept else 0.0
        relevant = sum(1 for g in gold if g not in ("NONE", 0))
        recall = correct / relevant if relevant else 0.0
        lines.append(f"{t:14.2f}  {len(kept):4d}  {precision:9.3f}  {recall:6.3f}")
    return lines


def evaluate_speed(path: Path, settings: Settings, limit: int | None = 200, part: str = "all") -> Report:
    """Cost of the event stage relative to the spaCy parse, on articles read from ``path`` (any
    input the ingest stage reads, e.g. a Reuters SGML file): wall time of ``nlp.pipe`` over the
    model's own components vs. ``extract_events`` over the parsed docs."""
    import time

    from ..extract.events import extract_events, lexicon
    from ..ingest import read_articles
    from ..model import Article
    from ..nlp.pipeline import make_doc

    articles = [a for a in read_articles([str(path)]) if isinstance(a, Article)][: limit or 200]
    nlp = build_pipeline(settings.model)
    own = [name for name in nlp.pipe_names if name.startswith("newsgraph_")]
    lexicon(), classifier.load_model()  # load once before timing: not per-article work
    start = time.perf_counter()
    docs = list(nlp.pipe((make_doc(nlp, a.text, a.date, a.id) for a in articles), disable=own))
    parse = time.perf_counter() - start
    start = time.perf_counter()
    n_events = sum(len(extract_events(doc, doc._.article_id)) for doc in docs)
    stage = time.perf_counter() - start
    share = stage / parse if parse else 0.0
    lines = [
        f"articles: {len(articles)}  tokens: {sum(len(d) for d in docs)}  events: {n_events}",
        f"spaCy parse ({', '.join(n for n in nlp.pipe_names if n not in own)}): {parse:.2f} s",
        f"event stage (extract_events, classifier included): {stage:.2f} s",
    ]
    return Report("speed", "event_stage_share", {"event_stage_share": share, "parse_s": parse}, lines)


EVALUATIONS = {
    "pentaclass": evaluate_pentaclass,
    "actors": evaluate_actors,
    "plover": evaluate_plover,
    "speed": evaluate_speed,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.evaluate.events")
    parser.add_argument("name", choices=sorted(EVALUATIONS))
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--part", choices=("all", "heldout"), default="all",
        help="heldout: only the quarter the shipped classifier never trained on",
    )
    parser.add_argument(
        "--arguments", choices=ARGUMENT_CONVENTIONS, default="cameo",
        help="actors: the who/whom convention of the last line (default cameo, the CoNLL file's; both are printed)",
    )
    parser.add_argument(
        "--types", choices=TYPE_CONVENTIONS, default=None,
        help="plover: the type convention of the last line (default table, the GSR file's own coding; both are "
        "printed); the other evaluations code under manual",
    )
    args = parser.parse_args(argv)
    settings = Settings()
    settings.arguments = args.arguments
    if args.name == "plover":
        settings.types = args.types or "table"
    print(EVALUATIONS[args.name](args.path, settings, args.limit, args.part).render())


if __name__ == "__main__":
    main()
