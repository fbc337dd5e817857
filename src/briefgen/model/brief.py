"""The policy brief: editorial content whose every citation resolves to a paragraph number.

Models and checks only; loading is in sources/, and the brief's words are documents/brief.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .crosslang import Difference
from .declaration import Declaration
from .source import Brief, Capture, Expression, RelatedInstrument, walk_items

#: The longest summary, in words, that still reads in the minute a brief allows it.
SUMMARY_WORDS = 120
_REF = re.compile(r"\[\[([^\]]*)\]\]")


def references(text: str) -> list[str]:
    """Return the paragraph ids a text cites with [[id]] (or [[id/item-id]], an item, and
    [[id/item-id/sub-item-id]], an item of an item's list)."""
    return _REF.findall(text)


def citable(decl: Declaration) -> set[str]:
    """Return what a brief may cite: every paragraph id, "paragraph-id/item-id", and
    "paragraph-id/item-id/sub-item-id" for the items of an item's list."""
    out = {p.id for p in decl.source.paragraphs}
    out |= {f"{p.id}/{at.ref()}" for p in decl.source.paragraphs for at in walk_items(p.items)}
    return out


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
    ids = citable(decl)
    captures = {c.id for c in decl.source.captures}

    def see(ref: str) -> str:
        if "/" in ref:  # an item: "paragraph-id/item-id"
            return f"(see paragraphs[].id and their items[].id in {decl.path})"
        return f"(see paragraphs[].id in {decl.path})"

    out: list[tuple[str, str]] = []

    def refs(field: str, text: Any) -> None:
        if isinstance(text, str):
            for pid in references(text):
                if pid not in ids:
                    out.append((field, f"unknown paragraph id '{pid}' in [[{pid}]] {see(pid)}"))

    for field in ("summary", "translation_note", "headline"):
        refs(field, data.get(field))
    points = data.get("key_points")
    for i, point in enumerate(points if isinstance(points, list) else []):
        if not isinstance(point, dict):
            continue
        cites = point.get("cites")
        for j, pid in enumerate(cites if isinstance(cites, list) else []):
            if isinstance(pid, str) and pid not in ids:
                out.append(
                    (f"key_points[{i}].cites[{j}]", f"unknown paragraph id '{pid}' {see(pid)}")
                )
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


# ----------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class QuoteView:
    """A quotation of the brief's context, with the capture it is word for word from."""

    lead: str
    quote: str
    capture: Capture


@dataclass(frozen=True)
class SourceUse:
    """A capture the brief rests on, and what for: the text of an edition (`expression`, with
    the editors' interventions in it), a related instrument, or a quotation of the context."""

    capture: Capture
    expression: Expression | None = None
    interventions: int = 0
    related: bool = False


@dataclass(frozen=True)
class BriefView:
    """What a brief shows, as data: its texts still cite paragraphs by [[id]], and the words
    around them (labels, sentences) are the document's (documents/brief.py)."""

    brief: Brief
    context: list[QuoteView]
    related: list[RelatedInstrument]
    divergent: list[tuple[str, int]]  # (paragraph number, similarity %)
    sources: list[SourceUse]
    #: what differs between its texts in different languages (numbers, dates, names, counts)
    across: list[Difference]


def view(decl: Declaration) -> BriefView:
    """Gather what a work's brief shows: its quotations, related instruments, the most
    divergent paragraphs of its texts and the captures it rests on."""
    from .compare import compare
    from .crosslang import differences

    brief = decl.brief
    assert brief is not None
    captures = {c.id: c for c in decl.source.captures}
    ids = [e.id for e in decl.source.expressions]
    cmp = compare(decl, ids)
    languages = {e.language for e in decl.source.expressions}
    across = differences(decl, ids) if len(languages) > 1 else []
    divergent = [(r.number, r.pct or 0) for pair in cmp.pairs[:1] for r in pair.divergent[:3]]
    sources = [
        SourceUse(captures[e.capture], e, len(decl.interventions(e.id)))
        for e in decl.source.expressions
        if e.capture
    ]
    related = {r.capture for r in decl.source.related}
    used = [q.source for q in brief.context] + [r.capture for r in decl.source.related]
    for capture_id in dict.fromkeys(used):
        sources.append(SourceUse(captures[capture_id], related=capture_id in related))
    return BriefView(
        brief=brief,
        context=[QuoteView(q.lead, q.quote, captures[q.source]) for q in brief.context],
        related=sorted(decl.source.related, key=lambda r: r.date),
        divergent=divergent,
        sources=sources,
        across=across,
    )
