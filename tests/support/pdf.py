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

from pikepdf import Array, Dictionary, String


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
    right: float = 0.0  # the right edge


def words(pdf: Path) -> list[Word]:
    """Return every word of a PDF in content order, with its page (1-based), top-left and
    right edge."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result: list[Word] = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(.*)</word>', line
        )
        if m:
            result.append(Word(page, float(m[1]), float(m[2]), html.unescape(m[4]), float(m[3])))
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


def _font_glyph_count(font: Any, cache: dict[tuple[int, int], int | None]) -> int | None:
    """The number of glyphs of a Type0 font's embedded file (None: not embedded, or not a font
    fontTools reads)."""
    import io

    from fontTools.ttLib import TTFont

    key = font.objgen
    if key not in cache:
        cache[key] = None
        descendant = font.DescendantFonts[0]
        descriptor = descendant.get("/FontDescriptor", {})
        stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        if stream is not None:
            try:
                cache[key] = TTFont(io.BytesIO(stream.read_bytes()), lazy=True)["maxp"].numGlyphs
            except Exception:  # a bare CFF (CIDFontType0C): counted from its charset instead
                from fontTools.cffLib import CFFFontSet

                cff = CFFFontSet()
                cff.decompile(io.BytesIO(stream.read_bytes()), None)
                cache[key] = len(cff[cff.fontNames[0]].charset)
    return cache[key]


def missing_glyphs(pdf: Path) -> list[str]:
    """Every glyph a PDF shows that its font does not have: tofu, as "page 2, Noto-Serif: GID 0".

    WeasyPrint shows a character that no font has as the .notdef glyph: glyph 0, or an id past
    the font's last glyph (weasyprint.pdf.fonts' get_unused_glyph_id). Its fonts are Type0 with
    the identity CID-to-GID map, so each two bytes of a shown string are a glyph id, checked
    against the glyph count of the embedded font (subset with its glyph ids kept).
    """
    import pikepdf

    problems: list[str] = []
    counts: dict[tuple[int, int], int | None] = {}

    def walk(owner: Any, resources: Any, page: int, seen: set[tuple[int, int]]) -> None:
        fonts = resources.get("/Font", {}) if resources is not None else {}
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        font = None
        for operands, op in pikepdf.parse_content_stream(owner):
            name = str(op)
            if name == "Tf":
                font = fonts.get(str(operands[0]))
            elif name == "Do":
                x = xobjects.get(str(operands[0]))
                if x is not None and x.get("/Subtype") == "/Form" and x.objgen not in seen:
                    walk(x, x.get("/Resources", resources), page, seen | {x.objgen})
            elif name in ("Tj", "'", '"', "TJ"):
                shown = operands[-1]
                strings = [shown] if name != "TJ" else [s for s in shown if isinstance(s, String)]
                if font is None or font.get("/Subtype") != "/Type0":
                    continue
                count = _font_glyph_count(font, counts)
                for s in strings:
                    data = bytes(s)
                    for i in range(0, len(data) - 1, 2):
                        gid = int.from_bytes(data[i : i + 2], "big")
                        if gid == 0 or (count is not None and gid >= count):
                            problems.append(f"page {page}, {font.BaseFont}: GID {gid}")

    with pikepdf.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            walk(page, page.obj.get("/Resources"), n, set())
    return problems


def font_names(pdf: Path) -> set[str]:
    """The names of the fonts a PDF embeds, without their subset tags ("NotoNaskhArabic")."""
    import pikepdf

    names: set[str] = set()
    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            if isinstance(obj, Dictionary) and obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                names.add(str(obj.BaseFont).lstrip("/").split("+", 1)[-1])
    return names


#: The marks of Arabic vowels and shadda: poppler sets each apart from its letter (a mark that
#: Pango raises is a word of its own to it), so words are compared without them.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")
#: What pdftotext writes around a right-to-left run: RLE ... PDF.
_RUN = re.compile("\u202b(.*?)\u202c", re.S)
#: What it writes around a left-to-right run inside a right-to-left line: LRE ... PDF.
_LTR_RUN = re.compile("\u202a(.*?)\u202c", re.S)
#: A left-to-right run's neutral edges (spaces, punctuation) round its core (digits, Latin).
_EDGES = re.compile(r"^(\W*?)(\w.*\w|\w)?(\W*)$", re.S)


def _rtl_line(line: str) -> str:
    """A line of a page that reads right to left, in logical order.

    pdftotext writes such a line (RLE … PDF) in logical order, each left-to-right run in it
    (LRE … PDF) as it stands, left to right: the neutral characters at a run's edges (a space,
    the comma after a number) belong to the right-to-left flow, so the ones on its left come
    after its core and the ones on its right before it, each side read right to left.
    """

    def logical(run: re.Match[str]) -> str:
        found = _EDGES.match(run.group(1))
        assert found is not None
        left, core, right = found.group(1), found.group(2) or "", found.group(3)
        return right[::-1] + core + left[::-1]

    inner = _LTR_RUN.sub(logical, line)
    inner = inner.replace("\u202b", "").replace("\u202c", "")
    return " ".join(_ARABIC_MARKS.sub("", inner).split())


def logical_lines(pdf: Path) -> list[str]:
    """The lines of a PDF in logical order, Arabic marks removed from right-to-left lines.

    A page in Arabic throughout reads right to left, and pdftotext writes its lines so
    (_rtl_line); on a page that reads left to right, an Arabic run is set apart in its line.

    pdftotext writes a line's runs left to right as they stand on the page, each right-to-left
    run (between RLE and PDF) in logical order; read right to left, the runs are in the order
    they are read, and between them a number keeps its own order. Spaces fall where poppler
    puts them, which is not always where the text has them.
    """
    lines = []
    for line in pdf_text(pdf).splitlines():
        if line.startswith("\u202b") and "\u202a" in line:  # a line of a right-to-left page
            lines.append(_rtl_line(line))
            continue
        if "\u202b" not in line:  # a left-to-right line: as it stands
            lines.append(" ".join(line.split()))
            continue
        parts: list[str] = []
        at = 0
        for m in _RUN.finditer(line):
            between = line[at : m.start()]
            parts += re.findall(r"\d+|\S|\s+", between)
            parts.append(m.group(1))
            at = m.end()
        parts += re.findall(r"\d+|\S|\s+", line[at:])
        lines.append(" ".join(_ARABIC_MARKS.sub("", "".join(reversed(parts))).split()))
    return lines


def without_marks(text: str) -> str:
    """A text with its Arabic vowel marks removed and its white space folded."""
    return " ".join(_ARABIC_MARKS.sub("", text).split())


#: A 2-D transform as PDF writes it: a, b, c, d, e, f.
Matrix = tuple[float, float, float, float, float, float]


def _times(m: Matrix, n: Matrix) -> Matrix:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _matrix(values: Any) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in values)
    return (a, b, c, d, e, f)


def glyph_sizes(pdf: Path) -> list[tuple[int, float, str]]:
    """The printed size of every string a PDF shows, as (page, points, font), found from its
    content streams: the font size of `Tf` scaled by the text matrix and every `cm` in force
    (WeasyPrint draws in CSS pixels under a 0.75 scale), into drawings (form XObjects: SVG)
    too. The size is the height of the text's em on the page, whatever its width."""
    import math

    import pikepdf

    found: list[tuple[int, float, str]] = []
    identity: Matrix = (1, 0, 0, 1, 0, 0)

    def walk(owner: Any, resources: Any, ctm: Matrix, page: int, seen: set[Any]) -> None:
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        saved: list[Matrix] = []
        tm, size, font = identity, 0.0, ""
        for operands, op in pikepdf.parse_content_stream(owner):
            name = str(op)
            if name == "q":
                saved.append(ctm)
            elif name == "Q" and saved:
                ctm = saved.pop()
            elif name == "cm":
                ctm = _times(_matrix(operands), ctm)
            elif name == "BT":
                tm = identity
            elif name == "Tf":
                font, size = str(operands[0]), float(operands[1])
            elif name == "Tm":
                tm = _matrix(operands)
            elif name in ("Td", "TD"):
                tm = _times((1, 0, 0, 1, float(operands[0]), float(operands[1])), tm)
            elif name in ("Tj", "TJ", "'", '"'):
                m = _times(tm, ctm)
                found.append((page, round(size * math.hypot(m[2], m[3]), 2), font))
            elif name == "Do":
                x = xobjects.get(str(operands[0]))
                if x is not None and x.get("/Subtype") == "/Form" and x.objgen not in seen:
                    inner = _times(_matrix(x.get("/Matrix", identity)), ctm)
                    walk(x, x.get("/Resources", resources), inner, page, seen | {x.objgen})

    with pikepdf.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            walk(page, page.obj.get("/Resources"), identity, n, set())
    return found
