"""The Train page's parts: pick a task, a model and settings; train in the background with live curves and a
Stop button; compare runs; open a trained model in the explorer or on the Interpret page.

What it trains is kept by ui/trained_runs.py (the job and the finished runs, in this session).
Tasks are built by rnnviz.learn.tasks and cached with st.cache_data, which hands every session its own copy.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.data.builtin import POEM_LINES
from rnnviz.data.source import SequenceSource
from rnnviz.learn.jobs import RunPlan, RunState, TrainingJob, trainer_slots
from rnnviz.learn.recipes import poem_generations
from rnnviz.learn.tasks import CSV_KINDS, PARAMS, TASKS, TEXT_SOURCES, Task, csv_columns, make_task
from rnnviz.learn.train import MAX_EPOCHS, MAX_LR, OPTIMIZERS, TrainConfig, greedy_generate
from rnnviz.model.network import Network
from rnnviz.model.spec import MAX_HIDDEN_SIZE, MAX_LAYERS
from rnnviz.ui import janitor, session, session_keys, trained_runs
from rnnviz.ui.messages import keep_widgets, reset_widgets
from rnnviz.ui.presenter import figure_scale
from rnnviz.ui.state import CELL_KINDS, cell_kind
from rnnviz.ui.string_families import family_key
from rnnviz.ui.trained_runs import FinishedRun
from rnnviz.ui.uploader import file_uploader
from rnnviz.viz.training_figures import loss_curves

P = "tr_"  # widget keys of this page
S = "tr_s_"  # settings widgets, reset to the task's recommendations when the task changes
LIVE_SECONDS = 1.0  # the live curves' refresh: often enough to watch, rare enough not to slow training
COMPARE_CELLS = ("rnn", "lstm", "gru")


# --- the task ----------------------------------------------------------------------------------------
@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)  # shared by the server: 4 x MAX_TASK_MB at most
def _build_task(key: str, seed: int, params: tuple) -> Task:
    return make_task(key, seed=seed, **dict(params))


def _fingerprint(key: str, seed: int, params: tuple) -> str:
    return hashlib.sha1(repr((key, seed, params)).encode()).hexdigest()[:12]


def _param_widgets(key: str, skip: tuple[str, ...] = ()) -> dict:
    """Number inputs for the task's numeric parameters, drawn from rnnviz.learn.tasks.PARAMS."""
    t = session.t
    values = {}
    specs = {name: spec for name, spec in PARAMS.get(key, {}).items() if name not in skip}
    cols = st.columns(max(1, len(specs))) if specs else []
    for col, (name, spec) in zip(cols, specs.items()):
        widget = f"{P}p_{key}_{name}"
        st.session_state.setdefault(widget, int(spec.default) if spec.whole else float(spec.default))
        label = t(family_key("tp_{}", name))
        if spec.whole:
            values[name] = int(col.number_input(label, int(spec.low), int(spec.high), key=widget))
        else:
            values[name] = float(col.number_input(label, float(spec.low), float(spec.high), key=widget))
    return values


def _text_source_widgets(values: dict) -> None:
    t = session.t
    source = st.radio(t("tr_source"), TEXT_SOURCES, key=P + "source", horizontal=True,
                      format_func=lambda s: t(family_key("tr_source_{}", s)))
    values["source"] = source
    if source == "pasted":
        values["text"] = st.text_area(t("tr_paste"), key=P + "pasted", height=140, placeholder=t("tr_paste_hint"))


def _csv_widgets(values: dict) -> bool:
    """Upload or paste a CSV and choose its target column; False when there is nothing to train on yet."""
    t = session.t
    upload = file_uploader(t("tr_csv_upload"), type=["csv", "txt"], key=P + "csv_file")
    text = ""
    if upload is not None:
        text = upload.getvalue().decode("utf-8", errors="replace")
    else:
        text = st.text_area(t("tr_csv_paste"), key=P + "csv_text", height=120, placeholder="time,x1,x2,label\n...")
    if not text.lstrip("\ufeff").strip():
        st.info(t("tr_csv_needed"))
        return False
    try:
        columns = csv_columns(text)
    except ValueError as err:
        st.error(t("tr_bad_task", error=err))
        return False
    c1, c2 = st.columns(2)
    values["text"] = text
    if st.session_state.get(P + "csv_target") not in columns:  # a new file: the last column by default
        st.session_state[P + "csv_target"] = columns[-1]
    values["target"] = c1.selectbox(t("tr_csv_target"), columns, key=P + "csv_target")
    values["kind"] = c2.radio(t("tr_csv_kind"), CSV_KINDS, key=P + "csv_kind", horizontal=True,
                              format_func=lambda k: t(family_key("tr_csv_kind_{}", k)))
    return True


