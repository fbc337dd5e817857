"""Folders as data, a watch in a subprocess, a build checked against its manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from briefgen.build.writer import PREFIX


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """Mount a 1 MB tmpfs on an existing folder (root only: the test is skipped otherwise), and
    unmount it afterwards."""
    import pytest

    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def snapshot(folder: Path) -> dict[str, object]:
    """Every file, folder and symlink under a folder, with the bytes of every file."""
    out: dict[str, object] = {}
    for here, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(here, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = f"-> {os.readlink(path)}"
            elif path.is_file():
                out[rel] = path.read_bytes()
            else:
                out[rel] = "folder"
    return out


def sigint_default() -> None:
    """Take SIGINT's default action again (a child of a background job inherits it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watch:
    """A `briefgen watch` (or another command that keeps running, such as `serve`) in a real
    subprocess, its output read line by line."""

    def __init__(self, root: Path, *args: str, command: str = "watch") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "briefgen", command, *args],
            cwd=root,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONWARNINGS": "ignore"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            # Ctrl-C as at a terminal, even when the tests run as a background job (whose
            # children inherit SIGINT ignored, and a watch would then never be interrupted)
            preexec_fn=sigint_default,
        )
        self.seen: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} not seen in: {''.join(self.seen)}")

    def save_until(self, path: Path, text: str, expected: str, tries: int = 20) -> None:
        """Save a file until watch reports `expected` (it starts watching just after saying so)."""
        for i in range(tries):
            path.write_text(f"{text}{{# {i} #}}\n", "utf-8")
            with contextlib.suppress(AssertionError):
                self.wait_for(expected, timeout=6)
                return
        raise AssertionError(f"{expected!r} not seen in: {''.join(self.seen)}")

    def stop(self, signum: int = signal.SIGTERM) -> int:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signum)
        code = self.proc.wait(timeout=60)
        time.sleep(0.2)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def consistent(build: Path) -> None:
    """Nothing half-written: no temporaries, and every file is the one the manifest records."""
    assert not list(build.rglob(f"{PREFIX}*"))
    for entry in json.loads((build / "manifest.json").read_text("utf-8"))["outputs"]:
        data = (build / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
