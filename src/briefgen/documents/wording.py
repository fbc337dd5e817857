"""Phrases that several documents print, worded once for every format and every shape of work.

The document views call these, and every format renders the views, so a work whose issuer is
not a meeting, or whose text is authoritative, reads right everywhere at once.
"""

from __future__ import annotations

import re

from ..model.declaration import Declaration, long_date
from ..model.source import Expression, Work
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

    A source whose issuer is not a meeting says how to phrase it in `work.adoption`
    (e.g. 'Agreed by the countries attending the Summit'); place and date follow.
    """
    how = work.adoption or f"Adopted at {the(work.issuer)}"
    return f"{how}, {work.place}, {long_date(work.adopted)}"


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


def url(address: str) -> Text:
    """Return a printed web address: a link where it is one, else plain text."""
    if re.match(r"https?://", address):
        return Text(address, role="url", link=Link("url", address))
    return Text(address, role="url")


def plural(count: int, noun: str) -> str:
    """Return '1 editorial intervention' or '3 editorial interventions'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
