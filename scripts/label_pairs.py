"""Sample and label pairs of Reuters-21578 articles / event mentions for the merge evaluation.

The labels live in ``tests/data/merge_pairs.tsv`` as ids only (Reuters NEWID, and for events
the trigger offset and type) plus the label and a short reason: never the article text, which
is read at run time from ``../shared/eval-data/reuters21578``.

    # article pairs (duplicate detection): candidates across similarity levels
    .venv/bin/python scripts/label_pairs.py sample articles --n 120 > /tmp/article_pairs.tsv
    # event-mention pairs (event merge): needs the extraction cache (bench/merge_cache.py)
    .venv/bin/python scripts/label_pairs.py sample events --n 200 > /tmp/event_pairs.tsv
    # read them, then label: interactively (y / n / s = skip, then a reason) ...
    .venv/bin/python scripts/label_pairs.py label /tmp/article_pairs.tsv
    # ... or print them for reading and record decisions "kind left right label reason" from a file
    .venv/bin/python scripts/label_pairs.py show /tmp/event_pairs.tsv
    .venv/bin/python scripts/label_pairs.py record decisions.tsv

Sampling is stratified (by MinHash similarity for articles; by how many fields agree for
events) so that hard negatives (same template, same actors on another day) are well
represented, not just easy pairs.

Labelling criterion for article pairs (the labeller reads both texts in full):

- 1, the same report: an identical repeat or re-issue (also a day or two later), a copy with a
  new headline, source tag, ticker or dateline, a corrected version, an edited version, or an
  extended or shortened version of the same story (the shorter one's facts are in the longer);
- 0, not the same report: the same template or wording about another company, issuer, bank,
  week, month or auction (other facts), a later snapshot of a market or a table (another
  hour's prices, the next rate change), even when most figures are unchanged, and a different
  story on the same topic.

For event-mention pairs: 1 when the two sentences report the same happening (same actors,
action and time, whatever the wording), 0 otherwise. A label's reason is a few words, never
article text; batches are tagged in the reason (``[dev]``, ``[test]``, ``[fresh]``, ``[batch2]``, ``[batch3]``).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from merge_cache import DEFAULT_CACHE, load, reuters_articles  # noqa: E402

from newsgraph.merges import mention_ref  # noqa: E402
from newsgraph.model import Article, EventMention, Extraction  # noqa: E402
from newsgraph.resolve.dedup import fingerprint, similarity  # noqa: E402
from newsgraph.resolve.merge import MergeKey, compare  # noqa: E402

LABELS = ROOT / "tests" / "data" / "merge_pairs.tsv"
HEADER = ["kind", "left", "right", "label", "reason"]


def article_pairs(n: int, seed: int = 7, min_similarity: float = 0.0) -> list[tuple[str, str, float]]:
    """Pairs sharing an exact hash or an LSH band, drawn evenly from similarity bins."""
    arts = list(reuters_articles())
    fps = [fingerprint(a) for a in arts]
    buckets: dict[object, list[int]] = defaultdict(list)
    for i, f in enumerate(fps):
        for k in [f.exact, *f.band_keys]:
            buckets[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) <= 50:  # huge buckets are boilerplate (empty bodies, one-liners)
            pairs |= {(x, y) for j, x in enumerate(members) for y in members[j + 1 :]}
    bins: dict[int, list[tuple[str, str, float]]] = defaultdict(list)
    for x, y in sorted(pairs):
        sim = similarity(fps[x], fps[y])
        if sim < min_similarity:
            continue
        bins[min(int(sim * 5), 4)].append((arts[x].external_id, arts[y].external_id, sim))
    rng = random.Random(seed)
    out = []
    for b in sorted(bins):
        out += rng.sample(bins[b], min(len(bins[b]), n // len(bins)))
    return out


def labelled_articles(kind: str = "event") -> set[str]:
    """NEWIDs of the articles an existing label of this kind already names (a fresh batch skips them)."""
    return {ref.split("@")[0] for r in read_pairs(LABELS) if r[0] == kind for ref in r[1:3]} if LABELS.exists() else set()


def event_pairs(n: int, cache: Path, seed: int = 7, exclude: set[str] | None = None) -> list[tuple[str, str, float]]:
    """Mention pairs from different articles within 7 days, same or compatible type, sharing an
    actor or a country: evenly from pairs the rules merge and pairs they refuse. ``exclude``:
    articles (NEWIDs) left out, so a fresh batch covers stories no earlier batch read."""
    xs = [x for x in load(cache) if x.article.external_id not in (exclude or set())]
    items = [(x.article, m) for x in xs for m in x.events if x.article.date]
    by_type: dict[str, list[tuple[Article, EventMention]]] = defaultdict(list)
    for a, m in items:
        by_type[m.event_type].append((a, m))
    merged, refused = [], []
    for group in by_type.values():
        for i, (a1, m1) in enumerate(group):
            k1 = MergeKey.of_mention(m1, a1.date)
            for a2, m2 in group[i + 1 :]:
                if a1.id == a2.id or abs((a1.date - a2.date).days) > 7:  # type: ignore[operator]
                    continue
                k2 = MergeKey.of_mention(m2, a2.date)
                if not ((k1.actors & k2.actors) or (k1.country and k1.country == k2.country)):
                    continue
                d = compare(k1, k2)
                pair = (mention_ref(m1, a1.external_id), mention_ref(m2, a2.external_id), d.score)
                (merged if d.merge else refused).append(pair)
    rng = random.Random(seed)
    return rng.sample(merged, min(len(merged), n // 2)) + rng.sample(refused, min(len(refused), n - n // 2))


def _texts() -> dict[str, Article]:
    return {a.external_id: a for a in reuters_articles()}


def _mentions(cache: Path) -> dict[str, tuple[Article, EventMention]]:
    xs: list[Extraction] = load(cache)
    return {mention_ref(m, x.article.external_id): (x.article, m) for x in xs for m in x.events}


def describe(kind: str, ref: str, arts: dict[str, Article], mentions: dict[str, tuple[Article, EventMention]]) -> str:
    if kind == "article":
        a = arts[ref]
        tail = f" ... {a.text[-200:]}" if len(a.text) > 600 else a.text[400:]
        return f"#{ref} {a.date} {a.source} ({len(a.text)} chars) {a.title}\n    {a.text[:400]}{tail}"
    a, m = mentions[ref]
    when = f"{m.time.value} ({m.time.precision}{', fallback' if m.time.fallback else ''})" if m.time else "-"
    actors = ",".join(x.actor.id if x.actor else f"'{x.span.text}'" for x in m.actors)
    recips = ",".join(x.actor.id if x.actor else f"'{x.span.text}'" for x in m.recipients)
    where = m.place.place.id if m.place and m.place.place else "-"
    return (f"#{ref} {a.date} {a.title}\n    [{m.event_type} {m.modality} '{m.trigger.text}' A={actors} R={recips} "
            f"T={when} P={where}]\n    {' '.join(m.sentence.text.split())[:320]}")


def read_pairs(path: Path) -> Iterable[list[str]]:
    with path.open(encoding="utf-8") as f:
        yield from (row for row in csv.reader(f, delimiter="\t") if row and row[0] != "kind")


def append_labels(rows: Iterable[list[str]]) -> int:
    LABELS.parent.mkdir(parents=True, exist_ok=True)
    existing = {(r[0], r[1], r[2]) for r in read_pairs(LABELS)} if LABELS.exists() else set()
    new = [r for r in rows if (r[0], r[1], r[2]) not in existing]
    write_header = not LABELS.exists()
    with LABELS.open("a", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        if write_header:
            w.writerow(HEADER)
        w.writerows(new)
    return len(new)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("kind", choices=["articles", "events"])
    s.add_argument("--n", type=int, default=120)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--min-similarity", type=float, default=0.0, help="articles: only pairs at or above")
    s.add_argument("--cache", type=Path, default=DEFAULT_CACHE / "political")
    s.add_argument("--fresh", action="store_true", help="events: only articles no labelled pair names yet")
    for name in ("show", "label"):
        p = sub.add_parser(name)
        p.add_argument("pairs", type=Path)
        p.add_argument("--cache", type=Path, default=DEFAULT_CACHE / "political")
    r = sub.add_parser("record")
    r.add_argument("decisions", type=Path, help="TSV: kind left right label(1/0) reason")
    args = ap.parse_args()

    if args.cmd == "sample":
        pairs = article_pairs(args.n, args.seed, args.min_similarity) if args.kind == "articles" else event_pairs(
            args.n, args.cache, args.seed, labelled_articles() if args.fresh else None)
        kind = args.kind.rstrip("s")
        for left, right, score in pairs:
            print(f"{kind}\t{left}\t{right}\t{score:.3f}")
        return
    if args.cmd == "record":
        print(f"recorded {append_labels(read_pairs(args.decisions))} new labels in {LABELS}")
        return
    arts = _texts()
    mentions = _mentions(args.cache) if any(r[0] == "event" for r in read_pairs(args.pairs)) else {}
    decided = []
    for i, (kind, left, right, *_rest) in enumerate(read_pairs(args.pairs)):
        print(f"\n=== {i} {kind} {left} | {right}")
        print("A " + describe(kind, left, arts, mentions))
        print("B " + describe(kind, right, arts, mentions))
        if args.cmd == "label":
            answer = input("same happening / duplicate? [y/n/s] ").strip().lower()
            if answer in ("y", "n"):
                decided.append([kind, left, right, "1" if answer == "y" else "0", input("reason: ").strip()])
    if decided:
        print(f"recorded {append_labels(decided)} new labels in {LABELS}")


if __name__ == "__main__":
    main()
