"""ModelSpec and HeadSpec: what a network is, validated once, with the caps the hosted app lives by."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import ClassVar

from rnnviz.checks import check_int, expect

CELLS = ("lstm", "gru", "rnn", "jordan")
NONLINEARITIES = ("tanh", "relu", "identity")
LSTM_ACTIVATIONS = ("tanh", "identity", "sigmoid", "relu")
HEAD_ACTIVATIONS = ("identity", "softmax", "sigmoid")

# Caps that keep a small shared server alive; every size check names them.
MAX_INPUT_SIZE = 4096
MAX_HIDDEN_SIZE = 512
MAX_LAYERS = 4
MAX_OUT_FEATURES = 4096
# An embedding input stage (ModelSpec.vocab_size): a word-level vocabulary of this size still fits the parameter
# budget at a small embedding dimension (50,000 x 40 = 2,000,000).
MAX_VOCAB_SIZE = 50_000
MAX_STEPS = 20_000
MAX_BATCH = 512
# A session's budget (issue 13: one student's worst case stays near 150 MB resident on a shared server).
# The sizes above bound each number; these bound what they multiply to. Measured worst cases are in
# benchmarks/README.md ("Session memory").
# Weights: 2,000,000 parameters are 8 MB of float32 per copy (a network, its torch twin, a checkpoint).
MAX_PARAMETERS = 2_000_000
# A trace records every quantity at every step: all of them together hold at most this many values
# (steps x batch x layers x directions x the units of every quantity, and the head's outputs), 16 MB of float32.
MAX_TRACE_VALUES = 4_000_000
# An input sequence (batch x steps x input_size) holds at most this many numbers: 8 MB of float32.
MAX_INPUT_VALUES = 2_000_000

# Which recorded quantities each cell has, in the order they are computed.
CELL_QUANTITIES = {
    "lstm": ("i", "f", "g", "o", "c", "h"),
    "gru": ("r", "z", "n", "h"),
    "rnn": ("h",),
    "jordan": ("h",),
}
# The gate blocks stacked in weight_ih / weight_hh, in PyTorch's order.
GATE_BLOCKS = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n"), "rnn": ("h",), "jordan": ("h",)}


def _check_choice(name: str, value, choices) -> None:
    expect(value in choices, f"{name} must be one of {', '.join(choices)}; got {value!r}")


@dataclass(frozen=True)
class HeadSpec:
    """A Linear readout on the last layer's output: y = activation(W h + b)."""

    out_features: int
    activation: str = "identity"
    every_step: bool = True  # False: many-to-one, only the last step is read out
    bias: bool = True

    def __post_init__(self):
        check_int("head out_features", self.out_features, 1, MAX_OUT_FEATURES)
        _check_choice("head activation", self.activation, HEAD_ACTIVATIONS)
        for flag in ("every_step", "bias"):
            expect(isinstance(getattr(self, flag), bool),
                    f"head {flag} must be True or False, got {getattr(self, flag)!r}")


