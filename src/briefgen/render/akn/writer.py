"""Akoma Ntoso 3.0 (OASIS LegalDocML): an edition's Document as a <statement> of its issuer.

AKN4UN models the resolutions and declarations of an assembly as a `statement`; so does this
writer, named "declaration". The writer reads only the Document: the front section gives the
cover page and the preface, the text's first part without a heading the preamble (its numbered
paragraphs as recitals), every other part the main body (a part with a heading as a
`section`), the editorial section the notes. `meta` gives the FRBR identification, the
references, the adoption, the capture (in `proprietary`) and where each intervention's note
is referenced from. Every numbered paragraph keeps the eId its citations use: para_13.

Identifiers follow the Akoma Ntoso Naming Convention: /akn/int/statement/declaration/<date
adopted>/<work id> for the work, then <language>@<expression id>-<edition version> for the
expression (two texts of one language are two expressions), then .xml. "int" stands for the
country: the works are international, and the convention lets a supranational jurisdiction
take a code of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date

from ...documents.blocks import (
    Block,
    Document,
    Facts,
    Heading,
    List,
    Note,
    Numbered,
    Para,
    Runs,
    Section,
    Text,
    plain,
)

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: The namespace of briefgen's own metadata, in <proprietary>.
BRIEFGEN = "urn:x-briefgen:akn"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JURISDICTION = "int"
ET.register_namespace("", AKN)  # the default namespace: elements written without a prefix
ET.register_namespace("briefgen", BRIEFGEN)

#: ISO 639-1 to the ISO 639-2 codes the Naming Convention asks for (other codes pass as given).
LANG3 = {
    "en": "eng",
    "zh": "zho",
    "fr": "fra",
    "es": "spa",
    "ru": "rus",
    "ar": "ara",
    "de": "deu",
    "ja": "jpn",
}

#: The elements whose content is text and inline elements: whitespace there would be words.
_TEXT_HOLDERS = {f"{{{AKN}}}{tag}" for tag in ("p", "heading", "num")}
#: Inline elements for a run's marks, innermost first.
_MARKS = {"strong": "b", "em": "i", "deleted": "del", "inserted": "ins"}


def _q(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def _el(parent: ET.Element, tag: str, **attrs: str | None) -> ET.Element:
    """Append an Akoma Ntoso element; attributes that are None are left out."""
    return ET.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v is not None})


def language(code: str) -> str:
    """Return the three-letter language code of a language tag."""
    return LANG3.get(code.split("-")[0], code)


def uris(doc: Document) -> tuple[str, str]:
    """Return the work's and the expression's IRIs."""
    meta = dict(doc.meta)
    work = f"/akn/{JURISDICTION}/statement/declaration/{meta['adopted']}/{meta['work']}"
    return work, f"{work}/{language(doc.lang)}@{meta['expression']}-{meta['version']}"


def write(doc: Document, made: date) -> bytes:
    """Return an edition as Akoma Ntoso XML; `made` is the manifestation's date."""
    root = ET.Element(_q("akomaNtoso"))
    statement = _el(root, "statement", name="declaration")  # its language: FRBRlanguage
    parts = {b.role: b for b in doc.body if isinstance(b, Section)}
    front, text, editorial = parts.get("front"), parts.get("text"), parts.get("editorial")
    notes = _Notes(doc)
    _meta(_el(statement, "meta"), doc, made, editorial, notes)
    if front is not None:
        _front(statement, front)
    _text(statement, text, notes)
    _indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _indent(el: ET.Element, depth: int = 0) -> None:
    """Indent the structure one space a level, never inside the elements that hold text."""
    if el.tag in _TEXT_HOLDERS or not len(el):
        return
    pad = "\n" + " " * (depth + 1)
    el.text = pad
    for child in el:
        _indent(child, depth + 1)
        child.tail = pad
    el[-1].tail = "\n" + " " * depth


# ----------------------------------------------------------------------------- meta


