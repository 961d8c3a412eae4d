"""rnnviz.widget in a real JupyterLab: the example notebook (examples/rnnviz_widget.ipynb) run cell by cell in
headless Chromium draws the stepper, steps in the browser (a click, a key) and the kernel reads the step, and a
step set from Python moves the browser. Nothing is fetched from any other host.

JupyterLab runs on a free port with every Jupyter folder in a temp dir (tests/browser/jupyter.py). The test talks
to the notebook's own kernel through its connection file (jupyter_client), as a second client beside the page."""
from __future__ import annotations

import shutil
import time

import pytest

from tests.browser.jupyter import jupyter_lab
from tests.browser.server import REPO

pytestmark = pytest.mark.browser
NOTEBOOK = "rnnviz_widget.ipynb"
STEPPER = ".rnnviz-widget .rnnviz-stepper[data-step]"
SET_IN_NOTEBOOK = 5  # the example's `w.step = 5`
NUM_STEPS = 24
# The id of the notebook's kernel once it is connected and idle.
KERNEL_READY = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return kernel && kernel.status === "idle" && kernel.connectionStatus === "connected" ? kernel.id : null;
}"""
# The classic notebook's require.js puts an AMD `define` on the page; a UMD bundle (KaTeX) then registers with it
# instead of setting window.katex. Defined once JupyterLab has loaded (its own extensions break under it).
AMD_LOADER = "() => { window.define = () => { window.amdCalls = (window.amdCalls || 0) + 1; }; define.amd = {}; }"

# A new last cell with `code`, run (not awaited: the test waits for what it draws).
NEW_CELL = """(code) => {
  const app = window.jupyterapp, notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  app.commands.execute("notebook:insert-cell-below").then(() => {
    notebook.activeCell.model.sharedModel.setSource(code);
    app.commands.execute("notebook:run-cell");
  });
}"""


@pytest.fixture(scope="module")
def notebook(browser, tmp_path_factory):
    """The example notebook open in JupyterLab with every cell run; a client of its kernel; the requests the page
    made to other hosts (refused) and its uncaught errors."""
    from jupyter_client import BlockingKernelClient

    with jupyter_lab(tmp_path_factory.mktemp("jupyter")) as lab:
        shutil.copy(REPO / "examples" / NOTEBOOK, lab.root / NOTEBOOK)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        outside: list[str] = []

        def only_jupyterlab(route):
            if route.request.url.startswith(lab.url + "/"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_jupyterlab)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(lab.lab_url(NOTEBOOK))
        kernel_id = page.wait_for_function(KERNEL_READY, timeout=60_000).json_value()
        page.evaluate(AMD_LOADER)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        client = BlockingKernelClient(connection_file=str(lab.connection_file(kernel_id)))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=30)
            page.wait_for_selector(STEPPER, timeout=60_000)
            yield page, client, outside, errors
        finally:
            client.stop_channels()
            context.close()


def step_of(page) -> int:
    """The step of the example's widget (the first)."""
    return int(page.get_attribute(".rnnviz-widget .rnnviz-stepper >> nth=0", "data-step"))


def diagram_value(page, key: str) -> float:
    return float(page.get_attribute(f'.rnnviz-widget .rnnviz-diagram [data-key="{key}"]', "data-value"))


def kernel_eval(client, expression: str) -> str:
    """repr(expression) in the notebook's kernel, asked beside the page (no cell, no history)."""
    reply = client.execute_interactive("", silent=True, user_expressions={"value": expression}, timeout=30)
    value = reply["content"]["user_expressions"]["value"]
    assert value["status"] == "ok", value
    return value["data"]["text/plain"]


def kernel_run(client, code: str) -> dict:
    return client.execute_interactive(code, silent=True, timeout=30, output_hook=lambda msg: None)["content"]


def kernel_step(client, expected: int, timeout: float = 15.0) -> int:
    """w.step once it is `expected` (the browser reports 300 ms after the last step), or what it is at the end."""
    deadline = time.monotonic() + timeout
    while True:
        step = int(kernel_eval(client, "w.step"))
        if step == expected or time.monotonic() > deadline:
            return step
        time.sleep(0.2)


