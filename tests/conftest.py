"""Shared fixtures: the real bundled sources, built once for real, and fixture projects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.projects import ROOT, SOURCE, Project, run_cli

UNIT = Path(__file__).resolve().parent / "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test outside tests/unit/ slow: `pytest -m "not slow"` runs the unit tier."""
    for item in items:
        if UNIT not in item.path.resolve().parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def canonical() -> dict[str, Any]:
    """The bundled canonical source, as plain data."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "sources" / SOURCE).read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build every format of the bundled Shanghai Declaration once, through the real CLI (the
    bundled collection's other works and its outputs are built by test_bundled_collection.py)."""
    out = tmp_path_factory.mktemp("build")
    work = SOURCE.removesuffix(".yaml")
    result = run_cli("build", "--format", "all", "--work", work, "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def manifest(built: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built / "manifest.json").read_text("utf-8"))
    return data


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)
