"""Reading a comparison PDF's pages as a reader would judge its layout: is the column header
at the top of every page, does any page end with a section row, how full is each page, does
every row start in all its columns at once. The tests assert on these; the benchmark prints
them (benchmarks/run.py --layout)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .pdf import Box, Page

#: The comparison's page margins, top and bottom, in mm (comparison.css, @page).
TOP_MM, BOTTOM_MM = 16, 18


def text_area(page: Page) -> list[Box]:
    """The words of a comparison page between its margins (no running foot)."""
    return page.within(TOP_MM, BOTTOM_MM)


def header_line(page: Page) -> list[Box]:
    """The words of the column header's first line on a page, left to right (none: no header)."""
    words = text_area(page)
    para = [w for w in words if w[4] == "Para"]
    if not para:
        return []
    return sorted((w for w in words if abs(w[1] - para[0][1]) < 2), key=lambda w: w[0])


def without_header(pages: list[Page]) -> list[int]:
    """The pages (from 1) after the table's first that do not open with the column header."""
    first = next((i for i, p in enumerate(pages) if header_line(p)), len(pages))
    missing = []
    for number, page in enumerate(pages[first + 1 :], first + 2):
        words = text_area(page)
        top = min((w[1] for w in words), default=0)
        head = header_line(page)
        if not head or head[0][1] > top + 2:
            missing.append(number)
    return missing


def stranded_sections(pages: list[Page]) -> list[int]:
    """The pages (from 1) whose text ends with a section row ("§ 3" and its headings)."""
    stranded = []
    for number, page in enumerate(pages, 1):
        words = text_area(page)
        for mark in (w for w in words if w[4] == "§"):
            if not any(w[1] > mark[3] + 1 for w in words):
                stranded.append(number)
    return stranded


def fills(pages: list[Page]) -> list[float]:
    """How far down its text area each page's text reaches, from 0 to 1."""
    return [p.fill(TOP_MM, BOTTOM_MM) for p in pages]


@dataclass(frozen=True)
class RowStart:
    page: int
    number: str  # the paragraph number
    columns: tuple[bool, ...]  # whether each text column has a word on the number's line


def row_starts(pages: list[Page]) -> list[RowStart]:
    """Every paragraph row that starts on a page: its number, and which text columns start
    beside it (a column's left edge is its header's)."""
    found = []
    for number, page in enumerate(pages, 1):
        head = header_line(page)
        if not head:
            continue
        # a column's header starts where a header word follows a wide gap
        lefts = [head[1][0]] + [b[0] for a, b in itertools.pairwise(head[1:]) if b[0] - a[2] > 30]
        rights = [*lefts[1:], page.width]
        words = text_area(page)
        for w in sorted(words, key=lambda w: (w[1], w[0])):
            below_header = w[1] > head[0][3] + 20  # past the header's second line
            section = any(v[4] == "§" and abs(v[1] - w[1]) < 2 for v in words)  # "§ 3"
            if w[0] < lefts[0] - 5 and below_header and not section and re.fullmatch(r"\d+", w[4]):
                columns = tuple(
                    any(abs(v[1] - w[1]) < 4 and left - 2 <= v[0] < right for v in words)
                    for left, right in zip(lefts, rights, strict=True)
                )
                found.append(RowStart(number, w[4], columns))
    return found
