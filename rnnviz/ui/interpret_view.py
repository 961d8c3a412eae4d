"""The Interpret page's parts: which trained run and which data; then the text view, the unit finder, pattern
search, gate saturation and memory reach. The numbers come from rnnviz.learn.interpret and .probe; the
figures from rnnviz.viz.interpret_figures.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.learn import interpret
from rnnviz.learn.probe import Probe, probe_for, probe_text
from rnnviz.model.trace import Trace
from rnnviz.ui import session, session_keys, trained_runs
from rnnviz.ui.presenter import figure_scale
from rnnviz.ui.string_families import family_key
from rnnviz.viz import interpret_figures as figs
from rnnviz.viz.colors import QUANTITY_COLORS, is_gate

P = "in_"  # widget keys of this page
MAX_TEXT_VIEW = 3000  # characters drawn in the text view (the rest is still analysed)


def run_picker():
    """The trained run to look into (the one last trained or chosen on the Train page)."""
    t = session.t
    runs = trained_runs.all_runs()
    if not runs:
        st.info(t("in_no_runs"))
        st.page_link("pages/train.py", label=t("in_go_train"), icon=":material/model_training:")
        return None
    return trained_runs.run_selector(t("in_run"), runs, P + "run",
                                     lambda r: f"{r.label} · {t(family_key('task_{}', r.task.key))}")


def _source_choices(task) -> list[str]:
    choices = ["text"] if task.text is not None else []
    choices.append("train")
    if task.x_test is not None:
        choices.append("test")
    return choices + (["typed"] if task.vocab is not None else [])


def data_picker(run) -> tuple[Probe, Trace] | None:
    """Which sequences to read, traced once per choice (kept for this session only)."""
    t = session.t
    task = run.task
    choices = _source_choices(task)
    source = st.radio(t("in_data"), choices, key=P + "source", horizontal=True,
                      format_func=lambda s: t(family_key("in_data_{}", s)))
    typed = ""
    if source == "typed":
        typed = st.text_input(t("in_typed"), key=P + "typed", placeholder=t("in_typed_hint"))
        if not typed:
            st.info(t("in_typed_needed"))
            return None
    key = (run.id, source, typed)
    cached = st.session_state.get(session_keys.PROBE)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    try:
        probe = probe_text(task, typed) if source == "typed" else probe_for(task, source)
        trace = run.net.trace(probe.x)
    except ValueError as err:
        st.error(t("in_bad_data", error=err))
        return None
    st.session_state[session_keys.PROBE] = (key, probe, trace)
    return probe, trace


def quantity_controls(trace: Trace, key: str, *, gates_only: bool = False) -> tuple[str, int, int]:
    t = session.t
    spec = trace.spec
    quantities = [q for q in trace.quantities if q != "y" and (not gates_only or is_gate(q))]
    c1, c2, c3 = st.columns(3)
    default = next((q for q in ("c", "h") if q in quantities), quantities[0])
    quantity = c1.selectbox(t("in_quantity"), quantities, index=quantities.index(default), key=P + key + "_q",
                            format_func=lambda q: t(family_key("q_{}", q)))
    layer = c2.selectbox(t("layer"), range(spec.num_layers), key=P + key + "_layer") if spec.num_layers > 1 else 0
    direction = (c3.selectbox(t("direction"), range(spec.num_directions), key=P + key + "_dir",
                              format_func=lambda d: t("dir_reverse" if d else "dir_forward"))
                 if spec.num_directions > 1 else 0)
    return quantity, int(layer), int(direction)


def _sequence_picker(probe: Probe, key: str) -> int:
    if probe.num_sequences == 1:
        return 0
    return int(st.number_input(session.t("in_sequence"), 0, probe.num_sequences - 1, 0, key=P + key + "_seq"))


# --- the unit finder ---------------------------------------------------------------------------------------
def _feature_controls(probe: Probe) -> tuple[str, np.ndarray] | None:
    t = session.t
    names = probe.feature_names()
    if not names:
        st.info(t("in_no_features"))
        return None
    c1, c2 = st.columns(2)
    name = c1.selectbox(t("in_feature"), names, key=P + "feature", format_func=lambda f: t(family_key("feat_{}", f)))
    kwargs = {}
    if name == "char_class":
        kwargs["char_class"] = c2.selectbox(t("in_char_class"), interpret.CHAR_CLASSES, key=P + "char_class",
                                            format_func=lambda c: t(family_key("cc_{}", c)))
    if name == "regex":
        kwargs["pattern"] = c2.text_input(t("in_regex"), value=r"[aeiou]", key=P + "regex")
    try:
        return t(family_key("feat_{}", name)), probe.feature(name, **kwargs)
    except ValueError as err:
        st.error(t("in_bad_feature", error=err))
        return None


def unit_finder(probe: Probe, trace: Trace) -> None:
    t = session.t
    st.caption(t("in_finder_lead"))
    quantity, layer, direction = quantity_controls(trace, "find")
    picked = _feature_controls(probe)
    if picked is None:
        return
    feature_name, feature = picked
    values = probe.pooled(probe.values(trace, quantity, layer, direction))
    if interpret.is_constant(feature):
        st.warning(t("in_constant_feature", feature=feature_name))
        return
    ranking = interpret.rank_units(values, feature)
    best = ranking.iloc[0]
    st.markdown(t("in_best_unit", unit=int(best["unit"]), quantity=quantity, r=float(best["correlation"]),
                  feature=feature_name, n=len(feature)))
    left, right = st.columns(2, gap="large")
    left.plotly_chart(figs.unit_ranking_chart(ranking, title=t("in_ranking_title", feature=feature_name),
                                              x_title=t("in_correlation"), unit_label=t("we_unit")),
                      width="stretch", key=P + "rank")
    units = ranking["unit"].astype(int).tolist()
    unit = right.selectbox(t("in_unit_ranked"), units, key=P + "find_unit",
                           format_func=lambda u: f"{quantity}[{u}]  r = "
                                                 f"{float(ranking.set_index('unit').loc[u, 'correlation']):+.3f}")
    r = float(ranking.set_index("unit").loc[unit, "correlation"])
    right.plotly_chart(figs.feature_scatter(values[:, unit], feature,
                                            title=t("in_scatter_title", quantity=quantity, unit=unit, r=r),
                                            x_title=feature_name, y_title=f"{quantity}[{unit}]",
                                            color=QUANTITY_COLORS.get(quantity, "#444")),
                       width="stretch", key=P + "scatter")
    st.session_state[P + "finder_pick"] = (quantity, layer, direction, unit)
    st.session_state[P + "finder_ranking"] = (quantity, layer, direction, feature_name,
                                               list(zip(units, ranking["correlation"].astype(float))))


# --- the text view and pattern search ---------------------------------------------------------------------
def _unit_choice(trace: Trace, quantity: str, layer: int, direction: int, key: str) -> int:
    """The unit to colour by, from a list ranked by the unit finder (its feature and quantity) when it has
    ranked this quantity, else in unit order; the finder's chosen unit comes first selected."""
    t = session.t
    size = trace[quantity].shape[-1]
    found = st.session_state.get(P + "finder_ranking")
    if found and found[:3] == (quantity, layer, direction):
        feature, ranking = found[3], found[4]
        units = [u for u, _ in ranking]
        labels = {u: f"{quantity}[{u}]  r = {r:+.3f}" for u, r in ranking}
        help_text = t("in_unit_ranked_help", feature=feature)
    else:
        units, labels, help_text = list(range(size)), {u: f"{quantity}[{u}]" for u in range(size)}, t("in_unit_help")
    picked = st.session_state.get(P + "finder_pick")
    index = (units.index(picked[3]) if picked and picked[:3] == (quantity, layer, direction) and picked[3] in units
             else 0)
    widget = f"{P}{key}_unit_{quantity}_{layer}_{direction}_{len(units)}"
    return int(st.selectbox(t("in_unit"), units, index=index, key=widget, format_func=labels.get, help=help_text))


