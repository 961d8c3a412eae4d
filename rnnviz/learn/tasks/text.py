"""The text task: next character of the course's poem, an English text, bracket text, or a pasted text."""
from __future__ import annotations

import numpy as np

from rnnviz.checks import expect
from rnnviz.data.builtin import ENGLISH_TEXT, POEM_LINES, bracket_text, parenthesis_depth, poem_dataset

from .building import one_hot, recommended
from .task import Task

TEXT_SOURCES = ("poem", "english", "brackets", "pasted")
MAX_TEXT_CHARS = 20_000
MAX_TEXT_SYMBOLS = 200
BRACKET_TEXT_LENGTH = 600


def text_task(seed: int, p: dict) -> Task:
    """Next character of a text. "poem" is the course's recipe as it is (poem_dataset(): 8 lines of 3 steps;
    seq_len is not used). Other texts are cut into windows of seq_len + 1 characters every seq_len characters,
    one-hot over the text's characters in order of first appearance; a last partial window is left out.
    features: "position" (t in the window), and "depth" for brackets (counted from the start of the text)."""
    source = p.get("source", "poem")
    expect(isinstance(source, str) and source in TEXT_SOURCES,
            f"source must be one of {', '.join(TEXT_SOURCES)}; got {source!r}")
    seq_len = p["seq_len"]
    if source == "poem":
        x, y, vocab = poem_dataset()
        B, T = y.shape
        return Task("text", x, y, "cross_entropy", len(vocab), "softmax", True, vocab=tuple(vocab),
                    classes=tuple(vocab), text="".join(POEM_LINES),  # no "\n": the vocabulary lacks it
                    features={"position": np.tile(np.arange(T, dtype=np.float32), (B, 1))},
                    recommended=recommended("rnn", 12, 100, 0.01, None, None, B, T),
                    params={"source": source, "seq_len": seq_len})
    if source == "english":
        text = ENGLISH_TEXT
    elif source == "brackets":
        text = bracket_text(BRACKET_TEXT_LENGTH, seed)
    else:
        text = p.get("text")
        expect(isinstance(text, str), f"source 'pasted' needs the text to learn: paste 2 to {MAX_TEXT_CHARS:,} "
                                       f"characters (got {type(text).__name__ if text is not None else 'no text'})")
        expect(len(text) >= 2, f"the pasted text must have at least 2 characters (one to read, one to predict); "
                                f"got {len(text)}")
        expect(len(text) <= MAX_TEXT_CHARS,
                f"the pasted text must have at most {MAX_TEXT_CHARS:,} characters; got {len(text):,}")
    vocab = tuple(dict.fromkeys(text))
    expect(len(vocab) <= MAX_TEXT_SYMBOLS, f"the text may use at most {MAX_TEXT_SYMBOLS} different characters; "
                                            f"it uses {len(vocab)}")
    index = {ch: k for k, ch in enumerate(vocab)}
    codes = np.array([index[ch] for ch in text], dtype=np.int64)
    N = len(text)
    if N >= seq_len + 1:
        T, starts = seq_len, np.arange((N - 1) // seq_len) * seq_len
    else:
        T, starts = N - 1, np.array([0])
    windows = codes[starts[:, None] + np.arange(T + 1)]  # (B, T + 1)
    x, y = one_hot(windows[:, :-1], len(vocab)), windows[:, 1:].copy()
    B = len(starts)
    features = {"position": np.tile(np.arange(T, dtype=np.float32), (B, 1))}
    if source == "brackets":
        depth = parenthesis_depth(text).astype(np.float32)
        features["depth"] = depth[starts[:, None] + np.arange(T)]
    hidden = 64 if len(vocab) > 10 else 32
    return Task("text", x, y, "cross_entropy", len(vocab), "softmax", True, vocab=vocab, classes=vocab, text=text,
                features=features, recommended=recommended("lstm", hidden, 200, 0.01, None, 1.0, B, T),
                params={"source": source, "seq_len": seq_len})
