"""Parameter names, shapes, meanings and initialisation, laid out exactly as torch.nn lays them out."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from .spec import ModelSpec

GATE_NAMES = {"i": "input gate i", "f": "forget gate f", "g": "candidate g", "o": "output gate o",
              "r": "reset gate r", "z": "update gate z", "n": "new candidate n", "h": "hidden h"}
# What a parameter is for (ParamInfo.role).
ROLES = ("embedding", "weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr", "weight_ch", "head_weight",
         "head_bias")


@dataclass(frozen=True)
class ParamInfo:
    name: str
    shape: tuple[int, ...]
    meaning: str
    layer: int | None  # None for the embedding and the head
    direction: int
    role: str  # one of ROLES


EMBEDDING_WEIGHT = "embedding.weight"  # nn.Embedding's weight under the name "embedding", as head.weight is the head's


def direction_suffix(direction: int) -> str:
    return "_reverse" if direction == 1 else ""


def _where(spec: ModelSpec, layer: int, direction: int) -> str:
    where = f"layer {layer}"
    if spec.bidirectional:
        where += ", reverse direction" if direction else ", forward direction"
    return where


def _blocks_text(spec: ModelSpec, blocks: tuple[str, ...]) -> str:
    H = spec.hidden_size
    if len(blocks) == 1:
        return ""
    parts = [f"rows {k * H}-{(k + 1) * H - 1} {GATE_NAMES[b]}" for k, b in enumerate(blocks)]
    return "; " + ", ".join(parts)


def parameter_infos(spec: ModelSpec) -> list[ParamInfo]:
    """Every tensor in torch's registration order (layer, then direction, then ih, hh, biases, hr)."""
    H, G = spec.hidden_size, len(spec.gate_blocks)
    blocks = spec.gate_blocks
    rec_name = "y_{t-1}" if spec.cell == "jordan" else "h_{t-1}"
    infos: list[ParamInfo] = []
    if spec.vocab_size:  # first, as a model registers its nn.Embedding before the recurrent layers
        infos.append(ParamInfo(EMBEDDING_WEIGHT, (spec.vocab_size, spec.input_size),
                               "embedding: row k is the vector x_t that layer 0 reads when the token id is k",
                               None, 0, "embedding"))
    for layer in range(spec.num_layers):
        for d in range(spec.num_directions):
            sfx = f"_l{layer}{direction_suffix(d)}"
            where = _where(spec, layer, d)
            src = "x_t" if layer == 0 else f"layer {layer - 1}'s h_t"
            bt = _blocks_text(spec, blocks)
            infos.append(ParamInfo(f"weight_ih{sfx}", (G * H, spec.layer_input_size(layer)),
                                   f"{where}: weights from the input {src}{bt}", layer, d, "weight_ih"))
            infos.append(ParamInfo(f"weight_hh{sfx}", (G * H, spec.recurrent_size),
                                   f"{where}: recurrent weights from {rec_name}{bt}", layer, d, "weight_hh"))
            if spec.bias:
                infos.append(ParamInfo(f"bias_ih{sfx}", (G * H,), f"{where}: input-side bias{bt}", layer, d, "bias_ih"))
                infos.append(ParamInfo(f"bias_hh{sfx}", (G * H,), f"{where}: recurrent-side bias{bt}", layer, d,
                                       "bias_hh"))
            if spec.proj_size:
                infos.append(ParamInfo(f"weight_hr{sfx}", (spec.proj_size, H),
                                       f"{where}: projection h_t = W_hr (o * tanh(c_t))", layer, d, "weight_hr"))
            if spec.peephole:
                peeps = tuple(b for b in blocks if b != "g")
                text = ", ".join(f"units {k * H}-{(k + 1) * H - 1} {GATE_NAMES[b]}" for k, b in enumerate(peeps))
                infos.append(ParamInfo(f"weight_ch{sfx}", (len(peeps) * H,),
                                       f"{where}: peephole weights from the cell "
                                       f"(i, f see c_(t-1), o sees c_t); {text}",
                                       layer, d, "weight_ch"))
    if spec.head is not None:
        fan_in = spec.num_directions * spec.output_size
        infos.append(ParamInfo("head.weight", (spec.head.out_features, fan_in),
                               f"readout: y = {spec.head.activation}(W h_t + b) from the last layer", None, 0,
                               "head_weight"))
        if spec.head.bias:
            infos.append(ParamInfo("head.bias", (spec.head.out_features,), "readout bias", None, 0, "head_bias"))
    return infos


