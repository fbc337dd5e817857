"""The pack's own parts: its cover and contents and the annex of related instruments, each
one Document that every format renders (the provenance appendix is in provenance.py).

The other parts of a pack (brief, editions, comparison) are those documents' own views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from ..i18n import Messages, messages
from ..model.declaration import Declaration
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
    fill,
    runs,
)
from .edition import edition
from .pack import parts, timeline, timeline_svg, years
from .wording import adoption, marked, named, original_language


def topic(m: Messages, decl: Declaration) -> str:
    """Return what the work's related instruments are about: 'on AI governance' where the
    source says its subject, else 'related to the Valletta Statement'."""
    w = decl.source.work
    if w.subject:
        return m._("on {subject}", subject=w.subject)
    return m._("related to {title}", title=named(m, w.short_title or w.title))


def carrier(m: Messages, here: bool) -> str:
    """Return the document that carries the pack's files: this PDF, or the pack's PDF."""
    return m._("this PDF") if here else m._("the PDF of this pack (pack.pdf)")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _blurb(
    m: Messages, decl: Declaration, kind: str, first: int, last: int, expression: str | None
) -> str:
    """Return what a part holds; a comparison's says what it marks, by the texts' languages,
    and an edition made from a partial capture (an excerpt) does not claim the full text."""
    languages = [e.language for e in decl.source.expressions]
    if kind == "edition" and expression is not None:
        e = decl.expression(expression)
        capture = decl.capture(e.capture) if e.capture else None
        if capture is not None and capture.partial:
            return m._("the text as far as its capture gives it, with numbered paragraphs")
    if kind == "comparison" and len(set(languages)) == len(languages):
        return m._(
            "the texts side by side, with the numbers, dates, names and counts that differ "
            "between languages noted"
        )
    if kind == "comparison" and len(set(languages)) > 1:
        return m._(
            "the texts side by side, with the words that differ marked and the numbers, "
            "dates, names and counts that differ between languages noted"
        )
    blurbs = {
        "brief": m._("one page: what the declaration commits to, each point citing its paragraphs"),
        "edition": m._("the full text with numbered paragraphs, ready to cite"),
        "comparison": m._("the translations side by side, with the words that differ marked"),
        "provenance": m._("where every text came from and every editorial intervention"),
    }
    if kind == "related":
        return m._(
            "earlier instruments {topic}, {first} to {last}, with excerpts",
            topic=topic(m, decl),
            first=first,
            last=last,
        )
    return blurbs[kind]


def front(
    decl: Declaration,
    built: date,
    attached_here: bool,
    m: Messages | None = None,
    texts_in: Mapping[str, Messages] | None = None,
) -> Document:
    """Return the pack's cover and contents, in `m`'s language.

    attached_here: this format carries the sources as attachments (the PDF does; the cover
    then says so of this file, else of the pack's PDF). texts_in: each text's messages, as
    its edition in the pack speaks (the contents list its headings as it words them).
    """
    m = m or messages("en")
    w, ed = decl.source.work, decl.edition()
    first, last = years(decl)
    plan = parts(decl, m)
    texts = m._("; ").join(
        e.name if e.authoritative else m._("{text} (not authoritative)", text=e.name)
        for e in decl.source.expressions
    )
    cover = Section(
        (
            Para(runs(m._("briefgen · briefing pack")), role="series"),
            Heading(1, runs(w.title), role="title cover-title"),
            Para(runs(adoption(m, w)), role="cover-sub"),
            Facts(
                (
                    Fact(
                        m._("Edition"),
                        runs(
                            m._(
                                "briefgen edition {version}, {date}",
                                version=ed.version,
                                date=m.date(ed.date),
                            )
                        ),
                    ),
                    Fact(m._("Pack built"), runs(m.date(built))),
                    Fact(
                        m._("Texts"),
                        runs(
                            m._(
                                "{texts}. Original language: {language}.",
                                texts=texts,
                                language=original_language(m, w),
                            )
                        ),
                    ),
                ),
                role="cover-facts",
            ),
            Heading(2, runs(m._("What is inside")), role="inside-head"),
            List(
                tuple(
                    Item(
                        fill(
                            m._("{part} — {what}"),
                            part=Text(part.title, ("strong",)),
                            what=_blurb(m, decl, part.kind, first, last, part.expression),
                        )
                    )
                    for part in plan
                ),
                role="inside",
            ),
            Para(
                runs(
                    m._(
                        "{carrier} carries, as attachments, the canonical source of this edition "
                        "and the raw web captures it was made from, so it can be checked without "
                        "anything else.",
                        carrier=_capital(carrier(m, attached_here)),
                    )
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
            _sections(
                edition(decl, part.expression, (texts_in or {}).get(part.expression)).body,
                part.prefix,
            )
            if part.kind == "edition" and part.expression
            else (),
        )
        for part in plan
    )
    toc = Section(
        (Heading(2, runs(m._("Contents")), role="doc-h2 contents-title"), Contents(entries, "toc")),
        role="contents",
    )
    version = m._("briefgen edition {version}", version=ed.version)
    title = m._("Briefing pack: {title} — {edition}", title=w.title, edition=version)
    return replace(
        document(decl, "front", title, (cover, toc), m),
        file_title=m._("Briefing pack: {title}", title=w.title),
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


def annex(decl: Declaration, m: Messages | None = None) -> Document:
    """Return the annex of related instruments: a timeline, then each instrument's excerpts."""
    m = m or messages("en")
    w = decl.source.work
    first, last = years(decl)
    related = sorted(decl.source.related, key=lambda r: r.date)
    publishers = sorted({decl.capture(r.capture).publisher for r in related})
    tl = timeline(related, (w.adopted, w.title), first, last, m=m)
    name = named(m, w.short_title or w.title)
    words = List(
        tuple(
            Item(
                runs(
                    Text(k.when, ("strong",)),
                    " ",
                    m._("{label} (this declaration)", label=k.label) if k.current else k.label,
                )
            )
            for k in sorted(tl.marks, key=lambda k: k.x)
        ),
        ordered=False,
        role="timeline",
    )
    figure = Figure(
        timeline_svg(tl),
        runs(m._("Related instruments by date; {title} in red.", title=name)),
        tl.description,
        fallback=(
            Para(
                runs(m._("Related instruments by date, {first} to {last}:", first=first, last=last))
            ),
            words,
        ),
        role="timeline-figure",
    )
    body: list[Block] = [
        Heading(1, runs(m._("Annex: related instruments")), anchor="top", role="title part-title"),
        Para(
            runs(
                m._(
                    "Earlier instruments {topic}, {first} to {last}, in date order, as excerpted "
                    "by {publishers}. Excerpts and attribution lines are reproduced word for word "
                    "from the capture.",
                    topic=topic(m, decl),
                    first=first,
                    last=last,
                    publishers=", ".join(publishers),
                )
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
                    Heading(2, runs(f"{m.date(r.date)} — {r.title}"), role="doc-h2"),
                    Para(runs(r.issuer), role="issuer"),
                    *(Para(runs(x), role="quote") for x in r.excerpts),
                    Para(
                        runs(m._("Attribution in the capture:"), " ", attribution),
                        role="attribution",
                    ),
                ),
                role="instrument",
            )
        )
    return document(decl, "annex", m._("Annex: related instruments"), tuple(body), m)


def document(
    decl: Declaration,
    kind: str,
    title: str,
    body: tuple[Block, ...],
    m: Messages | None = None,
) -> Document:
    """Return a part of the work's pack as a Document, with the pack's running head."""
    m = m or messages("en")
    w, ed = decl.source.work, decl.edition()
    version = m._("briefgen edition {version}", version=ed.version)
    return Document(
        kind=f"pack-{kind}",
        lang=m.lang,
        title=title,
        description=m._("{title}: briefing pack of {work}", title=title, work=w.title),
        running=m._(
            "Briefing pack · {title} · {edition}", title=w.short_title or w.title, edition=version
        ),
        pages=m._("Page {page} of {pages}"),
        created=ed.date,
        author=w.issuer,
        subject=w.title,
        keywords="; ".join((version, w.id, m._("pack"))),
        body=body,
    )
