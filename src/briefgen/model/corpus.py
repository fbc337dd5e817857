"""A collection with its works loaded: what the collection's outputs are made from.

`Corpus` pairs a checked `Collection` with the declarations it names, in the collection's
order, and the path of its file as messages show it. Pure data; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .collection import Assigned, Collection, Theme, assigned
from .declaration import Attachment, Declaration


@dataclass(frozen=True)
class Corpus:
    """A collection and its works: the input of the matrix, the theme pages and the pack."""

    collection: Collection
    works: tuple[Declaration, ...]  # in the collection's order
    path: str  # the collection file, as messages show it
    file: Path | None = None

    @property
    def id(self) -> str:
        return self.collection.id

    @property
    def themes(self) -> list[Theme]:
        return self.collection.themes

    def by_date(self) -> list[Declaration]:
        """Return the works in the order they were adopted (the collection's order on a tie)."""
        order = {w.id: i for i, w in enumerate(self.works)}
        return sorted(self.works, key=lambda w: (w.source.work.adopted, order[w.id]))

    def assigned(self, decl: Declaration, theme_id: str) -> list[Assigned]:
        """Return what a work assigns to a theme, in the work's order."""
        return assigned(decl, theme_id)

    def attachments(self) -> list[Attachment]:
        """Return every file the works' packs carry, each once (by its bytes), in the works'
        order; a name two different files share is made unique with the work's id."""
        seen: set[str] = set()
        names: set[str] = set()
        out: list[Attachment] = []
        for w in self.works:
            for a in w.attachments:
                if a.sha256 in seen:
                    continue
                seen.add(a.sha256)
                name = a.name if a.name not in names else f"{w.id}-{a.name}"
                names.add(name)
                out.append(Attachment(name, a.description, a.data))
        return out


def corpora(found: list[tuple[Collection, str]], works: list[Declaration]) -> list[Corpus]:
    """Return each loaded collection with its works (sources.collections.load_collections has
    checked that every work it names exists)."""
    by_id = {w.id: w for w in works}
    return [Corpus(c, tuple(by_id[w] for w in c.works), shown) for c, shown in found]
