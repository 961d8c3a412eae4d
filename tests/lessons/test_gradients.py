"""Lesson 11 (course §5): the repeated weight, gradients through time, the rough loss surface and clipping,
the forget gate's bias. Every claim the lesson's text makes is checked here against computed numbers."""
from decimal import Decimal

import numpy as np
import pytest
import torch

from rnnviz.data.sequences import generate
from rnnviz.learn import gradients as g
from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_trace
from rnnviz.lessons.views import FORGET_BIAS, GRADIENT_FLOW, LOSS_SURFACE, REPEATED_WEIGHT
from rnnviz.model.network import Network
from rnnviz.model.spec import ModelSpec
from rnnviz.viz import gradient_figures as figs

LESSON = lesson_by_id("gradients")
X = generate("random", 100, 4, {"seed": 0})


def net(kind, seed=0, **kw):
    return Network(ModelSpec(kind, 4, 16, **kw), seed=seed)


# --- 1. the repeated weight ------------------------------------------------------------------------------
def test_course_values_of_w_to_the_999():
    assert g.repeated_weight_output(1.0) == 1.0
    assert g.repeated_weight_output(1.01) == pytest.approx(20752, rel=0.01)
    assert g.repeated_weight_output(1.01) == pytest.approx(20751.639245360, rel=1e-12)
    # the course writes ~4.4e-5: that is 4.3607e-5 rounded to two figures
    assert g.repeated_weight_output(0.99) == pytest.approx(0.99 ** 999, rel=1e-12)
    assert g.repeated_weight_output(0.99) == pytest.approx(4.3607320617e-5, rel=1e-9)
    assert f"{g.repeated_weight_output(0.99):.1e}" == "4.4e-05"
    # 0.01^999 = 1e-1998 underflows float64: the run honestly reads 0, the exact value says what it should be
    assert g.repeated_weight_output(0.01) == 0.0
    assert g.repeated_weight_exact(0.01) == Decimal("1e-1998")
    assert g.underflow_step(g.repeated_weight_trajectory(0.01)) == 163  # 0.01^162 = 1e-324 < 4.9e-324


def test_repeated_weight_runs_the_recurrence():
    h = g.repeated_weight_trajectory(1.01, 5)
    assert h.tolist() == pytest.approx([1, 1.01, 1.01 ** 2, 1.01 ** 3, 1.01 ** 4])
    assert h.dtype == np.float64
    assert g.repeated_weight_trajectory(-0.5, 3).tolist() == [1.0, -0.5, 0.25]
    assert float(g.repeated_weight_exact(1.01)) == pytest.approx(g.repeated_weight_output(1.01), rel=1e-12)
    assert str(g.repeated_weight_exact(0.99)).startswith("0.0000436073206168265")  # exact decimal, not the float
    assert g.underflow_step(g.repeated_weight_trajectory(0.99)) is None
    for bad in (float("nan"), "1", None):
        with pytest.raises(ValueError, match="w must be a finite number"):
            g.repeated_weight_trajectory(bad)
    with pytest.raises(ValueError, match="steps"):
        g.repeated_weight_output(1.0, 0)


def test_presets_step_the_same_unit_in_the_explorer():
    """The lesson's presets run the one-unit linear RNN through rnnviz (float32) and agree with the float64 run."""
    for preset in LESSON.presets:
        w = preset.weights["weight_hh_l0"][0][0]
        h = preset_trace(preset)["h"][0, 0, 0, :, 0].numpy().astype(np.float64)
        assert h.shape == (1000,) and preset.step == 999
        want = g.repeated_weight_trajectory(w)
        if w >= 0.99:
            assert h[-1] == pytest.approx(want[-1], rel=1e-3)
        else:
            assert h[-1] == 0.0  # float32 underflows even sooner


# --- 2. gradient norms through time -------------------------------------------------------------------------
def test_rnn_gradient_vanishes_with_the_default_init():
    norms = g.gradient_norms_through_time(net("rnn"), X)
    assert norms.shape == (100,) and np.all(norms > 0)
    assert g.gradient_reach(norms) < 1e-15  # measured 4.8e-25
    assert np.all(norms[:50] < norms[-1] * 1e-5)  # the whole first half is out of reach
    for seed in (1, 2):  # not one lucky draw
        assert g.gradient_reach(g.gradient_norms_through_time(net("rnn", seed), X)) < 1e-15


