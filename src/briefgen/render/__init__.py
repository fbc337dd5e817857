"""Renderers keyed by output format. Adding a format is one new module registered here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..model import Declaration


@dataclass(frozen=True)
class Context:
    """What every renderer may use besides the declaration."""

    templates_dir: Path


class Renderer(Protocol):
    """Turns one output of a declaration into bytes; never touches the file system."""

    extension: str

    def edition(self, decl: Declaration, expression_id: str, ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        ...


def renderers() -> dict[str, Renderer]:
    """Return the registry of renderers by format name."""
    from . import docx, html, pdf

    return {"pdf": pdf.PdfRenderer(), "docx": docx.DocxRenderer(), "html": html.HtmlRenderer()}


FORMATS = ("pdf", "docx", "html")
