"""Builds that scale out: on a real Dask cluster, and in CI shards merged again.

A `dask scheduler` and two `dask worker` processes run on localhost, started in another folder
than the project's (a worker reads the project's templates by their absolute path); the
builds through them, and 4 shards merged, must equal a local build byte for byte.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.files import snapshot
from tests.support.projects import private_fonts, run_cli
from tests.support.synthetic import make_corpus

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return private_fonts(tmp_path_factory.mktemp("fonts"))


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory, fonts: dict[str, str]) -> Iterator[str]:
    """Start a Dask scheduler and two workers (one thread each); yield the address."""
    here = tmp_path_factory.mktemp("cluster")
    file = here / "scheduler.json"
    env = {
        **os.environ,
        **fonts,
        "PYTHONWARNINGS": "ignore",
        "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",  # as docs/commands.md advises
    }
    dask = str(BIN / "dask")
    common = {"cwd": here, "env": env, "start_new_session": True}
    with (here / "log").open("wb") as log:
        started = [
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
                stdout=log,
                stderr=log,
                **common,  # type: ignore[call-overload]
            )
        ]
        try:
            deadline = time.monotonic() + 60
            while not file.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            address: str = json.loads(file.read_text("utf-8"))["address"]
            for n in (1, 2):
                started.append(
                    subprocess.Popen(
                        [
                            dask,
                            "worker",
                            address,
                            "--nthreads",
                            "1",
                            "--no-dashboard",
                            "--name",
                            f"worker-{n}",
                        ],
                        stdout=log,
                        stderr=log,
                        **common,  # type: ignore[call-overload]
                    )
                )
            yield address
        finally:
            for process in reversed(started):
                os.killpg(process.pid, signal.SIGTERM)
            for process in started:
                process.wait(timeout=30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root, 4, paragraphs=(3, 14), words=(8, 30))
    return root


def _build(root: Path, out: str, fonts: dict[str, str], *args: str) -> None:
    for chosen in (["-f", "html"], ["-f", "pdf", "-k", "edition", "-w", "corpus-00001"]):
        result = run_cli("build", *chosen, "--out", out, *args, cwd=root, env=fonts)
        assert result.returncode == 0, result.stderr


def test_a_dask_build_equals_a_local_build(
    corpus: Path, scheduler: str, fonts: dict[str, str]
) -> None:
    _build(corpus, "local", fonts, "--jobs", "2")
    _build(corpus, "dask", fonts, "--executor", "dask", "--scheduler", scheduler)
    local = snapshot(corpus / "local")
    assert any(p.endswith(".pdf") for p in local)
    assert snapshot(corpus / "dask") == local  # every output and the manifest
    (corpus / "briefgen.toml").write_text(f'executor = "dask"\nscheduler = "{scheduler}"\n')
    try:
        again = run_cli("build", "-f", "html", "--force", "--out", "dask", cwd=corpus, env=fonts)
    finally:
        (corpus / "briefgen.toml").unlink()
    assert again.returncode == 0, again.stderr
    assert snapshot(corpus / "dask") == local


def test_a_worker_with_other_fonts_fails_the_build(corpus: Path, scheduler: str) -> None:
    # the machine's own fonts here, the workers' private ones: other PDFs than the digests say
    result = run_cli(
        "build",
        "-f",
        "html",
        "--out",
        "other",
        "--executor",
        "dask",
        "--scheduler",
        scheduler,
        cwd=corpus,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines, result.stderr
    assert all(
        line.startswith("error: dask worker tcp://127.0.0.1:")
        and line.endswith(": installed fonts differ from the building machine's")
        for line in lines
    ), lines
    assert not (corpus / "other").exists()


def test_a_scheduler_that_cannot_be_reached_is_one_line(tmp_path: Path, corpus: Path) -> None:
    result = run_cli(
        "build",
        "--out",
        str(tmp_path / "out"),
        "--executor",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:9",
        cwd=corpus,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler "
        "(Connection refused)\n"
    )
    assert not (tmp_path / "out").exists()
    missing = run_cli("build", "--executor", "dask", cwd=corpus)
    assert missing.stderr == (
        "error: --executor dask: give the scheduler's address with --scheduler "
        "(e.g. tcp://10.0.0.5:8786) or `scheduler` in briefgen.toml\n"
    )


def test_four_shards_merged_equal_one_build(corpus: Path, fonts: dict[str, str]) -> None:
    one = run_cli("build", "-f", "html", "--out", "whole", cwd=corpus, env=fonts)
    assert one.returncode == 0, one.stderr
    for i in (1, 2, 3, 4):  # as a CI matrix would, each shard on its own
        result = run_cli(
            "build",
            "-f",
            "html",
            "--jobs",
            "1",
            "--shard",
            f"{i}/4",
            "--out",
            f"shard-{i}",
            cwd=corpus,
            env=fonts,
        )
        assert result.returncode == 0, result.stderr
    merged = run_cli(
        "merge",
        *(f"shard-{i}" for i in (1, 2, 3, 4)),
        "--into",
        "merged",
        cwd=corpus,
        env=fonts,
    )
    assert merged.returncode == 0, merged.stderr
    whole = snapshot(corpus / "whole")
    # the works' outputs (the catalogue and its index, made by merge as a build's last stage
    # makes them, are the folder's, not a shard's)
    count = len(json.loads(whole["manifest.json"])["outputs"])
    assert merged.stdout == (f"merged 4 shard(s): wrote {count} file(s) and merged/manifest.json\n")
    assert snapshot(corpus / "merged") == whole  # every output and the manifest
    again = run_cli("build", "-f", "html", "--out", "merged", cwd=corpus, env=fonts)
    assert again.stdout.splitlines()[-1] == (
        f"wrote 0 file(s), {count} unchanged, and merged/manifest.json"
    )
