"""The policy brief as a Word document: the same content and styles as the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ... import __version__
from ...documents.wording import authority
from ...model.brief import BriefView, Piece, view
from ...model.declaration import Declaration, long_date
from ...model.source import Work
from .document import NOTE_STYLE, add, bold_label, new_document, restyle, set_widths
from .xml import add_text, bookmark_name, cite, new_list, number

POINT_STYLE = "List Number"


@dataclass(frozen=True)
class ParaLinks:
    """Where "para N" citations lead: the paragraph's bookmark (`prefix` + "para-N", as in the
    pack's "en-xinhua-para-13"), in this document or in the `file` beside it
    ("edition-en-xinhua.docx"); no prefix: the citation is styled but not linked."""

    prefix: str | None = None
    file: str | None = None

    def add(self, paragraph: Any, text: str, number: str) -> Any:
        """Append a citation of paragraph `number`, linked where it can be."""
        from docx.text.run import Run

        anchor = None if self.prefix is None else bookmark_name(self.prefix, f"para-{number}")
        return Run(cite(paragraph, text, anchor, self.file if anchor else None), paragraph)


def _pieces(paragraph: Any, pieces: list[Piece], links: ParaLinks, small: bool = False) -> None:
    from docx.shared import Pt

    for piece in pieces:
        if piece.number:
            run = links.add(paragraph, piece.text, piece.number)
        else:
            run = paragraph.add_run(piece.text)
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
        w.issuer,
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

    from ...documents.citation import default_expression

    links = ParaLinks(prefix="", file=f"edition-{default_expression(decl)}.docx")
    add_brief(doc, decl, build_date, links=links)
    return doc


def add_brief(
    doc: Any,
    decl: Declaration,
    build_date: date,
    title_style: str = "Title",
    heading_style: str = "Heading 1",
    links: ParaLinks | None = None,
) -> None:
    """Append the brief of a work to a document; its "para N" citations lead where `links`
    says (by default, nowhere)."""
    from docx.shared import Mm, Pt

    v = view(decl)
    w, brief = decl.source.work, v.brief
    links = links or ParaLinks()
    add(doc, f"Policy brief · {w.title} · {long_date(brief.date)}", NOTE_STYLE)
    add(doc, brief.headline, title_style)
    _pieces(add(doc), v.summary, links)

    add(doc, "Key commitments", heading_style)
    points = new_list(doc, POINT_STYLE)  # numbered from 1, whatever lists came before
    for point in v.points:
        p = add(doc, style=POINT_STYLE)
        number(p, points)
        _pieces(p, point.text, links)
        p.add_run(" ")
        _pieces(p, point.cites, links, small=True)

    # Context and related instruments side by side, as in the PDF: a borderless two-column table
    if v.context or v.related:
        _context_and_related(doc, v, w, heading_style)

    if v.translation_note or v.divergent:
        add(doc, "Translation note", heading_style)
        note = add(doc)
        _pieces(note, v.translation_note, links)
        if v.divergent:
            note.add_run(
                (" " if v.translation_note else "")
                + "Most divergent paragraphs (word similarity): "
            )
            for i, (n, pct) in enumerate(v.divergent):
                links.add(note, f"para {n}", n)
                note.add_run(f" ({pct}%)" + ("." if i == len(v.divergent) - 1 else ", "))

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
        head = cell.paragraphs[0].add_run(text)
        head.bold = True
        head.font.size = Pt(7.5)  # "Published" fits its column whole, as in the PDF
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
            add_text(cell.paragraphs[0], text, Pt(6.5))
    set_widths(table, [Mm(w) for w in (19, 77, 21, 46, 19)])


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
