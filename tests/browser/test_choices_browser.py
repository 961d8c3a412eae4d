"""Instant choices on Step through, in a real browser: layer, direction, unit and the charts' units are chosen
inside the stepper, the diagram shows the torch trace's numbers for that choice before any script run, and
the server hears it afterwards (the URL and the equations follow)."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from rnnviz import Network
from rnnviz.ui.state import from_query
from rnnviz.viz.equations import equations
from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser
QUERY = "cell=lstm&in=1&hid=4&layers=2&bi=1&len=12"
CHARTS_READY = ".rnnviz-stepper .rnnviz-figure .main-svg"


def torch_network():
    view, problems = from_query(parse_qs(QUERY))
    assert not problems
    net = Network(view.spec, seed=view.seed)
    return net, net.trace(view.sequence.array(view.spec.input_size))


def torch_trace():
    return torch_network()[1]


def bound(page, key: str):
    return json.loads(page.get_attribute(f'.rnnviz-stepper .rnnviz-diagram [data-key="{key}"]', "data-value"))


# Record, in the page, every change of the stepper's data-update-ms and every start of a script run, in order.
WATCH_JS = """() => {
  const log = window.__choiceLog = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => log.push('run:' + app.getAttribute('data-test-script-state')))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  const root = document.querySelector('.rnnviz-stepper');
  new MutationObserver(() => log.push('choice:' + root.getAttribute('data-choice')))
    .observe(root, {attributes: true, attributeFilter: ['data-choice']});
}"""


def shown_equations(page) -> list[str]:
    return json.loads(page.get_attribute(".rnnviz-stepper .rnnviz-equations", "data-tex"))


def test_choosing_in_the_stepper_is_instant_and_reaches_the_server(app_url, page):
    net, trace = torch_network()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if "katex" in r.url and not r.url.startswith(app_url) else None)
    page.goto(f"{app_url}/step_through?{QUERY}")
    wait_idle(page)
    page.wait_for_selector(CHARTS_READY, timeout=60_000)
    assert_no_exception(page)
    # The Streamlit widgets are gone: the stepper chooses.
    assert page.get_by_label("unit (diagram, equations)").count() == 1  # the stepper's own select
    assert page.locator('.rnnviz-choice select[aria-label="layer"]').count() == 1
    for _ in range(3):
        page.click('.rnnviz-stepper button[data-action="next"]')
    page.wait_for_function("() => location.search.includes('step=3')", timeout=10_000)  # the step's report
    wait_idle(page)
    page.evaluate(WATCH_JS)

    page.select_option('.rnnviz-choice select[aria-label="layer"]', "1")
    page.select_option('.rnnviz-choice select[aria-label="direction"]', "1")
    page.select_option('.rnnviz-choice select[aria-label^="unit"]', "2")
    log = page.evaluate("() => window.__choiceLog.slice()")
    assert log and log[0].startswith("choice:"), f"the diagram changed before any script run: {log}"
    # The diagram now shows layer 1, reverse, unit 2 at t = 3, as torch computed it.
    assert bound(page, "c") == pytest.approx(float(trace["c"][1, 1, 0, 3, 2]), abs=1e-4)
    assert bound(page, "h") == pytest.approx(float(trace["h"][1, 1, 0, 3, 2]), abs=1e-4)
    assert bound(page, "f") == pytest.approx(float(trace["f"][1, 1, 0, 3, 2]), abs=1e-4)
    assert bound(page, "c_prev") == pytest.approx(float(trace["c"][1, 1, 0, 4, 2]), abs=1e-4)  # reverse: t+1
    x = bound(page, "x")  # layer 1 reads layer 0's h, forward then reverse
    assert x[0] == pytest.approx(float(trace["h"][0, 0, 0, 3, 0]), abs=1e-4)
    assert page.locator(".rnnviz-diagram text", has_text="c(t+1)").count() == 1
    # The equations are that unit's at that step, exactly as equations.py writes them, drawn by KaTeX.
    expected = equations(trace, net.state_dict(), t=3, unit=2, layer=1, direction=1)
    assert shown_equations(page) == expected
    page.wait_for_function(f"() => document.querySelectorAll('.rnnviz-equations .katex-display').length === "
                           f"{len(expected)}")
    assert page.inner_text(".rnnviz-equations-title") == "The arithmetic of unit 2 at step 3"
    page.keyboard.press("ArrowRight")  # and follow the step
    assert shown_equations(page) == equations(trace, net.state_dict(), t=4, unit=2, layer=1, direction=1)
    page.keyboard.press("ArrowLeft")

    # The charts' units: a chip takes unit 3's lines away; the others are layer 1 reverse's, from the same numbers.
    page.click(".rnnviz-units summary")
    page.click('.rnnviz-chip[data-unit="3"]')
    page.wait_for_function("""() => JSON.stringify(JSON.parse(document.querySelector('.rnnviz-stepper')
                              .getAttribute('data-charts') || '{}').units) === '[0,1,2]'""")
    names = page.evaluate("""() => document.querySelector('.rnnviz-stepper').__rnnvizState.plots[0].div.data
                              .map(d => d.name)""")
    assert sorted(set(names)) == ["unit 0", "unit 1", "unit 2"] and len(names) == 18  # 6 rows: i f g o c h
    lines = page.evaluate("""() => document.querySelector('.rnnviz-stepper').__rnnvizState.plots[0].div.data
                              .filter(d => d.name === 'unit 2').map(d => Array.from(d.y))""")
    assert lines[4] == pytest.approx(trace["c"][1, 1, 0, :, 2].tolist(), abs=1e-4)

    # The server hears it: URL and equations follow, and the browser keeps its choice.
    page.wait_for_function("() => location.search.includes('unit=2')", timeout=10_000)
    wait_idle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["layer"] == ["1"] and query["direction"] == ["1"] and query["unit"] == ["2"]
    assert query["units"] == ["0.1.2"]
    assert page.inner_text(".rnnviz-equations-title") == "The arithmetic of unit 2 at step 3"
    assert page.locator(".katex-display").count() == page.locator(".rnnviz-stepper .katex-display").count(), \
        "the server no longer renders the equations a second time"
    assert not outside, outside  # KaTeX comes from the app itself
    assert page.get_attribute(".rnnviz-stepper", "data-choice") == json.dumps(
        {"layer": 1, "direction": 1, "unit": 2, "units": [0, 1, 2]}, separators=(",", ":"))
    assert bound(page, "c") == pytest.approx(float(trace["c"][1, 1, 0, 3, 2]), abs=1e-4)
    assert_no_exception(page)


def test_a_link_sets_the_stepper_choice(app_url, page):
    trace = torch_trace()
    page.goto(f"{app_url}/step_through?{QUERY}&layer=1&unit=3&step=5")
    wait_idle(page)
    page.wait_for_selector(CHARTS_READY, timeout=60_000)
    assert page.locator('.rnnviz-choice select[aria-label="layer"]').input_value() == "1"
    assert page.locator('.rnnviz-choice select[aria-label^="unit"]').input_value() == "3"
    assert bound(page, "c") == pytest.approx(float(trace["c"][1, 0, 0, 5, 3]), abs=1e-4)
