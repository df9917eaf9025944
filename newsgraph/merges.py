"""Explain, undo and evaluate merges (the Python API behind ``newsgraph merges`` / ``split``).

Every mention's way into an event is logged by the store with its reasons (which fields
agreed, the score, or "copy of" for a syndicated article); a user who disagrees splits the
mention out, and the decision is kept across re-ingest (``merge_overrides``). The labelled
pairs in ``tests/data/merge_pairs.tsv`` score the duplicate detector and the merge rules.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .evaluate import prf
from .model import Article, EventMention
from .resolve.dedup import Alignment, DedupRules, is_copy
from .resolve.merge import pair_decision
from .store.duckdb_store import Store


def explain_merges(db: str, event_id: str) -> dict[str, Any] | None:
    """The event, its counts and the log of every mention that joined or left it."""
    with Store(db, read_only=True) as store:
        rows = store.rows("SELECT * FROM events WHERE id = ?", [event_id])
        if not rows:
            return None
        event = rows[0]
        log = store.merge_log(event_id)
    for entry in log:
        entry["reasons"] = json.loads(entry["reasons"] or "{}")
        if entry["action"] == "split":
            entry["direction"] = "out" if entry["from_event_id"] == event_id else "in"
    event["log"] = log
    return event


def split_mention(db: str, event_id: str, mention_id: str) -> str:
    """Move ``mention_id`` out of ``event_id`` into its own event; returns the new event id.
    Raises ValueError when the mention is not in the event or is its only mention."""
    with Store(db) as store:
        return store.split(event_id, mention_id)


@dataclass
class PairScore:
    """Pairwise precision/recall of a same-or-not decision against labelled pairs."""

    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    missing: int = 0  # labelled pairs whose article/mention could not be found
    errors: list[str] = field(default_factory=list)

    def add(self, gold: bool, predicted: bool, what: str) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append(f"FP {what}")
        elif gold:
            self.fn += 1
            self.errors.append(f"FN {what}")
        else:
            self.tn += 1

    @property
    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)


def read_labels(path: str | Path, kind: str) -> list[tuple[str, str, bool, str]]:
    """Labelled pairs of one kind (``article`` or ``event``) from a merge_pairs.tsv file."""
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and r[0] == kind]
    return [(r[1], r[2], r[3] == "1", r[4] if len(r) > 4 else "") for r in rows]


def score_duplicates(labels: Iterable[tuple[str, str, bool, str]], articles: dict[str, Article],
                     rules: DedupRules | None = None) -> PairScore:
    """Duplicate detector against labelled article pairs (ids: Reuters NEWID)."""
    score = PairScore("article")
    for left, right, gold, _ in labels:
        if left not in articles or right not in articles:
            score.missing += 1
            continue
        a, b = articles[left], articles[right]
        first, second = (a, b) if (a.date or date.min, left) <= (b.date or date.min, right) else (b, a)
        score.add(gold, is_copy(second, first, rules) is not None, f"{left}|{right}")
    return score


def mention_ref(m: EventMention, newid: str) -> str:
    """How a mention is named in the labels: ``NEWID@trigger_start:TYPE``."""
    return f"{newid}@{m.trigger.start}:{m.event_type}"


def score_event_merges(labels: Iterable[tuple[str, str, bool, str]],
                       mentions: dict[str, tuple[EventMention, date | None]],
                       articles: dict[str, Article] | None = None) -> PairScore:
    """Event merge against labelled mention pairs: would the two end in one event?

    With ``articles`` (by NEWID) the whole path is scored: when one article is a copy of the
    other (resolve.dedup) its mentions are carried over from the original, so a pair whose
    triggers align merges whatever the rules say; without, the merge rules alone are scored.
    """
    score = PairScore("event")
    for left, right, gold, _ in labels:
        if left not in mentions or right not in mentions:
            score.missing += 1
            continue
        merged = pair_decision(mentions[left], mentions[right]).merge
        if articles and not merged:
            merged = _carried_over(mentions[left][0], articles[left.split("@")[0]],
                                   mentions[right][0], articles[right.split("@")[0]])
        score.add(gold, merged, f"{left}|{right}")
    return score


def _carried_over(m1: EventMention, a1: Article, m2: EventMention, a2: Article) -> bool:
    """True when the later article is a copy of the earlier one and the earlier mention's
    trigger lands on the later mention's trigger (what the store does with a copy)."""
    (m_old, a_old), (m_new, a_new) = sorted([(m1, a1), (m2, a2)], key=lambda p: (p[1].date or date.min, p[1].external_id))
    if is_copy(a_new, a_old) is None:
        return False
    return Alignment(a_old.text, a_new.text).span(m_old.trigger.start, m_old.trigger.end) == (m_new.trigger.start, m_new.trigger.end)
