"""The corpus format of ``samples/``: the file starts with `` date YYYY-MM-DD `` and the
article text follows on the same line."""

from __future__ import annotations

import re

from ..model import Article
from .dates import parse_iso_date

HEADER = re.compile(r"^\s*date\s+(\S+)[ \t]*")


def looks_like(text: str) -> bool:
    return bool(HEADER.match(text[:64]))


def read(name: str, text: str, source: str = "") -> list[Article]:
    """One article; a missing or impossible date line raises ``ValueError`` with the reason."""
    m = HEADER.match(text)
    if not m:
        raise ValueError("missing date line (expected ' date YYYY-MM-DD <text>')")
    published = parse_iso_date(m.group(1))
    body = text[m.end():].strip()
    if not body:
        raise ValueError("date line but no article text")
    return [Article(text=body, date=published, date_source="corpus-header", source=source, path=name)]
