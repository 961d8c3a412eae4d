"""Home: what rnnviz is, a live picture, and the ways in."""
import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.chrome import page

t = session.t
with page("app_title"):
    st.markdown(f"#### {t('home_lead')}")
    c1, c2 = st.columns(2)
    with c1:
        st.page_link("pages/build.py", label=t("home_build"), icon=":material/build:")
        st.caption(t("home_build_help"))
    with c2:
        st.page_link("pages/step_through.py", label=t("home_step"), icon=":material/play_circle:")
        st.caption(t("home_step_help"))
