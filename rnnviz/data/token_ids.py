"""Token ids typed as text, "3 1 4 1 5": the input a network with an embedding reads, before it knows words.

parse_token_ids turns the text into a (T,) int64 array or raises ValueError saying which part is not an id;
the network then checks each id against its vocabulary (rnnviz.model.embedding).
"""
from __future__ import annotations

import re

import numpy as np

from rnnviz.data.sequences import short
from rnnviz.model.spec import MAX_STEPS

MAX_ID_CHARS = 9  # a typed id with its sign; vocabularies stop at 50,000
_ID = re.compile(r"[+-]?\d{1," + str(MAX_ID_CHARS) + "}")


def parse_token_ids(text: str) -> np.ndarray:
    """Whole numbers separated by spaces or commas, one per step (full-width digits and commas read too)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("type the token ids as whole numbers separated by spaces, e.g. 3 1 4 1 5")
    if len(text) > (MAX_ID_CHARS + 1) * MAX_STEPS:  # bounded before it is split
        raise ValueError(f"the token ids typed are {len(text):,} characters long; at most {MAX_STEPS} ids "
                         f"are allowed ({short(text)})")
    parts = text.replace(",", " ").replace("，", " ").replace("、", " ").split()  # as a Chinese keyboard types
    if len(parts) > MAX_STEPS:
        raise ValueError(f"{len(parts):,} token ids were typed; at most {MAX_STEPS} steps are allowed")
    for k, part in enumerate(parts):
        if not _ID.fullmatch(part):
            raise ValueError(f"token {k} is {short(part)}; a token id is a whole number such as 0, 7 or 42")
    return np.array([int(p) for p in parts], dtype=np.int64)
