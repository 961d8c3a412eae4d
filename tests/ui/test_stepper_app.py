"""stepper() on the server side, through AppTest: the data contract and the step it returns.

AppTest runs no JavaScript; setting the component's session state stands in for the browser reporting
a step (what setStateValue("position", {step, seq}) does).
"""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from rnnviz.viz.typed_arrays import decode_typed_array

DEMO = str(Path(__file__).resolve().parents[1] / "browser" / "stepper_demo_app.py")  # AppTest needs an absolute path


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
    assert data["plotly_url"] == "app/static/plotly-cartesian.min.js"  # the browser resolves it against the app root
    assert all(decode_typed_array(series).shape[0] == 12 for series in data["values"].values())
    markers = [s for f in data["figures"] for s in f["layout"].get("shapes", []) if s.get("name") == "step-marker"]
    assert markers, "the charts carry step markers for the browser to move"
    assert data["labels"]["next"] == "next"

    version = data["version"]
    run(at)  # a rerun with the same data keeps the version: the browser does not rebuild
    assert component_data(at)["version"] == version
    at.query_params["unit"] = "1"
    run(at)
    assert component_data(at)["version"] != version


def report(at: AppTest, step: int, seq: int) -> None:
    """What the browser's setStateValue("position", {step, seq}) does."""
    at.session_state["demo"] = {"position": {"step": step, "seq": seq}}


def test_browser_reports_count_only_after_the_latest_server_move():
    at = run(AppTest.from_file(DEMO, default_timeout=30))
    assert component_data(at)["seq"] == 0
    report(at, 7, seq=0)  # the user stepped to 7 in the browser
    assert server_step(run(at)) == "server step: 7"
    assert component_data(at)["seq"] == 0, "following the browser is not a server move"

    at.button(key="jump").click()  # the server moves the step (like Reset or a fed step)
    assert server_step(run(at)) == "server step: 2"
    assert component_data(at) == {**component_data(at), "step": 2, "seq": 1}
    assert server_step(run(at)) == "server step: 2", "the browser's old report (seq 0) no longer counts"

    report(at, 7, seq=0)  # a report made before the browser saw the move: ignored
    assert server_step(run(at)) == "server step: 2"
    report(at, 5, seq=1)  # the browser applied the move, then the user stepped on
    assert server_step(run(at)) == "server step: 5"

    report(at, 50, seq=1)  # out of range (e.g. a shorter trace): clamped
    assert server_step(run(at)) == "server step: 11"
