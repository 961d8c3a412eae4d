"""Training speed: rnnviz.learn.train against a hand-written PyTorch loop, same model, data and machine.

    python benchmarks/bench_train.py            # about a minute; --quick for a smoke run
    python benchmarks/bench_train.py --foreach  # the plain loop with Adam(foreach=True)

Both loops do the same work per step: LSTM + Linear forward, CrossEntropyLoss, backward, Adam step; the
app's loop also keeps the loss, the gradient norm and the correct count on-tensor for its per-epoch
history. The plain loop is the usual one (nn.LSTM + nn.Linear modules, optimizer.zero_grad(), a float loss
kept per epoch). Each case is timed in many short alternating runs (app, plain, app, plain, ...) of the
process's CPU time, and the best run of each counts: on a shared machine wall time mostly measures the
neighbours, and the minimum of short runs is the one least disturbed. Time per step is the slope between
a short and a long run, so one-off costs (train()'s checks and copying the weights in and out; the plain
loop's building of its modules) cancel out. The ratio is app / plain time per step.

The app's loop can beat the plain one on small networks: its optimizer steps one flat tensor holding all
the weights instead of one tensor per weight matrix (see FlatParameters in rnnviz/learn/train.py).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rnnviz import HeadSpec, ModelSpec, Network  # noqa: E402
from rnnviz.learn import TrainConfig, train  # noqa: E402

# (name, input_size, hidden, classes, B, T, batch_size): the course's per-step classifier (§7: LSTM(6, 32)
# + Linear(32, 2), windows of 5 steps) full batch and in minibatches, the poem model's size, and a longer
# sequence where the kernel's time dominates.
CASES = [
    ("course §7 LSTM(6,32), 256 windows x 5 steps, full batch", 6, 32, 2, 256, 5, None),
    ("course §7 LSTM(6,32), 256 windows x 5 steps, batch 32", 6, 32, 2, 256, 5, 32),
    ("poem-sized LSTM(28,12), 8 lines x 3 steps, full batch", 28, 12, 28, 8, 3, None),
    ("LSTM(16,64), 64 sequences x 100 steps, full batch", 16, 64, 4, 64, 100, None),
]


def data(I, C, B, T, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(B, T, I, generator=gen), torch.randint(0, C, (B, T), generator=gen)


FOREACH = None  # torch's default for CPU tensors: Adam's one-tensor-at-a-time implementation


def plain_loop(I, H, C, x, y, epochs, batch_size, seed=0):
    """What one writes by hand (per-step labels: logits (B*T, C) against (B*T,) targets)."""
    torch.manual_seed(seed)
    lstm, linear = nn.LSTM(I, H, batch_first=True), nn.Linear(H, C)
    optimizer = torch.optim.Adam(list(lstm.parameters()) + list(linear.parameters()), lr=0.01, foreach=FOREACH)
    criterion = nn.CrossEntropyLoss()
    B = x.shape[0]
    gen = torch.Generator().manual_seed(seed)
    start = time.process_time()
    losses = []
    for _ in range(epochs):
        total = 0.0
        batches = [(x, y)] if batch_size is None else [(x[i], y[i]) for i in
                                                       torch.randperm(B, generator=gen).split(batch_size)]
        for xb, yb in batches:
            optimizer.zero_grad()
            out, _ = lstm(xb)
            logits = linear(out)
            loss = criterion(logits.reshape(-1, C), yb.reshape(-1))
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        losses.append(total / B)
    return time.process_time() - start


def app_loop(I, H, C, x, y, epochs, batch_size, seed=0):
    net = Network(ModelSpec("lstm", I, H, head=HeadSpec(C)), seed)
    start = time.process_time()
    train(net, x, y, TrainConfig(epochs=epochs, lr=0.01, batch_size=batch_size, seed=seed))
    return time.process_time() - start


def steps_per_run(B, batch_size, epochs):
    return epochs * (1 if batch_size is None else -(-B // batch_size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and rounds (a smoke run)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch intra-op threads (default 1, as the app serves: see rnnviz/ui/runtime.py)")
    parser.add_argument("--foreach", action="store_true",
                        help="give the plain loop Adam(foreach=True), the multi-tensor implementation (a stronger "
                             "baseline than torch's CPU default)")
    args = parser.parse_args()
    global FOREACH
    FOREACH = True if args.foreach else None
    torch.set_num_threads(args.threads)
    rounds, target_seconds = (3, 0.05) if args.quick else (15, 0.12)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); CPU time of the process, "
          f"best of {rounds} alternating runs per length; plain loop's Adam: "
          f"{'foreach=True' if args.foreach else 'default'}")
    print(f"{'case':58s} {'app ms/step':>12s} {'plain ms/step':>14s} {'ratio':>6s}")
    ratios = []
    for name, I, H, C, B, T, bs in CASES:
        x, y = data(I, C, B, T)
        app_loop(I, H, C, x, y, 3, bs), plain_loop(I, H, C, x, y, 3, bs)  # warm-up
        per_epoch = min(plain_loop(I, H, C, x, y, 5, bs) for _ in range(3)) / 5
        long = max(8, min(5000, int(target_seconds / per_epoch)))
        short = max(2, long // 4)
        best = {}
        for _ in range(rounds):
            for loop in (app_loop, plain_loop):
                for epochs in (short, long):
                    seconds = loop(I, H, C, x, y, epochs, bs)
                    best[loop, epochs] = min(best.get((loop, epochs), float("inf")), seconds)
        steps = steps_per_run(B, bs, long) - steps_per_run(B, bs, short)
        app = (best[app_loop, long] - best[app_loop, short]) / steps
        plain = (best[plain_loop, long] - best[plain_loop, short]) / steps
        ratios.append(app / plain)
        print(f"{name:58s} {app * 1e3:12.3f} {plain * 1e3:14.3f} {app / plain:6.3f}")
    print(f"worst ratio {max(ratios):.3f} (app time / plain torch time per step; target <= 1.10)")


if __name__ == "__main__":
    main()
