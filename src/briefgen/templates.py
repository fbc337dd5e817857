"""The one Jinja environment every renderer uses, and its filters."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import jinja2

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


def css_string(text: str) -> str:
    """Quote a text as a CSS string, for generated content such as running heads.

    Quotes and backslashes are escaped, and so is every control or line-breaking character:
    a raw newline ends a CSS string early and the whole declaration is dropped.
    """
    return '"' + re.sub(r'["\\\x00-\x1f\x7f\u2028\u2029]', _css_escape, text) + '"'


def _css_escape(found: re.Match[str]) -> str:
    char = found.group()
    return "\\" + char if char in '"\\' else f"\\{ord(char):x} "


def _para_number(paragraph_id: str, decl: Declaration) -> str:
    return next(p.number for p in decl.source.paragraphs if p.id == paragraph_id)


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
    env.filters["css_string"] = css_string
    return env


def css(templates_dir: Path, name: str) -> str:
    """Return the shared stylesheet followed by one document's own, to be inlined in a page."""
    return "\n".join((templates_dir / n).read_text(encoding="utf-8") for n in ("common.css", name))