def text_view(probe: Probe, trace: Trace) -> None:
    t = session.t
    if probe.texts is None:
        st.info(t("in_no_text"))
        return
    st.caption(t("in_text_lead"))
    quantity, layer, direction = quantity_controls(trace, "text")
    unit = _unit_choice(trace, quantity, layer, direction, "text")
    b = _sequence_picker(probe, "text")
    n = probe.length(b)
    values = probe.values(trace, quantity, layer, direction)[b, :n, unit]
    text = probe.texts[b]
    st.html(figs.text_heat_html(text, values, quantity, max_chars=MAX_TEXT_VIEW, font_size=20 * figure_scale(),
                                cut_note=t("in_text_cut")))


def pattern_search(probe: Probe, trace: Trace) -> None:
    t = session.t
    st.caption(t("in_pattern_lead"))
    quantity, layer, direction = quantity_controls(trace, "pat")
    b = _sequence_picker(probe, "pat")
    n = probe.length(b)
    values = probe.values(trace, quantity, layer, direction)[b, :n]
    if n < 2:
        st.info(t("in_pattern_short"))
        return
    gate = is_gate(quantity)
    c1, c2 = st.columns([2, 1])
    start, end = c1.slider(t("in_pattern_range"), 0, n - 1, (0, min(n - 1, 4)), key=P + "pat_range")
    low, high = (0.0, 1.0) if gate else (float(values.min()), float(values.max()))
    threshold = c2.slider(t("in_threshold"), low, high, 0.5 if gate else 0.0, key=P + "pat_threshold")
    suggested = interpret.units_on(values, start, end, threshold)
    units = st.multiselect(t("in_pattern_units"), list(range(values.shape[1])), default=suggested,
                           key=P + f"pat_units_{start}_{end}_{threshold:.3f}", help=t("in_pattern_units_help"))
    if not units:
        st.info(t("in_pattern_pick_units"))
        return
    try:
        matches = interpret.pattern_search(values, start, end, units, threshold)
    except ValueError as err:
        st.error(t("in_bad_pattern", error=err))
        return
    text = probe.texts[b] if probe.texts is not None else None
    rows = [{t("in_col_start"): int(m.start), t("in_col_end"): int(m.end), t("in_col_score"): f"{m.score:.0%}",
             **({t("in_col_text"): text[int(m.start):int(m.end) + 1]} if text else {})} for m in matches.itertuples()]
    query = text[start:end + 1] if text else ""
    st.markdown(t("in_pattern_found", n=len(rows), units=len(units), query=query or f"{start}–{end}"))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if text:
        st.caption(t("in_pattern_shown", unit=units[0]))
        st.html(figs.text_heat_html(text, values[:, units[0]], quantity, query=(start, end),
                                    highlights=[(int(m.start), int(m.end)) for m in matches.itertuples()],
                                    max_chars=MAX_TEXT_VIEW, font_size=20 * figure_scale(), cut_note=t("in_text_cut")))


