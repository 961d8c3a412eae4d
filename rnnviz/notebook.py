"""widget(trace): the in-browser stepper in a notebook cell (Jupyter, JupyterLab, VS Code, Colab), an anywidget.

It draws and steps as the app's Step through and the standalone page do (cell diagram, charts, equations, the
buttons and keys), in the browser, with no round trip to the kernel. The step is synced both ways: `w.step` is
where the browser is (reported 300 ms after the user settles, not while playing), and `w.step = 7` moves the
browser there. The keys step while the stepper has the focus (a click on it gives it), so the notebook keeps its
own keys otherwise.

Nothing is fetched: plotly.js and KaTeX travel inside the widget's ES module, KaTeX's fonts inside its CSS (about
2.2 MB per widget shown, as the standalone page). The trace's numbers follow rnnviz.standalone's budget.

anywidget is not one of the app's requirements: `pip install anywidget` (or the extra `rnnviz[notebook]`)."""
from __future__ import annotations

import json
from functools import cache

try:
    import anywidget
    import traitlets
except ImportError as err:  # importing rnnviz never gets here: rnnviz.widget is looked up on first use
    raise ImportError("rnnviz.widget needs anywidget: pip install anywidget "
                      "(or pip install 'rnnviz[notebook]')") from err

from rnnviz import web
from rnnviz.checks import check_int
from rnnviz.model.trace import Trace
from rnnviz.standalone import offline_data


@cache
def widget_module() -> str:
    """The widget's ES module: plotly.js and KaTeX as strings (run once per page by widget.js), stepper.js, then
    widget.js, whose default export anywidget renders."""
    bundles = {"PLOTLY_SOURCE": web.vendored(web.PLOTLY_BUNDLE), "KATEX_SOURCE": web.vendored("katex/katex.min.js")}
    constants = "".join(f"const {name} = {json.dumps(path.read_text(encoding='utf-8'))};\n"
                        for name, path in bundles.items())
    return constants + web.stepper_script() + web.read("widget.js")


@cache
def widget_css() -> str:
    return web.katex_css() + web.read("stepper.css") + web.read("widget.css")


class _Step(traitlets.Int):
    """A step of the widget's trace: a whole number (numpy's too) from 0 to num_steps - 1, checked as every index
    is (rnnviz.checks.check_int)."""

    def validate(self, obj, value):
        try:
            return check_int("step", value, 0, obj.num_steps - 1)
        except ValueError as err:
            raise traitlets.TraitError(str(err)) from None


class StepperWidget(anywidget.AnyWidget):
    """The stepper for one trace. step: the step shown (0 .. num_steps-1), synced with the browser both ways;
    data: what stepper.js draws (rnnviz.standalone.offline_data), set once."""

    _esm = traitlets.Unicode().tag(sync=True)
    _css = traitlets.Unicode().tag(sync=True)
    data = traitlets.Dict(read_only=True).tag(sync=True)
    step = _Step(0).tag(sync=True)

    def __init__(self, data: dict, step: int = 0, **kwargs):
        self._initial_data = data  # read by the data trait's default, so the widget opens with it
        super().__init__(_esm=widget_module(), _css=widget_css(), step=step, **kwargs)

    @traitlets.default("data")
    def _data_default(self) -> dict:
        return self._initial_data

    @property
    def num_steps(self) -> int:
        return self.data["num_steps"]


def widget(trace: Trace, *, unit: int = 0, layer: int = 0, direction: int = 0, units=None, step: int = 0,
           lang: str = "en", presenter: bool = False, params=None, tokens: dict | None = None) -> StepperWidget:
    """The stepper for `trace` (batch element 0) as a notebook widget: show it as a cell's last expression (or
    display(w)); w.step reads and sets the step. The arguments are standalone_html's: unit: the unit the diagram
    and equations follow; units: the line charts' (at most 8; default the unit); step: where it opens; lang:
    "en" or "zh"; presenter: projector sizes; params: the weights for the equations (trace.params when None);
    tokens: step_labels / unit_names / x_label. The colours follow the notebook's theme."""
    data = offline_data(trace, unit=unit, layer=layer, direction=direction, units=units, step=step, lang=lang,
                        presenter=presenter, params=params, tokens=tokens, caller="rnnviz.widget")
    return StepperWidget(data, step=data["step"])
