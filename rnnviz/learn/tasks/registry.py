"""The tasks by name: TASKS, their parameters (PARAMS, TEXT_PARAMS) and make_task, which checks them and
builds one."""
from __future__ import annotations

from dataclasses import dataclass

from rnnviz.checks import expect, finite, whole

from .counting import anbn_task, brackets_depth_task
from .csv_table import csv_task
from .digits import digits_task
from .synthetic import adding_task, copy_task, sines_task
from .task import Task
from .text import text_task

TASKS = ("text", "sines", "adding", "copy", "anbn", "brackets_depth", "digits", "csv")
# A data set's arrays together (x, y, masks, features and the held-out split): a session keeps its task and
# the runs trained on it, and the Train page's cache keeps a few, so one task stays small (issue 13's budget).
MAX_TASK_MB = 24


@dataclass(frozen=True)
class Param:
    """A tunable numeric parameter: a UI draws a number input from default / low / high (whole: integer)."""

    default: int | float
    low: int | float
    high: int | float
    whole: bool


PARAMS: dict[str, dict[str, Param]] = {
    "text": {"seq_len": Param(32, 2, 200, True)},  # characters per training window (not used for the poem)
    "sines": {
        "seq_len": Param(50, 5, 500, True),  # steps per sequence
        "sequences": Param(200, 10, 5000, True),  # number of sequences (20% are held out)
        "waves": Param(2, 1, 3, True),  # sines added together
        "noise": Param(0.0, 0.0, 1.0, False),  # standard deviation of the noise added to the inputs
    },
    "adding": {
        "seq_len": Param(30, 4, 500, True),  # steps per sequence
        "sequences": Param(1000, 10, 10_000, True),  # number of sequences (20% are held out)
    },
    "copy": {
        "symbols": Param(4, 2, 8, True),  # how many different symbols
        "length": Param(3, 1, 10, True),  # symbols to remember
        "delay": Param(5, 0, 50, True),  # blank steps between seeing and recalling
        "sequences": Param(500, 10, 10_000, True),  # number of sequences (20% are held out)
    },
    "anbn": {
        "max_n": Param(8, 2, 30, True),  # the longest string is a^max_n b^max_n
        "repeats": Param(1, 1, 20, True),  # copies of each string in the training set
    },
    "brackets_depth": {
        "seq_len": Param(40, 2, 200, True),  # characters per sequence
        "sequences": Param(200, 10, 2000, True),  # number of sequences (20% are held out)
        "max_depth": Param(4, 1, 8, True),  # deepest nesting
    },
    "digits": {},
    "csv": {"seq_len": Param(20, 2, 500, True)},  # rows (time steps) per window
}
# The text-valued parameters each task takes (documented in make_task); they are not in PARAMS.
TEXT_PARAMS: dict[str, tuple[str, ...]] = {"text": ("source", "text"), "csv": ("text", "target", "kind")}


def _check_params(key: str, params: dict) -> dict:
    numeric = PARAMS[key]
    texts = TEXT_PARAMS.get(key, ())
    unknown = [name for name in params if name not in numeric and name not in texts]
    if unknown:
        takes = list(numeric) + list(texts)
        raise ValueError(f"the {key} task takes " + (", ".join(takes) if takes else "no parameters (only seed)")
                         + f"; got unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    values = {name: p.default for name, p in numeric.items()}
    for name, value in params.items():
        if name in numeric:
            values[name] = _check_number(name, value, numeric[name])
        else:
            values[name] = value
    return values


def _check_number(name: str, value, p: Param):
    rng = f"from {p.low} to {p.high}"
    if p.whole:
        expect(whole(value) or (finite(value) and float(value).is_integer()),
               f"{name} must be a whole number {rng}, got {value!r}")
        value = int(value)
    else:
        expect(finite(value), f"{name} must be a number {rng}, got {value!r}")
        value = float(value)
    expect(p.low <= value <= p.high, f"{name} must be {rng}, got {value}")
    return value


_MAKERS = {"text": text_task, "sines": sines_task, "adding": adding_task, "copy": copy_task,
           "anbn": anbn_task, "brackets_depth": brackets_depth_task, "digits": digits_task, "csv": csv_task}


def make_task(key: str, *, seed: int = 0, **params) -> Task:
    """Build the task `key` (one of TASKS) with its parameters; deterministic for seed.

    Numeric parameters are listed with their defaults and ranges in PARAMS[key]. Text-valued ones:
    - text: source (one of TEXT_SOURCES, default "poem"); text (the text to learn, read only when
      source="pasted": 2 to 20,000 characters, at most 200 different ones).
    - csv: text (the CSV content, required), target (the column to predict, required), kind ("auto" |
      "regression" | "classes", default "auto").
    Any bad value raises ValueError saying what was expected and what was given.
    """
    expect(isinstance(key, str) and key in TASKS, f"unknown task {key!r}; choose one of {', '.join(TASKS)}")
    expect(whole(seed) and 0 <= seed < 2 ** 63, f"seed must be a whole number from 0 to 2**63-1, got {seed!r}")
    values = _check_params(key, params)
    task = _MAKERS[key](int(seed), values)
    _check_task_size(task, values)
    return task


def _check_task_size(task: Task, values: dict) -> None:
    """Refuse a data set past MAX_TASK_MB (made first: the generators are fast, and the size is exact)."""
    size = task.nbytes / 2 ** 20
    if size <= MAX_TASK_MB:
        return
    if "sequences" in values:
        fits = int(values["sequences"] * MAX_TASK_MB / size)
        hint = f"at most {fits:,} sequences of these fit, or make them shorter"
    elif "seq_len" in values:
        hint = "use shorter windows (seq_len) or fewer columns"
    else:
        hint = "use a smaller data set"
    raise ValueError(f"these settings make a data set of {size:.1f} MB; a session may hold at most {MAX_TASK_MB} MB "
                     f"on a shared server: {hint}")
