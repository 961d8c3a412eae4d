"""A tiny app around stepper() for the browser test and for looking at the stepper by hand.

    streamlit run tests/ui/stepper_demo_app.py            (from the repository root)

Query parameters: cell=lstm|gru|rnn|jordan|peephole|coupled, presenter=1, step=<t>, steps=<T>, unit=<u>.
The test imports demo_trace() to compute the values it expects to see in the browser.
"""
from __future__ import annotations

import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `streamlit run` puts only this folder on sys.path
    sys.path.insert(0, str(ROOT))

from rnnviz import HeadSpec, ModelSpec, Network  # noqa: E402

SPECS = {
    "lstm": dict(cell="lstm"),
    "peephole": dict(cell="lstm", peephole=True),
    "coupled": dict(cell="lstm", coupled=True, peephole=True),
    "gru": dict(cell="gru"),
    "rnn": dict(cell="rnn"),
    "jordan": dict(cell="jordan", head=HeadSpec(2)),
}
SERVER_STEP_TEXT = "server step:"


def demo_trace(cell: str = "lstm", num_steps: int = 12):
    """A fixed-seed network (3 inputs, 4 units) run over a fixed-seed sequence."""
    spec = ModelSpec(input_size=3, hidden_size=4, **SPECS[cell])
    x = torch.randn(num_steps, 3, generator=torch.Generator().manual_seed(7))
    return Network(spec, seed=0).trace(x)


def main() -> None:
    import streamlit as st

    from rnnviz.ui.stepper import stepper
    from rnnviz.viz.charts import line_chart
    from rnnviz.viz.diagram import cell_diagram, diagram_values
    from rnnviz.viz.heatmaps import heatmaps

    st.set_page_config(page_title="stepper demo", layout="wide")
    params = st.query_params
    cell = params.get("cell", "lstm")
    presenter = params.get("presenter") == "1"
    unit = int(params.get("unit", 0))
    trace = demo_trace(cell, int(params.get("steps", 12)))
    scale = 1.4 if presenter else 1.0
    figures = [line_chart(trace, units=(unit,), font_scale=scale),
               heatmaps(trace, quantities=("h",), font_scale=scale)]
    # Like a real page: the step lives in the session; a ?step= link or a "jump" click moves it.
    if "demo_step" not in st.session_state or st.session_state.get("demo_link") != params.get("step"):
        st.session_state["demo_step"] = int(params.get("step", 0))
        st.session_state["demo_link"] = params.get("step")
    if st.button("jump to 2", key="jump"):
        st.session_state["demo_step"] = 2
    step = stepper(key="demo", num_steps=trace.num_steps, step=st.session_state["demo_step"],
                   diagram=cell_diagram(trace.spec), values=diagram_values(trace, unit=unit),
                   figures=figures, labels={}, presenter=presenter)
    st.session_state["demo_step"] = step
    st.write(f"{SERVER_STEP_TEXT} {step}")
    st.text_input("note", key="note")  # keys typed here must not move the stepper


if __name__ == "__main__":
    main()
