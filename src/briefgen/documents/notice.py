"""The correction notice of a work's latest edition: what changed, word by word, and why."""

from __future__ import annotations

from ..i18n import Messages, messages
from ..model.compare import redline
from ..model.declaration import FIRST_VERSION, Declaration, Edition
from ..model.source import Correction, undo_corrections
from .blocks import Block, Document, Heading, Item, List, Mark, Para, Section, Text, fill, runs
from .wording import dated, marked, para, paras


def undone(decl: Declaration, c: Correction, paragraph_id: str, now: str) -> tuple[str, str] | None:
    """Return a paragraph's text just before a correction and as the correction left it (later
    corrections undone), or None if it cannot be said.

    The notice undoes a correction by the one rule the checks use (model.source.undo_corrections,
    at the occurrence the correction names): its redline shows the words it changed.
    """
    if not c.expression or not c.after:
        return None
    steps = undo_corrections(decl.source.corrections, c.expression, paragraph_id, now)
    step = next((u for u in steps if u.correction is c and u.problem is None), None)
    return (step.before, step.after) if step is not None else None


def notice(decl: Declaration, m: Messages | None = None) -> Document:
    """Return the correction notice of the work's latest edition, its words in `m`'s language
    (a notice speaks of every text: the language asked for, English by default)."""
    m = m or messages("en")
    w = decl.source.work
    releases = decl.releases()
    current, corrections = releases[-1]
    previous = (
        releases[-2][0] if len(releases) > 1 else Edition(FIRST_VERSION, decl.source.edition.date)
    )
    changes = [change for c in corrections for change in _changes(m, decl, c)]
    example = next((n for n, _ in changes if n), None) or decl.source.paragraphs[0].number
    version = m._("briefgen edition {version}", version=current.version)
    body: list[Block] = [
        Para(
            dated(
                m._(
                    "Correction notice · {title} · {date}",
                    title=w.title,
                    date=m.date(current.date),
                ),
                m.date(current.date),
            ),
            role="series",
        ),
        Heading(
            1,
            runs(m._("Correction notice: edition {version}", version=current.version)),
            role="title",
        ),
        Para(
            runs(
                m._(
                    "Edition {version} of {date} replaces edition {previous} of {previous_date}. "
                    "Paragraph numbers are unchanged: a citation of “{example}” in the earlier "
                    "edition means the same paragraph now.",
                    version=current.version,
                    date=m.date(current.date),
                    previous=previous.version,
                    previous_date=m.date(previous.date),
                    example=para(m, example),
                )
            ),
            role="lede",
        ),
        Para(
            runs(
                Text(m._("How to read the marks."), role="label"),
                " ",
                fill(
                    m._(
                        "{struck}: words of edition {previous} that are gone; {underlined}: "
                        "words new in edition {version}."
                    ),
                    struck=Text(m._("struck through"), ("deleted",)),
                    underlined=Text(m._("underlined"), ("inserted",)),
                    previous=previous.version,
                    version=current.version,
                ),
            ),
            role="legend",
        ),
        *(section for _, section in changes),
    ]
    earlier = releases[:-1]
    if earlier:
        body += [
            Heading(2, runs(m._("Earlier corrections")), role="heading"),
            List(
                tuple(
                    Item(runs(_earlier(m, decl, edition, c), " ", marked(c.reason)))
                    for edition, done in earlier
                    for c in done
                ),
                ordered=False,
                role="earlier",
            ),
        ]
    return Document(
        kind="notice",
        lang=m.lang,
        title=m._("Correction notice: {title}, {edition}", title=w.title, edition=version),
        description=m._(
            "Correction notice of {title}: what changed in {edition}",
            title=w.title,
            edition=version,
        ),
        running=m._(
            "Correction notice · {title} · {edition}",
            title=w.short_title or w.title,
            edition=version,
        ),
        pages=m._("Page {page} of {pages}"),
        created=current.date,
        author=w.issuer,
        subject=w.title,
        keywords="; ".join((version, w.id, m._("correction notice"))),
        body=tuple(body),
    )


def _earlier(m: Messages, decl: Declaration, edition: Edition, c: Correction) -> str:
    """Return when, what and where an earlier correction was: 'Edition 1.0.1, 5 July 2024:
    text, para 3.'"""
    when = {"version": edition.version, "date": m.date(edition.date), "type": c.type}
    if c.paragraphs:
        numbers = [decl.number_of(p) for p in c.paragraphs]
        return m._("Edition {version}, {date}: {type}, {paras}.", paras=paras(m, numbers), **when)
    return m._("Edition {version}, {date}: {type}.", **when)


def _changes(m: Messages, decl: Declaration, c: Correction) -> list[tuple[str | None, Section]]:
    """Return one correction as sections of the notice, with the paragraph number each shows:
    one per paragraph whose words can be redlined, else one that says what changed."""
    names = {e.id: e.name for e in decl.source.expressions}
    text_name = names.get(c.expression or "") or m._("All texts")
    lang = decl.expression(c.expression).language if c.expression else None
    out: list[tuple[str | None, Section]] = []
    for pid in c.paragraphs:
        paragraph = next(p for p in decl.source.paragraphs if p.id == pid)
        now = paragraph.text.get(c.expression or "")
        texts = undone(decl, c, pid, now) if isinstance(now, str) else None
        if texts is not None:
            words = runs(
                Text(paragraph.number, role="num"),
                " ",
                (Text(s.text, _MARKS.get(s.mark, ())) for s in redline(*texts)),
            )
            shown = Para(words, role="para redline", lang=lang)
            out.append((paragraph.number, _change(m, paragraph.number, text_name, c, shown)))
    if not out:
        number = ", ".join(decl.number_of(pid) for pid in c.paragraphs) or None
        said = (
            Para(
                runs(m._("“{before}” became “{after}”.", before=c.before, after=c.after)),
                role="para",
            )
            if c.before is not None
            else None
        )
        out.append((number, _change(m, number, text_name, c, said)))
    return out


_MARKS: dict[str, tuple[Mark, ...]] = {"deleted": ("deleted",), "inserted": ("inserted",)}


def _change(
    m: Messages, number: str | None, text_name: str, c: Correction, shown: Para | None
) -> Section:
    """Return one change: where, in which text, of what type; why; the words."""
    return Section(
        (
            Heading(
                2,
                runs(
                    m._(
                        "Para {number} — {text} ({type})",
                        number=number,
                        text=text_name,
                        type=c.type,
                    )
                    if number
                    else m._("{text} ({type})", text=text_name, type=c.type)
                ),
                role="heading",
            ),
            Para(marked(c.reason), role="reason"),
            *((shown,) if shown is not None else ()),
        ),
        role="change",
    )
