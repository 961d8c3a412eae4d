"""The course's worked training examples (§7), trained live on a button press: the poem, per-step vs
whole-sequence prediction, digits read pixel by pixel or row by row. The numbers come from rnnviz.learn.recipes.

Each setting is trained once per server (LESSON_RUNS: seeded, so its result depends only on its settings) and
every session gets its own copy of the weights (st.session_state, plain numpy arrays): no edit reaches another.
Training runs only when the learner presses Train, with a progress bar fed by train()'s on_epoch.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz.data.builtin import POEM_LINES
from rnnviz.data.digits import train_test_split
from rnnviz.data.source import SequenceSource
from rnnviz.learn import recipes
from rnnviz.learn.memo import SharedMemo
from rnnviz.model.network import Network
from rnnviz.ui import session
from rnnviz.ui.presenter import figure_scale
from rnnviz.viz.training_figures import digit_image, loss_curves, state_heatmap

_P = "lv_we_"  # widget and state keys of these views (not mirrored to the URL)


def _results(name: str) -> dict | None:
    return st.session_state.get(_P + name)


# Every lesson run is seeded and deterministic, so its result depends only on its settings: the server trains
# each setting once and every session pressing Train with it gets a copy (a class pressing Train together
# costs one training, not thirty; each session still keeps its own copy, so nobody's edits reach another).
LESSON_RUNS = SharedMemo(max_entries=48)


def _train_all(name: str, jobs: list) -> dict:
    """Run jobs [(label, epochs, (variant, ..., seed), fn(on_epoch) -> TrainedModel)] one after another under one
    progress bar ((variant, ..., seed): with epochs, everything the run depends on, for LESSON_RUNS); keep weights
    (numpy), history, test accuracy and the recipe's name (recipes.recipe_name) per label in this session."""
    t = session.t
    total = sum(epochs for _, epochs, _, _ in jobs)
    bar = st.progress(0.0, text=t("we_training", model=jobs[0][0], epoch=0, epochs=jobs[0][1]))
    done, out = 0, {}
    for label, epochs, key, fn in jobs:
        def on_epoch(epoch, loss, accuracy, label=label, epochs=epochs, before=done):
            if epoch == epochs or epoch % max(1, epochs // 20) == 0:
                bar.progress(min(1.0, (before + epoch) / total),
                             text=t("we_training", model=label, epoch=epoch, epochs=epochs))

        def run(fn=fn, on_epoch=on_epoch, recipe=recipes.recipe_name(name, key[0], epochs, key[-1])):
            result = fn(on_epoch)
            h = result.history
            return {"weights": {k: v.numpy().copy() for k, v in result.net.state_dict().items()},
                    "spec": result.net.spec, "loss": list(h.loss), "accuracy": list(h.accuracy or []),
                    "seconds": h.seconds, "epochs": h.epochs_run, "test": result.test_accuracy, "recipe": recipe}
        out[label] = LESSON_RUNS.get((name, label, epochs, key), run)
        done += epochs
    bar.empty()
    st.session_state[_P + name] = out
    return out


def _network(entry: dict) -> Network:
    net = Network(entry["spec"], seed=0)
    net.load_state_dict({k: torch.as_tensor(v) for k, v in entry["weights"].items()})
    return net


def _show_in_stepper(lesson, net: Network, values: np.ndarray, recipe: str, units=(0, 1, 2, 3),
                     preset: int = 0) -> None:
    """Put a trained network and an input into the session view, so the explorer above (and Step through)
    shows it, then redraw the page. preset: the lesson's preset it was trained for (stays the open one). The view
    names the recipe that trained it: a link then reproduces the network even where its weights are too many
    to carry."""
    session.set_view(session.view().replace(
        spec=net.spec, seed=0, weights=None, sequence=SequenceSource("table", values=np.asarray(values, np.float32)),
        step=0, unit=0, units=tuple(u for u in units if u < net.spec.hidden_size), layer=0, direction=0,
        lesson=lesson.id, preset=preset, trained=""))
    session.set_weights(net)
    session.update(trained=recipe)
    st.rerun()


def _curves(results: dict, key: str, y_title: str, log_y: bool = False):
    return loss_curves({label: r[key] for label, r in results.items()}, x_title=session.t("we_epoch"),
                       y_title=y_title, log_y=log_y, font_scale=figure_scale())


# --- 8. the poem ----------------------------------------------------------------------------------------
def render_poem(lesson, params: dict) -> None:
    t = session.t
    seed = params.get("seed", 0)
    st.subheader(t("we_poem_title"))
    st.caption(t("we_poem_lead", epochs=params.get("epochs", 100)))
    epochs = st.select_slider(t("we_epochs"), recipes.POEM_EPOCH_CHOICES, value=params.get("epochs", 100),
                              key=_P + "poem_epochs")
    if st.button(t("we_train_both"), key=_P + "poem_train", type="primary", icon=":material/model_training:"):
        _train_all("poem", [(label, epochs, (cell, seed),
                             lambda cb, cell=cell: recipes.train_poem(cell, seed, epochs, on_epoch=cb))
                            for cell, label in (("rnn", "RNN"), ("lstm", "LSTM"))])
    results = _results("poem")
    if results is None:
        st.info(t("we_press_train"))
        return
    nets = {label: _network(r) for label, r in results.items()}
    st.caption(t("we_seconds", times=", ".join(f"{label} {r['seconds']:.1f} s" for label, r in results.items())))
    generated = {label: recipes.poem_generations(net) for label, net in nets.items()}
    rows = []
    for k, line in enumerate(POEM_LINES):
        row = {t("we_first_char"): line[0]}
        for label in nets:
            out = generated[label][k][1]
            row[t("we_generated", model=label)] = out + (" ✓" if out == line else " ✗")
        row[t("we_poem_line")] = line
        rows.append(row)
    left, right = st.columns(2, gap="large")
    left.markdown(f"**{t('we_greedy')}**")
    left.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    right.plotly_chart(_curves(results, "loss", t("we_loss")), width="stretch", key=_P + "poem_loss")

    st.markdown(f"**{t('we_poem_hidden')}**")
    c1, c2, c3 = st.columns([2, 1, 2], vertical_alignment="bottom")
    line = c1.selectbox(t("we_poem_pick_line"), POEM_LINES, key=_P + "poem_line")
    label = c2.radio(t("we_model"), list(nets), key=_P + "poem_model", horizontal=True)
    net, recipe = nets[label], results[label]["recipe"]
    h = recipes.poem_hidden(net, line)
    st.plotly_chart(state_heatmap(h, list(line), quantity="h", unit_title=t("we_unit"), font_scale=figure_scale(),
                                  title=t("we_poem_heatmap", model=label, line=line)),
                    width="stretch", key=_P + "poem_h")
    if c3.button(t("we_show_stepper"), key=_P + "poem_show", icon=":material/arrow_upward:"):
        _show_in_stepper(lesson, net, recipes.poem_line_onehot(line), recipe)


# --- 9. per step vs whole sequence -----------------------------------------------------------------------
def render_many_to_many(lesson, params: dict) -> None:
    t = session.t
    epochs, seed = params.get("epochs", recipes.RUNNING_SUM_CONFIG.epochs), params.get("seed", 0)
    st.subheader(t("we_m2m_title"))
    st.caption(t("we_m2m_lead", epochs=epochs))
    labels = {"per_step": t("we_m2m_per_step"), "whole_sequence": t("we_m2m_whole")}
    if st.button(t("we_train_both"), key=_P + "m2m_train", type="primary", icon=":material/model_training:"):
        _train_all("m2m", [(labels[kind], epochs, (kind, seed),
                            lambda cb, kind=kind: recipes.train_running_sum(kind, seed, epochs, on_epoch=cb))
                           for kind in recipes.KINDS])
    results = _results("m2m")
    if results is None or set(results) != set(labels.values()):
        st.info(t("we_press_train"))
        return
    per_step, whole = (results[labels[k]] for k in recipes.KINDS)
    step_net, seq_net = _network(per_step), _network(whole)
    test = recipes.running_sum_data(500, seed=2000 + seed)
    last_of_per_step = recipes.running_sum_accuracy(step_net, test, last_step=True)
    st.caption(t("we_seconds", times=", ".join(f"{label} {r['seconds']:.1f} s" for label, r in results.items())))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("we_m2m_acc_steps"), f"{per_step['test']:.1%}")
    m2.metric(t("we_m2m_acc_last"), f"{last_of_per_step:.1%}")
    m3.metric(t("we_m2m_acc_whole"), f"{whole['test']:.1%}")
    st.plotly_chart(_curves(results, "loss", t("we_loss")), width="stretch", key=_P + "m2m_loss")

    k = int(st.number_input(t("we_m2m_window"), 0, len(test.x) - 1, 0, key=_P + "m2m_k"))
    x = test.x[k:k + 1]
    with torch.no_grad():
        p_steps = step_net.trace(x)["y"][0, :, 1].numpy()  # (5,) P(positive) at every step
        y_seq = seq_net.trace(x)["y"]  # (1, 1, 2): the many-to-one head reads the last step only
    running = np.cumsum(x[0, :, 0])
    table = pd.DataFrame({t("we_m2m_step"): np.arange(len(running)), t("we_m2m_feature0"): np.round(x[0, :, 0], 2),
                          t("we_m2m_running"): np.round(running, 2), t("we_m2m_target"): test.per_step[k],
                          t("we_m2m_p_steps"): np.round(p_steps, 3),
                          t("we_m2m_p_whole"): [""] * (len(running) - 1) + [f"{float(y_seq[0, -1, 1]):.3f}"]})
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("we_m2m_shapes", steps=tuple(step_net.trace(x)["y"].shape), whole=tuple(y_seq.shape)))
    if st.button(t("we_show_stepper"), key=_P + "m2m_show", icon=":material/arrow_upward:"):
        _show_in_stepper(lesson, step_net, x[0], per_step["recipe"])


