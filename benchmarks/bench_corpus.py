"""Interpretation at corpus scale: the pretrained python-code model over its 246,167 held-out characters.

    python benchmarks/bench_corpus.py            # about a minute on one core

Baselines measured in the same run, on one torch thread (as the app runs):
- reading: learn.long_text.read_long (every gate and state recorded chunk by chunk, c and h kept as float16,
  saturation counted) against torch's own nn.Embedding -> nn.LSTM -> nn.Linear over the same ids in the same
  chunks, carrying the state (what a plain forward pass costs);
- unit finder: LongReading.rank_units (float64 sums in row blocks), first call (column moments made) and later
  calls, against one float64 product feature @ values of the same size;
- pattern search over every step, against issue 17's bound of 1 s;
- the text view's HTML for one window, against its bound of 1 MB.
"""
from __future__ import annotations

import pathlib
import sys
import time

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from rnnviz import pretrained  # noqa: E402
from rnnviz.learn import interpret  # noqa: E402
from rnnviz.learn.long_text import chunk_steps, read_long  # noqa: E402
from rnnviz.viz.interpret_figures import text_heat_html  # noqa: E402

WINDOW = 3000  # the Interpret page's text view (ui/interpret_view.py TEXT_WINDOW)


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def torch_forward(net, ids: torch.Tensor, starts: list[int], chunk: int) -> None:
    embedding, lstm, head = net.to_torch()
    bounds = sorted({0, len(ids), *starts})
    with torch.no_grad():
        for a, b in zip(bounds, bounds[1:]):
            state = None
            for lo in range(a, b, chunk):
                out, state = lstm(embedding(ids[lo:min(b, lo + chunk)])[None], state)
                head(out)


def main() -> None:
    torch.set_num_threads(1)
    net, vocab = pretrained.load()
    text, starts = pretrained.held_out_text()
    ids = torch.tensor(vocab.encode_long(text), dtype=torch.long)
    chunk = chunk_steps(net.spec)
    print(f"{len(text):,} characters, chunks of {chunk:,} steps, {torch.get_num_threads()} torch thread")

    base = best_of(lambda: torch_forward(net, ids, starts, chunk), 2)
    holder = {}
    took = best_of(lambda: holder.update(r=read_long(net, ids, text, starts=starts)), 2)
    reading = holder["r"]
    print(f"reading      {took:7.2f} s   torch forward {base:6.2f} s   ratio {took / base:5.2f}   "
          f"kept {reading.nbytes / 1e6:.0f} MB (c and h, float16)")

    feature = reading.feature("in_string")
    values = reading.values("c")
    product = best_of(lambda: feature @ values.astype(np.float64))
    started = time.perf_counter()
    reading.rank_units(feature, "c")
    first = time.perf_counter() - started
    later = best_of(lambda: reading.rank_units(reading.feature("code_depth"), "c"))
    print(f"unit finder  {first:7.2f} s first, {later:.2f} s later   one float64 product {product:.2f} s   "
          f"ratios {first / product:5.2f}, {later / product:5.2f}")

    best = reading.rank_units(feature, "c")["unit"].iloc[:5].astype(int).tolist()
    at = int(np.flatnonzero(np.diff(feature) > 0)[100])  # the 100th string literal's opening quote
    search = best_of(lambda: interpret.pattern_search(values, at, at + 7, best, 0.0))
    print(f"pattern search over {len(text):,} steps, 5 units x 8 steps: {search:.3f} s   "
          f"ratio to the 1 s bound {search:.2f}")

    window = text_heat_html(text[:WINDOW], values[:WINDOW, best[0]].astype(np.float64), "c", max_chars=WINDOW)
    size = len(window.encode())
    print(f"text view    one window of {WINDOW:,} characters: {size / 1e3:.0f} KB   ratio to the 1 MB bound "
          f"{size / 1e6:.2f}")


if __name__ == "__main__":
    main()
