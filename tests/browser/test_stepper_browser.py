"""The stepper in a real browser: stepping without a round trip, keys, playback, reporting to the server.

Runs tests/browser/stepper_demo_app.py with `streamlit run` (cwd = the repository root, so .streamlit/config.toml
applies; tests/browser/static links to the repository's static/ because Streamlit serves static files from
beside the main script) and drives it with Debian's Chromium. What it asserts is behaviour; how fast a click
updates and how steady playback is are measured by benchmarks/bench_explorer_browser.py.
"""
from __future__ import annotations

import json

import pytest

from rnnviz.viz.diagram import diagram_values
from tests.browser.server import IDLE, streamlit_server
from tests.browser.stepper_demo_app import SERVER_STEP_TEXT, demo_trace

pytestmark = pytest.mark.browser
CHARTS_READY = ".rnnviz-stepper .rnnviz-figure .main-svg"


@pytest.fixture(scope="module")
def server():
    with streamlit_server("tests/browser/stepper_demo_app.py") as url:
        yield url


@pytest.fixture
def open_demo(server, browser):
    pages = []

    def _open(query: str = "", width: int = 1400):
        page = browser.new_page(viewport={"width": width, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/" + query)
        page.wait_for_selector(IDLE, timeout=30_000)
        page.wait_for_selector(CHARTS_READY, timeout=30_000)
        pages.append((page, errors))
        return page

    yield _open
    for page, errors in pages:
        assert page.locator('[data-testid="stException"]').count() == 0
        assert not errors, errors
        page.close()


def step_label(page) -> str:
    return page.inner_text(".rnnviz-step-label")


def bound_value(page, key: str):
    return json.loads(page.get_attribute(f'.rnnviz-stepper [data-key="{key}"]', "data-value"))


def wait_for_server_step(page, step: int) -> None:
    page.get_by_text(f"{SERVER_STEP_TEXT} {step}", exact=True).wait_for(timeout=10_000)


def markers_at_step(page) -> list:
    """Screen x of every chart's first step marker next to where its x axis puts the current step."""
    return page.evaluate("""() => {
      const st = document.querySelector('.rnnviz-stepper').__rnnvizState;
      return st.plots.map(p => {
        const ax = p.div._fullLayout.xaxis;
        const node = p.div.querySelector('.shapelayer path[data-index="0"]');
        const r = node.getBoundingClientRect(), svg = p.div.querySelector('.main-svg').getBoundingClientRect();
        return [r.left + r.width / 2 - svg.left, ax._offset + ax.l2p(st.step)];
      });
    }""")


def test_stepping_updates_diagram_and_charts_and_reaches_the_server(open_demo):
    expected = diagram_values(demo_trace("lstm"), unit=0)
    page = open_demo()
    assert step_label(page) == "step 1 of 12"
    built = page.evaluate("() => { const s = document.querySelector('.rnnviz-svg'); s.__mark = 1; return 1; }")

    for _ in range(3):
        page.click('button[aria-label="next"]')
    assert step_label(page) == "step 4 of 12"
    assert page.inner_text(".rnnviz-t") == "t = 3"
    for key in ("c", "h", "c_prev", "h_prev", "i", "f", "g", "o", "x"):
        assert bound_value(page, key) == expected[key][3], key
    for screen_x, axis_x in markers_at_step(page):
        assert screen_x == pytest.approx(axis_x, abs=1.5)

    page.keyboard.press("ArrowRight")
    assert step_label(page) == "step 5 of 12" and bound_value(page, "c") == expected["c"][4]
    page.keyboard.press("PageUp")  # lecture clickers send PageUp / PageDown
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert step_label(page) == "step 6 of 12"

    # A click updates the diagram in the page, with no server round trip (how fast: bench_explorer_browser.py).
    before = page.get_attribute('.rnnviz-stepper [data-key="c"]', "data-value")
    page.click('button[aria-label="next"]')
    page.wait_for_function("""before => document.querySelector('.rnnviz-stepper [data-key="c"]')
                                         .getAttribute('data-value') !== before""", arg=before)
    assert step_label(page) == "step 7 of 12"

    step = int(page.get_attribute(".rnnviz-step-label", "data-step"))
    wait_for_server_step(page, step)  # reported once, 300 ms after the last change
    page.wait_for_selector(IDLE)
    assert page.evaluate("() => document.querySelector('.rnnviz-svg').__mark") == built, "rerun rebuilt the DOM"
    assert step_label(page) == f"step {step + 1} of 12", "the rerun must not move the browser"


def test_keys_typed_into_inputs_do_not_step(open_demo):
    page = open_demo()
    page.keyboard.press("End")
    assert step_label(page) == "step 12 of 12"
    page.get_by_label("note").click()
    page.keyboard.type("hi ")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Home")
    assert step_label(page) == "step 12 of 12"
    page.locator(".rnnviz-diagram").click()  # back on the stepper: keys work again
    page.keyboard.press("Home")
    assert step_label(page) == "step 1 of 12"


def test_playback_shows_every_step_at_the_chosen_speed(open_demo):
    page = open_demo("?steps=80")
    page.select_option(".rnnviz-speed select", "10")
    page.click('button[data-action="play"]')
    assert page.get_attribute('button[data-action="play"]', "aria-label") == "pause"
    # 25 steps of playback, then pause (the rate itself is measured by bench_explorer_browser.py)
    page.wait_for_function("() => document.querySelector('.rnnviz-stepper').__rnnvizState.playLog.length >= 25",
                           timeout=30_000)
    page.keyboard.press(" ")
    log = page.evaluate("() => document.querySelector('.rnnviz-stepper').__rnnvizState.playLog")
    steps = [s for s, _ in log]
    assert len(steps) >= 25 and steps == list(range(steps[0], steps[0] + len(steps))), "no step skipped"
    final = int(page.get_attribute(".rnnviz-step-label", "data-step"))
    assert final == steps[-1]
    wait_for_server_step(page, final)  # reported once playback stopped, not during it


def test_the_server_can_place_the_step_and_presenter_mode_is_larger(open_demo):
    expected = diagram_values(demo_trace("lstm"), unit=0)
    normal = open_demo("?step=5")
    assert step_label(normal) == "step 6 of 12"
    assert bound_value(normal, "h") == expected["h"][5]
    normal_size = normal.evaluate("() => getComputedStyle(document.querySelector('.rnnviz-controls')).fontSize")

    presenter = open_demo("?presenter=1&step=2")
    size = presenter.evaluate("() => getComputedStyle(document.querySelector('.rnnviz-controls')).fontSize")
    assert float(size.rstrip("px")) > float(normal_size.rstrip("px"))
    presenter.keyboard.press("ArrowRight")
    assert step_label(presenter) == "step 4 of 12"
