"""The rules the code's layout rests on, checked on the source: streamlit only in rnnviz/ui/ and the pages, no
private Streamlit or Plotly module imported anywhere but where a test watches it, and no st.stop() (after it no
Streamlit call gets through, so the address bar would not follow the view)."""
from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("rnnviz/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])


def imported(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_streamlit_only_in_the_ui_layer():
    core = [p for p in SOURCES if p.is_relative_to(ROOT / "rnnviz") and not p.is_relative_to(ROOT / "rnnviz/ui")]
    assert core and not [str(p.relative_to(ROOT)) for p in core
                         if any(n == "streamlit" or n.startswith("streamlit.") for n in imported(p))]


def test_no_private_streamlit_or_plotly_modules():
    # The two places that must reach inside Streamlit, each watched: chrome.py's legacy-router flag (below) and
    # the janitor's session manager (tests/ui/test_janitor.py and tests/browser/test_janitor_browser.py).
    allowed = {"rnnviz/ui/chrome.py": {"streamlit.runtime.pages_manager"},
               "rnnviz/ui/janitor.py": {"streamlit.runtime.scriptrunner"}}
    found = {}
    for path in SOURCES:
        name = str(path.relative_to(ROOT))
        private = {n for n in imported(path) if n.startswith("_plotly") or
                   (n.startswith("streamlit.") and n.split(".")[1] in ("runtime", "elements", "proto", "web"))}
        if private - allowed.get(name, set()):
            found[name] = sorted(private - allowed.get(name, set()))
    assert not found, found


def test_no_page_ends_with_st_stop():
    assert not [str(p.relative_to(ROOT)) for p in SOURCES if "st.stop()" in p.read_text()]


def test_the_streamlit_flag_chrome_clears_still_exists():
    """chrome._leave_legacy_page_discovery clears this flag; an upgrade that drops or renames it must fail here,
    not silently bring back the legacy router (a fresh server's deep link would skip app.py)."""
    from streamlit.runtime.pages_manager import PagesManager
    assert hasattr(PagesManager, "uses_pages_directory")  # None until a first run sets it
