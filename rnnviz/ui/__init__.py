"""The only streamlit-aware part of rnnviz: session state, shared widgets, translations, the stepper."""
