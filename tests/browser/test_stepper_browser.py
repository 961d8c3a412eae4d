"""The stepper in a real browser: stepping without a round trip, keys, playback, reporting to the server.

Runs tests/browser/stepper_demo_app.py with `streamlit run` (cwd = the repository root, so .streamlit/config.toml
applies; tests/browser/static links to the repository's static/ because Streamlit serves static files from
beside the main script) and drives it with Debian's Chromium. Timings are printed (pytest -s) and
written to /tmp/stepper_metrics.json; only loose sanity bounds are asserted.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from rnnviz.viz.diagram import diagram_values
from tests.browser.server import IDLE, streamlit_server
from tests.browser.stepper_demo_app import SERVER_STEP_TEXT, demo_trace

pytestmark = pytest.mark.browser
CHARTS_READY = ".rnnviz-stepper .rnnviz-figure .main-svg"
METRICS: dict = {}


@pytest.fixture(scope="module")
def server():
    with streamlit_server("tests/browser/stepper_demo_app.py") as url:
        yield url
    Path("/tmp/stepper_metrics.json").write_text(json.dumps(METRICS, indent=2))


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

    # click -> diagram updated: in the page (synchronous update, then the next painted frame) ...
    in_page = page.evaluate("""async () => {
      const st = document.querySelector('.rnnviz-stepper').__rnnvizState;
      const out = [];
      for (let k = 0; k < 5; k++) {
        const btn = st.root.querySelector(k % 2 ? 'button[data-action="previous"]' : 'button[data-action="next"]');
        const t0 = performance.now();
        btn.click();
        const sync = performance.now() - t0;
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        out.push([sync, performance.now() - t0]);
      }
      return out;
    }""")
    # ... and as Playwright sees it: click to the new value in the DOM
    before = page.get_attribute('.rnnviz-stepper [data-key="c"]', "data-value")
    t0 = time.perf_counter()
    page.click('button[aria-label="next"]')
    page.wait_for_function("""before => document.querySelector('.rnnviz-stepper [data-key="c"]')
                                         .getAttribute('data-value') !== before""", arg=before)
    round_trip_ms = (time.perf_counter() - t0) * 1000
    METRICS["click_to_update_ms"] = {"update_sync_max": max(s for s, _ in in_page),
                                     "to_painted_frame_max": max(f for _, f in in_page),
                                     "playwright_click_to_dom": round_trip_ms,
                                     "update_ms_attribute": float(page.get_attribute(".rnnviz-stepper",
                                                                                     "data-update-ms"))}
    print("click to update:", METRICS["click_to_update_ms"])
    assert round_trip_ms < 1000 and max(s for s, _ in in_page) < 100

    step = int(page.get_attribute(".rnnviz-step-label", "data-step"))
    wait_for_server_step(page, step)  # reported once, 300 ms after the last change
    page.wait_for_selector(IDLE)
    assert page.evaluate("() => document.querySelector('.rnnviz-svg').__mark") == built, "rerun rebuilt the DOM"
    assert step_label(page) == f"step {step + 1} of 12", "the rerun must not move the browser"
    page.screenshot(path="/tmp/stepper_light.png")


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
    time.sleep(2.5)
    page.keyboard.press(" ")
    log = page.evaluate("() => document.querySelector('.rnnviz-stepper').__rnnvizState.playLog")
    steps = [s for s, _ in log]
    times = [t for _, t in log]
    rate = (len(steps) - 1) / ((times[-1] - times[0]) / 1000)
    gaps = [b - a for a, b in zip(times, times[1:])]
    METRICS["playback_10_per_s"] = {"steps": len(steps) - 1, "rate": rate, "gap_ms_min": min(gaps),
                                    "gap_ms_max": max(gaps)}
    print("playback at 10 steps/s:", METRICS["playback_10_per_s"])
    assert steps == list(range(steps[0], steps[0] + len(steps))), "no step skipped"
    assert 9 < rate < 11
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
    presenter.wait_for_timeout(300)
    presenter.screenshot(path="/tmp/stepper_presenter.png")
