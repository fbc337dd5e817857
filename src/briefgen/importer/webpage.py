"""Read a web page capture's headings and lists from its markup, for `briefgen import`.

A saved page says what each block is: `<h1>`–`<h6>` are headings, and so is a paragraph that
is wholly `<strong>`; `<li>` items are the items of the paragraph before them (its lead-in:
"We agree to:"). The text `briefgen import` cuts, and `check` collates, stays the page's
extracted text (sources/capture.py `text_of`: one block a line, list items as "- item"), so
no markup is in it and nothing needs recording as normalised (but the "-" of an item that
stands as a paragraph): only the *kind* of each line is taken from the markup
(`structure_of`, the same extraction asked for its XML), and laid over what segment.py makes
of the lines' shapes. What segment.py flags as the site's (a cookie notice, share links, a
footer trafilatura kept) stays flagged; what it guessed from a line's shape (a short line
like a headline spliced in, a list item as a paragraph) gives way to the markup. Pure text
work: no file is opened here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from ..sources.capture import WebBlock
from .markdown import spans_of
from .segment import Item, Passage, Segmented, heading_label, heading_match, segment
from .short_lines import title_cased

#: The reason a page's own title is recorded as removed (no TODO: the markup says what it is).
PAGE_TITLE = "the <h1> that titles the page, not a heading of the text"
#: What the bullet of a list item standing as a paragraph is, for its normalisation's reason.
BULLET = "the bullet ('-') the extraction prints before a list item"
#: The list marker the extracted text prints before an item ("- keep the beaches …").
_MARKER = re.compile(r"^-\s+")
#: Flags segment.py makes from a line's shape alone, which the markup overrules.
_SHAPE_REASONS = (
    "a short line without closing punctuation",
    "a title or headline before the first paragraph",
)


@dataclass(frozen=True)
class _Line:
    """What the markup says one line of the extracted text is."""

    role: str  # "heading", "item", "paragraph", "other"
    block: WebBlock


def read(text: str, structure: list[WebBlock], title: str | None = None) -> Segmented:
    """Cut a web page's extracted text into headings, paragraphs with their lists, and flags.

    `structure` is the page's blocks (`capture.structure_of`); `title` the work's title when
    it is known: an `<h1>` before the first paragraph, or one repeating that title, is the
    page's title, recorded as removed.
    """
    shaped = segment(text)
    lines = text.split("\n")
    roles = _roles(lines, structure)
    if not roles:
        return shaped
    cells = _cells(shaped, lines)
    first_text = next(
        (n for n, (p, _) in sorted(cells.items()) if p.kind == "paragraph" and _kept(roles, n)),
        0,
    )
    marks = any(r.role == "heading" and r.block.level != 1 for r in roles.values())
    out = Segmented(metadata=dict(shaped.metadata), warnings=list(shaped.warnings))
    for n, (passage, line) in sorted(cells.items()):
        seen = roles.get(n)
        if marks and seen is not None and seen.role == "paragraph":
            passage = _unmarked(passage)
        out.blocks.append(_overlay(passage, line, n, seen, first_text, title, out))
    return _lists(_merge(out, lines), roles)


def _kept(roles: dict[int, _Line], n: int) -> bool:
    """A line the markup makes text: not the page's title, heading nor list item."""
    seen = roles.get(n)
    return seen is None or seen.role in ("paragraph", "other")


def _overlay(
    passage: Passage,
    line: str,
    n: int,
    seen: _Line | None,
    first_text: int,
    title: str | None,
    out: Segmented,
) -> Passage:
    """One line's passage, as the markup says it is where the shape only guessed."""
    if seen is None or seen.role not in ("heading", "item"):
        return passage
    if passage.kind == "flag" and not passage.why.startswith(_SHAPE_REASONS):
        return passage  # the site's (a footer, a share line): the markup does not make it text
    if seen.role == "item":  # "- meet each spring": an item, whatever its shape
        if passage.kind == "flag" and passage.why.startswith(_SHAPE_REASONS[0]):
            return Passage("paragraph", line, n, n)
        return passage
    block = seen.block
    if block.level == 1 and (n < first_text or _same(block.text, title)):
        out.metadata.setdefault("title", block.text)
        return Passage("flag", line, n, n, why=PAGE_TITLE, title=True)
    found = heading_match(line)
    label = heading_label(found) if found else None
    return Passage("heading", line.strip(), n, n, label, marked=True)


def _unmarked(passage: Passage) -> Passage:
    """A line the shapes took as an unnumbered heading, on a page that marks its headings
    while this line is a plain paragraph: flagged, like a headline spliced in.

    It stays a candidate: a heading at the same place in another text makes it one.
    """
    if passage.kind != "heading" or passage.number is not None:
        return passage
    why = (
        "a short line without closing punctuation between two paragraphs, like a headline "
        "spliced in (the page marks its headings as such, and this line is a plain paragraph)"
    )
    return replace(passage, kind="flag", why=why, candidate=True)


