"""WordprocessingML that python-docx has no API for: bookmarks, hyperlinks, fields, lists,
character styles and a package without template leftovers.

Everything here writes elements in the order the ECMA-376 schemas require, so every part of a
briefgen DOCX validates (tests/e2e/test_docx_conformance.py checks it).
"""

from __future__ import annotations

import hashlib
import re
import weakref
from typing import Any

from ... import __version__

#: Character styles a user can restyle in one place (Word: Styles pane; LibreOffice: F11).
DELETED_STYLE = "Deleted Text"
INSERTED_STYLE = "Inserted Text"
CHANGED_STYLE = "Changed Text"
CITATION_STYLE = "Paragraph Citation"
LINK_STYLE = "Hyperlink"

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

_NAME_CHARS = re.compile(r"[^A-Za-z0-9_-]")
# Children of w:rPr that come after w:shd in the schema's sequence (CT_RPr / EG_RPrBase).
_AFTER_SHD = ("fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish")


def element(tag: str, **attrs: str) -> Any:
    """Return a new w: element with w: attributes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(name if ":" in name else f"w:{name}"), value)
    return el


def insert_shading(rpr: Any, fill: str) -> None:
    """Put a w:shd into a run's or style's properties at its place in the schema's order."""
    from docx.oxml.ns import qn

    shd = element("w:shd", val="clear", color="auto", fill=fill)
    later = [rpr.find(qn(f"w:{tag}")) for tag in _AFTER_SHD]
    following = [el for el in later if el is not None]
    if following:
        following[0].addprevious(shd)
    else:
        rpr.append(shd)


#: Children of w:rPr after w:szCs in the schema's sequence.
AFTER_SZ_CS = (
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)


def insert_before(parent: Any, child: Any, later: tuple[str, ...]) -> None:
    """Put a w: element into `parent` before the first of its children named in `later` (the
    tags the schema's sequence puts after it), else at its end."""
    from docx.oxml.ns import qn

    names = {qn(f"w:{tag}") for tag in later}
    following = next((el for el in parent if el.tag in names), None)
    if following is not None:
        following.addprevious(child)
    else:
        parent.append(child)


def strip_theme_fonts(rfonts: Any) -> None:
    """Drop theme font attributes, which Word prefers to the named fonts beside them."""
    from docx.oxml.ns import qn

    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(f"w:{attr}"), None)


def set_default_fonts(doc: Any, latin: str, east_asian: str, complex_script: str) -> None:
    """Name the document default fonts outright, so no text falls back to the theme's: one
    for Latin and Cyrillic, one for East Asian text, one for complex scripts (Arabic)."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = element("w:rFonts")
        rpr.insert(0, fonts)
    strip_theme_fonts(fonts)
    for attr, value in (
        ("ascii", latin),
        ("hAnsi", latin),
        ("eastAsia", east_asian),
        ("cs", complex_script),
    ):
        fonts.set(qn(f"w:{attr}"), value)


def set_default_language(doc: Any, language: str) -> None:
    """Make the document's language the default of every run (docDefaults `w:lang`), so Word
    checks the spelling of the words around a text in the text's language: `w:val` for Latin
    and Cyrillic scripts, `w:eastAsia` for Chinese, Japanese, Korean, `w:bidi` for Arabic."""
    from docx.oxml.ns import qn

    from ...i18n import base, is_rtl

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        insert_before(rpr, lang, ("eastAsianLayout", "specVanish", "oMath"))
    if is_rtl(language):
        lang.set(qn("w:bidi"), language)
    elif base(language) in ("zh", "ja", "ko"):
        lang.set(qn("w:eastAsia"), "zh-CN" if base(language) == "zh" else language)
    elif base(lang.get(qn("w:val")) or "") != base(language):  # "en-US" already says English
        lang.set(qn("w:val"), language)


def character_styles(doc: Any, accent: tuple[int, int, int]) -> None:
    """Define briefgen's character styles: comparison marks, paragraph citations, links.

    A style the document already has (from a reference document) is kept as it is.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_UNDERLINE
    from docx.shared import RGBColor

    def deleted(font: Any) -> None:
        font.strike = True
        font.color.rgb = RGBColor(0xB0, 0x00, 0x20)

    def inserted(font: Any) -> None:
        font.underline = WD_UNDERLINE.SINGLE
        font.color.rgb = RGBColor(0x0B, 0x6B, 0x3A)

    def changed(font: Any) -> None:
        font.underline = WD_UNDERLINE.DOTTED
        insert_shading(font.element.get_or_add_rPr(), "F7E4BF")

    def citation(font: Any) -> None:
        font.color.rgb = RGBColor(*accent)

    def hyperlink(font: Any) -> None:
        font.color.rgb = RGBColor(0x1F, 0x4E, 0x9A)
        font.underline = WD_UNDERLINE.SINGLE

    styles = doc.styles
    present = {s.name for s in styles}
    for name, look in (
        (DELETED_STYLE, deleted),
        (INSERTED_STYLE, inserted),
        (CHANGED_STYLE, changed),
        (CITATION_STYLE, citation),
        (LINK_STYLE, hyperlink),
    ):
        if name in present:
            continue
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.base_style = styles.default(WD_STYLE_TYPE.CHARACTER)
        style.quick_style = True
        look(style.font)


