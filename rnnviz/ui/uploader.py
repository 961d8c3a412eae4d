"""st.file_uploader with its built-in words in the session's language.

Streamlit writes "Upload" and "20MB per file • CSV, TXT" in English whatever the page's language, and offers no
setting for it. In Chinese a small style sheet, scoped to this uploader's key, hides those two texts and shows
the translated ones in their place (same size and colour: the original elements keep their styles).
"""
from __future__ import annotations

import streamlit as st

from rnnviz.ui import session


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def file_uploader(label: str, *, type: list[str], key: str, **kwargs):
    if session.view().lang != "en":
        limit = f"{st.get_option('server.maxUploadSize')}MB"
        instructions = session.t("upload_limit", limit=limit, types=", ".join(kind.upper() for kind in type))
        scope = f".st-key-{key}"
        st.html(f"""<style>
{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{_css_text(session.t("upload_button"))}"; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{_css_text(instructions)}"; font-size: 0.875rem; }}
</style>""")
    return st.file_uploader(label, type=type, key=key, **kwargs)
