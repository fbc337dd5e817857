"""Print typography: what a ministry would publish. Nothing is printed below 8 pt, in any PDF
or DOCX a build makes (the bundled work's every kind, a correction notice, a collection's); no
paragraph ends on a line of one word; no date breaks over two lines; no page of the annex is
left half empty."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.support.corpus import make_corpus
from tests.support.pdf import MM, glyph_sizes, pages, words
from tests.support.projects import WORK, Project, correct_typo, edit, run_cli

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


def _lines(pdf: Path) -> list[list[str]]:
    rows: dict[tuple[int, int], list[str]] = {}
    for w in words(pdf):
        rows.setdefault((w.page, round(w.y)), []).append(w.text)
    return [rows[k] for k in sorted(rows)]


def _sentence_end(word: str) -> bool:
    """A word that ends a sentence: letters, then a full stop, colon or semicolon. (Not a
    shortened hash, "0196b7a4122d2d2a…).", which may break anywhere, nor the stop after a web
    address, which WeasyPrint may set on a line of its own: neither is a paragraph's wording.)"""
    return bool(re.fullmatch(r"\w*[^\W\d_]{2,}[.;:]", word)) and "…" not in word


def test_no_printed_paragraph_ends_on_a_line_of_one_word(built: list[Path]) -> None:
    """A paragraph's, a list item's or a table cell's last two words are kept on one line:
    no line is one word that ends a sentence ("unrelated.", or "lems." of a hyphenated
    "problems.")."""
    alone = {
        f"{pdf.parent.name}/{pdf.name}": runts
        for pdf in built
        if pdf.suffix == ".pdf"
        if (runts := [ws[0] for ws in _lines(pdf) if len(ws) == 1 and _sentence_end(ws[0])])
    }
    assert not alone, alone


def test_no_printed_word_is_split_by_a_hyphen(built: list[Path]) -> None:
    """Texts are set ragged, unhyphenated: no line of any PDF ends in a hyphen the renderer
    added (U+2010), so text copied out of a PDF has its words whole."""
    split = {
        f"{pdf.parent.name}/{pdf.name}": ends
        for pdf in built
        if pdf.suffix == ".pdf"
        if (ends := [ws[-1] for ws in _lines(pdf) if ws and ws[-1].endswith("\u2010")])
    }
    assert not split, split


def test_the_notice_keeps_its_date_on_one_line(built: list[Path]) -> None:
    notice = next(f for f in built if f.name == "notice.pdf")
    date = ["22", "NOVEMBER", "2026"]
    assert any(line[i : i + 3] == date for line in _lines(notice) for i in range(len(line))), (
        "the series line's date is broken over two lines"
    )


def test_the_annex_flows_from_page_to_page(built: list[Path]) -> None:
    """An instrument of the annex breaks between its lines rather than moving whole to the
    next page: every page of the annex but its last is filled to its foot."""
    pack = next(f for f in built if f.name == "pack.pdf" and f.parent.name == WORK)
    # its running head, or its title on its first page, names the annex
    annex = [p for p in pages(pack) if any(w[4] == "Annex:" for w in p.words if w[1] < 30 * MM)]
    assert len(annex) >= 2
    fills = [round(p.fill(22, 24), 2) for p in annex[:-1]]
    assert all(f > 0.9 for f in fills), fills


def test_the_pack_docx_sets_its_annex_as_the_pdf_does(built: list[Path]) -> None:
    """The annex's excerpts are upright (Word's "Quote" style is italic, and italic is what an
    edition uses for the editors' words); a heading and an instrument's issuer stay on the
    page of what follows them."""
    import docx

    pack = docx.Document(str(next(f for f in built if f.name == "pack.docx" and WORK in str(f))))
    quotes = [p for p in pack.paragraphs if p.style.name == "Quote"]
    assert quotes and pack.styles["Quote"].font.italic is False
    assert not any(r.italic for p in quotes for r in p.runs)
    headings = [p for p in pack.paragraphs if p.style.name.startswith("Heading")]
    kept = [
        p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
        for p in headings
    ]
    assert headings and all(kept)
    annex = next(
        i
        for i, p in enumerate(pack.paragraphs)
        if "Shanghai Initiative" in p.text and p.style.name.startswith("Heading")
    )
    assert pack.paragraphs[annex + 1].paragraph_format.keep_with_next  # the issuer


def test_the_pack_docx_brief_is_one_page_in_libreoffice(built: list[Path], tmp_path: Path) -> None:
    pack = next(f for f in built if f.name == "pack.docx" and WORK in str(f))
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(pack)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    pdf = tmp_path / "pack.pdf"
    found = [p for p in pages(pdf) if any(w[4] == "commitments" for w in p.words)]
    assert len(found) == 1
    brief = pages(pdf).index(found[0])
    following = " ".join(w[4] for w in pages(pdf)[brief + 1].words)
    assert following.startswith("Clean edition"), following[:80]
    assert min(size for _, size, _ in glyph_sizes(pdf)) >= FLOOR - 0.01


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_chinese_in_a_docx_is_tagged_chinese(built: list[Path]) -> None:
    """Every run holding Chinese characters (a term, an attribution in a run of English) says
    so (w:lang w:eastAsia="zh-CN"), and the theme's East Asian language is Chinese where the
    document has Chinese, never the template's Japanese."""
    from lxml import etree

    seen = 0
    for docx in (f for f in built if f.suffix == ".docx"):
        with zipfile.ZipFile(docx) as z:
            body = etree.fromstring(z.read("word/document.xml"))
            settings = etree.fromstring(z.read("word/settings.xml"))
        chinese = [
            r
            for r in body.iter(f"{W}r")
            if re.search("[\u4e00-\u9fff]", "".join(t.text or "" for t in r.iter(f"{W}t")))
        ]
        seen += len(chinese)
        for r in chinese:
            lang = r.find(f"{W}rPr/{W}lang")
            assert lang is not None and lang.get(f"{W}eastAsia") == "zh-CN", docx.name
        theme = settings.find(f"{W}themeFontLang")
        assert theme is not None
        assert theme.get(f"{W}eastAsia") == ("zh-CN" if chinese else None), docx.name
    assert seen  # the bundled work's terms and the annex's attributions
