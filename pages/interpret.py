"""Interpret: find out what a trained network learned (text view, unit finder, patterns, gates, memory)."""
import streamlit as st

from rnnviz.ui import interpret_view, session, trained_runs
from rnnviz.ui.chrome import page

t = session.t
with page("interpret_title"):
    trained_runs.collect_finished()
    run = interpret_view.run_picker()
    picked = interpret_view.data_picker(run) if run is not None else None
    if picked is not None:
        probe, trace = picked
        text, finder, patterns, gates, reach = st.tabs(
            [t("in_tab_text"), t("in_tab_finder"), t("in_tab_patterns"), t("in_tab_gates"), t("in_tab_reach")])
        with finder:
            interpret_view.unit_finder(probe, trace)
        with text:
            interpret_view.text_view(probe, trace)
        with patterns:
            interpret_view.pattern_search(probe, trace)
        with gates:
            interpret_view.gate_saturation(probe, trace)
        with reach:
            interpret_view.memory_reach(probe, run)
