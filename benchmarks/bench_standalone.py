"""The standalone page (rnnviz.standalone_html): its size and build time, from the app's default view to the caps.

    python benchmarks/bench_standalone.py

The baseline, measured in the same run, is what every page carries whatever it shows: plotly.js, KaTeX (fonts as
data: URLs), stepper.js and stepper.css. Issue 18's bounds: at most 5 MB for the default view, under 10 MB at the
caps (20,000 steps, or 512 units: a session records at most 4,000,000 values).
"""
from __future__ import annotations

import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from rnnviz import ModelSpec, Network, standalone_html  # noqa: E402
from rnnviz.ui.state import View  # noqa: E402
from rnnviz.web import (  # noqa: E402
    PLOTLY_BUNDLE,
    katex_css,  # noqa: E402
    read,
    vendored,
)

MB = 1_000_000


def fixed_bytes() -> int:
    parts = (vendored(PLOTLY_BUNDLE).read_text(encoding="utf-8"), vendored("katex/katex.min.js").read_text(),
             katex_css(), read("stepper.js"), read("stepper.css"))
    return sum(len(p.encode("utf-8")) for p in parts)


def cases():
    view = View()
    yield "the app's default view", Network(view.spec, seed=view.seed), view.sequence.array(view.spec.input_size), \
        5 * MB
    g = torch.Generator().manual_seed(0)
    yield "LSTM 32 units x 20,000 steps", Network(ModelSpec("lstm", 8, 32), seed=0), \
        torch.randn(20_000, 8, generator=g), 10 * MB
    yield "LSTM 512 units x 1,302 steps", Network(ModelSpec("lstm", 8, 512), seed=0), \
        torch.randn(1302, 8, generator=g), 10 * MB
    yield "GRU 3 layers x 64 units x 2,000 steps, bidirectional", \
        Network(ModelSpec("gru", 8, 64, num_layers=3, bidirectional=True), seed=0), torch.randn(2000, 8, generator=g), \
        10 * MB


def main() -> None:
    torch.set_num_threads(1)
    base = fixed_bytes()
    print(f"baseline: plotly.js + KaTeX + stepper, inline: {base / MB:.2f} MB")
    print(f"{'case':<55}{'MB':>7}{'x base':>8}{'bound':>7}{'seconds':>9}")
    for name, net, x, bound in cases():
        trace = net.trace(x)
        started = time.perf_counter()
        size = len(standalone_html(trace, step=trace.num_steps // 2).encode("utf-8"))
        seconds = time.perf_counter() - started
        verdict = "ok" if size <= bound else "OVER"
        print(f"{name:<55}{size / MB:>7.2f}{size / base:>8.2f}{bound / MB:>6.0f} {seconds:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
