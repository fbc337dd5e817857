"""The register of published paragraph numbers: once a number is out, it means those words.

`sources/<work>.numbers.yaml` maps every published paragraph id to its number. `briefgen
publish` writes it; check and build refuse a source that changes a published number, drops a
published paragraph or gives a published number to another paragraph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, SourceError
from ..model.declaration import Declaration
from ..paths import inside
from . import yamlfile

SUFFIX = ".numbers.yaml"
FORMAT = "briefgen-numbers/1"


def register_file(decl: Declaration) -> Path | None:
    """Return where a work's register lives (beside its source), or None without a source."""
    if decl.source_file is None:
        return None
    return file_for(decl.source_file, decl.id)


def file_for(source_file: Path, work_id: str) -> Path:
    """Return where the register of the work in a source file lives: beside it."""
    return source_file.with_name(f"{work_id}{SUFFIX}")


def read(path: Path, shown: str) -> dict[str, str]:
    """Return the published numbers of a register file (empty if there is none)."""
    if not path.is_file():
        return {}
    if not inside(path, path.parent):
        raise SourceError(
            Problem(shown, "is a symlink leading outside the sources folder; put the file there")
        )
    data, _ = yamlfile.read(path, shown)
    numbers = data.get("numbers") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(numbers, dict):
        raise SourceError(
            Problem(
                shown,
                f"expected 'format: {FORMAT}' and a 'numbers' mapping of paragraph ids to numbers",
            )
        )
    return {str(k): str(v) for k, v in numbers.items()}


def problems(decl: Declaration, published: dict[str, str]) -> list[tuple[str, str]]:
    """Return (field path, message) for every way the source breaks the published numbers."""
    out: list[tuple[str, str]] = []
    paragraphs = {p.id: (i, p) for i, p in enumerate(decl.source.paragraphs)}
    owner = {number: pid for pid, number in published.items()}
    new = {
        pid for c in decl.source.corrections if c.change == "new-paragraph" for pid in c.paragraphs
    }
    for pid, number in published.items():
        if pid not in paragraphs:
            out.append(
                (
                    "paragraphs",
                    f"para {number} ('{pid}') was published and cannot be "
                    "removed; keep it and mark it 'withdrawn: true'",
                )
            )
            continue
        i, p = paragraphs[pid]
        if p.number != number:
            out.append(
                (
                    f"paragraphs[{i}].number",
                    f"'{pid}' was published as para {number}; "
                    f"its number cannot become {p.number} (numbers never change: insert a "
                    "paragraph as 12A, withdraw one with 'withdrawn: true')",
                )
            )
    for pid, (i, p) in paragraphs.items():
        if pid in published:
            continue
        if p.number in owner:
            out.append(
                (
                    f"paragraphs[{i}].number",
                    f"para {p.number} was published for "
                    f"'{owner[p.number]}'; give '{pid}' a number of its own, such as "
                    f"{p.number}A",
                )
            )
        elif published and pid not in new:
            out.append(
                (
                    f"paragraphs[{i}].id",
                    f"'{pid}' is not a published paragraph: record "
                    "it with a correction (change: new-paragraph), then run briefgen "
                    "publish",
                )
            )
    return out


def updated(decl: Declaration, published: dict[str, str]) -> tuple[bytes, int]:
    """Return the register with the work's current numbers recorded, and how many are new.

    The caller writes it through the build's writer (whole beside the register, then renamed
    over it), so a failure (a read-only folder, a full disk) leaves the register as it was.
    """
    numbers = dict(published)
    added = 0
    for p in decl.source.paragraphs:
        if p.id not in numbers:
            numbers[p.id] = p.number
            added += 1
    data: dict[str, Any] = {"format": FORMAT, "work": decl.id, "numbers": numbers}
    header = (
        f"# Paragraph numbers published in briefgen editions of {decl.id}, written by\n"
        "# `briefgen publish`. Check and build refuse a source that changes them.\n"
    )
    text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text.encode("utf-8"), added
