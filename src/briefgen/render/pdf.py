"""PDF through WeasyPrint, from the same HTML as the web page. WeasyPrint is imported lazily."""

from __future__ import annotations

import logging
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..declaration import Declaration
from ..errors import BuildError, Problem
from . import Context, stamp
from .html import brief_html, comparison_html, edition_html
from .weasy import load

PX_PER_MM = 96 / 25.4
#: Height of one line of the brief's body text (9.5pt at line-height 1.38), in mm.
BRIEF_LINE_MM = 9.5 * 1.38 * 25.4 / 72


def overflow_mm(html: str, ctx: Context) -> float:
    """Return by how much a page's content overruns one A4 page, in mm (negative: room left)."""
    tall = layout(html, ctx, "@page { size: 210mm 5000mm !important }")
    page = tall.pages[0]
    end = next(
        b
        for b in page._page_box.descendants()
        if getattr(b, "element", None) is not None and b.element.get("id") == "brief-end"
    )
    bottom = page._page_box.margin_top + page._page_box.height
    usable_bottom = bottom - (5000 - 297) * PX_PER_MM
    return float((end.position_y - usable_bottom) / PX_PER_MM)


def _fetcher(templates_dir: Path) -> Any:
    """Return a URL fetcher that serves files under templates/ and refuses everything else."""
    load()
    from weasyprint.urls import URLFetcher

    allowed = templates_dir.resolve()

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"briefgen fetches no resource outside templates/: {url}")

    return LocalOnly()


@cache
def _fonts() -> Any:
    """Return the process's one font configuration, shared by every document it lays out.

    WeasyPrint otherwise builds a fresh one (and reloads every font) per document; sharing it
    makes each layout after the first about 15% faster and leaves the PDF bytes unchanged.
    """
    load()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def forget_fonts() -> None:
    """Drop the shared font configuration, so the next build sees fonts installed since."""
    _fonts.cache_clear()


def layout(html: str, ctx: Context, extra_css: str | None = None) -> Any:
    """Lay out an HTML page with WeasyPrint; return the rendered document."""
    weasyprint = load()

    # Refused fetches are expected (sources may name outside resources); keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    stylesheets = [weasyprint.CSS(string=extra_css, font_config=_fonts())] if extra_css else None
    return weasyprint.HTML(
        string=html,
        base_url=None,  # nothing is fetched; relative links stay relative
        url_fetcher=_fetcher(ctx.templates_dir),
    ).render(stylesheets=stylesheets, font_config=_fonts())


def html_to_pdf(
    html: str,
    ctx: Context,
    title: str,
    language: str,
    document: Any = None,
    when: date | None = None,
) -> bytes:
    """Lay out an HTML page (unless already laid out) and write it as PDF.

    `when` (the output's build date: SOURCE_DATE_EPOCH's, else its edition's) becomes the
    PDF's CreationDate and ModDate.
    """
    document = document or layout(html, ctx)
    document.metadata.title = title
    document.metadata.lang = language
    if when is not None:
        document.metadata.created = document.metadata.modified = f"{when.isoformat()}T00:00:00Z"
    pdf: bytes = document.write_pdf()
    return pdf


def brief_overflow_error(decl: Declaration, html: str, ctx: Context) -> BuildError:
    """Return the error for a brief that does not fit one page, saying by how much."""
    over = overflow_mm(html, ctx)
    lines = max(1, round(over / BRIEF_LINE_MM + 0.5))
    return BuildError(
        Problem(
            decl.brief_path or decl.path,
            f"the brief does not fit its one A4 page: it overflows by {over:.0f} mm "
            f"(about {lines} line{'s' if lines != 1 else ''} of body text); shorten it",
        )
    )


class PdfRenderer:
    """Renders print-quality A4 PDFs."""

    extension = "pdf"

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        expr = decl.expression(expressions[0])
        return html_to_pdf(
            edition_html(decl, expressions, ctx, ext="pdf"),
            ctx,
            f"{expr.title} ({expr.name})",
            expr.language,
            when=stamp(decl, ctx, expressions[0]),
        )

    def brief(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the policy brief on exactly one A4 page, or fail saying by how much not."""
        html = brief_html(decl, ctx, link_ext="pdf")
        document = layout(html, ctx)
        if len(document.pages) > 1:
            raise brief_overflow_error(decl, html, ctx)
        title = f"Policy brief: {decl.source.work.title}"
        return html_to_pdf(html, ctx, title, "en", document, stamp(decl, ctx))

    def notice(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the correction notice of the latest edition."""
        from .html import notice_html

        title = f"Correction notice: {decl.source.work.title}, edition {decl.version}"
        return html_to_pdf(notice_html(decl, ctx), ctx, title, "en", when=stamp(decl, ctx))

    def pack(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the briefing pack: one archival PDF with its sources attached."""
        from .pack_pdf import pack_pdf

        return pack_pdf(decl, ctx)

    def comparison(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the side-by-side comparison of several expressions (A4 landscape)."""
        names = " and ".join(decl.expression(e).name for e in expressions)
        return html_to_pdf(
            comparison_html(decl, expressions, ctx, ext="pdf"),
            ctx,
            f"{decl.source.work.title}: comparison of {names}",
            "en",
            when=stamp(decl, ctx),
        )
