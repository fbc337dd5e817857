"""The one-page policy brief: headline, summary, key commitments citing their paragraphs,
context, related instruments, translation note and the provenance of every source."""

from __future__ import annotations

import re
from datetime import date

from .. import __version__
from ..i18n import Messages, messages
from ..model.brief import BriefView, SourceUse, view
from ..model.declaration import Declaration, pin_anchor
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
from .wording import authority, marked, para, url

_REF = re.compile(r"\[\[([^\]]*)\]\]")

#: The anchor just after the brief's last block: where it ends on its page (one page only).
END = "brief-end"


def brief(decl: Declaration, built: date, m: Messages | None = None) -> Document:
    """Return the brief of a work; `built` is the build date its provenance states. The
    editors' words are as they wrote them; briefgen's around them are in `m`'s language."""
    m = m or messages("en")
    v = view(decl)
    w, ed, b = decl.source.work, decl.edition(), v.brief
    version = m._("briefgen edition {version}", version=ed.version)
    text: list[Block] = [
        Para(
            runs(
                m._(
                    "Policy brief · {title} · {date}",
                    title=w.short_title or w.title,  # a line of a one-page brief: the short title
                    date=m.date(b.date),
                )
            ),
            role="series",
        ),
        Heading(1, runs(b.headline), anchor="top", role="headline"),
        Para(cited(m, b.summary, decl), role="summary"),
        Heading(2, runs(m._("Key commitments")), role="doc-h2"),
        List(
            tuple(
                Item(runs(cited(m, p.text, decl), " ", _cite_list(m, p.cites, decl)))
                for p in b.key_points
            ),
            role="points",
        ),
    ]
    if v.context or v.related:
        text.append(Note(_context(m, v) + _related(m, v, decl), role="cols"))
    if b.translation_note or v.divergent or v.across:
        note = cited(m, b.translation_note, decl) if b.translation_note else ()
        found = _divergent(m, v) + _across(m, v, decl)
        text += [
            Heading(2, runs(m._("Translation note")), role="doc-h2"),
            Para(runs(note, " " if note and found else None, found), role="note"),
        ]
    return Document(
        kind="brief",
        lang=m.lang,
        title=m._("Policy brief: {title} — {edition}", title=w.title, edition=version),
        file_title=m._("Policy brief: {title}", title=w.title),
        description=b.headline,
        running=m._(
            "Policy brief · {title} · {edition}", title=w.short_title or w.title, edition=version
        ),
        pages=m._("Page {page} of {pages}"),
        created=b.date,
        author=w.issuer,
        subject=b.headline,
        keywords="; ".join((version, w.id, m._("brief"))),
        body=(
            Section(tuple(text), role="text"),
            _provenance(m, decl, v, built),
            Note((), anchor=END),
        ),
    )


def cited(m: Messages, text: str, decl: Declaration) -> Runs:
    """Return brief text as runs, each [[id]] a citation 'para N' linked to its paragraph.

    Neighbouring citations read as one: "[[a]] [[b]]" is "paras 3, 4", each number a link.
    """
    pieces: list[tuple[str, str | None]] = []  # (words, paragraph number if a citation)
    last = 0
    for ref in _REF.finditer(text):
        found = decl.reference(ref.group(1))
        pieces += [(text[last : ref.start()], None), (para(m, found), found)]
        last = ref.end()
    pieces.append((text[last:], None))
    merged: list[tuple[str, str | None]] = []
    heads: list[int] = []  # where each run of citations starts, and its numbers
    numbers: dict[int, list[str]] = {}
    for words, number in pieces:
        if number is not None and len(merged) >= 2 and not merged[-1][0].strip() and merged[-2][1]:
            merged[-1] = (", ", None)
            # the run's first citation now names several paragraphs: "paras 11, 17"
            numbers[heads[-1]].append(number)
            first = numbers[heads[-1]]
            merged[heads[-1]] = (_run_head(m, first), first[0])
            words = number
        elif number is not None:
            heads.append(len(merged))
            numbers[len(merged)] = [number]
        merged.append((words, number))
    return runs(
        Text(words, link=Link("paragraph", _target(number))) if number else marked(words)
        for words, number in merged
        if words
    )


def _run_head(m: Messages, numbers: list[str]) -> str:
    """Return the words before the first number of a run of citations: 'paras 11'."""
    said = m._("paras {numbers}", numbers="\0")
    return said.split("\0", 1)[0] + numbers[0]


def _cite_list(m: Messages, ids: list[str], decl: Declaration) -> Runs:
    """Return the citations after a key commitment: 'para 3' or 'paras 3, 4', numbers linked."""
    numbers = [decl.reference(pid) for pid in ids]
    each = [
        Text(number, role="cite cites", link=Link("paragraph", _target(number)))
        for number in numbers
    ]
    listed: list[Text] = []
    for i, one in enumerate(each):
        listed += [Text(", ", role="cites"), one] if i else [one]
    said = m._("para {number}", number="{numbers}") if len(ids) == 1 else m._("paras {numbers}")
    before, _, after = said.partition("{numbers}")
    return runs(
        Text(before, role="cites") if before else None,
        listed,
        Text(after, role="cites") if after else None,
    )


def _target(pinpoint: str) -> str:
    """Return a citation's link target: "12", or "12-c" for an item (anchor para-12-c)."""
    return pin_anchor(pinpoint).removeprefix("para-")


def _context(m: Messages, v: BriefView) -> tuple[Block, ...]:
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
                        + (m.date(c.published) if c.published else m._("date not stated")),
                        role="attr",
                    ),
                )
            )
        )
    return (Section((Heading(2, runs(m._("Context")), role="doc-h2"), *quotes), role="context"),)


