"""SequenceSource: where a sequence comes from (generator settings, text, or values), as plain data."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np

from rnnviz.data.sequences import generate, one_hot_text


@dataclass(frozen=True)
class SequenceSource:
    kind: str = "generator"  # generator | text | table
    generator: str = "sine"
    length: int = 24
    params: tuple = ()  # ((name, value), ...) for the generator
    text: str = ""
    values: np.ndarray | None = field(default=None, compare=False)  # table / CSV / fed steps: (T, I)

    def array(self, input_size: int) -> np.ndarray:
        """The (T, input_size) sequence; ValueError when it does not fit the model."""
        if self.kind == "generator":
            return generate(self.generator, self.length, input_size, dict(self.params))
        if self.kind == "text":
            x, vocab = one_hot_text(self.text)
            if len(vocab) != input_size:
                raise ValueError(f"the text has {len(vocab)} distinct characters, so one-hot needs "
                                 f"input_size = {len(vocab)}; the model has input_size = {input_size}")
            return x
        if self.values is None or self.values.ndim != 2 or self.values.shape[1] != input_size:
            shape = None if self.values is None else tuple(self.values.shape)
            raise ValueError(f"the table must have input_size = {input_size} columns; it has shape {shape}")
        return self.values

    def fingerprint(self) -> str:
        payload = [self.kind, self.generator, self.length, list(self.params), self.text]
        digest = hashlib.sha1(json.dumps(payload).encode())
        if self.values is not None:
            digest.update(np.ascontiguousarray(self.values, dtype=np.float32).tobytes())
            digest.update(str(self.values.shape).encode())
        return digest.hexdigest()[:16]