# Widgets whose value cannot be set from session state (buttons, the upload): not kept across pages.
_UNKEPT = tuple(P + name for name in ("train", "compare", "stop", "clear", "open_step", "open_interpret", "csv_file",
                                       "example", "open_run"))


def task_controls() -> tuple[str, Task] | None:
    """The task picker and its parameters; (fingerprint, Task), or None with a message when it cannot be built."""
    t = session.t
    keep_widgets(P, skip=_UNKEPT)
    c1, c2 = st.columns([3, 1])
    key = c1.selectbox(t("tr_task"), TASKS, key=P + "task", format_func=lambda k: t(family_key("task_{}", k)))
    seed = int(c2.number_input(t("tr_data_seed"), 0, 2**31 - 1, key=P + "data_seed", help=t("tr_data_seed_help")))
    st.caption(t(family_key("task_{}_help", key)))
    values = {}
    if key == "text":
        _text_source_widgets(values)
    values.update(_param_widgets(key, skip=("seq_len",) if values.get("source") == "poem" else ()))
    if key == "csv" and not _csv_widgets(values):
        return None
    params = tuple(sorted(values.items()))
    fingerprint = _fingerprint(key, seed, params)
    kept = st.session_state.get(session_keys.TASK)
    if kept is not None and kept[0] == fingerprint:  # the same Task object: runs on it share its arrays
        task = kept[1]
    else:
        try:
            task = _build_task(key, seed, params)
        except ValueError as err:
            st.error(t("tr_bad_task", error=err))
            return None
        st.session_state[session_keys.TASK] = (fingerprint, task)
    _task_summary(task)
    return fingerprint, task


def _loss_name(task: Task) -> str:
    return session.t(family_key("loss_{}", task.loss))


def _task_summary(task: Task) -> None:
    t = session.t
    B, T, inputs = task.x.shape
    test = "" if task.x_test is None else t("tr_test_split", n=len(task.x_test))
    st.caption(t("tr_task_shape", B=B, T=T, inputs=inputs, out=task.out_features, loss=_loss_name(task),
                 where=t("tr_every_step") if task.every_step else t("tr_last_step")) + test)


# --- model and settings ---------------------------------------------------------------------------------
def _recommended_values(task: Task) -> dict:
    """The task's recommended settings as the values of this page's setting widgets."""
    rec = task.recommended
    cell = rec.get("cell") or "lstm"
    return {"cell": cell if cell != "jordan" or task.every_step else "lstm",
            "hidden": int(rec.get("hidden_size") or 16),
            "layers": 1, "opt": "adam", "lr": float(rec.get("lr") or 0.01), "epochs": int(rec.get("epochs") or 100),
            "batch": min(len(task.x), int(rec.get("batch_size") or 0)), "clip": float(rec.get("clip") or 0.0),
            "seed": 0}


def _follow_recommendation(task: Task) -> None:
    """When the task's recommended settings change (another task, text or size), set the model and training
    widgets to them; otherwise keep what the learner set. Values are written into session state before the
    widgets are drawn: that is what makes the browser show them (a widget's own default would not replace the
    value the browser already holds)."""
    values = _recommended_values(task)
    marker = repr(sorted(values.items()))
    changed = st.session_state.get(P + "recommended") != marker
    for name, value in values.items():
        # Also a value Streamlit dropped (the page was left before keep_widgets had seen it): never a blank.
        if changed or S + name not in st.session_state:
            st.session_state[S + name] = value
    st.session_state[P + "recommended"] = marker


