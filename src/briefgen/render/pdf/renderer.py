"""PDF through WeasyPrint, from the same HTML as the web page."""

from __future__ import annotations

from ...documents.brief import brief as brief_view
from ...documents.comparison import comparison as comparison_view
from ...documents.edition import edition as edition_view
from ...documents.edition import running_heads
from ...documents.links import describer
from ...model.corpus import Corpus
from ...model.declaration import Declaration
from ..context import Context, stamp, text_words, words
from ..html.renderer import brief_html, comparison_html, edition_html
from .layout import EditionLayout, brief_overflow_error, html_to_pdf, layout


def edition(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the clean edition of one expression."""
    m = text_words(decl, ctx, expressions[0])
    view = edition_view(decl, expressions[0], m)
    html = edition_html(decl, expressions, ctx, ext="pdf")
    return html_to_pdf(
        html,
        ctx,
        view.properties_title,
        view.lang,
        when=stamp(decl, ctx, expressions[0]),
        lay=EditionLayout(*running_heads(m)),
        describe=describer(decl, m),
    )


def brief(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the policy brief on exactly one A4 page, or fail saying by how much not."""
    html = brief_html(decl, ctx, link_ext="pdf")
    document = layout(html, ctx)
    if len(document.pages) > 1:
        raise brief_overflow_error(decl, html, ctx)
    when = stamp(decl, ctx, with_brief=True)
    view = brief_view(decl, when, words(ctx))
    return html_to_pdf(
        html,
        ctx,
        view.properties_title,
        view.lang,
        document,
        when,
        describe=describer(decl, words(ctx)),
        ua=True,
    )


def notice(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the correction notice of the latest edition."""
    from ...documents.notice import notice as notice_view
    from ..html.renderer import notice_html

    view = notice_view(decl, words(ctx))
    html = notice_html(decl, ctx)
    return html_to_pdf(
        html,
        ctx,
        view.properties_title,
        view.lang,
        when=stamp(decl, ctx),
        describe=describer(decl, words(ctx)),
    )


def pack(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the briefing pack: one archival PDF with its sources attached."""
    from .pack import pack_pdf

    return pack_pdf(decl, ctx)


def comparison(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the side-by-side comparison of several expressions (A4 landscape)."""
    view = comparison_view(decl, expressions, words(ctx))
    return html_to_pdf(
        comparison_html(decl, expressions, ctx, ext="pdf"),
        ctx,
        view.properties_title,
        view.lang,
        when=stamp(decl, ctx),
        describe=describer(decl, words(ctx)),
    )


def _collection(corpus: Corpus, kind: str, ctx: Context) -> bytes:
    from ...documents.collection import describer as collection_describer
    from ...documents.collection import matrix as matrix_view
    from ...documents.collection import themes as themes_view
    from ..html.renderer import collection_html

    view = (matrix_view if kind == "matrix" else themes_view)(corpus, words(ctx), "pdf")
    return html_to_pdf(
        collection_html(corpus, kind, ctx, ext="pdf"),
        ctx,
        view.properties_title,
        view.lang,
        when=ctx.build_date or view.created,
        describe=collection_describer(corpus, words(ctx)),
    )


def matrix(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's theme matrix (A4 landscape where its themes need the width)."""
    return _collection(corpus, "matrix", ctx)


def themes(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's theme pages, a page per theme."""
    return _collection(corpus, "themes", ctx)


def collection_pack(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's pack: one archival PDF with every work's sources attached once."""
    from .collection_pack import collection_pack_pdf

    return collection_pack_pdf(corpus, ctx)
