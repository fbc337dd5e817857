"""A collection's pack as one archival PDF: the matrix, the theme pages, each work's brief and
edition and provenance, laid out apart and joined behind a cover and contents, with bookmarks,
continuous page numbers and every work's files attached once (PDF/A-3u and PDF/UA-1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time
from io import BytesIO
from typing import Any

from ... import __version__
from ...documents.blocks import Contents, Document, walk
from ...documents.collection import describer
from ...documents.collection_pack import Part, front, parts, subject
from ...documents.edition import running_heads
from ...documents.links import Describer
from ...documents.provenance import provenance
from ...errors import BuildError, Problem
from ...model.corpus import Corpus
from ..context import Context, text_words, words
from ..html.renderer import brief_html, collection_html, edition_html
from . import pieces
from .join import Job, Piece, join_and_finish
from .layout import EditionLayout, layout
from .pack import entry_pages, front_layout, page_css, part_css, part_page
from .weasy import links_elsewhere, load, release, write_pdf


def built(corpus: Corpus, ctx: Context) -> Any:
    """Return the date the pack carries: SOURCE_DATE_EPOCH's, else its latest edition or brief."""
    if ctx.build_date:
        return ctx.build_date
    days = [w.edition().date for w in corpus.works]
    days += [w.brief.date for w in corpus.works if w.brief is not None]
    return max(days)


def _part_html(corpus: Corpus, part: Part, ctx: Context) -> str:
    from ...documents.citation import default_expression

    if part.kind in ("matrix", "themes"):
        return collection_html(corpus, part.kind, ctx, ext=None, top=part.top)
    w = part.work
    assert w is not None
    if part.kind == "edition" and part.expression:
        return edition_html(w, (part.expression,), ctx, prefix=part.prefix, ext=None)
    if part.kind == "brief":
        target = default_expression(w)
        edition_prefix = part.prefix.removesuffix("brief-") + f"{target}-"
        link = f"#{edition_prefix}para-{{}}"
        return brief_html(w, ctx, link_ext="pdf", para_link=link, prefix=part.prefix)
    doc = provenance(w, built(corpus, ctx), __version__, attached_here=True, m=words(ctx))
    return part_page(ctx, doc, part.prefix)


def collection_pack_pdf(corpus: Corpus, ctx: Context) -> bytes:
    """Render a collection's pack as one PDF/A-3u (and PDF/UA-1) with every file attached once.

    As the work's pack (render/pdf/pack.py): each part is laid out and written on its own,
    then joined behind the cover and contents, whose page numbers come from the parts.
    """
    weasyprint = load()
    m = words(ctx)
    plan = parts(corpus, m)
    when = built(corpus, ctx)
    htmls = [_part_html(corpus, part, ctx) for part in plan]
    names = set().union(*(pieces.ids(html) for html in htmls))
    view = front(corpus, when, True, m)
    toc = {
        f"{e.prefix}{e.anchor}": e
        for b in walk(view.body)
        if isinstance(b, Contents)
        for e in b.entries
    }

    def writer(laid: Any) -> bytes:
        _metadata(laid, corpus, ctx, view)
        return write_pdf(laid, pdf_variant="pdf/a-3u", pdf_tags=True)

    guess = front_layout(ctx, view, {key: 100 for t in toc.values() for key in _keys(t)})
    front_pages = len(guess.pages)
    del guess
    for _ in range(3):
        written: list[pieces.WrittenPieces] = []
        pages: dict[str, int] = {}
        number = front_pages + 1
        for part, html in zip(plan, htmls, strict=True):
            lay = (
                EditionLayout(*running_heads(text_words(part.work, ctx, part.expression)))
                if part.work is not None and part.expression
                else layout
            )
            css = part_css(part.title, number, view.running, page_css(ctx))
            done = pieces.write(html, ctx, lay, css, writer, first_number=number, names=names)
            pages |= entry_pages(toc[f"{part.prefix}{part.top}"], number, done.marks)
            written.append(done)
            number += done.pages
        front_laid = front_layout(ctx, view, pages)
        if len(front_laid.pages) == front_pages:
            break
        front_pages = len(front_laid.pages)
    else:
        raise BuildError(
            Problem(
                corpus.path,
                "the pack's contents would not settle on a page count; report this as a bug",
            )
        )
    _metadata(front_laid, corpus, ctx, view)
    created = datetime.combine(when, time(0), tzinfo=UTC)
    attached = [
        weasyprint.Attachment(
            file_obj=BytesIO(a.data),
            name=a.name,
            description=a.description,
            created=created,
            modified=created,
            relationship="Source",
        )
        for a in corpus.attachments()
    ]
    with links_elsewhere(names):  # the contents links to every part
        head = pieces.WrittenPieces(
            [write_pdf(front_laid, pdf_variant="pdf/a-3u", pdf_tags=True, attachments=attached)],
            len(front_laid.pages),
            pieces.marks(front_laid),
        )
    del front_laid
    release()
    written.insert(0, head)
    whole = pieces.WrittenPieces([], 0)
    for done in written:
        whole.pieces += done.pieces
        whole.marks += [replace(mark, page=mark.page + whole.pages) for mark in done.marks]
        whole.pages += done.pages
    base = describer(corpus, m)
    places = {
        f"{part.prefix}{part.top}": m._(
            "{title}, page {page}", title=part.title, page=pages[f"{part.prefix}{part.top}"]
        )
        for part in plan
    }
    texts = {part.prefix.removesuffix("-"): part.title for part in plan if part.kind == "edition"}
    describe = Describer(texts, base.files, {**base.anchors, **places}, base.said)
    return join_and_finish(Job([Piece(p) for p in whole.pieces], whole.marks, None, describe, True))


def _keys(entry: Any) -> list[str]:
    return [f"{e.prefix}{e.anchor}" for e in (entry, *entry.children)]


def _metadata(laid: Any, corpus: Corpus, ctx: Context, view: Document) -> None:
    meta = laid.metadata
    meta.title = view.properties_title
    meta.authors = [view.author]
    meta.description = subject(corpus, words(ctx))
    meta.keywords = [corpus.collection.title, "briefgen", *(t.label for t in corpus.themes)]
    meta.lang = ctx.lang
    meta.generator = f"briefgen {__version__}"
    day = built(corpus, ctx).isoformat()
    meta.created = meta.modified = f"{day}T00:00:00Z"
