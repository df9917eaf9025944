"""``newsgraph eval``: score the real pipeline on an annotated dataset.

Each evaluator is a module of this package with a function
``evaluate(path: Path, settings: Settings, limit: int | None = None) -> Report``.
The report prints a per-class table and ends with one ``METRIC: VALUE`` line.
Datasets are read from wherever the user points; nothing of them is packaged.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings

#: eval name -> module (under newsgraph.evaluate) implementing ``evaluate``.
EVALUATORS: dict[str, str] = {
    "pentaclass": "events",
    "actors": "events",
    "plover": "events",
    "timex": "timex",
    "geo": "geo",
    "quotes": "quotes",
}


@dataclass
class Report:
    """Figures of one evaluation run; ``headline`` names the metric on the last line."""

    name: str
    headline: str
    metrics: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # per-class table, notes

    @property
    def value(self) -> float:
        return self.metrics[self.headline]

    def render(self) -> str:
        body = list(self.lines)
        body.append(f"{self.headline}: {self.value:.4f}")
        return "\n".join(body)


def run_eval(
    name: str, path: str | Path, settings: Settings | None = None, limit: int | None = None, part: str | None = None
) -> Report:
    """Run evaluator ``name`` on ``path`` (a file or folder in the dataset's own format).

    ``part`` scores a fixed part of the file where the evaluator defines parts (``heldout``
    for the event evaluations: the quarter the shipped classifier never trained on;
    ``dev``/``test`` for geo)."""
    if name not in EVALUATORS:
        raise ValueError(f"unknown evaluation {name!r}; choose from {', '.join(sorted(EVALUATORS))}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such dataset: {path}")
    module = importlib.import_module(f"{__name__}.{EVALUATORS[name]}")
    fn = getattr(module, f"evaluate_{name}", None) or module.evaluate
    kwargs = {}
    if part:
        if "part" not in inspect.signature(fn).parameters:
            raise ValueError(f"the {name} evaluation has no parts; drop --part")
        kwargs["part"] = part
    return fn(path, settings or Settings(), limit=limit, **kwargs)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
