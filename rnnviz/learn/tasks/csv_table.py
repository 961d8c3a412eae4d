"""The csv task: an uploaded table, one row per time step, one column to predict at every step."""
from __future__ import annotations

import math

import numpy as np

from rnnviz.checks import expect
from rnnviz.data.csv_text import CsvError, read_csv
from rnnviz.data.sequences import FLOAT32_MAX

from .building import recommended, split_count
from .task import Task

CSV_KINDS = ("auto", "regression", "classes")
MAX_CSV_ROWS = 20_000
MAX_CSV_COLUMNS = 200
MAX_CSV_CELLS = 1_000_000  # rows x columns read as text before parsing (e.g. 20,000 rows of 50 columns)
MAX_CSV_CLASSES = 100  # a classes target with more distinct values is refused
CSV_AUTO_CLASSES = 20  # auto: whole numbers with at most this many distinct values are classes


def csv_columns(text: str) -> list[str]:
    """The column names in a CSV's header, read without the rows after it: the Train page asks on every rerun,
    and an upload may hold millions of lines."""
    try:
        header, _ = _csv_header(text)
    except CsvError as err:
        raise ValueError(f"the CSV's header row cannot be read: {err.reason}") from None
    names = [name for name in header if name]
    expect(bool(names), "the CSV's first row must name the columns; it holds only commas")
    return names


def _csv_header(text: str):
    """The header's column names and the data rows after it (rnnviz.data.csv_text.read_csv, not yet read); a
    first row that holds numbers is refused: the csv task needs names to choose its target by."""
    header, rows = read_csv(text, strict=True)  # strict: an unclosed quote is an error, not part of a cell
    if header is None:
        first = next(rows, None)
        expect(first is not None,
               "the CSV is empty; expected a header row of column names, then one row per time step")
        cells = [cell.strip() for cell in first.cells]
        raise ValueError(f"the CSV's first row must be a header of column names; it holds numbers "
                         f"({', '.join(cells[:5])})")
    return [name.strip() for name in header], rows


