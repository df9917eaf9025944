"""``newsgraph eval quotes DIR``: score attribution (source, cue, content) on BRAT files.

The format is PolNeAR's (``../shared/eval-data/polnear/dev``, see its SOURCE.md):
``DIR/text/<name>.txt`` with ``DIR/attributions/<name>_<annotator>.ann``, or a flat BRAT
folder (``<name>.txt`` beside ``<name>.ann`` / ``<name>_<annotator>.ann``). Each ``.ann``
file is scored on its own, so an article annotated twice counts twice (as in the corpus
counts). Spans of one role are matched one-to-one:

* **exact**: the same character pieces once edge spaces and punctuation (not quotation
  marks) are trimmed from gold and prediction alike;
* **overlap**: any shared character (the largest overlaps are paired first).

Denial recall: of the gold attributions whose cue is a denial (a lemma or judgement word of
the ``denies`` stance in ``resources/quotes/stance.yaml``), how many the extractor finds (a
predicted cue overlaps the gold cue) and how many it records as a ``denies`` claim.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.quotes import extract_claims, extract_quotes, load_lexicon
from ..model import QuoteMention
from ..settings import Settings
from . import Report, prf

ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap")
_TRIM = " \t\n,;:.—–-"

Frag = tuple[int, int]
Piece = tuple[Frag, ...]


@dataclass
class GoldAttribution:
    source: Piece | None
    cue: Piece | None
    content: Piece | None


@dataclass
class GoldFile:
    """One annotator's attributions for one text."""

    ann: Path
    text_path: Path
    attributions: list[GoldAttribution] = field(default_factory=list)


def _frags(spec: str) -> Piece:
    """"12 20;25 30" -> ((12, 20), (25, 30))."""
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def read_ann(ann: Path) -> list[GoldAttribution]:
    """The attributions (``E`` lines) of a BRAT ``.ann`` file, with their spans."""
    spans: dict[str, Piece] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, spec = parts[1].partition(" ")
            if spec:
                spans[parts[0]] = _frags(spec)
        elif parts[0].startswith("E"):
            args = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            events.append(args)
    out = []
    for args in events:
        def get(role: str, args: dict[str, str] = args) -> Piece | None:
            key = args.get(role)
            return spans.get(key) if key else None

        out.append(GoldAttribution(get("Source"), get("Cue"), get("Content")))
    return out


def find_files(path: Path) -> list[GoldFile]:
    """Pair every ``.ann`` under ``path`` with its text (PolNeAR or flat BRAT layout)."""
    ann_dir = path / "attributions" if (path / "attributions").is_dir() else path
    text_dir = path / "text" if (path / "text").is_dir() else path
    out = []
    for ann in sorted(ann_dir.glob("*.ann")):
        candidates = [text_dir / f"{ann.stem}.txt"]
        if "_" in ann.stem:
            candidates.append(text_dir / f"{ann.stem.rsplit('_', 1)[0]}.txt")
        text_path = next((c for c in candidates if c.is_file()), None)
        if text_path is None:
            print(f"skipped {ann.name}: no text file", file=sys.stderr)
            continue
        out.append(GoldFile(ann, text_path, read_ann(ann)))
    return out


def _norm(text: str, piece: Piece) -> Piece:
    """Trim edge spaces/punctuation of every fragment and join pieces that only whitespace
    separates (the same for gold and prediction)."""
    out = []
    for s, e in piece:
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e <= s:
            continue
        if out and not text[out[-1][1] : s].strip():  # pieces only whitespace apart are one
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


