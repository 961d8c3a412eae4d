"""forward(): the head's logits, equal (after the head's activation) to what a trace records, for every
cell kind; differentiable in every parameter; the same whether tensors are Parameters or not."""
import pytest
import torch
import torch.nn as nn

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.learn import forward, forward_with_state
from rnnviz.learn.forward import bound_forward
from rnnviz.model.cells import head_activation

SPECS = [
    ModelSpec("lstm", 3, 5, head=HeadSpec(4, "softmax")),
    ModelSpec("lstm", 3, 5, num_layers=2, bidirectional=True, proj_size=2, head=HeadSpec(3, "softmax", False)),
    ModelSpec("lstm", 3, 4, bias=False, head=HeadSpec(2, "sigmoid", bias=False)),
    ModelSpec("gru", 3, 5, num_layers=2, bidirectional=True, head=HeadSpec(2, "sigmoid", every_step=False)),
    ModelSpec("gru", 3, 5, head=HeadSpec(3)),
    ModelSpec("rnn", 3, 5, head=HeadSpec(3, "softmax")),
    ModelSpec("rnn", 3, 5, nonlinearity="relu", num_layers=3, head=HeadSpec(2)),
    ModelSpec("rnn", 3, 5, nonlinearity="identity", num_layers=2, head=HeadSpec(2, "softmax")),
    ModelSpec("rnn", 3, 5, nonlinearity="identity", bidirectional=True, head=HeadSpec(2, every_step=False)),
    ModelSpec("lstm", 3, 5, peephole=True, head=HeadSpec(3, "softmax")),
    ModelSpec("lstm", 3, 5, coupled=True, num_layers=2, bidirectional=True, head=HeadSpec(3, "softmax")),
    ModelSpec("lstm", 3, 5, peephole=True, coupled=True, proj_size=2, head=HeadSpec(3, "softmax", False)),
    ModelSpec("lstm", 3, 5, cell_activation="identity", output_activation="identity", head=HeadSpec(2)),
    ModelSpec("lstm", 3, 5, cell_activation="relu", output_activation="sigmoid", head=HeadSpec(2, "sigmoid")),
    ModelSpec("jordan", 3, 5, head=HeadSpec(3, "softmax")),
    ModelSpec("jordan", 3, 5, nonlinearity="identity", head=HeadSpec(2, "sigmoid")),
]
IDS = [f"{s.kind_label}-{s.num_layers}L-{'bi' if s.bidirectional else 'uni'}-{s.head.activation}-"
       f"{'every' if s.head.every_step else 'last'}-{s.nonlinearity}-{s.cell_activation}-{s.proj_size}"
       for s in SPECS]


def _x(batch=4, steps=6, size=3, seed=0):
    return torch.randn(batch, steps, size, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_logits_through_the_head_activation_equal_the_trace(spec):
    net = Network(spec, seed=3)
    x = _x()
    logits = forward(spec, net.state_dict(), x)
    expected_shape = (4, 6, spec.head.out_features) if spec.head.every_step else (4, spec.head.out_features)
    assert tuple(logits.shape) == expected_shape
    y = net.trace(x)["y"]
    if not spec.head.every_step:
        y = y[:, -1]
    torch.testing.assert_close(head_activation(spec.head.activation, logits), y, atol=1e-5, rtol=0)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_parameter_gets_a_gradient_and_parameters_equal_plain_tensors(spec):
    net = Network(spec, seed=1)
    x = _x(seed=1)
    plain = {k: v.requires_grad_() for k, v in net.state_dict().items()}  # functional_call / step path
    as_params = {k: nn.Parameter(v) for k, v in net.state_dict().items()}  # module-bound path
    bound = bound_forward(spec, {k: nn.Parameter(v) for k, v in net.state_dict().items()})
    outs = [forward(spec, plain, x), forward(spec, as_params, x), forward(spec, as_params, x), bound(x)]
    for out in outs[1:]:
        torch.testing.assert_close(out, outs[0], atol=1e-6, rtol=0)
    outs[0].square().sum().backward()
    outs[1].square().sum().backward()
    # A many-to-one head reads the last step, where the top layer's reverse direction has read one step
    # from its zero state (as torch's output[:, -1]): its recurrent weights cannot matter there.
    unused = f"weight_hh_l{spec.num_layers - 1}_reverse" if not spec.head.every_step else None
    for name in plain:
        assert plain[name].grad is not None and torch.isfinite(plain[name].grad).all(), name
        assert name == unused or plain[name].grad.abs().sum() > 0, f"{name} gets no gradient"
        torch.testing.assert_close(as_params[name].grad, plain[name].grad, atol=1e-5, rtol=1e-4)


def test_bound_forward_on_a_native_spec_is_the_module_itself():
    """The training loop's per-step call is module(x) and a linear layer, no functional_call."""
    spec = ModelSpec("lstm", 3, 5, head=HeadSpec(2))
    params = {k: nn.Parameter(v) for k, v in Network(spec).state_dict().items()}
    run = bound_forward(spec, params)
    assert run.__name__ == "run"
    module = run.__closure__[[c.cell_contents.__class__ for c in run.__closure__].index(nn.LSTM)].cell_contents
    assert all(module._parameters[n] is params[n] for n in module._flat_weights_names)


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.bidirectional], ids=[
    i for s, i in zip(SPECS, IDS) if not s.bidirectional])
def test_feeding_in_pieces_with_the_state_equals_one_pass(spec):
    net = Network(spec, seed=2)
    params, x = net.state_dict(), _x(steps=7)
    whole, _ = forward_with_state(spec, params, x)
    first, state = forward_with_state(spec, params, x[:, :4])
    second, _ = forward_with_state(spec, params, x[:, 4:], state)
    if spec.head.every_step:
        torch.testing.assert_close(torch.cat([first, second], dim=1), whole, atol=1e-6, rtol=0)
    else:
        torch.testing.assert_close(second, whole, atol=1e-6, rtol=0)


def test_the_global_random_generator_is_not_touched():
    spec = ModelSpec("gru", 3, 7, head=HeadSpec(2))  # a spec no other test uses: its module is built here
    before = torch.get_rng_state()
    forward(spec, Network(spec).state_dict(), _x())
    assert torch.equal(torch.get_rng_state(), before)


def test_no_head_is_refused():
    spec = ModelSpec("lstm", 3, 5)
    with pytest.raises(ValueError, match="no head"):
        forward(spec, Network(spec).state_dict(), _x())
