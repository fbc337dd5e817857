"""A declaration as the renderers see it: a validated source plus what follows from it.

Pure data and rules, like source.py: no file is opened here.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .source import (
    Absent,
    Capture,
    Correction,
    Expression,
    Intervention,
    ItemAt,
    Paragraph,
    Section,
    Source,
    Work,
    places,
    walk_items,
)

if TYPE_CHECKING:
    from .source import Brief

FIRST_VERSION = "1.0.0"
#: Which part of major.minor.patch each kind of correction raises.
_BUMP = {"withdrawal": 0, "new-paragraph": 1, "new-expression": 1, "text": 2}


@dataclass(frozen=True)
class Edition:
    """The version and date of an edition, as derived from the corrections."""

    version: str
    date: date


def releases(corrections: list[Correction], first: date) -> list[tuple[Edition, list[Correction]]]:
    """Return each edition after 1.0.0 with the corrections it brought, oldest first.

    Corrections of one date make one edition; it raises the version by the largest change
    among them (a withdrawn paragraph is major, a new paragraph or expression minor, text patch).
    """
    major, minor, patch = (int(n) for n in FIRST_VERSION.split("."))
    by_date: dict[date, list[Correction]] = {}
    for c in corrections:
        by_date.setdefault(c.date, []).append(c)
    out = []
    for day in sorted(by_date):
        bump = min(_BUMP[c.change] for c in by_date[day])
        if bump == 0:
            major, minor, patch = major + 1, 0, 0
        elif bump == 1:
            minor, patch = minor + 1, 0
        else:
            patch += 1
        out.append((Edition(f"{major}.{minor}.{patch}", max(day, first)), by_date[day]))
    return out


@dataclass(frozen=True)
class Attachment:
    """A file a pack carries, read where the sources are loaded: its name, what it is, its
    bytes (renderers never open files)."""

    name: str
    description: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# ----------------------------------------------------------------------------- views

_BRACKETED = re.compile(r"\[[^\]]*\]")


def editor_supplied(text: str) -> list[str]:
    """Return the [bracketed] spans of a text: the words the editors supplied."""
    return _BRACKETED.findall(text)


#: A pinpoint as cited: "12", "12A", "12c", "12(c)", "12A(iv)", "12-c" (the anchor's form), an
#: item of an item's list: "5b(ii)", "5(b)(ii)", "5-b-ii", and a preambular paragraph: "PP2".
_PINPOINT = re.compile(
    r"^(?P<number>(?:PP|pp)?[1-9][0-9]*[A-Z]?)"
    r"(?P<first>\([A-Za-z0-9]+\)|-?[a-z]+)?(?P<rest>(?:\([A-Za-z0-9]+\)|-[A-Za-z0-9]+)*)$"
)
_KEY = re.compile(r"\(([A-Za-z0-9]+)\)|-?([A-Za-z0-9]+)")


def pin(paragraph: Paragraph, at: ItemAt | None = None) -> str:
    """Return a pinpoint as printed after "para": "12", "12(c)" for an item, "5(b)(ii)" for
    an item of an item's list."""
    return paragraph.number if at is None else at.pin(paragraph.number)


def item_at(paragraph: Paragraph, keys: list[str]) -> ItemAt | None:
    """Return the item that keys name ("b", "ii": item (ii) of item (b)), or None."""
    for at in walk_items(paragraph.items):
        if list(at.labels()) == keys:
            return at
    return None


def pin_anchor(pinpoint: str) -> str:
    """Return the anchor of a pinpoint: "12" -> "para-12", "12(c)" -> "para-12-c"."""
    return "para-" + pinpoint.replace("(", "-").replace(")", "")


def pin_number(pinpoint: str | None) -> str | None:
    """Return the paragraph number of a pinpoint ("12(c)" -> "12")."""
    return pinpoint.split("(", 1)[0] if pinpoint else pinpoint


