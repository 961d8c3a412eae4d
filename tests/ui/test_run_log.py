"""RNNVIZ_RUN_LOG: one line per script run (end time, page, wall ms, CPU ms), written by the real app.

Without the variable, nothing is written."""
from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from rnnviz.ui import runtime
from tests.pages.conftest import APP


def test_a_run_is_logged_with_its_page_and_times(tmp_path, monkeypatch):
    log = tmp_path / "runs.log"
    monkeypatch.setenv("RNNVIZ_RUN_LOG", str(log))
    before = time.time()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    end, page, wall, cpu = log.read_text().splitlines()[-1].split()
    assert page == "home" and float(end) >= before
    assert 0 < float(cpu) and 0 < float(wall) < 60_000


def test_wall_and_cpu_time_of_a_block(tmp_path, monkeypatch):
    log = tmp_path / "runs.log"
    monkeypatch.setenv("RNNVIZ_RUN_LOG", str(log))
    with runtime.timed_run("build"):
        time.sleep(0.05)  # wall time, no CPU
    _, page, wall, cpu = log.read_text().split()
    assert page == "build" and float(wall) >= 50 and float(cpu) < float(wall)  # a sleep costs wall time, not CPU


def test_nothing_is_written_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("RNNVIZ_RUN_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    with runtime.timed_run("home"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_an_error_in_the_run_is_still_logged_and_raised(tmp_path, monkeypatch):
    log = tmp_path / "runs.log"
    monkeypatch.setenv("RNNVIZ_RUN_LOG", str(log))
    with pytest.raises(RuntimeError):
        with runtime.timed_run("lessons"):
            raise RuntimeError("boom")
    assert log.read_text().split()[1] == "lessons"
