"""The PLOVER ontology and its CAMEO compatibility layer, loaded from data files.

Everything that names an event type, mode, CAMEO code, score or trigger word lives in
``newsgraph/resources/ontology/`` (YAML/TSV); this module loads it once, checks it is
consistent (``validate``) and answers the derived questions (CAMEO code, quad class,
Goldstein weight, PentaClass, old type names) so no stage hard-codes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "resources" / "ontology"


def _text(name: str) -> str:
    return (ONTOLOGY_DIR / name).read_text("utf-8")


def _yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load(_text(name))


@dataclass(frozen=True)
class Coding:
    """The CAMEO-compatible coding of one PLOVER (type, mode)."""

    cameo: str
    quad_class: int
    goldstein: float  # Goldstein (1992) weight of ``cameo``
    plover_score: float  # PLOVER's own conflict-cooperation score
    pentaclass: int


@lru_cache(maxsize=1)
def plover() -> dict[str, Any]:
    return _yaml("plover.yaml")


@lru_cache(maxsize=1)
def triggers() -> dict[str, Any]:
    return _yaml("triggers.yaml")


@lru_cache(maxsize=1)
def modality_cues() -> dict[str, Any]:
    return _yaml("modality.yaml")


@lru_cache(maxsize=1)
def structural_arguments() -> dict[str, Any]:
    """Argument patterns the parse rules keep whatever the argument model prefers."""
    return _yaml("structural_arguments.yaml")


@lru_cache(maxsize=1)
def pentaclass_table() -> dict[str, Any]:
    return _yaml("pentaclass.yaml")


@lru_cache(maxsize=1)
def legacy_table() -> dict[str, dict[str, str]]:
    return _yaml("legacy_types.yaml")["legacy"]


@lru_cache(maxsize=1)
def cameo_goldstein() -> dict[str, tuple[float, str]]:
    """CAMEO code -> (Goldstein weight, description)."""
    table: dict[str, tuple[float, str]] = {}
    for line in _text("cameo_goldstein.tsv").splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, weight, desc = line.split("\t", 2)
        table[code] = (float(weight), desc)
    return table


def event_types() -> list[str]:
    return list(plover()["types"])


def parse_label(value: str) -> tuple[str, str]:
    """``"ASSAULT/aerial"`` -> ``("ASSAULT", "aerial")``."""
    event_type, _, mode = value.partition("/")
    return event_type, mode


def modernize(old_type: str) -> tuple[str, str]:
    """A PLOVER type name of any version -> (today's type, mode implied by the old name)."""
    name = old_type.strip().upper()
    if name in plover()["types"]:
        return name, ""
    entry = legacy_table().get(name)
    if entry is None:
        raise KeyError(f"unknown PLOVER category {old_type!r}")
    return entry["type"], entry.get("mode", "") or ""


def pentaclass(event_type: str) -> int:
    """CAMEO PentaClass of a PLOVER type; ``"" `` (no event) is a statement."""
    table = pentaclass_table()
    if not event_type:
        return int(table["no_event"])
    return int(table["map"][event_type])


@lru_cache(maxsize=256)
def coding(event_type: str, mode: str = "") -> Coding:
    """CAMEO code, quad class, Goldstein weight and PLOVER score of (type, mode)."""
    spec = plover()["types"][event_type]
    mode_spec = spec["modes"].get(mode) if mode else None
    cameo = (mode_spec or spec)["cameo"]
    score = float((mode_spec or spec)["score"])
    return Coding(
        cameo=cameo,
        quad_class=int(spec["quad"]),
        goldstein=cameo_goldstein()[cameo][0],
        plover_score=score,
        pentaclass=pentaclass(event_type),
    )


def validate() -> list[str]:
    """Problems in the ontology files (empty when consistent). Run by the test suite."""
    problems: list[str] = []
    types = plover()["types"]
    codes = cameo_goldstein()
    if len(types) != 16:
        problems.append(f"expected 16 PLOVER types, found {len(types)}")
    for name, spec in types.items():
        for key in ("definition", "quad", "cameo", "score", "modes"):
            if key not in spec:
                problems.append(f"{name}: missing {key}")
        if spec.get("cameo") not in codes:
            problems.append(f"{name}: CAMEO {spec.get('cameo')!r} not in cameo_goldstein.tsv")
        for mode, mspec in (spec.get("modes") or {}).items():
            if mspec.get("cameo") not in codes:
                problems.append(f"{name}/{mode}: CAMEO {mspec.get('cameo')!r} unknown")
            if not -10 <= float(mspec.get("score", 99)) <= 10:
                problems.append(f"{name}/{mode}: score out of range")
        if name not in pentaclass_table()["map"]:
            problems.append(f"{name}: no pentaclass")
    for old, entry in legacy_table().items():
        if entry["type"] not in types:
            problems.append(f"legacy {old}: unknown type {entry['type']}")
    lex = triggers()
    for section in ("verbs", "nouns"):
        for word, label in lex[section].items():
            event_type, mode = parse_label(label)
            if event_type not in types:
                problems.append(f"{section}.{word}: unknown type {event_type}")
            elif mode and mode not in types[event_type]["modes"]:
                problems.append(f"{section}.{word}: unknown mode {event_type}/{mode}")
    for rule in modality_cues().get("single_category", []):
        for event_type in [*rule.get("types", []), rule.get("to")]:
            if event_type not in types:
                problems.append(f"single_category: unknown type {event_type}")
    problems += _complement_rule_problems(lex, modality_cues(), types)
    keys = {k.lower() for section in ("verbs", "nouns") for k in lex[section]}
    for word in lex.get("left_out", {}):
        if word.lower() in keys:
            problems.append(f"left_out.{word}: also a trigger")
    problems += _table_problems(lex, modality_cues(), types)
    for key, preps in lex["recipient_preps"].items():
        if not all(isinstance(p, str) for p in preps):
            problems.append(f"recipient_preps.{key}: non-string entry (quote YAML on/no/yes)")
        if key != "*" and key not in types:
            problems.append(f"recipient_preps.{key}: unknown type")
    structural = structural_arguments()
    for role in ("actor", "recipient"):
        for key in ("deps", "head_deps", "head_preps", "firm_deps", "firm_preps"):
            values = structural.get(role, {}).get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(f"structural_arguments.{role}.{key}: not a list of strings (quote on/no/yes)")
    if not all(isinstance(v, str) for v in structural.get("place_preps", [])):
        problems.append("structural_arguments.place_preps: not a list of strings")
    domain = structural.get("domain", {})
    if not all(isinstance(v, str) for v in domain.get("object_participle_preps", [])):
        problems.append("structural_arguments.domain.object_participle_preps: not a list of strings (quote on/no/yes)")
    return problems


def _known_label(label: str, types: dict[str, Any]) -> bool:
    event_type, mode = parse_label(label)
    return event_type in types and (not mode or mode in types[event_type]["modes"])


def _complement_rule_problems(lex: dict[str, Any], cues: dict[str, Any], types: dict[str, Any]) -> list[str]:
    """``complement_rules`` name known types, and a rule's ``triggers`` are lexicon verbs of one
    of its ``types`` (a word the lexicon does not code so would never fire the rule)."""
    problems = []
    for rule in cues.get("complement_rules", []):
        for event_type in [*rule["types"], *rule["complements"], rule["to"]]:
            if event_type not in types:
                problems.append(f"complement_rules: unknown type {event_type}")
        for word in rule.get("triggers", []):
            label = lex["verbs"].get(word) if isinstance(word, str) else None
            if label is None or parse_label(label)[0] not in rule["types"]:
                problems.append(f"complement_rules: trigger {word!r} is no {'/'.join(rule['types'])} verb of the lexicon")
    return problems


def _table_problems(lex: dict[str, Any], cues: dict[str, Any], types: dict[str, Any]) -> list[str]:
    """The ``table`` type convention's data: each ``table_overrides`` code names the manual's
    type, the table's (``table_type``, which differs) and a reason, and is implemented by
    lexicon ``entries`` of its type or by the modality rules (``rules: true``); each rule's
    ``table:`` alternative is a table type of a rule-implemented override."""
    problems: list[str] = []
    rule_types: set[str] = set()
    for code, entry in lex.get("table_overrides", {}).items():
        where = f"table_overrides.{code}"
        if entry.get("type") not in types or not entry.get("why"):
            problems.append(f"{where}: unknown type or no reason")
        table = str(entry.get("table_type", ""))
        if not _known_label(table, types):
            problems.append(f"{where}: unknown table_type {table!r}")
        elif parse_label(table)[0] == entry.get("type"):
            problems.append(f"{where}: table_type is the manual's type (no override)")
        entries = entry.get("entries") or {}
        if not entries and not entry.get("rules"):
            problems.append(f"{where}: neither lexicon entries nor rules implement it")
        if entry.get("rules"):
            rule_types.add(parse_label(table)[0])
        for section, keys in entries.items():
            if section not in ("verbs", "nouns"):
                problems.append(f"{where}.entries: unknown section {section!r}")
                continue
            for key in keys:
                label = lex[section].get(key)
                if label is None:
                    problems.append(f"{where}: {section}.{key} is not in the lexicon")
                elif parse_label(label)[0] != entry.get("type"):
                    problems.append(f"{where}: {section}.{key} is {label}, not {entry.get('type')}")
                if key in lex.get("ambiguous", {}):  # the classifier may re-type those: no fixed table label
                    problems.append(f"{where}: {section}.{key} is ambiguous")
    for section in ("single_category", "complement_rules"):
        for rule in cues.get(section, []):
            if "table" in rule and rule["table"] not in rule_types:
                problems.append(f"{section}: table alternative {rule['table']!r} is no rule-implemented override's table_type")
    return problems
