"""A declaration as the renderers see it: a validated source plus what follows from it.

Pure data and rules, like model.py: no file is opened here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .model import (
    Absent,
    Capture,
    Expression,
    Intervention,
    Paragraph,
    Section,
    Source,
)

if TYPE_CHECKING:
    from .brief import Brief

FIRST_VERSION = "1.0.0"

# ----------------------------------------------------------------------------- views

_BRACKETED = re.compile(r"\[[^\]]*\]")


def editor_supplied(text: str) -> list[str]:
    """Return the [bracketed] spans of a text: the words the editors supplied."""
    return _BRACKETED.findall(text)


@dataclass(frozen=True)
class Block:
    """A section with its paragraphs, as one expression shows it."""

    section: Section
    heading: str | None
    paragraphs: list[tuple[Paragraph, str | None]]  # text is None where absent


@dataclass(frozen=True)
class Declaration:
    """A validated source plus the facts derived from it (version, citations, structure)."""

    source: Source
    path: str  # the source file, relative to the project, for messages and provenance
    brief: Brief | None = None
    brief_path: str | None = None
    source_file: Path | None = None  # the files themselves, for packs that carry them
    brief_file: Path | None = None

    @property
    def id(self) -> str:
        return self.source.work.id

    @property
    def version(self) -> str:
        """The edition version: 1.0.0 until corrections are recorded."""
        return FIRST_VERSION

    def expression(self, expression_id: str) -> Expression:
        """Return the expression with this id."""
        for e in self.source.expressions:
            if e.id == expression_id:
                return e
        raise KeyError(expression_id)

    def capture(self, capture_id: str) -> Capture:
        """Return the capture with this id."""
        for c in self.source.captures:
            if c.id == capture_id:
                return c
        raise KeyError(capture_id)

    def blocks(self, expression_id: str) -> list[Block]:
        """Return the sections in order, each with its paragraphs' text in one expression."""
        out = []
        for s in self.source.sections:
            heading = (s.heading or {}).get(expression_id)
            paras = [
                (p, _text(p.text.get(expression_id)))
                for p in self.source.paragraphs
                if p.section == s.id
            ]
            out.append(Block(s, _text(heading), paras))
        return out

    def interventions(self, expression_id: str) -> list[Intervention]:
        """Return the interventions on the capture an expression was made from."""
        capture = self.expression(expression_id).capture
        return [iv for iv in self.source.interventions if iv.capture == capture]

    def describe(self, iv: Intervention) -> str:
        """Return where and what an intervention did, e.g. 'Removed before para 1'."""
        kind, target = iv.at.target()
        numbers = {p.id: p.number for p in self.source.paragraphs}
        sections = {s.id: s.number for s in self.source.sections}
        verb = {"remove": "Removed", "restore": "Supplied", "normalise": "Normalised"}[iv.action]
        if kind == "heading":
            place = f"heading of section {sections.get(target) or target}"
        elif kind == "paragraph":
            place = f"in para {numbers.get(target, target)}"
        else:
            place = f"{kind} para {numbers.get(target, target)}"
        if iv.action == "remove" and iv.text:
            verb += f" {len(iv.text.split())} words"
        return f"{verb} the {place}" if kind == "heading" else f"{verb} {place}"

    def pack_parts(self) -> list[tuple[str, str | None]]:
        """Return the pack's parts as (kind, expression id or None), 'editions' expanded."""
        has = {
            "comparison": len(self.source.expressions) > 1,
            "brief": self.brief is not None,
            "related": bool(self.source.related),
        }
        out: list[tuple[str, str | None]] = []
        for part in self.source.pack.parts:
            kind, _, expression = part.partition(":")
            if kind == "editions":
                out += [("edition", e.id) for e in self.source.expressions]
            elif has.get(kind, True):  # a part with nothing to show is left out
                out.append((kind, expression or None))
        return out

    def citation(self, number: str | None, expression_id: str) -> str:
        """Return the citation of an edition, pinpointed to a paragraph when one is given."""
        w = self.source.work
        pin = f" para {number}" if number else ""
        return (
            f"{w.title} ({w.place}, {long_date(w.adopted)}){pin} "
            f"({self.expression(expression_id).name}; briefgen edition {self.version})"
        )

    def paragraph_counts(self) -> Counter[str]:
        """Return how many paragraphs each expression has (absent ones not counted)."""
        return Counter(
            k for p in self.source.paragraphs for k, v in p.text.items() if isinstance(v, str)
        )


def _text(value: str | Absent | None) -> str | None:
    return value if isinstance(value, str) else None


def long_date(d: date) -> str:
    """Format a date as '4 July 2024'."""
    return f"{d.day} {d.strftime('%B')} {d.year}"
