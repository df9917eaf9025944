"""Expand user inputs (files, folders, globs, ``-``) into named byte payloads.

Decompression and decoding failures are reported per input, never raised, so
one broken file never stops a batch.
"""

from __future__ import annotations

import glob
import gzip
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import InputFailure

#: files a folder walk skips (hidden files, editor droppings); named files are always read.
SKIP_SUFFIXES = {".pyc", ".swp", ".tmp", ".DS_Store"}


@dataclass
class Payload:
    """Raw bytes of one input, with the name it is reported under."""

    name: str
    data: bytes


def expand_paths(inputs: Iterable[str]) -> Iterator[Path | str | InputFailure]:
    """Yield each file named by ``inputs`` (recursing folders, expanding globs); '-' is stdin."""
    for raw in inputs:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix not in SKIP_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        elif any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield InputFailure(raw, "glob matched no files")
            yield from files
        else:
            yield InputFailure(raw, "no such file or folder")


def read_payloads(inputs: Iterable[str]) -> Iterator[Payload | InputFailure]:
    """Read every input as bytes, gunzipping ``.gz`` (a truncated gzip is a failure)."""
    for item in expand_paths(inputs):
        if isinstance(item, InputFailure):
            yield item
            continue
        name = str(item)
        try:
            data = sys.stdin.buffer.read() if item == "-" else Path(item).read_bytes()
        except OSError as exc:
            yield InputFailure(name, f"cannot read: {exc.strerror or exc}")
            continue
        if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (EOFError, OSError, zlib.error) as exc:
                yield InputFailure(name, f"broken gzip: {exc}")
                continue
            name_inner = name[:-3] if name.endswith(".gz") else name
            yield Payload(name_inner if item != "-" else "-", data)
            continue
        yield Payload(name, data)


def decode_text(payload: Payload, legacy_encoding: str | None = None) -> str | InputFailure:
    """Strict UTF-8 (a BOM is dropped); binary or undecodable input is a failure.

    ``legacy_encoding`` is for formats documented to be in another encoding (the
    Reuters-21578 SGML is Latin-1): it is used only where UTF-8 fails.
    """
    data = payload.data
    if not data.strip():
        return InputFailure(payload.name, "empty input")
    head = data[:4096]
    if b"\x00" in head:
        return InputFailure(payload.name, "binary file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if legacy_encoding:
            return data.decode(legacy_encoding)
        return InputFailure(
            payload.name, f"invalid UTF-8 at byte {exc.start}: {data[exc.start:exc.start + 4]!r}"
        )
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f\x02\x03\x05\x16\x01\x1f")
    if controls > max(8, len(text[:4096]) // 20):
        return InputFailure(payload.name, "binary file (control characters)")
    return text
