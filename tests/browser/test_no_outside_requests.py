"""Nothing leaves the machine: on a closed lecture-hall network every page works with no host but the app's own.

Every request the browser makes (documents, scripts, fonts, icons, images, websockets) is checked; one to
any other host is refused and recorded. The test walks every page through the app's own navigation, opens
lessons with equations and charts, and does it all again in presenter mode.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PAGES = ["Home", "Build", "Step through", "Lessons", "Train", "Interpret", "Import / Export"]
# Lesson 5 (diagram, equations, tables) and lesson 12 (Plotly charts with formulas in their titles).
LESSONS = {"memory-cell": "5 · A hand-wired LSTM memory cell", "gradients": "12 · Why gradients vanish and explode"}


def _is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname not in LOCAL_HOSTS


def _go(page, title: str) -> None:
    # The sidebar's navigation link; in presenter mode the sidebar is hidden, so the click is dispatched to it.
    link = page.locator('[data-testid="stSidebarNav"] a', has_text=title).first
    link.dispatch_event("click")
    page.wait_for_function("t => document.querySelector('[data-testid=\"stSidebarNav\"] a[aria-current=\"page\"]')"
                           "?.textContent.includes(t)", arg=title)
    wait_idle(page)
    assert_no_exception(page)


def _open_lesson(page, lesson: str) -> None:
    page.locator(".st-key-l_pick input").click()
    page.get_by_role("option", name=LESSONS[lesson], exact=True).click()
    page.wait_for_function("id => new URLSearchParams(location.search).get('lesson') === id", arg=lesson)
    wait_idle(page)
    assert_no_exception(page)


def test_no_request_leaves_the_machine_on_any_page(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        if _is_outside(route.request.url):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("websocket", lambda ws: outside.append(ws.url) if _is_outside(ws.url) else None)
    visited = []
    try:
        page.goto(app_url)
        wait_idle(page)
        for presenter in (False, True):
            if presenter:
                page.locator('[data-testid="stSidebar"]').get_by_text("Presenter mode", exact=True).click()
                page.locator(".st-key-exit_present button").first.wait_for()
                wait_idle(page)
            for title in PAGES:
                _go(page, title)
                visited.append((presenter, title))
                if title == "Lessons":
                    for lesson in LESSONS:
                        _open_lesson(page, lesson)
                        page.wait_for_timeout(500)  # charts and equations finish loading their assets
                        visited.append((presenter, lesson))
            page.wait_for_timeout(500)
        assert len(visited) == 2 * (len(PAGES) + len(LESSONS))
        icon = page.locator('link[rel~="icon"]').first.get_attribute("href")
        assert icon and not _is_outside(page.url.rsplit("/", 1)[0] + "/" + icon if icon.startswith(".") else icon)
        assert outside == []
    finally:
        context.close()
