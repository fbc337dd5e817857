"""Long documents laid out and written in pieces, so that memory stays bounded.

WeasyPrint keeps every laid-out page of a document (a Python object per line and text run)
until the PDF is written: about 1 MB a page, 800 MB for a 368-page comparison. A document
whose text is longer than PIECE_CHARS is therefore laid out a piece at a time, each piece
written as PDF and its layout released before the next, and the pieces joined
(render/pdf/join.py) into the PDF a single layout would have made:

- A piece ends where a page of its own layout starts with a whole block (a paragraph, a
  heading, a table row) and at least one further page follows, so that every page kept was
  broken with the text after it in view; the next piece starts with that block on a new page.
  The pages after it are laid out again by the next piece (about one page in a hundred).
- The next piece opens with a blank lead page that is never written: its first real page is
  not `:first`, and it follows a page break, as in the whole document. The block's ancestors
  are continued (their top margin, padding and border sliced off, as WeasyPrint slices a box
  split across pages), the block's own top margin is truncated (an unforced break), tables
  keep their column definitions and repeated header, and the page counter continues.
- Links to anchors in other pieces are kept as named destinations, which the joined
  document defines; the outline is made from every piece's bookmarks at once.
- Page-margin text that needs the total page count ("Page 3 of 368") is left out of the
  pieces and drawn, once the total is known, by a light layout of just that furniture, laid
  over each page as an artifact.

A document of up to 1.25 × PIECE_CHARS is laid out once, whole, exactly as before.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from .finish import finish
from .join import Job, OutlineEntry, Piece, join_and_finish
from .weasy import (
    TALLY,
    links_elsewhere,
    margin_edge,
    margins_left_out,
    needing_total,
    only_margins,
    page_content,
    parse,
    release,
)
from .weasy import write_pdf as weasy_write

#: Characters of text a piece holds: about 80 comparison pages or 100 edition pages, whose
#: layout holds 130 to 160 MB (benchmarks/run.py --length prints the peak). A document of up
#: to 1.25 times as much is laid out whole.
PIECE_CHARS = 200_000

#: Elements always carried into a piece whose table they belong to: a table's column
#: definitions and its header and footer rows, which repeat on every page.
TABLE_FRAME = {"colgroup", "col", "thead", "tfoot"}

#: Added to the ancestors of a piece's first block: the box continues from an earlier page.
CONTINUED = "margin-top:0!important;padding-top:0!important;border-top-width:0!important"

#: Lays out HTML (a string or a parsed tree), with extra CSS: pdf.layout or an EditionLayout.
Lay = Callable[[Any, Context, "str | None"], Any]


@dataclass
class WrittenPieces:
    """A document laid out and written, whole or in pieces; its pages not yet joined."""

    pieces: list[bytes]
    pages: int
    marks: list[OutlineEntry] = field(default_factory=list)  # pages from this document's first
    blanked: set[str] = field(default_factory=set)  # margin edges that await the total
    layouts: int = 1

    def finished(
        self,
        describe: Callable[[str], str],
        ua: bool,
        furniture: Callable[[int], bytes] | None = None,
    ) -> bytes:
        """Return the document as one finished PDF (render/pdf/finish.py), its pieces joined
        and its furniture drawn if any margin box awaits the total page count."""
        if len(self.pieces) == 1 and not self.blanked:
            return finish(self.pieces[0], describe, ua)
        drawn = furniture(self.pages) if furniture and self.blanked else None
        return join_and_finish(
            Job([Piece(p) for p in self.pieces], self.marks, drawn, describe, ua)
        )


def marks(document: Any, first: int = 0) -> list[OutlineEntry]:
    """Return the outline entries of a laid-out document, its pages counted from `first`."""
    found = []
    for i, page in enumerate(document.pages):
        for level, label, (x, y), _state in page.bookmarks:
            found.append(OutlineEntry(level, label, first + i, x * 0.75, (page.height - y) * 0.75))
    return found


def ids(html: str) -> set[str]:
    """Return the anchors an HTML page defines (its id attributes)."""
    return set(re.findall(r'\sid="([^"]*)"', html))


#: The blocks of the document model (documents/blocks.py) a piece may start with, as the block
#: macros mark them (data-block): a numbered paragraph, a heading, a row of a table's body. The
#: mark comes from the block's type, so a house style's template cannot remove a restart point.
RESTARTS = frozenset({"numbered", "heading", "row"})  # any, where the block before leads (_lead)


def is_block(element: Any, parent: Any) -> bool:
    """Whether a piece may start with this element: a numbered paragraph, a heading, or a row
    of a table's body."""
    return isinstance(element.tag, str) and element.get("data-block") in RESTARTS