def model_controls(task: Task) -> dict | None:
    """The architecture: chosen here, or taken from the Build page (its cell, size and layers; the task sets
    input_size and the head)."""
    t = session.t
    _follow_recommendation(task)
    st.subheader(t("tr_model"))
    names = {"here": t("tr_model_here"), "build": t("tr_model_build")}
    source = st.radio(t("tr_model_source"), tuple(names), key=P + "model_source", horizontal=True,
                      format_func=names.get)
    if source == "build":
        spec = session.view().spec
        kind = cell_kind(spec)
        arch = dict(cell=kind, hidden_size=spec.hidden_size, num_layers=spec.num_layers,
                    bidirectional=spec.bidirectional)
        st.caption(t("tr_model_from_build", cell=t(family_key("cell_{}", kind)), hidden=spec.hidden_size,
                     layers=spec.num_layers))
        return arch
    c1, c2, c3 = st.columns(3)
    cells = [k for k in CELL_KINDS if k != "jordan" or task.every_step]
    if st.session_state.get(S + "cell") not in cells:
        st.session_state[S + "cell"] = "lstm"
    kind = c1.selectbox(t("cell"), cells, key=S + "cell", format_func=lambda k: t(family_key("cell_{}", k)))
    hidden = c2.number_input(t("hidden_size"), 1, MAX_HIDDEN_SIZE, key=S + "hidden")
    if kind == "jordan":
        st.session_state[S + "layers"] = 1
    layers = c3.number_input(t("num_layers"), 1, MAX_LAYERS if kind != "jordan" else 1, key=S + "layers")
    arch = dict(cell=kind, hidden_size=int(hidden), num_layers=int(layers))
    try:  # said now, with Train disabled, rather than after a press (e.g. past the session's parameter budget)
        task.spec(**arch)
    except ValueError as err:
        st.error(t("bad_spec", error=err))
        return None
    return arch


def settings_controls(task: Task) -> dict | None:
    """The training settings, or None (with a message for each) while one is out of its range."""
    t = session.t
    st.subheader(t("tr_settings"))
    st.session_state[S + "batch"] = min(st.session_state.get(S + "batch", 0), len(task.x))
    c1, c2, c3 = st.columns(3)
    optimizer = c1.selectbox(t("tr_optimizer"), OPTIMIZERS, format_func=lambda o: t(family_key("opt_{}", o)),
                             key=S + "opt")
    # No min/max on the widgets: Streamlit would mark a typed 1e6 red and keep training with the old value
    # without a word. The range is checked here, said, and the Train buttons wait for a value that fits.
    lr = c2.number_input(t("tr_lr"), format="%.4f", step=0.001, key=S + "lr")
    epochs = c3.number_input(t("tr_epochs"), step=1, key=S + "epochs")
    c1, c2, c3 = st.columns(3)
    batch = c1.number_input(t("tr_batch"), step=1, key=S + "batch", help=t("tr_batch_help"))
    clip = c2.number_input(t("tr_clip"), key=S + "clip", help=t("tr_clip_help"))
    seed = c3.number_input(t("seed"), step=1, key=S + "seed", help=t("tr_seed_help"))
    wrong = [t("tr_out_of_range", name=name, value=value, low=low, high=high)
             for name, value, low, high in ((t("tr_lr"), lr, 1e-4, MAX_LR), (t("tr_epochs"), epochs, 1, MAX_EPOCHS),
                                            (t("tr_batch"), batch, 0, len(task.x)), (t("tr_clip"), clip, 0.0, 1e6),
                                            (t("seed"), seed, 0, 2**31 - 1))
             if value is None or not low <= value <= high]
    for message in wrong:
        st.error(message)
    if wrong:
        return None
    return dict(optimizer=optimizer, lr=float(lr), epochs=int(epochs), batch_size=int(batch) or None,
                clip=float(clip) or None, seed=int(seed))


# --- starting, watching and stopping a job ---------------------------------------------------------------
def _label(arch: dict, number: int) -> str:
    return f"#{number} {session.t(family_key('cell_{}', arch['cell']))} {arch['hidden_size']}"


def _plan(task: Task, arch: dict, settings: dict, number: int) -> RunPlan:
    spec = task.spec(**arch)
    config = TrainConfig(loss=task.loss, **settings)
    return RunPlan(_label({**arch, "cell": cell_kind(spec)}, number), Network(spec, seed=settings["seed"]), config)


