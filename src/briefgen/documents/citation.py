"""Citations people can paste: pinpoint text, CSL-JSON, BibTeX and RIS records of an edition.

Every record describes an edition of a declaration as a *report* (CSL `report`, biblatex
`@report`, RIS `RPRT`; Zotero's item type Report). Of the types Zotero and citeproc share, it is
the one that prints every fact a reader needs in Chicago, APA, OSCOLA and Harvard alike: the
issuer as the author, the adoption date and place, which text it is and briefgen's edition, and
the address. `treaty` and `legislation` drop the text's name in three of those styles; `document`
drops it in OSCOLA and Harvard, and RIS has no document type Zotero reads back (GEN imports as a
journal article).

Zotero's Report has no Edition field. Its RIS and BibTeX importers hand `ET`/`edition` to the
item saver, which files a field the type lacks in Extra ("Edition: briefgen edition 1.0.0 of 21
November 2026"); its CSL-JSON importer drops `edition`, so the CSL record also carries that line
at the head of its `note` (Zotero's Extra). Zotero's citation styles read the line back as the
CSL edition. The short title names the text ("Shanghai Declaration (Xinhua English text)"), so
short notes tell two translations apart.

A record of one paragraph names it in its title ("…, para 13"), which every importer keeps,
and in `section`/`SE`; with a record of the whole edition, cite the paragraph as a locator
(`[@key, para 13]`; in Zotero the locator "Paragraph"). The record's address is the edition's
(`edition.url`); the address of the text as its publisher issued it (`origin.url`) is named in
the record's note, where Zotero and the styles keep it without passing it off as the edition's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..i18n import Messages, base, messages
from ..model.declaration import Declaration, pin_anchor
from ..model.source import Paragraph
from ..outputs import filename
from .wording import original_language, para

#: The language a source's work record (its title, place and issuer) is written in.
RECORD_LANGUAGE = "en"


def paragraph(decl: Declaration, number: str) -> Paragraph:
    """Return the paragraph printed with this number, or raise KeyError."""
    for p in decl.source.paragraphs:
        if p.number == number:
            return p
    raise KeyError(number)


def default_expression(decl: Declaration) -> str:
    """Return the expression cited when none is named: an authoritative one, else the first."""
    for e in decl.source.expressions:
        if e.authoritative:
            return e.id
    return decl.source.expressions[0].id


def key(decl: Declaration, expression_id: str, number: str | None = None) -> str:
    """Return a stable citation key, e.g. shanghai-declaration-2024-en-xinhua-para-13.

    `number` here and below is a pinpoint as printed: "13", or "12(c)" for an item of a
    paragraph's list (key and anchor "para-12-c").
    """
    return f"{decl.id}-{expression_id}" + (f"-{pin_anchor(number)}" if number else "")


#: biblatex language keys (babel/polyglossia names) of the languages briefgen names.
_BIBLATEX_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "de": "german",
    "ru": "russian",
    "ar": "arabic",
    "zh": "chinese",
    "ja": "japanese",
}


_NOCASE = '<span class="nocase">{}</span>'


def edition_url(decl: Declaration, expression_id: str, number: str | None = None) -> str | None:
    """Return the address of an edition's HTML page (and paragraph), if the source gives one."""
    base = decl.source.edition.url
    if base is None:
        return None
    page = f"{base.rstrip('/')}/{decl.id}/{filename('edition', (expression_id,), 'html')}"
    return page + (f"#{pin_anchor(number)}" if number else "")


def cited_title(decl: Declaration, expression_id: str, short: bool = False) -> str:
    """Return the title a text is cited by: its own, in its own language.

    A text in the language of the work's record is cited by the work's title (and short
    title), the one title the editors chose for the work in that language, so two translations
    into it (the Xinhua and 1AI English texts) stand together in a bibliography.
    """
    w, e = decl.source.work, decl.expression(expression_id)
    if base(e.language) == RECORD_LANGUAGE:
        return (w.short_title or w.title) if short else w.title
    return e.title


def incomplete(
    m: Messages, decl: Declaration, number: str | None, expression_id: str
) -> str | None:
    """Return 'para 3 is incomplete in this edition (why)' where a paragraph is, else None."""
    p = decl.incomplete(number, expression_id)
    if p is None:
        return None
    return m._(
        "para {number} is incomplete in this edition ({reason})",
        number=p.number,
        reason=p.incomplete[expression_id],
    )


