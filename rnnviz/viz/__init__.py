"""Pure figure builders: data in, plotly Figure (or diagram description) out. No streamlit here."""
