"""The briefing pack as one Word document: cover, contents, then each part in its own section."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ... import __version__
from ...documents.brief import brief
from ...documents.citation import default_expression
from ...documents.comparison import comparison
from ...documents.edition import edition
from ...documents.pack import parts
from ...documents.pack_parts import annex, front
from ...documents.provenance import provenance
from ...model.declaration import Declaration
from ...outputs import filename
from ..context import Context, text_words, texts_in, words
from .document import (
    add,
    describe,
    new_document,
    one_page_section,
    one_page_text,
    set_page,
)
from .writer import Target, finish, write
from .xml import bookmark, bookmark_name


def _section(doc: Any, landscape: bool) -> Any:
    """Start a new part on a new page, in portrait or landscape; return its text's width."""
    from docx.enum.section import WD_SECTION

    return set_page(doc.add_section(WD_SECTION.NEW_PAGE), landscape)


def pack_docx(decl: Declaration, created: Any, when: date, ctx: Context) -> Any:
    """Return the briefing pack of a work as a python-docx Document."""
    m = words(ctx)
    cover = front(decl, when, False, m, texts_in(decl, ctx))
    doc = new_document(cover.running, cover.lang, created, cover.author, pages=cover.pages)
    describe(doc, cover.properties_title, cover.subject, cover.keywords)

    # the cover's title is the document's; its headings and the contents' stand below it
    head = Target(doc, shift=1, title="Title")
    write(cover.body, head)

    expressions = tuple(e.id for e in decl.source.expressions)
    target = default_expression(decl)
    # the brief cites the pack's own copy of the edition, or else the edition file beside it
    in_pack = ("edition", target) in decl.pack_parts()
    for part in parts(decl, m):
        width = _section(doc, landscape=part.kind == "comparison")
        into = Target(doc, part.prefix, shift=1, width=width)
        if part.kind == "related":  # the pack's own parts: their title heads them
            write(annex(decl, m).body, into)
            continue
        if part.kind == "provenance":
            write(provenance(decl, when, __version__, attached_here=False, m=m).body, into)
            continue
        heading = add(doc, part.title, "Heading 1")
        bookmark(heading, bookmark_name(part.prefix, "top"))
        into = replace(into, title="Subtitle")  # a document's title under its part's heading
        if part.kind == "edition" and part.expression:
            view = edition(decl, part.expression, text_words(decl, ctx, part.expression))
            write(view.body, replace(into, lang=view.lang))
        elif part.kind == "brief":
            if in_pack:
                into = replace(into, para_prefix=f"{target}-")
            else:
                into = replace(into, para_url=filename("edition", (target,), "docx"))
            into = replace(into, width=one_page_section(doc.sections[-1]))
            start = len(doc.element.body)
            write(brief(decl, when, words(ctx)).body, into)
            one_page_text(doc, list(doc.element.body)[start - 1 :])
        elif part.kind == "comparison":
            write(comparison(decl, expressions, words(ctx)).body, into)
    finish(head)
    return doc
