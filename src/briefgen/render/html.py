"""Standalone HTML pages, CSS inlined; also the input WeasyPrint lays out as PDF."""

from __future__ import annotations

from ..model import Declaration
from ..templates import css, environment
from . import Context


def edition_html(decl: Declaration, expression_id: str, ctx: Context) -> str:
    """Return the clean edition of one expression as a standalone HTML page."""
    expr = decl.expression(expression_id)
    template = environment(ctx.templates_dir).get_template("edition.html.j2")
    return template.render(
        decl=decl,
        expr=expr,
        capture=decl.capture(expr.capture) if expr.capture else None,
        blocks=decl.blocks(expression_id),
        interventions=decl.interventions(expression_id),
        stylesheet=css(ctx.templates_dir, "edition.css"),
    )


class HtmlRenderer:
    """Renders HTML pages in which each numbered paragraph has the id para-N."""

    extension = "html"

    def edition(self, decl: Declaration, expression_id: str, ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        return edition_html(decl, expression_id, ctx).encode("utf-8")
