"""Renderers keyed by output format. Adding a format is one new module registered here."""

from __future__ import annotations

from typing import Protocol

from ..model.declaration import Declaration
from .context import Context


class Renderer(Protocol):
    """Turns one output of a declaration into bytes; never touches the file system.

    Each kind of output it makes is a method taking the declaration, the expressions it
    shows and the context: every format makes the edition; comparison, brief, notice and pack
    are methods of the formats that make them (see build.outputs.KIND_FORMATS).
    """

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        ...


def renderers() -> dict[str, Renderer]:
    """Return the registry of renderers by format name."""
    from .akn import renderer as akn
    from .docx import renderer as docx
    from .html import renderer as html
    from .pdf import renderer as pdf

    return {
        "pdf": pdf.PdfRenderer(),
        "docx": docx.DocxRenderer(),
        "html": html.HtmlRenderer(),
        "akn": akn.AknRenderer(),
    }


FORMATS = ("pdf", "docx", "html", "akn")
#: What `--format all` builds: the formats a person reads. AKN, an export, is asked for by name.
ALL = ("pdf", "docx", "html")
