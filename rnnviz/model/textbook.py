"""The course's names for torch's tensors (course-notes §3 and §4), read off a ModelSpec.

- An Elman RNN's U, W, V: U = weight_ih (hidden x input) reads x_t, W = weight_hh (hidden x hidden) reads
  h_{t-1}, V = the Linear readout's weight (output x hidden) reads h_t.
- An LSTM's four gate blocks: torch stacks i, f, g, o (a GRU r, z, n) in the rows of weight_ih_l{k} and
  weight_hh_l{k}; block k is rows k*H to (k+1)*H - 1.
- Why an LSTM has 4x the parameters of a plain unit: each unit has 4 inputs (the cell input g and the three
  gate controls i, f, o), each with its own weights on x_t and h_{t-1} and its own biases.
Shapes come from rnnviz.model.params (tested equal to torch's modules in tests/model/test_textbook.py).
"""
from __future__ import annotations

from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import ModelSpec


def _shapes(spec: ModelSpec) -> dict[str, tuple[int, ...]]:
    return {info.name: info.shape for info in parameter_infos(spec)}


def uwv(spec: ModelSpec, layer: int = 0) -> list[dict]:
    """U, W (and V when the network has a Linear head) of one layer: symbol, torch's name, shape, what it reads."""
    shapes = _shapes(spec)
    rows = [{"symbol": "U", "torch": f"weight_ih_l{layer}", "shape": shapes[f"weight_ih_l{layer}"], "reads": "x_t"},
            {"symbol": "W", "torch": f"weight_hh_l{layer}", "shape": shapes[f"weight_hh_l{layer}"],
             "reads": "h(t-1)"}]
    if spec.head is not None:
        rows.append({"symbol": "V", "torch": "head.weight", "shape": shapes["head.weight"], "reads": "h_t"})
    return rows


def gate_rows(spec: ModelSpec, layer: int = 0) -> list[dict]:
    """Per block of the stacked rows (LSTM: i, f, g, o): its rows, its slice shapes and its parameter count."""
    H = spec.hidden_size
    shapes = _shapes(spec)
    w_ih, w_hh = shapes[f"weight_ih_l{layer}"], shapes[f"weight_hh_l{layer}"]
    biases = 2 * H if spec.bias else 0
    rows = []
    for k, block in enumerate(spec.gate_blocks):
        rows.append({"block": block, "rows": (k * H, (k + 1) * H - 1), "weight_ih": (H, w_ih[1]),
                     "weight_hh": (H, w_hh[1]), "count": H * (w_ih[1] + w_hh[1]) + biases})
    return rows


def recurrent_count(spec: ModelSpec) -> int:
    """Parameters of the recurrent layers alone (no head)."""
    return spec.replace(head=None).parameter_count


def times_a_plain_rnn(spec: ModelSpec) -> dict:
    """This network's recurrent parameters against an Elman RNN's of the same sizes: the ratio is the number of
    inputs each unit has (LSTM 4, GRU 3)."""
    plain = ModelSpec("rnn", spec.input_size, spec.hidden_size, num_layers=spec.num_layers,
                      bidirectional=spec.bidirectional, bias=spec.bias)
    mine, theirs = recurrent_count(spec), recurrent_count(plain)
    return {"count": mine, "plain": theirs, "ratio": mine / theirs, "blocks": len(spec.gate_blocks)}
