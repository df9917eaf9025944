"""Toponyms to gazetteer entries, each with a score and a human-readable reason.

Entry points::

    resolve_places(toponyms, demonyms=(), gazetteer=None) -> list[PlaceMention]
    focus_countries(toponyms, demonyms=(), gazetteer=None) -> dict[str, float]
    geoparse(doc, include_demonyms=False) -> list[PlaceMention]   # find + resolve one doc

Disambiguation, strongest evidence first: a country name is the country; a demonym tells its
country; "Edmonton, Alta." takes the division named right after it; a place inside a division
the article names; the article's focus countries (share of country mentions, demonyms and
capitals count); distance to places already resolved without doubt; towns of other names of
the article lying within a few km (co-location); then population and feature class. Every name is resolved on its own: one unknown name leaves the others as they are
(it gets ``place=None`` and reason "no gazetteer entry"). A name keeps one sense per article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from ..extract.places import Toponym, cues, find_demonyms, find_toponyms
from ..model import Place, PlaceMention, Span
from .gazetteer import Gazetteer, get_gazetteer, normalize

#: prior weight of a feature class when a name has several kinds of candidates
_FEATURE_PRIOR = {
    "country": 1.0, "continent": 1.0, "admin1": 0.8, "capital": 0.7, "region": 0.6,
    "sea": 0.6, "city": 0.3,
}
_NEAR_KM = 150.0
#: two towns of different names this close are read as one locality ("Edmonton" beside "Enfield")
_TOGETHER_KM = 50.0
#: names with more candidates than this take no part in co-location (too many chance neighbours)
_TOGETHER_MAX_CANDS = 40
#: a town this many times smaller than the largest place of its name takes no part either
#: ("Paris" and "London" both have villages in Arkansas)
_TOGETHER_MAX_RATIO = 100


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


_GENERIC_TAIL = re.compile(r"\s+(province|county|state|region|governorate|district|city|prefecture)$", re.I)
_GENERIC_HEAD = re.compile(r"^(city|province|state|county) of\s+", re.I)


def _strip_generic(text: str) -> tuple[str, bool]:
    """'Sichuan province' -> 'Sichuan', 'City of Montreal' -> 'Montreal' (a second try);
    the flag tells a division word was dropped ("Washington state" means the state)."""
    tail = _GENERIC_TAIL.search(text.strip())
    division = bool(tail) and tail.group(1).lower() not in ("city", "county", "district")
    return _GENERIC_HEAD.sub("", _GENERIC_TAIL.sub("", text.strip())), division


def _key(text: str) -> str:
    return normalize(text)


def focus_countries(
    toponyms: Sequence[Toponym], demonyms: Sequence[Toponym] = (), gazetteer: Gazetteer | None = None
) -> dict[str, float]:
    """ISO-3 -> share of the article's country evidence (names, demonyms, capitals, divisions)."""
    gaz = gazetteer or get_gazetteer()
    counts: Counter[str] = Counter()
    capitals: list[tuple[str, str]] = []
    for t in toponyms:
        country = gaz.country_by_name(t.text)
        if country is not None:
            counts[country.country] += 1.0
            continue
        cap = gaz.capital_country(t.text)
        if cap:
            capitals.append((t.text, cap))
            continue
        cands = gaz.lookup(t.text)
        kinds = {(p.feature, p.country) for p in cands if p.feature in ("admin1", "capital")}
        if len(kinds) == 1:  # an unambiguous division ("Alberta") says the country too
            counts[next(iter(kinds))[1]] += 0.5
    for d in demonyms:
        iso3 = gaz.country_by_demonym(d.text)
        if iso3:
            counts[iso3] += 1.0
    # a capital's name counts for its country unless the article is otherwise about another
    # country that has a place of that name ("London" in an article about Canada)
    evidenced = set(counts)
    for text, cap in capitals:
        others = {p.country for p in gaz.lookup(text)} - {cap}
        if cap in evidenced or not others & evidenced:
            counts[cap] += 0.5
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def _mention(t: Toponym, place: Place | None, score: float, reason: str) -> PlaceMention:
    return PlaceMention(Span.of(t.span), place, round(score, 3), reason, t.role)


