"""RSS/Atom feeds: one article per entry (title + summary/content as text)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import feedparser
import lxml.html

from ..model import Article, InputFailure
from .dates import DateError, check_plausible


def looks_like(name: str, text: str) -> bool:
    head = text.lstrip()[:1024].lower()
    return name.endswith((".rss", ".atom")) or "<rss" in head or "<feed" in head


def _plain(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    return lxml.html.fromstring(f"<div>{fragment}</div>").text_content().strip()


def read(name: str, text: str, published: date | None, source: str = "") -> Iterator[Article | InputFailure]:
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        yield InputFailure(name, f"not a readable feed: {parsed.bozo_exception}")
        return
    outlet = source or parsed.feed.get("title", "")
    for i, entry in enumerate(parsed.entries):
        where = f"{name}#{i}"
        content = entry.get("content") or []
        body = _plain(content[0].get("value", "") if content else entry.get("summary", ""))
        if not body:
            yield InputFailure(where, "entry has no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            if stamp:
                day, how = check_plausible(date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)), "feed-date"
            elif published is not None:
                day, how = published, "option"
            else:
                yield InputFailure(where, "entry has no date (pass --date)")
                continue
        except (DateError, ValueError) as exc:
            yield InputFailure(where, str(exc))
            continue
        yield Article(
            text=body, date=day, date_source=how, source=outlet,
            url=entry.get("link", ""), title=entry.get("title", ""), path=where,
        )
