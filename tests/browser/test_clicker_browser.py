"""A presentation clicker always steps: PageUp/PageDown/arrows and Space move the stepper whatever widget the
user clicked last (radio, language switch, lesson choice, select, button, tab, toggle, slider), and the widget
itself does not see the key; only text and number fields keep their keys. Esc leaves presenter mode.

No page of the app has tabs beside a stepper: the tab case runs the real stepper.js beside a tab list on a blank
page, and the Build page (tabs, no stepper) checks that without a stepper the keys stay the widgets'.

The session's app server and one tab for the module. Every case: focus the widget as a user would, press the key,
wait until the server has the new step (it writes it into the URL), then check the widget kept its value.
"""
from __future__ import annotations

import re

import pytest

from rnnviz import web
from rnnviz.strings import STRINGS
from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser
STEPPER = ".rnnviz-stepper[data-step]"
FOCUSED = "() => { const a = document.activeElement; return [a.tagName, a.type || '', a.getAttribute('role') || '']; }"


@pytest.fixture(scope="module")
def app(browser, app_url):
    """One tab (one context) for the module, on the session's server: nothing here needs a server of its own."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield app_url, tab, errors
    context.close()


@pytest.fixture
def page(app):
    """The module's one tab. open(path) loads a page only when the tab is not on it yet: the tests that share a
    lesson share one session (a load costs seconds on a busy machine), and each one works from where it is."""
    url, tab, errors = app

    def open_path(path: str):
        if not tab.url.startswith(url) or not _same_page(tab.url[len(url):], path):
            tab.goto(url + path)
        wait_idle(tab)
        tab.wait_for_selector(STEPPER, timeout=30_000)
        return tab

    tab.open = open_path
    yield tab
    assert_no_exception(tab)
    assert not errors, errors


def _same_page(current: str, wanted: str) -> bool:
    path, _, query = wanted.partition("?")
    return current.split("?")[0] == path and all(part in current for part in query.split("&") if part)


def step_of(page) -> int:
    return int(page.get_attribute(".rnnviz-stepper", "data-step"))


def press_steps(page, moves: list[tuple[str, int]]) -> None:
    """Press keys; after each the stepper shows its step at once. Then wait until the server has the last one
    (it writes it into the URL) and has run with it, so a widget that saw a key would show it by now."""
    for key, expected in moves:
        page.keyboard.press(key)
        assert step_of(page) == expected, f"{key} did not move the stepper"
    page.wait_for_url(lambda url: _url_step(url) == moves[-1][1], timeout=10_000)
    wait_idle(page)


def _url_step(url: str) -> int:
    found = re.search(r"[?&]step=(\d+)", url)
    return int(found.group(1)) if found else 0  # the link leaves out step 0


def test_speed_select_keeps_its_speed(page):
    page.open("/lessons?lesson=memory-cell")
    speed = page.locator(".rnnviz-speed select")
    speed.click()  # opens the list; Escape closes it and leaves the focus on the select
    page.keyboard.press("Escape")
    assert page.evaluate(FOCUSED)[0] == "SELECT"
    start = step_of(page)
    press_steps(page, [("PageUp", start - 1)])  # PageDown/PageUp used to set the speed
    assert speed.input_value() == "5"


def test_stepper_buttons_and_space(page):
    page.open("/lessons?lesson=memory-cell")
    start = step_of(page)
    page.locator('.rnnviz-stepper button[data-action="previous"]').click()
    assert step_of(page) == start - 1
    press_steps(page, [("PageUp", start - 2)])
    page.keyboard.press(" ")  # Space plays
    page.wait_for_function(f"() => +document.querySelector('.rnnviz-stepper').dataset.step > {start - 2}")
    page.keyboard.press(" ")  # ... and pauses
    assert page.get_attribute('.rnnviz-stepper button[data-action="play"]', "aria-label") == "play"


def test_preset_radio_keeps_its_choice(page):
    page.open("/lessons?lesson=memory-cell")
    radio = page.get_by_role("radiogroup", name=STRINGS["preset"]["en"])
    options = radio.get_by_role("radio")
    assert options.count() == 2  # lesson 5 has two presets
    radio.get_by_text(re.compile("longer sequence")).click()
    wait_idle(page)
    assert options.nth(1).is_checked() and "preset=1" in page.url
    assert page.evaluate(FOCUSED) == ["INPUT", "radio", ""]
    start = step_of(page)
    # ← would pick the first preset again, → the second
    press_steps(page, [("ArrowLeft", start - 1), ("PageUp", start - 2), ("ArrowRight", start - 1)])
    assert options.nth(1).is_checked() and "preset=1" in page.url


def test_lesson_selectbox_after_choosing_a_lesson(page):
    page.open("/lessons?lesson=memory-cell")
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text=STRINGS["lesson_pick"]["en"])
    picker.click()
    page.get_by_role("option", name=re.compile("^6 ")).click()
    wait_idle(page)
    assert "lesson=variants" in page.url
    assert page.evaluate(FOCUSED) == ["INPUT", "text", "combobox"]
    start = step_of(page)
    press_steps(page, [("PageDown", start + 1), ("ArrowRight", start + 2)])
    assert "lesson=variants" in page.url
    assert page.get_by_role("combobox", name=STRINGS["lesson_pick"]["en"]).get_attribute("aria-expanded") == "false"


def test_language_radio_keeps_chinese(page):
    page.open("/lessons?lesson=variants")
    page.locator('[data-testid="stSidebar"]').get_by_text("中文").click()
    wait_idle(page)
    page.get_by_text(STRINGS["lesson_pick"]["zh"], exact=True).wait_for()
    assert page.evaluate(FOCUSED) == ["INPUT", "radio", ""]
    start = step_of(page)
    press_steps(page, [("ArrowRight", start + 1), ("PageDown", start + 2)])  # → used to switch back to English
    assert page.get_by_role("radio", name="中文").is_checked() and "lang=zh" in page.url


def test_slider_keeps_its_value(page):
    page.open("/lessons?lesson=gradients")
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=STRINGS["grad_lr"]["en"])
    value = slider.locator('input[type="range"]')
    before = value.input_value()
    slider.locator('div:has(> div > input[type="range"])').click()  # on the thumb: focus, no move
    wait_idle(page)
    assert value.input_value() == before
    assert page.evaluate(FOCUSED) == ["INPUT", "range", ""]
    start = step_of(page)
    press_steps(page, [("ArrowLeft", start - 1), ("ArrowRight", start), ("ArrowLeft", start - 1)])
    assert value.input_value() == before


def test_streamlit_button(page):
    page.open("/lessons?lesson=gradients")
    w = page.get_by_label(STRINGS["try_w"]["en"])  # the explorer's w, beside the diagram
    assert w.input_value() == "1.0100"
    page.get_by_role("button", name=re.compile(r"^w = 0\.99")).focus()  # as after Tab: a click would set w
    play = page.locator('.rnnviz-stepper button[data-action="play"]')
    page.keyboard.press(" ")  # Space plays instead of pressing the button
    assert play.get_attribute("aria-label") == "pause"
    page.keyboard.press(" ")
    assert play.get_attribute("aria-label") == "play"
    now = step_of(page)
    press_steps(page, [("PageUp", now - 1)] if now > 0 else [("PageDown", 1)])
    assert page.evaluate(FOCUSED)[0] == "BUTTON"
    assert w.input_value() == "1.0100"


def test_toggle_keeps_its_state(page):
    page.open("/lessons?lesson=slot-filling")
    toggle = page.get_by_role("switch", name=STRINGS["enc_boundary"]["en"])
    page.locator("label").filter(has=toggle).click()
    wait_idle(page)
    assert not toggle.is_checked()
    assert page.evaluate(FOCUSED) == ["INPUT", "checkbox", "switch"]
    play = page.locator('.rnnviz-stepper button[data-action="play"]')
    page.keyboard.press(" ")  # Space plays instead of switching the toggle back on
    assert play.get_attribute("aria-label") == "pause"
    page.keyboard.press(" ")
    assert play.get_attribute("aria-label") == "play"
    start = step_of(page)
    press_steps(page, [("PageUp", start - 1)] if start > 0 else [("PageDown", 1)])
    assert not toggle.is_checked()


def test_typing_in_text_and_number_fields_does_not_step(page):
    page.open("/lessons?lesson=slot-filling")
    start = step_of(page)
    sentence = page.get_by_role("textbox", name=STRINGS["sf_sentence"]["en"].format(k=1))
    sentence.click()
    typed = sentence.input_value()
    for key in ("ArrowLeft", "ArrowRight", "PageUp", "PageDown", " "):
        page.keyboard.press(key)
    assert step_of(page) == start
    assert sentence.input_value() == typed + " "  # the space went into the text
    seed = page.get_by_role("spinbutton", name=STRINGS["sf_seed"]["en"])
    seed.click()
    for key in ("ArrowLeft", "ArrowRight", "PageDown", "PageUp"):
        page.keyboard.press(key)
    assert step_of(page) == start


def test_editing_a_table_cell_does_not_step(page):
    page.open("/lessons?lesson=memory-cell")
    page.get_by_role("link", name=STRINGS["open_step"]["en"]).click()  # the lesson's table input, same session
    wait_idle(page)
    page.wait_for_selector(STEPPER)
    page.locator('[data-testid="stExpander"] summary').first.click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    box = grid.bounding_box()
    grid.dblclick(position={"x": box["width"] * 0.5, "y": 35 + 17})  # the first row's cell in the middle column
    page.wait_for_function("() => document.activeElement.matches('.gdg-input')")  # the cell's editor
    start = step_of(page)
    for key in ("ArrowLeft", "ArrowRight", "PageUp", "PageDown", " "):
        page.keyboard.press(key)
    assert step_of(page) == start
    page.keyboard.press("Escape")  # cancel the edit


# A tab list as Streamlit's tabs are (role=tab buttons; the widget moves the selection on arrow keys), beside the
# real stepper.js: no page of the app has tabs and a stepper together.
TABS_AND_STEPPER = """
<div role="tablist" id="tabs"><button role="tab" aria-selected="true">A</button><button role="tab">B</button></div>
<div id="mount"></div>
<script>
document.getElementById("tabs").addEventListener("keydown", (ev) => {
  if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const next = tabs[(tabs.findIndex(t => t.getAttribute("aria-selected") === "true") + 1) % tabs.length];
  tabs.forEach(t => t.setAttribute("aria-selected", String(t === next)));
  next.focus();
});
</script>
"""


def test_tab_keeps_its_selection(browser):
    from rnnviz.viz.stepper_data import DEFAULT_LABELS
    page = browser.new_page()
    try:
        page.set_content(TABS_AND_STEPPER)
        entry = web.stepper_script() + "\nwindow.rnnvizStepper = mountStepper;\n"
        page.add_script_tag(content=entry)
        data = {"version": "v", "num_steps": 10, "step": 0, "seq": 0, "diagram": {}, "values": {}, "figures": [],
                "labels": DEFAULT_LABELS, "presenter": False, "colors": {}, "scale": [], "plotly_url": ""}
        page.evaluate("""data => window.rnnvizStepper({data, parentElement: document.getElementById("mount"),
                                                         setStateValue: () => {}})""", data)
        page.get_by_role("tab", name="A").click()
        page.keyboard.press("ArrowRight")
        assert step_of(page) == 1
        assert page.get_by_role("tab", name="A").get_attribute("aria-selected") == "true"
    finally:
        page.close()


def test_escape_leaves_presenter_mode_and_the_keys_are_shown(page):
    page.open("/lessons?lesson=memory-cell&present=1")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert not sidebar.is_visible()
    assert page.inner_text(".rnnviz-keys") == STRINGS["keys_help"]["en"]
    page.get_by_role("combobox", name=STRINGS["lesson_pick"]["en"]).click()
    page.get_by_role("listbox").wait_for()
    page.keyboard.press("Escape")  # closes the open dropdown only
    page.get_by_role("listbox").wait_for(state="detached")
    assert "present=1" in page.url
    page.keyboard.press("Escape")
    sidebar.wait_for(state="visible")
    wait_idle(page)
    assert "present=1" not in page.url and "lesson=memory-cell" in page.url
    assert page.locator(".rnnviz-keys").count() == 0


def test_on_build_escape_and_the_tabs_keys(app):
    """Build has no stepper: its tabs keep their arrow keys; Esc leaves presenter mode there too."""
    url, tab, errors = app
    tab.goto(url + "/build?present=1")
    wait_idle(tab)
    sidebar = tab.locator('[data-testid="stSidebar"]')
    assert not sidebar.is_visible()
    first = tab.get_by_role("tab").first
    first.click()
    tab.keyboard.press("ArrowRight")
    tab.get_by_role("tab").nth(1).and_(tab.get_by_role("tab", selected=True)).wait_for()
    tab.keyboard.press("Escape")
    sidebar.wait_for(state="visible")
    wait_idle(tab)
    assert "present=1" not in tab.url
    assert_no_exception(tab)
    assert not errors, errors
