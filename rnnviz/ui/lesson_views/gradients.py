"""Views for gradients through time: the repeated weight, gradient norms per step, the loss surface with
descent paths, and the forget gate's bias. Every number comes from rnnviz.learn.gradients."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from rnnviz.data.sequences import generate
from rnnviz.learn import gradients as g
from rnnviz.model.network import Network
from rnnviz.model.spec import ModelSpec
from rnnviz.ui import session
from rnnviz.ui.presenter import figure_scale
from rnnviz.viz import gradient_figures as figs


def _words() -> dict:
    t = session.t
    return {"step_axis": t("chart_step_axis"), "abs_h": t("grad_abs_h"), "grad_x": t("grad_norm_x"),
            "grad_h": t("grad_norm_h"), "underflow": t("grad_underflow_at"), "w_axis": t("grad_w_axis"),
            "u_axis": t("grad_u_axis"), "log_loss": t("grad_log_loss"), "start": t("grad_start"),
            "thrown": t("grad_thrown"), "iteration": t("grad_iteration"), "loss_axis": t("grad_loss_axis")}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sci(value) -> str:
    """A number as a learner reads it, 7 significant digits: 20751.64, 4.360732 × 10⁻⁵, 1 × 10⁻¹⁹⁹⁸.

    Floats and Decimals print alike (through Decimal), so the float64 run and the exact value line up.
    """
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))  # repr: the float's shortest digits
    if d == 0:
        return "0"
    if -3 <= d.adjusted() < 6:
        return f"{float(d):.7g}"
    exponent = d.adjusted()
    mantissa = f"{d.scaleb(-exponent):.7g}"
    return f"{mantissa} × 10{str(exponent).translate(_SUPERSCRIPT)}"


# --- 1. the same weight, again and again -------------------------------------------------------------
REFERENCE_COLORS = {"1.01": "#D55E00", "1": "#7F7F7F", "0.99": "#009E73", "0.01": "#CC79A7"}
CHOSEN_COLOR = "#0072B2"


@st.cache_data(max_entries=64, show_spinner=False)
def _trajectory(w: float, steps: int):
    return g.repeated_weight_trajectory(w, steps)


def _explorer_w(lesson) -> float:
    """The recurrent weight of the one-unit network the explorer shows: the view follows the page's one w (its
    presets, the weight beside the diagram, the buttons below). Another model on screen: the first preset's w."""
    view = session.view()
    if view.lesson == lesson.id and view.spec == lesson.presets[0].spec:
        return round(float(session.network().state_dict()["weight_hh_l0"][0, 0]), 6)
    return round(float(lesson.presets[0].weights["weight_hh_l0"][0][0]), 6)


def _open_w(lesson_id: str, value: float) -> None:
    """Open the lesson's preset with this w, so the preset choice, the explorer and this view agree."""
    from rnnviz.lessons import lesson_by_id
    from rnnviz.ui.lessons_ui import open_preset  # (lessons_ui draws these views: imported when pressed)
    presets = lesson_by_id(lesson_id).presets
    index = next(k for k, p in enumerate(presets) if float(p.weights["weight_hh_l0"][0][0]) == value)
    open_preset(lesson_id, index)  # the lesson page's preset choice follows the view on the next run


def render_repeated_weight(lesson, params: dict) -> None:
    t = session.t
    steps = int(params.get("steps", 1000))
    course = params.get("course", {})  # "w" -> what the course writes
    power = str(steps - 1).translate(_SUPERSCRIPT)
    st.markdown(f"#### {t('grad_repeat_title', steps=steps, n=steps - 1, power=power)}")
    w = _explorer_w(lesson)
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.caption(t("grad_w_follows", w=f"{w:g}"))
        for col, value in zip(st.columns(len(course) or 1), course):
            col.button(f"w = {value}", key=f"lv_grad_w_{value}", on_click=_open_w, args=(lesson.id, float(value)),
                       type="primary" if float(value) == w else "secondary", width="stretch")
        run = _trajectory(w, steps)
        exact = g.repeated_weight_exact(w, steps)
        st.metric(t("grad_output_run", steps=steps), _sci(run[-1]))
        st.metric(t("grad_output_exact", power=power), _sci(exact))
        underflow = g.underflow_step(run)
        if underflow is not None:
            st.info(t("grad_underflow_note", step=underflow, exact=_sci(exact)), icon=":material/info:")
    with picture:  # the course's values for reference; 0.01 dives off the chart at once, so only when chosen
        series = [(f"w = {v}", _trajectory(float(v), steps), REFERENCE_COLORS.get(v, "#7F7F7F"), False)
                  for v in course if float(v) != w and float(v) != 0.01]
        series.append((f"w = {w:g}", run, CHOSEN_COLOR, True))
        st.plotly_chart(figs.repeated_weight_figure(series, font_scale=figure_scale(), text=_words()), width="stretch")
    rows = []
    for value, written in course.items():
        out = _trajectory(float(value), steps)
        rows.append({"w": value, t("grad_col_course"): written,
                     t("grad_col_exact", power=power): _sci(g.repeated_weight_exact(float(value), steps)),
                     t("grad_col_run"): _sci(out[-1])})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


