"""Memory of the server process: before, with N heavy sessions open, and after their browsers have left.

    python benchmarks/bench_session_memory.py [--sessions 3] [--after 60] [--link '/step_through?...']

Baseline in the same run: the server's resident size with one light session (the home page) that stays
open and clicks every 10 s, as the rest of a class would. Each heavy session opens --link in its own browser
(default: the largest model a session's budget allows, an LSTM of 512 units over 462 inputs, 1,999,872
parameters, traced over as many steps as the budget allows). Prints RSS at each stage, the growth per heavy
session, and what is left --after seconds after the browsers closed
(issue 13's target: back within 50 MB of before). The janitor releases sessions RNNVIZ_RELEASE_SECONDS
(default 30) after their browser left.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, wait_idle  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
HEAVY = "/step_through?cell=lstm&in=462&hid=512&seq=generator&gen=sine&len=1302"


def rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def visit(browser, url: str, wait_for: str = ".rnnviz-stepper .rnnviz-svg"):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    wait_idle(page, timeout=180_000)
    page.wait_for_selector(wait_for, timeout=180_000)
    return context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--after", type=float, default=60.0)
    parser.add_argument("--link", default=HEAVY)
    args = parser.parse_args()
    port = free_port()
    release = float(os.environ.get("RNNVIZ_RELEASE_SECONDS", 30))
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true", "--server.address", "127.0.0.1"],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            # One light student stays all along and keeps using the app (a click every 10 s), as a class does:
            # Streamlit's runtime loop keeps the last session it served referenced until it serves another.
            light = visit(browser, url + "/")
            light_page = light.pages[0]

            clicks = [0]

            def light_click():  # one step forward or back: the server hears it 300 ms later and reruns
                clicks[0] += 1
                action = "next" if clicks[0] % 2 else "previous"
                light_page.locator(f'.rnnviz-stepper button[data-action="{action}"]').click()
                light_page.wait_for_timeout(1500)

            time.sleep(release + 8)
            light_click()
            before = rss_mb(server.pid)
            contexts = []
            for k in range(args.sessions):
                contexts.append(visit(browser, url + args.link))
                print(f"session {k + 1} open: {rss_mb(server.pid):.0f} MB", flush=True)
            with_heavy = rss_mb(server.pid)
            for context in contexts:
                context.close()
            closed = time.time()
            while time.time() - closed < args.after:
                time.sleep(10)
                light_click()
                print(f"{time.time() - closed:3.0f} s after closing: {rss_mb(server.pid):.0f} MB", flush=True)
            after = rss_mb(server.pid)
            browser.close()
        print(f"\nlink: {args.link}")
        print(f"before (baseline, one light session): {before:.0f} MB")
        print(f"with {args.sessions} heavy sessions: {with_heavy:.0f} MB "
              f"(+{(with_heavy - before) / args.sessions:.0f} MB per session, ratio {with_heavy / before:.2f}x)")
        print(f"{time.time() - closed:.0f} s after their browsers closed: {after:.0f} MB "
              f"({after - before:+.0f} MB against before; target within 50 MB)")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
