"""The corpus benchmark: N synthetic works built locally, on a Dask cluster and in 4 shards.

    .venv/bin/python benchmarks/run.py --corpus N     (make bench runs it with N = 1,000)

Generates N works (tests/support/corpus.py: 4 to 40 paragraphs, 1 to 3 texts) and builds their
editions in PDF (BUILD: the bulk of a corpus's pages) in fresh output folders:
  1. with --jobs 2 on this machine, then a no-op rebuild, then its editions in HTML with the
     catalogue and its search index;
  2. through the Dask executor, on a `dask scheduler` and two one-thread `dask worker`s started
     here on localhost (each with --no-nanny, so its memory is its own process's);
  3. in 4 shards (`--shard I/4 --jobs 2`, one after another, as 4 CI machines would run them at
     once), then `briefgen merge`;
and prints for each the wall time and the CPU time (all its processes, the Dask workers
included) per work, the largest resident memory of any one process, the no-op rebuild, the
catalogue's search index if the build made one, and what a 10,000-work corpus would cost on N
machines from these figures. The time per work is compared with the single-work figure: the
cost of one further work in a sample of 20 works spread over the corpus's sizes, built the same
way (the sample's time less the time of one of its works alone, over 19: the start-up of Python
and the workers is paid once in any build). The CPU figures are the ones to read on a shared
machine, whose other loads stretch the wall times. Asserts nothing, but stops if the Dask build
or the merged shards differ from the local build by a byte.
"""

from __future__ import annotations

import filecmp
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.synthetic import make_corpus  # noqa: E402

BIN = Path(sys.executable).parent


def briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


class Peak:
    """The largest resident memory of a process and its descendants, polled while it runs."""

    def __init__(self, pids: list[int]) -> None:
        import psutil

        self.processes = [psutil.Process(p) for p in pids]
        self.largest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            for top in self.processes:
                try:
                    for p in [top, *top.children(recursive=True)]:
                        self.largest = max(self.largest, p.memory_info().rss / 2**20)
                except psutil.Error:
                    pass
            time.sleep(0.1)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.largest


@dataclass
class Run:
    """One measured command: wall seconds, CPU seconds of all its processes, largest MB."""

    wall: float
    cpu: float
    peak: float


