"""A build killed at any moment leaves whole files, and the next build recovers byte for byte."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx

from briefgen.build.writer import PREFIX

from .helpers import make_work
from .test_files_safety import snapshot

ARGS = ("build", "-f", "all", "--jobs", "1")
LATER = {"SOURCE_DATE_EPOCH": "1767225600"}  # the new build differs from the earlier one
KILLS = 20


def _run(root: Path, *args: str, env: dict[str, str] | None = None) -> float:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=root,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return time.monotonic() - start


def _whole(folder: Path) -> None:
    """Every PDF passes qpdf --check and every DOCX opens in python-docx."""
    for path in folder.rglob("*.pdf"):
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, f"{path}: {check.stdout}{check.stderr}"
    for path in folder.rglob("*.docx"):
        assert docx.Document(str(path)).paragraphs, path


def _without_temporaries(tree: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in tree.items() if not k.rsplit("/", 1)[-1].startswith(PREFIX)}


def test_a_killed_build_leaves_whole_files_and_the_next_build_recovers(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_work(root, {"en-a": ["We agree on one thing.", "We note another.", "We end here."]})
    _run(root, *ARGS)
    earlier = snapshot(root / "build")
    saved = tmp_path / "earlier"
    shutil.copytree(root / "build", saved)
    duration = _run(root, *ARGS, "--out", str(tmp_path / "clean"), env=LATER)
    later = snapshot(tmp_path / "clean")
    _whole(saved)
    _whole(tmp_path / "clean")
    assert later.keys() == earlier.keys() and later != earlier

    outputs = len(later) - 1  # every file but the manifest is rendered, then all are written
    recovered = 0
    for i in range(KILLS):
        shutil.rmtree(root / "build")
        shutil.copytree(saved, root / "build")
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefgen", *ARGS],
            cwd=root,
            env={**os.environ, "PYTHONWARNINGS": "ignore", **LATER},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        if i < KILLS - 4:  # spread over the build, start to end
            time.sleep(duration * (i + 0.5) / (KILLS - 4))
        else:  # as the last outputs are rendered and the files are written
            assert proc.stdout is not None
            for _ in range(outputs - (KILLS - 1 - i)):
                proc.stdout.readline()
            time.sleep(0.01 * (i - KILLS + 4))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        left = _without_temporaries(snapshot(root / "build"))
        assert left.keys() == earlier.keys(), f"kill {i}: files missing or added"
        for name, data in left.items():
            assert data in (earlier[name], later[name]), f"kill {i}: {name} is neither version"
        if i % 4 == 3:
            _run(root, *ARGS, env=LATER)
            assert snapshot(root / "build") == later, f"kill {i}: the next build differs"
            recovered += 1
    assert recovered == 5
