"""The comparison PDF's pages, read back: a header on every page, no stranded section row, no
page left mostly empty, every column of a row starting on the same page; and the pack's
contents with its page numbers whole.

The works are generated (tests/support/long_works.py): three languages, paragraphs of very
different lengths per language, a headed section every four paragraphs, some lists, and
rows longer than a page. The page-fill figures for 20, 60 and 200 paragraphs are the
benchmark's (benchmarks/run.py --layout), not a timed test's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.render.context import Context
from briefgen.render.pdf import pieces
from briefgen.render.pdf.renderer import comparison
from briefgen.sources.load import load_all
from tests.support.long_works import long_work
from tests.support.pdf import Page, pages
from tests.support.projects import ROOT, WORK, run_cli

#: The comparison's page margins, top and bottom, in mm (comparison.css, @page).
TOP_MM, BOTTOM_MM = 16, 18

#: Small enough that the 60-paragraph comparison is laid out in several pieces.
SMALL_PIECES = 60_000


def built_comparison(root: Path) -> Path:
    """Build a work's comparison PDF through the CLI; return the file."""
    result = run_cli("build", "--kind", "comparison", "--format", "pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    (pdf,) = (root / "build").glob("*/comparison-*.pdf")
    return pdf


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The work of 60 paragraphs in three languages."""
    root = tmp_path_factory.mktemp("sixty")
    long_work(root, 60)
    return root


@pytest.fixture(scope="module", params=["whole", "pieces"])
def laid_out(
    request: pytest.FixtureRequest, sixty: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[Page]:
    """The 60-paragraph comparison's pages: laid out whole (through the CLI), and in pieces."""
    if request.param == "whole":
        return pages(built_comparison(sixty))
    (decl,) = load_all(sixty / "sources", sixty, None)
    ids = tuple(e.id for e in decl.source.expressions)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces, "PIECE_CHARS", SMALL_PIECES)
        data = comparison(decl, ids, Context(sixty / "templates"))
    out = tmp_path_factory.mktemp("pieced") / "comparison.pdf"
    out.write_bytes(data)
    return pages(out)


def text_area(page: Page) -> list[tuple[float, float, float, float, str]]:
    return page.within(TOP_MM, BOTTOM_MM)


def test_every_page_of_the_table_starts_with_the_column_header(laid_out: list[Page]) -> None:
    first = next(i for i, p in enumerate(laid_out) if any(w[4] == "Para" for w in text_area(p)))
    assert first <= 1
    for number, page in enumerate(laid_out[first + 1 :], first + 2):
        words = text_area(page)
        top = min(w[1] for w in words)
        line = [w[4] for w in sorted(words, key=lambda w: w[0]) if w[1] < top + 2]
        assert line == ["Para", "Text", "en", "Text", "fr", "Text", "es"], number


def test_no_page_ends_with_a_section_row(laid_out: list[Page]) -> None:
    for number, page in enumerate(laid_out, 1):
        words = text_area(page)
        for mark in (w for w in words if w[4] == "§"):
            below = [w for w in words if w[1] > mark[3] + 1]
            assert below, f"page {number} ends with section row {mark}"


def test_no_page_but_the_last_is_under_a_third_full(laid_out: list[Page]) -> None:
    fills = [round(p.fill(TOP_MM, BOTTOM_MM), 2) for p in laid_out]
    assert min(fills[:-1]) >= 1 / 3, fills
    # and the layout is economical: 60 paragraphs, rows up to a page and a half, fit in 55 pages
    assert len(laid_out) <= 55


def test_each_row_starts_in_every_column_on_the_same_line(laid_out: list[Page]) -> None:
    """A row's paragraph number and its three texts begin together: no number or column left
    alone at the foot of a page while the rest of its row starts on the next."""
    seen = set()
    for number, page in enumerate(laid_out, 1):
        words = text_area(page)
        para = [w for w in words if w[4] == "Para"]
        if not para:
            continue
        header = sorted(
            (w for w in words if w[4] == "Text" and abs(w[1] - para[0][1]) < 2), key=lambda w: w[0]
        )
        columns = [w[0] for w in header]
        for w in words:
            if w[0] < columns[0] - 5 and re.fullmatch(r"\d+", w[4]) and w[1] > header[0][3] + 20:
                starts = [
                    any(abs(v[1] - w[1]) < 4 and left - 2 <= v[0] < right for v in words)
                    for left, right in zip(columns, [*columns[1:], page.width], strict=True)
                ]
                assert all(starts), f"page {number}: row {w[4]} starts in columns {starts}"
                seen.add(w[4])
    assert seen == {str(n) for n in range(1, 61)}


def test_bundled_comparison_keeps_its_rows_and_fills_its_pages(tmp_path: Path) -> None:
    result = run_cli(
        "build", "--kind", "comparison", "--format", "pdf", "--out", str(tmp_path), cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    laid = pages(tmp_path / WORK / "comparison-en-xinhua-en-1ai.pdf")
    fills = [round(p.fill(TOP_MM, BOTTOM_MM), 2) for p in laid]
    assert min(fills[:-1]) >= 1 / 3, fills
    assert len(laid) == 6
    numbers = {w[4] for p in laid for w in text_area(p) if w[0] < 80 and re.fullmatch(r"\d+", w[4])}
    assert {str(n) for n in range(1, 23)} <= numbers


def test_pack_contents_keeps_a_wrapped_headings_page_number_whole(tmp_path: Path) -> None:
    long_work(tmp_path, 20, long_headings=(3,))
    result = run_cli("build", "--kind", "pack", "--format", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    contents = pages(tmp_path / "build" / "long-declaration" / "pack.pdf")[1]
    right = [w for w in contents.within(22, 24) if w[0] > contents.width * 0.75]  # common.css
    numbers = [int(w[4]) for w in right if w[4].isdigit()]
    # page 2 is the contents; every entry's page is whole and in order, the parts from page 3
    assert numbers == sorted(numbers) and min(numbers) >= 3, numbers
    # the French heading of section 3 wraps; its page (two digits) stands on its last line
    last = next(w for w in contents.words if w[4] == "année")
    beside = [w[4] for w in right if abs(w[1] - last[1]) < 2 and w[0] > last[2]]
    assert len(beside) == 1 and int(beside[0]) >= 10, beside
