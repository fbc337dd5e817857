"""Where texts in different languages disagree on what must survive translation.

Word-level marks mean nothing between languages; numbers, years and dates, percentages,
country and territory names, the glossary's terms and the number of list items and
sentences do. `differences` compares the facts (model/facts.py) of a work's texts place by
place — a paragraph, or one of its list items — and says what differs, where, and how each
text has it. Deterministic, explainable, no I/O.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .declaration import Declaration
from .facts import KINDS, Fact, Kind, facts
from .source import ListItem, Term, walk_items


@dataclass(frozen=True)
class Difference:
    """One fact the compared texts do not share, at one place (a paragraph or an item).

    `values` holds, per expression id, that text's values of this kind at this place that not
    every text has (normalised; empty where the text has none of them). For a country or a
    term, `key` is its code or id and each text's values are (key,) or ().
    """

    number: str  # the paragraph's number
    paragraph: str  # the paragraph's id
    item: str | None  # the item's ids below the paragraph's ("p3-b/p3-b-ii"); None: its text
    place: str  # its pinpoint: "2", "2(a)", "5(b)(ii)" ("5(2)" for a bullet, the second)
    name: str  # how a reader finds it: "para 2(a)", "para 5(b), item 2"
    kind: Kind
    key: str | None
    values: dict[str, tuple[str, ...]]

    def having(self) -> list[str]:
        """Return the expressions that have a value here, in the order compared."""
        return [e for e, v in self.values.items() if v]

    def lacking(self) -> list[str]:
        """Return the expressions that have none of the values here."""
        return [e for e, v in self.values.items() if not v]


# ----------------------------------------------------------------------------- comparing


Place = tuple[str, str, str | None, str, str]  # number, paragraph id, item ids, pin, name


def _place_differences(place: Place, found: dict[str, list[Fact]]) -> list[Difference]:
    """Compare the facts of each text at one place; return what not every text has."""
    out: list[Difference] = []
    for kind in KINDS:
        values = {e: [f.value for f in fs if f.kind == kind] for e, fs in found.items()}
        if kind in ("country", "term"):
            keys = list(dict.fromkeys(v for vs in values.values() for v in vs))
            for key in keys:
                has: dict[str, tuple[str, ...]] = {
                    e: (key,) if key in vs else () for e, vs in values.items()
                }
                if not all(has.values()):
                    out.append(Difference(*place, kind, key, has))
            continue
        counts = [Counter(vs) for vs in values.values()]
        common = counts[0].copy()
        for c in counts[1:]:
            common &= c
        extra: dict[str, tuple[str, ...]] = {}
        for e, vs in values.items():
            left = common.copy()
            kept = []
            for v in vs:
                if left[v]:
                    left[v] -= 1
                else:
                    kept.append(v)
            extra[e] = tuple(kept)
        if any(extra.values()):
            out.append(Difference(*place, kind, None, extra))
    return out


def _glossary(decl: Declaration, expression_ids: list[str]) -> list[Term]:
    """Return the glossary terms every compared expression has renderings for."""
    return [t for t in decl.source.glossary if all(t.renderings.get(e) for e in expression_ids)]


def differences(decl: Declaration, expression_ids: list[str]) -> list[Difference]:
    """Compare what must survive translation between the texts, place by place, in order.

    A place is a paragraph's text or one of its list items; a text that lacks the place (or
    whose paragraph is withdrawn) is left out of it, and a place two texts do not share is not
    compared. The number of list items is compared at the paragraph.
    """
    languages = {e: decl.expression(e).language for e in expression_ids}
    terms = _glossary(decl, expression_ids)

    def of(text: object, e: str) -> list[Fact] | None:
        if not isinstance(text, str):
            return None
        own = [(t.id, t.renderings[e]) for t in terms]
        return facts(text, languages[e], own)

    def counted(fs: list[Fact], items: list[ListItem], e: str) -> list[Fact]:
        if items:  # the number of items of the list the place holds, in this text
            present = sum(1 for it in items if isinstance(it.text.get(e), str))
            fs.append(Fact("items", str(present), ""))
        return fs

    out: list[Difference] = []
    for p in decl.source.paragraphs:
        if p.withdrawn:
            continue
        found = {
            e: counted(fs, p.items, e)
            for e in expression_ids
            if (fs := of(p.text.get(e), e)) is not None
        }
        if len(found) > 1:
            out += _place_differences((p.number, p.id, None, p.number, f"para {p.number}"), found)
        for at in walk_items(p.items):
            texts = {
                e: counted(fs, at.item.items, e)
                for e in expression_ids
                if (fs := of(at.item.text.get(e), e)) is not None
            }
            if len(texts) > 1:
                place = (p.number, p.id, at.ref(), at.pin(p.number), at.name(p.number))
                out += _place_differences(place, texts)
    return out
