"""A Word document with briefgen's styles, page, footer and properties, and its bytes.

Every DOCX output starts here (new_document) and ends here (save); the writer fills it."""

from __future__ import annotations

import copy
import io
import re
import weakref
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from ...documents.blocks import PAGES
from ..context import PAPERS, Context
from .xml import (
    AFTER_SZ_CS,
    character_styles,
    clean_package,
    element,
    insert_before,
    set_default_fonts,
    set_default_language,
    set_theme_fonts,
    strip_theme_fonts,
)

SERIF = "Noto Serif"
SANS = "Noto Sans"
CJK = "Noto Serif CJK SC"
#: The faces of Arabic (Word's complex scripts): Naskh beside the serif, Kufi beside the sans.
ARABIC = {SERIF: "Noto Naskh Arabic", SANS: "Noto Kufi Arabic"}
ACCENT = (0x1F, 0x3A, 0x5F)
PARA_STYLE = "Numbered Paragraph"
NOTE_STYLE = "Edition Note"

#: The paper and reference document of the output being rendered: set by the DOCX renderer
#: around each output, read by new_document and set_page, so the renderer's functions and the
#: pack need not carry them.
_HOUSE_STYLE: ContextVar[tuple[str, Path | None]] = ContextVar("house_style", default=("a4", None))


@contextmanager
def house_style(ctx: Context) -> Iterator[None]:
    """Make every document started inside use the context's paper and reference document."""
    token = _HOUSE_STYLE.set((ctx.paper, ctx.reference_docx))
    try:
        yield
    finally:
        _HOUSE_STYLE.reset(token)


def _set_fonts(style: Any, latin: str, size: float, east_asian: str = CJK) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = latin
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), ARABIC.get(latin, ARABIC[SERIF]))
    if rpr.find(qn("w:szCs")) is None:  # the size of Arabic text, which Word sizes apart
        insert_before(rpr, element("w:szCs", val=str(round(size * 2))), AFTER_SZ_CS)
    strip_theme_fonts(fonts)  # Word would show the theme's font (Calibri) instead of ours


