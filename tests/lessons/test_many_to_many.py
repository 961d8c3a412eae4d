"""Lesson 10: per-step (many-to-many) vs whole-sequence (many-to-one) prediction on the generated running sum."""
import numpy as np
import pytest
import torch

from rnnviz.learn.forward import forward
from rnnviz.learn.recipes import (
    RUNNING_SUM_CONFIG,
    running_sum_accuracy,
    running_sum_data,
    running_sum_spec,
    train_running_sum,
)
from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_trace
from rnnviz.lessons.views import MANY_TO_MANY
from rnnviz.model.spec import HeadSpec
from tests.lessons.claims import body, notice, number, rounds_to, says, stated


def test_the_data_is_deterministic_and_the_labels_are_the_running_sum():
    a, b = running_sum_data(50, seed=3), running_sum_data(50, seed=3)
    assert np.array_equal(a.x, b.x) and a.x.shape == (50, 5, 6)
    assert np.array_equal(a.per_step, (np.cumsum(a.x[:, :, 0], axis=1) > 0).astype(int))
    assert np.array_equal(a.whole_sequence, a.per_step[:, -1])
    assert 0.3 < a.per_step.mean() < 0.7


def test_the_course_recipe_and_the_shapes():
    assert (RUNNING_SUM_CONFIG.lr, RUNNING_SUM_CONFIG.clip, RUNNING_SUM_CONFIG.loss) == (0.05, 1.0, "cross_entropy")
    per_step, whole = running_sum_spec("per_step"), running_sum_spec("whole_sequence")
    assert (per_step.cell, per_step.input_size, per_step.hidden_size, per_step.head.out_features) == ("lstm", 6, 32, 2)
    assert per_step.head.every_step and not whole.head.every_step
    x = running_sum_data(7, seed=0).x
    from rnnviz.model.network import Network
    net_steps, net_whole = Network(per_step, seed=0), Network(whole, seed=0)
    assert net_steps.num_parameters() == 5186  # course §6: LSTM(6, 32) + Linear(32, 2)
    assert net_steps.trace(x)["y"].shape == (7, 5, 2)
    assert net_whole.trace(x)["y"].shape == (7, 1, 2)  # the trace keeps a time axis of one step
    logits = forward(whole, net_whole.state_dict(), torch.as_tensor(x))
    assert logits.shape == (7, 2)  # what Linear(output[:, -1, :]) gives in torch
    # ... and it is the head applied to the last step's output
    out = net_whole.trace(x).output
    sd = net_whole.state_dict()
    assert torch.allclose(logits, out[:, -1, :] @ sd["head.weight"].T + sd["head.bias"], atol=1e-5)
    assert lesson_by_id("many-to-many").number == 10
    assert preset_trace(lesson_by_id("many-to-many").presets[0])["y"].shape == (1, 5, 2)


LESSON = lesson_by_id("many-to-many")
PARAMS = dict(LESSON.views)[MANY_TO_MANY]


@pytest.fixture(scope="module")
def runs():
    """The lesson's runs as its first notice states them: seeds 0-2, the view's epochs, 500 held-out windows.
    {seed: (per-step model, whole-sequence model, the per-step model's accuracy on the last step)}."""
    [(first, last)] = stated(notice(LESSON, 0), r"seeds (\d)–(\d)", r"随机种子 (\d)–(\d)", convert=int)
    [epochs] = stated(notice(LESSON, 0), r"(\d+) epochs", r"训练 (\d+) 轮", convert=int)
    [windows] = stated(notice(LESSON, 0), r"(\d+) held-out", r"(\d+) 个留出", convert=int)
    assert epochs == PARAMS["epochs"] == RUNNING_SUM_CONFIG.epochs and first == PARAMS["seed"]
    out = {}
    for seed in range(first, last + 1):
        per_step = train_running_sum("per_step", seed=seed, epochs=epochs, n_test=windows)
        whole = train_running_sum("whole_sequence", seed=seed, epochs=epochs, n_test=windows)
        test = running_sum_data(windows, seed=2000 + seed)  # what the view scores on (worked_examples.py)
        out[seed] = per_step, whole, running_sum_accuracy(per_step.net, test, last_step=True)
    return out


def test_both_models_learn_and_per_step_supervision_helps(runs):
    """Seed 0, the lesson's view: both learn, and the per-step model is better on the last step."""
    per_step, whole, last = runs[PARAMS["seed"]]
    test = running_sum_data(500, seed=2000)
    print(f"\nrunning sum: per-step {per_step.test_accuracy:.3f} ({per_step.history.seconds:.2f} s), last step "
          f"{last:.3f}, whole-sequence {whole.test_accuracy:.3f} ({whole.history.seconds:.2f} s)")
    assert per_step.test_accuracy > 0.96  # measured 0.976
    assert whole.test_accuracy > 0.93  # measured 0.946
    assert last > whole.test_accuracy  # measured 0.966
    # the whole-sequence model's mistakes are windows whose total is near 0 (notice 3)
    says(notice(LESSON, 2), r"mistakes are windows whose sum is close to 0", r"出错的窗口，总和都接近 0")
    wrong = whole.net.trace(test.x)["y"][:, -1].argmax(-1).numpy() != test.whole_sequence
    total = np.abs(test.x[:, :, 0].sum(axis=1))
    assert wrong.any() and np.median(total[wrong]) < 0.25 * np.median(total)


