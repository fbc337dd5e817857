"""Standalone HTML pages, CSS inlined; also the input WeasyPrint lays out as PDF."""

from __future__ import annotations

from ..compare import CLOSE, compare
from ..model import Declaration
from ..templates import css, environment
from . import Context


def edition_html(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> str:
    """Return the clean edition of one expression as a standalone HTML page."""
    expr = decl.expression(expressions[0])
    return (
        environment(ctx.templates_dir)
        .get_template("edition.html.j2")
        .render(
            decl=decl,
            expr=expr,
            capture=decl.capture(expr.capture) if expr.capture else None,
            blocks=decl.blocks(expr.id),
            interventions=decl.interventions(expr.id),
            stylesheet=css(ctx.templates_dir, "edition.css"),
        )
    )


def comparison_html(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> str:
    """Return the side-by-side comparison of expressions as a standalone HTML page."""
    return (
        environment(ctx.templates_dir)
        .get_template("comparison.html.j2")
        .render(
            decl=decl,
            cmp=compare(decl, list(expressions)),
            close=CLOSE,
            stylesheet=css(ctx.templates_dir, "comparison.css"),
        )
    )


def brief_html(decl: Declaration, ctx: Context, link_ext: str = "html") -> str:
    """Return the policy brief as a standalone HTML page; citations link to the edition."""
    from .. import __version__
    from ..brief import view
    from ..citation import default_expression

    v = view(decl)
    return (
        environment(ctx.templates_dir)
        .get_template("brief.html.j2")
        .render(
            decl=decl,
            brief=v.brief,
            summary=v.summary,
            points=v.points,
            context=v.context,
            related=v.related,
            translation_note=v.translation_note,
            divergent=[{"number": n, "pct": pct} for n, pct in v.divergent],
            provenance=v.provenance,
            edition_href=f"edition-{default_expression(decl)}.{link_ext}",
            build_date=ctx.build_date,
            version=__version__,
            stylesheet=css(ctx.templates_dir, "brief.css"),
        )
    )


class HtmlRenderer:
    """Renders HTML pages; in an edition each numbered paragraph has the id para-N."""

    extension = "html"

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        return edition_html(decl, expressions, ctx).encode("utf-8")

    def comparison(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the side-by-side comparison of several expressions."""
        return comparison_html(decl, expressions, ctx).encode("utf-8")

    def brief(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the one-page policy brief."""
        return brief_html(decl, ctx).encode("utf-8")