@dataclass
class _Index:
    """Where each element of a parsed page lies, and which blocks it holds."""

    blocks: list[Any] = field(default_factory=list)
    block_of: dict[int, int] = field(default_factory=dict)
    pre: dict[int, int] = field(default_factory=dict)
    end: dict[int, int] = field(default_factory=dict)
    span: dict[int, tuple[int, int]] = field(default_factory=dict)  # first, last block inside
    chars: list[int] = field(default_factory=list)
    parent: dict[int, Any] = field(default_factory=dict)  # of each block


def _index(body: Any) -> _Index:
    index = _Index()
    counter = 0

    def visit(element: Any, parent: Any) -> None:
        nonlocal counter
        key = id(element)
        index.pre[key] = counter
        counter += 1
        if is_block(element, parent):
            index.block_of[key] = len(index.blocks)
            index.parent[key] = parent
            index.blocks.append(element)
            index.chars.append(sum(len(t) for t in element.itertext()))
        else:
            first = len(index.blocks)
            for child in element:
                visit(child, element)
            if len(index.blocks) > first:
                index.span[key] = (first, len(index.blocks) - 1)
        index.end[key] = counter

    visit(body, None)
    return index


def _piece_tree(
    root: Any, index: _Index, start: int, stop: int, blank: bool = False
) -> tuple[Any, dict[int, int]]:
    """Return a copy of the page holding blocks [start, stop), continued if start > 0: led by
    the block before start (see _lead), or if blank by a blank page (see _continue)."""
    total = len(index.blocks)
    low = index.pre[id(index.blocks[start])] if start else -1
    high = index.end[id(index.blocks[stop - 1])] if stop < total else 1 << 62
    block_of: dict[int, int] = {}

    def take(element: Any, parent_kept: bool) -> Any | None:
        key = id(element)
        number = index.block_of.get(key)
        if number is not None:
            if not start <= number < stop:
                return None
            made = copy.deepcopy(element)
            block_of[id(made)] = number
            return made
        if key in index.span:
            first, last = index.span[key]
            if last < start or first >= stop:
                return None
            return shallow(element)
        if parent_kept and isinstance(element.tag, str) and element.tag in TABLE_FRAME:
            return copy.deepcopy(element)
        return copy.deepcopy(element) if low < index.pre[key] < high else None

    def shallow(element: Any) -> Any:
        made = ET.Element(element.tag, dict(element.attrib))
        made.tail = element.tail
        begun = index.span.get(id(element), (start, 0))[0] < start  # in an earlier piece
        made.text = None if begun else element.text  # shown there
        if begun:
            continued.add(id(made))
        for child in element:
            kept = take(child, True)
            if kept is not None:
                made.append(kept)
        return made

    continued: set[int] = set()  # elements begun in an earlier piece (their copies' ids)
    first = start
    if start and not blank:  # the block before leads
        start -= 1
        low = index.pre[id(index.blocks[start])]
    tree = ET.Element(root.tag, dict(root.attrib))
    tree.text = root.text
    for child in root:
        tree.append(shallow(child) if child.tag == "body" else copy.deepcopy(child))
    if first and blank:
        _continue(tree, block_of, first, continued)
    elif first:
        _lead(tree, block_of, first, _follows(index, first))
    return tree, block_of


def _follows(index: _Index, number: int) -> bool:
    """Whether a block is a table row right after another row of the same row group."""
    block, before = index.blocks[number], index.blocks[number - 1]
    return block.tag == before.tag == "tr" and index.parent[id(block)] is index.parent[id(before)]


