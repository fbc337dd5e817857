"""Word documents: each output's Document written by the one DOCX writer."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...documents.blocks import Document
from ...documents.brief import brief as brief_view
from ...documents.comparison import comparison as comparison_view
from ...documents.edition import edition as edition_view
from ...documents.notice import notice as notice_view
from ...model.corpus import Corpus
from ...model.declaration import Declaration
from ...outputs import filename
from ..context import Context, stamp, text_words, words
from .document import (
    describe,
    house_style,
    midnight,
    new_document,
    one_page_section,
    save,
    text_width,
)
from .writer import Target, write


def _started(view: Document, ctx: Context, when: date) -> Any:
    """Return a Word document for a view: briefgen's styles (or the reference document's),
    page, footer (the view's running head) and the view's properties."""
    with house_style(ctx):
        doc = new_document(
            view.running, view.lang, midnight(when), view.author, view.landscape, view.pages
        )
    describe(doc, view.properties_title, view.subject, view.keywords)
    return doc


def edition(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the clean edition of one expression."""
    when = stamp(decl, ctx, expressions[0])  # SOURCE_DATE_EPOCH's, if set
    doc = _started(
        view := edition_view(decl, expressions[0], text_words(decl, ctx, expressions[0])), ctx, when
    )
    write(view.body, Target(doc, lang=view.lang))
    return save(doc, when)


def notice(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the correction notice of the latest edition."""
    when = stamp(decl, ctx)
    doc = _started(view := notice_view(decl, words(ctx)), ctx, when)
    write(view.body, Target(doc, lang=view.lang))
    return save(doc, when)


def comparison(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the side-by-side comparison of several expressions (A4 landscape)."""
    when = stamp(decl, ctx)
    doc = _started(view := comparison_view(decl, expressions, words(ctx)), ctx, when)
    write(view.body, Target(doc, width=text_width(doc.sections[-1]), lang=view.lang))
    return save(doc, when)


def brief(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the policy brief, set to fit one page as the PDF does."""
    from ...documents.citation import default_expression

    when = stamp(decl, ctx, with_brief=True)
    doc = _started(view := brief_view(decl, when, words(ctx)), ctx, when)
    _one_page(doc)
    links = filename("edition", (default_expression(decl),), "docx")
    write(
        view.body,
        Target(doc, para_url=links, width=text_width(doc.sections[-1]), lang=view.lang),
    )
    return save(doc, when)


def pack(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the briefing pack as one Word document."""
    from .pack import pack_docx

    when = stamp(decl, ctx, with_brief=True)
    with house_style(ctx):
        doc = pack_docx(decl, midnight(when), when, ctx)
    return save(doc, when)


def _one_page(doc: Any) -> None:
    """Set a document dense enough for a brief's one page, as the brief's PDF is."""
    from docx.shared import Pt

    one_page_section(doc.sections[0])
    styles = doc.styles
    styles["Normal"].font.size = Pt(9.5)
    styles["Normal"].paragraph_format.space_after = Pt(3)
    # Exact leading (1.26; the PDF has 1.33): "single" spacing follows Noto's tall line metrics
    # (about 1.36 em, more in LibreOffice), which pushed the provenance table onto a second page.
    styles["Normal"].paragraph_format.line_spacing = Pt(12)
    styles["Title"].font.size = Pt(15)  # as in the PDF: a headline, not a cover title
    for name in ("Heading 1", "Title"):
        styles[name].paragraph_format.space_before = Pt(6)
        styles[name].paragraph_format.space_after = Pt(3)


def _collection(corpus: Corpus, kind: str, ctx: Context) -> bytes:
    from ...documents.collection import matrix as matrix_view
    from ...documents.collection import themes as themes_view

    view = (matrix_view if kind == "matrix" else themes_view)(corpus, words(ctx), "docx")
    when = ctx.build_date or view.created
    doc = _started(view, ctx, when)
    write(view.body, Target(doc, width=text_width(doc.sections[-1]), lang=view.lang))
    return save(doc, when)


def matrix(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's theme matrix (landscape where its themes need the width)."""
    return _collection(corpus, "matrix", ctx)


def themes(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's theme pages."""
    return _collection(corpus, "themes", ctx)


def collection_pack(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's pack as one Word document."""
    from .collection_pack import collection_pack_docx

    when = ctx.build_date or max(w.edition().date for w in corpus.works)
    with house_style(ctx):
        doc = collection_pack_docx(corpus, midnight(when), when, ctx)
    return save(doc, when)
