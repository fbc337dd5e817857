"""The pack's own parts: its cover and contents, the annex of related instruments and the
provenance appendix, each one Document that every format renders.

The other parts of a pack (brief, editions, comparison) are those documents' own views.
"""

from __future__ import annotations

from datetime import date

from ..model.declaration import Declaration, long_date
from .blocks import (
    Block,
    Cell,
    Column,
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
    Row,
    Section,
    Table,
    Text,
    runs,
)
from .edition import edition
from .pack import parts, timeline, timeline_svg, years
from .wording import adoption, language_name, marked, the, url


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
                            + BLURBS[part.kind].format(topic=topic(decl), first=first, last=last),
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
    toc = Section((Heading(2, runs("Contents"), role="contents-title"), Contents(entries, "toc")))
    title = f"Briefing pack: {w.title} — briefgen edition {ed.version}"
    return _document(decl, "front", title, (cover, toc))


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
    return _document(decl, "annex", "Annex: related instruments", tuple(body))


def provenance(decl: Declaration, built: date, version: str, attached_here: bool) -> Document:
    """Return the provenance appendix: captures, texts, capture lines, interventions,
    corrections, the files the pack carries and the build that made it."""
    ed = decl.edition()
    body: list[Block] = [
        Heading(1, runs("Appendix: provenance"), anchor="top", role="part-title"),
        Para(
            runs(
                "Where every text in this pack came from, and everything the editors did to it. "
                f"The canonical source ({decl.path}) and each capture below are attached to "
                f"{carrier(attached_here)} byte for byte; their SHA-256 lets anyone check them."
            ),
            role="lede",
        ),
        Heading(2, runs("Captures"), role="doc-h2"),
        _captures(decl),
        Heading(2, runs("Texts"), role="doc-h2"),
        *(
            Para(
                runs(
                    Text(e.name, ("strong",)),
                    f" ({language_name(e.language)}"
                    f"{'' if e.authoritative else ', not authoritative'}), "
                    f"from capture {e.capture}.",
                    (
                        f" First published by {e.origin.publisher}",
                        f", {long_date(e.origin.published)}" if e.origin.published else None,
                        f": “{e.origin.title}”, ",
                        url(e.origin.url),
                        ".",
                        (" ", marked(e.origin.note)) if e.origin.note else None,
                    )
                    if e.origin
                    else None,
                )
            )
            for e in decl.source.expressions
        ),
        Heading(2, runs("Capture lines of each paragraph"), role="doc-h2"),
        Para(
            runs(
                "Every word of each capture stands once, in order, in a heading, a paragraph or "
                "an intervention below (",
                Text("briefgen check", ("code",)),
                " proves it; ",
                Text("briefgen collate", ("code",)),
                " prints the whole collation). Each paragraph comes from these lines of its "
                "capture:",
            )
        ),
    ]
    for e in decl.source.expressions:
        cells = decl.capture_line_cells(e.id)
        if cells:
            body += [
                Para(runs(Text(e.name, ("strong",)), f", capture {e.capture}"), role="lines-head"),
                List(tuple(Item(runs(c)) for c in cells), ordered=False, role="lines-list"),
            ]
    body += [Heading(2, runs("Editorial interventions"), role="doc-h2"), _interventions(decl)]
    body += [Heading(2, runs("Corrections"), role="doc-h2"), *_corrections(decl)]
    body += [
        Para(runs(f"This is edition {ed.version} of {long_date(ed.date)}.")),
        Heading(2, runs("Attachments"), role="doc-h2"),
        List(
            tuple(
                Item(
                    runs(
                        Text(a.name, role="file"),
                        f" — {a.description} ",
                        Text(f"SHA-256 {a.sha256}", role="hash"),
                    )
                )
                for a in decl.attachments
            ),
            ordered=False,
            role="attachments",
        ),
        Para(runs(f"Built {long_date(built)} with briefgen {version}.")),
    ]
    return _document(decl, "provenance", "Appendix: provenance", tuple(body))


def _captures(decl: Declaration) -> Table:
    """Return the table of captures: id and file, publisher and address, date, what it is."""
    head = ("Capture", "Publisher, title and URL", "Published", "What it is")
    rows = tuple(
        Row(
            (
                Cell(
                    (
                        Para(runs(Text(c.id, ("strong",)))),
                        Para(runs(Text(c.file, role="file"))),
                    )
                ),
                Cell(
                    (
                        Para(
                            runs(
                                f"{c.publisher}, “{c.title}”",
                                f" ({c.author})" if c.author else None,
                            )
                        ),
                        Para(runs(url(c.url))),
                        Para(runs(Text(f"SHA-256 {c.sha256}", role="hash"))),
                    )
                ),
                Cell(runs(long_date(c.published) if c.published else "not stated")),
                Cell(runs(c.content)),
            )
        )
        for c in decl.source.captures
    )
    return Table(
        (Column(width=0.17), Column(width=0.47), Column(width=0.13), Column()),
        (Row(tuple(Cell(runs(h), header=True) for h in head)),),
        rows,
        role="prov-table",
    )


def _interventions(decl: Declaration) -> List:
    """Return every editorial intervention: where, what, why, and the words it touched."""
    items = []
    for iv in decl.source.interventions:
        shown: list[Block] = []
        if iv.action == "remove" and iv.text:
            shown.append(
                Para(
                    runs(Text("Removed text, word for word:", role="label"), f" {iv.text}"),
                    role="removed",
                )
            )
        if iv.action == "normalise":
            shown.append(
                Para(
                    runs(
                        Text("As captured:", role="label"),
                        f" {iv.before} ",
                        Text("As printed:", role="label"),
                        f" {iv.after}",
                    ),
                    role="removed",
                )
            )
        items.append(
            Item(
                runs(
                    Text(decl.describe(iv), ("strong",)),
                    f" (capture {iv.capture}, {iv.id}). ",
                    marked(iv.reason),
                ),
                tuple(shown),
            )
        )
    return List(tuple(items), role="iv-list")


def _corrections(decl: Declaration) -> tuple[Block, ...]:
    """Return every correction since edition 1.0.0, or a sentence saying there is none."""
    releases = decl.releases()
    if not releases:
        return (Para(runs("No corrections have been made since edition 1.0.0.")),)
    names = {e.id: e.name for e in decl.source.expressions}
    items = []
    for edition_, corrections in releases:
        for c in corrections:
            paras = ", ".join(decl.number_of(p) for p in c.paragraphs)
            items.append(
                Item(
                    runs(
                        Text(
                            f"Edition {edition_.version}, {long_date(edition_.date)}",
                            ("strong",),
                        ),
                        f" — {c.type}",
                        f", {names[c.expression]}" if c.expression else None,
                        f", para {paras}" if paras else None,
                        ". ",
                        marked(c.reason),
                    ),
                    (
                        Para(
                            runs(
                                Text("Before:", role="label"),
                                f" {c.before} ",
                                Text("After:", role="label"),
                                f" {c.after}",
                            ),
                            role="removed",
                        ),
                    )
                    if c.before is not None
                    else (),
                )
            )
    return (List(tuple(items), role="iv-list"),)


def _document(decl: Declaration, kind: str, title: str, body: tuple[Block, ...]) -> Document:
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
