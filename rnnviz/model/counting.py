"""The parameter count as a formula a learner can check by hand, term by term."""
from __future__ import annotations

from dataclasses import dataclass

from .spec import ModelSpec


@dataclass(frozen=True)
class CountLine:
    part: str  # e.g. "layer 0 (forward)" or "head"
    formula: str  # e.g. "4 × 32 × (6 + 32 + 2)"
    count: int


def count_breakdown(spec: ModelSpec) -> list[CountLine]:
    """One line per layer and direction, plus the head; the counts add up to Network.num_parameters()."""
    G, H = len(spec.gate_blocks), spec.hidden_size
    lines = []
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

