"""Time quote and claim extraction per article, parse excluded, with and without the cue proposer.

Why: quote extraction runs on every ingested article, so its cost is reported next to its
quality (bench/results/quotes.md). The first ``--n`` stories of a Reuters-21578 file are parsed
once; then ``quotes_and_claims`` runs over all of them ``--repeat`` times and the best run counts::

    .venv/bin/python scripts/time_quotes.py ../shared/eval-data/reuters21578/reut2-000.sgm.gz
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgraph.extract import quotes  # noqa: E402
from newsgraph.ingest import reuters  # noqa: E402
from newsgraph.model import Article  # noqa: E402
from newsgraph.nlp.pipeline import build_pipeline, make_doc  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sgm", type=Path, help="a Reuters-21578 .sgm or .sgm.gz file")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    raw = (gzip.open if args.sgm.suffix == ".gz" else open)(args.sgm, "rb").read().decode("latin-1")
    articles = [a for a in reuters.read(args.sgm.name, raw) if isinstance(a, Article)][: args.n]
    nlp = build_pipeline()
    docs = [nlp(make_doc(nlp, a.text, a.date, a.id)) for a in articles]
    shipped = quotes.load_proposer()
    for label, proposer in (("rules only", None), ("with proposer", shipped)):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for doc, a in zip(docs, articles, strict=True):
                found = quotes.extract_quotes(doc, a.id, proposer=proposer)
                quotes.extract_claims(doc, a.id, found)
            best = min(best, time.perf_counter() - start)
        print(f"{label}: {1000 * best / len(docs):.2f} ms per article ({len(docs)} articles, best of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