def _overlap(a: Piece, b: Piece) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(gold: Sequence[Piece], pred: Sequence[Piece], mode: str) -> int:
    """Number of one-to-one matches between gold and predicted pieces."""
    if mode == "exact":
        remaining = list(pred)
        hits = 0
        for g in gold:
            if g in remaining:
                remaining.remove(g)
                hits += 1
        return hits
    pairs = sorted(
        ((_overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for size, i, j in pairs:
        if size <= 0:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def _unique(pieces: Sequence[Piece | None]) -> list[Piece]:
    return list(dict.fromkeys(p for p in pieces if p))


def predicted_pieces(text: str, quotes: Sequence[QuoteMention]) -> dict[str, list[Piece]]:
    """The distinct, normalised source, cue and content pieces of the extracted quotes."""
    return {
        "source": _unique([_norm(text, ((q.speaker.start, q.speaker.end),)) for q in quotes if q.speaker]),
        "cue": _unique([_norm(text, ((q.cue.start, q.cue.end),)) for q in quotes if q.cue]),
        "content": _unique(
            [_norm(text, tuple((p.start, p.end) for p in (q.content_parts or [q.content]))) for q in quotes]
        ),
    }


def add_counts(
    counts: dict[tuple[str, str], list[int]], text: str, gold: Sequence[GoldAttribution],
    pred: dict[str, list[Piece]],
) -> None:
    """Add one annotation file's matches to ``counts[(role, mode)] = [tp, fp, fn]``."""
    for role in ROLES:
        pieces = _unique([_norm(text, getattr(a, role)) for a in gold if getattr(a, role)])
        for mode in MODES:
            hits = match(pieces, pred[role], mode)
            c = counts.setdefault((role, mode), [0, 0, 0])
            c[0] += hits
            c[1] += len(pred[role]) - hits
            c[2] += len(pieces) - hits


def _pipeline(settings: Settings) -> Language:
    from ..nlp.pipeline import build_pipeline

    return build_pipeline(settings.model)


def _docs(nlp: Language, texts: Sequence[str]) -> Iterator[Doc]:
    yield from nlp.pipe(texts, batch_size=8)


def evaluate_quotes(
    path: Path, settings: Settings, limit: int | None = None, nlp: Language | None = None
) -> Report:
    """P/R/F1 per role (source, cue, content), exact and overlap; denial recall."""
    files = find_files(Path(path))
    texts = sorted({f.text_path for f in files})
    if limit is not None:
        texts = texts[:limit]
        files = [f for f in files if f.text_path in set(texts)]
    if not files:
        raise FileNotFoundError(f"no BRAT .ann/.txt pairs under {path}")
    nlp = nlp or _pipeline(settings)
    lex = load_lexicon()
    deny_words = {w for w, st in lex.cue_stance.items() if st == "denies"}
    deny_words |= {w for w, st in lex.judgement.items() if st == "denies"}

    raw = [t.read_text("utf-8") for t in texts]
    predicted: dict[Path, dict[str, list[Piece]]] = {}
    denial_cues: dict[Path, tuple[list[Piece], Doc]] = {}
    for text_path, text, doc in zip(texts, raw, _docs(nlp, raw), strict=True):
        quotes = doc._.quotes if getattr(doc._, "quotes", None) is not None else extract_quotes(doc)
        claims = extract_claims(doc, "", quotes)
        predicted[text_path] = predicted_pieces(text, quotes)
        denied = [((c.cue.start, c.cue.end),) for c in claims if c.stance == "denies" and c.cue]
        denial_cues[text_path] = (denied, doc)

    counts = {(r, m): [0, 0, 0] for r in ROLES for m in MODES}  # tp, fp, fn
    n_attr = n_deny = deny_found = deny_stance = 0
    for gf in files:
        text = raw[texts.index(gf.text_path)]
        pred = predicted[gf.text_path]
        add_counts(counts, text, gf.attributions, pred)
        n_attr += len(gf.attributions)
        denied, doc = denial_cues[gf.text_path]
        for a in gf.attributions:
            if not a.cue:
                continue
            words = {
                t.lemma_.lower() for s, e in a.cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])
            } | {w.lower() for s, e in a.cue for w in re.findall(r"\w+", text[s:e])}
            if not words & deny_words:
                continue
            n_deny += 1
            if any(_overlap(a.cue, p) for p in pred["cue"]):
                deny_found += 1
            if any(_overlap(a.cue, p) for p in denied):
                deny_stance += 1

    metrics: dict[str, float] = {}
    lines = [
        f"PolNeAR-format attribution on {path}: {len(texts)} texts, {len(files)} annotation files, "
        f"{n_attr} gold attributions",
        "",
        "| role | match | precision | recall | F1 | gold | predicted |",
        "|---|---|---|---|---|---|---|",
    ]
    for role in ROLES:
        for mode in MODES:
            tp, fp, fn = counts[(role, mode)]
            p, r, f = prf(tp, fp, fn)
            metrics[f"{role}_{mode}_precision"] = p
            metrics[f"{role}_{mode}_recall"] = r
            metrics[f"{role}_{mode}_f1"] = f
            lines.append(f"| {role} | {mode} | {p:.3f} | {r:.3f} | {f:.3f} | {tp + fn} | {tp + fp} |")
    metrics["denial_cue_recall"] = deny_found / n_deny if n_deny else 0.0
    metrics["denial_stance_recall"] = deny_stance / n_deny if n_deny else 0.0
    metrics["denial_gold"] = float(n_deny)
    lines += [
        "",
        f"denial cues in gold: {n_deny}; cue found: {metrics['denial_cue_recall']:.3f}; "
        f"recorded as a denies claim: {metrics['denial_stance_recall']:.3f}",
    ]
    return Report(name="quotes", headline="content_overlap_f1", metrics=metrics, lines=lines)


evaluate = evaluate_quotes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="folder of BRAT .txt + .ann files (PolNeAR layout)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N texts")
    args = parser.parse_args(argv)
    print(evaluate_quotes(args.path, Settings(), limit=args.limit).render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
