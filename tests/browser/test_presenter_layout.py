"""Presenter mode on a projector: everything a lecture needs is in the first screen, numbers fit their boxes.

At 1280×720 and 1920×1080, for every lesson (reached with the bar's "next lesson" button, as a lecturer
would) and for Step through: the stepper's controls, the whole cell diagram and the chart beside it lie
inside the viewport without scrolling. The two sizes are two sessions walking the lessons side by side, so
that their waits overlap.
"""
from __future__ import annotations

import numpy as np
import pytest

from rnnviz.data.source import SequenceSource
from rnnviz.lessons import LESSONS
from rnnviz.lessons.l05_memory_cell import SPEC, WEIGHTS
from rnnviz.ui.state import View, to_query
from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1920, 1080)]

# The stepper's parts, their boxes after the screen fit has run (stepper.js fitToScreen).
BOXES_JS = """() => {
  const root = document.querySelector('.rnnviz-stepper');
  const box = (sel) => { const e = root && root.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {controls: box('.rnnviz-controls'), diagram: box('.rnnviz-svg'), chart: box('.rnnviz-figure .main-svg'),
          width: window.innerWidth, height: window.innerHeight};
}"""
FITTED_JS = """() => { const r = document.querySelector('.rnnviz-stepper');
  return !!(r && r.__rnnvizState && r.__rnnvizState.fittedHeight && r.querySelector('.rnnviz-figure .main-svg')); }"""


def assert_first_screen(pages, where: str) -> None:
    """On each page (each at its own size): once fitted, the stepper's parts lie inside the viewport."""
    for page in pages:
        page.wait_for_function(FITTED_JS, timeout=30_000)
    pages[0].wait_for_timeout(900)  # the re-fit after Streamlit finished drawing what sits above (on every page)
    for page in pages:
        boxes = page.evaluate(BOXES_JS)
        at = f"{where} at {boxes['width']}x{boxes['height']}"
        assert (boxes["width"], boxes["height"]) == (page.viewport_size["width"], page.viewport_size["height"])
        for part in ("controls", "diagram", "chart"):
            b = boxes[part]
            assert b is not None, f"{at}: no {part}"
            assert b["top"] >= 0 and b["left"] >= 0, f"{at}: {part} starts off screen: {b}"
            assert b["bottom"] <= boxes["height"] + 1 and b["right"] <= boxes["width"] + 1, \
                f"{at}: {part} ends below or right of the {boxes['width']}x{boxes['height']} screen: {b}"


def lesson_title(page) -> str:
    return page.locator(".st-key-l_pick input").input_value()


def test_every_lesson_and_step_through_fit_the_first_screen(browser, app_url):
    """One session per size (its own context), both walking the lessons in step: each page opens every lesson."""
    contexts = [browser.new_context(viewport={"width": w, "height": h}) for w, h in SIZES]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.goto(f"{app_url}/lessons?lesson={LESSONS[0].id}&present=1")
        for page in pages:
            wait_idle(page)
        for k, lesson in enumerate(LESSONS):
            for page in pages:
                assert lesson.title["en"] in lesson_title(page)
            assert_first_screen(pages, lesson.id)
            for page in pages:
                assert_no_exception(page)
            if k + 1 < len(LESSONS):
                for page in pages:
                    page.locator(".st-key-l_next button").first.click()
                for page in pages:
                    wait_idle(page)
        for page in pages:
            assert page.locator(".st-key-l_next button").first.is_disabled()  # the last lesson has no next
        # The bar's page links lead on without leaving presenter mode.
        for page in pages:
            page.locator('.st-key-presenter_bar a[href$="step_through"]').first.click()
        for page in pages:
            wait_idle(page)
            assert "present=1" in page.url
        assert_first_screen(pages, "step_through")
        for page in pages:
            assert page.locator('[data-testid="stSidebar"]').is_hidden()
    finally:
        for context in contexts:
            context.close()


