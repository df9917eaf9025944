"""Toponyms in a parsed document, and the place an event happened at.

``find_toponyms(doc)`` finds place names: the model's GPE/LOC entities, FAC entities the gazetteer
knows, and gazetteer names the model missed (countries, divisions, regions, capitals). Each is
tagged with a role: ``place``, or ``government`` when a capital stands for its government
("Ankara says", "cooperation with Damascus"): an actor, never an event's place.
``find_demonyms(doc)`` finds "Turkish", "Syrian": not places, but they tell the country.

``event_place(trigger, doc, places)`` returns the resolved place attached to the event in its
sentence ("strike ... in the Qatari capital Doha" -> Doha), else None: a place elsewhere in the
article is never presented as the event's place.

Syntactic cues (dependency labels, preposition and head lemmas) are data:
``resources/geo/cues.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import PlaceMention
from ..nlp.pipeline import sentence_of
from ..resolve.gazetteer import Gazetteer, get_gazetteer

CUES = Path(__file__).resolve().parent.parent / "resources" / "geo" / "cues.yaml"
_LEADING = {"the"}
_TRAILING = {"'s", "’s", "'", "’"}
#: specificity of a place as an event location: a city says more than its country
_SPECIFICITY = {"capital": 0, "city": 0, "admin1": 1, "country": 2, "region": 3, "sea": 3, "continent": 4}


@dataclass
class Toponym:
    """A place name (or demonym) in the document, before resolution."""

    span: SpacySpan
    role: str = "place"  # place, government, demonym
    source: str = ""  # "ner:GPE", "gazetteer", "demonym"

    @property
    def text(self) -> str:
        return self.span.text


@lru_cache(maxsize=1)
def cues() -> dict:
    """The cue lists of ``cues.yaml`` as sets (loaded once)."""
    raw = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    gov, ev = raw["government"], raw["event_place"]
    return {
        "subject_deps": set(gov["subject_deps"]),
        "possessive_deps": set(gov["possessive_deps"]),
        "recipient_preps": set(gov["recipient_preps"]),
        "recipient_heads": set(gov["recipient_heads"]),
        "event_preps": set(ev["preps"]),
        "max_up": int(ev["max_up"]),
        "entity_labels": set(raw["entity_labels"]),
        "gazetteer_only_labels": set(raw["gazetteer_only_labels"]),
        "unlabelled_features": set(raw["unlabelled_features"]),
        "not_places": set(raw["not_places"]),
        "place_led_labels": set(raw["place_led_labels"]),
        "min_city_population": int(raw["min_city_population"]),
        "part_of_prefixes": set(raw["part_of_prefixes"]),
    }


def _trim(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading 'the' and a trailing possessive: "the U.S.'s" -> "U.S."."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in _LEADING:
        start += 1
    while end > start and (span.doc[end - 1].text in _TRAILING or span.doc[end - 1].is_punct):
        end -= 1
    return span.doc[start:end] if end > start else None


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha or (tok.text[:1].isupper() and "." in tok.text)


def _known_feature(gaz: Gazetteer, text: str, features: set[str]) -> bool:
    if gaz.country_by_name(text) is not None:
        return True
    return any(p.feature in features for p in gaz.lookup(text))


def _role(span: SpacySpan, gaz: Gazetteer) -> str:
    """'government' when a capital/seat of government acts, speaks or is addressed."""
    if gaz.capital_country(span.text) is None or gaz.country_by_name(span.text) is not None:
        return "place"
    c = cues()
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "Ankara and Doha enjoy ..."
        tok = tok.head
    if tok.dep_ in c["subject_deps"] or tok.dep_ in c["possessive_deps"]:
        return "government"
    if tok.dep_ == "pobj" and tok.head.lower_ in c["recipient_preps"]:
        head = tok.head.head
        if head.lemma_.lower() in c["recipient_heads"] or head.lower_ in c["recipient_heads"]:
            return "government"
    return "place"


def _big_city(gaz: Gazetteer, text: str) -> bool:
    return any(
        p.feature in ("city", "capital") and p.population >= cues()["min_city_population"]
        for p in gaz.lookup(text)
    )


def _leading_place(ent: SpacySpan, gaz: Gazetteer) -> SpacySpan | None:
    """The place name an organisation's name starts with, if any."""
    span = _trim(ent)
    if span is None:
        return None
    for n in (3, 2, 1):
        if n >= len(span):
            continue
        head = span[:n]
        if not all(_capitalised(t) for t in head):
            continue
        if gaz.country_by_demonym(head.text) and gaz.country_by_name(head.text) is None:
            return None
        if _known_feature(gaz, head.text, {"country", "admin1"}) or _big_city(gaz, head.text):
            return head
    return None


