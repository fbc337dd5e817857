"""Renderers keyed by output format. Adding a format is one new module registered here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from ..declaration import Declaration


@dataclass(frozen=True)
class Context:
    """What every renderer may use besides the declaration."""

    templates_dir: Path  # the project's templates/, which overrides bundled files one by one
    build_date: date | None = None  # from SOURCE_DATE_EPOCH; else each work's edition date
    paper: str = "a4"  # or "letter": the page size of PDF and DOCX outputs
    reference_docx: Path | None = None  # a DOCX whose styles and page every DOCX output uses


def stamp(decl: Declaration, ctx: Context, expression_id: str | None = None) -> date:
    """Return the date an output carries as its build date: the same for the same inputs."""
    return ctx.build_date or decl.edition(expression_id).date


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
    from . import docx, html, pdf

    return {"pdf": pdf.PdfRenderer(), "docx": docx.DocxRenderer(), "html": html.HtmlRenderer()}


FORMATS = ("pdf", "docx", "html")
