"""SequenceSource: where a sequence comes from (generator settings, text, or values), as plain data."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np

from rnnviz.data.sequences import generate, one_hot_text
from rnnviz.model.spec import ModelSpec


@dataclass(frozen=True)
class SequenceSource:
    kind: str = "generator"  # generator | text | table | ids
    generator: str = "sine"
    length: int = 24
    params: tuple = ()  # ((name, value), ...) for the generator
    text: str = ""
    # table / CSV / fed steps: (T, I) floats; ids: (T,) int64 token ids, for a network with an embedding
    values: np.ndarray | None = field(default=None, compare=False)

    def array(self, input_size: int) -> np.ndarray:
        """The (T, input_size) sequence, or the (T,) token ids of kind "ids" (which a network checks against its
        vocabulary when it reads them); ValueError when it does not fit the model."""
        if self.kind == "generator":
            return generate(self.generator, self.length, input_size, dict(self.params))
        if self.kind == "text":
            x, vocab = one_hot_text(self.text)
            if len(vocab) != input_size:
                raise ValueError(f"the text has {len(vocab)} distinct characters, so one-hot needs "
                                 f"input_size = {len(vocab)}; the model has input_size = {input_size}")
            return x
        if self.kind == "ids":
            if self.values is None or self.values.ndim != 1 or self.values.dtype.kind not in "iu":
                raise ValueError("the token ids must be one row of whole numbers")
            return self.values
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


DEFAULT_IDS = 8  # the token ids a network with an embedding starts from: 0, 1, 2, ... (modulo its vocabulary)


def sequence_for(spec: ModelSpec, sequence: SequenceSource) -> tuple[SequenceSource, bool]:
    """`sequence` when `spec` reads its kind of input (token ids within its vocabulary, or vectors), else a default
    of the right kind; and whether it was replaced. Vectors of another width are kept: the page says why."""
    if spec.vocab_size:
        if sequence.kind == "ids" and sequence.values is not None and int(sequence.values.max()) < spec.vocab_size:
            return sequence, False
        return SequenceSource("ids", values=np.arange(DEFAULT_IDS, dtype=np.int64) % spec.vocab_size), True
    if sequence.kind == "ids":
        return SequenceSource(), True
    return sequence, False
