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
from .source import Term


@dataclass(frozen=True)
class Difference:
    """One fact the compared texts do not share, at one place (a paragraph or an item).

    `values` holds, per expression id, that text's values of this kind at this place that not
    every text has (normalised; empty where the text has none of them). For a country or a
    term, `key` is its code or id and each text's values are (key,) or ().
    """

    number: str  # the paragraph's number
    paragraph: str  # the paragraph's id
    item: int | None  # the list item's index in the paragraph, None for the paragraph's text
    label: str | None  # the item's label ("a"), None for a bullet
    kind: Kind
    key: str | None
    values: dict[str, tuple[str, ...]]

    @property
    def place(self) -> str:
        """Return where it is as data: "2", "2(a)" or "2[3]" (the third, unlabelled item)."""
        if self.item is None:
            return self.number
        return f"{self.number}({self.label})" if self.label else f"{self.number}[{self.item + 1}]"

    def having(self) -> list[str]:
        """Return the expressions that have a value here, in the order compared."""
        return [e for e, v in self.values.items() if v]

    def lacking(self) -> list[str]:
        """Return the expressions that have none of the values here."""
        return [e for e, v in self.values.items() if not v]


# ----------------------------------------------------------------------------- comparing


Place = tuple[str, str, int | None, str | None]  # number, paragraph id, item index, label


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

    out: list[Difference] = []
    for p in decl.source.paragraphs:
        if p.withdrawn:
            continue
        found = {e: fs for e in expression_ids if (fs := of(p.text.get(e), e)) is not None}
        for e, fs in found.items():
            items = sum(1 for item in p.items if isinstance(item.text.get(e), str))
            if p.items:
                fs.append(Fact("items", str(items), ""))
        if len(found) > 1:
            out += _place_differences((p.number, p.id, None, None), found)
        for i, item in enumerate(p.items):
            texts = {e: fs for e in expression_ids if (fs := of(item.text.get(e), e)) is not None}
            if len(texts) > 1:
                out += _place_differences((p.number, p.id, i, item.label), texts)
    return out
