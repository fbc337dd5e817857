"""`briefgen new` and `briefgen templates`: start a project, and start a house style from ours."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from .errors import BriefgenError, Problem
from .render.html.jinja import BUNDLED, effective

#: The project `briefgen new` writes: a fictitious example work, written by the briefgen authors.
EXAMPLE = Path(str(resources.files("briefgen") / "example"))
#: Files kept under another name in the package (a dot file is easily lost on the way).
_RENAMED = {"gitignore": ".gitignore"}
#: The Word reference document, made by the DOCX renderer rather than kept as a file.
REFERENCE = "reference.docx"


class ScaffoldError(BriefgenError):
    """A project or a template file cannot be written where asked."""


def new_project(folder: Path) -> list[Path]:
    """Write a ready project into a new or empty folder; return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(
            Problem(str(folder), "not an empty folder; briefgen new writes only into a new one")
        )
    written = []
    for source in sorted(p for p in EXAMPLE.rglob("*") if p.is_file()):
        relative = source.relative_to(EXAMPLE)
        target = folder / relative.parent / _RENAMED.get(relative.name, relative.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)  # byte for byte: the capture's hash must hold
        written.append(target)
    return written


def listing(templates_dir: Path, reference: Path | None) -> list[tuple[str, str, Path | None]]:
    """Return (name, "project" or "bundled", file) for every template file in use."""
    rows: list[tuple[str, str, Path | None]] = [
        (name, "bundled" if path.is_relative_to(BUNDLED) else "project", path)
        for name, path in effective(templates_dir).items()
        if name != REFERENCE
    ]
    if reference is not None:
        rows.append((REFERENCE, "project", reference))
    else:
        rows.append((REFERENCE, "bundled", None))
    return sorted(rows)


def copy(name: str, templates_dir: Path) -> Path:
    """Copy a bundled template file into the project's templates folder, never over one."""
    target = templates_dir / name
    bundled = sorted(p.relative_to(BUNDLED).as_posix() for p in BUNDLED.rglob("*") if p.is_file())
    if name != REFERENCE and name not in bundled:
        raise ScaffoldError(
            f"no bundled template '{name}' (templates: {', '.join([*bundled, REFERENCE])})"
        )
    if target.exists():
        raise ScaffoldError(Problem(str(target), "already exists; briefgen does not overwrite it"))
    target.parent.mkdir(parents=True, exist_ok=True)
    if name == REFERENCE:
        from .render.docx.document import reference_docx

        target.write_bytes(reference_docx())
    else:
        shutil.copyfile(BUNDLED / name, target)
    return target
