"""Build: choose the cell and sizes, read the parameter table and count, edit small weights by hand."""
import streamlit as st

from rnnviz.ui.chrome import page
from rnnviz.ui.model_builder import model_controls, parameter_summary
from rnnviz.ui.weight_editor import weight_tables

with page("build_title"):
    left, right = st.columns([2, 3], gap="large")
    with left:
        model_controls()
    with right:
        parameter_summary()
    weight_tables()
