"""The clean edition of one text: front matter, the numbered paragraphs, the editorial note."""

from __future__ import annotations

from datetime import date

from ..i18n import Messages, messages
from ..model.declaration import Declaration, pin, pin_anchor
from ..model.source import (
    Correction,
    Intervention,
    ItemAt,
    ListItem,
    Paragraph,
    item_list,
    walk_items,
)
from .blocks import (
    Block,
    Document,
    Fact,
    Facts,
    Heading,
    Item,
    List,
    Numbered,
    Para,
    Runs,
    Section,
    Text,
    fill,
    runs,
)
from .citation import citation, cited_title, edition_url, incomplete
from .wording import (
    adoption,
    intervention,
    marked,
    normalised,
    noted,
    original_language,
    paras,
    status,
    then,
    url,
)


def edition(decl: Declaration, expression_id: str, m: Messages | None = None) -> Document:
    """Return the clean edition of one expression, every word around the text in `m`'s
    language (by default the text's own, from briefgen's catalogues)."""
    w, expr = decl.work_as_named(expression_id), decl.expression(expression_id)
    m = m or messages(expr.language)
    ed = decl.edition(expression_id)
    capture = decl.capture(expr.capture) if expr.capture else None
    ivs = decl.interventions(expression_id)
    version = m._("briefgen edition {version}", version=ed.version)

    facts = [
        Fact(
            m._("This text"),
            noted(
                m,
                m._("{name} ({language})", name=expr.name, language=m.language(expr.language)),
                marked(expr.origin.note) if expr.origin and expr.origin.note else None,
            ),
        ),
        Fact(
            m._("Status"),
            then(
                m,
                fill(
                    m._("{status} The original language is {language}."),
                    status=Text(status(m, expr), ("strong",) if not expr.authoritative else ()),
                    language=original_language(m, w),
                ),
                marked(w.original_note) if w.original_note else None,
            ),
            role="status",
        ),
    ]
    if capture:
        facts.append(
            Fact(
                m._("Source"),
                noted(
                    m,
                    fill(
                        m._("{publisher}, “{title}”, {date}, {url} (capture SHA-256 {hash})")
                        if capture.published
                        else m._("{publisher}, “{title}”, {url} (capture SHA-256 {hash})"),
                        publisher=capture.publisher,
                        title=capture.title,
                        date=m.date(capture.published) if capture.published else None,
                        url=url(capture.url),
                        hash=Text(f"{capture.sha256[:16]}…", role="hash"),
                    ),
                    runs(Text(m._("Partial capture:"), ("strong",)), f" {capture.partial}")
                    if capture.partial
                    else None,
                ),
            )
        )
    facts.append(
        Fact(
            m._("Edition"),
            runs(
                m.n_(
                    "{edition}, {date}, {editors}. {n} editorial intervention, listed at the end; "
                    "text supplied by the editors is in [square brackets].",
                    "{edition}, {date}, {editors}. {n} editorial interventions, listed at the end; "
                    "text supplied by the editors is in [square brackets].",
                    len(ivs),
                    edition=version,
                    date=m.date(ed.date),
                    editors=decl.source.edition.editors,
                ),
            ),
        )
    )
    front = Section(
        (
            Para(runs(f"{version} · {m.date(ed.date)}"), role="series"),
            Heading(1, runs(expr.title), anchor="top", role="title"),
            Para(runs(adoption(m, w)), role="adoption"),
            Facts(tuple(facts), role="facts"),
            Para(
                runs(
                    Text(m._("Cite as"), role="label"),
                    " ",
                    m._(
                        "{citation} — replace N with the paragraph number.",
                        citation=citation(m, decl, "N", expr.id),
                    ),
                ),
                role="box cite-as",
            ),
        ),
        role="front",
    )
    title = cited_title(decl, expression_id)
    return Document(
        kind="edition",
        lang=expr.language,
        title=f"{expr.title} — {expr.name} — {version}",
        file_title=f"{expr.title} ({expr.name})",
        description=f"{title} ({m.date(w.adopted)}), {expr.name}",
        running=f"{cited_title(decl, expression_id, short=True)} · {expr.name} · {version}",
        pages=m._("Page {page} of {pages}"),
        created=ed.date,
        author=w.issuer,
        subject=title,
        keywords=f"{version}; {w.id}; {expr.id}",
        body=(front, _text(m, decl, expression_id), _note(m, decl, expression_id)),
        meta=_meta(decl, expression_id),
    )


