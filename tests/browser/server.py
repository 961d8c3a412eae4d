"""Start the real app with `streamlit run` on a free port, and Debian's Chromium for Playwright."""
from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling hosts this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitProcess:
    """One `streamlit run` on a given loopback port; it can be killed and started again on the same port."""

    def __init__(self, port: int, script: str = "app.py", env: dict | None = None):
        self.port, self.script, self.env = port, script, env
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = REPO / f".streamlit-test-{port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> StreamlitProcess:
        cmd = [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", str(self.port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        with open(self.log_path, "w") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, **(self.env or {})})
        return self

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not start: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        """As a crash: SIGKILL, no clean shutdown."""
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log_path.unlink(missing_ok=True)


@contextlib.contextmanager
def streamlit_server(script: str = "app.py", env: dict | None = None, timeout: float = 60.0):
    """Yields the base URL of a running app; stops it afterwards."""
    server = StreamlitProcess(free_port(), script, env).start()
    try:
        server.wait_healthy(timeout)
        yield server.url
    finally:
        server.stop()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app finished its script run (and give the frontend a moment to paint)."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


def assert_no_exception(page) -> None:
    blocks = page.locator('[data-testid="stException"]')
    assert blocks.count() == 0, blocks.first.inner_text()


# Click the stepper's "next" and time it until the browser has painted twice (the step is on screen).
CLICK_NEXT_JS = """async () => {
  const button = document.querySelector('.rnnviz-stepper button[data-action="next"]');
  const t0 = performance.now();
  button.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));  // painted
  return performance.now() - t0;
}"""


def table_rows(page) -> list[dict]:
    """The rows of the first dataframe on the page by column name, read from the accessible table the grid
    keeps beside its canvas."""
    page.wait_for_function("""() => { const d = document.querySelector('[data-testid="stDataFrame"]');
        return d && d.querySelectorAll('[role="gridcell"]').length > 0; }""", timeout=30_000)
    return page.evaluate("""() => {
        const d = document.querySelector('[data-testid="stDataFrame"]');
        const head = [...d.querySelectorAll('[role="columnheader"]')].map(e => e.textContent.trim());
        return [...d.querySelectorAll('tr')].map(r => [...r.querySelectorAll('[role="gridcell"]')]
            .map(e => e.textContent.trim())).filter(r => r.length)
            .map(r => Object.fromEntries(head.map((h, k) => [h, r[k]])));
    }""")
