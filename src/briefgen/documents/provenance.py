"""The pack's provenance appendix: where every text came from, everything the editors did to
it, the files the pack carries and the build that made it."""

from __future__ import annotations

from datetime import date

from ..i18n import messages
from ..model.declaration import Declaration
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
    Table,
    Text,
    runs,
)
from .pack_parts import carrier, document
from .wording import intervention, marked, normalised, url

#: The provenance appendix is written in English (its messages are not yet catalogued).
_EN = messages("en")


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
                    f" ({_EN.language(e.language)}"
                    f"{'' if e.authoritative else ', not authoritative'}), "
                    f"from capture {e.capture}.",
                    (
                        f" First published by {e.origin.publisher}",
                        f", {_EN.date(e.origin.published)}" if e.origin.published else None,
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
        Para(runs(f"This is edition {ed.version} of {_EN.date(ed.date)}.")),
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
        Para(runs(f"Built {_EN.date(built)} with briefgen {version}.")),
    ]
    return document(decl, "provenance", "Appendix: provenance", tuple(body))


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
                Cell(runs(_EN.date(c.published) if c.published else "not stated")),
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
            shown.append(Para(normalised(_EN, decl, iv), role="removed"))
        items.append(
            Item(
                runs(
                    Text(intervention(_EN, decl, iv), ("strong",)),
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
                            f"Edition {edition_.version}, {_EN.date(edition_.date)}",
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
