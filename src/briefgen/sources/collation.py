"""Collation: prove that an expression accounts for every word of its capture, once, in order.

The rules (docs/collation.md says the same; `briefgen import` writes sources that follow them):

1. Words. A capture and each text are cut into words at whitespace, after Unicode NFC and the
   folding `check` already does (typographic quotes ‘’“” become '", and the whitespace rule of
   model/spacing.py: a no-break space is a space unless typography needs it).
   Words are compared exactly: case, punctuation and spelling count.
2. Spans. Walking the edition in order (section by section: its heading, then its paragraphs),
   the capture's words must be, exactly and once each:
   - `before: P` removals, in the order they are listed, just before para P (before the
     heading of P's section when P is the section's first paragraph);
   - the heading of each section in this expression (`[bracketed]` words skipped), or the
     `before` of a `normalise` intervention at that heading; `heading: S` removals stand just
     before, inside or just after it;
   - each paragraph's text with its recorded corrections undone (`[bracketed]` words skipped),
     or the `before` of a `normalise` intervention of its whole text (a `normalise` of a span
     of it, or of a heading, puts its `before` words back where its `after` words stand);
     then its items' printed labels and words, an item's normalisations
     (`at: {paragraph: P, item: I}`) undone the same way;
     `paragraph: P` removals (and the `before` of a correction whose `after` is empty) stand
     anywhere inside it, at its start or end too;
   - `after: P` removals, in the order they are listed, just after para P.
   Absent paragraphs and headings take no words; `restore` interventions take none (the words
   they supply are in brackets).
3. Breaks. Every span but an in-paragraph removal begins at the start of a capture line. Two
   paragraphs that follow each other with nothing between them break where the capture breaks
   a paragraph: at a blank line (in a capture without any blank line, at a line end).
4. Cuts. A capture that stops (or starts) inside a paragraph is marked `partial` and that
   paragraph `incomplete` in the expression; an incomplete paragraph must be the last (or
   first) one the capture gives. A paragraph that ends the whole capture in mid-sentence (its
   last character a letter, comma, dash or ellipsis) or starts it with a small letter must be
   marked incomplete.
Anything else is an error naming the capture line. The walk is one pass over the capture with a
cursor; only the first words of a span are searched for when something is amiss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.source import (
    AsCaptured,
    Intervention,
    Paragraph,
    Source,
    as_captured,
    captured_text,
    walk_items,
)
from .collation_walk import CaptureText, Span, Walk, shown, words

_BRACKETED = re.compile(r"\[[^\]]*\]")
#: expression id -> paragraph id -> (capture id, first line, last line)
CaptureLines = dict[str, dict[str, tuple[str, int, int]]]
#: How a text may end when it ends the whole capture without being marked incomplete.
_CUT_END = re.compile(r"([\w,\-–—]|…|\.\.\.)$")


@dataclass
class Collation:
    """The spans of one expression against its capture, and every problem found."""

    expression: str
    capture: str
    text: CaptureText
    spans: list[Span]
    owner: list[int]  # per capture word: index of the span that took it, -1 none
    problems: list[tuple[str, str]]

    def rows(self) -> list[tuple[int, int, str]]:
        """Return (first line, last line, what it became) for each run of the capture."""
        out: list[tuple[int, int, str]] = []
        prev = -2
        for i, o in enumerate(self.owner):
            label = self.spans[o].label if o >= 0 else "NOT IN THE EDITION"
            line = self.text.line[i]
            if o == prev and out:
                out[-1] = (out[-1][0], line, label)
            else:
                out.append((line, line, label))
            prev = o
        return out

    def lines(self) -> dict[str, tuple[int, int]]:
        """Return the capture lines each paragraph (by id) comes from."""
        out: dict[str, tuple[int, int]] = {}
        for s in self.spans:
            if s.kind in ("paragraph", "normalise") and s.paragraph and s.first >= 0:
                out[s.paragraph] = (self.text.line[s.first], self.text.line[s.last])
        return out


def _removal(iv: Intervention, i: int, recorded: str) -> Span:
    quoted = iv.text if iv.action == "remove" else iv.before
    kind = "remove" if iv.action == "remove" else "normalise"
    field_name = "text" if iv.action == "remove" else "before"
    return Span(
        kind,
        words(quoted or ""),
        f"interventions[{i}].{field_name}",
        f"{'removal' if kind == 'remove' else 'normalisation'} '{iv.id}'",
        f"removed: {iv.id} ({iv.reason.strip()})" if kind == "remove" else f"normalised: {iv.id}",
        intervention=iv,
        recorded=recorded,
    )


def edition_spans(
    src: Source, expression: str, capture_text: CaptureText | None = None
) -> tuple[list[Span], list[tuple[str, str]]]:
    """Return the spans of one expression in edition order, and misuses of interventions.

    `capture_text`, the capture's words, tells which form a printed item label takes there ("(c)",
    "c)", "c."); without it the first form is assumed.
    """
    capture = next(e.capture for e in src.expressions if e.id == expression)
    numbers = {p.id: p.number for p in src.paragraphs}
    sections = {s.id: s.number for s in src.sections}
    items = {
        f"{p.id}/{at.ref()}": at.name(p.number)
        for p in src.paragraphs
        for at in walk_items(p.items)
    }
    at: dict[tuple[str, str], list[Span]] = {}
    problems: list[tuple[str, str]] = []
    for i, iv in enumerate(src.interventions):
        if iv.capture != capture or iv.action == "restore":
            continue
        kind, target = iv.at.target()
        if iv.action == "normalise":
            if kind not in ("paragraph", "heading", "item"):
                problems.append(
                    (
                        f"interventions[{i}].at",
                        "a normalisation applies to a paragraph, an item or a heading",
                    )
                )
            continue
        if not kind:
            continue  # a malformed anchor, which the model's checks report
        if kind == "item":  # stands inside its paragraph, as a removal at the paragraph does
            kind, target = "paragraph", target.split("/")[0]
            what = items.get(iv.at.target()[1], f"para {numbers.get(target, target)}")
        elif kind == "heading":
            what = f"the heading of section {sections.get(target) or target}"
        else:
            what = f"para {numbers.get(target, target)}"
        place = {"before": "before", "after": "after", "paragraph": "in", "heading": "at"}[kind]
        at.setdefault((kind, target), []).append(_removal(iv, i, f"{place} {what}"))
    spans: list[Span] = []
    by_section: dict[str, list[tuple[int, Paragraph]]] = {}
    for i, p in enumerate(src.paragraphs):
        by_section.setdefault(p.section, []).append((i, p))
    for si, s in enumerate(src.sections):
        paras = by_section.get(s.id, [])
        if paras:
            spans += at.get(("before", paras[0][1].id), [])
        heading = (s.heading or {}).get(expression)
        name = f"the heading of section {s.number or s.id}"
        label = f"heading of section {s.number or s.id}"
        text = heading if isinstance(heading, str) else ""
        captured = as_captured(src.interventions, capture, ("heading", s.id), text)
        if captured.whole is not None:
            i, iv = captured.whole
            span = _removal(iv, i, name)
            span.kind, span.where, span.label = "heading", name, f"{label} (normalised: {iv.id})"
            span.intervention = None
        else:
            label += _normalised(captured)
            span = Span("heading", words(_BRACKETED.sub(" ", captured.text)), "", name, label)
            span.field = f"sections[{si}].heading.{expression}"
        span.floating = at.get(("heading", s.id), [])
        for f in span.floating:
            f.outer = span
        spans.append(span)
        for n, (pi, p) in enumerate(paras):
            if n:
                spans += at.get(("before", p.id), [])
            spans += _paragraph_spans(src, expression, pi, capture, at, capture_text)
            spans += at.get(("after", p.id), [])
    return spans, problems


def _paragraph_spans(
    src: Source,
    expression: str,
    pi: int,
    capture: str | None,
    at: dict[tuple[str, str], list[Span]],
    capture_text: CaptureText | None = None,
) -> list[Span]:
    p = src.paragraphs[pi]
    value = p.text.get(expression)
    if not isinstance(value, str):
        return []
    name = f"para {p.number}"
    text = captured_text(src.corrections, expression, p.id, value)
    captured = as_captured(src.interventions, capture, ("paragraph", p.id), text)
    if captured.whole is not None:
        i, iv = captured.whole
        span = _removal(iv, i, name)
        span.kind, span.where, span.label = "paragraph", name, f"{name} (normalised: {iv.id})"
        span.intervention = None
    else:
        ws = words(_BRACKETED.sub(" ", captured.text))
        field = f"paragraphs[{pi}].text.{expression}"
        span = Span("paragraph", ws, field, name, name + _normalised(captured))
    number = _number_word(p, span.words, capture_text)
    if number:
        span.parts = [(0, f"paragraphs[{pi}].number", name), (1, span.field, name)]
        span.words = number + span.words
    _item_words(span, p, pi, expression, capture, src.interventions, capture_text)
    span.paragraph = p.id
    span.incomplete = expression in p.incomplete
    span.floating = list(at.get(("paragraph", p.id), []))
    for ci, c in enumerate(src.corrections):
        if c.expression == expression and p.id in c.paragraphs and c.before and not c.after:
            span.floating.append(
                Span(
                    "remove",
                    words(c.before),
                    f"corrections[{ci}].before",
                    f"correction {ci + 1}",
                    f"removed by correction {ci + 1} ({c.reason.strip()})",
                    recorded=f"in {name}",
                )
            )
    for f in span.floating:
        f.outer = span
    return [span]


def _number_word(p: Paragraph, ws: list[str], capture_text: CaptureText | None) -> list[str]:
    """The paragraph's printed number, as the one word of the capture that prints it ("4.").

    Like an item's printed label, in the form the capture uses (found with the text's opening
    words); a capture that prints no number before this text (another language's, say)
    gives none, and a paragraph whose number is not `printed` takes none.
    """
    forms = p.markers()
    if not forms:
        return []
    if capture_text is None:
        return [forms[0]]
    opening = ws[:7]
    found = [
        f for f in forms if any(capture_text.at(opening, k + 1) for k in capture_text.positions(f))
    ]
    return found[:1]


def _item_words(
    span: Span,
    p: Paragraph,
    pi: int,
    expression: str,
    capture: str | None,
    interventions: list[Intervention],
    capture_text: CaptureText | None,
) -> None:
    """Add a paragraph's items to its span in reading order: each item's printed label, its
    words, then the items of its own list ("(b) to report on: (i) … (ii) …"), then the next.

    A printed label is one word of the capture, in one of the forms ListItem.markers() lists
    (the one the capture uses, found by the item's opening words); a label the editors
    supply takes no word. An item absent in the expression takes none either. An item's
    words are its text as captured: its normalisations (`at: {paragraph: P, item: I}`) undone.
    """
    for at in walk_items(p.items):
        item = at.item
        value = item.text.get(expression)
        if not isinstance(value, str):
            continue
        captured = as_captured(interventions, capture, ("item", f"{p.id}/{at.ref()}"), value)
        if captured.whole is not None:
            ws = words(captured.text)
        else:
            ws = words(_BRACKETED.sub(" ", captured.text))
        ids = [iv.id for _, iv in ([captured.whole] if captured.whole else captured.spans)]
        if ids:  # named with the paragraph's own: "para 12 (normalised: a, b)"
            head, _, listed = span.label.removesuffix(")").partition(" (normalised: ")
            span.label = f"{head} (normalised: {', '.join([*filter(None, [listed]), *ids])})"
        forms = item.markers()
        marker: list[str] = []
        if forms:
            found = [
                f
                for f in forms
                if capture_text is not None and capture_text.find([f, *ws[:7]]) >= 0
            ]
            marker = [found[0] if found else forms[0]]
        field = f"paragraphs[{pi}]{at.field()}.text.{expression}"
        span.parts.append((len(span.words), field, at.name(p.number)))
        span.words += marker + ws


def _normalised(captured: AsCaptured) -> str:
    """Return ' (normalised: a, b)' naming the span normalisations of a text, or ''."""
    return (
        f" (normalised: {', '.join(iv.id for _, iv in captured.spans)})" if captured.spans else ""
    )


def collate(src: Source, expression: str, captured: str) -> Collation:
    """Collate one expression against the text of its capture."""
    e = next(x for x in src.expressions if x.id == expression)
    capture = next(c for c in src.captures if c.id == e.capture)
    text = CaptureText(captured)
    spans, problems = edition_spans(src, expression, text)
    walk = Walk(text, spans, expression, capture.id)
    walk.run()
    problems += walk.problems
    if not walk.problems:
        problems += _cut_problems(walk)
    return Collation(expression, capture.id, text, walk.spans, walk.owner, problems)


def _cut_problems(walk: Walk) -> list[tuple[str, str]]:
    paras = [s for s in walk.order if s.kind == "paragraph" and s.first >= 0]
    if not paras:
        return []
    out: list[tuple[str, str]] = []
    first, last, t, c, e = paras[0], paras[-1], walk.t, walk.c, walk.e
    for s in paras:
        if s.incomplete and s is not first and s is not last:
            out.append(
                (
                    s.field.replace(".text.", ".incomplete."),
                    f"{s.where} ({e}) is marked incomplete, but capture '{c}' neither starts nor "
                    "stops inside it (only the first or last paragraph of a partial capture can "
                    "be incomplete)",
                )
            )
    hint = (
        "if the capture stops inside the paragraph, mark the capture 'partial' and the "
        f"paragraph 'incomplete' for {e}"
    )
    if last.last == len(t) - 1 and not last.incomplete and _CUT_END.search(last.words[-1]):
        out.append(
            (
                last.field,
                f"{last.where} ({e}) ends in mid-sentence where capture '{c}' ends "
                f"(line {t.line[-1]}): '… {' '.join(last.words[-4:])}' — {hint}",
            )
        )
    if first.first == 0 and not first.incomplete and first.words[0][:1].islower():
        out.append(
            (
                first.field,
                f"{first.where} ({e}) starts in mid-sentence where capture '{c}' starts "
                f"(line {t.line[0]}): '{shown(first.words, 4)}' — "
                + hint.replace("stops", "starts"),
            )
        )
    return out


def incomplete_problems(src: Source) -> list[tuple[str, str]]:
    """Check every 'incomplete' mark names an expression whose capture is partial."""
    out: list[tuple[str, str]] = []
    captures = {c.id: c for c in src.captures}
    expressions = {e.id: e for e in src.expressions}
    for i, p in enumerate(src.paragraphs):
        for key in p.incomplete:
            where = f"paragraphs[{i}].incomplete.{key}"
            e = expressions.get(key)
            if e is None:
                out.append((where, f"unknown expression '{key}'"))
            elif not isinstance(p.text.get(key), str):
                out.append((where, f"para {p.number} has no text in {key} to be incomplete"))
            elif e.capture is None or captures.get(e.capture) is None:
                out.append((where, f"{key} names no capture that could be partial"))
            elif captures[e.capture].partial is None:
                out.append(
                    (
                        where,
                        f"capture '{e.capture}' is not marked partial; a paragraph is "
                        "incomplete only where its capture stops (add 'partial: <note>' to "
                        "the capture)",
                    )
                )
    return out


def collation_problems(
    src: Source,
    texts: dict[str, str],
    only: list[str] | None = None,
    lines: CaptureLines | None = None,
) -> list[tuple[str, str]]:
    """Collate every expression (or those named) whose capture text is given, by capture id.

    Fills `lines`, when given, with the capture lines of each paragraph of each expression.
    """
    out: list[tuple[str, str]] = []
    for e in src.expressions:
        if e.capture in texts and (only is None or e.id in only):
            col = collate(src, e.id, texts[e.capture])
            out += col.problems
            if lines is not None:
                lines[e.id] = {p: (col.capture, *span) for p, span in col.lines().items()}
    return out


def table(col: Collation, width: int = 72) -> list[str]:
    """Return the collation as lines an editor can read: capture lines → what they became."""
    out = []
    for first, last, label in col.rows():
        lines = f"line {first}" if first == last else f"lines {first}–{last}"
        if len(label) > width:
            label = label[: width - 1].rstrip() + "…)"
        out.append(f"  {lines:<14} {label}")
    return out
