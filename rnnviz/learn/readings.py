"""What the Interpret page's views read: a network's values over some input, one interface for two sizes.

- TraceReading: a Probe (a task's sequences, or a typed text) and the Trace of it: everything recorded.
- long_text.LongReading: a long text (a corpus) read in chunks, with only c and h kept (float16) and the gates'
  saturation counted on the way; it answers the same questions itself.

Both answer: spec, quantities, num_sequences, length(b), texts, num_units(q), sequence_values(...),
pooled_values(...), feature_names(), feature(...), rank_units(...), gate_saturation(layer).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import interpret
from .probe import Probe


@dataclass(frozen=True)
class TraceReading:
    probe: Probe
    trace: object  # rnnviz.model.trace.Trace of probe.x

    @property
    def spec(self):
        return self.trace.spec

    @property
    def quantities(self) -> tuple[str, ...]:
        return tuple(q for q in self.trace.quantities if q != "y")

    @property
    def num_sequences(self) -> int:
        return self.probe.num_sequences

    @property
    def texts(self):
        return self.probe.texts

    def length(self, b: int) -> int:
        return self.probe.length(b)

    def num_units(self, quantity: str) -> int:
        return int(self.trace[quantity].shape[-1])

    def sequence_values(self, quantity: str, layer: int, direction: int, b: int) -> np.ndarray:
        """(steps of sequence b, units)."""
        return self.probe.values(self.trace, quantity, layer, direction)[b, :self.length(b)]

    def pooled_values(self, quantity: str, layer: int, direction: int) -> np.ndarray:
        """(N, units): every real step of every sequence."""
        return self.probe.pooled(self.probe.values(self.trace, quantity, layer, direction))

    def feature_names(self) -> tuple[str, ...]:
        return self.probe.feature_names()

    def feature(self, name: str, **kwargs) -> np.ndarray:
        return self.probe.feature(name, **kwargs)

    def rank_units(self, feature, quantity: str, layer: int, direction: int):
        """quantity: a recorded one, or a derived one (interpret.DERIVED: "tanh_c")."""
        source, transform = interpret.DERIVED.get(quantity, (quantity, None))
        return interpret.rank_units(self.pooled_values(source, layer, direction), feature, transform=transform)

    def unit_column(self, quantity: str, layer: int, direction: int, unit: int, rows) -> np.ndarray:
        """One unit's pooled values at `rows` (float64), of a recorded or derived quantity."""
        source, transform = interpret.DERIVED.get(quantity, (quantity, None))
        column = self.pooled_values(source, layer, direction)[rows, unit].astype(np.float64)
        return column if transform is None else transform(column)

    def gate_saturation(self, layer: int):
        return interpret.gate_saturation(self.trace, layer=layer, direction=0)
