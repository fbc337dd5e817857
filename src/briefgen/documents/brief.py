"""The one-page policy brief: headline, summary, key commitments citing their paragraphs,
context, related instruments, translation note and the provenance of every source."""

from __future__ import annotations

import re
from datetime import date

from .. import __version__
from ..model.brief import BriefView, SourceUse, view
from ..model.declaration import Declaration, long_date, pin_anchor
from . import differences as wording
from .blocks import (
    BREAK,
    Block,
    Cell,
    Column,
    Document,
    Heading,
    Item,
    Link,
    List,
    Note,
    Para,
    Row,
    Runs,
    Section,
    Table,
    Text,
    runs,
)
from .wording import authority, marked, plural, url

_REF = re.compile(r"\[\[([^\]]*)\]\]")

#: The anchor just after the brief's last block: where it ends on its page (one page only).
END = "brief-end"


def brief(decl: Declaration, built: date) -> Document:
    """Return the brief of a work; `built` is the build date its provenance states."""
    v = view(decl)
    w, ed, b = decl.source.work, decl.edition(), v.brief
    text: list[Block] = [
        Para(runs(f"Policy brief · {w.title} · {long_date(b.date)}"), role="series"),
        Heading(1, runs(b.headline), anchor="top", role="headline"),
        Para(cited(b.summary, decl), role="summary"),
        Heading(2, runs("Key commitments"), role="doc-h2"),
        List(
            tuple(
                Item(runs(cited(p.text, decl), " ", _cite_list(p.cites, decl)))
                for p in b.key_points
            ),
            role="points",
        ),
    ]
    if v.context or v.related:
        text.append(Note(_context(v) + _related(v, decl), role="cols"))
    if b.translation_note or v.divergent or v.across:
        note = cited(b.translation_note, decl) if b.translation_note else ()
        found = _divergent(v) + _across(v, decl)
        text += [
            Heading(2, runs("Translation note"), role="doc-h2"),
            Para(runs(note, " " if note and found else None, found), role="note"),
        ]
    return Document(
        kind="brief",
        lang="en",
        title=f"Policy brief: {w.title} — briefgen edition {ed.version}",
        file_title=f"Policy brief: {w.title}",
        description=b.headline,
        running=f"Policy brief · {w.short_title or w.title} · briefgen edition {ed.version}",
        created=b.date,
        author=w.issuer,
        subject=b.headline,
        keywords=f"briefgen edition {ed.version}; {w.id}; brief",
        body=(
            Section(tuple(text), role="text"),
            _provenance(decl, v, built),
            Note((), anchor=END),
        ),
    )


def cited(text: str, decl: Declaration) -> Runs:
    """Return brief text as runs, each [[id]] a citation 'para N' linked to its paragraph.

    Neighbouring citations read as one: "[[a]] [[b]]" is "paras 3, 4", each number a link.
    """
    pieces: list[tuple[str, str | None]] = []  # (words, paragraph number if a citation)
    last = 0
    for m in _REF.finditer(text):
        found = decl.reference(m.group(1))
        pieces += [(text[last : m.start()], None), (f"para {found}", found)]
        last = m.end()
    pieces.append((text[last:], None))
    merged: list[tuple[str, str | None]] = []
    for words, number in pieces:
        if number is not None and len(merged) >= 2 and not merged[-1][0].strip() and merged[-2][1]:
            merged[-1] = (", ", None)
            # the run's first citation now names several paragraphs: "paras 11, 17"
            first = max(i for i, (w, n) in enumerate(merged) if n and w.startswith("para"))
            merged[first] = (merged[first][0].replace("para ", "paras ", 1), merged[first][1])
            words = number
        merged.append((words, number))
    return runs(
        Text(words, link=Link("paragraph", _target(number))) if number else marked(words)
        for words, number in merged
        if words
    )


def _cite_list(ids: list[str], decl: Declaration) -> Runs:
    """Return the citations after a key commitment: 'para 3' or 'paras 3, 4', numbers linked."""
    numbers = [decl.reference(pid) for pid in ids]
    out = [Text("para " if len(ids) == 1 else "paras ", role="cites")]
    for i, number in enumerate(numbers):
        if i:
            out.append(Text(", ", role="cites"))
        out.append(Text(number, role="cite cites", link=Link("paragraph", _target(number))))
    return tuple(out)


def _target(pinpoint: str) -> str:
    """Return a citation's link target: "12", or "12-c" for an item (anchor para-12-c)."""
    return pin_anchor(pinpoint).removeprefix("para-")


