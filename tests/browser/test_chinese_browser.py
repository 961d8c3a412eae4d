"""中文 in a real browser: a browser preferring Chinese opens the app in 中文 (no lang= in the link), and every
page and every lesson, reached through the app's own links, shows no English outside the allow-list in its
visible text: the page's innerText plus the SVG text the stepper's diagram and the Plotly charts draw."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from rnnviz.lessons import LESSONS
from rnnviz.strings import translate
from tests.browser.server import assert_no_exception, wait_idle
from tests.pages.test_chinese_pages import LESSON_DATA
from tests.pages.zh_text import code_comments, english_words

pytestmark = pytest.mark.browser

PAGES = ["page_build", "page_step", "page_train", "page_interpret", "page_import_export", "page_home"]

# Every text node a person can see: HTML and SVG alike (the diagram, chart titles, axes, legends, ticks). Left out:
# icon ligatures (Material Symbols draw "home" as a house), visually hidden helpers (a 1 px "skip to content"),
# Plotly's hidden measuring copies (no size), scripts and styles, math (KaTeX: variables). Code blocks count by
# their comments.
VISIBLE_TEXT_JS = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement, text = node.textContent.trim();
    if (!el || !text || el.closest('script, style, noscript, pre, code, .katex, [data-testid="stIconMaterial"]')) \
continue;
    const style = getComputedStyle(el);
    if (style.fontFamily.includes('Material') || parseFloat(style.fontSize) === 0) continue;  // icon; text hidden
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 2 && r.height > 2) seen.push(text);
  }
  const code = [...document.querySelectorAll('[data-testid="stCode"] code')].map(e => e.innerText);
  // Data frames draw on a canvas; the grid keeps its headers and cells in a hidden table beside it.
  seen.push(...[...document.querySelectorAll('[data-testid="stDataFrame"] [role="columnheader"], '
    + '[data-testid="stDataFrame"] [role="gridcell"]')].map(e => e.textContent.trim()).filter(Boolean));
  return { seen, code };
}"""


# Every stepper (a component mounts it after the run) has drawn its diagram and its charts (each has at least one),
# and every chart (the stepper's and Streamlit's) its SVG: Plotly loads and draws after the script run has ended.
DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stBidiComponentRegular"]')]
    .every(c => c.querySelector('.rnnviz-stepper svg text') && c.querySelector('.rnnviz-figure .main-svg text'))
  && [...document.querySelectorAll('.rnnviz-figure, [data-testid="stPlotlyChart"]')]
       .every(d => d.querySelector('.main-svg text'))"""


@contextmanager
def fresh_page(browser, url: str, locale: str = "zh-CN"):
    """A new session in a browser whose preferred language is `locale`, opened at `url` and idle."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    try:
        page = context.new_page()
        page.goto(url)
        wait_idle(page, 60_000)
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def zh_page(browser, app_url):
    """One session in a browser whose preferred language is Chinese, opened from a link without lang=."""
    with fresh_page(browser, app_url) as page:
        yield page


def english_shown(page, allowed=frozenset()) -> dict[str, str]:
    page.wait_for_function(DRAWN_JS, timeout=30_000)
    found = {}
    shown = page.evaluate(VISIBLE_TEXT_JS)
    for text in shown["seen"] + [c for code in shown["code"] for c in code_comments(code)]:
        for word in english_words(text):
            if word.lower() not in allowed:
                at = text.find(word)
                found.setdefault(word, text[max(0, at - 60):at + 60].replace("\n", " | "))
    return found


def nav(page, key: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=translate(key, "zh")).click()
    wait_idle(page, 60_000)
    assert_no_exception(page)


def test_a_chinese_browser_opens_in_chinese(zh_page):
    assert zh_page.locator("h1").first.inner_text().endswith("看见循环神经网络的内部")
    assert "lang=zh" in zh_page.url  # the link now says so: shared, it opens in 中文 anywhere
    assert english_shown(zh_page) == {}


@pytest.mark.parametrize("key", PAGES)
def test_every_page_shows_chinese_only(zh_page, key):
    nav(zh_page, key)
    assert english_shown(zh_page) == {}


