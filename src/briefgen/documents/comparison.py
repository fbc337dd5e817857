"""The side-by-side comparison: front matter, summary, key terms, legend and the aligned table."""

from __future__ import annotations

from collections.abc import Sequence

from ..model.compare import CLOSE, AlignedRow, Comparison, DiffSpan, SectionRows, TermUse, compare
from ..model.crosslang import Difference, differences
from ..model.declaration import Declaration, long_date, pin_anchor
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
    runs,
)
from .edition import item_label
from .wording import adoption, glossary_note, language_name, marked, plural, url


def comparison(decl: Declaration, expressions: tuple[str, ...]) -> Document:
    """Return the comparison of several expressions of a work, paragraph by paragraph."""
    cmp = compare(decl, list(expressions))
    w, ed = decl.source.work, decl.edition()
    names = [e.name for e in cmp.expressions]
    found = _across(cmp)
    body: list[Block] = [_summary(cmp, found)]
    if cmp.terms:
        body.append(_terms(cmp))
    if cmp.pairs:
        body.append(_legend(cmp))
    body.append(_aligned(cmp, found))
    return Document(
        kind="comparison",
        lang="en",
        title=f"{w.title} — comparison of {' and '.join(names)} — briefgen edition {ed.version}",
        file_title=f"{w.title}: comparison of {' and '.join(names)}",
        description=f"Paragraph-by-paragraph comparison of {', '.join(names)}",
        running=(
            f"{w.short_title or w.title} · comparison of translations · "
            f"briefgen edition {ed.version}"
        ),
        created=ed.date,
        author=w.issuer,
        subject=w.title,
        keywords=f"briefgen edition {ed.version}; {w.id}; comparison",
        landscape=True,
        body=(_front(cmp), Section(tuple(body), role="text")),
    )


def _front(cmp: Comparison) -> Section:
    """Return the front matter: the work, how it was adopted, and each text compared."""
    decl, w = cmp.decl, cmp.decl.source.work
    ed = decl.edition()
    facts = tuple(
        Fact(
            e.name,
            runs(
                marked(e.title),
                f" ({language_name(e.language)}",
                "; not authoritative" if not e.authoritative else None,
                ").",
                (f" From {e.capture.publisher}, ", url(e.capture.url), ".") if e.capture else None,
            ),
        )
        for e in cmp.expressions
    )
    return Section(
        (
            Para(
                runs(
                    f"briefgen edition {ed.version} · {long_date(ed.date)} · "
                    "comparison of translations"
                ),
                role="series",
            ),
            Heading(1, runs(w.title), anchor="top", role="title"),
            Para(
                runs(
                    f"{adoption(w)}. Original language: {language_name(w.original_language)}.",
                    (" ", marked(w.original_note)) if w.original_note else None,
                ),
                role="adoption",
            ),
            Facts(facts, role="facts"),
        ),
        role="front",
    )


Found = dict[tuple[str, str | None], list[str]]  # (paragraph id, item id) -> what differs


def _across(cmp: Comparison) -> list[Difference]:
    """Return what differs between texts in different languages (none if all share one)."""
    if len({e.language for e in cmp.expressions}) < 2:
        return []
    return differences(cmp.decl, [e.id for e in cmp.expressions])


def _by_row(cmp: Comparison, found: list[Difference]) -> Found:
    """Return each difference's words under the row that shows its place."""
    names = {e.id: e.name for e in cmp.expressions}
    out: Found = {}
    for d in found:
        item = d.item.rsplit("/", 1)[-1] if d.item else None  # the item's own id
        out.setdefault((d.paragraph, item), []).append(wording_of.phrase(cmp.decl, d, names))
    return out


def _across_summary(cmp: Comparison, found: list[Difference]) -> list[Runs]:
    """Return the summary's sentences on what differs between languages, each place linked."""
    head = (
        " Between the languages, the numbers, years and dates, percentages, country and "
        "territory names, glossary terms and the counts of list items and sentences were "
        "compared"
    )
    if not found:
        return [runs(head + ": they agree in every paragraph.")]
    names = {e.id: e.name for e in cmp.expressions}
    said = [runs(head + f"; {plural(len(found), 'difference')}: ")]
    for i, d in enumerate(found):
        anchor = "row-" + pin_anchor(d.place)[len("para-") :]
        last = i == len(found) - 1
        said.append(
            runs(
                Text(wording_of.place(d), link=Link("anchor", anchor)),
                f": {wording_of.phrase(cmp.decl, d, names)}" + ("." if last else "; "),
            )
        )
    return said