def _context(v: BriefView) -> tuple[Block, ...]:
    if not v.context:
        return ()
    quotes: list[Block] = []
    for q in v.context:
        opening, closing = ("‘", "’") if "“" in q.quote else ("“", "”")
        c = q.capture
        quotes.append(
            Para(
                runs(
                    marked(f"{q.lead}: {opening}{q.quote}{closing}"),
                    " ",
                    Text(
                        f"— {c.publisher}{f' ({c.author})' if c.author else ''}, "
                        f"{long_date(c.published) if c.published else 'date not stated'}",
                        role="attr",
                    ),
                )
            )
        )
    return (Section((Heading(2, runs("Context"), role="doc-h2"), *quotes), role="context"),)


def _related(v: BriefView, decl: Declaration) -> tuple[Block, ...]:
    if not v.related:
        return ()
    w = decl.source.work

    def item(when: date, what: str, role: str | None = None) -> Item:
        whenever = Text(when.strftime("%b %Y"), role="when")
        return Item(runs(whenever, " ", Text(what, role="what")), role=role)

    timeline = List(
        (*(item(r.date, r.label) for r in v.related), item(w.adopted, w.title, "this")),
        ordered=False,
        role="timeline",
    )
    return (
        Section((Heading(2, runs("Related instruments"), role="doc-h2"), timeline), role="related"),
    )


def _divergent(v: BriefView) -> Runs:
    if not v.divergent:
        return ()
    out: list[Text] = [Text("Most divergent paragraphs (word similarity): ")]
    for i, (number, pct) in enumerate(v.divergent):
        out += [
            Text(f"para {number}", link=Link("paragraph", number)),
            Text(f" ({pct}%)" + ("." if i == len(v.divergent) - 1 else ", ")),
        ]
    return tuple(out)


#: How many differences between languages a brief names before it points to the comparison.
ACROSS_SHOWN = 5


def _across(v: BriefView, decl: Declaration) -> Runs:
    """Return what differs between the texts' languages, each place cited to the edition."""
    if not v.across:
        return ()
    names = {e.id: e.name for e in decl.source.expressions}
    shown = v.across[:ACROSS_SHOWN]
    out: list[Text] = [Text("Between the languages: ")]
    for i, d in enumerate(shown):
        last = i == len(shown) - 1
        out += [
            Text(wording.place(d), link=Link("paragraph", _target(d.place))),
            Text(f": {wording.phrase(decl, d, names)}" + ("" if last else "; ")),
        ]
    more = len(v.across) - len(shown)
    out.append(Text(f"; and {more} more (see the comparison)." if more else "."))
    return tuple(out)


def _provenance(decl: Declaration, v: BriefView, built: date) -> Section:
    """Return the provenance: the edition the brief rests on, and every capture it uses."""
    ed, texts = decl.edition(), decl.source.expressions
    versions = ", ".join(f"{e.name} {decl.edition(e.id).version}" for e in texts)
    head = Para(
        runs(
            Text("Provenance.", ("strong",)),
            f" Rests on briefgen edition {ed.version} of {long_date(ed.date)} ({versions});",
            " paragraph numbers are the same in every text;" if len(texts) > 1 else None,
            f" {authority(decl)}. Brief dated {long_date(v.brief.date)}; "
            f"built {long_date(built)} with briefgen {__version__}.",
        ),
        role="prov-head",
    )
    labels = (
        "Used for",
        "Source (publisher, title, URL)",
        "Capture dated",
        "SHA-256 of the capture",
        "Edits",
    )
    table = Table(
        (
            Column("use", 0.12),
            Column("pub", 0.45),
            Column("date", 0.08),
            Column("hash", 0.26),
            Column("edits", 0.09),
        ),
        (Row(tuple(Cell(runs(label)) for label in labels)),),
        tuple(_source_row(s) for s in v.sources),
    )
    return Section((head, table), role="editorial provenance")


def _source_row(s: SourceUse) -> Row:
    c, e = s.capture, s.expression
    if e is not None:
        use, edits = f"{e.name} (edition)", plural(s.interventions, "intervention")
    else:
        use = "related instruments" if s.related else "quoted in context"
        edits = "none (quoted)"
    origin = e.origin if e is not None else None
    return Row(
        (
            Cell(runs(use)),
            Cell(
                runs(
                    f"{c.publisher}, “{c.title}”",
                    (
                        f"; text first published by {origin.publisher}",
                        f" on {long_date(origin.published)}" if origin.published else None,
                    )
                    if origin
                    else None,
                    " ",
                    url(c.url),
                )
            ),
            Cell(runs(long_date(c.published) if c.published else "not stated")),
            Cell(runs(c.sha256[:32], BREAK, c.sha256[32:]), role="hash"),
            Cell(runs(edits)),
        )
    )
