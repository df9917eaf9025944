"""Merge benchmarks (issue 7): labelled-pair precision/recall of the duplicate detector and of
the event merge, and the cost per new article as the store grows.

    .venv/bin/python bench/bench_merge.py [--scaling 1000,10000,21578] [--probe 200]

Reads Reuters-21578 at run time from ../shared/eval-data/reuters21578, the labels from
tests/data/merge_pairs.tsv, and (for events) the extraction cache of bench/merge_cache.py.
Writes bench/results/merge.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from merge_cache import DEFAULT_CACHE, load, reuters_articles

from newsgraph.evaluate import prf
from newsgraph.merges import (
    PairScore,
    mention_ref,
    read_labels,
    score_duplicates,
    score_event_merges,
)
from newsgraph.model import Article, Extraction
from newsgraph.resolve.dedup import (
    DedupRules,
    PairFeatures,
    dedup_rules,
    find_duplicates,
    fingerprint,
    pair_features,
    passes,
)
from newsgraph.resolve.merge import merge_rules
from newsgraph.store.duckdb_store import Store

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "merge_pairs.tsv"
OUT = ROOT / "bench" / "results" / "merge.md"


def row(name: str, s: PairScore) -> str:
    p, r, f = s.prf
    return f"| {name} | {s.tp + s.fn} / {s.fp + s.tn} | {p:.3f} | {r:.3f} | {f:.3f} | {s.tp} | {s.fp} | {s.fn} | {s.missing} |"


def duplicates(articles: dict[str, Article]) -> PairScore:
    return score_duplicates(read_labels(LABELS, "article"), articles)


GRID = {"near_duplicate": [0.5, 0.6, 0.7, 0.8, 0.9],
        "near_containment": [0.7, 0.8, 0.9, 1.0],
        # from 0.8: a one-line notice of another company in the same words differs by ~3 title
        # words and reaches ~0.75 (tests/test_dedup.py); the labelled pairs have no such case
        "short_near_duplicate": [0.8, 0.85, 0.9, 0.95, 1.0],
        "max_days_apart": [1, 3, 7], "min_shingles": [15, 25, 40],
        "min_number_overlap": [0.0, 0.5, 0.6, 0.8],
        # v4's signals, each on or off (a marker threshold of 1.0 is off)
        "check_stamps": [False, True], "check_lead_name": [False, True], "short_by_words": [False, True],
        "marker_similarity": [0.3, 0.5, 0.7, 1.0]}


#: among settings of equal F1 on the training folds, the strictest (precision first)
TIE_BREAK = ("near_duplicate", "near_containment", "short_near_duplicate", "min_number_overlap", "marker_similarity")


def cv_duplicates(articles: dict[str, Article], k: int = 5, seed: int = 3) -> tuple[PairScore, list[DedupRules]]:
    """k-fold cross-validation of the dedup parameters: pick the best F1 on k-1 folds, score
    the held-out fold; returns the pooled held-out score and the rules chosen per fold. The
    pair features (resolve.dedup.pair_features) are computed once per shingle setting; each
    setting of the thresholds is then the same ``passes`` test as at ingest."""
    import itertools
    import random

    labels = [x for x in read_labels(LABELS, "article") if x[0] in articles and x[1] in articles]
    random.Random(seed).shuffle(labels)
    folds = [labels[i::k] for i in range(k)]
    base = dedup_rules()
    feats: dict[tuple[int, str, str], PairFeatures | None] = {}
    for ms in GRID["min_shingles"]:
        r = replace(base, min_shingles=ms)
        for left, right, _, _ in labels:
            a, b = articles[left], articles[right]
            if a.id == b.id:  # the same title and text: one article to the store
                feats[ms, left, right] = None
                continue
            if (a.date, left) > (b.date, right):
                a, b = b, a
            days = abs((b.date - a.date).days) if a.date and b.date else None
            feats[ms, left, right] = pair_features(fingerprint(b, r), fingerprint(a, r), days)

    def decide(pairs: list, r: DedupRules) -> PairScore:
        s = PairScore("article")
        for left, right, gold, _ in pairs:
            f = feats[r.min_shingles, left, right]
            s.add(gold, f is None or passes(f, r), f"{left}|{right}")
        return s

    names = list(GRID)
    combos = [replace(base, **dict(zip(names, values, strict=True))) for values in itertools.product(*GRID.values())]
    pooled, chosen = PairScore("article"), []
    for i, test in enumerate(folds):
        train = [x for j, f in enumerate(folds) if j != i for x in f]
        best = max(combos, key=lambda r: (decide(train, r).prf[2], *(getattr(r, n) for n in TIE_BREAK)))
        chosen.append(best)
        s = decide(test, best)
        pooled.tp, pooled.fp, pooled.fn, pooled.tn = pooled.tp + s.tp, pooled.fp + s.fp, pooled.fn + s.fn, pooled.tn + s.tn
        pooled.errors += s.errors
    return pooled, chosen


def _pooled(*scores: PairScore) -> tuple[float, float, int, int, int]:
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    p, r, _ = prf(tp, fp, fn)
    return p, r, tp, fp, fn


def events(cache: Path, with_copies: bool = False, batch: str | None = None) -> PairScore:
    """Event pairs: merge rules alone, or the whole path (copies carried over, then rules).
    ``batch``: only labels whose reason is tagged with this batch name (dev / test)."""
    xs = load(cache)
    mentions = {mention_ref(m, x.article.external_id): (m, x.article.date) for x in xs for m in x.events}
    articles = {x.article.external_id: x.article for x in xs} if with_copies else None
    labels = [x for x in read_labels(LABELS, "event") if batch is None or x[3].startswith(f"[{batch}]")]
    return score_event_merges(labels, mentions, articles)


def _replica(src: Extraction, story: Article, k: int) -> Extraction:
    """A stand-in extraction: the text, title and source of Reuters ``story`` with the event
    mentions of the coded story ``src``, dates shifted by ``k`` whole years (so rounds do not
    merge with each other: the event table grows like a real one)."""
    import copy

    shift = timedelta(days=366 * k)
    art = Article(text=story.text, date=src.article.date + shift if src.article.date else None, date_source="bench",
                  source=story.source, title=story.title, external_id=story.external_id)
    x = Extraction(article=art, actors=src.actors, places=src.places)
    for m in src.events:
        y = copy.copy(m)
        y.article_id, y.id = art.id, ""
        if m.time:
            y.time = replace(m.time, start=m.time.start + shift if m.time.start else None,
                             end=m.time.end + shift if m.time.end else None, value=f"{k}:{m.time.value}")
        y.__post_init__()
        x.events.append(y)
    return x


#: the stages of ``Store.write`` as timed by ``Store.timings`` (in order)
STAGES = ("known", "stories", "candidates", "compare", "rows", "insert", "copies", "index", "counts")


@dataclass
class ProbeResult:
    stored: int
    events: int
    round: int
    dedup_ms: float  # per article
    write_ms: float  # per article (median run)
    write_min_ms: float  # per article (fastest run: the least disturbed by other work on the machine)
    candidates: int  # stored candidate events the merge loaded (per probe batch)
    comparisons: int  # (mention, candidate event) pairs compared (per probe batch)
    stages: dict[str, float]  # ms per article


def probe_once(store: Store, batch: list[Extraction]) -> tuple[float, float, dict[str, float], dict[str, int]]:
    """Dedup and write one probe batch inside a transaction that is rolled back, so the same
    batch can probe the store again (at this size, and at the next). Returns seconds for dedup,
    for the write, per stage, and the merge's work counts."""
    store.timings.clear()
    store.stats.clear()
    store.con.execute("BEGIN TRANSACTION")
    try:
        t0 = time.perf_counter()
        _, fps = find_duplicates([x.article for x in batch], store.fingerprint_candidates)
        t1 = time.perf_counter()
        store._write(batch, "bench", fps)  # the body of Store.write, without its own commit
        t2 = time.perf_counter()
    finally:
        store.con.execute("ROLLBACK")
    return t1 - t0, t2 - t1, dict(store.timings), dict(store.stats)


