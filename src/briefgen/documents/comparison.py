"""The side-by-side comparison: front matter, summary, key terms, legend and the aligned table."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import Messages, messages
from ..model.compare import CLOSE, AlignedRow, Comparison, DiffSpan, SectionRows, TermUse, compare
from ..model.crosslang import Difference, differences
from ..model.declaration import Declaration, pin_anchor
from . import differences as wording_of
from .blocks import (
    BREAK,
    Block,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
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
    fill,
    runs,
)
from .citation import incomplete
from .edition import item_label
from .wording import (
    adoption,
    glossary_note,
    marked,
    named,
    original_language,
    para,
    paras,
    then,
    url,
)


def comparison(
    decl: Declaration, expressions: tuple[str, ...], m: Messages | None = None
) -> Document:
    """Return the comparison of several expressions of a work, paragraph by paragraph, in the
    language of `m` (the one asked for; English by default)."""
    m = m or messages("en")
    cmp = compare(decl, list(expressions))
    w, ed = decl.source.work, decl.edition()
    names = m.join([e.name for e in cmp.expressions])
    version = m._("briefgen edition {version}", version=ed.version)
    found = _across(cmp)
    body: list[Block] = [_summary(m, cmp, found)]
    if cmp.terms:
        body.append(_terms(m, cmp))
    if cmp.pairs:
        body.append(_legend(m, cmp))
    body.append(_aligned(m, cmp, found))
    return Document(
        kind="comparison",
        lang=m.lang,
        title=m._(
            "{title} — comparison of {texts} — {edition}",
            title=w.title,
            texts=names,
            edition=version,
        ),
        file_title=m._("{title}: comparison of {texts}", title=w.title, texts=names),
        description=m._(
            "Paragraph-by-paragraph comparison of {texts}",
            texts=", ".join(e.name for e in cmp.expressions),
        ),
        running=m._(
            "{title} · comparison of translations · {edition}",
            title=w.short_title or w.title,
            edition=version,
        ),
        pages=m._("Page {page} of {pages}"),
        created=ed.date,
        author=w.issuer,
        subject=w.title,
        keywords="; ".join((version, w.id, m._("comparison"))),
        landscape=True,
        body=(_front(m, cmp), Section(tuple(body), role="text")),
    )


def _front(m: Messages, cmp: Comparison) -> Section:
    """Return the front matter: the work, how it was adopted, and each text compared."""
    decl, w = cmp.decl, cmp.decl.source.work
    ed = decl.edition()
    facts = tuple(
        Fact(
            e.name,
            runs(
                marked(e.title),
                " ",
                m._("({language}).", language=m.language(e.language))
                if e.authoritative
                else m._("({language}; not authoritative).", language=m.language(e.language)),
                (
                    " ",
                    fill(
                        m._("From {publisher}, {url}."),
                        publisher=e.capture.publisher,
                        url=url(e.capture.url),
                    ),
                )
                if e.capture
                else None,
            ),
        )
        for e in cmp.expressions
    )
    return Section(
        (
            Para(
                runs(
                    m._(
                        "briefgen edition {version} · {date} · comparison of translations",
                        version=ed.version,
                        date=m.date(ed.date),
                    )
                ),
                role="series",
            ),
            Heading(1, runs(w.title), anchor="top", role="title"),
            Para(
                runs(
                    m._(
                        "{adoption}. Original language: {language}.",
                        adoption=adoption(m, w),
                        language=original_language(m, w),
                    ),
                    (" ", marked(w.original_note)) if w.original_note else None,
                ),
                role="adoption",
            ),
            Facts(facts, role="facts"),
        ),
        role="front",
    )


def _counts(m: Messages, n: dict[str, int]) -> dict[str, Text]:
    """Return the counts of identical, close and different paragraphs or items, in bold."""
    return {
        "identical": Text(m._("{n} identical", n=n["identical"]), ("strong",)),
        "close": Text(m._("{n} close", n=n["close"]), ("strong",)),
        "different": Text(m._("{n} substantially different", n=n["different"]), ("strong",)),
    }


Found = dict[tuple[str, str | None], list[str]]  # (paragraph id, item id) -> what differs


def _across(cmp: Comparison) -> list[Difference]:
    """Return what differs between texts in different languages (none if all share one)."""
    if len({e.language for e in cmp.expressions}) < 2:
        return []
    return differences(cmp.decl, [e.id for e in cmp.expressions])


def _by_row(m: Messages, cmp: Comparison, found: list[Difference]) -> Found:
    """Return each difference's words under the row that shows its place."""
    names = {e.id: e.name for e in cmp.expressions}
    out: Found = {}
    for d in found:
        item = d.item.rsplit("/", 1)[-1] if d.item else None  # the item's own id
        out.setdefault((d.paragraph, item), []).append(wording_of.phrase(cmp.decl, d, names, m))
    return out


