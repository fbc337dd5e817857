"""A collection: many works read as one corpus, with themes that cut across them.

A collection file (`sources/collections/<id>.yaml`) names its works in order and its themes;
the editors assign paragraphs (and list items) to themes in each work's own source, where the
words are (`paragraphs[i].themes`, `items[j].themes`), so an assignment moves with its
paragraph and is checked with it. `briefgen themes suggest` proposes assignments from each
theme's search terms, as TODOs the editors confirm, never as facts. Pure data; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from .declaration import Declaration
from .source import Id, ItemAt, Language, NonEmpty, OneLine, Paragraph, Strict, walk_items


class Theme(Strict):
    """A theme: what the editors look for across the works ("capacity building")."""

    id: Id
    label: OneLine
    definition: NonEmpty  # one sentence saying what belongs to it
    #: language -> words or phrases that suggest a paragraph belongs (`themes suggest`)
    terms: dict[Language, list[NonEmpty]] = Field(default_factory=dict)


class Collection(Strict):
    """A corpus of works in a chosen order, and the themes across them."""

    format: Literal["briefgen-collection/1"]
    id: Id
    title: OneLine
    description: NonEmpty | None = None
    works: list[Id] = Field(min_length=1)
    themes: list[Theme] = Field(default_factory=list)

    def theme(self, theme_id: str) -> Theme:
        """Return the theme with this id (KeyError if the collection has none)."""
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)


@dataclass(frozen=True)
class Assigned:
    """A paragraph, or an item of its list, that a work's editors assigned to a theme."""

    paragraph: Paragraph
    item: ItemAt | None = None

    def pin(self) -> str:
        """Its pinpoint as printed after "para": "3", "7(b)"."""
        return self.paragraph.number if self.item is None else self.item.pin(self.paragraph.number)


def assigned(decl: Declaration, theme_id: str) -> list[Assigned]:
    """Return what a work assigns to a theme, in the work's order (withdrawn paragraphs aside)."""
    out: list[Assigned] = []
    for p in decl.source.paragraphs:
        if p.withdrawn:
            continue
        if theme_id in p.themes:
            out.append(Assigned(p))
        out += [Assigned(p, at) for at in walk_items(p.items) if theme_id in at.item.themes]
    return out


def collection_problems(col: Collection, works: dict[str, Declaration]) -> list[tuple[str, str]]:
    """Return (field, message) for what a collection names that does not exist or repeats."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, w in enumerate(col.works):
        if w not in works:
            known = ", ".join(sorted(works)) or "none"
            out.append((f"works[{i}]", f"unknown work '{w}' (works: {known})"))
        elif w in seen:
            out.append((f"works[{i}]", f"'{w}' is listed twice"))
        seen.add(w)
    ids: set[str] = set()
    for i, t in enumerate(col.themes):
        if t.id in ids:
            out.append((f"themes[{i}].id", f"duplicate theme id '{t.id}'"))
        ids.add(t.id)
    return out


def assignment_problems(decl: Declaration, collections: list[Collection]) -> list[tuple[str, str]]:
    """Return (field, message) for each theme a work assigns that no collection holding the
    work defines (with the themes it could be)."""
    themes = {t.id for c in collections if decl.id in c.works for t in c.themes}
    known = ", ".join(sorted(themes)) or "none: no collection holds this work"
    out: list[tuple[str, str]] = []
    for i, p in enumerate(decl.source.paragraphs):
        for k, t in enumerate(p.themes):
            if t not in themes:
                out.append((f"paragraphs[{i}].themes[{k}]", f"unknown theme '{t}' ({known})"))
        for at in walk_items(p.items):
            for k, t in enumerate(at.item.themes):
                if t not in themes:
                    out.append(
                        (
                            f"paragraphs[{i}]{at.field()}.themes[{k}]",
                            f"unknown theme '{t}' ({known})",
                        )
                    )
    return out
