"""PDF through WeasyPrint, from the same HTML as the web page."""

from __future__ import annotations

from ...model.declaration import Declaration
from ..context import Context, stamp
from ..html.renderer import brief_html, comparison_html, edition_html
from .layout import brief_overflow_error, describer, html_to_pdf, layout, layout_edition


def edition(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the clean edition of one expression."""
    expr = decl.expression(expressions[0])
    html = edition_html(decl, expressions, ctx, ext="pdf")
    return html_to_pdf(
        html,
        ctx,
        f"{expr.title} ({expr.name})",
        expr.language,
        when=stamp(decl, ctx, expressions[0]),
        lay=layout_edition,
        describe=describer(decl),
    )


def brief(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the policy brief on exactly one A4 page, or fail saying by how much not."""
    html = brief_html(decl, ctx, link_ext="pdf")
    document = layout(html, ctx)
    if len(document.pages) > 1:
        raise brief_overflow_error(decl, html, ctx)
    title = f"Policy brief: {decl.source.work.title}"
    when = stamp(decl, ctx, with_brief=True)
    return html_to_pdf(html, ctx, title, "en", document, when, describe=describer(decl), ua=True)


def notice(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the correction notice of the latest edition."""
    from ...documents.notice import notice as notice_view
    from ..html.renderer import notice_html

    view = notice_view(decl)
    html = notice_html(decl, ctx)
    return html_to_pdf(
        html, ctx, view.title, view.lang, when=stamp(decl, ctx), describe=describer(decl)
    )


def pack(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the briefing pack: one archival PDF with its sources attached."""
    from .pack import pack_pdf

    return pack_pdf(decl, ctx)


def comparison(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the side-by-side comparison of several expressions (A4 landscape)."""
    names = " and ".join(decl.expression(e).name for e in expressions)
    return html_to_pdf(
        comparison_html(decl, expressions, ctx, ext="pdf"),
        ctx,
        f"{decl.source.work.title}: comparison of {names}",
        "en",
        when=stamp(decl, ctx),
        describe=describer(decl),
    )