def _summary(cmp: Comparison, found: list[Difference]) -> Note:
    """Return the summary: how alike each pair is, and its most divergent paragraphs; what
    differs between languages."""
    close = int(CLOSE * 100)
    said: list[Runs] = []
    for pair in cmp.pairs:
        n = pair.counts
        said.append(
            runs(
                f" {pair.label}: of {pair.total} paragraphs present in both, ",
                Text(f"{n['identical']} identical", ("strong",)),
                ", ",
                Text(f"{n['close']} close", ("strong",)),
                f" (similarity {close}% or more) and ",
                Text(f"{n['different']} substantially different", ("strong",)),
                f" (below {close}%).",
            )
        )
        if pair.item_scores:
            m = pair.item_counts
            said.append(
                runs(
                    f" Of {plural(len(pair.item_scores), 'list item')} present in both, ",
                    Text(f"{m['identical']} identical", ("strong",)),
                    ", ",
                    Text(f"{m['close']} close", ("strong",)),
                    " and ",
                    Text(f"{m['different']} substantially different", ("strong",)),
                    ".",
                )
            )
        if pair.divergent:
            said.append(runs(" Most divergent: "))
            for i, row in enumerate(pair.divergent):
                last = i == len(pair.divergent) - 1
                said.append(
                    runs(
                        Text(f"para {row.number}", link=Link("anchor", f"row-{row.number}")),
                        f" ({row.pct}%)" + ("." if last else ", "),
                    )
                )
    if not cmp.pairs:
        said.append(
            runs(" These texts are in different languages, so no word-level comparison is made.")
        )
    if len({e.language for e in cmp.expressions}) > 1:
        said += _across_summary(cmp, found)
    missing, items_missing = cmp.absent_count, cmp.absent_item_count
    how = runs(
        (
            "Similarity is the share of words the two texts have in common, in order "
            "(ignoring case and punctuation)",
            "; a paragraph's covers the items of its list." if cmp.item_rows else ".",
        )
        if cmp.pairs
        else None,
        f" {plural(missing, 'paragraph')} {'is' if missing == 1 else 'are'} "
        "missing from at least one text."
        if missing
        else None,
        f" {plural(items_missing, 'list item')} "
        f"{'is' if items_missing == 1 else 'are'} missing from a text that has "
        "its paragraph."
        if items_missing
        else None,
    )
    if how and not cmp.pairs:  # no similarity sentence before it
        how = (Text(how[0].text.lstrip(), how[0].marks, how[0].role), *how[1:])
    return Note(
        (
            Para(runs(Text("Summary.", role="label"), said)),
            *((Para(how),) if how else ()),
        ),
        role="summary box",
        anchor="summary",
    )


def _terms(cmp: Comparison) -> Section:
    """Return the key-terms table: how each text renders each glossary term, and where."""
    head = Row(
        (
            Cell(runs("Term"), role="t-term"),
            *(Cell(runs(e.name)) for e in cmp.expressions),
            Cell(runs("Consistency"), role="t-flag"),
        )
    )
    return Section(
        (
            Heading(2, runs("Key terms: how each text renders the original"), role="doc-h2"),
            Table(
                (Column(width=0.16), *(Column() for _ in cmp.expressions), Column(width=0.16)),
                (head,),
                tuple(_term_row(cmp, t) for t in cmp.terms),
                role="terms-table",
            ),
            Para(
                runs(glossary_note(cmp.decl, [e.language for e in cmp.expressions])),
                role="small",
            ),
        ),
        role="terms",
        anchor="key-terms",
    )


def _term_row(cmp: Comparison, t: TermUse) -> Row:
    cells = [
        Cell(
            runs(Text(t.term, role="zh", lang="zh"), BREAK, Text(t.sense, role="sense")),
            role="t-term",
        )
    ]
    for e in cmp.expressions:
        lines: list[Runs] = []
        for r in t.uses[e.id]:
            where = (
                f"para{'s' if len(r.numbers) > 1 else ''} {', '.join(r.numbers)}"
                if r.numbers
                else "not found"
            )
            lines.append(
                runs(
                    BREAK if lines else None,
                    Text(f"“{r.rendering}”", role="rendering" + ("" if r.numbers else " unused")),
                    " ",
                    Text(where, role="where"),
                )
            )
        cells.append(Cell(runs(lines) or runs(Text("—", role="where")), lang=e.language))
    flags = runs([(BREAK if i else None, Text(f, role="flag")) for i, f in enumerate(t.flags)])
    cells.append(Cell(flags or runs("consistent"), role="t-flag"))
    return Row(tuple(cells))