def _start(fingerprint: str, task: Task, archs: list[dict], settings: dict) -> None:
    t = session.t
    trained_runs.clear_notes()
    try:
        plans = [_plan(task, arch, settings, trained_runs.next_number()) for arch in archs]
        job = TrainingJob(plans, task.x, task.y, mask=task.mask)
    except ValueError as err:
        st.error(t("tr_bad_settings", error=err))
        return
    trained_runs.keep_job(fingerprint, task, job.start())
    janitor.watch_job(job)  # stopped if this session's browser leaves


def train_buttons(fingerprint: str, task: Task, arch: dict | None, settings: dict | None) -> None:
    t = session.t
    entry = trained_runs.current_job()
    busy = entry is not None and entry[2].running or settings is None
    c1, c2, _ = st.columns([1, 2, 2])
    if c1.button(t("tr_train"), type="primary", icon=":material/model_training:", disabled=busy or arch is None,
                 key=P + "train"):
        _start(fingerprint, task, [arch], settings)
    if c2.button(t("tr_compare"), icon=":material/compare_arrows:", disabled=busy or arch is None, key=P + "compare",
                 help=t("tr_compare_help")):
        _start(fingerprint, task, [{**arch, "cell": cell} for cell in COMPARE_CELLS], settings)
    for note in trained_runs.notes():
        st.warning(note, icon=":material/warning:")
    live_progress()


def _status_text(job: TrainingJob, states: list[RunState]) -> str:
    t = session.t
    running = next((s for s in states if s.status == "running"), None)
    if running is None:
        if not job.running:
            return t("tr_finishing")
        ahead = max(0, trainer_slots()[1] - 1)  # the jobs waiting besides this one
        return t("tr_queued", waiting=ahead) if ahead else t("tr_queued_next")
    loss = f"{running.loss[-1]:.4f}" if running.loss else "…"
    return t("tr_running", label=running.label, epoch=running.epochs_run, epochs=running.config.epochs, loss=loss)


def _live_body() -> None:
    t = session.t
    entry = trained_runs.current_job()
    if entry is None:
        return
    _, task, job = entry
    states = job.snapshot()
    if not job.running:
        trained_runs.collect_finished()
        st.rerun(scope="app")
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    c1.progress(min(1.0, job.progress()), text=_status_text(job, states))
    c2.button(t("tr_stop"), icon=":material/stop_circle:", key=P + "stop", on_click=job.stop,
              disabled=job.stop_requested)
    left, right = st.columns(2, gap="large")
    left.plotly_chart(loss_curves({s.label: s.loss for s in states}, x_title=t("we_epoch"), y_title=t("tr_loss_axis",
                      loss=_loss_name(task)), font_scale=figure_scale()), width="stretch", key=P + "live_loss")
    if any(s.accuracy for s in states):
        right.plotly_chart(loss_curves({s.label: s.accuracy for s in states}, x_title=t("we_epoch"),
                                       y_title=t("we_train_accuracy"), font_scale=figure_scale()),
                           width="stretch", key=P + "live_acc")


def live_progress() -> None:
    """While a job trains, this part redraws itself every LIVE_SECONDS (a fragment: the rest of the page stays)."""
    entry = trained_runs.current_job()
    if entry is None:
        return
    st.fragment(_live_body, run_every=LIVE_SECONDS if entry[2].running else None)()


# --- results ------------------------------------------------------------------------------------------------
def _percent(value) -> str:
    return "" if value is None else f"{value:.1%}"


def results_table(runs: list[FinishedRun]) -> pd.DataFrame:
    t = session.t
    rows = []
    for run in runs:
        s, ev = run.state, run.evaluation or {}
        rows.append({t("tr_col_run"): run.label, t("tr_col_status"): t(family_key("tr_status_{}", s.status)),
                     t("tr_col_epochs"): s.epochs_run, t("tr_col_loss"): round(s.loss[-1], 5) if s.loss else None,
                     t("tr_col_train_acc"): _percent(s.accuracy[-1] if s.accuracy else None),
                     t("tr_col_eval_loss"): round(ev["loss"], 5) if ev.get("loss") is not None else None,
                     t("tr_col_eval_acc"): _percent(ev.get("accuracy")),
                     t("tr_col_split"): t("tr_split_test" if ev.get("split") == "test" else "tr_split_train"),
                     t("tr_col_seconds"): round(s.seconds, 2), t("tr_col_params"): run.net.num_parameters()})
    return pd.DataFrame(rows)


