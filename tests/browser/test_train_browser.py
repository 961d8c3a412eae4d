"""The Train page in a real browser, with two sessions: what one trains the other does not see; Stop keeps
the weights so far; a trained run opens in Step through.

Session A is one browser context kept for the whole module (the tests run in order and build on each
other's runs; each makes sure of what it needs first), session B a second context.
"""
from __future__ import annotations

import re

import pytest
import torch

from rnnviz.learn.tasks import make_task
from rnnviz.learn.train import TrainConfig, train
from rnnviz.model.network import Network
from tests.browser.server import assert_no_exception, table_rows, wait_idle

pytestmark = pytest.mark.browser

RESULTS = "Runs on this task"
STOPPED = "stopped (weights so far kept)"


@pytest.fixture(scope="module")
def a(browser, app_url):
    """Session A: one context (so one Streamlit session) for the whole module."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_url + "/train")
    wait_idle(page, 60_000)
    yield page
    context.close()


def nav(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=name).click()  # same session, as a person clicks
    wait_idle(page, 60_000)


def wait_for_runs(page, count: int, timeout: float = 45_000) -> list[dict]:
    """Wait until the table lists `count` runs (the live part reruns the page when a job ends)."""
    page.get_by_text(RESULTS, exact=True).wait_for(timeout=timeout)
    page.wait_for_function(f"""() => {{ const d = document.querySelector('[data-testid="stDataFrame"]');
        return d && d.querySelectorAll('tr [role="gridcell"]:first-child').length >= {count}; }}""", timeout=timeout)
    wait_idle(page)
    return table_rows(page)


def set_number(page, key: str, value: int) -> None:
    """Type into the number input with this widget key and press Enter; once more if a rerun that was still
    under way drew the widget again over the typed value."""
    box = page.locator(f".st-key-{key} input")
    for _ in range(2):
        box.fill(str(value))
        box.press("Enter")
        wait_idle(page)
        if box.input_value() == str(value):
            return
    assert box.input_value() == str(value)


def choose(page, key: str, option: str) -> None:
    """Choose an option of the selectbox with this widget key (if it is not chosen already)."""
    box = page.locator(f".st-key-{key}")
    if box.locator("input").input_value() == option:
        return
    box.locator("input").click()
    page.keyboard.type(option)  # typing filters the list to the option; Enter picks it
    page.get_by_role("option", name=option, exact=True).wait_for()
    page.keyboard.press("Enter")
    wait_idle(page)
    assert box.locator("input").input_value() == option


def train_default(page) -> list[dict]:
    """Press Train with the page's defaults (the poem: Elman RNN 12, 100 epochs, ~1-2 s); the runs after it."""
    before = len(table_rows(page)) if page.get_by_text(RESULTS, exact=True).count() else 0
    page.locator(".st-key-tr_train button").click()
    return wait_for_runs(page, before + 1)


def test_two_sessions_see_only_their_own_runs(a, browser, app_url):
    rows = train_default(a)
    assert rows[-1]["status"] == "done" and rows[-1]["epochs"] == "100", rows
    assert rows[-1]["Run"].startswith("#1 Elman RNN 12")
    assert_no_exception(a)

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        b = other.new_page()
        b.goto(app_url + "/train")
        wait_idle(b, 60_000)
        assert b.get_by_text(RESULTS, exact=True).count() == 0
        assert b.get_by_text("Press Train: the curves appear").count() == 1
        nav(b, "Interpret")
        assert b.get_by_text("Nothing trained in this session yet").count() == 1
        assert_no_exception(b)
    finally:
        other.close()

    nav(a, "Interpret")
    assert a.get_by_text("Nothing trained in this session yet").count() == 0
    assert a.locator(".st-key-in_run input").input_value().startswith(rows[-1]["Run"])  # the run picker
    assert_no_exception(a)


def test_stop_keeps_the_weights_so_far(a):
    nav(a, "Train")
    before = len(table_rows(a)) if a.get_by_text(RESULTS, exact=True).count() else 0
    set_number(a, "tr_s_epochs", 5000)
    a.locator(".st-key-tr_train button").click()
    progress = a.locator('[data-testid="stProgress"]')
    # the live part redraws twice a second: wait for a few epochs, then Stop
    try:
        a.wait_for_function("""() => { const p = document.querySelector('[data-testid="stProgress"]');
            const m = p && p.innerText.match(/epoch (\\d+) of 5000/); return m && +m[1] >= 5; }""", timeout=30_000)
    except Exception:
        pytest.fail(f"no live progress past epoch 5 of 5000 within 30 s; the page shows "
                    f"{a.locator('[data-testid=stMain]').inner_text()[-600:]!r}")
    assert "of 5000" in progress.first.inner_text()
    a.locator(".st-key-tr_stop button").click()
    rows = wait_for_runs(a, before + 1)
    run = rows[-1]
    assert run["status"] == STOPPED, rows
    assert 5 <= int(run["epochs"]) < 5000
    assert a.locator('[data-testid="stProgress"]').count() == 0  # the live part is gone
    assert_no_exception(a)


def test_open_in_step_through_shows_the_trained_network(a):
    nav(a, "Train")
    if not a.get_by_text(RESULTS, exact=True).count():
        train_default(a)
    rows = table_rows(a)
    first = next(r for r in rows if r["status"] == "done" and r["epochs"] == "100")
    # the first run: the poem's defaults, trained in the app; choose it and open example 0
    choose(a, "tr_open_run", first["Run"])
    a.locator(".st-key-tr_open_step button").click()
    a.wait_for_url(re.compile(r"/step_through"), timeout=30_000)
    wait_idle(a, 60_000)
    a.wait_for_selector('.rnnviz-value[data-key="h"][data-value]', timeout=30_000)
    assert_no_exception(a)
    assert a.get_by_text("The model cannot read this sequence").count() == 0
    assert "hid=12" in a.url and "cell=rnn" in a.url

    # the diagram shows unit 0 at step 0 of the trained network, not a fresh one with the same seed
    task = make_task("text")
    spec = task.spec(cell="rnn", hidden_size=12)
    x = task.example(0)
    shown = float(a.locator('.rnnviz-value[data-key="h"]').first.get_attribute("data-value"))
    fresh = Network(spec, seed=0)
    untrained = fresh.trace(x)["h"][0, 0, 0, 0, 0].item()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the app trains
    try:
        train(fresh, task.x, task.y, TrainConfig(loss=task.loss, optimizer="adam", lr=0.01, epochs=100, seed=0),
              mask=task.mask)
    finally:
        torch.set_num_threads(threads)
    trained = fresh.trace(x)["h"][0, 0, 0, 0, 0].item()
    assert abs(trained - untrained) > 1e-3
    assert shown == pytest.approx(trained, abs=1e-4)
