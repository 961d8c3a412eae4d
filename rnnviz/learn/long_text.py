"""A network read over a long text (hundreds of thousands of characters) in bounded chunks, for the Interpret
page at corpus scale (Karpathy et al. 2015 read whole held-out files; LSTMVis whole corpora).

A trace records every quantity at every step, so a long text is never traced at once: it is read as one
sequence in chunks of a few thousand steps, each starting from the state the last one ended in (the same
numbers as one whole trace), and of each chunk only what the views need is kept:

- the units of the kept quantities (c and h by default) as float16, (T, units) per layer and direction:
  the unit finder, the text view and pattern search read these;
- how many steps each gate unit spends below 0.1 and above 0.9 (gate saturation), counted as the chunks pass.

float16 keeps about three significant digits: a unit's correlation with a feature moves by less than 1e-3
(tests/learn/test_long_text.py checks this against float64 from a whole trace). 250,000 characters of a
256-unit LSTM keep 2 x 128 MB, shared by every session of the server (the pretrained model's reading is
made once per process).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rnnviz.checks import check_int, expect
from rnnviz.model.spec import MAX_TRACE_VALUES

from .interpret import DERIVED, GATE_QUANTITIES, TEXT_FEATURES, column_moments, rank_units, text_feature

MAX_LONG_TEXT = 1_000_000  # characters one reading may cover
MAX_KEPT_VALUES = 160_000_000  # float16 values one reading keeps (320 MB): refuse before reading
SATURATION = (0.1, 0.9)  # below: left-saturated, above: right-saturated (Karpathy et al. 2015, figure 3)
_MAX_CHUNK = 4096
_KEPT_FEATURES = 6  # text features a shared reading keeps (each 8 bytes a character)


@dataclass(frozen=True)
class LongReading:
    """What a network did over a long text. units[(quantity, layer, direction)] is (T, units) float16."""

    spec: object
    text: str
    units: dict
    saturation_counts: dict  # (gate, layer, direction) -> (left counts, right counts), each (units,) int64
    chunk: int
    # Made on first use and shared by the sessions reading it: column_moments per kept quantity (the unit
    # finder then takes one pass per feature) and the last few text features.
    _moments: dict = field(default_factory=dict, compare=False, repr=False)
    _features: dict = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    # --- the views' interface (see readings.py): one sequence, the whole text ---------------------------------
    num_sequences = 1

    @property
    def num_steps(self) -> int:
        return len(self.text)

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.text,)

    def length(self, b: int = 0) -> int:
        return len(self.text)

    @property
    def quantities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q for q, _, _ in self.units))

    def num_units(self, quantity: str) -> int:
        return int(self.values(quantity).shape[1])

    def values(self, quantity: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """(T, units) float16, read-only."""
        key = (quantity, layer, direction)
        expect(key in self.units, f"quantity must be one of {', '.join(self.quantities)} (layer 0 to "
                                  f"{self.spec.num_layers - 1}); got {quantity!r}, layer {layer}")
        return self.units[key]

    def sequence_values(self, quantity: str, layer: int = 0, direction: int = 0, b: int = 0) -> np.ndarray:
        return self.values(quantity, layer, direction)

    def pooled_values(self, quantity: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        return self.values(quantity, layer, direction)

    def feature_names(self) -> tuple[str, ...]:
        return TEXT_FEATURES

    def feature(self, name: str, *, char_class: str = "letter", pattern: str | None = None) -> np.ndarray:
        """A text feature of the whole text (interpret.text_feature), kept for the next session that asks."""
        key = (name, char_class if name == "char_class" else None, pattern if name == "regex" else None)
        with self._lock:
            found = self._features.get(key)
        if found is None:
            found = text_feature(self.text, name, char_class=char_class, pattern=pattern)
            found.setflags(write=False)
            with self._lock:
                while len(self._features) >= _KEPT_FEATURES:
                    self._features.pop(next(iter(self._features)))
                self._features[key] = found
        return found

    def rank_units(self, feature, quantity: str, layer: int = 0, direction: int = 0):
        """interpret.rank_units of one kept quantity, or one derived from it (interpret.DERIVED: "tanh_c"),
        against a feature (one number per character)."""
        source, transform = DERIVED.get(quantity, (quantity, None))
        values = self.values(source, layer, direction)
        key = (quantity, layer, direction)
        with self._lock:  # made once, whichever session asks first
            if key not in self._moments:
                self._moments[key] = column_moments(values, transform)
            moments = self._moments[key]
        return rank_units(values, feature, moments=moments, transform=transform)

    def unit_column(self, quantity: str, layer: int, direction: int, unit: int, rows) -> np.ndarray:
        """One unit's values at `rows` (float64), of a kept or derived quantity."""
        source, transform = DERIVED.get(quantity, (quantity, None))
        column = self.values(source, layer, direction)[rows, unit].astype(np.float64)
        return column if transform is None else transform(column)

    def gate_saturation(self, layer: int = 0, direction: int = 0) -> pd.DataFrame:
        """As interpret.gate_saturation: gate, unit, left, right (fractions of the steps), thresholds 0.1 / 0.9."""
        parts = []
        for (gate, lay, d), (left, right) in self.saturation_counts.items():
            if (lay, d) == (layer, direction):
                parts.append(pd.DataFrame({"gate": gate, "unit": np.arange(left.size),
                                           "left": left / self.num_steps, "right": right / self.num_steps}))
        expect(bool(parts), f"a {self.spec.kind_label} has no gates: gate saturation needs an LSTM or a GRU")
        return pd.concat(parts, ignore_index=True)

    @property
    def nbytes(self) -> int:
        return sum(v.nbytes for v in self.units.values())


