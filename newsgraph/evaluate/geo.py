"""``newsgraph eval geo FILE.xml``: geoparsing scored on the TR-News XML format.

Format: ``<articles><article docid><text>CDATA</text><toponyms><toponym><phrase/><start/><end/>
<gaztag geonameid><name/><fcode/><lat/><lon/><country/></gaztag></toponym>...`` (TR-News,
GeoWebNews and LGL share it). Any file in that format can be scored.

Figures:
- detection precision/recall/F1: one-to-one span overlap between our toponyms and the gold
  ones. The format annotates demonyms ("Turkish" -> Turkey) as toponyms, so our demonym
  mentions (resolved to their country) are counted as predictions here.
- on gold toponyms with coordinates that we detected: accuracy within 161 km (``acc161``, the
  headline: the usual figure for geoparsers such as Mordecai3), mean and median error in km,
  exact-country accuracy;
- ``acc161_e2e``: the same over every gold toponym with coordinates (a missed one counts wrong);
- ``acc161_gold_spans``: resolution alone, given the gold spans as toponyms.

Run: ``python -m newsgraph.evaluate.geo FILE [--limit N]``.
"""

from __future__ import annotations

import argparse
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..extract.places import Toponym, find_demonyms, find_toponyms
from ..model import PlaceMention
from ..nlp.pipeline import build_pipeline
from ..resolve.gazetteer import get_gazetteer
from ..resolve.places import haversine_km, resolve_places
from ..settings import Settings
from . import Report, prf

KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    country: str  # ISO-3, "" when unknown


def read_articles(path: Path) -> list[tuple[str, str, list[GoldToponym]]]:
    """(docid, text, gold toponyms) of each article of a TR-News-format file."""
    gaz = get_gazetteer()
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = lon = None
            country = ""
            if g is not None and g.findtext("lat") and g.findtext("lon"):
                lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
            if g is not None and g.findtext("country"):
                place = gaz.country_by_name(g.findtext("country").strip())
                country = place.country if place else ""
            gold.append(
                GoldToponym(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase") or "", lat, lon, country)
            )
        out.append((art.get("docid", ""), text, gold))
    return out


def _match(gold: list[GoldToponym], pred: list[PlaceMention]) -> dict[int, PlaceMention]:
    """Gold index -> overlapping prediction, one-to-one, leftmost first."""
    used: set[int] = set()
    out: dict[int, PlaceMention] = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and p.span.start < g.end and g.start < p.span.end:
                used.add(pi)
                out[gi] = p
                break
    return out


def _errors(gold: list[GoldToponym], matched: dict[int, PlaceMention]) -> tuple[list[float], int, int, int]:
    """Errors (km) of resolved matches; count of gold with coords; country hits; country total."""
    errs: list[float] = []
    n_coords = country_ok = country_n = 0
    for gi, g in enumerate(gold):
        if g.lat is None:
            continue
        n_coords += 1
        m = matched.get(gi)
        place = m.place if m else None
        if place is not None and place.lat is not None:
            errs.append(haversine_km((g.lat, g.lon), (place.lat, place.lon)))
        else:
            errs.append(float("inf"))
        if g.country and m is not None:
            country_n += 1
            country_ok += int(place is not None and place.country == g.country)
    return errs, n_coords, country_ok, country_n


def evaluate_geo(
    path: Path, settings: Settings, limit: int | None = None, part: str = "all"
) -> Report:
    """Score ``path``; ``part`` "dev" (odd articles, used to write rules) / "test" (even) / "all"."""
    articles = read_articles(path)
    if part != "all":
        articles = articles[1::2] if part == "dev" else articles[::2]
    articles = articles[: limit or None]
    gaz = get_gazetteer()
    nlp = build_pipeline(settings.model)
    disable = [p for p in nlp.pipe_names if p.startswith("newsgraph_")]
    tp = fp = fn = 0
    det_errs: list[float] = []
    e2e_errs: list[float] = []
    gold_errs: list[float] = []
    c_ok = c_n = 0
    with nlp.select_pipes(disable=disable):
        docs = nlp.pipe((text for _, text, _ in articles), batch_size=16)
        for (_, _, gold), doc in zip(articles, docs, strict=True):
            toponyms = find_toponyms(doc, gaz)
            taken = {i for t in toponyms for i in range(t.span.start, t.span.end)}
            demonyms = [d for d in find_demonyms(doc, gaz) if d.span.start not in taken]
            pred = resolve_places(toponyms, demonyms, gaz, include_demonyms=True)
            matched = _match(gold, pred)
            tp += len(matched)
            fn += len(gold) - len(matched)
            fp += len(pred) - len(matched)
            errs, _, ok, n = _errors(gold, matched)
            c_ok, c_n = c_ok + ok, c_n + n
            e2e_errs += errs
            det_errs += [e for gi, e in zip([i for i, g in enumerate(gold) if g.lat is not None], errs, strict=True) if gi in matched]
            # resolution alone: gold spans in, our demonyms/toponyms as context
            spans = [doc.char_span(g.start, g.end, alignment_mode="expand") for g in gold]
            gold_tops = [Toponym(s, "place", "gold") for s in spans if s is not None]
            gold_pred = resolve_places(gold_tops, demonyms, gaz)
            for t, pm in zip(gold_tops, gold_pred, strict=True):
                if gaz.country_by_demonym(t.text) and gaz.country_by_name(t.text) is None:
                    iso3 = gaz.country_by_demonym(t.text)
                    pm.place = gaz.country(iso3) if iso3 else None
            gold_errs += _errors(gold, {i: pm for i, pm in enumerate(gold_pred)} if len(gold_tops) == len(gold) else _match(gold, gold_pred))[0]
    p, r, f = prf(tp, fp, fn)

    def acc(errs: list[float]) -> float:
        return sum(e <= KM for e in errs) / len(errs) if errs else 0.0

    finite = [e for e in det_errs if e != float("inf")]
    metrics = {
        "precision": p, "recall": r, "f1": f,
        "acc161": acc(det_errs),
        "acc161_e2e": acc(e2e_errs),
        "acc161_gold_spans": acc(gold_errs),
        "mean_km": statistics.fmean(finite) if finite else 0.0,
        "median_km": statistics.median(finite) if finite else 0.0,
        "country_acc": c_ok / c_n if c_n else 0.0,
        "unresolved": float(len(det_errs) - len(finite)),
    }
    lines = [
        f"geo: {path.name}, {len(articles)} articles ({part})",
        f"detection   P {p:.4f}  R {r:.4f}  F1 {f:.4f}   (tp {tp}, fp {fp}, fn {fn}; span overlap)",
        f"resolution  on {len(det_errs)} detected gold toponyms with coordinates: "
        f"acc@161 {metrics['acc161']:.4f}, mean {metrics['mean_km']:.0f} km, "
        f"median {metrics['median_km']:.1f} km, unresolved {len(det_errs) - len(finite)}",
        f"country     exact-country accuracy {metrics['country_acc']:.4f} on {c_n} detected gold toponyms",
        f"end-to-end  acc@161 {metrics['acc161_e2e']:.4f} on all {len(e2e_errs)} gold toponyms with coordinates",
        f"gold spans  acc@161 {metrics['acc161_gold_spans']:.4f} (resolution given the gold toponyms)",
    ]
    return Report("geo", "acc161", metrics, lines)


evaluate = evaluate_geo


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--part", choices=["all", "dev", "test"], default="all")
    args = ap.parse_args(argv)
    print(evaluate_geo(args.file, Settings(), args.limit, args.part).render())


if __name__ == "__main__":
    main()
