"""Renderers keyed by output format. Adding a format is one new module registered here."""

from __future__ import annotations

from typing import Protocol

from ..model.declaration import Declaration
from .context import Context


class Renderer(Protocol):
    """Turns one output of a declaration into bytes; never touches the file system.

    Each kind of output is a method taking the declaration, the expressions it shows
    and the context.
    """

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        ...

    def comparison(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the side-by-side comparison of several expressions."""
        ...


def renderers() -> dict[str, Renderer]:
    """Return the registry of renderers by format name."""
    from .docx import renderer as docx
    from .html import renderer as html
    from .pdf import renderer as pdf

    return {"pdf": pdf.PdfRenderer(), "docx": docx.DocxRenderer(), "html": html.HtmlRenderer()}


FORMATS = ("pdf", "docx", "html")
