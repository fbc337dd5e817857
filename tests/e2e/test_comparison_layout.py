"""The comparison PDF's pages, read back: a header on every page, no stranded section row, no
page left mostly empty, every column of a row starting on the same page; and the pack's
contents with its page numbers whole.

The works are generated (tests/support/long_works.py): three languages, paragraphs of very
different lengths per language, a headed section every four paragraphs, some lists, and
rows longer than a page. The page-fill figures for 20, 60 and 200 paragraphs are the
benchmark's (benchmarks/run.py --layout), not a timed test's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.render.context import Context
from briefgen.render.pdf import pieces
from briefgen.render.pdf.renderer import comparison
from briefgen.sources.load import load_all
from tests.support.comparison_pages import (
    fills,
    header_line,
    row_starts,
    stranded_sections,
    without_header,
)
from tests.support.long_works import long_work
from tests.support.pdf import Page, pages
from tests.support.projects import ROOT, WORK, run_cli

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


def test_every_page_of_the_table_starts_with_the_column_header(laid_out: list[Page]) -> None:
    assert header_line(laid_out[0]) or header_line(laid_out[1])
    head = [w[4] for w in header_line(laid_out[-1])]
    assert head == ["Para", "Text", "en", "Text", "fr", "Text", "es"]
    assert without_header(laid_out) == []


def test_no_page_ends_with_a_section_row(laid_out: list[Page]) -> None:
    assert stranded_sections(laid_out) == []


def test_no_page_but_the_last_is_under_a_third_full(laid_out: list[Page]) -> None:
    filled = [round(f, 2) for f in fills(laid_out)]
    assert min(filled[:-1]) >= 1 / 3, filled
    # and the layout is economical: 60 paragraphs, rows up to a page and a half, fit in 55 pages
    assert len(laid_out) <= 55


def test_each_row_starts_in_every_column_on_the_same_line(laid_out: list[Page]) -> None:
    """A row's paragraph number and its three texts begin together: no number or column left
    alone at the foot of a page while the rest of its row starts on the next."""
    starts = row_starts(laid_out)
    assert [s.number for s in starts] == [str(n) for n in range(1, 61)]
    assert [s for s in starts if not all(s.columns)] == []


def test_bundled_comparison_keeps_its_rows_and_fills_its_pages(tmp_path: Path) -> None:
    result = run_cli(
        "build", "--kind", "comparison", "--format", "pdf", "--out", str(tmp_path), cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    laid = pages(tmp_path / WORK / "comparison-en-xinhua-en-1ai.pdf")
    filled = [round(f, 2) for f in fills(laid)]
    assert min(filled[:-1]) >= 1 / 3, filled
    assert len(laid) == 6
    starts = row_starts(laid)
    assert [s.number for s in starts] == [str(n) for n in range(1, 23)]
    assert [s for s in starts if not all(s.columns)] == []
    assert without_header(laid) == stranded_sections(laid) == []


def test_pack_contents_keeps_a_wrapped_headings_page_number_whole(tmp_path: Path) -> None:
    long_work(tmp_path, 20, long_headings=(3,))  # section 3's heading wraps in the contents
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