def _cpu(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        t = psutil.Process(pid).cpu_times()
        total += t.user + t.system
    return total


def timed(cwd: Path, *cmd: str, watch: list[int] | None = None) -> Run:
    """Run a command; measure it (and the processes `watch`, such as Dask workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    others = _cpu(watch or [])
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = Peak([process.pid, *(watch or [])])
    _, err = process.communicate()
    wall = time.perf_counter() - start
    largest = peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err.decode()}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(wall, cpu + _cpu(watch or []) - others, largest)


def same(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same files, byte for byte."""
    left = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return left == right and all(filecmp.cmp(a / p, b / p, shallow=False) for p in left)


class Cluster:
    """A Dask scheduler and `workers` one-thread workers on localhost."""

    def __init__(self, here: Path, workers: int = 2) -> None:
        file = here / "scheduler.json"
        self.log = (here / "cluster.log").open("wb")
        dask = str(BIN / "dask")
        # as docs/commands.md advises: no statistical profiler sampling every render's stack
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
        run: dict[str, Any] = {"stdout": self.log, "stderr": self.log, "cwd": here, "env": env}
        self.processes = [
            subprocess.Popen(
                [
                    dask,
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(file),
                ],
                **run,
            )
        ]
        while not file.exists():
            time.sleep(0.2)
        self.address = json.loads(file.read_text("utf-8"))["address"]
        for n in range(workers):
            self.processes.append(
                subprocess.Popen(
                    [
                        dask,
                        "worker",
                        self.address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--name",
                        f"bench-{n}",
                    ],
                    **run,
                )
            )
        self.workers = [p.pid for p in self.processes[1:]]

    def stop(self) -> None:
        for p in reversed(self.processes):  # the workers first: they close with the scheduler
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still rendering when a build failed
                p.kill()
                p.wait()
        self.log.close()


def search_index(out: Path) -> str:
    """The size of the catalogue's search index, if the build made one."""
    index = out / "pagefind"
    if not (out / "index.html").is_file() or not index.is_dir():
        return "not built (no build/index.html with a search index in this build)"
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    return f"{size / 2**20:.1f} MB in {sum(1 for _ in index.rglob('*'))} files"


#: What the corpus is built to: the editions in PDF (the bulk of a corpus's pages).
BUILD = ("build", "-f", "pdf", "-k", "edition")
#: The works of the sample the single-work figure is measured on.
SAMPLE = 20


def stratified(sizes: dict[str, tuple[int, int]], k: int) -> list[str]:
    """Return k works spread evenly over the corpus ranked by size (paragraphs x texts)."""
    ranked = sorted(sizes, key=lambda w: (sizes[w][0] * sizes[w][1], w))
    k = min(k, len(ranked))
    return [ranked[(2 * i + 1) * len(ranked) // (2 * k)] for i in range(k)]


def corpus_figures(base: Path, works: int) -> None:
    """Build a corpus of `works` works three ways and print the figures."""
    root = base / "corpus"
    sizes = make_corpus(root, works)
    build = briefgen(*BUILD)
    rows: list[tuple[str, Run]] = []

    # the single-work figure: one further work of a sample spread over the corpus's sizes
    sample = base / "sample"
    make_corpus(sample, works)
    keep = stratified(sizes, SAMPLE)
    for path in (sample / "sources").glob("*.yaml"):
        if path.stem not in keep:
            path.unlink()
    one = timed(sample, *build, "--jobs", "2", "--out", "one", "-w", keep[len(keep) // 2])
    many = timed(sample, *build, "--jobs", "2", "--out", "many")
    single = Run(
        *((getattr(many, f) - getattr(one, f)) / (len(keep) - 1) for f in ("wall", "cpu")), 0.0
    )

    local = timed(root, *build, "--jobs", "2", "--out", "local")
    rows.append((f"--jobs 2, {works} works", local))
    noop = timed(root, *build, "--jobs", "2", "--out", "local")
    rows.append(("no-op rebuild", noop))
    site = timed(
        root, *briefgen("build", "-f", "html", "-k", "edition", "--jobs", "2", "--out", "site")
    )
    rows.append((f"HTML editions, catalogue and search index, {works} works", site))

    cluster = Cluster(base)
    try:
        time.sleep(3)  # the workers join
        dask = timed(
            root,
            *build,
            "--executor",
            "dask",
            "--scheduler",
            cluster.address,
            "--out",
            "dask",
            watch=cluster.workers,
        )
    finally:
        cluster.stop()
    rows.append((f"Dask executor, 2 local workers, {works} works", dask))
    if not same(root / "local", root / "dask"):
        raise SystemExit("the Dask build differs from the local build")

    shards = [
        timed(root, *build, "--jobs", "2", "--shard", f"{i}/4", "--out", f"s{i}")
        for i in range(1, 5)
    ]
    merge = timed(root, *briefgen("merge", "s1", "s2", "s3", "s4", "--into", "m"))
    if not same(root / "local", root / "m"):
        raise SystemExit("the merged shards differ from the local build")
    longest = max(r.wall for r in shards)
    summed = Run(
        sum(r.wall for r in shards), sum(r.cpu for r in shards), max(r.peak for r in shards)
    )
    rows.append((f"4 shards, one after another (longest {longest:.1f} s)", summed))
    rows.append(("merge of the 4 shards", merge))

    width = max(len(name) for name, _ in rows)
    print(f"corpus of {works} synthetic works (1-3 texts, 4-40 paragraphs): {' '.join(BUILD)}")
    print(
        f"{'measure':<{width}}  {'wall s':>8}  {'per work':>8}  {'CPU s':>8}  {'per work':>8}"
        f"  {'peak MB':>8}"
    )
    for name, r in rows:
        each = "" if "no-op" in name else f"{r.wall / works:8.3f}  "
        cpu_each = "" if "no-op" in name else f"{r.cpu / works:8.3f}"
        print(
            f"{name:<{width}}  {r.wall:8.1f}  {each or ' ' * 10}{r.cpu:8.1f}  "
            f"{cpu_each or ' ' * 8}  {r.peak:8.0f}"
        )
    print("(peak MB: the largest resident memory of any one process of the run)")
    wall_each, cpu_each = local.wall / works, local.cpu / works
    print(
        f"\nsingle-work figure (one further work of a {len(keep)}-work sample spread over the "
        f"sizes, --jobs 2): {single.wall:.3f} s wall, {single.cpu:.3f} s CPU"
    )
    for what, big, small in (("wall", wall_each, single.wall), ("CPU", cpu_each, single.cpu)):
        ratio = big / small
        verdict = "within 10%" if abs(ratio - 1) <= 0.10 else "NOT within 10%"
        print(f"time per work at {works} works, {what}: {big:.3f} s = {ratio:.2f}x, {verdict}")
    print(f"catalogue search index ({works} works' HTML editions): {search_index(root / 'site')}")
    files = [p for p in (root / "local").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"outputs: {len(files) - 1} files and the manifest, {size / 2**20:.0f} MB")
    _on_paper(local.wall / works, merge.wall / works, noop.wall / works, size / works)


def _on_paper(per_work: float, merge_per_work: float, noop_per_work: float, bytes_: float) -> None:
    """What 10,000 works would cost on N machines like this one, from the figures above."""
    n = 10_000
    print(f"\non paper, {n:,} works on N machines like this one (2 cores each), in N shards:")
    print(f"{'machines':>8}  {'each shard':>11}  {'merge':>7}  {'total':>9}")
    merge = merge_per_work * n
    for machines in (1, 4, 10, 40):
        shard = per_work * n / machines
        print(
            f"{machines:>8}  {shard / 60:9.1f} m  {merge / 60:5.1f} m  "
            f"{(shard + merge) / 60:7.1f} m"
        )
    print(
        f"(merge copies {bytes_ * n / 2**30:.1f} GB; a no-op rebuild of {n:,} works "
        f"~{noop_per_work * n:.0f} s; a Dask cluster of N such machines divides the rendering "
        "the same way, without the merge, while the building machine receives every byte)"
    )


def main(works: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        corpus_figures(Path(tmp), works)
