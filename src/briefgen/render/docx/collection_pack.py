"""A collection's pack as one Word document: cover, contents, then each part in its own
section (the matrix landscape where its themes need the width)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ... import __version__
from ...documents.brief import brief
from ...documents.citation import default_expression
from ...documents.collection import matrix, themes
from ...documents.collection_pack import front, parts
from ...documents.edition import edition
from ...documents.provenance import provenance
from ...model.corpus import Corpus
from ..context import Context, text_words, words
from .document import add, describe, new_document, set_page
from .writer import Target, finish, write
from .xml import bookmark, bookmark_name


def collection_pack_docx(corpus: Corpus, created: Any, when: date, ctx: Context) -> Any:
    """Return a collection's pack as a python-docx Document."""
    from docx.enum.section import WD_SECTION

    m = words(ctx)
    cover = front(corpus, when, False, m)
    doc = new_document(cover.running, cover.lang, created, cover.author, pages=cover.pages)
    describe(doc, cover.properties_title, cover.subject, cover.keywords)
    head = Target(doc, shift=1, title="Title")
    write(cover.body, head)
    for part in parts(corpus, m):
        if part.kind in ("matrix", "themes"):
            view = (matrix if part.kind == "matrix" else themes)(corpus, m, None, part.top)
            width = set_page(doc.add_section(WD_SECTION.NEW_PAGE), view.landscape)
            # the part's own title is its level-1 heading, which holds its anchor
            write(view.body, Target(doc, shift=0, width=width, lang=view.lang))
            continue
        w = part.work
        assert w is not None
        width = set_page(doc.add_section(WD_SECTION.NEW_PAGE), False)
        into = Target(doc, part.prefix, shift=1, width=width)
        if part.kind == "provenance":
            write(provenance(w, when, __version__, attached_here=False, m=m).body, into)
            continue
        heading = add(doc, part.title, "Heading 1")
        bookmark(heading, bookmark_name(part.prefix, "top"))
        into = replace(into, title="Subtitle")
        if part.kind == "edition" and part.expression:
            view = edition(w, part.expression, text_words(w, ctx, part.expression))
            write(view.body, replace(into, lang=view.lang))
        elif part.kind == "brief":
            target = default_expression(w)
            edition_prefix = part.prefix.removesuffix("brief-") + f"{target}-"
            write(brief(w, when, m).body, replace(into, para_prefix=edition_prefix))
    finish(head)
    return doc
