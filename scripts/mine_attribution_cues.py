"""Mine an attribution cue lexicon from a BRAT attribution corpus (PolNeAR train).

Why: PolNeAR's cues are a long tail (beliefs, intentions, evidence); a hand list misses many.
This counts, for every cue head word (lemma + coarse POS), how often it heads a gold cue and
how often it occurs at all in the same texts outside quotation marks (PolNeAR does not
annotate attributions nested in quotations), and keeps the words above a precision threshold
and a frequency floor. For each kept word it also records the dependency relations that link
its source and its content to it (``nsubj``, ``ccomp``, ``poss`` ...), so the extractor knows
where the arguments are. Output is sorted and deterministic (the same parse gives the same
file). Run it on **train** only, never on dev or test::

    .venv/bin/python scripts/mine_attribution_cues.py ../shared/eval-data/polnear/train \\
        --out newsgraph/resources/quotes/mined_cues.tsv

Each text is counted with one annotator (the first ``.ann`` file by name), so twice-annotated
texts do not weigh double.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, DocBin, Token

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgraph.evaluate.quotes import find_files, read_ann  # noqa: E402
from newsgraph.extract.quotes import _quotations  # noqa: E402
from newsgraph.nlp.pipeline import build_pipeline  # noqa: E402
from newsgraph.settings import Settings  # noqa: E402

POS = ("VERB", "NOUN", "ADJ")
HEADER = ("lemma", "pos", "gold", "total", "precision", "source_rel", "content_rel")


def _root(doc: Doc, frags: tuple[tuple[int, int], ...] | None) -> Token | None:
    """The head token of a (possibly discontinuous) span: the first token whose head lies
    outside the span."""
    if not frags:
        return None
    toks = [t for s, e in frags for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)


def _relation(arg: Token | None, cue: Token) -> str:
    """How an argument hangs from its cue: its own label, ``^label`` when the cue hangs from
    the argument (parataxis "..., X said"), ``prep:label`` through a preposition, ``cop:label``
    through the copula an adjective or noun cue is attached to; else ``other``."""
    if arg is None:
        return "none"
    if arg.head.i == cue.i and arg.i != cue.i:
        return arg.dep_
    if cue.head.i == arg.i:
        return "^" + cue.dep_
    if arg.head.head.i == cue.i and arg.head.dep_ in ("prep", "agent"):
        return f"{arg.head.dep_}:{arg.head.lower_}:{arg.dep_}"
    if cue.dep_ in ("acomp", "attr") and arg.head.i == cue.head.i:
        return "cop:" + arg.dep_
    return "other"


def _parsed(texts: list[Path], model: str, docbin: Path | None) -> list[Doc]:
    """The texts through the runtime pipeline (its parse, entities and paragraph-aware
    sentence splits; the time and actor components are skipped), or the DocBin of the same
    texts saved by an earlier run (this script or ``train_attribution.py``)."""
    nlp = build_pipeline(model)
    raw = [t.read_text("utf-8") for t in texts]
    if docbin is not None and docbin.exists():
        docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
        if len(docs) == len(raw) and all(d.text == r for d, r in zip(docs, raw, strict=True)):
            return docs
    with nlp.select_pipes(disable=[p for p in ("newsgraph_timex", "newsgraph_actors") if p in nlp.pipe_names]):
        docs = list(nlp.pipe(raw, batch_size=16))
    if docbin is not None:
        db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "LEMMA", "POS", "SENT_START", "MORPH", "ENT_IOB", "ENT_TYPE", "SPACY"])
        for doc in docs:
            db.add(doc)
        db.to_disk(docbin)
    return docs


def mine(
    folder: Path, model: str, min_gold: int, min_precision: float, docbin: Path | None = None,
    part: slice = slice(None),
) -> Iterator[tuple[str, ...]]:
    """Rows of the mined lexicon (see ``HEADER``), sorted by POS then lemma."""
    files = find_files(folder)
    first: dict[Path, Path] = {}
    for f in sorted(files, key=lambda f: f.ann):
        first.setdefault(f.text_path, f.ann)
    texts = sorted(first)
    gold: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    src_rel: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    con_rel: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    pairs = list(zip(texts, _parsed(texts, model, docbin), strict=True))[part]
    for text_path, doc in pairs:
        inside = {t.i for qs, qe in _quotations(doc.text)
                  for t in (doc.char_span(qs, qe, alignment_mode="expand") or [])}
        seen: set[int] = set()
        for att in read_ann(first[text_path]):
            cue = _root(doc, att.cue)
            if cue is None or cue.pos_ not in POS or cue.i in seen:
                continue
            seen.add(cue.i)
            key = (cue.lemma_.lower(), cue.pos_)
            gold[key] += 1
            src_rel[key][_relation(_root(doc, att.source), cue)] += 1
            con_rel[key][_relation(_root(doc, att.content), cue)] += 1
        for tok in doc:  # a gold cue counts even where the quote marks are unbalanced
            if tok.pos_ in POS and (tok.i not in inside or tok.i in seen):
                total[(tok.lemma_.lower(), tok.pos_)] += 1
    for key in sorted(gold, key=lambda k: (k[1], k[0])):
        precision = gold[key] / max(total[key], 1)
        if gold[key] < min_gold or precision < min_precision:
            continue

        def top(c: Counter[str]) -> str:
            return ",".join(f"{r}={n}" for r, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:3])

        yield (key[0], key[1], str(gold[key]), str(total[key]), f"{precision:.3f}", top(src_rel[key]), top(con_rel[key]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="BRAT folder (text/ + attributions/), e.g. polnear/train")
    parser.add_argument("--out", type=Path, default=None, help="TSV to write (default: stdout)")
    parser.add_argument("--min-gold", type=int, default=3, help="frequency floor (gold cue count)")
    parser.add_argument("--min-precision", type=float, default=0.1, help="gold / occurrences floor")
    parser.add_argument(
        "--docbin", type=Path, default=Path("/tmp/newsgraph-polnear-train.spacy"),
        help="cache of the parses (reused if present; shared with train_attribution.py)",
    )
    parser.add_argument(
        "--part", default=":", help="python slice of the sorted texts to mine, e.g. 150: (held-out checks)"
    )
    args = parser.parse_args(argv)
    part = slice(*(int(x) if x else None for x in args.part.split(":")))
    rows = ["\t".join(HEADER)]
    rows += ["\t".join(r) for r in mine(args.folder, Settings().model, args.min_gold, args.min_precision, args.docbin, part)]
    head = (
        f"# Mined by scripts/mine_attribution_cues.py from {args.folder.name} texts[{args.part}] "
        f"(min_gold={args.min_gold}, min_precision={args.min_precision}); do not edit by hand.\n"
    )
    out = head + "\n".join(rows) + "\n"
    if args.out:
        args.out.write_text(out, "utf-8")
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