def citation(m: Messages, decl: Declaration, number: str | None, expression_id: str) -> str:
    """Return the citation of an edition, pinpointed to a paragraph when one is given.

    "Shanghai Declaration on Global AI Governance (Shanghai, 4 July 2024) para 13 (Xinhua
    English text; briefgen edition 1.0.0)", in the language of `m`, under the text's own title.
    """
    w = decl.work_as_named(expression_id)
    values = {
        "title": cited_title(decl, expression_id),
        "place": w.place,
        "date": m.date(w.adopted),
        "text": decl.expression(expression_id).name,
        "version": decl.edition(expression_id).version,
    }
    if w.place is None:  # the captures do not say where: name no place
        del values["place"]
        if number:
            said = m._(
                "{title} ({date}) {pinpoint} ({text}; briefgen edition {version})",
                pinpoint=para(m, number),
                **values,
            )
        else:
            said = m._("{title} ({date}) ({text}; briefgen edition {version})", **values)
    elif number:
        said = m._(
            "{title} ({place}, {date}) {pinpoint} ({text}; briefgen edition {version})",
            pinpoint=para(m, number),
            **values,
        )
    else:
        said = m._("{title} ({place}, {date}) ({text}; briefgen edition {version})", **values)
    note = incomplete(m, decl, number, expression_id)
    return m._("{citation} — {note}", citation=said, note=note) if note else said


#: The records' words (CSL, BibTeX, RIS) are in English, the language of their fields' names.
_EN = "en"


def _status(decl: Declaration, expression_id: str) -> str:
    e, w = decl.expression(expression_id), decl.source.work
    m = messages(_EN)
    if e.authoritative:
        return m._("Authoritative text.")
    return m._(
        "Not an authoritative text; the original language is {language}.",
        language=original_language(m, w),
    )


def _title(
    decl: Declaration,
    expression_id: str,
    number: str | None,
    short: bool = False,
    keep_case: str = "{}",
) -> str:
    """Return the title of a record, with its paragraph; keep_case wraps 'para N' so styles
    that capitalise titles leave it alone ('<span class="nocase">{}</span>' in CSL-JSON)."""
    title = cited_title(decl, expression_id, short)
    return title + (", " + keep_case.format(f"para {number}") if number else "")


def _edition(decl: Declaration, expression_id: str) -> str:
    ed, m = decl.edition(expression_id), messages(_EN)
    return m._("briefgen edition {version} of {date}", version=ed.version, date=m.date(ed.date))


def _extra_edition(decl: Declaration, expression_id: str) -> str:
    """Return the edition as a line of Zotero's Extra, which its Report keeps and cites."""
    return f"Edition: {_edition(decl, expression_id)}"


def _short_title(
    decl: Declaration, expression_id: str, number: str | None, keep_case: str = "{}"
) -> str:
    """Return a short title that names the text: "Shanghai Declaration (Xinhua English text)".

    Two translations share the work's short title; the text's name keeps their short notes
    apart. keep_case wraps the text's name, which styles must not recapitalise ("1AI").
    """
    short = cited_title(decl, expression_id, short=True)
    name = keep_case.format(f"({decl.expression(expression_id).name})")
    return f"{short} {name}" + (", " + keep_case.format(f"para {number}") if number else "")


def _published(decl: Declaration, expression_id: str) -> str | None:
    """Return where the text was published by its publisher, if the source says."""
    origin = decl.expression(expression_id).origin
    if origin is None:
        return None
    return f"Text as published by {origin.publisher}: {origin.url}"  # the records' English


def csl_item(decl: Declaration, expression_id: str, number: str | None = None) -> dict[str, Any]:
    """Return a CSL-JSON item (type report) for an edition, or one paragraph of it.

    The issuer is the author and the adoption date the date; the text's name (which translation)
    is the genre and briefgen's edition the edition, so neither poses as the publisher.
    """
    w, e = decl.work_as_named(expression_id), decl.expression(expression_id)
    a = w.adopted
    item: dict[str, Any] = {
        "id": key(decl, expression_id, number),
        "type": "report",
        "title": _title(decl, expression_id, number, keep_case=_NOCASE),
        "author": [{"literal": w.issuer}],
        "issued": {"date-parts": [[a.year, a.month, a.day]]},
        # no place where the captures give none
        **({"publisher-place": w.place, "event-place": w.place} if w.place is not None else {}),
        "genre": e.name,
        "edition": _edition(decl, expression_id),
        "language": e.language,
        "title-short": _short_title(decl, expression_id, number, keep_case=_NOCASE),
        # Extra's field lines first: citeproc-js reads them only before the free text
        "note": _extra_edition(decl, expression_id) + "\n" + _status(decl, expression_id),
    }
    url = edition_url(decl, expression_id, number)
    if url:
        item["URL"] = url
    if number:
        item["section"] = f"para {number}"
    incomplete_ = incomplete(messages(_EN), decl, number, expression_id)
    if incomplete_:
        item["note"] += f"; {incomplete_}"
    published = _published(decl, expression_id)
    if published:
        item["note"] += f"\n{published}"
    return item


def csl_json(decl: Declaration, expressions: list[str], number: str | None = None) -> str:
    """Return CSL-JSON (an array of items) for editions of several expressions."""
    items = [csl_item(decl, e, number) for e in expressions]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


