"""Training: the differentiable forward pass, the training loop, and using what was learned.

No streamlit here: the UI passes an on_epoch callback to draw progress and to stop.
"""
from .forward import forward, forward_with_state
from .train import History, TrainConfig, greedy_generate, train

__all__ = ["History", "TrainConfig", "forward", "forward_with_state", "greedy_generate", "train"]