# --- 10. digits pixel by pixel or row by row -------------------------------------------------------------
def render_digits(lesson, params: dict) -> None:
    """Trains the open preset's reading (params["readings"][k] for preset k): pixel by pixel or row by row."""
    t = session.t
    index = min(session.view().preset, len(lesson.presets) - 1)
    reading, seed = params["readings"][index], params.get("seed", 0)
    config = recipes.DIGITS_CONFIGS[reading]
    steps = recipes.DIGITS_READINGS[reading][0]
    st.subheader(t("we_digits_title"))
    st.caption(t("we_digits_lead_pixels" if reading == "pixels" else "we_digits_lead_rows", lr=config.lr,
                 batch=config.batch_size, epochs=config.epochs))
    name = "digits_" + reading
    if st.button(t("we_train_both"), key=_P + "digits_train", type="primary", icon=":material/model_training:"):
        _train_all(name, [(label, config.epochs, (cell, reading, seed),
                           lambda cb, cell=cell: recipes.train_digits(cell, reading, seed, on_epoch=cb))
                          for cell, label in (("lstm", "LSTM"), ("rnn", "RNN"))])
    results = _results(name)
    _, _, x_test, y_test = train_test_split()
    if results is None:
        st.info(t("we_press_train"))
        return
    st.caption(t("we_seconds", times=", ".join(f"{label} {r['seconds']:.1f} s" for label, r in results.items())))
    cols = st.columns(len(results))
    for col, (label, r) in zip(cols, results.items()):
        col.metric(t("we_digits_test", model=label), f"{r['test']:.1%}",
                   help=t("we_digits_train_acc", acc=f"{r['accuracy'][-1]:.1%}"))
    left, right = st.columns(2, gap="large")
    left.plotly_chart(_curves(results, "loss", t("we_loss")), width="stretch", key=_P + "digits_loss")
    right.plotly_chart(_curves(results, "accuracy", t("we_train_accuracy")), width="stretch", key=_P + "digits_acc")

    st.markdown(f"**{t('we_digits_read_pixels' if reading == 'pixels' else 'we_digits_read_rows')}**")
    c1, c2 = st.columns([1, 3], gap="large")
    k = int(c1.number_input(t("we_digits_pick"), 0, len(y_test) - 1, 0, key=_P + "digits_k"))
    image = x_test[k]
    c1.plotly_chart(digit_image(image, font_scale=figure_scale(),
                                row_title=t("we_digits_row_pixels" if reading == "pixels" else "we_digits_row"),
                                hover=t("we_digits_hover")),
                    width="stretch", key=_P + "digit_img")
    net = _network(results["LSTM"])
    sequence = recipes.digits_sequences(image[None], reading)[0]
    trace = net.trace(sequence)
    guess = int(trace["y"][0, -1].argmax())
    c1.caption(t("we_digits_guess", label=int(y_test[k]), guess=guess))
    c2.plotly_chart(state_heatmap(trace["c"][-1, 0, 0].numpy(), [str(r) for r in range(steps)], quantity="c",
                                  unit_title=t("we_unit"), font_scale=figure_scale(),
                                  title=t("we_digits_cell_state_pixels" if reading == "pixels"
                                          else "we_digits_cell_state")), width="stretch", key=_P + "digits_c")
    if c2.button(t("we_show_stepper"), key=_P + "digits_show", icon=":material/arrow_upward:"):
        _show_in_stepper(lesson, net, sequence, results["LSTM"]["recipe"], preset=index)
