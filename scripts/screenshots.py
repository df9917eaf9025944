"""Screenshots of every UI view for docs/ui.md, taken in Debian's Chromium via Playwright.

    .venv/bin/python scripts/screenshots.py [--db STORE] [--out docs/screenshots]

Without ``--db`` the bundled sample (examples/) is ingested into a temporary store first.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from newsgraph.api import background_server

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db:
            from newsgraph.run.local import ingest

            db = str(Path(tmp) / "sample.duckdb")
            ingest([str(ROOT / "examples")], db=db)
        with background_server(db) as url, sync_playwright() as p:
            import httpx

            doha = httpx.get(url + "/api/events", params={"type": "ASSAULT", "place": "Doha"}).json()["items"]
            event_id = doha[0]["id"] if doha else httpx.get(url + "/api/events").json()["items"][0]["id"]
            article_id = httpx.get(f"{url}/api/events/{event_id}").json()["mentions"][0]["article_id"]
            browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
            views = [
                ("timeline", "/timeline", "svg.timeline", 1280, True),
                ("timeline-filtered", "/timeline?type=ASSAULT", "svg.timeline", 1280, False),
                ("event", f"/events/{event_id}", ".evidence", 1280, True),
                ("network", "/network", "svg.network", 1280, False),
                ("map", "/map", "svg.map circle", 1280, False),
                ("claims", "/claims", ".card.claim", 1280, False),
                ("article", f"/articles/{article_id}#m-{event_id}", "#article-text", 1280, False),
                ("phone-timeline", "/timeline", "svg.timeline", 390, False),
                ("phone-event", f"/events/{event_id}", ".evidence", 390, True),
            ]
            for name, path, ready, width, full in views:
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
                page.goto(url + path)
                page.locator(ready).first.wait_for(state="attached")
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                page.close()
                print(f"{out / name}.png")
            browser.close()


if __name__ == "__main__":
    main()
