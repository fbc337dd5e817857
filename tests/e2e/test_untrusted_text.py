"""Text from a source cannot break a page: long words wrap, CSS strings are escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from briefgen.limits import WORD_CHARS
from briefgen.render.html.jinja import css_string
from tests.support.projects import ROOT, WORK, run_cli


def _boxes(pdf: Path) -> list[tuple[float, float, str]]:
    """Return (right edge of the word, width of its page, word) for every word of a PDF."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = []
    width = 0.0
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page[1])
        word = re.search(r'xMax="([\d.]+)"[^>]*>(.*)</word>', line)
        if word:
            boxes.append((float(word[1]), width, word[2]))
    return boxes


def test_the_longest_word_stays_on_the_page(tmp_path: Path) -> None:
    """A word of the most characters check lets through wraps inside the page's width."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    source = tmp_path / "sources" / f"{WORK}.yaml"
    word = "Governance" * ((WORD_CHARS - len("Shanghai")) // len("Governance"))
    text = source.read_text("utf-8")
    source.write_text(text.replace("  place: Shanghai", f"  place: Shanghai{word}", 1), "utf-8")
    result = run_cli("build", "-f", "pdf", "-k", "edition", "-k", "comparison", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdfs = sorted((tmp_path / "build" / WORK).glob("*.pdf"))
    assert [p.name.split("-")[0] for p in pdfs] == ["comparison", "edition", "edition"]
    for pdf in pdfs:
        boxes = _boxes(pdf)
        # the word's pieces, line after line (a page's footer may come between two of them)
        pieces = "".join(
            w.rstrip(",") for _, _, w in boxes if re.fullmatch("(Shanghai)?[Governac]+,?", w)
        )
        assert f"Shanghai{word}" in pieces, f"{pdf.name}: the long word is not all there"
        outside = [(x, w[:30]) for x, width, w in boxes if x > width - 20]
        assert not outside, f"{pdf.name}: words run off the page: {outside[:3]}"


def test_css_strings_keep_quotes_backslashes_and_newlines(tmp_path: Path) -> None:
    """A running head made from any text prints that text (a raw newline dropped it)."""
    from weasyprint import HTML

    title = 'Shanghai "AI"\nDeclaration \\ 2024\u2028end'
    assert css_string(title) == '"Shanghai \\"AI\\"\\a Declaration \\\\ 2024\\2028 end"'
    page = f"<style>@page {{ @top-left {{ content: {css_string(title)}; }} }}</style><p>Body</p>"
    pdf = tmp_path / "head.pdf"
    HTML(string=page).write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert 'Shanghai "AI"' in text
    assert "Declaration \\ 2024" in text
