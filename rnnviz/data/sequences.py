"""Where an input sequence comes from: generators, text (one-hot), tables and CSV, each checked.

Every function returns a float32 numpy array of shape (T, input_size) or raises ValueError saying what
was expected and what was given, so the UI can show the message and keep the previous sequence.
"""
from __future__ import annotations

import math

import numpy as np

from rnnviz.checks import check_int, expect, finite_number
from rnnviz.data.csv_text import CsvError, read_csv
from rnnviz.model.spec import MAX_INPUT_SIZE, MAX_INPUT_VALUES, MAX_STEPS

FLOAT32_MAX = float(np.finfo(np.float32).max)
GENERATORS = ("constant", "impulse", "step", "sine", "square", "random", "ramp")
# Each generator's parameters with their defaults; the UI draws one number input per entry.
GENERATOR_PARAMS = {
    "constant": {"value": 1.0},
    "impulse": {"at": 0, "height": 1.0},
    "step": {"at": 5, "height": 1.0},
    "sine": {"period": 12.0, "amplitude": 1.0, "phase": 0.0},
    "square": {"period": 10.0, "amplitude": 1.0},
    "random": {"seed": 0, "scale": 1.0},
    "ramp": {"start": 0.0, "end": 1.0},
}


def _check_size(input_size) -> int:
    # Not check_int: its message reads "a whole number from", and here True has always counted as 1.
    expect(isinstance(input_size, (int, np.integer)) and 1 <= input_size <= MAX_INPUT_SIZE,
           f"input_size must be from 1 to {MAX_INPUT_SIZE}, got {input_size!r}")
    return int(input_size)


def _number(params: dict, name: str, *, positive=False, whole=False) -> float:
    value = params[name]
    finite_number(f"the generator parameter {name!r}", value)
    if abs(value) > FLOAT32_MAX / 2:  # a signal must stay finite in float32
        raise ValueError(f"the generator parameter {name!r} must lie within ±{FLOAT32_MAX / 2:.3g}, got {value}")
    if positive and value <= 0:
        raise ValueError(f"the generator parameter {name!r} must be greater than 0, got {value}")
    if whole and value != int(value):
        raise ValueError(f"the generator parameter {name!r} must be a whole number, got {value}")
    return float(value)


def generate(kind: str, length: int, input_size: int, params: dict | None = None, features=None) -> np.ndarray:
    """A (length, input_size) signal. `features` lists which input columns carry it (default: all)."""
    if kind not in GENERATORS:
        raise ValueError(f"unknown generator {kind!r}; choose one of {', '.join(GENERATORS)}")
    T, size = check_int("the sequence length", length, 1, MAX_STEPS), _check_size(input_size)
    if T > max_steps(size):
        raise ValueError(f"{T:,} steps of {size:,} inputs are {T * size:,} numbers; a session may hold at most "
                         f"{MAX_INPUT_VALUES:,} (at most {max_steps(size):,} steps of this size)")
    merged = {**GENERATOR_PARAMS[kind], **(params or {})}
    unknown = sorted(set(merged) - set(GENERATOR_PARAMS[kind]))
    if unknown:
        raise ValueError(f"the {kind} generator takes {sorted(GENERATOR_PARAMS[kind])}, not {unknown}")
    t = np.arange(T, dtype=np.float64)
    if kind == "constant":
        signal = np.full(T, _number(merged, "value"))
    elif kind == "impulse":
        signal = np.where(t == _number(merged, "at", whole=True), _number(merged, "height"), 0.0)
    elif kind == "step":
        signal = np.where(t >= _number(merged, "at", whole=True), _number(merged, "height"), 0.0)
    elif kind == "sine":
        period = _number(merged, "period", positive=True)
        signal = _number(merged, "amplitude") * np.sin(2 * np.pi * t / period + _number(merged, "phase"))
    elif kind == "square":
        period = _number(merged, "period", positive=True)
        signal = _number(merged, "amplitude") * np.where((t % period) < period / 2, 1.0, -1.0)
    elif kind == "random":
        seed = int(_number(merged, "seed", whole=True))
        if seed < 0:
            raise ValueError(f"the random generator's seed must be 0 or more, got {seed}")
        rng = np.random.default_rng(seed)
        return (rng.standard_normal((T, size)) * _number(merged, "scale")).astype(np.float32) * _mask(features, size)
    else:  # ramp
        signal = np.linspace(_number(merged, "start"), _number(merged, "end"), T)
    signal = np.round(signal, 9)  # sin(pi) is 1.2e-16 in floating point; a learner should read 0
    return (signal[:, None] * _mask(features, size)).astype(np.float32)


