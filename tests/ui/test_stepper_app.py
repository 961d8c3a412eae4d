"""stepper() on the server side, through AppTest: the data contract and the step it returns.

AppTest runs no JavaScript; setting the component's session state stands in for the browser reporting
a step (what setStateValue("step", t) does).
"""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

DEMO = str(Path(__file__).resolve().parent / "stepper_demo_app.py")  # AppTest needs an absolute path


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def component_data(at: AppTest) -> dict:
    element = next(e for e in at.main.children.values() if getattr(e, "type", None) == "bidi_component")
    return json.loads(element.proto.json)


def server_step(at: AppTest) -> str:
    return at.markdown[0].value


def test_demo_app_runs_and_sends_the_contract():
    at = run(AppTest.from_file(DEMO, default_timeout=30))
    assert server_step(at) == "server step: 0"
    data = component_data(at)
    assert data["num_steps"] == 12 and data["step"] == 0
    assert {"version", "diagram", "values", "figures", "labels", "scale", "colors", "plotly_url"} <= set(data)
    assert data["plotly_url"] == "/app/static/plotly.min.js"
    assert all(len(series) == 12 for series in data["values"].values())
    markers = [s for f in data["figures"] for s in f["layout"].get("shapes", []) if s.get("name") == "step-marker"]
    assert markers, "the charts carry step markers for the browser to move"
    assert data["labels"]["next"] == "next"

    version = data["version"]
    run(at)  # a rerun with the same data keeps the version: the browser does not rebuild
    assert component_data(at)["version"] == version
    at.query_params["unit"] = "1"
    run(at)
    assert component_data(at)["version"] != version


def test_returns_the_browser_step_and_honours_server_moves_but_not_echoes():
    at = run(AppTest.from_file(DEMO, default_timeout=30))
    at.session_state["demo"] = {"step": 7}  # the browser reports step 7
    assert server_step(run(at)) == "server step: 7"

    at.query_params["step"] = "9"  # the server moves the step (e.g. a shared link)
    assert server_step(run(at)) == "server step: 9"
    assert component_data(at)["step"] == 9
    assert server_step(run(at)) == "server step: 9", "still 9 until the browser reports the jump"

    at.session_state["demo"] = {"step": 3}  # the user steps back in the browser
    at.query_params["step"] = "7"  # a stale echo of an earlier browser report must not win
    assert server_step(run(at)) == "server step: 3"

    at.session_state["demo"] = {"step": 50}  # out of range (e.g. a shorter trace): clamped
    assert server_step(run(at)) == "server step: 11"
