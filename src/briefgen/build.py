"""Plan the outputs, render them all in memory, then write them atomically with a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import citation
from .declaration import Declaration
from .errors import BuildError, Problem
from .outputs import RECORD_EXTENSIONS, filename
from .render import FORMATS, Context, renderers

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Output:
    """One file a build makes."""

    work: Declaration
    kind: str
    expressions: tuple[str, ...]
    format: str

    @property
    def path(self) -> str:
        """Return the path relative to the output folder."""
        return f"{self.work.id}/{filename(self.kind, self.expressions, self.format)}"


def plan(
    works: Iterable[Declaration], formats: Iterable[str], kinds: set[str] | None = None
) -> list[Output]:
    """Return every output to build (of the kinds named, if any), in a stable order."""
    chosen = [f for f in FORMATS if f in set(formats)]
    outputs = []
    for w in works:
        ids = tuple(e.id for e in w.source.expressions)
        outputs += [Output(w, "edition", (e,), f) for e in ids for f in chosen]
        if len(ids) > 1:
            outputs += [Output(w, "comparison", ids, f) for f in chosen]
        if w.brief is not None:
            outputs += [Output(w, "brief", ids, f) for f in chosen]
        outputs += [Output(w, "citation", ids, f) for f in RECORD_EXTENSIONS]
        if w.releases():  # a corrected work: say what changed, in PDF and HTML
            outputs += [Output(w, "notice", ids, f) for f in chosen if f in ("pdf", "html")]
        if "pdf" in chosen or kinds == {"pack"}:
            outputs.append(Output(w, "pack", ids, "pdf"))
    return [o for o in outputs if kinds is None or o.kind in kinds]


def render(
    outputs: list[Output], ctx: Context, progress: Callable[[Output], None] | None = None
) -> dict[str, bytes]:
    """Render every output in memory; nothing is written here."""
    registry = renderers()
    rendered: dict[str, bytes] = {}
    for out in outputs:
        try:
            if out.kind == "citation":
                records = citation.render(out.work, out.format, list(out.expressions))
                rendered[out.path] = records.encode("utf-8")
            else:
                draw = getattr(registry[out.format], out.kind)
                rendered[out.path] = draw(out.work, out.expressions, ctx)
        except BuildError:
            raise
        except Exception as err:  # a renderer failing must not leave half a build behind
            raise BuildError(Problem(out.work.path, f"rendering {out.path} failed: {err}")) from err
        if progress:
            progress(out)
    return rendered


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file by writing a temporary sibling and renaming it over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(out_dir: Path) -> list[dict[str, Any]]:
    """Return the entries of an existing manifest, or none if it is missing or damaged."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        entries = data["outputs"]
        return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def manifest_entry(out: Output, data: bytes) -> dict[str, Any]:
    """Return the manifest record of one output."""
    return {
        "path": out.path,
        "work": out.work.id,
        "kind": out.kind,
        "expressions": list(out.expressions),
        "format": out.format,
        "sha256": hashlib.sha256(data).hexdigest(),
        "edition": out.work.edition(out.expressions[0] if out.kind == "edition" else None).version,
    }


def write(outputs: list[Output], rendered: dict[str, bytes], out_dir: Path) -> Path:
    """Write rendered outputs and merge them into the manifest; return the manifest path."""
    for out in outputs:
        write_atomic(out_dir / out.path, rendered[out.path])
    fresh = {out.path: manifest_entry(out, rendered[out.path]) for out in outputs}
    kept = [
        e
        for e in read_manifest(out_dir)
        if e["path"] not in fresh and (out_dir / e["path"]).is_file()
    ]
    entries = sorted(kept + list(fresh.values()), key=lambda e: str(e["path"]))
    manifest = out_dir / MANIFEST
    write_atomic(
        manifest,
        (json.dumps({"outputs": entries}, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    )
    return manifest


def check_out_dir(out_dir: Path, sources_dir: Path) -> None:
    """Refuse an output folder inside sources/: a build never writes there."""
    out, src = out_dir.resolve(), sources_dir.resolve()
    if out == src or out.is_relative_to(src):
        raise BuildError(
            Problem(
                str(out_dir),
                "output folder is inside sources/; choose another --out (default: build/)",
            )
        )
