"""JSON Lines: one article per line with ``id``, ``url``, ``source``, ``date``, ``title``, ``text``.

A bad line is a failure of that line only (``file:LINE``); the other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from ..model import Article, InputFailure
from .dates import DateError, parse_iso_date


def looks_like(name: str, text: str) -> bool:
    return name.endswith((".jsonl", ".ndjson", ".jsonl.gz")) or text.lstrip()[:1] == "{"


def read(name: str, text: str, published: date | None, source: str = "") -> Iterator[Article | InputFailure]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(record, dict):
            yield InputFailure(where, "not a JSON object")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputFailure(where, "no 'text'")
            continue
        raw_date = record.get("date")
        try:
            if raw_date:
                day, how = parse_iso_date(str(raw_date)), "jsonl"
            elif published is not None:
                day, how = published, "option"
            else:
                yield InputFailure(where, "no 'date' (or pass --date)")
                continue
        except DateError as exc:
            yield InputFailure(where, str(exc))
            continue
        yield Article(
            text=body.strip(),
            date=day,
            date_source=how,
            source=str(record.get("source") or source),
            url=str(record.get("url") or ""),
            title=str(record.get("title") or ""),
            path=where,
            external_id=str(record.get("id") or ""),
        )