def bookmark_name(prefix: str, name: str) -> str:
    """Return a valid bookmark name (a letter first, at most 40 characters, no spaces).

    `prefix + name` when it is valid, as the HTML and PDF ids are (`en-xinhua-para-13`);
    otherwise the prefix is cut and followed by six hex digits of its hash, so names stay
    unique: `a-very-long-expr…3f2a1c-para-13`.
    """
    full = _NAME_CHARS.sub("_", prefix + name)
    if len(full) <= 40 and full[0].isalpha():
        return full
    digest = hashlib.sha256(prefix.encode()).hexdigest()[:6]
    room = 40 - len(name) - len(digest) - 2
    head = _NAME_CHARS.sub("_", prefix)[:room].rstrip("-_")
    return f"b{head}{digest}-{_NAME_CHARS.sub('_', name)}"[:40]


_BOOKMARK_IDS: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()
_BOOKMARK_NAMES: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def bookmark(paragraph: Any, name: str) -> str:
    """Wrap a paragraph's content in a bookmark, and return its name.

    A name is a document's once: the first paragraph bookmarked with it keeps it (a pack's
    part heading `cmp-top`, not the title of the document that part holds).
    """
    names = _BOOKMARK_NAMES.setdefault(paragraph.part, set())
    if name in names:
        return name
    names.add(name)
    counter = _BOOKMARK_IDS.setdefault(paragraph.part, [0])
    counter[0] += 1
    ident = str(counter[0])
    p = paragraph._p
    start = element("w:bookmarkStart", id=ident, name=name)
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(element("w:bookmarkEnd", id=ident))
    return name


def _run(text: str, style_id: str | None = None) -> Any:
    r = element("w:r")
    if style_id:
        rpr = element("w:rPr")
        rpr.append(element("w:rStyle", val=style_id))
        r.append(rpr)
    t = element("w:t")
    t.text = text
    if text != text.strip():
        from docx.oxml.ns import qn

        t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def style_id(part: Any, name: str) -> str:
    """Return the id of a document's style by name, read once per document (python-docx's own
    lookup scans every style each time, milliseconds a run)."""
    ids = _STYLE_IDS.get(part)
    if ids is None or name not in ids:
        ids = _STYLE_IDS[part] = {s.name: s.style_id for s in part.styles}
    return ids[name]


def styled_run(paragraph: Any, text: str, style: str | None) -> Any:
    """Append a run of text in a character style (or none), and return it."""
    run = paragraph.add_run(text)
    if style:
        run._r.get_or_add_rPr().style = style_id(paragraph.part, style)
    return run


