"""Lesson 9: per-step (many-to-many) vs whole-sequence (many-to-one) prediction on the generated running sum."""
import numpy as np
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
    assert lesson_by_id("many-to-many").number == 9
    assert preset_trace(lesson_by_id("many-to-many").presets[0])["y"].shape == (1, 5, 2)


def test_both_models_learn_and_per_step_supervision_helps():
    """The lesson states (seed 0; seeds 0-2 measured): per-step about 97.6-98 % of steps, whole-sequence about
    94.6-95.6 % of windows, the per-step model on the last step about 96.6-98.2 %."""
    per_step = train_running_sum("per_step", seed=0)
    whole = train_running_sum("whole_sequence", seed=0)
    test = running_sum_data(500, seed=2000)
    last = running_sum_accuracy(per_step.net, test, last_step=True)
    print(f"\nrunning sum: per-step {per_step.test_accuracy:.3f} ({per_step.history.seconds:.2f} s), last step "
          f"{last:.3f}, whole-sequence {whole.test_accuracy:.3f} ({whole.history.seconds:.2f} s)")
    assert per_step.test_accuracy > 0.96  # measured 0.976
    assert whole.test_accuracy > 0.93  # measured 0.946
    assert last > whole.test_accuracy  # measured 0.966
    # the whole-sequence model's mistakes are windows whose total is near 0
    wrong = whole.net.trace(test.x)["y"][:, -1].argmax(-1).numpy() != test.whole_sequence
    total = np.abs(test.x[:, :, 0].sum(axis=1))
    assert wrong.any() and np.median(total[wrong]) < 0.25 * np.median(total)
