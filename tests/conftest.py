"""Shared fixtures: the real spaCy pipeline and a real DuckDB store built from the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def eval_data(*parts: str) -> Path:
    """A path under the shared development data, or skip the test with the reason."""
    path = Settings().eval_path(*parts)
    if not path.exists():
        pytest.skip(f"development data not found at {path} (set NEWSGRAPH_EVAL_DATA; a user's clone has none)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """The bundled sample ingested into a fresh DuckDB file (once per session)."""
    from newsgraph.run.local import ingest

    db = str(tmp_path_factory.mktemp("store") / "sample.duckdb")
    summary = ingest([str(EXAMPLES)], db=db)
    assert summary.new >= 1 and summary.failed == 0
    return db
