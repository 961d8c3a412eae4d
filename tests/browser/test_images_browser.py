"""Images for slides: the stepper's image menu downloads the step as PNG and SVG and a range of steps as a GIF.

Most cases run on the standalone page (rnnviz.standalone: one file, opened from disk), which mounts the same
stepper.js as the app; one case clicks the PNG button on the app's Step through page. Every case clicks the real
buttons and catches the real download, then opens the file as a reader would (Pillow, an XML parser).
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import torch
from PIL import Image, ImageChops

from rnnviz import ModelSpec, Network
from rnnviz.standalone import standalone_html
from rnnviz.strings import STRINGS
from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser
SVG = "{http://www.w3.org/2000/svg}"
STEP = 5  # where the page opens
CHARTS_READY = ".rnnviz-stepper .rnnviz-figure .main-svg"


def en(key: str) -> str:
    return STRINGS[key]["en"]


@pytest.fixture(scope="module")
def trace():
    torch.manual_seed(0)
    net = Network(ModelSpec(cell="lstm", input_size=3, hidden_size=4), seed=0)
    return net.trace(torch.randn(20, 3))


@pytest.fixture(scope="module")
def page_file(trace, tmp_path_factory):
    path = tmp_path_factory.mktemp("images") / "stepper.html"
    path.write_text(standalone_html(trace, step=STEP, theme="light"), encoding="utf-8")
    return path


@pytest.fixture
def standalone(browser, page_file):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_selector(CHARTS_READY, timeout=30_000)
    page.locator(".rnnviz-image summary").click()  # the toolbar's image menu
    yield page
    context.close()
    assert not errors, errors


def download(page, button: str, timeout: float = 60_000):
    """Click the menu's button named `button` and return (suggested file name, bytes) of the download."""
    with page.expect_download(timeout=timeout) as caught:
        page.get_by_role("button", name=button, exact=True).click()
    done = caught.value
    return done.suggested_filename, done.path().read_bytes()


def shown_step(page) -> int:
    return int(page.get_attribute(".rnnviz-stepper", "data-step"))


def step_right(page, expected: int) -> None:
    page.keyboard.press("ArrowRight")  # the buttons do not take focus: the clicker's keys still step
    page.wait_for_function(f"() => document.querySelector('.rnnviz-stepper').dataset.step === '{expected}'")


def test_png_is_the_slide_at_twice_its_size_and_follows_the_step(standalone):
    name, first = download(standalone, en("image_png"))
    assert name == f"rnnviz-step-{STEP}.png"
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (2560, 1440)
    step_right(standalone, STEP + 1)
    name, second = download(standalone, en("image_png"))
    assert name == f"rnnviz-step-{STEP + 1}.png"
    other = Image.open(io.BytesIO(second))
    assert other.size == image.size
    assert differ_below_the_title(image, other)


