"""train(): learns, is deterministic, stops when asked keeping what it learned, respects masks, survives
divergence, and leaves the global random generator alone."""
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.learn import History, TrainConfig, forward, greedy_generate, train


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _classification(B=16, T=5, I=3, C=4, seed=0):
    return torch.randn(B, T, I, generator=_gen(seed)), torch.randint(0, C, (B, T), generator=_gen(seed + 1))


def _weights_equal(a: Network, b: Network) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return all(torch.equal(sa[k], sb[k]) for k in sa)


SPEC = ModelSpec("lstm", 3, 8, head=HeadSpec(4, "softmax"))


def test_history_shape_and_weights_updated_in_place():
    net = Network(SPEC, seed=0)
    before = net.state_dict()
    x, y = _classification()
    history = train(net, x, y, TrainConfig(epochs=7, lr=0.05))
    assert isinstance(history, History)
    assert history.epochs_run == 7 and not history.stopped and not history.diverged
    assert len(history.loss) == len(history.accuracy) == len(history.grad_norms) == 7
    assert all(0 <= a <= 1 for a in history.accuracy)
    assert all(g > 0 for g in history.grad_norms)
    assert history.seconds > 0
    assert not torch.equal(net.state_dict()["weight_ih_l0"], before["weight_ih_l0"])
    # The history's loss is the loss of the weights before each epoch's step (full batch: one step).
    replay = Network(SPEC, seed=0)
    first = torch.nn.functional.cross_entropy(forward(SPEC, replay.state_dict(), x).reshape(-1, 4), y.reshape(-1))
    assert history.loss[0] == pytest.approx(first.item(), rel=1e-6)


@pytest.mark.parametrize("config", [
    TrainConfig(epochs=6, lr=0.05, batch_size=5),
    TrainConfig(epochs=6, lr=0.05, batch_size=4, optimizer="rmsprop", clip=0.5),
    TrainConfig(epochs=6, lr=0.1, batch_size=3, optimizer="sgd", shuffle=False),
], ids=["adam-minibatch", "rmsprop-clip", "sgd-in-order"])
def test_same_seed_same_history_and_weights(config):
    x, y = _classification()
    runs = []
    for _ in range(2):
        net = Network(SPEC, seed=0)
        runs.append((net, train(net, x, y, config)))
    (net_a, h_a), (net_b, h_b) = runs
    assert h_a.loss == h_b.loss and h_a.accuracy == h_b.accuracy and h_a.grad_norms == h_b.grad_norms
    assert _weights_equal(net_a, net_b)


def test_a_different_seed_shuffles_differently():
    x, y = _classification()
    config = TrainConfig(epochs=4, lr=0.05, batch_size=4)
    a, b = Network(SPEC, seed=0), Network(SPEC, seed=0)
    h_a = train(a, x, y, config)
    h_b = train(b, x, y, TrainConfig(epochs=4, lr=0.05, batch_size=4, seed=1))
    assert h_a.loss != h_b.loss
    assert not _weights_equal(a, b)


def test_the_global_random_generator_is_left_alone():
    x, y = _classification()
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    train(Network(SPEC, seed=0), x, y, TrainConfig(epochs=2, batch_size=4, seed=9))
    torch.testing.assert_close(torch.rand(3), expected, atol=0, rtol=0)


def test_on_epoch_sees_each_epoch_and_false_stops_keeping_the_weights():
    x, y = _classification()
    config = TrainConfig(epochs=50, lr=0.05, batch_size=4)
    seen = []

    def on_epoch(epoch, loss, accuracy):
        seen.append((epoch, loss, accuracy))
        return False if epoch == 3 else None

    stopped = Network(SPEC, seed=0)
    history = train(stopped, x, y, config, on_epoch=on_epoch)
    assert history.stopped and not history.diverged and history.epochs_run == 3
    assert [e for e, _, _ in seen] == [1, 2, 3]
    assert [l for _, l, _ in seen] == history.loss and [a for _, _, a in seen] == history.accuracy
    # The weights are those after exactly 3 epochs: the same as a run of 3 epochs with the same seed.
    three = Network(SPEC, seed=0)
    train(three, x, y, TrainConfig(epochs=3, lr=0.05, batch_size=4))
    assert _weights_equal(stopped, three)


