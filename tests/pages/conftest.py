import pathlib

import pytest
from streamlit.testing.v1 import AppTest

from rnnviz.strings import STRINGS
from rnnviz.ui.session_keys import is_declared

APP = str(pathlib.Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app():
    """A fresh app session (AppTest needs an absolute path; importing torch needs a longer timeout)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert_keys_declared(at)
    return at


def open_page(page: str, query: dict | None = None) -> AppTest:
    """A fresh session opened from a link with `query`, then switched to `page` (e.g. "pages/build.py")."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert_page_ran(at)
    assert_keys_declared(at)
    return at


def assert_page_ran(at) -> None:
    """No part of the page failed: chrome.page turns an exception into a calm message, which would hide it."""
    failed = [STRINGS["page_failed"][lang] for lang in ("en", "zh")]
    assert not [e.value for e in at.error if e.value in failed], "the page failed: see the log for the traceback"


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def pytest_configure(config):
    # AppTest runs scripts outside a server; Streamlit then warns once per call. The noise hides failures.
    import logging
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.state.session_state_proxy").setLevel(logging.ERROR)


def assert_keys_declared(at) -> None:
    """Every session_state key the page set is declared in rnnviz/ui/session_keys.py."""
    undeclared = [key for key in at.session_state if not is_declared(key)]
    assert not undeclared, f"declare these in rnnviz/ui/session_keys.py: {undeclared}"