def _legend(cmp: Comparison) -> Para:
    """Return how to read the marks: of one pair, or of several texts against the first."""
    base = cmp.base_name
    if len(cmp.pairs) == 1:
        how = runs(
            Text("struck through", ("deleted",)),
            f": words only in the {base}; ",
            Text("underlined", ("inserted",)),
            f": words only in the {cmp.pairs[0].other_name}; ",
            Text("shaded", ("changed",)),
            ": words one text has where the other has different words.",
        )
    else:
        how = runs(
            f"Each text is marked against the {base}: ",
            Text("underlined", ("inserted",)),
            ", words it lacks; ",
            Text("shaded", ("changed",)),
            f", words it words differently; words only the {base} has are not shown.",
        )
    return Para(
        runs(
            Text("How to read the marks.", role="label"),
            " ",
            how,
            " The figure under each paragraph number is the similarity of the pair",
            f"; under an item's ({cmp.item_rows[0].number}), of that item, and under the number "
            "of a paragraph that lists items, of the paragraph with its items."
            if cmp.item_rows
            else ".",
        ),
        role="legend small",
        anchor="legend",
    )


def _aligned(cmp: Comparison, found: list[Difference]) -> Table:
    """Return the texts side by side, a row a paragraph, under their sections' headings."""
    head = Row(
        (
            Cell(runs("Para"), role="num"),
            *(
                Cell(
                    runs(
                        e.name,
                        (BREAK, Text(f"{e.capture.publisher} · capture {e.capture.id}", role="src"))
                        if e.capture
                        else None,
                    )
                )
                for e in cmp.expressions
            ),
        )
    )
    body: list[Row] = []
    notes = _by_row(cmp, found)
    for section in cmp.sections:
        if section.headings:
            body.append(_section_row(section))
        for row in section.rows:
            body.append(_para_row(cmp, row, notes.get((row.id, None), [])))
            body += _item_rows(row.items, notes=notes, paragraph=row.id)
    return Table(
        # a wider number column where it prints an item's number ("12(c)")
        (Column("c-num", 0.07 if cmp.item_rows else 0.05), *(Column() for _ in cmp.expressions)),
        (head,),
        tuple(body),
        role="aligned",
    )


def _section_row(section: SectionRows) -> Row:
    assert section.headings is not None
    return Row(
        (
            Cell(runs(f"§ {section.number}" if section.number else None), role="num"),
            *(
                Cell(
                    runs(h.text)
                    if h.text is not None
                    else runs(Text("[no heading in this text]", role="absent")),
                    lang=h.lang,
                )
                for h in section.headings
            ),
        ),
        role="section",
    )


DIFFERS = "differs"


def _differs(notes: Sequence[str]) -> Runs:
    """Return the mark under a row's number and the notes after its first text."""
    return runs([(BREAK, Text(f"[{n}]", role="differs")) for n in notes])


def _para_row(cmp: Comparison, row: AlignedRow, notes: Sequence[str] = ()) -> Row:
    number = runs(
        Text(row.number, role="n"),
        (BREAK, Text(f"{row.pct}%", role=f"sim {row.verdict}")) if row.pct is not None else None,
        (BREAK, Text(DIFFERS, role="sim different")) if notes else None,
    )
    cells = [Cell(number, role="num")]
    for cell, column in zip(row.cells, cmp.expressions, strict=True):
        if row.withdrawn:
            content = runs(Text("[withdrawn]", role="absent"))
        elif cell.spans is None:
            content = runs(
                Text(f"[Paragraph {row.number} is not present in this text.]", role="absent")
            )
        else:
            note = cmp.decl.incomplete(row.number, column.id)
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
    rows: tuple[AlignedRow, ...], level: int = 1, notes: Found | None = None, paragraph: str = ""
) -> list[Row]:
    """Return a list's items as rows under their paragraph, each cited "12(c)", with the
    items below an item after it, one level further in."""
    out: list[Row] = []
    for i, row in enumerate(rows):
        said = (notes or {}).get((paragraph, row.item.id if row.item else None), [])
        # the last item is kept with the one before it, never left alone over a page
        out.append(_item_row(row, level, kept=i == len(rows) - 2, notes=said))
        out += _item_rows(row.items, level + 1, notes, paragraph)
    return out


def _item_row(row: AlignedRow, level: int, kept: bool = False, notes: Sequence[str] = ()) -> Row:
    assert row.item is not None
    number = runs(
        Text(row.number, role="n"),
        (BREAK, Text(f"{row.pct}%", role=f"sim {row.verdict}")) if row.pct is not None else None,
        (BREAK, Text(DIFFERS, role="sim different")) if notes else None,
    )
    cells = [Cell(number, role="num")]
    for cell in row.cells:
        if cell.spans is None:
            absent = Text(f"[Item {row.number} is not present in this text.]", role="absent")
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
