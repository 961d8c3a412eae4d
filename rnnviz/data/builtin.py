"""Texts that ship with the app (no downloads): the course's poem, a short English text, brackets."""
from __future__ import annotations

import numpy as np

# Cao Cao, "Short Song" (短歌行), the eight four-character lines the course trains on (§7).
POEM_LINES = ("对酒当歌", "人生几何", "譬如朝露", "去日苦多", "慨当以慷", "忧思难忘", "何以解忧", "唯有杜康")

# A short public-domain English text (the opening of Lewis Carroll's "Alice's Adventures in Wonderland").
ENGLISH_TEXT = (
    "alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: "
    "once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations "
    "in it, 'and what is the use of a book,' thought alice 'without pictures or conversations?' so she was "
    "considering in her own mind (as well as she could, for the hot day made her feel very sleepy and stupid), "
    "whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking the "
    "daisies, when suddenly a white rabbit with pink eyes ran close by her."
)


def poem_vocabulary() -> list[str]:
    """The poem's distinct characters in order of first appearance (the one-hot order)."""
    seen: dict[str, None] = {}
    for line in POEM_LINES:
        for ch in line:
            seen.setdefault(ch, None)
    return list(seen)


def poem_dataset() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """x (8, 3, V) one-hot of each line without its last character; y (8, 3) the next characters' indices."""
    vocab = poem_vocabulary()
    index = {ch: k for k, ch in enumerate(vocab)}
    x = np.zeros((len(POEM_LINES), 3, len(vocab)), dtype=np.float32)
    y = np.zeros((len(POEM_LINES), 3), dtype=np.int64)
    for n, line in enumerate(POEM_LINES):
        for t in range(3):
            x[n, t, index[line[t]]] = 1.0
            y[n, t] = index[line[t + 1]]
    return x, y, vocab


def bracket_text(length: int, seed: int = 0, max_depth: int = 6) -> str:
    """A random balanced bracket string with letters between: a language whose state is a depth counter."""
    rng = np.random.default_rng(seed)
    out, depth = [], 0
    while len(out) < length:
        choice = rng.random()
        if depth < max_depth and choice < 0.3:
            out.append("(")
            depth += 1
        elif depth > 0 and choice < 0.6:
            out.append(")")
            depth -= 1
        else:
            out.append("abc"[rng.integers(3)])
    return "".join(out[:length])


def parenthesis_depth(text: str) -> np.ndarray:
    """Nesting depth of ( ) after each character (what a counting unit should track); the Interpret page's
    "bracket_depth" feature counts every kind of bracket (rnnviz.learn.interpret)."""
    depth, out = 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        out.append(depth)
    return np.asarray(out)
