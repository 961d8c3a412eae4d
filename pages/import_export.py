"""Import / Export: bring your own PyTorch model in; take the weights, a runnable script, the trace and the link out."""
import streamlit as st

from rnnviz.ui.chrome import page
from rnnviz.ui.import_export import export_section, import_section

with page("ie_title"):
    import_section()
    st.divider()
    export_section()
