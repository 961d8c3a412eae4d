"""What a page shows in words, collected from an AppTest run, and the English words among them.

Used by test_chinese_pages.py (every page in 中文 through AppTest) and tests/browser/test_chinese_browser.py
(the same check on the browser's visible text, which includes the stepper's diagram and the Plotly charts).
"""
from __future__ import annotations

import html
import json
import re

# English words allowed in Chinese text: names of models, libraries, algorithms and file formats, people and
# works cited, math functions, variable names. Everything else with two or more Latin letters is a leftover.
ALLOWED = {
    # models, libraries, formats
    "lstm", "gru", "rnn", "rnns", "elman", "jordan", "pytorch", "torch", "nn", "keras", "rnnviz", "lstmvis", "csv",
    "url", "parquet", "png", "svg", "pt", "pth", "safetensors",
    "gif", "gifenc", "html", "katex", "mit", "plotly", "anywidget", "jupyter", "jupyterlab",
    "txt", "py", "utf", "python", "json", "bptt", "adam", "sgd",
    "rmsprop", "api", "linear", "float64", "float32", "relu", "tanh", "sigmoid", "softmax", "sin", "cos", "log", "exp",
    "max", "min", "abs", "argmax", "one", "hot",  # one-hot, kept as the lessons write it
    "state", "dict",  # "state dict", torch's name
    "http", "email", "unk",  # standard-library packages (json too); a tokenizer's <unk>
    "code",  # the pretrained model's name, python-code
    "karpathy", "et", "al", "olah", "taipei", "alice",  # cited authors; the lesson's example words
    "nan", "inf", "id", "ok", "english", "float", "mnist", "mb", "dropout", "path", "ab",
    # the cell's quantities and their API names (when written apart from underscores)
    "input", "output", "hidden", "size", "batch", "first", "proj", "bias", "bidirectional", "layers", "num",
    "nonlinearity", "weight", "ih", "hh", "hr", "ch", "in", "out", "features", "numel", "parameters", "model",
    "load", "save", "weights", "only", "true", "false", "none", "self", "forward", "head", "clip", "grad", "norm",
    "dim", "tensor", "zeros", "cat", "split", "reverse", "step", "steps", "lr",
    # the link's field names, as a learner sees them in the address bar
    "guide", "theme", "present", "lang",
    # the keys a presentation clicker sends
    "pgup", "pgdn", "esc", "home", "end", "space",
}
# Single letters and letter-digit names are variables (x, h, c, W, x1, l0, H_in); words with _ or . are code.
_CODE = re.compile(r"<style.*?</style>|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$"  # style sheets, code spans, LaTeX
                   r"|\{\w+\}"  # a placeholder the browser fills ({unit} in the stepper's equation title)
                   r"|\w+\((?:[^()]|\([^()]*\))*\)"  # a call with its arguments: sum(p.numel() for p in ...)
                   r"|1-of-N"  # the encoding's name, as the course writes it
                   r"|\b\w+(?:[._]\w+)+\b|\b\w*\d\w*\b|https?://\S+", re.S)  # identifiers, words with digits
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> set[str]:
    """The Latin-letter words of `text` that the allow-list does not name (code spans and identifiers skipped)."""
    text = _CODE.sub(" ", text)
    return {w for w in _WORD.findall(text) if w.lower() not in ALLOWED}


def code_comments(code: str) -> list[str]:
    """The comments of a code block shown on a page: code is code, but its comments are prose to translate."""
    return re.findall(r"(?:^|\s)#\s(.*)$", code, re.M)


def _proto_strings(message, skip: frozenset) -> list[str]:
    """Every string field of a protobuf message, recursively (labels, help, options, bodies, captions)."""
    found = []
    for field, value in message.ListFields():
        if field.name in skip:
            continue
        values = value if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") else [value]
        for v in values:
            if isinstance(v, str):
                found.append(v)
            elif hasattr(v, "ListFields"):
                found += _proto_strings(v, skip)
    return found


# Proto fields that are not shown as words: ids, keys, page targets, icons, code, chart specs (read apart).
_SKIP = frozenset({"id", "form_id", "key", "page", "icon", "language", "spec", "data", "url", "default",
                   "page_script_hash", "type", "format", "placeholder_type", "component_name", "json_args",
                   "arrow_args", "selection_mode", "column_order", "columns", "styles", "width", "height",
                   "theme", "mime", "file_name", "element_id", "script_hash", "query_string", "url_path",
                   "uuid"})  # a styled table's random id (5 hex digits: now and then all letters)


def _stepper_strings(payload: dict) -> list[str]:
    """The stepper's words: its control labels, the diagram's captions (translated by tkey) and its charts."""
    labels = payload.get("labels", {})
    found = list(labels.values())
    for el in payload.get("diagram", {}).get("elements", []):
        if el.get("kind") == "text":
            found.append(labels.get(el.get("tkey"), el["text"]))
        elif el.get("label"):
            found.append(el["label"])
    for fig in payload.get("figures", []):
        found += _figure_strings(fig)
    return found


def _figure_strings(fig: str | dict) -> list[str]:
    """The words a Plotly figure prints: titles, axis titles, legend names, annotations, tick labels, hover labels."""
    fig = json.loads(fig) if isinstance(fig, str) else fig
    found = []

    def title(obj):
        t = obj.get("title") if isinstance(obj, dict) else None
        if isinstance(t, dict):
            t = t.get("text")
        if isinstance(t, str):
            found.append(t)

    layout = fig.get("layout", {})
    title(layout)
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) or key in ("coloraxis",):
            title(axis)
            found += [re.sub(r"<[^>]+>", " ", str(v)) for v in (axis.get("ticktext") or [])]  # <br>: a line break
    found += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in fig.get("data", []):
        if trace.get("showlegend", True) and trace.get("name"):
            found.append(str(trace["name"]))
        if isinstance(trace.get("hovertemplate"), str):  # shown on hover: its words, without Plotly's fields
            found.append(re.sub(r"%\{[^}]*\}|<[^>]+>", " ", trace["hovertemplate"]))
        title(trace.get("colorbar", {}))
    return found


def page_strings(at) -> list[str]:
    """Every text an AppTest page shows: markdown, captions, headings, alerts, widget labels and options,
    tab and expander labels, table headers and string cells, chart titles, axes and legends."""
    texts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if kind == "code":
            texts.extend(code_comments(proto.code_text))
        elif proto is not None and kind != "exception":
            if kind == "plotly_chart":
                texts.extend(_figure_strings(proto.spec))
            elif kind == "bidi_component":
                texts.extend(_stepper_strings(json.loads(proto.json)) if proto.json else [])
            elif kind == "html":  # the words shown, not the markup: styles, tags and attributes go
                body = re.sub(r"<style>.*?</style>|<[^>]*>", " ", proto.body, flags=re.S)
                texts.append(html.unescape(body))
            else:
                texts.extend(_proto_strings(proto, _SKIP))
        if kind in ("dataframe", "table"):
            frame = node.value
            texts.extend(str(c) for c in frame.columns)
            for col in frame.columns:
                if frame[col].dtype == object:
                    texts.extend(str(v) for v in frame[col] if isinstance(v, str))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts
