"""How expressions differ: word-level diffs, similarity figures and key-term renderings.

Pure functions over the model, producing a format-independent Comparison that the HTML,
PDF and DOCX renderers draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from .declaration import Declaration, pin
from .source import Capture, Expression, ItemAt, ListItem, Paragraph, Term, item_list

#: Similarity (0–1, over lower-cased words) at or above which two texts count as close.
CLOSE = 0.6
#: How many of the most divergent paragraphs the summary names.
MOST_DIVERGENT = 5

DiffMark = Literal["same", "deleted", "inserted", "changed"]
_TOKEN = re.compile(r"\S+\s*")
_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")


@dataclass(frozen=True)
class DiffSpan:
    """A run of text in one column and how it relates to the other column."""

    text: str
    mark: DiffMark


def _key(token: str) -> str:
    return " ".join(_WORD.findall(token.lower()))


def word_diff(a: str, b: str) -> tuple[list[DiffSpan], list[DiffSpan]]:
    """Return the marked spans of text a and of text b.

    Words only in a are 'deleted', words only in b 'inserted', and a run of words that the
    other text words differently is 'changed' in both.
    """
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matcher = SequenceMatcher(None, [_key(t) for t in ta], [_key(t) for t in tb], autojunk=False)
    left: list[DiffSpan] = []
    right: list[DiffSpan] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = op == "replace"
        _append(
            left,
            "".join(ta[i1:i2]),
            "changed" if changed else "deleted" if op == "delete" else "same",
        )
        _append(
            right,
            "".join(tb[j1:j2]),
            "changed" if changed else "inserted" if op == "insert" else "same",
        )
    return left, right


def _append(spans: list[DiffSpan], text: str, mark: DiffMark) -> None:
    if not text:
        return
    # Keep the space after a marked run unmarked, so strike and underline stop at the word.
    stripped = text.rstrip() if mark != "same" else text
    spans.append(DiffSpan(stripped, mark))
    if len(stripped) < len(text):
        spans.append(DiffSpan(text[len(stripped) :], "same"))


def redline(a: str, b: str) -> list[DiffSpan]:
    """Return text b as one run of spans that also shows what it dropped from text a:
    words only in a are 'deleted', words only in b 'inserted'."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    spans: list[DiffSpan] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(spans, "".join(tb[j1:j2]), "same")
            continue
        _append(spans, "".join(ta[i1:i2]), "deleted")
        _append(spans, "".join(tb[j1:j2]), "inserted")
    return spans


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, 0 to 1, over lower-cased words in order."""
    wa, wb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def verdict(score: float) -> str:
    """Classify a similarity as identical, close or different, by the percentage printed."""
    if score >= 1.0:
        return "identical"
    return "close" if percent(score) >= round(CLOSE * 100) else "different"


def percent(score: float) -> int:
    """Return a similarity as a whole percentage, never rounding a difference up to 100."""
    return min(int(score * 100 + 0.5), 99) if score < 1.0 else 100


# ----------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class TextColumn:
    """An expression as a column of the comparison."""

    id: str
    name: str
    title: str
    language: str
    authoritative: bool
    capture: Capture | None


@dataclass(frozen=True)
class TextCell:
    """One expression's text in a row; spans is None where the text is absent."""

    lang: str
    spans: list[DiffSpan] | None
    text: str | None = None


@dataclass(frozen=True)
class AlignedRow:
    """A paragraph, or an item of its list, across all expressions, with the similarity of
    the compared pair(s).

    number is the pinpoint a reader cites: "12", or "12(c)" for an item (then `item` is
    the item). cells hold the row's own words (a paragraph's lead-in, an item's text); the
    score covers the whole: a paragraph with its items, an item with any items below it.
    items are the rows of the list the paragraph (or item) holds, in order.
    """

    id: str
    number: str
    cells: list[TextCell]
    score: float | None
    withdrawn: bool = False
    items: tuple[AlignedRow, ...] = ()
    item: ListItem | None = None

    @property
    def pct(self) -> int | None:
        return None if self.score is None else percent(self.score)

    @property
    def verdict(self) -> str | None:
        return None if self.score is None else verdict(self.score)


@dataclass(frozen=True)
class SectionRows:
    """A section: its headings, one per column (None where the section has none), and rows."""

    number: str | None
    headings: list[TextCell] | None
    rows: list[AlignedRow]


