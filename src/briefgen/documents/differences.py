"""The words that report where texts in different languages differ (model/crosslang.py).

One phrase per difference, shared by the comparison, its summary, the brief and
`briefgen compare`; and the stable JSON shape of `briefgen compare --json`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from ..model.crosslang import Difference
from ..model.declaration import Declaration
from .wording import _join

#: What each kind of fact is called in a report.
KIND_WORDS = {
    "date": "date",
    "year": "year",
    "number": "number",
    "percent": "percentage",
    "items": "list items",
    "sentences": "sentences",
}
#: The version of `briefgen compare --json`'s shape; it changes only when a field does.
JSON_VERSION = 1


def place(d: Difference) -> str:
    """Return where a difference is, as a reader cites it: "para 2", "para 2(a)"."""
    return d.name


def value(kind: str, raw: str, language: str = "en") -> str:
    """Return a fact's normalised value as a reader of that language writes it."""
    if kind == "date":
        parts = [int(p) for p in raw.split("-")]
        if len(parts) == 3:
            return format_date(date(*parts), "d MMMM y", locale=language)
        return format_date(date(parts[0], parts[1], 1), "MMMM y", locale=language)
    if kind in ("number", "percent"):
        number = format_decimal(Decimal(raw.rstrip("%")), locale=language)
        return f"{number}%" if kind == "percent" else number
    return raw


def subject(decl: Declaration, d: Difference, language: str = "en") -> str:
    """Return what differs: "Ghana (GH)", a glossary term, "number"."""
    if d.kind == "country" and d.key:
        name = Locale.parse(language).territories.get(d.key, d.key)
        return f"{name} ({d.key})"
    if d.kind == "term" and d.key:
        term = next((t.term for t in decl.source.glossary if t.id == d.key), d.key)
        return f"{term} (glossary)"
    return KIND_WORDS.get(d.kind, d.kind)


def how(d: Difference, names: dict[str, str], language: str = "en") -> str:
    """Return how each text has it: "named in en, absent in fr", "40 in en, 45 in fr"."""
    if d.kind in ("country", "term"):
        having = _join([names[e] for e in d.having()])
        lacking = _join([names[e] for e in d.lacking()])
        return f"named in {having}, absent in {lacking}"
    groups: dict[tuple[str, ...], list[str]] = {}
    for e, vs in d.values.items():
        groups.setdefault(vs, []).append(names[e])
    parts = []
    for vs, es in groups.items():
        shown = ", ".join(value(d.kind, v, language) for v in vs) if vs else "none"
        parts.append(f"{shown} in {_join(es)}")
    return "; ".join(parts) if any("," in p for p in parts) else ", ".join(parts)


def phrase(decl: Declaration, d: Difference, names: dict[str, str], language: str = "en") -> str:
    """Return one difference as a sentence without its place: "Ghana (GH): named in en, …"."""
    return f"{subject(decl, d, language)}: {how(d, names, language)}"


def line(decl: Declaration, d: Difference, names: dict[str, str], language: str = "en") -> str:
    """Return one difference with its place: "para 2: Ghana (GH): named in en, absent in fr"."""
    return f"{place(d)}: {phrase(decl, d, names, language)}"


def heading(decl: Declaration, expressions: list[str], diffs: list[Difference]) -> str:
    """Return the first line of `briefgen compare`: what was compared and how much differs."""
    compared = _join(expressions)
    if not diffs:
        return f"{decl.id}: {compared} agree on every number, date, name and count compared"
    places = len({d.place for d in diffs})
    found = "difference" if len(diffs) == 1 else "differences"
    where = "place" if places == 1 else "places"
    return f"{decl.id}: {compared}: {len(diffs)} {found} in {places} {where}"


def as_json(decl: Declaration, expressions: list[str], diffs: list[Difference]) -> dict[str, Any]:
    """Return the stable shape of `briefgen compare --json` (docs/commands.md describes it)."""
    return {
        "version": JSON_VERSION,
        "work": decl.id,
        "expressions": [{"id": e, "language": decl.expression(e).language} for e in expressions],
        "differences": [
            {
                "place": d.place,
                "paragraph": d.paragraph,
                "number": d.number,
                "item": d.item,
                "kind": d.kind,
                "key": d.key,
                "values": {e: list(vs) for e, vs in d.values.items()},
                "text": line(decl, d, {e: e for e in expressions}),
            }
            for d in diffs
        ],
    }
