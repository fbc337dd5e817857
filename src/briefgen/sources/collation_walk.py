"""The walk of a collation: one cursor through a capture, taking each span's words in turn.

collation.py lists the spans of an expression in edition order and states the rules; this
module holds the capture's words, the spans, and the walk that checks them against each other.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from dataclasses import dataclass

from ..model.source import Intervention
from ..model.spacing import split
from .capture import fold, fold_words

#: How many words of a span are searched for to find where it stands in the capture.
OPENING = 8


def words(text: str) -> list[str]:
    """Cut a text into the words collation compares."""
    return fold_words(text)


def shown(ws: list[str], n: int = 6) -> str:
    """Return the first n words, and an ellipsis if there are more, for a message."""
    return " ".join(ws[:n]) + (" …" if len(ws) > n else "")


class CaptureText:
    """A capture's words, each with its line and whether it opens a line or a paragraph."""

    def __init__(self, text: str) -> None:
        self.words: list[str] = []
        self.line: list[int] = []
        self.line_start: list[bool] = []
        self.block_start: list[bool] = []
        # numbered as an editor's viewer numbers them: at line feeds only (\r is whitespace)
        lines = fold(text).split("\n")
        filled = [i for i, ln in enumerate(lines) if ln.strip()]
        # a capture with no blank line between its first and last words: each line a block
        blank_lines = bool(filled) and any(
            not ln.strip() for ln in lines[filled[0] : filled[-1] + 1]
        )
        blank = True
        for number, ln in enumerate(lines, 1):
            ws = split(ln)
            if not ws:
                blank = True
                continue
            for i, w in enumerate(ws):
                self.words.append(w)
                self.line.append(number)
                self.line_start.append(i == 0)
                self.block_start.append(i == 0 and (blank or not blank_lines))
            blank = False
        self._offsets: list[int] = []
        at = 1
        for w in self.words:
            self._offsets.append(at)
            at += len(w) + 1
        self._joined = " " + " ".join(self.words) + " "
        self._numbers: dict[str, list[int]] | None = None

    def positions(self, word: str) -> list[int]:
        """Return the indexes where a word holding a digit ("4.") stands, in order.

        For printed paragraph numbers: indexed once, so that looking up each paragraph's
        number does not search the whole capture again.
        """
        if self._numbers is None:
            self._numbers = {}
            for i, w in enumerate(self.words):
                if any(c.isdigit() for c in w):
                    self._numbers.setdefault(w, []).append(i)
        return self._numbers.get(word, [])

    def __len__(self) -> int:
        return len(self.words)

    def find(self, ws: list[str], start: int = 0) -> int:
        """Return the first index at or after start where these words stand, or -1."""
        if not ws or start >= len(self.words):
            return -1
        found = self._joined.find(" " + " ".join(ws) + " ", self._offsets[start] - 1)
        return -1 if found < 0 else bisect_left(self._offsets, found + 1)

    def at(self, ws: list[str], pos: int) -> bool:
        """Say whether these words stand at pos."""
        return bool(ws) and self.words[pos : pos + len(ws)] == ws


@dataclass(eq=False)
class Span:
    """A heading, paragraph or intervention of the edition, with the capture words it takes."""

    kind: str  # paragraph | heading | remove | normalise
    words: list[str]
    field: str  # the source field to blame, e.g. paragraphs[12].text.en-1ai
    where: str  # as a message names it, e.g. "para 13"
    label: str  # as the collation table shows it
    paragraph: str | None = None  # paragraph id
    incomplete: bool = False
    floating: list[Span] = dataclasses.field(default_factory=list)  # removals standing inside it
    intervention: Intervention | None = None
    recorded: str = ""  # where a removal is recorded, e.g. "before para 1"
    outer: Span | None = None  # the heading or paragraph a floating removal stands in
    index: int = -1  # its place in the walk
    first: int = -1  # first and last capture word taken, -1 until taken
    last: int = -1
    #: the items of a paragraph's list, in its words: (first word, field, where), e.g.
    #: (12, "paragraphs[11].items[2].text.en", "para 12(c)")
    parts: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.kind in ("paragraph", "heading")

    def blame(self, k: int) -> tuple[str, str]:
        """Return the field and name of the part of the span its k-th word is in."""
        found = (self.field, self.where)
        for first, field_name, where in self.parts:
            if first <= k:
                found = (field_name, where)
        return found


