"""Words around a text in that text's language: gettext catalogues, CLDR dates and names.

Every label, note and sentence briefgen writes around a text (the views in documents/, the
`cite` line, the HTML and PDF metadata) is an English message looked up in the catalogue of the
language it is written in: `m._("Cite as")`, `m.n_("{n} editorial intervention", "{n} editorial
interventions", n)`. Placeholders are named, `{version}`, so a translation may move them.

The catalogues are gettext PO files, one per language, `locale/<lang>.po` in the package
(English is the messages themselves; its catalogue is empty, for projects to override), kept
up to date from the code with Babel (`make messages`: extract, then update each catalogue). A
project adds or overrides messages in `templates/locale/<lang>.po`, as it overrides a template:
its messages win, the shipped ones fill the rest, and English fills what neither has. Dates,
numbers and the names of languages and countries come from CLDR through Babel.

Pure lookups once loaded; a catalogue is read once per build (`forget` clears the cache, so
`watch` sees a catalogue saved meanwhile).
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from .errors import Problem, SourceError

#: The languages briefgen ships catalogues for: the six UN languages.
SHIPPED = ("ar", "en", "es", "fr", "ru", "zh")
#: The gettext domain, and the catalogue template the code's messages are extracted into.
DOMAIN = "briefgen"
#: Languages written right to left (ISO 639-1), for `dir` in HTML and bidi in DOCX.
RTL = frozenset({"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})
#: How a long date is written where CLDR's default is not what declarations use: English
#: declarations (and the UN's style) write "4 July 2024", not "July 4, 2024".
DATE_PATTERNS = {"en": "d MMMM y"}


def base(lang: str) -> str:
    """The language of a tag, lower case: "zh" of "zh-Hans", "pt" of "pt_BR"."""
    return lang.replace("_", "-").split("-", 1)[0].lower()


def is_rtl(lang: str) -> bool:
    """Whether a language is written right to left."""
    return base(lang) in RTL


def shipped_catalogue(lang: str) -> Path | None:
    """The path of briefgen's own catalogue for a language, or None if it ships none."""
    found = resources.files("briefgen") / "locale" / f"{base(lang)}.po"
    return Path(str(found)) if found.is_file() else None


def project_catalogue(templates_dir: Path | None, lang: str) -> Path | None:
    """A project's catalogue for a language (`templates/locale/<lang>.po`), if it has one."""
    if templates_dir is None:
        return None
    found = templates_dir / "locale" / f"{base(lang)}.po"
    return found if found.is_file() else None


@dataclass(frozen=True)
class Messages:
    """The messages of one language, and CLDR's ways of writing dates, numbers and names."""

    lang: str
    translations: gettext.NullTranslations = field(repr=False, compare=False)
    locale: Locale = field(repr=False, compare=False)

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    @property
    def dir(self) -> str:
        """The text direction, as HTML's `dir` says it: "rtl" or "ltr"."""
        return "rtl" if self.rtl else "ltr"

    def _(self, message: str, /, **values: object) -> str:
        """The message in this language, its `{placeholders}` filled from `values`."""
        said = self.translations.gettext(message)
        return said.format(**values) if values else said

    def n_(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The singular or plural message for n (as the language counts), `{n}` filled."""
        return self.translations.ngettext(singular, plural, n).format(n=n, **values)

    def date(self, day: date) -> str:
        """A date as the language writes it in full: "4 July 2024", "4 juillet 2024"."""
        return format_date(day, DATE_PATTERNS.get(base(self.lang), "long"), locale=self.locale)

    def number(self, value: float) -> str:
        """A number with the language's separators: "1,234.5", "1 234,5"."""
        return format_decimal(value, locale=self.locale)

    def language(self, code: str) -> str:
        """A language's name in this language ("French", "français", "法语"), else its code."""
        names = self.locale.languages
        return names.get(code) or names.get(base(code)) or code

    def country(self, code: str) -> str:
        """A country's or territory's name in this language, from its ISO code."""
        return str(self.locale.territories.get(code.upper(), code))


def messages(lang: str, templates_dir: Path | None = None) -> Messages:
    """The messages for a language: the project's catalogue over briefgen's, over English."""
    return _load(base(lang) or "en", templates_dir)


@cache
def _load(lang: str, templates_dir: Path | None) -> Messages:
    translations: gettext.NullTranslations = gettext.NullTranslations()
    for path in (shipped_catalogue(lang), project_catalogue(templates_dir, lang)):
        if path is not None:
            found = _translations(path, lang)
            found.add_fallback(translations)  # what this catalogue lacks, the one below says
            translations = found
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return Messages(lang, translations, locale)


#: A line of a PO file: a keyword and a quoted string, a continued string, or a comment.
_PO_LINE = re.compile(
    r"\s*(?:#.*|(?:(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"
    r'"(?:[^"\\]|\\.)*"\s*)?'
)


def read_catalogue(path: Path, lang: str) -> Catalog:
    """Read a PO catalogue; a malformed one is a one-line error naming the file and line.

    Babel reads a badly quoted line leniently (dropping a character of it), so each line is
    checked first: a keyword and a quoted string, a continued string, a comment or nothing.
    """
    try:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not _PO_LINE.fullmatch(line):
                raise SourceError(
                    Problem(str(path), "not a valid gettext catalogue line: " + line[:60], line=n)
                )
        with path.open("rb") as f:
            return read_po(f, locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as err:
        at = getattr(err, "lineno", None)
        raise SourceError(
            Problem(str(path), f"not a valid gettext catalogue: {err}", line=at or None)
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise SourceError(f"{path}: cannot read the catalogue ({err})") from None


def _translations(path: Path, lang: str) -> gettext.GNUTranslations:
    catalog = read_catalogue(path, lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def forget() -> None:
    """Read the catalogues anew at the next lookup (each build in `watch`)."""
    _load.cache_clear()