# --- gates and memory ----------------------------------------------------------------------------------------
def gate_saturation(probe: Probe, trace: Trace) -> None:
    t = session.t
    st.caption(t("in_saturation_lead"))
    spec = trace.spec
    if spec.cell not in ("lstm", "gru"):
        st.info(t("in_no_gates"))
        return
    layer = int(st.selectbox(t("layer"), range(spec.num_layers), key=P + "sat_layer")) if spec.num_layers > 1 else 0
    table = interpret.gate_saturation(trace, layer=layer, direction=0)
    names = {q: t(family_key("q_{}", q)) for q in table["gate"].unique()}
    st.plotly_chart(figs.saturation_scatter(table, title=t("in_saturation_title"), x_title=t("in_left_saturated"),
                                            y_title=t("in_right_saturated"), names=names,
                                            unit_label=t("we_unit")),
                    width="stretch", key=P + "saturation")
    summary = table.groupby("gate")[["left", "right"]].mean().reset_index()
    st.caption(" · ".join(t("in_saturation_row", gate=names[row.gate], left=row.left, right=row.right)
                          for row in summary.itertuples()))


def memory_reach(probe: Probe, run) -> None:
    t = session.t
    st.caption(t("in_reach_lead"))
    b = _sequence_picker(probe, "reach")
    n = probe.length(b)
    x = probe.x[b, :n]
    # The last step by default, or the last one memory reach may read from (a one-direction network reads
    # only the steps up to it): a long text then opens on a reach that can be drawn.
    default = n - 1 if n <= interpret.MAX_REACH_STEPS else interpret.MAX_REACH_STEPS - 1
    step = int(st.slider(t("in_reach_step"), 0, n - 1, default, key=P + f"reach_step_{b}_{n}"))
    others = [r for r in trained_runs.all_runs() if r.task_key == run.task_key]
    curves, lengths = {}, []
    # A backward pass per run: kept for this probe, sequence and step, so other widgets' reruns reuse it.
    where = (st.session_state[session_keys.PROBE][0], b, step)
    kept = st.session_state.get(P + "reach_kept")
    if kept is None or kept[0] != where:
        kept = st.session_state[P + "reach_kept"] = (where, {})
    for other in others:
        try:
            if other.id not in kept[1]:
                kept[1][other.id] = interpret.memory_reach(other.net, x, step)
            norms = kept[1][other.id]
        except ValueError as err:
            st.warning(t("in_reach_skipped", run=other.label, error=err))
            continue
        curves[other.label] = norms
        lengths.append(t("in_reach_length", run=other.label, steps=interpret.reach_length(norms, step=step)))
    if not curves:
        return
    st.plotly_chart(figs.memory_reach_chart(curves, step, title=t("in_reach_title", step=step),
                                            x_title=t("in_reach_x"), y_title=t("in_reach_y")),
                    width="stretch", key=P + "reach")
    st.caption(" · ".join(lengths))
    cells = {r.net.spec.cell for r in others}
    if not {"rnn", "lstm"} <= cells:
        st.info(t("in_reach_compare_hint"))
