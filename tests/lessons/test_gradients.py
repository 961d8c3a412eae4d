"""Lesson 12 (course §5): the repeated weight, gradients through time, the rough loss surface and clipping,
the forget gate's bias. Every claim the lesson's text makes is checked here against computed numbers."""
import functools
import re
from decimal import Decimal

import numpy as np
import pytest
import torch

from rnnviz.data.sequences import generate
from rnnviz.learn import gradients as g
from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_trace
from rnnviz.lessons.views import FORGET_BIAS, GRADIENT_FLOW, LOSS_SURFACE, REPEATED_WEIGHT
from rnnviz.model.cells import layer_params, lstm_step
from rnnviz.model.network import Network
from rnnviz.model.spec import ModelSpec
from rnnviz.viz import gradient_figures as figs
from tests.lessons.claims import body, nearest_power, notice, number, rounds_to, says, stated

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
    assert LESSON.number == 12 and len(LESSON.presets) == 4


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
    at.button(key="lv_grad_w_0.01").click().run()
    assert [m.value for m in at.metric][:2] == ["0", "1 × 10⁻¹⁹⁹⁸"]  # float64 underflows; the exact value says so
    assert any("163" in i.value for i in at.info)
    at.button(key="lv_grad_w_0.99").click().run()
    assert at.metric[1].value == "4.360732 × 10⁻⁵"
    # one w on the page: the button opened the preset with w = 0.99, which the preset choice and the weight beside
    # the diagram show too
    assert at.session_state["rnnviz_view"].preset == 1 and at.radio(key="l_preset").value == 1
    assert at.number_input(key="l_try_weight_hh_l0_0_0").value == 0.99
    at.number_input(key="l_try_weight_hh_l0_0_0").set_value(1.0).run()  # and the view follows the explorer's w
    assert at.metric[0].value == "1" and at.button(key="lv_grad_w_1").proto.type == "primary"
    at.select_slider(key="lv_grad_gain").set_value(4.0).run()
    assert not at.exception and errors(at) == []
    names = [trace.get("name", "") for chart in at.get("plotly_chart")
             for trace in json.loads(chart.proto.spec)["data"]]
    rnn = next(n for n in names if n.startswith("Elman RNN"))
    assert float(rnn.rsplit(" ", 1)[1]) > 1e4  # the legend's step-1 / last ratio: exploded


# --- what the lesson's text states, read out of both languages (tests/lessons/claims.py) --------------------
POWER = "[⁰¹²³⁴⁵⁶⁷⁸⁹]+"  # a superscript exponent, as in w⁹⁹⁹
TEN = f"10⁻?{POWER}"  # 10⁻²⁵, 10¹⁷
SCI = rf"[\d.]+ × {TEN}"  # 5 × 10⁸
PARAMS = dict(LESSON.views)
[GAIN] = stated(notice(LESSON, 3), r"recurrent weights × (\d+)", r"循环权重 × (\d+)", convert=float)


@functools.cache
def reach(name: str) -> float:
    """Step 1's gradient norm over the last step's, for the networks the notice names (the views' parameters)."""
    flow = PARAMS[GRADIENT_FLOW]
    networks = {"rnn": lambda: net("rnn"), "lstm": lambda: net("lstm"),
                "lstm_open": lambda: g.with_forget_bias(net("lstm"), flow["open_bias"]),
                "rnn_x4": lambda: g.with_recurrent_gain(net("rnn"), GAIN),
                "lstm_open_x4": lambda: g.with_forget_bias(g.with_recurrent_gain(net("lstm"), GAIN), flow["open_bias"]),
                **{f"forget {b:g}": lambda b=b: g.with_forget_bias(net("lstm"), b)
                   for b in PARAMS[FORGET_BIAS]["biases"]}}
    return g.gradient_reach(g.gradient_norms_through_time(networks[name](), X))


@functools.cache
def descent(clipped: bool) -> g.DescentPath:
    surface = PARAMS[LOSS_SURFACE]
    return g.descent_path(surface["start"], surface["lr"], surface["descent_steps"],
                          clip=surface["clip"] if clipped else None)