class _Notes:
    """The notes of interventions, and the place (a block's anchor) each is referenced from."""

    def __init__(self, doc: Document) -> None:
        self.places: dict[str, list[tuple[str, str]]] = {}  # anchor -> [(kind, note eId)]
        where = [v for k, v in doc.meta if k == "intervention"]
        for n, place in enumerate(where, 1):
            kind, _, anchor = place.partition(" ")
            self.places.setdefault(anchor, []).append((kind, f"note_{n}"))

    def refs(self, parent: ET.Element, anchor: str | None, *kinds: str) -> None:
        """Append a reference to each note on a block of one of these kinds."""
        for kind, eid in self.places.get(anchor or "", []):
            if kind in kinds:
                _el(parent, "noteRef", href=f"#{eid}", marker=eid.split("_")[1], **{"class": kind})


def _meta(
    meta: ET.Element, doc: Document, made: date, editorial: Section | None, notes: _Notes
) -> None:
    facts = dict(doc.meta)
    work, expression = uris(doc)
    ident = _el(meta, "identification", source="#briefgen")

    w = _el(ident, "FRBRWork")
    _el(w, "FRBRthis", value=f"{work}/!main")
    _el(w, "FRBRuri", value=work)
    _el(w, "FRBRdate", date=facts["adopted"], name="adoption")
    _el(w, "FRBRauthor", href="#issuer", **{"as": "#author"})
    _el(w, "FRBRcountry", value=JURISDICTION)
    _el(w, "FRBRsubtype", value="declaration")
    _el(w, "FRBRnumber", value=facts["work"])
    _el(w, "FRBRname", value=facts["work-title"])

    e = _el(ident, "FRBRExpression")
    _el(e, "FRBRthis", value=f"{expression}/!main")
    _el(e, "FRBRuri", value=expression)
    _el(e, "FRBRdate", date=doc.created.isoformat(), name="edition")
    _el(e, "FRBRauthor", href="#editors", **{"as": "#editor"})
    _el(e, "FRBRversionNumber", value=facts["version"])
    _el(e, "FRBRauthoritative", value=facts.get("authoritative", "false"))
    _el(e, "FRBRlanguage", language=language(doc.lang))

    m = _el(ident, "FRBRManifestation")
    _el(m, "FRBRthis", value=f"{expression}/!main.xml")
    _el(m, "FRBRuri", value=f"{expression}.xml")
    _el(m, "FRBRdate", date=made.isoformat(), name="generation")
    _el(m, "FRBRauthor", href="#briefgen")
    _el(m, "FRBRformat", value="application/akn+xml")

    if "capture-published" in facts:  # the publication the text is taken from, if dated
        _el(
            meta,
            "publication",
            date=facts["capture-published"],
            name=facts["capture-publisher"],
            showAs=facts["capture-title"],
        )
    life = _el(meta, "lifecycle", source="#briefgen")
    _el(
        life,
        "eventRef",
        eId="adoption",
        date=facts["adopted"],
        source="#original",
        type="generation",
    )

    refs = _el(meta, "references", source="#briefgen")
    _el(refs, "original", eId="original", href=work, showAs=facts["work-title"])
    for eid, name in (("issuer", facts["issuer"]), ("editors", facts.get("editors"))):
        if name:
            href = f"/akn/ontology/organization/{JURISDICTION}/{_slug(name)}"
            _el(refs, "TLCOrganization", eId=eid, href=href, showAs=name)
    _el(
        refs,
        "TLCOrganization",
        eId="briefgen",
        href="/akn/ontology/organization/briefgen",
        showAs="briefgen",
    )
    _el(refs, "TLCRole", eId="author", href="/akn/ontology/role/author", showAs="Author")
    _el(refs, "TLCRole", eId="editor", href="/akn/ontology/role/editor", showAs="Editor")

    if editorial is not None:
        _editorial(_el(meta, "notes", source="#briefgen"), editorial)

    own = _el(meta, "proprietary", source="#briefgen")
    ET.SubElement(
        own,
        f"{{{BRIEFGEN}}}edition",
        {
            k: v
            for k, v in (
                ("expression", facts["expression"]),
                ("version", facts["version"]),
                ("date", doc.created.isoformat()),
                ("editors", facts.get("editors")),
                ("url", facts.get("url")),
            )
            if v
        },
    )
    if "capture-sha256" in facts:
        keys = ("publisher", "title", "url", "sha256", "published")
        ET.SubElement(
            own,
            f"{{{BRIEFGEN}}}capture",
            {k: facts[f"capture-{k}"] for k in keys if f"capture-{k}" in facts},
        )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