def results(fingerprint: str, task: Task) -> None:
    t = session.t
    runs = trained_runs.runs_for(fingerprint)
    if not runs:
        if trained_runs.current_job() is None:
            st.info(t("tr_no_runs"))
        return
    st.subheader(t("tr_results"))
    st.dataframe(results_table(runs), hide_index=True, width="stretch")
    left, right = st.columns(2, gap="large")
    left.plotly_chart(loss_curves({r.label: r.state.loss for r in runs}, x_title=t("we_epoch"),
                                  y_title=t("tr_loss_axis", loss=_loss_name(task)), log_y=True,
                                  font_scale=figure_scale(), title=t("tr_compare_title")),
                      width="stretch", key=P + "cmp_loss")
    if any(r.state.accuracy for r in runs):
        right.plotly_chart(loss_curves({r.label: r.state.accuracy for r in runs if r.state.accuracy},
                                       x_title=t("we_epoch"), y_title=t("we_train_accuracy"), font_scale=figure_scale(),
                                       title=t("tr_compare_acc_title")), width="stretch", key=P + "cmp_acc")
    _open_controls(runs, task)
    if task.key == "text":
        _what_it_writes(runs, task)
    if st.button(t("tr_clear"), key=P + "clear", icon=":material/delete:"):
        trained_runs.forget_runs_for(fingerprint)
        st.rerun()


def _open_controls(runs: list[FinishedRun], task: Task) -> None:
    """Choose a run and an example; open them in Step through, or go to Interpret."""
    t = session.t
    st.markdown(f"**{t('tr_open_title')}**")
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    with c1:
        run = trained_runs.run_selector(t("tr_col_run"), runs, P + "open_run", lambda r: r.label)
    test = task.x_test is not None
    pool = task.x_test if test else task.x
    k = int(c2.number_input(t("tr_example", split=t("tr_split_test" if test else "tr_split_train")), 0,
                            len(pool) - 1, 0, key=P + "example"))
    if c3.button(t("open_step"), key=P + "open_step", icon=":material/play_circle:"):
        open_in_explorer(run, task.example(k, test=test))
    if c4.button(t("tr_open_interpret"), key=P + "open_interpret", icon=":material/insights:"):
        st.switch_page("pages/interpret.py")
    words = task.example_text(k, test=test)
    if words:
        st.caption(t("tr_example_text", text=words[:200]))


def open_in_explorer(run: FinishedRun, x: np.ndarray) -> None:
    """Put a copy of the trained network and one example into the session's view, then show Step through."""
    net = run.net.copy()
    spec = net.spec
    units = tuple(range(min(4, spec.output_size if spec.cell != "lstm" else spec.hidden_size)))
    session.set_view(session.view().replace(
        spec=spec, seed=run.state.config.seed, weights=None,
        sequence=SequenceSource("table", values=np.asarray(x, np.float32)), step=0, unit=0, units=units, layer=0,
        direction=0, batch=0, lesson="", preset=0))
    session.set_weights(net)
    reset_widgets("b_")  # the Build page's widgets redraw from the new spec
    st.switch_page("pages/step_through.py")


def _what_it_writes(runs: list[FinishedRun], task: Task) -> None:
    """Greedy generation from each trained text model: the quickest check of what it learned."""
    t = session.t
    vocab = list(task.vocab)
    poem = vocab == list(dict.fromkeys("".join(POEM_LINES)))
    for run in runs:  # a finished run's weights never change: generate once (~50 ms a run), not every rerun
        if run.writes is None:
            run.writes = (poem_generations(run.net) if poem else
                          "".join(vocab[k] for k in greedy_generate(run.net, vocab.index(task.text[0]), 160,
                                                                    len(vocab))))
    with st.expander(t("tr_writes"), expanded=True):
        if poem:
            rows = [{t("tr_col_run"): run.label,
                     t("tr_poem_lines", n=len(run.writes)): sum(g == line for _, g, line in run.writes),
                     t("tr_generated"): " ".join(g for _, g, _ in run.writes)}
                    for run in runs]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            return
        for run in runs:
            st.markdown(f"**{run.label}**")
            st.code(run.writes, language=None, wrap_lines=True)