def _related(m: Messages, v: BriefView, decl: Declaration) -> tuple[Block, ...]:
    if not v.related:
        return ()
    w = decl.source.work

    def item(when: date, what: str, role: str | None = None) -> Item:
        whenever = Text(m.month(when), role="when")
        return Item(runs(whenever, " ", Text(what, role="what")), role=role)

    timeline = List(
        (
            *(item(r.date, r.label) for r in v.related),
            item(w.adopted, w.short_title or w.title, "this"),
        ),
        ordered=False,
        role="timeline",
    )
    return (
        Section(
            (Heading(2, runs(m._("Related instruments")), role="doc-h2"), timeline), role="related"
        ),
    )


def _divergent(m: Messages, v: BriefView) -> Runs:
    if not v.divergent:
        return ()
    out: list[Text] = [Text(m._("Most divergent paragraphs (word similarity):") + " ")]
    for i, (number, pct) in enumerate(v.divergent):
        out += [
            Text(para(m, number), link=Link("paragraph", number)),
            Text(f" ({pct}%)" + ("." if i == len(v.divergent) - 1 else ", ")),
        ]
    return tuple(out)


#: How many differences between languages a brief names before it points to the comparison.
ACROSS_SHOWN = 5


def _across(m: Messages, v: BriefView, decl: Declaration) -> Runs:
    """Return what differs between the texts' languages, each place cited to the edition."""
    if not v.across:
        return ()
    names = {e.id: e.name for e in decl.source.expressions}
    shown = v.across[:ACROSS_SHOWN]
    out: list[Text] = [Text(m._("Between the languages:") + " ")]
    for i, d in enumerate(shown):
        last = i == len(shown) - 1
        out += [
            Text(wording.place(d, m), link=Link("paragraph", _target(d.place))),
            Text(
                m._(": {what}", what=wording.phrase(decl, d, names, m))
                + ("" if last else m._("; "))
            ),
        ]
    more = len(v.across) - len(shown)
    out.append(
        Text(
            m.n_(
                "; and {n} more (see the comparison).", "; and {n} more (see the comparison).", more
            )
            if more
            else m._(".")
        )
    )
    return tuple(out)


def _provenance(m: Messages, decl: Declaration, v: BriefView, built: date) -> Section:
    """Return the provenance: the edition the brief rests on, and every capture it uses."""
    ed, texts = decl.edition(), decl.source.expressions
    versions = ", ".join(f"{e.name} {decl.edition(e.id).version}" for e in texts)
    head = Para(
        runs(
            Text(m._("Provenance."), ("strong",)),
            " ",
            m._(
                "Rests on briefgen edition {version} of {date} ({versions});",
                version=ed.version,
                date=m.date(ed.date),
                versions=versions,
            ),
            " " + m._("paragraph numbers are the same in every text;") if len(texts) > 1 else None,
            " ",
            m._(
                "{authority}. Brief dated {date}; built {built} with briefgen {briefgen}.",
                authority=authority(m, decl),
                date=m.date(v.brief.date),
                built=m.date(built),
                briefgen=__version__,
            ),
            Text(
                " " + m._("Each SHA-256 is given in full in the HTML brief and the source file."),
                role="print-only",
            ),
        ),
        role="prov-head",
    )
    # What a text's edition changed ("7 interventions") stands under its use: a fifth column
    # at 8 pt would wrap every source's cell over more lines than the one page has.
    labels = (m._("Used for"), m._("Source (publisher, title, URL)"), m._("Capture dated"))
    table = Table(
        (Column("use", 0.17), Column("pub", 0.55), Column("date", 0.1), Column("hash", 0.18)),
        (Row((*(Cell(runs(label)) for label in labels), _hash_head(m))),),
        tuple(_source_row(m, s) for s in v.sources),
    )
    return Section((head, table), role="editorial provenance")


#: How many hex digits of a capture's SHA-256 the printed brief shows (at 8 pt, the whole
#: value would take four lines of its column); the HTML brief shows all of it.
HASH_SHOWN = 12


def _hash_head(m: Messages) -> Cell:
    """Return the hash column's heading: on paper it says the value is shortened, and where
    it stands in full."""
    return Cell(
        (
            Text(m._("SHA-256 of the capture"), role="screen-only"),
            Text(m._("SHA-256 (first {n} digits)", n=HASH_SHOWN), role="print-only"),
        )
    )


def _source_row(m: Messages, s: SourceUse) -> Row:
    c, e = s.capture, s.expression
    if e is not None:
        use = m._("{text} (edition)", text=e.name)
        edits = m.n_("{n} intervention", "{n} interventions", s.interventions)
    else:
        use = m._("related instruments") if s.related else m._("quoted in context")
        edits = m._("none (quoted)")
    origin = e.origin if e is not None else None
    return Row(
        (
            Cell(runs(use, BREAK, edits)),
            Cell(
                runs(
                    m._("{publisher}, “{title}”", publisher=c.publisher, title=c.title),
                    (
                        "; ",
                        m._(
                            "text first published by {publisher} on {date}",
                            publisher=origin.publisher,
                            date=m.date(origin.published),
                        )
                        if origin.published
                        else m._("text first published by {publisher}", publisher=origin.publisher),
                    )
                    if origin
                    else None,
                    " ",
                    url(c.url),
                )
            ),
            Cell(runs(m.date(c.published) if c.published else m._("not stated"))),
            Cell(
                (
                    Text(c.sha256[:HASH_SHOWN], role="hash"),
                    Text(c.sha256[HASH_SHOWN:], role="hash screen-only"),
                    Text("…", role="hash print-only"),
                ),
                role="hash",
            ),
        )
    )