def test_lstm_with_an_open_forget_gate_reaches_much_further_than_the_rnn():
    rnn = g.gradient_norms_through_time(net("rnn"), X)
    lstm_open = g.gradient_norms_through_time(g.with_forget_bias(net("lstm"), 2.0), X)
    assert np.all(lstm_open[:20] > 1e10 * rnn[:20])  # measured: 1e20 times larger
    assert g.gradient_reach(lstm_open) > 1e-4  # measured 7.5e-3
    lstm = g.gradient_norms_through_time(net("lstm"), X)
    assert g.gradient_reach(lstm) < 1e-12  # the default LSTM (forget gates near 0.5) vanishes too


def test_larger_recurrent_weights_make_the_rnn_gradient_explode():
    exploded = g.gradient_norms_through_time(g.with_recurrent_gain(net("rnn"), 4.0), X)
    assert g.gradient_reach(exploded) > 1e4  # measured 8e5: the gradient grows going back
    assert exploded.max() > 1e4 * exploded[-1]
    # the LSTM does not fix exploding: open forget gates and large recurrent weights grow going back as well
    lstm = g.with_forget_bias(g.with_recurrent_gain(net("lstm"), 4.0), 2.0)
    assert g.gradient_reach(g.gradient_norms_through_time(lstm, X)) > 1.0


def test_autograd_matches_a_hand_derivation_for_the_linear_unit():
    """One linear unit (identity, stepwise path): dL/dx_t = w^(T-t) exactly, and dL/dh_t too."""
    w, T = 0.9, 12
    unit = Network(ModelSpec("rnn", 1, 1, nonlinearity="identity", bias=False))
    unit.load_state_dict({"weight_ih_l0": torch.tensor([[1.0]]), "weight_hh_l0": torch.tensor([[w]])})
    x = np.random.default_rng(1).standard_normal((T, 1))
    expected = [w ** (T - 1 - t) for t in range(T)]
    assert g.gradient_norms_through_time(unit, x).tolist() == pytest.approx(expected, rel=1e-6)
    assert g.gradient_norms_through_time(unit, x, wrt="h").tolist() == pytest.approx(expected, rel=1e-6)


def test_stepwise_and_torch_paths_agree():
    """torch's fused nn.RNN / nn.GRU / nn.LSTM and rnnviz's step equations give the same gradients."""
    for kind in ("rnn", "gru", "lstm"):
        fused = g.gradient_norms_through_time(net(kind), X)
        steps = g.gradient_norms_through_time(net(kind), X, path="steps")
        assert steps == pytest.approx(fused, rel=1e-9), kind
    # and the step path works for variants torch has no module for
    peep = g.gradient_norms_through_time(Network(ModelSpec("lstm", 4, 16, peephole=True)), X)
    assert peep.shape == (100,) and np.isfinite(peep).all() and peep[-1] > 0


def test_gradient_norm_checks():
    with pytest.raises(ValueError, match=r"shape \(T, 4\)"):
        g.gradient_norms_through_time(net("rnn"), np.zeros((10, 3)))
    with pytest.raises(ValueError, match="wrt"):
        g.gradient_norms_through_time(net("rnn"), X, wrt="c")
    with pytest.raises(ValueError, match="forget-gate bias needs an LSTM"):
        g.with_forget_bias(net("gru"), 1.0)
    with pytest.raises(ValueError, match="one layer"):
        g.gradient_norms_through_time(ModelSpec("rnn", 4, 8, num_layers=2), X, wrt="h")


# --- 3. the rough loss surface and clipping -----------------------------------------------------------------
def test_loss_surface_has_plateaus_and_a_cliff():  # its speed: benchmarks/bench_loss_surface.py
    W, U, L = g.loss_surface((0.0, 4.0), (-2.0, 2.0), resolution=80)
    assert W.shape == U.shape == L.shape == (80, 80)
    # the cliff: between two neighbouring grid points (0.05 apart) the loss jumps by most of its whole range
    jump = max(np.abs(np.diff(L, axis=0)).max(), np.abs(np.diff(L, axis=1)).max())
    assert jump > 0.8 * (L.max() - L.min())  # measured 1.9 of 2.25
    # the valley is narrow: one grid step beside it the loss is hundreds of times larger (measured 339)
    ratio = max(np.max(np.maximum(L[1:], L[:-1]) / np.minimum(L[1:], L[:-1])),
                np.max(np.maximum(L[:, 1:], L[:, :-1]) / np.minimum(L[:, 1:], L[:, :-1])))
    assert ratio > 100
    # the plateaus: a large share of the grid is nearly flat, while near the cliff the gradient is tens of
    # thousands of times steeper (measured: 30 % below 1e-2, 10 % below 9e-4, the steepest 40)
    _, dw, du = g.tiny_rnn_loss_and_grad(W, U)
    steepness = np.hypot(dw, du)
    assert (steepness < 1e-2).mean() > 0.25
    assert steepness.max() > 1e4 * np.quantile(steepness, 0.1)


