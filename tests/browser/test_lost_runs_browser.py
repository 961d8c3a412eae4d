"""A tab whose session is lost is told what was lost: here the session is lost by a reload (a new Streamlit
session in the same tab, as after a server restart or a move to another replica: test_replicas_browser.py).

A first visit and a reload with nothing trained say nothing; a reload after training says one run was lost,
once; presenter mode (sidebar hidden) in Chinese says it too. Screenshots: /tmp/rnnviz-lost-runs-{en,zh}.png.
"""
from __future__ import annotations

import pytest

from tests.browser.server import assert_no_exception, wait_idle
from tests.browser.test_train_browser import set_number

pytestmark = pytest.mark.browser
NOTICE = '[data-testid="stAlert"]:has-text("{text}")'
EN = "This tab is in a new session"
ZH = "此标签页已进入新的会话"


def train_once(page) -> None:
    """One run of the Train page's default task with 5 epochs (well under a second), in either language."""
    set_number(page, "tr_s_epochs", 5)
    page.locator(".st-key-tr_train button").click()
    page.wait_for_function("""() => { const d = document.querySelector('[data-testid="stDataFrame"]');
        return d && d.querySelectorAll('tr [role="gridcell"]:first-child').length >= 1; }""", timeout=45_000)
    wait_idle(page)


def reload(page) -> None:
    page.reload()
    wait_idle(page, 60_000)
    assert_no_exception(page)


def notice(page, text: str):
    return page.locator(NOTICE.format(text=text))


def test_a_reload_after_training_says_one_run_was_lost_once(page, app_url):
    page.goto(app_url + "/train")
    wait_idle(page, 60_000)
    assert notice(page, EN).count() == 0, "a first visit"
    reload(page)
    assert notice(page, EN).count() == 0, "a reload with nothing trained loses nothing"

    train_once(page)
    reload(page)
    notice(page, EN).wait_for(timeout=30_000)
    assert "the 1 trained run of this tab was lost" in notice(page, EN).inner_text()
    assert page.locator('[data-testid="stAlert"]').filter(has_text="trained run").count() == 1

    page.locator('[data-testid="stSidebarNav"] a', has_text="Build").click()
    wait_idle(page)
    assert notice(page, EN).count() == 0, "said once: gone on the next page"
    reload(page)
    assert notice(page, EN).count() == 0, "the session that held the run was reported already"


def test_presenter_mode_in_chinese_says_it_too(page, app_url):
    page.goto(app_url + "/train?lang=zh&present=1")
    wait_idle(page, 60_000)
    assert page.locator('section[data-testid="stSidebar"]').is_hidden()
    train_once(page)
    reload(page)
    notice(page, ZH).wait_for(timeout=30_000)
    assert "此标签页的 1 次训练结果已丢失" in notice(page, ZH).inner_text()
