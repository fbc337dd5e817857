"""What every renderer is given besides the declaration, and the date an output carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..i18n import Messages, messages
from ..model.declaration import Declaration

#: Page sizes, (width, height) in mm, portrait: the paper of PDF and DOCX outputs.
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


@dataclass(frozen=True)
class Context:
    """What every renderer may use besides the declaration."""

    templates_dir: Path  # the project's templates/, which overrides bundled files one by one
    build_date: date | None = None  # from SOURCE_DATE_EPOCH; else each work's edition date
    paper: str = "a4"  # or "letter": the page size of PDF and DOCX outputs
    reference_docx: Path | None = None  # a DOCX whose styles and page every DOCX output uses
    #: The language of the words around the texts of a document showing several texts
    #: (comparison, brief, notice, pack); an edition speaks its text's language.
    lang: str = "en"
    #: The document formats the build makes, and the kinds named by --kind (None: every
    #: kind): an HTML page links to the others of its build (outputs.alternates). Empty
    #: outside a build: no links.
    formats: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = None


def words(ctx: Context, lang: str | None = None) -> Messages:
    """Return the messages of a language (by default the context's), the project's catalogue
    (templates/locale/<lang>.po) over briefgen's."""
    return messages(lang or ctx.lang, ctx.templates_dir)


def text_words(decl: Declaration, ctx: Context, expression_id: str) -> Messages:
    """Return the messages of the language a text is written in, for its edition."""
    return words(ctx, decl.expression(expression_id).language)


def stamp(
    decl: Declaration, ctx: Context, expression_id: str | None = None, with_brief: bool = False
) -> date:
    """Return the date an output carries as its build date: the same for the same inputs.

    Without SOURCE_DATE_EPOCH it is the edition's date, or for an output holding the brief
    (the brief, the pack) the brief's date when that is later: never a build before its brief.
    """
    if ctx.build_date:
        return ctx.build_date
    day = decl.edition(expression_id).date
    if with_brief and decl.brief is not None:
        day = max(day, decl.brief.date)
    return day


def texts_in(decl: Declaration, ctx: Context) -> dict[str, Messages]:
    """Return the messages of each text of a work, as its edition speaks (in a pack too)."""
    return {e.id: text_words(decl, ctx, e.id) for e in decl.source.expressions}
