"""The standalone page opened from disk in Chromium with the network cut and every request refused: it draws, steps
with the keyboard, and shows the trace's own numbers. Sizes: the app's default view under 5 MB, the caps under 10."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from rnnviz import ModelSpec, Network, standalone_html
from rnnviz.strings import translate
from rnnviz.ui.state import View
from rnnviz.viz.equations import equations

pytestmark = pytest.mark.browser
MB = 1_000_000


def open_offline(browser, path, width=1400, height=1000):
    """A page with no network at all; every request it makes is recorded and refused."""
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    asked, problems = [], []

    def refuse(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        asked.append(route.request.url)
        return route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_selector(".rnnviz-figure .main-svg")
    return context, page, asked, problems


def shown(page, key: str) -> float:
    return float(page.get_attribute(f'.rnnviz-svg [data-key="{key}"]', "data-value"))


def step_of(page) -> int:
    return int(page.get_attribute(".rnnviz-stepper", "data-step"))


def test_offline_page_draws_steps_with_keys_and_shows_the_traces_numbers(browser, tmp_path):
    net = Network(ModelSpec(cell="lstm", input_size=3, hidden_size=4), seed=0)
    trace = net.trace(torch.randn(12, 3, generator=torch.Generator().manual_seed(1)))
    path = tmp_path / "lstm.html"
    path.write_text(standalone_html(trace, unit=1), encoding="utf-8")
    context, page, asked, problems = open_offline(browser, path)
    try:
        page.wait_for_selector(".rnnviz-equations .katex")  # KaTeX and its fonts came from the file
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        assert step_of(page) == 3
        for q in ("f", "i", "c", "h"):
            assert shown(page, q) == pytest.approx(trace[q][0, 0, 0, 3, 1].item(), rel=1e-6)
        # (selectors, not wait_for_function: the page's Content-Security-Policy forbids evaluating strings)
        page.wait_for_selector('.rnnviz-equations[data-key="0,0,1,3"]')
        tex = json.loads(page.get_attribute(".rnnviz-equations", "data-tex"))
        assert tex == equations(trace, net.state_dict(), t=3, unit=1)
        page.wait_for_url("**#step=3")  # the step is in the address: a reload keeps it
        page.keyboard.press("End")
        assert step_of(page) == 11 and shown(page, "c") == pytest.approx(trace["c"][0, 0, 0, 11, 1].item(), rel=1e-6)
        page.keyboard.press("PageUp")
        page.keyboard.press("Home")
        assert step_of(page) == 0
        page.get_by_role("button", name="next").click()
        assert step_of(page) == 1
        # the unit is chosen in the page itself: every unit's numbers (and equations) are in it
        page.get_by_label(translate("unit", "en"), exact=True).select_option("3")
        assert shown(page, "c") == pytest.approx(trace["c"][0, 0, 0, 1, 3].item(), rel=1e-6)
        page.wait_for_selector('.rnnviz-equations[data-key="0,0,3,1"]')
        page.wait_for_url("**#step=1")
        page.reload()
        page.wait_for_selector(".rnnviz-figure .main-svg")
        assert step_of(page) == 1
        assert not asked and not problems
    finally:
        context.close()


def test_chinese_dark_page_from_disk(browser, tmp_path):
    net = Network(ModelSpec(cell="gru", input_size=2, hidden_size=3), seed=1)
    trace = net.trace(torch.randn(8, 2, generator=torch.Generator().manual_seed(3)))
    path = tmp_path / "gru.html"
    path.write_text(standalone_html(trace, lang="zh", theme="dark", presenter=True), encoding="utf-8")
    context, page, asked, problems = open_offline(browser, path, 1280, 720)
    try:
        page.get_by_role("button", name=translate("next", "zh")).click()
        assert step_of(page) == 1 and shown(page, "z") == pytest.approx(trace["z"][0, 0, 0, 1, 0].item(), rel=1e-6)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(14, 17, 23)"  # the dark theme's
        page.select_option("#rnnviz-theme", "light")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
        assert not asked and not problems
    finally:
        context.close()


def test_the_apps_default_view_is_under_5_mb(tmp_path):
    view = View()
    net = Network(view.spec, seed=view.seed)
    trace = net.trace(view.sequence.array(view.spec.input_size))
    size = len(standalone_html(trace).encode("utf-8"))
    assert 1 * MB < size < 5 * MB


@pytest.mark.parametrize("hidden, steps", [(32, 20_000), (512, 1302)])
def test_the_caps_stay_under_10_mb_and_still_step(browser, tmp_path, hidden, steps):
    """The largest traces a session may record (4,000,000 values): 20,000 steps, or 512 units."""
    net = Network(ModelSpec(cell="lstm", input_size=8, hidden_size=hidden), seed=0)
    trace = net.trace(torch.randn(steps, 8, generator=torch.Generator().manual_seed(0)))
    page_text = standalone_html(trace, unit=5, step=steps * 3 // 4)
    assert len(page_text.encode("utf-8")) < 10 * MB
    path = tmp_path / "caps.html"
    path.write_text(page_text, encoding="utf-8")
    context, page, asked, problems = open_offline(browser, path)
    try:
        assert step_of(page) == steps * 3 // 4
        page.keyboard.press("End")
        assert step_of(page) == steps - 1
        np.testing.assert_allclose([shown(page, q) for q in ("f", "c", "h")],
                                   [trace[q][0, 0, 0, steps - 1, 5].item() for q in ("f", "c", "h")], rtol=1e-6)
        assert not asked and not problems
    finally:
        context.close()


@pytest.mark.parametrize("address, file_name", [
    ("/step_through?cell=gru&hid=3&len=6&step=4&unit=2&lang=zh", "rnnviz-step-step-{step}.html"),
    ("/lessons?lesson=memory-cell", "rnnviz-memory-cell-step-{step}.html"),
], ids=["step-through-zh", "lesson"])
def test_the_app_downloads_the_view_as_a_page(browser, app_url, tmp_path, address, file_name):
    from tests.browser.server import assert_no_exception, wait_idle
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(app_url + address)
        wait_idle(page)
        app_step = step_of(page)
        assert "step=4" not in address or app_step == 4
        app_c = shown(page, "c") if page.locator('.rnnviz-svg [data-key="c"]').count() else shown(page, "h")
        lang = "zh" if "lang=zh" in address else "en"
        with page.expect_download() as info:
            page.get_by_role("button", name=translate("download_page", lang)).click()
        assert info.value.suggested_filename == file_name.format(step=app_step)
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert_no_exception(page)
    finally:
        context.close()
    context, offline, asked, problems = open_offline(browser, path)
    try:  # the page opens where the app was, on the same numbers, in the app's language
        assert step_of(offline) == app_step
        key = "c" if offline.locator('.rnnviz-svg [data-key="c"]').count() else "h"
        assert shown(offline, key) == app_c
        assert offline.get_attribute("html", "lang") == {"en": "en", "zh": "zh-CN"}[lang]
        assert not asked and not problems
    finally:
        context.close()
