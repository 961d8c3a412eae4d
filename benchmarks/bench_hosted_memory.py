"""The server's resident memory as Community Cloud would see it: after the first page, and after one browser
has toured every page (through the app's own links: a reload would be a new session).

    python benchmarks/bench_hosted_memory.py

Baseline in the same run: a trivial Streamlit app (one st.write) started the same way, so the ratio says what
rnnviz (torch, plotly, pandas, the course) costs on top of Streamlit itself. Community Cloud documents 690 MB as
its floor; for 20 sessions at once run benchmarks/load_test.py --sessions 20 (it prints the server's memory).
"""
from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, IDLE, free_port  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
PAGES = ("Build", "Step through", "Lessons", "Train", "Interpret", "Import / Export", "Home")


def rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def serve(script: pathlib.Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def measure(script: pathlib.Path, tour: bool) -> tuple[float, float | None]:
    proc, url = serve(script)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_selector(IDLE, timeout=120_000)
            page.wait_for_timeout(1500)
            first = rss_mb(proc.pid)
            toured = None
            if tour:
                for name in PAGES:
                    page.get_by_role("link", name=name, exact=True).first.click()
                    page.wait_for_timeout(500)
                    page.wait_for_selector(IDLE, timeout=120_000)
                    page.wait_for_timeout(1500)
                toured = rss_mb(proc.pid)
            browser.close()
        return first, toured
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    import torch
    with tempfile.TemporaryDirectory() as folder:
        trivial = pathlib.Path(folder) / "trivial.py"
        trivial.write_text("import streamlit as st\nst.write('hello')\n")
        base, _ = measure(trivial, tour=False)
    first, toured = measure(REPO / "app.py", tour=True)
    print(f"torch {torch.__version__} (CUDA {torch.version.cuda or 'none'}), Python {sys.version.split()[0]}")
    print(f"baseline: a trivial Streamlit app after its page: {base:.0f} MB")
    print(f"rnnviz after the first page: {first:.0f} MB ({first / base:.2f}x)")
    print(f"rnnviz after one browser toured every page: {toured:.0f} MB ({toured / base:.2f}x)")


if __name__ == "__main__":
    main()
