"""A vocabulary: tokens <-> ids, for networks whose input stage is an embedding.

Read from what tokenizers export (one token per line, or JSON {token: id}), split text into characters or
words, and say which tokens it does not know instead of guessing."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from rnnviz.checks import expect

MAX_VOCAB_BYTES = 5_000_000  # a vocabulary file (50k-word tokenizer exports are about 1 MB)
MAX_TOKENS = 200_000
MAX_TEXT_CHARS = 200_000  # text encoded in one call
SPLITS = ("chars", "words")
_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class UnknownTokens(ValueError):
    """Text holds tokens the vocabulary does not have (the message names them)."""

    def __init__(self, unknown: list[str]):
        self.unknown = unknown
        shown = ", ".join(repr(t) for t in unknown[:8]) + (f" and {len(unknown) - 8} more" if len(unknown) > 8 else "")
        super().__init__(f"{len(unknown)} token(s) are not in the vocabulary: {shown}")


@dataclass(frozen=True)
class Vocabulary:
    """tokens[i] is id i. unknown: the token that stands for any other (None: unknown tokens are an error)."""

    tokens: tuple[str, ...]
    split: str = "chars"
    unknown: str | None = None
    _ids: dict = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        expect(isinstance(self.tokens, tuple) and all(isinstance(t, str) for t in self.tokens),
               "a vocabulary's tokens must be a tuple of strings")
        expect(1 <= len(self.tokens) <= MAX_TOKENS,
               f"a vocabulary must have 1 to {MAX_TOKENS:,} tokens, got {len(self.tokens):,}")
        expect(self.split in SPLITS, f"split must be one of {', '.join(SPLITS)}; got {self.split!r}")
        ids = {}
        for i, token in enumerate(self.tokens):
            expect(token not in ids, f"token {token!r} appears twice in the vocabulary (ids {ids.get(token)} and {i})")
            ids[token] = i
        expect(self.unknown is None or self.unknown in ids,
               f"the unknown token {self.unknown!r} is not one of the vocabulary's tokens")
        object.__setattr__(self, "_ids", ids)

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token) -> bool:
        return token in self._ids

    def tokenize(self, text: str) -> list[str]:
        """text split into this vocabulary's tokens (characters, or words and punctuation marks)."""
        expect(isinstance(text, str), f"text must be a string, got {type(text).__name__}")
        expect(len(text) <= MAX_TEXT_CHARS, f"text is {len(text):,} characters; at most {MAX_TEXT_CHARS:,} at a time")
        return list(text) if self.split == "chars" else _WORD.findall(text)

    def encode(self, text: str) -> list[int]:
        """Token ids of text. Tokens not in the vocabulary become the unknown token or raise UnknownTokens."""
        tokens = self.tokenize(text)
        fallback = self._ids.get(self.unknown) if self.unknown is not None else None
        ids, missing = [], {}
        for token in tokens:
            i = self._ids.get(token, fallback)
            if i is None:
                missing.setdefault(token, None)
            ids.append(i)
        if missing:
            raise UnknownTokens(list(missing))
        return ids

    def encode_long(self, text: str) -> list[int]:
        """encode without the length bound: for texts the code itself ships (a corpus), not for typed input."""
        expect(isinstance(text, str), f"text must be a string, got {type(text).__name__}")
        fallback = self._ids.get(self.unknown) if self.unknown is not None else None
        tokens = list(text) if self.split == "chars" else _WORD.findall(text)
        ids = [self._ids.get(token, fallback) for token in tokens]
        if fallback is None and None in ids:
            raise UnknownTokens(list(dict.fromkeys(t for t in tokens if t not in self._ids)))
        return ids

    def unknown_in(self, text: str) -> list[str]:
        """The distinct tokens of text this vocabulary does not have, in order of first appearance."""
        return list(dict.fromkeys(t for t in self.tokenize(text) if t not in self._ids))

    def decode(self, ids) -> str:
        """The text of token ids (words joined by spaces)."""
        out = []
        for i in ids:
            expect(isinstance(i, int) and 0 <= i < len(self.tokens),
                   f"token ids must be whole numbers from 0 to {len(self.tokens) - 1}, got {i!r}")
            out.append(self.tokens[i])
        return ("" if self.split == "chars" else " ").join(out)

    def to_json(self) -> str:
        return json.dumps({"tokens": list(self.tokens), "split": self.split, "unknown": self.unknown},
                          ensure_ascii=False)


def read_vocabulary(data: bytes, split: str = "chars", unknown: str | None = None) -> Vocabulary:
    """A vocabulary from a file: JSON {token: id} (ids 0..n-1), a JSON list, rnnviz's own JSON, a Hugging Face
    tokenizer.json, or one token per line."""
    expect(isinstance(data, (bytes, bytearray)), "a vocabulary file is read as bytes")
    expect(len(data) <= MAX_VOCAB_BYTES, f"a vocabulary file is at most {MAX_VOCAB_BYTES // 1_000_000} MB; "
                                         f"this one is {len(data) / 1e6:.1f} MB")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"a vocabulary file must be UTF-8 text; byte {err.start} is not") from None
    expect(text.strip() != "", "the vocabulary file is empty: expected one token per line or JSON {token: id}")
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"the vocabulary looks like JSON but is not valid JSON: {err.msg} "
                             f"(line {err.lineno}, column {err.colno})") from None
        return _from_json(obj, split, unknown)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tokens = [line[:-1] if line.endswith("\r") else line for line in lines]
    # An empty line is the newline character's own entry in character vocabularies written one per line.
    tokens = ["\n" if t == "" else t for t in tokens]
    return Vocabulary(tuple(tokens), split=split, unknown=_known(unknown, tokens))


def _known(unknown, tokens) -> str | None:
    """unknown if the vocabulary has it; a common tokenizer's unknown token when it has one of those."""
    if unknown is not None:
        return unknown
    return next((t for t in ("<unk>", "[UNK]", "<UNK>") if t in tokens), None)


def _from_json(obj, split: str, unknown) -> Vocabulary:
    if isinstance(obj, dict) and "tokens" in obj:  # rnnviz's own to_json
        return Vocabulary(tuple(obj["tokens"]), split=obj.get("split", split), unknown=obj.get("unknown", unknown))
    if isinstance(obj, dict) and isinstance(obj.get("model"), dict) and isinstance(obj["model"].get("vocab"), dict):
        obj = obj["model"]["vocab"]  # a Hugging Face tokenizer.json
    if isinstance(obj, list):
        expect(all(isinstance(t, str) for t in obj), "a JSON vocabulary list must hold only strings (the tokens)")
        return Vocabulary(tuple(obj), split=split, unknown=_known(unknown, obj))
    expect(isinstance(obj, dict), "a JSON vocabulary must map each token to its id, e.g. {\"a\": 0, \"b\": 1}")
    expect(len(obj) <= MAX_TOKENS, f"a vocabulary has at most {MAX_TOKENS:,} tokens; this one has {len(obj):,}")
    by_id: dict[int, str] = {}
    for token, i in obj.items():
        expect(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(obj),
               f"token ids must be whole numbers from 0 to {len(obj) - 1}; {token!r} has {i!r}")
        expect(i not in by_id, f"id {i} is given to both {by_id.get(i)!r} and {token!r}")
        by_id[i] = token
    tokens = [by_id[i] for i in range(len(obj))]
    return Vocabulary(tuple(tokens), split=split, unknown=_known(unknown, tokens))
