"""Process-wide settings for serving many sessions from a small machine."""
from __future__ import annotations

import os
import threading

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
