"""Throughput of the full pipeline against bare spaCy on the first N Reuters-21578 stories.

Both runs use the same model on the same articles in the same invocation (each in its own
subprocess so peak memory is per run); the figure that matters is the ratio, since this
machine is shared and noisy. Writes ``bench/results/pipeline.md``.

    python bench/bench_pipeline.py [--n 1000] [--eval-data ../shared/eval-data] [--processes 2]

``--processes N`` adds the end-to-end ``ingest()`` (read, dedup, code, store) with one process
and with N worker processes, on the same stories in the same run: the ratio is the speed-up.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_articles(eval_data: str, n: int):
    from newsgraph.ingest import read_articles
    from newsgraph.model import Article

    folder = Path(eval_data, "reuters21578")
    articles = []
    for item in read_articles(sorted(str(p) for p in folder.glob("reut2-*.sgm.gz"))):
        if isinstance(item, Article):
            articles.append(item)
            if len(articles) >= n:
                break
    return articles


def run_bare(eval_data: str, n: int) -> dict:
    import spacy

    from newsgraph.settings import Settings

    articles = load_articles(eval_data, n)
    nlp = spacy.load(Settings().model)
    t0 = time.perf_counter()
    for _doc in nlp.pipe((a.text for a in articles), batch_size=32):
        pass
    elapsed = time.perf_counter() - t0
    return {"seconds": elapsed, "articles": len(articles), "words": sum(len(a.text.split()) for a in articles)}


def run_full(eval_data: str, n: int) -> dict:
    """The real ingest path, stage by stage: annotate (spaCy + our components), extract, store."""
    from newsgraph.extract import extract
    from newsgraph.nlp.pipeline import annotate, build_pipeline
    from newsgraph.run.local import PIPELINE_VERSION
    from newsgraph.store.duckdb_store import Store

    t_read = time.perf_counter()
    articles = load_articles(eval_data, n)
    read_s = time.perf_counter() - t_read
    nlp = build_pipeline()
    stage = {"spacy model": 0.0, "newsgraph components": 0.0, "extract": 0.0, "store": 0.0}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.duckdb") as store:
        t0 = time.perf_counter()
        batch = []
        t_annot_start = time.perf_counter()
        for article, doc in annotate(articles, nlp):
            t_x = time.perf_counter()
            stage["spacy model"] += t_x - t_annot_start
            batch.append(extract(article, doc))
            stage["extract"] += time.perf_counter() - t_x
            if len(batch) >= 64:
                t_s = time.perf_counter()
                store.write(batch, PIPELINE_VERSION)
                stage["store"] += time.perf_counter() - t_s
                batch = []
            t_annot_start = time.perf_counter()
        t_s = time.perf_counter()
        store.write(batch, PIPELINE_VERSION)
        stage["store"] += time.perf_counter() - t_s
        elapsed = time.perf_counter() - t0
    # split annotate time between the model's components and ours with a separate timed pass
    comp = component_times(nlp, articles[: min(len(articles), 300)])
    ours = sum(v for k, v in comp.items() if k.startswith("newsgraph"))
    total = sum(comp.values()) or 1.0
    stage["newsgraph components"] = stage["spacy model"] * ours / total
    stage["spacy model"] -= stage["newsgraph components"]
    return {"seconds": elapsed, "read_seconds": read_s, "articles": len(articles),
            "words": sum(len(a.text.split()) for a in articles), "stages": stage, "components": comp}


def run_ingest(eval_data: str, n: int, processes: int) -> dict:
    """``newsgraph.run.local.ingest`` end to end over the same stories (as JSON Lines)."""
    from newsgraph.run.local import ingest

    articles = load_articles(eval_data, n)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "stories.jsonl"
        corpus.write_text("".join(json.dumps({"id": a.external_id, "title": a.title, "text": a.text, "date": str(a.date)}) + "\n"
                                  for a in articles), encoding="utf-8")
        t0 = time.perf_counter()
        summary = ingest([str(corpus)], db=str(Path(tmp) / "i.duckdb"), processes=processes)
        elapsed = time.perf_counter() - t0
    return {"seconds": elapsed, "articles": summary.read, "words": sum(len(a.text.split()) for a in articles)}


def component_times(nlp, articles) -> dict:
    from newsgraph.nlp.pipeline import make_doc

    times = {name: 0.0 for name in nlp.pipe_names}
    for a in articles:
        doc = make_doc(nlp, a.text, a.date, a.id)
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            times[name] += time.perf_counter() - t
    return times


def child(kind: str, eval_data: str, n: int) -> None:
    if kind.startswith("ingest"):
        result = run_ingest(eval_data, n, int(kind.removeprefix("ingest")))
    else:
        result = run_bare(eval_data, n) if kind == "bare" else run_full(eval_data, n)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, eval_data: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--n", str(n), "--eval-data", eval_data],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--eval-data", default="../shared/eval-data")
    ap.add_argument("--processes", type=int, default=0, help="also time ingest() with 1 and with N processes")
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.eval_data, args.n)
        return
    bare = measure("bare", args.eval_data, args.n)
    full = measure("full", args.eval_data, args.n)
    parallel = [measure(f"ingest{k}", args.eval_data, args.n) for k in (1, args.processes)] if args.processes > 1 else []
    rate = lambda r, key: r[key] / r["seconds"]  # noqa: E731
    ratio = rate(full, "articles") / rate(bare, "articles")
    lines = [
        "## Pipeline throughput (Reuters-21578)",
        "",
        f"First {full['articles']} Reuters-21578 stories ({full['words']:,} words), same model, same run. "
        f"Command: `python bench/bench_pipeline.py --n {args.n}{f' --processes {args.processes}' if parallel else ''}`.",
        "",
        "| run | articles/s | words/s | peak memory |",
        "|---|---|---|---|",
        f"| bare spaCy `nlp.pipe` | {rate(bare, 'articles'):.1f} | {rate(bare, 'words'):,.0f} | {bare['peak_mb']:.0f} MB |",
        f"| newsgraph full pipeline (annotate + extract + store) | {rate(full, 'articles'):.1f} | {rate(full, 'words'):,.0f} | {full['peak_mb']:.0f} MB |",
        "",
        f"**Ratio full / bare: {ratio:.2f}** (target ≥ 0.70); peak memory target ≤ 1.5 GB.",
        "",
    ]
    if parallel:
        one, many = parallel
        lines += [
            f"End to end (`newsgraph ingest`: read, dedup, code, store; worker start-up included) with 1 and {args.processes} processes "
            f"on this {os.cpu_count()}-core machine, same stories, same run:",
            "",
            "| processes | articles/s | speed-up |",
            "|---|---|---|",
            f"| 1 | {rate(one, 'articles'):.1f} | 1.00 |",
            f"| {args.processes} | {rate(many, 'articles'):.1f} | {rate(many, 'articles') / rate(one, 'articles'):.2f} |",
            "",
        ]
    lines += [
        "Time per stage of the full run (reading the SGML is not included above: "
        f"{full['read_seconds']:.1f} s for the whole read):",
        "",
        "| stage | seconds | share |",
        "|---|---|---|",
    ]
    total = sum(full["stages"].values())
    for name, secs in full["stages"].items():
        lines.append(f"| {name} | {secs:.1f} | {secs / total:.0%} |")
    lines += ["", "spaCy components (separate timed pass over 300 stories):", "", "| component | seconds |", "|---|---|"]
    for name, secs in full["components"].items():
        lines.append(f"| {name} | {secs:.2f} |")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "pipeline.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
