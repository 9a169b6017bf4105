"""End to end in headless Chromium (Debian's /usr/bin/chromium) against a real uvicorn server on 127.0.0.1:
open an authority and read its timeline, search a phrase, sign in as a council user and update an action,
and check that user cannot reach another authority's draft (page and API). Screenshots go to
test-artifacts/screenshots/ for review."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_sample import PUBLIC_PAGES, SIGNED_IN_PAGES, page_paths

from conftest import LiveServer

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make system-deps installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_and_authority_timeline(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.base_url + "/")
    assert page.locator("h1").inner_text() == "Children's services inspections in England"
    # GOV.UK Frontend's CSS and JavaScript really loaded
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight") == "700"
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    shot(page, "home")
    page.fill("#home-authority", "Luton")
    page.click("form[role=search] button")
    page.wait_for_url("**/authorities/821")
    assert page.locator("h1").inner_text() == "Luton"
    assert page.locator("#latest-judgements tbody tr").count() >= 1  # the overview: latest judgements first
    shot(page, "authority-821")
    page.click("nav.app-subnav >> text=Judgement history")
    page.wait_for_url("**/authorities/821/judgements")
    assert page.locator("[aria-current=page]").inner_text() == "Judgement history"
    chart = page.locator("#timeline svg[role=img], svg.app-chart").first
    assert chart.get_attribute("aria-labelledby")
    rows = page.locator("#timeline-table tbody tr")
    assert rows.count() == 9
    assert "24 February 2012" in rows.nth(0).inner_text() and "Adequate" in rows.nth(0).inner_text()
    assert "Good" in rows.nth(8).inner_text() or "Requires improvement" in rows.nth(8).inner_text()
    assert page.locator("#timeline-table .app-needs-review").count() >= 1
    shot(page, "authority-821-judgements")


def test_inspection_page(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.base_url}/inspections/{live_server.db.ids['sif']}")
    assert "needs review" in page.locator(".govuk-warning-text").inner_text()
    assert page.locator("tr.app-needs-review").count() == 1
    shot(page, "inspection-sif")


def test_search_a_phrase(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.base_url + "/search")
    page.fill("#q", '"return home interviews"')
    page.click("button:has-text('Search')")
    page.wait_for_selector("#search-results li")
    heading = page.locator("#results-heading").inner_text()
    assert heading.startswith(("1 result", "2 results"))
    assert page.locator("#search-results mark").count() >= 1
    shot(page, "search")


def test_council_user_updates_action_and_cannot_reach_other_draft(page: Any, live_server: LiveServer) -> None:
    ids = live_server.db.ids
    base = live_server.base_url
    page.goto(base + "/sign-in")
    page.fill("#username", "luton.officer")
    page.fill("#password", "wrong password")
    page.click("button:has-text('Sign in')")
    assert page.locator(".govuk-error-summary").is_visible()
    shot(page, "sign-in-error")
    page.fill("#password", "correct horse battery staple")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(base + "/")
    assert "Sign out luton.officer" in page.content()

    page.goto(base + "/actions")
    page.wait_for_url("**/actions/821")
    shot(page, "action-board")
    page.click(f"a[href='/actions/821/{ids['action_821']}']")
    page.select_option("#status", "in_progress")
    page.fill("#note", "Return home interview service commissioned from a new provider")
    page.fill("#evidence", "Cabinet report, 12 May")
    page.click("button:has-text('Save update')")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert page.locator("#action-status").inner_text() == "In progress"
    assert "new provider" in page.locator("#updates").inner_text()
    shot(page, "action-updated")

    # another authority's draft: not in the pages…
    response = page.goto(f"{base}/assessments/{ids['draft_822']}")
    assert response.status == 404 and page.locator("h1").inner_text() == "Page not found"
    response = page.goto(f"{base}/actions/822")
    assert response.status == 404
    # …nor through the API with the same session
    api = page.request.get(f"{base}/api/v1/assessments/{ids['draft_822']}")
    assert api.status == 404
    own = page.request.get(f"{base}/api/v1/assessments/{ids['self_821']}")
    assert own.status == 200 and own.json()["la_code"] == "821" and own.json()["kind"] == "self_evaluation"
    # the inspectors' working draft of Luton's inspection is theirs alone
    assert page.request.get(f"{base}/api/v1/assessments/{ids['draft_821']}").status == 404
    listed = page.request.get(f"{base}/api/v1/assessments").json()["items"]
    assert all(a["la_code"] == "821" for a in listed)
    page.goto(f"{base}/assessments/{ids['self_821']}")
    shot(page, "assessment-workspace")


def test_data_page(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.base_url + "/data")
    assert page.locator("h1").inner_text() == "Data"
    shot(page, "data")


def test_whats_new_page_and_its_feed(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.base_url + "/news")
    assert page.locator("h1").inner_text() == "What's new"
    item = page.locator("ol.app-news li").first
    assert "Luton" in item.inner_text() and "Children's services inspection" in item.inner_text()
    page.select_option("#la", "821")
    page.click("button:has-text('Show')")
    assert "la=821" in page.url and "Luton" in page.locator("ol.app-news").inner_text()
    href = page.locator("a:has-text('Subscribe')").get_attribute("href")
    assert href == "/feed.atom?la=821"
    feed = page.request.get(live_server.base_url + href)
    assert feed.status == 200 and b"<feed" in feed.body() and b"Luton" in feed.body()
    shot(page, "whats-new")


def test_api_documentation_works_offline_under_the_content_security_policy(
    page: Any, live_server: LiveServer
) -> None:
    """Swagger UI from the package's own static files (no CDN), started by a static script: every endpoint is
    listed, and the browser reports no script or style the policy refused."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    external: list[str] = []
    page.on(
        "request", lambda r: external.append(r.url) if not r.url.startswith(live_server.base_url) else None
    )
    page.goto(live_server.base_url + "/api/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/authorities" in p for p in paths) and any("/api/v1/news" in p for p in paths)
    assert external == [] and [r for r in refused if "script" in r.lower()] == []
    shot(page, "api-docs")


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _axe_problems(page: Any, base: str, paths: list[str], width: int, prefix: str) -> list[tuple[Any, ...]]:
    """axe-core's critical and serious violations on each page, and (at phone width) sideways scrolling;
    a screenshot of each page is saved."""
    source = AXE.read_text(encoding="utf-8")
    problems: list[tuple[Any, ...]] = []
    for path in paths:
        page.goto(base + path)
        if path == "/api/docs":
            page.wait_for_selector(".opblock-summary-method")  # Swagger UI renders after loading
        page.evaluate(source)  # run through the DevTools protocol: the page's CSP does not apply
        result = page.evaluate("async () => (await axe.run(document)).violations")
        for v in result:
            if v["impact"] in ("critical", "serious") or v["id"] == "region":  # all content in landmarks
                problems.append((path, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]))
        if width < 500:
            wide = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if wide > 0:
                problems.append((path, "horizontal-scroll", f"{wide} px wider than the screen", []))
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-").replace("=", "-")
        shot(page, f"{prefix}{width}-{name or 'home'}")
    return problems


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_passes_axe_and_fits_the_width(
    browser: Any, live_server: LiveServer, width: int
) -> None:
    """axe-core (from the npm registry) on every public page type: no critical or serious violation; at phone
    width nothing scrolls sideways. Screenshots of each are saved for review."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed in node_modules (make assets runs npm ci)")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        paths = page_paths(PUBLIC_PAGES, live_server.db.ids)
        problems = _axe_problems(context.new_page(), live_server.base_url, paths, width, "")
    finally:
        context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_signed_in_page_types_pass_axe_and_fit_the_width(
    browser: Any, live_server: LiveServer, width: int
) -> None:
    """The pages behind sign-in (an administrator sees them all): action plans, assessments, users."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed in node_modules (make assets runs npm ci)")
    ids = live_server.db.ids
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server.base_url + "/sign-in")
        page.fill("#username", "admin1")
        page.fill("#password", "correct horse battery staple")
        page.click("button:has-text('Sign in')")
        page.wait_for_url(live_server.base_url + "/")
        paths = page_paths(SIGNED_IN_PAGES, ids)
        problems = _axe_problems(page, live_server.base_url, paths, width, "signed-in-")
    finally:
        context.close()
    assert problems == [], problems


def test_the_keyboard_path_through_an_authority(page: Any, live_server: LiveServer) -> None:
    """Keyboard only: the skip link comes first and leads to the content; the sub-navigation is reached with Tab
    and followed with Enter; focus is always visible (GOV.UK's yellow focus state)."""
    base = live_server.base_url
    page.goto(base + "/authorities/821")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(60):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent.trim()")
        if text == "Performance profile":
            break
    else:
        raise AssertionError("the sub-navigation's 'Performance profile' is not reachable with Tab")
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert background == "rgb(255, 221, 0)"  # the focus state is visible
    page.keyboard.press("Enter")
    page.wait_for_url("**/authorities/821/profile")
    assert (
        page.evaluate("document.querySelector('[aria-current=page]').textContent.trim()")
        == "Performance profile"
    )
