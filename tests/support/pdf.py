"""Reading a PDF back: its text (poppler's pdftotext), its words with their page and position
(pdftotext -bbox), and its structure tree (pikepdf)."""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pikepdf import Array, Dictionary


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """The text of a PDF as pdftotext extracts it (pages end with a form feed)."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def text_of(pdf: Path) -> str:
    """The text of a PDF in reading order, its white space folded to single spaces."""
    return " ".join(pdf_text(pdf).split())


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    text: str


def words(pdf: Path) -> list[Word]:
    """Return every word of a PDF in content order, with its page (1-based) and top-left."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result: list[Word] = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*)</word>', line)
        if m:
            result.append(Word(page, float(m[1]), float(m[2]), html.unescape(m[3])))
    return result


#: A word and its box: x0, y0, x1, y1 (points from the page's top-left), text.
Box = tuple[float, float, float, float, str]


@dataclass(frozen=True)
class Page:
    """A page's size and its words, each with its box (points, from the top-left)."""

    width: float
    height: float
    words: list[Box]

    def within(self, top_mm: float, bottom_mm: float) -> list[Box]:
        """The words inside the page's text area (between its top and bottom margins)."""
        top, bottom = top_mm * MM, self.height - bottom_mm * MM
        return [w for w in self.words if w[1] >= top - 1 and w[3] <= bottom + 1]

    def fill(self, top_mm: float, bottom_mm: float) -> float:
        """How far down the text area its lowest word reaches, from 0 (empty) to 1 (full)."""
        top, bottom = top_mm * MM, self.height - bottom_mm * MM
        lowest = max((w[3] for w in self.within(top_mm, bottom_mm)), default=top)
        return (lowest - top) / (bottom - top)


#: Points in a millimetre.
MM = 72 / 25.4


def pages(pdf: Path) -> list[Page]:
    """Return every page of a PDF with its words and their boxes (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result: list[Page] = []
    number = r'"([\d.]+)"'
    for line in out.splitlines():
        if m := re.search(rf"<page width={number} height={number}", line):
            result.append(Page(float(m[1]), float(m[2]), []))
        elif m := re.search(
            rf"<word xMin={number} yMin={number} xMax={number} yMax={number}>(.*)</word>", line
        ):
            box = (float(m[1]), float(m[2]), float(m[3]), float(m[4]))
            result[-1].words.append((*box, html.unescape(m[5])))
    return result


def find(ws: list[Word], phrase: str, min_x: float = 0) -> Word:
    """Return the first word of the first run of words that spells the phrase (right of min_x)."""
    target = phrase.split()
    texts = [w.text for w in ws]
    for i in range(len(ws) - len(target) + 1):
        if texts[i : i + len(target)] == target and ws[i].x >= min_x:
            return ws[i]
    raise AssertionError(f"{phrase!r} not found in the PDF")


def elements(node: Any) -> Iterator[Dictionary]:
    """Every structure element under a node, in reading order."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids] if kids is not None else []:
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def parent_tree(pdf: Any) -> dict[int, Any]:
    """The structure tree's parent tree as a mapping (a flat /Nums array, as WeasyPrint writes)."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


#: pdfua 0.1.3's empty-heading rule (UA-14-001) raises on any heading whose /K is an array:
#: it calls getattr(obj, "is_integer", False), and pikepdf 10 raises ValueError, not
#: AttributeError, for a missing attribute of an Array. test_pdf_archival checks that rule itself.
PDFUA_BROKEN = {"UA-14-001": "cannot get key '/is_integer' on object of type array"}
