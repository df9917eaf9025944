"""End-to-end: the real server on a free loopback port, Debian's Chromium driven by Playwright
(``executable_path``: no browser is ever downloaded). Each view is loaded, a filter is used,
and one click leads from a timeline dot, a network link or a map place to the evidence."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium; `python3 dev.py test` does it)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def base_url(sample_db: str):
    from newsgraph.api import background_server

    with background_server(sample_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records script errors and every request leaving the app."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.errors, pg.outside = [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: None if r.url.startswith(base_url) or r.url.startswith("data:") else pg.outside.append(r.url))
    yield pg
    assert not pg.errors, pg.errors
    assert not pg.outside, f"requests left the app: {pg.outside}"
    context.close()


@pytest.fixture(scope="module")
def doha_id(base_url) -> str:
    import httpx

    items = httpx.get(base_url + "/api/events", params={"type": "ASSAULT", "place": "Doha"}).json()["items"]
    assert len(items) == 1
    return items[0]["id"]


def expect_doha_evidence(page) -> None:
    page.wait_for_url("**/events/*")
    sentence = page.locator(".evidence").first
    sentence.wait_for()
    assert page.locator(".evidence mark.trigger").first.inner_text() == "strike"
    assert page.locator(".evidence mark.place").first.inner_text() == "Doha"
    assert "Hamas" in sentence.inner_text()
    assert page.locator("ul.articles a").count() >= 1


def test_timeline_click_leads_to_the_highlighted_sentence(page, base_url, doha_id):
    page.goto(base_url + "/timeline")
    dot = page.locator(f"svg.timeline circle.ev[data-id='{doha_id}']")
    dot.wait_for()
    assert dot.get_attribute("data-date") == "2025-09-09" and "Doha" in dot.get_attribute("aria-label")
    assert page.locator("svg.timeline circle.ev").count() == int(page.locator("#result-count").inner_text().split()[0])
    dot.click()
    expect_doha_evidence(page)


def test_timeline_filter_by_type(page, base_url):
    page.goto(base_url + "/timeline")
    page.locator("svg.timeline circle.ev").first.wait_for()
    before = page.locator("svg.timeline circle.ev").count()
    page.select_option("select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**type=ASSAULT**")
    page.wait_for_function(f"document.querySelectorAll('svg.timeline circle.ev').length < {before}")
    types = page.locator("svg.timeline circle.ev").evaluate_all("els => els.map(e => e.dataset.type)")
    assert types and set(types) == {"ASSAULT"}
    assert set(page.locator("table.events tbody tr .chip").all_inner_texts()) == {"ASSAULT"}
    assert "type=ASSAULT" in page.locator(".downloads a").first.get_attribute("href")


def test_network_edge_to_its_events(page, base_url, doha_id):
    page.goto(base_url + "/network")
    edge = page.locator("svg.network line.edge[data-source='ISR-MIL'][data-target='HAMAS']")
    edge.wait_for(state="attached")  # a horizontal line has no height: Playwright calls it hidden
    assert page.locator("svg.network circle.node[data-id='HAMAS']").count() == 1
    edge.dispatch_event("click")
    page.locator(f"#edge-detail a[href='/events/{doha_id}']").click()
    expect_doha_evidence(page)


def test_network_filter_by_date_range(page, base_url):
    page.goto(base_url + "/network")
    page.locator("svg.network line.edge").first.wait_for(state="attached")
    page.fill("input[name=since]", "2025-09-01")
    page.fill("input[name=until]", "2025-09-10")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**since=2025-09-01**")
    page.wait_for_function("document.querySelectorAll('svg.network line.edge').length > 0 && !document.querySelector(\"line.edge[data-source='TUR'][data-target='SYR-MIL']\")")
    pairs = page.locator("svg.network line.edge").evaluate_all("els => els.map(e => e.dataset.source + '>' + e.dataset.target)")
    assert "ISR-MIL>HAMAS" in pairs and "TUR>SYR-MIL" not in pairs


def test_map_place_to_its_evidence(page, base_url, doha_id):
    page.goto(base_url + "/map")
    doha = page.locator("svg.map circle.place[data-name='Doha']")
    doha.wait_for()
    assert page.locator("svg.map path.land").count() > 100  # the Natural Earth base map
    doha.click()
    page.locator(f"#place-detail a[href='/events/{doha_id}']").click()
    expect_doha_evidence(page)


def test_claims_board_filter_by_stance(page, base_url):
    page.goto(base_url + "/claims")
    page.locator(".card.claim").first.wait_for()
    assert page.locator(".stance.asserts").count() > 0
    page.select_option("select[name=stance]", "denies")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**stance=denies**")
    page.wait_for_function("document.querySelectorAll('.stance.asserts').length === 0")
    assert page.locator(".stance.denies").count() >= 1
    assert "Israel" in page.locator(".card.claim").first.inner_text()


def test_article_view_highlights_every_record(page, base_url, doha_id):
    import httpx

    article_id = httpx.get(f"{base_url}/api/events/{doha_id}").json()["mentions"][0]["article_id"]
    detail = httpx.get(f"{base_url}/api/articles/{article_id}").json()
    page.goto(f"{base_url}/articles/{article_id}")
    page.locator("#article-text").wait_for()
    # every event trigger is a highlighted link; quotes and claims are marked too
    triggers = page.locator("#article-text .hl-trigger a").evaluate_all("els => new Set(els.map(a => a.getAttribute('href'))).size")
    assert triggers == len({m["event_id"] for m in detail["events"]})
    assert page.locator("#article-text .hl-quote").count() >= len(detail["quotes"])
    assert page.locator("#article-text .hl-claim").count() >= len(detail["claims"])
    assert page.locator("#article-text").inner_text().strip() == detail["text"].strip()
    page.locator(f"#article-text .hl-trigger a[href='/events/{doha_id}']").first.click()
    expect_doha_evidence(page)


def test_article_text_is_escaped(browser, tmp_path):
    """Markup in an article is shown as text: no element, no script runs."""
    from newsgraph.api import background_server
    from newsgraph.run.local import ingest

    source = tmp_path / "evil.txt"
    source.write_text("Rebels <b>attacked</b> the <img src=x onerror=\"window.__pwned=1\"> base in Mosul on Monday.\n\n"
                      "Officials said <script>window.__pwned=2</script> the army would respond.\n", encoding="utf-8")
    db = str(tmp_path / "evil.duckdb")
    assert ingest([str(source)], db=db, published=__import__("datetime").date(2025, 3, 3)).new == 1
    with background_server(db) as url:
        pg = browser.new_page()
        article_id = __import__("httpx").get(url + "/api/articles").json()["items"][0]["id"]
        pg.goto(f"{url}/articles/{article_id}")
        text = pg.locator("#article-text")
        text.wait_for()
        assert "<img src=x" in text.inner_text() and "<script>" in text.inner_text()
        assert pg.locator("#article-text img, #article-text script, #article-text b").count() == 0
        assert pg.evaluate("window.__pwned") is None
        pg.goto(f"{url}/timeline")
        pg.locator("#view h1").wait_for()
        assert pg.evaluate("window.__pwned") is None
        pg.close()


def test_pages_fit_a_phone_width(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    for path, ready in (("/timeline", "table.events"), ("/network", "svg.network"), ("/map", "svg.map"), ("/claims", ".card.claim")):
        pg.goto(base_url + path)
        pg.locator(ready).first.wait_for()
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"{path} is {width}px wide on a 390px screen"
    context.close()


def test_ingest_page_says_it_is_off(page, base_url):
    page.goto(base_url + "/ingest")
    assert "off" in page.locator("#ingest-off").inner_text()


def test_ingest_page_runs_a_job_with_visible_progress(browser, sample_db, tmp_path):
    from newsgraph.api import background_server

    db = str(tmp_path / "ingest.duckdb")
    shutil.copy(sample_db, db)
    with background_server(db, allow_ingest=True, token="t0ken") as url:
        pg = browser.new_page()
        pg.goto(url + "/ingest")
        form = pg.locator("main form")
        form.wait_for()
        pg.fill("input[name=token]", "wrong")
        pg.fill("input[name=date]", "2025-04-01")
        pg.fill("main textarea[name=text]", "Farmers protested in Lyon on Tuesday against the new tax.")
        pg.click("main form button[type=submit]")
        pg.locator("#ingest-status .error").wait_for()
        assert "token" in pg.locator("#ingest-status").inner_text()
        pg.fill("input[name=token]", "t0ken")
        pg.click("main form button[type=submit]")
        pg.wait_for_function("document.querySelector('#ingest-status b') && document.querySelector('#ingest-status b').textContent === 'done'", timeout=60_000)
        assert "new 1" in pg.locator("#ingest-status").inner_text()
        pg.goto(url + "/articles?q=Lyon")
        assert pg.locator("main .panel a").first.inner_text()
        pg.close()