def _across_summary(m: Messages, cmp: Comparison, found: list[Difference]) -> list[Runs]:
    """Return the summary's sentences on what differs between languages, each place linked."""
    if not found:
        return [
            runs(
                " ",
                m._(
                    "Between the languages, the numbers, years and dates, percentages, country "
                    "and territory names, glossary terms and the counts of list items and "
                    "sentences were compared: they agree in every paragraph."
                ),
            )
        ]
    names = {e.id: e.name for e in cmp.expressions}
    said = [
        runs(
            " ",
            m.n_(
                "Between the languages, the numbers, years and dates, percentages, country and "
                "territory names, glossary terms and the counts of list items and sentences "
                "were compared; {n} difference:",
                "Between the languages, the numbers, years and dates, percentages, country and "
                "territory names, glossary terms and the counts of list items and sentences "
                "were compared; {n} differences:",
                len(found),
            ),
            " ",
        )
    ]
    for i, d in enumerate(found):
        anchor = "row-" + pin_anchor(d.place)[len("para-") :]
        last = i == len(found) - 1
        said.append(
            runs(
                Text(wording_of.place(d, m), link=Link("anchor", anchor)),
                m._(": {what}", what=wording_of.phrase(cmp.decl, d, names, m))
                + (m._(".") if last else m._("; ")),
            )
        )
    return said


def _summary(m: Messages, cmp: Comparison, found: list[Difference]) -> Note:
    """Return the summary: how alike each pair is, and its most divergent paragraphs; what
    differs between languages."""
    close = int(CLOSE * 100)
    said: list[Runs] = []
    for pair in cmp.pairs:
        said.append(
            runs(
                " ",
                fill(
                    m.n_(
                        "{base} against {other}: of {n} paragraph present in both, {identical}, "
                        "{close} (similarity {percent}% or more) and {different} (below "
                        "{percent}%).",
                        "{base} against {other}: of {n} paragraphs present in both, {identical}, "
                        "{close} (similarity {percent}% or more) and {different} (below "
                        "{percent}%).",
                        pair.total,
                        base="{base}",
                        other="{other}",
                        percent=close,
                        identical="{identical}",
                        close="{close}",
                        different="{different}",
                    ),
                    base=pair.base_name,
                    other=pair.other_name,
                    **_counts(m, pair.counts),
                ),
            )
        )
        if pair.item_scores:
            said.append(
                runs(
                    " ",
                    fill(
                        m.n_(
                            "Of {n} list item present in both, {identical}, {close} and "
                            "{different}.",
                            "Of {n} list items present in both, {identical}, {close} and "
                            "{different}.",
                            len(pair.item_scores),
                            identical="{identical}",
                            close="{close}",
                            different="{different}",
                        ),
                        **_counts(m, pair.item_counts),
                    ),
                )
            )
        if pair.divergent:
            said.append(runs(" ", m._("Most divergent:"), " "))
            for i, row in enumerate(pair.divergent):
                last = i == len(pair.divergent) - 1
                said.append(
                    runs(
                        Text(para(m, row.number), link=Link("anchor", f"row-{row.number}")),
                        f" ({row.pct}%)" + ("." if last else ", "),
                    )
                )
    if not cmp.pairs:
        said.append(
            runs(
                " ",
                m._("These texts are in different languages, so no word-level comparison is made."),
            )
        )
    if len({e.language for e in cmp.expressions}) > 1:
        said += _across_summary(m, cmp, found)
    missing, items_missing = cmp.absent_count, cmp.absent_item_count
    sentences = [
        (
            m._(
                "Similarity is the share of words the two texts have in common, in order "
                "(ignoring case and punctuation); a paragraph's covers the items of its list."
            )
            if cmp.item_rows
            else m._(
                "Similarity is the share of words the two texts have in common, in order "
                "(ignoring case and punctuation)."
            )
        )
        if cmp.pairs
        else None,
        m.n_(
            "{n} paragraph is missing from at least one text.",
            "{n} paragraphs are missing from at least one text.",
            missing,
        )
        if missing
        else None,
        m.n_(
            "{n} list item is missing from a text that has its paragraph.",
            "{n} list items are missing from a text that has its paragraph.",
            items_missing,
        )
        if items_missing
        else None,
    ]
    how: Runs = ()
    for sentence in sentences:
        if sentence:
            how = then(m, how, runs(sentence)) if how else runs(sentence)
    return Note(
        (
            Para(runs(Text(m._("Summary."), role="label"), said)),
            *((Para(how),) if how else ()),
        ),
        role="summary box",
        anchor="summary",
    )


