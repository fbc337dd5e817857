"""Whether the fonts an output names have a glyph for every character it sets in them.

A PDF embeds its fonts and is checked glyph by glyph (tests/support/pdf.py, missing_glyphs).
A DOCX or an HTML page names its fonts and leaves the drawing to the reader's program: here
each character is looked up (fontTools cmap) in the installed face that the Word styles or the
stylesheet name for it, so a character set in a face without it (tofu on the reader's screen)
is found before a reader finds it.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree, html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@cache
def cmap(family: str) -> frozenset[int]:
    """The characters of an installed family's regular face (empty if it is not installed)."""
    from fontTools.ttLib import TTFont

    listing = subprocess.run(
        ["fc-list", "--format", "%{file}|%{index}|%{style}\\n", family],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    faces = sorted(listing, key=lambda line: "Regular" not in line.split("|")[2])
    if not faces:
        return frozenset()
    file, index, _ = faces[0].split("|", 2)
    font = TTFont(file, fontNumber=int(index), lazy=True)
    return frozenset(font.getBestCmap())


def drawn(char: str) -> bool:
    """Whether a character needs a glyph: not white space, a control or a format character."""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f"


def is_east_asian(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"
    )


# ----------------------------------------------------------------------------- DOCX


def _fonts(rpr: etree._Element | None) -> dict[str, str]:
    found = rpr.find(f"{W}rFonts") if rpr is not None else None
    if found is None:
        return {}
    return {k.removeprefix(W): v for k, v in found.attrib.items() if k.removeprefix(W) in SLOTS}


SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def docx_uncovered(docx: Path) -> list[str]:
    """Each character of a DOCX's body that the font Word would set it in lacks.

    The font of a run: its own w:rFonts over its character style's, its paragraph style's (and
    the styles they are based on) and the document defaults'. Of its four slots, Arabic takes
    the complex-script font (cs), Chinese the East Asian one, the rest ascii/hAnsi.
    """
    with zipfile.ZipFile(docx) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    defaults = _fonts(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def style_fonts(style_id: str | None) -> dict[str, str]:
        chain: list[dict[str, str]] = []
        while style_id in by_id:
            style = by_id[style_id]
            chain.append(_fonts(style.find(f"{W}rPr")))
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        out: dict[str, str] = {}
        for fonts in reversed(chain):
            out.update(fonts)
        return out

    problems = []
    for p in body.iter(f"{W}p"):
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        paragraph = {
            **defaults,
            **style_fonts(pstyle.get(f"{W}val") if pstyle is not None else "Normal"),
        }
        for r in p.iter(f"{W}r"):
            rstyle = r.find(f"{W}rPr/{W}rStyle")
            fonts = {
                **paragraph,
                **(style_fonts(rstyle.get(f"{W}val")) if rstyle is not None else {}),
                **_fonts(r.find(f"{W}rPr")),
            }
            text = "".join(t.text or "" for t in r.iter(f"{W}t"))
            for char in filter(drawn, text):
                slot = "cs" if is_arabic(char) else "eastAsia" if is_east_asian(char) else "hAnsi"
                family = fonts.get(slot) or fonts.get("ascii", "")
                if ord(char) not in cmap(family):
                    problems.append(f"{char!r} (U+{ord(char):04X}) not in {family or 'no font'}")
    return sorted(set(problems))


# ----------------------------------------------------------------------------- HTML


_STACK = re.compile(r"--(serif|sans):\s*([^;]+);")


def stacks(page: str) -> dict[str, list[str]]:
    """The families of the page's stylesheet's --serif and --sans stacks, generic names left out."""
    found = {}
    for name, value in _STACK.findall(page):
        families = [f.strip().strip('"') for f in value.split(",")]
        found[name] = [f for f in families if f not in ("serif", "sans-serif", "monospace")]
    return found


def html_uncovered(page_file: Path) -> list[str]:
    """Each character of a page's text that no face of its --serif stack has, or none of its
    --sans stack (the page sets text in both)."""
    page = page_file.read_text("utf-8")
    tree = html.fromstring(page)
    for style in tree.iter("style"):
        style.drop_tree()
    text = tree.text_content()
    problems = []
    for name, families in stacks(page).items():
        for char in sorted(set(filter(drawn, text))):
            if not any(ord(char) in cmap(f) for f in families):
                problems.append(f"{char!r} (U+{ord(char):04X}) in no face of --{name}")
    return problems
