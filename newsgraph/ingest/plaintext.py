"""Plain text: the whole file is one article; its date must come from an option."""

from __future__ import annotations

from datetime import date

from ..model import Article


def read(name: str, text: str, published: date | None, source: str = "") -> list[Article]:
    if published is None:
        raise ValueError("plain text has no date: pass --date YYYY-MM-DD (no silent fallback to today)")
    body = text.strip()
    lines = body.splitlines()
    title = lines[0].strip() if len(lines) > 1 and len(lines[0]) < 200 else ""
    return [Article(text=body, date=published, date_source="option", source=source, title=title, path=name)]