def _terms(m: Messages, cmp: Comparison) -> Section:
    """Return the key-terms table: how each text renders each glossary term, and where."""
    head = Row(
        (
            Cell(runs(m._("Term")), role="t-term"),
            *(Cell(runs(e.name)) for e in cmp.expressions),
            Cell(runs(m._("Consistency")), role="t-flag"),
        )
    )
    return Section(
        (
            Heading(2, runs(m._("Key terms: how each text renders the original")), role="doc-h2"),
            Table(
                (Column(width=0.16), *(Column() for _ in cmp.expressions), Column(width=0.16)),
                (head,),
                tuple(_term_row(m, cmp, t) for t in cmp.terms),
                role="terms-table",
            ),
            Para(
                runs(glossary_note(m, cmp.decl, [e.language for e in cmp.expressions])),
                role="small",
            ),
        ),
        role="terms",
        anchor="key-terms",
    )


def _term_row(m: Messages, cmp: Comparison, t: TermUse) -> Row:
    cells = [
        Cell(
            runs(Text(t.term, role="zh", lang="zh"), BREAK, Text(t.sense, role="sense")),
            role="t-term",
        )
    ]
    for e in cmp.expressions:
        lines: list[Runs] = []
        for r in t.uses[e.id]:
            where = paras(m, r.numbers) if r.numbers else m._("not found")
            lines.append(
                runs(
                    BREAK if lines else None,
                    Text(f"“{r.rendering}”", role="rendering" + ("" if r.numbers else " unused")),
                    " ",
                    Text(where, role="where"),
                )
            )
        cells.append(Cell(runs(lines) or runs(Text("—", role="where")), lang=e.language))
    said = [
        m._("rendered differently")
        if kind == "different"
        else m._("varies within {text}", text=named(m, name or ""))
        for kind, name in t.flags
    ]
    flags = runs([(BREAK if i else None, Text(f, role="flag")) for i, f in enumerate(said)])
    cells.append(Cell(flags or runs(m._("consistent")), role="t-flag"))
    return Row(tuple(cells))


def _legend(m: Messages, cmp: Comparison) -> Para:
    """Return how to read the marks: of one pair, or of several texts against the first."""
    base = named(m, cmp.base_name)
    marks = {
        "struck": Text(m._("struck through"), ("deleted",)),
        "underlined": Text(m._("underlined"), ("inserted",)),
        "shaded": Text(m._("shaded"), ("changed",)),
    }
    if len(cmp.pairs) == 1:
        how = fill(
            m._(
                "{struck}: words only in {base}; {underlined}: words only in {other}; {shaded}: "
                "words one text has where the other has different words."
            ),
            base=base,
            other=named(m, cmp.pairs[0].other_name),
            **marks,
        )
    else:
        del marks["struck"]
        how = fill(
            m._(
                "Each text is marked against {base}: {underlined}, words it lacks; {shaded}, "
                "words it words differently; words only {base} has are not shown."
            ),
            base=base,
            **marks,
        )
    return Para(
        runs(
            Text(m._("How to read the marks."), role="label"),
            " ",
            how,
            " ",
            m._(
                "The figure under each paragraph number is the similarity of the pair; under "
                "an item's ({item}), of that item, and under the number of a paragraph that "
                "lists items, of the paragraph with its items.",
                item=cmp.item_rows[0].number,
            )
            if cmp.item_rows
            else m._("The figure under each paragraph number is the similarity of the pair."),
        ),
        role="legend small",
        anchor="legend",
    )


def _aligned(m: Messages, cmp: Comparison, found: list[Difference]) -> Table:
    """Return the texts side by side, a row a paragraph, under their sections' headings."""
    head = Row(
        (
            Cell(runs(m._("Para")), role="num"),
            *(
                Cell(
                    runs(
                        e.name,
                        (
                            BREAK,
                            Text(
                                m._(
                                    "{publisher} · capture {capture}",
                                    publisher=e.capture.publisher,
                                    capture=e.capture.id,
                                ),
                                role="src",
                            ),
                        )
                        if e.capture
                        else None,
                    )
                )
                for e in cmp.expressions
            ),
        )
    )
    body: list[Row] = []
    notes = _by_row(m, cmp, found)
    for section in cmp.sections:
        if section.headings:
            body.append(_section_row(m, section))
        for row in section.rows:
            body.append(_para_row(m, cmp, row, notes.get((row.id, None), [])))
            body += _item_rows(m, row.items, notes=notes, paragraph=row.id)
    return Table(
        # a wider number column where it prints an item's number ("12(c)")
        (Column("c-num", 0.07 if cmp.item_rows else 0.05), *(Column() for _ in cmp.expressions)),
        (head,),
        tuple(body),
        role="aligned",
    )


