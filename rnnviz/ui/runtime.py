"""Process-wide settings for serving many sessions from a small machine."""
from __future__ import annotations

import os

import torch

_configured = False


def configure_torch() -> None:
    """One intra-op thread per request: sessions run in parallel threads, so more would only contend."""
    global _configured
    if _configured:
        return
    torch.set_num_threads(int(os.environ.get("RNNVIZ_TORCH_THREADS", "1")))
    _configured = True