def running_heads(m: Messages) -> tuple[str, str]:
    """Return how a printed page's running head names the paragraphs on it: one ("para
    {number}") and a range ("paras {numbers}", the numbers "9–13")."""
    return m._("para {number}"), m._("paras {numbers}")


def _text(m: Messages, decl: Declaration, expression_id: str) -> Section:
    """Return the text: one section per part, each with its heading and numbered paragraphs."""
    expr = decl.expression(expression_id)
    parts: list[Block] = []
    for block in decl.blocks(expression_id):
        expected = bool(block.section.heading and expression_id in block.section.heading)
        children: list[Block] = []
        first = block.paragraphs[0][0].number if block.paragraphs else None
        if block.heading:
            children.append(Heading(2, marked(block.heading), role="heading", first=first))
        elif expected:
            children.append(
                Heading(2, runs(m._("[heading not present in this text]")), role="heading absent")
            )
        for para, text in block.paragraphs:
            anchor = f"para-{para.number}"
            if para.withdrawn or text is None:
                words = (
                    m._("[withdrawn]")
                    if para.withdrawn
                    else m._("[This paragraph is not present in this text.]")
                )
                children.append(Numbered(para.number, runs(words), anchor, absent=True))
                continue
            note = incomplete(m, decl, para.number, expression_id)
            content = runs(
                marked(text),
                (" ", Text(f"[{note}]", role="incomplete")) if note else None,
            )
            children.append(Numbered(para.number, content, anchor, para.id, lang=expr.language))
            if para.items:
                children.append(items(m, para, expression_id, expr.language))
        parts.append(
            Section(
                tuple(children),
                role="part",
                anchor=f"section-{block.section.id}",
            )
        )
    return Section(tuple(parts), role="text")


def item_label(item: ListItem) -> str | None:
    """Return an item's label as every output prints it: "(c)", "[(c)]" where the editors
    supply it, None for a bullet."""
    if item.label is None:
        return None
    return f"({item.label})" if item.printed else f"[({item.label})]"


def items(
    m: Messages, para: Paragraph, expression_id: str, lang: str, anchored: bool = True
) -> List:
    """Return a paragraph's items as a list under it, each with its label and its anchor
    (none where the list is shown beside other texts' lists, as in the comparison); an item
    with a list of its own holds it, the same way, below its words."""

    def listed(entries: list[ListItem], above: ItemAt | None) -> List:
        out = []
        for at in item_list(entries, above):
            item = at.item
            value = item.text.get(expression_id)
            text = value if isinstance(value, str) else None
            out.append(
                Item(
                    marked(text)
                    if text is not None
                    else runs(m._("[This item is not present in this text.]")),
                    (listed(item.items, at),) if item.items else (),
                    role="item" if text is not None else "item absent",
                    label=item_label(item),
                    anchor=pin_anchor(pin(para, at)) if anchored else None,
                    lang=lang if text is not None else None,
                )
            )
        return List(tuple(out), ordered=any(i.label for i in entries), role="items")

    return listed(para.items, None)


