"""The correction notice of a work's latest edition: what changed, word by word, and why."""

from __future__ import annotations

from ..model.compare import redline
from ..model.declaration import FIRST_VERSION, Declaration, Edition, long_date
from ..model.source import Correction, undo_corrections
from .blocks import Block, Document, Heading, Item, List, Mark, Para, Section, Text, runs
from .wording import marked


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


def notice(decl: Declaration) -> Document:
    """Return the correction notice of the work's latest edition."""
    w = decl.source.work
    releases = decl.releases()
    current, corrections = releases[-1]
    previous = (
        releases[-2][0] if len(releases) > 1 else Edition(FIRST_VERSION, decl.source.edition.date)
    )
    changes = [change for c in corrections for change in _changes(decl, c)]
    example = next((n for n, _ in changes if n), None) or decl.source.paragraphs[0].number
    body: list[Block] = [
        Para(runs(f"Correction notice · {w.title} · {long_date(current.date)}"), role="series"),
        Heading(1, runs(f"Correction notice: edition {current.version}"), role="title"),
        Para(
            runs(
                f"Edition {current.version} of {long_date(current.date)} replaces edition "
                f"{previous.version} of {long_date(previous.date)}. Paragraph numbers are "
                f"unchanged: a citation of “para {example}” in the earlier edition means the "
                "same paragraph now."
            ),
            role="lede",
        ),
        Para(
            runs(
                Text("How to read the marks.", role="label"),
                " ",
                Text("struck through", ("deleted",)),
                f": words of edition {previous.version} that are gone; ",
                Text("underlined", ("inserted",)),
                f": words new in edition {current.version}.",
            ),
            role="legend",
        ),
        *(section for _, section in changes),
    ]
    earlier = releases[:-1]
    if earlier:
        body += [
            Heading(2, runs("Earlier corrections"), role="heading"),
            List(
                tuple(
                    Item(
                        runs(
                            f"Edition {edition.version}, {long_date(edition.date)}: {c.type}",
                            f", para {', '.join(decl.number_of(p) for p in c.paragraphs)}"
                            if c.paragraphs
                            else None,
                            ". ",
                            marked(c.reason),
                        )
                    )
                    for edition, done in earlier
                    for c in done
                ),
                ordered=False,
                role="earlier",
            ),
        ]
    return Document(
        kind="notice",
        lang="en",
        title=f"Correction notice: {w.title}, briefgen edition {current.version}",
        description=(
            f"Correction notice of {w.title}: what changed in briefgen edition {current.version}"
        ),
        running=(
            f"Correction notice · {w.short_title or w.title} · briefgen edition {current.version}"
        ),
        created=current.date,
        author=w.issuer,
        subject=w.title,
        keywords=f"briefgen edition {current.version}; {w.id}; correction notice",
        body=tuple(body),
    )


def _changes(decl: Declaration, c: Correction) -> list[tuple[str | None, Section]]:
    """Return one correction as sections of the notice, with the paragraph number each shows:
    one per paragraph whose words can be redlined, else one that says what changed."""
    names = {e.id: e.name for e in decl.source.expressions}
    text_name = names.get(c.expression or "", "All texts")
    lang = decl.expression(c.expression).language if c.expression else None
    out: list[tuple[str | None, Section]] = []
    for pid in c.paragraphs:
        para = next(p for p in decl.source.paragraphs if p.id == pid)
        now = para.text.get(c.expression or "")
        texts = undone(decl, c, pid, now) if isinstance(now, str) else None
        if texts is not None:
            words = runs(
                Text(para.number, role="num"),
                " ",
                (Text(s.text, _MARKS.get(s.mark, ())) for s in redline(*texts)),
            )
            shown = Para(words, role="para redline", lang=lang)
            out.append((para.number, _change(para.number, text_name, c, shown)))
    if not out:
        number = ", ".join(decl.number_of(pid) for pid in c.paragraphs) or None
        said = (
            Para(runs(f"“{c.before}” became “{c.after}”."), role="para")
            if c.before is not None
            else None
        )
        out.append((number, _change(number, text_name, c, said)))
    return out


_MARKS: dict[str, tuple[Mark, ...]] = {"deleted": ("deleted",), "inserted": ("inserted",)}


def _change(number: str | None, text_name: str, c: Correction, shown: Para | None) -> Section:
    """Return one change: where, in which text, of what type; why; the words."""
    return Section(
        (
            Heading(
                2,
                runs(f"Para {number} — " if number else None, f"{text_name} ({c.type})"),
                role="heading",
            ),
            Para(marked(c.reason), role="reason"),
            *((shown,) if shown is not None else ()),
        ),
        role="change",
    )
