"""A build killed at any moment leaves whole files, and the next build recovers byte for byte."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx

from briefgen.build.writer import PREFIX
from tests.support.files import snapshot
from tests.support.projects import make_work, private_fonts

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
    # a temporary file, or anything in a temporary folder (the search index being made)
    return {k: v for k, v in tree.items() if not any(p.startswith(PREFIX) for p in k.split("/"))}


def _differing(tree: dict[str, object], expected: dict[str, object]) -> list[str]:
    """Name the files that differ between two snapshots (their bytes are too long to show)."""
    return sorted(k for k in tree.keys() | expected.keys() if tree.get(k) != expected.get(k))


def _entries(manifest: Path) -> dict[str, dict[str, str]]:
    return {e["path"]: e for e in json.loads(manifest.read_text("utf-8"))["outputs"]}


def test_a_killed_build_leaves_whole_files_and_the_next_build_recovers(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_work(root, {"en-a": ["We agree on one thing.", "We note another.", "We end here."]})
    # Every build here is compared with one made a minute before: fonts installed on the
    # machine meanwhile must not reach them (they would change the input digests).
    fonts = private_fonts(tmp_path / "fontconfig")
    later_env = {**fonts, **LATER}
    _run(root, *ARGS, env=fonts)
    earlier = snapshot(root / "build")
    saved = tmp_path / "earlier"
    shutil.copytree(root / "build", saved)
    duration = _run(root, *ARGS, "--out", str(tmp_path / "clean"), env=later_env)
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
            env={**os.environ, "PYTHONWARNINGS": "ignore", **later_env},
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
            _run(root, *ARGS, env=later_env)
            differing = _differing(snapshot(root / "build"), later)
            assert not differing, f"kill {i}: the next build differs in {differing}"
            recovered += 1
    assert recovered == 5


def test_a_font_installed_between_two_builds_changes_the_inputs_of_pdf_and_docx(
    tmp_path: Path,
) -> None:
    """The input digests follow the fonts installed: one installed between two builds, by
    anything else on the machine, changes the inputs of every PDF and DOCX (and of nothing
    else) though the files stay the same. The kill test above compares builds made a minute
    apart, so its builds see fonts of their own, which nothing else installs into."""
    fonts = private_fonts(tmp_path / "fontconfig")
    folder = tmp_path / "fontconfig" / "fonts"
    listed = subprocess.run(
        ["fc-list", "--format", "%{file}\\n"],
        env={**os.environ, **fonts},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # a collection (the CJK .ttc files) is listed once for each of its faces
    assert sorted(set(listed.splitlines())) == sorted(str(p) for p in folder.iterdir())
    root = tmp_path / "project"
    make_work(root, {"en-a": ["We agree on one thing.", "We note another."]})
    _run(root, *ARGS, env=fonts)
    before = _entries(root / "build" / "manifest.json")
    shutil.copyfile(folder / "NotoSerif-Regular.ttf", folder / "Installed-Meanwhile.ttf")
    _run(root, *ARGS, env=fonts)
    after = _entries(root / "build" / "manifest.json")

    assert after.keys() == before.keys()
    changed = {p for p in after if after[p]["inputs"] != before[p]["inputs"]}
    assert changed == {p for p, e in before.items() if e["format"] in ("pdf", "docx")} != set()
    # the font is not used: the files are the same, only the manifest's inputs differ
    assert all(after[p]["sha256"] == before[p]["sha256"] for p in after)


def _children(pid: int) -> set[int]:
    """The processes whose parent is pid (read from /proc: no process library needed)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:  # ended meanwhile
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.add(int(entry.name))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # ended meanwhile
        return b""


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_a_killed_build_takes_its_workers_with_it(tmp_path: Path) -> None:
    """kill -9 of a build with --jobs 2: its render workers end within a second, not minutes
    later, each holding its memory and half a build."""
    root = tmp_path / "project"
    make_work(
        root, {"en-a": ["We agree on one thing.", "We note another."], "fr-a": ["Un.", "Deux."]}
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "-f", "all", "--jobs", "2"],
        cwd=root,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2:  # the pool's two workers (besides multiprocessing's tracker)
            assert proc.poll() is None and time.monotonic() < deadline, "no workers were started"
            workers = {p for p in _children(proc.pid) if b"spawn_main" in _cmdline(p)}
            time.sleep(0.02)
        time.sleep(0.3)  # each has started working
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    killed = time.monotonic()
    while any(_alive(p) for p in workers) and time.monotonic() - killed < 1:
        time.sleep(0.02)
    left = [p for p in workers if _alive(p)]
    for pid in left:  # not to leave them running when the test fails
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived their build"