class _Resolver:
    """State of one article's resolution: focus, divisions named, anchors already resolved."""

    def __init__(self, gaz: Gazetteer, toponyms: Sequence[Toponym], demonyms: Sequence[Toponym]):
        self.gaz = gaz
        self.toponyms = toponyms
        self.focus = focus_countries(toponyms, demonyms, gaz)
        self.top_focus = max(self.focus, key=self.focus.get) if self.focus else ""
        self.anchors: list[Place] = []
        self.divisions: dict[tuple[str, str], str] = {}  # (iso3, admin1 name) -> text
        self.division_mentions: Counter[tuple[str, str]] = Counter()
        self.cache: dict[str, tuple[Place | None, float, str]] = {}
        self._towns: dict[str, list[Place]] | None = None

    def unambiguous(self) -> None:
        """Countries, and names with a single candidate: anchors for the rest."""
        for t in self.toponyms:
            key = _key(t.text)
            if key in self.cache:
                continue
            country = self.gaz.country_by_name(t.text)
            if country is not None:
                self.cache[key] = self.division_homonym(t.text, country) or (country, 0.99, "country name")
                continue
            cands = self.gaz.lookup(t.text)
            if len(cands) == 1:
                self.cache[key] = (cands[0], 0.9, f"only {cands[0].feature} of that name")
        for place, _, _ in self.cache.values():
            if place is None:
                continue
            if place.feature == "admin1":
                self.divisions[(place.country, place.admin1)] = place.name
            if place.feature in ("city", "capital", "admin1"):
                self.anchors.append(place)
        # divisions the article names, counted per mention (to place a county): a name whose only
        # division sense lies in a focus country ("Missouri") counts even if towns share the name
        for t in self.toponyms:
            divs = [p for p in self.gaz.lookup(t.text) if p.feature == "admin1" and p.country in self.focus]
            if len(divs) == 1:
                self.division_mentions[(divs[0].country, divs[0].admin1)] += 1

    def division_homonym(self, text: str, country: Place) -> tuple[Place, float, str] | None:
        """'Georgia' the US state, when the rest of the article is about the US, not Georgia."""
        divs = [p for p in self.gaz.lookup(text) if p.feature == "admin1" and p.country != country.country]
        if not divs:
            return None
        key = _key(text)
        rest = focus_countries([t for t in self.toponyms if _key(t.text) != key], (), self.gaz)
        best = max(divs, key=lambda p: rest.get(p.country, 0.0))
        if rest.get(best.country, 0.0) > rest.get(country.country, 0.0):
            return best, 0.8, f"a division of {best.country}, the country the article is about"
        return None

    def following_division(self, t: Toponym) -> list[Place]:
        """'Edmonton, Alta.': the division or country written right after a comma."""
        doc, end = t.span.doc, t.span.end
        if end + 1 >= len(doc) or doc[end].text != ",":
            return []
        for n in (3, 2, 1):
            nxt = doc[end + 1 : end + 1 + n]
            if len(nxt) < n:
                continue
            country = self.gaz.country_by_name(nxt.text)
            if country is not None:
                return [country]
            cands = [p for p in self.gaz.lookup(nxt.text) if p.feature == "admin1"]
            if cands:
                return cands
        return []

    def towns(self) -> dict[str, list[Place]]:
        """Name key -> its town candidates with a point, for the article's non-country names."""
        if self._towns is None:
            self._towns = {}
            for t in self.toponyms:
                key = _key(t.text)
                if key in self._towns or self.gaz.country_by_name(t.text) is not None:
                    continue
                cands = self.gaz.lookup(t.text)
                if cands and len(cands) <= _TOGETHER_MAX_CANDS:
                    floor = max(p.population for p in cands) / _TOGETHER_MAX_RATIO
                    self._towns[key] = [
                        p for p in cands
                        if p.feature in ("city", "capital") and p.lat is not None and p.population >= floor
                    ]
        return self._towns

    def together(self, p: Place, key: str) -> str | None:
        """Another name of the article that has a town within a few km of ``p`` (spatial
        minimality: places named together in a story lie together), or None."""
        if not any(q.id == p.id for q in self.towns().get(key, ())):
            return None
        for other, towns in self.towns().items():
            if other == key:
                continue
            for q in towns:
                if q.id != p.id and abs(q.lat - p.lat) < 1.0 and haversine_km((p.lat, p.lon), (q.lat, q.lon)) < _TOGETHER_KM:
                    return q.name
        return None

    def score(self, p: Place, n: int, key: str = "") -> tuple[float, str]:
        """Evidence for one candidate, and the reason that weighed most."""
        parts: list[tuple[float, str]] = []
        pop = min(1.0, math.log10(p.population + 1) / 7.0)
        where = f" in {p.country}" if p.country else ""
        parts.append((0.45 * pop, f"largest population among {n} candidates{where}"))
        share = self.focus.get(p.country, 0.0)
        if share:
            if p.feature == "capital":
                parts.append((0.9 * share, "capital of a country the article is about"))
            else:
                parts.append((0.6 * share, f"in the article's focus country {p.country}"))
        if p.feature != "admin1" and (p.country, p.admin1) in self.divisions:
            parts.append((0.5, f"in {self.divisions[(p.country, p.admin1)]}, named in the article"))
        if p.lat is not None and self.anchors and p.feature in ("city", "capital"):
            near = min(
                (haversine_km((p.lat, p.lon), (a.lat, a.lon)), a.name)
                for a in self.anchors
                if a.lat is not None and a.id != p.id
            ) if any(a.id != p.id and a.lat is not None for a in self.anchors) else None
            if near and near[0] < _NEAR_KM:
                parts.append((0.2, f"near {near[1]} ({near[0]:.0f} km)"))
        if key and n > 1 and p.lat is not None and p.feature in ("city", "capital"):
            partner = self.together(p, key)
            if partner:
                parts.append((0.25, f"close to {partner}, also named in the article"))
        parts.append((0.6 * _FEATURE_PRIOR.get(p.feature, 0.3), f"a {p.feature} name"))
        total = sum(w for w, _ in parts)
        reason = max(parts, key=lambda x: x[0])[1]
        return total, reason

    def resolve(self, t: Toponym) -> tuple[Place | None, float, str]:
        key = _key(t.text)
        hint = [] if self.gaz.country_by_name(t.text) else self.following_division(t)
        if key in self.cache and not hint:
            return self.cache[key]
        cands = self.gaz.lookup(t.text)
        if not cands:
            result = self.fallback(t.text)
            if result is not None:
                self.cache[key] = result
                return result
            stripped, generic = _strip_generic(t.text)
            cands = self.gaz.lookup(stripped) if stripped != t.text else []
            if generic and any(p.feature == "admin1" for p in cands):  # "Washington state"
                cands = [p for p in cands if p.feature == "admin1"]
        if not cands:
            result: tuple[Place | None, float, str] = (None, 0.0, "no gazetteer entry")
            self.cache[key] = result
            return result
        if hint:
            inside = [  # "Queensland, Australia" may be a division; "Edmonton, Alta." a town in it
                p for p in cands
                if p.feature != "country"
                and any(
                    p.country == h.country
                    and (h.feature == "country" or (p.admin1 == h.admin1 and p.feature != "admin1"))
                    for h in hint
                )
            ]
            if inside:
                best = max(inside, key=lambda p: p.population)
                return best, 0.95, f"followed by '{hint[0].name}'"
        if key in self.cache:
            return self.cache[key]
        scored = sorted(((*self.score(p, len(cands), key), p) for p in cands), key=lambda x: -x[0])
        top, reason, best = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        conf = top / (top + second) if top + second else 0.0
        best, reason = self.same_country_homonyms(t.text, cands, best, reason)
        result = (best, conf, reason)
        self.cache[key] = result
        return result

    def same_country_homonyms(self, text: str, cands: list[Place], best: Place, reason: str) -> tuple[Place, str]:
        """A name that is both a division and a city of one country: the seat of government if
        it is one ("Washington"), else the division unless the town is the larger ("Wyoming")."""
        if best.feature == "admin1" and self.gaz.capital_country(text) == best.country:
            seat = [p for p in cands if p.feature == "capital" and p.country == best.country]
            if seat:
                return seat[0], f"seat of government of {best.country}, preferred over the division"
        if best.feature == "city":
            div = [p for p in cands if p.feature == "admin1" and p.country == best.country]
            if div and div[0].population > best.population:
                return div[0], f"first-level division of {best.country}, larger than the town of that name"
        return best, reason

    def fallback(self, text: str) -> tuple[Place, float, str] | None:
        """Names with no entry of their own: a US county (its state), 'Western Canada' (Canada)."""
        states = self.gaz.county_divisions(text)
        if states:
            named = sorted(
                (p for p in states if self.division_mentions[(p.country, p.admin1)]),
                key=lambda p: -self.division_mentions[(p.country, p.admin1)],
            )
            pick = (named or states)[0]
            why = "its state is named in the article" if named else (
                "the only state with a county of that name" if len(states) == 1
                else f"most populous of {len(states)} states with a county of that name"
            )
            conf = 0.9 if named or len(states) == 1 else 0.4
            return pick, conf, f"a county of {pick.name} ({why}); no point for the county itself"
        words = text.split()
        if len(words) > 1 and words[0].lower() in cues()["part_of_prefixes"]:
            rest = " ".join(words[1:])
            country = self.gaz.country_by_name(rest)
            if country is not None:
                return country, 0.8, f"part of {country.name}"
            cands = [p for p in self.gaz.lookup(rest) if p.feature in ("admin1", "continent", "region")]
            if cands:
                return cands[0], 0.6, f"part of {cands[0].name}"
        return None