def _same(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _cells(shaped: Segmented, lines: list[str]) -> dict[int, tuple[Passage, str]]:
    """Each non-blank line's passage: a flag of several lines cut into one a line."""
    out: dict[int, tuple[Passage, str]] = {}
    for b in shaped.blocks:
        for n in range(b.first, b.last + 1):
            line = lines[n - 1].strip()
            if not line:
                continue
            if b.kind == "flag":
                out[n] = (replace(b, text=line, first=n, last=n), line)
            elif b.first == b.last:
                out[n] = (b, line)
            else:  # a paragraph of several lines (a page's <br>): kept whole, at its first
                out.setdefault(b.first, (b, line))
    return out


def _merge(seg: Segmented, lines: list[str]) -> Segmented:
    """Runs of lines flagged for the same reason, one flag again, as segment.py makes them."""
    blocks: list[Passage] = []
    for b in seg.blocks:
        last = blocks[-1] if blocks else None
        if (
            last is not None
            and b.kind == last.kind == "flag"
            and b.why == last.why
            and not b.candidate
            and not last.candidate
        ):
            text = "\n".join(line.rstrip() for line in lines[last.first - 1 : b.last])
            blocks[-1] = replace(last, text=text, last=b.last)
        else:
            blocks.append(b)
    return Segmented(blocks, seg.metadata, seg.warnings)


def _lists(seg: Segmented, roles: dict[int, _Line]) -> Segmented:
    """List items the shapes made paragraphs: the items of the paragraph before them.

    An `<ol>` belongs to a paragraph only when it ends with ':' ("… to:"), as in a Markdown
    capture. A list with no paragraph to hold it (after a heading, or an `<ol>` of numbered
    paragraphs) gives a paragraph an item, its "-" recorded as a normalisation.
    """
    blocks: list[Passage] = []
    lead: int | None = None  # index in blocks of the paragraph a list would belong to
    pending: list[int] = []  # flags since it
    for b in seg.blocks:
        seen = roles.get(b.first)
        is_item = (
            b.kind == "paragraph"
            and b.first == b.last
            and seen is not None
            and seen.role == "item"
            and _MARKER.match(b.text) is not None
        )
        if is_item and seen is not None and seen.block.depth > 1:
            seg.warnings.append(
                f"line {b.first}: an item of a list inside a list item is read as one more "
                "item of the outer list; nest it by hand if the text needs it"
            )
        if (
            is_item
            and seen is not None
            and seen.block.ordered
            and lead is not None
            and not blocks[lead].items
            and not blocks[lead].text.rstrip().endswith((":", "："))
        ):
            lead = None  # an <ol> after a paragraph that leads into nothing: paragraphs
        if is_item and lead is not None:
            head = blocks[lead]
            item = Item(_MARKER.sub("", b.text, count=1), b.first, b.last)
            blocks[lead] = replace(head, items=(*head.items, item), last=b.last)
            for k in pending:
                blocks[k] = replace(blocks[k], inside=True)
            pending = []
            continue
        if is_item:  # no paragraph to hold it: a paragraph of its own, its bullet recorded
            text = _MARKER.sub("", b.text, count=1)
            spans = tuple(replace(span, why=BULLET) for span in spans_of(b.text, text))
            b = replace(b, text=text, spans=spans)
        blocks.append(b)
        if b.kind == "paragraph" and not is_item:
            lead, pending = len(blocks) - 1, []
        elif b.kind == "flag" and lead is not None:
            pending.append(len(blocks) - 1)
        else:
            lead, pending = None, []
    _lead_ins_only(blocks)
    return Segmented(blocks, seg.metadata, seg.warnings)


def _lead_ins_only(blocks: list[Passage]) -> None:
    """A flag counted inside a paragraph that then took no item stands after it, as it was."""
    holder: Passage | None = None
    for k, b in enumerate(blocks):
        if b.kind == "paragraph":
            holder = b
        elif b.kind == "flag" and b.inside and (holder is None or b.first > holder.last):
            blocks[k] = replace(b, inside=False)
        elif b.kind == "heading":
            holder = None


# ----------------------------------------------------------------------------- line roles


def _key(text: str) -> str:
    """A text as compared with the markup's: NFKC, without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _roles(lines: list[str], structure: list[WebBlock]) -> dict[int, _Line]:
    """Each line of the extracted text (1-based) -> the block of the markup it begins.

    The extracted text and the structure come from the same page: their words follow each
    other in the same order, so each line is found in the structure's words at a cursor that
    only moves forward. A line found nowhere near the cursor has no role (its shape decides).
    """
    stream: list[str] = []
    owner: list[int] = []  # for each character of the stream, the index of its block
    for k, block in enumerate(structure):
        key = _key(block.text)
        stream.append(key)
        owner += [k] * len(key)
    joined = "".join(stream)
    out: dict[int, _Line] = {}
    cursor = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        found = -1
        for candidate in (_key(_MARKER.sub("", line.strip(), count=1)), _key(line)):
            at = joined.find(candidate, cursor, cursor + 4000 + len(candidate))
            if candidate and at >= 0 and (found < 0 or at < found):
                found, size = at, len(candidate)
        if found < 0:
            continue
        block = structure[owner[found]]
        out[n] = _Line(_role(block), block)
        cursor = found + size
    return out


def _role(block: WebBlock) -> str:
    if block.role == "heading" and block.level <= 4:
        return "heading"
    if block.role == "paragraph" and block.bold and _heading_sized(block.text):
        return "heading"
    if block.role == "heading":
        return "other"  # <h5>, <h6>: too small to say it is a section's; the shapes decide
    return block.role


def _heading_sized(text: str) -> bool:
    """A bold paragraph short enough to be a heading, not a bold sentence of the text."""
    words = text.split()
    if not 0 < len(words) <= 20 or text.endswith((":", "：", ";", ",")):
        return False  # a bold lead-in ("We agree to:") is a paragraph, its list its items
    return not text.endswith(".") or title_cased(text)