def link(
    paragraph: Any,
    text: str,
    anchor: str | None = None,
    url: str | None = None,
    style: str = LINK_STYLE,
) -> Any:
    """Append a hyperlink run and return its w:r: to a bookmark (`anchor`) of this document,
    to a URL, or to a bookmark of another document (`url` a file beside this one, and `anchor`:
    Word and LibreOffice write a link to `file.docx#bookmark` so)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    attrs = {"history": "1"}
    if url is not None:
        attrs["r:id"] = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    if anchor is not None:
        attrs["anchor"] = anchor
    hyperlink = element("w:hyperlink", **attrs)
    run = _run(text, style_id(paragraph.part, style) if style else None)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)
    return run


def field_start(target: Any, instruction: str) -> None:
    """Append a field's begin, instruction and separator runs to an element; its result and
    end follow (the result already filled in, so the file is right before any update)."""
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        r = element("w:r")
        if kind:
            r.append(element("w:fldChar", fldCharType=kind))
        else:
            instr = element("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            r.append(instr)
        target.append(r)


def field(paragraph: Any, instruction: str, result: str, parent: Any = None) -> None:
    """Append a complete field (begin, instruction, separate, result, end) to a paragraph,
    or to `parent` (a w:hyperlink in it), with its result already filled in."""

    target = parent if parent is not None else paragraph._p
    field_start(target, instruction)
    target.append(_run(result))
    end = element("w:r")
    end.append(element("w:fldChar", fldCharType="end"))
    target.append(end)


def new_list(doc: Any, style: str = "List Number") -> str | None:
    """Return the id of a fresh numbering instance of a list style's numbering, starting at 1,
    or None if the style numbers nothing (a reference document's may not).

    Every list that should count from 1 needs its own w:num: paragraphs that share one keep
    counting across the document.
    """
    from docx.oxml.ns import qn

    numbering = doc.part.numbering_part.element
    style_ppr = doc.styles[style].element.pPr
    base = None if style_ppr is None else style_ppr.find(f"{qn('w:numPr')}/{qn('w:numId')}")
    abstract = next(
        (
            n.find(qn("w:abstractNumId")).get(qn("w:val"))
            for n in numbering.findall(qn("w:num"))
            if base is not None and n.get(qn("w:numId")) == base.get(qn("w:val"))
        ),
        None,
    )
    if abstract is None:
        return None
    num_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    num = element("w:num", numId=num_id)
    num.append(element("w:abstractNumId", val=abstract))
    override = element("w:lvlOverride", ilvl="0")
    override.append(element("w:startOverride", val="1"))
    num.append(override)
    numbering.append(num)  # w:num elements follow every w:abstractNum, before numIdMacAtCleanup
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)
    return num_id


def number(paragraph: Any, num_id: str | None) -> None:
    """Put a paragraph in a numbered list (its style gives the look, this the count)."""
    if num_id is None:
        return
    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = int(num_id)


#: A Han character (CJK Unified Ideographs, their extension A and compatibility block).
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def east_asian_theme_language(doc: Any) -> None:
    """Make the theme's East Asian font language (settings' `themeFontLang w:eastAsia`) the
    document's: zh-CN where it has Chinese text, none where it has no East Asian text (the
    default template says ja-JP, which would pick a Japanese face for Chinese)."""
    from docx.oxml.ns import qn

    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is None:
        return
    body = "".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))
    if HAN.search(body):
        lang.set(qn("w:eastAsia"), "zh-CN")
    elif qn("w:eastAsia") in lang.attrib:
        del lang.attrib[qn("w:eastAsia")]


def clean_package(doc: Any, title: str) -> None:
    """Drop the template's leftovers and write briefgen's own properties.

    Removes the default thumbnail, the bibliography custom XML and Word 2010's
    stylesWithEffects copy (unused by Word 2013 and later, and outside the standard);
    parts no relationship reaches are not saved, nor listed in [Content_Types].xml.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    unused = (RT.THUMBNAIL, RT.CUSTOM_XML, STYLES_WITH_EFFECTS)
    for rels in (doc.part.package.rels, doc.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in unused]:
            rels.pop(rid)
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = app_properties(title)
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")  # required by the schema
    for stale in ("w:savePreviewPicture", "w:updateFields"):  # no thumbnail; fields are filled
        for el in settings.findall(qn(stale)):
            settings.remove(el)
    east_asian_theme_language(doc)
    core = doc.core_properties
    core.comments = ""
    core.category = ""
    for child in list(core._element):
        if not (child.text or "").strip() and child.tag.rsplit("}", 1)[-1] in (
            "description",
            "category",
            "lastModifiedBy",
            "keywords",
            "subject",
        ):
            core._element.remove(child)


def app_properties(title: str) -> bytes:
    """Return docProps/app.xml naming briefgen as the application that wrote the file."""
    from xml.sax.saxutils import escape

    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<Application>briefgen {escape(__version__)}</Application>"
        "<DocSecurity>0</DocSecurity>"
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Title'
        "</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector>"
        '</HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr">'
        f"<vt:lpstr>{escape(title)}</vt:lpstr></vt:vector></TitlesOfParts>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode()


def theme_fonts(blob: bytes, major: str, minor: str) -> bytes:
    """Return a theme part whose heading (major) and body (minor) Latin fonts are briefgen's."""
    text = blob.decode("utf-8")
    for kind, face in (("majorFont", major), ("minorFont", minor)):
        text = re.sub(
            rf"(<a:{kind}>\s*<a:latin typeface=\")[^\"]*",
            lambda m: m.group(1) + face,  # noqa: B023 (called before the loop moves on)
            text,
            count=1,
        )
    return text.encode("utf-8")


def set_theme_fonts(doc: Any, major: str, minor: str) -> None:
    """Make the theme's fonts briefgen's, for anything that still follows the theme."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in doc.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            rel.target_part._blob = theme_fonts(rel.target_part.blob, major, minor)