def _page_field(paragraph: Any, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "1":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def set_page(section: Any, landscape: bool) -> Any:
    """Make a section a page of the chosen paper, portrait or landscape, with the PDF's margins.

    With a reference document, its page size and margins are kept (turned for landscape).
    Return the width of its text block.
    """
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    paper, reference = _HOUSE_STYLE.get()
    if reference is not None:
        width, height = sorted((section.page_width, section.page_height))
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        return text_width(section)
    short, long = PAPERS[paper]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(long), Mm(short)
        section.left_margin = section.right_margin = Mm(15)
        section.top_margin, section.bottom_margin = Mm(16), Mm(18)
        return Mm(long - 30)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(short), Mm(long)
    section.left_margin, section.right_margin = Mm(28), Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    return Mm(short - 48)


def one_page_section(section: Any) -> Any:
    """Give a section the brief's page margins (the PDF's: 10 mm top and bottom, 14 mm each
    side); return its text's width. A reference document's margins are kept."""
    from docx.shared import Mm

    if _HOUSE_STYLE.get()[1] is None:
        section.top_margin, section.bottom_margin = Mm(10), Mm(10)
        section.left_margin = section.right_margin = Mm(14)
        section.header_distance = section.footer_distance = Mm(5)  # within the 10 mm
    return text_width(section)


def one_page_text(doc: Any, elements: list[Any]) -> None:
    """Set the body text among these elements (paragraphs, and those of tables) as the
    one-page brief's PDF sets its points and context: 9 pt on 11 pt lines, 3 pt apart;
    headings 6 pt below what precedes them; notes on 10.5 pt lines. Notes and what is already
    sized (the fine print of the provenance) keep their sizes: none is below 8 pt."""
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    for block in elements:
        paragraphs = [block] if block.tag == qn("w:p") else block.iter(qn("w:p"))
        for p in paragraphs:
            paragraph = Paragraph(p, doc._body)
            name = paragraph.style.name if paragraph.style is not None else "Normal"
            pf = paragraph.paragraph_format
            if name in ("Title", "Subtitle") or name.startswith("Heading"):
                pf.space_before, pf.space_after = Pt(6), Pt(2)
                continue
            if name == NOTE_STYLE:  # 8.5 pt on 10.5 pt lines
                pf.line_spacing, pf.space_after = Pt(10.5), Pt(2)
                continue
            if pf.line_spacing is None:
                pf.line_spacing = Pt(11)
            if pf.space_after is None:
                pf.space_after = Pt(3)
            for r in p.iter(qn("w:r")):  # a link's runs too
                run = Run(r, paragraph)
                if run.font.size is None:
                    run.font.size = Pt(9)


@cache
def _own_styles(paper: str) -> tuple[tuple[str, str, Any], ...]:
    """Return briefgen's styles as (name, id, element): what a reference document may lack."""
    token = _HOUSE_STYLE.set((paper, None))
    try:
        doc = new_document("", "en", datetime(2026, 1, 1, tzinfo=UTC), "")
    finally:
        _HOUSE_STYLE.reset(token)
    return tuple((s.name, s.style_id, s.element) for s in doc.styles)


def _start(reference: Path | None) -> Any:
    """Return an empty document: the reference one emptied of its content, or python-docx's.

    A reference document keeps its styles; those briefgen uses and it lacks (a document made
    in Word holds only the styles it uses) are added as briefgen has them.
    """
    import docx
    from docx.oxml.ns import qn

    if reference is None:
        return docx.Document()
    doc = docx.Document(str(reference))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    names = {s.name for s in doc.styles}
    ids = {s.style_id for s in doc.styles}
    for name, style_id, own in _own_styles(_HOUSE_STYLE.get()[0]):
        if name not in names and style_id not in ids:
            doc.styles.element.append(copy.deepcopy(own))
    for section in doc.sections:
        for part in (section.header, section.footer):
            for child in list(part._element):
                part._element.remove(child)
            part._element.append(part._element.makeelement(qn("w:p"), {}))
    return doc


#: The longest text a DOCX core property holds (python-docx, and Word, refuse longer).
PROPERTY_LIMIT = 255


def fit_property(value: str) -> str:
    """Return a core property's text within the limit: cut at a word, ending in "…" (the
    document itself says it whole; a collection's issuers can run past 255 characters)."""
    if len(value) <= PROPERTY_LIMIT:
        return value
    cut = value[: PROPERTY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;")
    return cut + "…"


def describe(doc: Any, title: str, subject: str, keywords: str) -> None:
    """Set a document's title, subject and keywords properties, each fitted to the limit."""
    props = doc.core_properties
    props.title = fit_property(title)
    props.subject = fit_property(subject)
    props.keywords = fit_property(keywords)


def new_document(
    title: str,
    language: str,
    created: datetime,
    author: str,
    landscape: bool = False,
    pages: str = PAGES,
) -> Any:
    """Return a document with briefgen's styles, a numbered footer and its properties.

    `author` is the issuer of the text (as in the citation records), not the editors. With a
    reference document (--reference-docx), the document starts from it instead of
    python-docx's default: its styles, fonts, page size and margins are kept, and briefgen adds
    its own styles only where the reference lacks them (as pandoc's --reference-doc does).
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    reference = _HOUSE_STYLE.get()[1]
    doc = _start(reference)
    section = doc.sections[0]
    text_width = set_page(section, landscape)

    styles = doc.styles
    names = {s.name for s in styles}
    if reference is None:
        set_default_fonts(doc, SERIF, CJK, ARABIC[SERIF])
        set_theme_fonts(doc, SANS, SERIF)
        _set_fonts(styles["Normal"], SERIF, 11)
        styles["Normal"].paragraph_format.space_after = Pt(6)
        headings = (
            ("Heading 1", 12),
            ("Heading 2", 10),
            ("Heading 3", 10),
        )  # the PDF's editorial note heading
        for name, size in (("Title", 20), ("Subtitle", 11), *headings):
            style = styles[name]
            _set_fonts(style, SANS if name.startswith("Heading") else SERIF, size)
            style.font.color.rgb = RGBColor(*ACCENT)
            if name.startswith("Heading"):  # never last on a page
                style.paragraph_format.keep_with_next = True
        styles["Subtitle"].font.italic = True
        for spacing in styles["Subtitle"].element.rPr.findall(qn("w:spacing")):
            spacing.getparent().remove(spacing)  # the default template letter-spaces subtitles
        styles["Subtitle"].font.color.rgb = RGBColor(0x33, 0x33, 0x33)
        # An excerpt quoted word for word (the pack's annex) is set as the PDF sets it: upright,
        # in the text's colour, indented; Word's template makes "Quote" italic and grey-blue,
        # and italic is what the editions use for words the editors supply.
        quote = styles["Quote"]
        quote.font.italic = False
        quote.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        quote.paragraph_format.left_indent = Mm(7)
        quote.paragraph_format.right_indent = Mm(0)

    if PARA_STYLE not in names:
        para = styles.add_style(PARA_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        para.base_style = styles["Normal"]
        pf = para.paragraph_format
        pf.left_indent, pf.first_line_indent = Mm(11), Mm(-11)
        pf.tab_stops.add_tab_stop(Mm(11))
        pf.space_after = Pt(8)
        pf.widow_control = True

    character_styles(doc, ACCENT)

    if NOTE_STYLE not in names:
        note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = styles["Normal"]
        _set_fonts(note, SANS, 8.5)
        note.paragraph_format.space_after = Pt(4)

    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    if reference is None:
        _set_fonts(styles["Footer"], SANS, 8)  # 8 pt: the smallest size briefgen prints
        footer_tabs = styles["Footer"].paragraph_format.tab_stops
        footer_tabs.clear_all()  # the template's centre and right stops are set for Letter paper
        footer_tabs.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    # the page number in the document's words ("Page {page} of {pages}"), each number a field
    pieces = re.split(r"\{(\w+)\}", pages)
    footer.add_run(f"{title}\t{pieces[0]}")
    for i, piece in enumerate(pieces[1:], 1):
        if i % 2:
            _page_field(footer, "PAGE" if piece == "page" else "NUMPAGES")
        elif piece:
            footer.add_run(piece)

    set_default_language(doc, language)
    props = doc.core_properties
    props.title = fit_property(title)
    props.language = language
    props.author = fit_property(author)
    props.created = props.modified = created
    props.last_printed = created
    props.revision = 1
    return doc


def text_width(section: Any) -> Any:
    """Return the width of a section's text block, between its margins."""
    return section.page_width - section.left_margin - section.right_margin


def set_widths(table: Any, widths: list[Any]) -> None:
    """Fix a table's column widths; LibreOffice reads the grid's, Word the cells': set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def _paragraph_style_ids(part: Any) -> dict[str, str]:
    """Return a document's paragraph styles, name to id, but the default one; read once."""
    if part not in _STYLE_IDS:
        from docx.enum.style import WD_STYLE_TYPE

        paragraph = WD_STYLE_TYPE.PARAGRAPH
        default = part.styles.default(paragraph)
        _STYLE_IDS[part] = {
            s.name: s.style_id for s in part.styles if s.type == paragraph and s != default
        }
    return _STYLE_IDS[part]


def restyle(paragraph: Any, style: str) -> Any:
    """Give a paragraph a style by name, and return it.

    Sets the style id directly: python-docx resolves a name by scanning every style of the
    document twice, about 2.5 ms a paragraph (a second of CPU in a full build). The default
    style, and a style added after the first lookup, go through python-docx's own way.
    """
    ids = _paragraph_style_ids(paragraph.part)
    if style in ids:
        paragraph._p.get_or_add_pPr().style = ids[style]
    else:
        paragraph.style = style
    return paragraph


def add(container: Any, text: str = "", style: str | None = None) -> Any:
    """Add a paragraph of text to a document or table cell, in a style named, and return it."""
    paragraph = container.add_paragraph(text)
    return restyle(paragraph, style) if style is not None else paragraph


def midnight(day: date) -> datetime:
    """Return the first moment of a day, in UTC: a document's created and modified time."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def save(doc: Any, when: date) -> bytes:
    """Return a document's bytes, the same for the same content: every zip entry is dated
    `when` (python-docx would stamp them with the time of the build).

    A ZIP entry's date holds only 1980 to 2107 (MS-DOS time): a day outside is stamped with
    the nearest it holds, as reproducible-build tools clamp to the format's floor. The
    document's own properties (created, modified) keep the true day.
    """
    clean_package(doc, doc.core_properties.title)
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    stamp = zip_date_time(when)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


#: The first and last days a ZIP entry's MS-DOS date can hold (at their first moment).
ZIP_FIRST = (1980, 1, 1, 0, 0, 0)
ZIP_LAST = (2107, 12, 31, 0, 0, 0)


def zip_date_time(day: date) -> tuple[int, int, int, int, int, int]:
    """Return the ZIP entry time of a day's first moment, within what a ZIP entry can hold."""
    moment = (day.year, day.month, day.day, 0, 0, 0)
    return min(max(moment, ZIP_FIRST), ZIP_LAST)


def reference_docx() -> bytes:
    """Return briefgen's default reference document: its styles and page, with no content.

    `briefgen templates --copy reference.docx` writes it, to edit in Word and give back with
    --reference-docx (or leave in the project's templates/ folder).
    """
    epoch = datetime(2026, 1, 1, tzinfo=UTC)
    doc = new_document("", "en", epoch, "briefgen")
    body = doc.element.body
    for paragraph in doc.paragraphs:
        body.remove(paragraph._p)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Number"):
        doc.add_paragraph(name, style=name)
    doc.add_paragraph("Numbered paragraph: the text of the declaration.", style=PARA_STYLE)
    doc.add_paragraph("Edition note: provenance and editorial notes.", style=NOTE_STYLE)
    return save(doc, epoch.date())
