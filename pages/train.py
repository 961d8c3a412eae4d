"""Train: pick a task, a model and settings; train with live curves and a Stop button; compare runs."""
import streamlit as st

from rnnviz.ui import train_view, trained_runs
from rnnviz.ui.chrome import page

with page("train_title"):
    trained_runs.collect_finished()
    picked = train_view.task_controls()  # None: the task's settings need fixing first (said on the page)
    if picked is not None:
        fingerprint, task = picked
        left, right = st.columns(2, gap="large")
        with left:
            arch = train_view.model_controls(task)
        with right:
            settings = train_view.settings_controls(task)
        train_view.train_buttons(fingerprint, task, arch, settings)
        train_view.results(fingerprint, task)
