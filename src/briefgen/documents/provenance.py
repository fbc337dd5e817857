"""The pack's provenance appendix: where every text came from, everything the editors did to
it, the files the pack carries and the build that made it."""

from __future__ import annotations

from datetime import date

from ..i18n import Messages, messages
from ..model.declaration import Declaration
from ..model.source import Expression
from .blocks import (
    Block,
    Cell,
    Column,
    Document,
    Heading,
    Item,
    List,
    Para,
    Row,
    Runs,
    Table,
    Text,
    fill,
    runs,
)
from .pack_parts import carrier, document
from .wording import intervention, marked, normalised, para, then, url


def provenance(
    decl: Declaration, built: date, version: str, attached_here: bool, m: Messages | None = None
) -> Document:
    """Return the provenance appendix, in `m`'s language: captures, texts, capture lines,
    interventions, corrections, the files the pack carries and the build that made it."""
    m = m or messages("en")
    ed = decl.edition()
    body: list[Block] = [
        Heading(1, runs(m._("Appendix: provenance")), anchor="top", role="title part-title"),
        Para(
            runs(
                m._(
                    "Where every text in this pack came from, and everything the editors did to "
                    "it. The canonical source ({source}) and each capture below are attached to "
                    "{carrier} byte for byte; their SHA-256 lets anyone check them.",
                    source=decl.path,
                    carrier=carrier(m, attached_here),
                )
            ),
            role="lede",
        ),
        Heading(2, runs(m._("Captures")), role="doc-h2"),
        _captures(m, decl),
        Heading(2, runs(m._("Texts")), role="doc-h2"),
        *(Para(_text(m, e)) for e in decl.source.expressions),
        Heading(2, runs(m._("Capture lines of each paragraph")), role="doc-h2"),
        Para(
            fill(
                m._(
                    "Every word of each capture stands once, in order, in a heading, a paragraph "
                    "or an intervention below ({check} proves it; {collate} prints the whole "
                    "collation). Each paragraph comes from these lines of its capture:"
                ),
                check=Text("briefgen check", ("code",)),
                collate=Text("briefgen collate", ("code",)),
            )
        ),
    ]
    for e in decl.source.expressions:
        cells = _line_cells(m, decl, e.id)
        if cells:
            body += [
                Para(
                    fill(
                        m._("{text}, capture {capture}"),
                        text=Text(e.name, ("strong",)),
                        capture=e.capture or "",
                    ),
                    role="lines-head",
                ),
                List(tuple(Item(runs(c)) for c in cells), ordered=False, role="lines-list"),
            ]
    body += [
        Heading(2, runs(m._("Editorial interventions")), role="doc-h2"),
        _interventions(m, decl),
    ]
    body += [Heading(2, runs(m._("Corrections")), role="doc-h2"), *_corrections(m, decl)]
    body += [
        Para(
            runs(
                m._(
                    "This is edition {version} of {date}.", version=ed.version, date=m.date(ed.date)
                )
            )
        ),
        Heading(2, runs(m._("Attachments")), role="doc-h2"),
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
        Para(
            runs(m._("Built {date} with briefgen {version}.", date=m.date(built), version=version))
        ),
    ]
    return document(decl, "provenance", m._("Appendix: provenance"), tuple(body), m)


def _text(m: Messages, e: Expression) -> Runs:
    """Return where one text comes from: its language, its capture, its first publication."""
    language = m.language(e.language)
    said = fill(
        m._("{text} ({language}), from capture {capture}.")
        if e.authoritative
        else m._("{text} ({language}, not authoritative), from capture {capture}."),
        text=Text(e.name, ("strong",)),
        language=language,
        capture=e.capture or "",
    )
    if e.origin is None:
        return said
    o = e.origin
    first = fill(
        m._("First published by {publisher}, {date}: “{title}”, {url}.")
        if o.published
        else m._("First published by {publisher}: “{title}”, {url}."),
        publisher=o.publisher,
        date=m.date(o.published) if o.published else None,
        title=o.title,
        url=url(o.url),
    )
    return then(m, said, then(m, first, marked(o.note) if o.note else None))


