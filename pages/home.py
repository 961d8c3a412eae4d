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
        step_player(session.fitted_trace(), session.trace_key(), compact=True)
    except ValueError as err:  # the session's model cannot read its sequence; the Step page says how to fix it
        st.info(t("bad_model_input", error=err))
    # The ways in, two a row, each with a caption that says what is there.
    ways = [("pages/build.py", "home_build", "home_build_help", ":material/build:"),
            ("pages/step_through.py", "home_step", "home_step_help", ":material/play_circle:"),
            ("pages/lessons.py", "home_lessons", "home_lessons_help", ":material/school:"),
            ("pages/train.py", "home_train", "home_train_help", ":material/model_training:")]
    for row in (ways[:2], ways[2:]):
        for column, (target, label, caption, icon) in zip(st.columns(2), row):
            with column:
                st.page_link(target, label=t(label), icon=icon)
                st.caption(t(caption))
