"""Audit: does the trigger lexicon name what each CAMEO code's description names?

For every code of the CAMEO codebook (``reference/cameo/CAMEO.eventcodes.txt``; its malformed
"1056 ... 106:[-5.0] Demand withdrawal" line is split in two) the PLOVER type comes from the
manual's CAMEO-to-PLOVER table (``plover-gsr/CAMEO2PLOVER-2021.txt``; a code missing from it takes
its nearest listed ancestor's type; CAMEO 01 "make public statement" is no PLOVER event and CAMEO
02 "appeal" is REQUEST, the manual's "all requests, demands, and orders"). The description's
content words (spaCy lemmas, generic words such as "engage", "specified" and "other" dropped)
and its adjacent verb + noun pairs are looked up in ``triggers.yaml`` (verbs, nouns, phrases).

A code is
- ``covered``: some content word or pair of its description is a trigger of the code's type,
  or of a type PLOVER's single-category rule recodes to it ("express intent to meet": a future
  CONSULT is AGREE, ``modality.yaml``), or of the type ``table_overrides`` in ``triggers.yaml``
  gives the code where the manual's text differs from the table;
- ``frame``: its description is "express intent to ..." with content words that name no
  trigger, and the intent verbs (pledge, promise, vow, offer) are AGREE triggers;
- ``other-type``: its words are triggers, but only of other types (the manual may win over the
  table: ``triggers.yaml`` says so where it does);
- ``left-out``: its only matching words are listed under ``left_out`` in ``triggers.yaml`` with
  the reason (too ambiguous to be a trigger);
- ``missing``: none of its words is a trigger.

The codebook is a reference, read at audit time from the shared folder, never copied.

    python scripts/audit_trigger_coverage.py            # summary + every code not covered
    python scripts/audit_trigger_coverage.py --all      # every code
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import spacy

from newsgraph.extract import ontology
from newsgraph.settings import DEFAULT_MODEL, Settings

#: words of CAMEO descriptions that name no act (frames, qualifiers)
GENERIC = frozenset(
    "not specify specified below other such as or and of to for on in with by from the a an that "
    "engage make express intent take bring use conduct carry out give provide target allow "
    "party politician person persons property people state non military economic political "
    "administrative judicial diplomatic humanitarian material international institution regime "
    "policy leadership change right rights militarily economically form".split()
)
#: verbs that make an "express intent to ..." description an AGREE in the lexicon
INTENT_VERBS = ("pledge", "promise", "vow", "offer")
#: CAMEO top-level codes with no entry in the CAMEO-to-PLOVER table
TOP_LEVEL = {"01": None, "02": "REQUEST"}


@dataclass
class Code:
    code: str
    description: str
    plover: str | None


def read_codebook(path: Path) -> list[tuple[str, str]]:
    """(code, description) of every line; the line that runs 1056 and 106 together is split."""
    rows: list[tuple[str, str]] = []
    for line in path.read_text("utf-8", errors="replace").splitlines()[1:]:
        if "\t" not in line:
            continue
        code, desc = line.split("\t", 1)
        glued = re.match(r"(.*?)(\d{3,4}):\[[-0-9.]+\]\s*(.*)", desc)
        if glued:
            rows.append((code.strip(), glued.group(1).strip()))
            rows.append((glued.group(2), glued.group(3).strip()))
        else:
            rows.append((code.strip(), desc.strip()))
    return rows


def read_table(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type, from the manual's conversion table."""
    table: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table.setdefault(m.group(1), m.group(2))
    return table


def plover_type(code: str, table: dict[str, str]) -> str | None:
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return TOP_LEVEL.get(code[:2])


def lexicon_index() -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    """word -> types, (first, last) phrase -> types, over verbs and nouns of triggers.yaml."""
    words: dict[str, set[str]] = {}
    pairs: dict[tuple[str, str], set[str]] = {}
    lex = ontology.triggers()
    for section in ("verbs", "nouns"):
        for key, label in lex[section].items():
            event_type = ontology.parse_label(label)[0]
            parts = key.lower().split()
            if len(parts) == 1:
                words.setdefault(parts[0], set()).add(event_type)
            else:
                pairs.setdefault((parts[0], parts[-1]), set()).add(event_type)
    for word, labels in lex.get("ambiguous", {}).items():
        words.setdefault(word, set()).update(ontology.parse_label(label)[0] for label in labels)
    return words, pairs


def audit(settings: Settings) -> list[tuple[Code, str, list[str], list[str]]]:
    """(code, status, matching words, content words) of every CAMEO code."""
    ref = settings.eval_path().parent / "reference"
    codes = read_codebook(ref / "cameo" / "CAMEO.eventcodes.txt")
    table = read_table(settings.eval_path("plover-gsr", "CAMEO2PLOVER-2021.txt"))
    nlp = spacy.load(DEFAULT_MODEL, disable=["parser", "ner"])
    words, pairs = lexicon_index()
    left_out = {w.lower() for w in ontology.triggers().get("left_out", {})}
    overrides = {c: o["type"] for c, o in ontology.triggers().get("table_overrides", {}).items()}
    future_to = {
        t: rule["to"]
        for rule in ontology.modality_cues()["single_category"]
        if "future" in rule.get("modalities", [])
        for t in rule.get("types", [])
    }
    out = []
    for code, desc in codes:
        if len(code) < 3:  # the 20 top-level headings repeat their children
            continue
        item = Code(code, desc, overrides.get(code) or plover_type(code, table))
        if item.plover is None:
            continue
        text = re.sub(r"\(.*?\)|not specified below|,", " ", desc.lower())
        lemmas = [t.lemma_.lower() for t in nlp(text) if t.is_alpha]
        intent = text.startswith("express intent")
        wanted = {item.plover} | ({t for t, to in future_to.items() if to == item.plover} if intent else set())
        content = [w for w in lemmas if w not in GENERIC]
        hits, other, dropped = [], [], []
        for i, w in enumerate(lemmas):
            for v in lemmas[i + 1 : i + 4]:
                types = pairs.get((w, v), set())
                (hits if wanted & types else other).extend([f"{w} {v}"] if types else [])
        for w in content:
            types = words.get(w, set())
            if wanted & types:
                hits.append(w)
            elif types:
                other.append(w)
            elif w in left_out:
                dropped.append(w)
        frame = intent and all(item.plover in words.get(v, set()) for v in INTENT_VERBS)
        status = "covered" if hits else "frame" if frame else "other-type" if other else "left-out" if dropped else "missing"
        out.append((item, status, hits or other or dropped, content))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="list every code, not only those not covered")
    args = parser.parse_args(argv)
    rows = audit(Settings())
    for item, status, matched, content in rows:
        if args.all or status not in ("covered", "frame"):
            print(f"{item.code:5} {item.plover:9} {status:10} {item.description[:60]:60} "
                  f"{','.join(matched) or '-'} [{' '.join(content)}]")
    counts = Counter(status for _, status, _, _ in rows)
    print(f"codes: {len(rows)}; " + ", ".join(f"{k} {counts[k]}" for k in ("covered", "frame", "other-type", "left-out", "missing")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