def _equal(value, stated_value) -> bool:
    return value == stated_value


NOTICE_CLAIMS = [  # (notice item, English pattern, Chinese pattern, the computed value, how the text states it)
    pytest.param(0, rf"about ({SCI}) apart", rf"相差约 ({SCI}) 倍",
                 lambda: g.repeated_weight_output(1.01) / g.repeated_weight_output(0.99), rounds_to,
                 id="w=1.01 and w=0.99 end 5e8 apart"),
    pytest.param(0, r"\(([\d.]+) vs ([\d.]+)\)", r"（([\d.]+) 对 ([\d.]+)）",
                 lambda: (g.repeated_weight_output(1.01), g.repeated_weight_output(0.99)), rounds_to,
                 id="their ends 20751.6 and 0.0000436"),
    pytest.param(0, r"from step (\d+) on", r"从第 (\d+) 步起",
                 lambda: g.underflow_step(g.repeated_weight_trajectory(0.01)), _equal, id="w=0.01 is 0 from step 163"),
    pytest.param(2, rf"about ({TEN}) of its value", rf"约为最后一步的 ({TEN})", lambda: reach("rnn"), nearest_power,
                 id="rnn reach 1e-25"),
    pytest.param(2, r"start near ([\d.]+)", r"一开始约为 ([\d.]+)", lambda: g.mean_forget_gate(net("lstm"), X),
                 rounds_to, id="default forget gates 0.5"),
    pytest.param(2, r"forget bias \+(\d+)", r"遗忘门偏置为 \+(\d+)", lambda: PARAMS[GRADIENT_FLOW]["open_bias"], _equal,
                 id="open forget bias +2"),
    pytest.param(2, rf"keeps about ({TEN})", rf"约保留 ({TEN})", lambda: reach("lstm_open"), nearest_power,
                 id="lstm +2 reach 1e-2"),
    pytest.param(2, rf"some ({TEN}) times more", rf"多了约 ({TEN}) 倍", lambda: reach("lstm_open") / reach("lstm"),
                 nearest_power, id="lstm +2 reaches 1e17 further"),
    pytest.param(3, r"recurrent weights × (\d+)", r"循环权重 × (\d+)", lambda: PARAMS[GRADIENT_FLOW]["gains"],
                 lambda gains, gain: gain in gains, id="the gain x4 is offered"),
    pytest.param(3, rf"about ({TEN}) at step 1", rf"第 1 步约 ({TEN})", lambda: reach("rnn_x4"), nearest_power,
                 id="rnn x4 reach 1e6"),
    pytest.param(3, r"≈ ([\d.]+)", r"≈ ([\d.]+)", lambda: reach("lstm_open_x4"), rounds_to, id="lstm +2 x4 reach 3.6"),
    pytest.param(4, r"a step about (\d+) long", r"一步跨出约 (\d+)", lambda: descent(False).step_lengths.max(),
                 rounds_to, id="the unclipped step 160"),
    pytest.param(4, r"stuck at ([\d.]+)", r"停在 ([\d.]+)", lambda: descent(False).losses[-1], rounds_to,
                 id="the unclipped loss 0.25"),
    pytest.param(4, rf"loss ≈ ({SCI})", rf"损失 ≈ ({SCI})", lambda: descent(True).losses[-1], rounds_to,
                 id="the clipped loss 3e-11"),
    pytest.param(5, r"(\d) → \+(\d) → \+(\d)", r"(\d) → \+(\d) → \+(\d)", lambda: PARAMS[FORGET_BIAS]["biases"],
                 _equal, id="forget biases 0, 1, 3"),
    pytest.param(5, rf"from about ({TEN}) to ({TEN}) to ({TEN})", rf"从约 ({TEN}) 到 ({TEN}) 再到 ({TEN})",
                 lambda: tuple(reach(f"forget {b:g}") for b in PARAMS[FORGET_BIAS]["biases"]), nearest_power,
                 id="forget bias reaches 1e-21, 1e-9, 1e-1"),
]


