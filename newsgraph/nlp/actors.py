"""The ``newsgraph_actors`` component: finds actor mentions and gives each a canonical actor.

Reads ``doc.ents``, the parse (noun chunks, possessives) and ``doc._.dct`` (a person's role
depends on the date); writes ``doc._.actor_mentions`` (non-overlapping, in text order).

What counts as an actor: a country ("Israel"), a country's sector ("Syria's army",
"the Turkish Foreign Ministry", "Turkish officials"), a capital standing for its
government ("Ankara says" — but "in Ankara" is a place), a named organisation or armed
group, a person with the role they held on the article's date.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Actor, ActorMention
from ..model import Span as TextSpan
from ..resolve.gazetteer import get_gazetteer
from .actor_dictionary import ActorDictionary, Person, actor_id, load_actor_dictionary, slug
from .pipeline import dateline_end, sentence_of

ACTOR_LABELS = {"GPE", "ORG", "PERSON", "NORP", "LOC"}


def country_actor(iso3: str, sector: str = "", name: str = "") -> Actor:
    """The canonical actor for a country or a country's sector ("Türkiye (MIL)"); with no
    country, the sector alone ("MIL (country unknown)")."""
    if not iso3:
        return Actor(id=actor_id("", sector), name=f"{sector} (country unknown)", sector=sector, kind="sector")
    place = get_gazetteer().country(iso3)
    country_name = place.name if place else iso3
    label = f"{country_name} ({sector})" if sector else country_name
    return Actor(id=actor_id(iso3, sector), name=name or label, country=iso3, sector=sector, kind="country" if not sector else "sector")


def _country_in(span: Span) -> str:
    """ISO-3 named inside a phrase by a country name, a demonym or a possessor."""
    gaz = get_gazetteer()
    for ent in span.ents:
        iso = gaz.country_by_name(ent.text)
        if iso is not None:
            return iso.country
        iso3 = gaz.country_by_demonym(ent.text)
        if iso3:
            return iso3
    for tok in span:
        if tok.is_title or tok.is_upper:
            iso3 = gaz.country_by_demonym(tok.text)
            if iso3:
                return iso3
            place = gaz.country_by_name(tok.text)
            if place is not None:
                return place.country
    return ""


def _is_locative(span: Span, words: frozenset[str]) -> bool:
    """True for "in Ankara", "in the Qatari capital Doha", "in Ankara and Istanbul"."""
    head = span.root
    while head.dep_ in ("appos", "compound", "conj") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in words


def _entity_actor(ent: Span, d: ActorDictionary, doc: Doc) -> tuple[Actor | None, str]:
    gaz = get_gazetteer()
    text = ent.text.strip()
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    org = d.organisation(text)
    if org is not None:
        return org, ""
    if ent.label_ in ("GPE", "ORG", "LOC", "NORP"):
        place = gaz.country_by_name(text)
        if place is not None and ent.label_ != "NORP":
            return country_actor(place.country), ""
        capital = gaz.capital_country(text)
        if capital and ent.label_ != "NORP" and not _is_locative(ent, d.locative_prepositions):
            return country_actor(capital, "GOV"), ""
    if ent.label_ == "NORP":  # "Israeli attack", "Turkish equipment": the nationality names the state
        iso3 = gaz.country_by_demonym(text)
        if iso3:
            return country_actor(iso3), ""
        return None, ""
    if ent.label_ == "ORG":
        sector = d.sector_of(text)
        country = _country_in(ent)
        if country and sector:  # "the Turkish Foreign Ministry" is the Turkish government
            return country_actor(country, sector), ""
        return Actor(id=f"org:{slug(text)}", name=text, country=country, sector=sector, kind="organisation"), ""
    if ent.label_ == "PERSON":
        return _person_actor(ent, d, doc)
    return None, ""


def _misread_country(ent: Span, doc: Doc) -> Actor | None:
    """A country name the model tagged as a person ("Malawi's president", "Mali's"), unless
    it is the surname of a person named in full earlier ("Jordan" after "Michael Jordan")."""
    text = ent.text.strip().removesuffix("'s").removesuffix("’s")
    place = get_gazetteer().country_by_name(text)
    if place is None or (len(ent) == 1 and _earlier_full_name(ent, load_actor_dictionary(), doc)):
        return None
    return country_actor(place.country)


def _person_actor(ent: Span, d: ActorDictionary, doc: Doc) -> tuple[Actor | None, str]:
    text = ent.text.strip()
    person = d.person(text)
    # words before the name in the same phrase: "Foreign Minister Hakan Fidan"
    left = doc[max(ent.start - 4, sentence_of(ent[0]).start) : ent.start]
    title, title_sector = "", ""
    for i in range(len(left)):
        title, title_sector = d.title_sector(left[i:].text)
        if title:
            break
    if person is None and len(ent) == 1:
        person = _earlier_full_name(ent, d, doc)
    if person is not None:
        role = person.role_on(doc._.dct)
        if role is not None:
            return Actor(id=f"person:{slug(person.name)}", name=person.name, country=role.country, sector=role.sector, kind="person"), title or role.title
        return Actor(id=f"person:{slug(person.name)}", name=person.name, kind="person"), title
    country = _country_in(left) if title else ""
    return Actor(id=f"person:{slug(text)}", name=text, country=country, sector=title_sector, kind="person"), title


def _earlier_full_name(ent: Span, d: ActorDictionary, doc: Doc):
    """A bare surname ("Aktürk") refers to the person named in full earlier in the article."""
    for other in doc.ents:
        if other.start >= ent.start:
            break
        if other.label_ == "PERSON" and len(other) > 1 and other[-1].text == ent.text:
            return d.person(other.text) or Person(other.text)
    return None


def _chunk_actor(chunk: Span, d: ActorDictionary) -> Actor | None:
    """A noun phrase headed by a sector word: "Syria's army", "Turkish officials",
    "Defense Ministry sources" (a generic head such as "sources" takes its modifiers' sector)."""
    root = chunk.root
    if any(ent.label_ in ("PERSON", "ORG") and d.organisation(ent.text)
           or ent.label_ == "PERSON" and _misread_country(ent, chunk.doc) is None for ent in chunk.ents):
        return None  # a named person/organisation inside: the entity is the actor
    modifiers = [t for t in root.lefts if t.dep_ in ("compound", "amod") and t.i >= chunk.start]
    first = min([t.left_edge.i for t in modifiers] + [root.i])
    head_phrase = chunk.doc[max(first, chunk.start) : root.i + 1].text
    sector = d.sector_of(head_phrase) if d.sector_of(root.text) or root.lower_ in d.generic_heads else ""
    if not sector:
        return None
    country = _country_in(chunk)
    if not country:
        for tok in chunk.root.children:  # possessor outside the chunk span: "Syria's armed forces"
            if tok.dep_ == "poss":
                place = get_gazetteer().country_by_name(tok.text)
                country = place.country if place else ""
    return country_actor(country, sector)


def find_actor_mentions(doc: Doc, d: ActorDictionary | None = None) -> list[ActorMention]:
    d = d or load_actor_dictionary()
    found: list[tuple[Span, Actor, str]] = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS or ent.start < _after_dateline(ent[0]):
            continue
        misread = _misread_country(ent, doc) if ent.label_ == "PERSON" else None
        actor, role = (misread, "") if misread else _entity_actor(ent, d, doc)
        if actor is not None:
            found.append((ent, actor, role))
    if doc.has_annotation("DEP"):
        for chunk in doc.noun_chunks:
            actor = _chunk_actor(chunk, d)
            if actor is not None:
                start = max(chunk.start + (1 if chunk[0].dep_ == "det" else 0), _after_dateline(chunk[0]))
                if start < chunk.end:
                    found.append((doc[start : chunk.end], actor, ""))
    # keep the most informative mention where spans overlap: longer first, then with a sector
    found.sort(key=lambda f: (-(f[0].end - f[0].start), f[1].sector == "", f[0].start))
    taken: set[int] = set()
    kept: list[ActorMention] = []
    for span, actor, role in found:
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(ActorMention(TextSpan.of(span), actor, role))
    kept.sort(key=lambda m: m.span.start)
    return kept


def _after_dateline(token) -> int:
    return dateline_end(sentence_of(token))


@Language.component("newsgraph_actors")
def actors_component(doc: Doc) -> Doc:
    doc._.actor_mentions = find_actor_mentions(doc)
    return doc
