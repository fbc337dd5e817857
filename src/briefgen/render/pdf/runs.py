"""Long runs of text set apart before layout, so a line broken inside a word costs little.

WeasyPrint lays out each line of a text by handing Pango the text from that line to the end
of its text node; it takes a short prefix instead only where the prefix holds a place to
break after the line. A line that must break inside a word (a web address, a run of
characters: overflow-wrap) so costs the rest of the node, and a node full of such words
costs the square of its length (99 words of 999 characters in one reason: minutes). A node
cut into pieces of at most PIECE_CHARS characters, each its own inline box, costs a line
at most a piece. The pieces are plain spans: nothing is added to the text, so the PDF's
text copies as before, and a page without long words is laid out exactly as before.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ...limits import BREAKS_WITHOUT_SPACE

#: A word at least this long may have to be broken inside, in a narrow table cell.
RUN_CHARS = 20
#: The most characters of text laid out as one piece, cut at spaces (a word longer than
#: this is a piece of its own: check keeps it under limits.WORD_CHARS).
PIECE_CHARS = 400

_RUN = re.compile(rf"[^\s{BREAKS_WITHOUT_SPACE}]{{{RUN_CHARS},}}")
_SPACES = re.compile(r"\s+")
#: Elements whose text is not laid out as lines of text.
_NOT_TEXT = {"style", "script", "title", "head", "meta", "link"}


def _needs_pieces(text: str | None) -> bool:
    return text is not None and len(text) > PIECE_CHARS and _RUN.search(text) is not None


def _pieces(text: str) -> list[str]:
    """Cut text after spaces into pieces of at most PIECE_CHARS (a longer word: its own)."""
    pieces: list[str] = []
    start = 0
    cut = 0  # the last place after a space in the current piece
    for space in _SPACES.finditer(text):
        end = space.end()
        if end - start > PIECE_CHARS and cut > start:
            pieces.append(text[start:cut])
            start = cut
        if end - start > PIECE_CHARS:  # one word (with its space) longer than a piece
            pieces.append(text[start:end])
            start = end
        cut = end
    if len(text) - start > PIECE_CHARS and start < cut < len(text):
        pieces.append(text[start:cut])
        start = cut
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _spans(pieces: list[str]) -> list[Any]:
    made = []
    for piece in pieces:
        span = ET.Element("span")
        span.text = piece
        made.append(span)
    return made


def set_apart(root: Any) -> bool:
    """Cut each long text node holding a long word under root (a parsed page) into spans of
    at most PIECE_CHARS, in place; return whether any was cut."""
    if not any(
        _needs_pieces(element.text) or _needs_pieces(element.tail) for element in root.iter()
    ):
        return False
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        laid_out = isinstance(element.tag, str) and element.tag not in _NOT_TEXT
        if laid_out and _needs_pieces(element.text):
            first, *rest = _pieces(element.text)
            element.text = first
            for i, span in enumerate(_spans(rest)):
                element.insert(i, span)
        if element in parents and _needs_pieces(element.tail):
            parent = parents[element]
            first, *rest = _pieces(element.tail)
            element.tail = first
            at = list(parent).index(element) + 1
            for i, span in enumerate(_spans(rest)):
                parent.insert(at + i, span)
    return True
