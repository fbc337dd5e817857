"""The policy brief: editorial content whose every citation resolves to a paragraph number.

Models and resolution only; loading is in sources.py and drawing in the renderers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .declaration import Declaration
from .source import (
    Brief,
    Capture,
    Publication,
    RelatedInstrument,
)

#: The longest summary, in words, that still reads in the minute a brief allows it.
SUMMARY_WORDS = 120
_REF = re.compile(r"\[\[([^\]]*)\]\]")


def references(text: str) -> list[str]:
    """Return the paragraph ids a text cites with [[id]]."""
    return _REF.findall(text)


def brief_problems(brief: Brief, decl: Declaration) -> list[tuple[str, str]]:
    """Return (field path, message) for every reference or rule the brief breaks."""
    out = reference_problems(brief.model_dump(), decl)
    words = len(_REF.sub("", brief.summary).split())
    if words > SUMMARY_WORDS:
        out.append(("summary", f"{words} words; a brief's summary has at most {SUMMARY_WORDS}"))
    if brief.work != decl.id:
        out.append(("work", f"is '{brief.work}' but the file belongs to '{decl.id}'"))
    return out


def reference_problems(data: dict[str, Any], decl: Declaration) -> list[tuple[str, str]]:
    """Return (field path, message) for what a brief names in vain or lacks for its work.

    Works on the brief's plain data, so a brief that is not yet valid (a field missing, say)
    still has its citations checked: every problem is reported at once.
    """
    ids = {p.id for p in decl.source.paragraphs}
    captures = {c.id for c in decl.source.captures}
    see = f"(see paragraphs[].id in {decl.path})"
    out: list[tuple[str, str]] = []

    def refs(field: str, text: Any) -> None:
        if isinstance(text, str):
            for pid in references(text):
                if pid not in ids:
                    out.append((field, f"unknown paragraph id '{pid}' in [[{pid}]] {see}"))

    for field in ("summary", "translation_note", "headline"):
        refs(field, data.get(field))
    points = data.get("key_points")
    for i, point in enumerate(points if isinstance(points, list) else []):
        if not isinstance(point, dict):
            continue
        cites = point.get("cites")
        for j, pid in enumerate(cites if isinstance(cites, list) else []):
            if isinstance(pid, str) and pid not in ids:
                out.append((f"key_points[{i}].cites[{j}]", f"unknown paragraph id '{pid}' {see}"))
        refs(f"key_points[{i}].text", point.get("text"))
    texts = len(decl.source.expressions)
    if data.get("translation_note") is None and texts > 1:
        out.append(
            (
                "translation_note",
                f"missing (the work has {texts} texts: say how they differ, citing "
                "paragraphs with [[id]])",
            )
        )
    context = data.get("context")
    for i, q in enumerate(context if isinstance(context, list) else []):
        source = q.get("source") if isinstance(q, dict) else None
        if isinstance(source, str) and source not in captures:
            out.append((f"context[{i}].source", f"unknown capture '{source}'"))
    return out


@dataclass(frozen=True)
class Piece:
    """A run of brief text: plain words, or a citation of one paragraph."""

    text: str
    number: str | None = None  # the paragraph number when this piece is a citation


def resolve(text: str, decl: Declaration) -> list[Piece]:
    """Split a text into plain pieces and citations printed as 'para N'."""
    numbers = {p.id: p.number for p in decl.source.paragraphs}
    pieces: list[Piece] = []
    last = 0
    for m in _REF.finditer(text):
        pieces.append(Piece(text[last : m.start()]))
        pieces.append(Piece(f"para {numbers[m.group(1)]}", numbers[m.group(1)]))
        last = m.end()
    pieces.append(Piece(text[last:]))
    # "[[a]] [[b]]" reads "para 3 para 4": join neighbouring citations with commas
    merged: list[Piece] = []
    for piece in pieces:
        if (
            piece.number
            and len(merged) >= 2
            and merged[-1].text.strip() == ""
            and merged[-2].number
        ):
            merged[-1] = Piece(", ")
            piece = Piece(piece.number, piece.number)
            # the run's first citation now names several paragraphs: "paras 11, 17"
            first = next(
                i
                for i in range(len(merged) - 2, -1, -1)
                if merged[i].number and merged[i].text.startswith("para")
            )
            merged[first] = Piece(
                merged[first].text.replace("para ", "paras ", 1), merged[first].number
            )
        merged.append(piece)
    return [p for p in merged if p.text]


def cite_list(ids: list[str], decl: Declaration) -> list[Piece]:
    """Return citations of several paragraphs as 'paras 3, 4' pieces."""
    numbers = {p.id: p.number for p in decl.source.paragraphs}
    label = "para " if len(ids) == 1 else "paras "
    out = [Piece(label)]
    for i, pid in enumerate(ids):
        if i:
            out.append(Piece(", "))
        out.append(Piece(numbers[pid], numbers[pid]))
    return out


# ----------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class PointView:
    text: list[Piece]
    cites: list[Piece]


@dataclass(frozen=True)
class QuoteView:
    lead: str
    quote: str
    capture: Capture


@dataclass(frozen=True)
class ProvenanceRow:
    use: str
    capture: Capture
    origin: Publication | None
    edits: str


@dataclass(frozen=True)
class BriefView:
    """What a brief shows, with every citation resolved, for any output format."""

    brief: Brief
    summary: list[Piece]
    points: list[PointView]
    context: list[QuoteView]
    related: list[RelatedInstrument]
    translation_note: list[Piece]  # empty when the brief has none (a one-text work)
    divergent: list[tuple[str, int]]  # (paragraph number, similarity %)
    provenance: list[ProvenanceRow]


def view(decl: Declaration) -> BriefView:
    """Resolve a work's brief into what its page shows."""
    from .compare import compare

    brief = decl.brief
    assert brief is not None
    captures = {c.id: c for c in decl.source.captures}
    cmp = compare(decl, [e.id for e in decl.source.expressions])
    divergent = [(r.number, r.pct or 0) for pair in cmp.pairs[:1] for r in pair.divergent[:3]]
    rows = []
    for e in decl.source.expressions:
        if e.capture:
            n = len(decl.interventions(e.id))
            rows.append(
                ProvenanceRow(
                    f"{e.name} (edition)",
                    captures[e.capture],
                    e.origin,
                    f"{n} intervention{'s' if n != 1 else ''}",
                )
            )
    related = {r.capture for r in decl.source.related}
    used = [q.source for q in brief.context] + [r.capture for r in decl.source.related]
    for capture_id in dict.fromkeys(used):
        use = "related instruments" if capture_id in related else "quoted in context"
        rows.append(ProvenanceRow(use, captures[capture_id], None, "none (quoted)"))
    return BriefView(
        brief=brief,
        summary=resolve(brief.summary, decl),
        points=[
            PointView(resolve(p.text, decl), cite_list(p.cites, decl)) for p in brief.key_points
        ],
        context=[QuoteView(q.lead, q.quote, captures[q.source]) for q in brief.context],
        related=sorted(decl.source.related, key=lambda r: r.date),
        translation_note=resolve(brief.translation_note, decl) if brief.translation_note else [],
        divergent=divergent,
        provenance=rows,
    )
