"""The text of a capture, as the importer cuts it and the checks collate it.

A plain-text capture is its own text. A web page (`.html`, `.htm`) is kept as raw HTML, byte
for byte; its text is extracted with trafilatura (pinned in constraints.txt), one block per
line of the extraction, separated by blank lines. A Markdown capture (`.md`, `.markdown`, or a
`.txt` file that reads as Markdown: see `is_markdown`) is its own text too, markup and all: the
importer reads its structure through a CommonMark parser (importer/markdown.py) and records each
piece of markup as an intervention, so the collation sees every byte. Everything that reads a
capture's words goes through here, so the importer, `check` and the collation see the same text
and line numbers.

A capture is text: UTF-8 (a few undecodable bytes are kept as U+FFFD, which the importer flags
as characters lost), or UTF-16 or UTF-32 that says so with its byte-order mark. Anything else
(a NUL byte, or more undecodable bytes than a stray few) is refused by `decode` — by `import`
before it copies anything, and by `check` alike, since both read through here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..limits import CAPTURE_BYTES, too_large
from ..model.spacing import compared, split
from ..paths import OutsideSources, confined

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: What a web-to-Markdown conversion leaves in a text file, one pattern a kind of sign.
_MARKDOWN_SIGNS = (
    re.compile(r"^\*\*\S.*\*\*\s*$", re.M),  # a line in bold: "**A heading**"
    re.compile(r"^#{1,6} +\S", re.M),  # an ATX heading: "## Cooperation"
    re.compile(r"^[-*+] {2,4}\S", re.M),  # a list item as converters write it: "-   item"
    re.compile(r"<!--.*?-->", re.S),  # an HTML comment
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*(?:\r?\n|\Z)")
#: Typographic quotes as typed ones.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def fold(text: str) -> str:
    """Return a text as check compares it with a capture: Unicode NFC, quotes and spaces folded.

    The one rule for the word-for-word checks and the collation: a capture holding "é" as
    e + U+0301 matches a source holding it as one character; spaces follow the one whitespace
    rule (model/spacing.py): a no-break space is a space unless typography needs it.
    """
    return compared(unicodedata.normalize("NFC", text).translate(_FOLD))


def fold_words(text: str) -> list[str]:
    """Return the words of a folded text (a no-break space typography needs divides none)."""
    return split(fold(text))


def is_html(name: str) -> bool:
    """Whether a capture file is a saved web page whose text must be extracted."""
    return name.lower().endswith(HTML_SUFFIXES)


def is_markdown(name: str, text: str) -> bool:
    """Whether a capture is Markdown: a `.md` file, or a `.txt` file that plainly is one.

    A text file counts only on strong evidence, so a plain capture is never misread: YAML front
    matter at its top, or two different signs of a conversion (a line in bold, a `#` heading,
    a `-   ` list item, an HTML comment).
    """
    lower = name.lower()
    if lower.endswith(MARKDOWN_SUFFIXES):
        return True
    if not lower.endswith(".txt"):
        return False
    if _FRONT_MATTER.match(text):
        return True
    return sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text)) >= 2


def kind_of(name: str, text: str) -> str:
    """The kind of a capture as the importer reads it: "html", "markdown" or "text"."""
    if is_html(name):
        return "html"
    return "markdown" if is_markdown(name, text) else "text"


class NotText(ValueError):
    """A capture's bytes are not a text briefgen reads (a binary file, an unknown encoding)."""


#: Byte-order marks that say a text's encoding (UTF-32's first: it starts like UTF-16's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
#: How many undecodable bytes a UTF-8 text may hold (as U+FFFD, flagged by the importer) before
#: it is taken for another encoding: a stray few always, or one character in a hundred.
_STRAY = 8


