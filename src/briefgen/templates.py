"""The one Jinja environment every renderer uses, and its filters."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .declaration import Declaration, long_date

#: The templates shipped with briefgen (the repository's templates/ folder).
BUNDLED = Path(__file__).resolve().parents[2] / "templates"

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


def _date(value: date | None, missing: str = "date not stated") -> str:
    return long_date(value) if value else missing


def _para_number(paragraph_id: str, decl: Declaration) -> str:
    return next(p.number for p in decl.source.paragraphs if p.id == paragraph_id)


#: Runs of Chinese characters (CJK ideographs, with CJK punctuation between them).
HAN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:[\u3000-\u303f\uff00-\uffef]*"
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
)


def mark_chinese(text: str) -> Markup:
    """Escape text and put each run of Chinese characters in <span lang="zh">.

    Readers (and the PDF's structure, where it becomes /Lang) then know which words to read
    as Chinese; the fonts pick Chinese glyph forms for them.
    """
    escaped = str(escape(text))
    return Markup(HAN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', escaped))


def url_link(url: str) -> Markup:
    """Return a printed web address as a link to it (any other address stays plain text)."""
    if re.match(r"https?://", url):
        return Markup('<a class="url" href="{0}">{0}</a>').format(url)
    return Markup('<span class="url">{0}</span>').format(url)


@cache
def environment(templates_dir: Path = BUNDLED) -> jinja2.Environment:
    """Return the Jinja environment: autoescaping on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = _date
    env.filters["language_name"] = language_name
    env.filters["para_number"] = _para_number
    env.filters["zh"] = mark_chinese
    from . import wording  # shared phrases; imported here, as wording uses language_name

    env.globals.update(
        adoption=wording.adoption,
        status=wording.status,
        authority=wording.authority,
        glossary_note=wording.glossary_note,
    )
    env.filters["the"] = wording.the
    env.filters["url"] = url_link
    return env


def css(templates_dir: Path, name: str) -> str:
    """Return the shared stylesheet followed by one document's own, to be inlined in a page."""
    return "\n".join((templates_dir / n).read_text(encoding="utf-8") for n in ("common.css", name))
