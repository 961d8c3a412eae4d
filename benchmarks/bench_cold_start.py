"""Cold start: from `streamlit run` (a new process) to the first page rendered in headless Chromium.

    python benchmarks/bench_cold_start.py [--runs 3]

Baseline in the same run: a trivial Streamlit app (one st.write) started and rendered the same way,
so the ratio shows what rnnviz itself adds (importing torch, building the first trace and figures).
Target (issue 7): <= 8 s on this machine.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_idle  # noqa: E402


def cold_start(browser, script: str, ready_selector: str) -> float:
    t0 = time.perf_counter()
    with streamlit_server(script) as url:
        page = browser.new_page()
        page.goto(url)
        wait_idle(page, timeout=60_000)
        page.wait_for_selector(ready_selector, timeout=60_000)
        seconds = time.perf_counter() - t0
        page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    trivial = pathlib.Path(tempfile.mkdtemp()) / "hello.py"
    trivial.write_text("import streamlit as st\nst.write('hello')\n")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        base = [cold_start(browser, str(trivial), "text=hello") for _ in range(args.runs)]
        app = [cold_start(browser, "app.py", ".rnnviz-stepper .rnnviz-figure .main-svg") for _ in range(args.runs)]
        browser.close()
    b, a = statistics.median(base), statistics.median(app)
    print(f"{'cold start (process start -> first page drawn)':48s} {'median':>8s} {'runs':>24s}")
    print(f"{'trivial Streamlit app (baseline)':48s} {b:7.2f}s {str([round(x, 2) for x in base]):>24s}")
    print(f"{'rnnviz home page with its live network':48s} {a:7.2f}s {str([round(x, 2) for x in app]):>24s}")
    print(f"ratio {a / b:.2f}x; target <= 8 s: {'met' if a <= 8 else 'MISSED'}")


if __name__ == "__main__":
    main()
