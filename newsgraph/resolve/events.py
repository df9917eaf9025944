"""Assign event mentions to events.

Mentions whose type, modality, actors, recipients, date and place country agree share one
event id, so re-ingesting an article (or another article reporting the same happening with
the same fields) adds a mention to the existing event rather than a new event.
"""

from __future__ import annotations

from ..model import ActorMention, EventMention, content_id


def actor_key(mentions: list[ActorMention]) -> str:
    """';'-joined sorted canonical ids (an unresolved actor counts by its lower-cased text)."""
    ids = {m.actor.id if m.actor else f"text:{m.span.text.lower()}" for m in mentions}
    return ";".join(sorted(ids))


def event_key(m: EventMention) -> str:
    when = m.time.value if m.time and not m.time.fallback else f"article:{m.article_id}"
    where = m.place.place.country if m.place and m.place.place else ""
    return "|".join([m.event_type, m.modality, actor_key(m.actors), actor_key(m.recipients), when, where])


def event_id(m: EventMention) -> str:
    return content_id(event_key(m), prefix="e")