def resolve_places(
    toponyms: Sequence[Toponym],
    demonyms: Sequence[Toponym] = (),
    gazetteer: Gazetteer | None = None,
    include_demonyms: bool = False,
) -> list[PlaceMention]:
    """One ``PlaceMention`` per toponym (and per demonym if asked), in text order."""
    gaz = gazetteer or get_gazetteer()
    r = _Resolver(gaz, toponyms, demonyms)
    r.unambiguous()
    out: list[PlaceMention] = []
    for t in toponyms:
        try:
            place, score, reason = r.resolve(t)
        except Exception as exc:  # noqa: BLE001 - one bad name must not drop the others
            place, score, reason = None, 0.0, f"resolution failed: {exc.__class__.__name__}"
        out.append(_mention(t, place, score, reason))
    if include_demonyms:
        for d in demonyms:
            iso3 = gaz.country_by_demonym(d.text)
            country = gaz.country(iso3) if iso3 else None
            out.append(_mention(d, country, 0.9 if country else 0.0, f"demonym of {iso3}"))
        out.sort(key=lambda m: m.span.start)
    return out


def geoparse(doc: Doc, include_demonyms: bool = False, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Find and resolve the places of one parsed document."""
    gaz = gazetteer or get_gazetteer()
    toponyms = find_toponyms(doc, gaz)
    taken = {i for t in toponyms for i in range(t.span.start, t.span.end)}
    demonyms = [d for d in find_demonyms(doc, gaz) if d.span.start not in taken]
    return resolve_places(toponyms, demonyms, gaz, include_demonyms=include_demonyms)