def _note(m: Messages, decl: Declaration, expression_id: str) -> Section:
    """Return the editorial note: where the text comes from, interventions, corrections."""
    expr = decl.expression(expression_id)
    capture = decl.capture(expr.capture) if expr.capture else None
    ivs = decl.interventions(expression_id)
    source: Runs = (
        fill(
            m._("{publisher} ({url}; SHA-256 {hash})"),
            publisher=capture.publisher,
            url=url(capture.url),
            hash=Text(capture.sha256, role="hash"),
        )
        if capture
        else runs(m._("its source"))
    )
    made = (
        m.n_(
            "The editors made the following {n} intervention:",
            "The editors made the following {n} interventions:",
            len(ivs),
        )
        if ivs
        else m._("The editors made no intervention in the text.")
    )
    children: list[Block] = [
        Heading(2, runs(m._("Editorial note"))),
        Para(
            then(
                m,
                fill(
                    m._(
                        "This edition reproduces the wording of the {text} as captured from "
                        "{source}. Paragraph numbers are assigned by the editors, are the same in "
                        "every language version of this edition, and will not change in later "
                        "editions."
                    ),
                    text=expr.name,
                    source=source,
                ),
                runs(made),
            )
        ),
    ]
    if ivs:
        children.append(
            List(
                tuple(
                    Item(
                        runs(
                            Text(m._("{act}.", act=intervention(m, decl, iv)), role="action"),
                            " ",
                            (*normalised(m, decl, iv), " — ") if iv.action == "normalise" else None,
                            marked(iv.reason),
                        )
                    )
                    for iv in ivs
                ),
                role="interventions",
            )
        )
    releases = decl.releases(expression_id)
    if releases:
        children += [
            Heading(2, runs(m._("Corrections")), anchor="corrections"),
            Para(
                runs(
                    m._(
                        "This text has been corrected since edition 1.0.0. Paragraph numbers are "
                        "unchanged."
                    )
                )
            ),
            List(
                tuple(
                    Item(correction_item(m, decl, edition.version, edition.date, c))
                    for edition, corrections in releases
                    for c in corrections
                ),
                role="interventions",
            ),
        ]
    return Section(tuple(children), role="editorial", anchor="editorial-note")


def correction_item(m: Messages, decl: Declaration, version: str, day: date, c: Correction) -> Runs:
    """Return one correction as a line of an editorial note: when, where, what, why."""
    numbers = [decl.number_of(p) for p in c.paragraphs]
    when = {"version": version, "date": m.date(day), "type": c.type}
    said = (
        m._("Edition {version}, {date}, {paras} ({type}).", paras=paras(m, numbers), **when)
        if numbers
        else m._("Edition {version}, {date} ({type}).", **when)
    )
    changed = (
        m._("“{before}” became “{after}”.", before=c.before, after=c.after) + " "
        if c.before is not None
        else ""
    )
    return runs(Text(said, role="action"), f" {changed}", marked(c.reason))


def _meta(decl: Declaration, expression_id: str) -> tuple[tuple[str, str], ...]:
    """Return the edition's bibliographic data, as the formats that carry it need it.

    Besides the citation data (HTML's Highwire tags): who edited it, whether the text is
    authoritative, the capture it reproduces, and where each editorial intervention applies
    ("before para-1", "heading section-development": the anchors of the body's blocks), in
    the order the editorial note lists them, for formats that link a note to its place.
    """
    w, expr = decl.work_as_named(expression_id), decl.expression(expression_id)
    found = edition_url(decl, expression_id)
    capture = decl.capture(expr.capture) if expr.capture else None
    out = [
        ("work", w.id),
        ("expression", expr.id),
        ("version", decl.edition(expression_id).version),
        ("adopted", w.adopted.isoformat()),
        ("issuer", w.issuer),
        *((("place", w.place),) if w.place else ()),
        ("work-title", cited_title(decl, expression_id)),
    ]
    if found:
        out.append(("url", found))
    out += [
        ("editors", decl.source.edition.editors),
        ("authoritative", "true" if expr.authoritative else "false"),
    ]
    if capture:
        out += [
            ("capture-publisher", capture.publisher),
            ("capture-title", capture.title),
            ("capture-url", capture.url),
            ("capture-sha256", capture.sha256),
        ]
        if capture.published:
            out.append(("capture-published", capture.published.isoformat()))
    out += [("intervention", _place(decl, iv)) for iv in decl.interventions(expression_id)]
    return tuple(out)


def _place(decl: Declaration, iv: Intervention) -> str:
    """Return where an intervention applies, as its kind and the anchor of that block."""
    kind, target = iv.at.target()
    if kind == "heading":
        return f"heading section-{target}"
    if not target:  # a malformed anchor, which `check` reports: no place to link to
        return ""
    if kind == "item":
        pid, ref = target.split("/", 1)
        para = next(p for p in decl.source.paragraphs if p.id == pid)
        at = next(at for at in walk_items(para.items) if at.ref() == ref)
        return f"item {pin_anchor(pin(para, at))}"
    numbers = {p.id: p.number for p in decl.source.paragraphs}
    return f"{kind} para-{numbers.get(target, target)}"
