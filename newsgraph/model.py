"""Records shared by every stage.

Plain dataclasses: each stage takes some of these in and hands others on, so the
stages can be tested, replaced and run apart. Character offsets are always into
``Article.text`` (half-open ``[start, end)``).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SCHEMA_VERSION = 3  # 3: article ids include outlet and date (a version-2 store must be rebuilt)


def content_id(*parts: str, prefix: str = "", length: int = 16) -> str:
    """A stable id derived from content, so re-ingesting the same thing changes nothing."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{digest}"


@dataclass
class Article:
    """One news article, as read from a source (stage: ingest)."""

    text: str
    date: date | None
    #: how ``date`` was obtained: "corpus-header", "option", "jsonl", "html-meta", "reuters-date", ...
    date_source: str
    source: str = ""  # outlet or feed name
    url: str = ""
    title: str = ""
    language: str = ""
    path: str = ""  # where it was read from (file, file:line, file#NEWID)
    external_id: str = ""  # the id the source gave (JSONL ``id``, Reuters NEWID), kept as metadata
    dateline: str = ""  # wire-style dateline ("SALVADOR, Feb 26"), where the source has one
    id: str = ""
    #: the stored article this one is a copy of (syndication, re-issue), set by resolve.dedup
    duplicate_of: str = ""
    similarity: float = 0.0  # estimated Jaccard similarity to ``duplicate_of``
    story_id: str = ""  # the story cluster, set by resolve.stories

    def __post_init__(self) -> None:
        # outlet and date belong to the id: the same words from another outlet are a copy to link,
        # and the same words re-sent weeks later (a weekly notice) are another report
        if not self.id:
            self.id = content_id(self.source, str(self.date or ""), self.title.strip(), self.text.strip(), prefix="a")


@dataclass
class InputFailure:
    """An input that could not be read, and why (it is reported, never silently dropped)."""

    path: str
    reason: str


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, obj: Any) -> Span:
        """From a spaCy Span/Token (anything with ``start_char``/``end_char``/``text``)."""
        if hasattr(obj, "start_char"):
            return cls(obj.start_char, obj.end_char, obj.text)
        return cls(obj.idx, obj.idx + len(obj.text), obj.text)


@dataclass
class TimeExpression:
    """A time expression normalised to a TIMEX3 value against the article date."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2025-09-09, 2025-08, 2014, P40Y, PAST_REF, 2024-Q3, ...
    precision: str = ""  # day, month, quarter, year, decade, century, time, ref, none
    resolution: str = ""  # human-readable: how the value was reached
    anchored: bool = False  # True when the value depends on the article date
    freq: str = ""  # TIMEX3 freq of a SET: "twice a week" is P1W with freq "2X"
    year_inferred: bool = False  # the text names no year ("in June", "on March 3"): the year was chosen


@dataclass
class EventTime:
    """When an event happened, with how that was decided."""

    value: str  # TIMEX3-style value (2025-09-09, 2025-08, ...)
    start: date | None  # first day the value covers
    end: date | None  # last day the value covers
    precision: str  # day, month, year, ...
    phrase: str = ""
    span: Span | None = None
    resolution: str = ""  # e.g. "'Tuesday' relative to 2025-09-11 (past-tense sentence)"
    fallback: bool = False  # True when no expression governs the event: article date used


@dataclass
class Actor:
    """A canonical actor record (stage: resolve)."""

    id: str  # e.g. "TUR-GOV", "ISR", "PSE-REB-HAMAS"
    name: str
    country: str = ""  # ISO-3, or "" for international / unknown
    sector: str = ""  # GOV, MIL, REB, IGO, PTY, MED, BUS, CVL, COP, JUD, LEG, ...
    kind: str = ""  # country, organisation, person, group
    wikidata: str = ""


@dataclass
class ActorMention:
    span: Span
    actor: Actor | None
    role: str = ""  # a person's role where the text gives it ("Foreign Minister")


@dataclass
class Place:
    """A gazetteer entry."""

    id: str  # "gn:<geonameid>" or "iso:<ISO3>"
    name: str
    feature: str  # country, capital, city, admin1, region, continent, ...
    country: str = ""  # ISO-3
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: int = 0


@dataclass
class PlaceMention:
    span: Span
    place: Place | None
    score: float = 0.0
    reason: str = ""
    #: "place"; "government" for a capital standing for its government ("Ankara says"), which
    #: is an actor and never an event's place; "demonym" for "Turkish" (tells the country only)
    role: str = "place"


@dataclass
class EventMention:
    """One event as one sentence of one article describes it (stage: extract)."""

    article_id: str
    sentence_index: int
    sentence: Span
    trigger: Span
    event_type: str  # PLOVER type
    mode: str = ""
    context: list[str] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    recipients: list[ActorMention] = field(default_factory=list)
    time: EventTime | None = None
    place: PlaceMention | None = None
    #: asserted, negated, future, hypothetical, historical (PLOVER's auxiliary modes + asserted)
    modality: str = "asserted"
    cameo: str = ""
    quad_class: int = 0
    goldstein: float = 0.0
    confidence: float = 0.0
    extractor: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(
                self.article_id, str(self.trigger.start), self.event_type, prefix="m"
            )


@dataclass
class QuoteMention:
    """Who said what (stage: extract)."""

    article_id: str
    sentence_index: int
    content: Span
    cue: Span | None
    speaker: Span | None
    speaker_actor: Actor | None = None
    speaker_description: str = ""  # "Turkish Defense Ministry sources" when unnamed
    kind: str = "direct"  # direct, indirect, mixed
    confidence: float = 0.0
    id: str = ""
    #: the pieces of ``content`` when a cue splits it or a quotation continues in a later
    #: sentence (``content`` then runs from the first piece to the last); empty = ``[content]``
    content_parts: list[Span] = field(default_factory=list)
    #: the earlier mention ``speaker`` refers to ("he" -> "ministry spokesman Zeki Aktürk")
    speaker_antecedent: Span | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.article_id, str(self.content.start), prefix="q")


@dataclass
class ClaimMention:
    """A stance toward a proposition: asserts, denies, confirms, questions."""

    article_id: str
    sentence_index: int
    proposition: Span
    stance: str  # asserts, denies, confirms, questions
    claimant: Span | None = None
    claimant_actor: Actor | None = None
    cue: Span | None = None
    event_mention_id: str = ""  # the event the proposition describes, if any
    date: date | None = None
    confidence: float = 0.0
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.article_id, str(self.proposition.start), prefix="c")


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    events: list[EventMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)


def to_dict(obj: Any) -> dict:
    return asdict(obj)
