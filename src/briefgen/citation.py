"""Citations people can paste: pinpoint text, CSL-JSON, BibTeX and RIS records of an edition."""

from __future__ import annotations

import json
from typing import Any

from .declaration import Declaration, long_date
from .model import Paragraph

FORMATS = ("text", "csl-json", "bibtex", "ris")


def paragraph(decl: Declaration, number: str) -> Paragraph:
    """Return the paragraph printed with this number, or raise KeyError."""
    for p in decl.source.paragraphs:
        if p.number == number:
            return p
    raise KeyError(number)


def default_expression(decl: Declaration) -> str:
    """Return the expression cited when none is named: an authoritative one, else the first."""
    for e in decl.source.expressions:
        if e.authoritative:
            return e.id
    return decl.source.expressions[0].id


def key(decl: Declaration, expression_id: str, number: str | None = None) -> str:
    """Return a stable citation key, e.g. shanghai-declaration-2024-en-xinhua-para-13."""
    return f"{decl.id}-{expression_id}" + (f"-para-{number}" if number else "")


def csl_item(decl: Declaration, expression_id: str, number: str | None = None) -> dict[str, Any]:
    """Return a CSL-JSON item for an edition (or one paragraph of it)."""
    w, e = decl.source.work, decl.expression(expression_id)
    a = w.adopted
    item: dict[str, Any] = {
        "id": key(decl, expression_id, number),
        "type": "document",
        "title": w.title,
        "author": [{"literal": w.issuer}],
        "issued": {"date-parts": [[a.year, a.month, a.day]]},
        "event-place": w.place,
        "publisher-place": w.place,
        "publisher": "briefgen",
        "language": e.language,
        "version": decl.edition(expression_id).version,
        "medium": e.name,
        "note": (
            f"{e.name}; {'authoritative' if e.authoritative else 'not authoritative'}; "
            f"briefgen edition {decl.edition(expression_id).version} "
            f"({long_date(decl.edition(expression_id).date)})"
        ),
    }
    if e.title != w.title:
        item["title-short"] = w.short_title or w.title
        item["original-title"] = e.title
    if number:
        item["section"] = f"para {number}"
    incomplete = decl.incomplete(number, expression_id)
    if incomplete:
        item["note"] += f"; {incomplete}"
    return item


def csl_json(decl: Declaration, expressions: list[str], number: str | None = None) -> str:
    """Return CSL-JSON (an array of items) for editions of several expressions."""
    items = [csl_item(decl, e, number) for e in expressions]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _bib_escape(value: str) -> str:
    return "".join("\\" + c if c in "&%$#_{}" else c for c in value)


def bibtex(decl: Declaration, expressions: list[str], number: str | None = None) -> str:
    """Return BibTeX (biblatex-friendly @misc) entries for editions of several expressions."""
    w = decl.source.work
    entries = []
    for e_id in expressions:
        e = decl.expression(e_id)
        fields = [
            ("title", _bib_escape(w.title)),
            ("author", "{" + _bib_escape(w.issuer) + "}"),
            ("date", w.adopted.isoformat()),
            ("year", str(w.adopted.year)),
            ("address", _bib_escape(w.place)),
            ("version", decl.edition(e_id).version),
            ("language", e.language),
            (
                "note",
                _bib_escape(
                    f"{e.name}; briefgen edition {decl.edition(e_id).version}"
                    + (f"; para {number}" if number else "")
                    + (f"; {note}" if (note := decl.incomplete(number, e_id)) else "")
                ),
            ),
        ]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        entries.append(f"@misc{{{key(decl, e_id, number)},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(decl: Declaration, expressions: list[str], number: str | None = None) -> str:
    """Return RIS records for editions of several expressions."""
    w = decl.source.work
    a = w.adopted
    records = []
    for e_id in expressions:
        e = decl.expression(e_id)
        lines = [
            ("TY", "GEN"),
            ("ID", key(decl, e_id, number)),
            ("TI", w.title),
            ("AU", w.issuer),
            ("PY", str(a.year)),
            ("DA", f"{a.year:04d}/{a.month:02d}/{a.day:02d}"),
            ("CY", w.place),
            ("LA", e.language),
            ("ET", f"briefgen edition {decl.edition(e_id).version}"),
            ("N1", f"{e.name}; {'authoritative' if e.authoritative else 'not authoritative'}"),
        ]
        incomplete = decl.incomplete(number, e_id)
        if incomplete:
            lines.append(("N1", incomplete))
        if number:
            lines.append(("SE", f"para {number}"))
        lines.append(("ER", ""))
        records.append("".join(f"{tag}  - {value}\n" for tag, value in lines))
    return "\n".join(records)


def render(decl: Declaration, fmt: str, expressions: list[str], number: str | None = None) -> str:
    """Return a citation or record in one of FORMATS."""
    if fmt == "text":
        return "\n".join(decl.citation(number, e) for e in expressions) + "\n"
    if fmt == "csl-json":
        return csl_json(decl, expressions, number)
    if fmt == "bibtex":
        return bibtex(decl, expressions, number)
    return ris(decl, expressions, number)
