"""HTML pages: main text and metadata through trafilatura (boilerplate removed)."""

from __future__ import annotations

from datetime import date

import trafilatura

from ..model import Article
from .dates import DateError, parse_iso_date


def looks_like(name: str, text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return name.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html"))


def read(name: str, text: str, published: date | None, source: str = "") -> list[Article]:
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no main text found in HTML")
    day, how = None, ""
    if doc.date:
        try:
            day, how = parse_iso_date(doc.date), "html-meta"
        except DateError:
            day = None
    if day is None:
        if published is None:
            raise ValueError("HTML page has no publication date in its metadata (pass --date)")
        day, how = published, "option"
    return [
        Article(
            text=doc.text.strip(),
            date=day,
            date_source=how,
            source=source or (doc.sitename or doc.hostname or ""),
            url=doc.url or "",
            title=doc.title or "",
            path=name,
        )
    ]
