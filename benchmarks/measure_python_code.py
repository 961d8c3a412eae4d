"""The shipped python-code model's figures, measured by the app's own unit finder on the held-out code.

    python benchmarks/measure_python_code.py      # about a minute; writes assets/python-code/measured.json

Reads the held-out text (assets/python-code/held_out.txt.gz: json, http and email source the model never saw)
through rnnviz.pretrained.held_out_reading (each file from its start), and for each code feature ranks every unit
of c, tanh(c) and h by its correlation with it (LongReading.rank_units: what the Interpret page's unit finder
shows). Prints the best unit of each and the held-out loss recorded when training ended; issue 17 asks for
|r| >= 0.8 on "inside a string literal" and >= 0.6 on bracket depth and position in the line. One-line string
literals (Karpathy et al.'s quote cell: C has no other kind) and triple-quoted ones (docstrings) are also
measured apart.
"""
from __future__ import annotations

import json
import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from rnnviz import pretrained  # noqa: E402

FEATURES = ("in_string", "in_line_string", "in_triple_string", "code_depth", "position", "indent", "in_comment",
            "inside_quotes", "bracket_depth")
QUANTITIES = ("c", "tanh_c", "h")
BARS = {"in_string": 0.8, "in_line_string": 0.8, "code_depth": 0.6, "position": 0.6}


def measure(name: str = "python-code") -> dict:
    started = time.perf_counter()
    reading = pretrained.held_out_reading(name)
    read_seconds = time.perf_counter() - started
    found = {}
    for feature in FEATURES:
        values = reading.feature(feature)
        for quantity in QUANTITIES:
            best = reading.rank_units(values, quantity).iloc[0]
            found[f"{feature} {quantity}"] = {"feature": feature, "quantity": quantity, "unit": int(best["unit"]),
                                              "r": round(float(best["correlation"]), 4)}
    card = pretrained.card(name)
    return {"held_out_chars": reading.num_steps, "read_seconds": round(read_seconds, 1),
            "threads": torch.get_num_threads(), "best_units": found,
            "held_out_loss": card["log"][-1]}


def main() -> None:
    result = measure()
    print(f"read {result['held_out_chars']:,} held-out characters in {result['read_seconds']} s "
          f"({result['threads']} threads)")
    print(f"{'feature':<18}{'quantity':<9}{'unit':>6}{'r':>9}  bar")
    for row in result["best_units"].values():
        bar = BARS.get(row["feature"])
        verdict = "" if bar is None else (f">= {bar}: {'yes' if abs(row['r']) >= bar else 'NO'}")
        print(f"{row['feature']:<18}{row['quantity']:<9}{row['unit']:>6}{row['r']:>+9.3f}  {verdict}")
    loss = result["held_out_loss"]
    print(f"held-out loss (all {pretrained.card()['corpus']['held_out_files']} held-out files): "
          f"{loss['held_out_nats_per_char']} nats = {loss['held_out_bits_per_char']} bits per character")
    out = pretrained.ASSETS / "python-code" / "measured.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
