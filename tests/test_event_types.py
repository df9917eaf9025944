"""Codebook sentence suite: the PLOVER type (and mode) of the primary event of short news-like
sentences written for newsgraph from the PLOVER manual's type definitions, ambiguity notes and
mode tables (``tests/data/event_types.tsv``). Each sentence is coded as the evaluation codes a
unit (``newsgraph.evaluate.events.predict``: lexicon, rules, primary choice, classifier
fallback), so the suite checks the whole type decision on unseen wording, not one function.

Cases that fail for a known reason stay in the file with that reason (xfail), not deleted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsgraph.evaluate.events import SentencePrediction, parse_texts, predict
from newsgraph.extract import ontology
from newsgraph.settings import Settings

SUITE = Path(__file__).parent / "data" / "event_types.tsv"


@dataclass(frozen=True)
class Case:
    event_type: str
    mode: str
    sentence: str
    xfail: str  # why the type is known to fail ("" = expected to pass)
    mode_xfail: str  # why the mode is known to fail


def _cases() -> list[Case]:
    cases = []
    for line in SUITE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        cases.append(Case(cols[0], cols[1], cols[2], cols[3], cols[4]))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def coded() -> dict[str, SentencePrediction]:
    sentences = [case.sentence for case in CASES]
    return {s: predict(doc) for s, doc in zip(sentences, parse_texts(sentences, Settings()), strict=True)}


def test_suite_is_valid() -> None:
    """Every type and mode named is PLOVER's, all 16 types have sentences, no sentence twice."""
    types = ontology.plover()["types"]
    assert {c.event_type for c in CASES} == set(types)
    for case in CASES:
        assert not case.mode or case.mode in types[case.event_type]["modes"], case
    sentences = [c.sentence for c in CASES]
    assert len(sentences) == len(set(sentences))


def _marks(reason: str) -> list:
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.sentence[:50], marks=_marks(c.xfail)) for c in CASES]
)
def test_primary_type(case: Case, coded: dict[str, SentencePrediction]) -> None:
    assert coded[case.sentence].event_type == case.event_type


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.sentence[:50], marks=_marks(c.mode_xfail or c.xfail))
        for c in CASES
        if c.mode
    ],
)
def test_primary_mode(case: Case, coded: dict[str, SentencePrediction]) -> None:
    best = coded[case.sentence].primary
    assert best is not None and (best.event_type, best.mode) == (case.event_type, case.mode)
