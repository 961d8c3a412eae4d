"""Course §1 made real: a tiny Elman RNN learns slots, a feed-forward tagger of the same size cannot.

    taggers = train_slot_taggers(slot_dataset(EXAMPLES, SLOTS))
    slot_probabilities(taggers.rnn, taggers.data, "arrive Taipei on November 2nd".split())   # (5, slots)

The feed-forward baseline is the *same* network (Elman RNN + softmax head, same size, same initial
weights) trained on every word as a sequence of its own, and then given recurrent weights of 0. With
weight_hh = 0, h_t = tanh(W_ih x_t + b) depends on x_t alone: that is exactly a one-hidden-layer
feed-forward classifier applied word by word (during training h_0 = 0, so weight_hh never acted and got
no gradient). It therefore gives "Taipei" the same probabilities in every sentence; the best it can
learn is how often Taipei was a destination in the training data.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnviz.data.slots import SlotDataset
from rnnviz.model.network import Network
from rnnviz.model.spec import HeadSpec, ModelSpec

from .train import History, TrainConfig, train

__all__ = ["SlotTaggers", "train_slot_taggers", "slot_probabilities", "per_word_dataset", "tagger_spec"]

MAX_TAGGER_HIDDEN = 64


@dataclass
class SlotTaggers:
    data: SlotDataset
    rnn: Network
    feed_forward: Network
    rnn_history: History
    feed_forward_history: History


def tagger_spec(data: SlotDataset, hidden_size: int) -> ModelSpec:
    """An Elman RNN over the one-hot words with a softmax over the slots at every step."""
    if not isinstance(hidden_size, int) or isinstance(hidden_size, bool) or not 1 <= hidden_size <= MAX_TAGGER_HIDDEN:
        raise ValueError(f"hidden_size must be a whole number from 1 to {MAX_TAGGER_HIDDEN}, got {hidden_size!r}")
    return ModelSpec("rnn", data.input_size, hidden_size, head=HeadSpec(len(data.slots), "softmax"))


def per_word_dataset(data: SlotDataset) -> tuple[np.ndarray, np.ndarray]:
    """Every real word of every sentence as a one-step sequence: x (N, 1, V + 1), y (N, 1)."""
    return data.x[data.mask][:, None, :], data.y[data.mask][:, None]


def train_slot_taggers(data: SlotDataset, hidden_size: int = 8, epochs: int = 150, lr: float = 0.05,
                       seed: int = 0) -> SlotTaggers:
    """Train the RNN on whole sentences and the feed-forward baseline on single words (deterministic)."""
    spec = tagger_spec(data, hidden_size)
    config = TrainConfig(epochs=epochs, lr=lr, seed=seed)
    rnn = Network(spec, seed=seed)
    rnn_history = train(rnn, data.x, data.y, config, mask=torch.as_tensor(data.mask))
    feed_forward = Network(spec, seed=seed)
    x_words, y_words = per_word_dataset(data)
    ff_history = train(feed_forward, x_words, y_words, config)
    weights = feed_forward.state_dict()
    weights["weight_hh_l0"] = torch.zeros_like(weights["weight_hh_l0"])  # no memory: h_t depends on x_t only
    feed_forward.load_state_dict(weights)
    return SlotTaggers(data, rnn, feed_forward, rnn_history, ff_history)


def slot_probabilities(net: Network, data: SlotDataset, words) -> np.ndarray:
    """(len(words), len(slots)): the softmax head's output at every word of the sentence."""
    words = list(words)
    if not words:
        raise ValueError("give at least one word")
    return net.trace(data.encode(words))["y"][0].numpy()
