"""When an event happened: the time expression that governs its trigger.

Search order: the trigger's clause (the dependency subtree of the trigger's verb),
then the rest of the sentence (nearest first), else the article date marked as a
fallback. Durations, sets and vague references (PAST_REF, ...) cannot date an event
and are skipped; in a past-tense sentence a date after the article date is skipped
too. ``resolution`` says which rule decided and what was skipped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..model import EventTime, TimeExpression
from ..model import Span as TextSpan
from ..nlp.pipeline import sentence_of
from ..nlp.timex import timex_range

_PAST_TAGS = {"VBD", "VBN"}
_VERB_POS = {"VERB", "AUX"}


def _clause_head(token: Token) -> Token:
    """The verb heading the trigger's clause (the trigger itself when it is a verb)."""
    current = token
    while current.pos_ not in _VERB_POS and current.head.i != current.i:
        current = current.head
    return current if current.pos_ in _VERB_POS else token


def _is_past(sentence: Span, head: Token) -> bool:
    """Past tense: the clause verb (or its auxiliary) is past, else the sentence's root is."""
    tags = {head.tag_} | {child.tag_ for child in head.children if child.dep_ in ("aux", "auxpass")}
    if tags & {"MD"}:
        return False
    if head.tag_ == "VBD" or tags & {"VBD"}:
        return True
    return sentence.root.tag_ == "VBD"


def _previous_year(timex: TimeExpression) -> TimeExpression | None:
    """A month or day whose year was chosen ("in June"), placed after the article date, moved
    back a year (past-tense sentence). Explicit references ("next month") are never moved."""
    if not re.fullmatch(r"\d{4}-\d\d(-\d\d)?", timex.value):
        return None
    value = f"{int(timex.value[:4]) - 1:04d}{timex.value[4:]}"
    resolution = f"{timex.resolution}; moved to {value}: past-tense sentence"
    return replace(timex, value=value, resolution=resolution)


def _describe_skip(timex: TimeExpression, reason: str) -> str:
    return f"skipped '{timex.text}' ({timex.value}: {reason})"


def event_time(trigger: Token, doc: Doc) -> EventTime:
    """The date of the event whose trigger is ``trigger`` (see the module docstring)."""
    dct = doc._.dct
    sentence = sentence_of(trigger)
    head = _clause_head(trigger)
    past = _is_past(sentence, head)
    timexes = [
        t for t in (doc._.timexes or []) if t.start >= sentence.start_char and t.end <= sentence.end_char
    ]
    clause = {tok.idx for tok in head.subtree}
    skipped: list[str] = []
    usable: list[tuple[TimeExpression, tuple]] = []
    for timex in timexes:
        if timex.type in ("DURATION", "SET"):
            skipped.append(_describe_skip(timex, timex.type.lower()))
            continue
        first, last = timex_range(timex.value)
        if first is None or last is None:
            skipped.append(_describe_skip(timex, "not a calendar date"))
            continue
        if past and dct and first > dct:
            moved = _previous_year(timex) if timex.year_inferred else None
            if moved is None:
                skipped.append(_describe_skip(timex, "after the article date in a past-tense sentence"))
                continue
            timex = moved
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        in_clause = span is not None and any(tok.idx in clause for tok in span)
        distance = min(abs(timex.start - trigger.idx), abs(timex.end - trigger.idx))
        usable.append((timex, (not in_clause, distance)))
    note = ("; " + "; ".join(skipped)) if skipped else ""
    if usable:
        timex, (outside, _) = min(usable, key=lambda u: u[1])
        first, last = timex_range(timex.value)
        where = "nearest in the sentence" if outside else "in the event's clause"
        return EventTime(
            value=timex.value,
            start=first,
            end=last,
            precision=timex.precision,
            phrase=timex.text,
            span=TextSpan(timex.start, timex.end, timex.text),
            resolution=f"{timex.resolution} [{where}]{note}",
        )
    if dct is None:
        return EventTime("", None, None, "none", resolution=f"no time expression and no article date{note}", fallback=True)
    return EventTime(
        value=dct.isoformat(),
        start=dct,
        end=dct,
        precision="day",
        resolution=f"no time expression governs the event: article date {dct.isoformat()} used (fallback){note}",
        fallback=True,
    )
