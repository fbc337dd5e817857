"""The pack's own parts: its cover and contents and the annex of related instruments, each
one Document that every format renders (the provenance appendix is in provenance.py).

The other parts of a pack (brief, editions, comparison) are those documents' own views.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..model.declaration import Declaration, long_date
from .blocks import (
    Block,
    Contents,
    Document,
    Entry,
    Fact,
    Facts,
    Figure,
    Heading,
    Item,
    List,
    Para,
    Section,
    Text,
    runs,
)
from .edition import edition
from .pack import parts, timeline, timeline_svg, years
from .wording import adoption, language_name, marked, the


def topic(decl: Declaration) -> str:
    """Return what the work's related instruments are about: 'on AI governance' where the
    source says its subject, else 'related to the Valletta Statement'."""
    w = decl.source.work
    return f"on {w.subject}" if w.subject else f"related to {the(w.short_title or w.title)}"


def carrier(here: bool) -> str:
    """Return the document that carries the pack's files: this PDF, or the pack's PDF."""
    return "this PDF" if here else "the PDF of this pack (pack.pdf)"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


BLURBS = {
    "brief": "one page: what the declaration commits to, each point citing its paragraphs",
    "edition": "the full text with numbered paragraphs, ready to cite",
    "comparison": "the translations side by side, with the words that differ marked",
    "related": "earlier instruments {topic}, {first} to {last}, with excerpts",
    "provenance": "where every text came from and every editorial intervention",
}


def _blurb(decl: Declaration, kind: str) -> str:
    """Return what a part holds; a comparison's says what it marks, by the texts' languages."""
    languages = [e.language for e in decl.source.expressions]
    if kind != "comparison" or len(set(languages)) == 1:
        return BLURBS[kind]
    across = "the numbers, dates, names and counts that differ between languages noted"
    if len(set(languages)) == len(languages):
        return f"the texts side by side, with {across}"
    return f"the texts side by side, with the words that differ marked and {across}"


def front(decl: Declaration, built: date, attached_here: bool) -> Document:
    """Return the pack's cover and contents.

    attached_here: this format carries the sources as attachments (the PDF does; the cover
    then says so of this file, else of the pack's PDF).
    """
    w, ed = decl.source.work, decl.edition()
    first, last = years(decl)
    plan = parts(decl)
    texts = "; ".join(
        e.name + ("" if e.authoritative else " (not authoritative)")
        for e in decl.source.expressions
    )
    cover = Section(
        (
            Para(runs("briefgen · briefing pack"), role="series"),
            Heading(1, runs(w.title), role="cover-title"),
            Para(runs(adoption(w)), role="cover-sub"),
            Facts(
                (
                    Fact("Edition", runs(f"briefgen edition {ed.version}, {long_date(ed.date)}")),
                    Fact("Pack built", runs(long_date(built))),
                    Fact(
                        "Texts",
                        runs(f"{texts}. Original language: {language_name(w.original_language)}."),
                    ),
                ),
                role="cover-facts",
            ),
            Heading(2, runs("What is inside"), role="inside-head"),
            List(
                tuple(
                    Item(
                        runs(
                            Text(part.title, ("strong",)),
                            " — "
                            + _blurb(decl, part.kind).format(
                                topic=topic(decl), first=first, last=last
                            ),
                        )
                    )
                    for part in plan
                ),
                role="inside",
            ),
            Para(
                runs(
                    f"{_capital(carrier(attached_here))} carries, as attachments, the "
                    "canonical source of this edition and the raw web captures it was made "
                    "from, so it can be checked without anything else."
                ),
                role="cover-note",
            ),
        ),
        role="cover",
    )
    entries = tuple(
        Entry(
            runs(part.title),
            "top",
            part.prefix,
            _sections(edition(decl, part.expression).body, part.prefix)
            if part.kind == "edition" and part.expression
            else (),
        )
        for part in plan
    )
    toc = Section(
        (Heading(2, runs("Contents"), role="contents-title"), Contents(entries, "toc")),
        role="contents",
    )
    title = f"Briefing pack: {w.title} — briefgen edition {ed.version}"
    return replace(
        document(decl, "front", title, (cover, toc)), file_title=f"Briefing pack: {w.title}"
    )


def _sections(
    blocks: tuple[Block, ...], prefix: str, anchor: str | None = None
) -> tuple[Entry, ...]:
    """Return the contents' entries of a part: each level-2 heading, with its own anchor or
    that of the section it opens (a heading with neither is not listed)."""
    out: list[Entry] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Section):
            out += _sections(b.children, prefix, b.anchor)
        elif isinstance(b, Heading) and b.level == 2:
            where = b.anchor or (anchor if i == 0 else None)
            if where:
                out.append(Entry(b.content, where, prefix))
    return tuple(out)


def annex(decl: Declaration) -> Document:
    """Return the annex of related instruments: a timeline, then each instrument's excerpts."""
    w = decl.source.work
    first, last = years(decl)
    related = sorted(decl.source.related, key=lambda r: r.date)
    publishers = sorted({decl.capture(r.capture).publisher for r in related})
    tl = timeline(related, (w.adopted, w.title), first, last)
    name = the(w.short_title or w.title)
    words = List(
        tuple(
            Item(
                runs(
                    Text(m.when, ("strong",)),
                    f" {m.label}",
                    " (this declaration)" if m.current else None,
                )
            )
            for m in sorted(tl.marks, key=lambda m: m.x)
        ),
        ordered=False,
        role="timeline",
    )
    figure = Figure(
        timeline_svg(tl),
        runs(f"Related instruments by date; {name} in red."),
        tl.description,
        fallback=(Para(runs(f"Related instruments by date, {first} to {last}:")), words),
        role="timeline-figure",
    )
    body: list[Block] = [
        Heading(1, runs("Annex: related instruments"), anchor="top", role="part-title"),
        Para(
            runs(
                f"Earlier instruments {topic(decl)}, {first} to {last}, in date order, as "
                f"excerpted by {', '.join(publishers)}. Excerpts and attribution lines are "
                "reproduced word for word from the capture."
            ),
            role="lede",
        ),
        figure,
    ]
    for r in related:
        attribution = [("; " if i else None, marked(a)) for i, a in enumerate(r.attribution)]
        body.append(
            Section(
                (
                    Heading(2, runs(f"{long_date(r.date)} — {r.title}"), role="doc-h2"),
                    Para(runs(r.issuer), role="issuer"),
                    *(Para(runs(x), role="quote") for x in r.excerpts),
                    Para(runs("Attribution in the capture: ", attribution), role="attribution"),
                ),
                role="instrument",
            )
        )
    return document(decl, "annex", "Annex: related instruments", tuple(body))


def document(decl: Declaration, kind: str, title: str, body: tuple[Block, ...]) -> Document:
    """Return a part of the work's pack as a Document, with the pack's running head."""
    w, ed = decl.source.work, decl.edition()
    return Document(
        kind=f"pack-{kind}",
        lang="en",
        title=title,
        description=f"{title}: briefing pack of {w.title}",
        running=f"Briefing pack · {w.short_title or w.title} · briefgen edition {ed.version}",
        created=ed.date,
        author=w.issuer,
        subject=w.title,
        keywords=f"briefgen edition {ed.version}; {w.id}; pack",
        body=body,
    )
