"""Home: what rnnviz is, a live picture of the session's network, and the ways in."""
import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.chrome import page
from rnnviz.ui.step_view import step_player

t = session.t
with page("app_title"):
    st.markdown(f"#### {t('home_lead')}")
    st.caption(t("home_lead2"))
    try:
        step_player(session.trace(), session.trace_key(), compact=True)
    except ValueError as err:  # the session's model cannot read its sequence; the Step page says how to fix it
        st.info(t("bad_model_input", error=err))
    c1, c2 = st.columns(2)
    with c1:
        st.page_link("pages/build.py", label=t("home_build"), icon=":material/build:")
        st.caption(t("home_build_help"))
    with c2:
        st.page_link("pages/step_through.py", label=t("home_step"), icon=":material/play_circle:")
        st.caption(t("home_step_help"))