def test_previous_lesson_button(page, app_url):
    page.goto(f"{app_url}/lessons?lesson=memory-cell")
    wait_idle(page)
    page.locator(".st-key-l_prev button").first.click()
    wait_idle(page)
    assert "lesson=lstm-gates" in page.url
    assert LESSONS[3].title["en"] in lesson_title(page)


# Lesson 5's cell is linear: a table input puts any number into x, g, c and h unchanged.
EXTREMES = [[4.54e-5, 1, 0], [-12345.6, 1, 0], [-12345.6, 0, 1], [1.5e9, -1, 1]]


@pytest.mark.parametrize("presenter", [False, True])
def test_diagram_numbers_fit_their_boxes_at_any_magnitude(page, app_url, presenter):
    view = View(spec=SPEC, weights={k: np.asarray(v, np.float32) for k, v in WEIGHTS.items()}, presenter=presenter,
                sequence=SequenceSource("table", values=np.asarray(EXTREMES, np.float32)))
    query = "&".join(f"{k}={v}" for k, v in to_query(view).items())
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/step_through?{query}")
    wait_idle(page)
    page.wait_for_selector(".rnnviz-stepper .rnnviz-svg")
    shown = []
    for t in range(len(EXTREMES)):
        if t:  # the link opens at step 0
            page.locator('.rnnviz-stepper button[data-action="next"]').click()
        page.wait_for_function(f"() => document.querySelector('.rnnviz-stepper').getAttribute('data-step') === '{t}'")
        overflow = page.evaluate("""() => {
          const bad = [], texts = [];
          for (const g of document.querySelectorAll('.rnnviz-stepper .rnnviz-value, .rnnviz-stepper .rnnviz-valve')) {
            const rects = [...g.querySelectorAll('rect')];
            for (const text of g.querySelectorAll('text.rnnviz-value-number, text.rnnviz-valve-number, \
text.rnnviz-slot-number')) {
              const tb = text.getBBox();
              // the box the number sits in: the smallest rect around its centre
              const cx = tb.x + tb.width / 2, cy = tb.y + tb.height / 2;
              const box = rects.map(r => r.getBBox()).filter(b => b.x <= cx && cx <= b.x + b.width \
&& b.y <= cy && cy <= b.y + b.height)
                .sort((a, b) => a.width - b.width)[0];
              texts.push(text.textContent);
              if (!box || tb.x < box.x - 0.5 || tb.x + tb.width > box.x + box.width + 0.5)
                bad.push([g.getAttribute('data-key'), text.textContent, tb.width, box && box.width]);
            }
          }
          return {bad, texts};
        }""")
        assert not overflow["bad"], f"t={t}: numbers wider than their boxes: {overflow['bad']}"
        shown += overflow["texts"]
    # The magnitudes read correctly: the tiny value in scientific notation, the large ones rounded or scientific.
    assert any(s in ("4.54e-5", "4.5e-5") for s in shown), shown
    assert any(s in ("-12346", "-1.23e4", "-1.2e4") for s in shown), shown
    assert any(s in ("1.50e9", "1.5e9", "2e9") for s in shown), sorted(set(shown))
    assert_no_exception(page)


def test_tables_scale_with_presenter_type_and_stay_in_their_column(page, app_url):
    """Data frames draw on a canvas in pixels; presenter mode zooms them with the type, within their column."""
    page.set_viewport_size({"width": 1280, "height": 720})
    for presenter, zoom in ((False, "1"), (True, "1.3")):
        page.goto(f"{app_url}/build" + ("?present=1" if presenter else ""))
        wait_idle(page)
        page.wait_for_selector('[data-testid="stDataFrame"] canvas')
        table = page.evaluate("""() => { const d = document.querySelector('[data-testid="stDataFrame"]');
            const box = d.closest('[data-testid="stElementContainer"]'); const r = d.getBoundingClientRect();
            const column = box.parentElement.getBoundingClientRect();
            return {zoom: getComputedStyle(box).zoom, right: r.right, columnRight: column.right}; }""")
        assert table["zoom"] == zoom
        assert table["right"] <= table["columnRight"] + 1, table