@dataclass(frozen=True)
class Pair:
    """Two expressions of one language compared word by word, with its summary figures."""

    base: TextColumn
    other: TextColumn
    scores: dict[str, float] = field(default_factory=dict)  # paragraph number -> similarity
    item_scores: dict[str, float] = field(default_factory=dict)  # "12(c)" -> similarity

    @property
    def label(self) -> str:
        return f"{self.base.name} against {self.other.name}"

    @property
    def other_name(self) -> str:
        return self.other.name

    @property
    def total(self) -> int:
        return len(self.scores)

    @property
    def counts(self) -> dict[str, int]:
        """Return how many paragraphs (each with its items) are identical, close, different."""
        return _tally(self.scores)

    @property
    def item_counts(self) -> dict[str, int]:
        """Return how many list items are identical, close and different."""
        return _tally(self.item_scores)

    @property
    def divergent(self) -> list[AlignedRow]:
        """Return stand-in rows for the most divergent paragraphs, least similar first."""
        ranked = sorted((s, n) for n, s in self.scores.items() if s < 1.0)
        return [AlignedRow("", n, [], s) for s, n in ranked[:MOST_DIVERGENT]]


def _tally(scores: dict[str, float]) -> dict[str, int]:
    out = {"identical": 0, "close": 0, "different": 0}
    for score in scores.values():
        out[verdict(score)] += 1
    return out


@dataclass(frozen=True)
class Rendering:
    """One English (or other) form of a term, and the paragraphs that use it."""

    rendering: str
    numbers: list[str]


@dataclass(frozen=True)
class TermUse:
    """How each expression renders one glossary term, where, and whether consistently."""

    term_entry: Term
    uses: dict[str, list[Rendering]]
    names: dict[str, str]
    languages: dict[str, str]

    @property
    def term(self) -> str:
        return self.term_entry.term

    @property
    def sense(self) -> str:
        return self.term_entry.sense

    @property
    def flags(self) -> list[str]:
        """Return what a reader should notice: renderings that vary within or between texts."""
        out = [
            f"varies within the {self.names[e]}"
            for e, rs in self.uses.items()
            if sum(1 for r in rs if r.numbers) > 1
        ]
        mains: dict[str, set[str]] = {}
        sets: dict[str, set[frozenset[str]]] = {}
        for e, rs in self.uses.items():
            used = [
                (len(r.numbers), -i, r.rendering.lower()) for i, r in enumerate(rs) if r.numbers
            ]
            if used:  # the most used rendering; on a tie, the one the glossary lists first
                mains.setdefault(self.languages[e], set()).add(max(used)[2])
                sets.setdefault(self.languages[e], set()).add(frozenset(u[2] for u in used))
        if any(len(m) > 1 for m in mains.values()) or any(len(s) > 1 for s in sets.values()):
            out.insert(0, "rendered differently")
        return out


@dataclass(frozen=True)
class Comparison:
    """Everything a comparison document shows, independent of format."""

    decl: Declaration
    expressions: list[TextColumn]
    pairs: list[Pair]
    sections: list[SectionRows]
    terms: list[TermUse]

    @property
    def base_name(self) -> str:
        return self.pairs[0].base.name if self.pairs else ""

    @property
    def rows(self) -> list[AlignedRow]:
        return [row for s in self.sections for row in s.rows]

    @property
    def item_rows(self) -> list[AlignedRow]:
        """Return the rows of every list item, at any depth, in order."""
        out: list[AlignedRow] = []

        def walk(rows: tuple[AlignedRow, ...]) -> None:
            for r in rows:
                out.append(r)
                walk(r.items)

        for row in self.rows:
            walk(row.items)
        return out

    @property
    def absent_count(self) -> int:
        """Return how many paragraphs are missing from at least one text."""
        return sum(
            1 for r in self.rows if not r.withdrawn and any(c.spans is None for c in r.cells)
        )

    @property
    def absent_item_count(self) -> int:
        """Return how many items are missing from a text that has their paragraph."""
        count = 0

        def walk(rows: tuple[AlignedRow, ...], holder: AlignedRow) -> None:
            nonlocal count
            for r in rows:
                if any(
                    c.spans is None and h.spans is not None
                    for c, h in zip(r.cells, holder.cells, strict=True)
                ):
                    count += 1
                walk(r.items, r)

        for row in self.rows:
            if not row.withdrawn:
                walk(row.items, row)
        return count


def _column(e: Expression, decl: Declaration) -> TextColumn:
    return TextColumn(
        e.id,
        e.name,
        e.title,
        e.language,
        e.authoritative,
        decl.capture(e.capture) if e.capture else None,
    )


