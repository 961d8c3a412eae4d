"""equation_template: one template per unit, filled per step, gives exactly equations() (the text's one source)."""
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.viz.equations import SLOT, equation_template, equations, fill_template

CASES = {
    "lstm": dict(cell="lstm", input_size=2),
    "lstm 2 layers bidirectional": dict(cell="lstm", input_size=1, num_layers=2, bidirectional=True),
    "peephole coupled": dict(cell="lstm", input_size=3, peephole=True, coupled=True),
    "projection": dict(cell="lstm", input_size=2, proj_size=2),
    "gru": dict(cell="gru", input_size=5),
    "rnn relu": dict(cell="rnn", input_size=1, nonlinearity="relu"),
    "jordan softmax": dict(cell="jordan", input_size=2, head=HeadSpec(3, activation="softmax")),
}


@pytest.mark.parametrize("name", CASES)
def test_the_filled_template_is_equations_at_every_step(name):
    spec = ModelSpec(hidden_size=4, **CASES[name])
    net = Network(spec, seed=3)
    # large and tiny inputs: numbers in powers of ten and negative numbers, whose brackets and signs change
    x = torch.randn(9, spec.input_size, generator=torch.Generator().manual_seed(1)) * torch.tensor(
        [1.0, 1e5, 1e-6, -3.0, 0.0, 1.0, 40.0, -1e-3, 2.0]).unsqueeze(1)
    trace, params = net.trace(x), net.state_dict()
    layer, direction = spec.num_layers - 1, spec.num_directions - 1
    for unit in (0, 3):
        template = equation_template(trace, params, unit=unit, layer=layer, direction=direction)
        for t in range(trace.num_steps):
            expected = equations(trace, params, t=t, unit=unit, layer=layer, direction=direction)
            assert fill_template(template, t) == expected, (name, unit, t)
        assert not any(SLOT in chunk for line in template["lines"] for chunk in line)


def test_numbers_that_never_change_are_in_the_text():
    spec = ModelSpec(hidden_size=3, input_size=1, cell="rnn")
    net = Network(spec, seed=0)
    trace = net.trace(torch.linspace(-1, 1, 5).unsqueeze(1))
    template = equation_template(trace, net.state_dict(), unit=1)
    weight = float(net.state_dict()["weight_ih_l0"][1, 0])
    assert f"{weight:.4g}" in "".join(template["lines"][0])  # the written-out input weight
    assert all(len(numbers) == len(template["numbers"][0]) for numbers in template["numbers"])
    assert len(template["numbers"][0]) < sum(len(line) for line in template["lines"])  # fewer slots than before
