"""Akoma Ntoso XML: each edition's Document written by the one AKN writer."""

from __future__ import annotations

from ...documents.edition import edition
from ...model.declaration import Declaration
from ..context import Context, stamp
from .writer import write


class AknRenderer:
    """Renders Akoma Ntoso XML; editions only (the other kinds have no AKN form)."""

    def edition(self, decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
        """Render the clean edition of one expression."""
        expression_id = expressions[0]
        return write(edition(decl, expression_id), stamp(decl, ctx, expression_id))