def test_bptt_gradient_of_the_tiny_rnn_matches_autograd():
    task = g.TASK
    for w0, u0 in ((0.7, -0.3), (1.6, 0.1), (2.5, 0.75)):
        w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
        u = torch.tensor(u0, dtype=torch.float64, requires_grad=True)
        h = torch.tensor(task.h0, dtype=torch.float64)
        for _ in range(task.steps):
            h = torch.tanh(w * h + u * task.drive)
        loss = (h - task.target) ** 2
        loss.backward()
        L, dw, du = g.tiny_rnn_loss_and_grad(w0, u0)
        assert float(L) == pytest.approx(loss.item(), rel=1e-12)
        assert (float(dw), float(du)) == pytest.approx((w.grad.item(), u.grad.item()), rel=1e-9, abs=1e-14)


def test_unclipped_descent_jumps_off_the_cliff_and_clipping_does_not():
    params = dict(LESSON.views)[LOSS_SURFACE]
    start, lr, steps, clip = params["start"], params["lr"], params["descent_steps"], params["clip"]
    free = g.descent_path(start, lr, steps)
    clipped = g.descent_path(start, lr, steps, clip=clip)
    assert clipped.step_lengths.max() <= lr * clip + 1e-12
    assert free.step_lengths.max() > 10 * clipped.step_lengths.max()  # measured 162 vs 0.3
    assert free.step_lengths.max() > 100  # the text says "about 160"
    jump = int(free.step_lengths.argmax())
    assert free.grad_norms[jump] > 100  # it jumped because the gradient there was huge: the cliff
    # before the cliff both walked the same plateau, step for step
    assert np.allclose(free.points[:jump - 1], clipped.points[:jump - 1])
    # after it, the unclipped one sits on a plateau (loss 0.25, gradient ~0) and never comes back
    assert free.losses[-1] == pytest.approx(0.25, abs=1e-6) and np.allclose(free.points[-1], free.points[jump + 1])
    assert clipped.losses[-1] < 1e-8  # the clipped one walks into the valley


def test_descent_checks():
    with pytest.raises(ValueError, match="clip"):
        g.descent_path((1, 0), 0.1, 10, clip=0)
    with pytest.raises(ValueError, match="low < high"):
        g.loss_surface((1, 1), (0, 1))


# --- 4. the forget gate's bias ---------------------------------------------------------------------------------
def test_larger_forget_bias_reaches_further_back():
    base = net("lstm")
    reach = {b: g.gradient_reach(g.gradient_norms_through_time(g.with_forget_bias(base, b), X)) for b in (0, 1, 3)}
    assert reach[0] < 1e-4 * reach[1] and reach[1] < 1e-4 * reach[3]  # measured 1e-21, 1e-9, 0.14
    assert reach[0] < 1e-15 and reach[3] > 1e-2
    fs = [g.mean_forget_gate(g.with_forget_bias(base, b), X) for b in (0, 1, 3)]
    assert fs == pytest.approx([0.5, 0.73, 0.95], abs=0.03)  # about sigmoid(bias)
    # the bias sits where torch reads the forget gate: rows H..2H, total bias_ih + bias_hh = b
    opened = g.with_forget_bias(base, 3.0).state_dict()
    total = opened["bias_ih_l0"] + opened["bias_hh_l0"]
    assert torch.all(total[16:32] == 3.0) and torch.equal(total[:16], (base.parameter("bias_ih_l0")
                                                                          + base.parameter("bias_hh_l0"))[:16])
    for seed in (1, 2):  # the order holds for other draws too
        other = net("lstm", seed)
        r = [g.gradient_reach(g.gradient_norms_through_time(g.with_forget_bias(other, b), X)) for b in (0, 1, 3)]
        assert r[0] < r[1] < r[2]


# --- figures -------------------------------------------------------------------------------------------------
def test_figures_show_the_numbers():
    fig = figs.repeated_weight_figure([("w = 0.01", g.repeated_weight_trajectory(0.01), "#000", True)])
    y = np.array(fig.data[0].y, dtype=float)
    assert np.isnan(y[162:]).all() and y[0] == 1.0  # zeros are not drawn on the log axis
    assert any("163" in a.text for a in fig.layout.annotations)
    W, U, L = g.loss_surface(resolution=40)
    free = g.descent_path()
    fig = figs.loss_surface_figure(W, U, L, [("free", free.points, "#f00")])
    drawn = np.array([fig.data[1].x, fig.data[1].y], dtype=float).T
    assert (drawn[:, 0] >= 0).all() and (drawn[:, 0] <= 4).all() and (drawn[:, 1] >= -2).all()
    assert any("thrown" in a.text for a in fig.layout.annotations)
    fig = figs.gradient_norms_figure([("rnn", g.gradient_norms_through_time(net("rnn"), X), "#000")])
    assert fig.layout.yaxis.type == "log" and len(fig.data[0].y) == 100