@pytest.mark.parametrize("item,pattern,zh_pattern,value,holds", NOTICE_CLAIMS)
def test_text_the_numbers_the_notice_states(item, pattern, zh_pattern, value, holds):
    """Each number of the "What to notice" list, in both languages, against what the lesson's views compute."""
    [stated_value] = stated(notice(LESSON, item), pattern, zh_pattern, convert=number)
    computed = value()
    if isinstance(stated_value, tuple) and isinstance(computed, tuple):
        assert len(computed) == len(stated_value) and all(map(holds, computed, stated_value)), (computed, stated_value)
    else:
        assert holds(computed, stated_value), (computed, stated_value)


def test_text_the_clipped_descent_steps_at_most_lr_times_threshold():
    """Notice 5: the clipped descent steps at most lr × threshold, and it does step that far at the cliff."""
    says(notice(LESSON, 4), r"steps at most lr × threshold", r"每步最多走 学习率 × 阈值")
    surface = PARAMS[LOSS_SURFACE]
    assert descent(True).step_lengths.max() == pytest.approx(surface["lr"] * surface["clip"], rel=1e-9)


def test_text_the_output_at_step_1000_is_w_to_the_999():
    """Body: input 1 at step 1, then 0s: the output at step 1000 is w⁹⁹⁹ (the view's and the presets' 1000 steps)."""
    [(steps, power)] = stated(body(LESSON), rf"output at step (\d+) is w({POWER})", rf"第 (\d+) 步的输出是 w({POWER})",
                              convert=lambda n: int(n.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))))
    assert power == steps - 1 and PARAMS[REPEATED_WEIGHT]["steps"] == steps
    trajectory = g.repeated_weight_trajectory(0.9, steps)
    assert trajectory.shape == (steps,) and trajectory[0] == 1.0 and trajectory[-1] == pytest.approx(0.9 ** power)
    assert [preset.step + 1 for preset in LESSON.presets] == [steps] * len(LESSON.presets)


def test_text_the_table_of_w_to_the_999():
    """Body: the table w = 1, 1.01, 0.99, 0.01 -> w⁹⁹⁹ = 1, 20751.64, 4.3607 × 10⁻⁵, 10⁻¹⁹⁹⁸, exactly, to its digits."""
    cells = {"convert": lambda row: tuple(number(cell) for cell in row.split(" | "))}
    [ws] = stated(body(LESSON), r"(?m)^\| w \| (.+) \|$", **cells)
    [powers] = stated(body(LESSON), rf"(?m)^\| w{POWER} \| (.+) \|$", **cells)
    assert sorted(ws) == sorted(number(w) for w in PARAMS[REPEATED_WEIGHT]["course"])
    assert sorted(ws) == sorted(number(str(p.weights["weight_hh_l0"][0][0])) for p in LESSON.presets)
    for w, power in zip(ws, powers, strict=True):
        assert rounds_to(g.repeated_weight_exact(float(w)), power), (w, power)


def test_text_the_course_values_are_right_rounded():
    """Body: the course writes ≈ 20752, ≈ 4.4e-5 and ≈ 0 (for w = 1.01, 0.99, 0.01): right, rounded."""
    [written] = stated(body(LESSON), r"course writes (.+?): right", r"课程写的是 (.+?)：",
                       convert=lambda text: tuple(map(number, re.findall(r"≈ ([\d.e-]+)", text))))
    course = PARAMS[REPEATED_WEIGHT]["course"]
    ws = ("1.01", "0.99", "0.01")
    assert written == tuple(number(course[w].removeprefix("≈ ")) for w in ws)
    for w, value in zip(ws, written, strict=True):
        assert rounds_to(g.repeated_weight_exact(float(w)), value), (w, value)


