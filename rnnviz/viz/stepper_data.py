"""What the in-browser stepper (rnnviz/web/stepper.js) draws for a trace, built once for every host: the app's
Step through and lessons (rnnviz.ui.step_view), the standalone page (rnnviz.standalone) and the notebook widget
(rnnviz.widget). No streamlit here: the caller says which unit, language and size.

stepper_content() is the versioned part of stepper.js's data (see rnnviz.ui.stepper for the whole contract);
static_data() the part every trace shares (colours)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import plotly.colors
from plotly.utils import PlotlyJSONEncoder

from rnnviz.figure_words import figure_words
from rnnviz.model.trace import Trace
from rnnviz.strings import translate
from rnnviz.viz.charts import chosen_quantities, figure_dict, key_quantities, line_chart_dict
from rnnviz.viz.choices import chart_rows, choice_content, choice_scope, equations_fit
from rnnviz.viz.colors import DIVERGING_SCALE, QUANTITY_COLORS
from rnnviz.viz.diagram import cell_diagram, diagram_values
from rnnviz.viz.equations import equation_template
from rnnviz.viz.heatmaps import heatmaps_dict
from rnnviz.viz.typed_arrays import typed_array

DEFAULT_LABELS = {
    "first": "first", "previous": "previous", "next": "next", "last": "last",
    "play": "play", "pause": "pause", "speed": "speed", "steps_per_second": "steps/s",
    "step": "step", "of": "of", "diagram": "cell diagram",
    # captions inside the diagram (text elements with a tkey)
    "forget_gate": "forget", "input_gate": "input", "candidate": "candidate",
    "output_gate": "output", "cell_state": "cell state", "update_gate": "update", "reset_gate": "reset",
    "next_step": "next step",
    "keys_help": "",  # shown in presenter mode only, when given
    # the toolbar's image menu: this step as PNG or SVG, a range of steps as a GIF ({k}, {n}, {unit} filled there)
    "image": "image", "image_help": "download as an image", "image_step": "this step",
    "image_png": "download this step as PNG", "image_svg": "download this step as SVG", "image_steps": "steps t",
    "image_from": "first step of the GIF", "image_to": "to", "image_until": "last step of the GIF",
    "image_gif": "download these steps as an animated GIF", "image_frame": "frame {k} of {n}",
    "image_cancel": "cancel", "image_cap": "at most {n} frames", "image_unit": "unit {unit}",
    "image_failed": "no image",
}
STEPPER_LABELS = ("first", "previous", "next", "last", "play", "pause", "speed", "steps_per_second", "step", "of",
                  "diagram", "forget_gate", "input_gate", "candidate", "output_gate", "cell_state", "update_gate",
                  "reset_gate", "next_step", "keys_help", "image", "image_help", "image_step", "image_png",
                  "image_svg", "image_steps", "image_from", "image_to", "image_until", "image_gif", "image_frame",
                  "image_cancel", "image_cap", "image_unit", "image_failed")
CHOICE_LABELS = ("layer", "direction", "dir_forward", "dir_reverse", "unit", "units")
# The line charts of longer runs draw a detail window of this many steps around the current step (the heatmaps
# give the overview); the window moves in half-window strides, so stepping inside it needs no new figure.
DETAIL_STEPS = 2000
PRESENTER_FONT_SCALE = 1.5  # figures on a projector



def detail_span(step: int, num_steps: int, size: int = DETAIL_STEPS) -> tuple[int, int] | None:
    """(t0, t1) of the line charts' window, or None when the whole run fits."""
    if num_steps <= size:
        return None
    half = size // 2
    start = min(max(0, (step // half) * half - half // 2), num_steps - size)
    return start, start + size - 1


def json_safe(obj):
    """Plain JSON types (numpy arrays become lists or plotly's typed-array dicts)."""
    if hasattr(obj, "to_plotly_json"):
        obj = obj.to_plotly_json()
    return json.loads(json.dumps(obj, cls=PlotlyJSONEncoder))


@dataclass(frozen=True)
class StepperView:
    """Which part of a trace the stepper shows, and how. units: the line charts' units (at most 8)."""
    layer: int = 0
    direction: int = 0
    unit: int = 0
    units: tuple[int, ...] = (0,)
    step: int = 0
    lang: str = "en"
    presenter: bool = False
    compact: bool = False  # home and lessons: the diagram and one chart of `quantities`
    quantities: tuple[str, ...] = ()
    choices: bool = False  # send every unit's numbers (within choice_budget) so the browser chooses units
    choice_budget: int | None = None  # bytes; None: rnnviz.viz.choices.CHOICE_BUDGET_BYTES
    fixed_equations: bool = False  # the chosen unit's equations at every step when the choices carry none
    tokens: dict = field(default_factory=dict)  # step_labels, unit_names, x_label (see step_view.token_labels)


def stepper_payload(trace: Trace, view: StepperView, params=None) -> dict:
    """diagram, values, figures, labels and (view.choices) choices for stepper.js; params: the weights for the
    equations (a state dict; trace.params when None)."""
    t = lambda key, **values: translate(key, view.lang, **values)  # noqa: E731
    params = trace.params if params is None else params
    font_scale = PRESENTER_FONT_SCALE if view.presenter else 1.0
    span = detail_span(view.step, trace.num_steps)
    scope = choice_scope(trace, view.choice_budget) if view.choices and not view.compact else None
    where = dict(layer=view.layer, direction=view.direction, batch=0)
    text = figure_words(view.lang)
    tokens = view.tokens
    names = {k: tokens[k] for k in ("step_labels", "unit_names") if k in tokens}
    if view.compact:
        lines = tuple(q for q in view.quantities if q in trace.quantities) or \
            tuple(q for q in ("c", "h") if q in trace.quantities)
        figures = [line_chart_dict(trace, units=view.units, quantities=lines, step=view.step, font_scale=font_scale,
                                   text=text, span=span, **names, **where)]
    else:
        # On a projector the line chart shares the first screen with the diagram: only the key quantities.
        lines = key_quantities(trace) if view.presenter else chosen_quantities(trace, None)
        figures = [line_chart_dict(trace, units=view.units, quantities=lines, step=view.step, font_scale=font_scale,
                                   text=text, span=span, **names, **where),
                   heatmaps_dict(trace, step=view.step, font_scale=font_scale, text=text, **names, **where)]
    payload = {
        "diagram": cell_diagram(trace.spec, direction=view.direction, of=t("of"), x_label=tokens.get("x_label")),
        "values": diagram_values(trace, unit=view.unit, **where),
        "figures": [figure_dict(fig) for fig in figures],
        "labels": {name: t(name) for name in STEPPER_LABELS + (CHOICE_LABELS if scope else ())},
        "shown": {"layer": view.layer, "direction": view.direction, "unit": view.unit},
    }
    if scope:
        payload["choices"] = choice_content(
            trace, scope=scope, layer=view.layer, direction=view.direction, units=view.units, span=span,
            heatmap_options=dict(step=view.step, font_scale=font_scale, text=text),
            words={"unit": text["unit"], "step": text["step"]}, rows=chart_rows(lines),
            params=params, unit_names=tokens.get("unit_names"), x_label=tokens.get("x_label"))
    if view.fixed_equations and params is not None and not (scope and equations_fit(trace, scope)):
        # a long run gets the equations of the line charts' detail window (as the live page draws them near the step)
        payload["equations"] = {"layer": view.layer, "direction": view.direction, "unit": view.unit,
                                "template": equation_template(trace, params, unit=view.unit, span=span, **where)}
    if scope or "equations" in payload:
        payload["labels"]["equations"] = t("equations", unit="{unit}", t="{t}")  # filled in the browser
    if span and "equations" in payload:
        payload["labels"]["equations_outside"] = t("equations_outside", t0=span[0], t1=span[1])
    return payload


def stepper_content(*, num_steps: int, diagram: dict, values: dict, figures: list, labels: dict,
                    presenter: bool = False, choices: dict | None = None, equations: dict | None = None,
                    shown: dict | None = None) -> tuple[dict, str]:
    """The versioned part of stepper.js's data, and its version (a hash: the browser rebuilds only when it
    changes). shown: the layer, direction and unit the diagram follows (the image title names them)."""
    for name, series in (values or {}).items():
        if len(series) != num_steps:
            raise ValueError(f"values[{name!r}] has {len(series)} steps; num_steps is {num_steps}")
    content = {
        "diagram": json_safe(diagram or {}),
        "values": {key: typed_array(series) for key, series in (values or {}).items()},
        "figures": [json_safe(f) for f in figures],
        "labels": {**DEFAULT_LABELS, **(labels or {})},
        "presenter": bool(presenter),
        "num_steps": num_steps,
    }
    if choices is not None:
        content["choices"] = choices
    if equations is not None:
        content["equations"] = json_safe(equations)
    if shown is not None:
        content["shown"] = json_safe(shown)
    version = hashlib.sha1(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    return content, version


def static_data() -> dict:
    """What every stepper gets whatever it shows: the diverging scale of value boxes and each quantity's colour."""
    return {"scale": plotly.colors.get_colorscale(DIVERGING_SCALE), "colors": QUANTITY_COLORS}
