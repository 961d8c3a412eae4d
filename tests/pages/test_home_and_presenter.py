import json
from pathlib import Path

from rnnviz import ModelSpec, Network
from rnnviz.data.sequences import generate
from rnnviz.ui.presenter import PAGES
from rnnviz.viz.typed_arrays import decode_typed_array


def stepper_data(at) -> dict:
    element = next(e for e in at.main if getattr(e, "type", None) == "bidi_component")
    return json.loads(element.proto.json)


def test_home_shows_the_sessions_network_live(app):
    data = stepper_data(app)
    assert data["num_steps"] == 24
    c = Network(ModelSpec("lstm", 1, 4)).trace(generate("sine", 24, 1))["c"][0, 0, 0, :, 0]
    assert decode_typed_array(data["values"]["c"]).tolist() == c.tolist()  # exact: float32 both ways
    assert len(data["figures"]) == 1  # compact: one chart of c and h beside the diagram
    links = [p.proto.page for p in app.get("page_link")]
    assert links == ["build", "step_through", "lessons", "train"]


def test_presenter_mode_on_and_off(app):
    app.toggle(key="sb_present").set_value(True).run()
    assert app.session_state["rnnviz_view"].presenter
    styles = [m.value for m in app.markdown if "<style>" in m.value]
    assert styles and "html { font-size: clamp(" in styles[0] and 'data-testid="stSidebar"' in styles[0]
    assert stepper_data(app)["presenter"] is True
    assert not app.title  # the compact bar replaces the title
    assert [p.proto.page for p in app.get("page_link")][:7] == [Path(page).stem for page, *_ in PAGES]
    app.button(key="exit_present").click().run()
    assert not app.session_state["rnnviz_view"].presenter
    assert not [m for m in app.markdown if "<style>" in m.value]
    assert app.title[0].value == "rnnviz — see inside recurrent networks"
