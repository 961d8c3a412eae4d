"""The parameter count as a formula a learner can check by hand, term by term."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .spec import ModelSpec


@dataclass(frozen=True)
class CountingSpec(ModelSpec):
    """A spec that is only counted, never built: the calculator may count models past a session's parameter
    budget, since counting (and torch on the meta device) allocates nothing."""

    budgeted: ClassVar[bool] = False


@dataclass(frozen=True)
class CountLine:
    part: str  # e.g. "layer 0 (forward)" or "head"
    formula: str  # e.g. "4 × 32 × (6 + 32 + 2)"
    count: int


def count_breakdown(spec: ModelSpec) -> list[CountLine]:
    """One line per layer and direction, plus the embedding and the head; the counts add up to
    Network.num_parameters()."""
    G, H = len(spec.gate_blocks), spec.hidden_size
    lines = []
    if spec.vocab_size:
        lines.append(CountLine("embedding", f"{spec.vocab_size} × {spec.input_size}",
                               spec.vocab_size * spec.input_size))
    for layer in range(spec.num_layers):
        for d in range(spec.num_directions):
            m, r = spec.layer_input_size(layer), spec.recurrent_size
            biases = 2 if spec.bias else 0
            terms = [str(m), str(r)] + ([str(biases)] if biases else [])
            formula = f"{G} × {H} × ({' + '.join(terms)})"
            count = G * H * (m + r + biases)
            if spec.peephole:
                peeps = G - 1  # every gate block but the candidate g
                formula += f" + {peeps} × {H}"
                count += peeps * H
            if spec.proj_size:
                formula += f" + {spec.proj_size} × {H}"
                count += spec.proj_size * H
            part = f"layer {layer}" + ((" (reverse)" if d else " (forward)") if spec.bidirectional else "")
            lines.append(CountLine(part, formula, count))
    if spec.head is not None:
        fan_in = spec.num_directions * spec.output_size
        out = spec.head.out_features
        bias = f" + {out}" if spec.head.bias else ""
        lines.append(CountLine("head", f"{out} × {fan_in}{bias}", out * fan_in + (out if spec.head.bias else 0)))
    return lines



# --- counting checked against torch, and the course's formula taken apart (lesson 8) -------------------
TORCH_KINDS = {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}


def formula_count(kind: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                  bidirectional: bool = False) -> int:
    """blocks × n × (m_layer + n + 2 biases), summed over layers and directions (m_layer = D·n above layer 0)."""
    spec = CountingSpec(kind, input_size, hidden_size, num_layers=num_layers, bias=bias, bidirectional=bidirectional)
    return sum(line.count for line in count_breakdown(spec))


def torch_count(kind: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                bidirectional: bool = False) -> int:
    """sum(p.numel()) of the real nn.LSTM / nn.GRU / nn.RNN. Built on the meta device: shapes, no memory."""
    import torch.nn as nn

    CountingSpec(kind, input_size, hidden_size, num_layers=num_layers, bias=bias, bidirectional=bidirectional)
    if kind not in TORCH_KINDS:
        raise ValueError(f"kind must be one of {', '.join(TORCH_KINDS)}; got {kind!r}")
    module = getattr(nn, TORCH_KINDS[kind])(input_size, hidden_size, num_layers=num_layers, bias=bias,
                                            bidirectional=bidirectional, device="meta")
    return sum(p.numel() for p in module.parameters())


def count_check(kind: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                bidirectional: bool = False) -> dict:
    """The calculator: the formula's lines and total beside torch's own count."""
    spec = CountingSpec(kind, input_size, hidden_size, num_layers=num_layers, bias=bias, bidirectional=bidirectional)
    lines = count_breakdown(spec)
    formula = sum(line.count for line in lines)
    real = torch_count(kind, input_size, hidden_size, num_layers, bias, bidirectional)
    return {"spec": spec, "lines": lines, "formula": formula, "torch": real, "equal": formula == real}


def lstm_tensor_counts(m: int, n: int) -> list[CountLine]:
    """One LSTM layer, tensor by tensor, as torch stores it: 4n(m + n + 2) in total."""
    return [CountLine("weight_ih_l0", f"4·{n} × {m}", 4 * n * m),
            CountLine("weight_hh_l0", f"4·{n} × {n}", 4 * n * n),
            CountLine("bias_ih_l0", f"4·{n}", 4 * n),
            CountLine("bias_hh_l0", f"4·{n}", 4 * n)]


def course_formula(m: int, n: int) -> int:
    """What the course text gives for one LSTM layer, 4(n + 1)(m + n). It is not the parameter count."""
    return 4 * (n + 1) * (m + n)


def course_formula_gap(m: int, n: int) -> dict:
    """The course's formula and the true count, expanded into the same terms so the difference shows.

        true:    4n(m + n + 2)  = 4nm + 4n² + 8n          (weights in, weights recurrent, TWO biases per unit)
        course:  4(n + 1)(m + n) = 4nm + 4n² + 4(m + n)    (the same weights, then one number per *input*)
        true − course = 8n − 4(m + n) = 4(n − m)

    The course's "+1" sits on the wrong factor: one bias per unit would be 4n(m + n + 1) (Keras' count,
    torch's minus one bias vector), but 4(n + 1)(m + n) adds m + n per gate block, one per input connection.
    The two agree with torch only by accident, when m = n.
    """
    weights = 4 * n * m + 4 * n * n
    return {"m": m, "n": n, "weight_ih": 4 * n * m, "weight_hh": 4 * n * n, "weights": weights,
            "torch_biases": 8 * n, "course_extra": 4 * (m + n), "one_bias": 4 * n,
            "correct": 4 * n * (m + n + 2), "course": course_formula(m, n), "one_bias_count": 4 * n * (m + n + 1),
            "difference": 4 * (n - m)}


def torch_count_spec(spec: ModelSpec) -> int:
    """sum(p.numel()) over the torch modules a torch-native spec is: nn.LSTM/GRU/RNN (+ nn.Embedding in front,
    nn.Linear head)."""
    import torch.nn as nn

    if not spec.is_torch_native:
        raise ValueError(f"a {spec.kind_label} is not a torch module; torch_count_spec needs nn.LSTM, nn.GRU or nn.RNN")
    kwargs = dict(num_layers=spec.num_layers, bias=spec.bias, bidirectional=spec.bidirectional, device="meta")
    if spec.cell == "lstm":
        kwargs["proj_size"] = spec.proj_size
    modules = [getattr(nn, TORCH_KINDS[spec.cell])(spec.input_size, spec.hidden_size, **kwargs)]
    if spec.vocab_size:
        modules.append(nn.Embedding(spec.vocab_size, spec.input_size, device="meta"))
    if spec.head is not None:
        modules.append(nn.Linear(spec.num_directions * spec.output_size, spec.head.out_features,
                                 bias=spec.head.bias, device="meta"))
    return sum(p.numel() for module in modules for p in module.parameters())