def chunk_steps(spec, batch: int = 1) -> int:
    """Steps per chunk: as many as one trace may record (MAX_TRACE_VALUES), at most 4096."""
    return max(1, min(_MAX_CHUNK, MAX_TRACE_VALUES // spec.trace_values_per_step(batch)))


def read_long(net, inputs, text: str, keep=("c", "h"), chunk: int | None = None, progress=None,
              starts=()) -> LongReading:
    """Read `inputs` (one step per character of `text`: token ids (T,) for a network with an embedding, else
    (T, input_size) vectors; anything net.trace takes, sliced by steps) as one sequence from a zero state.
    starts: steps where the state is zero again (each file of a corpus read from its own start), so that a
    file's values are the same read alone or among the others. progress(fraction) is called after each chunk."""
    spec = net.spec
    expect(isinstance(text, str) and 2 <= len(text) <= MAX_LONG_TEXT,
           f"a long reading covers 2 to {MAX_LONG_TEXT:,} characters of text; got {type(text).__name__} "
           f"of length {len(text) if isinstance(text, str) else '?'}")
    expect(len(inputs) == len(text), f"one input per character: {len(inputs):,} inputs for {len(text):,} characters")
    expect(not spec.bidirectional, "a long text is read in chunks, one after another; a bidirectional network "
                                   "reads each step from both ends at once: trace a shorter text instead")
    kept = [q for q in keep if q in spec.quantities]
    expect(bool(kept), f"keep must name recorded quantities ({', '.join(spec.quantities)}); got {keep!r}")
    T, L = len(text), spec.num_layers
    per_layer = sum(spec.output_size if q == "h" else spec.hidden_size for q in kept)
    expect(T * L * per_layer <= MAX_KEPT_VALUES,
           f"keeping {', '.join(kept)} for {T:,} steps takes {T * L * per_layer:,} values; at most {MAX_KEPT_VALUES:,}")
    chunk = check_int("chunk", chunk, 1, _MAX_CHUNK) if chunk is not None else chunk_steps(spec)
    units = {(q, layer, 0): np.empty((T, spec.output_size if q == "h" else spec.hidden_size), dtype=np.float16)
             for q in kept for layer in range(L)}
    gates = [q for q in spec.quantities if q in GATE_QUANTITIES]
    counts = {(g, layer, 0): (np.zeros(spec.hidden_size, np.int64), np.zeros(spec.hidden_size, np.int64))
              for g in gates for layer in range(L)}
    resets = sorted({0, T, *(check_int("each start", k, 0, T) for k in starts)})
    bounds = [(lo, min(b, lo + chunk)) for a, b in zip(resets, resets[1:]) for lo in range(a, b, chunk)]
    state = None
    for start, end in bounds:
        if start in resets:
            state = None
        trace = net.trace(inputs[start:end], state)
        state = trace.final_state
        for (q, layer, d), out in units.items():
            out[start:end] = trace[q][layer, d, 0].numpy()
        for (g, layer, d), (left, right) in counts.items():
            v = trace[g][layer, d, 0]
            left += (v < SATURATION[0]).sum(0).numpy()
            right += (v > SATURATION[1]).sum(0).numpy()
        if progress is not None:
            progress(end / T)
    for v in units.values():
        v.setflags(write=False)
    return LongReading(spec, text, units, counts, chunk)

