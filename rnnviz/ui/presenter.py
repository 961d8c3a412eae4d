"""Presenter mode: one compact bar instead of the title and sidebar, type sized for a projector.

Everything the lecturer needs sits in the first screen at 1280×720 and 1920×1080: the bar (pages,
the page's own pickers, language, leave) and then the page. The stepper fits its diagram and first
chart to the rest of the screen itself (stepper.js `fitToScreen`).
"""
from __future__ import annotations

import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.state import LANGUAGES
from rnnviz.ui.theme import theme_switch
from rnnviz.viz.stepper_data import PRESENTER_FONT_SCALE

# How much larger figures draw their type in presenter mode (Plotly sizes are pixels, not rem).
FIGURE_SCALE = PRESENTER_FONT_SCALE

# The root font grows with the screen: 17 px at 1280 wide, 21 px at 1920, so one layout fits both
# projectors. Streamlit sizes text in rem, so this scales the whole page. Data frames draw on a canvas
# in pixels: zoom scales them with the type.
PRESENTER_CSS = """
<style>
html { font-size: clamp(16px, calc(9px + 0.62vw), 24px); }
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] { display: none; }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 100%; padding: 0.4rem 1.2rem 2rem; }
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0.5rem; }
.st-key-presenter_bar { border-bottom: 1px solid rgba(128, 128, 128, 0.35); padding-bottom: 0.3rem; }
.st-key-presenter_bar [data-testid="stPageLink"] a { padding: 0.1rem 0.35rem; }
.st-key-presenter_bar p { margin: 0; }
[data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"]) {
  zoom: 1.3; width: calc(100% / 1.3) !important; }
</style>
"""

# The pages in the bar, with their icons (the same as app.py's navigation).
# (file, navigation name, icon, the page's title key as pages pass it to chrome.page)
PAGES = (("pages/home.py", "page_home", ":material/home:", "app_title"),
         ("pages/build.py", "page_build", ":material/build:", "build_title"),
         ("pages/step_through.py", "page_step", ":material/play_circle:", "step_title"),
         ("pages/lessons.py", "page_lessons", ":material/school:", "lessons_title"),
         ("pages/train.py", "page_train", ":material/model_training:", "train_title"),
         ("pages/interpret.py", "page_interpret", ":material/insights:", "interpret_title"),
         ("pages/import_export.py", "page_import_export", ":material/swap_vert:", "ie_title"))


def figure_scale() -> float:
    """The font scale for figures drawn on this page."""
    return FIGURE_SCALE if session.view().presenter else 1.0


def _set_language() -> None:
    session.update(lang=st.session_state["pb_lang"])
    st.session_state["sb_lang"] = st.session_state["pb_lang"]


def leave_presenter() -> None:
    st.session_state["sb_present"] = False
    session.update(presenter=False)


def presenter_bar(title_key: str | None):
    """Draw the bar; returns a container in it for the page's own pickers (e.g. the lesson and its neighbours)."""
    t = session.t
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    bar = st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center", gap="small",
                       key="presenter_bar")
    nav = bar.container(horizontal=True, vertical_alignment="center", gap=None, width="content")
    for path, name_key, icon, page_title_key in PAGES:
        # The page you are on shows its name; the others only their icon (their name is the tooltip).
        here = page_title_key == title_key
        nav.page_link(path, label=t(name_key) if here else "\u2009", icon=icon, help=None if here else t(name_key))
    slot = bar.container(horizontal=True, vertical_alignment="center", gap="small", width="content")
    tools = bar.container(horizontal=True, vertical_alignment="center", gap="small", width="content",
                          horizontal_alignment="right")
    st.session_state["pb_lang"] = session.view().lang
    tools.segmented_control(t("language"), LANGUAGES, key="pb_lang", on_change=_set_language,
                            format_func={"en": "EN", "zh": "中文"}.get, label_visibility="collapsed")
    theme_switch("pb_theme", where=tools, compact=True)
    tools.button(t("exit_presenter_short"), key="exit_present", on_click=leave_presenter, icon=":material/close:",
                 help=t("exit_presenter"))
    return slot
