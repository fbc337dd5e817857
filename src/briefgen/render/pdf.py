"""PDF through WeasyPrint, from the same HTML as the web page. WeasyPrint is imported lazily."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..model import Declaration
from . import Context
from .html import comparison_html, edition_html


def _fetcher(templates_dir: Path) -> Any:
    """Return a URL fetcher that serves files under templates/ and refuses everything else."""
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


def html_to_pdf(html: str, ctx: Context, title: str, language: str) -> bytes:
    """Lay out an HTML page as an A4 PDF."""
    import weasyprint

    # Refused fetches are expected (sources may name outside resources); keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(
        string=html,
        base_url=ctx.templates_dir.resolve().as_uri() + "/",
        url_fetcher=_fetcher(ctx.templates_dir),
    ).render()
    document.metadata.title = title
    document.metadata.lang = language
    pdf: bytes = document.write_pdf()
    return pdf


class PdfRenderer:
    """Renders print-quality A4 PDFs."""

    extension = "pdf"

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        expr = decl.expression(expressions[0])
        return html_to_pdf(
            edition_html(decl, expressions, ctx), ctx, f"{expr.title} ({expr.name})", expr.language
        )

    def comparison(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the side-by-side comparison of several expressions (A4 landscape)."""
        names = " and ".join(decl.expression(e).name for e in expressions)
        return html_to_pdf(
            comparison_html(decl, expressions, ctx),
            ctx,
            f"{decl.source.work.title}: comparison of {names}",
            "en",
        )
