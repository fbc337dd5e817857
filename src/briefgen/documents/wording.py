"""Phrases that several documents print, worded once for every format and every shape of work.

The document views call these, and every format renders the views, so a work whose issuer is
not a meeting, or whose text is authoritative, reads right everywhere at once.
"""

from __future__ import annotations

import re

from ..model.declaration import Declaration, long_date
from ..model.source import Expression, Intervention, Work, item_place, names_a_meeting
from .blocks import Link, Runs, Text

LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
    "de": "German",
    "ja": "Japanese",
}


def language_name(code: str) -> str:
    """Return the English name of a language code, or the code itself."""
    return LANGUAGE_NAMES.get(code.split("-")[0], code)


def the(name: str) -> str:
    """Return a name with 'the' before it, unless it already starts with an article."""
    first = name.split(" ", 1)[0].lower()
    return name if first in ("the", "a", "an") else f"the {name}"


def adoption(work: Work) -> str:
    """Return how and where the work was adopted: 'Adopted at the X, Place, 4 July 2024'.

    A source may say how to phrase it in `work.adoption` (e.g. 'Agreed by the countries
    attending the Summit'); without it an issuer that is a meeting adopted it "at", any other
    ("the Heads of State and Government of …", "G7 Leaders") "by". Place and date follow.
    """
    at = "at" if names_a_meeting(work.issuer) else "by"
    how = work.adoption or f"Adopted {at} {the(work.issuer)}"
    return f"{how}, {work.place}, {long_date(work.adopted)}"


_VERBS = {"remove": "Removed", "restore": "Supplied", "normalise": "Normalised"}


def intervention(decl: Declaration, iv: Intervention) -> str:
    """Return where and what an intervention did, as a reader names the place.

    'Removed 14 words before para 1', 'Removed 1 word after para 9', 'Normalised in para
    12(c)', 'Normalised the heading of section 4 (“Promoting the development of artificial
    intelligence”)'.
    """
    kind, target = iv.at.target()
    verb = _VERBS[iv.action]
    if iv.action == "remove" and iv.text:
        verb += " " + plural(len(iv.text.split()), "word")
    if kind == "heading":
        place = heading_name(decl, target, iv.capture)
        return f"{verb} at {place}" if iv.action == "remove" else f"{verb} {place}"
    if kind == "item":
        return f"{verb} in {item_name(decl, target)}"
    numbers = {p.id: p.number for p in decl.source.paragraphs}
    number = numbers.get(target, target)
    return f"{verb} in para {number}" if kind == "paragraph" else f"{verb} {kind} para {number}"


def item_name(decl: Declaration, ref: str) -> str:
    """Return how a reader names an item ("paragraph-id/item-id"): 'para 12(c)', or 'para 12,
    item 2' for a bullet."""
    pid, below = ref.split("/", 1)
    p = next(p for p in decl.source.paragraphs if p.id == pid)
    return item_place(p, below)


#: A heading's own label before its words ("IV.", "(b)"; "2." where the section is 2): the
#: section's number says it.
_LABEL = r"^(?:{number}[.)]?|[IVXLCDM]+[.)]|\(?[a-z]\))\s+"
#: The most words of a heading quoted in a note; a longer one ends in "…".
HEADING_WORDS = 10


def heading_name(decl: Declaration, section_id: str, capture: str | None = None) -> str:
    """Return how a reader knows a section's heading: 'the heading of section 2 (“Security”)'.

    The words are those of the text made from `capture` where it has the heading (else of the
    first text that has it), without the label the number already gives and without the
    editors' square brackets. A section with neither number nor words is named by its id.
    """
    section = next((s for s in decl.source.sections if s.id == section_id), None)
    if section is None:
        return f"the heading of section {section_id}"
    texts = [h for h in (section.heading or {}).items() if isinstance(h[1], str)]
    own = [e.id for e in decl.source.expressions if capture and e.capture == capture]
    texts.sort(key=lambda item: item[0] not in own)
    words = ""
    if texts:
        heading = " ".join(str(texts[0][1]).split())
        if heading.startswith("[") and heading.endswith("]"):
            heading = heading[1:-1].strip()
        label = _LABEL.format(number=re.escape(section.number or ""))
        words = re.sub(label, "", heading, count=1) if section.number else heading
        cut = words.split()
        if len(cut) > HEADING_WORDS:
            words = " ".join(cut[:HEADING_WORDS]) + " …"
    if section.number:
        quoted = f" (“{words}”)" if words else ""
        return f"the heading of section {section.number}{quoted}"
    return f"the heading “{words}”" if words else f"the heading of section {section.id}"


#: What the links between a work's outputs call the outputs that show all its texts.
OUTPUT_NAMES = {"comparison": "Comparison", "brief": "Policy brief"}


def status(expr: Expression) -> str:
    """Return the status of one text: 'Authoritative text.' or 'Not an authoritative text.'"""
    return "Authoritative text." if expr.authoritative else "Not an authoritative text."


def authority(decl: Declaration) -> str:
    """Return which texts of a work are authoritative, as a clause for a provenance note."""
    texts = decl.source.expressions
    yes = [the(e.name) for e in texts if e.authoritative]
    no = [the(e.name) for e in texts if not e.authoritative]
    original = language_name(decl.source.work.original_language)
    if not yes:
        return f"no text here is authoritative (the original is {original})"
    clause = f"{_join(yes)} {'is' if len(yes) == 1 else 'are'} authoritative"
    if no:
        clause += f"; {_join(no)} {'is' if len(no) == 1 else 'are'} not"
    return clause


def glossary_note(decl: Declaration, languages: list[str]) -> str:
    """Return how the key-terms table finds its occurrences, for the texts compared."""
    names = list(dict.fromkeys(language_name(code) for code in languages))
    original = language_name(decl.source.work.original_language)
    against = (
        "not an alignment of the texts"
        if original in names
        else f"not an alignment with the {original} text"
    )
    return (
        f"Occurrences are found by matching the {_join(names)} forms listed in the source's "
        f"glossary; they are a reading aid, {against}."
    )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: Runs of Chinese characters (CJK ideographs, with CJK punctuation between them).
HAN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:[\u3000-\u303f\uff00-\uffef]*"
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
)


def marked(text: str | None) -> Runs:
    """Return text as runs, each run of Chinese characters marked as Chinese.

    Readers (and a PDF's structure, where it becomes /Lang) then know which words to read as
    Chinese, and the fonts pick Chinese glyph forms for them.
    """
    if not text:
        return ()
    out: list[Text] = []
    at = 0
    for found in HAN.finditer(text):
        if found.start() > at:
            out.append(Text(text[at : found.start()]))
        out.append(Text(found.group(0), lang="zh"))
        at = found.end()
    if at < len(text):
        out.append(Text(text[at:]))
    return tuple(out)


def normalised(decl: Declaration, iv: Intervention) -> Runs:
    """Return the words a normalisation changed: 'As captured: 9<sup>e</sup> · As printed: 9e'."""
    before, after = decl.normalised_words(iv)
    return (
        Text("As captured:", role="label"),
        *marked(f" {before}"),
        Text(" · "),
        Text("As printed:", role="label"),
        *marked(f" {after}"),
    )


def url(address: str) -> Text:
    """Return a printed web address: a link where it is one, else plain text."""
    if re.match(r"https?://", address):
        return Text(address, role="url", link=Link("url", address))
    return Text(address, role="url")


def plural(count: int, noun: str) -> str:
    """Return '1 editorial intervention' or '3 editorial interventions'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
