"""Phrases that several documents print, worded once for every format and every shape of work.

The document views call these, and every format renders the views, so a work whose issuer is
not a meeting, or whose text is authoritative, reads right everywhere at once. Every phrase is
a whole message in the language of the document (`Messages`), so a translation orders its
words its own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..i18n import Messages, base
from ..model.declaration import Declaration
from ..model.source import Expression, Intervention, ItemAt, Work, names_a_meeting, walk_items
from .blocks import Link, Runs, Text, fill, runs

if TYPE_CHECKING:
    from ..outputs import Alternate


def the(name: str) -> str:
    """Return a name with 'the' before it, unless it already starts with an article (English)."""
    return name if _has_article(name) else f"the {name}"


def _has_article(name: str) -> bool:
    return name.split(" ", 1)[0].lower() in ("the", "a", "an")


def named(m: Messages, name: str) -> str:
    """Return a name as it stands in a sentence: with English's 'the' in English, else as is."""
    return the(name) if base(m.lang) == "en" else name


def adoption(m: Messages, work: Work) -> str:
    """Return how and where the work was adopted: 'Adopted at the X, Place, 4 July 2024'.

    A source may say how to phrase it in `work.adoption` (e.g. 'Agreed by the countries
    attending the Summit'); without it an issuer that is a meeting adopted it "at", any other
    ("the Heads of State and Government of …", "G7 Leaders") "by". Place and date follow.
    """
    place, day = work.place, m.date(work.adopted)
    if place is None:  # the captures do not say where: name no place
        return _adoption_without_place(m, work, day)
    if work.adoption:
        return m._("{adoption}, {place}, {date}", adoption=work.adoption, place=place, date=day)
    issuer = work.issuer
    if names_a_meeting(issuer):
        if _has_article(issuer):
            return m._("Adopted at {issuer}, {place}, {date}", issuer=issuer, place=place, date=day)
        return m._("Adopted at the {issuer}, {place}, {date}", issuer=issuer, place=place, date=day)
    if _has_article(issuer):
        return m._("Adopted by {issuer}, {place}, {date}", issuer=issuer, place=place, date=day)
    return m._("Adopted by the {issuer}, {place}, {date}", issuer=issuer, place=place, date=day)


def _adoption_without_place(m: Messages, work: Work, day: str) -> str:
    """Return how the work was adopted and when, for a work whose place no capture gives."""
    if work.adoption:
        return m._("{adoption}, {date}", adoption=work.adoption, date=day)
    issuer = work.issuer
    if names_a_meeting(issuer):
        if _has_article(issuer):
            return m._("Adopted at {issuer}, {date}", issuer=issuer, date=day)
        return m._("Adopted at the {issuer}, {date}", issuer=issuer, date=day)
    if _has_article(issuer):
        return m._("Adopted by {issuer}, {date}", issuer=issuer, date=day)
    return m._("Adopted by the {issuer}, {date}", issuer=issuer, date=day)


def original_language(m: Messages, work: Work) -> str:
    """Return the name of the work's original language, or that the captures do not say it."""
    if work.original_language is None:
        # TRANSLATORS: stands for a language's name: "The original language is {language}."
        return m._("not stated in the captures")
    return m.language(work.original_language)


def then(m: Messages, sentence: Runs, following: Runs | None) -> Runs:
    """Return a sentence followed by another (if any), as the language joins them: "A. B."
    in English, "A。B。" in Chinese."""
    if not following:
        return sentence
    # TRANSLATORS: one sentence after another ("{sentence}" ends in its full stop)
    return fill(m._("{sentence} {next}"), sentence=sentence, next=following)


def noted(m: Messages, words: Runs | str, note: Runs | None) -> Runs:
    """Return words followed by a note about them: "Xinhua English text (English). The English
    text released by Xinhua …"."""
    if not note:
        return runs(words)
    # TRANSLATORS: words (a name, a source), then a sentence about them
    return fill(m._("{words}. {note}"), words=words, note=note)


