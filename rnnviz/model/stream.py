"""Feed a network one step at a time; the trace so far equals a whole-sequence trace of the same inputs."""
from __future__ import annotations

import torch

from .inputs import as_float_tensor
from .trace import Trace


class Stream:
    def __init__(self, net, batch: int = 1, state=None):
        if not isinstance(batch, int) or batch < 1:
            raise ValueError(f"batch must be a whole number of at least 1, got {batch!r}")
        self.net = net
        self.batch = batch
        self._initial_state = state
        self.reset(state)

    def reset(self, state=None) -> None:
        """Forget every step fed so far and start again from `state` (zeros by default)."""
        self._initial_state = state
        self._chunks: list[Trace] = []
        self._state = state
        self._trace = None

    def step(self, x_t) -> torch.Tensor:
        """Feed one step: x_t of shape (input_size,) or (batch, input_size). Returns this step's output."""
        spec = self.net.spec
        x_t = as_float_tensor(x_t, "x_t")
        given = tuple(x_t.shape)
        if x_t.dim() == 1 and self.batch == 1:
            x_t = x_t.unsqueeze(0)
        if tuple(x_t.shape) != (self.batch, spec.input_size):
            wanted = f"({spec.input_size},) or " if self.batch == 1 else ""
            raise ValueError(f"x_t must have shape {wanted}({self.batch}, {spec.input_size}) for a stream of batch "
                             f"{self.batch}; got {given}")
        if spec.bidirectional:
            # The reverse direction reads the sequence from its end, so each new step changes every earlier one.
            xs = torch.cat([c.x for c in self._chunks] + [x_t.unsqueeze(1)], dim=1)
            self._chunks = [self.net.trace(xs, self._initial_state)]
        else:
            chunk = self.net.trace(x_t.unsqueeze(1), self._state)
            self._chunks.append(chunk)
            self._state = chunk.final_state
        self._trace = None
        return self.trace.output[:, -1]

    @property
    def num_steps(self) -> int:
        return sum(c.num_steps for c in self._chunks)

    @property
    def trace(self) -> Trace:
        if not self._chunks:
            raise ValueError("no step has been fed yet; call step(x_t) first")
        if self._trace is None:
            self._trace = Trace.concat(self._chunks)
            self._chunks = [self._trace]
        return self._trace