def _line_cells(m: Messages, decl: Declaration, expression_id: str) -> list[str]:
    """Return 'para N: lines a–b' for each collated paragraph of an expression, in order."""
    lines = decl.capture_lines.get(expression_id, {})
    out = []
    for p in decl.source.paragraphs:
        if p.id in lines:
            _, first, last = lines[p.id]
            values = {"place": para(m, p.number), "first": first, "last": last}
            if expression_id in p.incomplete:
                said = (
                    m._("{place}: line {first} (incomplete)", **values)
                    if first == last
                    else m._("{place}: lines {first}–{last} (incomplete)", **values)
                )
            else:
                said = (
                    m._("{place}: line {first}", **values)
                    if first == last
                    else m._("{place}: lines {first}–{last}", **values)
                )
            out.append(said)
    return out


def _captures(m: Messages, decl: Declaration) -> Table:
    """Return the table of captures: id and file, publisher and address, date, what it is."""
    head = (m._("Capture"), m._("Publisher, title and URL"), m._("Published"), m._("What it is"))
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
                                m._("{publisher}, “{title}”", publisher=c.publisher, title=c.title),
                                f" ({c.author})" if c.author else None,
                            )
                        ),
                        Para(runs(url(c.url))),
                        Para(runs(Text(f"SHA-256 {c.sha256}", role="hash"))),
                    )
                ),
                Cell(runs(m.date(c.published) if c.published else m._("not stated"))),
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


def _interventions(m: Messages, decl: Declaration) -> List:
    """Return every editorial intervention: where, what, why, and the words it touched."""
    items = []
    for iv in decl.source.interventions:
        shown: list[Block] = []
        if iv.action == "remove" and iv.text:
            shown.append(
                Para(
                    runs(Text(m._("Removed text, word for word:"), role="label"), f" {iv.text}"),
                    role="removed",
                )
            )
        if iv.action == "normalise":
            shown.append(Para(normalised(m, decl, iv), role="removed"))
        items.append(
            Item(
                then(
                    m,
                    fill(
                        m._("{act} (capture {capture}, {id})."),
                        act=Text(intervention(m, decl, iv), ("strong",)),
                        capture=iv.capture,
                        id=iv.id,
                    ),
                    marked(iv.reason),
                ),
                tuple(shown),
            )
        )
    return List(tuple(items), role="iv-list")


def _corrections(m: Messages, decl: Declaration) -> tuple[Block, ...]:
    """Return every correction since edition 1.0.0, or a sentence saying there is none."""
    releases = decl.releases()
    if not releases:
        return (Para(runs(m._("No corrections have been made since edition 1.0.0."))),)
    names = {e.id: e.name for e in decl.source.expressions}
    items = []
    for edition_, corrections in releases:
        for c in corrections:
            numbers = [decl.number_of(p) for p in c.paragraphs]
            text = names[c.expression] if c.expression else None
            place = para(m, ", ".join(numbers)) if numbers else None
            if text and place:
                said = m._("{edition} — {type}, {text}, {place}.")
            elif text or place:
                said = m._("{edition} — {type}, {where}.")
            else:
                said = m._("{edition} — {type}.")
            items.append(
                Item(
                    then(
                        m,
                        fill(
                            said,
                            edition=Text(
                                m._(
                                    "Edition {version}, {date}",
                                    version=edition_.version,
                                    date=m.date(edition_.date),
                                ),
                                ("strong",),
                            ),
                            type=c.type,
                            text=text,
                            place=place,
                            where=text or place,
                        ),
                        marked(c.reason),
                    ),
                    (
                        Para(
                            runs(
                                Text(m._("Before:"), role="label"),
                                f" {c.before} ",
                                Text(m._("After:"), role="label"),
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
