"""Print typography: what a ministry would publish. Nothing is printed below 8 pt, in any PDF
or DOCX a build makes (the bundled work's every kind, a correction notice, a collection's)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.support.corpus import make_corpus
from tests.support.pdf import glyph_sizes
from tests.support.projects import Project, correct_typo, edit, run_cli

#: The smallest size briefgen prints, in points (docs/conformance.md, "House style").
FLOOR = 8.0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every PDF and DOCX of the bundled work (corrected, so it has a notice) and of a
    two-work collection."""
    project = Project(tmp_path_factory.mktemp("bundled"))
    edit(project, correct_typo)
    corpus = make_corpus(tmp_path_factory.mktemp("corpus"))
    for root in (project.root, corpus):
        done = run_cli("build", "--format", "pdf", "--format", "docx", cwd=root)
        assert done.returncode == 0, done.stderr
    files = sorted(
        f
        for root in (project.root, corpus)
        for f in (root / "build").rglob("*")
        if f.suffix in (".pdf", ".docx")
    )
    kinds = {f.stem.split("-")[0] for f in files}
    assert {"edition", "comparison", "brief", "notice", "pack", "matrix", "themes"} <= kinds
    return files


def test_no_pdf_prints_a_glyph_below_8_pt(built: list[Path]) -> None:
    small = {
        f"{pdf.parent.name}/{pdf.name}": sorted({(page, size) for page, size, _ in found})[:5]
        for pdf in built
        if pdf.suffix == ".pdf"
        if (found := [g for g in glyph_sizes(pdf) if g[1] < FLOOR - 0.01])
    }
    assert not small, small


def test_no_docx_sets_a_size_below_8_pt(built: list[Path]) -> None:
    """Every size a DOCX names (w:sz and w:szCs, in half-points) in its text, styles, headers
    and footers."""
    small: dict[str, list[str]] = {}
    for docx in (f for f in built if f.suffix == ".docx"):
        with zipfile.ZipFile(docx) as z:
            for part in z.namelist():
                if part.startswith("word/") and part.endswith(".xml"):
                    xml = z.read(part).decode("utf-8")
                    sizes = re.findall(r'<w:sz(?:Cs)? w:val="(\d+)"', xml)
                    if any(int(v) < FLOOR * 2 for v in sizes):
                        small.setdefault(f"{docx.parent.name}/{docx.name}", []).append(part)
    assert not small, small