def _editorial(notes: ET.Element, section: Section) -> None:
    """Write the editorial section as notes: one per heading and its paragraphs, one per item.

    Items are numbered note_1, note_2… in order, so the first are the interventions that
    `meta` places; a heading's note takes the heading's anchor (or the section's) as its eId.
    """
    current: ET.Element | None = None
    items = 0
    for block in section.children:
        if isinstance(block, Heading):
            eid = (block.anchor or section.anchor or "note").replace("-", "_")
            current = _el(notes, "note", eId=eid, **{"class": "editorial"})
            _inline(_el(current, "p", **{"class": "heading"}), block.content)
        elif isinstance(block, Para):
            if current is None:
                current = _el(notes, "note", eId="editorial_note", **{"class": "editorial"})
            _inline(_el(current, "p"), block.content)
        elif isinstance(block, List):
            kind = (
                "correction"
                if current is not None and current.get("eId") == "corrections"
                else "intervention"
            )
            for item in block.items:
                items += 1
                note = _el(notes, "note", eId=f"note_{items}", **{"class": kind})
                _inline(_el(note, "p"), item.content)


# ----------------------------------------------------------------------------- front


def _front(statement: ET.Element, front: Section) -> None:
    """Write the title and the adoption as the preface; the rest as the cover page."""
    title = [b for b in front.children if isinstance(b, Heading) and b.level == 1]
    adoption = [b for b in front.children if isinstance(b, Para) and b.role == "adoption"]
    rest = [b for b in front.children if b not in title and b not in adoption]
    if rest:
        cover = _el(statement, "coverPage")
        for block in rest:
            _cover(cover, block)
    preface = _el(statement, "preface")
    for heading in title:
        _inline(_el(_el(_el(preface, "longTitle"), "p"), "docTitle"), heading.content)
    for para in adoption:
        _inline(_el(preface, "p", **{"class": "adoption"}), para.content)


def _cover(cover: ET.Element, block: Block) -> None:
    name = (getattr(block, "role", None) or "front").split()[-1]
    box = _el(cover, "container", name=name)
    if isinstance(block, Facts):
        listing = _el(box, "blockList", eId=name)
        for n, fact in enumerate(block.items, 1):
            item = _el(listing, "item", eId=f"{name}__item_{n}")
            _el(item, "heading").text = fact.label
            _inline(_el(item, "p", **{"class": fact.role}), fact.content)
    elif isinstance(block, Para):
        _inline(_el(box, "p"), block.content)
    else:
        _el(box, "p").text = _words(block)


def _words(block: Block) -> str:
    """Return the words of a block the cover page has no form for."""
    if isinstance(block, Heading | Para | Numbered):
        return plain(block.content)
    if isinstance(block, Section | Note):
        return " ".join(_words(b) for b in block.children)
    return ""


# ----------------------------------------------------------------------------- text


def _text(statement: ET.Element, text: Section | None, notes: _Notes) -> None:
    """Write the preamble (a first part without a heading) and the main body."""
    parts = [b for b in text.children if isinstance(b, Section)] if text else []
    first = parts[0] if parts else None
    if first is not None and not any(isinstance(b, Heading) for b in first.children):
        recitals = _el(_el(statement, "preamble"), "recitals", eId="recitals")
        for block, items in _with_items(first.children):
            _numbered(recitals, "recital", block, notes, items)
        parts = parts[1:]
    body = _el(statement, "mainBody")
    sections = 0
    for part in parts:
        heading = next((b for b in part.children if isinstance(b, Heading)), None)
        into = body
        if heading is not None:
            sections += 1
            into = _el(body, "section", eId=f"sec_{sections}")
            absent = "absent" in (heading.role or "").split()
            h = _el(into, "heading", status="editorial" if absent else None)
            _inline(h, heading.content)
            notes.refs(h, part.anchor, "heading")
        for block, items in _with_items(part.children):
            _numbered(into, "paragraph", block, notes, items)
    if not len(body):  # a text with no paragraph at all: the main body may not be empty
        _el(body, "p")


def _with_items(children: Iterable[Block]) -> Iterator[tuple[Numbered, List | None]]:
    """Yield each numbered paragraph of a part with the list of items under it, if any."""
    blocks = list(children)
    for i, block in enumerate(blocks):
        if isinstance(block, Numbered):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            yield block, nxt if isinstance(nxt, List) and nxt.role == "items" else None


