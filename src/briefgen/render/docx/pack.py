"""The briefing pack as one Word document: cover, contents, then each part in its own section."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ...documents.edition import edition
from ...documents.pack import parts, years
from ...documents.wording import adoption, language_name
from ...model.declaration import Declaration, Edition, long_date
from ...model.source import Correction
from .document import (
    NOTE_STYLE,
    add,
    bold_label,
    new_document,
    set_page,
    set_widths,
)
from .toc import contents
from .writer import Target, write
from .xml import add_text, bookmark, bookmark_name, new_list, number


def _section(doc: Any, landscape: bool) -> Any:
    """Start a new part on a new page, in portrait or landscape; return its text's width."""
    from docx.enum.section import WD_SECTION

    return set_page(doc.add_section(WD_SECTION.NEW_PAGE), landscape)


def pack_docx(decl: Declaration, created: Any, when: date) -> Any:
    """Return the briefing pack of a work as a python-docx Document."""
    from ...documents.brief import brief
    from ...documents.citation import default_expression
    from ...documents.comparison import comparison

    w, ed = decl.source.work, decl.edition()
    doc = new_document(
        f"Briefing pack · {w.short_title or w.title} · briefgen edition {ed.version}",
        "en",
        created,
        w.issuer,
    )
    doc.core_properties.title = f"Briefing pack: {w.title}"
    doc.core_properties.subject = w.title
    doc.core_properties.keywords = f"briefgen edition {ed.version}; {w.id}; pack"

    add(doc, "briefgen · briefing pack", NOTE_STYLE)
    add(doc, w.title, "Title")
    add(doc, adoption(w), "Subtitle")
    bold_label(
        add(doc, style=NOTE_STYLE),
        "Edition: ",
        f"briefgen edition {ed.version}, {long_date(ed.date)}. Built {long_date(when)}.",
    )
    texts = "; ".join(
        e.name + ("" if e.authoritative else " (not authoritative)")
        for e in decl.source.expressions
    )
    bold_label(
        add(doc, style=NOTE_STYLE),
        "Texts: ",
        f"{texts}. Original language: {language_name(w.original_language)}.",
    )
    add(doc, "What is inside", "Heading 2")
    plan = parts(decl)
    inside = new_list(doc)
    for part in plan:
        number(add(doc, part.title, "List Number"), inside)
    add(doc, "Contents", "Heading 2")
    toc = add(doc)

    expressions = [e.id for e in decl.source.expressions]
    target = default_expression(decl)
    # the brief cites the pack's own copy of the edition, or else the edition file beside it
    in_pack = ("edition", target) in decl.pack_parts()
    entries = []
    for part in plan:
        width = _section(doc, landscape=part.kind == "comparison")
        heading = add(doc, part.title, "Heading 1")
        entries.append((part.title, bookmark(heading, bookmark_name(part.prefix, "top")), heading))
        into = Target(doc, part.prefix, shift=1, width=width)
        if part.kind == "edition" and part.expression:
            write(edition(decl, part.expression).body, into)
        elif part.kind == "brief":
            if in_pack:
                into = replace(into, para_prefix=f"{target}-")
            else:
                into = replace(into, para_url=f"edition-{target}.docx")
            write(brief(decl, when).body, into)
        elif part.kind == "comparison":
            write(comparison(decl, tuple(expressions)).body, into)
        elif part.kind == "related":
            _annex(doc, decl)
        else:
            _provenance(doc, decl)
    contents(doc, toc, entries)
    return doc


def _annex(doc: Any, decl: Declaration) -> None:
    add(
        doc,
        "Earlier instruments on AI governance, {} to {}, in date order. ".format(*years(decl))
        + "Excerpts and attribution lines are word for word from the capture.",
    )
    for r in sorted(decl.source.related, key=lambda r: r.date):
        add(doc, f"{long_date(r.date)} — {r.title}", "Heading 2")
        add(doc, r.issuer, NOTE_STYLE)
        for excerpt in r.excerpts:
            add(doc, excerpt, "Quote")
        bold_label(
            add(doc, style=NOTE_STYLE),
            "Attribution in the capture: ",
            "; ".join(r.attribution),
        )


def _provenance(doc: Any, decl: Declaration) -> None:
    from docx.shared import Mm, Pt

    add(doc, "Where every text in this pack came from, and everything the editors did to it.")
    add(doc, "Captures", "Heading 2")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ["Capture", "Publisher, title, URL, SHA-256", "Published", "What it is"],
        strict=True,
    ):
        head = cell.paragraphs[0].add_run(text)
        head.bold = True
        head.font.size = Pt(8)  # "Published" fits its column whole
    for c in decl.source.captures:
        values = [
            f"{c.id}\n{c.file}",
            f"{c.publisher}, “{c.title}”\n{c.url}\nSHA-256 {c.sha256}",
            long_date(c.published) if c.published else "not stated",
            c.content,
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            add_text(cell.paragraphs[0], text, Pt(7.5))
    set_widths(table, [Mm(w) for w in (28, 80, 22, 32)])
    add(doc, "Capture lines of each paragraph", "Heading 2")
    add(
        doc,
        "Every word of each capture stands once, in order, in a heading, a paragraph or an "
        "intervention below (briefgen check proves it; briefgen collate prints the whole "
        "collation). Each paragraph comes from these lines of its capture:",
    )
    for e in decl.source.expressions:
        cells = decl.capture_line_cells(e.id)
        if not cells:
            continue
        bold_label(add(doc, style=NOTE_STYLE), e.name, f", capture {e.capture}")
        grid = doc.add_table(rows=0, cols=5)
        for start in range(0, len(cells), 5):
            row = grid.add_row().cells
            for cell, text in zip(row, cells[start : start + 5], strict=False):
                add_text(cell.paragraphs[0], text, Pt(7.5))
    add(doc, "Editorial interventions", "Heading 2")
    for i, iv in enumerate(decl.source.interventions, 1):
        bold_label(
            add(doc, style=NOTE_STYLE),
            f"{i}. {decl.describe(iv)} (capture {iv.capture}). ",
            iv.reason,
        )
        if iv.action == "remove" and iv.text:
            add(doc, f"Removed text, word for word: {iv.text}", NOTE_STYLE)
        if iv.action == "normalise":
            add(doc, f"As captured: {iv.before} — as printed: {iv.after}", NOTE_STYLE)
    add(doc, "Corrections", "Heading 2")
    releases = decl.releases()
    if not releases:
        add(doc, "No corrections have been made since edition 1.0.0.")
    add_corrections(doc, decl, releases)


def add_corrections(
    doc: Any, decl: Declaration, releases: list[tuple[Edition, list[Correction]]]
) -> None:
    """List corrections, one paragraph each: edition, date, paragraph, type, what changed, why."""
    for release, corrections in releases:
        for corr in corrections:
            paras = ", ".join(decl.number_of(pid) for pid in corr.paragraphs)
            change = f"“{corr.before}” became “{corr.after}”. " if corr.before is not None else ""
            bold_label(
                add(doc, style=NOTE_STYLE),
                f"Edition {release.version}, {long_date(release.date)}"
                + (f", para {paras}" if paras else "")
                + f" ({corr.type}). ",
                change + corr.reason,
            )
