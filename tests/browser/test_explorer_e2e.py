"""The explorer as a person uses it: build, step three times, share the link, see the same thing."""
import re

import pytest

from rnnviz import ModelSpec, Network
from rnnviz.data.sequences import generate
from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser


def diagram_value(page, key: str) -> float:
    return float(page.locator(f'.rnnviz-value[data-key="{key}"]').first.get_attribute("data-value"))


def shown_step(page) -> int:
    """The time index t the stepper shows (0-based, as in torch and in the equations)."""
    return int(re.search(r"\d+", page.locator(".rnnviz-t").first.inner_text()).group())


def test_navigation_lists_every_page_once(page, app_url):
    page.goto(app_url)
    wait_idle(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    names = [links.nth(k).inner_text().strip().split("\n")[-1] for k in range(links.count())]  # after the icon
    assert names == ["Home", "Build", "Step through", "Lessons", "Train", "Interpret", "Import / Export"]
    assert_no_exception(page)


def test_build_step_share(page, browser, app_url):
    page.goto(app_url + "/build")
    wait_idle(page)
    hidden = page.get_by_label("hidden_size")
    hidden.fill("3")
    hidden.press("Enter")
    wait_idle(page)
    assert "hid=3" in page.url

    page.locator('[data-testid="stSidebarNav"] a', has_text="Step through").click()  # a real navigation, same session
    wait_idle(page)
    page.wait_for_selector(".rnnviz-step-label")
    assert shown_step(page) == 0
    for _ in range(3):
        page.get_by_role("button", name="next step").click()
    assert shown_step(page) == 3

    trace = Network(ModelSpec("lstm", 1, 3), seed=0).trace(generate("sine", 24, 1))
    assert diagram_value(page, "c") == pytest.approx(trace["c"][0, 0, 0, 3, 0].item(), abs=1e-5)
    assert diagram_value(page, "h") == pytest.approx(trace["h"][0, 0, 0, 3, 0].item(), abs=1e-5)

    # The browser reports the step after a short pause; the server then writes it into the link.
    page.wait_for_function("() => window.location.search.includes('step=3')", timeout=15_000)
    wait_idle(page)
    assert_no_exception(page)
    shared = page.url

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        second = other.new_page()
        second.goto(shared)
        wait_idle(second)
        second.wait_for_selector(".rnnviz-step-label")
        assert shown_step(second) == 3
        assert diagram_value(second, "c") == pytest.approx(trace["c"][0, 0, 0, 3, 0].item(), abs=1e-5)
        # the equations (server side) followed the step too
        assert f"{trace['c'][0, 0, 0, 3, 0].item():.4g}"[:5] in second.locator('[data-testid="stMain"]').inner_text()
        assert_no_exception(second)
    finally:
        other.close()


def test_deep_link_on_a_fresh_server_has_no_page_not_found(browser):
    from tests.browser.server import streamlit_server
    with streamlit_server() as url:
        context = browser.new_context()
        try:
            fresh = context.new_page()
            fresh.goto(url + "/step_through?step=2")
            wait_idle(fresh)
            fresh.wait_for_selector(".rnnviz-t")
            assert fresh.locator('[role="dialog"]').count() == 0
            assert shown_step(fresh) == 2
            # app.py ran (not the legacy pages/ router): our navigation, in our order, once each
            links = fresh.locator('[data-testid="stSidebarNav"] a')
            names = [links.nth(k).inner_text().strip().split("\n")[-1] for k in range(links.count())]
            assert names == ["Home", "Build", "Step through", "Lessons", "Train", "Interpret", "Import / Export"]
            # and a second visitor, also by deep link, gets the same
            again = context.new_page()
            again.goto(url + "/build")
            wait_idle(again)
            assert again.locator('[data-testid="stSidebarNav"] a').count() == len(names)
        finally:
            context.close()


def test_bad_input_shows_message_and_keeps_view(page, app_url):
    page.goto(app_url + "/step_through?step=4")
    wait_idle(page)
    page.wait_for_selector(".rnnviz-step-label")
    box = page.get_by_label("Feed one more step x_t", exact=True)
    box.fill("not a number")
    page.get_by_role("button", name="Feed", exact=True).click()
    wait_idle(page)
    alert = page.locator('[data-testid="stAlert"]')
    assert "not a number" in alert.first.inner_text()
    assert shown_step(page) == 4
    assert_no_exception(page)