def test_an_exception_in_on_epoch_keeps_what_was_learned():
    """A Streamlit rerun raises inside the callback: the epochs done so far must not be thrown away."""
    x, y = _classification()

    def on_epoch(epoch, loss, accuracy):
        if epoch == 2:
            raise KeyboardInterrupt

    net = Network(SPEC, seed=0)
    with pytest.raises(KeyboardInterrupt):
        train(net, x, y, TrainConfig(epochs=10, lr=0.05), on_epoch=on_epoch)
    two = Network(SPEC, seed=0)
    train(two, x, y, TrainConfig(epochs=2, lr=0.05))
    assert _weights_equal(net, two)


def test_regression_loss_decreases():
    """y_t = x_t + x_{t-1}: a linear RNN with an identity head learns it with mse."""
    x = torch.randn(32, 8, 1, generator=_gen(3))
    y = x + torch.nn.functional.pad(x, (0, 0, 1, 0))[:, :-1]
    net = Network(ModelSpec("rnn", 1, 6, head=HeadSpec(1)), seed=0)
    history = train(net, x, y, TrainConfig(epochs=150, lr=0.03, loss="mse"))
    assert history.accuracy is None
    assert history.loss[-1] < 0.05 * history.loss[0]


def test_many_to_one_sign_of_the_sum():
    """Sequence classification: is the sum of a random sequence positive? Read out from the last step."""
    x = torch.randn(384, 10, 1, generator=_gen(4))
    y = (x.sum(dim=(1, 2)) > 0).long()
    spec = ModelSpec("gru", 1, 8, head=HeadSpec(2, "softmax", every_step=False))
    net = Network(spec, seed=0)
    history = train(net, x[:256], y[:256], TrainConfig(epochs=80, lr=0.03))
    assert history.accuracy[-1] > 0.9
    held_out = (forward(spec, net.state_dict(), x[256:]).argmax(-1) == y[256:]).float().mean().item()
    assert held_out > 0.9


def test_masked_steps_do_not_count():
    x, y = _classification(B=8, T=6)
    mask = torch.ones(8, 6, dtype=torch.bool)
    mask[::2, 4:] = False  # every other sequence is two steps shorter
    config = TrainConfig(epochs=5, lr=0.05)
    garbage = y.clone()
    garbage[~mask] = 3 - garbage[~mask]  # other (valid) classes at the padded steps
    a, b = Network(SPEC, seed=0), Network(SPEC, seed=0)
    h_a, h_b = train(a, x, y, config, mask=mask), train(b, x, garbage, config, mask=mask)
    assert h_a.loss == h_b.loss and h_a.accuracy == h_b.accuracy and _weights_equal(a, b)
    # All steps unmasked is the same as no mask.
    c, d = Network(SPEC, seed=0), Network(SPEC, seed=0)
    h_c = train(c, x, y, config, mask=torch.ones(8, 6, dtype=torch.bool))
    h_d = train(d, x, y, config)
    assert h_c.loss == pytest.approx(h_d.loss, rel=1e-6)


def test_masked_accuracy_counts_only_real_steps():
    x, y = _classification(B=4, T=4)
    mask = torch.zeros(4, 4, dtype=torch.bool)
    mask[:, 0] = True
    net = Network(SPEC, seed=0)
    history = train(net, x, y, TrainConfig(epochs=1, lr=1e-6), mask=mask)
    logits = forward(SPEC, Network(SPEC, seed=0).state_dict(), x)
    expected = (logits[:, 0].argmax(-1) == y[:, 0]).float().mean().item()
    assert history.accuracy[0] == pytest.approx(expected)


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_masked_number_losses(loss):
    x = torch.randn(6, 5, 2, generator=_gen(5))
    y = (x[..., :1] > 0).float()
    mask = torch.ones(6, 5, dtype=torch.bool)
    mask[:, 3:] = False
    spec = ModelSpec("rnn", 2, 4, head=HeadSpec(1, "sigmoid"))
    a, b = Network(spec, seed=0), Network(spec, seed=0)
    other = y.clone()
    other[~mask] = 1 - other[~mask]
    h_a = train(a, x, y, TrainConfig(epochs=3, loss=loss), mask=mask)
    h_b = train(b, x, other, TrainConfig(epochs=3, loss=loss), mask=mask)
    assert h_a.loss == h_b.loss and _weights_equal(a, b)
    assert (h_a.accuracy is None) == (loss == "mse")


def test_bce_learns_a_per_step_threshold():
    x = torch.randn(32, 6, 1, generator=_gen(6))
    y = (x > 0).float()
    net = Network(ModelSpec("rnn", 1, 4, head=HeadSpec(1, "sigmoid")), seed=0)
    history = train(net, x, y, TrainConfig(epochs=60, lr=0.05, loss="bce"))
    assert history.loss[-1] < history.loss[0] and history.accuracy[-1] > 0.95