# --- 2. gradient norms through time, per cell kind ---------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def _flow(steps: int, input_size: int, hidden: int, seed: int, gain: float, open_bias: float):
    """Read-only results for given settings (shared between sessions; cache_data hands out copies)."""
    x = generate("random", steps, input_size, {"seed": seed})
    out = {}
    for kind in ("rnn", "gru", "lstm"):
        net = g.with_recurrent_gain(Network(ModelSpec(kind, input_size, hidden), seed=seed), gain)
        out[kind] = g.gradient_norms_through_time(net, x)
        if kind == "lstm":
            out["lstm_open"] = g.gradient_norms_through_time(g.with_forget_bias(net, open_bias), x)
    return out


@st.fragment  # its widgets rerun this view only, not the page and the explorer
def render_gradient_flow(lesson, params: dict) -> None:
    t = session.t
    steps, input_size, hidden = int(params.get("steps", 100)), int(params.get("input_size", 4)), \
        int(params.get("hidden_size", 16))
    seed, open_bias = int(params.get("seed", 0)), float(params.get("open_bias", 2.0))
    st.markdown(f"#### {t('grad_flow_title')}")
    st.caption(t("grad_flow_setup", steps=steps, input_size=input_size, hidden=hidden, seed=seed))
    gains = list(params.get("gains", (0.5, 1.0, 2.0, 3.0, 4.0, 6.0)))
    gain = st.columns([2, 3])[0].select_slider(t("grad_gain"), options=gains, value=1.0, key="lv_grad_gain",
                                               help=t("grad_gain_help"))
    norms = _flow(steps, input_size, hidden, seed, float(gain), open_bias)
    names = {"rnn": t("grad_kind_rnn"), "gru": t("grad_kind_gru"), "lstm": t("grad_kind_lstm"),
             "lstm_open": t("grad_kind_lstm_open", bias=f"{open_bias:+g}")}
    series = [(f"{names[k]} — {t('grad_reach_short')} {g.gradient_reach(n):.1e}", n, figs.CELL_COLORS[k])
              for k, n in norms.items()]
    st.plotly_chart(figs.gradient_norms_figure(series, font_scale=figure_scale(), text=_words()), width="stretch")
    st.caption(t("grad_reach_caption", steps=steps))


# --- 3. the loss surface and gradient descent with and without clipping ------------------------------
@st.cache_data(max_entries=8, show_spinner=False)
def _surface(w_range: tuple, u_range: tuple, resolution: int):
    return g.loss_surface(w_range, u_range, resolution=resolution)


@st.cache_data(max_entries=64, show_spinner=False)
def _path(start: tuple, lr: float, steps: int, clip):
    path = g.descent_path(start, lr, steps, clip)
    return path.points, path.losses, path.step_lengths, path.grad_norms


