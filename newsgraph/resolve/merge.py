"""Event-level merge: mentions of one happening, from different articles, become one event.

A new mention joins a stored (or earlier in the batch) event when their types are the same or
compatible, modalities compatible, dates compatible given their precision (a month-precise
mention covers each day of the month), actors shared, recipients and places not in conflict,
and the summed agreement score reaches the threshold. The rules are data
(``resources/merge/events.yaml``); each decision keeps its reasons (which fields agreed, the
score) so the store can log it, explain it and undo it (``split``).

Everything here is pure: the store hands in candidate events and user overrides, and gets
back one :class:`Assignment` per mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..model import EventMention
from .events import actor_key, event_id


@dataclass(frozen=True)
class MergeRules:
    compatible_types: frozenset[frozenset[str]]
    compatible_modalities: frozenset[frozenset[str]]
    slack_days: int
    fallback_window_days: int
    coarse_precisions: frozenset[str]
    weights: Mapping[str, float]
    threshold: float
    require: Mapping[str, bool]
    version: int
    generic_actors: frozenset[str] = frozenset()  # bare sector codes (from the actor sectors file)
    _kept: dict[frozenset[str], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def types_compatible(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible_types

    def modalities_compatible(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible_modalities

    def window(self) -> int:
        """How far apart (days) two compatible events can be: bounds the candidate lookup."""
        return max(self.slack_days, self.fallback_window_days)

    def kept(self, ids: frozenset[str]) -> frozenset[str]:
        """The actor ids that can be shared (unresolved text and bare sector codes only if the
        rules say they count). Memoised: the same few actor sets are compared again and again."""
        out = self._kept.get(ids)
        if out is None:
            out = self._kept[ids] = frozenset(
                i for i in ids if (self.require["unresolved_actor_counts"] or not i.startswith("text:"))
                and (self.require["generic_actor_counts"] or i not in self.generic_actors))
        return out


WEIGHTS = ("type_same", "type_compatible", "actors", "recipients", "date_exact", "date_within",
           "date_fallback", "place_same", "place_country")
REQUIRES = ("actor_overlap", "recipient_conflict", "place_conflict", "unresolved_actor_counts", "generic_actor_counts")


def parse_rules(raw: dict[str, Any]) -> MergeRules:
    """Validate and build the rules (the test suite runs this on the shipped file)."""
    from ..extract.ontology import event_types  # the ontology is data too

    known = set(event_types())
    pairs = [frozenset(p) for p in raw["compatible_types"]]
    for p in pairs:
        if len(p) != 2 or not p <= known:
            raise ValueError(f"events.yaml: compatible_types entry {sorted(p)} is not two PLOVER types")
    weights = dict(raw["weights"])
    if set(weights) != set(WEIGHTS):
        raise ValueError(f"events.yaml: weights must be exactly {WEIGHTS}")
    if set(raw["require"]) != set(REQUIRES):
        raise ValueError(f"events.yaml: require must be exactly {REQUIRES}")
    top = weights["type_same"] + weights["actors"] + weights["recipients"] + weights["date_exact"] + weights["place_same"]
    if not 0 < raw["threshold"] <= top:
        raise ValueError("events.yaml: threshold must be reachable")
    return MergeRules(
        compatible_types=frozenset(pairs),
        compatible_modalities=frozenset(frozenset(p) for p in raw["compatible_modalities"]),
        slack_days=int(raw["dates"]["slack_days"]),
        fallback_window_days=int(raw["dates"]["fallback_window_days"]),
        coarse_precisions=frozenset(raw["dates"]["coarse_precisions"]),
        weights=weights,
        threshold=float(raw["threshold"]),
        require=dict(raw["require"]),
        version=int(raw["version"]),
        generic_actors=frozenset(sector_codes()),
    )


def sector_codes() -> list[str]:
    """The sector codes of the actor dictionaries (GOV, MIL, BUS, ...): an actor id that is only
    one of these has no country and names no one in particular."""
    text = resources.files("newsgraph.resources.actors").joinpath("sectors.yaml").read_text("utf-8")
    return list(yaml.safe_load(text)["sectors"])


@lru_cache(maxsize=1)
def merge_rules() -> MergeRules:
    """The rules from ``resources/merge/events.yaml`` (read once)."""
    text = resources.files("newsgraph.resources.merge").joinpath("events.yaml").read_text("utf-8")
    return parse_rules(yaml.safe_load(text))


@dataclass(frozen=True)
class MergeKey:
    """The fields a merge compares, taken from a mention or from a stored event row."""

    event_type: str
    modality: str
    start: date | None
    end: date | None
    precision: str
    fallback: bool  # only the article date: no time expression
    actors: frozenset[str]
    recipients: frozenset[str]
    place_id: str = ""
    country: str = ""

    @classmethod
    def of_mention(cls, m: EventMention, article_date: date | None) -> MergeKey:
        t = m.time
        fallback = t is None or t.fallback or t.start is None
        place = m.place.place if m.place and m.place.place else None
        return cls(
            m.event_type, m.modality,
            article_date if fallback else t.start, article_date if fallback else t.end,  # type: ignore[union-attr]
            "day" if fallback else t.precision, fallback,  # type: ignore[union-attr]
            _ids(actor_key(m.actors)), _ids(actor_key(m.recipients)),
            place.id if place else "", place.country if place else "",
        )

    @classmethod
    def of_row(cls, row: Mapping[str, Any]) -> MergeKey:
        """From an ``events`` row (or any mapping with the same column names)."""
        return cls(
            row["event_type"], row["modality"], row["date"], row["date_end"] or row["date"],
            row["date_precision"] or "", bool(row["date_fallback"]),
            _ids(row["actor_ids"]), _ids(row["recipient_ids"]), row["place_id"] or "", row["country"] or "",
        )


def _ids(key: str | None) -> frozenset[str]:
    return frozenset(x for x in (key or "").split(";") if x)


@dataclass
class MergeDecision:
    """Whether two keys describe one happening, the score and the fields that agreed."""

    merge: bool
    score: float
    agreed: dict[str, str] = field(default_factory=dict)
    refused: str = ""  # the rule that refused the merge

    def reasons(self) -> dict[str, Any]:
        return {"score": round(self.score, 3), "agreed": self.agreed, "refused": self.refused or None}


def _gap(a: MergeKey, b: MergeKey) -> int | None:
    """Days between the two intervals (0 when they overlap), None when a date is missing."""
    if a.start is None or b.start is None:
        return None
    a_end, b_end = a.end or a.start, b.end or b.start
    if a.start <= b_end and b.start <= a_end:
        return 0
    return min(abs((b.start - a_end).days), abs((a.start - b_end).days))


def compare(a: MergeKey, b: MergeKey, rules: MergeRules | None = None) -> MergeDecision:
    """Score the agreement of two keys under the rules; the first hard failure refuses."""
    r = rules or merge_rules()
    w, agreed, score = r.weights, {}, 0.0

    def no(rule: str) -> MergeDecision:
        return MergeDecision(False, score, agreed, rule)

    # type and modality
    if a.event_type == b.event_type:
        score += w["type_same"]
        agreed["type"] = a.event_type
    elif r.types_compatible(a.event_type, b.event_type):
        score += w["type_compatible"]
        agreed["type"] = f"{a.event_type}~{b.event_type} (compatible)"
    else:
        return no("type")
    if not r.modalities_compatible(a.modality, b.modality):
        return no("modality")
    # dates, with their precision
    gap = _gap(a, b)
    if gap is None:
        return no("date missing")
    if a.fallback or b.fallback:
        if gap > r.fallback_window_days:
            return no("date")
        score += w["date_fallback"]
        agreed["date"] = f"within {r.fallback_window_days} days (article date)"
    elif (a.start, a.end) == (b.start, b.end) and a.precision not in r.coarse_precisions:
        score += w["date_exact"]
        agreed["date"] = f"same {a.precision or 'date'}"
    else:
        contained = (a.start <= b.start and (b.end or b.start) <= (a.end or a.start)) or (
            b.start <= a.start and (a.end or a.start) <= (b.end or b.start))  # type: ignore[operator]
        if not contained and gap > r.slack_days:
            return no("date")
        if a.precision not in r.coarse_precisions and b.precision not in r.coarse_precisions:
            score += w["date_within"]
            agreed["date"] = f"{a.precision} within {b.precision}" if contained else f"{gap} day(s) apart"
    # actors and recipients (resolved ids; unresolved text counts only if the rules say so)
    aa, ba, ar, br = r.kept(a.actors), r.kept(b.actors), r.kept(a.recipients), r.kept(b.recipients)
    if aa and ba:
        shared = aa & ba
        if not shared:
            return no("actors")
        score += w["actors"] * len(shared) / len(aa | ba)
        agreed["actors"] = ";".join(sorted(shared))
    elif r.require["actor_overlap"] and (aa or ba):
        return no("actors (one side unknown)")
    if ar and br:
        shared = ar & br
        if not shared:
            if r.require["recipient_conflict"]:
                return no("recipients")
        else:
            score += w["recipients"] * len(shared) / len(ar | br)
            agreed["recipients"] = ";".join(sorted(shared))
    elif a.recipients == b.recipients:  # none on either side, or the same unresolved words: half the weight
        score += w["recipients"] / 2
        agreed["recipients"] = "same unresolved text" if a.recipients else "none on either side"
    # else: an unresolved recipient on one side only, or two different ones: unknown, no points
    # place
    if a.place_id and a.place_id == b.place_id:
        score += w["place_same"]
        agreed["place"] = a.place_id
    elif a.country and a.country == b.country:
        score += w["place_country"]
        agreed["place"] = f"country {a.country}"
    elif a.country and b.country and r.require["place_conflict"]:
        return no("place")
    score = round(score, 6)
    if score < r.threshold:
        return MergeDecision(False, score, agreed, f"score below {r.threshold}")
    return MergeDecision(True, score, agreed)


@dataclass
class Assignment:
    """Where one mention goes, and why."""

    mention_id: str
    event_id: str
    action: str  # create, same-key, merge, override
    score: float = 1.0
    reasons: dict[str, Any] = field(default_factory=dict)
    key: MergeKey | None = None


def assign(
    mentions: Sequence[tuple[EventMention, date | None]],
    candidates: Iterable[Mapping[str, Any]],
    overrides: Mapping[str, str] | None = None,
    rules: MergeRules | None = None,
    stats: dict[str, int] | None = None,
) -> list[Assignment]:
    """Assign each new mention (with its article date) to an event.

    ``candidates`` are stored event rows near the batch's dates; ``overrides`` maps a mention
    id to the event a user put it in (``split``): those are always honoured. Mentions of one
    article merge only through an identical key (two sentences of one article that differ are
    two events), and each mention joins the best-scoring compatible event, or creates one.
    ``stats``, if given, counts the candidate events and the (mention, event) comparisons made
    (the benchmark reports them next to the time: the work a batch does, whatever the store's size).
    """
    r = rules or merge_rules()
    overrides = overrides or {}
    pool: dict[str, MergeKey] = {}
    #: (event type, bucket, actor) -> event ids: a mention is compared only with events of a
    #: compatible type whose dates reach its own (within the rules' window) and, when the rules
    #: require a shared actor, that name one of its actors ("" = no countable actor; "*" = any):
    #: the work per mention does not grow with the number of events in the period. Buckets are
    #: days for events up to a month long, weeks for longer ones (a year, a decade).
    blocks: dict[tuple[str, str, int, str], list[str]] = {}
    articles: dict[str, set[str]] = {}
    pad = r.window()
    by_actor = r.require["actor_overlap"]

    def slots(k: MergeKey) -> list[str]:
        return (sorted(r.kept(k.actors)) or [""]) if by_actor else ["*"]

    def buckets(k: MergeKey, margin: int, stored: bool) -> list[tuple[str, int]]:
        days = day_range(k, margin)
        if not stored:  # a mention looks in both: short events by day, long ones by week
            return [("d", d) for d in days] + [("w", w) for w in range(days.start // 7, (days.stop - 1) // 7 + 1)]
        if len(days) <= 31:
            return [("d", d) for d in days]
        return [("w", w) for w in range(days.start // 7, (days.stop - 1) // 7 + 1)]

    #: the (type, actor) blocks this batch's mentions will look in: a candidate is bucketed
    #: only under those (a stored year- or decade-long event meets many batches' windows, and
    #: bucketing it under every actor and week it reaches made the work grow with the store)
    mkeys = [MergeKey.of_mention(m, day) for m, day in mentions]
    wanted = {(t, actor) for (m, _), k in zip(mentions, mkeys, strict=True)
              for t in rule_types(r, m.event_type) for actor in slots(k)}

    def add(eid: str, key: MergeKey) -> None:
        if eid not in pool:
            pool[eid] = key
            mine = [actor for actor in slots(key) if (key.event_type, actor) in wanted]
            if not mine:
                return
            for unit, n in buckets(key, 0, True):
                for actor in mine:
                    blocks.setdefault((key.event_type, unit, n, actor), []).append(eid)

    for row in candidates:
        add(row["id"], MergeKey.of_row(row))
    stored, compared = len(pool), 0
    out: list[Assignment] = []
    for (m, _), key in zip(mentions, mkeys, strict=True):
        own = event_id(m)
        if m.id in overrides:
            a = Assignment(m.id, overrides[m.id], "override", 1.0, {"override": "split by user"}, key)
        elif own in pool:
            a = Assignment(m.id, own, "same-key", 1.0, {"agreed": {"key": "identical event key"}}, key)
        else:
            best: tuple[float, str, MergeDecision] | None = None
            near = {eid for t in rule_types(r, m.event_type) for unit, n in buckets(key, pad, False)
                    for actor in slots(key) for eid in blocks.get((t, unit, n, actor), ())}
            for eid in sorted(near):
                if m.article_id in articles.get(eid, ()):
                    continue
                d = compare(key, pool[eid], r)
                compared += 1
                if d.merge and (best is None or (d.score, eid) > (best[0], best[1])):
                    best = (d.score, eid, d)
            if best is not None:
                a = Assignment(m.id, best[1], "merge", best[0], best[2].reasons(), key)
            else:
                a = Assignment(m.id, own, "create", 1.0, {"agreed": {}, "new": "no compatible event"}, key)
        add(a.event_id, key)
        articles.setdefault(a.event_id, set()).add(m.article_id)
        out.append(a)
    if stats is not None:
        stats["candidates"] = stats.get("candidates", 0) + stored
        stats["comparisons"] = stats.get("comparisons", 0) + compared
    return out


def pair_decision(a: tuple[EventMention, date | None], b: tuple[EventMention, date | None]) -> MergeDecision:
    """Would these two mentions (with their article dates) be merged? (used by evaluation)"""
    return compare(MergeKey.of_mention(*a), MergeKey.of_mention(*b))


def day_range(k: MergeKey, margin: int) -> range:
    """The days (ordinals) a key's dates reach, ``margin`` days either side; a long interval
    (a year, a decade) counts by its first 400 days only."""
    if k.start is None:
        return range(0)
    first, last = k.start.toordinal() - margin, (k.end or k.start).toordinal() + margin
    return range(first, min(last, first + 400) + 1)


def candidate_windows(keys: Iterable[MergeKey], rules: MergeRules | None = None) -> list[tuple[str, date, date]]:
    """(event type, first day, last day) ranges whose stored events could merge with these keys:
    one per run of overlapping windows, so a batch spanning years asks only for its own days."""
    r = rules or merge_rules()
    pad = r.window()
    spans: dict[str, list[tuple[int, int]]] = {}
    for k in keys:
        days = day_range(k, pad)
        if not days:
            continue
        for t in rule_types(r, k.event_type):
            spans.setdefault(t, []).append((days.start, days.stop - 1))
    out: list[tuple[str, date, date]] = []
    for t, runs in sorted(spans.items()):
        runs.sort()
        lo, hi = runs[0]
        for a, b in runs[1:]:
            if a > hi + 1:
                out.append((t, date.fromordinal(lo), date.fromordinal(hi)))
                lo, hi = a, b
            else:
                hi = max(hi, b)
        out.append((t, date.fromordinal(lo), date.fromordinal(hi)))
    return out


def rule_types(rules: MergeRules, event_type: str) -> set[str]:
    """The event types a mention of ``event_type`` may merge with (itself included)."""
    return {event_type} | {t for pair in rules.compatible_types if event_type in pair for t in pair}