def _section_row(m: Messages, section: SectionRows) -> Row:
    assert section.headings is not None
    return Row(
        (
            Cell(runs(f"§ {section.number}" if section.number else None), role="num"),
            *(
                Cell(
                    runs(h.text)
                    if h.text is not None
                    else runs(Text(m._("[no heading in this text]"), role="absent")),
                    lang=h.lang,
                )
                for h in section.headings
            ),
        ),
        role="section",
    )


def _differs(notes: Sequence[str]) -> Runs:
    """Return the notes of what differs, after a row's first text."""
    return runs([(BREAK, Text(f"[{n}]", role="differs")) for n in notes])


def _para_row(m: Messages, cmp: Comparison, row: AlignedRow, notes: Sequence[str] = ()) -> Row:
    number = runs(
        Text(row.number, role="n"),
        (BREAK, Text(f"{row.pct}%", role=f"sim {row.verdict}")) if row.pct is not None else None,
        (BREAK, Text(m._("differs"), role="sim different")) if notes else None,
    )
    cells = [Cell(number, role="num")]
    for cell, column in zip(row.cells, cmp.expressions, strict=True):
        if row.withdrawn:
            content = runs(Text(m._("[withdrawn]"), role="absent"))
        elif cell.spans is None:
            content = runs(
                Text(
                    m._("[Paragraph {number} is not present in this text.]", number=row.number),
                    role="absent",
                )
            )
        else:
            note = incomplete(m, cmp.decl, row.number, column.id)
            content = runs(
                [_span(s) for s in cell.spans],
                (" ", Text(f"[{note}]", role="absent")) if note else None,
            )
        if notes and len(cells) == 1:  # what differs between languages, after the first text
            content = runs(content, _differs(notes))
        cells.append(Cell(content, lang=cell.lang))
    # a paragraph that leads in to a list is kept with its first item (a page break after it
    # would strand the lead-in)
    role = "para-row lead-in kept" if row.items else "para-row"
    return Row(tuple(cells), role=role, anchor=f"row-{row.number}")


def _item_rows(
    m: Messages,
    rows: tuple[AlignedRow, ...],
    level: int = 1,
    notes: Found | None = None,
    paragraph: str = "",
) -> list[Row]:
    """Return a list's items as rows under their paragraph, each cited "12(c)", with the
    items below an item after it, one level further in."""
    out: list[Row] = []
    for i, row in enumerate(rows):
        # the last item is kept with the one before it, never left alone over a page
        said = (notes or {}).get((paragraph, row.item.id if row.item else None), [])
        out.append(_item_row(m, row, level, kept=i == len(rows) - 2, notes=said))
        out += _item_rows(m, row.items, level + 1, notes, paragraph)
    return out


def _item_row(
    m: Messages, row: AlignedRow, level: int, kept: bool = False, notes: Sequence[str] = ()
) -> Row:
    assert row.item is not None
    number = runs(
        Text(row.number, role="n"),
        (BREAK, Text(f"{row.pct}%", role=f"sim {row.verdict}")) if row.pct is not None else None,
        (BREAK, Text(m._("differs"), role="sim different")) if notes else None,
    )
    cells = [Cell(number, role="num")]
    for cell in row.cells:
        if cell.spans is None:
            absent = Text(
                m._("[Item {number} is not present in this text.]", number=row.number),
                role="absent",
            )
            cells.append(Cell(runs(absent), role="item-absent", lang=cell.lang))
            continue
        listed = List(
            (
                Item(
                    runs([_span(s) for s in cell.spans]),
                    role="item",
                    label=item_label(row.item),
                    lang=cell.lang,
                ),
            ),
            ordered=row.item.label is not None,
            role="items",
        )
        said = (Para(_differs(notes)[1:], role="differs"),) if notes and len(cells) == 1 else ()
        cells.append(Cell((listed, *said), lang=cell.lang))
    role = " ".join(
        ["item-row", *([f"level-{level}"] if level > 1 else []), *(["kept"] if kept else [])]
    )
    return Row(tuple(cells), role=role, anchor="row-" + pin_anchor(row.number)[len("para-") :])


def _span(span: DiffSpan) -> Text:
    return Text(span.text, () if span.mark == "same" else (span.mark,))
