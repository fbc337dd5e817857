"""The briefing pack as one Word document: cover, contents, then each part in its own section."""

from __future__ import annotations

from datetime import date
from typing import Any

from ... import __version__
from ...documents.edition import edition
from ...documents.pack import parts
from ...documents.pack_parts import annex, front
from ...documents.provenance import provenance
from ...model.declaration import Declaration
from .document import add, new_document, set_page
from .writer import Target, finish, write
from .xml import bookmark, bookmark_name


def _section(doc: Any, landscape: bool) -> Any:
    """Start a new part on a new page, in portrait or landscape; return its text width."""
    from docx.enum.section import WD_SECTION

    return set_page(doc.add_section(WD_SECTION.NEW_PAGE), landscape)


def pack_docx(decl: Declaration, created: Any, when: date) -> Any:
    """Return the briefing pack of a work as a python-docx Document."""
    from ...documents.citation import default_expression
    from ...model.compare import compare
    from .brief import ParaLinks, add_brief
    from .comparison import add_comparison

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

    # the cover's title is the document's; its headings and the contents' stand below it
    head = Target(doc, shift=1, title="Title")
    write(front(decl, when, attached_here=False).body, head)

    expressions = [e.id for e in decl.source.expressions]
    target = default_expression(decl)
    in_pack = ("edition", target) in decl.pack_parts()
    links = ParaLinks(prefix=f"{target}-" if in_pack else None)
    for part in parts(decl):
        width = _section(doc, landscape=part.kind == "comparison")
        if part.kind == "related":  # the pack's own parts: their title heads them
            write(annex(decl).body, Target(doc, part.prefix, shift=1, width=width))
            continue
        if part.kind == "provenance":
            view = provenance(decl, when, __version__, attached_here=False)
            write(view.body, Target(doc, part.prefix, shift=1, width=width))
            continue
        heading = add(doc, part.title, "Heading 1")
        bookmark(heading, bookmark_name(part.prefix, "top"))
        if part.kind == "edition" and part.expression:
            body = edition(decl, part.expression).body
            write(body, Target(doc, part.prefix, shift=1, title="Subtitle"))
        elif part.kind == "brief":
            add_brief(doc, decl, when, "Subtitle", "Heading 2", links)
        elif part.kind == "comparison":
            add_comparison(doc, compare(decl, expressions), "Subtitle", "Heading 2", part.prefix)
    finish(head)
    return doc
