"""Lessons in a real browser: a guided-step link opens lesson 5 at its step with the quantity highlighted, and
the forget-bias control beside the diagram changes the diagram's c at once."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.server import assert_no_exception, table_rows, wait_idle

pytestmark = pytest.mark.browser
DIAGRAM = ".rnnviz-stepper .rnnviz-svg"


def diagram_value(page, key: str) -> float:
    return float(json.loads(page.get_attribute(f'{DIAGRAM} [data-key="{key}"]', "data-value")))


def highlighted(page) -> list[str]:
    return page.eval_on_selector_all(f"{DIAGRAM} .rnnviz-highlight", "els => els.map(e => e.dataset.key)")


def test_guide_link_opens_the_step_with_its_quantity_highlighted(page, app_url):
    page.goto(f"{app_url}/lessons?lesson=memory-cell&guide=2")
    wait_idle(page)
    page.wait_for_selector('.rnnviz-stepper[data-step="3"]', timeout=30_000)
    page.wait_for_selector(f'{DIAGRAM} [data-key="o"].rnnviz-highlight', timeout=30_000)
    assert sorted(highlighted(page)) == ["h", "o"]
    # The emphasis is drawn, not only a class: the output gate's outline is thicker than the input gate's.
    width = page.eval_on_selector(f'{DIAGRAM} [data-key="o"] .rnnviz-valve-body',
                                  "e => parseFloat(getComputedStyle(e).strokeWidth)")
    plain = page.eval_on_selector(f'{DIAGRAM} [data-key="i"] .rnnviz-valve-body',
                                  "e => parseFloat(getComputedStyle(e).strokeWidth)")
    assert width >= 2 * plain
    assert abs(diagram_value(page, "h") - 7) < 0.01  # step 3: the memory is read out

    # Next item: the stepper moves to step 5 of the longer sequence (its preset opens), f and c no longer lit.
    page.get_by_role("button", name="Next item").click()
    wait_idle(page)
    page.wait_for_selector('.rnnviz-stepper[data-step="5"]', timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('.rnnviz-svg .rnnviz-highlight').length === 2")
    assert sorted(highlighted(page)) == ["h", "x"]
    assert "guide=3" in page.url
    assert_no_exception(page)


def test_forget_bias_control_changes_the_diagrams_cell(page, app_url):
    page.goto(f"{app_url}/lessons?lesson=memory-cell")
    wait_idle(page)
    page.wait_for_selector('.rnnviz-stepper[data-step="3"]', timeout=30_000)
    assert abs(diagram_value(page, "c") - 7) < 0.01
    field = page.get_by_label("Forget gate bias b_f")
    field.fill("-10")
    field.press("Enter")
    wait_idle(page)
    page.wait_for_function(
        """() => Math.abs(Number(document.querySelector('.rnnviz-svg [data-key="c"]').dataset.value)) < 0.001""",
        timeout=30_000)
    assert page.locator('[data-testid="stDataFrame"]').count() == 2
    assert page.get_by_text("Weights edited").first.is_visible()
    page.get_by_role("button", name="Back to the course's weights").click()
    wait_idle(page)
    page.wait_for_function(
        """() => Math.abs(Number(document.querySelector('.rnnviz-svg [data-key="c"]').dataset.value) - 7) < 0.01""",
        timeout=30_000)
    assert page.get_by_text("Weights edited").count() == 0
    assert_no_exception(page)


def test_memory_toy_input_edited_beside_the_diagram(page, app_url):
    page.goto(f"{app_url}/lessons?lesson=memory-toy")
    wait_idle(page)
    page.wait_for_selector(f'{DIAGRAM} [data-key="x"]', timeout=30_000)
    assert json.loads(page.get_attribute(f'{DIAGRAM} [data-key="x"]', "data-value")) == [1, 1]
    table_rows(page)  # the grid has drawn its cells
    selected = '[data-testid="stDataFrame"] [role="gridcell"][aria-selected="true"]'
    for _ in range(3):  # on a loaded machine the grid may still move under the first click: click where it is now
        grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()  # the input table comes first
        page.mouse.click(grid["x"] + grid["width"] * 0.3, grid["y"] + 35 + 17)  # x1 of step 0 (below the header)
        try:
            page.wait_for_selector(selected, state="attached", timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_for_selector(selected, state="attached", timeout=1_000)
    page.keyboard.type("3")  # typing on a selected cell opens its editor with the "3"
    page.wait_for_selector('#portal input, #portal textarea')
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function(f"""() => document.querySelector('{DIAGRAM} [data-key="x"]').dataset.value === '[3,1]'""",
                           timeout=30_000)
    assert diagram_value(page, "h") == 4  # h = 3 + 1 at step 0, every weight 1
    assert_no_exception(page)
