"""rnnviz entry point: page config and explicit navigation over pages/.

st.navigation is used deliberately (so Streamlit ignores automatic pages/ discovery): it gives
translated titles and one fixed order, and every page appears exactly once. URL paths are left to
follow the file names: a fresh server resolves a deep link (/step_through?...) before any session
has run st.navigation, through that same discovery, so shared links never hit "page not found". Each page wraps its
body in rnnviz.ui.chrome.page, which draws the shared sidebar and keeps the URL in step.
"""
from pathlib import Path

import streamlit as st

from rnnviz.ui import janitor, runtime, session

# A local icon: a ":material/..." page icon becomes a favicon fetched from a third-party font host.
st.set_page_config(page_title="rnnviz", page_icon=Path(__file__).parent / "static" / "rnnviz-icon.svg", layout="wide")
runtime.configure_torch()
janitor.start()  # sessions whose browser left stop training and give their memory back

t = session.t
current = st.navigation([
    st.Page("pages/home.py", title=t("page_home"), icon=":material/home:", default=True),
    st.Page("pages/build.py", title=t("page_build"), icon=":material/build:"),
    st.Page("pages/step_through.py", title=t("page_step"), icon=":material/play_circle:"),
    st.Page("pages/lessons.py", title=t("page_lessons"), icon=":material/school:"),
    st.Page("pages/train.py", title=t("page_train"), icon=":material/model_training:"),
    st.Page("pages/interpret.py", title=t("page_interpret"), icon=":material/insights:"),
    st.Page("pages/import_export.py", title=t("page_import_export"), icon=":material/swap_vert:"),
])
with runtime.timed_run(current.url_path or "home"):
    current.run()