def point_eid(anchor: str) -> str:
    """Return the eId of an item of a paragraph's list: para-12-c -> para_12__point_c, and of
    an item of an item's list: para-5-b-ii -> para_5__point_b__point_ii."""
    number, *keys = anchor.removeprefix("para-").split("-")
    return f"para_{number}" + "".join(f"__point_{key}" for key in keys)


def _numbered(
    parent: ET.Element, tag: str, para: Numbered, notes: _Notes, items: List | None = None
) -> None:
    """Write a numbered paragraph, eId para_N; an absent one says so, as editorial text.

    A paragraph with items holds its lead-in as `intro` and each item as a `point`
    (eId para_12__point_c) with its label as `num`; a recital, which has no points, holds
    them as further `p`s, each starting with its label.
    """
    el = _el(parent, tag, eId=f"para_{para.number}", status="editorial" if para.absent else None)
    if para.lang:
        el.set(XML_LANG, para.lang)
    _el(el, "num").text = para.number
    if items is not None and tag == "paragraph":
        p = _el(_el(el, "intro"), "p")
    else:
        p = _el(_el(el, "content") if tag == "paragraph" else el, "p")
    notes.refs(p, para.anchor, "before")
    if para.absent:
        _inline(_el(p, "omissis"), para.content)
    else:
        _inline(p, para.content)
    notes.refs(p, para.anchor, "paragraph", "after")
    if items is not None:
        _points(el, items, notes, recital=tag != "paragraph")


def _points(parent: ET.Element, items: List, notes: _Notes, recital: bool = False) -> None:
    """Write a list's items as `point`s, label as `num`; an item with a list of its own holds
    its words as `intro` and its items as points within it. In a recital, which has no points,
    each item (at any depth) is a further `p` starting with its label."""
    for item in items.items:
        absent = "absent" in (item.role or "").split()
        below = [c for c in item.children if isinstance(c, List) and c.role == "items"]
        if recital:
            ip = _el(parent, "p", eId=point_eid(item.anchor or ""))
            _append_text(ip, f"{item.label or '•'} ")
            _inline(ip, item.content)
            notes.refs(ip, item.anchor, "item")
            for sub in below:
                _points(parent, sub, notes, recital=True)
            continue
        point = _el(
            parent,
            "point",
            eId=point_eid(item.anchor or ""),
            status="editorial" if absent else None,
        )
        if item.lang:
            point.set(XML_LANG, item.lang)
        if item.label:
            _el(point, "num").text = item.label
        ip = _el(_el(point, "intro" if below else "content"), "p")
        _inline(_el(ip, "omissis") if absent else ip, item.content)
        notes.refs(ip, item.anchor, "item")
        for sub in below:
            _points(point, sub, notes)


# ----------------------------------------------------------------------------- runs


def _inline(parent: ET.Element, content: Runs | Iterable[Text]) -> None:
    """Append runs to an element: plain words as text, marked ones as inline elements."""
    for run in content:
        if not (run.marks or run.role or run.lang or run.link):
            _append_text(parent, run.text)
            continue
        outer = _wrap(parent, run)
        inner = outer
        for mark in run.marks:
            inner = _el(
                inner, _MARKS.get(mark, "span"), **({} if mark in _MARKS else {"class": mark})
            )
        inner.text = run.text


def _wrap(parent: ET.Element, run: Text) -> ET.Element:
    """Return the outermost element of a run: its link, or a span with its role and language."""
    link = run.link
    if link is not None and link.kind == "paragraph":
        el = _el(parent, "ref", href=f"#{point_eid('para-' + link.target)}")
    elif link is not None and link.kind == "anchor":
        el = _el(parent, "a", href="#" + re.sub(r"^para-", "para_", link.target))
    elif link is not None:
        el = _el(parent, "a", href=link.target)
    elif run.marks and not run.role and not run.lang:
        return parent
    else:
        el = _el(parent, "span")
    if run.role:
        el.set("class", run.role)
    if run.lang:
        el.set(XML_LANG, run.lang)
    return el


def _append_text(parent: ET.Element, words: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + words
    else:
        parent.text = (parent.text or "") + words