def scaling(sizes: list[int], probe: int, cache: Path, batch: int = 250, reps: int = 5) -> list[ProbeResult]:
    """One store grown to each size in turn; at each, the SAME probe batch goes through dedup
    and write ``reps`` times (rolled back each time; the median is kept).

    The probe is fixed: the last ``probe`` Reuters stories (never stored) carrying the mentions
    of ``probe`` coded stories spread over the coded period (never used by the stored stream),
    shifted into the store's latest complete round of years (round 0 while the first is being
    filled). So each size meets the same articles, mentions and period layout; only what is
    stored around them grows. The comparisons column shows the period density that remains."""
    import gc
    import statistics

    texts = list(reuters_articles())
    coded = [x for x in load(cache) if x.events]
    step = len(coded) / probe
    probe_idx = {int(i * step) for i in range(probe)}
    probe_coded = [coded[i] for i in sorted(probe_idx)]
    pool = [x for i, x in enumerate(coded) if i not in probe_idx]
    probe_texts, texts = texts[-len(probe_coded):], texts[: -len(probe_coded)]
    sizes = [min(n, len(texts)) for n in sizes]  # the last size: the whole corpus but the probe
    out: list[ProbeResult] = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.duckdb") as store:
        done = 0
        for n in sizes:
            while done < n:
                # made per batch, not kept: a harness holding 21k extractions in memory slowed every
                # Python step of the write (the garbage collector walks them), growing with the store
                part = [_replica(pool[i % len(pool)], texts[i], i // len(pool)) for i in range(done, min(done + batch, n))]
                _, fps = find_duplicates([x.article for x in part], store.fingerprint_candidates)
                store.write(part, "bench", fps)
                done += len(part)
            gc.collect()
            k = max(0, n // len(pool) - 1)
            runs = [probe_once(store, [_replica(c, t, k) for c, t in zip(probe_coded, probe_texts, strict=True)])
                    for _ in range(reps)]
            runs.sort(key=lambda r: r[1])
            dd, w, stages, stats = runs[len(runs) // 2]
            counts = store.counts()
            per = 1000 / len(probe_coded)
            r = ProbeResult(n, counts["events"], k, statistics.median(x[0] for x in runs) * per, w * per, runs[0][1] * per,
                            stats.get("candidates", 0), stats.get("comparisons", 0),
                            {s: stages.get(s, 0.0) * per for s in STAGES})
            out.append(r)
            print(f"store {n}: events {r.events}, round {k}, dedup {r.dedup_ms:.2f} ms/article, write+merge"
                  f" {r.write_ms:.2f} ms/article (runs {[round(x[1] * per, 2) for x in runs]}),"
                  f" candidates {r.candidates}, comparisons {r.comparisons}, "
                  + ", ".join(f"{s} {v:.2f}" for s, v in r.stages.items()), flush=True)
    return out


def scaling_section(res: list[ProbeResult], probe: int) -> list[str]:
    """The cost table of ``merge.md`` (its explanation is written by hand below the table)."""
    return [
        f"**Cost per new article as the store grows** (issue 7): one store grown to each size; at each, the SAME {probe}",
        "new stories go through dedup (fingerprint + indexed LSH/exact lookup) and write (story clustering against",
        "the entity index, event merge against candidate events, insert, counts), five times, each inside a",
        "transaction rolled back afterwards (the median is shown). Measured on the resolve + store stages alone:",
        "the spaCy pipeline is too slow on this shared 2-core machine to code 21,578 stories, so stored article i",
        "carries the text and title of Reuters story i (the duplicate index sees the real corpus) and the event",
        "mentions of one of the coded political stories, dates shifted by whole years per round of the coded",
        "stories. The probe: the last stories of the corpus (never stored) with the mentions of coded stories",
        "spread over the coded period and kept out of the stored stream, shifted into the latest complete round",
        "of the store (round 0 at 1k, while the first round is still being filled). The last row is the whole",
        "corpus: every readable story stored but the probe's.",
        "",
        "| stored articles | events in store | probe round | dedup ms / article | merge + write ms / article"
        " (fastest run) | candidate events / batch | comparisons / batch |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *[f"| {r.stored:,} | {r.events:,} | {r.round} | {r.dedup_ms:.2f} | {r.write_ms:.2f} ({r.write_min_ms:.2f}) | {r.candidates:,}"
          f" | {r.comparisons:,} |" for r in res],
        "",
        "Merge + write by stage (ms per article, same runs; `Store.timings`):",
        "",
        "| stored articles | " + " | ".join(STAGES) + " |",
        "|---:|" + "---:|" * len(STAGES),
        *[f"| {r.stored:,} | " + " | ".join(f"{r.stages[s]:.2f}" for s in STAGES) + " |" for r in res],
        "",
    ]


#: the hand-written explanation of the cost table starts here; regenerating keeps it
KEEP = "<!-- explanation of the cost table: written by hand, kept when bench_merge.py regenerates the table -->"


def kept_explanation(text: str) -> list[str]:
    """The hand-written explanation below the cost table of an existing ``merge.md``."""
    _, sep, rest = text.partition(KEEP)
    return [sep, *rest.partition("**Story clusters**")[0].strip("\n").split("\n"), ""] if sep else []


def replace_section(text: str, section: list[str]) -> str:
    """``merge.md`` with its cost table replaced: every other section, and the hand-written
    explanation of the table, kept as they are."""
    head, sep, rest = text.partition("**Cost per new article as the store grows**")
    if not sep:
        head, sep, rest = text.partition("**Story clusters**")
        rest = sep + rest
    else:
        rest = "**Story clusters**" + rest.partition("**Story clusters**")[2]
    return head + "\n".join(section + kept_explanation(text)) + "\n" + rest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE / "political")
    ap.add_argument("--scaling", default="1000,10000,21578")
    ap.add_argument("--probe", type=int, default=200)
    ap.add_argument("--scaling-only", action="store_true",
                    help="measure the cost table only and replace it in the existing merge.md")
    args = ap.parse_args()
    if args.scaling_only:
        res = scaling([int(x) for x in args.scaling.split(",")], args.probe, args.cache)
        OUT.write_text(replace_section(OUT.read_text("utf-8"), scaling_section(res, args.probe)), encoding="utf-8")
        print(f"updated the cost table of {OUT}")
        return

    articles = {a.external_id: a for a in reuters_articles()}
    d, m = dedup_rules(), merge_rules()
    labels = read_labels(LABELS, "article")
    v1 = replace(d, near_duplicate=0.70, near_containment=1.0, short_near_duplicate=1.0, min_shingles=8,
                 min_number_overlap=0.0, max_days_apart=10_000)
    v2 = replace(d, near_duplicate=0.5, near_containment=1.0, short_near_duplicate=1.0, min_shingles=25,
                 min_number_overlap=0.8, max_days_apart=3)
    # v3 as first set by reading batch 1's features (before batch 2 was labelled): batch 2 is its held-out test
    off = {"check_stamps": False, "check_lead_name": False, "marker_similarity": 1.0, "short_by_words": False}  # v4 off
    v1, v2 = replace(v1, **off), replace(v2, **off)
    v3_b1 = replace(d, near_duplicate=0.5, near_containment=0.8, short_near_duplicate=0.8, min_shingles=25,
                    min_number_overlap=0.8, max_days_apart=3, **off)
    v3 = replace(d, near_duplicate=0.5, near_containment=0.7, short_near_duplicate=0.8, min_shingles=25,
                 min_number_overlap=0.6, max_days_apart=3, **off)
    batch2 = [x for x in labels if x[3].startswith("[batch2]")]
    batch3 = [x for x in labels if x[3].startswith("[batch3]")]  # labelled after v4 was fixed
    dup_v1, dup_v2 = score_duplicates(labels, articles, v1), score_duplicates(labels, articles, v2)
    dup_b2 = score_duplicates(batch2, articles, v3_b1)
    dup_v3 = score_duplicates(labels, articles, v3)
    dup_v3_b3, dup_b3 = score_duplicates(batch3, articles, v3), score_duplicates(batch3, articles, d)
    dup = duplicates(articles)
    cv, chosen = cv_duplicates(articles)
    ev = {(b, w): events(args.cache, w, b) for b in ("dev", "test", "fresh") for w in (False, True)}
    n_art = len(labels)
    lines = [
        "## Syndication, event merging, story clusters (issue 7)",
        "",
        "Labelled pairs from Reuters-21578 (`tests/data/merge_pairs.tsv`: NEWIDs / mention ids and labels only,",
        "sampled and labelled with `scripts/label_pairs.py`; sampling is stratified by similarity (articles) or",
        "by rule outcome (events) so hard negatives are well represented: figures are on this sample, not on",
        "the corpus population). Reuters is one outlet, so syndication *across outlets* is exercised by the",
        "tests (a re-datelined, edited copy from another outlet), while the labels cover re-issues, repeats,",
        "corrections and extended versions vs. template stories (dividend notices, weekly Fed/Bundesbank items).",
        "",
        f"**Duplicate detector** ({n_art} article pairs: batch 1, {n_art - len(batch2) - len(batch3)} pairs; batch 2,"
        f" {len(batch2)} pairs sampled at MinHash similarity ≥ 0.4 and labelled after v3's rules were written; batch 3,"
        f" {len(batch3)} pairs sampled the same way (`label_pairs.py sample articles --n 60 --seed 23 --min-similarity 0.4`,"
        " labelled pairs left out) and labelled after v4 was fixed; the criterion is in `scripts/label_pairs.py`).",
        "",
        "| configuration | pairs (pos / neg) | precision | recall | F1 | TP | FP | FN | not found |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        row("v1, set before labelling (J ≥ 0.70, no date window, no figures check), all pairs", dup_v1),
        row("v2 (J ≥ 0.5, ≤ 3 days, figures ≥ 0.8, exact only under 25 shingles), all pairs", dup_v2),
        row("v3 values set on batch 1 (C ≥ 0.8, short J ≥ 0.8, figures ≥ 0.8), **batch 2 held out**", dup_b2),
        row("v3 shipped (J ≥ 0.5 or containment ≥ 0.7; short texts with title, J ≥ 0.8; ≤ 3 days; figures ≥ 0.6): in-sample", dup_v3),
        row("v3 shipped, batch 3", dup_v3_b3),
        row("**v4, 5-fold cross-validated (held-out folds pooled), all pairs**", cv),
        row("**v4 shipped, batch 3 (held out: labelled after v4 was fixed)**", dup_b3),
        row(f"v4 shipped (J ≥ {d.near_duplicate} or containment ≥ {d.near_containment}; short texts word by word"
            f" ≥ {d.short_near_duplicate}; ≤ {d.max_days_apart} days; figures ≥ {d.min_number_overlap}; stamps, lead name;"
            f" marked corrections ≥ {d.marker_similarity}): in-sample", dup),
        "",
        "v3 added containment (an extended or cut version is the same report) and a MinHash over title + text for"
        " one-line notices and flashes. v4 was written after reading v3's cross-validated errors (both batches):"
        " (1) *header stamps*: the times, sessions and days in the title and the first words of the first line"
        " (\"COPPER 12:00\" / \"12:30\", \"OILS 1330\" / \"CLOSING\", \"RICE 1 - APRIL 7\" / \"APRIL 8\") must agree when"
        " both give some: a market snapshot re-sent at another hour differs only there; (2) *lead name*: the first"
        " capitalised name of one text (of title + text for a short one) must occur somewhere in the other: a"
        " template re-used for another company (Phillips / Citgo crude postings, Sankei / Sekisui warrant bonds,"
        " ACME / GLOBEX dividends) changes its subject, a copy keeps it; (3) *correction markers* in the title"
        " (CORRECTED, RPT, UPDATE, ...): a marked correction is the same report at max(J, containment) ≥ the"
        " marker threshold, without the figures check (a correction changes figures on purpose); (4) short texts"
        " (flashes, notices) are compared word by word (difflib ratio of title + text) instead of by 4-word"
        " shingles, which one changed word (\"INC\" / \"INCLUDING\", \"- official\" added) breaks four times."
        " Words and patterns are data (`resources/merge/dedup.yaml`). Each signal is switched on or off, and"
        " every threshold chosen, by 5-fold cross-validation over the grid in `bench/bench_merge.py` (per fold: "
        + "; ".join(f"J {r.near_duplicate}, C {r.near_containment}, short {r.short_near_duplicate}, {r.max_days_apart} d,"
                    f" {r.min_shingles} sh, figures {r.min_number_overlap}, stamps {'on' if r.check_stamps else 'off'},"
                    f" lead {'on' if r.check_lead_name else 'off'}, words {'on' if r.short_by_words else 'off'},"
                    f" marker {r.marker_similarity}" for r in chosen)
        + "); the shipped values are the most frequent choice. The signals themselves were designed after reading"
        " errors from both batches, so the cross-validated row estimates the thresholds honestly but the design"
        " only approximately: batch 3 below was labelled after v4 was fixed and is its held-out check."
        " What remains: the same wording re-sent a day later for another day's operation (a Fed repurchase,"
        " a port's ship count) when only a number written in words changes (\"six pct\" / \"6-1/16 pct\")"
        " while identical re-issues a day or two later are the same report (the dateline day was tried as a signal"
        " and refused re-issues: not shipped), and second versions whose figures were rounded or made exact.",
        "",
        f"**Event merge** (rules v{m.version}, threshold {m.threshold}). The first batch of event pairs (dev) was read",
        "to write v2 and v3 (see `resources/merge/events.yaml`); the second batch (test, later stories,",
        "March–October 1987) was labelled after v2 was fixed and has not been read since: v3 was written from the",
        "dev errors only and scored on test once. The third batch (fresh: 77 pairs sampled with",
        "`label_pairs.py sample events --fresh --seed 11`, from stories that no dev or test pair names) was",
        "labelled before any rule change of this pass and not read after scoring. The dev errors read in this",
        "pass are extraction errors, not merge rules (an accord dated \"1987\" instead of December 1986, an",
        "unresolved or bare-sector actor, a conditional \"attacking\" coded as an attack), so the rules stay v3:",
        "the figures below are v3 on all three batches. \"rules\" scores the merge rules",
        "alone on the two mentions; \"system\" also counts the carry-over of mentions from an article detected",
        "as a copy (what ingest does).",
        "",
        "| pairs | decision | pairs (pos / neg) | precision | recall | F1 | TP | FP | FN | not found |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *[row(f"{b} | {'system' if w else 'rules'}", ev[b, w]) for b in ("dev", "test", "fresh") for w in (False, True)],
        "",
        "Held-out event pairs pooled (test + fresh, system): precision {:.3f}, recall {:.3f} ({} TP, {} FP, {} FN).".format(
            *_pooled(ev["test", True], ev["fresh", True])),
        "",
        "Targets (issue 7): events ≥ 0.90 precision at ≥ 0.70 recall; duplicates ≥ 0.95 / 0.95.",
        "",
    ]
    for s in (dup_v1, dup_v2, dup_b2, dup_v3, dup_v3_b3, cv, dup_b3, dup, *ev.values()):
        print(s.kind, [round(x, 3) for x in s.prf], "missing", s.missing)
    for e in ev["dev", True].errors + dup.errors:  # never the test batch's errors: it stays held out
        print("  ", e)
    if args.scaling:
        sizes = [int(x) for x in args.scaling.split(",")]
        res = scaling(sizes, args.probe, args.cache)
        lines += scaling_section(res, args.probe) + (kept_explanation(OUT.read_text("utf-8")) if OUT.exists() else [])
    lines += [
        "**Story clusters**: shared resolved entities (actors, places) + a 7-day window + MinHash Jaccard of the",
        "title and lead's content words (`resources/merge/stories.yaml`). No embeddings: the story key needs",
        "entities and time anyway, and a static or ONNX embedding model would add a download and a dependency",
        "for a text-similarity term that word-set MinHash already gives; not measured against labels (no story",
        "labels yet), covered by unit tests only.",
        "",
    ]
    lines += ["Command:", "", "```", ".venv/bin/python bench/merge_cache.py --political   # once: code the political stories",
              f".venv/bin/python bench/bench_merge.py --scaling {args.scaling} --probe {args.probe}",
              f".venv/bin/python bench/bench_merge.py --scaling {args.scaling} --probe {args.probe} --scaling-only"
              "   # the cost table only", "```", ""]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
