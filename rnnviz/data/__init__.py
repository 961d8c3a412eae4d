"""Input data: sequence sources (generators, text, tables, CSV) and encoders. No streamlit here."""
