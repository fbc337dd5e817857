"""The policy brief as a Word document: the same content and styles as the PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import __version__
from ..brief import BriefView, Piece, view
from ..declaration import Declaration, long_date
from ..model import Work
from ..wording import authority
from .docx import NOTE_STYLE, add, bold_label, new_document, restyle, set_widths

POINT_STYLE = "List Number"


def _pieces(paragraph: Any, pieces: list[Piece], small: bool = False) -> None:
    from docx.shared import Pt, RGBColor

    for piece in pieces:
        run = paragraph.add_run(piece.text)
        if piece.number:
            run.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        if small:
            run.font.size = Pt(8)


def brief_docx(decl: Declaration, created: Any, build_date: date) -> Any:
    """Return the brief of a work as a python-docx Document."""
    from docx.shared import Mm, Pt

    v = view(decl)
    w, brief = decl.source.work, v.brief
    doc = new_document(
        f"Policy brief · {w.short_title or w.title} · briefgen edition {decl.edition().version}",
        "en",
        created,
        decl.source.edition.editors,
    )
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(12), Mm(11)
    section.left_margin = section.right_margin = Mm(14)
    doc.core_properties.title = f"Policy brief: {w.title}"
    doc.core_properties.subject = brief.headline
    doc.core_properties.keywords = f"briefgen edition {decl.edition().version}; {w.id}; brief"
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    # Exact leading (1.26; the PDF has 1.38): "single" spacing follows Noto's tall line metrics
    # (about 1.36 em, more in LibreOffice), which pushed the provenance table onto a second page.
    doc.styles["Normal"].paragraph_format.line_spacing = Pt(12)
    doc.styles["Title"].font.size = Pt(15)  # as in the PDF: a headline, not a cover title
    for name in ("Heading 1", "Title"):
        doc.styles[name].paragraph_format.space_before = Pt(6)
        doc.styles[name].paragraph_format.space_after = Pt(3)

    add_brief(doc, decl, build_date)
    return doc


def add_brief(
    doc: Any,
    decl: Declaration,
    build_date: date,
    title_style: str = "Title",
    heading_style: str = "Heading 1",
) -> None:
    """Append the brief of a work to a document."""
    from docx.shared import Mm, Pt

    v = view(decl)
    w, brief = decl.source.work, v.brief
    add(doc, f"Policy brief · {w.title} · {long_date(brief.date)}", NOTE_STYLE)
    add(doc, brief.headline, title_style)
    _pieces(
        add(
            doc,
        ),
        v.summary,
    )

    add(doc, "Key commitments", heading_style)
    for point in v.points:
        p = add(doc, style=POINT_STYLE)
        _pieces(p, point.text)
        p.add_run(" ")
        _pieces(p, point.cites, small=True)

    # Context and related instruments side by side, as in the PDF: a borderless two-column table
    if v.context or v.related:
        _context_and_related(doc, v, w, heading_style)

    if v.translation_note or v.divergent:
        add(doc, "Translation note", heading_style)
        note = add(
            doc,
        )
        _pieces(note, v.translation_note)
        if v.divergent:
            note.add_run(
                (" " if v.translation_note else "")
                + "Most divergent paragraphs (word similarity): "
                + ", ".join(f"para {n} ({pct}%)" for n, pct in v.divergent)
                + "."
            )

    bold_label(
        add(doc, style=NOTE_STYLE),
        "Provenance. ",
        f"Paragraph numbers refer to briefgen edition {decl.edition().version} "
        f"({long_date(decl.edition().date)})"
        + (" and are the same in every text; " if len(decl.source.expressions) > 1 else "; ")
        + f"{authority(decl)}. Brief dated {long_date(brief.date)}; "
        f"built {long_date(build_date)} with briefgen {__version__}.",
    )
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        [
            "Used for",
            "Source (publisher, title, URL)",
            "Published",
            "SHA-256 of the capture",
            "Edits",
        ],
        strict=True,
    ):
        restyle(cell.paragraphs[0], NOTE_STYLE)
        cell.paragraphs[0].add_run(text).bold = True
    for row in v.provenance:
        c = row.capture
        origin = ""
        if row.origin:
            origin = f" (text first published by {row.origin.publisher}" + (
                f", {long_date(row.origin.published)})" if row.origin.published else ")"
            )
        cells = table.add_row().cells
        values = [
            row.use,
            f"{c.publisher}, “{c.title}”{origin} {c.url}",
            long_date(c.published) if c.published else "not stated",
            c.sha256,
            row.edits,
        ]
        for cell, text in zip(cells, values, strict=True):
            restyle(cell.paragraphs[0], NOTE_STYLE)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            cell.paragraphs[0].paragraph_format.line_spacing = Pt(8)
            cell.paragraphs[0].add_run(text).font.size = Pt(6.5)
    set_widths(table, [Mm(w) for w in (20, 80, 18, 46, 18)])


def _context_and_related(doc: Any, v: BriefView, w: Work, heading_style: str) -> None:
    """Context and related instruments side by side, as in the PDF: a borderless table."""
    from docx.shared import Mm, Pt

    columns = doc.add_table(rows=1, cols=2)
    set_widths(columns, [Mm(95), Mm(87)])
    left, right = columns.rows[0].cells
    if v.context:
        restyle(left.paragraphs[0], heading_style)
        left.paragraphs[0].add_run("Context")
        for q in v.context:
            marks = ("‘", "’") if "“" in q.quote else ("“", "”")
            p = add(left, f"{q.lead}: {marks[0]}{q.quote}{marks[1]} ")
            author = f" ({q.capture.author})" if q.capture.author else ""
            published = long_date(q.capture.published) if q.capture.published else "date not stated"
            p.add_run(f"— {q.capture.publisher}{author}, {published}").font.size = Pt(7.5)
    if v.related:
        restyle(right.paragraphs[0], heading_style)
        right.paragraphs[0].add_run("Related instruments")
        for r in v.related:
            bold_label(
                add(right, style=NOTE_STYLE),
                r.date.strftime("%b %Y") + "  ",
                r.label,
            )
        bold_label(
            add(right, style=NOTE_STYLE),
            w.adopted.strftime("%b %Y") + "  ",
            w.title,
        )
