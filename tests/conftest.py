"""Shared fixtures: the real bundled sources, built once for real, and fixture projects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "shanghai-declaration-2024.yaml"
WORK = "shanghai-declaration-2024"
EXPRESSIONS = ("en-xinhua", "en-1ai")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run briefgen in a real subprocess, as a user would."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def canonical() -> dict[str, Any]:
    """The bundled canonical source, as plain data."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "sources" / SOURCE).read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build every format of the bundled sources once, through the real CLI."""
    out = tmp_path_factory.mktemp("build")
    result = run_cli("build", "--format", "all", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def manifest(built: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built / "manifest.json").read_text("utf-8"))
    return data


class Project:
    """A throwaway copy of the bundled project whose source can be edited."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(ROOT / "sources", root / "sources")
        self.source = root / "sources" / SOURCE

    def text(self) -> str:
        return self.source.read_text("utf-8")

    def replace(self, old: str, new: str, count: int = 1) -> None:
        """Edit the source text; the old text must be there."""
        text = self.text()
        assert old in text, f"fixture edit: {old!r} not in the source"
        self.source.write_text(text.replace(old, new, count), "utf-8")

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Edit the source as data and write it back as YAML."""
        data = yaml.safe_load(self.text())
        change(data)
        self.source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, cwd=self.root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)
