"""Run generated Python code as its reader would (`python script.py` in its folder, or `python -c code`), in a
process of its own, without paying torch's import (~2 s, most of such a run) once per script.

One helper interpreter imports torch and then forks a child per script. The child is what a fresh
`python script.py` is after its first `import torch`: its own process and module `__main__` (fresh globals,
`__name__ == "__main__"`, `__file__`), the script's folder as cwd and as sys.path[0] (`-c`: "" and the caller's
cwd, as Python sets them), sys.argv, the caller's environment, stdin empty, stdout and stderr of its own, and its
exit code (an exception: a traceback on stderr and 1). Nothing of rnnviz or of the tests is imported in it.
"""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile

DRIVER = r"""
import json, os, runpy, sys, traceback, types, warnings
import torch  # what every generated script imports first: once, here, before the fork

for line in sys.stdin:
    job = json.loads(line)
    # Python 3.12+ warns on a fork beside any thread; here that is numpy's BLAS pool, which is made for forks
    # (as torch's DataLoader workers fork); a child that hung would end in the caller's timeout.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: one script, then _exit (the driver's own cleanup must not run here)
        code = 1
        try:
            os.chdir(job["cwd"])
            for fd, name in ((0, os.devnull), (1, job["stdout"]), (2, job["stderr"])):
                os.dup2(os.open(name, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            sys.stdin = open(0, closefd=False)
            # as Python opens them for a file or a pipe: the driver's own streams are such pipes
            sys.stdout = open(1, "w", encoding=sys.stdout.encoding, errors=sys.stdout.errors, closefd=False)
            sys.stderr = open(2, "w", encoding=sys.stderr.encoding, errors=sys.stderr.errors, closefd=False)
            sys.argv = job["argv"]
            sys.path[0] = job["path0"]
            try:
                if job["path"] is not None:
                    runpy.run_path(job["path"], run_name="__main__")
                else:
                    main = types.ModuleType("__main__")
                    main.__dict__["__builtins__"] = __builtins__
                    sys.modules["__main__"] = main
                    exec(compile(job["code"], "<string>", "exec"), main.__dict__)
                code = 0
            except SystemExit as stop:  # as the interpreter ends on it: None is 0, a message goes to stderr
                code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
                if code == 1 and not isinstance(stop.code, int):
                    print(stop.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class ScriptRunner:
    """A helper interpreter that runs one script at a time in a forked child (see the module's docstring)."""

    def __init__(self):
        self.folder = tempfile.TemporaryDirectory(prefix="rnnviz-scripts-")
        self.driver = subprocess.Popen([sys.executable, "-c", DRIVER], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, cwd=self.folder.name)

    def run(self, path=None, *, code: str | None = None, cwd=None, timeout: float = 120,
            check: bool = False) -> subprocess.CompletedProcess:
        """`python path` in cwd (default: the script's folder), or `python -c code` in cwd (default: ours)."""
        assert (path is None) != (code is None), "a script file or code, not both"
        if path is not None:
            path = os.path.abspath(path)
            argv, path0 = [path], os.path.dirname(path)
            cwd = os.path.abspath(cwd) if cwd is not None else path0
        else:
            argv, path0, cwd = ["-c"], "", os.path.abspath(cwd) if cwd is not None else os.getcwd()
        out, err = (os.path.join(self.folder.name, name) for name in ("stdout", "stderr"))
        self.driver.stdin.write(json.dumps({"path": path, "code": code, "cwd": cwd, "argv": argv, "path0": path0,
                                            "stdout": out, "stderr": err}) + "\n")
        self.driver.stdin.flush()
        if not select.select([self.driver.stdout], [], [], timeout)[0]:
            self.close()
            raise subprocess.TimeoutExpired(argv, timeout)
        reply = self.driver.stdout.readline()
        if not reply:
            raise RuntimeError(f"the script runner stopped (exit code {self.driver.wait()})")
        with open(out) as stdout, open(err) as stderr:
            done = subprocess.CompletedProcess(argv, json.loads(reply), stdout.read(), stderr.read())
        if check:
            done.check_returncode()
        return done

    def close(self) -> None:
        if self.driver.poll() is None:
            self.driver.stdin.close()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait()
        self.folder.cleanup()