@dataclass(frozen=True)
class SectionText:
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
    #: expression id -> paragraph id -> (capture id, first line, last line), from the collation
    capture_lines: dict[str, dict[str, tuple[str, int, int]]] = field(default_factory=dict)
    #: The files a pack carries, in order: the canonical source, the brief's, every capture.
    attachments: tuple[Attachment, ...] = ()

    @property
    def id(self) -> str:
        return self.source.work.id

    @property
    def version(self) -> str:
        """The version of the work's edition: 1.0.0 raised by every correction."""
        return self.edition().version

    def corrections(self, expression_id: str | None = None) -> list[Correction]:
        """Return the corrections of the work, or those touching one expression's text."""
        return [
            c
            for c in self.source.corrections
            if expression_id is None or c.expression in (None, expression_id)
        ]

    def releases(self, expression_id: str | None = None) -> list[tuple[Edition, list[Correction]]]:
        """Return the editions after 1.0.0 (of the work, or of one expression's text)."""
        return releases(self.corrections(expression_id), self.source.edition.date)

    def edition(self, expression_id: str | None = None) -> Edition:
        """Return the current edition of the work, or of one expression's text.

        A text is re-issued only when a correction touches it, so correcting the 1AI text
        leaves the Xinhua text at its edition (and its outputs as they were).
        """
        done = self.releases(expression_id)
        return done[-1][0] if done else Edition(FIRST_VERSION, self.source.edition.date)

    def work_as_named(self, expression_id: str) -> Work:
        """Return the work with its place, issuer and adoption as one text names them (the
        expression's own, where it gives them; else the work's)."""
        e = self.expression(expression_id)
        own = {k: getattr(e, k) for k in ("place", "issuer", "adoption") if getattr(e, k)}
        return self.source.work.model_copy(update=own) if own else self.source.work

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

    @cached_property
    def _by_section(self) -> dict[str, list[Paragraph]]:
        grouped: dict[str, list[Paragraph]] = {s.id: [] for s in self.source.sections}
        for p in self.source.paragraphs:
            grouped.setdefault(p.section, []).append(p)
        return grouped

    @cached_property
    def _numbers(self) -> dict[str, str]:
        return {p.id: p.number for p in self.source.paragraphs}

    def paragraphs_in(self, section_id: str) -> list[Paragraph]:
        """Return the paragraphs of one section, in order (grouped once, not searched)."""
        return self._by_section.get(section_id, [])

    def blocks(self, expression_id: str) -> list[SectionText]:
        """Return the sections in order, each with its paragraphs' text in one expression."""
        out = []
        for s in self.source.sections:
            heading = (s.heading or {}).get(expression_id)
            paras = [(p, _text(p.text.get(expression_id))) for p in self.paragraphs_in(s.id)]
            out.append(SectionText(s, _text(heading), paras))
        return out

    def interventions(self, expression_id: str) -> list[Intervention]:
        """Return the interventions on the capture an expression was made from."""
        capture = self.expression(expression_id).capture
        return [iv for iv in self.source.interventions if iv.capture == capture]

    def normalised_words(self, iv: Intervention) -> tuple[str, str]:
        """Return the words a normalisation changed: as captured, and as printed.

        A span normalisation records just its words; one recorded on a whole heading or
        paragraph is cut to the words that differ, '…' standing for those it left alone.
        """
        before, after = iv.before or "", iv.after or ""
        whole = any(
            iv.whole(text)
            for e in self.source.expressions
            if e.capture == iv.capture
            for place, text, _ in places(self.source, e)
            if place == iv.at.target()
        )
        return changed_words(before, after) if whole else (before, after)

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

    def number_of(self, paragraph_id: str) -> str:
        """Return the number printed for a paragraph id."""
        return self._numbers[paragraph_id]

    def pinpoint(self, cited: str) -> str:
        """Return the pinpoint printed for what a user cites ("12c" -> "12(c)"), or KeyError."""
        m = _PINPOINT.match(cited.strip())
        if m is None:
            raise KeyError(cited)
        number = m["number"].replace("pp", "PP", 1)
        para = next((p for p in self.source.paragraphs if p.number == number), None)
        if para is None:
            raise KeyError(cited)
        if m["first"] is None:
            return para.number
        keys = [a or b for a, b in _KEY.findall(m["first"] + m["rest"])]
        at = item_at(para, keys)
        if at is None:
            raise KeyError(cited)
        return pin(para, at)

    def reference(self, ref: str) -> str:
        """Return the pinpoint of a brief's reference: "paragraph-id", "paragraph-id/item-id" or
        "paragraph-id/item-id/sub-item-id"."""
        pid, _, ids = ref.partition("/")
        para = next(p for p in self.source.paragraphs if p.id == pid)
        if not ids:
            return para.number
        return pin(para, next(at for at in walk_items(para.items) if at.ref() == ids))

    def incomplete(self, number: str | None, expression_id: str) -> Paragraph | None:
        """Return the paragraph a pinpoint names where it is incomplete in a text, else None."""
        for p in self.source.paragraphs:
            if p.number == pin_number(number) and expression_id in p.incomplete:
                return p
        return None

    def paragraph_counts(self) -> Counter[str]:
        """Return how many paragraphs each expression has (absent ones not counted)."""
        return Counter(
            k for p in self.source.paragraphs for k, v in p.text.items() if isinstance(v, str)
        )


def changed_words(before: str, after: str) -> tuple[str, str]:
    """Return two texts cut to the words that differ, '…' where words they share were cut."""
    b, a = before.split(), after.split()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1

    def cut(ws: list[str]) -> str:
        kept = " ".join(ws[head : len(ws) - tail])
        return ("… " if head else "") + kept + (" …" if tail else "")

    return cut(b), cut(a)


def _text(value: str | Absent | None) -> str | None:
    return value if isinstance(value, str) else None


def pack_problems(decl: Declaration, briefs_read: bool = True) -> list[tuple[str, str]]:
    """Return (field, message) for each pack part the source asks for but the work lacks.

    The default list of parts leaves out quietly what a work does not have; a list the editors
    wrote themselves is taken at its word. A missing brief counts only if every brief was read
    (one that failed to load is reported on its own).
    """
    if "parts" not in decl.source.pack.model_fields_set:
        return []
    texts = len(decl.source.expressions)
    lacks = {}
    if texts < 2:
        lacks["comparison"] = "the work has one text, so nothing to compare"
    if not decl.source.related:
        lacks["related"] = "the work lists no related instruments (add 'related:')"
    if decl.brief is None and briefs_read:
        lacks["brief"] = f"the work has no brief (a *.brief.yaml with work: {decl.id})"
    return [
        (f"pack.parts[{i}]", f"'{part}' cannot be in the pack: {lacks[part]}; remove it")
        for i, part in enumerate(decl.source.pack.parts)
        if lacks.get(part)
    ]