def test_views_are_registered_and_the_lesson_is_complete():
    from rnnviz.ui.lesson_views import VIEWS
    views = [view for view, _ in LESSON.views]
    assert views == [REPEATED_WEIGHT, GRADIENT_FLOW, LOSS_SURFACE, FORGET_BIAS]
    assert all(view in VIEWS for view in views)
    assert LESSON.number == 11 and len(LESSON.presets) == 4


# --- the page ----------------------------------------------------------------------------------------------------
def test_lesson_page_shows_the_computed_numbers():
    import json

    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP, errors

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lesson"] = "gradients"
    at.run()
    at.switch_page("pages/lessons.py").run()
    assert not at.exception and errors(at) == []
    assert [m.value for m in at.metric][:2] == ["20751.64", "20751.64"]  # w = 1.01: the run and the exact value
    at.button(key="l11_w_0.01").click().run()
    assert [m.value for m in at.metric][:2] == ["0", "1 × 10⁻¹⁹⁹⁸"]  # float64 underflows; the exact value says so
    assert any("163" in i.value for i in at.info)
    at.button(key="l11_w_0.99").click().run()
    assert at.metric[1].value == "4.360732 × 10⁻⁵"
    # one w on the page: the button opened the preset with w = 0.99, which the preset choice and the weight beside
    # the diagram show too
    assert at.session_state["rnnviz_view"].preset == 1 and at.radio(key="l_preset").value == 1
    assert at.number_input(key="l_try_weight_hh_l0_0_0").value == 0.99
    at.number_input(key="l_try_weight_hh_l0_0_0").set_value(1.0).run()  # and the view follows the explorer's w
    assert at.metric[0].value == "1" and at.button(key="l11_w_1").proto.type == "primary"
    at.select_slider(key="l11_gain").set_value(4.0).run()
    assert not at.exception and errors(at) == []
    names = [trace.get("name", "") for chart in at.get("plotly_chart")
             for trace in json.loads(chart.proto.spec)["data"]]
    rnn = next(n for n in names if n.startswith("Elman RNN"))
    assert float(rnn.rsplit(" ", 1)[1]) > 1e4  # the legend's step-1 / last ratio: exploded


def test_the_numbers_the_lesson_text_states():
    """The notice list quotes measured numbers; if a default (init, seed, task) changes, this says which to update."""
    text = " ".join(LESSON.notice["en"])
    ratio = g.repeated_weight_output(1.01) / g.repeated_weight_output(0.99)
    assert "5 × 10⁸" in text and 4.5e8 < ratio < 5.5e8
    reach = {}
    for name, network in {"rnn": net("rnn"), "lstm_open": g.with_forget_bias(net("lstm"), 2.0),
                          "rnn_x4": g.with_recurrent_gain(net("rnn"), 4.0),
                          "lstm_open_x4": g.with_forget_bias(g.with_recurrent_gain(net("lstm"), 4.0), 2.0)}.items():
        reach[name] = g.gradient_reach(g.gradient_norms_through_time(network, X))
    assert "10⁻²⁵" in text and 1e-26 < reach["rnn"] < 1e-24
    assert "10⁻²" in text and 1e-3 < reach["lstm_open"] < 5e-2
    assert "10¹⁷" in text and 1e16 < reach["lstm_open"] / g.gradient_reach(
        g.gradient_norms_through_time(net("lstm"), X)) < 1e19
    assert "10⁶" in text and 1e5 < reach["rnn_x4"] < 1e7
    assert "3.6" in text and reach["lstm_open_x4"] == pytest.approx(3.6, rel=0.05)
    params = dict(LESSON.views)[LOSS_SURFACE]
    free = g.descent_path(params["start"], params["lr"], params["descent_steps"])
    clipped = g.descent_path(params["start"], params["lr"], params["descent_steps"], clip=params["clip"])
    assert "about 160" in text and 150 < free.step_lengths.max() < 170
    assert "3 × 10⁻¹¹" in text and 2.5e-11 < clipped.losses[-1] < 3.5e-11
    forget = [g.gradient_reach(g.gradient_norms_through_time(g.with_forget_bias(net("lstm"), b), X)) for b in (0, 1, 3)]
    assert "10⁻²¹ to 10⁻⁹ to 10⁻¹" in text
    assert 1e-22 < forget[0] < 1e-20 and 1e-10 < forget[1] < 1e-8 and 1e-2 < forget[2] < 1
