"""Words of a PDF with their page and position, from poppler's pdftotext -bbox."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


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


def find(ws: list[Word], phrase: str, min_x: float = 0) -> Word:
    """Return the first word of the first run of words that spells the phrase (right of min_x)."""
    target = phrase.split()
    texts = [w.text for w in ws]
    for i in range(len(ws) - len(target) + 1):
        if texts[i : i + len(target)] == target and ws[i].x >= min_x:
            return ws[i]
    raise AssertionError(f"{phrase!r} not found in the PDF")
