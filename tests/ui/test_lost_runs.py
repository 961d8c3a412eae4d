"""lost_runs on the server side, through AppTest: what the page tells the browser each run (its session and how
many trained runs it holds), and what it says when the browser reports that the tab's previous session held runs.

AppTest runs no JavaScript; setting the component's state stands in for lost_runs.js reporting
(setStateValue("lost", {session, runs})). The browser side: tests/browser/test_lost_runs_browser.py.
"""
from __future__ import annotations

import json
import logging
import pathlib

import pytest
from streamlit.testing.v1 import AppTest

from rnnviz.strings import STRINGS

APP = str(pathlib.Path(__file__).resolve().parents[2] / "app.py")
KEY = "rnnviz_lost_runs"


@pytest.fixture(autouse=True)
def _quiet():
    # AppTest runs scripts outside a server; Streamlit then warns once per call.
    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def open_app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def told(at: AppTest) -> dict:
    """What the page sends lost_runs.js this run (the component is in the sidebar)."""
    found = [e for e in at.sidebar if getattr(e, "type", None) == "bidi_component"
             and e.proto.component_name == "rnnviz_lost_runs"]
    assert len(found) == 1, "the watcher is mounted once per run"
    return json.loads(found[0].proto.json)


def notices(at: AppTest) -> list[str]:
    prefixes = (STRINGS["lost_runs_many"]["en"][:20], STRINGS["lost_runs_many"]["zh"][:10])
    return [w.value for w in at.warning if w.value.startswith(prefixes)]


def report(at: AppTest, session: object, runs: object) -> None:
    """What the browser's setStateValue("lost", {session, runs}) does."""
    at.session_state[KEY] = {"lost": {"session": session, "runs": runs}}


def test_a_first_visit_says_nothing_and_the_page_tells_its_session_and_runs():
    at = open_app()
    first = told(at)
    assert set(first) == {"session", "runs"} and first["runs"] == 0 and len(first["session"]) == 32
    assert notices(at) == []
    at.session_state["rnnviz_runs"] = ["run 1", "run 2"]  # the Train page's finished runs (only counted here)
    run(at)
    assert told(at) == {"session": first["session"], "runs": 2}, "the same session, now with two runs"
    assert notices(at) == []
    assert told(open_app())["session"] != first["session"], "every session has its own name"


def test_a_reported_loss_is_said_once_on_its_page():
    at = open_app()
    report(at, "an-earlier-session", 1)
    run(at)
    assert notices(at) == [STRINGS["lost_runs_one"]["en"]]
    assert "1 trained run of this tab was lost" in notices(at)[0]
    run(at)  # the page's own reruns (a widget, the stepper reporting its step) keep the notice on the page
    assert len(notices(at)) == 1
    at.switch_page("pages/build.py")
    run(at)
    assert notices(at) == [], "moving to another page ends the notice"
    at.switch_page("pages/home.py")
    run(at)
    assert notices(at) == [], "the same lost session is not reported twice"
    report(at, "an-earlier-session", 1)  # the browser repeating an old report
    run(at)
    assert notices(at) == []
    report(at, "the-session-after-it", 3)  # lost again later: said again
    run(at)
    assert notices(at) == ["This tab is in a new session: the connection was restarted or moved to another server "
                           "(or the page was reloaded), and the 3 trained runs of this tab were lost. The view was "
                           "restored from the link; train again on the Train page."]


def test_the_notice_in_chinese_and_in_presenter_mode():
    at = open_app(lang="zh", present="1")
    assert at.session_state["rnnviz_view"].presenter
    assert told(at)["runs"] == 0, "mounted in the hidden sidebar, as the hotkeys are"
    report(at, "an-earlier-session", 2)
    run(at)
    assert notices(at) == [STRINGS["lost_runs_many"]["zh"].format(runs=2)]
    assert "2 次训练结果已丢失" in notices(at)[0]


@pytest.mark.parametrize("runs", [0, -1, True, "2", 1.5, None])
def test_a_malformed_report_is_ignored(runs):
    at = open_app()
    report(at, "an-earlier-session", runs)
    run(at)
    assert notices(at) == []
    report(at, None, 2)
    run(at)
    assert notices(at) == []
    at.session_state[KEY] = {"lost": "2 runs"}
    run(at)
    assert notices(at) == []
