import pathlib

import pytest
from streamlit.testing.v1 import AppTest

APP = str(pathlib.Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app():
    """A fresh app session (AppTest needs an absolute path; importing torch needs a longer timeout)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def errors(at) -> list[str]:
    return [e.value for e in at.error]
