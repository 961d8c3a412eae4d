"""A student closes the tab while training: the job stops within seconds and the session is released."""
from __future__ import annotations

import time

import pytest

from tests.browser.server import streamlit_server, wait_idle

pytestmark = pytest.mark.browser


def wait_for_line(path, text: str, timeout: float = 60.0) -> float:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and text in path.read_text():
            return time.time()
        time.sleep(0.25)
    raise AssertionError(f"no {text!r} in the janitor's log within {timeout:.0f} s: "
                         f"{path.read_text() if path.exists() else '(empty)'}")


def test_closing_the_tab_stops_training_and_releases_the_session(browser, tmp_path):
    log = tmp_path / "janitor.log"
    env = {"RNNVIZ_STOP_SECONDS": "2", "RNNVIZ_RELEASE_SECONDS": "4", "RNNVIZ_JANITOR_LOG": str(log)}
    with streamlit_server(env=env) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url + "/train")
        wait_idle(page)
        # A run long enough to outlast the tab: 5,000 epochs of a 256-unit network (minutes, not seconds).
        for key, value in (("tr_s_epochs", "5000"), ("tr_s_hidden", "256")):
            field = page.locator(f".st-key-{key} input")
            field.fill(value)
            field.press("Enter")
            wait_idle(page)
            page.wait_for_function(f"() => document.querySelector('.st-key-{key} input').value === '{value}'")
        page.locator(".st-key-tr_train button").first.click()
        page.wait_for_selector('[data-testid="stProgress"]', timeout=30_000)
        # Still training when the tab closes.
        assert page.locator(".st-key-tr_stop button").first.is_visible()
        closed = time.time()
        context.close()
        stopped = wait_for_line(log, "stopped the training of session")
        released = wait_for_line(log, "released session")
        assert stopped - closed < 30 and released - closed < 40
