import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.counting import count_breakdown
from rnnviz.model.resize import carry_over

SPECS = [ModelSpec("lstm", 6, 32, head=HeadSpec(2)), ModelSpec("lstm", 3, 5, 2, True, proj_size=2, peephole=True),
         ModelSpec("gru", 3, 4, bias=False), ModelSpec("jordan", 2, 3, head=HeadSpec(2, bias=False)),
         ModelSpec("lstm", 2, 3, coupled=True, peephole=True), ModelSpec("rnn", 4, 4, 3, True)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind_label)
def test_breakdown_adds_up_to_the_parameter_count(spec):
    assert sum(line.count for line in count_breakdown(spec)) == Network(spec).num_parameters()


def test_course_example_5186():
    lines = count_breakdown(ModelSpec("lstm", 6, 32, head=HeadSpec(2)))
    assert [(l.formula, l.count) for l in lines] == [("4 × 32 × (6 + 32 + 2)", 5120), ("2 × 32 + 2", 66)]


def test_carry_over_keeps_each_gate_unit_in_place():
    old_spec, new_spec = ModelSpec("lstm", 2, 3), ModelSpec("lstm", 3, 4)
    old = Network(old_spec, seed=1).state_dict()
    new = carry_over(old_spec, old, new_spec, seed=5)
    for k in range(4):  # gate blocks i, f, g, o
        assert torch.equal(new["weight_hh_l0"][k * 4:k * 4 + 3, :3], old["weight_hh_l0"][k * 3:(k + 1) * 3])
        assert torch.equal(new["weight_ih_l0"][k * 4:k * 4 + 3, :2], old["weight_ih_l0"][k * 3:(k + 1) * 3])
    fresh = Network(new_spec, seed=5).state_dict()
    assert torch.equal(new["weight_hh_l0"][3], fresh["weight_hh_l0"][3])  # the new unit comes from the seed


def test_carry_over_to_coupled_drops_the_input_gate():
    old_spec, new_spec = ModelSpec("lstm", 2, 2), ModelSpec("lstm", 2, 2, coupled=True)
    old = Network(old_spec, seed=1).state_dict()
    new = carry_over(old_spec, old, new_spec, seed=0)
    assert torch.equal(new["weight_ih_l0"], old["weight_ih_l0"][2:])  # blocks f, g, o