def dated(line: str, day: str) -> Runs:
    """Return a line of our own words as runs, its date (the last place `day` stands) a run
    of role "date", which a writer keeps on one line ("22 November 2026", never "22 /
    November 2026")."""
    at = line.rfind(day)
    if not day or at < 0:
        return runs(line)
    return runs(line[:at], Text(day, role="date"), line[at + len(day) :])


def para(m: Messages, number: str) -> str:
    """Return how a paragraph is named in a note or a citation: 'para 13'."""
    return m._("para {number}", number=number)


def paras(m: Messages, numbers: list[str]) -> str:
    """Return how paragraphs are named: 'para 3' or 'paras 3, 4'."""
    listed = ", ".join(numbers)
    return para(m, listed) if len(numbers) == 1 else m._("paras {numbers}", numbers=listed)


def intervention(m: Messages, decl: Declaration, iv: Intervention) -> str:
    """Return where and what an intervention did, as a reader names the place.

    'Removed 14 words before para 1', 'Removed 1 word after para 9', 'Normalised in para
    12(c)', 'Normalised the heading of section 4 (“Promoting the development of artificial
    intelligence”)'. Each action at each kind of place is one whole message.
    """
    kind, target = iv.at.target()
    if kind == "heading":
        place, where = heading_name(m, decl, target, iv.capture), "heading"
    elif kind == "item":
        place, where = item_name(m, decl, target), "in"
    else:
        numbers = {p.id: p.number for p in decl.source.paragraphs}
        place = para(m, numbers.get(target, target))
        where = "in" if kind == "paragraph" else kind
    if iv.action == "remove" and iv.text:
        n = len(iv.text.split())
        if where == "heading":
            return m.n_(
                "Removed {n} word at {place}", "Removed {n} words at {place}", n, place=place
            )
        if where == "before":
            return m.n_(
                "Removed {n} word before {place}",
                "Removed {n} words before {place}",
                n,
                place=place,
            )
        if where == "after":
            return m.n_(
                "Removed {n} word after {place}", "Removed {n} words after {place}", n, place=place
            )
        return m.n_("Removed {n} word in {place}", "Removed {n} words in {place}", n, place=place)
    return m._(_ACTS[iv.action][where], place=place)


#: What each action is called at each kind of place, {place} the place's name. The English
#: words are the messages' ids (extracted by make messages from the literals below).
def _acts(_: Callable[[str], str]) -> dict[str, dict[str, str]]:
    return {
        "remove": {
            "heading": _("Removed at {place}"),
            "in": _("Removed in {place}"),
            "before": _("Removed before {place}"),
            "after": _("Removed after {place}"),
        },
        "restore": {
            "heading": _("Supplied {place}"),
            "in": _("Supplied in {place}"),
            "before": _("Supplied before {place}"),
            "after": _("Supplied after {place}"),
        },
        "normalise": {
            "heading": _("Normalised {place}"),
            "in": _("Normalised in {place}"),
            "before": _("Normalised before {place}"),
            "after": _("Normalised after {place}"),
        },
    }


_ACTS = _acts(lambda message: message)


def item_name(m: Messages, decl: Declaration, ref: str) -> str:
    """Return how a reader names an item ("paragraph-id/item-id"): 'para 12(c)', or 'para 12,
    item 2' for a bullet."""
    pid, below = ref.split("/", 1)
    p = next(p for p in decl.source.paragraphs if p.id == pid)
    at = next(at for at in walk_items(p.items) if at.ref() == below)
    return _item_name(m, at, p.number)


def _item_name(m: Messages, at: ItemAt, number: str) -> str:
    """Return how a reader names an item: "para 5(b)(ii)", or "para 5(b), item 2" (a bullet)."""
    if at.item.label is not None:
        return para(m, at.pin(number))
    up = at.up()
    above = para(m, number) if up is None else _item_name(m, up, number)
    return m._("{place}, item {item}", place=above, item=at.places[-1] + 1)


