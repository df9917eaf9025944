"""``newsgraph eval timex DIR``: score the temporal tagger on TimeML ``.tml`` files.

TempEval-3 definitions: a system expression matches a gold one *strictly* when the
spans are equal and *relaxed* when they overlap (one-to-one). Type and value accuracy
are counted over relaxed matches; ``value_f1 = value accuracy × relaxed F1``.
The document creation time is the TIMEX3 with ``functionInDocument="CREATION_TIME"``;
only the ``<TEXT>`` element is tagged and scored.
"""

from __future__ import annotations

import html
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model import TimeExpression
from ..settings import Settings
from . import Report, prf

_DCT = re.compile(r"<TIMEX3\b[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TmlDoc:
    """One TimeML document: the plain text of ``<TEXT>``, its DCT and gold TIMEX3s."""

    name: str
    text: str
    dct: date | None
    timexes: list[GoldTimex] = field(default_factory=list)


def read_tml(path: Path) -> TmlDoc:
    """Parse a ``.tml`` file (tolerant: tags are stripped, entities unescaped)."""
    raw = path.read_text("utf-8", errors="replace")
    dct: date | None = None
    if m := _DCT.search(raw):
        value = dict(_ATTR.findall(m.group(0))).get("value", "")
        if re.match(r"\d{4}-\d\d-\d\d", value):
            dct = date.fromisoformat(value[:10])
    body_match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_match.group(1) if body_match else raw
    parts: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2)
        if tag != "TIMEX3":
            continue
        if not closing and m.group(4) != "/":
            open_timex.append((length, dict(_ATTR.findall(m.group(3)))))
        elif closing and open_timex:
            start, attrs = open_timex.pop()
            text = "".join(parts)[start:length]
            timexes.append(GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
    parts.append(html.unescape(body[pos:]))
    return TmlDoc(path.stem, "".join(parts), dct, sorted(timexes, key=lambda t: t.start))


def tml_files(path: Path) -> list[Path]:
    """The ``.tml`` files of a folder (recursively, sorted) or the file itself."""
    return [path] if path.is_file() else sorted(path.rglob("*.tml"))


@dataclass
class Counts:
    """Running TempEval-3 counts."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    by_type: Counter = field(default_factory=Counter)  # (gold type, "gold"/"found"/"value")

    def add(self, gold: list[GoldTimex], found: list[TimeExpression]) -> list[tuple[GoldTimex, TimeExpression | None]]:
        """Match one document (one-to-one, best overlap first); return gold→system pairs."""
        self.gold += len(gold)
        self.system += len(found)
        used: set[int] = set()
        pairs: list[tuple[GoldTimex, TimeExpression | None]] = []
        for g in gold:
            best, best_overlap = None, 0
            for i, s in enumerate(found):
                overlap = min(g.end, s.end) - max(g.start, s.start)
                if i not in used and overlap > best_overlap:
                    best, best_overlap = i, overlap
            self.by_type[(g.type, "gold")] += 1
            if best is None:
                pairs.append((g, None))
                continue
            used.add(best)
            s = found[best]
            pairs.append((g, s))
            self.relaxed += 1
            self.by_type[(g.type, "found")] += 1
            self.strict += (s.start, s.end) == (g.start, g.end)
            self.type_ok += s.type == g.type
            if s.value == g.value:
                self.value_ok += 1
                self.by_type[(g.type, "value")] += 1
        return pairs

    def metrics(self) -> dict[str, float]:
        _, _, strict_f = prf(self.strict, self.system - self.strict, self.gold - self.strict)
        rp, rr, relaxed_f = prf(self.relaxed, self.system - self.relaxed, self.gold - self.relaxed)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "strict_f1": strict_f,
            "relaxed_precision": rp,
            "relaxed_recall": rr,
            "relaxed_f1": relaxed_f,
            "type_accuracy": type_acc,
            "value_accuracy": value_acc,
            "type_f1": type_acc * relaxed_f,
            "value_f1": value_acc * relaxed_f,
        }


def evaluate_timex(path: Path, settings: Settings, limit: int | None = None) -> Report:
    """Run the pipeline's ``newsgraph_timex`` component over each document and score it."""
    from ..nlp.pipeline import build_pipeline, make_doc

    nlp = build_pipeline(settings.model)
    files = tml_files(path)[:limit] if limit else tml_files(path)
    if not files:
        raise FileNotFoundError(f"no .tml files under {path}")
    counts = Counts()
    elapsed = 0.0
    with nlp.select_pipes(enable=["newsgraph_timex"]):
        for file in files:
            doc_data = read_tml(file)
            t0 = time.perf_counter()
            doc = nlp(make_doc(nlp, doc_data.text, doc_data.dct))
            elapsed += time.perf_counter() - t0
            counts.add(doc_data.timexes, doc._.timexes or [])
    metrics = counts.metrics()
    metrics["ms_per_doc"] = 1000 * elapsed / len(files)
    lines = [
        f"timex on {path} ({len(files)} documents, {counts.gold} gold, {counts.system} found)",
        "| gold type | gold | found (relaxed) | value correct |",
        "|---|---:|---:|---:|",
    ]
    for kind in sorted({k for k, _ in counts.by_type}):
        b = counts.by_type
        lines.append(f"| {kind} | {b[(kind, 'gold')]} | {b[(kind, 'found')]} | {b[(kind, 'value')]} |")
    lines.append("")
    lines.extend(f"{name}: {value:.4f}" for name, value in metrics.items() if name != "value_f1")
    return Report(name="timex", headline="value_f1", metrics=metrics, lines=lines)


def main(argv: list[str]) -> int:
    """``python -m newsgraph.evaluate.timex DIR [LIMIT]``."""
    if not argv:
        print("usage: python -m newsgraph.evaluate.timex DIR [LIMIT]", file=sys.stderr)
        return 2
    limit = int(argv[1]) if len(argv) > 1 else None
    print(evaluate_timex(Path(argv[0]), Settings(), limit=limit).render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
