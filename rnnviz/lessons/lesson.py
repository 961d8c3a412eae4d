"""What a lesson is: presets (model + weights + input) and text, never code of its own.

A lesson may name extra views and controls (rnnviz/lessons/views.py, e.g. GRADIENT_FLOW, TRY_WEIGHTS); those are
general tools in rnnviz.ui that take the lesson's parameters, so the lesson itself stays data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rnnviz.data.source import SequenceSource
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import ModelSpec

from .views import Parts


@dataclass(frozen=True)
class Preset:
    """A network and an input to open in the explorer. weights: name -> nested lists (None: the seed's)."""

    name: dict  # {"en": ..., "zh": ...}
    spec: ModelSpec
    sequence: SequenceSource
    seed: int = 0
    weights: dict | None = None
    step: int = 0
    unit: int = 0
    units: tuple = (0,)
    quantities: tuple = ()  # what the lesson's stepper charts (e.g. ("f", "i", "o", "c")); () = c and h
    # The vocabulary the lesson's one-hot inputs (and a head as wide, its outputs) stand for: Step through then
    # names steps and outputs by their tokens, for this preset and for networks the lesson trains from it.
    tokens: tuple = ()

    def weight_arrays(self) -> dict[str, np.ndarray] | None:
        if self.weights is None:
            return None
        arrays = {k: np.asarray(v, dtype=np.float32) for k, v in self.weights.items()}
        expected = {i.name: i.shape for i in parameter_infos(self.spec)}
        if {k: a.shape for k, a in arrays.items()} != expected:
            raise ValueError(f"preset {self.name['en']!r}: weights must be exactly {expected}")
        return arrays


@dataclass(frozen=True)
class Guide:
    """Where a "What to notice" item points: which preset, which step, which diagram keys to highlight."""

    step: int
    preset: int = 0
    keys: tuple = ()  # diagram data-keys, e.g. ("i",) or ("c", "c_prev")
    layer: int = 0  # the layer and direction the diagram follows there (a deep or bidirectional network)
    direction: int = 0


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int
    title: dict  # {"en", "zh"}
    body: dict  # markdown, {"en", "zh"}
    notice: dict  # {"en": [...], "zh": [...]}: what the learner should notice
    presets: tuple = ()  # Preset, ...; the first opens with the lesson
    views: tuple = ()  # extra views (rnnviz/lessons/views.py), with their parameters: ((View, {...}), ...)
    corrections: dict = field(default_factory=dict)  # where the course material is wrong: {"en", "zh"}
    # One Guide (or None: a plain remark) per "What to notice" item; () = every item is plain text.
    guide: tuple = ()
    # What the lesson tells the learner to change, offered beside the diagram: ((Control, {...}), ...)
    controls: tuple = ()
    preset_label: str = "preset"  # the UI string naming the preset picker (lesson 6: "variant")

    def parts(self) -> tuple[Parts, ...]:
        """The files that render, compute and draw this lesson's views and controls, each once, in the order the
        lesson names them. The lesson's module docstring names them too (tests/lessons/test_parts.py)."""
        return tuple(dict.fromkeys(shown.parts for shown, _params in self.views + self.controls))


def weights_from_blocks(spec: ModelSpec, rows: dict[str, list], zeros=("weight_hh_l0", "bias_hh_l0")) -> dict:
    """Build a full weight dict from gate rows written as the course writes them.

    rows: gate -> [w_x1, ..., w_xI, bias] for a one-unit layer 0, stacked in torch's gate order.
    """
    blocks = spec.gate_blocks
    weights = {i.name: np.zeros(i.shape, dtype=np.float32) for i in parameter_infos(spec)}
    for k, gate in enumerate(blocks):
        *w, b = rows[gate]
        weights["weight_ih_l0"][k] = w
        weights["bias_ih_l0"][k] = b
    return {name: value.tolist() for name, value in weights.items()}


def preset_network(preset: Preset):
    """The preset's network: its spec, drawn from its seed, then its written weights if it has any."""
    import torch

    from rnnviz.model.network import Network
    net = Network(preset.spec, seed=preset.seed)
    arrays = preset.weight_arrays()
    if arrays is not None:
        net.load_state_dict({k: torch.as_tensor(v) for k, v in arrays.items()})
    return net


def preset_trace(preset: Preset):
    return preset_network(preset).trace(preset.sequence.array(preset.spec.input_size))
