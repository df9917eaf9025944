"""Code Reuters-21578 once with the real pipeline and keep the extractions in a local cache.

The merge/dedup/story benchmarks and the pair-labelling tool read this cache instead of
re-running spaCy (the cache lives outside the repo: it holds article text).

    .venv/bin/python bench/merge_cache.py [--limit N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import gzip
import pickle
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

from newsgraph.extract import extract
from newsgraph.ingest import reuters
from newsgraph.model import Article, Extraction
from newsgraph.nlp.pipeline import annotate, build_pipeline
from newsgraph.settings import Settings

DEFAULT_CACHE = Path("/tmp/newsgraph-merge-cache")
ARTICLE_TIMEOUT = 20


def _timeout(signum: int, frame: object) -> None:
    raise TimeoutError


#: titles of political / conflict / trade stories: the ones event merging is about
POLITICAL = r"\b(IRAN|IRAQ|GULF|KUWAIT|SOVIET|OPEC|TANKER|ISRAEL|LEBANON|TALKS|STRIKE|SANCTION|TARIFF|GATT|DEBT)"


def reuters_articles(limit: int | None = None, title: str | None = None) -> Iterator[Article]:
    """Reuters-21578 stories in file order (optionally only titles matching a regex), read at
    run time from the shared eval data."""
    pattern = re.compile(title, re.I) if title else None
    folder = Settings().eval_path("reuters21578")
    n = 0
    for path in sorted(folder.glob("reut2-*.sgm.gz")):
        text = gzip.open(path, "rt", encoding="latin-1").read()
        for item in reuters.read(path.name.removesuffix(".gz"), text):
            if isinstance(item, Article) and (pattern is None or pattern.search(item.title)):
                yield item
                n += 1
                if limit and n >= limit:
                    return


def load(cache: Path = DEFAULT_CACHE) -> list[Extraction]:
    """All cached extractions, in corpus order."""
    out: list[Extraction] = []
    for part in sorted(cache.glob("part-*.pkl")):
        out += pickle.loads(part.read_bytes())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--part-size", type=int, default=500)
    ap.add_argument("--political", action="store_true", help="only political/conflict/trade titles")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _timeout)
    nlp = build_pipeline()
    batch: list[Article] = []
    part, t0, done = 0, time.perf_counter(), 0

    def flush() -> None:
        nonlocal part, done
        target = args.cache / f"part-{part:05d}.pkl"
        part += 1
        if target.exists():
            done += len(batch)
            return
        xs = []
        for a, doc in annotate(batch, nlp):
            signal.alarm(ARTICLE_TIMEOUT)  # an extractor that loops must not stop the whole run
            try:
                xs.append(extract(a, doc))
            except TimeoutError:
                print(f"skipped {a.path}: extraction took over {ARTICLE_TIMEOUT} s", flush=True)
            finally:
                signal.alarm(0)
        target.write_bytes(pickle.dumps(xs))
        done += len(batch)
        print(f"{done} articles, {done / (time.perf_counter() - t0):.1f}/s", flush=True)

    for art in reuters_articles(args.limit, POLITICAL if args.political else None):
        batch.append(art)
        if len(batch) >= args.part_size:
            flush()
            batch = []
    if batch:
        flush()


if __name__ == "__main__":
    main()
