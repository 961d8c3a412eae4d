"""Trace: every internal of every layer, direction, batch element and step, with torch-shaped outputs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from .spec import ModelSpec


class Trace:
    """Recorded values. trace[q] is (num_layers, num_directions, B, T, size); trace['y'] is (B, T, out).

    Direction 1 is the reverse direction, indexed in the original time order. trace.x is what layer 0 read at
    each step, (B, T, input_size): for a network with an embedding the embedded vectors, whose token ids are
    trace.ids (B, T); trace.ids is None for a network that reads vectors.
    """

    def __init__(self, spec: ModelSpec, x: torch.Tensor, values: dict, initial: dict, unbatched: bool,
                 ids: torch.Tensor | None = None):
        self.spec = spec
        self.x = x  # (B, T, input_size)
        self.ids = ids  # (B, T) int64 token ids, when an embedding made x
        self._values = values
        self.initial = initial  # quantity -> (L, D, B, size): h and c (LSTM) before the first step
        self.unbatched = unbatched
        self.params = None  # the weights it ran with ({name: tensor}, read only), when a Network made it

    # --- the contract -------------------------------------------------------------------------
    @property
    def quantities(self) -> tuple[str, ...]:
        return tuple(self._values)

    def __getitem__(self, quantity: str) -> torch.Tensor:
        if quantity not in self._values:
            raise KeyError(f"{quantity!r} is not recorded for a {self.spec.kind_label}; "
                           f"recorded: {', '.join(self._values)}")
        return self._values[quantity]

    def __contains__(self, quantity: str) -> bool:
        return quantity in self._values

    @property
    def num_steps(self) -> int:
        return self.x.shape[1]

    @property
    def batch_size(self) -> int:
        return self.x.shape[0]

    @property
    def output(self) -> torch.Tensor:
        """What the torch module returns as output: (B, T, D*H_out), or (T, D*H_out) for unbatched input."""
        h = self._values["h"][-1]  # last layer: (D, B, T, H_out)
        out = torch.cat(list(h), dim=-1)
        return out[0] if self.unbatched else out

    @property
    def final_state(self):
        """h_n (D*L, B, H_out); (h_n, c_n) for an LSTM; y_n (1, B, out) for Jordan. No B when unbatched."""
        if self.spec.cell == "jordan":
            return self._squeeze(self._values["y"][:, -1].unsqueeze(0))
        h_n = self._final("h")
        if self.spec.cell == "lstm":
            return h_n, self._final("c")
        return h_n

    def _final(self, quantity: str) -> torch.Tensor:
        v = self._values[quantity]  # (L, D, B, T, size)
        last = [v[:, 0, :, -1]]
        if self.spec.bidirectional:
            last.append(v[:, 1, :, 0])  # the reverse direction ends at t = 0
        stacked = torch.stack(last, dim=1)  # (L, D, B, size)
        return self._squeeze(stacked.reshape(-1, *stacked.shape[2:]))

    def _squeeze(self, state: torch.Tensor) -> torch.Tensor:
        return state[:, 0] if self.unbatched else state

    # --- conveniences for views ---------------------------------------------------------------
    def previous(self, quantity: str, t: int, layer: int = 0, direction: int = 0, batch: int = 0) -> torch.Tensor:
        """The value a step starts from: q at t-1 (t+1 for the reverse direction), or the initial state."""
        v = self[quantity][layer, direction, batch]
        last = self.num_steps - 1
        if (direction == 0 and t == 0) or (direction == 1 and t == last):
            return self.initial[quantity][layer, direction, batch]
        return v[t - 1] if direction == 0 else v[t + 1]

    def at(self, t: int, layer: int = 0, direction: int = 0, batch: int = 0) -> dict[str, torch.Tensor]:
        """Each quantity's vector at step t for one layer, direction and batch element."""
        return {q: self._values[q][layer, direction, batch, t] for q in self._values if q != "y"}

    def frame(self, quantities=None) -> pd.DataFrame:
        """Tidy table: layer, direction, batch, t, unit, quantity, value. The head's y has layer = num_layers."""
        wanted = self.quantities if quantities is None else tuple(quantities)
        parts = []
        for q in wanted:
            v = self[q]
            if q == "y":
                v = v.unsqueeze(0).unsqueeze(0)  # (1, 1, B, Ty, out)
                t_offset = self.num_steps - v.shape[3]  # many-to-one: the only y is at the last step
                layer_offset = self.spec.num_layers
            else:
                t_offset, layer_offset = 0, 0
            L, D, B, T, U = v.shape
            idx = np.indices((L, D, B, T, U)).reshape(5, -1)
            parts.append(pd.DataFrame({
                "layer": idx[0] + layer_offset, "direction": idx[1], "batch": idx[2], "t": idx[3] + t_offset,
                "unit": idx[4], "quantity": q, "value": v.reshape(-1).numpy()}))
        return pd.concat(parts, ignore_index=True)

    @staticmethod
    def concat(traces: list[Trace]) -> Trace:
        """Join traces of consecutive chunks of one sequence (state carried over) into one."""
        first = traces[0]
        if len(traces) == 1:
            return first
        values = {q: torch.cat([t[q] for t in traces], dim=1 if q == "y" else 3) for q in first.quantities}
        if "y" in values and first.spec.head is not None and not first.spec.head.every_step:
            values["y"] = traces[-1]["y"]  # many-to-one: only the last step is read out, as in a whole-sequence trace
        x = torch.cat([t.x for t in traces], dim=1)
        ids = None if first.ids is None else torch.cat([t.ids for t in traces], dim=1)
        joined = Trace(first.spec, x, values, first.initial, first.unbatched, ids)
        joined.params = first.params  # one network's chunks
        return joined
