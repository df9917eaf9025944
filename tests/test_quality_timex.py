"""Quality gate: TempEval-3 figures of the temporal tagger on a fixed TBAQ subset."""

from __future__ import annotations

import pytest

from newsgraph.evaluate.timex import evaluate_timex
from newsgraph.settings import Settings

pytestmark = pytest.mark.quality

#: floors slightly under the figures reached (see bench/results/timex.md)
FLOORS = {
    "TimeBank": {"value_f1": 0.78, "relaxed_f1": 0.91, "strict_f1": 0.82},
    "AQUAINT": {"value_f1": 0.74, "relaxed_f1": 0.92, "strict_f1": 0.80},
}


@pytest.mark.parametrize("subset", sorted(FLOORS))
def test_timex_floors_on_tbaq(subset: str) -> None:
    settings = Settings()
    path = settings.eval_path("tbaq-cleaned", subset)
    if not path.is_dir():
        pytest.skip(f"TBAQ not available at {path} (set NEWSGRAPH_EVAL_DATA)")
    report = evaluate_timex(path, settings, limit=60)  # first 60 files, sorted: a fixed subset
    for metric, floor in FLOORS[subset].items():
        assert report.metrics[metric] >= floor, f"{subset} {metric} {report.metrics[metric]:.4f} < {floor}"