def decode(raw: bytes) -> str:
    """Return a capture's text from its bytes; raise NotText (saying why) for what is not text.

    UTF-16 and UTF-32 are read by their byte-order mark (which is not part of the text); every
    other capture as UTF-8, a stray undecodable byte becoming U+FFFD as before.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            text = raw[len(bom) :].decode(codec, errors="replace")
            lost = text.count("\ufffd") - raw.count("\ufffd".encode(codec))
            if lost > max(_STRAY, len(text) // 100):
                raise NotText(f"starts with a {name} byte-order mark but is not {name} text")
            return text
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise NotText(
            f"is not a text file: it holds NUL bytes (line {line}), as a program, an image, a "
            "PDF, a word-processor file or UTF-16 without a byte-order mark does; save the "
            "capture as plain text (UTF-8) and import that"
        )
    text = raw.decode("utf-8", errors="replace")
    lost = text.count("\ufffd") - raw.count("\ufffd".encode())
    if lost > max(_STRAY, len(text) // 100):
        first = text.index("\ufffd")
        line = text[:first].count("\n") + 1
        raise NotText(
            f"is not UTF-8 text: {lost:,} bytes cannot be read as UTF-8 (the first on line "
            f"{line}); save the capture as UTF-8 (or UTF-16 with its byte-order mark) and "
            "import that"
        )
    return text


class TooLarge(OutsideSources):
    """A capture file over the size briefgen reads (limits.CAPTURE_BYTES)."""


def read_capture(base: Path, name: str) -> bytes:
    """Return the bytes of a capture a source names, through the one path rule and the size limit.

    Raise OutsideSources (TooLarge for a file over limits.CAPTURE_BYTES) or OSError, as
    `confined` does.
    """
    path = confined(base, name)
    size = path.stat().st_size
    if size > CAPTURE_BYTES:
        raise TooLarge(_too_large(name, size))
    with path.open("rb") as f:
        raw = f.read(CAPTURE_BYTES + 1)  # it may have grown since stat
    if len(raw) > CAPTURE_BYTES:
        raise TooLarge(_too_large(name, len(raw)))
    return raw


def _too_large(name: str, size: int) -> str:
    return f"'{name}' {too_large(size)}"


def read_text(path: Path) -> str:
    """Return the text of a capture file (extracted from HTML for a web page)."""
    return text_of(path.read_bytes(), path.name)


#: How trafilatura is asked for a web page's text (and, with formatting, for its structure).
_EXTRACT: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_recall": True,
    "deduplicate": False,
    "with_metadata": False,
}


def text_of(raw: bytes, name: str) -> str:
    """Return the text of a capture's bytes; `name` tells a web page from plain text.

    Raise NotText for bytes that are not text (see `decode`).
    """
    decoded = decode(raw)
    if not is_html(name):
        return decoded
    import trafilatura  # imported here: only web pages need it, and it is slow to import

    extracted = trafilatura.extract(decoded, include_formatting=False, **_EXTRACT)
    lines = [line.strip() for line in (extracted or "").splitlines()]
    return "\n\n".join(line for line in lines if line) + "\n"


@dataclass(frozen=True)
class WebBlock:
    """One block of a web page's extracted document, as its markup says, in the page's order.

    What `text_of` prints as lines of text, seen with its structure: `briefgen import` reads
    a web page's headings and lists from these, and cuts (and `check` collates) the text.
    """

    role: Literal["heading", "paragraph", "item", "other"]
    text: str  # its words, spaces collapsed (no list marker)
    level: int = 0  # a heading's level: 1 for <h1> … 6
    bold: bool = False  # a paragraph wholly in <strong>/<b>: a heading's shape
    depth: int = 0  # an item's list depth: 1 for a list's own items, 2 inside an item…
    ordered: bool = False  # an item of an <ol>


def structure_of(raw: bytes) -> list[WebBlock]:
    """Return the blocks of a web page's extracted document: headings, paragraphs, list items.

    The same extraction as `text_of`, asked for trafilatura's XML with its formatting, so that
    `<head rend="h2">`, `<list>/<item>` and a paragraph that is one `<hi rend="#b">` show.
    """
    import xml.etree.ElementTree as ET

    import trafilatura

    decoded = decode(raw)
    xml = trafilatura.extract(decoded, output_format="xml", include_formatting=True, **_EXTRACT)
    if not xml:
        return []
    main = ET.fromstring(xml).find("main")  # trafilatura's own output: no DTD, no entities
    out: list[WebBlock] = []
    _walk(main if main is not None else ET.Element("main"), out, top=True, depth=0)
    return [b for b in out if b.text]


def _walk(element: Any, out: list[WebBlock], top: bool, depth: int, ordered: bool = False) -> None:
    """The blocks under `element`, in order; `top`: its children are the document's blocks."""
    for child in element:
        tag = child.tag
        if tag == "head":
            rend = str(child.get("rend") or "")
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            out.append(WebBlock("heading", _words_of(child), level))
        elif tag == "item":
            words = _words_of(child, skip=("list",))
            out.append(WebBlock("item", words, depth=depth, ordered=ordered))
            _walk(child, out, top=False, depth=depth)  # a list inside the item: its items follow
        elif tag == "list":
            _walk(child, out, top=False, depth=depth + 1, ordered=child.get("rend") == "ol")
        elif tag == "p" and top:
            out.append(WebBlock("paragraph", _words_of(child), bold=_bold(child)))
        elif top:  # a table, a quotation, code: its words, taken as the shapes say
            out.append(WebBlock("other", _words_of(child)))


def _words_of(element: Any, skip: tuple[str, ...] = ()) -> str:
    """An element's text, spaces collapsed; the text inside child elements `skip` names left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in skip:
            parts.append(_words_of(child, skip))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _bold(element: Any) -> bool:
    """A paragraph whose every word is inside one <hi rend="#b"> (the page's <strong>/<b>)."""
    children = list(element)
    return (
        len(children) == 1
        and children[0].tag == "hi"
        and children[0].get("rend") == "#b"
        and not (element.text or "").strip()
        and not (children[0].tail or "").strip()
    )
