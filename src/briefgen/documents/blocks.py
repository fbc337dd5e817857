"""The format-free document: a tree of typed blocks holding runs of marked text.

A view (edition, comparison, brief, notice, the pack's parts) builds one Document from the
model; every writer (HTML through Jinja macros, DOCX, Akoma Ntoso) walks the same tree. So
every word a reader sees is produced once, in the view, and a writer decides only how it
looks. Like pandoc's AST, the tree knows structure and meaning, never fonts or pages.

`role` names what a block or run is for ("series", "hash", "label"): the HTML writer makes it
the element's class, the DOCX writer a style. Writers must accept any role and fall back to the
plain form of the element.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

#: What a run of text is, beyond its words: strong or emphasised, or a mark of a comparison
#: (words only in one text, inserted in another, worded differently), or computer text.
Mark = Literal["strong", "em", "deleted", "inserted", "changed", "code"]


@dataclass(frozen=True)
class Link:
    """Where a run leads: a paragraph of the edition, a place in this document, or the web.

    kind "paragraph": target is a paragraph number, resolved by the writer to the edition (in
    a pack, the pack's own copy). kind "anchor": target is an anchor of this document.
    kind "url": target is a web address.
    """

    kind: Literal["paragraph", "anchor", "url"]
    target: str


@dataclass(frozen=True)
class Text:
    """A run of words with its marks, language and link."""

    text: str
    marks: tuple[Mark, ...] = ()
    role: str | None = None
    lang: str | None = None
    link: Link | None = None


Runs: TypeAlias = tuple[Text, ...]

#: A line break inside a paragraph or cell (pandoc's LineBreak): a run of just "\n".
BREAK = Text("\n")


Parts: TypeAlias = "str | Text | Iterable[Parts] | None"


def runs(*parts: Parts) -> Runs:
    """Return runs from strings (plain text), runs and nested sequences of them; None and ""
    are skipped."""
    out: list[Text] = []
    for part in parts:
        if part is None or part == "":
            continue
        if isinstance(part, str):
            out.append(Text(part))
        elif isinstance(part, Text):
            out.append(part)
        else:
            out.extend(runs(*part))
    return tuple(out)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(message: str, **parts: Parts) -> Runs:
    """Return a message as runs, each `{name}` in it replaced by the runs or words given.

    A translated sentence keeps its own order of words, while a part of it keeps its marks
    and links: "{publisher} ({url}; SHA-256 {hash})" with the address a link and the hash a
    hash.
    """
    out: list[Parts] = []
    at = 0
    for found in _PLACEHOLDER.finditer(message):
        out += [message[at : found.start()], parts[found.group(1)]]
        at = found.end()
    out.append(message[at:])
    return runs(*out)


def plain(content: Runs) -> str:
    """Return the words of runs, without marks."""
    return "".join(t.text for t in content)


# ----------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A heading of the document (level 1 the title) or of a part of the text."""

    level: int
    content: Runs
    anchor: str | None = None
    role: str | None = None
    lang: str | None = None
    #: The first paragraph number under it, where it heads a part of the text.
    first: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph of the document's own words (not a numbered paragraph of the text)."""

    content: Runs
    role: str | None = None
    anchor: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Numbered:
    """A numbered paragraph of the text: its number, its words, the anchor it is cited by.

    absent: the text has no such paragraph, or it is withdrawn; content then says so.
    """

    number: str
    content: Runs
    anchor: str
    paragraph_id: str | None = None
    absent: bool = False
    lang: str | None = None


@dataclass(frozen=True)
class Fact:
    """One labelled fact: a label and what it says."""

    label: str
    content: Runs
    role: str | None = None


@dataclass(frozen=True)
class Facts:
    """A list of labelled facts (an edition's front matter, a pack's cover)."""

    items: tuple[Fact, ...]
    role: str | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell: runs, or blocks where it holds more than one paragraph."""

    content: Runs | tuple[Block, ...]
    role: str | None = None
    lang: str | None = None
    header: bool = False


@dataclass(frozen=True)
class Row:
    """A table row; a row with an anchor can be linked to (a comparison's para-row)."""

    cells: tuple[Cell, ...]
    role: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Column:
    """A column's role and its share of the table's width (0 to 1; None: what is left)."""

    role: str | None = None
    width: float | None = None


@dataclass(frozen=True)
class Table:
    """A table with header rows that repeat on every page."""

    columns: tuple[Column, ...]
    head: tuple[Row, ...]
    body: tuple[Row, ...]
    role: str | None = None


@dataclass(frozen=True)
class Item:
    """A list item: runs, and blocks nested below them.

    An item of a paragraph's list carries its label as printed ("(c)", or "[(c)]" where the
    editors supply it; None: the list's own bullet or number) and the anchor it is cited by
    ("para-12-c").
    """

    content: Runs
    children: tuple[Block, ...] = ()
    role: str | None = None
    label: str | None = None
    anchor: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class List:
    """A list, ordered (numbered 1, 2, 3) or not."""

    items: tuple[Item, ...]
    ordered: bool = True
    role: str | None = None


@dataclass(frozen=True)
class Note:
    """A boxed note or a group of blocks set apart: a legend, a summary, a footer."""

    children: tuple[Block, ...]
    role: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Figure:
    """A figure: a drawing (SVG, for formats that draw) with its caption and description.

    Every format that cannot draw shows `fallback`, blocks that say the same in words.
    """

    svg: str
    caption: Runs
    description: str
    fallback: tuple[Block, ...] = ()
    role: str | None = None


@dataclass(frozen=True)
class Entry:
    """An entry of a table of contents: its words, where it leads (`anchor` of the part whose
    anchors carry `prefix`, as a pack's parts do) and the entries below it."""

    content: Runs
    anchor: str
    prefix: str = ""
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Contents:
    """A table of contents. Its words are the view's; its page numbers are each format's: a
    paged format fills them in from its layout, Word from a TOC field, a screen shows none."""

    entries: tuple[Entry, ...]
    role: str | None = None


@dataclass(frozen=True)
class Section:
    """A part of the document: its blocks, an anchor, and a role (a part of the text, a
    pack part). A section may start a new page in paged formats (`page_break`)."""

    children: tuple[Block, ...]
    role: str | None = None
    anchor: str | None = None
    page_break: bool = False
    landscape: bool = False


Block: TypeAlias = (
    Heading | Para | Numbered | Facts | Table | List | Note | Figure | Contents | Section
)


# ----------------------------------------------------------------------------- document


#: The page number of a printed page's footer, as English says it (the message's id).
PAGES = "Page {page} of {pages}"


@dataclass(frozen=True)
class Document:
    """One output's content, for every format.

    title: the page's title (HTML <title>); file_title: the title a PDF or DOCX file carries
    in its properties (the page's title when not given); running: the running head of
    printed pages; subject and keywords: document properties; pages: the page number in the
    footer of a printed page, in the document's language ({page} and {pages} the numbers).
    meta: further properties a format may show (Highwire citation tags in HTML, FRBR data in
    Akoma Ntoso), as (name, value) pairs.
    """

    kind: str
    lang: str
    title: str
    description: str
    running: str
    created: date
    author: str
    body: tuple[Block, ...]
    subject: str = ""
    keywords: str = ""
    landscape: bool = False
    meta: tuple[tuple[str, str], ...] = field(default=())
    file_title: str = ""
    pages: str = PAGES

    @property
    def properties_title(self) -> str:
        """Return the title a PDF or DOCX file carries in its properties."""
        return self.file_title or self.title


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block of a tree, depth first, parents before their children."""
    for block in blocks:
        yield block
        if isinstance(block, Section | Note):
            yield from walk(block.children)
        elif isinstance(block, List):
            for item in block.items:
                yield from walk(item.children)
        elif isinstance(block, Table):
            for row in (*block.head, *block.body):
                for cell in row.cells:
                    if cell.content and not isinstance(cell.content[0], Text):
                        yield from walk(cell.content)
        elif isinstance(block, Figure):
            yield from walk(block.fallback)