class _Openings:
    """Spans found by their first (up to three) words."""

    def __init__(self, spans: list[Span]) -> None:
        self.keys: dict[tuple[str, ...], list[Span]] = {}
        for s in spans:
            if s.words:
                self.keys.setdefault(tuple(s.words[:3]), []).append(s)

    def at(self, t: CaptureText, pos: int) -> list[Span]:
        """Return the spans whose first words stand at pos in a capture, in edition order."""
        out: list[Span] = []
        for k in (3, 2, 1):
            key = tuple(t.words[pos : pos + k])
            if len(key) == k:
                out += self.keys.get(key, [])
        return sorted(out, key=lambda s: s.index)


class Walk:
    """One pass over a capture with a cursor, taking the words of each span in edition order."""

    def __init__(self, text: CaptureText, spans: list[Span], expression: str, capture: str):
        self.t, self.e, self.c = text, expression, capture
        self.spans: list[Span] = []
        for s in spans:
            s.index = len(self.spans)
            self.spans.append(s)
            for f in s.floating:
                f.index = len(self.spans)
                self.spans.append(f)
        self.order = spans  # the spans walked in turn (floating ones are taken inside them)
        self.removals = [s for s in self.spans if s.kind in ("remove", "normalise")]
        # spans by their first words, so that finding what stands at the cursor costs no scan
        self.removals_at = _Openings(self.removals)
        self.texts_at = _Openings([s for s in spans if s.is_text])
        self.owner = [-1] * len(text)
        self.pos = 0
        self.problems: list[tuple[str, str]] = []
        self.last_text: Span | None = None  # the last heading or paragraph with words taken

    def line(self, pos: int) -> int:
        return self.t.line[min(pos, len(self.t) - 1)] if len(self.t) else 0

    def report(self, field_name: str, message: str) -> None:
        self.problems.append((field_name, message))

    # ------------------------------------------------------------------ taking words

    def take(self, span: Span, count: int) -> None:
        """Give the next count capture words to a span, checking where it begins."""
        if span.first < 0:
            self._check_break(span)
            span.first = self.pos
        self.owner[self.pos : self.pos + count] = [span.index] * count
        self.pos += count
        span.last = self.pos - 1

    def _check_break(self, span: Span) -> None:
        pos = self.pos
        if pos == 0 or self.owner[pos - 1] < 0:
            return
        before = self.spans[self.owner[pos - 1]]
        whole = span.outer or span
        if before is whole or before.outer is whole or whole.first >= 0:
            return  # inside one paragraph or heading, removals may stand anywhere
        before = before.outer or before
        head = shown(self.t.words[pos : pos + 7])
        if not self.t.line_start[pos]:
            self.report(
                whole.field,
                f"{whole.where} ({self.e}) begins in the middle of line {self.line(pos)} of "
                f"capture '{self.c}', right after the words of {before.where}: '{head}' — "
                "the edition's spans begin where the capture's lines do",
            )
        elif whole.kind == before.kind == "paragraph" and not self.t.block_start[pos]:
            self.report(
                whole.field,
                f"{whole.where} ({self.e}) begins in the middle of a paragraph of capture "
                f"'{self.c}' (line {self.line(pos)}) whose first words are in {before.where}: "
                f"'{head}' — the edition's paragraphs must divide where the capture's do",
            )

    def removal_here(self, span: Span | None) -> Span | None:
        """Return an untaken removal whose words stand at the cursor (span's own ones first)."""
        if self.pos >= len(self.t):
            return None
        return self.removal_at(self.pos, span.floating if span is not None else [])

    def removal_at(self, pos: int, first: list[Span]) -> Span | None:
        """Return an untaken removal whose words stand at pos (one of `first` if any does)."""
        for r in [*first, *self.removals_at.at(self.t, pos)]:
            if r.first < 0 and self.t.at(r.words, pos):
                return r
        return None

    def place(self, nxt: Span | None) -> str:
        """Describe where the cursor stands in the edition."""
        prev = self.last_text
        if prev and nxt:
            return f"between {prev.where} and {nxt.where}"
        if nxt:
            return f"before {nxt.where}"
        return f"after {prev.where}" if prev else "where the edition has nothing"

    def misplaced(self, removal: Span, nxt: Span | None, inside: Span | None) -> None:
        """Report a removal standing where it was not recorded, and take its words."""
        where = f"inside {inside.where}" if inside else self.place(nxt)
        self.report(
            removal.field.rsplit(".", 1)[0] + (".at" if removal.intervention else ""),
            f"{removal.where} is recorded {removal.recorded} but capture '{self.c}' has it "
            f"{where} (line {self.line(self.pos)}) — record it where it stands",
        )
        self.take(removal, len(removal.words))

    # ------------------------------------------------------------------ the walk

    def run(self) -> None:
        """Walk every span in edition order, then account for what is left of the capture."""
        for n, span in enumerate(self.order):
            if span.kind in ("remove", "normalise"):
                if span.first < 0 and self.t.at(span.words, self.pos):
                    self.take(span, len(span.words))
                continue  # one not here is reported where it stands, or at the end
            if not self._text(span, n):
                return
        trailing = self._between(len(self.order))
        while self.pos < len(self.t):
            r = self.removal_here(None)
            if r is not None:
                if r in trailing:
                    self.take(r, len(r.words))
                else:
                    self.misplaced(r, None, None)
                continue
            self._left_out(len(self.t), None)  # up to the next removal, if one stands there
        for r in self.removals:
            if r.first < 0 and r.words:
                found = self.t.find(r.words[:OPENING])
                self.report(
                    r.field.rsplit(".", 1)[0] + (".at" if r.intervention else ""),
                    f"{r.where} is recorded {r.recorded} but capture '{self.c}' does not have "
                    f"its words there"
                    + (f" (they stand at line {self.line(found)})" if found >= 0 else "")
                    + " — record it where it stands",
                )

    def _text(self, span: Span, n: int) -> bool:
        """Take the words of a heading or paragraph; return False where the walk must stop."""
        ws, k, t = span.words, 0, self.t
        if ws and t.at(ws, self.pos):  # the common case: the whole span stands here
            self.take(span, len(ws))
            k = len(ws)
        while k < len(ws):
            if self.pos < len(t) and t.words[self.pos] == ws[k] and (k or self._opens(ws)):
                self.take(span, 1)
                k += 1
                continue
            r = self.removal_here(span)
            if r is not None:
                if r.outer is not span and not (k == 0 and r in self._between(n)):
                    self.misplaced(r, span, span if k else None)
                else:
                    self.take(r, len(r.words))
                continue
            later = self._later_text_here(n)
            if later is not None and not (k == 0 and self._taken_before(ws)):
                self._out_of_order(span, later, k)
                return False
            ahead = t.find(ws[k : k + OPENING], self.pos)
            if ahead > self.pos:
                self._left_out(ahead, span)
                continue
            self._elsewhere(span, k)
            return False
        while span.floating and (r := self.removal_here(span)) is not None and r.outer is span:
            self.take(r, len(r.words))
        if ws:
            self.last_text = span
        return True

    def _opens(self, ws: list[str]) -> bool:
        """Say whether a span may begin at the cursor: a common first word ("We") is no proof.

        Its first words must stand there, unless they stand nowhere further on (a removal
        inside them, or a difference reported word by word).
        """
        return self.t.at(ws[:OPENING], self.pos) or self.t.find(ws[:OPENING], self.pos) < 0

    def _taken_before(self, ws: list[str]) -> bool:
        """Say whether a span's first words stand only before the cursor (it repeats them)."""
        opening = ws[:OPENING]
        return 0 <= self.t.find(opening) < self.pos and self.t.find(opening, self.pos) < 0

    def _between(self, n: int) -> list[Span]:
        """Return the removals recorded right before the n-th span (they may stand in any order)."""
        out: list[Span] = []
        for s in reversed(self.order[:n]):
            if s.is_text and (s.words or s.floating):
                break
            if not s.is_text:
                out.append(s)
        return out

    def _later_text_here(self, n: int) -> Span | None:
        """Return a later heading or paragraph whose first words stand at the cursor."""
        if self.pos >= len(self.t):
            return None
        after = self.order[n].index
        for s in self.texts_at.at(self.t, self.pos):
            if s.index > after and self.t.at(s.words[:OPENING], self.pos):
                return s
        return None

    def _left_out(self, end: int, nxt: Span | None) -> None:
        """Report capture words from the cursor to end that no span takes, and skip them."""
        start, t = self.pos, self.t
        for q in range(start + 1, end):  # a removal inside the gap ends it
            if t.line_start[q] and self.removal_at(q, []) is not None:
                end = q
                break
        gap = t.words[start:end]
        prev = self.spans[self.owner[start - 1]] if start and self.owner[start - 1] >= 0 else None
        prev = prev.outer or prev if prev else None
        tail = (
            f"(line {self.line(start)}): '{shown(gap)}' — add them, or record a 'remove' "
            "intervention"
        )
        # words on the lines after a heading ("Article 4" above its text) are not the heading's
        runs_on = prev is not None and (prev.kind == "paragraph" or not t.line_start[start])
        if prev is not None and runs_on and not t.block_start[start]:
            blamed: Span | None = prev
        elif nxt is not None and ((end < len(t) and not t.block_start[end]) or nxt.first >= 0):
            blamed = nxt
        else:
            blamed = None
        if blamed is not None:
            message = f"{blamed.where} ({self.e}) leaves out words of capture '{self.c}' {tail}"
        else:
            message = f"{self.e} leaves out words of capture '{self.c}' {self.place(nxt)} {tail}"
        target = blamed or nxt or prev
        self.report(target.field if target else f"expressions.{self.e}", message)
        self.pos = end

    def _out_of_order(self, span: Span, later: Span, k: int) -> None:
        here = self.line(self.pos)
        if k == 0:
            self.report(
                later.field,
                f"{later.where} ({self.e}) is out of order: capture '{self.c}' has it "
                f"(line {here}) before {span.where} — keep the capture's order",
            )
        else:
            field_name, where = span.blame(k)
            self.report(
                field_name,
                f"{where} ({self.e}) runs on with words that capture '{self.c}' does not "
                f"have next (at line {here} it goes on with {later.where}): "
                f"'{shown(span.words[k:])}' — move them back where the capture has them",
            )

    def _elsewhere(self, whole: Span, k: int) -> None:
        rest = whole.words[k:]
        field_name, where = whole.blame(k)
        span = dataclasses.replace(whole, field=field_name, where=where)
        found = self.t.find(rest[:OPENING])
        if found >= 0 and found < self.pos:
            holder = self.owner[found]
            if holder >= 0:
                other = self.spans[holder]
                other = other.outer or other
                self.report(
                    span.field,
                    f"{span.where} ({self.e}) repeats words of capture '{self.c}' "
                    f"(line {self.line(found)}) that {other.where} already has: "
                    f"'{shown(rest)}' — each word of the capture stands in the edition once",
                )
                return
            self.report(
                span.field,
                f"{span.where} ({self.e}) is out of order: its words stand earlier in capture "
                f"'{self.c}' (line {self.line(found)}): '{shown(rest)}' — keep the capture's "
                "order",
            )
            return
        if self.pos >= len(self.t):
            self.report(
                span.field,
                f"{span.where} ({self.e}) has words after the end of capture '{self.c}': "
                f"'{shown(rest)}'",
            )
            return
        self.report(
            span.field,
            f"{span.where} ({self.e}) differs from capture '{self.c}' at line "
            f"{self.line(self.pos)}: the capture has "
            f"'{shown(self.t.words[self.pos : self.pos + 7])}' where "
            f"the edition has '{shown(rest)}'",
        )
