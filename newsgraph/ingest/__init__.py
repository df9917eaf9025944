"""Ingest: turn files, folders, globs, gzip and stdin into :class:`~newsgraph.model.Article`.

Public entry point: :func:`read_articles`. Every input comes out either as articles
or as an :class:`~newsgraph.model.InputFailure` with its reason, so a caller can
account for everything it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import py3langid

from ..model import Article, InputFailure
from . import corpus, feed, htmlpage, jsonl, plaintext, reuters
from .dates import DateError
from .sources import Payload, decode_text, read_payloads

FORMATS = ("auto", "corpus", "text", "jsonl", "html", "reuters", "feed")


def detect_format(name: str, text: str) -> str:
    """Choose a reader from the file name and the first bytes."""
    if reuters.looks_like(name, text):
        return "reuters"
    if corpus.looks_like(text):
        return "corpus"
    if htmlpage.looks_like(name, text):
        return "html"
    if feed.looks_like(name, text):
        return "feed"
    if jsonl.looks_like(name, text):
        return "jsonl"
    return "text"


def detect_language(text: str) -> str:
    lang, _score = py3langid.classify(text[:2000])
    return lang


def parse_payload(
    payload: Payload, fmt: str = "auto", published: date | None = None, source: str = ""
) -> Iterator[Article | InputFailure]:
    """Read one payload in ``fmt`` (or the detected format)."""
    legacy = "latin-1" if fmt == "reuters" or b"<REUTERS" in payload.data[:2000] else None
    text = decode_text(payload, legacy_encoding=legacy)
    if isinstance(text, InputFailure):
        yield text
        return
    kind = detect_format(payload.name, text) if fmt == "auto" else fmt
    try:
        if kind == "corpus":
            items: Iterable[Article | InputFailure] = corpus.read(payload.name, text, source)
        elif kind == "text":
            items = plaintext.read(payload.name, text, published, source)
        elif kind == "jsonl":
            items = jsonl.read(payload.name, text, published, source)
        elif kind == "html":
            items = htmlpage.read(payload.name, text, published, source)
        elif kind == "reuters":
            items = reuters.read(payload.name, text, source or "Reuters")
        elif kind == "feed":
            items = feed.read(payload.name, text, published, source)
        else:
            raise ValueError(f"unknown format {kind!r}; choose from {', '.join(FORMATS)}")
        for item in items:
            if isinstance(item, Article) and not item.language:
                item.language = detect_language(item.text)
            yield item
    except (ValueError, DateError) as exc:
        yield InputFailure(payload.name, str(exc))
    except Exception as exc:  # a reader bug must not kill the batch; report it with the file
        yield InputFailure(payload.name, f"{kind} reader failed: {type(exc).__name__}: {exc}")


def read_articles(
    inputs: Iterable[str], fmt: str = "auto", published: date | None = None, source: str = ""
) -> Iterator[Article | InputFailure]:
    """Every article in ``inputs`` (paths, folders, globs, ``-``), or a failure per bad input.

    ``published`` is the date for inputs that carry none (plain text); it is recorded
    as ``date_source="option"``. ``source`` names the outlet when the input does not.
    """
    for payload in read_payloads(inputs):
        if isinstance(payload, InputFailure):
            yield payload
        else:
            yield from parse_payload(payload, fmt, published, source)


__all__ = ["FORMATS", "read_articles", "parse_payload", "detect_format", "Article", "InputFailure"]