def _lead(tree: Any, block_of: dict[int, int], first: int, row: bool) -> None:
    """Lead a piece with the block before its first, alone on the lead page, never written.

    That block ends the lead page as it ended a page of the previous piece, and carries what
    the page after needs of the pages before: a running head's last paragraph number, the
    border a table row draws above the next. A table row is made taller than any page, so the
    first row starts the next page by an ordinary break, as in the whole document; another
    block is followed by a page break, and the first block and the ancestors that begin with
    it lose their top margin, as at an ordinary break.
    """
    parents = {id(child): parent for parent in tree.iter() for child in parent}
    lead = next(e for e in tree.iter() if block_of.get(id(e)) == first - 1)
    if row:
        _style(lead, "height:4000px!important")
        return
    _style(lead, "break-after:page!important")
    holding = set()  # the lead's ancestors: they began before the first block
    node = parents.get(id(lead))
    while node is not None:
        holding.add(id(node))
        node = parents.get(id(node))
    node = next(e for e in tree.iter() if block_of.get(id(e)) == first)
    while node is not None and id(node) not in holding:
        _style(node, "margin-top:0!important")
        node = parents.get(id(node))


def _continue(tree: Any, block_of: dict[int, int], start: int, continued: set[int]) -> None:
    """Make a piece continue its document after a blank lead page, never written (where the
    block before would not end its own page; see write).

    The first block and the ancestors that begin with it start the page after an ordinary
    break, so their top margin is truncated, as WeasyPrint truncates it; the ancestors begun
    in an earlier piece are slices of a box split across pages, without their top margin,
    padding and border (box-decoration-break: slice).
    """
    parents = {id(child): parent for parent in tree.iter() for child in parent}
    node = next(e for e in tree.iter() if block_of.get(id(e)) == start)
    while node is not None and node.tag != "html":
        _style(node, CONTINUED if id(node) in continued else "margin-top:0!important")
        node = parents.get(id(node))
    body = tree.find("body")
    if body is not None:
        lead = ET.Element("div", {"style": "break-after:page;margin:0;padding:0;border:0"})
        body.insert(0, lead)


def _style(element: Any, css: str) -> None:
    before = (element.get("style") or "").strip().rstrip(";")
    element.set("style", f"{before};{css}" if before else css)


def _opening_block(page: Any, block_of: dict[int, int]) -> int | None:
    """The block a page opens with (None if the page opens with anything else)."""
    for element, draws in page_content(page):
        if element is not None and id(element) in block_of:
            return block_of[id(element)]
        if draws:
            return None
    return None


def _blocks_on(page: Any, block_of: dict[int, int]) -> set[int]:
    found = set()
    for element, _ in page_content(page):
        if element is not None and id(element) in block_of:
            found.add(block_of[id(element)])
    return found


def _restart(
    document: Any, lead: int, block_of: dict[int, int], index: _Index, start: int
) -> tuple[int, int] | None:
    """Return (page, block): the last page but one of a piece's layout that opens with a
    whole block after the piece's first, and that block. None if no such page.

    Every block of the index (see RESTARTS) may open a piece.
    """
    pages = document.pages
    for p in range(len(pages) - 2, lead, -1):
        block = _opening_block(pages[p], block_of)
        if block is None or block <= start:
            continue
        if block not in _blocks_on(pages[p - 1], block_of):
            return p, block
    return None


