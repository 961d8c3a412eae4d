"""The Interpret page's parts: which trained run and which data; then the text view, the unit finder, pattern
search, gate saturation and memory reach. The numbers come from rnnviz.learn.interpret and .probe; the
figures from rnnviz.viz.interpret_figures.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz import pretrained
from rnnviz.learn import interpret
from rnnviz.learn.long_text import chunk_steps, read_long
from rnnviz.learn.probe import Probe, probe_for, probe_text
from rnnviz.learn.readings import TraceReading
from rnnviz.model.spec import MAX_STEPS
from rnnviz.ui import session, session_keys, trained_runs
from rnnviz.ui.presenter import figure_scale
from rnnviz.ui.pretrained_preset import SAMPLE_CODE, open_pretrained
from rnnviz.ui.string_families import family_key
from rnnviz.viz import interpret_figures as figs
from rnnviz.viz.colors import QUANTITY_COLORS, is_gate

P = "in_"  # widget keys of this page
TEXT_WINDOW = 3000  # characters the text view draws at a time (about 130 KB of HTML); a long text scrolls by windows
LONG_TEXT = 2000  # from this many steps on, a selection of steps is typed, not dragged
SCATTER_POINTS = 4000  # the unit finder's scatter draws at most this many steps (all are ranked)
PRETRAINED = "python-code"  # the shipped model's choice in the network picker


@dataclass(frozen=True)
class Pretrained:
    """The model that ships (rnnviz.pretrained): no training needed."""

    name: str
    net: object
    vocab: object
    id: str = PRETRAINED
    label: str = "python-code"


def run_picker():
    """The network to look into: a run trained in this session (the one last trained or chosen on the Train
    page), or the pretrained python-code model, always there."""
    t = session.t
    runs = trained_runs.all_runs()
    by_id = {r.id: r for r in runs}
    options = list(by_id) + [PRETRAINED]
    wanted = st.session_state.get(session_keys.SELECTED_RUN)
    st.session_state[P + "run"] = wanted if wanted in options else (runs[-1].id if runs else PRETRAINED)

    def chosen():
        st.session_state[session_keys.SELECTED_RUN] = st.session_state[P + "run"]

    def describe(key):
        if key == PRETRAINED:
            return t("in_pretrained_choice")
        run = by_id[key]
        return f"{run.label} · {t(family_key('task_{}', run.task.key))}"

    picked = st.selectbox(t("in_run"), options, key=P + "run", format_func=describe, on_change=chosen)
    if not runs:
        st.caption(t("in_no_runs"))
        st.page_link("pages/train.py", label=t("in_go_train"), icon=":material/model_training:")
    if picked == PRETRAINED:
        net, vocab = _pretrained_model()
        st.caption(t("in_pretrained_about"))
        return Pretrained(PRETRAINED, net, vocab)
    return by_id[picked]


def _pretrained_model():
    return pretrained.shared(PRETRAINED)  # only read here: no copy per session


def _source_choices(task) -> list[str]:
    choices = ["text"] if task.text is not None else []
    choices.append("train")
    if task.x_test is not None:
        choices.append("test")
    return choices + (["typed"] if task.vocab is not None else [])


def data_picker(run):
    """What the network reads, as a reading (readings.py) the views share; traced once per choice and kept for
    this session (the pretrained model's held-out reading is made once for the whole server)."""
    if isinstance(run, Pretrained):
        return _pretrained_data(run)
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
        return cached[1]
    try:
        probe = probe_text(task, typed) if source == "typed" else probe_for(task, source)
        reading = TraceReading(probe, run.net.trace(probe.x))
    except ValueError as err:
        st.error(t("in_bad_data", error=err))
        return None
    st.session_state[session_keys.PROBE] = (key, reading)
    return reading


PRETRAINED_SOURCES = ("held_out_file", "held_out", "typed")
DEFAULT_FILE = "json/decoder.py"


def _pretrained_data(model: Pretrained):
    """One held-out file (read in about a second), all of them (read once for the whole server), or typed code."""
    t = session.t
    source = st.radio(t("in_data"), PRETRAINED_SOURCES, key=P + "pre_source", horizontal=True,
                      format_func=lambda s: t(family_key("in_data_{}", s)))
    if source != "typed":
        file = None
        if source == "held_out_file":
            files = list(pretrained.held_out_files(model.name))
            file = st.selectbox(t("in_held_out_file"), files, index=files.index(DEFAULT_FILE), key=P + "pre_file")
        bar = None if pretrained.has_reading(model.name, file) else st.progress(0.0, text=t("in_reading_held_out"))
        reading = pretrained.held_out_reading(model.name, file, progress=bar.progress if bar else None)
        if bar is not None:
            bar.empty()
        st.caption(t("in_held_out_about" if file is None else "in_held_out_file_about", n=reading.num_steps))
        return reading
    typed = st.text_area(t("in_typed"), key=P + "pre_typed", value=SAMPLE_CODE, height=120, max_chars=MAX_STEPS)
    if not typed:
        st.info(t("in_typed_needed"))
        return None
    key = (model.id, "typed", typed)
    cached = st.session_state.get(session_keys.PROBE)
    if cached is not None and cached[0] == key:
        reading = cached[1]
    else:
        try:
            ids = np.asarray(model.vocab.encode(typed), dtype=np.int64)
            reading = (read_long(model.net, torch.from_numpy(ids), typed) if len(ids) > chunk_steps(model.net.spec)
                       else TraceReading(Probe(ids[None], np.ones((1, len(ids)), dtype=bool), (typed,), {}),
                                         model.net.trace(ids)))
        except ValueError as err:
            st.error(t("in_bad_data", error=err))
            return None
        st.session_state[session_keys.PROBE] = (key, reading)
    unknown = model.vocab.unknown_in(typed)
    if unknown:
        st.caption(t("in_unknown_read_as", tokens=" ".join(repr(u) for u in unknown[:10]), unknown=model.vocab.unknown))
    st.button(t("in_open_in_step"), key=P + "pre_open_step", on_click=_step_through, args=(model.name, typed),
              icon=":material/play_arrow:")
    return reading


def _step_through(name: str, text: str) -> None:
    open_pretrained(name, text)
    st.session_state[P + "go_step"] = True


def quantity_controls(reading, key: str, *, gates_only: bool = False, derived: bool = False) -> tuple[str, int, int]:
    """Quantity, layer and direction. derived: also offer what the unit finder derives (tanh(c) after c)."""
    t = session.t
    spec = reading.spec
    quantities = [q for q in reading.quantities if not gates_only or is_gate(q)]
    if derived:
        for name, (source, _) in interpret.DERIVED.items():
            if source in quantities:
                quantities.insert(quantities.index(source) + 1, name)
    c1, c2, c3 = st.columns(3)
    default = next((q for q in ("c", "h") if q in quantities), quantities[0])
    quantity = c1.selectbox(t("in_quantity"), quantities, index=quantities.index(default), key=P + key + "_q",
                            format_func=lambda q: t(family_key("q_{}", q)))
    layer = c2.selectbox(t("layer"), range(spec.num_layers), key=P + key + "_layer") if spec.num_layers > 1 else 0
    direction = (c3.selectbox(t("direction"), range(spec.num_directions), key=P + key + "_dir",
                              format_func=lambda d: t("dir_reverse" if d else "dir_forward"))
                 if spec.num_directions > 1 else 0)
    return quantity, int(layer), int(direction)


def _sequence_picker(reading, key: str) -> int:
    if reading.num_sequences == 1:
        return 0
    return int(st.number_input(session.t("in_sequence"), 0, reading.num_sequences - 1, 0, key=P + key + "_seq"))


# --- the unit finder ---------------------------------------------------------------------------------------
def _feature_controls(reading) -> tuple[str, np.ndarray] | None:
    t = session.t
    names = reading.feature_names()
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
        return t(family_key("feat_{}", name)), reading.feature(name, **kwargs)
    except ValueError as err:
        st.error(t("in_bad_feature", error=err))
        return None


def _scatter_steps(n: int) -> np.ndarray:
    """The steps the scatter draws: all, or SCATTER_POINTS of them spread evenly (the ranking uses all)."""
    return np.arange(n) if n <= SCATTER_POINTS else np.linspace(0, n - 1, SCATTER_POINTS).round().astype(np.int64)


def unit_finder(reading) -> None:
    t = session.t
    st.caption(t("in_finder_lead"))
    quantity, layer, direction = quantity_controls(reading, "find", derived=True)
    picked = _feature_controls(reading)
    if picked is None:
        return
    feature_name, feature = picked
    if interpret.is_constant(feature):
        st.warning(t("in_constant_feature", feature=feature_name))
        return
    ranking = reading.rank_units(feature, quantity, layer, direction)
    best = ranking.iloc[0]
    st.markdown(t("in_best_unit", unit=int(best["unit"]), quantity=_quantity_label(quantity),
                  r=float(best["correlation"]), feature=feature_name, n=len(feature)))
    left, right = st.columns(2, gap="large")
    left.plotly_chart(figs.unit_ranking_chart(ranking, title=t("in_ranking_title", feature=feature_name),
                                              x_title=t("in_correlation"), unit_label=t("we_unit")),
                      width="stretch", key=P + "rank")
    units = ranking["unit"].astype(int).tolist()
    by_unit = ranking.set_index("unit")["correlation"]
    ranked = zlib.crc32(repr((feature_name, quantity, layer, direction)).encode())  # a new ranking opens on its best
    unit = right.selectbox(t("in_unit_ranked"), units, key=f"{P}find_unit_{ranked:x}",
                           format_func=lambda u: f"{_quantity_label(quantity)}[{u}]  r = {float(by_unit.loc[u]):+.3f}")
    r = float(by_unit.loc[unit])
    steps = _scatter_steps(len(feature))
    name = _quantity_label(quantity)
    right.plotly_chart(figs.feature_scatter(reading.unit_column(quantity, layer, direction, unit, steps),
                                            feature[steps],
                                            title=t("in_scatter_title", quantity=name, unit=unit, r=r),
                                            x_title=feature_name, y_title=f"{name}[{unit}]",
                                            color=QUANTITY_COLORS.get(interpret.DERIVED.get(quantity, (quantity,))[0],
                                                                      "#444")),
                       width="stretch", key=P + "scatter")
    if steps.size < len(feature):
        right.caption(t("in_scatter_sampled", shown=steps.size, total=len(feature)))
    # The text view and pattern search colour by the recorded quantity (a ranking of tanh(c) ranks c's units).
    shown = interpret.DERIVED.get(quantity, (quantity,))[0]
    st.session_state[P + "finder_pick"] = (shown, layer, direction, unit)
    st.session_state[P + "finder_ranking"] = (shown, layer, direction, feature_name,
                                               list(zip(units, ranking["correlation"].astype(float))))


def _quantity_label(quantity: str) -> str:
    return "tanh(c)" if quantity == "tanh_c" else quantity


# --- the text view and pattern search ---------------------------------------------------------------------
def _unit_choice(reading, quantity: str, layer: int, direction: int, key: str) -> int:
    """The unit to colour by, from a list ranked by the unit finder (its feature and quantity) when it has
    ranked this quantity, else in unit order; the finder's chosen unit comes first selected."""
    t = session.t
    size = reading.num_units(quantity)
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
    # A new ranking (another feature, or the finder's pick) is a new widget: it opens on the finder's unit.
    ranked = f"_{zlib.crc32(repr((found[3], picked)).encode()):x}" if found and found[:3] == (quantity, layer,
                                                                                                   direction) else ""
    widget = f"{P}{key}_unit_{quantity}_{layer}_{direction}_{len(units)}{ranked}"
    return int(st.selectbox(t("in_unit"), units, index=index, key=widget, format_func=labels.get, help=help_text))


def _window_start(n: int, key: str, around: tuple[int, int] | None = None) -> int:
    """Where the text view's window starts: 0 for a short text; on a long one a slider (or, for pattern
    search, centred on the selection)."""
    if n <= TEXT_WINDOW:
        return 0
    last = n - TEXT_WINDOW
    if around is not None:
        return int(min(last, max(0, (around[0] + around[1]) // 2 - TEXT_WINDOW // 2)))
    return int(st.slider(session.t("in_text_from"), 0, last, 0, step=max(1, TEXT_WINDOW // 10), key=P + key + "_from"))


def _heat(text: str, values: np.ndarray, quantity: str, start: int, **ranges) -> None:
    """The window text[start:start + TEXT_WINDOW] coloured by values; ranges (query, highlights) in steps."""
    t = session.t
    end = min(len(text), start + TEXT_WINDOW)
    shift = {}
    if ranges.get("query") is not None:
        q0, q1 = ranges["query"]
        if q1 >= start and q0 < end:
            shift["query"] = (max(q0, start) - start, min(q1, end - 1) - start)
    if ranges.get("highlights"):
        shift["highlights"] = [(max(a, start) - start, min(b, end - 1) - start)
                               for a, b in ranges["highlights"] if b >= start and a < end]
    if end - start < len(text):
        st.caption(t("in_text_window", first=start, last=end - 1, total=len(text)))
    st.html(figs.text_heat_html(text[start:end], np.asarray(values[start:end], dtype=np.float64), quantity,
                                max_chars=TEXT_WINDOW, font_size=20 * figure_scale(), first_step=start,
                                cut_note=t("in_text_cut"), **shift))


def text_view(reading) -> None:
    t = session.t
    if reading.texts is None:
        st.info(t("in_no_text"))
        return
    st.caption(t("in_text_lead"))
    quantity, layer, direction = quantity_controls(reading, "text")
    unit = _unit_choice(reading, quantity, layer, direction, "text")
    b = _sequence_picker(reading, "text")
    values = reading.sequence_values(quantity, layer, direction, b)[:, unit]
    text = reading.texts[b]
    _heat(text, values, quantity, _window_start(len(text), "text"))


def _step_selection(n: int) -> tuple[int, int]:
    """The steps to search for: dragged on a slider, or typed (first step and length) on a long sequence."""
    t = session.t
    if n <= LONG_TEXT:
        return st.slider(t("in_pattern_range"), 0, n - 1, (0, min(n - 1, 4)), key=P + "pat_range")
    c1, c2 = st.columns(2)
    start = int(c1.number_input(t("in_pattern_from"), 0, n - 2, 0, key=P + "pat_from"))
    length = int(c2.number_input(t("in_pattern_length"), 2, 200, 5, key=P + "pat_length"))
    return start, min(n - 1, start + length - 1)


def pattern_search(reading) -> None:
    t = session.t
    st.caption(t("in_pattern_lead"))
    quantity, layer, direction = quantity_controls(reading, "pat")
    b = _sequence_picker(reading, "pat")
    n = reading.length(b)
    values = reading.sequence_values(quantity, layer, direction, b)
    if n < 2:
        st.info(t("in_pattern_short"))
        return
    gate = is_gate(quantity)
    c1, c2 = st.columns([2, 1])
    with c1:
        start, end = _step_selection(n)
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
    text = reading.texts[b] if reading.texts is not None else None
    rows = [{t("in_col_start"): int(m.start), t("in_col_end"): int(m.end), t("in_col_score"): f"{m.score:.0%}",
             **({t("in_col_text"): text[int(m.start):int(m.end) + 1]} if text else {})} for m in matches.itertuples()]
    query = text[start:end + 1] if text else ""
    st.markdown(t("in_pattern_found", n=len(rows), units=len(units), query=query or f"{start}–{end}"))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if text:
        st.caption(t("in_pattern_shown", unit=units[0]))
        _heat(text, values[:, units[0]], quantity, _window_start(n, "pat", around=(start, end)), query=(start, end),
              highlights=[(int(m.start), int(m.end)) for m in matches.itertuples()])


# --- gates and memory ----------------------------------------------------------------------------------------
def gate_saturation(reading) -> None:
    t = session.t
    st.caption(t("in_saturation_lead"))
    spec = reading.spec
    if spec.cell not in ("lstm", "gru"):
        st.info(t("in_no_gates"))
        return
    layer = int(st.selectbox(t("layer"), range(spec.num_layers), key=P + "sat_layer")) if spec.num_layers > 1 else 0
    table = reading.gate_saturation(layer)
    names = {q: t(family_key("q_{}", q)) for q in table["gate"].unique()}
    st.plotly_chart(figs.saturation_scatter(table, title=t("in_saturation_title"), x_title=t("in_left_saturated"),
                                            y_title=t("in_right_saturated"), names=names,
                                            unit_label=t("we_unit")),
                    width="stretch", key=P + "saturation")
    summary = table.groupby("gate")[["left", "right"]].mean().reset_index()
    st.caption(" · ".join(t("in_saturation_row", gate=names[row.gate], left=row.left, right=row.right)
                          for row in summary.itertuples()))


def memory_reach(reading, run) -> None:
    t = session.t
    st.caption(t("in_reach_lead"))
    if isinstance(run, Pretrained):
        _pretrained_reach(reading, run)
        return
    probe = reading.probe
    b = _sequence_picker(reading, "reach")
    n = probe.length(b)
    x = probe.x[b, :n]
    # The last step by default, or the last one memory reach may read from (a one-direction network reads
    # only the steps up to it): a long text then opens on a reach that can be drawn.
    default = n - 1 if n <= interpret.MAX_REACH_STEPS else interpret.MAX_REACH_STEPS - 1
    step = int(st.slider(t("in_reach_step"), 0, n - 1, default, key=P + f"reach_step_{b}_{n}"))
    others = [r for r in trained_runs.all_runs() if r.task_key == run.task_key]
    where = (st.session_state[session_keys.PROBE][0], b, step)
    _draw_reach(where, [(other.id, other.label, other.net) for other in others], x, step)
    cells = {r.net.spec.cell for r in others}
    if not {"rnn", "lstm"} <= cells:
        st.info(t("in_reach_compare_hint"))


def _pretrained_reach(reading, model: Pretrained) -> None:
    """The shipped model over the text it reads: the output at a chosen step, through the steps before it (at
    most MAX_REACH_STEPS are differentiated through)."""
    t = session.t
    text = reading.texts[0]
    n = len(text)
    default = min(n - 1, 400)
    step = int(st.number_input(t("in_reach_step"), 0, n - 1, default, key=P + f"pre_reach_step_{n}"))
    first = max(0, step - interpret.MAX_REACH_STEPS + 1)
    ids = np.asarray(model.vocab.encode_long(text[first:step + 1]), dtype=np.int64)
    st.caption(t("in_reach_context", text=text[max(first, step - 40):step + 1]))
    _draw_reach(("pretrained", text[first:step + 1]), [(model.id, model.label, model.net)], ids, step - first)


def _draw_reach(where, nets, x, step: int) -> None:
    """One curve per (id, label, net): a backward pass each, kept for this data and step so that other widgets'
    reruns reuse it."""
    t = session.t
    curves, lengths = {}, []
    kept = st.session_state.get(P + "reach_kept")
    if kept is None or kept[0] != where:
        kept = st.session_state[P + "reach_kept"] = (where, {})
    for key, label, net in nets:
        try:
            if key not in kept[1]:
                kept[1][key] = interpret.memory_reach(net, x, step)
            norms = kept[1][key]
        except ValueError as err:
            st.warning(t("in_reach_skipped", run=label, error=err))
            continue
        curves[label] = norms
        lengths.append(t("in_reach_length", run=label, steps=interpret.reach_length(norms, step=step)))
    if not curves:
        return
    st.plotly_chart(figs.memory_reach_chart(curves, step, title=t("in_reach_title", step=step),
                                            x_title=t("in_reach_x"), y_title=t("in_reach_y")),
                    width="stretch", key=P + "reach")
    st.caption(" · ".join(lengths))
