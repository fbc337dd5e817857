"""Citation records as files: CSL-JSON, BibTeX and RIS of every text of a work."""

from __future__ import annotations

from ..documents import citation
from ..model.declaration import Declaration
from .context import Context


def csl_json(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the CSL-JSON records (for Zotero, citeproc, pandoc) of the texts shown."""
    return citation.csl_json(decl, list(expressions)).encode("utf-8")


def bibtex(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the BibTeX (biblatex) records of the texts shown."""
    return citation.bibtex(decl, list(expressions)).encode("utf-8")


def ris(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the RIS records of the texts shown."""
    return citation.ris(decl, list(expressions)).encode("utf-8")
