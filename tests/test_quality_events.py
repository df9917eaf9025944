"""Quality gate for event coding: floors slightly under the figures reached, so a change that
loses accuracy fails.

The shipped classifier trained on three quarters of the PentaClass file and of the GSR; the
gates score the other quarter (``--part heldout``, a fixed hash rule), which it never saw. The
argument model (``argument_spans.json``) trained on three quarters of the CoNLL file; the actor
gate scores its held-out quarter (275 sentences). Full-file figures are in
bench/results/events.md."""

from __future__ import annotations

import pytest

from newsgraph.evaluate.events import evaluate_actors, evaluate_pentaclass, evaluate_plover
from newsgraph.settings import Settings

pytestmark = pytest.mark.quality

SETTINGS = Settings()

#: reached on the held-out parts / fixed subset (see bench/results/events.md); floors sit
#: about 0.02 under, to absorb parser noise only
FLOOR_PENTACLASS = 0.85  # reached 0.874 (macro-F1, held-out quarter, n=347; type pass 3; 0.869 after type pass 2)
FLOOR_SPAN = 0.65  # reached 0.667 with clause-bounded arguments (0.636 before the argument-domain pass)
FLOOR_TARGET = 0.49  # recipient span F1, reached 0.511 (0.491 before the argument-domain pass)
FLOOR_SPAN_CAMEO = 0.70  # the same file under the cameo argument convention (its own), reached 0.717
FLOOR_PLOVER = 0.68  # reached 0.701 (type accuracy, held-out quarter, n=77, manual type convention; type pass 2, unchanged by type passes 3 and 5)
FLOOR_PLOVER_TABLE = 0.69  # reached 0.714 (55/77) under the table convention, the file's own (eval plover's default)


def _path(*parts: str):
    path = SETTINGS.eval_path(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not available: {path} (set NEWSGRAPH_EVAL_DATA)")
    return path


def test_pentaclass_floor():
    path = _path("conflibert-cameo-pentaclass", "cameo_class", "train.tsv")
    report = evaluate_pentaclass(path, SETTINGS, part="heldout")
    assert report.value >= FLOOR_PENTACLASS, report.render()


def test_actor_span_floor():
    path = _path("conflibert-cameo-pentaclass", "cameo_ner", "train.txt")
    settings = Settings(eval_data=SETTINGS.eval_data, arguments="plover")  # both conventions are scored
    report = evaluate_actors(path, settings, part="heldout")
    assert report.value >= FLOOR_SPAN, report.render()
    assert report.metrics["T_f1"] >= FLOOR_TARGET, report.render()
    assert report.metrics["span_f1_cameo"] >= FLOOR_SPAN_CAMEO, report.render()


def test_plover_type_floor():
    path = _path("plover-gsr", "PLOVER_GSR_CAMEO.json")
    settings = Settings(eval_data=SETTINGS.eval_data, types="manual")  # the floor's convention; both are scored
    report = evaluate_plover(path, settings, part="heldout")
    assert report.value >= FLOOR_PLOVER, report.render()
    assert report.metrics["type_accuracy_table"] >= FLOOR_PLOVER_TABLE, report.render()
