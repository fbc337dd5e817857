"""The words that report where texts in different languages differ (model/crosslang.py).

One phrase per difference, shared by the comparison, its summary, the brief and
`briefgen compare`; and the stable JSON shape of `briefgen compare --json`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from ..i18n import Messages, messages
from ..model.crosslang import Difference
from ..model.declaration import Declaration
from .wording import para

#: The version of `briefgen compare --json`'s shape; it changes only when a field does.
JSON_VERSION = 1


def _kind_words(m: Messages) -> dict[str, str]:
    """Return what each kind of fact is called in a report."""
    return {
        "date": m._("date"),
        "year": m._("year"),
        "number": m._("number"),
        "percent": m._("percentage"),
        "items": m._("list items"),
        "sentences": m._("sentences"),
    }


def place(d: Difference, m: Messages | None = None) -> str:
    """Return where a difference is, as a reader cites it: "para 2", "para 2(a)"."""
    return para(m or messages("en"), d.place)


def value(kind: str, raw: str, m: Messages | None = None) -> str:
    """Return a fact's normalised value as a reader of that language writes it."""
    locale = (m or messages("en")).locale
    if kind == "date":
        parts = [int(p) for p in raw.split("-")]
        if len(parts) == 3:
            return format_date(date(*parts), "d MMMM y", locale=locale)
        return format_date(date(parts[0], parts[1], 1), "MMMM y", locale=locale)
    if kind in ("number", "percent"):
        number = format_decimal(Decimal(raw.rstrip("%")), locale=locale)
        return f"{number}%" if kind == "percent" else number
    return raw


def subject(decl: Declaration, d: Difference, m: Messages | None = None) -> str:
    """Return what differs: "Ghana (GH)", a glossary term, "number"."""
    m = m or messages("en")
    if d.kind == "country" and d.key:
        return m._("{name} ({code})", name=m.country(d.key), code=d.key)
    if d.kind == "term" and d.key:
        term = next((t.term for t in decl.source.glossary if t.id == d.key), d.key)
        return m._("{term} (glossary)", term=term)
    return _kind_words(m).get(d.kind, d.kind)


def how(d: Difference, names: dict[str, str], m: Messages | None = None) -> str:
    """Return how each text has it: "named in en, absent in fr", "40 in en, 45 in fr"."""
    m = m or messages("en")
    if d.kind in ("country", "term"):
        return m._(
            "named in {having}, absent in {lacking}",
            having=m.join([names[e] for e in d.having()]),
            lacking=m.join([names[e] for e in d.lacking()]),
        )
    groups: dict[tuple[str, ...], list[str]] = {}
    for e, vs in d.values.items():
        groups.setdefault(vs, []).append(names[e])
    parts = []
    for vs, es in groups.items():
        shown = ", ".join(value(d.kind, v, m) for v in vs) if vs else m._("none")
        parts.append(m._("{values} in {texts}", values=shown, texts=m.join(es)))
    return "; ".join(parts) if any("," in p for p in parts) else ", ".join(parts)


def phrase(
    decl: Declaration, d: Difference, names: dict[str, str], m: Messages | None = None
) -> str:
    """Return one difference as a sentence without its place: "Ghana (GH): named in en, …"."""
    m = m or messages("en")
    return m._("{what}: {how}", what=subject(decl, d, m), how=how(d, names, m))


def line(decl: Declaration, d: Difference, names: dict[str, str], m: Messages | None = None) -> str:
    """Return one difference with its place: "para 2: Ghana (GH): named in en, absent in fr"."""
    m = m or messages("en")
    return m._("{place}: {what}", place=place(d, m), what=phrase(decl, d, names, m))


def heading(decl: Declaration, expressions: list[str], diffs: list[Difference]) -> str:
    """Return the first line of `briefgen compare` (English, as the terminal's every line):
    what was compared and how much differs."""
    m = messages("en")
    compared = m.join(expressions)
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
