"""Carry weights across a spec change: every gate block keeps the units and inputs that still exist."""
from __future__ import annotations

import torch

from .params import init_parameters, parameter_infos
from .spec import ModelSpec


def carry_over(old_spec: ModelSpec, old: dict, new_spec: ModelSpec, seed: int) -> dict[str, torch.Tensor]:
    """New spec's weights: drawn from `seed`, then overwritten wherever the old weights still fit.

    Matching is by name and gate: unit u of gate f in weight_hh_l0 stays unit u of gate f, even when
    hidden_size changes (a plain slice of the stacked rows would shift gates into each other).
    """
    new = init_parameters(new_spec, seed)
    old_blocks = _blocks(old_spec)
    new_blocks = _blocks(new_spec)
    old_infos = {i.name: i for i in parameter_infos(old_spec)}
    for info in parameter_infos(new_spec):
        if info.name not in old_infos or info.name not in old:
            continue
        src, dst = torch.as_tensor(old[info.name], dtype=torch.float32), new[info.name]
        if info.role in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_ch"):
            blocks_old = old_blocks[info.role == "weight_ch"]
            blocks_new = new_blocks[info.role == "weight_ch"]
            H_old, H_new = old_spec.hidden_size, new_spec.hidden_size
            for k, gate in enumerate(blocks_new):
                if gate not in blocks_old:
                    continue
                j = blocks_old.index(gate)
                _copy_overlap(src[j * H_old:(j + 1) * H_old], dst[k * H_new:(k + 1) * H_new])
        else:
            _copy_overlap(src, dst)
    return new


def _blocks(spec: ModelSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(gate blocks of the stacked matrices, gate blocks of the peephole vector)."""
    return spec.gate_blocks, tuple(b for b in spec.gate_blocks if b != "g")


def _copy_overlap(src: torch.Tensor, dst: torch.Tensor) -> None:
    if src.dim() != dst.dim():
        return
    region = tuple(slice(0, min(a, b)) for a, b in zip(src.shape, dst.shape))
    dst[region] = src[region]
