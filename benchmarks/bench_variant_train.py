"""Training the variants torch has no kernel for: one forward + backward through the step equations.

    python benchmarks/bench_variant_train.py           # about a minute; --quick for a smoke run

The variants (peephole and coupled LSTM, identity RNN, Jordan, a bidirectional 2-layer peephole) train
through rnnviz.model.cells' step functions (rnnviz/learn/forward.py). Each case times forward(), a
cross-entropy loss and backward() against the same for a plain LSTM of the same size run by torch's
fused kernel, measured alternately in the same run: the ratio says what the step-by-step path costs over
the kernel. It was written to show that folding training's step loop into cells.run_layer_stepwise (the
trace's own loop) kept the speed (the issue note has the before/after).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rnnviz import HeadSpec, ModelSpec, Network  # noqa: E402
from rnnviz.learn.forward import forward  # noqa: E402

I, H, C, B, T = 8, 32, 4, 32, 50
CASES = [
    ("peephole LSTM", dict(cell="lstm", peephole=True)),
    ("coupled LSTM", dict(cell="lstm", coupled=True)),
    ("identity RNN", dict(cell="rnn", nonlinearity="identity")),
    ("Jordan", dict(cell="jordan")),
    ("peephole LSTM, 2 layers, bidirectional", dict(cell="lstm", peephole=True, num_layers=2, bidirectional=True)),
]


def _spec(cell: str, **flags) -> ModelSpec:
    return ModelSpec(cell, I, H, head=HeadSpec(I if cell == "jordan" else C), **flags)


def _params(spec: ModelSpec) -> dict:
    return {k: v.clone().requires_grad_(True) for k, v in Network(spec, seed=0).state_dict().items()}


def _seconds(spec: ModelSpec, params: dict, x, y, repeats: int) -> float:
    start = time.process_time()
    for _ in range(repeats):
        logits = forward(spec, params, x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1) % logits.shape[-1])
        loss.backward()
    return (time.process_time() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    rounds, repeats = (2, 3) if args.quick else (7, 10)
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(B, T, I, generator=gen), torch.randint(0, C, (B, T), generator=gen)
    print(f"torch {torch.__version__}, 1 thread; input {I}, hidden {H}, batch {B} x {T} steps; "
          f"CPU time per forward + backward, best of {rounds} alternating rounds of {repeats}")
    print(f"{'case':42s} {'variant ms':>11s} {'LSTM kernel ms':>15s} {'ratio':>6s}")
    for name, flags in CASES:
        spec = _spec(**flags)
        base = ModelSpec("lstm", I, H, num_layers=spec.num_layers, bidirectional=spec.bidirectional,
                         head=HeadSpec(spec.head.out_features))
        params, base_params = _params(spec), _params(base)
        _seconds(spec, params, x, y, 1), _seconds(base, base_params, x, y, 1)  # warm-up
        variant = kernel = float("inf")
        for _ in range(rounds):
            variant = min(variant, _seconds(spec, params, x, y, repeats))
            kernel = min(kernel, _seconds(base, base_params, x, y, repeats))
        print(f"{name:42s} {variant * 1e3:11.2f} {kernel * 1e3:15.2f} {variant / kernel:6.2f}")


if __name__ == "__main__":
    main()