def _mask(features, size: int) -> np.ndarray:
    if features is None:
        return np.ones(size, dtype=np.float32)
    features = list(features)
    bad = [f for f in features if not isinstance(f, (int, np.integer)) or not 0 <= f < size]
    if bad or not features:
        raise ValueError(f"features must be input columns from 0 to {size - 1}, got {features}")
    mask = np.zeros(size, dtype=np.float32)
    mask[features] = 1.0
    return mask


def max_steps(input_size: int) -> int:
    """The most time steps a sequence of `input_size` numbers a step may have: MAX_STEPS, or fewer for wide
    inputs, so that one sequence stays within a session's MAX_INPUT_VALUES."""
    return max(1, min(MAX_STEPS, MAX_INPUT_VALUES // max(1, input_size)))


def _too_many_steps(what: str, count: str, input_size: int) -> ValueError:
    limit = max_steps(input_size)
    if limit == MAX_STEPS:
        return ValueError(f"{what} has {count} rows; at most {MAX_STEPS} time steps are allowed")
    return ValueError(f"{what} has {count} rows; at most {limit:,} time steps of {input_size:,} numbers fit a "
                      f"session ({MAX_INPUT_VALUES:,} numbers)")


def vocabulary(text: str) -> list[str]:
    """The sorted distinct characters of a text: the one-hot alphabet."""
    return sorted(set(text))


def one_hot_text(text: str, vocab: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """Each character as a one-hot row over `vocab` (default: the text's own characters)."""
    if not isinstance(text, str) or not text:
        raise ValueError("the text is empty; type at least one character")
    if len(text) > MAX_STEPS:
        raise ValueError(f"the text has {len(text)} characters; at most {MAX_STEPS} are allowed")
    vocab = vocabulary(text) if vocab is None else list(vocab)
    if len(vocab) > MAX_INPUT_SIZE:
        raise ValueError(f"the text has {len(vocab)} distinct characters; at most {MAX_INPUT_SIZE} are allowed")
    if len(text) * len(vocab) > MAX_INPUT_VALUES:  # checked before the one-hot rows are made
        raise ValueError(f"the text has {len(text):,} characters of {len(vocab):,} kinds; as one-hot rows that is "
                         f"{len(text) * len(vocab):,} numbers, and a session may hold at most {MAX_INPUT_VALUES:,} "
                         f"(at most {max_steps(len(vocab)):,} characters of this alphabet)")
    index = {ch: k for k, ch in enumerate(vocab)}
    missing = sorted({ch for ch in text if ch not in index})
    if missing:
        raise ValueError(f"characters {missing} are not in the vocabulary {''.join(vocab)!r}")
    x = np.zeros((len(text), len(vocab)), dtype=np.float32)
    x[np.arange(len(text)), [index[ch] for ch in text]] = 1.0
    return x, vocab


def one_hot_tokens(x: np.ndarray, vocab) -> list[str] | None:
    """The token each step of x (T, len(vocab)) is the one-hot row of, or None when some step is not one-hot
    (then the steps are numbers, not tokens, and are labelled as numbers)."""
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] != len(vocab) or not len(x):
        return None
    if not (np.isin(x, (0.0, 1.0)).all() and (x.sum(axis=1) == 1).all()):
        return None
    return [vocab[k] for k in x.argmax(axis=1)]


def table_to_array(rows, input_size: int) -> np.ndarray:
    """Rows of a table editor (lists or a DataFrame) to (T, input_size); every cell must be a finite number."""
    if hasattr(rows, "to_numpy"):
        rows = rows.to_numpy(dtype=object).tolist()
    rows = [list(r) for r in rows]
    if not rows:
        raise ValueError("the table has no rows; add at least one time step")
    if len(rows) > max_steps(input_size):
        raise _too_many_steps("the table", str(len(rows)), input_size)
    out = np.empty((len(rows), input_size), dtype=np.float32)
    for t, row in enumerate(rows):
        if len(row) != input_size:
            raise ValueError(f"row {t} has {len(row)} values; every row needs input_size = {input_size}")
        for j, cell in enumerate(row):
            out[t, j] = _cell_number(cell, f"row {t}, column x{j}")
    return out


def _quoted(cell) -> str:
    """A cell as a message quotes it: a text cut by short() (a CSV cell may hold megabytes), anything else as repr."""
    return short(cell) if isinstance(cell, str) else repr(cell)


def _cell_number(cell, where: str) -> float:
    # A table editor hands an emptied cell over as None or as a float NaN.
    if cell is None or (isinstance(cell, str) and not cell.strip()) or \
            (isinstance(cell, (float, np.floating)) and math.isnan(cell)):
        raise ValueError(f"{where} is empty; every cell needs a number")
    if isinstance(cell, bool):
        raise ValueError(f"{where} holds {_quoted(cell)}; expected a number")
    try:
        value = float(cell.strip() if isinstance(cell, str) else cell)
    except (TypeError, ValueError):
        raise ValueError(f"{where} holds {_quoted(cell)}, which is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where} is {_quoted(cell)}; expected a finite number (no NaN or infinity)")
    if abs(value) > FLOAT32_MAX:  # finite here, infinite once stored as float32
        raise ValueError(f"{where} is {_quoted(cell)}; numbers must lie within ±{FLOAT32_MAX:.3g}")
    return value


def parse_csv(text: str, input_size: int) -> np.ndarray:
    """CSV text to (T, input_size): one row per time step, after an optional header row of names (the rule is
    rnnviz.data.csv_text's).

    Streamed: rows are read one at a time into float32 and reading stops at the first row past max_steps(), so
    a 20 MB file of millions of rows costs what 20,000 rows cost, not a list of every row first."""
    if not isinstance(text, str):
        raise ValueError("the CSV must be text")
    steps: list[np.ndarray] = []
    try:
        header, rows = read_csv(text)
        for _, row in rows:
            if len(steps) == max_steps(input_size):
                raise _too_many_steps("the CSV", f"more than {len(steps)}", input_size)
            if len(row) != input_size:
                raise ValueError(f"the CSV must have {input_size} columns (input_size); "
                                 f"row {len(steps)} has {len(row)}")
            t = len(steps)
            steps.append(np.array([_cell_number(cell, f"row {t}, column x{j}") for j, cell in enumerate(row)],
                                  dtype=np.float32))
    except CsvError as err:
        raise ValueError(f"the CSV cannot be read: {err.reason}") from None
    if not steps:
        if header is not None:
            raise ValueError("the CSV has a header but no data rows")
        raise ValueError(f"the CSV is empty; expected one row per time step with {input_size} comma-separated numbers")
    return np.stack(steps)


MAX_STEP_CHARS_PER_NUMBER = 40  # a typed number with its separator never needs more


def short(text: str, limit: int = 60) -> str:
    """A user's text quoted in a message, cut to `limit` characters: a message never echoes a pasted megabyte."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f" … ({len(text):,} characters)"


def parse_step(text: str, input_size: int) -> np.ndarray:
    """One typed step 'x_t' such as '1, 0, -0.5' to shape (input_size,)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"type x_t as {input_size} comma-separated numbers")
    if len(text) > MAX_STEP_CHARS_PER_NUMBER * input_size:  # bounded before it is split
        raise ValueError(f"x_t needs {input_size} numbers (input_size); the text typed is {len(text):,} characters "
                         f"long ({short(text)})")
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if len(parts) != input_size:
        raise ValueError(f"x_t needs {input_size} numbers (input_size); got {len(parts)} in {short(text)}")
    return np.array([_cell_number(p, f"value {k}") for k, p in enumerate(parts)], dtype=np.float32)
