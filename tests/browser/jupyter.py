"""JupyterLab for the notebook widget's tests: `jupyter lab` on a free loopback port with a known token, a temp dir
as its root, and every Jupyter folder (config, data, runtime, settings, workspaces, IPython's) in that temp dir,
so nothing outside it is read or written. Kernels it starts import rnnviz from this checkout."""
from __future__ import annotations

import contextlib
import json
import os
import pathlib
import secrets
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

from tests.browser.server import REPO, free_port

# No news feed, no update check (both would call out), and window.jupyterapp for the tests to run commands.
LAB_CONFIG = {"LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                         "expose_app_in_browser": True}}
# No toast asking whether to fetch the news, no dialog asking which kernel.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True},
}


@dataclass
class JupyterLab:
    url: str
    token: str
    root: pathlib.Path
    runtime_dir: pathlib.Path

    def api(self, path: str):
        request = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.load(reply)

    def lab_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/{notebook}?token={self.token}&reset"  # reset: no saved workspace layout

    def connection_file(self, kernel_id: str) -> pathlib.Path:
        return self.runtime_dir / f"kernel-{kernel_id}.json"


@contextlib.contextmanager
def jupyter_lab(tmp: pathlib.Path, timeout: float = 60.0):
    root, home = tmp / "root", tmp / "home"
    folders = {name: home / name for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")}
    for folder in (root, *folders.values()):
        folder.mkdir(parents=True, exist_ok=True)
    (folders["config"] / "jupyter_lab_config.json").write_text(json.dumps(LAB_CONFIG))
    for name, settings in LAB_SETTINGS.items():
        (folders["settings"] / name).parent.mkdir(parents=True, exist_ok=True)
        (folders["settings"] / name).write_text(json.dumps(settings))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(folders["config"]), "JUPYTER_DATA_DIR": str(folders["data"]),
           "JUPYTER_RUNTIME_DIR": str(folders["runtime"]), "JUPYTERLAB_SETTINGS_DIR": str(folders["settings"]),
           "JUPYTERLAB_WORKSPACES_DIR": str(folders["workspaces"]), "IPYTHONDIR": str(folders["ipython"]),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
           "--allow-root"]  # CI runs as root
    log_path = tmp / "jupyterlab.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    lab = JupyterLab(url=f"http://127.0.0.1:{port}", token=token, root=root, runtime_dir=folders["runtime"])
    try:
        deadline = time.time() + timeout
        while True:
            try:
                lab.api("/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"jupyter lab did not start: {log_path.read_text()[-3000:]}") from None
                time.sleep(0.2)
        yield lab
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