@dataclass(frozen=True)
class ModelSpec:
    """Everything that fixes a network's shape and equations (not its weights)."""

    cell: str
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bidirectional: bool = False
    bias: bool = True
    proj_size: int = 0
    nonlinearity: str = "tanh"  # rnn / jordan
    cell_activation: str = "tanh"  # lstm candidate g
    output_activation: str = "tanh"  # lstm: h = o * act(c)
    peephole: bool = False
    coupled: bool = False
    head: HeadSpec | None = field(default=None)
    # An embedding input stage: token ids 0..vocab_size-1 read through embedding.weight (vocab_size x input_size),
    # as nn.Embedding(vocab_size, input_size) in front of the recurrent layers. 0: none, the input is vectors.
    vocab_size: int = 0
    # Held to the session's MAX_PARAMETERS (rnnviz.model.counting's CountingSpec is not: it is only counted).
    budgeted: ClassVar[bool] = True

    def __post_init__(self):
        _check_choice("cell", self.cell, CELLS)
        check_int("input_size", self.input_size, 1, MAX_INPUT_SIZE)
        check_int("hidden_size", self.hidden_size, 1, MAX_HIDDEN_SIZE)
        check_int("num_layers", self.num_layers, 1, MAX_LAYERS)
        check_int("vocab_size", self.vocab_size, 0, MAX_VOCAB_SIZE)
        for flag in ("bidirectional", "bias", "peephole", "coupled"):
            expect(isinstance(getattr(self, flag), bool), f"{flag} must be True or False, got {getattr(self, flag)!r}")
        check_int("proj_size", self.proj_size, 0, MAX_HIDDEN_SIZE)
        _check_choice("nonlinearity", self.nonlinearity, NONLINEARITIES)
        _check_choice("cell_activation", self.cell_activation, LSTM_ACTIVATIONS)
        _check_choice("output_activation", self.output_activation, LSTM_ACTIVATIONS)
        expect(self.head is None or isinstance(self.head, HeadSpec),
                f"head must be a HeadSpec or None, got {type(self.head).__name__}")
        lstm_only = {"proj_size": self.proj_size != 0, "peephole": self.peephole, "coupled": self.coupled,
                     "cell_activation": self.cell_activation != "tanh",
                     "output_activation": self.output_activation != "tanh"}
        if self.cell != "lstm":
            used = [name for name, on in lstm_only.items() if on]
            expect(not used, f"{', '.join(used)} only apply to cell='lstm'; cell is {self.cell!r}")
        if self.cell not in ("rnn", "jordan"):
            expect(self.nonlinearity == "tanh",
                    f"nonlinearity only applies to cell='rnn' or 'jordan'; cell is {self.cell!r}")
        expect(self.proj_size < self.hidden_size or self.proj_size == 0,
                f"proj_size must be smaller than hidden_size ({self.hidden_size}), got {self.proj_size}")
        if self.cell == "jordan":
            expect(self.head is not None and self.head.every_step,
                    "a Jordan network feeds its output y back, so it needs a head with every_step=True")
            expect(self.num_layers == 1 and not self.bidirectional,
                    "a Jordan network has one layer and one direction "
                    f"(got num_layers={self.num_layers}, bidirectional={self.bidirectional})")
        count = self.parameter_count
        if self.budgeted and count > MAX_PARAMETERS:
            fits = self._largest_hidden_size()
            fewer = "use a smaller vocabulary or fewer inputs or outputs" if self.vocab_size else \
                "use fewer inputs or outputs"
            hint = f"hidden_size {fits} fits with the rest unchanged" if fits else fewer
            raise ValueError(f"this model has {count:,} parameters; a session may hold at most {MAX_PARAMETERS:,} "
                             f"on a shared server ({hint})")

    def _largest_hidden_size(self) -> int:
        """The most hidden units that keep this model within MAX_PARAMETERS, or 0 when even 1 does not."""
        low, high = 0, self.hidden_size - 1
        while low < high:  # the count grows with hidden_size: bisect on it
            middle = (low + high + 1) // 2
            smaller = object.__new__(type(self))  # unchecked: only its sizes are read
            object.__setattr__(smaller, "__dict__", {**self.__dict__, "hidden_size": middle,
                                                     "proj_size": min(self.proj_size, middle - 1)})
            if smaller.parameter_count <= MAX_PARAMETERS:
                low = middle
            else:
                high = middle - 1
        return low

    # Derived sizes, named as torch names them.
    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """H_out: the size of h (proj_size when projecting)."""
        return self.proj_size or self.hidden_size

    def layer_input_size(self, layer: int) -> int:
        return self.input_size if layer == 0 else self.num_directions * self.output_size

    @property
    def has_embedding(self) -> bool:
        """Whether the network reads token ids through an embedding (vocab_size > 0) rather than vectors."""
        return self.vocab_size > 0

    @property
    def recurrent_size(self) -> int:
        """What weight_hh multiplies: h_{t-1} (H_out), or y_{t-1} for Jordan."""
        return self.head.out_features if self.cell == "jordan" else self.output_size

    @property
    def quantities(self) -> tuple[str, ...]:
        return CELL_QUANTITIES[self.cell]

    @property
    def gate_blocks(self) -> tuple[str, ...]:
        blocks = GATE_BLOCKS[self.cell]
        return tuple(b for b in blocks if b != "i") if self.coupled else blocks

    @property
    def parameter_count(self) -> int:
        """How many numbers the weights hold (what params.parameter_infos lays out, counted without building it)."""
        H, G = self.hidden_size, len(self.gate_blocks)
        count = self.vocab_size * self.input_size  # the embedding's table (0 without one)
        for layer in range(self.num_layers):
            per_direction = G * H * (self.layer_input_size(layer) + self.recurrent_size)
            per_direction += 2 * G * H if self.bias else 0
            per_direction += self.proj_size * H
            per_direction += len([b for b in self.gate_blocks if b != "g"]) * H if self.peephole else 0
            count += self.num_directions * per_direction
        if self.head is not None:
            count += self.head.out_features * (self.num_directions * self.output_size + int(self.head.bias))
        return count

    def trace_values_per_step(self, batch: int = 1) -> int:
        """How many values a trace records for one step: every quantity of every layer and direction, and y."""
        sizes = {q: self.output_size if q == "h" else self.hidden_size for q in self.quantities}
        if self.cell == "jordan":
            sizes["h"] = self.hidden_size
        values = self.num_layers * self.num_directions * sum(sizes.values())
        if self.head is not None and self.head.every_step:
            values += self.head.out_features
        return batch * values

    @property
    def is_torch_native(self) -> bool:
        """True when nn.LSTM / nn.GRU / nn.RNN computes exactly this network."""
        if self.cell == "jordan":
            return False
        if self.cell == "rnn":
            return self.nonlinearity in ("tanh", "relu")
        if self.cell == "lstm":
            return not (self.peephole or self.coupled or self.cell_activation != "tanh"
                        or self.output_activation != "tanh")
        return True

    @property
    def kind_label(self) -> str:
        if self.cell == "lstm":
            if self.peephole and self.coupled:
                return "peephole coupled-gate LSTM"
            if self.peephole:
                return "peephole LSTM"
            if self.coupled:
                return "coupled-gate LSTM"
            return "LSTM"
        return {"gru": "GRU", "rnn": "Elman RNN", "jordan": "Jordan RNN"}[self.cell]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ModelSpec:
        expect(isinstance(data, dict), f"a model spec must be a mapping, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}  # not the ClassVar budgeted: a file cannot lift the budget
        unknown = sorted(set(data) - known)
        expect(not unknown, f"unknown model spec fields {unknown}; expected some of {sorted(known)}")
        data = dict(data)
        head = data.get("head")
        if isinstance(head, dict):
            unknown = sorted(set(head) - set(HeadSpec.__dataclass_fields__))
            expect(not unknown, f"unknown head fields {unknown}")
            data["head"] = HeadSpec(**head)
        try:
            return cls(**data)
        except TypeError as err:  # a missing required field
            raise ValueError(f"incomplete model spec: {err}") from None

    def replace(self, **changes) -> ModelSpec:
        return replace(self, **changes)
