"""mkdocs hooks: the pages generated from the code at every build (see mkdocs.yml)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]


def _docs_schema() -> Any:
    spec = importlib.util.spec_from_file_location("docs_schema", ROOT / "scripts/docs_schema.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_files(files: Files, config: Any) -> Files:
    """Add the source schema page, made from the pydantic models, never kept in docs/."""
    page = _docs_schema().render()
    files.append(File.generated(config, "reference/source-schema.md", content=page))
    return files