@pytest.mark.parametrize("spec", [
    ModelSpec("lstm", 3, 6, peephole=True, coupled=True, head=HeadSpec(4, "softmax")),
    ModelSpec("rnn", 3, 6, nonlinearity="identity", head=HeadSpec(4)),
    ModelSpec("jordan", 3, 6, head=HeadSpec(4, "softmax")),
], ids=["peephole-coupled-lstm", "identity-rnn", "jordan"])
def test_variants_train_through_the_step_equations(spec):
    x, y = _classification(B=8, T=4)
    net = Network(spec, seed=0)
    history = train(net, x, y, TrainConfig(epochs=25, lr=0.05))
    assert history.loss[-1] < 0.8 * history.loss[0]


def test_divergence_stops_and_keeps_the_last_finite_weights():
    x = torch.randn(4, 3, 2, generator=_gen(7))
    y = torch.full((4, 3, 1), 1e20)  # (prediction - 1e20)^2 overflows float32: the loss is infinite
    net = Network(ModelSpec("rnn", 2, 3, head=HeadSpec(1)), seed=0)
    before = net.state_dict()
    history = train(net, x, y, TrainConfig(epochs=5, loss="mse"))
    assert history.diverged and history.stopped and history.epochs_run == 0 and history.loss == []
    assert all(torch.equal(v, before[k]) for k, v in net.state_dict().items())


@pytest.mark.parametrize("config", [
    TrainConfig(epochs=20, lr=0.02),
    TrainConfig(epochs=6, lr=0.02, batch_size=5, clip=0.05),
    TrainConfig(epochs=6, lr=0.2, batch_size=4, optimizer="sgd", clip=0.5),
    TrainConfig(epochs=6, lr=0.01, batch_size=6, optimizer="rmsprop", seed=3),
], ids=["adam-full-batch", "adam-minibatch-clip", "sgd-clip", "rmsprop"])
def test_the_same_weights_as_a_hand_written_torch_loop(config):
    """nn.LSTM + nn.Linear, the optimizer over the modules' parameters, CrossEntropyLoss, clip_grad_norm_,
    minibatches in torch.randperm order from a generator seeded with the config's seed."""
    x, y = _classification(B=16, T=5, I=3, C=4, seed=8)
    net = Network(SPEC, seed=2)
    lstm, linear = net.to_torch()
    train(net, x, y, config)

    params = list(lstm.parameters()) + list(linear.parameters())
    optimizer = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD,
                 "rmsprop": torch.optim.RMSprop}[config.optimizer](params, lr=config.lr)
    criterion = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(config.seed)
    for _ in range(config.epochs):
        order = [torch.arange(16)] if config.batch_size is None else torch.randperm(16, generator=gen).split(
            config.batch_size)
        for i in order:
            optimizer.zero_grad()
            loss = criterion(linear(lstm(x[i])[0]).reshape(-1, 4), y[i].reshape(-1))
            loss.backward()
            if config.clip is not None:
                torch.nn.utils.clip_grad_norm_(params, config.clip)
            optimizer.step()
    mine = net.state_dict()
    theirs = {**lstm.state_dict(), **{f"head.{k}": v for k, v in linear.state_dict().items()}}
    for name, tensor in theirs.items():
        torch.testing.assert_close(mine[name], tensor, atol=2e-6, rtol=1e-5, msg=name)


@pytest.mark.parametrize("spec", [
    ModelSpec("lstm", 5, 6, num_layers=2, head=HeadSpec(5, "softmax")),
    ModelSpec("gru", 5, 6, head=HeadSpec(5, "softmax", every_step=False)),
    ModelSpec("lstm", 5, 6, peephole=True, proj_size=3, head=HeadSpec(5)),
    ModelSpec("jordan", 5, 6, head=HeadSpec(5, "softmax")),
], ids=["lstm-2-layers", "gru-many-to-one", "peephole-lstm", "jordan"])
def test_greedy_generation_is_the_argmax_chain(spec):
    """Feeding tokens one at a time with the carried state = re-reading the whole prefix each time."""
    net = Network(spec, seed=4)
    tokens = greedy_generate(net, 2, 9, 5)
    assert len(tokens) == 9 and tokens[0] == 2
    params = net.state_dict()
    for n in range(1, 9):
        x = torch.nn.functional.one_hot(torch.tensor([tokens[:n]]), 5).float()
        logits = forward(spec, params, x)
        last = logits[0, -1] if spec.head.every_step else logits[0]
        assert tokens[n] == int(last.argmax())
