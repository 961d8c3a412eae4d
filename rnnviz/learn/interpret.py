"""What did a trained network learn? Tools for the Interpret page: pure numpy / torch / pandas, no streamlit.

Four questions, each answered by small functions a test can call with hand-made numbers:

- Which unit tracks something we can name? `text_feature` turns a text into a number per character
  (position in the line, bracket depth, inside a quotation, a character class, a regular expression),
  `unit_values` takes one quantity's units out of a trace, and `rank_units` ranks the units by their
  Pearson correlation with the feature (Karpathy, Johnson & Fei-Fei 2015, "Visualizing and Understanding
  Recurrent Networks": the line-length, quote and bracket cells).
- Where else does this pattern happen? `units_on` and `pattern_search` (Strobelt et al. 2018, LSTMVis):
  select a range of steps and the units that are on over it; find other places where the same units
  switch on and off the same way.
- How often are the gates fully open or shut? `gate_saturation`: the fraction of steps each gate unit
  spends below 0.1 (left-saturated) and above 0.9 (right-saturated) (Karpathy et al. 2015, figure 3).
- How far back does the output still listen? `memory_reach`: the size of the gradient of the output at
  one step with respect to every input, by autograd in float64; `reach_length` turns it into one number.

Every character-aligned array holds the value *after reading* character t, as a unit's value at step t is
its state after reading input t.
"""
from __future__ import annotations

import functools
import math
import unicodedata

import numpy as np
import pandas as pd
import re2
import torch

from rnnviz.checks import check_int, finite_number
from rnnviz.learn.checks import float64_sequence
from rnnviz.learn.code_features import CODE_FEATURES, code_features
from rnnviz.learn.forward import forward
from rnnviz.model.embedding import coerce_token_ids
from rnnviz.model.network import Network
from rnnviz.model.params import EMBEDDING_WEIGHT
from rnnviz.model.spec import HeadSpec, ModelSpec

__all__ = [
    "TEXT_FEATURES", "CHAR_CLASSES", "GATE_QUANTITIES", "OPEN_BRACKETS", "CLOSE_BRACKETS", "QUOTE_PAIRS",
    "ConstantFeatureError", "text_feature", "is_constant", "step_quantities", "unit_values", "rank_units",
    "units_on", "pattern_search", "gate_saturation", "reach_quantity", "memory_reach", "reach_length",
]

TEXT_FEATURES = ("position", "bracket_depth", "inside_quotes", "char_class", "regex") + CODE_FEATURES
CHAR_CLASSES = ("letter", "vowel", "digit", "space", "punctuation", "uppercase")
# Gates live in (0, 1). An LSTM's g and a GRU's n are candidates (tanh), not gates.
GATE_QUANTITIES = ("i", "f", "o", "r", "z")
# Quantities the unit finder derives from a recorded one: tanh(c), the cell as Karpathy et al. (2015) colour it
# (c itself is unbounded; tanh squashes it to the range h reads it in).
DERIVED = {"tanh_c": ("c", np.tanh)}

# ASCII brackets and their full-width forms (Chinese text writes （ ） and 【 】).
OPEN_BRACKETS = "([{（［｛【"
CLOSE_BRACKETS = ")]}）］｝】"
# Opening quotation mark -> the mark that closes it.
QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』"}
_APOSTROPHES = ("'", "’")  # also written inside words: don't, it's, don’t

MAX_PATTERN_TOP = 1000
_RANK_ROWS = 16_384  # rows rank_units converts to float64 at a time
_FFT_CHUNK_UNITS = 32  # units transformed at once by pattern_search's FFT path (bounds its memory)


class ConstantFeatureError(ValueError):
    """rank_units was given a feature with the same value at every step: no unit can correlate with it.

    A ValueError, so callers that only catch ValueError still work; the page catches this one to say
    "the feature is constant on this text" in its own words.
    """


