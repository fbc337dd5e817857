"""Following links as a reader does: the ids and links of an HTML page, the link annotations
and named destinations of a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
from pikepdf import Name


class Anchors(HTMLParser):
    """Every id of a page, and every link's href in order."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def parsed(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text("utf-8"))
    return parser


def pdf_links(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every link annotation of a PDF, page by page."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.Subtype == Name.Link:
                yield annot


def pdf_dests(pdf: pikepdf.Pdf) -> set[str]:
    """The names of a PDF's named destinations."""
    return set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
