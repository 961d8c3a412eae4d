"""Features of source code, one number per character (the value after reading it), for the unit finder:
the things Karpathy et al. (2015) found cells for in code. A small Python lexer, not Python's tokenize: it
must run on any text a user types, including broken code, and never raise.

- in_string: 1 from a string literal's opening quote up to the character before its closing delimiter
  (so the closing quote itself is outside, as after reading it we are). Single, double and triple quotes;
  a backslash escapes the next character (also in raw strings, as in Python's own lexer); a one-line
  string left open ends at its line's end. Prefixes (r, b, f, u) are outside; f-strings count whole.
- in_comment: 1 from # to the end of its line (the newline is outside).
- code_depth: brackets ( [ { open after the character, counting only those outside strings and comments;
  an opening bracket counts itself, a closing one does not, never below 0.
- indent: the columns of leading whitespace of the character's line as read so far (a tab advances to the
  next multiple of 8, as Python's tokenizer counts it); the line's first other character fixes it, and
  its newline still belongs to it.
- in_line_string, in_triple_string: in_string split by the string's delimiter: one quote (a string on one line,
  the only kind C has, where Karpathy et al. found their quote cell) or three (docstrings: prose over lines).
"""
from __future__ import annotations

import numpy as np

CODE_FEATURES = ("in_string", "in_line_string", "in_triple_string", "in_comment", "code_depth", "indent")
_QUOTES = "'\""
_OPEN, _CLOSE = "([{", ")]}"


def code_features(text: str) -> dict[str, np.ndarray]:
    """Every code feature of text, each (len(text),) float64."""
    n = len(text)
    in_string, in_comment = np.zeros(n), np.zeros(n)
    depth_out, indent_out = np.zeros(n), np.zeros(n)
    closer = ""  # the delimiter that ends the string we are in ("" when not in one)
    comment = escaped = False
    depth = indent = 0
    at_line_start = True
    t = 0
    while t < n:
        ch = text[t]
        if at_line_start:
            if ch == " ":
                indent += 1
            elif ch == "\t":
                indent = (indent // 8 + 1) * 8
            elif ch not in "\n\f":
                at_line_start = False
        if closer:
            if escaped:
                escaped = False
                in_string[t] = 1.0
            elif ch == "\\":
                escaped = True
                in_string[t] = 1.0
            elif text.startswith(closer, t):
                t = _fill(depth_out, indent_out, t, len(closer), depth, indent)  # the closing delimiter: outside
                closer = ""
                continue
            elif ch == "\n" and len(closer) == 1:
                closer = ""  # an unterminated one-line string ends with its line
            else:
                in_string[t] = 1.0
        elif comment:
            if ch == "\n":
                comment = False
            else:
                in_comment[t] = 1.0
        elif ch in _QUOTES:
            closer = ch * 3 if text.startswith(ch * 3, t) else ch
            in_string[t:t + len(closer)] = 1.0
            t = _fill(depth_out, indent_out, t, len(closer), depth, indent)
            continue
        elif ch == "#":
            comment = True
            in_comment[t] = 1.0
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
        depth_out[t] = depth
        indent_out[t] = indent
        if ch == "\n":
            indent, at_line_start = 0, True
        t += 1
    triple = _triple_runs(text, in_string)
    return {"in_string": in_string, "in_line_string": in_string - triple, "in_triple_string": triple,
            "in_comment": in_comment, "code_depth": depth_out, "indent": indent_out}


def _triple_runs(text: str, in_string: np.ndarray) -> np.ndarray:
    """1 over the runs of in_string that open with three quotes."""
    out = np.zeros_like(in_string)
    edges = np.flatnonzero(np.diff(np.concatenate([[0.0], in_string, [0.0]])))
    for start, end in zip(edges[::2], edges[1::2]):
        if text[start:start + 3] in ('"""', "'''"):
            out[start:end] = 1.0
    return out


def _fill(depth_out: np.ndarray, indent_out: np.ndarray, t: int, width: int, depth: int, indent: int) -> int:
    """Record depth and indent for a delimiter of `width` characters at t (none is a newline); the next t."""
    depth_out[t:t + width] = depth
    indent_out[t:t + width] = indent
    return t + width