def find_demonyms(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """"Turkish", "South Korean": they name a country's people; they tell the country."""
    gaz = gazetteer or get_gazetteer()
    out: list[Toponym] = []
    i = 0
    while i < len(doc):
        if not _capitalised(doc[i]):  # country names and demonyms start with a capital
            i += 1
            continue
        if any(gaz.country_by_name(doc[i : i + n].text) for n in (2, 3) if i + n <= len(doc)):
            i += 1  # "Saudi" of "Saudi Arabia"
            continue
        hit = None
        for n in (2, 1):
            if i + n > len(doc):
                continue
            span = doc[i : i + n]
            if span[0].is_stop:
                continue
            if all(_capitalised(t) for t in span) and gaz.country_by_demonym(span.text):
                hit = span
                break
        if hit is not None:
            out.append(Toponym(hit, "demonym", "demonym"))
            i = hit.end
        else:
            i += 1
    return out


def find_toponyms(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Place names in ``doc``, in text order; demonyms excluded (see :func:`find_demonyms`)."""
    gaz = gazetteer or get_gazetteer()
    c = cues()
    found: list[SpacySpan] = []
    sources: dict[tuple[int, int], str] = {}
    taken = [False] * len(doc)
    for ent in doc.ents:
        span = _trim(ent)
        if span is None:
            continue
        text = span.text
        if text in c["not_places"]:
            continue
        if gaz.country_by_demonym(text) and gaz.country_by_name(text) is None:
            continue  # a demonym labelled GPE
        if ent.label_ in c["entity_labels"]:
            if ent.label_ in c["gazetteer_only_labels"] and not gaz.lookup(text):
                continue
        elif not (gaz.country_by_name(text) or _known_feature(gaz, text, {"admin1", "continent", "region"})):
            for t in ent:  # an ORG/PERSON that is not a place: leave its tokens alone
                taken[t.i] = True
            lead = _leading_place(ent, gaz) if ent.label_ in c["place_led_labels"] else None
            if lead is not None:  # "Edmonton Police Service": the city leads the name
                found.append(lead)
                sources[(lead.start, lead.end)] = f"gazetteer-in:{ent.label_}"
            continue
        found.append(span)
        sources[(span.start, span.end)] = f"ner:{ent.label_}"
        for t in ent:
            taken[t.i] = True
    # gazetteer names the model missed: capitalised runs outside entities, longest first
    i = 0
    while i < len(doc):
        if taken[i] or not _capitalised(doc[i]):
            i += 1
            continue
        hit = None
        for n in (4, 3, 2, 1):
            j = i + n
            if j > len(doc) or any(taken[k] for k in range(i, j)):
                continue
            span = doc[i:j]
            if not all(_capitalised(t) or t.lower_ in {"of", "and"} for t in span):
                continue
            if not _capitalised(span[-1]) or span.text in c["not_places"]:
                continue
            if gaz.country_by_demonym(span.text) and gaz.country_by_name(span.text) is None:
                continue
            if _known_feature(gaz, span.text, c["unlabelled_features"]) or (
                not span[0].is_sent_start and not span[0].is_stop and _big_city(gaz, span.text)
            ):
                hit = span
                break
        if hit is not None:
            found.append(hit)
            sources[(hit.start, hit.end)] = "gazetteer"
            i = hit.end
        else:
            i += 1
    found.sort(key=lambda s: s.start)
    return [Toponym(s, _role(s, gaz), sources[(s.start, s.end)]) for s in found]


def _place_token(doc: Doc, pm: PlaceMention) -> Token | None:
    span = doc.char_span(pm.span.start, pm.span.end, alignment_mode="expand")
    return span.root if span is not None else None


def _attached_hops(tok: Token, trigger: Token) -> int | None:
    """Dependency hops from the trigger to the preposition governing ``tok``, or None."""
    c = cues()
    node = tok
    while node.dep_ in {"appos", "compound", "conj", "flat", "nmod"} and node.head.i != node.i:
        if node.head.i == trigger.i:  # "the Doha strike": a place noun modifying the trigger
            return 0
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ not in c["event_preps"]:
        return None
    head = node.head.head
    if head.i == trigger.i or head in trigger.subtree:
        return 0 if head.i == trigger.i else 1
    up = trigger
    for hops in range(1, c["max_up"] + 1):
        if up.head.i == up.i:
            break
        up = up.head
        if head.i == up.i:
            return hops
        if up.pos_ == "VERB" and up.dep_ not in {"aux", "xcomp", "ccomp", "advcl"}:
            break
    return None


def event_place(trigger: Token, doc: Doc, places: list[PlaceMention]) -> PlaceMention | None:
    """The resolved place attached to the event in its sentence, else None (never a guess)."""
    sent = sentence_of(trigger)
    best: tuple[int, int, int] | None = None
    chosen = None
    for pm in places:
        if pm.role != "place" or pm.place is None:
            continue
        if not (sent.start_char <= pm.span.start and pm.span.end <= sent.end_char):
            continue
        tok = _place_token(doc, pm)
        if tok is None:
            continue
        hops = _attached_hops(tok, trigger)
        if hops is None:
            continue
        key = (hops, _SPECIFICITY.get(pm.place.feature, 3), abs(tok.i - trigger.i))
        if best is None or key < best:
            best, chosen = key, pm
    return chosen