def init_parameters(spec: ModelSpec, seed: int) -> dict[str, torch.Tensor]:
    """torch's default scheme, drawn in torch's order from one generator seeded with `seed`.

    For a torch-native spec this equals `torch.manual_seed(seed); nn.LSTM(...)` (then nn.Linear for a head),
    preceded by nn.Embedding(vocab_size, input_size) when the spec has an embedding.
    """
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise ValueError(f"seed must be a whole number from 0 to 2**63-1, got {seed!r}")
    gen = torch.Generator().manual_seed(seed)
    stdv = 1.0 / math.sqrt(spec.hidden_size)
    params: dict[str, torch.Tensor] = {}
    for info in parameter_infos(spec):
        tensor = torch.empty(info.shape, dtype=torch.float32)
        if info.role == "embedding":
            tensor.normal_(0.0, 1.0, generator=gen)  # nn.Embedding's reset_parameters
        elif info.role == "head_weight":
            # nn.Linear: kaiming_uniform_(a=sqrt(5)), the bound computed exactly as torch computes it.
            gain = math.sqrt(2.0 / (1 + 5))
            bound = math.sqrt(3.0) * (gain / math.sqrt(info.shape[1]))
            tensor.uniform_(-bound, bound, generator=gen)
        elif info.role == "head_bias":
            bound = 1 / math.sqrt(spec.num_directions * spec.output_size)
            tensor.uniform_(-bound, bound, generator=gen)
        else:
            tensor.uniform_(-stdv, stdv, generator=gen)
        params[info.name] = tensor
    return params


def row_labels(spec: ModelSpec, name: str) -> list[str]:
    """Labels for the rows of a tensor, e.g. ['i[0]', 'i[1]', ..., 'o[3]'] for weight_ih_l0 of an LSTM."""
    info = {p.name: p for p in parameter_infos(spec)}.get(name)
    if info is None:
        raise ValueError(f"unknown parameter {name!r}")
    H = spec.hidden_size
    if info.role == "embedding":
        return [f"id {k}" for k in range(spec.vocab_size)]
    if info.role in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        return [f"{b}[{u}]" for b in spec.gate_blocks for u in range(H)]
    if info.role == "weight_ch":
        return [f"{b}[{u}]" for b in spec.gate_blocks if b != "g" for u in range(H)]
    if info.role == "weight_hr":
        return [f"h[{u}]" for u in range(spec.proj_size)]
    return [f"y[{u}]" for u in range(info.shape[0])]


def column_labels(spec: ModelSpec, name: str) -> list[str]:
    """Labels for the columns of a weight matrix: what each column multiplies."""
    info = {p.name: p for p in parameter_infos(spec)}.get(name)
    if info is None:
        raise ValueError(f"unknown parameter {name!r}")
    if len(info.shape) == 1:
        return ["value"]
    if info.role == "embedding" or (info.role == "weight_ih" and info.layer == 0):
        return [f"x[{j}]" for j in range(info.shape[1])]  # the embedding's row is the x_t that layer 0 reads
    if info.role == "weight_ih":
        return _concat_h_labels(spec, info.layer - 1)
    if info.role == "weight_hh":
        prefix = "y" if spec.cell == "jordan" else "h"
        return [f"{prefix}[{j}](t-1)" for j in range(info.shape[1])]
    if info.role == "weight_hr":
        return [f"m[{j}]" for j in range(info.shape[1])]
    return _concat_h_labels(spec, spec.num_layers - 1)


def _concat_h_labels(spec: ModelSpec, layer: int) -> list[str]:
    if spec.bidirectional:
        return ([f"h{layer}→[{j}]" for j in range(spec.output_size)]
                + [f"h{layer}←[{j}]" for j in range(spec.output_size)])
    return [f"h{layer}[{j}]" for j in range(spec.output_size)]