def compare(decl: Declaration, expression_ids: list[str]) -> Comparison:
    """Align expressions paragraph by paragraph and mark where texts of one language differ."""
    columns = [_column(decl.expression(e), decl) for e in expression_ids]
    languages = [c.language for c in columns]
    shared = [c for c in columns if languages.count(c.language) > 1]
    base = shared[0] if shared else None
    others = [c for c in shared[1:] if base and c.language == base.language]
    pairs = [Pair(base, o) for o in others] if base else []
    sections = []
    for s in decl.source.sections:
        headings = None
        if s.heading is not None:
            headings = [_plain(c.language, s.heading.get(c.id)) for c in columns]
        rows = [_paragraph(p, columns, pairs) for p in decl.paragraphs_in(s.id)]
        sections.append(SectionRows(s.number, headings, rows))
    return Comparison(decl, columns, pairs, sections, term_uses(decl, columns))


def _paragraph(p: Paragraph, columns: list[TextColumn], pairs: list[Pair]) -> AlignedRow:
    """Align a paragraph's lead-in, and each item of its list as a row of its own."""
    texts = {c.id: None if p.withdrawn else _str(p.text.get(c.id)) for c in columns}
    items = () if p.withdrawn else _items(p, p.items, None, columns, pairs)
    return _row(p.id, p.number, texts, columns, pairs, "paragraph", items, p.withdrawn)


def _items(
    p: Paragraph,
    items: list[ListItem],
    above: ItemAt | None,
    columns: list[TextColumn],
    pairs: list[Pair],
) -> tuple[AlignedRow, ...]:
    """Align a list's items, each with the list below it if it holds one."""
    rows = []
    for at in item_list(items, above):
        item = at.item
        texts = {c.id: _str(item.text.get(c.id)) for c in columns}
        below = _items(p, item.items, at, columns, pairs)
        rows.append(_row(item.id, pin(p, at), texts, columns, pairs, "item", below, item=item))
    return tuple(rows)


def _row(
    pid: str,
    number: str,
    texts: dict[str, str | None],
    columns: list[TextColumn],
    pairs: list[Pair],
    kind: Literal["paragraph", "item"] = "paragraph",
    items: tuple[AlignedRow, ...] = (),
    withdrawn: bool = False,
    item: ListItem | None = None,
) -> AlignedRow:
    """Mark a row's own words pair by pair; score it over the whole, its items included."""
    cells = {c.id: _plain(c.language, texts[c.id]) for c in columns}
    score: float | None = None
    for pair in pairs:
        a, b = texts[pair.base.id], texts[pair.other.id]
        if a is None or b is None:
            continue
        left, right = word_diff(a, b)
        s = similarity(
            _whole(a, items, columns.index(pair.base)),
            _whole(b, items, columns.index(pair.other)),
        )
        (pair.scores if kind == "paragraph" else pair.item_scores)[number] = s
        cells[pair.other.id] = TextCell(pair.other.language, right, b)
        if len(pairs) == 1:
            cells[pair.base.id] = TextCell(pair.base.language, left, a)
        score = s if score is None else min(score, s)
    return AlignedRow(pid, number, [cells[c.id] for c in columns], score, withdrawn, items, item)


def _whole(text: str, items: tuple[AlignedRow, ...], column: int) -> str:
    """Return a row's words with those of the items below it, as one text (column: whose)."""
    parts = [text]
    for row in items:
        own = row.cells[column].text
        if own is not None:
            parts.append(_whole(own, row.items, column))
    return " ".join(parts)


def _plain(language: str, value: object) -> TextCell:
    text = _str(value)
    return TextCell(language, None if text is None else [DiffSpan(text, "same")], text)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


# ----------------------------------------------------------------------------- key terms


def _pattern(rendering: str, language: str) -> re.Pattern[str]:
    body = re.escape(rendering).replace(r"\*", r"\w*")
    if language.split("-")[0] in ("zh", "ja", "ko"):
        return re.compile(body)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def term_uses(decl: Declaration, columns: list[TextColumn]) -> list[TermUse]:
    """Find, per glossary term and expression, the paragraphs using each rendering."""
    out = []
    for term in decl.source.glossary:
        uses: dict[str, list[Rendering]] = {}
        for c in columns:
            uses[c.id] = []
            for rendering in term.renderings.get(c.id, []):
                pattern = _pattern(rendering, c.language)
                numbers = [
                    p.number
                    for p in decl.source.paragraphs
                    if isinstance(t := p.text.get(c.id), str) and pattern.search(t)
                ]
                uses[c.id].append(Rendering(rendering, numbers))
        out.append(
            TermUse(
                term, uses, {c.id: c.name for c in columns}, {c.id: c.language for c in columns}
            )
        )
    return out
