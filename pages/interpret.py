"""Interpret: find out what a trained network learned (text view, unit finder, patterns, gates, memory)."""
import streamlit as st

from rnnviz.ui import interpret_view, session, trained_runs
from rnnviz.ui.chrome import page

t = session.t
with page("interpret_title"):
    trained_runs.collect_finished()
    if st.session_state.pop("in_go_step", False):  # "Step through this text" was pressed
        st.switch_page("pages/step_through.py")
    run = interpret_view.run_picker()
    reading = interpret_view.data_picker(run) if run is not None else None
    if reading is not None:
        text, finder, patterns, gates, reach = st.tabs(
            [t("in_tab_text"), t("in_tab_finder"), t("in_tab_patterns"), t("in_tab_gates"), t("in_tab_reach")])
        with finder:
            interpret_view.unit_finder(reading)
        with text:
            interpret_view.text_view(reading)
        with patterns:
            interpret_view.pattern_search(reading)
        with gates:
            interpret_view.gate_saturation(reading)
        with reach:
            interpret_view.memory_reach(reading, run)