#: Line breaks and other control characters: a record's value is one line (a raw newline in
#: RIS starts a new tag, or a new record; in BibTeX a blank line is a paragraph break).
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")

#: What each of LaTeX's special characters is written as in a BibTeX value, to print as itself.
_BIB_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def one_line(value: str) -> str:
    """Fold every line break and control character of a record's value into a space."""
    return _BREAKS.sub(" ", value)


def _bib_escape(value: str) -> str:
    """Write a text as a BibTeX value that prints as itself: every LaTeX special character
    escaped (a backslash too, so no text from a source runs as a command), on one line."""
    return "".join(_BIB_SPECIALS.get(c, c) for c in one_line(value))


def _bib_url(url: str) -> str:
    """Write an address as a biblatex `url` (read verbatim): the characters that would end or
    unbalance the value, or break its line, percent-encoded as in any address."""
    return re.sub(r"[{}\\\s\x00-\x1f\x7f-\x9f]", lambda m: quote(m.group(), safe=""), url)


def _ris_line(tag: str, value: str) -> str:
    """Write one RIS tag: its value on the tag's one line, so no text opens a tag or record."""
    return f"{tag}  - {one_line(value)}\n"


def bibtex(decl: Declaration, expressions: list[str], number: str | None = None) -> str:
    """Return biblatex @report entries for editions of several expressions."""
    entries = []
    for e_id in expressions:
        e, w = decl.expression(e_id), decl.work_as_named(e_id)
        fields = [
            ("author", "{" + _bib_escape(w.issuer) + "}"),  # braced: an institution, not a person
            ("title", "{" + _bib_escape(_title(decl, e_id, number)) + "}"),  # a name: keep its case
            ("type", _bib_escape(e.name)),
            ("date", w.adopted.isoformat()),
            *((("location", _bib_escape(w.place)),) if w.place is not None else ()),
            ("edition", _bib_escape(_edition(decl, e_id))),
            ("shorttitle", _bib_escape(_short_title(decl, e_id, number))),
        ]
        url = edition_url(decl, e_id, number)
        if url:
            fields.append(("url", _bib_url(url)))
        langid = _BIBLATEX_LANGUAGES.get(e.language.split("-")[0])
        if langid:
            fields.append(("langid", langid))
        incomplete_ = incomplete(messages(_EN), decl, number, e_id)
        note = _status(decl, e_id) + (f" {incomplete_}." if incomplete_ else "")
        published = _published(decl, e_id)
        if published:
            note += f" {published}"
        fields.append(("note", _bib_escape(note)))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        entries.append(f"@report{{{key(decl, e_id, number)},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(decl: Declaration, expressions: list[str], number: str | None = None) -> str:
    """Return RIS records (RPRT, a Report in Zotero) for editions of several expressions."""
    records = []
    for e_id in expressions:
        e, w = decl.expression(e_id), decl.work_as_named(e_id)
        a = w.adopted
        lines = [
            ("TY", "RPRT"),
            ("ID", key(decl, e_id, number)),
            ("TI", _title(decl, e_id, number)),
            ("AU", w.issuer),  # no comma: Zotero keeps it whole, as an institution
            ("PY", str(a.year)),
            ("DA", f"{a.year:04d}/{a.month:02d}/{a.day:02d}"),
            *((("CY", w.place),) if w.place is not None else ()),
            ("M3", e.name),  # Zotero's Report Type: which text this is
            ("ET", _edition(decl, e_id)),  # Zotero files a Report's edition in Extra
            ("LA", e.language),
            ("ST", _short_title(decl, e_id, number)),
        ]
        url = edition_url(decl, e_id, number)
        if url:
            lines.append(("UR", url))
        incomplete_ = incomplete(messages(_EN), decl, number, e_id)
        if incomplete_:
            lines.append(("N1", incomplete_))
        if number:
            lines.append(("SE", f"para {number}"))
        lines.append(("N1", _status(decl, e_id)))
        published = _published(decl, e_id)
        if published:
            lines.append(("N1", published))
        lines.append(("ER", ""))
        records.append("".join(_ris_line(tag, value) for tag, value in lines))
    return "\n".join(records)


def records(
    decl: Declaration,
    fmt: str,
    expressions: list[str],
    number: str | None = None,
    templates_dir: Path | None = None,
) -> str:
    """Return a citation (text, each in its text's language) or a record (csl-json, bibtex,
    ris); templates_dir: the project's templates, whose catalogues the text may use."""
    if fmt == "text":
        return "".join(
            citation(messages(decl.expression(e).language, templates_dir), decl, number, e) + "\n"
            for e in expressions
        )
    if fmt == "csl-json":
        return csl_json(decl, expressions, number)
    if fmt == "bibtex":
        return bibtex(decl, expressions, number)
    return ris(decl, expressions, number)
