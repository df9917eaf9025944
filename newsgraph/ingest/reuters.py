"""Reuters-21578 SGML: many ``<REUTERS NEWID=..>`` stories per file, each with ``<DATE>``,
``<TITLE>``, ``<DATELINE>`` and ``<BODY>``. A broken story fails alone."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..model import Article, InputFailure
from .dates import DateError, parse_reuters_date

STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'NEWID="(\d+)"')
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TRAILER = re.compile(r"\s*\b(?:Reuter|REUTER)\s*$")


def looks_like(name: str, text: str) -> bool:
    return name.endswith(".sgm") or "<REUTERS" in text[:2000]


def _field(tag: str, story: str) -> str:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", story, re.S)
    return _clean(m.group(1)) if m else ""


def _clean(raw: str) -> str:
    return CONTROL.sub("", html.unescape(raw)).strip()


def _unprocessed_text(story: str) -> str:
    """Stories of TYPE="UNPROC"/"BRIEF" carry their text directly in ``<TEXT>``."""
    m = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", story, re.S)
    return _clean(re.sub(r"<[^>]+>", " ", m.group(1))) if m else ""


def _unwrap(body: str) -> str:
    """Hard-wrapped wire text to paragraphs: an indented line starts a new paragraph."""
    paragraphs = re.split(r"\n[ \t]{2,}", body)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def read(name: str, text: str, source: str = "Reuters") -> Iterator[Article | InputFailure]:
    found = False
    for m in STORY.finditer(text):
        found = True
        attrs, story = m.group(1), m.group(2)
        newid = NEWID.search(attrs)
        where = f"{name}#{newid.group(1) if newid else m.start()}"
        try:
            day = parse_reuters_date(_field("DATE", story))
        except DateError as exc:
            yield InputFailure(where, str(exc))
            continue
        title = _field("TITLE", story)
        dateline = _field("DATELINE", story).rstrip(" -")
        body = TRAILER.sub("", _field("BODY", story) or _unprocessed_text(story))
        body = _unwrap(body)
        if not body and not title:
            yield InputFailure(where, "story has neither title nor body")
            continue
        yield Article(
            text=body or title,
            date=day,
            date_source="reuters-date",
            source=source or "Reuters",
            title=title,
            dateline=dateline,
            path=where,
            external_id=newid.group(1) if newid else "",
        )
    if not found:
        yield InputFailure(name, "no <REUTERS> story found")