def _matrix(values, name: str = "values") -> np.ndarray:
    """(steps, units) float64, finite."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2 or v.shape[0] < 1 or v.shape[1] < 1:
        raise ValueError(f"{name} must be a (steps, units) array with at least one of each, got shape {v.shape}")
    if not np.isfinite(v).all():
        raise ValueError(f"{name} must hold finite numbers; it has NaN or infinity")
    return v


def _shaped(values) -> np.ndarray:
    """values as an array of shape (steps, units), at least one of each, in its own dtype (no copy)."""
    v = np.asarray(values)
    if v.ndim != 2 or v.shape[0] < 1 or v.shape[1] < 1:
        raise ValueError(f"values must be a (steps, units) array with at least one of each, got shape {v.shape}")
    return v


def _step_range(start, end, num_steps: int) -> tuple[int, int]:
    start = check_int("start", start, 0, num_steps - 1)
    end = check_int("end", end, 0, num_steps - 1)
    if end < start:
        raise ValueError(f"end must be at least start ({start}), got {end}")
    return start, end


# --- 1. features of a text ------------------------------------------------------------------------
def text_feature(text: str, feature: str, *, char_class: str = "letter", pattern: str | None = None) -> np.ndarray:
    """One number per character of `text`, (len(text),) float64: the feature's value after reading character t.

    - "position": the character's column in its line, counted from 0; a newline is the last character
      of the line it ends, and the next character is column 0 again ("ab\\ncd" -> 0 1 2 0 1). Without
      newlines this is simply t. (Karpathy's line-length cell tracks this.)
    - "bracket_depth": how many of ( [ { (and the full-width （ ［ ｛ 【) are open after character t: an
      opening bracket counts itself, a closing one does not ("a(b)" -> 0 1 1 0). All kinds count together,
      and a closing bracket with nothing open is ignored (the depth never goes below 0). On balanced
      parentheses this equals rnnviz.data.builtin.parenthesis_depth.
    - "inside_quotes": 1 from an opening quotation mark up to the character before its closing mark, else
      0: after reading the opening mark we are inside, after reading the closing one outside again
      (the same convention as a bracket). Marks: "…", '…', “…”, ‘…’, 「…」, 『…』. Inside a quotation
      only its own closing mark ends it; other marks are part of the quoted text. An apostrophe is not a
      quotation mark: ' (and ’) opens only when not preceded by a letter or digit, and closes only when not
      followed by one, so "don't" and "it's" change nothing. A quotation left open runs to the end.
    - "char_class": 1 where the character belongs to `char_class` (CHAR_CLASSES), else 0. letter: any
      Unicode letter (Chinese characters are letters); vowel: a e i o u of either case, accents allowed
      (é is a vowel); digit: a decimal digit of any script (0-9, full-width ０-９); space: any whitespace,
      newline included; punctuation: Unicode punctuation and symbols (everything in string.punctuation, and
      ，。！ and the like); uppercase: an uppercase letter.
    - "regex": 1 for every character covered by a match of `pattern` (RE2's finditer, no flags; see
      compile_pattern). A pattern matching the empty string covers nothing there; a pattern that does not
      compile, or is longer than MAX_PATTERN -> ValueError with the reason.
    - "in_string", "in_comment", "code_depth", "indent": features of source code (rnnviz.learn.code_features):
      inside a string literal, inside a comment, brackets open outside strings and comments, the line's
      indentation in columns.
    Unknown features or classes -> ValueError naming the choices.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    if feature not in TEXT_FEATURES:
        raise ValueError(f"feature must be one of {', '.join(TEXT_FEATURES)}; got {feature!r}")
    if feature == "position":
        return _position(text)
    if feature == "bracket_depth":
        return _open_brackets(text)
    if feature == "inside_quotes":
        return _inside_quotes(text)
    if feature in CODE_FEATURES:
        return code_features(text)[feature]
    if feature == "char_class":
        if char_class not in CHAR_CLASSES:
            raise ValueError(f"char_class must be one of {', '.join(CHAR_CLASSES)}; got {char_class!r}")
        test = _CLASS_TESTS[char_class]
        return np.fromiter((test(ch) for ch in text), dtype=np.float64, count=len(text))
    return _regex_cover(text, pattern)


def _position(text: str) -> np.ndarray:
    out = np.empty(len(text), dtype=np.float64)
    column = 0
    for t, ch in enumerate(text):
        out[t] = column
        column = 0 if ch == "\n" else column + 1
    return out


def _open_brackets(text: str) -> np.ndarray:
    out = np.empty(len(text), dtype=np.float64)
    depth = 0
    for t, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth > 0:
            depth -= 1
        out[t] = depth
    return out


def _inside_quotes(text: str) -> np.ndarray:
    out = np.zeros(len(text), dtype=np.float64)
    closer = None
    n = len(text)
    for t, ch in enumerate(text):
        if closer is None:
            if ch in QUOTE_PAIRS and not (ch in _APOSTROPHES and t > 0 and text[t - 1].isalnum()):
                closer = QUOTE_PAIRS[ch]
                out[t] = 1.0
        elif ch == closer and not (ch in _APOSTROPHES and t + 1 < n and text[t + 1].isalnum()):
            closer = None  # the closing mark: outside again
        else:
            out[t] = 1.0
    return out


def _is_vowel(ch: str) -> bool:
    return ch.isalpha() and unicodedata.normalize("NFD", ch)[0] in "aeiouAEIOU"


_CLASS_TESTS = {
    "letter": str.isalpha,
    "vowel": _is_vowel,
    "digit": str.isdecimal,
    "space": str.isspace,
    "punctuation": lambda ch: unicodedata.category(ch)[0] in "PS",
    "uppercase": str.isupper,
}


MAX_PATTERN = 500  # characters of a user's regular expression
_RE2_MEMORY = 8 << 20  # bytes RE2 may use for one compiled pattern


@functools.lru_cache(maxsize=64)
def compile_pattern(pattern: str):
    """A user's pattern compiled by RE2, which matches in time linear in the text whatever the pattern:
    Python's re backtracks ((a+)+$ on 30 a's takes a minute) while holding the interpreter lock, so one
    student's pattern would freeze every session of the server. RE2 has no backreferences or lookaround."""
    if not isinstance(pattern, str):
        raise ValueError(f"the regex feature needs a pattern (a string), got {pattern!r}")
    if len(pattern) > MAX_PATTERN:
        raise ValueError(f"the regular expression has {len(pattern)} characters; at most {MAX_PATTERN} are allowed")
    options = re2.Options()
    options.max_mem = _RE2_MEMORY
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as err:
        reason = err.args[0].decode(errors="replace") if err.args and isinstance(err.args[0], bytes) else str(err)
        if "perl operator" in reason or "escape sequence" in reason:
            reason += " (backreferences such as \\1 and lookarounds such as (?=...) are not supported)"
        raise ValueError(f"invalid regular expression {pattern!r}: {reason}") from None


def _regex_cover(text: str, pattern) -> np.ndarray:
    compiled = compile_pattern(pattern)
    out = np.zeros(len(text), dtype=np.float64)
    for match in compiled.finditer(text):
        out[match.start():match.end()] = 1.0
    return out


def is_constant(feature) -> bool:
    """True when a feature has the same value everywhere (rank_units would raise ConstantFeatureError)."""
    f = np.asarray(feature, dtype=np.float64).ravel()
    return f.size == 0 or _constant_columns(f[:, None])[0]


# --- 2. units of a trace, ranked by a feature ----------------------------------------------------------
def step_quantities(trace) -> tuple[str, ...]:
    """The recorded quantities that have a value at every step (a many-to-one head's y has only the last)."""
    return tuple(q for q in trace.quantities if q != "y" or trace["y"].shape[1] == trace.num_steps)


def unit_values(trace, quantity: str, layer: int = 0, direction: int = 0, batch: int = 0) -> np.ndarray:
    """One quantity of one layer, direction and batch element, (T, units) float64.

    "y" (the head's output) has no layer or direction; both are still checked against the network. A
    many-to-one head records y at the last step only: then the array has one row (step_quantities leaves
    it out). Unknown quantities and out-of-range indices -> ValueError naming the valid choices.
    """
    if not isinstance(quantity, str) or quantity not in trace:
        raise ValueError(f"quantity must be one of {', '.join(trace.quantities)}; got {quantity!r}")
    spec = trace.spec
    layer = check_int("layer", layer, 0, spec.num_layers - 1)
    direction = check_int("direction", direction, 0, spec.num_directions - 1)
    batch = check_int("batch", batch, 0, trace.batch_size - 1)
    v = trace["y"][batch] if quantity == "y" else trace[quantity][layer, direction, batch]
    return v.detach().cpu().numpy().astype(np.float64)


def _constant_columns(v: np.ndarray) -> np.ndarray:
    """Columns whose values are all equal, allowing float64 rounding (spread <= 1e-12 of the magnitude)."""
    spread = v.max(axis=0) - v.min(axis=0)
    return spread <= 1e-12 * np.abs(v).max(axis=0)


def rank_units(values, feature, moments=None, transform=None) -> pd.DataFrame:
    """Every unit's Pearson correlation with the feature over the steps, strongest first.

    values (N, units) and feature (N,) with the same N >= 2 (ValueError otherwise; NaN / infinity too).
    Columns unit, correlation, abs_correlation; sorted by abs_correlation descending. Strengths that agree
    to 12 decimals count as a tie (float rounding does not decide), and a tie puts a positive correlation
    before a negative one, then the lower unit first. A unit that never changes gets correlation 0.0.
    A feature that never changes -> ConstantFeatureError (a ValueError): nothing can correlate with it
    (is_constant(feature) asks first). The output is free of NaN.
    Long inputs (a corpus reading keeps float16) are summed in row blocks, in float64, without a float64
    copy of the whole array; `moments`, column_moments(values) kept from an earlier call, skip a pass.
    transform (e.g. np.tanh: Karpathy et al. colour cells by tanh(c)) applies to each block before it is summed.
    """
    v = _shaped(values)
    f = np.asarray(feature, dtype=np.float64)
    if f.ndim != 1:
        raise ValueError(f"feature must be one number per step, shape (N,), got shape {f.shape}")
    if f.shape[0] != v.shape[0]:
        raise ValueError(f"values and feature must cover the same steps: values has {v.shape[0]}, "
                         f"feature has {f.shape[0]}")
    if v.shape[0] < 2:
        raise ValueError(f"a correlation needs at least 2 steps, got {v.shape[0]}")
    if not np.isfinite(f).all():
        raise ValueError("feature must hold finite numbers; it has NaN or infinity")
    if is_constant(f):
        raise ConstantFeatureError(f"the feature is constant ({f[0]:g} at every step): no unit can "
                                   "correlate with it")
    mean, sq, flat = moments if moments is not None else column_moments(v, transform)
    fc = f - f.mean()
    dot = np.zeros(v.shape[1])
    for lo in range(0, v.shape[0], _RANK_ROWS):
        rows = slice(lo, lo + _RANK_ROWS)
        dot += fc[rows] @ (_block(v[rows], transform) - mean)
    norms = np.sqrt(sq) * np.linalg.norm(fc)
    flat = flat | (norms == 0)
    corr = np.where(flat, 0.0, dot / np.where(flat, 1.0, norms))
    corr = np.clip(corr, -1.0, 1.0)
    strength = np.abs(corr)
    units = np.arange(v.shape[1])
    order = np.lexsort((units, -np.sign(corr), -np.round(strength, 12)))
    return pd.DataFrame({"unit": units[order], "correlation": corr[order], "abs_correlation": strength[order]})


def _block(rows: np.ndarray, transform) -> np.ndarray:
    block = rows.astype(np.float64)
    return block if transform is None else transform(block)


def column_moments(values, transform=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit of a (steps, units) array (after `transform`, if given): mean, sum of squared deviations, and
    whether it never changes (a spread within float64 rounding of its size). Two passes in row blocks, as exact
    as over a float64 copy."""
    v = _shaped(values)
    total, low, high = np.zeros(v.shape[1]), np.full(v.shape[1], np.inf), np.full(v.shape[1], -np.inf)
    for lo in range(0, v.shape[0], _RANK_ROWS):
        block = _matrix(_block(v[lo:lo + _RANK_ROWS], transform))  # also refuses NaN and infinity
        total += block.sum(axis=0)
        low, high = np.minimum(low, block.min(axis=0)), np.maximum(high, block.max(axis=0))
    mean = total / v.shape[0]
    sq = np.zeros(v.shape[1])
    for lo in range(0, v.shape[0], _RANK_ROWS):
        block = _block(v[lo:lo + _RANK_ROWS], transform) - mean
        sq += np.einsum("ij,ij->j", block, block)
    return mean, sq, high - low <= 1e-12 * np.maximum(np.abs(low), np.abs(high))


# --- 3. LSTMVis: which units are on, and where else the same pattern happens ---------------------------
def units_on(values, start: int, end: int, threshold: float) -> list[int]:
    """The units whose value is >= threshold at every step from start to end (both included), ascending."""
    v = _shaped(values)
    start, end = _step_range(start, end, v.shape[0])
    threshold = finite_number("threshold", threshold)
    return [int(u) for u in np.flatnonzero((_matrix(v[start:end + 1]) >= threshold).all(axis=0))]


def _check_units(units, num_units: int) -> list[int]:
    if isinstance(units, (int, np.integer)) and not isinstance(units, bool):
        units = [units]
    try:
        units = list(units)
    except TypeError:
        raise ValueError(f"units must be a list of unit numbers, got {units!r}") from None
    if not units:
        raise ValueError("units must name at least one unit (none is on over the selection?)")
    checked = [check_int("each unit", u, 0, num_units - 1) for u in units]
    return list(dict.fromkeys(checked))


def _match_counts(bits: np.ndarray, query: np.ndarray) -> np.ndarray:
    """For every window start w: how many of the query's (step, unit) bits equal bits[w:w+L]. Exact integers."""
    T, k = bits.shape
    L = query.shape[0]
    W = T - L + 1
    if W * L * k <= 4_000_000:  # small: compare directly
        counts = np.zeros(W, dtype=np.int64)
        for j in range(L):
            counts += (bits[j:j + W] == query[j]).sum(axis=1)
        return counts
    # Large: with s = 2b - 1 in {-1, +1}, sum(s * q) = matches - mismatches, a cross-correlation per unit.
    n = 1 << int(math.ceil(math.log2(T + L - 1)))
    total = np.zeros(n // 2 + 1, dtype=np.complex128)
    for lo in range(0, k, _FFT_CHUNK_UNITS):
        s = 2.0 * bits[:, lo:lo + _FFT_CHUNK_UNITS] - 1.0
        q = 2.0 * query[::-1, lo:lo + _FFT_CHUNK_UNITS] - 1.0
        total += (np.fft.rfft(s, n, axis=0) * np.fft.rfft(q, n, axis=0)).sum(axis=1)
    agree = np.rint(np.fft.irfft(total, n)[L - 1:T]).astype(np.int64)
    return (L * k + agree) // 2


def pattern_search(values, start: int, end: int, units, threshold: float, top: int = 10) -> pd.DataFrame:
    """Other places where the chosen units switch on and off as they do over steps start..end (LSTMVis).

    The query is the on/off pattern (value >= threshold) of `units` over steps start..end (L steps). A
    window of L steps slides over all steps; its score is the fraction of the L x len(units) on/off bits
    that equal the query's (1.0: the same pattern). Windows overlapping the query are left out; the rest
    are taken greedily, best score first and earlier first among equals, each not overlapping one taken
    before, until `top` are found. Columns start, end (inclusive), score; empty when nothing fits.
    Bad steps, units, threshold or top -> ValueError naming the valid range.
    """
    v = _shaped(values)
    T, U = v.shape
    start, end = _step_range(start, end, T)
    units = _check_units(units, U)
    threshold = finite_number("threshold", threshold)
    top = check_int("top", top, 1, MAX_PATTERN_TOP)
    bits = _matrix(v[:, units]) >= threshold  # only the chosen units: a corpus reading has 250,000 steps
    L = end - start + 1
    all_counts = _match_counts(bits, bits[start:end + 1])
    starts, counts = np.arange(all_counts.size), all_counts
    outside = (starts + L - 1 < start) | (starts > end)
    starts, counts = starts[outside], counts[outside]
    taken: list[int] = []
    for w in starts[np.lexsort((starts, -counts))]:
        if all(w + L - 1 < p or w > p + L - 1 for p in taken):
            taken.append(int(w))
            if len(taken) == top:
                break
    return pd.DataFrame({"start": np.array(taken, dtype=np.int64),
                         "end": np.array(taken, dtype=np.int64) + L - 1,
                         "score": all_counts[np.array(taken, dtype=np.int64)] / (L * len(units))})


# --- 4. gate saturation ---------------------------------------------------------------------------------
def gate_saturation(trace, layer: int = 0, direction: int = 0, batch: int | None = None,
                    left: float = 0.1, right: float = 0.9) -> pd.DataFrame:
    """How often each gate unit is nearly shut (< left) or nearly fully open (> right).

    One row per gate unit: gate (i, f, o for an LSTM; r, z for a GRU; the candidates g and n are not
    gates), unit, left (the fraction of steps with a value < left), right (the fraction > right). A
    coupled LSTM's i (= 1 - f) is listed too. batch None pools every batch element's steps. A cell
    without gates (Elman or Jordan RNN) -> ValueError.
    """
    spec = trace.spec
    gates = [q for q in trace.quantities if q in GATE_QUANTITIES]
    if not gates:
        raise ValueError(f"a {spec.kind_label} has no gates: gate saturation needs an LSTM or a GRU")
    layer = check_int("layer", layer, 0, spec.num_layers - 1)
    direction = check_int("direction", direction, 0, spec.num_directions - 1)
    if batch is not None:
        batch = check_int("batch", batch, 0, trace.batch_size - 1)
    left, right = finite_number("left", left), finite_number("right", right)
    if not 0.0 <= left < right <= 1.0:
        raise ValueError(f"left and right must satisfy 0 <= left < right <= 1, got left={left}, right={right}")
    parts = []
    for q in gates:
        v = trace[q][layer, direction]  # (B, T, H)
        v = (v if batch is None else v[batch:batch + 1]).detach().cpu().numpy().astype(np.float64)
        v = v.reshape(-1, v.shape[-1])
        parts.append(pd.DataFrame({"gate": q, "unit": np.arange(v.shape[1]),
                                   "left": (v < left).mean(axis=0), "right": (v > right).mean(axis=0)}))
    return pd.concat(parts, ignore_index=True)


# --- 5. memory reach: how far back the output still listens ------------------------------------------
def reach_quantity(spec: ModelSpec, step: int, num_steps: int) -> str:
    """What memory_reach differentiates at `step`: "y" (the head's logits, summed) where the head reads
    that step (an every-step head, a Jordan network, or a many-to-one head at the last step), otherwise
    "h" (the top layer's output, both directions, summed)."""
    head = spec.head
    if head is not None and (head.every_step or step == num_steps - 1):
        return "y"
    return "h"


def _top_output(spec: ModelSpec, params: dict, xs: torch.Tensor) -> torch.Tensor:
    """The top layer's output (B, T, D*H_out): forward() with an identity head in place of the real one.

    forward() already runs every cell kind (torch's kernel for the native ones, the step equations of
    rnnviz.model.cells for the variants); multiplying by an identity matrix is exact, value and gradient.
    """
    width = spec.num_directions * spec.output_size
    plain = spec.replace(head=HeadSpec(width, "identity", every_step=True, bias=False))
    p = {k: v for k, v in params.items() if not k.startswith("head.")}
    p["head.weight"] = torch.eye(width, dtype=torch.float64)
    return forward(plain, p, xs)


# memory_reach's backward pass keeps ~16 KB a step (float64, autograd's graph): 2,000 steps ~ 33 MB.
MAX_REACH_STEPS = 2000


def memory_reach(net, x, step: int, *, full: bool = False) -> np.ndarray:
    """||d out_step / d x_s|| for every input step s: how strongly the output at `step` responds to each input.

    out_step is what reach_quantity names: the sum of the head's logits at `step` where the head reads
    that step, else the sum of the top layer's h at `step` (a many-to-one head reads only the last step).
    x: (T, input_size), or token ids (T,) for a network with an embedding (then the gradient is with respect to
    the embedded rows), the initial state zeros. Computed in float64 (the weights are copied to double) by
    one forward and one backward pass; exact zeros are real (float64 underflow), not rounding.

    Returns s = 0..step, shape (step + 1,), for a one-direction network: later inputs cannot reach back
    (their gradient is exactly 0). A bidirectional network's reverse direction reads the later steps too:
    then all T steps are returned, shape (T,). full=True returns all T for any network.
    """
    if not isinstance(net, Network):
        raise ValueError(f"memory_reach needs a Network, got {type(net).__name__}")
    spec = net.spec
    params = {k: v.double() for k, v in net.state_dict().items()}
    if spec.vocab_size:  # token ids: the inputs differentiated are the embedding rows the first layer reads
        ids, unbatched = coerce_token_ids(spec, x)
        if not unbatched:
            raise ValueError(f"memory reach reads one sequence: token ids of shape (T,), got {tuple(ids.shape)}")
        x = params.pop(EMBEDDING_WEIGHT)[ids[0]]
        spec = spec.replace(vocab_size=0)
    else:
        x = float64_sequence(x, spec.input_size)
    T = x.shape[0]
    step = check_int("step", step, 0, T - 1)
    read = T if (full or spec.bidirectional) else step + 1  # one direction: later inputs cannot reach back
    if read > MAX_REACH_STEPS:
        raise ValueError(f"memory reach differentiates through every step it reads, at most {MAX_REACH_STEPS:,} on a "
                         f"shared server; this one would read {read:,}: "
                         + ("choose a shorter sequence" if read == T else
                            f"choose a step before {MAX_REACH_STEPS:,} or a shorter sequence"))
    quantity = reach_quantity(spec, step, T)  # of the whole sequence: a many-to-one head reads only step T-1
    x = x[:read]
    xs = x[None].clone().requires_grad_(True)
    with torch.enable_grad():
        if quantity == "y":
            logits = forward(spec, params, xs)
            out = logits[0, step] if spec.head.every_step else logits[0]
        else:
            out = _top_output(spec, params, xs)[0, step]
        out.sum().backward()
    norms = xs.grad[0].norm(dim=-1).numpy().astype(np.float64)
    return norms if (full or spec.bidirectional) else norms[:step + 1]


def reach_length(norms, fraction: float = 0.01, step: int | None = None) -> int:
    """How many steps back the gradient stays at or above `fraction` of its value at the step itself.

    norms: memory_reach's output; step: the step it was taken at (default: the last entry, as
    memory_reach returns for a one-direction network). Counting back from the step, k steps are reached
    when norms[step - 1] .. norms[step - k] are all >= fraction * norms[step]; the answer is from 0 to
    step. A gradient of 0 at the step itself gives 0.
    """
    n = np.asarray(norms, dtype=np.float64)
    if n.ndim != 1 or n.size < 1:
        raise ValueError(f"norms must be a non-empty 1-D array, got shape {n.shape}")
    fraction = finite_number("fraction", fraction)
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be greater than 0 and at most 1, got {fraction}")
    step = n.size - 1 if step is None else check_int("step", step, 0, n.size - 1)
    reference = n[step]
    if not reference > 0 or not math.isfinite(reference):
        return 0
    back = n[step::-1]  # back[j]: j steps before the step
    below = np.flatnonzero(~(back >= fraction * reference))
    return int(below[0] - 1) if below.size else step
