"""Akoma Ntoso XML: each edition's Document written by the one AKN writer (editions only: the
other kinds have no AKN form)."""

from __future__ import annotations

from ...documents.edition import edition as edition_view
from ...model.declaration import Declaration
from ..context import Context, stamp, text_words
from .writer import write


def edition(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the clean edition of one expression."""
    expression_id = expressions[0]
    return write(
        edition_view(decl, expression_id, text_words(decl, ctx, expression_id)),
        stamp(decl, ctx, expression_id),
    )
