"""Every bad setting or data set is refused up front with a ValueError naming what was expected and given;
nothing is trained and the network's weights are left alone."""
import math

import numpy as np
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.learn import TrainConfig, greedy_generate, train

B, T, I, C = 5, 4, 3, 6


def _net(**head):
    return Network(ModelSpec("lstm", I, 8, head=HeadSpec(C, **head)), seed=0)


def _x():
    return torch.randn(B, T, I, generator=torch.Generator().manual_seed(0))


def _y():
    return torch.randint(0, C, (B, T), generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize("changes, message", [
    (dict(epochs=0), r"epochs must be a whole number from 1 to 5000, got 0"),
    (dict(epochs=5001), r"epochs must be a whole number from 1 to 5000, got 5001"),
    (dict(epochs=2.0), r"epochs must be a whole number .* got 2.0"),
    (dict(epochs=True), r"epochs must be a whole number .* got True"),
    (dict(lr=0), r"lr must be a number greater than 0 and at most 10.0, got 0"),
    (dict(lr=-0.1), r"lr must be .* got -0.1"),
    (dict(lr=math.nan), r"lr must be .* got nan"),
    (dict(lr=math.inf), r"lr must be .* got inf"),
    (dict(lr=11.0), r"lr must be .* at most 10.0, got 11.0"),
    (dict(lr="0.1"), r"lr must be .* got '0.1'"),
    (dict(batch_size=0), r"batch_size must be None \(full batch\) or a whole number of at least 1, got 0"),
    (dict(batch_size=2.5), r"batch_size must be .* got 2.5"),
    (dict(clip=0), r"clip must be None \(no clipping\) or a number greater than 0 .* got 0"),
    (dict(clip=math.nan), r"clip must be .* got nan"),
    (dict(optimizer="adagrad"), r"optimizer must be one of adam, sgd, rmsprop; got 'adagrad'"),
    (dict(loss="hinge"), r"loss must be one of cross_entropy, mse, bce; got 'hinge'"),
    (dict(seed=-1), r"seed must be a whole number from 0 to 2\*\*63-1, got -1"),
    (dict(seed=1.0), r"seed must be .* got 1.0"),
    (dict(shuffle=1), r"shuffle must be True or False, got 1"),
])
def test_bad_config(changes, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**changes)


def _refused(net, x, y, message, config=TrainConfig(epochs=2), **kwargs):
    before = net.state_dict()
    with pytest.raises(ValueError, match=message):
        train(net, x, y, config, **kwargs)
    for name, tensor in net.state_dict().items():
        assert torch.equal(tensor, before[name]), f"{name} changed although training was refused"


def test_not_a_network_or_config():
    with pytest.raises(ValueError, match="train needs a rnnviz Network, got Linear"):
        train(torch.nn.Linear(2, 2), _x(), _y())
    with pytest.raises(ValueError, match="config must be a TrainConfig, got dict"):
        train(_net(), _x(), _y(), {"epochs": 3})


def test_no_head():
    net = Network(ModelSpec("gru", I, 4), seed=0)
    _refused(net, _x(), _y(), r"this GRU has no head: training needs an output .* head=HeadSpec\(out_features\)")


@pytest.mark.parametrize("activation, loss, message", [
    ("sigmoid", "cross_entropy", r"loss 'cross_entropy' does not fit a head with activation 'sigmoid'; it fits "
                                 r"softmax or identity \(for a sigmoid head use loss='bce'\)"),
    ("softmax", "bce", r"loss 'bce' does not fit a head with activation 'softmax'; it fits sigmoid or identity "
                       r"\(for a softmax head use loss='cross_entropy'\)"),
])
def test_loss_and_head_must_fit(activation, loss, message):
    _refused(_net(activation=activation), _x(), _y(), message, TrainConfig(loss=loss))


def test_one_class_cross_entropy():
    net = Network(ModelSpec("rnn", I, 4, head=HeadSpec(1)), seed=0)
    _refused(net, _x(), torch.zeros(B, T, dtype=torch.long), r"at least 2 classes \(head out_features\); got 1")


@pytest.mark.parametrize("x, message", [
    (torch.randn(T, I), r"must have shape \(B, T, input_size\) with input_size=3; got shape \(4, 3\) "
                        r"\(one sequence of shape \(T, input_size\) is x\[None\]\)"),
    (torch.randn(B, T, 2), r"each step of x must have input_size=3 values; got 2 \(x has shape \(5, 4, 2\)\)"),
    (torch.randn(B, 0, I), r"the training inputs x are empty \(shape \(5, 0, 3\)\)"),
    (torch.full((B, T, I), math.nan), r"must be finite numbers; they hold NaN or infinity"),
    (torch.full((B, T, I), math.inf), r"must be finite numbers; they hold NaN or infinity"),
    (torch.ones(B, T, I, dtype=torch.bool), r"must hold real numbers, got a tensor of dtype torch.bool"),
    ([[[1.0, 2.0, 3.0]], [[1.0, 2.0]]], r"rectangular"),
])
def test_bad_inputs(x, message):
    _refused(_net(), x, _y(), message)


def test_too_much_data():
    _refused(_net(), torch.zeros(B, 20_001, I), torch.zeros(B, 20_001, dtype=torch.long),
             r"x has 20001 steps; at most 20000 are allowed")
    net = Network(ModelSpec("rnn", 1, 4, head=HeadSpec(2)), seed=0)
    _refused(net, torch.zeros(100_001, 1, 1), torch.zeros(100_001, 1, dtype=torch.long),
             r"x has 100001 sequences; at most 100000 are allowed")


@pytest.mark.parametrize("y, message", [
    (torch.rand(B, T), r"cross_entropy targets must be class indices \(whole numbers, e.g. dtype torch.long\) of "
                       r"shape \(5, 4\), one per sequence at every step; got dtype torch.float32"),
    (torch.zeros(B, T, dtype=torch.bool), r"class indices .* got dtype torch.bool"),
    (torch.zeros(B, dtype=torch.long), r"the cross_entropy targets y must have shape \(5, 4\) for x of shape "
                                       r"\(B=5, T=4, \.\.\.\) and a head read out at every step; got \(5,\)"),
    (torch.zeros(B, T, C, dtype=torch.long), r"must have shape \(5, 4\) .* got \(5, 4, 6\)"),
    (torch.full((B, T), C), r"class indices from 0 to 5 \(head out_features=6\); got values from 6 to 6"),
    (torch.full((B, T), -1), r"class indices from 0 to 5 .* got values from -1 to -1"),
    ("abcde", r"cross_entropy targets must be class indices \(whole numbers\) of shape \(5, 4\); got str that is "
              r"not a rectangular array of numbers"),
    ([[0, 1], [2]], r"class indices .* got list that is not a rectangular array of numbers"),
    ([[0.0] * T] * B, r"class indices .* got dtype torch.float64"),
])
def test_bad_class_targets(y, message):
    _refused(_net(), _x(), y, message)


def test_many_to_one_targets():
    net = _net(every_step=False)
    _refused(net, _x(), _y(), r"must have shape \(5,\) .* a head read out at the last step \(many-to-one head\); "
                              r"got \(5, 4\)")
    train(net, _x(), np.arange(B) % C, TrainConfig(epochs=1))  # numpy class indices are fine


@pytest.mark.parametrize("loss, y, message", [
    ("mse", torch.zeros(B, T), r"the mse targets y must have shape \(5, 4, 6\) .* got \(5, 4\)"),
    ("mse", torch.zeros(B, T, 1), r"must have shape \(5, 4, 6\) .* got \(5, 4, 1\)"),  # no broadcasting
    ("mse", torch.full((B, T, C), math.nan), r"the mse targets y must be finite numbers; they hold NaN"),
    ("bce", torch.full((B, T, C), 2.0), r"bce targets must be probabilities from 0 to 1; got values from 2 to 2"),
    ("mse", "abc", r"must hold real numbers, got text"),
])
def test_bad_number_targets(loss, y, message):
    net = _net(activation="sigmoid")
    _refused(net, _x(), y, message, TrainConfig(loss=loss))


@pytest.mark.parametrize("mask, message", [
    (torch.ones(B, T), r"mask must hold True \(step counts\) / False \(padding\), dtype torch.bool; got dtype "
                       r"torch.float32"),
    (torch.ones(B, T + 1, dtype=torch.bool), r"mask must have shape \(B, T\) = \(5, 4\); got \(5, 5\)"),
    (torch.ones(B, T, dtype=torch.bool).index_fill(0, torch.tensor([1, 3]), False),
     r"every sequence needs at least one unmasked step; sequences \[1, 3\] have none"),
    ([[True], [True, False]], r"mask must be a \(B, T\) = \(5, 4\) array of True / False; got list that is not"),
])
def test_bad_mask(mask, message):
    _refused(_net(), _x(), _y(), message, mask=mask)


def test_mask_with_a_many_to_one_head():
    _refused(_net(every_step=False), _x(), torch.zeros(B, dtype=torch.long),
             r"a many-to-one head reads only the last step, so it takes no mask", mask=torch.ones(B, T, dtype=bool))


def test_batch_caps():
    _refused(_net(), _x(), _y(), r"batch_size must be at most the number of sequences B=5 \(None trains on all at "
                                 r"once\); got 6", TrainConfig(batch_size=6))
    net = Network(ModelSpec("lstm", 1, 256, num_layers=2, head=HeadSpec(2)), seed=0)
    _refused(net, torch.zeros(64, 100, 1), torch.zeros(64, 100, dtype=torch.long),
             r"a batch of 64 sequences x 100 steps x 256 units x 2 layers/directions is more than the cap of "
             r"1,048,576; use batch_size=20 or less")


def test_on_epoch_must_be_callable():
    _refused(_net(), _x(), _y(), r"on_epoch must be a function or None, got int", on_epoch=3)


def test_greedy_generate_refuses():
    net = Network(ModelSpec("rnn", 5, 4, head=HeadSpec(5)), seed=0)
    with pytest.raises(ValueError, match=r"greedy_generate needs a rnnviz Network, got str"):
        greedy_generate("net", 0, 3, 5)
    with pytest.raises(ValueError, match=r"input_size and head out_features must both be vocab_size=6; got "
                                         r"input_size=5, out_features=5"):
        greedy_generate(net, 0, 3, 6)
    with pytest.raises(ValueError, match=r"first_index must be a whole number from 0 to 4, got 5"):
        greedy_generate(net, 5, 3, 5)
    with pytest.raises(ValueError, match=r"length must be a whole number from 1 to 20000, got 0"):
        greedy_generate(net, 0, 0, 5)
    with pytest.raises(ValueError, match=r"vocab_size must be a whole number of at least 1, got 0"):
        greedy_generate(net, 0, 3, 0)
    with pytest.raises(ValueError, match=r"has no head"):
        greedy_generate(Network(ModelSpec("rnn", 5, 4), seed=0), 0, 3, 5)
    bi = Network(ModelSpec("rnn", 5, 4, bidirectional=True, head=HeadSpec(5)), seed=0)
    with pytest.raises(ValueError, match=r"reads left to right; a bidirectional network"):
        greedy_generate(bi, 0, 3, 5)


def test_a_network_with_an_embedding_is_not_trained_yet_and_says_so():
    net = Network(ModelSpec("lstm", I, 8, head=HeadSpec(C), vocab_size=C), seed=0)
    before = net.state_dict()
    with pytest.raises(ValueError, match=r"reads token ids through an embedding \(vocab_size=6\); training one is not "
                                         "supported yet"):
        train(net, _x(), _y(), TrainConfig(epochs=1))
    assert all(torch.equal(before[k], v) for k, v in net.state_dict().items())
    with pytest.raises(ValueError, match="greedy_generate feeds one-hot tokens; this network reads token ids"):
        greedy_generate(net, 0, 3, C)