def test_text_float64_cannot_hold_10_to_the_minus_1998():
    """Body: 10⁻¹⁹⁹⁸ is below the smallest float64 (≈ 4.9 × 10⁻³²⁴), so the computer really gets 0."""
    [smallest] = stated(body(LESSON), rf"float64 can hold \(≈ ({SCI})\)", rf"float64 能表示的最小数（≈ ({SCI})）",
                        convert=number)
    tiniest = Decimal(float(np.nextafter(0.0, 1.0)))  # exactly, not its shortest repr "5e-324"
    assert rounds_to(tiniest, smallest) and g.repeated_weight_exact(0.01) < tiniest
    assert g.repeated_weight_output(0.01) == 0.0


def test_text_one_percent_of_w_is_a_20000_fold_change():
    """Body: a change of w by 1 % changes the result 20 000-fold one way or the other."""
    [fold] = stated(body(LESSON), r"(\d+ \d+)-fold one way", r"相差 (\d+ 万)倍", convert=number)
    assert rounds_to(g.repeated_weight_exact(1.01) / g.repeated_weight_exact(1.0), fold)  # 20752
    assert rounds_to(g.repeated_weight_exact(1.0) / g.repeated_weight_exact(0.99), fold)  # 22932


def test_text_clipping_keeps_the_direction_as_clip_grad_norm_does():
    """Body: clipping rescales a gradient longer than the threshold down to that length, as
    torch.nn.utils.clip_grad_norm_ does: the direction is kept."""
    says(body(LESSON), r"rescales a gradient longer than a threshold down to that length \(torch.nn.utils."
                       r"clip_grad_norm_\): the direction is kept", r"梯度裁剪\*\*把长度超过阈值的梯度按比例缩短到阈值"
                                                                   r"（torch.nn.utils.clip_grad_norm_）：方向不变")
    surface, path = PARAMS[LOSS_SURFACE], descent(True)
    clipped = np.flatnonzero(path.grad_norms > surface["clip"])
    assert clipped.size > 0
    for k in clipped:
        _, dw, du = g.tiny_rnn_loss_and_grad(*path.points[k])
        weight = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
        weight.grad = torch.tensor([float(dw), float(du)], dtype=torch.float64)
        torch.nn.utils.clip_grad_norm_([weight], surface["clip"])
        np.testing.assert_allclose(path.points[k + 1] - path.points[k], -surface["lr"] * weight.grad.numpy(),
                                   rtol=1e-5)


def test_text_the_lstm_cell_passes_the_gradient_back_through_f_only():
    """Body: going back one step along the cell multiplies the gradient by f only: ∂c_t/∂c_(t-1) = diag(f_t)."""
    says(body(LESSON), r"one step along the cell multiplies the gradient by the forget gate f only",
         r"沿细胞往回传一步，梯度只乘上遗忘门 f")
    lstm = net("lstm")
    params = layer_params({k: v.double() for k, v in lstm.state_dict().items()}, 0, 0)
    x_t, h = torch.as_tensor(X[:1], dtype=torch.float64), torch.full((1, 16), 0.3, dtype=torch.float64)
    c = torch.linspace(-1, 1, 16, dtype=torch.float64)[None]
    jacobian = torch.autograd.functional.jacobian(lambda c: lstm_step(lstm.spec, params, x_t, h, c)["c"], c)
    f = lstm_step(lstm.spec, params, x_t, h, c)["f"][0]
    torch.testing.assert_close(jacobian.reshape(16, 16), torch.diag(f))


def test_text_the_gru_ties_keeping_and_writing_to_one_z():
    """Body: the GRU computes h_t = (1 − z) ⊙ n + z ⊙ h_(t-1)."""
    says(body(LESSON), r"h_t = \(1 − z\) ⊙ n \+ z ⊙ h_\(t-1\)", r"h_t = \(1 − z\) ⊙ n \+ z ⊙ h_\(t-1\)")
    trace = net("gru").trace(X)
    z, n, h = (trace[q][0, 0, 0] for q in ("z", "n", "h"))
    previous = torch.cat([torch.zeros(1, 16), h[:-1]])
    torch.testing.assert_close(h, (1 - z) * n + z * previous, rtol=1e-5, atol=1e-6)
