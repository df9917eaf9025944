"""Actor dictionaries (organisations, people with dated roles, sector keywords, titles),
loaded from ``resources/actors/*.yaml`` once per process."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml

from ..model import Actor


def _load(name: str) -> dict:
    text = resources.files("newsgraph.resources.actors").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def slug(text: str) -> str:
    """ASCII id fragment: "Zeki Aktürk" -> "zeki-akturk"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def actor_id(country: str, sector: str) -> str:
    """``TUR-GOV``; ``TUR`` for the state as a whole; ``GOV`` when the country is unknown."""
    return "-".join(part for part in (country, sector) if part) or "UNK"


@dataclass
class PersonRole:
    country: str
    sector: str
    title: str
    start: date | None
    end: date | None


@dataclass
class Person:
    name: str
    roles: list[PersonRole] = field(default_factory=list)

    def role_on(self, day: date | None) -> PersonRole | None:
        """The role held on ``day`` (the latest role when the date is unknown)."""
        if day is None:
            return self.roles[0] if self.roles else None
        for role in self.roles:
            if (role.start is None or role.start <= day) and (role.end is None or day <= role.end):
                return role
        return None


@dataclass
class ActorDictionary:
    organisations: dict[str, Actor]  # lower-cased alias -> actor
    people: dict[str, Person]  # lower-cased name/alias -> person
    sector_keywords: list[tuple[str, str]]  # (keyword, sector), most specific first
    titles: list[tuple[str, str]]  # (title, sector), longest first
    locative_prepositions: frozenset[str]
    generic_heads: frozenset[str]  # "sources", "source": take the sector of their modifiers

    def organisation(self, text: str) -> Actor | None:
        return self.organisations.get(_norm(text))

    def person(self, text: str) -> Person | None:
        return self.people.get(_norm(text))

    def sector_of(self, phrase: str) -> str:
        """Sector signalled by a phrase ("Defense Ministry" -> MIL), or ""."""
        low = f" {_norm(phrase)} "
        for keyword, sector in self.sector_keywords:
            if f" {keyword} " in low:
                return sector
        return ""

    def title_sector(self, words: str) -> tuple[str, str]:
        """(title, sector) of the longest title ending ``words`` ("Foreign Minister")."""
        low = _norm(words)
        for title, sector in self.titles:
            if low == title or low.endswith(" " + title):
                return title, sector
        return "", ""


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _day(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw else None


@lru_cache(maxsize=1)
def load_actor_dictionary() -> ActorDictionary:
    orgs: dict[str, Actor] = {}
    for entry in _load("organisations.yaml")["organisations"]:
        actor = Actor(
            id=entry["id"], name=entry["name"], country=entry.get("country", ""),
            sector=entry["sector"], kind="organisation",
        )
        for alias in [entry["name"], *entry.get("aliases", [])]:
            orgs[_norm(alias)] = actor
    people: dict[str, Person] = {}
    for entry in _load("people.yaml")["people"]:
        person = Person(
            entry["name"],
            [
                PersonRole(r.get("country", ""), r["sector"], r.get("title", ""), _day(r.get("from", "")), _day(r.get("to", "")))
                for r in entry.get("roles", [])
            ],
        )
        for alias in [entry["name"], *entry.get("aliases", [])]:
            people[_norm(alias)] = person
    sectors = _load("sectors.yaml")
    keywords = [
        (_norm(k), code)
        for code in sectors["precedence"]
        for k in sorted(sectors["sectors"][code]["keywords"], key=len, reverse=True)
    ]
    # multi-word keywords first, so "defense ministry" wins over "ministry"
    keywords.sort(key=lambda kv: -len(kv[0].split()))
    roles = _load("roles.yaml")
    titles = sorted(
        ((_norm(t), code) for code, words in roles["titles"].items() for t in words),
        key=lambda tc: -len(tc[0]),
    )
    return ActorDictionary(
        orgs, people, keywords, titles,
        frozenset(roles["locative_prepositions"]), frozenset(sectors["generic_heads"]),
    )
