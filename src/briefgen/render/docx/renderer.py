"""Word documents: each output's Document written by the one DOCX writer."""

from __future__ import annotations

from ...documents.edition import edition
from ...documents.notice import notice
from ...model.declaration import Declaration
from .. import Context, stamp
from .document import house_style, midnight, new_document, save
from .writer import Target, write


class DocxRenderer:
    """Renders Word documents."""

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        expression_id = expressions[0]
        w, expr = decl.source.work, decl.expression(expression_id)
        ed = decl.edition(expression_id)
        created = midnight(stamp(decl, ctx, expression_id))  # SOURCE_DATE_EPOCH's, if set
        running = f"{w.short_title or w.title} · {expr.name} · briefgen edition {ed.version}"
        with house_style(ctx):
            doc = new_document(running, expr.language, created, w.issuer)
        doc.core_properties.title = f"{expr.title} ({expr.name})"
        doc.core_properties.subject = w.title
        doc.core_properties.keywords = f"briefgen edition {ed.version}; {w.id}; {expr.id}"
        write(edition(decl, expression_id).body, Target(doc))
        return save(doc, stamp(decl, ctx, expression_id))

    def notice(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the correction notice of the latest edition."""
        view = notice(decl)
        when = stamp(decl, ctx)
        with house_style(ctx):
            doc = new_document(view.running, view.lang, midnight(when), view.author)
        doc.core_properties.title = view.title
        doc.core_properties.subject = view.subject
        doc.core_properties.keywords = view.keywords
        write(view.body, Target(doc))
        return save(doc, when)

    def comparison(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the side-by-side comparison of several expressions (A4 landscape)."""
        from ...model.compare import compare
        from .comparison import comparison_docx

        when = stamp(decl, ctx)
        with house_style(ctx):
            doc = comparison_docx(compare(decl, list(expressions)), midnight(when))
        return save(doc, when)

    def brief(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the policy brief with the same content and styles as the PDF."""
        from .brief import brief_docx

        when = stamp(decl, ctx, with_brief=True)
        with house_style(ctx):
            doc = brief_docx(decl, midnight(when), when)
        return save(doc, when)

    def pack(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the briefing pack as one Word document."""
        from .pack import pack_docx

        when = stamp(decl, ctx, with_brief=True)
        with house_style(ctx):
            doc = pack_docx(decl, midnight(when), when)
        return save(doc, when)
