"""A collection: many works read as one corpus, with themes that cut across them.

A collection file (`sources/collections/<id>.yaml`) names its works in order and its themes;
the editors assign paragraphs (and list items) to themes in each work's own source, where the
words are (`paragraphs[i].themes`, `items[j].themes`), so an assignment moves with its
paragraph and is checked with it. `briefgen themes suggest` proposes assignments from each
theme's search terms, as TODOs the editors confirm, never as facts. Pure data; no I/O.
"""

from __future__ import annotations

import re
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


# ----------------------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    """A theme the search terms suggest for a paragraph or item: a TODO, never an assignment."""

    work: str
    paragraph: int  # its place in the source's paragraphs
    at: ItemAt | None  # the item, or None for the paragraph's own text
    pin: str  # "3", "7(b)"
    theme: str
    words: tuple[str, ...]  # the words of the texts the terms matched, as they stand there

    def field(self) -> str:
        """Return the field the suggestion concerns: "paragraphs[2]", "paragraphs[2].items[1]"."""
        return f"paragraphs[{self.paragraph}]{self.at.field() if self.at else ''}"


def term_pattern(term: str) -> re.Pattern[str]:
    """Return how a search term is found in a text, ignoring case: as whole words (a `*`
    standing for the rest of a word, words of a phrase apart by spaces or a hyphen), or, in a
    script written without spaces (Chinese, Japanese), as a run of characters anywhere."""
    if not re.search(r"[^\W\d_]", term, re.ASCII) and re.search(
        r"[\u3000-\u9fff\uf900-\ufaff]", term
    ):
        return re.compile(re.escape(term))
    words = [re.escape(w).replace(r"\*", r"\w*") for w in re.split(r"[\s-]+", term.strip())]
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + r"(?!\w)", re.IGNORECASE)


def matches(text: str, terms: list[str]) -> list[str]:
    """Return the words of a text that the terms match, in the text's order, each once (a
    match inside a longer one, "data" in "data protection", is the longer one's)."""
    found = sorted(
        ((m.start(), m.end()) for term in terms for m in term_pattern(term).finditer(text)),
        key=lambda span: (span[0], -span[1]),
    )
    words: list[str] = []
    reach = -1
    for start, end in found:
        if end <= reach:
            continue  # inside a match already taken
        words.append(" ".join(text[start:end].split()))
        reach = max(reach, end)
    return list(dict.fromkeys(words))


def suggest(col: Collection, decl: Declaration) -> list[Suggestion]:
    """Return the themes each paragraph and item of a work may belong to by its words: those
    whose search terms (in the language of each of its texts) stand in it, that the editors
    have not assigned it. Withdrawn paragraphs and texts marked absent are not read."""
    languages = {e.id: e.language for e in decl.source.expressions}

    def found(texts: dict[str, object], theme: Theme) -> tuple[str, ...]:
        words: list[str] = []
        for e, text in texts.items():
            if not isinstance(text, str):
                continue
            lang = languages.get(e, "")
            terms = theme.terms.get(lang) or theme.terms.get(lang.split("-")[0]) or []
            words += matches(text, terms)
        return tuple(dict.fromkeys(words))

    out: list[Suggestion] = []
    for i, p in enumerate(decl.source.paragraphs):
        if p.withdrawn:
            continue
        places: list[tuple[ItemAt | None, dict[str, object], list[str], str]] = [
            (None, dict(p.text), p.themes, p.number)
        ]
        places += [
            (at, dict(at.item.text), at.item.themes, at.pin(p.number)) for at in walk_items(p.items)
        ]
        for at, texts, themes, pin in places:
            for theme in col.themes:
                if theme.id in themes:
                    continue
                words = found(texts, theme)
                if words:
                    out.append(Suggestion(decl.id, i, at, pin, theme.id, words))
    return out