def differ_below_the_title(a: Image.Image, b: Image.Image) -> bool:
    """The title names the step; below it, the diagram and the chart's step marker must have moved too."""
    width, height = a.size
    below = (0, height // 10, width, height)
    return ImageChops.difference(a.convert("RGB").crop(below), b.convert("RGB").crop(below)).getbbox() is not None


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")]


def test_svg_is_a_slide_with_the_diagrams_numbers_of_its_step(standalone, trace):
    name, first = download(standalone, en("image_svg"))
    assert name == f"rnnviz-step-{STEP}.svg"
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("1280", "720", "0 0 1280 720")
    texts = svg_texts(root)
    assert texts[0].startswith(f"t = {STEP}") and "unit 0" in texts[0]  # the title line
    # c of unit 0 as the diagram writes it (three significant digits), and as the page shows it now
    c = float(trace["c"][0, 0, 0, STEP, 0])
    assert 1e-3 <= abs(c) < 1e3
    on_page = standalone.text_content('.rnnviz-value[data-key="c"] .rnnviz-value-number')
    assert on_page == f"{c:#.3g}" and on_page in texts
    assert any(text in ("input gate i", "cell state c") for text in texts)  # the chart came along

    step_right(standalone, STEP + 1)
    name, second = download(standalone, en("image_svg"))
    assert name == f"rnnviz-step-{STEP + 1}.svg" and second != first
    texts = svg_texts(ET.fromstring(second))
    assert f"{float(trace['c'][0, 0, 0, STEP + 1, 0]):#.3g}" in texts
    assert texts[0].startswith(f"t = {STEP + 1}")


def test_gif_of_a_range_has_a_frame_per_step_and_gives_the_step_back(standalone):
    first, last = standalone.get_by_label(en("image_from")), standalone.get_by_label(en("image_until"))
    assert (first.input_value(), last.input_value()) == ("0", "19")  # the whole run, by default
    first.fill("9")
    last.fill("2")  # typed the wrong way round: the range is put in order
    for key in ("ArrowRight", "PageDown", "Home", " "):  # keys typed into the range stay there
        last.press(key)
    assert shown_step(standalone) == STEP
    name, data = download(standalone, en("image_gif"))
    assert name == "rnnviz-steps-2-9.gif"
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.size == (960, 540) and gif.n_frames == 8
    frames = []
    for k in range(gif.n_frames):
        gif.seek(k)
        frames.append(gif.convert("RGB"))
    assert all(differ_below_the_title(a, b) for a, b in zip(frames, frames[1:], strict=False))
    assert shown_step(standalone) == STEP  # where the user was
    assert name in standalone.inner_text(".rnnviz-image-status")


# The frames wait at their first picture until the test opens the gate: a cancel click lands mid-GIF, however fast.
GATE_JS = """() => {
  const decode = HTMLImageElement.prototype.decode;
  window.__gate = new Promise((open) => { window.__openGate = open; });
  HTMLImageElement.prototype.decode = async function () { await window.__gate; return decode.call(this); };
}"""
JOB_DONE = "() => !document.querySelector('.rnnviz-stepper').__rnnvizState.imageJob"


def test_a_cancelled_gif_downloads_nothing_and_gives_the_step_back(standalone):
    downloads = []
    standalone.on("download", lambda caught: downloads.append(caught))
    standalone.evaluate(GATE_JS)
    standalone.get_by_role("button", name=en("image_gif"), exact=True).click()
    assert standalone.get_by_role("button", name=en("image_png"), exact=True).is_disabled()  # one image at a time
    standalone.get_by_role("button", name=en("image_cancel")).click()
    standalone.evaluate("() => window.__openGate()")
    standalone.wait_for_function(JOB_DONE)
    assert not downloads
    assert shown_step(standalone) == STEP
    assert standalone.get_by_role("button", name=en("image_png"), exact=True).is_enabled()
    assert not standalone.get_by_role("button", name=en("image_cancel")).is_visible()


def test_a_long_run_offers_the_steps_around_the_current_one(browser, tmp_path):
    net = Network(ModelSpec(cell="gru", input_size=2, hidden_size=3), seed=0)
    path = tmp_path / "long.html"
    path.write_text(standalone_html(net.trace(torch.randn(700, 2)), step=650), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        page.wait_for_selector(CHARTS_READY, timeout=30_000)
        page.locator(".rnnviz-image summary").click()
        # at most 300 frames: the window around step 650, as far as the run goes
        assert page.get_by_label(en("image_from")).input_value() == "400"
        assert page.get_by_label(en("image_until")).input_value() == "699"
        assert page.inner_text(".rnnviz-image-note") == en("image_cap").format(n=300)
    finally:
        page.close()


def test_the_apps_png_button_downloads_the_step(page, app_url):
    page.goto(app_url + "/step_through?step=3")
    wait_idle(page)
    page.wait_for_selector(CHARTS_READY, timeout=30_000)
    page.locator(".rnnviz-image summary").click()
    name, data = download(page, en("image_png"))
    assert name == "rnnviz-step-3.png"
    assert Image.open(io.BytesIO(data)).size == (2560, 1440)
    assert_no_exception(page)
