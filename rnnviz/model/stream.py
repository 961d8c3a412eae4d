"""Feed a network one step at a time; the trace so far equals a whole-sequence trace of the same inputs."""
from __future__ import annotations

import torch

from .embedding import coerce_token_ids, id_array
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
        """Feed one step: x_t of shape (input_size,) or (batch, input_size); with an embedding, one token id
        (batch 1) or (batch,) ids. Returns this step's output."""
        x_t = self._token_ids(x_t) if self.net.spec.vocab_size else self._vector(x_t)  # (batch, 1, ...)
        if self.net.spec.bidirectional:
            # The reverse direction reads the sequence from its end, so each new step changes every earlier one.
            fed = [c.x if c.ids is None else c.ids for c in self._chunks]
            self._chunks = [self.net.trace(torch.cat(fed + [x_t], dim=1), self._initial_state)]
        else:
            chunk = self.net.trace(x_t, self._state)
            self._chunks.append(chunk)
            self._state = chunk.final_state
        self._trace = None
        return self.trace.output[:, -1]

    def _vector(self, x_t) -> torch.Tensor:
        input_size = self.net.spec.input_size
        x_t = as_float_tensor(x_t, "x_t")
        given = tuple(x_t.shape)
        if x_t.dim() == 1 and self.batch == 1:
            x_t = x_t.unsqueeze(0)
        if tuple(x_t.shape) != (self.batch, input_size):
            wanted = f"({input_size},) or " if self.batch == 1 else ""
            raise ValueError(f"x_t must have shape {wanted}({self.batch}, {input_size}) for a stream of batch "
                             f"{self.batch}; got {given}")
        return x_t.unsqueeze(1)

    def _token_ids(self, x_t) -> torch.Tensor:
        ids = id_array(x_t, "x_t")
        if ids.shape not in (((), (1,)) if self.batch == 1 else ((self.batch,),)):
            wanted = "one token id" if self.batch == 1 else f"{self.batch} token ids, shape ({self.batch},)"
            raise ValueError(f"x_t must be {wanted} for a stream of batch {self.batch} of a network with an "
                             f"embedding; got shape {tuple(ids.shape)}")
        return coerce_token_ids(self.net.spec, ids.reshape(self.batch, 1), "x_t")[0]

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