def _csv_rows(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """(header, data rows with their cells stripped, the line each row ends on); reading stops at the first row
    past MAX_CSV_ROWS or MAX_CSV_CELLS."""
    header, rows = _csv_header(text)
    data, lines, cells = [], [], len(header)
    for line, row in rows:
        data.append([cell.strip() for cell in row])
        lines.append(line)
        expect(len(data) <= MAX_CSV_ROWS, f"the CSV may have at most {MAX_CSV_ROWS:,} data rows; it has more")
        cells += len(row)
        expect(cells <= MAX_CSV_CELLS + MAX_CSV_COLUMNS,  # the header's cells do not count
               f"the CSV has more than {MAX_CSV_CELLS:,} cells; a session may read at most {MAX_CSV_CELLS:,} on a "
               f"shared server (e.g. {MAX_CSV_ROWS:,} rows of {MAX_CSV_CELLS // MAX_CSV_ROWS} columns, or fewer rows)")
    return header, data, lines


def _check_table(header: list[str], rows: list[list[str]], lines: list[int], target) -> str:
    """The target's name, once the header names distinct columns, the target among them, and every row fits."""
    expect(len(header) <= MAX_CSV_COLUMNS, f"the CSV may have at most {MAX_CSV_COLUMNS} columns; it has {len(header)}")
    unnamed = [j + 1 for j, name in enumerate(header) if not name]
    expect(not unnamed, f"every column needs a name in the header row; column{'s' * (len(unnamed) > 1)} "
                         f"{', '.join(map(str, unnamed))} {'have' if len(unnamed) > 1 else 'has'} none")
    twice = sorted({name for name in header if header.count(name) > 1})
    expect(not twice, f"column names must differ; {', '.join(map(repr, twice))} appear more than once")
    expect(len(header) >= 2, f"the CSV needs a target column and at least one feature column; it has only "
                              f"{header[0]!r}")
    expect(isinstance(target, str) and target.strip() in header,
            f"target must name one of the CSV's columns ({', '.join(map(repr, header))}); got {target!r}")
    expect(len(rows) >= 2, f"the CSV needs at least 2 data rows (time steps) after the header; it has {len(rows)}")
    for row, line in zip(rows, lines):
        expect(len(row) == len(header), f"line {line} has {len(row)} cells; the header has {len(header)} columns")
    return target.strip()


def _numbers(columns: dict[str, list[str]], feature_names: list[str], target: str, lines: list[int]):
    """(float64 values of each feature column, of the target or None when it holds text, the target's first text
    cell as (line, cell)); an empty cell anywhere, a feature cell that is not a number or one no float32 holds
    is refused, naming its line and column."""
    for name in columns:  # an empty cell is named before anything else is said about its column
        if "" in columns[name]:
            k = columns[name].index("")
            raise ValueError(f"line {lines[k]}, column {name!r} is empty; every cell needs a value")
    parsed, not_numbers = {}, []
    for name in feature_names:
        values, bad = _parse_column(columns[name], lines)
        if values is None:
            not_numbers.append((name, bad))
        parsed[name] = values
    if not_numbers:
        name, (line, cell) = not_numbers[0]
        raise ValueError(f"the feature columns must hold numbers only; {', '.join(repr(n) for n, _ in not_numbers)} "
                         f"{'do' if len(not_numbers) > 1 else 'does'} not (e.g. line {line}, column {name!r} holds "
                         f"{cell!r}). Remove {'them' if len(not_numbers) > 1 else 'it'} or choose "
                         f"{'one' if len(not_numbers) > 1 else 'it'} as the target")
    for name in feature_names:
        _check_cells(parsed[name], columns[name], lines, name)
    t_values, t_bad = _parse_column(columns[target], lines)
    if t_values is not None:
        _check_cells(t_values, columns[target], lines, target)
    return parsed, t_values, t_bad


def _parse_column(cells: list[str], lines: list[int]):
    """float64 values of a column, or (None, the first cell that is not a number and its line)."""
    try:
        return np.array(cells, dtype=np.float64), None
    except ValueError:
        pass
    values = np.empty(len(cells))
    for k, cell in enumerate(cells):
        try:
            values[k] = float(cell)
        except ValueError:
            return None, (lines[k], cell)
    return values, None


def _check_cells(values: np.ndarray, cells: list[str], lines: list[int], name: str) -> None:
    """Refuse NaN, infinity and numbers beyond float32 (a network stores float32), naming the first such cell."""
    bad = ~np.isfinite(values) | (np.abs(values) > FLOAT32_MAX)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        if math.isfinite(values[k]):
            raise ValueError(f"line {lines[k]}, column {name!r} holds {cells[k]!r}, beyond the largest number a "
                             f"network stores (±{FLOAT32_MAX:.3g})")
        raise ValueError(f"line {lines[k]}, column {name!r} holds {cells[k]!r}; every cell needs a finite number "
                         "(no NaN or infinity)")


def _target_kind(kind: str, t_values: np.ndarray | None, t_bad, target: str) -> str:
    """"classes" or "regression": text labels are classes; auto makes a few whole numbers classes too."""
    if t_values is None:
        expect(kind != "regression", f"a regression target must hold numbers; column {target!r} does not "
                                      f"(line {t_bad[0]} holds {t_bad[1]!r})")
        return "classes"
    if kind == "auto":
        distinct = np.unique(t_values)
        whole = bool(np.all(np.floor(t_values) == t_values))
        return "classes" if whole and len(distinct) <= CSV_AUTO_CLASSES else "regression"
    return kind


def _classes(labels: list[str] | None, t_values: np.ndarray | None, target: str):
    """(class index per row, class names, the raw target per row as the feature shows it)."""
    if labels is not None:
        names = sorted(set(labels))
        lookup = {name: k for k, name in enumerate(names)}
        codes = np.array([lookup[v] for v in labels], dtype=np.int64)
        raw = codes.astype(np.float32)
    else:
        distinct = np.unique(t_values)
        names = [_class_name(v) for v in distinct]
        codes = np.searchsorted(distinct, t_values).astype(np.int64)
        raw = t_values.astype(np.float32)
    expect(2 <= len(names) <= MAX_CSV_CLASSES,
            f"a classes target needs from 2 to {MAX_CSV_CLASSES} different values; column {target!r} has "
            f"{len(names)}" + (" (choose kind 'regression' for a number to predict)"
                                  if labels is None and len(names) > 2 else ""))
    return codes, names, raw


def _class_name(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def csv_task(seed: int, p: dict) -> Task:
    """Predict the column `target` at every step from all the others (numbers only), standardized with the
    training rows' mean and standard deviation (task.input_mean / input_std; target_mean / target_std for a
    regression target). kind "auto": classes for text labels or at most CSV_AUTO_CLASSES whole numbers, else
    regression. Windows of seq_len rows; with at least 5 windows the last 20% are held out."""
    text, target, kind, L = p.get("text"), p.get("target"), p.get("kind", "auto"), p["seq_len"]
    expect(isinstance(kind, str) and kind in CSV_KINDS, f"kind must be one of {', '.join(CSV_KINDS)}; got {kind!r}")
    given = "an empty text" if isinstance(text, str) else "no text" if text is None else type(text).__name__
    expect(isinstance(text, str) and text.strip() != "",
            "the csv task needs the CSV's content as text: a header row of column names, then one row per "
            f"time step (got {given})")
    header, rows, lines = _csv_rows(text)
    target = _check_table(header, rows, lines, target)
    feature_names = [name for name in header if name != target]
    columns = {name: [row[j] for row in rows] for j, name in enumerate(header)}
    parsed, t_values, t_bad = _numbers(columns, feature_names, target, lines)
    kind = _target_kind(kind, t_values, t_bad, target)

    N = len(rows)
    if N >= L:
        T, B = L, N // L
    else:
        T, B = N, 1
    used = B * T
    n_test = split_count(B) if B >= 5 else 0
    cut = B - n_test
    train_rows = cut * T

    feats = np.stack([parsed[name][:used] for name in feature_names], axis=1)  # (used, F) float64
    mean = feats[:train_rows].mean(0)
    std = feats[:train_rows].std(0)
    scale = np.where(std > 0, std, 1.0)
    x = ((feats - mean) / scale).astype(np.float32).reshape(B, T, len(feature_names))
    expect(bool(np.isfinite(x).all()), "after standardizing, some feature values are too large to store; "
                                        "rescale the columns")
    target_mean = target_std = None
    if kind == "classes":
        codes, names, raw = _classes(columns[target] if t_values is None else None, t_values, target)
        y = codes[:used].reshape(B, T)
        loss, out, act, classes = "cross_entropy", len(names), "softmax", tuple(names)
    else:
        t_mean = float(t_values[:train_rows].mean())
        t_std = float(t_values[:train_rows].std())
        t_scale = t_std if t_std > 0 else 1.0
        y = ((t_values[:used] - t_mean) / t_scale).astype(np.float32).reshape(B, T, 1)
        expect(bool(np.isfinite(y).all()), "after standardizing, some target values are too large to store; "
                                            "rescale the target column")
        raw = t_values.astype(np.float32)
        target_mean, target_std = t_mean, t_scale
        loss, out, act, classes = "mse", 1, "identity", None
    raw = raw[:used].reshape(B, T)
    split = dict(x_test=x[cut:], y_test=y[cut:], features_test={"target": raw[cut:]}) if n_test else {}
    return Task("csv", x[:cut], y[:cut], loss, out, act, True, classes=classes, features={"target": raw[:cut]},
                recommended=recommended("lstm", 32, 100, 0.01, None if cut <= 64 else 32, 1.0, cut, T),
                input_names=tuple(feature_names), input_mean=mean.astype(np.float32),
                input_std=scale.astype(np.float32), target_mean=target_mean, target_std=target_std,
                params={"seq_len": L, "target": target, "kind": kind}, **split)
