"""Network: a spec plus its weights; traces, streams, torch round trips and the parameter table."""
from __future__ import annotations

from collections import OrderedDict

import pandas as pd
import torch

from .embedding import coerce_token_ids, embed
from .fast import torch_layer
from .inputs import as_float_tensor, coerce_sequence, coerce_state
from .params import EMBEDDING_WEIGHT, init_parameters, parameter_infos
from .run import run_network
from .spec import ModelSpec
from .trace import Trace


class Network:
    """An instrumented recurrent network. Network(spec, seed) draws weights as torch's default init does."""

    def __init__(self, spec: ModelSpec, seed: int = 0):
        if not isinstance(spec, ModelSpec):
            raise ValueError(f"Network needs a ModelSpec, got {type(spec).__name__}")
        self.spec = spec
        self.seed = seed
        self._params = init_parameters(spec, seed)
        self._torch_layers = None  # built lazily for the fast path; dropped whenever weights change

    # --- weights ---------------------------------------------------------------------------------
    def state_dict(self) -> OrderedDict[str, torch.Tensor]:
        return OrderedDict((name, tensor.clone()) for name, tensor in self._params.items())

    def load_state_dict(self, state_dict) -> None:
        """Replace all weights; names and shapes must match exactly (nothing is silently skipped)."""
        if not hasattr(state_dict, "keys"):
            raise ValueError(f"a state dict must be a mapping of names to tensors, got {type(state_dict).__name__}")
        expected = {info.name: info.shape for info in parameter_infos(self.spec)}
        missing = [n for n in expected if n not in state_dict]
        extra = [n for n in state_dict if n not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {missing}")
            if extra:
                parts.append(f"unexpected {extra}")
            raise ValueError(f"the state dict does not fit this {self.spec.kind_label}: {'; '.join(parts)}. "
                             f"Expected exactly {list(expected)}")
        new = {}
        for name, shape in expected.items():
            new[name] = self._checked_tensor(name, state_dict[name], shape)
        self._params = new
        self._torch_layers = None

    def set_parameter(self, name: str, value) -> None:
        """Replace one tensor (e.g. after a hand edit in a weight table)."""
        expected = {info.name: info.shape for info in parameter_infos(self.spec)}
        if name not in expected:
            raise ValueError(f"{self.spec.kind_label} has no parameter {name!r}; it has {list(expected)}")
        self._params[name] = self._checked_tensor(name, value, expected[name])
        self._torch_layers = None

    @staticmethod
    def _checked_tensor(name: str, value, shape) -> torch.Tensor:
        if isinstance(value, torch.Tensor) and not value.is_floating_point():
            raise ValueError(f"{name} must hold floating-point numbers, got dtype {value.dtype}")
        tensor = as_float_tensor(value, name)
        if tuple(tensor.shape) != tuple(shape):
            raise ValueError(f"{name} must have shape {tuple(shape)}, got {tuple(tensor.shape)}")
        if not torch.isfinite(tensor).all():
            raise ValueError(f"{name} must hold finite numbers; it has NaN or infinity")
        return tensor.clone().contiguous()

    def parameter(self, name: str) -> torch.Tensor:
        if name not in self._params:
            raise ValueError(f"{self.spec.kind_label} has no parameter {name!r}; it has {list(self._params)}")
        return self._params[name].clone()

    def num_parameters(self) -> int:
        return sum(t.numel() for t in self._params.values())

    def parameter_table(self) -> pd.DataFrame:
        rows = [{"name": i.name, "shape": " x ".join(map(str, i.shape)), "count": int(torch.Size(i.shape).numel()),
                 "meaning": i.meaning} for i in parameter_infos(self.spec)]
        return pd.DataFrame(rows, columns=["name", "shape", "count", "meaning"])

    # --- running --------------------------------------------------------------------------------
    def trace(self, x, state=None) -> Trace:
        """Run over x ((T, input_size) or (B, T, input_size)) from `state` (torch-shaped) or zeros.

        With an embedding (spec.vocab_size > 0) x is token ids, (T,) or (B, T) whole numbers from 0 to
        vocab_size - 1; the trace keeps them as trace.ids and the embedded vectors the layers read as trace.x."""
        ids = None
        if self.spec.vocab_size:
            ids, unbatched = coerce_token_ids(self.spec, x)
            x = embed(self._params[EMBEDDING_WEIGHT], ids)
        else:
            x, unbatched = coerce_sequence(self.spec, x)
        init = coerce_state(self.spec, state, x.shape[0], unbatched)
        trace = run_network(self.spec, self._params, x, init, unbatched, self._fast_layers(), ids=ids)
        trace.params = dict(self._params)  # references: what the equations of a standalone page or widget need
        return trace

    def _fast_layers(self):
        if not self.spec.is_torch_native:
            return None
        if self._torch_layers is None:
            self._torch_layers = [torch_layer(self.spec, self._params, k) for k in range(self.spec.num_layers)]
        return self._torch_layers

    def stream(self, batch: int = 1, state=None):
        from .stream import Stream
        return Stream(self, batch=batch, state=state)

    # --- torch round trips ---------------------------------------------------------------------------
    @classmethod
    def from_torch(cls, module, head=None, head_activation: str = "identity", head_every_step: bool = True,
                   embedding=None):
        """From nn.LSTM / nn.GRU / nn.RNN, with an optional nn.Linear head and nn.Embedding in front."""
        from .bridge import network_from_torch
        return network_from_torch(cls, module, head, head_activation, head_every_step, embedding)

    @classmethod
    def from_checkpoint(cls, source, **choices) -> Network:
        """From a .pt/.pth or .safetensors file (path, bytes or binary file) holding a state dict; never runs code
        from it.
        `choices` settle what the file cannot say: see rnnviz.model.checkpoints.infer_spec."""
        from .checkpoints import load_checkpoint
        return load_checkpoint(source, **choices)

    def to_torch(self):
        """nn.LSTM / nn.GRU / nn.RNN (batch_first=True) with these weights; (module, nn.Linear) with a head;
        with an embedding, nn.Embedding comes first: (embedding, module) or (embedding, module, nn.Linear)."""
        from .bridge import network_to_torch
        return network_to_torch(self)

    def copy(self) -> Network:
        other = Network.__new__(Network)
        other.spec, other.seed = self.spec, self.seed
        other._params = {k: v.clone() for k, v in self._params.items()}
        other._torch_layers = None
        return other

    def __repr__(self) -> str:
        return f"Network({self.spec.kind_label}, {self.spec.input_size}->{self.spec.hidden_size}, " \
               f"{self.num_parameters()} parameters)"