# --- what the lesson's text states, read out of both languages (tests/lessons/claims.py) --------------------
def _in_range(values, stated_range) -> bool:
    """The lowest and highest of the runs, to the digits the text gives, are the ends of the stated range."""
    low, high = stated_range
    return rounds_to(100 * min(values), low) and rounds_to(100 * max(values), high)


def test_text_the_accuracies_of_the_two_models(runs):
    """Notice 1: per-step about 97.6-98 % of all steps, whole-sequence about 94.6-95.6 % of windows."""
    steps, windows = stated(notice(LESSON, 0), r"([\d.]+)–([\d.]+) ?%", convert=number)
    assert _in_range([per_step.test_accuracy for per_step, _, _ in runs.values()], steps)
    assert _in_range([whole.test_accuracy for _, whole, _ in runs.values()], windows)


def test_text_the_per_step_model_on_the_last_step(runs):
    """Notice 2: on the very same question (the last step) the per-step model is right at about 96.6-98.2 %, better
    than the whole-sequence model in every run."""
    [last_step] = stated(notice(LESSON, 1), r"([\d.]+)–([\d.]+) ?%", convert=number)
    assert _in_range([last for _, _, last in runs.values()], last_step)
    assert all(last > whole.test_accuracy for _, whole, last in runs.values())


def test_text_the_recipe():
    """Body: windows of 5 steps with 6 features, LSTM(6, 32), Linear(32, 2) at every step, Adam lr 0.05, gradient
    norm clipped at 1.0, cross-entropy at every step."""
    [(steps, features)] = stated(body(LESSON), r"\*\*(\d+) steps with (\d+) features\*\*",
                                 r"\*\*(\d+) 步、每步 (\d+) 个特征\*\*", convert=int)
    [(m, n)] = stated(body(LESSON), r"LSTM\((\d+), (\d+)\) and", r"一个 LSTM\((\d+), (\d+)\)", convert=int)
    [(h, k)] = stated(body(LESSON), r"Linear\((\d+), (\d+)\) applied", r"接一个 Linear\((\d+), (\d+)\)", convert=int)
    [(optimizer, lr)] = stated(body(LESSON), r"(Adam) lr ([\d.]+)", r"(Adam) 学习率 ([\d.]+)")
    [clip] = stated(body(LESSON), r"clipped at ([\d.]+)", r"裁剪到 ([\d.]+)", convert=float)
    says(body(LESSON), r"cross-entropy at every step", r"每一步都计算交叉熵")
    assert running_sum_data(3).x.shape[1:] == (steps, features)
    spec = running_sum_spec("per_step")
    assert (spec.input_size, spec.hidden_size, spec.head.out_features, h) == (m, n, k, n) and spec.head.every_step
    assert (RUNNING_SUM_CONFIG.optimizer, RUNNING_SUM_CONFIG.lr, RUNNING_SUM_CONFIG.clip, RUNNING_SUM_CONFIG.loss) == (
        optimizer.lower(), float(lr), clip, "cross_entropy")


def test_text_the_features_are_standard_normal():
    """Body: the 6 features are random numbers (standard normal)."""
    says(body(LESSON), r"standard normal", r"标准正态分布")
    x = running_sum_data(4000, seed=0).x.reshape(-1, 6)
    assert np.abs(x.mean(axis=0)).max() < 0.03 and np.abs(x.std(axis=0) - 1).max() < 0.03


def test_text_the_shapes_of_y():
    """Body: y is (batch, 5, 2) per step; (batch, 1, 2) for the many-to-one model, whose head is
    HeadSpec(2, "softmax", every_step=False); torch's linear(output[:, -1, :]) gives (batch, 2)."""
    shapes = stated(body(LESSON), r"\(batch((?:, \d+)+)\)", convert=lambda t: tuple(map(int, t.split(", ")[1:])))
    [head] = stated(body(LESSON), r"(HeadSpec\([^)]*\))")
    whole = running_sum_spec("whole_sequence")
    assert eval(head, {"__builtins__": {}, "HeadSpec": HeadSpec}) == whole.head  # the text's call, as written
    from rnnviz.model.network import Network
    x = running_sum_data(7, seed=0).x
    per_step, many_to_one = Network(running_sum_spec("per_step"), seed=0), Network(whole, seed=0)
    logits = forward(whole, many_to_one.state_dict(), torch.as_tensor(x))
    assert [(7, *shape) for shape in shapes] == [tuple(per_step.trace(x)["y"].shape),
                                                 tuple(many_to_one.trace(x)["y"].shape), tuple(logits.shape)]


def test_text_the_explorer_opens_with_an_untrained_model_and_y_is_two_probabilities():
    """Notice 4: the explorer opens with an untrained LSTM(6, 32) on one generated window; y shows P(negative),
    P(positive) at every step."""
    [(m, n)] = stated(notice(LESSON, 3), r"untrained LSTM\((\d+), (\d+)\)", r"未训练的 LSTM\((\d+), (\d+)\)",
                      convert=int)
    says(notice(LESSON, 3), r"P\(negative\), P\(positive\) at every step", r"每一步的 P\(负\)、P\(正\)")
    preset = LESSON.presets[0]
    assert preset.weights is None and preset.spec == running_sum_spec("per_step")
    assert (preset.spec.input_size, preset.spec.hidden_size) == (m, n)
    window = preset.sequence.array(m)
    assert window.shape == running_sum_data(1).x.shape[1:]
    y = preset_trace(preset)["y"][0]
    assert y.shape == (window.shape[0], 2) and torch.allclose(y.sum(-1), torch.ones(window.shape[0]))
    assert ((0 < y) & (y < 1)).all()
