"""The side-by-side comparison as a Word document: real tables, diff marks as character styles."""

from __future__ import annotations

from typing import Any

from ...documents.wording import adoption, glossary_note, language_name
from ...model.compare import CLOSE, Comparison, Span
from ...model.declaration import long_date
from .document import ACCENT, NOTE_STYLE, add, bold_label, new_document, restyle, set_widths
from .xml import (
    CHANGED_STYLE,
    DELETED_STYLE,
    INSERTED_STYLE,
    bookmark,
    bookmark_name,
    cite,
    styled_run,
)

MARK_STYLES = {"deleted": DELETED_STYLE, "inserted": INSERTED_STYLE, "changed": CHANGED_STYLE}
SECTION_FILL = "EEF2F7"


def _xml(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _shade(target: Any, fill: str) -> None:
    """Shade a run or a table cell (w:shd)."""
    props = (
        target.get_or_add_rPr() if hasattr(target, "get_or_add_rPr") else target.get_or_add_tcPr()
    )
    props.append(_xml("w:shd", val="clear", color="auto", fill=fill))


def _language(run: Any, language: str) -> None:
    """Tag a run's language so Word and LibreOffice pick East Asian fonts for Chinese."""
    tag = {"zh": "zh-CN"}.get(language.split("-")[0], language)
    key = "eastAsia" if language.split("-")[0] in ("zh", "ja", "ko") else "val"
    run._r.get_or_add_rPr().append(_xml("w:lang", **{key: tag}))


def add_spans(paragraph: Any, spans: list[Span], language: str) -> None:
    """Write marked spans as runs in the mark's character style (struck, underlined, or shaded
    with a dotted underline), which a user can restyle in one place."""
    for span in spans:
        run = styled_run(paragraph, span.text, MARK_STYLES.get(span.mark))
        _language(run, language)


def _table_row_props(row: Any, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_xml("w:cantSplit"))
    if header:
        tr_pr.append(_xml("w:tblHeader"))


def _cell_text(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    style: str | None = None,
    language: str | None = None,
) -> Any:
    paragraph = cell.paragraphs[0]
    if style:
        restyle(paragraph, style)
    run = paragraph.add_run(text)
    run.bold = bold
    if language:
        _language(run, language)
    return paragraph


def comparison_docx(cmp: Comparison, created: Any) -> Any:
    """Return the comparison as a python-docx Document."""
    decl, w = cmp.decl, cmp.decl.source.work
    names = " and ".join(c.name for c in cmp.expressions)
    version = decl.edition().version
    running = (
        f"{w.short_title or w.title} · comparison of translations · briefgen edition {version}"
    )
    doc = new_document(running, "en", created, w.issuer, landscape=True)
    doc.core_properties.title = f"{w.title}: comparison of {names}"
    doc.core_properties.subject = w.title
    doc.core_properties.keywords = f"briefgen edition {decl.edition().version}; {w.id}; comparison"
    add_comparison(doc, cmp)
    return doc


def add_comparison(
    doc: Any,
    cmp: Comparison,
    title_style: str = "Title",
    heading_style: str = "Heading 1",
    prefix: str = "",
) -> None:
    """Append the comparison to a document (whose section should be landscape).

    Each paragraph's row is bookmarked as the HTML anchors it: `row-13` (in a pack,
    `cmp-row-13`).
    """
    from docx.shared import Mm, Pt, RGBColor

    decl, w = cmp.decl, cmp.decl.source.work
    add(
        doc,
        f"briefgen edition {decl.edition().version} · {long_date(decl.edition().date)}"
        " · comparison of translations",
        NOTE_STYLE,
    )
    add(doc, w.title, title_style)
    add(
        doc,
        f"{adoption(w)}. Original "
        f"language: {language_name(w.original_language)}. "
        f"{w.original_note or ''}".strip(),
        "Subtitle",
    )
    for c in cmp.expressions:
        source = f" From {c.capture.publisher}, {c.capture.url}." if c.capture else ""
        status = "" if c.authoritative else "; not authoritative"
        bold_label(
            add(doc, style=NOTE_STYLE),
            f"{c.name}: ",
            f"{c.title} ({language_name(c.language)}{status}).{source}",
        )

    close = int(CLOSE * 100)
    summary = add(doc, style=NOTE_STYLE)
    summary.add_run("Summary. ").bold = True
    if not cmp.pairs:
        summary.add_run(
            "These texts are in different languages, so no word-level comparison "
            "is made; read them side by side."
        )
    for pair in cmp.pairs:
        n = pair.counts
        summary.add_run(
            f"{pair.label}: of {pair.total} paragraphs present in both, {n['identical']} "
            f"identical, {n['close']} close (similarity {close}% or more) and {n['different']} "
            f"substantially different (below {close}%). "
        )
        if pair.divergent:  # each a link to its row
            summary.add_run("Most divergent: ")
            for i, r in enumerate(pair.divergent):
                cite(summary, f"para {r.number}", bookmark_name(prefix, f"row-{r.number}"))
                summary.add_run(f" ({r.pct}%)" + (". " if i == len(pair.divergent) - 1 else ", "))
    summary.add_run(
        "Similarity is the share of words the two texts have in common, in order "
        "(ignoring case and punctuation)."
    )

    if cmp.terms:
        add(doc, "Key terms: how each text renders the original", heading_style)
        table = doc.add_table(rows=1, cols=len(cmp.expressions) + 2)
        table.style = "Table Grid"
        head = table.rows[0]
        _table_row_props(head, header=True)
        for cell, text in zip(
            head.cells, ["Term", *[c.name for c in cmp.expressions], "Consistency"], strict=True
        ):
            _cell_text(cell, text, bold=True, style=NOTE_STYLE)
        for t in cmp.terms:
            row = table.add_row()
            _table_row_props(row)
            p = _cell_text(row.cells[0], t.term, bold=True, style=NOTE_STYLE, language="zh")
            p.add_run("\n" + t.sense)
            for cell, c in zip(row.cells[1:], cmp.expressions, strict=False):
                lines = [
                    f"“{r.rendering}” "
                    + (
                        f"para{'s' if len(r.numbers) > 1 else ''} {', '.join(r.numbers)}"
                        if r.numbers
                        else "not found"
                    )
                    for r in t.uses[c.id]
                ]
                _cell_text(cell, "\n".join(lines) or "—", style=NOTE_STYLE, language=c.language)
            _cell_text(
                row.cells[-1],
                "\n".join(t.flags) or "consistent",
                style=NOTE_STYLE,
                bold=bool(t.flags),
            )
        add(
            doc,
            glossary_note(cmp.decl, [c.language for c in cmp.expressions]),
            NOTE_STYLE,
        )

    if cmp.pairs:
        legend = add(doc, style=NOTE_STYLE)
        legend.add_run("How to read the marks. ").bold = True
        other = cmp.pairs[0].other.name
        add_spans(legend, [Span("struck through", "deleted")], "en")
        legend.add_run(f": words only in the {cmp.base_name}; ")
        add_spans(legend, [Span("underlined", "inserted")], "en")
        legend.add_run(f": words only in the {other}; ")
        add_spans(legend, [Span("shaded", "changed")], "en")
        legend.add_run(
            ": words one text has where the other has different words. The figure "
            "under each paragraph number is the similarity of the pair."
        )

    table = doc.add_table(rows=1, cols=len(cmp.expressions) + 1)
    table.style = "Table Grid"
    widths = [Mm(14)] + [Mm((267 - 14) / len(cmp.expressions))] * len(cmp.expressions)
    head = table.rows[0]
    _table_row_props(head, header=True)
    _cell_text(head.cells[0], "Para", bold=True, style=NOTE_STYLE)
    for cell, c in zip(head.cells[1:], cmp.expressions, strict=True):
        p = _cell_text(cell, c.name, bold=True, style=NOTE_STYLE)
        if c.capture:
            p.add_run(f"\n{c.capture.publisher} · capture {c.capture.id}")
    for section in cmp.sections:
        if section.headings:
            row = table.add_row()
            _table_row_props(row)
            _cell_text(
                row.cells[0],
                f"§ {section.number}" if section.number else "",
                bold=True,
                style=NOTE_STYLE,
            )
            for cell, h in zip(row.cells[1:], section.headings, strict=True):
                _cell_text(
                    cell,
                    h.text if h.text is not None else "[no heading in this text]",
                    bold=True,
                    style=NOTE_STYLE,
                    language=h.lang,
                )
            for cell in row.cells:
                _shade(cell._tc, SECTION_FILL)
                cell.paragraphs[0].paragraph_format.keep_with_next = True  # stay with para
        for r in section.rows:
            row = table.add_row()
            _table_row_props(row)
            p = _cell_text(row.cells[0], r.number, bold=True)
            p.runs[0].font.color.rgb = RGBColor(*ACCENT)
            if r.pct is not None:
                sim = p.add_run(f"\n{r.pct}%")
                sim.font.size = Pt(7)
                sim.bold = r.verdict == "different"
            for cell, content, column in zip(row.cells[1:], r.cells, cmp.expressions, strict=True):
                if content.spans is None:
                    run = cell.paragraphs[0].add_run(
                        "[withdrawn]"
                        if r.withdrawn
                        else f"[Paragraph {r.number} is not present in this text.]"
                    )
                    run.italic = True
                else:
                    add_spans(cell.paragraphs[0], content.spans, content.lang)
                    note = decl.incomplete(r.number, column.id)
                    if note:
                        cell.paragraphs[0].add_run(f" [{note}]").italic = True
            bookmark(p, bookmark_name(prefix, f"row-{r.number}"))
    set_widths(table, widths)