def write(
    html: str,
    ctx: Context,
    lay: Lay,
    extra_css: str | None,
    writer: Callable[[Any], bytes],
    *,
    first_number: int = 1,
    names: set[str] | None = None,
    limit: int | None = None,
) -> WrittenPieces:
    """Lay out and write an HTML page, in pieces if its text is longer than `limit` characters
    (PIECE_CHARS).

    writer writes one laid-out document (or piece) as PDF bytes, with the caller's options.
    first_number is the number the first page's counter shows (the CSS sets it; pieces after
    the first continue from it); names are the anchors the joined document will define.
    """
    limit = limit or PIECE_CHARS
    root = parse(html)
    body = root.find("body")
    index = _index(body) if body is not None else _Index()
    if len(index.blocks) < 2 or sum(index.chars) <= limit * 1.25:
        document = lay(html, ctx, extra_css)
        found = marks(document)
        pages = len(document.pages)
        with links_elsewhere(names or set()):
            data = writer(document)
        del document
        release()
        return WrittenPieces([data], pages, found)
    done = WrittenPieces([], 0, blanked=_edges_needing_total(root, ctx, lay, extra_css))
    done.layouts = 0
    start, total = 0, len(index.blocks)
    with links_elsewhere(names or ids(html)), margins_left_out(done.blanked):
        while start < total:
            stop, taken = start, 0
            while stop < total and (taken < limit or stop == start):
                taken += index.chars[stop]
                stop += 1
            blank = False
            while True:
                tree, block_of = _piece_tree(root, index, start, stop, blank)
                css = extra_css or ""
                if start:
                    number = first_number + done.pages
                    css += f"\n@page :first {{ counter-reset: page {number - 1} !important; }}"
                document = lay(tree, ctx, css or None)
                done.layouts += 1
                lead = 1 if start else 0  # pages before the first block: the lead page
                if start and (
                    len(document.pages) < 2 or _opening_block(document.pages[1], block_of) != start
                ):
                    # the block before did not end on the lead page (longer than a page):
                    # lead with a blank page instead
                    if blank:
                        raise AssertionError("a piece's first block did not open its page")
                    blank = True
                    del document
                    release()
                    continue
                if stop >= total:
                    keep, following = len(document.pages), total
                    break
                restart = _restart(document, lead, block_of, index, start)
                if restart is not None:
                    keep, following = restart
                    break
                if stop >= total:  # (not reached: the last piece keeps every page)
                    raise AssertionError("a piece could not end")
                del document  # no page opens with a whole block: take in more text
                release()
                stop = min(total, stop + max(1, stop - start))
            kept = document.copy(document.pages[lead:keep])
            done.marks += marks(kept, done.pages)
            done.pieces.append(writer(kept))
            done.pages += len(kept.pages)
            del document, kept, tree, block_of
            release()
            start = following
    return done


def _empty_pages(root: Any, pages: int) -> Any:
    """Return a copy of a parsed page with the same head and body element, and `pages` empty
    pages for body."""
    tree = ET.Element(root.tag, dict(root.attrib))
    for child in root:
        if child.tag != "body":
            tree.append(copy.deepcopy(child))
            continue
        body = ET.SubElement(tree, "body", dict(child.attrib))
        for i in range(pages):
            ET.SubElement(body, "div", {"style": "break-before:page"} if i else {})
    return tree


def _edges_needing_total(root: Any, ctx: Context, lay: Lay, extra_css: str | None) -> set[str]:
    """Return the page-margin edges whose boxes show the total page count, in a page's style:
    laid out on two empty pages (a first page and another)."""
    found: set[str] = set()
    with needing_total(found), _uncounted():
        lay(_empty_pages(root, 2), ctx, extra_css)
    return {margin_edge(keyword) for keyword in found}


@contextmanager
def _uncounted() -> Iterator[None]:
    """Layouts of page furniture, not of the text: kept out of weasy.TALLY's layouts and
    pages (the benchmark's count of the text laid out), counted as furniture pages."""
    layouts, pages, writes, written = TALLY.layouts, TALLY.pages, TALLY.writes, TALLY.pages_written
    try:
        yield
    finally:
        TALLY.furniture_pages += TALLY.pages - pages
        TALLY.layouts, TALLY.pages = layouts, pages
        TALLY.writes, TALLY.pages_written = writes, written


def furniture(
    html: str, ctx: Context, lay: Lay, extra_css: str | None, edges: set[str], pages: int
) -> bytes:
    """Return an untagged PDF of `pages` pages holding only the page-margin boxes on `edges`
    of an HTML page's style ("Page 3 of 368"), for that page laid out in pieces.

    Each page is an empty page of the same style and body element, so its margin boxes fall
    where the document's do, and the counters and total are those of the whole document; a
    named string the body sets (the running footer) is set as in the document.
    """
    with only_margins(edges), _uncounted():
        document = lay(_empty_pages(parse(html), pages), ctx, extra_css)
        if len(document.pages) != pages:
            raise ValueError(f"page furniture took {len(document.pages)} pages for {pages}")
        data: bytes = weasy_write(document)
    del document
    release()
    return data