#: A heading's own label before its words ("IV.", "(b)"; "2." where the section is 2): the
#: section's number says it.
_LABEL = r"^(?:{number}[.)]?|[IVXLCDM]+[.)]|\(?[a-z]\))\s+"
#: The most words of a heading quoted in a note; a longer one ends in "…".
HEADING_WORDS = 10


def heading_name(
    m: Messages, decl: Declaration, section_id: str, capture: str | None = None
) -> str:
    """Return how a reader knows a section's heading: 'the heading of section 2 (“Security”)'.

    The words are those of the text made from `capture` where it has the heading (else of the
    first text that has it), without the label the number already gives and without the
    editors' square brackets. A section with neither number nor words is named by its id.
    """
    section = next((s for s in decl.source.sections if s.id == section_id), None)
    if section is None:
        return m._("the heading of section {number}", number=section_id)
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
        if words:
            return m._(
                "the heading of section {number} (“{words}”)", number=section.number, words=words
            )
        return m._("the heading of section {number}", number=section.number)
    if words:
        return m._("the heading “{words}”", words=words)
    return m._("the heading of section {number}", number=section.id)


def output_name(m: Messages, kind: str) -> str:
    """Return what the links between a work's outputs call an output that shows all its texts."""
    return m._("Comparison") if kind == "comparison" else m._("Policy brief")


def other_formats(
    m: Messages, found: list[Alternate], fmt: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return the (label, file) of each other format of a page's document and of the work's
    citation records, and of the notice it links to ("Correction notice", in a format other
    than the page's named as such)."""
    formats = [(a.format.shown, a.file) for a in found if a.role != "notice"]
    notices = [
        (
            m._("Correction notice") + ("" if a.format.name == fmt else f" ({a.format.shown})"),
            a.file,
        )
        for a in found
        if a.role == "notice"
    ]
    return formats, notices


def status(m: Messages, expr: Expression) -> str:
    """Return the status of one text: 'Authoritative text.' or 'Not an authoritative text.'"""
    return m._("Authoritative text.") if expr.authoritative else m._("Not an authoritative text.")


def authority(m: Messages, decl: Declaration) -> str:
    """Return which texts of a work are authoritative, as a clause for a provenance note."""
    texts = decl.source.expressions
    yes = [named(m, e.name) for e in texts if e.authoritative]
    no = [named(m, e.name) for e in texts if not e.authoritative]
    if not yes:
        return m._(
            "no text here is authoritative (the original is {language})",
            language=original_language(m, decl.source.work),
        )
    clause = m.n_(
        "{texts} is authoritative", "{texts} are authoritative", len(yes), texts=m.join(yes)
    )
    if no:
        clause = m.n_(
            "{clause}; {texts} is not",
            "{clause}; {texts} are not",
            len(no),
            clause=clause,
            texts=m.join(no),
        )
    return clause


def glossary_note(m: Messages, decl: Declaration, languages: list[str]) -> str:
    """Return how the key-terms table finds its occurrences, for the texts compared."""
    names = list(dict.fromkeys(m.language(code) for code in languages))
    w = decl.source.work
    original = original_language(m, w)
    if w.original_language is None or original in names:
        return m._(
            "Occurrences are found by matching the {languages} forms listed in the source's "
            "glossary; they are a reading aid, not an alignment of the texts.",
            languages=m.join(names),
        )
    return m._(
        "Occurrences are found by matching the {languages} forms listed in the source's "
        "glossary; they are a reading aid, not an alignment with the {original} text.",
        languages=m.join(names),
        original=original,
    )


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


def normalised(m: Messages, decl: Declaration, iv: Intervention) -> Runs:
    """Return the words a normalisation changed: 'As captured: 9<sup>e</sup> · As printed: 9e'."""
    before, after = decl.normalised_words(iv)
    return (
        Text(m._("As captured:"), role="label"),
        *marked(f" {before}"),
        Text(" · "),
        Text(m._("As printed:"), role="label"),
        *marked(f" {after}"),
    )


def url(address: str) -> Text:
    """Return a printed web address: a link where it is one, else plain text."""
    if re.match(r"https?://", address):
        return Text(address, role="url", link=Link("url", address))
    return Text(address, role="url")