def test_the_example_draws_the_trace_at_the_step_python_set(notebook):
    page, client, _, _ = notebook
    page.wait_for_function(f"() => document.querySelector('{STEPPER}').dataset.step === '{SET_IN_NOTEBOOK}'")
    page.wait_for_selector(".rnnviz-widget .rnnviz-figure .main-svg", timeout=30_000)
    page.wait_for_selector(".rnnviz-widget .rnnviz-equations .katex", timeout=30_000)
    assert page.locator(".rnnviz-widget .rnnviz-figure").count() == 2  # the line charts and the heatmaps
    # the last cell printed where Python is
    page.wait_for_selector(f".jp-OutputArea-output:has-text('step {SET_IN_NOTEBOOK} of {NUM_STEPS}')")
    # the diagram shows the trace's numbers for the chosen unit (1) at that step
    c = float(kernel_eval(client, f"float(trace['c'][0, 0, 0, {SET_IN_NOTEBOOK}, 1])"))
    assert diagram_value(page, "c") == pytest.approx(c, abs=1e-6)
    # KaTeX ran as a plain script even with an AMD loader on the page: it set window.katex, called no define
    assert page.evaluate("() => [typeof window.katex, typeof window.Plotly, window.amdCalls || 0]") == \
        ["object", "object", 0]


def test_steps_in_the_browser_reach_the_kernel(notebook):
    page, client, _, _ = notebook
    start = step_of(page)
    page.click(".rnnviz-widget [data-action='next']")
    assert step_of(page) == start + 1
    # the click gave the stepper the focus, so the keys are its own
    assert page.evaluate("() => document.activeElement.classList.contains('rnnviz-stepper')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert step_of(page) == start + 3
    assert kernel_step(client, start + 3) == start + 3
    page.keyboard.press("Home")
    assert kernel_step(client, 0) == 0


def test_the_notebook_keeps_its_keys_while_the_focus_is_elsewhere(notebook):
    page, client, _, _ = notebook
    start = step_of(page)
    page.click(".jp-MarkdownCell >> nth=0")  # the notebook's own focus: a cell in command mode
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert step_of(page) == start
    page.click(".rnnviz-widget .rnnviz-diagram")
    page.keyboard.press("End")
    assert step_of(page) == NUM_STEPS - 1


def test_python_sets_the_step_and_the_browser_follows(notebook):
    page, client, _, _ = notebook
    assert kernel_run(client, "w.step = 17")["status"] == "ok"
    page.wait_for_function(f"() => document.querySelector('{STEPPER}').dataset.step === '17'")
    c = float(kernel_eval(client, "float(trace['c'][0, 0, 0, 17, 1])"))
    assert diagram_value(page, "c") == pytest.approx(c, abs=1e-6)
    refused = kernel_run(client, f"w.step = {NUM_STEPS}")
    assert (refused["status"], refused["ename"], refused["evalue"]) == \
        ("error", "TraitError", f"step must be a whole number from 0 to {NUM_STEPS - 1}, got {NUM_STEPS}")
    assert kernel_eval(client, "w.step") == "17"
    assert step_of(page) == 17


def test_a_presenter_widget_keeps_its_charts_heights_and_the_keys_go_to_the_focused_one(notebook):
    """Presenter sizes, but nothing fitted to the screen: a notebook's output area grows with its content, and a
    chart fitted to it grew with every fit (to 4,676 px here)."""
    page, _, _, _ = notebook
    page.evaluate(NEW_CELL, "rnnviz.widget(trace, presenter=True, step=3)")
    presenter = page.locator(".rnnviz-widget .rnnviz-stepper.rnnviz-presenter")
    presenter.locator(".rnnviz-figure .main-svg >> nth=0").wait_for(timeout=30_000)
    chart = presenter.locator(".rnnviz-figure >> nth=0")
    height = chart.evaluate("(div) => [div.getBoundingClientRect().height, div.layout.height]")
    assert height[0] == pytest.approx(height[1], abs=1) and 300 < height[1] < 1000
    first = step_of(page)
    presenter.locator(".rnnviz-diagram").click()
    page.keyboard.press("ArrowLeft")
    assert (step_of(page), presenter.get_attribute("data-step")) == (first, "2")


def test_nothing_was_fetched_from_another_host_and_nothing_failed(notebook):
    page, _, outside, errors = notebook
    assert page.locator(".rnnviz-widget .rnnviz-stepper[data-step]").count() == 2
    assert outside == []
    assert errors == []
