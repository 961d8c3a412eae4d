"""Process-wide settings for serving many sessions from a small machine."""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager

import torch

_configured = False


def _warm_up_optimizers() -> None:
    """A torch optimizer's first step in a process costs ~1.8 s (torch imports its compiler machinery then);
    paying it in the background at start-up keeps it out of the first learner's training run."""
    weight = torch.nn.Parameter(torch.zeros(2))
    for make in (torch.optim.Adam, torch.optim.SGD, torch.optim.RMSprop):
        weight.grad = torch.ones(2)
        make([weight], lr=0.1).step()


def configure_torch() -> None:
    """One intra-op thread per request: sessions run in parallel threads, so more would only contend."""
    global _configured
    if _configured:
        return
    torch.set_num_threads(int(os.environ.get("RNNVIZ_TORCH_THREADS", "1")))
    threading.Thread(target=_warm_up_optimizers, name="rnnviz-warm-up", daemon=True).start()
    _configured = True


_run_log_lock = threading.Lock()


@contextmanager
def timed_run(page_name: str):
    """With RNNVIZ_RUN_LOG=<file> (the load test sets it), append one line per script run: its end (epoch
    seconds), page, wall ms (including any wait for the interpreter lock) and this thread's CPU ms.
    Without it, nothing happens."""
    path = os.environ.get("RNNVIZ_RUN_LOG")
    if not path:
        yield
        return
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        line = (f"{time.time():.3f} {page_name} {(time.perf_counter() - wall) * 1000:.1f} "
                f"{(time.thread_time() - cpu) * 1000:.1f}\n")
        with _run_log_lock, open(path, "a", encoding="utf-8") as log:
            log.write(line)