@st.fragment  # its widgets rerun this view only, not the page and the explorer
def render_loss_surface(lesson, params: dict) -> None:
    t = session.t
    task = g.TASK
    w_range, u_range = tuple(params.get("w_range", (0.0, 4.0))), tuple(params.get("u_range", (-2.0, 2.0)))
    steps = int(params.get("descent_steps", 200))
    st.markdown(f"#### {t('grad_surface_title')}")
    st.caption(t("grad_surface_setup", steps=task.steps, h0=task.h0, target=task.target))
    c1, c2, c3, c4 = st.columns(4)
    start_w = c1.number_input(t("grad_start_w"), min_value=w_range[0], max_value=w_range[1],
                              value=float(params.get("start", (2.5, 0.75))[0]), step=0.05, key="lv_grad_start_w")
    start_u = c2.number_input(t("grad_start_u"), min_value=u_range[0], max_value=u_range[1],
                              value=float(params.get("start", (2.5, 0.75))[1]), step=0.05, key="lv_grad_start_u")
    lr = c3.select_slider(t("grad_lr"), options=[0.03, 0.1, 0.2, 0.3, 0.5], value=float(params.get("lr", 0.3)),
                          key="lv_grad_lr")
    clip = c4.select_slider(t("grad_clip"), options=[0.1, 0.3, 1.0, 3.0, 10.0], value=float(params.get("clip", 1.0)),
                            key="lv_grad_clip", help=t("grad_clip_help"))
    W, U, L = _surface(w_range, u_range, int(params.get("resolution", 100)))
    start = (float(start_w), float(start_u))
    free = _path(start, float(lr), steps, None)
    clipped = _path(start, float(lr), steps, float(clip))
    label_free, label_clip = t("grad_path_free"), t("grad_path_clipped", clip=clip)
    surface, losses = st.columns([3, 2], gap="medium")
    with surface:
        # the unclipped path last and thinner: where both walk the same way, it shows inside the clipped one
        paths = [(label_clip, clipped[0], figs.CLIPPED_COLOR, 6), (label_free, free[0], figs.UNCLIPPED_COLOR, 2)]
        st.plotly_chart(figs.loss_surface_figure(W, U, L, paths, font_scale=figure_scale(), text=_words()),
                        width="stretch")
    with losses:
        st.plotly_chart(figs.descent_loss_figure([(label_free, free[1], figs.UNCLIPPED_COLOR),
                                                  (label_clip, clipped[1], figs.CLIPPED_COLOR)],
                                                 font_scale=figure_scale(), text=_words()), width="stretch")
    rows = [{"": label, t("grad_col_longest"): f"{p[2].max():.3g}", t("grad_col_at"): int(p[2].argmax()) + 1,
             t("grad_col_biggest_grad"): f"{p[3].max():.3g}", t("grad_col_final_loss"): f"{p[1][-1]:.3g}",
             t("grad_col_end"): f"({p[0][-1, 0]:.3g}, {p[0][-1, 1]:.3g})"}
            for label, p in ((label_free, free), (label_clip, clipped))]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


# --- 4. the forget gate's bias -------------------------------------------------------------------------
@st.cache_data(max_entries=8, show_spinner=False)
def _forget(steps: int, input_size: int, hidden: int, seed: int, biases: tuple):
    x = generate("random", steps, input_size, {"seed": seed})
    base = Network(ModelSpec("lstm", input_size, hidden), seed=seed)
    out = []
    for bias in biases:
        net = g.with_forget_bias(base, bias)
        out.append((bias, g.gradient_norms_through_time(net, x), g.mean_forget_gate(net, x)))
    return out


def _signed(value: float) -> str:
    return f"{value:+g}" if value else "0"


def render_forget_bias(lesson, params: dict) -> None:
    t = session.t
    steps, input_size, hidden = int(params.get("steps", 100)), int(params.get("input_size", 4)), \
        int(params.get("hidden_size", 16))
    seed = int(params.get("seed", 0))
    biases = tuple(float(b) for b in params.get("biases", (0.0, 1.0, 3.0)))
    st.markdown(f"#### {t('grad_forget_title')}")
    results = _forget(steps, input_size, hidden, seed, biases)
    chart, table = st.columns([3, 2], gap="large")
    with chart:
        last = len(figs.FORGET_SHADES) - 1
        series = [(t("grad_forget_line", bias=_signed(b)), n, figs.FORGET_SHADES[min(k, last)],
                   figs.FORGET_DASHES[min(k, last)]) for k, (b, n, _f) in enumerate(results)]
        st.plotly_chart(figs.gradient_norms_figure(series, font_scale=figure_scale(), text=_words(), label_ends=True),
                        width="stretch")
    with table:
        rows = [{t("grad_col_bias"): _signed(b), t("grad_col_mean_f"): f"{f:.3f}",
                 t("grad_col_reach", steps=steps): f"{g.gradient_reach(n):.2e}"} for b, n, f in results]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.caption(t("grad_forget_caption"))