def test_every_lesson_shows_chinese_only(zh_page):
    nav(zh_page, "page_lessons")
    # The first visit to Lessons computes the first lesson's views: on a loaded machine that can take a while.
    zh_page.wait_for_selector(".st-key-l_pick input", timeout=90_000)
    for lesson in LESSONS:
        box = zh_page.locator(".st-key-l_pick")
        title = lesson.title["zh"]
        if box.locator("input").input_value() != title:
            box.locator("input").click()
            zh_page.get_by_role("option", name=title, exact=True).click()
            wait_idle(zh_page, 60_000)
        assert box.locator("input").input_value() == title
        assert_no_exception(zh_page)
        assert english_shown(zh_page, LESSON_DATA.get(lesson.id, frozenset())) == {}, lesson.id


def test_on_step_through_the_check_reads_the_svg_and_a_refused_input_is_explained(browser, app_url):
    """One fresh Chinese session on Step through (the default LSTM) for both checks of that page."""
    with fresh_page(browser, app_url + "/step_through") as page:
        # What the check reads includes the diagram's SVG captions and the Plotly axes (both in 中文 here):
        # the diagram's captions and a chart's axis title, once drawn (the stepper draws after the run ends).
        wanted = ["遗忘门", "细胞状态", translate("chart_step_axis", "zh")]
        page.wait_for_function(f"""() => {{ const seen = ({VISIBLE_TEXT_JS})().seen;
            return {wanted!r}.every(w => seen.includes(w)); }}""", timeout=30_000)
        assert any(text.startswith("x(t)") for text in page.evaluate(VISIBLE_TEXT_JS)["seen"])

        # The core's message reaches the page translated, after the page's own Chinese lead sentence.
        page.locator(".st-key-s_feed input").fill("1, 2, 3")
        page.locator(".st-key-s_feed input").press("Enter")
        wait_idle(page)
        page.locator(".st-key-s_feed_btn button").click()
        wait_idle(page)
        error = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
        assert error.split("\n")[-1] == ("该序列未被使用：x_t 需要 1 个数（input_size）；'1, 2, 3' 中有 3 个。"
                                         "仍显示之前的序列。")


def test_the_check_finds_english_in_an_english_browser(browser, app_url):
    with fresh_page(browser, app_url + "/step_through", locale="en-US") as page:
        found = english_shown(page)
        assert {"forget", "sequence", "Build", "Lessons"} <= set(found), found


def test_a_trained_run_is_shown_in_chinese(zh_page):
    """After training (the default task: the poem, ~2 s): the live curves, the runs table, the generated text."""
    nav(zh_page, "page_train")
    zh_page.locator(".st-key-tr_train button").click()
    zh_page.get_by_text(translate("tr_results", "zh"), exact=True).wait_for(timeout=60_000)
    zh_page.locator('[role="gridcell"]', has_text=translate("tr_status_done", "zh")).first.wait_for(
        state="attached", timeout=60_000)
    wait_idle(zh_page, 60_000)
    assert_no_exception(zh_page)
    assert english_shown(zh_page) == {}


def test_the_language_switch_shows_the_pages_language_on_every_page(browser, app_url):
    """The sidebar's radio is a new widget on each page: it must still show (and switch) the page's language."""
    with fresh_page(browser, app_url) as page:
        radio = page.locator(".st-key-sb_lang")

        def checked() -> str:
            return radio.locator("label", has=page.locator("input:checked")).inner_text().strip()

        for key in ("page_step", "page_build"):
            page.locator('[data-testid="stSidebarNav"] a', has_text=translate(key, "zh")).click()
            wait_idle(page, 60_000)
            assert checked() == "中文", key
        radio.get_by_text("English", exact=True).click()
        wait_idle(page, 60_000)
        assert page.locator("h1").first.inner_text() == translate("build_title", "en")
        page.locator('[data-testid="stSidebarNav"] a', has_text="Step through").click()
        wait_idle(page, 60_000)
        assert checked() == "English" and page.locator("h1").first.inner_text() == "Step through"
        radio.get_by_text("中文", exact=True).click()
        wait_idle(page, 60_000)
        assert page.locator("h1").first.inner_text() == "逐步运行"
        assert_no_exception(page)


def test_a_trained_network_is_interpreted_in_chinese(zh_page):
    """After test_a_trained_run_is_shown_in_chinese: the Interpret page, every tab."""
    nav(zh_page, "page_interpret")
    tabs = zh_page.locator('[data-testid="stTab"]')
    assert tabs.count() == 5
    for k in range(tabs.count()):
        tabs.nth(k).click()
        wait_idle(zh_page, 60_000)
        assert_no_exception(zh_page)
        assert english_shown(zh_page) == {}, tabs.nth(k).inner_text()
